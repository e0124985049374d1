//! `Debug` output of bulky data: base64 text and raw bytes are shown by their size and first
//! characters, so a request carrying four 5 MB images logs as a short line, not 20 MB.
//!
//! Generated structs with such fields implement `Debug` by hand, wrapping those fields in
//! [`Abbrev`]; every other field is shown as `#[derive(Debug)]` would.

use std::fmt;

/// Shows the wrapped value abbreviated (see [`Abbreviate`]).
pub struct Abbrev<'a, T: ?Sized>(pub &'a T);

impl<T: Abbreviate + ?Sized> fmt::Debug for Abbrev<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt_abbrev(f)
    }
}

/// Values shown shortened in `Debug` output: text and bytes past a few dozen characters, and
/// options and lists of them.
pub trait Abbreviate {
    /// Writes the value, shortened if it is long.
    fn fmt_abbrev(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result;
}

/// Text up to this many bytes is shown whole.
const SHOWN: usize = 64;

impl Abbreviate for String {
    fn fmt_abbrev(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.len() <= SHOWN {
            return fmt::Debug::fmt(self, f);
        }
        fmt_start(self, self.len(), f)
    }
}

/// The first 32 bytes of `text` (fewer, to end on a character), then the whole's `size`.
fn fmt_start(text: &str, size: usize, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    let cut = (0..=32).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
    fmt_cut(&text[..cut], size, f)
}

/// The part of a text shown, quoted and escaped, then `…` and the whole's `size` in bytes.
pub(crate) fn fmt_cut(shown: &str, size: usize, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    write!(f, "{shown:?}… ({size} bytes)")
}

impl Abbreviate for Vec<u8> {
    fn fmt_abbrev(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.len() <= SHOWN / 2 {
            return fmt::Debug::fmt(self, f);
        }
        write!(f, "{:02x?}… ({} bytes)", &self[..16], self.len())
    }
}

/// Shows bytes that are meant to be text (a response body) as [`String`]'s abbreviation
/// would show their UTF-8 decoding, invalid bytes replaced, but decodes only the part shown:
/// an error page of megabytes is not copied to print its first line. The size given is the
/// body's, in bytes.
pub(crate) struct AbbrevText<'a>(pub &'a [u8]);

impl fmt::Debug for AbbrevText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let body = self.0;
        if body.len() <= SHOWN {
            return fmt::Debug::fmt(&String::from_utf8_lossy(body), f);
        }
        // A character straddling byte 32 is whole within four more bytes.
        fmt_start(&String::from_utf8_lossy(&body[..36]), body.len(), f)
    }
}

impl<T: Abbreviate> Abbreviate for Option<T> {
    fn fmt_abbrev(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Some(value) => f.debug_tuple("Some").field(&Abbrev(value)).finish(),
            None => f.write_str("None"),
        }
    }
}

impl<T: Abbreviate> Abbreviate for Vec<T> {
    fn fmt_abbrev(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter().map(Abbrev)).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_and_bytes_are_shortened_short_ones_kept() {
        let long = "A".repeat(5 << 20);
        assert_eq!(format!("{:?}", Abbrev(&long)), format!("{:?}… (5242880 bytes)", "A".repeat(32)));
        assert_eq!(format!("{:?}", Abbrev(&"short".to_owned())), "\"short\"");
        let images = Some(vec![long.clone(), "é".repeat(40)]);
        let text = format!("{:?}", Abbrev(&images));
        assert!(text.starts_with("Some([\"AAAA") && text.ends_with("… (80 bytes)])"), "{text}");
        let bytes = vec![0xffu8; 1000];
        assert_eq!(format!("{:?}", Abbrev(&bytes)), format!("{:02x?}… (1000 bytes)", [0xffu8; 16]));
        // Bytes are kept whole up to 32, which print as long as 64 characters of text.
        assert_eq!(format!("{:?}", Abbrev(&vec![7u8; 32])), format!("{:?}", [7u8; 32]));
        assert_eq!(format!("{:?}", Abbrev(&vec![7u8; 33])), format!("{:02x?}… (33 bytes)", [7u8; 16]));
        assert_eq!(format!("{:?}", Abbrev(&None::<Vec<u8>>)), "None");
    }

    #[test]
    fn text_bodies_show_like_strings_and_decode_only_their_start() {
        for text in ["short", &"A".repeat(64), &"A".repeat(65), &"é".repeat(40), &format!("x{}", "€".repeat(30))] {
            let shown = format!("{:?}", AbbrevText(text.as_bytes()));
            assert_eq!(shown, format!("{:?}", Abbrev(&text.to_owned())), "{text}");
        }
        // Invalid bytes are replaced, and the size is the body's.
        let mut body = vec![b'<'; 40];
        body[29] = 0xff;
        body.extend(vec![b'x'; 2 << 20]);
        let shown = format!("{:?}", AbbrevText(&body));
        assert_eq!(shown, format!("{:?}… ({} bytes)", format!("{}\u{fffd}", "<".repeat(29)), body.len()));
    }
}
