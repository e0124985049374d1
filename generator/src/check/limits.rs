//! Rules of the limits on a field's values (lengths, sizes, ranges, allowed values,
//! patterns, images), and of defaults and examples, which must meet them.

use std::collections::HashMap;

use yaml_serde::Value;

use crate::diag::Source;
use crate::ir::{self, Type};
use crate::locate::KeyPath;
use crate::naming;
use crate::render::describe;
use crate::spec::LimitsSpec;
use crate::types::Prim;

use super::{camel_example, Checker};

impl Checker {
    /// Checks the limits a spec sets on a value of `ty`. `other` is the field's other level
    /// of limits (`item_limits` of a list, or the list's own `limits`), where a limit that
    /// does not apply here may belong: its key, what it limits, and its type.
    pub(super) fn limits(
        &mut self,
        source: &Source,
        at: &KeyPath,
        spec: &LimitsSpec,
        ty: &Type,
        other: Option<(&str, &str, &Type)>,
    ) -> ir::Limits {
        let prim = ty.prim();
        let misplaced_allowed = self.limits_that_do_not_apply(source, at, spec, ty, other);
        let limits = self.ir_limits(source, at, spec, prim);
        self.unmeetable_limits(source, at, spec, &limits, prim);
        if spec.allowed.as_ref().is_some_and(Vec::is_empty) {
            self.push(source.error(
                &at.key("allowed"),
                "`allowed` lists no value, so no value would be valid",
                Some("list the allowed values, or remove the key".into()),
            ));
        }
        self.pattern(source, at, &limits);
        self.allowed_values(source, at, spec, &limits, ty, misplaced_allowed);
        if let Some(image) = &limits.image {
            if image.formats.is_empty()
                && image.min_short_side.is_none()
                && image.max_width.is_none()
                && image.max_height.is_none()
            {
                self.push(source.key_error(&at.key("image"), "`image` sets no limit", None));
            }
        }
        limits
    }

    /// Reports each limit set that does not apply to `ty`, with where it may belong; returns
    /// whether `allowed` is one of them.
    fn limits_that_do_not_apply(
        &mut self,
        source: &Source,
        at: &KeyPath,
        spec: &LimitsSpec,
        ty: &Type,
        other: Option<(&str, &str, &Type)>,
    ) -> bool {
        let set = [
            ("min_length", spec.min_length.is_some()),
            ("max_length", spec.max_length.is_some()),
            ("max_bytes", spec.max_bytes.is_some()),
            ("pattern", spec.pattern.is_some()),
            ("min", spec.min.is_some()),
            ("max", spec.max.is_some()),
            ("allowed", spec.allowed.is_some()),
            ("min_items", spec.min_items.is_some()),
            ("max_items", spec.max_items.is_some()),
            ("max_encoded_size", spec.max_encoded_size.is_some()),
            ("min_decoded_size", spec.min_decoded_size.is_some()),
            ("max_decoded_size", spec.max_decoded_size.is_some()),
            ("image", spec.image.is_some()),
        ];
        let mut misplaced_allowed = false;
        for (key, _) in set.iter().filter(|(_, set)| *set) {
            let Err(wants) = limit_fits(key, ty) else { continue };
            misplaced_allowed |= *key == "allowed";
            let here = same_bound_for(key, ty);
            let hint = match (other, here) {
                (Some((other, what, other_ty)), Some(here)) if limit_fits(key, other_ty).is_ok() => {
                    format!(
                        "move it to `{other}`, which limits {what}, or write `{here}` to bound the `{}` itself",
                        ty.spelling()
                    )
                }
                (Some((other, what, other_ty)), None) if limit_fits(key, other_ty).is_ok() => {
                    format!("move it to `{other}`, which limits {what}")
                }
                (_, Some(here)) => format!("`{key}` is for {wants}; for `{}`, write `{here}`", ty.spelling()),
                _ => format!("`{key}` is for {wants}"),
            };
            self.push(source.key_error(
                &at.key(key),
                format!("`{key}` does not apply to `{}`", ty.spelling()),
                Some(hint),
            ));
        }

        misplaced_allowed
    }

    /// The limits as the IR holds them: sizes in bytes, bounds as `f64` (each reported where
    /// it cannot be).
    fn ir_limits(&mut self, source: &Source, at: &KeyPath, spec: &LimitsSpec, prim: Option<Prim>) -> ir::Limits {
        let size = |cx: &mut Checker, key: &str, value: &Option<Value>| -> Option<u64> {
            let value = value.as_ref()?;
            match parse_size(value) {
                Ok(bytes) => Some(bytes),
                Err(message) => {
                    cx.push(source.error(
                        &at.key(key),
                        message,
                        Some("write bytes, or a number with `KiB`, `MiB` or `GiB`".into()),
                    ));
                    None
                }
            }
        };
        // The validators compare numbers as `f64`: an integer field's bound it cannot hold
        // exactly would be another number (9223372036854775807 becomes 2^63). A float field's
        // bound is an `f64` already.
        let integer = prim.is_some_and(Prim::is_integer);
        let bound = |cx: &mut Checker, key: &str, number: &Option<yaml_serde::Number>| {
            let number = number.as_ref()?;
            if integer && !exact_in_f64(number.as_i64(), number.as_u64(), number.as_f64()) {
                cx.push(source.error(&at.key(key), format!("`{key}` {number} {INEXACT}"), Some(INEXACT_HINT.into())));
            }
            number.as_f64()
        };
        ir::Limits {
            min_length: spec.min_length,
            max_length: spec.max_length,
            max_bytes: size(self, "max_bytes", &spec.max_bytes),
            min: bound(self, "min", &spec.min),
            max: bound(self, "max", &spec.max),
            allowed: spec
                .allowed
                .iter()
                .flatten()
                .map(|v| serde_json::to_value(named_value(v).map_or(v, |(value, _)| value)).unwrap_or_default())
                .collect(),
            variant_names: spec
                .allowed
                .iter()
                .flatten()
                .filter_map(named_value)
                .filter_map(|(value, name)| Some((value.as_str()?.to_owned(), name.as_str()?.to_owned())))
                .collect(),
            pattern: spec.pattern.clone(),
            min_items: spec.min_items,
            max_items: spec.max_items,
            max_encoded_size: size(self, "max_encoded_size", &spec.max_encoded_size),
            min_decoded_size: size(self, "min_decoded_size", &spec.min_decoded_size),
            max_decoded_size: size(self, "max_decoded_size", &spec.max_decoded_size),
            image: spec.image.as_ref().map(|image| {
                let mut formats = image.formats.clone();
                formats.sort();
                formats.dedup();
                ir::ImageLimits {
                    formats,
                    min_short_side: image.min_short_side,
                    max_width: image.max_width,
                    max_height: image.max_height,
                }
            }),
        }
    }

    /// Reports limits that no value can meet together (`min` over `max`, a maximum of 0, a
    /// bound the type cannot hold, an image format listed twice).
    fn unmeetable_limits(
        &mut self,
        source: &Source,
        at: &KeyPath,
        spec: &LimitsSpec,
        limits: &ir::Limits,
        prim: Option<Prim>,
    ) {
        let ordered = |cx: &mut Checker, low: &str, high: &str, pair: (Option<f64>, Option<f64>)| {
            if let (Some(min), Some(max)) = pair {
                if min > max {
                    cx.push(source.error(
                        &at.key(low),
                        format!("`{low}` ({min}) is greater than `{high}` ({max})"),
                        Some("swap them or fix the vendor's number".into()),
                    ));
                }
            }
        };
        let f = |v: Option<u64>| v.map(|v| v as f64);
        ordered(self, "min_length", "max_length", (f(limits.min_length), f(limits.max_length)));
        ordered(self, "min", "max", (limits.min, limits.max));
        for (key, bound) in [("min", limits.min), ("max", limits.max)] {
            if bound.is_some_and(|bound| !bound.is_finite()) {
                self.push(source.error(
                    &at.key(key),
                    format!("`{key}` must be a finite number"),
                    Some("leave the bound out when there is none".into()),
                ));
            }
        }
        ordered(self, "min_items", "max_items", (f(limits.min_items), f(limits.max_items)));
        ordered(self, "min_decoded_size", "max_decoded_size", (f(limits.min_decoded_size), f(limits.max_decoded_size)));
        if let Some((p, (low, high))) = prim.and_then(|p| Some((p, p.integer_range()?))) {
            for (key, bound) in [("min", limits.min), ("max", limits.max)] {
                let Some(bound) = bound else { continue };
                let problem = if bound.fract() != 0.0 {
                    format!("`{key}` {bound} is not a whole number, and `{}` holds only whole numbers", p.spelling())
                } else if bound < low {
                    format!("`{key}` {bound} is below what `{}` can hold", p.spelling())
                } else if bound > high {
                    format!("`{key}` {bound} is above what `{}` can hold", p.spelling())
                } else {
                    continue;
                };
                self.push(source.error(&at.key(key), problem, Some("fix the vendor's number or the type".into())));
            }
        }
        // Limits that no value can meet together: each is an error in the spec.
        let unmeetable = |cx: &mut Checker, key: &str, message: String| {
            cx.push(source.error(
                &at.key(key),
                message,
                Some("no value can meet both; fix the vendor's number".into()),
            ));
        };
        if prim == Some(Prim::Uuid) {
            // Every UUID is 36 characters (and bytes) long.
            let below = |max: Option<u64>| max.is_some_and(|max| max < 36);
            let key = if below(limits.max_length) {
                Some("max_length")
            } else if below(limits.max_bytes) {
                Some("max_bytes")
            } else {
                limits.min_length.is_some_and(|min| min > 36).then_some("min_length")
            };
            if let Some(key) = key {
                unmeetable(self, key, format!("a UUID is 36 characters long, which `{key}` excludes"));
            }
        }
        // A maximum of 0 leaves only the empty value, which is no value: a request leaves out
        // empty optional text or an empty optional list, and required ones must not be empty.
        let zero_maxima = [
            ("max_length", limits.max_length, "empty text"),
            ("max_bytes", limits.max_bytes, "empty text"),
            ("max_encoded_size", limits.max_encoded_size, "empty text"),
            ("max_decoded_size", limits.max_decoded_size, "empty data"),
            ("max_items", limits.max_items, "an empty list"),
        ];
        for (key, _, empty) in zero_maxima.iter().filter(|(_, max, _)| *max == Some(0)) {
            self.push(source.error(
                &at.key(key),
                format!("`{key}` is 0, so only {empty} would be valid, which counts as no value"),
                Some("no value can meet it; fix the vendor's number, or leave the limit out".into()),
            ));
        }
        if let (Some(min), Some(bytes)) = (limits.min_length, limits.max_bytes) {
            if min > bytes {
                // Every character takes at least one UTF-8 byte.
                unmeetable(self, "min_length", format!("`min_length` ({min}) is greater than `max_bytes` ({bytes})"));
            }
        }
        if let (Some(min), Some(encoded)) = (limits.min_decoded_size, limits.max_encoded_size) {
            // Valid base64 is padded groups of four characters, each decoding to three bytes or
            // fewer, so characters past the last whole group hold nothing.
            if min > encoded / 4 * 3 {
                let message = format!(
                    "`min_decoded_size` ({min} bytes) is more than `max_encoded_size` ({encoded} bytes of base64) can hold"
                );
                unmeetable(self, "min_decoded_size", message);
            }
        }
        if let Some(image) = &limits.image {
            for (key, max) in [("max_width", image.max_width), ("max_height", image.max_height)] {
                if max == Some(0) {
                    self.push(source.error(
                        &at.key("image").key(key),
                        format!("`{key}` is 0, and no image is 0 pixels across"),
                        Some("no image can meet it; fix the vendor's number, or leave the limit out".into()),
                    ));
                }
                if let (Some(short), Some(max)) = (image.min_short_side, max) {
                    if short > max {
                        let message = format!("`min_short_side` ({short}) is greater than `{key}` ({max})");
                        self.push(source.error(
                            &at.key("image").key("min_short_side"),
                            message,
                            Some("no image can meet both; fix the vendor's number".into()),
                        ));
                    }
                }
            }
        }
        if let Some(formats) = spec.image.as_ref().map(|image| &image.formats) {
            for (i, format) in formats.iter().enumerate().filter(|(i, f)| formats[..*i].contains(f)) {
                let at = at.key("image").key("formats").index(i);
                let name = format!("{format:?}").to_lowercase();
                self.push(source.error(&at, format!("image format `{name}` is listed twice"), None));
            }
        }
    }

    /// Reports an empty pattern, or one that is not a regular expression (compiled once).
    fn pattern(&mut self, source: &Source, at: &KeyPath, limits: &ir::Limits) {
        if limits.pattern.as_deref() == Some("") {
            let hint = Some("write the page's pattern, or remove the key".into());
            self.push(source.key_error(
                &at.key("pattern"),
                "the pattern is empty, so only empty text would match",
                hint,
            ));
        } else if let Some(pattern) = &limits.pattern {
            let compiled = self.patterns.entry(pattern.clone()).or_insert_with(|| compile_pattern(pattern));
            if let Err(whole) = compiled.clone() {
                let at = at.key("pattern");
                let message = |why: &str| format!("the pattern is not a valid regular expression: {why}");
                let hint = Some(PATTERN_HINT.to_owned());
                self.push(match pattern_fault(pattern) {
                    Some((offset, why)) => source.error_inside(&at, pattern, offset, message(&why), hint),
                    None => source.error(&at, message(&whole), hint),
                });
            }
        }
    }

    /// Reports allowed values that are not of the field's type, listed twice, break another
    /// limit, or are maps other than `{value, name}` with an UpperCamelCase name. The values of
    /// a misplaced `allowed` are left alone.
    fn allowed_values(
        &mut self,
        source: &Source,
        at: &KeyPath,
        spec: &LimitsSpec,
        limits: &ir::Limits,
        ty: &Type,
        misplaced_allowed: bool,
    ) {
        let prim = ty.prim();
        for (i, item) in spec.allowed.iter().flatten().enumerate() {
            let at = at.key("allowed").index(i);
            let Value::Mapping(map) = item else { continue };
            match named_value(item) {
                Some((value, name)) if prim == Some(Prim::String) && value.is_string() => {
                    let name = name.as_str().unwrap_or_default();
                    if !(naming::is_identifier(name) && naming::is_camel_case(name)) {
                        self.push(source.error(
                            &at.key("name"),
                            format!("`{name}` is not an UpperCamelCase variant name"),
                            Some(format!("for example `{}`", camel_example(name))),
                        ));
                    }
                }
                Some(_) => self.push(source.error(
                    &at,
                    "only the text values of a `string` field take a variant name",
                    Some("write the value alone".into()),
                )),
                None => self.push(source.error(
                    &at,
                    format!(
                        "an allowed value is a text or a number, or `{{value: ..., name: ...}}`; this map has {}",
                        map.keys().filter_map(Value::as_str).map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                    ),
                    Some("write `{value: <text>, name: <UpperCamelCase variant>}`".into()),
                )),
            }
        }
        // Values of a limit that does not apply are not checked against a type they are not for.
        for (i, value) in limits.allowed.iter().enumerate().filter(|_| !misplaced_allowed) {
            if value.is_object() {
                continue; // Reported above.
            }
            if value.as_str() == Some("") {
                self.push(source.error(
                    &at.key("allowed").index(i),
                    "an allowed value is empty text, which is never sent (empty optional text counts as not given)",
                    Some("remove it; leaving the parameter out is how a request sends nothing".into()),
                ));
                continue;
            }
            let fits = match prim {
                Some(p) if p.is_text() => value.is_string(),
                Some(p) if p.is_integer() => value.is_i64() || value.is_u64(),
                _ => true,
            };
            if !fits {
                // Unquoted digits or `true` in a list of text: YAML read a number or a boolean.
                let hint = (value.is_number() || value.is_boolean()).then(|| {
                    "quote it: YAML reads unquoted digits, `true` and `false` as numbers and booleans".to_owned()
                });
                self.push(source.error(
                    &at.key("allowed").index(i),
                    format!("allowed value {value} is not {}", a_type(ty)),
                    hint.filter(|_| prim.is_some_and(|p| p.is_text())),
                ));
                continue;
            }
            if !exact_in_f64(value.as_i64(), value.as_u64(), value.as_f64()) {
                self.push(source.error(
                    &at.key("allowed").index(i),
                    format!("allowed value {value} {INEXACT}"),
                    Some(INEXACT_HINT.into()),
                ));
                continue;
            }
            if limits.allowed[..i].contains(value) {
                self.push(source.error(
                    &at.key("allowed").index(i),
                    format!("allowed value {value} is listed twice"),
                    None,
                ));
                continue;
            }
            // An allowed value must meet the other limits too, or it could never be sent.
            let others = ir::Limits { allowed: Vec::new(), ..limits.clone() };
            let mut problems = Vec::new();
            value_problems(value, ty, &others, &ir::Limits::default(), &self.patterns, &mut problems);
            for (problem, hint) in problems {
                self.push(source.error(
                    &at.key("allowed").index(i),
                    format!("allowed value {value} breaks another limit: {problem}"),
                    Some(hint.into()),
                ));
            }
        }
    }

    /// Checks a default or example against its type and limits; returns it as JSON.
    pub(super) fn value(
        &mut self,
        source: &Source,
        at: &KeyPath,
        value: &Value,
        ty: &Type,
        limits: &ir::Limits,
        item_limits: &ir::Limits,
    ) -> Option<serde_json::Value> {
        let json = match serde_json::to_value(value) {
            Ok(json) => json,
            Err(error) => {
                self.push(source.error(at, format!("the value cannot be represented as JSON: {error}"), None));
                return None;
            }
        };
        let mut problems = Vec::new();
        value_problems(&json, ty, limits, item_limits, &self.patterns, &mut problems);
        for (problem, hint) in &problems {
            self.push(source.error(at, problem.clone(), Some((*hint).into())));
        }
        problems.is_empty().then_some(json)
    }
}

/// Whether a whole number written in a spec for an integer field survives the validators'
/// `f64` as itself: up to 2^53 from zero (past it most are rounded). Written as a float, it
/// was rounded when the YAML was read, so only one below 2^53 is surely what was written.
fn exact_in_f64(int: Option<i64>, unsigned: Option<u64>, float: Option<f64>) -> bool {
    const EXACT: u64 = 1 << 53;
    match (int, unsigned, float) {
        (Some(n), _, _) => n.unsigned_abs() <= EXACT,
        (_, Some(n), _) => n <= EXACT,
        (_, _, Some(x)) => x.abs() < EXACT as f64,
        _ => true,
    }
}

/// How a number past [`exact_in_f64`] is reported, and what to do about it.
const INEXACT: &str = "is a whole number too far from zero (2^53, 9007199254740992, or beyond) for the \
                       validators' 64-bit floats to keep exactly";

const INEXACT_HINT: &str =
    "leave out a limit at the type's own bound (the type keeps it), or record the number in `notes`";

/// The limit that bounds a value of `ty` as `key` bounds another kind of value (`max_length`
/// for text where `max` was written, `max_items` for a list), if there is one.
fn same_bound_for(key: &str, ty: &Type) -> Option<&'static str> {
    let family: &[&'static str] = match key {
        "min" | "min_length" | "min_items" => &["min", "min_length", "min_items"],
        "max" | "max_length" | "max_items" => &["max", "max_length", "max_items"],
        _ => return None,
    };
    family.iter().copied().find(|candidate| *candidate != key && limit_fits(candidate, ty).is_ok())
}

/// Whether limit `key` applies to a value of `ty`; if not, the kinds of value it is for.
fn limit_fits(key: &str, ty: &Type) -> Result<(), &'static str> {
    let prim = ty.prim();
    let text = prim.is_some_and(Prim::is_text);
    let sized = matches!(prim, Some(Prim::Base64 | Prim::Binary | Prim::Url));
    let (fits, wants) = match key {
        "min_length" | "max_length" | "max_bytes" | "pattern" => (text, "text"),
        "min" | "max" => (prim.is_some_and(Prim::is_number), "numbers"),
        "allowed" => (text || prim.is_some_and(Prim::is_integer), "text and integers"),
        "min_items" | "max_items" => (matches!(ty, Type::List(_)), "lists"),
        "max_encoded_size" => (prim == Some(Prim::Base64), "`base64`"),
        _ => (sized, "`base64`, `binary` and `url`"),
    };
    if fits {
        Ok(())
    } else {
        Err(wants)
    }
}

/// "a `string`", "an `i64`": the type's spelling with its article.
fn a_type(ty: &Type) -> String {
    let spelling = ty.spelling();
    // By sound: "an `i64`", "an `f64`", "an `Image`", but "a `u64`", "a `url`".
    let mut chars = spelling.chars();
    let vowel = chars.next().is_some_and(|c| "aeioAEIO".contains(c));
    let eff = spelling.starts_with('f') && chars.next().is_some_and(|c| c.is_ascii_digit());
    let article = if vowel || eff { "an" } else { "a" };
    format!("{article} `{spelling}`")
}

/// The hint of a value that breaks a limit.
const LIMIT_HINT: &str = "fix the value or the limit; they must agree";

/// The hint of text not in the form its type takes.
const FORM_HINT: &str = "fix the value; the type sets its form";

/// The hint of a pattern that does not compile: what its syntax is, and the mistakes
/// copying a page's rule makes (a glob, a literal `.` or `(` left unescaped).
const PATTERN_HINT: &str = "a pattern is a regular expression in the syntax of Rust's `regex` crate (no \
                            look-around or backreferences), matched against the whole value; a glob such as \
                            `*.jpg` is written `.*\\.jpg`, and `.`, `*`, `+`, `?`, `(`, `[` and `{` meant as \
                            text take a backslash";

/// `pattern` compiled as validation matches it, against the whole value, or why it cannot be.
/// It must parse on its own: one that parses only inside `^(?:...)$` (`a)|(?:b`) would close
/// the group around it early, leaving `^` to one branch and `$` to the other, so that the
/// generated validator would pass any value that starts with `a` or ends with `b`.
fn compile_pattern(pattern: &str) -> Result<regex::Regex, String> {
    if let Some((_, why)) = pattern_fault(pattern) {
        return Err(why);
    }
    regex::Regex::new(&format!("^(?:{pattern})$")).map_err(|error| {
        let last = error.to_string().lines().last().unwrap_or_default().trim().to_owned();
        last.strip_prefix("error: ").map(str::to_owned).unwrap_or(last)
    })
}

/// Where in `pattern` (a byte offset) its syntax error is, and what it is, as the `regex`
/// crate's parser says; `None` if the pattern parses on its own (the limit on compiled size).
fn pattern_fault(pattern: &str) -> Option<(usize, String)> {
    match regex_syntax::Parser::new().parse(pattern) {
        Ok(_) => None,
        Err(regex_syntax::Error::Parse(error)) => Some((error.span().start.offset, error.kind().to_string())),
        Err(regex_syntax::Error::Translate(error)) => Some((error.span().start.offset, error.kind().to_string())),
        // The error type is non-exhaustive.
        Err(_) => None,
    }
}

/// What is wrong with a default or example value, each with its hint (empty when it fits).
fn value_problems(
    value: &serde_json::Value,
    ty: &Type,
    limits: &ir::Limits,
    item_limits: &ir::Limits,
    patterns: &HashMap<String, Result<regex::Regex, String>>,
    out: &mut Vec<(String, &'static str)>,
) {
    use serde_json::Value as J;
    match (ty, value) {
        (Type::List(item), J::Array(items)) => {
            let n = items.len() as u64;
            if limits.min_items.is_some_and(|min| n < min) || limits.max_items.is_some_and(|max| n > max) {
                let range = describe::range("items", limits.min_items, limits.max_items).unwrap_or_default();
                out.push((
                    format!("{n} {} where the limit is {range}", if n == 1 { "item" } else { "items" }),
                    LIMIT_HINT,
                ));
            }
            for item_value in items {
                value_problems(item_value, item, item_limits, &ir::Limits::default(), patterns, out);
            }
        }
        (Type::Model { .. }, J::Object(_)) => {}
        (Type::Prim(p), J::String(text)) if p.is_text() => {
            let chars = text.chars().count() as u64;
            if limits.min_length.is_some_and(|min| chars < min) || limits.max_length.is_some_and(|max| chars > max) {
                let range = describe::range("characters", limits.min_length, limits.max_length).unwrap_or_default();
                let unit = if chars == 1 { "character" } else { "characters" };
                out.push((format!("`{text}` has {chars} {unit} where the limit is {range}"), LIMIT_HINT));
            }
            if let Some(max) = limits.max_bytes.filter(|max| text.len() as u64 > *max) {
                out.push((format!("`{text}` is {} bytes of UTF-8 where the limit is {max}", text.len()), LIMIT_HINT));
            }
            if !limits.allowed.is_empty() && !limits.allowed.contains(value) {
                out.push((format!("`{text}` is not one of the allowed values"), LIMIT_HINT));
            }
            if let Some(pattern) = &limits.pattern {
                if let Some(Ok(re)) = patterns.get(pattern) {
                    if !re.is_match(text) {
                        out.push((format!("`{text}` does not match `{pattern}`"), LIMIT_HINT));
                    }
                }
            }
            // The same syntax checks the generated validators run.
            use cloudbind_runtime::validate::{check_base64, is_url, is_uuid};
            match p {
                Prim::Url if !is_url(text) => out.push((format!("`{text}` is not an http or https URL"), FORM_HINT)),
                Prim::Uuid if !is_uuid(text) => out.push((format!("`{text}` is not a UUID"), FORM_HINT)),
                Prim::Base64 => {
                    if let Err(problem) = check_base64(text.as_bytes()) {
                        out.push((format!("`{text}` is not base64: {problem}"), FORM_HINT));
                    }
                }
                _ => {}
            }
        }
        (Type::Prim(Prim::Bool), J::Bool(_)) => {}
        (Type::Prim(p), J::Number(n)) if p.is_number() => {
            let x = n.as_f64().unwrap_or(f64::NAN);
            if p.is_integer() && !(n.is_i64() || n.is_u64()) {
                out.push((format!("{n} is not an integer"), FORM_HINT));
            }
            if let Some((low, high)) = p.integer_range() {
                if x < low || x > high {
                    out.push((format!("{n} does not fit in `{}`", p.spelling()), FORM_HINT));
                }
            }
            if limits.min.is_some_and(|min| x < min) || limits.max.is_some_and(|max| x > max) {
                out.push((
                    format!("{n} is not {}", describe::number_range(limits.min, limits.max).unwrap_or_default()),
                    LIMIT_HINT,
                ));
            }
            if !limits.allowed.is_empty() && !limits.allowed.iter().any(|a| a.as_f64() == Some(x)) {
                out.push((format!("{n} is not one of the allowed values"), LIMIT_HINT));
            }
        }
        (Type::Prim(p), J::Number(_) | J::Bool(_)) if p.is_text() => out.push((
            format!("{value} is not {}", a_type(ty)),
            "quote it: YAML reads unquoted digits, `true` and `false` as numbers and booleans",
        )),
        (Type::Prim(p), J::String(text)) if p.is_number() && text.trim().parse::<f64>().is_ok() => out.push((
            format!("{value} is text, not {}", a_type(ty)),
            "leave out the quotes: YAML and JSON keep quoted digits as text",
        )),
        (Type::Prim(Prim::Bool), J::String(text)) if ["true", "false"].contains(&text.trim()) => {
            out.push((format!("{value} is text, not {}", a_type(ty)), "leave out the quotes: write true or false"))
        }
        (ty, value) => out.push((format!("{value} is not {}", a_type(ty)), "write a value of the field's type")),
    }
}

/// Parses `1024`, `"1 KiB"`, `"4 MiB"`.
pub fn parse_size(value: &Value) -> Result<u64, String> {
    if let Some(n) = value.as_u64() {
        return Ok(n);
    }
    let text = match value {
        Value::String(text) => text.trim(),
        Value::Number(n) => return Err(format!("`{n}` is not a size: sizes are whole, non-negative numbers of bytes")),
        Value::Bool(b) => return Err(format!("`{b}` is not a size")),
        Value::Null => return Err("an empty value is not a size".into()),
        Value::Sequence(_) => return Err("a list is not a size".into()),
        Value::Mapping(_) => return Err("a map is not a size".into()),
        Value::Tagged(_) => return Err("a tagged value is not a size".into()),
    };
    let split = text.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let factor: u64 = match unit.trim() {
        "" | "B" => 1,
        "KiB" => 1 << 10,
        "MiB" => 1 << 20,
        "GiB" => 1 << 30,
        // Vendors' pages write `5M` or `5MB` for 5 MiB (see the size notes in specs/README.md).
        unit @ ("K" | "KB" | "M" | "MB" | "G" | "GB") => {
            let binary = format!("{}iB", &unit[..1]);
            let (decimal, name) = match &unit[..1] {
                "K" => (1_000, "kilobytes"),
                "M" => (1_000_000, "megabytes"),
                _ => (1_000_000_000, "gigabytes"),
            };
            // The size in bytes for decimal units, where the number is whole.
            let bytes = number.trim().parse::<u64>().ok().and_then(|n| n.checked_mul(decimal));
            let or_decimal = bytes.map_or(String::new(), |bytes| format!(", or `{bytes}` if it means decimal {name}"));
            return Err(format!(
                "unknown size unit `{unit}` in `{text}`: write `{} {binary}` if the page means {binary}{or_decimal}",
                number.trim()
            ));
        }
        other => return Err(format!("unknown size unit `{other}` in `{text}`")),
    };
    // `5.5 MiB` is fine when it is a whole number of bytes.
    let whole = number.parse::<u64>().ok().and_then(|n| n.checked_mul(factor));
    let bytes = whole.or_else(|| {
        let (int, frac) = number.split_once('.')?;
        let digits = u32::try_from(frac.len()).ok().filter(|d| *d <= 9)?;
        let scaled: u64 = format!("{int}{frac}").parse().ok()?;
        let times = scaled.checked_mul(factor)?;
        (times % 10u64.pow(digits) == 0).then(|| times / 10u64.pow(digits))
    });
    bytes.ok_or_else(|| format!("`{text}` is not a whole number of bytes"))
}

/// The value and variant name of an allowed value written `{value: ..., name: ...}`.
fn named_value(item: &Value) -> Option<(&Value, &Value)> {
    let map = item.as_mapping()?;
    let (value, name) = (map.get("value")?, map.get("name")?);
    (map.len() == 2 && name.is_string()).then_some((value, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pattern is checked on its own, not only inside the anchors validation puts around it.
    #[test]
    fn a_pattern_that_parses_only_inside_the_anchors_is_refused() {
        for pattern in ["a)|(?:b", "a)(b"] {
            assert!(regex::Regex::new(&format!("^(?:{pattern})$")).is_ok(), "{pattern} parses wrapped");
            assert_eq!(compile_pattern(pattern).err().as_deref(), Some("unopened group"), "{pattern}");
            assert_eq!(pattern_fault(pattern).map(|(offset, _)| offset), Some(1), "{pattern}: at its `)`");
        }
        let digits = compile_pattern("[0-9]+|x").expect("a pattern");
        assert!(digits.is_match("42") && !digits.is_match("42x"));
    }

    #[test]
    fn sizes_parse_with_binary_units() {
        assert_eq!(parse_size(&Value::from(1024u64)), Ok(1024));
        assert_eq!(parse_size(&Value::from("1 KiB")), Ok(1024));
        assert_eq!(parse_size(&Value::from("4 MiB")), Ok(4 << 20));
        assert_eq!(parse_size(&Value::from("2 GiB")), Ok(2 << 30));
        assert_eq!(
            parse_size(&Value::from("4 MB")),
            Err("unknown size unit `MB` in `4 MB`: write `4 MiB` if the page means MiB, or `4000000` if it means decimal megabytes".into())
        );
        assert_eq!(
            parse_size(&Value::from("5M")),
            Err("unknown size unit `M` in `5M`: write `5 MiB` if the page means MiB, or `5000000` if it means decimal megabytes".into())
        );
        assert_eq!(
            parse_size(&Value::from("8KB")),
            Err("unknown size unit `KB` in `8KB`: write `8 KiB` if the page means KiB, or `8000` if it means decimal kilobytes".into())
        );
        assert_eq!(parse_size(&Value::from("5.5 MiB")), Ok(5 * (1 << 20) + (1 << 19)));
        assert_eq!(parse_size(&Value::from("0.5 B")), Err("`0.5 B` is not a whole number of bytes".into()));
        assert_eq!(
            parse_size(&Value::from(-1)),
            Err("`-1` is not a size: sizes are whole, non-negative numbers of bytes".into())
        );
        assert_eq!(parse_size(&Value::Sequence(vec![Value::from(5)])), Err("a list is not a size".into()));
        assert!(parse_size(&Value::from("lots")).is_err());
    }
}
