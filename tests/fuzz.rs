//! Fuzz targets, written with proptest: `cargo fuzz` needs a nightly toolchain, which this
//! project does not use. Each target is one `proptest!` test; none of them may panic.
//!
//! - `spec_*`: the spec loader and checker. Real spec files from `specs/` (read at run time)
//!   are damaged byte by byte and line by line, and fed to `load::load_file_all`,
//!   `locate::Locator` and, as whole trees, `check::check`; arbitrary text goes to
//!   `types::parse` and `load::load_file` too.
//! - `response_*`: `parse_response` of each action, with arbitrary bytes, damaged seed
//!   examples and generated JSON shaped like the action's envelopes and fields.
//! - `validate_*`: each action's request validator, with requests generated from the action's
//!   spec (wire names, nested models, values of every JSON type, sizes around each limit).
//!
//! Cases per target: the `PROPTEST_CASES` environment variable, else [`DEFAULT_CASES`], so
//! `cargo test --workspace` stays fast. Long runs and their figures are in `TESTING.md`. A
//! failing case is saved to `tests/fuzz-regressions/<target>.txt` (replayed first on every
//! later run); nothing is written while nothing fails. An input that makes generator, runtime
//! or generated code panic is also to be added at the end of this file as a test of its own,
//! ignored with its reason until fixed; none is there now.

use std::collections::BTreeSet;
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use cloudbind::alibaba::mts::v20140618::RegisterCustomFace;
use cloudbind::azure::face::v1_0::PersonGroupPersonAddFace;
use cloudbind::tencent::facefusion::v20181201::FaceFusion;
use cloudbind::tencent::iai::v20180301::CreateFace;
use cloudbind::tencent::ivld::v20210903::CreateCustomPerson;
use cloudbind_gen::ir::{self, Field, Limits, Prim, Type};
use cloudbind_gen::load::{load_file, load_file_all, Kind, LoadedTree};
use cloudbind_gen::locate::{KeyPath, Locator, Segment};
use cloudbind_runtime::validate::Rule;
use cloudbind_runtime::{Action, ErrorCode, Protocol, ResponseError, Validate, Validator, Violation};
use cloudbind_tests::{base64, gif, png, workspace_root};
use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::{select, Index};
use proptest::test_runner::{Config, FileFailurePersistence};
use serde::de::{DeserializeOwned, IgnoredAny};
use serde_json::{Map, Value};

// ---------------------------------------------------------------------------------------------
// Configuration

/// Cases per target when `PROPTEST_CASES` is not set: enough to catch regressions in every
/// `cargo test` run while keeping the debug build of this file well under a minute.
const DEFAULT_CASES: u32 = 256;

/// Where a target saves failing cases: beside this file, whatever the working directory.
macro_rules! regressions {
    ($target:literal) => {
        concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz-regressions/", $target, ".txt")
    };
}

/// The configuration of one target. proptest applies `PROPTEST_CASES` (and the other
/// `PROPTEST_*` variables) on top of it.
fn config(regressions: &'static str) -> Config {
    Config {
        cases: DEFAULT_CASES,
        failure_persistence: Some(Box::new(FileFailurePersistence::Direct(regressions))),
        ..Config::default()
    }
}

// ---------------------------------------------------------------------------------------------
// Inputs: the spec files and the checked IR

/// A spec file as `load::SpecDir` reads it.
struct SpecFile {
    /// Path relative to the workspace root (`specs/tencent/iai/2018-03-01/CreateFace.yaml`).
    rel: PathBuf,
    /// What it holds, by its place below `specs/`.
    kind: Kind,
    text: String,
}

/// Every `*.yaml` below `specs/`, sorted, read once.
static SPECS: LazyLock<Vec<SpecFile>> = LazyLock::new(|| {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("read a specs folder") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                out.push(path);
            }
        }
    }
    let root = workspace_root();
    let mut paths = Vec::new();
    walk(&root.join("specs"), &mut paths);
    paths.sort();
    assert!(!paths.is_empty(), "no spec files below specs/");
    paths
        .into_iter()
        .map(|path| {
            let rel = path.strip_prefix(&root).expect("below the root").to_path_buf();
            let kind = Kind::of(rel.strip_prefix("specs").expect("below specs/"));
            let text = std::fs::read_to_string(&path).expect("read a spec file");
            SpecFile { rel, kind, text }
        })
        .collect()
});

static IR: LazyLock<ir::Ir> = LazyLock::new(|| {
    cloudbind_gen::load_ir(&workspace_root()).unwrap_or_else(|e| panic!("the specs do not load: {e}"))
});

/// The checked spec of action `name` and its service.
fn spec_of(name: &str) -> (&'static ir::Service, &'static ir::Action) {
    IR.vendors
        .iter()
        .flat_map(|vendor| &vendor.services)
        .flat_map(|service| service.actions.iter().map(move |action| (service, action)))
        .find(|(_, action)| action.name == name)
        .unwrap_or_else(|| panic!("no spec defines action {name}"))
}

fn model(service: &'static ir::Service, name: &str) -> &'static ir::Model {
    service.models.iter().find(|m| m.name == name).unwrap_or_else(|| panic!("no model {name}"))
}

/// Wire names of `fields` and, recursively, of the models they use.
fn wire_names(service: &'static ir::Service, fields: &'static [Field], out: &mut BTreeSet<&'static str>) {
    for field in fields {
        if out.insert(&field.wire_name) {
            let mut ty = &field.ty;
            while let Type::List(item) = ty {
                ty = item;
            }
            if let Type::Model { name, .. } = ty {
                wire_names(service, &model(service, name).fields, out);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Debug forms that can be pasted into a regression test

/// Bytes shown as a byte-string literal rather than a list of numbers.
#[derive(Clone)]
struct Body(Vec<u8>);

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "b\"{}\"", self.0.escape_ascii())
    }
}

/// JSON shown as JSON text.
#[derive(Clone)]
struct Json(Value);

impl fmt::Debug for Json {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

// ---------------------------------------------------------------------------------------------
// Mutations of text: the byte-level damage a fuzzer does, plus line and value edits that keep
// enough structure for the input to get past the parser

#[derive(Debug, Clone)]
enum Mutation {
    /// Random bytes: invalid UTF-8, control characters, anything.
    InsertBytes(Index, Vec<u8>),
    ReplaceBytes(Index, Vec<u8>),
    Delete(Index, u8),
    /// A character or token with a meaning in the format (`:`, `&a`, `{`, `\u0000`, ...).
    InsertToken(Index, &'static str),
    /// Replaces the value after the n-th key's `:` up to the next `,`, `}`, `]` or line end, so
    /// keys survive and the checker sees odd values of the right shape.
    ReplaceValue(Index, &'static str),
    /// Replaces the n-th key: misspelt, unknown and duplicate keys.
    RenameKey(Index, &'static str),
    DuplicateLine(Index),
    DropLine(Index),
    SwapLines(Index, Index),
    /// Replaces a line's leading whitespace (YAML nesting).
    Reindent(Index, &'static str),
    /// Copies a list item with its more indented lines (see [`block`]): valid YAML with
    /// duplicate parameters, error codes or models.
    DuplicateBlock(Index),
    /// Removes a list item with its more indented lines: valid YAML missing a parameter, an
    /// error code or a model.
    DropBlock(Index),
}

/// A position in `0..len`, or 0 for empty input (`Index::index` needs a non-empty range).
fn pick(at: &Index, len: usize) -> usize {
    if len == 0 {
        0
    } else {
        at.index(len)
    }
}

/// Byte ranges of the lines of `bytes`, each with its `\n`.
fn lines(bytes: &[u8]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, b) in bytes.iter().enumerate() {
        if *b == b'\n' {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < bytes.len() {
        out.push(start..bytes.len());
    }
    out
}

/// Positions of the colons that end a key: `key: ` in YAML, `"key":` in JSON.
fn key_colons(bytes: &[u8]) -> Vec<usize> {
    let ends_key = |i: usize| bytes.get(i + 1) == Some(&b' ') || (i > 0 && bytes[i - 1] == b'"');
    (0..bytes.len()).filter(|i| bytes[*i] == b':' && ends_key(*i)).collect()
}

/// Leading spaces of a line.
fn indent(line: &[u8]) -> usize {
    line.iter().take_while(|b| **b == b' ').count()
}

/// The byte range of a list item (`- ...` and the lines below it that are blank or more
/// indented), or of any line with its children when there are no list items.
fn block(bytes: &[u8], at: &Index) -> Option<Range<usize>> {
    let lines = lines(bytes);
    let items: Vec<usize> =
        (0..lines.len()).filter(|i| bytes[lines[*i].clone()].trim_ascii_start().starts_with(b"- ")).collect();
    let first = if items.is_empty() { pick(at, lines.len()) } else { items[pick(at, items.len())] };
    let start = lines.get(first)?.clone();
    let own = indent(&bytes[start.clone()]);
    let end = lines[first + 1..]
        .iter()
        .take_while(|line| {
            let text = &bytes[(*line).clone()];
            text.iter().all(u8::is_ascii_whitespace) || indent(text) > own
        })
        .last()
        .map_or(start.end, |line| line.end);
    Some(start.start..end)
}

impl Mutation {
    fn apply(&self, bytes: &mut Vec<u8>) {
        let len = bytes.len();
        match self {
            Mutation::InsertBytes(at, new) => {
                let at = pick(at, len + 1);
                bytes.splice(at..at, new.iter().copied());
            }
            Mutation::ReplaceBytes(at, new) => {
                let at = pick(at, len + 1);
                let end = (at + new.len()).min(len);
                bytes.splice(at..end, new.iter().copied());
            }
            Mutation::Delete(at, n) => {
                let at = pick(at, len + 1);
                bytes.drain(at..(at + usize::from(*n)).min(len));
            }
            Mutation::InsertToken(at, token) => {
                let at = pick(at, len + 1);
                bytes.splice(at..at, token.bytes());
            }
            Mutation::ReplaceValue(at, value) => {
                let colons = key_colons(bytes);
                if colons.is_empty() {
                    return;
                }
                let mut start = colons[pick(at, colons.len())] + 1;
                while start < len && bytes[start] == b' ' {
                    start += 1;
                }
                let end = (start..len).find(|i| b",}]\r\n".contains(&bytes[*i])).unwrap_or(len);
                bytes.splice(start..end, value.bytes());
            }
            Mutation::RenameKey(at, key) => {
                let colons = key_colons(bytes);
                if colons.is_empty() {
                    return;
                }
                // The key runs back from its colon to a space, `{`, `[` or `,`.
                let colon = colons[pick(at, colons.len())];
                let start = (0..colon).rev().find(|i| b" \t\n{[,".contains(&bytes[*i])).map_or(0, |i| i + 1);
                bytes.splice(start..colon, key.bytes());
            }
            Mutation::DuplicateLine(at) => {
                let lines = lines(bytes);
                if let Some(line) = lines.get(pick(at, lines.len())) {
                    let copy = bytes[line.clone()].to_vec();
                    bytes.splice(line.end..line.end, copy);
                }
            }
            Mutation::DropLine(at) => {
                let lines = lines(bytes);
                if let Some(line) = lines.get(pick(at, lines.len())) {
                    bytes.drain(line.clone());
                }
            }
            Mutation::SwapLines(a, b) => {
                let lines = lines(bytes);
                if lines.is_empty() {
                    return;
                }
                let (a, b) = (pick(a, lines.len()), pick(b, lines.len()));
                let mut order: Vec<usize> = (0..lines.len()).collect();
                order.swap(a, b);
                *bytes = order.iter().flat_map(|i| bytes[lines[*i].clone()].to_vec()).collect();
            }
            Mutation::Reindent(at, indent) => {
                let lines = lines(bytes);
                if let Some(line) = lines.get(pick(at, lines.len())) {
                    let end = (line.start..line.end).find(|i| !b" \t".contains(&bytes[*i])).unwrap_or(line.end);
                    bytes.splice(line.start..end, indent.bytes());
                }
            }
            Mutation::DuplicateBlock(at) => {
                if let Some(range) = block(bytes, at) {
                    let copy = bytes[range.clone()].to_vec();
                    bytes.splice(range.end..range.end, copy);
                }
            }
            Mutation::DropBlock(at) => {
                if let Some(range) = block(bytes, at) {
                    bytes.drain(range);
                }
            }
        }
    }
}

/// The pieces mutations insert into one text format.
struct Format {
    /// Characters and tokens with a meaning in the format.
    tokens: &'static [&'static str],
    /// Values to put after a key.
    values: &'static [&'static str],
    /// Keys to put before a value.
    keys: &'static [&'static str],
}

const YAML: Format = Format { tokens: YAML_TOKENS, values: YAML_VALUES, keys: YAML_KEYS };
const JSON: Format = Format { tokens: JSON_TOKENS, values: JSON_VALUES, keys: JSON_KEYS };

/// Any mutation: mostly damage, sometimes an edit that keeps the syntax.
fn mutation(format: &'static Format) -> impl Strategy<Value = Mutation> {
    prop_oneof![3 => damage(format.tokens), 2 => edit(format)]
}

/// Byte and line damage, which mostly exercises the parsers and their error positions.
fn damage(tokens: &'static [&'static str]) -> impl Strategy<Value = Mutation> {
    let index = any::<Index>;
    prop_oneof![
        1 => (index(), vec(any::<u8>(), 1..8)).prop_map(|(at, b)| Mutation::InsertBytes(at, b)),
        1 => (index(), vec(any::<u8>(), 1..8)).prop_map(|(at, b)| Mutation::ReplaceBytes(at, b)),
        2 => (index(), 1..32u8).prop_map(|(at, n)| Mutation::Delete(at, n)),
        5 => (index(), select(tokens)).prop_map(|(at, t)| Mutation::InsertToken(at, t)),
        1 => index().prop_map(Mutation::DuplicateLine),
        1 => index().prop_map(Mutation::DropLine),
        1 => (index(), index()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        2 => (index(), select(INDENTS)).prop_map(|(at, i)| Mutation::Reindent(at, i)),
    ]
}

/// Edits that usually keep the text parseable, so the checks behind the parser run.
fn edit(format: &'static Format) -> impl Strategy<Value = Mutation> {
    let index = any::<Index>;
    prop_oneof![
        4 => (index(), select(format.values)).prop_map(|(at, v)| Mutation::ReplaceValue(at, v)),
        2 => (index(), select(format.keys)).prop_map(|(at, k)| Mutation::RenameKey(at, k)),
        1 => index().prop_map(Mutation::DuplicateBlock),
        1 => index().prop_map(Mutation::DropBlock),
    ]
}

fn mutate(seed: &[u8], mutations: &[Mutation]) -> Vec<u8> {
    let mut bytes = seed.to_vec();
    for m in mutations {
        m.apply(&mut bytes);
    }
    bytes
}

/// Characters with a meaning in YAML, line breaks YAML knows and Rust's `lines()` does not,
/// and characters that are more than one byte or column wide.
#[rustfmt::skip]
const YAML_TOKENS: &[&str] = &[
    // Indicators.
    ":", ": ", "-", "- ", "[", "]", "{", "}", ",", "?", "? ", "#", "# c\n", "'", "\"", "@", "`", "\\", "~",
    // Anchors, aliases, tags, merge keys, directives, document markers, block scalars.
    "&a ", "&a", "*a", "<<: *a\n", "!", "!!str ", "!!binary ", "!tag ", "%", "%YAML 1.2\n",
    "%TAG ! tag:x,2000:\n", "---\n", "...\n", "|", "|-\n", ">", ">+\n",
    // Whitespace, control characters, line breaks.
    "\t", "\0", "\r", "\r\n", "\n", "\n\n", "\u{7f}", "\u{85}", "\u{2028}", "\u{FEFF}", "\u{200B}",
    // Multi-byte and combining characters.
    "é", "字", "😀", "\u{FFFD}", "\u{0301}",
];

/// Values for `ReplaceValue`: edge cases of every key type the spec format has.
#[rustfmt::skip]
const YAML_VALUES: &[&str] = &[
    // Scalars of the wrong type, numbers no field can hold, YAML 1.1 spellings.
    "", "~", "null", "true", "no", "0", "-1", "1.5", "4294967296", "18446744073709551616",
    "-9223372036854775809", "1e400", "-1e400", ".nan", ".inf", "0x1F", "0o17",
    // Sizes.
    "1 KiB", "4 MiB", "99999999999 GiB", "4 MB", "-5 KiB", "KiB",
    // Types, good and bad, and names that become odd Rust identifiers.
    "string", "url", "uuid", "base64", "binary", "bool", "i32", "u64", "f64", "list<string>", "list<",
    "list<>", "list<list<FaceRect>>", "FaceRect", "Unknown", "Other", "self", "r#type", "3d",
    // Collections, anchors, tags, block scalars.
    "[]", "{}", "[a, b]", "[1, 2]", "{a: 1}", "&x 1", "*x", "!!binary aGk=", "!custom 1", "|\n  block\n",
    ">\n  folded\n",
    // Strings: escapes, broken regular expressions, JSON and not JSON (examples).
    "\"\\u0000\"", "'\u{0}'", "\"((\"", "\"[\"", "\"\\\\p{Bogus}\"", "\"a{99999999}\"", "'{\"a\":1}'",
    "'[1]'", "not json", "'\"x\"'",
    // Enumerations: locations, methods, paths, protocols, regions, periods, formats, retries.
    "query", "path", "body", "header", "POST", "GET", "FETCH", "/{x}", "/{", "/{personId}/{personId}",
    "azure-rest", "tencent-api3", "alibaba-rpc", "required", "optional", "none", "second", "week", "jpeg",
    "webp", "never", "transient",
    // Multi-byte text.
    "é", "字字字", "😀",
];

/// Keys for `RenameKey`: misspellings (the loader reports every unknown key, nested ones
/// included), real keys in the wrong place or twice, and keys YAML reads oddly.
#[rustfmt::skip]
const YAML_KEYS: &[&str] = &[
    "nam", "typ", "summry", "limit", "limts", "common_error", "max_item", "extra", "x", "name", "type",
    "summary", "notes", "limits", "required", "in", "request", "models", "errors", "code", "é", "字", "a b",
    "\"quoted\"", "'q'", "? k", "-k", "k\t", "<<", "",
];

/// Indentation for `Reindent`.
const INDENTS: &[&str] = &["", " ", "  ", "   ", "    ", "      ", "\t", "  \t", "\u{A0}"];

/// Tokens of JSON, broken escapes, numbers serde_json cannot hold, and envelope keys.
#[rustfmt::skip]
const JSON_TOKENS: &[&str] = &[
    "{", "}", "[", "]", ",", ":", "\"", "\\", "\\u", "\\ud800", "\\u0000", "\\\"", "null", "true", "false",
    "-", "0", "-0", "1e400", "-1e400", "1E+2", "0.1e-400", "18446744073709551616", "-9223372036854775809",
    " ", "\t", "\n", "\r", "\0", "\u{FEFF}", "\u{7f}", "é", "字", "😀",
    "\"Response\":", "\"Error\":", "\"Code\":", "\"Message\":", "\"RequestId\":", "\"error\":", "\"code\":",
    "\"statusCode\":", "\"message\":",
];

/// Keys for `RenameKey` in JSON: envelope keys in the wrong place or case, broken quoting.
#[rustfmt::skip]
const JSON_KEYS: &[&str] = &[
    "\"Response\"", "\"response\"", "\"Error\"", "\"Code\"", "\"code\"", "\"error\"", "\"statusCode\"",
    "\"RequestId\"", "\"Message\"", "\"\"", "\"x\"", "x", "\"\\u0000\"",
];

/// Values for `ReplaceValue` in JSON.
#[rustfmt::skip]
const JSON_VALUES: &[&str] = &[
    "null", "true", "false", "0", "-1", "1.5", "-0.0", "1e400", "18446744073709551616",
    "-9223372036854775809", "9223372036854775808", "4294967296", "\"\"", "\"x\"", "\"\\ud800\"",
    "\"\\u0000\"", "\"é字😀\"", "[]", "{}", "[1,2]", "[null]", "{\"Code\":\"AuthFailure\",\"Message\":\"m\"}",
    "{\"code\":\"BadArgument\"}", "{\"statusCode\":429}", "\"429\"", "429",
];

// ---------------------------------------------------------------------------------------------
// Target 1: the spec loader and checker

/// One spec file, damaged.
#[derive(Clone)]
struct SpecCase {
    file: usize,
    text: String,
}

impl fmt::Debug for SpecCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({:?}): {:?}", SPECS[self.file].rel.display(), SPECS[self.file].kind, self.text)
    }
}

/// `load::SpecDir` refuses a file that is not UTF-8 before parsing it, so only valid UTF-8
/// ever reaches the loader: damaged bytes are decoded lossily, as the nearest text a file
/// could hold.
fn damaged_text(seed: &str, mutations: &[Mutation]) -> String {
    String::from_utf8_lossy(&mutate(seed.as_bytes(), mutations)).into_owned()
}

fn spec_case() -> impl Strategy<Value = SpecCase> {
    (0..SPECS.len(), vec(mutation(&YAML), 1..6))
        .prop_map(|(file, mutations)| SpecCase { file, text: damaged_text(&SPECS[file].text, &mutations) })
}

/// A spec tree with one to three files damaged and maybe one left out.
#[derive(Clone)]
struct TreeCase {
    damaged: Vec<SpecCase>,
    dropped: Option<usize>,
}

impl fmt::Debug for TreeCase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let dropped = self.dropped.map(|i| SPECS[i].rel.display().to_string());
        f.debug_struct("TreeCase").field("damaged", &self.damaged).field("dropped", &dropped).finish()
    }
}

fn tree_case() -> impl Strategy<Value = TreeCase> {
    // Mostly syntax-keeping edits: damage that stops the parser says little about `check`.
    let mutations = vec(prop_oneof![1 => mutation(&YAML), 4 => edit(&YAML)], 1..4);
    let file = (0..SPECS.len(), mutations);
    (vec(file, 1..4), proptest::option::weighted(0.2, 0..SPECS.len())).prop_map(|(files, dropped)| {
        // Several damages to one file apply in turn.
        let mut damaged: Vec<SpecCase> = Vec::new();
        for (file, mutations) in files {
            match damaged.iter_mut().find(|d| d.file == file) {
                Some(case) => case.text = damaged_text(&case.text, &mutations),
                None => damaged.push(SpecCase { file, text: damaged_text(&SPECS[file].text, &mutations) }),
            }
        }
        TreeCase { damaged, dropped }
    })
}

/// Key paths to look up: the keys of the spec format and small indices, so most paths exist.
fn key_path() -> impl Strategy<Value = KeyPath> {
    #[rustfmt::skip]
    const KEYS: &[&str] = &[
        "action", "vendor", "service", "request", "response", "models", "fields", "name", "type", "limits",
        "item_limits", "max_length", "errors", "common_errors", "code", "examples", "body", "http", "path",
        "rules", "exactly_one", "precedence", "winner", "?", "",
    ];
    let segment =
        prop_oneof![select(KEYS).prop_map(|k| Segment::Key(k.to_owned())), (0..4usize).prop_map(Segment::Index)];
    vec(segment, 0..6).prop_map(KeyPath)
}

fn check_positions(locator: &Locator, probes: &[KeyPath]) -> Result<(), TestCaseError> {
    for path in probes {
        for (what, (line, column)) in [("key", locator.key_position(path)), ("value", locator.value_position(path))] {
            prop_assert!(line >= 1 && column >= 1, "{what} position {line}:{column} of `{path}`");
        }
    }
    Ok(())
}

fn check_diagnostic(d: &cloudbind_gen::diag::Diagnostic) -> Result<(), TestCaseError> {
    prop_assert!(d.line >= 1 && d.column >= 1, "position {}:{} in {d}", d.line, d.column);
    prop_assert!(!d.message.is_empty(), "empty message: {d:?}");
    // Printed as compilers print theirs, so editors can jump to it; then its key path and hint.
    let shown = d.to_string();
    let head = format!("{}:{}:{}: error: {}", d.file.display(), d.line, d.column, d.message);
    prop_assert!(shown.starts_with(&head), "{shown:?} does not start with {head:?}");
    if !d.path.is_empty() {
        prop_assert!(shown.contains(&format!("\n  at: {}", d.path)), "no key path in {shown:?}");
    }
    if let Some(hint) = &d.hint {
        prop_assert!(shown.contains(&format!("\n  hint: {hint}")), "no hint in {shown:?}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(regressions!("spec_file")))]

    /// One damaged spec file through the position index and the loader, which reports every
    /// unknown key of the file (re-parsing with each one commented out).
    #[test]
    fn spec_file(case in spec_case(), probes in vec(key_path(), 1..4)) {
        let file = &SPECS[case.file];
        check_positions(&Locator::index(&case.text), &probes)?;
        match load_file_all(&file.rel, case.text.clone(), file.kind) {
            Ok(loaded) => check_positions(loaded.source.locator(), &probes)?,
            Err(diagnostics) => {
                prop_assert!(!diagnostics.is_empty(), "a failed load without a diagnostic");
                for d in &diagnostics {
                    check_diagnostic(d)?;
                    prop_assert_eq!(&d.file, &file.rel);
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(config(regressions!("spec_tree")))]

    /// A whole spec tree, in memory, with some files damaged or missing, through `check`.
    #[test]
    fn spec_tree(case in tree_case()) {
        let mut tree = LoadedTree::default();
        for (i, file) in SPECS.iter().enumerate() {
            if case.dropped == Some(i) {
                continue;
            }
            let text = case.damaged.iter().find(|d| d.file == i).map_or(&file.text, |d| &d.text);
            // As `load::SpecDir` does it.
            match load_file_all(&file.rel, text.clone(), file.kind) {
                Ok(loaded) => tree.files.push(loaded),
                Err(diagnostics) => tree.diagnostics.extend(diagnostics),
            }
        }
        let failed_to_load = !tree.diagnostics.is_empty();
        let loaded = tree.files.len();
        match cloudbind_gen::check::check(tree) {
            Ok(ir) => {
                prop_assert!(!failed_to_load, "checked cleanly although a file did not load");
                prop_assert_eq!(ir.spec_files, loaded);
            }
            Err(diagnostics) => {
                prop_assert!(!diagnostics.is_empty());
                for d in &diagnostics.errors {
                    check_diagnostic(d)?;
                    prop_assert!(SPECS.iter().any(|s| s.rel == d.file), "diagnostic for an unknown file: {d}");
                }
                let n = diagnostics.len();
                let end = format!("{n} error{} in the specs; nothing was written", if n == 1 { "" } else { "s" });
                prop_assert!(diagnostics.to_string().ends_with(&end), "{diagnostics}");
            }
        }
    }
}

/// Text for the type parser and the loader: arbitrary characters, type-expression pieces,
/// YAML pieces.
fn soup() -> impl Strategy<Value = String> {
    #[rustfmt::skip]
    const TYPE_PIECES: &[&str] = &[
        "list<", ">", "<", "list", "list<list<", ">>", "u64", "i32", "f64", "string", "url", "base64", "binary",
        "FaceRect", "Face_Rect", "_", "9", "é", " ", "\t", "\n", "\0",
    ];
    prop_oneof![
        vec(any::<char>(), 0..48).prop_map(String::from_iter),
        vec(select(TYPE_PIECES), 0..10).prop_map(|p| p.concat()),
        vec(prop_oneof![select(YAML_TOKENS), select(YAML_VALUES), select(TYPE_PIECES)], 0..40).prop_map(|p| p.concat()),
    ]
}

proptest! {
    #![proptest_config(config(regressions!("spec_text")))]

    /// Arbitrary text as a type expression, a YAML document and each kind of spec file.
    #[test]
    fn spec_text(text in soup(), probes in vec(key_path(), 1..4)) {
        // A parsed type prints back to text that parses to the same type.
        if let Ok(expr) = cloudbind_gen::types::parse(&text) {
            prop_assert_eq!(cloudbind_gen::types::parse(&expr.to_string()), Ok(expr));
        }
        check_positions(&Locator::index(&text), &probes)?;
        let places = ["x/vendor.yaml", "x/s/1/service.yaml", "x/s/1/A.yaml", "A.yaml"];
        for rel in places {
            let kind = Kind::of(Path::new(rel));
            if let Err(diagnostic) = load_file(&Path::new("specs").join(rel), text.clone(), kind) {
                check_diagnostic(&diagnostic)?;
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Generated JSON values

/// Numbers at the edges of every integer type and of f64.
fn edge_numbers() -> Vec<Value> {
    let integers: [i128; 10] = [
        0,
        1,
        -1,
        i32::MIN as i128,
        i32::MAX as i128,
        u32::MAX as i128,
        u32::MAX as i128 + 1,
        i64::MIN as i128,
        i64::MAX as i128,
        u64::MAX as i128,
    ];
    let floats = [0.5, -0.0, 1e-7, f64::MIN_POSITIVE, 5e-324, 1e308, -1e308, f64::MAX, 4294967296.5];
    let integers = integers.map(|n| u64::try_from(n).map(Value::from).unwrap_or_else(|_| Value::from(n as i64)));
    integers.into_iter().chain(floats.map(Value::from)).collect()
}

fn number() -> impl Strategy<Value = Value> {
    prop_oneof![
        select(edge_numbers()),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        // Value::from maps NaN and infinities, which JSON lacks, to null.
        any::<f64>().prop_map(Value::from),
    ]
}

/// Short text of any characters, control and multi-byte ones included.
fn short_text() -> impl Strategy<Value = String> {
    vec(any::<char>(), 0..24).prop_map(String::from_iter)
}

/// Any JSON value; object keys mostly from `keys`, so they hit real fields.
fn any_json(keys: &'static [String]) -> BoxedStrategy<Value> {
    let key = move || prop_oneof![4 => select(keys), 1 => short_text()];
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        number(),
        short_text().prop_map(Value::String),
        select(keys).prop_map(Value::String),
    ];
    leaf.prop_recursive(4, 32, 6, move |inner| {
        prop_oneof![
            vec(inner.clone(), 0..6).prop_map(Value::Array),
            vec((key(), inner), 0..6).prop_map(|entries| Value::Object(entries.into_iter().collect())),
        ]
    })
    .boxed()
}

/// `n - 1`, `n` and `n + 1` of every size a limit sets, for text, base64 and data.
fn sizes_near(limits: &Limits) -> Vec<usize> {
    let encoded = |n: u64| n.div_ceil(3) * 4;
    let sizes = [
        limits.min_length,
        limits.max_length,
        limits.max_bytes,
        limits.max_encoded_size,
        limits.min_decoded_size.map(encoded),
        limits.max_decoded_size.map(encoded),
    ];
    let mut out: BTreeSet<usize> = BTreeSet::new();
    for n in sizes.into_iter().flatten() {
        let n = usize::try_from(n).unwrap_or(usize::MAX).min(8 << 20);
        out.extend([n.saturating_sub(1), n, n + 1]);
    }
    out.into_iter().collect()
}

/// Units text is built from: one to four bytes per character, and base64's own alphabet.
const UNITS: &[&str] = &["a", "A", "0", "=", " ", "é", "字", "😀", "\0", "\u{0301}"];

/// Text of a given kind: sizes near each limit (a few KiB, rarely MiB), allowed values and
/// near misses, pattern characters, random characters.
fn text(limits: &'static Limits) -> BoxedStrategy<String> {
    let near = sizes_near(limits);
    let (small, huge): (Vec<usize>, Vec<usize>) = near.into_iter().partition(|n| *n <= 64 << 10);
    let mut options: Vec<(u32, BoxedStrategy<String>)> = vec![
        (6, short_text().boxed()),
        (3, (select(UNITS), 0..4096usize).prop_map(|(unit, n)| unit.repeat(n)).boxed()),
    ];
    if !small.is_empty() {
        options.push((3, (select(UNITS), select(small)).prop_map(|(unit, n)| unit.repeat(n)).boxed()));
    }
    if !huge.is_empty() {
        // MiB-sized values cost milliseconds each; keep them rare.
        options.push((1, (select(&["A", "é"][..]), select(huge)).prop_map(|(unit, n)| unit.repeat(n)).boxed()));
        options.push((60, short_text().boxed()));
    }
    let allowed: Vec<String> = limits.allowed.iter().filter_map(|v| v.as_str().map(str::to_owned)).collect();
    if !allowed.is_empty() {
        let near_miss = (select(allowed.clone()), select(UNITS)).prop_map(|(a, u)| format!("{a}{u}"));
        options.push((4, select(allowed).boxed()));
        options.push((1, near_miss.boxed()));
    }
    if let Some(pattern) = &limits.pattern {
        // Strings made of the pattern's own characters often match, or nearly do.
        let mut chars: Vec<String> = pattern.chars().map(String::from).collect();
        chars.extend(["١", "é", ""].map(String::from));
        options.push((4, vec(select(chars), 0..24).prop_map(|c| c.concat()).boxed()));
    }
    proptest::strategy::Union::new_weighted(options).boxed()
}

fn url(limits: &'static Limits) -> BoxedStrategy<String> {
    const SCHEMES: &[&str] = &["http://", "https://", "HTTP://", "ftp://", "http:/", "https:///", ""];
    const PARTS: &[&str] = &["example.com", "a", ".", "/", "?", "#", ":80", "@", " ", "\t", "é", "%20", "[::1]"];
    let built = (select(SCHEMES), vec(select(PARTS), 0..8)).prop_map(|(s, p)| format!("{s}{}", p.concat()));
    prop_oneof![4 => built, 1 => text(limits)].boxed()
}

fn uuid(limits: &'static Limits) -> BoxedStrategy<String> {
    let valid = any::<u128>().prop_map(|n| {
        let h = format!("{n:032x}");
        format!("{}-{}-{}-{}-{}", &h[..8], &h[8..12], &h[12..16], &h[16..20], &h[20..])
    });
    let damaged = (valid.clone(), any::<Index>(), select(&["", "-", "g", "G", "é", "0", "00"][..])).prop_map(
        |(u, at, with): (String, Index, &str)| {
            let at = pick(&at, u.len());
            format!("{}{with}{}", &u[..at], &u[at + 1..])
        },
    );
    prop_oneof![3 => valid.clone(), 1 => valid.prop_map(|u| u.to_uppercase()), 3 => damaged, 1 => text(limits)].boxed()
}

/// Magic numbers of WebP and TIFF, which no vendor here takes but the header reader knows.
const OTHER_MAGIC: &[&[u8]] =
    &[b"RIFF\0\0\0\0WEBPVP8 ", b"RIFF\0\0\0\0WEBPVP8L", b"RIFF\0\0\0\0WEBPVP8X", b"II*\0", b"MM\0*"];

/// Bytes that look like images: headers of each format with random dimensions, random tails
/// and truncation, and sometimes padding to a length near a size limit.
fn image_bytes(pad_to: Vec<usize>) -> BoxedStrategy<Vec<u8>> {
    let dim32 =
        || prop_oneof![select(&[0u32, 1, 35, 36, 63, 64, 65, 1080, 1081, 4096, 4097, u32::MAX][..]), any::<u32>()];
    let dim16 = || prop_oneof![select(&[0u16, 1, 63, 64, 65, 1080, 1081, u16::MAX][..]), any::<u16>()];
    let tail = || vec(any::<u8>(), 0..48);
    let header = prop_oneof![
        (dim32(), dim32()).prop_map(|(w, h)| png(w, h)),
        (dim16(), dim16()).prop_map(|(w, h)| gif(w, h)),
        // JPEG: an optional APP1 segment (deeper headers need more decoding), then SOF0.
        (proptest::option::of(0..u16::MAX), dim16(), dim16(), tail()).prop_map(|(app, w, h, tail)| {
            let mut b = vec![0xFF, 0xD8];
            if let Some(n) = app {
                b.extend([0xFF, 0xE1]);
                b.extend(n.to_be_bytes());
                b.resize(b.len() + usize::from(n.saturating_sub(2)), 0);
            }
            b.extend([0xFF, 0xC0, 0x00, 0x11, 0x08]);
            b.extend(h.to_be_bytes());
            b.extend(w.to_be_bytes());
            b.extend(tail);
            b
        }),
        // BMP: BITMAPINFOHEADER with signed dimensions.
        (any::<i32>(), any::<i32>(), tail()).prop_map(|(w, h, tail)| {
            let mut b = b"BM".to_vec();
            b.extend([0; 12]);
            b.extend(40u32.to_le_bytes());
            b.extend(w.to_le_bytes());
            b.extend(h.to_le_bytes());
            b.extend(tail);
            b
        }),
        // Formats the vendors do not take, read by the same header parser.
        (select(OTHER_MAGIC), tail()).prop_map(|(magic, tail)| [magic, &tail].concat()),
        vec(any::<u8>(), 0..64),
    ];
    let cut = proptest::option::weighted(0.3, any::<Index>());
    let pad =
        if pad_to.is_empty() { Just(None).boxed() } else { proptest::option::weighted(0.02, select(pad_to)).boxed() };
    (header, cut, pad)
        .prop_map(|(mut bytes, cut, pad)| {
            if let Some(at) = cut {
                bytes.truncate(pick(&at, bytes.len() + 1));
            }
            if let Some(n) = pad {
                bytes.resize(n, 0);
            }
            bytes
        })
        .boxed()
}

fn base64_text(limits: &'static Limits) -> BoxedStrategy<String> {
    let image = image_bytes(Vec::new()).prop_map(|b| base64(&b));
    // Well-formed base64 with one flaw: a foreign byte, lost or extra padding, a line break.
    let damaged = (image.clone(), any::<Index>(), select(&["", "=", "==", "-", "_", " ", "\n", "*", "é", "A"][..]))
        .prop_map(|(text, at, with): (String, Index, &str)| {
            let at = pick(&at, text.len() + 1);
            format!("{}{with}{}", &text[..at], &text[(at + 1).min(text.len())..])
        });
    // An image header followed by filler up to a length near the size limits.
    let sized = sizes_near(limits);
    let mut options: Vec<(u32, BoxedStrategy<String>)> = vec![
        (4, image.clone().boxed()),
        (3, damaged.boxed()),
        (1, vec(any::<u8>(), 0..96).prop_map(|b| base64(&b)).boxed()),
    ];
    if !sized.is_empty() {
        let padded = (image_bytes(Vec::new()), select(sized)).prop_map(|(bytes, n)| {
            let mut text = base64(&bytes);
            let filler = n.saturating_sub(text.len());
            text.push_str(&"A".repeat(filler));
            text
        });
        options.push((1, padded.boxed()));
        options.push((30, image_bytes(Vec::new()).prop_map(|b| base64(&b)).boxed()));
    }
    options.push((2, text(limits)));
    // The data URL a browser gives, which callers paste by mistake.
    let data_url = image.prop_map(|text| format!("data:image/png;base64,{text}"));
    options.push((1, data_url.boxed()));
    proptest::strategy::Union::new_weighted(options).boxed()
}

/// Numbers for a field of type `prim`: near the limits and the allowed values, at the edges of
/// the types, or anything. Integer fields get integers but for one value in twenty.
fn limited_number(prim: Prim, limits: &'static Limits) -> BoxedStrategy<Value> {
    let steps: &[f64] = if prim.is_integer() { &[-1.0, 0.0, 1.0] } else { &[-1.0, -0.5, 0.0, 0.5, 1.0] };
    let mut near: Vec<f64> = Vec::new();
    let bounds = [limits.min, limits.max].into_iter().flatten();
    for x in bounds.chain(limits.allowed.iter().filter_map(Value::as_f64)) {
        near.extend(steps.iter().map(|step| x + step));
    }
    // Integers stay integers on the wire: serde_json does not read `1.0` as an integer.
    let as_json = |x: f64| if x.fract() == 0.0 && x.abs() < 9e15 { Value::from(x as i64) } else { Value::from(x) };
    let mut near: Vec<Value> = near.into_iter().map(as_json).collect();
    if let Some((low, high)) = prim.integer_range() {
        // A value the type cannot hold never reaches the validator.
        near.retain(|n| n.as_f64().is_some_and(|x| x >= low && x <= high));
    }
    let anything = match prim.integer_range() {
        Some((low, high)) => {
            // In the type's range but for one value in twenty: serde, not the validator,
            // refuses the rest.
            let fits = |n: &Value| n.as_f64().is_some_and(|x| (n.is_i64() || n.is_u64()) && x >= low && x <= high);
            let edges: Vec<Value> = edge_numbers().into_iter().filter(fits).collect();
            let any_fitting = match prim {
                Prim::I32 => any::<i32>().prop_map(Value::from).boxed(),
                Prim::U32 => any::<u32>().prop_map(Value::from).boxed(),
                Prim::U64 => any::<u64>().prop_map(Value::from).boxed(),
                _ => any::<i64>().prop_map(Value::from).boxed(),
            };
            prop_oneof![10 => select(edges), 9 => any_fitting, 1 => number()].boxed()
        }
        None => number().boxed(),
    };
    if near.is_empty() {
        anything
    } else {
        prop_oneof![2 => select(near), 1 => anything].boxed()
    }
}

/// A value of type `ty` within the service's models; one in thirty is of any type at all.
/// `depth` counts the models around it, so a model that contains itself cannot recurse forever.
fn typed(
    ty: &'static Type,
    limits: &'static Limits,
    items: &'static Limits,
    service: &'static ir::Service,
    depth: usize,
) -> BoxedStrategy<Value> {
    static NO_LIMITS: LazyLock<Limits> = LazyLock::new(Limits::default);
    let right = match ty {
        Type::Prim(Prim::String) => text(limits).prop_map(Value::String).boxed(),
        Type::Prim(Prim::Url) => url(limits).prop_map(Value::String).boxed(),
        Type::Prim(Prim::Uuid) => uuid(limits).prop_map(Value::String).boxed(),
        Type::Prim(Prim::Base64) => base64_text(limits).prop_map(Value::String).boxed(),
        Type::Prim(Prim::Bool) => any::<bool>().prop_map(Value::Bool).boxed(),
        Type::Prim(p) if p.is_number() => limited_number(*p, limits),
        Type::Prim(_) => any_json(keys_of(service)),
        Type::List(item) => {
            let max = limits.max_items.map_or(6, |m| m as usize + 2).min(12);
            vec(typed(item, items, &NO_LIMITS, service, depth), 0..=max).prop_map(Value::Array).boxed()
        }
        Type::Model { .. } if depth >= 8 => Just(Value::Object(Map::new())).boxed(),
        Type::Model { name, .. } => object(&model(service, name).fields, service, depth + 1),
    };
    prop_oneof![29 => right, 1 => any_json(keys_of(service))].boxed()
}

/// An object with each serialized field of `fields` present or not (required ones nearly
/// always), now and then with a key no field has.
fn object(fields: &'static [Field], service: &'static ir::Service, depth: usize) -> BoxedStrategy<Value> {
    let entries: Vec<BoxedStrategy<Option<(String, Value)>>> = fields
        .iter()
        .filter(|f| f.serialized())
        .map(|f| {
            let present = if f.required { 0.98 } else { 0.5 };
            let value =
                typed(&f.ty, &f.limits, &f.item_limits, service, depth).prop_map(move |v| (f.wire_name.clone(), v));
            proptest::option::weighted(present, value).boxed()
        })
        .collect();
    let extra = proptest::option::weighted(0.05, (short_text(), any_json(keys_of(service))));
    (entries, extra)
        .prop_map(|(entries, extra)| Value::Object(entries.into_iter().flatten().chain(extra).collect::<Map<_, _>>()))
        .boxed()
}

/// Keys for generated objects: the envelope keys of every protocol and every wire name of the
/// service.
fn keys_of(service: &'static ir::Service) -> &'static [String] {
    static KEYS: LazyLock<Vec<(String, Vec<String>)>> = LazyLock::new(|| {
        let envelope =
            ["Response", "Error", "Code", "Message", "RequestId", "HostId", "error", "code", "statusCode", "message"];
        IR.vendors
            .iter()
            .flat_map(|vendor| &vendor.services)
            .map(|service| {
                let mut names = BTreeSet::new();
                for action in &service.actions {
                    wire_names(service, &action.request, &mut names);
                    wire_names(service, &action.response, &mut names);
                }
                names.extend(envelope);
                (service.spec_file.clone(), names.into_iter().map(str::to_owned).collect())
            })
            .collect()
    });
    &KEYS.iter().find(|(file, _)| *file == service.spec_file).expect("every service has keys").1
}

// ---------------------------------------------------------------------------------------------
// Target 2: response readers

/// HTTP statuses: success, the error statuses vendors use, the edges of 2xx, anything.
fn status() -> impl Strategy<Value = u16> {
    prop_oneof![
        4 => Just(200u16),
        4 => select(&[400u16, 401, 404, 429, 500, 502][..]),
        1 => select(&[0u16, 100, 201, 204, 299, 300, 599, 999][..]),
        1 => any::<u16>(),
    ]
}

/// A value meant for `key`, or now and then a value of any type.
fn loose(intended: BoxedStrategy<Value>, keys: &'static [String]) -> BoxedStrategy<Value> {
    prop_oneof![9 => intended, 1 => any_json(keys)].boxed()
}

/// An object with each of `entries` present most of the time.
fn loose_object(entries: Vec<(&'static str, BoxedStrategy<Value>)>) -> BoxedStrategy<Value> {
    let entries: Vec<_> = entries
        .into_iter()
        .map(|(key, value)| proptest::option::weighted(0.85, value.prop_map(move |v| (key.to_owned(), v))))
        .collect();
    entries.prop_map(|e| Value::Object(e.into_iter().flatten().collect())).boxed()
}

/// The protocol's error body with codes from the action's table, or others.
fn error_body(protocol: ir::Protocol, action: &'static ir::Action, keys: &'static [String]) -> BoxedStrategy<Value> {
    let mut codes: Vec<String> = action.errors.iter().map(|e| e.code.clone()).collect();
    codes.extend(["", "429", "Unknown", "Other", "é字"].map(String::from));
    let code =
        || loose(prop_oneof![4 => select(codes.clone()), 1 => short_text()].prop_map(Value::String).boxed(), keys);
    let text = || loose(short_text().prop_map(Value::String).boxed(), keys);
    match protocol {
        ir::Protocol::TencentApi3 => loose_object(vec![
            ("Error", loose(loose_object(vec![("Code", code()), ("Message", text())]), keys)),
            ("RequestId", text()),
        ]),
        ir::Protocol::AlibabaRpc => {
            loose_object(vec![("Code", code()), ("Message", text()), ("RequestId", text()), ("HostId", text())])
        }
        ir::Protocol::AzureRest => {
            let status_code = loose(prop_oneof![status().prop_map(Value::from), number()].boxed(), keys);
            let error = loose_object(vec![("code", code()), ("message", text()), ("statusCode", status_code)]);
            loose_object(vec![("error", loose(error, keys))])
        }
    }
}

/// Response bodies for one action: arbitrary bytes, damaged seed examples, generated JSON.
fn response_body(name: &str) -> BoxedStrategy<Body> {
    let (service, action) = spec_of(name);
    let keys = keys_of(service);
    let seeds: Vec<&'static str> = action.examples.iter().map(|e| e.body.as_str()).collect();
    assert!(!seeds.is_empty(), "{name} has no example bodies");
    let damaged =
        (select(seeds), vec(mutation(&JSON), 1..6)).prop_map(|(seed, mutations)| mutate(seed.as_bytes(), &mutations));
    let success = object(&action.response, service, 0);
    let error = error_body(service.protocol, action, keys);
    let structured = match service.protocol {
        // Tencent wraps both results and errors in `Response`.
        ir::Protocol::TencentApi3 => {
            let inner = prop_oneof![4 => success, 3 => error, 1 => any_json(keys)];
            prop_oneof![8 => inner.prop_map(|v| serde_json::json!({ "Response": v })), 1 => any_json(keys)].boxed()
        }
        _ => prop_oneof![4 => success, 3 => error, 1 => any_json(keys)].boxed(),
    };
    // Now and then behind a byte order mark, which the runtime skips.
    let structured = (structured, proptest::bool::weighted(0.1)).prop_map(|(v, bom)| {
        let json = serde_json::to_vec(&v).expect("a Value serializes");
        if bom {
            [&b"\xEF\xBB\xBF"[..], &json].concat()
        } else {
            json
        }
    });
    prop_oneof![2 => vec(any::<u8>(), 0..256), 3 => damaged, 5 => structured].prop_map(Body).boxed()
}

/// Reads one response and checks the outcome against the protocol's rules.
fn read<A: Action>(status: u16, body: &[u8]) -> Result<(), TestCaseError> {
    let result = cloudbind_runtime::parse_response::<A>(status, body);
    // Syntactic validity, as serde_json's derive sees it (unlike `Value`, it accepts numbers
    // too large for f64 in fields it skips), after the one byte order mark the runtime skips.
    let text = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let json = serde_json::from_slice::<IgnoredAny>(text).is_ok();
    let success = match A::SERVICE.protocol {
        Protocol::TencentApi3 => status == 200,
        _ => (200..300).contains(&status),
    };
    match &result {
        Ok(_) => {
            prop_assert!(success, "a success value from status {status}");
            prop_assert!(json, "a success value from a body that is not JSON");
        }
        Err(error) => {
            prop_assert!(!error.to_string().is_empty());
            match error {
                ResponseError::Service(e) => {
                    prop_assert!(json, "a service error from a body that is not JSON");
                    prop_assert_eq!(e.http_status, status);
                    // Any status may carry a vendor error: Tencent's API answers with 200 but a
                    // gateway may not, and the others now and then send an error body with a
                    // success status.
                    prop_assert_eq!(e.retry(), error.retry());
                    // The typed code spells itself back to the same code.
                    prop_assert_eq!(&A::ErrorCode::from_code(e.code.code()), &e.code);
                    let _ = (e.code.is_known(), e.code.summary(), e.is_retryable());
                }
                ResponseError::Status { status: s, body: b, retry_after, .. } => {
                    prop_assert_eq!(*s, status);
                    prop_assert_eq!(*retry_after, None, "only headers say when to retry");
                    prop_assert_eq!(error.request_id(), None, "parse_response reads no request id");
                    prop_assert_eq!(b.as_slice(), body, "the body is kept byte for byte");
                    prop_assert!(!success, "status {status} counts as success but was not read");
                }
                ResponseError::Malformed { status: s, reason, body: b, .. } => {
                    prop_assert_eq!(*s, status);
                    prop_assert_eq!(b.as_slice(), body, "the body is kept byte for byte");
                    prop_assert!(!reason.is_empty());
                    prop_assert_eq!(error.request_id(), None, "parse_response reads no request id");
                    prop_assert!(success, "an error status {status} called malformed");
                }
                other => prop_assert!(false, "a variant this target does not check: {other:?}"),
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(regressions!("response_create_custom_person")))]
    #[test]
    fn response_create_custom_person(status in status(), body in response_body(CreateCustomPerson::NAME)) {
        read::<CreateCustomPerson>(status, &body.0)?;
    }
}

proptest! {
    #![proptest_config(config(regressions!("response_create_face")))]
    #[test]
    fn response_create_face(status in status(), body in response_body(CreateFace::NAME)) {
        read::<CreateFace>(status, &body.0)?;
    }
}

proptest! {
    #![proptest_config(config(regressions!("response_face_fusion")))]
    #[test]
    fn response_face_fusion(status in status(), body in response_body(FaceFusion::NAME)) {
        read::<FaceFusion>(status, &body.0)?;
    }
}

proptest! {
    #![proptest_config(config(regressions!("response_register_custom_face")))]
    #[test]
    fn response_register_custom_face(status in status(), body in response_body(RegisterCustomFace::NAME)) {
        read::<RegisterCustomFace>(status, &body.0)?;
    }
}

proptest! {
    #![proptest_config(config(regressions!("response_person_group_person_add_face")))]
    #[test]
    fn response_person_group_person_add_face(status in status(), body in response_body(PersonGroupPersonAddFace::NAME)) {
        read::<PersonGroupPersonAddFace>(status, &body.0)?;
    }
}

// ---------------------------------------------------------------------------------------------
// Target 3: request validators

/// Requests for one action as JSON, built from its spec.
fn request_json(name: &str) -> BoxedStrategy<Json> {
    let (service, action) = spec_of(name);
    object(&action.request, service, 0).prop_map(Json).boxed()
}

/// Deserializes `json` into the action's request, applies `prepare` (for values serde does
/// not carry) and, when it is a request, validates it both ways.
fn validate<A: Action>(json: Value, prepare: impl FnOnce(&mut A::Request)) -> Result<(), TestCaseError>
where
    A::Request: DeserializeOwned,
{
    // Most do (see `request_strategies_reach_the_validators`); the others test serde only.
    let Ok(mut request) = serde_json::from_value::<A::Request>(json) else {
        return Ok(());
    };
    prepare(&mut request);
    let (service, action) = spec_of(A::NAME);
    let top: BTreeSet<&str> = action.request.iter().map(|f| f.wire_name.as_str()).collect();
    let mut all = BTreeSet::new();
    wire_names(service, &action.request, &mut all);

    let full = match request.validate() {
        Ok(()) => Vec::new(),
        Err(error) => {
            prop_assert!(!error.violations.is_empty());
            let shown = error.to_string();
            prop_assert!(shown.starts_with(&format!("{} invalid value", error.violations.len())), "{shown}");
            for v in &error.violations {
                prop_assert!(shown.contains(&format!("\n- {v}")), "{v} is not in {shown}");
            }
            error.violations
        }
    };
    for v in &full {
        check_violation(v, &top, &all)?;
    }
    let mut validator = Validator::without_base64_scan();
    request.validate_into(&mut validator);
    let unscanned = validator.finish().err().map(|e| e.violations).unwrap_or_default();
    // Skipping the scan drops only `base64` violations: those the scan found, not the cheap
    // checks' (a data URL, or an image whose first bytes do not decode).
    let rest = |violations: &[Violation]| -> Vec<Violation> {
        violations.iter().filter(|v| v.rule != Rule::Base64).cloned().collect()
    };
    prop_assert_eq!(rest(&unscanned), rest(&full));
    for kept in unscanned.iter().filter(|v| v.rule == Rule::Base64) {
        prop_assert!(full.contains(kept), "{kept} is found only without the scan");
    }
    Ok(())
}

/// A violation names its rule, and its path is made of the request's wire names (empty only
/// for rules across fields).
fn check_violation(v: &Violation, top: &BTreeSet<&str>, all: &BTreeSet<&str>) -> Result<(), TestCaseError> {
    // Printed with where, which rule, what it allows and what was found.
    let shown = v.to_string();
    let at = if v.path.is_empty() { "(request)" } else { &v.path };
    for part in [at, v.rule.name(), &v.limit, &v.found] {
        prop_assert!(shown.contains(part), "{shown:?} does not show {part:?}");
    }
    if v.path.is_empty() {
        prop_assert!(matches!(v.rule, Rule::AtLeastOne | Rule::ExactlyOne), "no path for {v}");
        return Ok(());
    }
    let names: Vec<&str> = v.path.split('.').map(|part| part.split('[').next().unwrap_or_default()).collect();
    prop_assert!(top.contains(names[0]), "path of {v} does not start with a request parameter");
    for name in &names {
        prop_assert!(all.contains(name), "`{name}` in the path of {v} is not a wire name");
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(regressions!("validate_create_custom_person")))]
    #[test]
    fn validate_create_custom_person(json in request_json(CreateCustomPerson::NAME)) {
        validate::<CreateCustomPerson>(json.0, |_| {})?;
    }
}

proptest! {
    #![proptest_config(config(regressions!("validate_create_face")))]
    #[test]
    fn validate_create_face(json in request_json(CreateFace::NAME)) {
        validate::<CreateFace>(json.0, |_| {})?;
    }
}

proptest! {
    #![proptest_config(config(regressions!("validate_face_fusion")))]
    #[test]
    fn validate_face_fusion(json in request_json(FaceFusion::NAME)) {
        validate::<FaceFusion>(json.0, |_| {})?;
    }
}

proptest! {
    #![proptest_config(config(regressions!("validate_register_custom_face")))]
    #[test]
    fn validate_register_custom_face(json in request_json(RegisterCustomFace::NAME)) {
        validate::<RegisterCustomFace>(json.0, |_| {})?;
    }
}

/// The Azure raw image body: absent, or image-like bytes padded now and then to the sizes
/// around its limits.
fn azure_image() -> BoxedStrategy<Option<Body>> {
    let (_, action) = spec_of(PersonGroupPersonAddFace::NAME);
    let field = action.request.iter().find(|f| !f.serialized()).expect("the action has a binary body");
    let sizes = [field.limits.min_decoded_size, field.limits.max_decoded_size]
        .into_iter()
        .flatten()
        .flat_map(|n| [n - 1, n, n + 1])
        .map(|n| usize::try_from(n).expect("a size fits in memory"))
        .collect();
    proptest::option::weighted(0.6, image_bytes(sizes).prop_map(Body)).boxed()
}

proptest! {
    #![proptest_config(config(regressions!("validate_person_group_person_add_face")))]
    #[test]
    fn validate_person_group_person_add_face(
        json in request_json(PersonGroupPersonAddFace::NAME),
        image in azure_image(),
    ) {
        // `image` is the raw body, not a serde field.
        validate::<PersonGroupPersonAddFace>(json.0, |request| request.image = image.map(|b| b.0))?;
    }
}

/// Draws of the request strategies from proptest's fixed seed: how many of `DRAWS` requests
/// deserialize, and the rules the validated ones break.
fn request_draws<A: Action>(prepare: impl Fn(&mut A::Request)) -> (usize, BTreeSet<&'static str>)
where
    A::Request: DeserializeOwned,
{
    use proptest::strategy::ValueTree as _;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = request_json(A::NAME);
    let (mut parsed, mut rules) = (0, BTreeSet::new());
    for _ in 0..REQUEST_DRAWS {
        let json = strategy.new_tree(&mut runner).expect("a request").current();
        let Ok(mut request) = serde_json::from_value::<A::Request>(json.0) else { continue };
        parsed += 1;
        prepare(&mut request);
        if let Err(error) = request.validate() {
            rules.extend(error.violations.iter().map(|v| v.rule.name()));
        }
    }
    (parsed, rules)
}

/// How many requests [`request_draws`] draws per action.
const REQUEST_DRAWS: usize = 300;

/// The `validate_*` targets stop at a request that does not deserialize, so a strategy that
/// drifted to invalid JSON would leave them passing while checking nothing: most drawn
/// requests must deserialize (72 to 85 % did when this was written), and those must still
/// reach the rules they reached then. Azure's image rules need the raw body, which is no JSON.
#[test]
fn request_strategies_reach_the_validators() {
    let draws = [
        (
            CreateCustomPerson::NAME,
            request_draws::<CreateCustomPerson>(|_| {}),
            &["at_least_one", "base64", "required", "url"][..],
        ),
        (
            CreateFace::NAME,
            request_draws::<CreateFace>(|_| {}),
            &[
                "allowed",
                "at_least_one",
                "base64",
                "image_format",
                "max",
                "max_encoded_size",
                "max_items",
                "min",
                "min_short_side",
                "pattern",
                "required",
                "url",
            ],
        ),
        (
            FaceFusion::NAME,
            request_draws::<FaceFusion>(|_| {}),
            &["allowed", "at_least_one", "base64", "image_format", "max_length", "min_short_side", "required", "url"],
        ),
        (RegisterCustomFace::NAME, request_draws::<RegisterCustomFace>(|_| {}), &["max_length", "required", "url"]),
        (
            PersonGroupPersonAddFace::NAME,
            request_draws::<PersonGroupPersonAddFace>(|_| {}),
            &["allowed", "exactly_one", "max_bytes", "max_length", "pattern", "required", "url", "uuid"],
        ),
    ];
    for (name, (parsed, rules), expected) in draws {
        assert!(parsed * 10 >= REQUEST_DRAWS * 6, "{name}: only {parsed} of {REQUEST_DRAWS} requests deserialize");
        let missed: Vec<&&str> = expected.iter().filter(|rule| !rules.contains(**rule)).collect();
        assert!(missed.is_empty(), "{name}: no drawn request breaks {missed:?} (reached: {rules:?})");
    }
}
