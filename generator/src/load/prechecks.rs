//! What is read off a spec's text before serde parses it: a stray control character, brackets
//! nested too deep, placeholders `cargo xtask new` left, and keys given no value. Each is
//! found cheaply on most files, which have none.

use yaml_rust2::scanner::{Scanner, TScalarStyle};

use crate::diag::{Diagnostic, Source};
use crate::locate::{KeyPath, Segment};
use crate::scaffold::PLACEHOLDER;

/// Every key of `source` given no value (`allowed:` with nothing after it or below it).
/// serde reads it as not given, so a value not pasted yet, or lost in an edit, would pass in
/// silence; leaving the key out already says "not given". Each is reported right after its
/// key's colon. Nothing if the file does not parse.
pub(super) fn empty_values(source: &Source) -> Vec<Diagnostic> {
    // Parsing the file again for this would cost a tenth of a cold run; almost every file
    // shows it has no empty value by its lines alone.
    if !may_hold_an_empty_value(&source.text) {
        return Vec::new();
    }
    let mut keys = Vec::new();
    let mut key_at = (0, 0);
    let parsed = crate::locate::walk(&source.text, |node| match (node.scalar, node.path.0.last()) {
        _ if node.key => key_at = (node.line, node.column),
        (Some(("", TScalarStyle::Plain)), Some(Segment::Key(key))) => {
            keys.push((node.path.clone(), key.clone(), key_at));
        }
        _ => {}
    });
    if parsed.is_err() {
        return Vec::new();
    }
    let lines: Vec<&str> = source.text.lines().collect();
    keys.into_iter()
        .map(|(path, key, (line, column))| {
            // Just past the colon that ends the key, where serde places the value.
            let text = lines.get(line.saturating_sub(1)).copied().unwrap_or_default();
            let after = text.chars().skip(column.saturating_sub(1)).position(|c| c == ':');
            let colon = after.map_or(column, |at| column + at + 1);
            let message = format!("`{key}` has no value");
            let hint = "give it one, or leave the key out: a key left out is not given".to_owned();
            source.at(line, colon, path.to_string(), message, Some(hint))
        })
        .collect()
}

/// Whether a line of `text` is a block key with nothing after it (`allowed:`, maybe with a
/// comment) whose next line of content is not its value: indented no deeper, and not a list
/// at the key's own indentation. No such line, no empty value written in block style.
pub(super) fn may_hold_an_empty_value(text: &str) -> bool {
    let indent = |line: &str| line.len() - line.trim_start_matches(' ').len();
    // Where the line's key starts: past a list item's `- `.
    let key_indent = |line: &str| {
        let trimmed = line.trim_start_matches(' ');
        line.len() - trimmed.strip_prefix("- ").map_or(trimmed, |rest| rest.trim_start_matches(' ')).len()
    };
    let no_content = |line: &str| {
        let trimmed = line.trim();
        trimmed.is_empty() || trimmed.starts_with('#')
    };
    let mut lines = text.lines().peekable();
    // The indentation of the key whose block scalar (`|`, `>`) the lines below it belong to:
    // prose ending in a colon is no key. (`key: # comment` is the syntax lint's to report.)
    let mut prose_below: Option<usize> = None;
    while let Some(line) = lines.next() {
        // Most lines end in a value: told by their last character, before any search.
        let bare = line.trim_end();
        if bare.is_empty() {
            continue;
        }
        if prose_below.is_some_and(|key| indent(line) > key) {
            continue;
        }
        prose_below = None;
        let block = bare.strip_suffix(['-', '+']).unwrap_or(bare);
        if block.ends_with(": |") || block.ends_with(": >") {
            prose_below = Some(key_indent(line));
            continue;
        }
        if !bare.ends_with(':') || bare.trim_start().starts_with('#') {
            continue;
        }
        let trimmed = bare.trim_start_matches(' ');
        let item = trimmed.strip_prefix("- ").map_or(trimmed, |rest| rest.trim_start_matches(' '));
        if item.contains(": ") {
            continue;
        }
        let key_at = bare.len() - item.len();
        while lines.peek().is_some_and(|next| no_content(next)) {
            lines.next();
        }
        let empty = lines.peek().is_none_or(|next| {
            let next_item = next.trim_start_matches(' ');
            let next_indent = next.len() - next_item.len();
            next_indent < key_at || (next_indent == key_at && !next_item.starts_with("- "))
        });
        if empty {
            return true;
        }
    }
    false
}

/// The first character of `text` that the YAML parser refuses without saying where (a
/// control character other than a tab or a line break), or that makes it read a line other
/// than as written: a no-break space, as text pasted from a browser brings, used as
/// indentation or after a key's colon (`name:\u{a0}Timeout` is one plain value, and the
/// next line is then "indented deeper than the keys above it"). Its line and column, the
/// message and the hint.
pub(super) fn stray_character(text: &str) -> Option<(usize, usize, String, &'static str)> {
    // Each such character has a byte of its own in UTF-8: below 0x20 or 0x7F, or 0xC2 for
    // U+0080 to U+00A0. Most files have none (0xC2 also starts `£`, `©`, `°` ...).
    let suspect = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7f || b == 0xc2;
    if !text.bytes().any(suspect) {
        return None;
    }
    let is_key = |key: &str| {
        key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    for (i, line) in text.lines().enumerate() {
        if let Some((column, c)) = line.chars().enumerate().find(|&(_, c)| c.is_control() && !matches!(c, '\t' | '\r'))
        {
            let name = if c == '\0' {
                "a NUL character (U+0000)".to_owned()
            } else {
                format!("the control character U+{:04X}", c as u32)
            };
            return Some((i + 1, column + 1, format!("the file holds {name}, which YAML does not allow"), "delete it"));
        }
        let body = line.trim_start_matches(' ');
        let indent = line.len() - body.len();
        if body.starts_with('\u{a0}') {
            let message = "a no-break space (U+00A0) in the indentation, where YAML takes only spaces".to_owned();
            return Some((i + 1, indent + 1, message, "replace it with a space"));
        }
        let item = body.strip_prefix("- ").map_or(body, |rest| rest.trim_start_matches(' '));
        if let Some((key, rest)) = item.split_once(':') {
            if rest.starts_with('\u{a0}') && is_key(key) {
                // Columns count characters; everything before the colon is ASCII.
                let column = line.len() - item.len() + key.len() + 2;
                let message =
                    format!("a no-break space (U+00A0) after `{key}:`, where YAML needs a space to end the key");
                return Some((i + 1, column, message, "replace it with a space"));
            }
        }
    }
    None
}

/// Every [`PLACEHOLDER`] left in a value of `source`, each its own diagnostic at its place.
/// A file holding one stops at loading: its other checks would only report the placeholders
/// again, as wire names, types or JSON that are wrong. Nothing if the file does not parse.
pub(super) fn placeholders(source: &Source) -> Vec<Diagnostic> {
    // Most files hold none, and this spares them a second parse.
    if !source.text.contains(PLACEHOLDER) {
        return Vec::new();
    }
    let mut values = Vec::new();
    let parsed = crate::locate::walk(&source.text, |node| match node.scalar {
        Some((text, _)) if !node.key && text.contains(PLACEHOLDER) => values.push((node.path.clone(), text.to_owned())),
        _ => {}
    });
    if parsed.is_err() {
        return Vec::new();
    }
    let mut found = Vec::new();
    for (path, text) in &values {
        for (offset, _) in text.match_indices(PLACEHOLDER) {
            let message = format!("`{PLACEHOLDER}` is a placeholder `cargo xtask new` wrote, still to be filled in");
            found.push(source.error_inside(path, text, offset, message, Some(placeholder_hint(path).to_owned())));
        }
    }
    found
}

/// What to put in place of a placeholder at `path`: a fact copied from the page, or prose of
/// ours, in the form its key takes.
pub(super) fn placeholder_hint(path: &KeyPath) -> &'static str {
    let keys = path.0.iter().filter_map(|segment| match segment {
        Segment::Key(key) => Some(key.as_str()),
        Segment::Index(_) => None,
    });
    let keys: Vec<&str> = keys.collect();
    match keys[..] {
        // `vendor.yaml`'s and `service.yaml`'s; an action file has no `name` of its own.
        ["name"] => "write the name exactly as the vendor's pages print it (`Tencent Cloud`, `Face Recognition (IAI)`)",
        ["endpoint"] => {
            "write the host the pages send requests to (`iai.tencentcloudapi.com`; `{region}` where a \
                         regional host names the region), or for `azure-rest` the base URL with its scheme"
        }
        ["region"] => "write `required`, `optional` or `none`: whether the pages' requests carry a region",
        ["models", "name"] => "write the type's name as the vendor's pages print it (`FaceRect`)",
        [.., "name"] => "write the wire name exactly as the vendor page spells it",
        [.., "type"] => {
            "write the type of the page's row as specs/README.md's table of types names it (`string`, \
                         `u64`, `list<string>`, `base64`, a model of service.yaml, ...)"
        }
        ["errors" | "common_errors", "code"] => "write the code exactly as the page's error table spells it",
        ["http", "method"] => "write the page's HTTP method (`GET`, `POST`, ...)",
        ["http", "path"] => {
            "write the page's path below the service's endpoint, quoted, each `{name}` a parameter \
                             with `in: path`"
        }
        ["examples", "request"] | ["examples", "response", "body"] => {
            "paste the page's example JSON exactly as it prints it"
        }
        ["description" | "notes"] | [.., "description" | "notes"] => {
            "write it in your own words, in English, or remove the key if the page has nothing for it"
        }
        _ => "write it in your own words, in English, from what the vendor page says",
    }
}

/// Deeper than any spec needs, and shallow enough that the YAML parser, whose time grows
/// with the square of the depth, stays quick on hostile input.
pub(super) const MAX_FLOW_DEPTH: usize = 64;

/// Where a flow collection's `[` or `{` first nests deeper than `max`, as YAML's scanner
/// reads them (brackets in block scalars, quoted or plain text and comments are text); `None`
/// as well when the scanner fails first, since the parser then refuses the file there.
///
/// The scanner holds back a token that may still be a key until it knows, so iterating over
/// its tokens reads a whole flow collection, however deep, before the first comes out (with
/// a cost growing with the square of the depth). So each token is fetched here one at a time
/// and its kind read off the character the scanner decides it on: the first one from its
/// position that is not white space or part of a comment.
pub(super) fn too_deep(text: &str, max: usize) -> Option<(usize, usize)> {
    // Nesting deeper than `max` takes more than `max` opening brackets. Specs hold a few dozen
    // at most, and counting them costs a small part of scanning (which added 5.6% to a cold
    // run of the synthetic corpus).
    if text.bytes().filter(|b| matches!(b, b'[' | b'{')).count() <= max {
        return None;
    }
    let lines: Vec<Vec<char>> = text.split('\n').map(|line| line.chars().collect()).collect();
    let mut scanner = Scanner::new(text.chars());
    // The stream's start, which reads nothing.
    scanner.fetch_next_token().ok()?;
    let mut depth = 0usize;
    loop {
        let mark = scanner.mark();
        let (line, column, c) = token_start(&lines, mark.line(), mark.col())?;
        match c {
            '[' | '{' => {
                depth += 1;
                if depth > max {
                    return Some((line, column + 1));
                }
            }
            ']' | '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        scanner.fetch_next_token().ok()?;
        // A scanner that reads nothing more has gone astray; its parser reports the file.
        if scanner.mark() == mark {
            return None;
        }
    }
}

/// The line (1-based), column (0-based) and character of the next token from `line` and
/// `column`, skipping spaces, tabs, line breaks and comments as the scanner does; `None` at
/// the end of the text.
fn token_start(lines: &[Vec<char>], line: usize, column: usize) -> Option<(usize, usize, char)> {
    let (mut line, mut column) = (line, column);
    loop {
        match lines.get(line.checked_sub(1)?)?.get(column) {
            Some(' ' | '\t' | '\r') => column += 1,
            // The rest of the line is a comment (or nothing).
            Some('#') | None => (line, column) = (line + 1, 0),
            Some(&c) => return Some((line, column, c)),
        }
    }
}
