//! The shared half of the generated structs' `Serialize` impls.
//!
//! A generated struct writes itself as a map, one `serialize_entry` per field under its wire
//! name, instead of deriving `Serialize`: the derive's attributes and per-field length
//! bookkeeping were a large part of the generated crate's compile time. Unset optional
//! fields are left out, as `skip_serializing_if = "Option::is_none"` did.

use serde::ser::SerializeMap;
use serde::Serialize;

/// Writes `key: value` of a required field.
pub fn required<M: SerializeMap, T: ?Sized + Serialize>(
    map: &mut M,
    key: &'static str,
    value: &T,
) -> Result<(), M::Error> {
    map.serialize_entry(key, value)
}

/// Writes `key: value` if the optional field is set.
pub fn optional<M: SerializeMap, T: Serialize>(
    map: &mut M,
    key: &'static str,
    value: &Option<T>,
) -> Result<(), M::Error> {
    match value {
        Some(value) => map.serialize_entry(key, value),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serializer;

    struct Sample {
        id: String,
        count: Option<u64>,
    }

    impl Serialize for Sample {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = serializer.serialize_map(None)?;
            required(&mut map, "Id", &self.id)?;
            optional(&mut map, "Count", &self.count)?;
            map.end()
        }
    }

    #[test]
    fn unset_optional_fields_are_left_out() {
        let json = |count| serde_json::to_string(&Sample { id: "a".into(), count }).unwrap();
        assert_eq!(json(Some(0)), r#"{"Id":"a","Count":0}"#);
        assert_eq!(json(None), r#"{"Id":"a"}"#);
    }
}
