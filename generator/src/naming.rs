//! Every Rust name the generator emits comes from here.
//!
//! heck is lossy (`ImageURL` and `ImageUrl` both become `image_url`), so wire names are never
//! derived back from Rust names: the IR keeps both, and `check` rejects two wire names that
//! collapse into one Rust name.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be identifiers, even raw (`r#self` is not allowed).
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Strict and reserved keywords of Rust 2021, which need `r#`.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn", "else", "enum",
    "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod", "move",
    "mut", "override", "priv", "pub", "ref", "return", "static", "struct", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// A snake_case field or module name for a wire name: `ImageURL` → `image_url`,
/// `type` → `r#type`, `self` → `self_`, `3d` → `_3d`.
pub fn field_name(wire: &str) -> String {
    escape(sanitize(&wire.to_snake_case()))
}

/// An UpperCamelCase type or variant name: `FailedOperation.ImageDecodeFailed` →
/// `FailedOperationImageDecodeFailed`.
pub fn type_name(wire: &str) -> String {
    let camel = wire.to_upper_camel_case();
    let mut name =
        if camel.starts_with(|c: char| c.is_ascii_digit()) { sanitize(&format!("N{camel}")) } else { sanitize(&camel) };
    // Non-ASCII letters have no case and become `u<hex>`; a type name starts upper case.
    if let Some(first) = name.get(..1) {
        name = first.to_ascii_uppercase() + &name[1..];
    }
    escape(name)
}

/// The private module of an action's items: its [`field_name`], unless that is the stem of a
/// file the version module has itself (`mod.rs`, `models.rs`) or a keyword (`r#type` works
/// as a module, but reads badly); those get a trailing `_`, which no other action's module
/// has (snake_case names of identifiers never end in `_`). Users never see the module: the
/// version module re-exports its items.
pub fn action_module(action: &str) -> String {
    let name = field_name(action);
    if name == "models" || name.starts_with("r#") {
        format!("{}_", file_stem(&name))
    } else {
        name
    }
}

/// The file or folder name of a module: the name without `r#` (rustc looks for `as/` or
/// `as.rs` for `mod r#as;`).
pub fn file_stem(module: &str) -> &str {
    module.strip_prefix("r#").unwrap_or(module)
}

/// Whether `version` is a calendar date, `YYYY-MM-DD`, as Tencent Cloud and Alibaba Cloud
/// version their APIs (`2018-03-01`), with an optional pre-release suffix (`-preview`).
pub fn is_date_version(version: &str) -> bool {
    let Some(date) = release(version) else { return false };
    let parts: Vec<&str> = date.split('-').collect();
    let [year, month, day] = parts.as_slice() else { return false };
    let digits = |part: &str, n: usize| part.len() == n && part.bytes().all(|b| b.is_ascii_digit());
    if !(digits(year, 4) && digits(month, 2) && digits(day, 2)) {
        return false;
    }
    let (year, month, day): (u32, u32, u32) =
        (year.parse().unwrap_or(0), month.parse().unwrap_or(0), day.parse().unwrap_or(0));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    };
    (1..=days).contains(&day)
}

/// Whether `version` has the form of an API version: a date (see [`is_date_version`]) or
/// `v` and dot-separated numbers (`v1.0`, as Azure writes them), either with a pre-release
/// suffix (`-preview`, `-preview.1`).
pub fn is_version(version: &str) -> bool {
    let numbered = release(version)
        .and_then(|release| release.strip_prefix('v'))
        .is_some_and(|numbers| numbers.split('.').all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())));
    numbered || is_date_version(version)
}

/// `version` without its pre-release suffix (`-preview`, `-preview.2`); `None` for another
/// suffix after `-preview`.
fn release(version: &str) -> Option<&str> {
    match version.split_once("-preview") {
        None => Some(version),
        Some((release, "")) => Some(release),
        Some((release, rest)) => {
            let n = rest.strip_prefix('.')?;
            (!n.is_empty() && n.bytes().all(|b| b.is_ascii_digit())).then_some(release)
        }
    }
}

/// Whether `c` cannot be seen where it stands: white space, a control character, or a
/// Unicode format character (a zero-width space, joiner or mark, a soft hyphen, a
/// direction override, a byte order mark), which text copied from a web page brings along.
/// Wire names and codes hold none.
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{206f}' | '\u{feff}')
}

/// The first character of `text` that is invisible ([`is_invisible`]) but no white space (a
/// control or format character), if any. Most names and codes are printable ASCII, told at a glance.
pub fn hidden_character(text: &str) -> Option<char> {
    if text.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        return None;
    }
    text.chars().find(|&c| is_invisible(c) && !c.is_whitespace())
}

/// Whether `text` holds white space or a character [`is_invisible`].
pub fn has_invisible(text: &str) -> bool {
    if text.bytes().all(|b| (0x21..0x7f).contains(&b)) {
        return false;
    }
    text.chars().any(is_invisible)
}

/// Whether rustc's `non_camel_case_types` lint accepts `name`: an upper-case first letter
/// and no underscores (acronyms such as `MFAFailure` are fine).
pub fn is_camel_case(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_uppercase()) && !name.contains('_')
}

/// Whether rustc's `non_snake_case` lint accepts `name`: no upper-case letters.
pub fn is_snake_case(name: &str) -> bool {
    !name.chars().any(char::is_uppercase)
}

/// A Rust name given in a spec (`rust_name`), made usable: a keyword gets `r#`.
pub fn raw_if_keyword(name: &str) -> String {
    if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}

/// The module name of an API version: `2018-03-01` → `v20180301`, `v1.0` → `v1_0`.
pub fn version_module(version: &str) -> String {
    let body: String = version
        .trim_start_matches(['v', 'V'])
        .chars()
        .filter(|c| *c != '-')
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
        .collect();
    format!("v{body}")
}

/// Whether `name` can be used as written for an identifier (after `r#` where needed).
pub fn is_identifier(name: &str) -> bool {
    let name = name.strip_prefix("r#").unwrap_or(name);
    let mut chars = name.chars();
    matches!(chars.next(), Some(c) if c == '_' || c.is_ascii_alphabetic())
        && chars.all(|c| c == '_' || c.is_ascii_alphanumeric())
        && !NOT_RAW.contains(&name)
}

/// Keeps ASCII letters, digits and `_`; other letters and digits become `u<hex code point>`
/// (so distinct non-ASCII names stay distinct), anything else `_`; a leading digit gets a `_`.
fn sanitize(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            out.push(c);
        } else if c.is_alphanumeric() {
            out.push_str(&format!("u{:x}", c as u32));
        } else {
            out.push('_');
        }
    }
    if out.is_empty() {
        out.push('_');
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

fn escape(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_dates_that_exist_or_numbered_with_a_v() {
        for date in ["2018-03-01", "2023-02-28", "2024-02-29", "2000-02-29", "2023-01-01-preview"] {
            assert!(is_date_version(date) && is_version(date), "{date}");
        }
        for not_date in [
            "2018-02-30",
            "1900-02-29",
            "2018-3-1",
            "2018-3-01",
            "20180-03-01",
            "2018-13-01",
            "latest",
            "v1.0",
            "20180301",
        ] {
            assert!(!is_date_version(not_date), "{not_date}");
        }
        for numbered in ["v1", "v1.0", "v3.2", "v1.1-preview.1"] {
            assert!(is_version(numbered), "{numbered}");
        }
        for not_version in ["latest", "1.0", "v", "v1.", "v1.x", "2018-02-30", "v1.0-previewx", "v1.0-preview."] {
            assert!(!is_version(not_version), "{not_version}");
        }
    }

    #[test]
    fn field_names_follow_rust_conventions() {
        assert_eq!(field_name("ImageURL"), "image_url");
        assert_eq!(field_name("personGroupId"), "person_group_id");
        assert_eq!(field_name("SucFaceIds"), "suc_face_ids");
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("3d"), "_3d");
        assert_eq!(field_name("名前"), "u540du524d");
        assert_ne!(field_name("名前"), field_name("名字"));
    }

    #[test]
    fn lossy_conversion_is_visible() {
        // The reason wire names are always written explicitly.
        assert_eq!(field_name("ImageURL"), field_name("ImageUrl"));
    }

    #[test]
    fn type_names_and_versions() {
        assert_eq!(type_name("FailedOperation.FuseDetectNoFace"), "FailedOperationFuseDetectNoFace");
        assert_eq!(type_name("InternalError.DBConnectionError"), "InternalErrorDbConnectionError");
        assert_eq!(type_name("429"), "N429");
        assert_eq!(type_name("错误.代码"), "U9519u8befu4ee3u7801");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(version_module("2018-03-01"), "v20180301");
        assert_eq!(version_module("v1.0"), "v1_0");
        assert!(is_identifier("r#type"));
        assert_eq!(
            (raw_if_keyword("type"), raw_if_keyword("r#type"), raw_if_keyword("Kind")),
            ("r#type".into(), "r#type".into(), "Kind".into())
        );
        assert_eq!((file_stem("r#as"), file_stem("iai")), ("as", "iai"));
        for (action, module) in [("Mod", "mod_"), ("Models", "models_"), ("Type", "type_"), ("ModAction", "mod_action")]
        {
            assert_eq!(action_module(action), module);
        }
        assert_eq!(action_module("CreateFace"), "create_face");
        assert!(is_camel_case("AuthFailureMFAFailure") && is_camel_case("N429"));
        assert!(!is_camel_case("fn") && !is_camel_case("Rate_Limit"));
        assert!(is_snake_case("self_type") && is_snake_case("_3d") && !is_snake_case("selfType"));
        assert!(!is_identifier("self"));
        assert!(!is_identifier("9lives"));
    }
}
