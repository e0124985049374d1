//! yaml_serde's messages in spec writers' words: a position in the file, the spec's names
//! for types and keys, and a hint where one helps.

use crate::diag::{closest, did_you_mean, Diagnostic, Source};

/// What serde stopped at, as recovery tells mistakes apart: the diagnostic's words are for
/// people and may change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Problem {
    /// A key its map does not take; `meant` is the known key the hint suggests instead.
    UnknownKey { meant: Option<String> },
    /// A value of the wrong type, a word not among the allowed ones, or a list of the wrong
    /// length.
    WrongValue,
    /// A required key its map lacks.
    MissingKey(String),
    /// A key given twice in one map.
    DuplicateKey,
    /// Anything else, which recovery does not get past.
    Other,
}

/// Turns a yaml_serde error into a diagnostic with a position and, where possible, a hint,
/// and says what kind of problem it is. `text` is what was parsed, which recovery may have
/// changed from the file.
pub(super) fn yaml_diagnostic(source: &Source, text: &str, error: &yaml_serde::Error) -> (Diagnostic, Problem) {
    let (mut line, mut column) = error.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));
    let error_text = without_positions(&error.to_string());
    // yaml_serde prefixes the key path: "request[0].limits: unknown field ...".
    let (mut path, message) = match error_text.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') => (path.to_owned(), rest.to_owned()),
        _ => (String::new(), error_text),
    };
    let (message, hint, problem) = explain(&message);
    // The key named by the message is the place to look, not the map holding it.
    let named = message.split('`').nth(1).unwrap_or_default().to_owned();
    match problem {
        Problem::UnknownKey { .. } => path = if path.is_empty() { named } else { format!("{path}.{named}") },
        Problem::DuplicateKey => {
            if let Some(second) = second_occurrence(text, line, &named) {
                (line, column) = second;
            }
            path = if path.is_empty() { named } else { format!("{path}.{named}") };
        }
        _ => {}
    }
    (source.at(line, column, path, message, hint), problem)
}

/// The message without the " at line L column C" yaml_serde and its scanner put in it (once
/// or twice); the diagnostic prints the position itself.
pub(super) fn without_positions(message: &str) -> String {
    let mut out = message.to_owned();
    while let Some(at) = out.find(" at line ") {
        let rest = &out[at + " at line ".len()..];
        // " at line 13 column 3" and what follows it.
        let digits = |s: &str| s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let after_line = digits(rest);
        let Some(columns) = rest[after_line..].strip_prefix(" column ") else { break };
        let end = at + " at line ".len() + after_line + " column ".len() + digits(columns);
        out.replace_range(at..end, "");
    }
    out
}

/// Where `key` appears a second time as a key, from `line` on (the map holding it starts
/// there): yaml_serde reports a repeated key at the start of its map. The second is in the
/// first's column: a key of that name in a map nested between them is another map's.
fn second_occurrence(text: &str, line: usize, key: &str) -> Option<(usize, usize)> {
    let mut first = None;
    for (n, content) in text.lines().enumerate().skip(line.saturating_sub(1)) {
        let trimmed = content.trim_start();
        let item = trimmed.strip_prefix("- ").unwrap_or(trimmed);
        if item.strip_prefix(key).is_some_and(|rest| rest.trim_start().starts_with(':')) {
            let column = content.len() - item.len() + 1;
            match first {
                None => first = Some(column),
                Some(first) if first == column => return Some((n + 1, column)),
                Some(_) => {}
            }
        }
    }
    None
}

/// serde's names of Rust types and YAML internals, in the words specs/README.md uses.
fn in_spec_words(message: &str) -> String {
    const WORDS: [(&str, &str); 11] = [
        (" as u128", ""),
        (" as i128", ""),
        ("expected u16", "expected a whole number from 0 to 65535"),
        ("expected u32", "expected a whole number from 0 to 4294967295"),
        ("expected u64", "expected a whole number, 0 or more"),
        ("expected i64", "expected a whole number"),
        ("expected f64", "expected a number"),
        ("expected a YAML tag starting with '!'", "expected one word"),
        ("sequence", "list"),
        ("a map, expected", "a map of keys, expected"),
        ("invalid value: ", "wrong value: "),
    ];
    WORDS.iter().fold(message.to_owned(), |message, (from, to)| message.replace(from, to))
}

/// The keys of a field's `limits` and `item_limits`, and of their `image`.
pub(super) const LIMIT_KEYS: [&str; 13] = [
    "min_length",
    "max_length",
    "max_bytes",
    "min",
    "max",
    "allowed",
    "pattern",
    "min_items",
    "max_items",
    "max_encoded_size",
    "min_decoded_size",
    "max_decoded_size",
    "image",
];
pub(super) const IMAGE_KEYS: [&str; 4] = ["formats", "min_short_side", "max_width", "max_height"];

/// Where an unknown key belongs when it is a key of the map above or below the one it is
/// in (`known` holds that map's keys): a limit indented as a key of its field, or a key of
/// the field indented into its `limits`.
fn misplaced(wrong: &str, known: &[&str]) -> Option<String> {
    let here = |key: &str| known.contains(&key);
    if wrong == "models" && here("request") && here("errors") {
        return Some(
            "models are shared by a service's actions: write them in its `service.yaml`, under `models:`".into(),
        );
    }
    let field_level = here("limits") && here("item_limits");
    let limits_level = here("max_encoded_size") && here("image");
    if field_level && LIMIT_KEYS.contains(&wrong) {
        return Some(format!(
            "`{wrong}` is a limit: indent it under `limits:` (or `item_limits:`, for each item of a list)"
        ));
    }
    if field_level && IMAGE_KEYS.contains(&wrong) {
        return Some(format!("`{wrong}` is an image limit: indent it under `image:` in `limits:` or `item_limits:`"));
    }
    if limits_level && IMAGE_KEYS.contains(&wrong) {
        return Some(format!("`{wrong}` is an image limit: indent it under `image:`"));
    }
    let field_key = ["name", "type", "required", "summary", "description", "default", "example", "notes", "enum"];
    if limits_level && field_key.contains(&wrong) {
        return Some(format!("`{wrong}` is a key of the field, not a limit: line it up with `limits:`"));
    }
    None
}

/// The hint for text where a number or a yes/no is expected (`max_items: "5"`,
/// `required: yes`): serde's `invalid type: string "5", expected u64`.
fn quoted_scalar_hint(message: &str) -> Option<String> {
    let rest = message.strip_prefix("invalid type: string \"")?;
    let (text, expected) = rest.rsplit_once("\", expected ")?;
    let number = ["u16", "u32", "u64", "i64", "f64"].iter().any(|t| expected.starts_with(t));
    if number && text.trim().parse::<f64>().is_ok() {
        return Some(format!("leave out the quotes: `{}`", text.trim()));
    }
    if expected == "a boolean" {
        // YAML 1.2 reads only `true` and `false` as booleans; `yes`, `on` and the like are text.
        return Some("write `true` or `false` (YAML reads `yes`, `on` and quoted values as text)".into());
    }
    None
}

/// A number no spec type holds, which serde calls a value of the wrong type: a whole
/// number past 64 bits (`integer `…` as u128, expected f64`), or a float past `f64`'s range
/// (`1e400`, which YAML then reads as text).
fn out_of_range(message: &str) -> Option<(String, Option<String>)> {
    let number = match message.strip_prefix("invalid type: integer `") {
        Some(rest) => {
            rest.split_once('`').filter(|(_, after)| after.starts_with(" as u128") || after.starts_with(" as i128"))?.0
        }
        None => {
            let text = message.strip_prefix("invalid type: string \"")?.split_once("\", expected ")?.0;
            text.trim().parse::<f64>().is_ok_and(f64::is_infinite).then_some(text.trim())?
        }
    };
    let hint = "a spec's numbers are kept as 64-bit floats, exact up to 2^53 (9007199254740992) from zero: leave \
                out a limit at the type's own bound (the type keeps it), or record the number in `notes`";
    Some((format!("the number `{number}` is too far from zero for any number a spec holds"), Some(hint.into())))
}

/// Rewords serde's messages in spec terms, adds hints, and tells the kind of problem from
/// serde's own words.
pub(super) fn explain(message: &str) -> (String, Option<String>, Problem) {
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let wrong = quoted.first().copied().unwrap_or(rest);
        let known = &quoted[1.min(quoted.len())..];
        let (hint, meant) = match misplaced(wrong, known) {
            Some(hint) => (hint, None),
            None => match closest(wrong, known.iter().copied()) {
                Some(meant) => (format!("did you mean `{meant}`?"), Some(meant.to_owned())),
                None => (format!("known keys here: {}", known.join(", ")), None),
            },
        };
        return (format!("unknown key `{wrong}`"), Some(hint), Problem::UnknownKey { meant });
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let wrong = quoted.first().copied().unwrap_or(rest);
        let known = &quoted[1.min(quoted.len())..];
        let hint = did_you_mean(wrong, known.iter().copied())
            .unwrap_or_else(|| format!("expected one of: {}", known.join(", ")));
        return (format!("unknown value `{wrong}`"), Some(hint), Problem::WrongValue);
    }
    if message.starts_with("missing field ") {
        let key = quoted.first().copied().unwrap_or("?");
        let hint = format!("add `{key}:` to the map that starts here");
        return (format!("missing required key `{key}`"), Some(hint), Problem::MissingKey(key.to_owned()));
    }
    if let Some(rest) = message.strip_prefix("duplicate field ") {
        let key = quoted.first().copied().unwrap_or(rest);
        return (format!("key `{key}` is given twice"), Some("keep one of them".into()), Problem::DuplicateKey);
    }
    if let Some((message, hint)) = out_of_range(message) {
        return (message, hint, Problem::Other);
    }
    if message.starts_with("invalid type") || message.starts_with("invalid value") {
        // serde names the Rust struct a map becomes (`expected struct LimitsSpec`).
        let message = match message.find("expected struct ") {
            Some(at) => format!("{}expected a map of keys", &message[..at]),
            None => message.to_owned(),
        };
        let hint =
            quoted_scalar_hint(&message).unwrap_or_else(|| "see specs/README.md for the type each key takes".into());
        return (in_spec_words(&message.replace("invalid type", "wrong value type")), Some(hint), Problem::WrongValue);
    }
    let problem = if message.starts_with("invalid length") { Problem::WrongValue } else { Problem::Other };
    (message.to_owned(), None, problem)
}
