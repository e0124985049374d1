//! The shared half of the generated structs' `Serialize` impls.
//!
//! A generated struct writes itself as a map, one `serialize_entry` per field under its wire
//! name, instead of deriving `Serialize`: the derive's attributes and per-field length
//! bookkeeping were a large part of the generated crate's compile time. Unset optional
//! fields are left out, as `skip_serializing_if = "Option::is_none"` did.

use serde::ser::SerializeMap;
use serde::{Serialize, Serializer};

/// Text and lists, whose empty value counts as not given.
pub trait Emptiable {
    /// Whether there is nothing in it.
    fn is_empty(&self) -> bool;
}

impl Emptiable for String {
    fn is_empty(&self) -> bool {
        str::is_empty(self)
    }
}

impl<T> Emptiable for Vec<T> {
    fn is_empty(&self) -> bool {
        <[T]>::is_empty(self)
    }
}

/// Starts writing a struct as a map.
pub fn map<S: Serializer>(serializer: S) -> Map<S::SerializeMap> {
    Map { state: serializer.serialize_map(None) }
}

/// A map being written. It keeps the first error and skips every entry after it, so a
/// generated `serialize` is a plain list of calls ending in [`Map::end`] rather than one `?`
/// per field: each `?` was a noticeable share of the generated crate's type checking.
#[must_use = "a map is written only when `end` is called"]
pub struct Map<M: SerializeMap> {
    state: Result<M, M::Error>,
}

impl<M: SerializeMap> Map<M> {
    /// Writes `key: value` of a required field.
    pub fn required<T: ?Sized + Serialize>(&mut self, key: &'static str, value: &T) {
        if let Ok(map) = &mut self.state {
            if let Err(error) = map.serialize_entry(key, value) {
                self.state = Err(error);
            }
        }
    }

    /// Writes `key: value` if the optional field is set.
    pub fn optional<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.required(key, value);
        }
    }

    /// Writes `key: value` if the optional text or list is set and not empty. Validation
    /// counts an empty one as not given (an empty `Image` beside a `Url` is fine), so it is
    /// not sent either: the server would otherwise take it for the value to use.
    pub fn optional_nonempty<T: Serialize + Emptiable>(&mut self, key: &'static str, value: &Option<T>) {
        if let Some(value) = value.as_ref().filter(|value| !value.is_empty()) {
            self.required(key, value);
        }
    }

    /// Finishes the map, or returns the first error met while writing it.
    pub fn end(self) -> Result<M::Ok, M::Error> {
        self.state?.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Sample {
        id: String,
        count: Option<u64>,
    }

    impl Serialize for Sample {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = map(serializer);
            map.required("Id", &self.id);
            map.optional("Count", &self.count);
            map.end()
        }
    }

    struct Texts {
        name: Option<String>,
        urls: Option<Vec<String>>,
    }

    impl Serialize for Texts {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = map(serializer);
            map.optional_nonempty("Name", &self.name);
            map.optional_nonempty("Urls", &self.urls);
            map.end()
        }
    }

    #[test]
    fn empty_optional_text_and_lists_are_not_sent() {
        let json = |name: Option<&str>, urls: Option<Vec<String>>| {
            serde_json::to_string(&Texts { name: name.map(str::to_owned), urls }).unwrap()
        };
        assert_eq!(json(Some(""), Some(Vec::new())), "{}");
        assert_eq!(json(Some("a"), Some(vec![String::new()])), r#"{"Name":"a","Urls":[""]}"#);
    }

    #[test]
    fn unset_optional_fields_are_left_out() {
        let json = |count| serde_json::to_string(&Sample { id: "a".into(), count }).unwrap();
        assert_eq!(json(Some(0)), r#"{"Id":"a","Count":0}"#);
        assert_eq!(json(None), r#"{"Id":"a"}"#);
    }

    /// Fails to serialize, counting the attempts.
    struct Failing<'a>(&'a std::cell::Cell<u32>);

    impl Serialize for Failing<'_> {
        fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            self.0.set(self.0.get() + 1);
            Err(serde::ser::Error::custom("refused"))
        }
    }

    #[test]
    fn the_first_error_is_returned_and_later_entries_are_skipped() {
        let attempts = std::cell::Cell::new(0);
        let mut out = Vec::new();
        let mut serializer = serde_json::Serializer::new(&mut out);
        let mut map = map(&mut serializer);
        map.required("Id", "a");
        map.required("First", &Failing(&attempts));
        map.optional("Second", &Some(Failing(&attempts)));
        map.required("Third", "c");
        let error = map.end().unwrap_err();
        assert_eq!(error.to_string(), "refused");
        assert_eq!(attempts.get(), 1, "no entry is written after the first error");
        assert_eq!(String::from_utf8(out).unwrap(), r#"{"Id":"a","First":"#);
    }
}
