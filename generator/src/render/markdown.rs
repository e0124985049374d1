//! Spec prose and values made safe for rustdoc and the Markdown reference: escaping, and
//! code spans that hold any text.

/// Spec prose made safe for rustdoc and the Markdown reference: outside backtick code spans,
/// `[`, `]`, `<`, `>`, `*`, `~` and `\` are escaped, and so are `_` but between two ASCII
/// letters or digits (`image_url`), `&` opening an entity, a run of `#` after white space that
/// ends a line (a heading's closing sequence) and, opening a line, `#`, a list marker (`-`,
/// `+`, `1.`), a line of `-`, `=` or `_`, a table's delimiter row and a code fence of
/// backticks; indentation is dropped, and a CR or CR LF line break is written as LF. So prose
/// can form no link, HTML tag, emphasis, strikethrough, heading, list, rule, table or code
/// block (which rustdoc would compile as a doctest) by accident. Bare URLs become autolinks,
/// which rustdoc wants. A backtick run opens a code span only where a run of the same length
/// closes it in the same paragraph, as in CommonMark: a stray backtick is escaped, and the
/// prose after it stays escaped. A span is put on one line (a line break and the indentation
/// after it become a space, as CommonMark reads them).
pub fn esc(text: &str) -> String {
    escape(text, true)
}

/// Spec prose as [`esc`] writes it, for a link's text (an action's title in a page's list of
/// actions): a URL stays text, escaped like the rest. An autolink there would be a link inside
/// the link, which GitHub renders as such (and then links a bare e-mail address after it too).
/// GitHub's own autolinks of bare `www.`, `http(s)://` and e-mail addresses leave a link's
/// text alone.
///
/// A leading `^` is escaped: `[^` opens a footnote in GitHub's Markdown, a definition when
/// `]:` follows.
pub(in crate::render) fn esc_link_text(text: &str) -> String {
    let text = escape(text, false);
    match text.strip_prefix('^') {
        Some(rest) => format!("\\^{rest}"),
        None => text,
    }
}

/// [`esc`], with bare URLs made autolinks or not.
fn escape(text: &str, autolinks: bool) -> String {
    // CommonMark ends a line at CR too: as LF, each line break is seen by the rules below.
    let text = if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let text = text.trim();
    let runs = backtick_runs(text);
    // The first run not behind `rest`.
    let mut next_run = 0;
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let line_start = out.is_empty() || out.ends_with('\n');
        if !line_start {
            // Within a line only these bytes can need care (`h` may start a URL): copy the
            // text up to the next one as it is.
            let plain = rest
                .bytes()
                .position(|b| {
                    matches!(
                        b,
                        b'[' | b']' | b'<' | b'>' | b'*' | b'~' | b'\\' | b'&' | b'#' | b'_' | b'`' | b'\n' | b'h'
                    )
                })
                .unwrap_or(rest.len());
            if plain > 0 {
                out.push_str(&rest[..plain]);
                rest = &rest[plain..];
                continue;
            }
        }
        if line_start && c != '\n' && c.is_whitespace() {
            // Indentation would make a code block (a doctest, in rustdoc).
            rest = rest.trim_start_matches(|c: char| c != '\n' && c.is_whitespace());
            continue;
        }
        if autolinks && c == 'h' && (rest.starts_with("http://") || rest.starts_with("https://")) {
            let end = rest
                .find(|c: char| {
                    c.is_whitespace()
                        || c.is_control()
                        || matches!(c, '(' | ')' | '[' | ']' | '<' | '>' | '"' | '\'' | '`' | '|')
                })
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
            out.push_str(&format!("<{url}>"));
            rest = &rest[url.len()..];
            continue;
        }
        if c == '`' {
            let run = rest.len() - rest.trim_start_matches('`').len();
            // Three opening a line open a fenced code block, whatever follows.
            let fence = line_start && run >= 3;
            // `rest` starts a whole run: no step above stops inside one. Were it to, the run
            // would be found in no entry and escaped, which is safe.
            let at = text.len() - rest.len();
            while runs.get(next_run).is_some_and(|&(start, _)| start < at) {
                next_run += 1;
            }
            let close = runs.get(next_run).filter(|&&(start, _)| start == at).and_then(|&(_, close)| close);
            match close.filter(|_| !fence) {
                // The span as written, closing run included, on one line: CommonMark reads
                // the lines of a paragraph before its code spans, so a line of the span could
                // open a heading, list or fence. A line break and the indentation after it
                // are read as one space in a span anyway.
                Some(close) => {
                    let (span, after) = rest.split_at(close - at + run);
                    let mut lines = span.split('\n');
                    out.push_str(lines.next().unwrap_or_default());
                    for line in lines {
                        out.push(' ');
                        out.push_str(line.trim_start_matches([' ', '\t']));
                    }
                    rest = after;
                }
                None => {
                    out.push_str(&"\\`".repeat(run));
                    rest = &rest[run..];
                }
            }
            continue;
        }
        if line_start && list_marker(rest) {
            // An ordered item's digits cannot be escaped; its `.` or `)` can.
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            out.push_str(&rest[..digits]);
            rest = &rest[digits..];
            out.push('\\');
            out.push_str(&rest[..1]);
            rest = &rest[1..];
            continue;
        }
        let entity = c == '&' && starts_entity(&rest[1..]);
        let opens_block = line_start && (c == '#' || rule_line(rest) || delimiter_row(rest));
        // Closing a heading the text is put in (an action's title on its page), it would vanish.
        let closes_heading = c == '#' && out.ends_with([' ', '\t']) && closing_sequence(rest);
        // `_` inside a word (`image_url`) is text; at a word's edge it may open or close emphasis.
        // Words are of ASCII letters and digits here: CommonMark reads some letters (`ⓐ`, a
        // symbol too) as punctuation, and `_` after punctuation may open emphasis.
        let emphasis = c == '_' && {
            let before = out.chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric());
            let after = rest[1..].chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
            !(before && after)
        };
        if matches!(c, '[' | ']' | '<' | '>' | '*' | '~' | '\\') || opens_block || closes_heading || entity || emphasis
        {
            out.push('\\');
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The backtick runs of `text`, in order: where each starts, and where the run that would close
/// it as a code span starts, if one does (the next run of the same length, in the same
/// paragraph). Found in one pass over the text, so that prose with many runs that close
/// nothing does not search the rest of its paragraph again from each of them.
fn backtick_runs(text: &str) -> Vec<(usize, Option<usize>)> {
    let mut runs: Vec<(usize, Option<usize>)> = Vec::new();
    // By length: the last run of that length so far (its index in `runs`) and its paragraph.
    let mut last_of_len: Vec<Option<(usize, usize)>> = Vec::new();
    let mut paragraph = 0;
    let mut at = 0;
    let bytes = text.as_bytes();
    while let Some(start) = text[at..].find('`').map(|i| at + i) {
        // A blank line ends the paragraph, and with it every span still open.
        if bytes[at..start].windows(2).any(|pair| pair == b"\n\n") {
            paragraph += 1;
        }
        let len = bytes[start..].iter().take_while(|&&b| b == b'`').count();
        if last_of_len.len() <= len {
            last_of_len.resize(len + 1, None);
        }
        if let Some((open, its_paragraph)) = last_of_len[len].replace((runs.len(), paragraph)) {
            if its_paragraph == paragraph {
                runs[open].1 = Some(start);
            }
        }
        runs.push((start, None));
        at = start + len;
    }
    runs
}

/// Whether a line starting with `text` would start a list item: `-`, `+` or `1.`/`1)` (any
/// digits), then white space or the line's end (an empty item). (`*` is escaped anywhere.)
fn list_marker(text: &str) -> bool {
    let after = match text.strip_prefix(['-', '+']) {
        Some(after) => after,
        None => {
            let digits = text.trim_start_matches(|c: char| c.is_ascii_digit());
            if digits.len() == text.len() {
                return false;
            }
            match digits.strip_prefix(['.', ')']) {
                Some(after) => after,
                None => return false,
            }
        }
    };
    after.is_empty() || after.starts_with([' ', '\t', '\n'])
}

/// Whether the line starting `text` is all `-`, `=` or `_` (and spaces): a setext heading's
/// underline or a thematic break.
fn rule_line(text: &str) -> bool {
    let line = text.split('\n').next().unwrap_or_default().trim_end();
    line.chars()
        .next()
        .is_some_and(|first| matches!(first, '-' | '=' | '_') && line.chars().all(|c| c == first || c == ' '))
}

/// Whether the line starting `text` could be a table's delimiter row (`|---|:-:|`, `-|-`),
/// which makes the line before it a table's header: `|`, `:`, `-` and spaces only.
fn delimiter_row(text: &str) -> bool {
    let line = text.split('\n').next().unwrap_or_default();
    line.contains('-') && line.chars().all(|c| matches!(c, '|' | ':' | '-' | ' ' | '\t'))
}

/// Whether `text`, after white space, is a run of `#` that ends its line: a heading's closing
/// sequence, were the line a heading.
fn closing_sequence(text: &str) -> bool {
    let after = text.trim_start_matches('#').trim_start_matches([' ', '\t']);
    after.is_empty() || after.starts_with('\n')
}

/// Whether `&` followed by `text` would be read as an HTML entity (`&lt;`, `&#60;`).
fn starts_entity(text: &str) -> bool {
    let name = text.strip_prefix('#').unwrap_or(text);
    let len = name.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(name.len());
    len > 0 && name[len..].starts_with(';')
}

/// A value shown as a code span, fenced with enough backticks for any content, on one line: a
/// line break (LF, CR or CR LF) is written as the space CommonMark reads it as in a span. Empty
/// text is the words `(empty)`.
pub fn code(text: &str) -> String {
    if text.is_empty() {
        // CommonMark has no empty code span: two backticks would be text, and could open a
        // span that a later run of two closes.
        return "(empty)".to_owned();
    }
    // On lines of their own, its lines could open a heading, list or fence.
    let text = if text.contains(['\n', '\r']) {
        std::borrow::Cow::Owned(text.replace("\r\n", " ").replace(['\r', '\n'], " "))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let longest = longest_backtick_run(&text);
    if longest == 0 {
        // CommonMark strips one space from each end of a span that starts and ends with one
        // (unless it is all spaces): pad such a value so that it keeps its own.
        let padded = text.starts_with(' ') && text.ends_with(' ') && text.contains(|c| c != ' ');
        return if padded { format!("` {text} `") } else { format!("`{text}`") };
    }
    let fence = "`".repeat(longest + 1);
    format!("{fence} {text} {fence}")
}

/// The length of the longest run of backticks in `text`, which a fence around it must exceed.
pub(in crate::render) fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Prose keeps its code spans and nothing else of Markdown; a backtick that closes no span
    /// is text, and does not stop the escaping of what follows it (CommonMark reads the rest
    /// as Markdown then).
    #[test]
    fn prose_keeps_its_code_spans_and_nothing_else_of_markdown() {
        assert_eq!(esc("a `x*y` and *b*"), "a `x*y` and \\*b\\*");
        assert_eq!(
            esc("a stray ` backtick, *stars*, [a link](http://example.com), <b>HTML</b>"),
            "a stray \\` backtick, \\*stars\\*, \\[a link\\](<http://example.com>), \\<b\\>HTML\\</b\\>"
        );
        // A span is closed by a run of its own length only.
        assert_eq!(esc("``a ` b`` and `c"), "``a ` b`` and \\`c");
        assert_eq!(esc("`` one ` *x*"), "\\`\\` one \\` \\*x\\*");
        // Headings and list items cannot start a line; the same characters inside one stay.
        assert_eq!(
            esc("one\n# two\n- three\n+ four\n12. five\n3) six\n-1 and 2.5 and 1.x"),
            "one\n\\# two\n\\- three\n\\+ four\n12\\. five\n3\\) six\n-1 and 2.5 and 1.x"
        );
        assert_eq!(esc("a\n---\nb\n===\n___"), "a\n\\---\nb\n\\===\n\\_\\_\\_");
        // No code block: not fenced, not indented; a span ends with its paragraph.
        assert_eq!(esc("a\n```\nfn x() {}\n```"), "a\n\\`\\`\\`\nfn x() {}\n\\`\\`\\`");
        assert_eq!(esc("a\n~~~\nb"), "a\n\\~\\~\\~\nb");
        assert_eq!(esc("a ```x``` b"), "a ```x``` b");
        assert_eq!(esc("a\n\n    fn x() {}\n\tb"), "a\n\nfn x() {}\nb");
        assert_eq!(esc("a `b\n\nc` *d*"), "a \\`b\n\nc\\` \\*d\\*");
        // A backslash is text, not an escape of what follows; `&` is text, not an entity.
        assert_eq!(esc("C:\\* and \\ and R&D &lt; &#60;"), "C:\\\\\\* and \\\\ and R&D \\&lt; \\&#60;");
        // `_` at a word's edge could make emphasis; inside a word it cannot.
        assert_eq!(esc("_3d_ and image_url and __init__"), "\\_3d\\_ and image_url and \\_\\_init\\_\\_");
    }

    /// A control character ends a URL: CommonMark's autolinks hold none, so `<` and `>` around
    /// one would be text (found by the `markdown_esc` fuzz target).
    #[test]
    fn a_control_character_ends_a_url() {
        assert_eq!(esc("http://x.y/a_b*c\0"), "<http://x.y/a_b*c>\0");
        assert_eq!(esc("see http://a.b\u{7f}c."), "see <http://a.b>\u{7f}c.");
    }

    /// A code span is put on one line: CommonMark reads a paragraph's lines before its spans,
    /// so a line of a span could be a fence, a heading or a list item (found by the
    /// `markdown_esc` fuzz target).
    #[test]
    fn a_code_span_is_one_line() {
        assert_eq!(esc("[````\n````"), "\\[```` ````");
        assert_eq!(esc("a `b\n# c` d\n  `e\n   - f`"), "a `b # c` d\n`e - f`");
    }

    /// A CR ends a line, as in CommonMark: what opens the next line is escaped (found by the
    /// `markdown_esc` fuzz target).
    #[test]
    fn a_carriage_return_ends_a_line() {
        assert_eq!(esc("[````\r````"), "\\[```` ````");
        assert_eq!(esc("a\r# b\r\n- c\r\r  d"), "a\n\\# b\n\\- c\n\nd");
    }

    /// A list marker that ends its line opens an empty list item (found by the `markdown_esc`
    /// fuzz target).
    #[test]
    fn a_list_marker_alone_on_its_line_is_escaped() {
        assert_eq!(esc("2)\n*"), "2\\)\n\\*");
        assert_eq!(esc("a\n\n-\nb"), "a\n\n\\-\nb");
    }

    /// `~` is escaped anywhere: rustdoc and GitHub read `~x~` and `~~x~~` as strikethrough
    /// (found by the `markdown_esc` fuzz target).
    #[test]
    fn a_tilde_is_escaped() {
        assert_eq!(esc("~~*~~[ ] "), "\\~\\~\\*\\~\\~\\[ \\]");
        assert_eq!(esc("about ~5 ms, ~~not~~ `~x~`"), "about \\~5 ms, \\~\\~not\\~\\~ `~x~`");
    }

    /// A value's line breaks are spaces, as CommonMark reads them in a span: on lines of their
    /// own they could end the span's paragraph or open a block (found by the `markdown_code`
    /// fuzz target).
    #[test]
    fn a_code_span_of_several_lines_is_one_line() {
        assert_eq!(code("\n\n"), "`  `");
        assert_eq!(code("a\r\n# b\r- c`"), "`` a # b - c` ``");
    }

    /// A value that starts and ends with a space keeps them: CommonMark strips one from each
    /// end of such a span (found by the `markdown_code` fuzz target).
    #[test]
    fn a_code_span_keeps_the_spaces_around_its_value() {
        assert_eq!(code("\n[1. "), "`  [1.  `");
        assert_eq!(code(" x "), "`  x  `");
        assert_eq!(code("   "), "`   `");
        assert_eq!(code(" x"), "` x`");
    }

    /// Empty text, which a spec can give as an action's title, a field's `page_name` or a
    /// `pattern`, is shown as words: CommonMark has no empty code span, and the two backticks
    /// would be text that could open a span with a later run of two.
    #[test]
    fn empty_text_is_shown_as_words() {
        assert_eq!(code(""), "(empty)");
        assert_eq!(format!("matches {}", code("")), "matches (empty)");
    }

    /// A line that could be a table's delimiter row is escaped: rustdoc and GitHub would make
    /// the line before it a table's header (found by the `markdown_esc` fuzz target).
    #[test]
    fn a_table_delimiter_row_is_escaped() {
        assert_eq!(esc("*|\u{a0}\n|-|:-:-"), "\\*|\u{a0}\n\\|-|:-:-");
        assert_eq!(esc("a | b\n--- | ---\nc | d"), "a | b\n\\--- | ---\nc | d");
        assert_eq!(esc("a|b\n:-|-:"), "a|b\n\\:-|-:");
    }

    /// `_` stays as written only between ASCII letters or digits: CommonMark reads some other
    /// letters as punctuation (`ⓐ` is a symbol), after which `_` opens emphasis (found with the
    /// `markdown_esc` fuzz target).
    #[test]
    fn an_underscore_beside_a_letter_that_is_a_symbol_is_escaped() {
        assert_eq!(esc("ⓐ_x_ⓐ"), "ⓐ\\_x\\_ⓐ");
        assert_eq!(esc("é_x and a_1"), "é\\_x and a_1");
    }

    /// Each backtick run's closing run is found in one pass: the next run of its length, in
    /// its paragraph. (Searching the paragraph again from each run made `esc` take seconds on
    /// a megabyte of runs that close nothing.)
    #[test]
    fn each_backtick_run_knows_the_run_that_closes_it() {
        assert_eq!(
            backtick_runs("`a ``b ` ``` `` c\n\n``` ``"),
            [(0, Some(7)), (3, Some(13)), (7, None), (9, None), (13, None), (19, None), (23, None)]
        );
        // A line break ends no paragraph.
        assert_eq!(backtick_runs("`a\nb`"), [(0, Some(4)), (4, None)]);
        assert_eq!(backtick_runs("no runs"), []);
    }

    /// A run of `#` after white space that ends a line is escaped: in a heading (an action's
    /// title on the Markdown page) it would close the heading and vanish (found by the
    /// `markdown_cell` fuzz target).
    #[test]
    fn a_heading_closing_sequence_is_escaped() {
        assert_eq!(esc("> #"), "\\> \\#");
        assert_eq!(esc("Learn C ##  \nissue #5, C# and a#"), "Learn C \\##  \nissue #5, C# and a#");
    }
}
