//! The type expressions of spec fields: `string`, `u64`, `list<base64>`, `FaceRect`.

use std::fmt;

/// A parsed type expression; model names are resolved later, by `check`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeExpr {
    /// A built-in type.
    Prim(Prim),
    /// `list<T>`.
    List(Box<TypeExpr>),
    /// A model of the service.
    Named(String),
}

/// Built-in types, each named in specs as its variant is in lower case (`base64`, `u64`);
/// specs/README.md says what each holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(missing_docs)] // The README documents them, one name each.
pub enum Prim {
    String,
    Url,
    Uuid,
    Base64,
    Binary,
    Bool,
    I32,
    I64,
    U32,
    U64,
    F32,
    F64,
}

impl Prim {
    /// Every built-in type with its spelling in specs.
    pub const ALL: [(Prim, &'static str); 12] = [
        (Prim::String, "string"),
        (Prim::Url, "url"),
        (Prim::Uuid, "uuid"),
        (Prim::Base64, "base64"),
        (Prim::Binary, "binary"),
        (Prim::Bool, "bool"),
        (Prim::I32, "i32"),
        (Prim::I64, "i64"),
        (Prim::U32, "u32"),
        (Prim::U64, "u64"),
        (Prim::F32, "f32"),
        (Prim::F64, "f64"),
    ];

    /// The spelling in specs.
    pub fn spelling(self) -> &'static str {
        Prim::ALL.iter().find(|(p, _)| *p == self).map(|(_, s)| *s).unwrap_or("?")
    }

    /// Text sent as a JSON string.
    pub fn is_text(self) -> bool {
        matches!(self, Prim::String | Prim::Url | Prim::Uuid | Prim::Base64)
    }

    /// Integers.
    pub fn is_integer(self) -> bool {
        matches!(self, Prim::I32 | Prim::I64 | Prim::U32 | Prim::U64)
    }

    /// Integers and floats.
    pub fn is_number(self) -> bool {
        self.is_integer() || matches!(self, Prim::F32 | Prim::F64)
    }

    /// The inclusive range of an integer type.
    pub fn integer_range(self) -> Option<(f64, f64)> {
        match self {
            Prim::I32 => Some((i32::MIN as f64, i32::MAX as f64)),
            Prim::I64 => Some((i64::MIN as f64, i64::MAX as f64)),
            Prim::U32 => Some((0.0, u32::MAX as f64)),
            Prim::U64 => Some((0.0, u64::MAX as f64)),
            _ => None,
        }
    }
}

impl fmt::Display for TypeExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TypeExpr::Prim(prim) => f.write_str(prim.spelling()),
            TypeExpr::List(item) => write!(f, "list<{item}>"),
            TypeExpr::Named(name) => f.write_str(name),
        }
    }
}

/// Parses a type expression; the error says what is wrong with the syntax.
pub fn parse(text: &str) -> Result<TypeExpr, String> {
    let text = text.trim();
    if let Some(inner) = text.strip_prefix("list<") {
        let inner =
            inner.strip_suffix('>').ok_or_else(|| format!("`{text}` opens `list<` but does not close it with `>`"))?;
        return Ok(TypeExpr::List(Box::new(parse(inner)?)));
    }
    if let Some((prim, _)) = Prim::ALL.iter().find(|(_, spelling)| *spelling == text) {
        return Ok(TypeExpr::Prim(*prim));
    }
    let mut chars = text.chars();
    let valid = matches!(chars.next(), Some(c) if c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_');
    if valid {
        Ok(TypeExpr::Named(text.to_owned()))
    } else {
        Err(format!("`{text}` is not a type"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_types() {
        assert_eq!(parse("u64"), Ok(TypeExpr::Prim(Prim::U64)));
        assert_eq!(
            parse("list<list<FaceRect>>"),
            Ok(TypeExpr::List(Box::new(TypeExpr::List(Box::new(TypeExpr::Named("FaceRect".into()))))))
        );
        assert!(parse("list<u64").is_err());
        assert!(parse("Array of String").is_err());
        assert_eq!(parse("list<base64>").unwrap().to_string(), "list<base64>");
    }
}
