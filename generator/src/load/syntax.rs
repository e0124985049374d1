//! YAML mistakes, in spec writers' words.
//!
//! [`does_not_parse`] is the one place a file that is not valid YAML becomes a diagnostic: it
//! says what is wrong and picks a hint from what the parser said and what the line holds.
//! [`lint`] finds YAML that parses, but not as its writer meant: a ` #` that cuts a plain
//! value short, spec keys taken in by a prose `|` block, and merge keys.

use yaml_rust2::scanner::TScalarStyle;

use crate::diag::{Diagnostic, Source};
use crate::locate::{walk, Segment};

/// The message of a merge key.
pub const MERGE_KEYS: &str = "merge keys (`<<`) are not supported";

/// The start of a YAML syntax error's message (tabs and a second document, which have
/// messages of their own, aside).
const DOES_NOT_PARSE: &str = "the YAML does not parse: ";

/// The diagnostic for a file yaml_serde cannot read as YAML (`error` is what it said about
/// the file's whole text).
pub fn does_not_parse(source: &Source, error: &yaml_serde::Error) -> Diagnostic {
    let at = error.location().map_or((1, 1), |l| (l.line(), l.column()));
    let (line, column, message, hint) = explain(&source.text, &error.to_string(), at);
    source.at(line, column, String::new(), message, Some(hint))
}

/// Line, column, message and hint for the parser's `raw` message about position `at`.
fn explain(text: &str, raw: &str, at: (usize, usize)) -> (usize, usize, String, String) {
    let (line, column) = at;
    let lines: Vec<&str> = text.lines().collect();
    let here = lines.get(line.wrapping_sub(1)).copied().unwrap_or_default();
    let found = from_column(here, column).chars().next();
    let (problem, context, opened) = split(raw);
    let said = |words: &str| format!("{DOES_NOT_PARSE}{words}");

    if problem.contains("more than one document") {
        let message = "the file holds more than one YAML document (a `---` line)".to_owned();
        return (line, column, message, "keep one spec per file".into());
    }
    if problem.contains("tab character") || found == Some('\t') {
        let message = "a tab character where YAML expects indentation".to_owned();
        return (line, column, message, "indent with spaces".into());
    }
    // A regular expression in double quotes (`"^\d+$"`): the quoting is at fault, not the
    // indentation the catch-all hint below would blame.
    if problem.contains("unknown escape character") {
        let escape: String = from_column(here, column).chars().take(2).collect();
        let message = said(&format!("`{escape}` is not an escape YAML knows in a double-quoted value"));
        let hint = "in double quotes a backslash starts an escape (`\\n`, `\\\"`); write a value holding backslashes \
                    (a pattern such as `^\\d+$`) in single quotes, where a backslash is itself, or double each \
                    backslash";
        return (line, column, message, hint.into());
    }
    // A quote that is never closed runs to the end of the file; the parser says where it opened.
    if context.contains("quoted scalar") && problem.contains("end of stream") {
        let (line, column) = opened.unwrap_or(at);
        let hint = "close the quote: a quoted value runs on, across lines, to its closing quote";
        return (line, column, said("this quote is never closed"), hint.into());
    }
    // A quote closed on a later line: the parser read everything up to it as the value, and
    // failed just after it.
    if let Some((open_line, open_column)) = quote_closed_on(text, &lines, at) {
        let message = said(&format!("this quote does not close on its line, but on line {line}"));
        let hint = "close the quote on this line (a quoted value runs on, across lines, to its closing quote)";
        return (open_line, open_column, message, hint.into());
    }
    if problem.contains("mapping values are not allowed") {
        // `key: text: more`: the second `: ` is inside a value, not after the line's own key.
        let before = here.chars().take(column.saturating_sub(1)).collect::<String>();
        let before = before.trim_start();
        if before.strip_prefix("- ").unwrap_or(before).contains(": ") {
            let hint = "a `: ` inside plain text must be quoted: put the whole value in quotes, \
                        or write it as a `|` block on the lines below its key";
            return (line, column, said("`: ` inside an unquoted value"), hint.into());
        }
        let message =
            said("this line is indented deeper than the keys above it, so it reads as part of the value above");
        let key_column = here.chars().take_while(|c| *c == ' ').count() + 1;
        return (line, key_column, message, "line its key up with the other keys of its map".into());
    }
    if problem.contains("cannot start any token") {
        if let Some(c) = found.filter(|c| matches!(c, '`' | '@' | '%')) {
            let shown = if c == '`' { "a backtick".to_owned() } else { format!("`{c}`") };
            let message = said(&format!("an unquoted value cannot start with {shown}"));
            return (line, column, message, "put the whole value in quotes".into());
        }
    }
    if let (true, Some((open_line, open_column))) = (context.contains("flow"), opened) {
        let (open, close, what) = if context.contains("sequence") { ('[', ']', "list") } else { ('{', '}', "map") };
        // Failing inside the brackets on a later line, the parser did not find them closed on
        // their own line (where a `]` in a comment or after `\"` closes nothing).
        if line > open_line {
            let message = said(&format!("this `{open}` is never closed"));
            let hint = format!(
                "end the {what} with `{close}` on this line; quote the value if the `{open}` is part of its text"
            );
            return (open_line, open_column, message, hint);
        }
        let message = said(&format!("this is not an item of the `{open}` {what} that opens at line {open_line}"));
        let hint = format!(
            "the items of a `{open}...{close}` {what} are separated by `, `; quote an item holding `, `, `: `, \
             `[`, `]`, `{{` or `}}`"
        );
        return (line, column, message, hint);
    }
    // yaml_serde leaves out where a block list or map starts when that is the top of the file.
    let block_start = || opened.unwrap_or((1, 1));
    if problem.contains("expected '-' indicator") {
        let (list_line, list_column) = block_start();
        let message = said("this line is not indented like the keys of its list item");
        let hint = format!(
            "this line is in the list that starts at line {list_line}, whose items start with `- ` in column \
             {list_column} and have their keys in column {}: indent it to match, or start a new item with `- `",
            list_column + 2
        );
        return (line, column, message, hint);
    }
    if problem.contains("did not find expected key") {
        // Not at the line's start: something follows a value that has ended (a closing quote
        // or bracket).
        if here.len() - here.trim_start().len() + 1 != column {
            let hint = "a value in quotes or brackets ends where they close: put the whole value in quotes";
            return (line, column, said("text after the end of a value"), hint.into());
        }
        let (map_line, map_column) = block_start();
        let message = said("this line does not line up with the keys of its map");
        let hint = format!(
            "the keys of the map starting at line {map_line} are in column {map_column}: indent this line to \
             that column, or deeper if it belongs under the key above"
        );
        return (line, column, message, hint);
    }
    if let (true, Some((key_line, key_column))) = (problem.contains("could not find expected ':'"), opened) {
        let hint = "a key is followed by `: `; if this line goes on with the value above, indent it \
                    deeper than the key, or quote the value";
        return (key_line, key_column, said("this line reads as a key, but has no `:`"), hint.into());
    }
    if problem.contains("block sequence entries are not allowed") {
        let hint = "a list starts on the line after its key (`key:` alone), each item on a line of its own \
                    starting with `- `, the items indented alike";
        return (line, column, said("a `- ` list item where a list cannot start"), hint.into());
    }
    if problem.starts_with("unknown anchor") {
        let message = said("an alias (`*name`) whose anchor (`&name`) is not defined above it");
        return (line, column, message, "define the anchor on a value above the alias, or write the value out".into());
    }
    if problem.contains("recursion limit") {
        let hint = "specs nest a few levels; look for indentation that runs away";
        return (line, column, said("the values nest too deeply"), hint.into());
    }
    let words = if context.is_empty() { problem.to_owned() } else { format!("{problem}, {context}") };
    (line, column, said(&words), "check the indentation of this line and the lines above it".into())
}

/// Splits the parser's message, `problem at line L column C, while context at line L2
/// column C2`, into the problem, the context (`while parsing a block mapping`, or empty) and
/// where that context started (where a quote, a bracket, a list or a map opened).
fn split(raw: &str) -> (&str, &str, Option<(usize, usize)>) {
    let (problem, context) = raw.find(", while ").map_or((raw, ""), |at| (&raw[..at], &raw[at + 2..]));
    let problem = problem.split(" at line ").next().unwrap_or(problem);
    let problem = problem.split(" at position ").next().unwrap_or(problem);
    let Some((context, mark)) = context.split_once(" at line ") else { return (problem, context, None) };
    let opened = mark.split_once(" column ").and_then(|(line, column)| {
        let column = &column[..column.find(|c: char| !c.is_ascii_digit()).unwrap_or(column.len())];
        Some((line.parse().ok()?, column.parse().ok()?))
    });
    (problem, context, opened)
}

/// `line` from its 1-based character `column` on.
fn from_column(line: &str, column: usize) -> &str {
    line.char_indices().nth(column.saturating_sub(1)).map_or("", |(i, _)| &line[i..])
}

/// The 1-based character column of byte `index` of `line`.
fn column_of(line: &str, index: usize) -> usize {
    line[..index].chars().count() + 1
}

/// Where the last quoted value before `at` opens, if it does not close on its own line but
/// on the line of `at`: a quote left open, which the parser took to close at the next quote
/// character, failing soon after.
fn quote_closed_on(text: &str, lines: &[&str], at: (usize, usize)) -> Option<(usize, usize)> {
    let mut last = None;
    let walked = walk(text, |node| {
        if let Some((_, TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted)) = node.scalar {
            last = Some((node.line, node.column)).filter(|&start| start < at).or(last);
        }
    });
    // yaml-rust2 refuses a quoted value whose lines are indented less than its key, which
    // libyaml allows, at the value's opening quote.
    if let Err(error) = walked {
        let mark = error.marker();
        let start = Some((mark.line(), mark.col() + 1)).filter(|&start| start < at);
        last = start.filter(|_| error.info().contains("quoted scalar")).or(last);
    }
    let (line, column) = last?;
    (line < at.0 && closing_line(lines, line, column) == Some(at.0)).then_some((line, column))
}

/// The line on which the quoted value opening at `line`:`column` closes.
fn closing_line(lines: &[&str], line: usize, column: usize) -> Option<usize> {
    let first = from_column(lines.get(line.checked_sub(1)?)?, column);
    let quote = first.chars().next().filter(|c| matches!(c, '"' | '\''))?;
    let rest = std::iter::once(&first[1..]).chain(lines[line..].iter().copied());
    for (n, text) in rest.enumerate() {
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            if quote == '"' && c == '\\' {
                chars.next();
            } else if c == quote && quote == '\'' && chars.peek() == Some(&'\'') {
                // `''` is a quote inside single quotes.
                chars.next();
            } else if c == quote {
                return Some(line + n);
            }
        }
    }
    None
}

/// Keys whose values are prose, which a `|` block may hold.
const PROSE_KEYS: [&str; 6] = ["summary", "description", "notes", "title", "request_note", "scope"];

/// Every key of the spec format, at any level (the structs of `spec.rs`, and `value` of an
/// allowed value written `{value, name}`).
const SPEC_KEYS: [&str; 73] = [
    "action",
    "allowed",
    "at_least_one",
    "body",
    "bulky",
    "code",
    "codes",
    "common_errors",
    "content_type",
    "default",
    "description",
    "endpoint",
    "enum",
    "errors",
    "exactly_one",
    "example",
    "examples",
    "fields",
    "formats",
    "http",
    "http_status",
    "image",
    "in",
    "item_limits",
    "limits",
    "max",
    "max_bytes",
    "max_decoded_size",
    "max_encoded_size",
    "max_height",
    "max_items",
    "max_length",
    "max_width",
    "method",
    "min",
    "min_decoded_size",
    "min_items",
    "min_length",
    "min_short_side",
    "models",
    "name",
    "notes",
    "over",
    "page_name",
    "path",
    "pattern",
    "per",
    "precedence",
    "protocol",
    "rate_limits",
    "region",
    "regions",
    "request",
    "request_note",
    "requests",
    "required",
    "response",
    "response_body",
    "result_codes",
    "retry",
    "rules",
    "rust_name",
    "scope",
    "service",
    "status",
    "success",
    "summary",
    "title",
    "type",
    "value",
    "vendor",
    "version",
    "winner",
];

/// Whether a line of prose looks like a line of spec keys: `- <key>:` or `<key>: `.
fn looks_like_a_key(line: &str) -> bool {
    let line = line.trim_start();
    match line.strip_prefix("- ") {
        Some(item) => SPEC_KEYS.iter().any(|key| item.strip_prefix(key).is_some_and(|rest| rest.starts_with(':'))),
        None => SPEC_KEYS.iter().any(|key| line.strip_prefix(key).is_some_and(|rest| rest.starts_with(": "))),
    }
}

/// Whether `text` may hold anything [`lint`] looks for, so files without any are not parsed again:
/// a merge key, a `#` after something on its line, or a prose `|` or `>` block.
fn worth_a_look(text: &str) -> bool {
    text.contains("<<")
        || text.lines().any(|line| {
            let trimmed = line.trim_start();
            let item = trimmed.strip_prefix("- ").unwrap_or(trimmed);
            let prose_block = PROSE_KEYS.iter().any(|key| {
                let value =
                    item.strip_prefix(key).and_then(|rest| rest.trim_start_matches([' ', '\t']).strip_prefix(':'));
                value.is_some_and(|value| value.trim_start().starts_with(['|', '>']))
            });
            prose_block || (!trimmed.starts_with('#') && (line.contains(" #") || line.contains("\t#")))
        })
}

/// Problems of YAML that parses but does not say what its writer meant; nothing if it does
/// not parse (yaml_serde reports that).
pub fn lint(source: &Source) -> Vec<Diagnostic> {
    let text = &source.text;
    if !worth_a_look(text) || !super::recover::lines_as_serde_sees_them(text) {
        return Vec::new();
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Vec::new();
    // The last mapping key seen: a value comes right after its key.
    let mut key = None;
    let parsed = walk(text, |node| {
        let Some((value, style)) = node.scalar else { return };
        let mut report = |(line, column): (usize, usize), message: &str, hint: &str| {
            found.push(source.at(line, column, node.path.to_string(), message, Some(hint.to_owned())));
        };
        if node.key {
            if value == "<<" && style == TScalarStyle::Plain {
                let hint = "write the keys out in this map; anchors (`&name`) and aliases (`*name`) of whole \
                            values are supported";
                report((node.line, node.column), MERGE_KEYS, hint);
            }
            key = (style == TScalarStyle::Plain).then(|| (node.line, node.column, value.to_owned()));
            return;
        }
        // In prose the `#` is text; after a number, a name or a code it is a comment, and
        // quoting it would make the value text (`max_items: "5 # per call"`).
        let prose = matches!(node.path.0.last(), Some(Segment::Key(name)) if PROSE_KEYS.contains(&name.as_str()));
        let quote = match prose {
            true => "put the whole value in quotes, so the `#` and what follows stay in it",
            false => {
                "move the comment to a line of its own; if the `#` and what follows are part of the value, put \
                 the whole value in quotes"
            }
        };
        match (style, node.path.0.last()) {
            (TScalarStyle::Plain, Some(Segment::Key(_))) if value.is_empty() => {
                // `summary: #1 way`: the whole value is a comment.
                let Some((line, column, name)) = &key else { return };
                if let Some(at) = comment_after(&lines, *line, *column, name) {
                    report(
                        at,
                        "the value is empty: ` #` starts a YAML comment, which takes the rest of the line",
                        quote,
                    );
                }
            }
            (TScalarStyle::Plain, _) if !value.is_empty() => {
                if let Some(at) = comment_after_value(&lines, node.line, node.column, value) {
                    report(at, "` #` starts a YAML comment, which cuts this value short", quote);
                }
            }
            (TScalarStyle::Literal | TScalarStyle::Folded, Some(Segment::Key(name))) => {
                if !PROSE_KEYS.contains(&name.as_str()) {
                    return;
                }
                if let Some(at) = key_line_in_block(&lines, node.line, node.column) {
                    let message = format!("this line looks like a spec key, but it is part of the text of `{name}`");
                    let hint = format!(
                        "the `{name}:` block above takes in every line indented at least as deep as its first \
                         line; if this is meant as a key, move it before `{name}:`, or dedent it to its map's keys"
                    );
                    report(at, &message, &hint);
                }
            }
            _ => {}
        }
    });
    if parsed.is_ok() {
        found
    } else {
        Vec::new()
    }
}

/// Where a comment starts right after the plain key `key`, which starts at `line`:`column`,
/// and its `:`: the comment is all the key's value holds.
fn comment_after(lines: &[&str], line: usize, column: usize, key: &str) -> Option<(usize, usize)> {
    let whole = lines.get(line.checked_sub(1)?)?;
    let rest = from_column(whole, column).strip_prefix(key)?;
    let rest = rest.trim_start_matches([' ', '\t']).strip_prefix(':')?;
    hash_after_blanks(whole, rest).map(|index| (line, column_of(whole, index)))
}

/// Where a comment starts after the plain value `value`, which starts at `line`:`column` and
/// may go on over several lines (folded into one with spaces, or newlines for blank lines).
fn comment_after_value(lines: &[&str], mut line: usize, column: usize, mut value: &str) -> Option<(usize, usize)> {
    let mut text = from_column(lines.get(line.checked_sub(1)?)?, column);
    loop {
        if let Some(rest) = text.strip_prefix(value) {
            let whole = lines[line - 1];
            return hash_after_blanks(whole, rest).map(|index| (line, column_of(whole, index)));
        }
        // The value goes on: this line's part, then a line break folded into a space, or into
        // one newline per blank line.
        value = value.strip_prefix(text.trim_end())?;
        let breaks = value.len() - value.trim_start_matches('\n').len();
        value = if breaks == 0 { value.strip_prefix(' ')? } else { &value[breaks..] };
        line += breaks + 1;
        text = lines.get(line - 1)?.trim_start();
    }
}

/// The byte index in `whole` of a `#` that starts `rest` (a tail of `whole`) after blanks.
fn hash_after_blanks(whole: &str, rest: &str) -> Option<usize> {
    let after = rest.trim_start_matches([' ', '\t']);
    (after.len() < rest.len() && after.starts_with('#')).then(|| whole.len() - after.len())
}

/// The first line of the block scalar whose text starts at `line`:`column` that looks like
/// a spec key.
fn key_line_in_block(lines: &[&str], line: usize, column: usize) -> Option<(usize, usize)> {
    for (n, text) in lines.iter().enumerate().skip(line.checked_sub(1)?) {
        let indent = text.len() - text.trim_start_matches(' ').len();
        if text.trim().is_empty() {
            continue;
        }
        if indent + 1 < column {
            // Less indented: the block has ended.
            return None;
        }
        if looks_like_a_key(text) {
            return Some((n + 1, indent + 1));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::load::{load_file_all, Kind};
    use crate::spec;

    /// An action that loads, to break in one place.
    const ACTION: &str = "action: A\nsummary: Reads a widget.\nrequest:\n  - name: WidgetId\n    type: string\n    \
                          summary: Identifier of the widget.\n    example: \"1001\"\nresponse: []\nerrors: []\n";

    /// Every diagnostic of `ACTION` with `from` replaced by `to`: line, column, message, hint.
    fn diagnose(from: &str, to: &str) -> Vec<(usize, usize, String, String)> {
        assert!(ACTION.contains(from), "{from:?}");
        let text = ACTION.replacen(from, to, 1);
        let errors = load_file_all(Path::new("specs/v/s/1/A.yaml"), text, Kind::Action).expect_err("refused");
        errors.into_iter().map(|d| (d.line, d.column, d.message, d.hint.unwrap_or_default())).collect()
    }

    /// The one diagnostic of a file that does not parse.
    fn syntax_error(from: &str, to: &str) -> (usize, usize, String, String) {
        let mut found = diagnose(from, to);
        assert_eq!(found.len(), 1, "{found:?}");
        let found = found.remove(0);
        assert!(found.2.starts_with(DOES_NOT_PARSE) || found.2.contains("tab character"), "{found:?}");
        found
    }

    #[test]
    fn the_base_action_loads() {
        load_file_all(Path::new("specs/v/s/1/A.yaml"), ACTION.to_owned(), Kind::Action).expect("loads");
    }

    #[test]
    fn a_file_that_does_not_parse_gets_only_the_syntax_error() {
        // The request item's keys dedented: serde saw a map without `type` and `summary`
        // before the parser failed, and used to report both missing first.
        let (line, column, message, hint) = syntax_error("    type: string\n    summary", "  type: string\n  summary");
        assert_eq!((line, column), (5, 3));
        assert!(message.contains("not indented like the keys of its list item"), "{message}");
        assert!(hint.contains("starts at line 4") && hint.contains("column 5"), "{hint}");
        // Indented deeper than its neighbours, a key continues the value above.
        let (line, column, message, _) = syntax_error("    summary: Identifier", "       summary: Identifier");
        assert_eq!((line, column), (6, 8));
        assert!(message.contains("reads as part of the value above"), "{message}");
    }

    #[test]
    fn a_colon_in_plain_text_asks_for_quotes() {
        let (line, column, message, hint) = syntax_error("Reads a widget.", "Reads widgets: one at a time.");
        assert_eq!((line, column), (2, 23));
        assert_eq!(message, "the YAML does not parse: `: ` inside an unquoted value");
        assert!(hint.starts_with("a `: ` inside plain text must be quoted"), "{hint}");
    }

    #[test]
    fn a_value_starting_with_a_reserved_character_asks_for_quotes() {
        let (line, column, message, hint) = syntax_error("Reads a widget.", "`Reads` a widget.");
        assert_eq!(
            (line, column, message.as_str()),
            (2, 10, "the YAML does not parse: an unquoted value cannot start with a backtick")
        );
        assert_eq!(hint, "put the whole value in quotes");
        let (_, _, message, _) = syntax_error("Reads a widget.", "@widgets are read.");
        assert!(message.ends_with("cannot start with `@`"), "{message}");
    }

    #[test]
    fn an_unclosed_quote_is_reported_where_it_opens() {
        // Never closed: the parser runs to the end of the file.
        let (line, column, message, hint) = syntax_error("\"1001\"", "\"1001");
        assert_eq!((line, column, message.as_str()), (7, 14, "the YAML does not parse: this quote is never closed"));
        assert!(hint.starts_with("close the quote"), "{hint}");
        // Closed by the next quote of the file, lines later, where the parser fails.
        let (line, column, message, hint) =
            syntax_error("\"1001\"\nresponse: []", "\"1001\nresponse:\n  - name: \"Id\"\n    type: string");
        assert_eq!((line, column), (7, 14));
        assert!(message.ends_with("this quote does not close on its line, but on line 9"), "{message}");
        assert!(hint.starts_with("close the quote"), "{hint}");
        // A quote closed on its line, then more text.
        let (line, column, message, _) = syntax_error("\"1001\"", "\"1001\" or 1002");
        assert_eq!((line, column, message.as_str()), (7, 21, "the YAML does not parse: text after the end of a value"));
        // The same in the file's top map, whose start the parser does not name.
        let (line, column, message, _) = syntax_error("Reads a widget.", "\"Reads\" a widget.");
        assert_eq!((line, column, message.as_str()), (2, 18, "the YAML does not parse: text after the end of a value"));
    }

    #[test]
    fn a_backslash_in_double_quotes_asks_for_single_quotes() {
        let (line, column, message, hint) = syntax_error("\"1001\"", r#""^\d+$""#);
        assert_eq!((line, column), (7, 16), "at the backslash");
        assert_eq!(message, r"the YAML does not parse: `\d` is not an escape YAML knows in a double-quoted value");
        assert!(hint.contains("in single quotes"), "{hint}");
    }

    #[test]
    fn an_unclosed_bracket_is_reported_where_it_opens() {
        let (line, column, message, hint) = syntax_error("\"1001\"", "[0");
        assert_eq!((line, column, message.as_str()), (7, 14, "the YAML does not parse: this `[` is never closed"));
        assert!(hint.starts_with("end the list with `]`"), "{hint}");
        let (line, _, message, _) = syntax_error("\"1001\"", "{a: 1");
        assert_eq!((line, message.as_str()), (7, "the YAML does not parse: this `{` is never closed"));
        // Closed, but broken inside.
        let (line, _, message, hint) = syntax_error("\"1001\"", "[a, \"b\" c]");
        assert_eq!(
            (line, message.as_str()),
            (7, "the YAML does not parse: this is not an item of the `[` list that opens at line 7")
        );
        assert!(hint.contains("separated by `, `"), "{hint}");
    }

    #[test]
    fn other_syntax_errors_get_their_own_words() {
        let (line, column, message, hint) = syntax_error("    summary: Identifier", "\tsummary: Identifier");
        assert_eq!((line, column, message.as_str()), (6, 1, "a tab character where YAML expects indentation"));
        assert_eq!(hint, "indent with spaces");
        let (_, _, message, _) = syntax_error("\"1001\"", "*unknown");
        assert!(message.contains("whose anchor (`&name`) is not defined"), "{message}");
        let (line, _, message, _) = syntax_error("response: []", "response: - a");
        assert_eq!(
            (line, message.as_str()),
            (8, "the YAML does not parse: a `- ` list item where a list cannot start")
        );
        let (line, _, message, _) = syntax_error("response: []", "response: []\nnot a key\n");
        assert_eq!((line, message.as_str()), (9, "the YAML does not parse: this line reads as a key, but has no `:`"));
    }

    #[test]
    fn every_syntax_message_is_ours_and_prefixed() {
        let cases = [
            ("Reads a widget.", "Reads widgets: one at a time."),
            ("Reads a widget.", "%widgets"),
            ("\"1001\"", "'1001"),
            ("\"1001\"", "[0"),
            ("    type: string", "  type: string"),
            ("errors: []", "errors: [] ]"),
        ];
        for (from, to) in cases {
            let (_, _, message, hint) = syntax_error(from, to);
            assert!(!message.contains(" at line "), "the position is printed once, by the diagnostic: {message}");
            assert!(!hint.is_empty(), "{message}");
        }
    }

    #[test]
    fn a_comment_after_a_plain_value_is_refused() {
        let found = diagnose("Reads a widget.", "Reads a widget (see #3).");
        let (line, column, message, hint) = &found[0];
        assert_eq!(
            (*line, *column, message.as_str()),
            (2, 30, "` #` starts a YAML comment, which cuts this value short")
        );
        assert!(hint.starts_with("put the whole value in quotes"), "{hint}");
        let found = diagnose("Reads a widget.", "#1 way to read a widget.");
        assert_eq!((found[0].0, found[0].1), (2, 10));
        assert!(found[0].2.starts_with("the value is empty"), "{found:?}");
        // On the last line of a value that goes on over several lines, and on a list item.
        let found = diagnose("Reads a widget.", "Reads a\n  widget,\n\n  see #3.");
        assert_eq!((found[0].0, found[0].1), (5, 7), "{found:?}");
        let found = diagnose("response: []", "response: []\nrules:\n  - at_least_one:\n      - WidgetId # the id\n");
        assert_eq!((found[0].0, found[0].1), (11, 18), "{found:?}");
        // After a value that is not prose the `#` is meant as a comment: quoting would turn a
        // number or a name into other text.
        assert!(found[0].3.starts_with("move the comment to a line of its own"), "{found:?}");
        let found = diagnose("    type: string", "    type: string # the page says String");
        assert!(found[0].3.starts_with("move the comment to a line of its own"), "{found:?}");
    }

    #[test]
    fn comments_that_cut_nothing_are_fine() {
        let allowed = [
            ("Reads a widget.", "\"Reads a widget.\"  # after quotes"),
            ("Reads a widget.", "Reads a C# widget."),
            ("request:\n", "request: # after a key\n"),
            ("response: []", "response: [] # after brackets"),
            ("response: []", "response: []\nrules:\n  - at_least_one: [WidgetId , Other] # blanks before a comma"),
            ("response: []", "response: []\n# own line\n  # indented own line"),
            ("response: []", "response: []\nnotes: |\n  Text with #3 and a line\n  # starting with a hash."),
        ];
        for (from, to) in allowed {
            assert!(ACTION.contains(from), "{from:?}");
            let text = ACTION.replacen(from, to, 1);
            load_file_all(Path::new("specs/v/s/1/A.yaml"), text, Kind::Action)
                .unwrap_or_else(|e| panic!("{to:?}: {e:?}"));
        }
    }

    #[test]
    fn spec_keys_taken_in_by_a_prose_block_are_refused() {
        let appended = "response: []\nnotes: |\n  Some notes.\n\n  - name: Extra\n    type: string\nerrors: []";
        let found = diagnose("response: []\nerrors: []", appended);
        assert_eq!(found.len(), 1, "{found:?}");
        let (line, column, message, hint) = &found[0];
        assert_eq!((*line, *column), (12, 3));
        assert_eq!(message, "this line looks like a spec key, but it is part of the text of `notes`");
        assert!(hint.contains("move it before `notes:`"), "{hint}");
        // A key line without a dash, under a folded summary.
        let found = diagnose("summary: Reads a widget.", "summary: >\n  Reads a widget.\n  type: string");
        assert_eq!((found[0].0, found[0].1), (4, 3), "{found:?}");
        // The same with blanks before the key's `:`.
        let found = diagnose("summary: Reads a widget.", "summary : >\n  Reads a widget.\n  type: string");
        assert_eq!((found[0].0, found[0].1), (4, 3), "{found:?}");
    }

    #[test]
    fn prose_that_only_mentions_keys_is_fine() {
        let allowed = [
            "notes: |\n  The name: field is the page's.\n  - names: are listed\n  Type: a capital\n  - see type:",
            "notes: |\n  summary:\n  -name: x",
            // Not a prose key: the text is JSON, or YAML quoted as an example.
            "examples:\n  - title: T\n    response:\n      body: |\n        name: x\n        - code: y",
            // After the block, a key is a key.
            "notes: |\n  Some notes.\nrules: []",
        ];
        assert!(ACTION.contains("response: []"));
        for prose in allowed {
            let text = ACTION.replacen("response: []", &format!("response: []\n{prose}"), 1);
            load_file_all(Path::new("specs/v/s/1/A.yaml"), text, Kind::Action)
                .unwrap_or_else(|e| panic!("{prose:?}: {e:?}"));
        }
    }

    #[test]
    fn merge_keys_are_refused_and_anchors_allowed() {
        let found = diagnose(
            "  - name: WidgetId\n    type: string\n",
            "  - name: WidgetId\n    type: &text string\n  - name: Other\n    <<: {type: *text}\n",
        );
        assert_eq!(found.len(), 1, "the merged map's keys are not reported missing: {found:?}");
        let (line, column, message, hint) = &found[0];
        assert_eq!((*line, *column, message.as_str()), (7, 5, MERGE_KEYS));
        assert!(hint.starts_with("write the keys out"), "{hint}");
        let aliased = ACTION.replacen("type: string", "type: &text string", 1).replacen(
            "response: []",
            "response:\n  - name: R\n    type: *text\n    summary: r",
            1,
        );
        load_file_all(Path::new("specs/v/s/1/A.yaml"), aliased, Kind::Action).expect("anchors and aliases load");
    }

    /// The keys serde names for `T` when given an unknown one.
    fn keys_of<T: serde::de::DeserializeOwned + std::fmt::Debug>() -> Vec<String> {
        let message = yaml_serde::from_str::<T>("unknown_key: 1").expect_err("unknown").to_string();
        let listed = message.split_once("expected ").map_or("", |(_, list)| list);
        listed.split('`').skip(1).step_by(2).map(str::to_owned).collect()
    }

    #[test]
    fn spec_keys_are_every_key_of_the_format() {
        let mut keys: Vec<String> = [
            keys_of::<spec::VendorSpec>(),
            keys_of::<spec::ServiceSpec>(),
            keys_of::<spec::ActionSpec>(),
            keys_of::<spec::HttpSpec>(),
            keys_of::<spec::RateLimitSpec>(),
            keys_of::<spec::FieldSpec>(),
            keys_of::<spec::LimitsSpec>(),
            keys_of::<spec::ImageLimitsSpec>(),
            keys_of::<spec::RuleSpec>(),
            keys_of::<spec::PrecedenceSpec>(),
            keys_of::<spec::ErrorSpec>(),
            keys_of::<spec::ResultCodesSpec>(),
            keys_of::<spec::ResultCodeSpec>(),
            keys_of::<spec::ModelSpec>(),
            keys_of::<spec::ExampleSpec>(),
            keys_of::<spec::ExampleResponseSpec>(),
            vec!["value".to_owned()],
        ]
        .concat();
        keys.sort();
        keys.dedup();
        assert_eq!(keys, SPEC_KEYS);
        assert!(PROSE_KEYS.iter().all(|key| SPEC_KEYS.contains(key)));
    }

    #[test]
    fn a_tab_the_parser_calls_only_a_character_that_cannot_start_a_token_is_named_as_a_tab() {
        // After a quoted value the parser's own words do not mention the tab.
        let (line, column, message, hint) = syntax_error("response: []", "\tresponse: []");
        assert_eq!((line, column, message.as_str()), (8, 1, "a tab character where YAML expects indentation"));
        assert_eq!(hint, "indent with spaces");
    }

    #[test]
    fn a_key_indented_deeper_than_its_map_is_sent_to_the_map_s_column() {
        let (line, column, message, hint) = syntax_error("response: []", "     response: []");
        assert_eq!(
            (line, column, message.as_str()),
            (8, 6, "the YAML does not parse: this line does not line up with the keys of its map")
        );
        assert!(hint.starts_with("the keys of the map starting at line 4 are in column 5"), "{hint}");
    }

    #[test]
    fn a_broken_item_on_its_bracket_s_line_is_named_though_the_bracket_never_closes() {
        let (line, column, message, _) = syntax_error("\"1001\"", "[a, \"b\" c");
        assert_eq!(
            (line, column, message.as_str()),
            (7, 22, "the YAML does not parse: this is not an item of the `[` list that opens at line 7")
        );
    }

    #[test]
    fn a_bad_escape_other_than_an_unknown_one_keeps_the_parser_s_words() {
        // The quote closes on its line: it is not reported as a quote left open.
        let (line, _, message, _) = syntax_error("\"1001\"", r#""\xZZ""#);
        assert_eq!(
            (line, message.as_str()),
            (7, "the YAML does not parse: did not find expected hexadecimal number, while parsing a quoted scalar")
        );
    }

    #[test]
    fn a_quote_left_open_is_followed_past_escaped_and_doubled_quotes() {
        // `\"` does not close double quotes: the quote closes in `"1001"`, on line 7.
        let (line, column, message, _) = syntax_error("Reads a widget.", r#""Reads a \"widget\"."#);
        assert_eq!((line, column), (2, 10));
        assert!(message.ends_with("this quote does not close on its line, but on line 7"), "{message}");
        // `''` does not close single quotes; the lone quote of `it's` does.
        let (line, column, message, _) = syntax_error("Reads a widget.", "'It''s a\nwidget, it's");
        assert_eq!((line, column), (2, 10));
        assert!(message.ends_with("this quote does not close on its line, but on line 3"), "{message}");
    }

    #[test]
    fn comments_are_not_looked_for_when_line_breaks_are_ambiguous() {
        // A lone CR ends a line for the parser but not for `lines()`: the parser's line 2 is
        // `summary: x #1`, but the lint would read `notes:   x  #2` there and name its column 13.
        let text = "action: A\rsummary: x #1\nnotes:   x  #2\nrequest: []\nresponse: []\nerrors: []\n";
        load_file_all(Path::new("specs/v/s/1/A.yaml"), text.to_owned(), Kind::Action).expect("loads");
    }

    #[test]
    fn a_bracket_closed_only_in_a_comment_or_a_quoted_value_is_never_closed() {
        // The parser reads on to the next lines, and fails there.
        let (line, column, message, _) = syntax_error("\"1001\"", "[1, 2 # at most ]");
        assert_eq!((line, column, message.as_str()), (7, 14, "the YAML does not parse: this `[` is never closed"));
        let (line, column, message, _) = syntax_error("\"1001\"", r#"["a\"]", b"#);
        assert_eq!((line, column, message.as_str()), (7, 14, "the YAML does not parse: this `[` is never closed"));
    }
}
