//! The shared impls of the generated enums of documented text values.
//!
//! A `string` field whose spec lists its allowed values is generated as an enum: a variant
//! per documented value and `Other(String)` for any other text. The generated code writes
//! what differs per enum (the variants, `as_str`, `From<&str>`, `Default`); [`text_enum!`]
//! adds the impls that are the same for every one of them, all going through `as_str` and
//! `From<&str>`.

/// Implements, for a generated enum of documented text values with an `Other(String)`
/// variant, an `as_str` method and a `From<&str>` impl: `From<String>`, `FromStr`,
/// `AsRef<str>`, `Display`, equality and hashing by the text (so a hand-built
/// `Other("url")` equals the documented `Url`), serde as a JSON string (any string is read,
/// an undocumented one as `Other`), and the runtime's [`Check`](crate::validate::Check) and
/// [`Emptiable`](crate::ser::Emptiable), which treat the value as its text.
#[macro_export]
macro_rules! text_enum {
    ($name:ident) => {
        impl ::std::convert::From<::std::string::String> for $name {
            fn from(text: ::std::string::String) -> Self {
                match Self::from(text.as_str()) {
                    Self::Other(_) => Self::Other(text),
                    documented => documented,
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(text: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(Self::from(text))
            }
        }

        impl ::std::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::cmp::PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                self.as_str() == other.as_str()
            }
        }

        impl ::std::cmp::Eq for $name {}

        impl ::std::hash::Hash for $name {
            fn hash<H: ::std::hash::Hasher>(&self, state: &mut H) {
                ::std::hash::Hash::hash(self.as_str(), state)
            }
        }

        impl $crate::__serde::Serialize for $name {
            fn serialize<S: $crate::__serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::de::text(deserializer)
            }
        }

        impl $crate::validate::Check for $name {
            fn check(&self, v: &mut $crate::validate::Validator, limits: &[$crate::validate::Limits], required: bool) {
                $crate::validate::Check::check(self.as_str(), v, limits, required)
            }
        }

        impl $crate::ser::Emptiable for $name {
            fn is_empty(&self) -> bool {
                self.as_str().is_empty()
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use crate::validate::{Check, Kind, Limits, Validator};

    /// An enum as the generator writes one.
    #[derive(Debug, Clone)]
    enum Pick {
        Url,
        Base64,
        Other(String),
    }

    impl Pick {
        fn as_str(&self) -> &str {
            match self {
                Self::Url => "url",
                Self::Base64 => "base64",
                Self::Other(other) => other,
            }
        }
    }

    impl From<&str> for Pick {
        fn from(text: &str) -> Self {
            match text {
                "url" => Self::Url,
                "base64" => Self::Base64,
                other => Self::Other(other.to_owned()),
            }
        }
    }

    crate::text_enum!(Pick);

    #[test]
    fn text_picks_the_documented_variant_and_keeps_any_other() {
        assert!(matches!(Pick::from("base64".to_owned()), Pick::Base64));
        assert!(matches!("jpg".parse::<Pick>(), Ok(Pick::Other(text)) if text == "jpg"));
        // Case matters on the wire, so it matters here.
        assert!(matches!(Pick::from("URL"), Pick::Other(_)));
        assert_eq!(Pick::Url.to_string(), "url");
        assert_eq!(Pick::Other("url".into()), Pick::Url, "equality goes by the text");
        let hash = |pick: &Pick| {
            use std::hash::{BuildHasher, RandomState};
            let state = RandomState::new();
            (state.hash_one(pick), state.hash_one(pick.as_str()))
        };
        let (enum_hash, text_hash) = hash(&Pick::Url);
        assert_eq!(enum_hash, text_hash);
    }

    #[test]
    fn serde_writes_and_reads_the_text() {
        assert_eq!(serde_json::to_string(&Pick::Base64).unwrap(), r#""base64""#);
        assert_eq!(serde_json::to_string(&Pick::Other("jpg".into())).unwrap(), r#""jpg""#);
        assert!(matches!(serde_json::from_str::<Pick>(r#""url""#).unwrap(), Pick::Url));
        assert!(matches!(serde_json::from_str::<Pick>(r#""a\"b""#).unwrap(), Pick::Other(text) if text == "a\"b"));
        assert!(serde_json::from_str::<Pick>("7").is_err(), "a number is not a value of the set");
        assert!(serde_json::from_str::<Vec<Pick>>(r#"["url","x"]"#).is_ok());
    }

    #[test]
    fn checks_and_emptiness_go_by_the_text() {
        static ROW: Limits = Limits { kind: Kind::Text, allowed_text: &["url", "base64"], ..Limits::NONE };
        let violations = |pick: &Pick| {
            let mut v = Validator::new();
            v.field("RspImgType", pick, std::slice::from_ref(&ROW));
            v.finish().err().map(|e| e.to_string())
        };
        assert_eq!(violations(&Pick::Url), None);
        let other = violations(&Pick::Other("jpg".into())).expect("jpg is not documented");
        assert!(other.contains("one of url, base64; found \"jpg\""), "{other}");
        assert!(crate::ser::Emptiable::is_empty(&Pick::Other(String::new())));
        assert!(!crate::ser::Emptiable::is_empty(&Pick::Url));
        let mut v = Validator::new();
        Pick::Other(String::new()).check(&mut v, &[], true);
        assert!(v.finish().is_err(), "empty required text is missing");
    }
}
