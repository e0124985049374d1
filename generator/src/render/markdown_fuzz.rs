//! Fuzz targets of the prose escaping, written with proptest like `tests/fuzz.rs` (whose header
//! gives the conventions): spec prose goes through [`esc`], [`code`] and the table-cell helpers
//! of `docs.rs`, and a CommonMark parser (pulldown-cmark, with the extensions rustdoc enables)
//! reads the result. Whatever the text, it must read as text:
//!
//! - `markdown_esc`: `esc(text)` is paragraphs of text, line breaks, the code spans the text
//!   delimits with backticks and autolinks of its `http(s)` URLs; nothing else (no emphasis,
//!   link, heading, list, quote, code block, rule, table, footnote or HTML). Its text (escapes
//!   undone, white space collapsed) is the input's: nothing lost or added.
//! - `markdown_cell`: `prose_cell(text)`, `cell(&esc(text))` (with a code span after it, as a
//!   field's summary has) and `cell(&code(text))` as the last cell of a table row stay one
//!   cell, holding the same text; `prose_line(text)` as a heading (an action's title) is the
//!   heading's whole text, and `link_text(text)` the whole text of a link with no link inside.
//! - `markdown_code`: `code(text)` is one code span whose content is `text`, its line breaks
//!   read as spaces, as CommonMark reads them (alone, within a line and in a table cell).
//!
//! Cases per target: `PROPTEST_CASES`, else [`DEFAULT_CASES`], so `cargo test --workspace`
//! stays fast. Failing cases are saved to `tests/fuzz-regressions/<target>.txt`, beside those of
//! `tests/fuzz.rs`. Long runs (`cargo test --release -p cloudbind-gen --lib -- --exact
//! render::markdown_fuzz::<target>`) and their figures are in `TESTING.md`. A bug they find is
//! fixed with its minimal input kept as a unit test beside the function it concerns.

use std::ops::Range;

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::{Config, FileFailurePersistence};
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};

use super::docs::{cell, link_text, prose_cell, prose_line};
use super::markdown::{code, esc};

/// Cases per target when `PROPTEST_CASES` is not set.
const DEFAULT_CASES: u32 = 256;

/// Where a target saves failing cases: with the workspace's other fuzz regressions.
macro_rules! regressions {
    ($target:literal) => {
        concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fuzz-regressions/", $target, ".txt")
    };
}

fn config(regressions: &'static str) -> Config {
    Config {
        cases: DEFAULT_CASES,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(regressions))),
        ..Config::default()
    }
}

/// The Markdown extensions rustdoc enables (but smart punctuation, which only changes
/// characters) and that GitHub has too.
fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

// ---------------------------------------------------------------------------------------------
// Inputs

/// Pieces of text that mean something to Markdown, or to the escaping.
#[rustfmt::skip]
const PIECES: &[&str] = &[
    "*", "**", "_", "__", "`", "``", "```", "````", "[", "]", "(", ")", "[x](y)", "![i](j)", "[x]", "[^1]",
    "[^1]: n", "[x]: /u", "<", ">", "> ", "#", "# ", "###### ", "-", "- ", "--", "---", "+", "+ ", "=", "===", "~",
    "~~", "~~~", "|", "| ", "|-|", "---|---", ":-:", ":--", "\\", "&", ";", "1.", "1. ", "2)", "0)", "10.",
    "1234567890.", "[ ] ", "[x] ", "\n", "\n", "\n\n", "\n \n", "\n\t\n", "\r", "\r\n", " ", " ", "  ", "\t", "    ",
    "\u{a0}", "\u{3000}", "\u{b}", "\u{c}", "http://x.y/a_b*c", "https://e.x/p?q=1&r=2#f", "http://", "http://a.b.",
    "www.x.y", "a@b.c", "<b>", "</b>", "<div>", "<!-- c -->", "<?p?>", "<http://a.b>", "<a@b.c>", "&lt;", "&#60;",
    "&#x3C;", "&amp;", "&nbsp;", "&x", "&#;", "a", "b", "word", "x_y", "_x", "x_", "1", "9", ".", ")", ":", "!",
    "'", "\"", "$", "^", "{", "}", "\0", "\u{7f}", "\u{1}", "\u{85}",
    // Letters, digits and marks, some of which CommonMark reads as punctuation (symbols).
    "é", "漢", "\u{301}", "ⓐ", "Ⓩ", "🄰", "Ⅻ", "½", "²", "©", "€", "¡", "«", "\u{2028}", "\u{200b}", "ⓐ_", "_ⓐ",
    // Table rows and delimiter rows on lines of their own.
    "\na | b\n", "\n|-|-|\n", "\n-|-\n", "\n:-:|\n", "\n| --- |\n",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        8 => select(PIECES).prop_map(str::to_owned),
        1 => any::<char>().prop_map(String::from),
    ]
}

/// Text biased toward Markdown, of up to 40 [`prose_pieces`].
fn prose() -> impl Strategy<Value = String> {
    prose_pieces(0..40)
}

/// Text biased toward Markdown: mostly the pieces above, some any character, and pieces
/// between backtick runs of the same length (a code span, unless something ends it). No piece
/// is empty.
fn prose_pieces(count: Range<usize>) -> impl Strategy<Value = String> {
    let span = (1..5usize, vec(piece(), 0..8)).prop_map(|(run, pieces)| {
        let run = "`".repeat(run);
        format!("{run}{}{run}", pieces.concat())
    });
    vec(prop_oneof![10 => piece(), 1 => span], count).prop_map(|pieces| pieces.concat())
}

// ---------------------------------------------------------------------------------------------
// What the parser reads

/// White space collapsed to single spaces and trimmed; NUL read as U+FFFD, as CommonMark does.
fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for word in text.split(char::is_whitespace).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(word.chars().map(|c| if c == '\0' { '\u{fffd}' } else { c }));
    }
    out
}

/// Line breaks (CR LF, CR, LF) as spaces, as CommonMark reads them in a code span; NUL as
/// U+FFFD.
fn spans_text(text: &str) -> String {
    text.replace("\r\n", " ").replace(['\r', '\n'], " ").replace('\0', "\u{fffd}")
}

/// Reads inline events (of a paragraph or a cell) of Markdown `md`: text, line breaks, code
/// spans and autolinks of URLs that `input` (white space collapsed) holds. Appends what a
/// reader sees to `text`, with code spans as written in `md` (their backticks, white space
/// collapsed): the input's text is their source.
fn inline(
    event: Event,
    range: Range<usize>,
    md: &str,
    input: &str,
    text: &mut String,
    in_cell: bool,
) -> Result<(), String> {
    match event {
        Event::Text(t) => text.push_str(&t),
        Event::SoftBreak | Event::HardBreak => text.push(' '),
        Event::Code(_) => {
            // In a table cell, `\|` is a `|` of the span.
            let source = &md[range];
            let source = collapse(&if in_cell { source.replace("\\|", "|") } else { source.to_owned() });
            if !input.contains(&source) {
                return Err(format!("code span {source:?} is not in the input"));
            }
            text.push_str(&source);
        }
        Event::Start(Tag::Link { link_type: LinkType::Autolink, dest_url, .. }) => {
            if !(dest_url.starts_with("http://") || dest_url.starts_with("https://")) || !input.contains(&*dest_url) {
                return Err(format!("autolink to {dest_url:?}, not a URL of the input"));
            }
        }
        Event::End(TagEnd::Link) => {}
        other => return Err(format!("{other:?} at {range:?}")),
    }
    Ok(())
}

/// Checks that `md` (from `input`) is paragraphs of inline text; returns its text.
fn paragraphs(md: &str, input: &str) -> Result<String, String> {
    // Collapsed once, not for each code span: a large input has many.
    let input = &collapse(input);
    let mut text = String::new();
    for (event, range) in Parser::new_ext(md, options()).into_offset_iter() {
        match event {
            Event::Start(Tag::Paragraph) => text.push(' '),
            Event::End(TagEnd::Paragraph) => {}
            event => inline(event, range, md, input, &mut text, false)?,
        }
    }
    Ok(collapse(&text))
}

/// Checks that `cell` (from `input`) stays the last cell of a table row; returns its text.
fn table_cell(cell: &str, input: &str) -> Result<String, String> {
    let input = &collapse(input);
    let md = format!("| h | h |\n|---|---|\n| a | {cell} |\n");
    let mut events = Parser::new_ext(&md, options()).into_offset_iter();
    let expect = |events: &mut dyn Iterator<Item = (Event, Range<usize>)>, want: &[Event]| -> Result<(), String> {
        for want in want {
            match events.next() {
                Some((event, _)) if event == *want => {}
                other => return Err(format!("expected {want:?}, got {other:?} in\n{md}")),
            }
        }
        Ok(())
    };
    use pulldown_cmark::Alignment::None as Unaligned;
    let h = || Event::Text("h".into());
    expect(
        &mut events,
        &[
            Event::Start(Tag::Table(vec![Unaligned, Unaligned])),
            Event::Start(Tag::TableHead),
            Event::Start(Tag::TableCell),
            h(),
            Event::End(TagEnd::TableCell),
            Event::Start(Tag::TableCell),
            h(),
            Event::End(TagEnd::TableCell),
            Event::End(TagEnd::TableHead),
            Event::Start(Tag::TableRow),
            Event::Start(Tag::TableCell),
            Event::Text("a".into()),
            Event::End(TagEnd::TableCell),
            Event::Start(Tag::TableCell),
        ],
    )?;
    let mut text = String::new();
    loop {
        match events.next() {
            Some((Event::End(TagEnd::TableCell), _)) => break,
            Some((event, range)) => {
                inline(event, range, &md, input, &mut text, true).map_err(|e| format!("{e} in\n{md}"))?
            }
            None => return Err(format!("the cell does not end in\n{md}")),
        }
    }
    expect(&mut events, &[Event::End(TagEnd::TableRow), Event::End(TagEnd::Table)])?;
    if let Some(extra) = events.next() {
        return Err(format!("{extra:?} after the table in\n{md}"));
    }
    Ok(collapse(&text))
}

/// Checks that `title` (from `input`) is the whole text of a level-2 heading; returns its text.
fn heading(title: &str, input: &str) -> Result<String, String> {
    let input = &collapse(input);
    let md = format!("## {title}\n");
    let mut text = String::new();
    let mut events = Parser::new_ext(&md, options()).into_offset_iter();
    match events.next() {
        Some((Event::Start(Tag::Heading { level: pulldown_cmark::HeadingLevel::H2, .. }), _)) => {}
        other => return Err(format!("{other:?}, not a heading, in\n{md}")),
    }
    for (event, range) in events {
        match event {
            Event::End(TagEnd::Heading(_)) => return Ok(collapse(&text)),
            event => inline(event, range, &md, input, &mut text, false).map_err(|e| format!("{e} in\n{md}"))?,
        }
    }
    Err(format!("the heading does not end in\n{md}"))
}

/// Checks that `link` (from `input`) is the whole text of one link, as an action's title is in
/// the list of actions, with no link inside it; returns its text.
fn link(link: &str, input: &str) -> Result<String, String> {
    let input = &collapse(input);
    let md = format!("- [{link}](#anchor): summary\n");
    let mut text = String::new();
    let mut events = Parser::new_ext(&md, options())
        .into_offset_iter()
        .skip_while(|(event, _)| matches!(event, Event::Start(Tag::List(_) | Tag::Item)));
    let to_anchor = |url: &str| url == "#anchor";
    match events.next() {
        Some((Event::Start(Tag::Link { link_type: LinkType::Inline, dest_url, .. }), _)) if to_anchor(&dest_url) => {}
        other => return Err(format!("{other:?}, not the link, in\n{md}")),
    }
    for (event, range) in events.by_ref() {
        match event {
            Event::End(TagEnd::Link) => break,
            Event::Start(Tag::Link { .. }) => return Err(format!("a link inside the link at {range:?} in\n{md}")),
            event => inline(event, range, &md, input, &mut text, false).map_err(|e| format!("{e} in\n{md}"))?,
        }
    }
    match events.next() {
        Some((Event::Text(after), _)) if &*after == ": summary" => Ok(collapse(&text)),
        other => Err(format!("{other:?} after the link in\n{md}")),
    }
}

/// Checks that `md` holds one code span and nothing else of Markdown; returns its content and
/// the text around it.
fn one_span(md: &str, options: Options) -> Result<(String, String), String> {
    let mut spans = Vec::new();
    let mut around = String::new();
    for event in Parser::new_ext(md, options) {
        match event {
            Event::Code(c) => spans.push(c.into_string()),
            Event::Text(t) => around.push_str(&t),
            Event::Start(Tag::Paragraph | Tag::Table(_) | Tag::TableHead | Tag::TableRow | Tag::TableCell) => {}
            Event::End(
                TagEnd::Paragraph | TagEnd::Table | TagEnd::TableHead | TagEnd::TableRow | TagEnd::TableCell,
            ) => {}
            other => return Err(format!("{other:?} in\n{md}")),
        }
    }
    match <[String; 1]>::try_from(spans) {
        Ok([span]) => Ok((span, around)),
        Err(spans) => Err(format!("{} code spans ({spans:?}) in\n{md}", spans.len())),
    }
}

// ---------------------------------------------------------------------------------------------
// Targets

fn check_esc(text: &str) -> Result<(), String> {
    let md = esc(text);
    let read = paragraphs(&md, text).map_err(|e| format!("{e}\nin {md:?}"))?;
    if read != collapse(text) {
        return Err(format!("read as {read:?}, not {:?}\nfrom {md:?}", collapse(text)));
    }
    Ok(())
}

fn check_cells(text: &str, page: &str) -> Result<(), String> {
    let want = collapse(text);
    for (helper, md) in [("prose_cell", prose_cell(text)), ("cell(esc)", cell(&esc(text)))] {
        let read = table_cell(&md, text).map_err(|e| format!("{helper}: {e}"))?;
        if read != want {
            return Err(format!("{helper} read as {read:?}, not {want:?}\nfrom {md:?}"));
        }
    }
    // An action's or an example's title, as a heading.
    let title = prose_line(text);
    let read = heading(&title, text).map_err(|e| format!("title: {e}"))?;
    if read != want {
        return Err(format!("title read as {read:?}, not {want:?}\nfrom {title:?}"));
    }
    // An action's title in the list of actions, linking to its heading.
    let text_of_link = link_text(text);
    let read = link(&text_of_link, text).map_err(|e| format!("link text: {e}"))?;
    if read != want {
        return Err(format!("link text read as {read:?}, not {want:?}\nfrom {text_of_link:?}"));
    }
    // A field's summary: escaped prose, then the name the page prints.
    let summary = format!("{} (The page prints {}.)", esc(text), code(page));
    let sources = format!("{text} {}", code(page));
    let read = table_cell(&cell(&summary), &sources).map_err(|e| format!("summary: {e}"))?;
    let want = collapse(&format!("{text} (The page prints {}.)", code(page)));
    if read != want {
        return Err(format!("summary read as {read:?}, not {want:?}\nfrom {:?}", cell(&summary)));
    }
    Ok(())
}

fn check_code(text: &str) -> Result<(), String> {
    let want = spans_text(text);
    for md in [code(text), format!("x {} y", code(text)), format!("| h |\n|---|\n| {} |", cell(&code(text)))] {
        let (span, around) = one_span(&md, options())?;
        // CommonMark reads NUL as U+FFFD; pulldown-cmark does not in a code span.
        let span = span.replace('\0', "\u{fffd}");
        if span != want {
            return Err(format!("code span {span:?}, not {want:?}, in\n{md}"));
        }
        if !["", "x  y", "h"].contains(&around.as_str()) {
            return Err(format!("text {around:?} around the span in\n{md}"));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(regressions!("markdown_esc")))]
    #[test]
    fn markdown_esc(text in prose()) {
        check_esc(&text).map_err(TestCaseError::fail)?;
    }
}

proptest! {
    #![proptest_config(config(regressions!("markdown_cell")))]
    #[test]
    fn markdown_cell(text in prose(), page in prose()) {
        check_cells(&text, &page).map_err(TestCaseError::fail)?;
    }
}

proptest! {
    #![proptest_config(config(regressions!("markdown_code")))]
    #[test]
    // Not empty: CommonMark has no empty code span.
    fn markdown_code(text in prose_pieces(1..40)) {
        check_code(&text).map_err(TestCaseError::fail)?;
    }
}

/// A large text of backtick runs, most of them closing nothing, still reads as itself: in
/// prose, in a table cell and in a heading. (Inputs above are of up to 40 pieces.)
#[test]
fn a_large_text_of_backtick_runs_reads_as_itself() {
    let runs_of_every_length: String = (1..=600).map(|len| "`".repeat(len) + " ").collect();
    for text in ["`a ``b ".repeat(200_000 / 7), "``a `b\n".repeat(200_000 / 7), runs_of_every_length] {
        check_esc(&text).unwrap();
        check_cells(&text, "page").unwrap();
    }
}
