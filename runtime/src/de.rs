//! The shared half of the generated responses' `Deserialize` impls.
//!
//! serde's derive gives every struct its own field-name enum, two visitors and a sequence
//! path that JSON objects never take; across thousands of responses that was a quarter of
//! the generated crate's compile time. A generated response instead implements [`FromMap`]
//! (one loop over the object's keys) and forwards `Deserialize` to [`from_map`]; the visitor,
//! the key type and the field bookkeeping live here, compiled once.
//!
//! The behaviour matches the derive for the JSON the services send: keys are matched exactly,
//! unknown keys are skipped, a key given twice is an error, a missing required field is an
//! error, and an optional field that is missing or `null` is `None`. A response is read from
//! a map only (a JSON array is refused rather than read by position).

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use serde::de::{self, Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};

/// A struct read from the keys and values of a map. Hidden, as its module is, so that the
/// docs of generated structs do not list their impls of it.
#[doc(hidden)]
pub trait FromMap<'de>: Sized {
    /// The struct's name, for error messages.
    const NAME: &'static str;

    /// Reads every entry of `map`.
    fn from_map<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// `Deserialize::deserialize` of a [`FromMap`] struct.
pub fn from_map<'de, D: Deserializer<'de>, T: FromMap<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(MapVisitor(PhantomData))
}

struct MapVisitor<T>(PhantomData<T>);

impl<'de, T: FromMap<'de>> Visitor<'de> for MapVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object for {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::from_map(map)
    }
}

/// A key of a map, borrowed from the input when it can be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key<'de>(Cow<'de, str>);

impl Key<'_> {
    /// The key as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;

        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }

            fn visit_borrowed_str<E: de::Error>(self, key: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Borrowed(key)))
            }

            fn visit_str<E: de::Error>(self, key: &str) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key.to_owned())))
            }

            fn visit_string<E: de::Error>(self, key: String) -> Result<Key<'de>, E> {
                Ok(Key(Cow::Owned(key)))
            }
        }

        deserializer.deserialize_identifier(KeyVisitor)
    }
}

/// Reads the value of the field `name` into `slot`; a second value for the same key is an error.
pub fn field<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of a key the struct does not have.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// The value of a required field, or the error naming it.
pub fn required<T, E: de::Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    slot.ok_or_else(|| E::missing_field(name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, PartialEq)]
    struct Sample {
        id: String,
        count: Option<u64>,
    }

    impl<'de> FromMap<'de> for Sample {
        const NAME: &'static str = "Sample";

        fn from_map<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let (mut id, mut count) = (None, None);
            while let Some(key) = map.next_key::<Key>()? {
                match key.as_str() {
                    "Id" => field(&mut map, &mut id, "Id")?,
                    "Count" => field(&mut map, &mut count, "Count")?,
                    _ => skip(&mut map)?,
                }
            }
            Ok(Sample { id: required(id, "Id")?, count: count.flatten() })
        }
    }

    impl<'de> Deserialize<'de> for Sample {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            from_map(deserializer)
        }
    }

    fn parse(json: &str) -> Result<Sample, String> {
        serde_json::from_str(json).map_err(|e| e.to_string())
    }

    #[test]
    fn reads_known_keys_and_skips_the_rest() {
        let sample = parse(r#"{"Extra":{"a":[1,2]},"Id":"x\"y","Count":3}"#).unwrap();
        assert_eq!(sample, Sample { id: "x\"y".into(), count: Some(3) });
    }

    /// serde_json hands a key over borrowed, unless it has an escape, which it decodes into a
    /// buffer of its own first, or the input is a `Value`, whose keys it owns.
    #[test]
    fn keys_with_escapes_are_read_decoded() {
        let sample = parse(r#"{"I\u0064":"a","Co\u0075nt":1}"#).unwrap();
        assert_eq!(sample, Sample { id: "a".into(), count: Some(1) });
        // A `Value`'s keys are owned strings, handed over as they are.
        let value = serde_json::json!({"Id": "b", "Count": 2});
        assert_eq!(serde_json::from_value::<Sample>(value).unwrap(), Sample { id: "b".into(), count: Some(2) });
    }

    #[test]
    fn missing_or_null_optional_field_is_none() {
        assert_eq!(parse(r#"{"Id":"a"}"#).unwrap().count, None);
        assert_eq!(parse(r#"{"Id":"a","Count":null}"#).unwrap().count, None);
    }

    #[test]
    fn refuses_what_the_derive_refuses() {
        assert!(parse(r#"{"Count":1}"#).unwrap_err().contains("missing field `Id`"));
        assert!(parse(r#"{"Id":"a","Id":"b"}"#).unwrap_err().contains("duplicate field `Id`"));
        assert!(parse(r#"{"Id":"a","Count":"3"}"#).unwrap_err().contains("invalid type: string"));
        assert!(parse(r#"["a",1]"#).unwrap_err().contains("expected an object for Sample"));
        // Keys are matched exactly, as the vendor spells them.
        assert!(parse(r#"{"id":"a"}"#).unwrap_err().contains("missing field `Id`"));
    }
}
