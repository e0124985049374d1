//! Fields whose spec lists their allowed text values.
//!
//! The generator writes each set of values as a plain fieldless enum implementing
//! [`TextEnum`] (its variants and their texts, and an `as_str`), and types the field as
//! [`OpenEnum<E>`]: a documented value, or any other text. Every behaviour (parsing, serde,
//! equality, validation) is written here once, generic over the enum; the generated crate
//! compiles an instance of it only where it calls it, which its `#[inline]` functions leave
//! to the crates that use them.

use std::borrow::Cow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};

use crate::ser::Emptiable;
use crate::validate::{Check, Limits, Validator};

/// The documented text values of a field, as a generated fieldless enum.
pub trait TextEnum: Copy + Eq + 'static {
    /// Each variant with its exact text on the wire, in the spec's order.
    const VALUES: &'static [(Self, &'static str)];

    /// The value the service uses when the field is not sent, where the spec documents one.
    const DEFAULT: Option<Self> = None;

    /// The text of the value on the wire.
    fn as_str(self) -> &'static str {
        Self::VALUES.iter().find(|(value, _)| *value == self).map_or("", |(_, text)| text)
    }

    /// The variant whose text is exactly `text` (case matters, as on the wire).
    fn from_text(text: &str) -> Option<Self> {
        Self::VALUES.iter().find(|(_, known)| *known == text).map(|(value, _)| *value)
    }
}

/// Text that is none of a closed set's documented values: what `FromStr` of a generated enum
/// of values (`"URL".parse::<FaceFusionRspImgType>()`) or of a vendor's common codes returns
/// for text it does not know. Where unknown text should be kept instead, use [`OpenEnum`]
/// (values) or an action's error enum (codes), which never fail to parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownValue {
    value: String,
    documented: Vec<&'static str>,
}

impl UnknownValue {
    /// `value`, which is none of `documented`.
    pub fn new(value: impl Into<String>, documented: impl IntoIterator<Item = &'static str>) -> Self {
        UnknownValue { value: value.into(), documented: documented.into_iter().collect() }
    }

    /// The text as given.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// The documented texts, in the spec's order.
    pub fn documented(&self) -> &[&'static str] {
        &self.documented
    }
}

/// `"URL" is not a documented value (one of url, base64)`; the values are left out past
/// eight, where the list would drown the text that failed.
impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not a documented value", self.value)?;
        match self.documented.as_slice() {
            [] => Ok(()),
            few if few.len() <= 8 => write!(f, " (one of {})", few.join(", ")),
            many => write!(f, " ({} documented values)", many.len()),
        }
    }
}

impl std::error::Error for UnknownValue {}

/// `FromStr` of a generated enum of values: the variant whose text is exactly `text`. A
/// function here rather than a body in each enum keeps the generated crate cheap to compile.
#[doc(hidden)]
pub fn parse_text<E: TextEnum>(text: &str) -> Result<E, UnknownValue> {
    E::from_text(text).ok_or_else(|| UnknownValue::new(text, E::VALUES.iter().map(|(_, known)| *known)))
}

/// The value of a field with documented text values: one of them, or text the spec does not
/// list, kept rather than refused, so a response carrying a value newer than the spec still
/// parses. Validation reports text the spec does not list in a request;
/// [`Validated::unchecked`] sends it anyway.
///
/// Built from the enum (`E::Url.into()`) or from text (`"url".into()`, which picks the
/// documented variant). Equality and hashing go by the text, so a hand-built `Other("url")`
/// equals `Known(Url)`. `Default` is the documented default, else empty text (which
/// validation reports as missing where a value is required).
///
/// [`Validated::unchecked`]: crate::Validated::unchecked
#[derive(Debug, Clone)]
pub enum OpenEnum<E> {
    /// A documented value.
    Known(E),
    /// Text the spec does not list, as given or received.
    Other(String),
}

impl<E: TextEnum> OpenEnum<E> {
    /// The value as it travels on the wire.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Known(value) => value.as_str(),
            Self::Other(text) => text,
        }
    }

    /// The documented value, also when it was built as `Other` from its exact text.
    pub fn known(&self) -> Option<E> {
        match self {
            Self::Known(value) => Some(*value),
            Self::Other(text) => E::from_text(text),
        }
    }
}

impl<E: TextEnum> Default for OpenEnum<E> {
    fn default() -> Self {
        E::DEFAULT.map_or_else(|| Self::Other(String::new()), Self::Known)
    }
}

impl<E: TextEnum> From<E> for OpenEnum<E> {
    fn from(value: E) -> Self {
        Self::Known(value)
    }
}

impl<E: TextEnum> From<&str> for OpenEnum<E> {
    fn from(text: &str) -> Self {
        E::from_text(text).map_or_else(|| Self::Other(text.to_owned()), Self::Known)
    }
}

impl<E: TextEnum> From<String> for OpenEnum<E> {
    fn from(text: String) -> Self {
        E::from_text(&text).map_or(Self::Other(text), Self::Known)
    }
}

impl<E: TextEnum> From<&String> for OpenEnum<E> {
    fn from(text: &String) -> Self {
        Self::from(text.as_str())
    }
}

impl<E: TextEnum> From<Cow<'_, str>> for OpenEnum<E> {
    fn from(text: Cow<'_, str>) -> Self {
        match text {
            Cow::Borrowed(text) => Self::from(text),
            Cow::Owned(text) => Self::from(text),
        }
    }
}

impl<E: TextEnum> FromStr for OpenEnum<E> {
    type Err = std::convert::Infallible;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Self::from(text))
    }
}

impl<E: TextEnum> AsRef<str> for OpenEnum<E> {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl<E: TextEnum> fmt::Display for OpenEnum<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl<E: TextEnum> PartialEq for OpenEnum<E> {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl<E: TextEnum> Eq for OpenEnum<E> {}

impl<E: TextEnum> PartialEq<E> for OpenEnum<E> {
    fn eq(&self, other: &E) -> bool {
        self.as_str() == other.as_str()
    }
}

impl<E: TextEnum> PartialEq<str> for OpenEnum<E> {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl<E: TextEnum> PartialEq<&str> for OpenEnum<E> {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// Ordered by text, as equality compares, so an open value can key a `BTreeMap`.
impl<E: TextEnum> PartialOrd for OpenEnum<E> {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl<E: TextEnum> Ord for OpenEnum<E> {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl<E: TextEnum> Hash for OpenEnum<E> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl<E: TextEnum> Serialize for OpenEnum<E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de, E: TextEnum> Deserialize<'de> for OpenEnum<E> {
    /// Any JSON string; one the enum does not list becomes `Other`.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor<E>(PhantomData<E>);

        impl<E: TextEnum> Visitor<'_> for TextVisitor<E> {
            type Value = OpenEnum<E>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_str<Er: de::Error>(self, text: &str) -> Result<OpenEnum<E>, Er> {
                Ok(OpenEnum::from(text))
            }

            fn visit_string<Er: de::Error>(self, text: String) -> Result<OpenEnum<E>, Er> {
                Ok(OpenEnum::from(text))
            }
        }

        deserializer.deserialize_str(TextVisitor(PhantomData))
    }
}

/// Checked as its text: the generated limits row lists the documented values.
impl<E: TextEnum> Check for OpenEnum<E> {
    fn check(&self, v: &mut Validator, limits: &[Limits], required: bool) {
        self.as_str().check(v, limits, required);
    }
}

impl<E: TextEnum> Emptiable for OpenEnum<E> {
    fn is_empty(&self) -> bool {
        self.as_str().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::Kind;

    /// An enum as the generator writes one.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
    enum Pick {
        Url,
        Base64,
    }

    impl TextEnum for Pick {
        const VALUES: &'static [(Self, &'static str)] = &[(Self::Url, "url"), (Self::Base64, "base64")];
    }

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    enum Model {
        Detection01,
        Detection03,
    }

    impl TextEnum for Model {
        const VALUES: &'static [(Self, &'static str)] =
            &[(Self::Detection01, "detection_01"), (Self::Detection03, "detection_03")];
        const DEFAULT: Option<Self> = Some(Self::Detection01);
    }

    type Open = OpenEnum<Pick>;

    #[test]
    fn text_picks_the_documented_variant_and_keeps_any_other() {
        assert!(matches!(Open::from("base64".to_owned()), OpenEnum::Known(Pick::Base64)));
        assert!(matches!("jpg".parse::<Open>(), Ok(OpenEnum::Other(text)) if text == "jpg"));
        // Case matters on the wire, so it matters here.
        assert!(matches!(Open::from("URL"), OpenEnum::Other(_)));
        assert_eq!(Open::from(Pick::Url).to_string(), "url");
        assert_eq!(Pick::Base64.as_str(), "base64");
        assert_eq!(Open::Other("url".into()), Open::Known(Pick::Url), "equality goes by the text");
        assert_eq!(Open::Other("url".into()), Pick::Url);
        assert!(Open::Known(Pick::Url) == "url" && Open::Other("gif".into()) == *"gif");
        // And different texts differ, against a variant, a `str` or a `&str`.
        assert_ne!(Open::Other("gif".into()), Pick::Url);
        assert_ne!(Open::Known(Pick::Base64), Pick::Url);
        assert!(Open::Known(Pick::Url) != *"base64" && Open::Known(Pick::Url) != "base64");
        assert_eq!(AsRef::<str>::as_ref(&Open::Known(Pick::Url)), "url");
        assert_eq!(AsRef::<str>::as_ref(&Open::Other("jpg".into())), "jpg");
        let owned = "base64".to_owned();
        assert_eq!(Open::from(&owned), Pick::Base64);
        assert_eq!(Open::from(Cow::Owned(owned)), Pick::Base64);
        assert_eq!(Open::Other("url".into()).known(), Some(Pick::Url));
        assert_eq!(Open::Other("gif".into()).known(), None);
        let state = std::hash::RandomState::new();
        use std::hash::BuildHasher;
        assert_eq!(state.hash_one(Open::Known(Pick::Url)), state.hash_one(Open::Other("url".into())));
        // The hash is the text's: values that differ do not all collide.
        assert_ne!(state.hash_one(Open::Known(Pick::Url)), state.hash_one(Open::Known(Pick::Base64)));
        // Ordered by text too, so an open value keys a BTreeMap.
        let keys: std::collections::BTreeSet<Open> =
            [Open::Known(Pick::Url), Open::Other("jpg".into()), Open::Other("url".into()), Pick::Base64.into()].into();
        assert_eq!(keys.iter().map(OpenEnum::as_str).collect::<Vec<_>>(), ["base64", "jpg", "url"]);
    }

    #[test]
    fn unknown_text_names_itself_and_the_documented_values() {
        assert_eq!(parse_text::<Pick>("base64"), Ok(Pick::Base64));
        let error = parse_text::<Pick>("URL").unwrap_err();
        assert_eq!((error.value(), error.documented()), ("URL", &["url", "base64"][..]));
        assert_eq!(error.to_string(), r#""URL" is not a documented value (one of url, base64)"#);
        let many = UnknownValue::new("x", ["a"; 9]);
        assert_eq!(many.to_string(), r#""x" is not a documented value (9 documented values)"#);
        assert_eq!(UnknownValue::new("x", []).to_string(), r#""x" is not a documented value"#);
    }

    #[test]
    fn default_is_the_documented_default_or_empty_text() {
        assert_eq!(OpenEnum::<Model>::default(), Model::Detection01);
        assert!(matches!(Open::default(), OpenEnum::Other(text) if text.is_empty()));
    }

    #[test]
    fn serde_writes_and_reads_the_text() {
        assert_eq!(serde_json::to_string(&Open::Known(Pick::Base64)).unwrap(), r#""base64""#);
        assert_eq!(serde_json::to_string(&Open::Other("jpg".into())).unwrap(), r#""jpg""#);
        assert!(matches!(serde_json::from_str::<Open>(r#""url""#).unwrap(), OpenEnum::Known(Pick::Url)));
        let escaped = serde_json::from_str::<Open>(r#""a\"b""#).unwrap();
        assert!(matches!(escaped, OpenEnum::Other(ref text) if text == "a\"b"), "{escaped:?}");
        let number = serde_json::from_str::<Open>("7").expect_err("a number is not text").to_string();
        assert!(number.contains("expected a string"), "{number}");
        let list = serde_json::from_str::<Vec<Open>>(r#"["url","x"]"#).unwrap();
        assert_eq!(list, [Open::Known(Pick::Url), Open::Other("x".into())]);
    }

    #[test]
    fn checks_and_emptiness_go_by_the_text() {
        static ROW: Limits = Limits { kind: Kind::Text, allowed_text: &["url", "base64"], ..Limits::NONE };
        let violations = |value: &Open| {
            let mut v = Validator::new();
            v.field("RspImgType", value, std::slice::from_ref(&ROW));
            v.finish().err().map(|e| e.to_string())
        };
        assert_eq!(violations(&Open::Known(Pick::Url)), None);
        let other = violations(&Open::Other("jpg".into())).expect("jpg is not documented");
        assert!(other.contains("one of url, base64; found \"jpg\""), "{other}");
        assert!(Open::Other(String::new()).is_empty());
        assert!(!Open::Known(Pick::Url).is_empty());
        let mut v = Validator::new();
        Open::Other(String::new()).check(&mut v, &[], true);
        assert!(v.finish().is_err(), "empty required text is missing");
    }
}
