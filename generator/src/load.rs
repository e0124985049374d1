//! Finds the spec files and parses each into its serde struct.
//!
//! The checker reads a tree through [`SpecFiles`], one file at a time, so a tree of any size
//! is held one service folder at a time: [`SpecDir`] reads from disk, [`Preloaded`] hands out
//! files parsed beforehand (tests and fuzzing build trees in memory).

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use yaml_rust2::scanner::{Scanner, TScalarStyle};

use crate::diag::{did_you_mean, Diagnostic, Source};
use crate::locate::{KeyPath, Segment};
use crate::scaffold::PLACEHOLDER;
use crate::spec::{ActionSpec, ServiceSpec, VendorSpec};
use crate::syntax;

/// What a spec file holds, by its place in the tree.
#[derive(Debug)]
pub enum Spec {
    Vendor(VendorSpec),
    Service(ServiceSpec),
    Action(ActionSpec),
}

/// A parsed spec file.
#[derive(Debug)]
pub struct Loaded {
    pub source: Source,
    pub spec: Spec,
    /// Keys given no value (`allowed:` and nothing more): errors, though serde read the file,
    /// so the checker reports them beside its own findings (see `empty_values`).
    pub slips: Vec<Diagnostic>,
}

/// The files of a spec tree: parsed ones, and diagnostics for those that did not parse.
#[derive(Debug, Default)]
pub struct LoadedTree {
    pub files: Vec<Loaded>,
    pub diagnostics: Vec<Diagnostic>,
    /// Every YAML file seen, parsed or not.
    pub seen: usize,
}

/// What a spec file describes, by its place in the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `<vendor>/vendor.yaml`
    Vendor,
    /// `<vendor>/<service>/<version>/service.yaml`
    Service,
    /// `<vendor>/<service>/<version>/<Action>.yaml`
    Action,
    /// Anywhere else: reported, never checked.
    Misplaced,
}

/// The kind of a file `depth` components below the specs folder, named `stem`.yaml.
pub fn kind_of(depth: usize, stem: &str) -> Kind {
    match (depth, stem) {
        (2, "vendor") => Kind::Vendor,
        (4, "service") => Kind::Service,
        (4, _) => Kind::Action,
        _ => Kind::Misplaced,
    }
}

/// A spec tree the checker reads one file at a time.
pub trait SpecFiles {
    /// Every spec file, parsed or not, relative to the workspace root, sorted.
    fn paths(&self) -> &[PathBuf];
    /// What the file at `path` describes.
    fn kind(&self, path: &Path) -> Kind;
    /// The bytes of the file at `path`, read once: [`SpecFiles::parse`] takes them, so a
    /// cache key made from them describes exactly what gets checked.
    fn read(&mut self, path: &Path) -> io::Result<Vec<u8>>;
    /// Parses `bytes`, what [`SpecFiles::read`] gave for `path`; `Err` holds every problem
    /// found in the file.
    fn parse(&mut self, path: &Path, bytes: io::Result<Vec<u8>>) -> Result<Loaded, Vec<Diagnostic>>;
    /// Reads and parses the file at `path`.
    fn load(&mut self, path: &Path) -> Result<Loaded, Vec<Diagnostic>> {
        let bytes = self.read(path);
        self.parse(path, bytes)
    }
}

/// The spec files below `root/specs_dir`, read from disk when asked for. Paths in
/// diagnostics are relative to `root`.
#[derive(Debug)]
pub struct SpecDir {
    root: PathBuf,
    specs_dir: PathBuf,
    paths: Vec<PathBuf>,
    /// Time spent reading and parsing so far (for the benchmarks' load phase).
    pub loading: Duration,
}

impl SpecDir {
    /// Finds every `*.yaml` below `root/specs_dir` (and `*.yml`, `*.YAML`, which are refused).
    pub fn open(root: &Path, specs_dir: &Path) -> std::io::Result<Self> {
        let start = Instant::now();
        let mut paths = Vec::new();
        collect_yaml(root, &root.join(specs_dir), &mut Vec::new(), &mut paths)?;
        let mut paths: Vec<PathBuf> =
            paths.into_iter().map(|path| path.strip_prefix(root).map(Path::to_path_buf).unwrap_or(path)).collect();
        paths.sort();
        Ok(SpecDir { root: root.to_path_buf(), specs_dir: specs_dir.to_path_buf(), paths, loading: start.elapsed() })
    }

    fn depth(&self, rel: &Path) -> usize {
        rel.strip_prefix(&self.specs_dir).map(|p| p.components().count()).unwrap_or(0)
    }
}

impl SpecFiles for SpecDir {
    fn paths(&self) -> &[PathBuf] {
        &self.paths
    }

    fn kind(&self, path: &Path) -> Kind {
        kind_of(self.depth(path), path.file_stem().and_then(|s| s.to_str()).unwrap_or_default())
    }

    fn read(&mut self, rel: &Path) -> io::Result<Vec<u8>> {
        let start = Instant::now();
        let path = self.root.join(rel);
        // Reading a FIFO would wait for a writer for ever; a socket or a device is no spec either.
        let bytes = match std::fs::metadata(&path) {
            Ok(meta) if !meta.is_file() => {
                Err(io::Error::new(io::ErrorKind::InvalidInput, "it is not a regular file (a FIFO, socket or device)"))
            }
            _ => std::fs::read(&path),
        };
        self.loading += start.elapsed();
        bytes
    }

    fn parse(&mut self, rel: &Path, bytes: io::Result<Vec<u8>>) -> Result<Loaded, Vec<Diagnostic>> {
        let start = Instant::now();
        let loaded = match bytes {
            Ok(bytes) => match String::from_utf8(bytes) {
                // YAML allows a byte order mark; yaml_serde would take it for part of a key.
                Ok(text) => match text.strip_prefix('\u{feff}') {
                    Some(rest) => load_file_all(rel, rest.to_owned(), self.depth(rel)),
                    None => load_file_all(rel, text, self.depth(rel)),
                },
                Err(error) => {
                    let (line, column) = position_of_byte(error.as_bytes(), error.utf8_error().valid_up_to());
                    let source = Source::new(rel, String::new());
                    Err(vec![source.at(
                        line,
                        column,
                        String::new(),
                        "the file is not valid UTF-8",
                        Some("save it as UTF-8".into()),
                    )])
                }
            },
            Err(error) => Err(vec![Source::new(rel, String::new()).at(
                1,
                1,
                String::new(),
                format!("cannot read the file: {error}"),
                None,
            )]),
        };
        self.loading += start.elapsed();
        loaded
    }
}

/// 1-based line and column (in characters) of the byte at `offset`.
fn position_of_byte(bytes: &[u8], offset: usize) -> (usize, usize) {
    let before = String::from_utf8_lossy(&bytes[..offset]);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |tail| tail.chars().count()) + 1;
    (line, column)
}

/// Files parsed beforehand, handed out as a [`SpecDir`] would read them.
#[derive(Debug, Default)]
pub struct Preloaded {
    paths: Vec<PathBuf>,
    files: HashMap<PathBuf, Loaded>,
    failed: HashMap<PathBuf, Vec<Diagnostic>>,
}

impl From<LoadedTree> for Preloaded {
    fn from(tree: LoadedTree) -> Self {
        let mut preloaded = Preloaded::default();
        for diagnostic in tree.diagnostics {
            preloaded.failed.entry(diagnostic.file.clone()).or_default().push(diagnostic);
        }
        for file in tree.files {
            preloaded.files.insert(file.source.rel.clone(), file);
        }
        preloaded.paths = preloaded.files.keys().chain(preloaded.failed.keys()).cloned().collect();
        preloaded.paths.sort();
        preloaded.paths.dedup();
        preloaded
    }
}

impl SpecFiles for Preloaded {
    fn paths(&self) -> &[PathBuf] {
        &self.paths
    }

    fn kind(&self, path: &Path) -> Kind {
        match self.files.get(path).map(|file| &file.spec) {
            Some(Spec::Vendor(_)) => Kind::Vendor,
            Some(Spec::Service(_)) => Kind::Service,
            Some(Spec::Action(_)) => Kind::Action,
            // A file that did not parse: only its name is known, and only matters for not
            // reporting it as missing.
            None => match path.file_stem().and_then(|s| s.to_str()) {
                Some("vendor") => Kind::Vendor,
                Some("service") => Kind::Service,
                _ => Kind::Action,
            },
        }
    }

    /// A preloaded tree keeps parsed files, not their bytes: nothing keys a cache on it.
    fn read(&mut self, _: &Path) -> io::Result<Vec<u8>> {
        Err(io::Error::new(io::ErrorKind::Unsupported, "the files were parsed beforehand"))
    }

    /// The file as it was parsed beforehand, whatever `read` gave.
    fn parse(&mut self, path: &Path, _: io::Result<Vec<u8>>) -> Result<Loaded, Vec<Diagnostic>> {
        match self.files.remove(path) {
            Some(file) => Ok(file),
            None => Err(self.failed.remove(path).unwrap_or_default()),
        }
    }
}

/// The `*.yaml` files below `dir` (see [`SpecDir::open`]), following symbolic links, but not
/// one back to a folder being listed (`above`, canonical paths), which would make the tree
/// endless; an error names the folder, relative to `root`.
fn collect_yaml(root: &Path, dir: &Path, above: &mut Vec<PathBuf>, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let named = |error| crate::output::at(dir.strip_prefix(root).unwrap_or(dir))(error);
    let canonical = dir.canonicalize().map_err(named)?;
    if above.contains(&canonical) {
        let why = "a symbolic link back to a folder above it, so the spec tree would have no end";
        return Err(named(io::Error::new(io::ErrorKind::InvalidInput, why)));
    }
    above.push(canonical);
    for entry in std::fs::read_dir(dir).map_err(named)? {
        let path = entry.map_err(named)?.path();
        if path.is_dir() {
            collect_yaml(root, &path, above, out)?;
        } else if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml")) {
            // `.yml` and `.YAML` too, to be refused with a diagnostic rather than skipped.
            out.push(path);
        }
    }
    above.pop();
    Ok(())
}

/// Parses one file whose path below the specs folder has `depth` components; on failure,
/// the first problem (see [`load_file_all`] for all of them).
pub fn load_file(rel: &Path, text: String, depth: usize) -> Result<Loaded, Box<Diagnostic>> {
    load_file_all(rel, text, depth).map_err(|mut all| Box::new(all.remove(0)))
}

/// Parses one file, reporting every unknown key, wrong value, wrong list item and key missing
/// from a block map it contains, every mistake [`syntax::lint`] finds, every placeholder of
/// `cargo xtask new` left in it, and the first other problem, followed by a diagnostic saying
/// the file is not checked past it. YAML that does not parse is reported alone, since the
/// other problems serde finds before the parser fails follow from it.
pub fn load_file_all(rel: &Path, text: String, depth: usize) -> Result<Loaded, Vec<Diagnostic>> {
    let source = Source::new(rel, text);
    let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    // Found so it is not skipped in silence; one spelling keeps the tree uniform.
    if rel.extension().is_some_and(|e| e != "yaml") {
        let hint = format!("rename it to `{stem}.yaml`");
        return Err(vec![source.at(1, 1, String::new(), "spec files are named `*.yaml`", Some(hint))]);
    }
    if let Some((line, column, message, hint)) = stray_character(&source.text) {
        return Err(vec![source.at(line, column, String::new(), message, Some(hint.into()))]);
    }
    if let Some((line, column)) = too_deep(&source.text, MAX_FLOW_DEPTH) {
        let message = format!("brackets nest more than {MAX_FLOW_DEPTH} levels deep");
        let hint = Some("specs nest a few levels; look for brackets that are never closed".into());
        return Err(vec![source.at(line, column, String::new(), message, hint)]);
    }
    let kind = kind_of(depth, stem);
    let blank = source.text.lines().all(|line| line.trim().is_empty() || line.trim_start().starts_with('#'));
    if blank {
        let first_key = match kind {
            Kind::Vendor | Kind::Service => "vendor",
            _ => "action",
        };
        let hint = format!("a spec starts with `{first_key}:`; specs/README.md lists every key");
        return Err(vec![source.at(1, 1, String::new(), "the file has no content", Some(hint))]);
    }
    if kind == Kind::Misplaced {
        let hint = "specs are `<vendor>/vendor.yaml`, `<vendor>/<service>/<version>/service.yaml` \
                    and `<vendor>/<service>/<version>/<Action>.yaml`";
        return Err(vec![source.at(1, 1, String::new(), "spec file in an unexpected place", Some(hint.into()))]);
    }
    let mut found = syntax::lint(&source);
    // A merge key changes which keys its map has: what serde would say about the map is not
    // what the writer meant.
    if found.iter().any(|d| d.message == syntax::MERGE_KEYS) {
        return Err(found);
    }
    found.extend(placeholders(&source));
    if found.len() > MAX_LISTED {
        let more = found.len() - MAX_LISTED;
        let first = found.swap_remove(MAX_LISTED);
        found.truncate(MAX_LISTED);
        found.push(more_not_listed(&source, first.line, first.column, first.path, more));
        return Err(found);
    }
    let room = MAX_LISTED - found.len();
    let spec = match kind {
        Kind::Vendor => parse(&source, room, MAX_READ).map(Spec::Vendor),
        Kind::Service => parse(&source, room, MAX_READ).map(Spec::Service),
        _ => parse(&source, room, MAX_READ).map(Spec::Action),
    };
    // An empty value is a slip in a file that reads well otherwise, which goes on to be
    // checked; beside problems that stop loading it is often their effect (keys indented out
    // of the map above them), and it is reported once they are fixed, unless serde refused
    // it, at the same place ("unit value").
    let empty = empty_values(&source);
    let is_empty = |d: &Diagnostic| empty.iter().any(|e| (e.line, e.column) == (d.line, d.column));
    match spec {
        Ok(spec) if found.is_empty() => Ok(Loaded { source, spec, slips: empty }),
        Ok(_) => Err(found),
        Err(more) if found.is_empty() && more.iter().all(is_empty) => Err(empty),
        Err(more) => {
            for diagnostic in more {
                let said = empty.iter().find(|e| (e.line, e.column) == (diagnostic.line, diagnostic.column));
                found.push(said.cloned().unwrap_or(diagnostic));
            }
            Err(found)
        }
    }
}

/// Every key of `source` given no value (`allowed:` with nothing after it or below it).
/// serde reads it as not given, so a value not pasted yet, or lost in an edit, would pass in
/// silence; leaving the key out already says "not given". Each is reported right after its
/// key's colon. Nothing if the file does not parse.
fn empty_values(source: &Source) -> Vec<Diagnostic> {
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
fn may_hold_an_empty_value(text: &str) -> bool {
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
fn stray_character(text: &str) -> Option<(usize, usize, String, &'static str)> {
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

/// How many problems of one file are listed at most: past that, one more diagnostic says how
/// many more were found, so that a file written wrong throughout does not flood the output.
pub const MAX_LISTED: usize = 100;

/// The diagnostic that ends a file's list of problems at [`MAX_LISTED`], at the first problem
/// not listed; `more` counts those found, and more may follow, since checking stopped there.
fn more_not_listed(source: &Source, line: usize, column: usize, path: String, more: usize) -> Diagnostic {
    let message = match more {
        1 => format!("1 more problem here is not listed, nor the file checked past it (a file lists {MAX_LISTED})"),
        _ => format!(
            "{more} more problems from here on are not listed, nor the file checked past them (a file lists {MAX_LISTED})"
        ),
    };
    source.at(line, column, path, message, Some(CHECK_AGAIN.into()))
}

/// The hint of a diagnostic that ends a file's problems before its end.
const CHECK_AGAIN: &str = "fix the problems listed and run again: the rest of the file is checked then";

/// Every [`PLACEHOLDER`] left in a value of `source`, each its own diagnostic at its place.
/// A file holding one stops at loading: its other checks would only report the placeholders
/// again, as wire names, types or JSON that are wrong. Nothing if the file does not parse.
fn placeholders(source: &Source) -> Vec<Diagnostic> {
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
fn placeholder_hint(path: &KeyPath) -> &'static str {
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
const MAX_FLOW_DEPTH: usize = 64;

/// Where a flow collection's `[` or `{` first nests deeper than `max`, as YAML's scanner
/// reads them (brackets in block scalars, quoted or plain text and comments are text); `None`
/// as well when the scanner fails first, since the parser then refuses the file there.
///
/// The scanner holds back a token that may still be a key until it knows, so iterating over
/// its tokens reads a whole flow collection, however deep, before the first comes out (with
/// a cost growing with the square of the depth). So each token is fetched here one at a time
/// and its kind read off the character the scanner decides it on: the first one from its
/// position that is not white space or part of a comment.
fn too_deep(text: &str, max: usize) -> Option<(usize, usize)> {
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

/// Parses with yaml_serde. serde stops at the first error; after an unknown key that starts
/// its line, or a wrong value of a key that starts its line, the key and its nested lines
/// are commented out (keeping line numbers); a missing key of a block map gets a line of its
/// own with an empty value. Then the text is parsed again, so every such mistake of a file
/// is reported in one run. The keys after an unknown key in its map that serde would call
/// unknown too are found in the same pass, not with a parse each, and those in the other maps
/// of its kind with one parse for all (see [`unknown_elsewhere`]). At most `room` problems are
/// listed; then one more diagnostic counts those found past it. Wherever else recovery
/// stops before the end (after [`MAX_ROUNDS`] passes, once its reads of the text add up to
/// `budget` bytes ([`MAX_READ`]), at a problem it cannot set aside, or when its edits break
/// the YAML), a last diagnostic says where checking stopped and why.
fn parse<T: DeserializeOwned>(source: &Source, room: usize, budget: usize) -> Result<T, Vec<Diagnostic>> {
    let mut text = source.text.clone();
    // Bytes read by the passes so far: each reads the whole text once or more.
    let mut spent = 0;
    let mut found = Vec::new();
    // Paths of keys that are missing but accounted for, so that reporting them (or keys
    // inside them) says nothing new: keys set aside for a wrong value (`request[0].summary`),
    // the key an unknown key's hint names (`regoin` for `region`), and keys given a
    // placeholder.
    let mut accounted: Vec<String> = Vec::new();
    // Lines added for missing keys, numbered as in `text`; diagnostics are numbered as in
    // the file.
    let mut added: Vec<usize> = Vec::new();
    // A document with nothing in it (`---` alone) is an empty map, whose missing keys are
    // all reported at its start, as for a map with some keys.
    let empty = source.text.lines().all(|line| {
        let line = line.trim();
        let line = line.strip_prefix("---").or_else(|| line.strip_prefix("...")).unwrap_or(line).trim_start();
        line.is_empty() || line.starts_with('#')
    });
    // Keys found unknown across the file at once. A batch that lists none (other problems
    // come first) was a read in vain: the next `skip` unknown keys start none, a number that
    // doubles with each such batch in a row, so that problems of other kinds in turn with
    // unknown keys waste few reads, and a file whose other problems end is batched again.
    let (mut vain, mut skip) = (0, 0);
    // serde's reading of `text` when a batch of unknown keys read it already.
    let mut read: Option<Reading<T>> = None;
    for round in 0..=MAX_ROUNDS {
        // A batch's reading of its text comes with the text known to parse.
        let batched = read.is_some();
        let spent_before = spent;
        let reading = read.take().unwrap_or_else(|| {
            spent += text.len();
            yaml_serde::from_str(&text)
        });
        match reading {
            Ok(value) if found.is_empty() => return Ok(value),
            Ok(_) => return Err(found),
            Err(error) => {
                // serde reads as far as the YAML parses: keys it calls missing from a map that
                // a syntax error cuts short follow from the error, which is reported alone.
                // After recovery's edits, a syntax error is theirs: stop. An unknown key or a
                // wrong value is one the parser read, whatever follows it, so the edited text
                // is not read once more to find out (which made each pass two reads).
                let mut diagnostic = yaml_diagnostic(source, &text, &error);
                let unknown = diagnostic.message.starts_with("unknown key");
                let wrong_value = VALUE_ERRORS.iter().any(|start| diagnostic.message.starts_with(start));
                let twice = diagnostic.message.starts_with("key `");
                let edited = text != source.text;
                let yaml = if batched || edited && (unknown || wrong_value || twice) {
                    Ok(())
                } else {
                    spent += text.len();
                    parses(&text)
                };
                if let (Err(yaml), false) = (&yaml, edited) {
                    return Err(vec![syntax::does_not_parse(source, yaml)]);
                }
                let (line, column) = (diagnostic.line, diagnostic.column);
                // The file's line of a line of `text`.
                let in_file = |at: usize, added: &[usize]| at - added.iter().filter(|&&a| a < at).count();
                // A map's next missing key is reported at the placeholder before its first
                // key: show the first key.
                let mut shown = line;
                while added.contains(&shown) {
                    shown += 1;
                }
                diagnostic.line = in_file(shown, &added);
                if yaml.is_err() {
                    // The file parses, so its edits broke it: what serde read last is where
                    // checking ends.
                    let why = "recovery's edits of the problems before it left YAML that does not parse";
                    found.push(not_checked_past(source, (diagnostic.line, column), diagnostic.path, why));
                    return Err(found);
                }
                if round == MAX_ROUNDS || spent_before >= budget {
                    // Each pass reads the whole file: say where checking stopped rather than
                    // drop the rest without a word.
                    let why = match round {
                        MAX_ROUNDS => format!("recovering from the problems before it took {MAX_ROUNDS} passes"),
                        _ => format!(
                            "recovering from the problems before it took {round} passes over the file's {}, {} \
                             read in all, the most a file is given",
                            in_units(source.text.len()),
                            in_units(budget)
                        ),
                    };
                    found.push(not_checked_past(source, (diagnostic.line, column), diagnostic.path, &why));
                    return Err(found);
                }
                let missing = diagnostic
                    .message
                    .strip_prefix("missing required key `")
                    .and_then(|m| m.strip_suffix('`'))
                    .map(str::to_owned);
                if added.contains(&line) && missing.is_none() {
                    // A placeholder's empty text is wrong for its key (a list, a number, one
                    // of some words): give it a value of the type serde asks for. The key is
                    // reported already.
                    // Each stand-in value takes a pass, so the round cap and the read budget
                    // bound them as they bound every other edit, and say so when they run out.
                    if retype_placeholder(&mut text, line, &error.to_string()) {
                        continue;
                    }
                    // The map cannot be read past its placeholder: say so, at the map's first
                    // key, where its missing keys were reported.
                    let (key, column) = placeholder_key(&text, line);
                    let why = format!("recovery has no stand-in value of the type `{key}` takes");
                    found.push(not_checked_past(source, (diagnostic.line, column), diagnostic.path, &why));
                    return Err(found);
                }
                if let Some(key) = missing {
                    let at = if empty && added.is_empty() {
                        // No map to add the key to: start one on a new first line, with the
                        // file's lines commented out after it.
                        let commented: Vec<String> = source.text.lines().map(|line| format!("#{line}")).collect();
                        text = format!("{key}: ''\n{}", commented.join("\n"));
                        Some(1)
                    } else {
                        add_missing_key(&mut text, line, column, &key)
                    };
                    if empty {
                        (diagnostic.line, diagnostic.column) = (1, 1);
                    }
                    let (shown, path) = ((diagnostic.line, diagnostic.column), diagnostic.path.clone());
                    if let Some(at) = at {
                        added.iter_mut().filter(|a| **a >= at).for_each(|a| *a += 1);
                        added.push(at);
                    }
                    let key_path = child_path(&diagnostic.path, &key);
                    let inside = |path: &String| {
                        diagnostic.path == *path
                            || diagnostic.path.starts_with(&format!("{path}."))
                            || diagnostic.path.starts_with(&format!("{path}["))
                    };
                    if !accounted.contains(&key_path) && !accounted.iter().any(inside) {
                        if found.len() == room {
                            let (line, column, path) = (diagnostic.line, diagnostic.column, diagnostic.path);
                            found.push(more_not_listed(source, line, column, path, 1));
                            return Err(found);
                        }
                        found.push(diagnostic);
                    }
                    accounted.push(key_path);
                    if at.is_some() {
                        continue;
                    }
                    // No line to add the key on: the map cannot be read past its start.
                    let (why, shown) = if let Some(why) = no_edits(&text) {
                        (why.to_owned(), shown)
                    } else if added.contains(&line) {
                        // A placeholder given an empty map, itself missing a key.
                        let (outer, column) = placeholder_key(&text, line);
                        let why =
                            format!("the empty map recovery put in for `{outer}` lacks `{key}`, which it cannot add");
                        (why, (shown.0, column))
                    } else if text.lines().nth(line.wrapping_sub(1)).and_then(|l| l.chars().nth(column.wrapping_sub(1)))
                        == Some('{')
                    {
                        (format!("recovery cannot add `{key}` to a map written in braces"), shown)
                    } else {
                        (format!("recovery cannot add `{key}` to this map"), shown)
                    };
                    found.push(not_checked_past(source, shown, path, &why));
                    return Err(found);
                }
                // A placeholder's text is wrong for most keys; it is reported already, so it
                // neither takes a place in the list nor counts as one more past it.
                let placeholder = text.lines().nth(line.saturating_sub(1)).is_some_and(|l| l.contains(PLACEHOLDER));
                let reported = placeholder && VALUE_ERRORS.iter().any(|start| diagnostic.message.starts_with(start));
                if found.len() == room && !reported {
                    // This problem, and the unknown keys that follow it in its map.
                    let siblings = match unknown {
                        true => unknown_siblings(&mut text.clone(), line, column, &known_keys(&error), 0)
                            .1
                            .map_or(0, |(_, more)| more),
                        false => 0,
                    };
                    let (line, column, path) = (diagnostic.line, diagnostic.column, diagnostic.path);
                    found.push(more_not_listed(source, line, column, path, 1 + siblings));
                    return Err(found);
                }
                let parent = diagnostic.path.rsplit_once('.').map_or("", |(parent, _)| parent).to_owned();
                let recovered = if unknown {
                    if let Some(meant) = diagnostic.hint.as_deref().and_then(suggested_key) {
                        accounted.push(child_path(&parent, meant));
                    }
                    comment_out_key(&mut text, line, column)
                } else if wrong_value {
                    // Remembered by path: the same key may be missing from another map.
                    let path = &diagnostic.path;
                    comment_out_key_of_value(&mut text, line, column)
                        .map(|key| accounted.push(if path.ends_with(&key) { path.clone() } else { key }))
                        .is_some()
                } else if twice {
                    // The second one goes (the diagnostic is placed on it); the first stays, so
                    // nothing is missing afterwards.
                    comment_out_key(&mut text, line, column)
                } else {
                    false
                };
                let (at, path) = ((diagnostic.line, column), diagnostic.path.clone());
                if !reported {
                    found.push(diagnostic);
                }
                if !recovered {
                    let why = match no_edits(&text) {
                        Some(why) => why,
                        None if unknown || wrong_value || twice => {
                            "recovery sets aside only a key written plainly at the start of its line"
                        }
                        None => "recovery does not get past this problem",
                    };
                    found.push(not_checked_past(source, at, path, why));
                    return Err(found);
                }
                if unknown {
                    let known = known_keys(&error);
                    let (siblings, more) = unknown_siblings(&mut text, line, column, &known, room - found.len());
                    for (at, key) in siblings {
                        let at = (in_file(at, &added), column);
                        found.push(unknown_key(source, at, &parent, &key, &known, &mut accounted));
                    }
                    if let Some(((at, key), more)) = more {
                        let path = child_path(&parent, &key);
                        found.push(more_not_listed(source, in_file(at, &added), column, path, more));
                        return Err(found);
                    }
                    // Unknown keys in the other maps of this kind, as later passes would find
                    // them one at a time.
                    let left = room - found.len();
                    let batch = match skip {
                        0 => unknown_elsewhere(&mut text, line, &parent, &known, left, &mut spent),
                        _ => {
                            skip -= 1;
                            None
                        }
                    };
                    if let Some((elsewhere, reading)) = batch {
                        (vain, skip) = match elsewhere.is_empty() {
                            true => (vain + 1, (1 << vain.min(16)) * 2 - 1),
                            false => (0, 0),
                        };
                        read = reading;
                        for Unknown { line, column, parent, key } in elsewhere {
                            let at = (in_file(line, &added), column);
                            found.push(unknown_key(source, at, &parent, &key, &known, &mut accounted));
                        }
                    }
                }
            }
        }
    }
    // Not reached: the last round returns.
    Err(found)
}

/// The diagnostic serde would give for `key` at `at` in the file, unknown in the map at
/// `parent`, which takes the keys `known`. The key its hint names is accounted for.
fn unknown_key(
    source: &Source,
    (line, column): (usize, usize),
    parent: &str,
    key: &str,
    known: &[String],
    accounted: &mut Vec<String>,
) -> Diagnostic {
    let listed = format!("`{}`", known.join("`, `"));
    let (message, hint) = explain(&format!("unknown field `{key}`, expected one of {listed}"));
    if let Some(meant) = hint.as_deref().and_then(suggested_key) {
        accounted.push(child_path(parent, meant));
    }
    source.at(line, column, child_path(parent, key), message, hint)
}

/// How many times recovery reads a file at most, each pass the whole file.
const MAX_ROUNDS: usize = 128;

/// The diagnostic that ends a file's problems where recovery stopped, saying `why`.
fn not_checked_past(source: &Source, (line, column): (usize, usize), path: String, why: &str) -> Diagnostic {
    let message = format!("the file is not checked past here: {why}");
    source.at(line, column, path, message, Some(CHECK_AGAIN.into()))
}

/// How many bytes recovery reads at most, in all its passes over a file: a large file gets
/// fewer than [`MAX_ROUNDS`] passes, so that its cost stays bounded whatever its problems (a
/// pass over 4 MB takes 0.2 to 0.3 s). A pass reads the text once, or up to five times when
/// it checks the syntax or tries a batch, so every file up to 51 KiB gets all its passes
/// (specs are a few KiB), and one up to 256 KiB gets them if most read the text once.
const MAX_READ: usize = 32 << 20;

/// `bytes` in KiB, or in MiB with one decimal from 1 MiB on.
fn in_units(bytes: usize) -> String {
    match bytes {
        0..0x10_0000 => format!("{} KiB", bytes.div_ceil(1024)),
        _ => format!("{:.1} MiB", bytes as f64 / f64::from(1 << 20)),
    }
}

/// A key and the line of `text` it starts (1-based), in recovery.
type KeyAt = (usize, String);

/// What serde makes of a text.
type Reading<T> = Result<T, yaml_serde::Error>;

/// An unknown key found by [`unknown_elsewhere`]: its place in `text` and the path of its map.
struct Unknown {
    line: usize,
    column: usize,
    parent: String,
    key: String,
}

/// Comments out the unknown keys after `line` of `text` (where serde found one, commented out
/// already) in maps of the same kind as the one at `parent` (`request[2]` stands for every
/// item of `request`): keys not in `known` that start their line. One read of the text tells
/// which of them serde would report next, one pass each: those before the first other problem
/// it finds. Those are listed (at most `room`) and stay commented out; the others are put
/// back. Returns the keys listed and, when every one found was, serde's reading of the new
/// text, which the next pass would repeat; `None` if there was nothing to read. The bytes it
/// reads are added to `spent`.
fn unknown_elsewhere<T: DeserializeOwned>(
    text: &mut String,
    line: usize,
    parent: &str,
    known: &[String],
    room: usize,
    spent: &mut usize,
) -> Option<(Vec<Unknown>, Option<Reading<T>>)> {
    if room == 0 || !lines_as_serde_sees_them(text) {
        return None;
    }
    let mut found = Vec::new();
    *spent += text.len();
    // A text that stops parsing part way still yields the keys before that.
    let _ = crate::locate::walk(text, |node| {
        let Some((key, TScalarStyle::Plain)) = node.scalar else { return };
        let kind = node.path.parent().is_some_and(|map| same_kind(&map, parent));
        if node.key && node.line > line && kind && !known.iter().any(|k| k == key) && found.len() < room {
            let parent = node.path.parent().unwrap_or_default().to_string();
            found.push(Unknown { line: node.line, column: node.column, parent, key: key.to_owned() });
        }
    });
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    // The lines each key's block spans, commented out.
    let mut blocks = Vec::new();
    for unknown in &found {
        let indent = unknown.column - 1;
        // As `comment_out_key` would: a plain key starting its line (not in a block already
        // commented out). Recovery stops at any other, so the keys after it are not listed.
        if lines.get(unknown.line - 1).and_then(|l| plain_key(l, indent)) != Some(unknown.key.as_str()) {
            break;
        }
        let end = block_end(&lines, unknown.line, indent);
        lines[unknown.line - 1..end].iter_mut().for_each(|line| line.insert(0, '#'));
        blocks.push(unknown.line - 1..end);
    }
    found.truncate(blocks.len());
    if found.is_empty() {
        return None;
    }
    let commented = lines.join("\n");
    *spent += commented.len();
    let (listed, reading) = match yaml_serde::from_str::<T>(&commented) {
        Ok(value) => (found.len(), Ok(value)),
        Err(error) => {
            *spent += commented.len();
            // Commenting out can break the YAML (a flow collection's later lines indented
            // less than its key): then none is listed, and recovery goes on one key at a time.
            if parses(&commented).is_err() {
                return Some((Vec::new(), None));
            }
            let next = read_at_or_after(&commented, &error);
            (found.iter().take_while(|unknown| (unknown.line, unknown.column) < next).count(), Err(error))
        }
    };
    if listed == found.len() {
        *text = commented;
        return Some((found, Some(reading)));
    }
    for block in &blocks[listed..] {
        lines[block.clone()].iter_mut().for_each(|line| {
            line.remove(0);
        });
    }
    found.truncate(listed);
    *text = lines.join("\n");
    Some((found, None))
}

/// Whether the map at `path` is one of the maps `parent` (serde's path of an unknown key's
/// map, such as `request[2].limits`) stands for: the same keys, any index.
fn same_kind(path: &KeyPath, parent: &str) -> bool {
    let mut segments = path.0.iter();
    let parts = parent.split('.').filter(|part| !part.is_empty());
    for part in parts {
        let (key, indices) = part.split_once('[').map_or((part, ""), |(key, rest)| (key, rest));
        if !matches!(segments.next(), Some(Segment::Key(k)) if k == key) {
            return false;
        }
        for _ in indices.split('[').filter(|index| !index.is_empty()) {
            if !matches!(segments.next(), Some(Segment::Index(_))) {
                return false;
            }
        }
    }
    segments.next().is_none()
}

/// A place in `text` (line, column) at or before the point where serde, reading in order,
/// raised `error`: where the error points, except that a key missing from a block map is
/// raised at the map's end (and pointed at its start).
fn read_at_or_after(text: &str, error: &yaml_serde::Error) -> (usize, usize) {
    let Some(at) = error.location() else { return (1, 1) };
    let (line, column) = (at.line(), at.column());
    let message = without_positions(&error.to_string());
    let message = message.split_once(": ").filter(|(path, _)| !path.contains(' ')).map_or(message.as_str(), |(_, m)| m);
    let lines: Vec<&str> = text.lines().collect();
    let flow = lines
        .get(line.wrapping_sub(1))
        .and_then(|l| l.chars().nth(column.wrapping_sub(1)))
        .is_some_and(|c| c == '{' || c == '[');
    if !message.starts_with("missing field ") || flow {
        return (line, column);
    }
    // A block map ends before the first line indented less than its keys (or earlier, as
    // the end of a document).
    for (n, content) in lines.iter().enumerate().skip(line) {
        let trimmed = content.trim_start_matches(' ');
        if trimmed.trim().is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if content.len() - trimmed.len() + 1 < column || content.starts_with("---") || content.starts_with("...") {
            return (n + 1, 1);
        }
    }
    (usize::MAX, 1)
}

/// The keys serde's unknown-field `error` says its map takes.
fn known_keys(error: &yaml_serde::Error) -> Vec<String> {
    let message = without_positions(&error.to_string());
    let listed = message.split_once("unknown field ").map_or("", |(_, rest)| rest);
    listed.split('`').skip(1).step_by(2).skip(1).map(str::to_owned).collect()
}

/// Comments out, as serde would have them reported and commented out one parse at a time,
/// the keys that follow the unknown key at `line`:`column` of `text` (commented out already)
/// in its map, up to the first key in `known` or line that is not a plain key of the map.
/// Lists at most `room` of them (line in `text`, key); the first of the others, and how many
/// there are, are returned after them, left as they are.
fn unknown_siblings(
    text: &mut String,
    line: usize,
    column: usize,
    known: &[String],
    room: usize,
) -> (Vec<KeyAt>, Option<(KeyAt, usize)>) {
    let mut listed = Vec::new();
    let mut more: Option<(KeyAt, usize)> = None;
    if !lines_as_serde_sees_them(text) {
        return (listed, more);
    }
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let indent = column - 1;
    // The index of the line after the key reported and its block (unless commented out).
    let mut at = block_end(&lines, line, indent);
    loop {
        while lines.get(at).is_some_and(|l| l.trim().is_empty() || l.trim_start().starts_with('#')) {
            at += 1;
        }
        let Some(next) = lines.get(at) else { break };
        let Some(key) = plain_key(next, indent).filter(|key| !known.iter().any(|k| k == key)) else { break };
        let key = key.to_owned();
        let end = block_end(&lines, at + 1, indent);
        if listed.len() < room {
            lines[at..end].iter_mut().for_each(|line| line.insert(0, '#'));
            listed.push((at + 1, key));
        } else {
            more.get_or_insert(((at + 1, key), 0)).1 += 1;
        }
        at = end;
    }
    if !listed.is_empty() {
        *text = lines.join("\n");
    }
    (listed, more)
}

/// The key of `line` if it is a block map's key indented by `indent` spaces, written plainly
/// (letters, digits, `_` and `-`, starting with a letter or `_`) and not one YAML reads as a
/// boolean or null: serde reads it as the same text.
fn plain_key(line: &str, indent: usize) -> Option<&str> {
    let rest = line.strip_prefix(&" ".repeat(indent))?;
    let (key, after) = rest.split_once(':')?;
    let plain = key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        && !["true", "false", "null"].contains(&key.to_ascii_lowercase().as_str());
    (plain && (after.is_empty() || after.starts_with([' ', '\t']))).then_some(key)
}

/// The index past the block of the key on the line before `start`, indented by `indent`: the
/// lines after it that are blank or indented more.
fn block_end(lines: &[String], start: usize, indent: usize) -> usize {
    let mut end = start;
    while let Some(next) = lines.get(end) {
        let next_indent = next.len() - next.trim_start_matches(' ').len();
        if next.trim().is_empty() || next_indent > indent {
            end += 1;
        } else {
            break;
        }
    }
    end
}

/// `key` in the map at `path` (`request[0]`, or empty for the top).
fn child_path(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_owned()
    } else {
        format!("{path}.{key}")
    }
}

/// The key a `did you mean `x`?` hint names.
fn suggested_key(hint: &str) -> Option<&str> {
    hint.strip_prefix("did you mean `")?.strip_suffix("`?")
}

/// The key of the placeholder for a missing key at `line` of `text`, and its column.
fn placeholder_key(text: &str, line: usize) -> (&str, usize) {
    let placeholder = text.lines().nth(line.wrapping_sub(1)).unwrap_or_default();
    let key = placeholder.trim_start_matches([' ', '-']);
    let column = placeholder.chars().count() - key.chars().count() + 1;
    (key.split_once(':').map_or(key, |(key, _)| key), column)
}

/// Why recovery leaves `text` as it is, if it does whatever the problem.
fn no_edits(text: &str) -> Option<&'static str> {
    let why = "recovery does not edit a file with line breaks other than LF and CR LF (a lone CR, NEL, U+2028, U+2029)";
    (!lines_as_serde_sees_them(text)).then_some(why)
}

/// Replaces the value of the placeholder at `line` with one of the type serde's `message`
/// expects; returns whether it did.
fn retype_placeholder(text: &mut String, line: usize, message: &str) -> bool {
    let expected = message.split_once("expected ").map_or("", |(_, rest)| rest);
    let value = if expected.starts_with("a sequence") {
        "[]".to_owned()
    } else if expected.starts_with("struct") || expected.starts_with("a map") {
        "{}".to_owned()
    } else if expected.starts_with("a boolean") {
        "false".to_owned()
    } else if let Some(word) = expected.split('`').nth(1).filter(|w| !w.is_empty()) {
        // `unknown variant ``, expected one of `tencent-api3`, ...`: the first word.
        format!("'{word}'")
    } else if expected.starts_with(['u', 'i', 'f']) {
        "0".to_owned()
    } else {
        return false;
    };
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let Some(placeholder) = line.checked_sub(1).and_then(|i| lines.get_mut(i)) else { return false };
    let Some((key, old)) = placeholder.rsplit_once(": ") else { return false };
    if old == value {
        return false;
    }
    *placeholder = format!("{key}: {value}");
    *text = lines.join("\n");
    true
}

/// Gives the block map whose first key is at `line`:`column` (where yaml_serde reports a
/// missing key) the key `key` with an empty value, on a new line before that first key, so
/// the rest of the file can be checked. Returns the new line's number. A flow map (`{...}`)
/// or a first key holding a `- ` list item is left alone.
fn add_missing_key(text: &mut String, line: usize, column: usize, key: &str) -> Option<usize> {
    if !lines_as_serde_sees_them(text) {
        return None;
    }
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let first = lines.get(line.checked_sub(1)?)?;
    let at = first.char_indices().nth(column.checked_sub(1)?).map(|(i, _)| i)?;
    let (before, rest) = first.split_at(at);
    // Before the first key: indentation, and `- ` markers of the list items holding the map.
    let plain = before.chars().all(|c| c == ' ' || c == '-') && !rest.starts_with(['{', '[', '-']);
    if !plain || !rest.contains(':') {
        return None;
    }
    let indent = " ".repeat(before.chars().count());
    let moved = format!("{indent}{rest}");
    lines[line - 1] = format!("{before}{key}: ''");
    lines.insert(line, moved);
    *text = lines.join("\n");
    Some(line)
}

/// How serde's errors about a value (as [`explain`] words them) start.
const VALUE_ERRORS: [&str; 3] = ["wrong value", "unknown value", "invalid length"];

/// Comments out the key whose value at `line`:`column` is wrong, if the key starts its line
/// (not a list item's first key); returns the key.
fn comment_out_key_of_value(text: &mut String, line: usize, column: usize) -> Option<String> {
    let first = text.lines().nth(line.checked_sub(1)?)?;
    let indent = first.len() - first.trim_start_matches(' ').len();
    if first[indent..].starts_with("- ") {
        // A wrong list item (`- at_least_one` where a map belongs) is set aside whole; a
        // list has no required items, so nothing is missing afterwards.
        return (column > indent + 2 && comment_out_lines(text, line, indent)).then(String::new);
    }
    let (key, _) = first[indent..].split_once(':')?;
    let plain = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !plain || column <= indent + key.len() + 1 {
        return None;
    }
    let key = key.to_owned();
    comment_out_key(text, line, indent + 1).then_some(key)
}

/// Comments out the key starting at `line`:`column` (1-based) and the more indented lines
/// below it, if the key is the first thing on its line. Returns whether it did.
fn comment_out_key(text: &mut String, line: usize, column: usize) -> bool {
    let Some(first) = text.lines().nth(line.wrapping_sub(1)) else { return false };
    let indent = first.len() - first.trim_start_matches(' ').len();
    if indent + 1 != column || first.trim_start().starts_with('-') {
        return false;
    }
    comment_out_lines(text, line, indent)
}

/// Whether `text` is YAML, whatever serde makes of it; the error if not.
fn parses(text: &str) -> Result<(), yaml_serde::Error> {
    yaml_serde::from_str::<serde::de::IgnoredAny>(text).map(drop)
}

/// Whether `lines()` numbers the lines of `text` as yaml_serde does. yaml_serde also breaks
/// lines at a lone CR, NEL, LS and PS, which `lines()` does not; with any of them the line
/// numbers could disagree, so recovery stands aside.
pub(crate) fn lines_as_serde_sees_them(text: &str) -> bool {
    // Recovery asks before each edit: a search for each character costs a small part of
    // copying the text without its CR LFs and looking for any of four in each character.
    let lone_cr = text.match_indices('\r').any(|(at, _)| !text[at + 1..].starts_with('\n'));
    !lone_cr && !['\u{85}', '\u{2028}', '\u{2029}'].iter().any(|&c| text.contains(c))
}

/// Comments out `line` (1-based) and the lines below it indented more than `indent`.
fn comment_out_lines(text: &mut String, line: usize, indent: usize) -> bool {
    if !lines_as_serde_sees_them(text) {
        return false;
    }
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    if line == 0 || line > lines.len() {
        return false;
    }
    let end = block_end(&lines, line, indent);
    for commented in &mut lines[line - 1..end] {
        commented.insert(0, '#');
    }
    *text = lines.join("\n");
    true
}

/// Turns a yaml_serde error into a diagnostic with a position and, where possible, a hint.
/// `text` is what was parsed, which recovery may have changed from the file.
fn yaml_diagnostic(source: &Source, text: &str, error: &yaml_serde::Error) -> Diagnostic {
    let (mut line, mut column) = error.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));
    let error_text = without_positions(&error.to_string());
    // yaml_serde prefixes the key path: "request[0].limits: unknown field ...".
    let (mut path, message) = match error_text.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') => (path.to_owned(), rest.to_owned()),
        _ => (String::new(), error_text),
    };
    let (message, hint) = explain(&message);
    // The key named by the message is the place to look, not the map holding it.
    let named = message.split('`').nth(1).unwrap_or_default().to_owned();
    if message.starts_with("unknown key") {
        path = if path.is_empty() { named } else { format!("{path}.{named}") };
    } else if message.starts_with("key `") {
        if let Some(second) = second_occurrence(text, line, &named) {
            (line, column) = second;
        }
        path = if path.is_empty() { named } else { format!("{path}.{named}") };
    }
    source.at(line, column, path, message, hint)
}

/// The message without the " at line L column C" yaml_serde and its scanner put in it (once
/// or twice); the diagnostic prints the position itself.
fn without_positions(message: &str) -> String {
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
const LIMIT_KEYS: [&str; 13] = [
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
const IMAGE_KEYS: [&str; 4] = ["formats", "min_short_side", "max_width", "max_height"];

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

/// Rewords serde's messages in spec terms and adds hints.
fn explain(message: &str) -> (String, Option<String>) {
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let wrong = quoted.first().copied().unwrap_or(rest);
        let known = &quoted[1.min(quoted.len())..];
        let hint = misplaced(wrong, known)
            .or_else(|| did_you_mean(wrong, known.iter().copied()))
            .unwrap_or_else(|| format!("known keys here: {}", known.join(", ")));
        return (format!("unknown key `{wrong}`"), Some(hint));
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let wrong = quoted.first().copied().unwrap_or(rest);
        let known = &quoted[1.min(quoted.len())..];
        let hint = did_you_mean(wrong, known.iter().copied())
            .unwrap_or_else(|| format!("expected one of: {}", known.join(", ")));
        return (format!("unknown value `{wrong}`"), Some(hint));
    }
    if message.starts_with("missing field ") {
        let key = quoted.first().copied().unwrap_or("?");
        return (format!("missing required key `{key}`"), Some(format!("add `{key}:` to the map that starts here")));
    }
    if let Some(rest) = message.strip_prefix("duplicate field ") {
        let key = quoted.first().copied().unwrap_or(rest);
        return (format!("key `{key}` is given twice"), Some("keep one of them".into()));
    }
    if let Some(explained) = out_of_range(message) {
        return explained;
    }
    if message.starts_with("invalid type") || message.starts_with("invalid value") {
        // serde names the Rust struct a map becomes (`expected struct LimitsSpec`).
        let message = match message.find("expected struct ") {
            Some(at) => format!("{}expected a map of keys", &message[..at]),
            None => message.to_owned(),
        };
        let hint =
            quoted_scalar_hint(&message).unwrap_or_else(|| "see specs/README.md for the type each key takes".into());
        return (in_spec_words(&message.replace("invalid type", "wrong value type")), Some(hint));
    }
    (message.to_owned(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A number past what any spec type holds is named as too large, not as a value of the
    /// wrong type ("an integer, expected a number").
    #[test]
    fn a_number_too_large_to_hold_is_named_so() {
        let spec = |limit: &str| {
            format!(
                "action: A\nsummary: s\nrequest:\n  - name: N\n    type: u64\n    summary: s\n    limits:\n      \
                 {limit}\nresponse: []\nerrors: []\n"
            )
        };
        for (limit, number) in [
            ("max: 18446744073709551616", "18446744073709551616"),
            ("min: -123456789012345678901234567890", "-123456789012345678901234567890"),
            ("max_items: 99999999999999999999999", "99999999999999999999999"),
            ("max: 1e400", "1e400"),
        ] {
            let found = load_file_all(Path::new("specs/v/s/1/A.yaml"), spec(limit), 4).unwrap_err();
            let message = format!("the number `{number}` is too far from zero for any number a spec holds");
            assert_eq!(found[0].message, message, "{limit}");
            assert!(found[0].hint.as_deref().is_some_and(|hint| hint.contains("2^53")), "{limit}");
        }
    }

    /// A placeholder's hint says what its key takes: a common error's code is a code, a
    /// model's name the vendor's type name, a field's name a wire name.
    #[test]
    fn a_placeholder_s_hint_fits_its_key() {
        let hint = |path: &[&str]| {
            let segment = |s: &&str| match s.parse() {
                Ok(index) => Segment::Index(index),
                Err(_) => Segment::Key((*s).to_owned()),
            };
            placeholder_hint(&KeyPath(path.iter().map(segment).collect()))
        };
        let code = "write the code exactly as the page's error table spells it";
        assert_eq!(hint(&["errors", "3", "code"]), code);
        assert_eq!(hint(&["common_errors", "0", "code"]), code);
        assert!(hint(&["models", "1", "name"]).starts_with("write the type's name"));
        assert!(hint(&["models", "1", "fields", "2", "name"]).starts_with("write the wire name"));
        assert!(hint(&["request", "0", "name"]).starts_with("write the wire name"));
    }

    #[test]
    fn a_key_one_level_off_is_sent_where_it_belongs() {
        let action = |field: &str| {
            format!(
                "action: A\nsummary: s\nrequest:\n  - name: X\n    type: list<string>\n    summary: x\n{field}response: \
                 []\nerrors: []\n"
            )
        };
        let hints = |field: &str| -> Vec<(usize, String, Option<String>)> {
            let errors = load_file_all(Path::new("specs/v/s/1/A.yaml"), action(field), 4).unwrap_err();
            errors.into_iter().map(|d| (d.line, d.message, d.hint)).collect()
        };
        // `limits:` left empty, its keys dedented to the field's.
        let found = hints("    limits:\n    max_items: 3\n    min_short_side: 64\n");
        assert_eq!(
            found,
            [
                (
                    8,
                    "unknown key `max_items`".to_owned(),
                    Some("`max_items` is a limit: indent it under `limits:` (or `item_limits:`, for each item of a list)".to_owned())
                ),
                (
                    9,
                    "unknown key `min_short_side`".to_owned(),
                    Some("`min_short_side` is an image limit: indent it under `image:` in `limits:` or `item_limits:`".to_owned())
                ),
            ]
        );
        // A field's key indented into its limits, and an image limit beside `image:`.
        let found = hints("    limits:\n      max_items: 3\n      max_width: 9\n      notes: n\n");
        let found: Vec<Option<String>> = found.into_iter().map(|(_, _, hint)| hint).collect();
        assert_eq!(
            found,
            [
                Some("`max_width` is an image limit: indent it under `image:`".to_owned()),
                Some("`notes` is a key of the field, not a limit: line it up with `limits:`".to_owned()),
            ]
        );
    }

    #[test]
    fn the_key_lists_of_misplaced_keys_are_the_specs_own() {
        // serde lists the keys a map takes when it meets one it does not.
        let keys = |error: yaml_serde::Error| -> Vec<String> {
            error
                .to_string()
                .split("expected one of ")
                .nth(1)
                .expect("a key list")
                .split('`')
                .skip(1)
                .step_by(2)
                .map(str::to_owned)
                .collect()
        };
        let limits = keys(yaml_serde::from_str::<crate::spec::LimitsSpec>("zz: 1").unwrap_err());
        assert_eq!(limits, LIMIT_KEYS);
        let image = keys(yaml_serde::from_str::<crate::spec::ImageLimitsSpec>("zz: 1").unwrap_err());
        assert_eq!(image, IMAGE_KEYS);
    }

    #[test]
    fn unknown_key_gets_position_and_suggestion() {
        let text = "vendor: x\nname: X\nsummary: s\ncommon_error: []\n".to_owned();
        let error = load_file(Path::new("specs/x/vendor.yaml"), text, 2).unwrap_err();
        assert_eq!((error.line, error.column), (4, 1));
        assert_eq!(error.message, "unknown key `common_error`");
        assert_eq!(error.hint.as_deref(), Some("did you mean `common_errors`?"));
    }

    #[test]
    fn every_unknown_key_of_a_file_is_reported() {
        let text = "vendor: x\nnam: X\nsummary: s\nextra:\n  nested: 1\n  more: 2\ncommon_error: []\n".to_owned();
        let errors = load_file_all(Path::new("specs/x/vendor.yaml"), text, 2).unwrap_err();
        let found: Vec<(usize, &str)> = errors.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(
            found,
            [
                (2, "unknown key `nam`"),
                (4, "unknown key `extra`"),
                (7, "unknown key `common_error`"),
                // `name` is missing with `nam` set aside, which its hint says already.
            ]
        );
    }

    #[test]
    fn every_wrong_value_of_a_file_is_reported_and_a_set_aside_key_is_not_called_missing() {
        let text = "action: A\nsummary: s\nrequest:\n  - name: X\n    type: string\n    required: maybe\n    \
                    summary: x\n    limits:\n      max_items: four\n      max: lots\nresponse: 5\nerrors: []\n"
            .to_owned();
        let errors = load_file_all(Path::new("specs/v/s/1/A.yaml"), text, 4).unwrap_err();
        let found: Vec<(usize, &str)> = errors.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(found.len(), 4, "{found:?}");
        assert_eq!(found.iter().map(|(line, _)| *line).collect::<Vec<_>>(), [6, 9, 10, 11]);
        assert!(found.iter().all(|(_, message)| message.starts_with("wrong value type")), "{found:?}");
    }

    /// (line, column, path, message) of the first diagnostic of a vendor file.
    fn first(text: &str) -> (usize, usize, String, String) {
        let d = load_file(Path::new("specs/x/vendor.yaml"), text.to_owned(), 2).unwrap_err();
        (d.line, d.column, d.path, d.message)
    }

    #[test]
    fn yaml_mistakes_are_worded_for_spec_writers() {
        let (line, column, path, message) = first("vendor: x\nname: X\nsummary: s\nname: Y\n");
        assert_eq!((line, column, path.as_str(), message.as_str()), (4, 1, "name", "key `name` is given twice"));

        let (_, _, _, message) = first("vendor: x\ncommon_errors:\n  - code: A\n    summary: x\n - code: B\n");
        assert!(message.starts_with("the YAML does not parse: "), "{message}");
        assert!(!message.contains(" at line "), "the position is printed once, by the diagnostic: {message}");

        let (_, _, _, message) = first("vendor: x\nname: X\nsummary: s\n---\nvendor: y\n");
        assert_eq!(message, "the file holds more than one YAML document (a `---` line)");

        let (line, _, _, message) = first("# TODO\n\n");
        assert_eq!((line, message.as_str()), (1, "the file has no content"));

        let (_, _, path, _) = first("vendor: x\nname: X\nsummary: s\ncommon_error: []\n");
        assert_eq!(path, "common_error", "an unknown key's path is the key's own");

        let yml = load_file(Path::new("specs/x/vendor.yml"), "vendor: x\n".to_owned(), 2).unwrap_err();
        assert_eq!(
            (yml.message.as_str(), yml.hint.as_deref()),
            ("spec files are named `*.yaml`", Some("rename it to `vendor.yaml`"))
        );
    }

    #[test]
    fn runaway_nesting_is_refused_before_parsing() {
        let deep = format!("vendor: x\nname: X\nsummary: s\nnotes: {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
        let (line, column, _, message) = first(&deep);
        assert_eq!((line, column, message.as_str()), (4, 8 + MAX_FLOW_DEPTH, "brackets nest more than 64 levels deep"));
        // Across lines too; brackets in quotes and comments do not count.
        let spread = format!("vendor: x\nnotes:\n{}", "  [\n".repeat(MAX_FLOW_DEPTH + 1));
        assert_eq!(first(&spread).0, MAX_FLOW_DEPTH + 3);
        let quoted = format!("vendor: x\nname: '{}' # {}\n", "[".repeat(100), "{".repeat(100));
        assert_ne!(first(&quoted).3, "brackets nest more than 64 levels deep");
        // Only the scanner's flow brackets count: not those of a block scalar, a quoted
        // value over several lines, or plain text.
        let text = [
            format!("notes: |\n  {}\n", "[".repeat(100)),
            format!("notes: >-\n  {}\n  # {}\n", "{".repeat(100), "[".repeat(100)),
            format!("notes: \"a\n  {}\"\n", "[".repeat(100)),
            format!("notes: a {}\n", "[".repeat(100)),
        ];
        for text in text {
            assert_eq!(too_deep(&text, MAX_FLOW_DEPTH), None, "{text}");
        }
        // Flow brackets after a block scalar are found where they are.
        let after = format!("notes: |\n  {}\nname: {}\n", "[".repeat(100), "{a: [".repeat(50));
        assert_eq!(too_deep(&after, MAX_FLOW_DEPTH), Some((3, 6 + 5 * 32 + 1)));
    }

    #[test]
    fn a_wrong_list_item_is_set_aside_and_later_mistakes_still_reported() {
        let text =
            "action: A\nsummary: s\nrequest: []\nresponse: []\nrules:\n  - at_least_one\n  - exactly_one: [a, b]\n\
                    errors:\n  - code: X\n    summary: x\n    retry: sometimes\n"
                .to_owned();
        let errors = load_file_all(Path::new("specs/v/s/1/A.yaml"), text, 4).unwrap_err();
        let found: Vec<(usize, &str)> = errors.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(found.iter().map(|(line, _)| *line).collect::<Vec<_>>(), [6, 11], "{found:?}");
    }

    #[test]
    fn recovery_stands_aside_when_line_breaks_are_ambiguous() {
        // A lone CR is a line break to yaml_serde but not to `lines()`.
        let text = "vendor: x\rname: X\nsumary: s\nextra: 1\n".to_owned();
        let errors = load_file_all(Path::new("specs/x/vendor.yaml"), text, 2).unwrap_err();
        assert_eq!(errors.len(), 2, "{errors:?}");
        assert_eq!(errors[0].message, "unknown key `sumary`");
        let stopped = "the file is not checked past here: recovery does not edit a file with line breaks other than \
                       LF and CR LF (a lone CR, NEL, U+2028, U+2029)";
        assert_eq!((errors[1].line, errors[1].message.as_str()), (3, stopped));
    }

    #[test]
    fn a_missing_key_does_not_hide_later_mistakes() {
        let text = "action: A\nrequest:\n  - name: X\n    summary: x\n  - name: Y\n    type: string\n    \
                    sumary: y\nresponse: []\nerrors:\n  - code: E\n    retry: never\nextra: 1\n"
            .to_owned();
        let errors = load_file_all(Path::new("specs/v/s/1/A.yaml"), text, 4).unwrap_err();
        let found: Vec<(usize, usize, &str)> = errors.iter().map(|d| (d.line, d.column, d.message.as_str())).collect();
        assert_eq!(
            found,
            [
                (3, 5, "missing required key `type`"),
                // With `sumary` set aside, `summary` is missing: its hint says so.
                (7, 5, "unknown key `sumary`"),
                (10, 5, "missing required key `summary`"),
                (12, 1, "unknown key `extra`"),
                (1, 1, "missing required key `summary`"),
            ],
            "positions are the file's, not the recovered text's"
        );
        // A flow map gets no placeholder: recovery stops there, saying so.
        let text = "action: A\nrequest: []\nresponse: []\nerrors:\n  - {code: F, retry: never}\nextra: 1\n".to_owned();
        let errors = load_file_all(Path::new("specs/v/s/1/A.yaml"), text, 4).unwrap_err();
        let found: Vec<(usize, usize, &str)> = errors.iter().map(|d| (d.line, d.column, d.message.as_str())).collect();
        let stopped = "the file is not checked past here: recovery cannot add `summary` to a map written in braces";
        assert_eq!(found, [(5, 5, "missing required key `summary`"), (5, 5, stopped)]);
    }

    /// The keys after an unknown key in its map are found in one pass, each reported as serde
    /// would report it: with its hint, its nested lines and the comments between them skipped,
    /// a misspelt key's meaning not called missing; a known key ends the run.
    #[test]
    fn unknown_keys_in_a_row_are_each_reported_as_serde_would() {
        let found = all("action: A\nrequest: []\nresponse: []\nerrors: []\nextra:\n  nested: [1]\n\n# note\n\
                         sumary: s\nmore: 1\naction: B\nlast: 2\n");
        let found: Vec<(usize, usize, &str)> = found.iter().map(|(l, c, m)| (*l, *c, m.as_str())).collect();
        assert_eq!(
            found,
            [
                (5, 1, "unknown key `extra`"),
                (9, 1, "unknown key `sumary`"),
                (10, 1, "unknown key `more`"),
                // A known key ends the run: serde reports it given twice, and recovery sets
                // the second aside.
                (11, 1, "key `action` is given twice"),
                (12, 1, "unknown key `last`"),
            ]
        );
        let errors = load_file_all(
            Path::new("specs/v/s/1/A.yaml"),
            "action: A\nsummary: s\nrequest: []\n\
            response: []\nerrors: []\nsumary:\n  x: 1\nmodel: m\n"
                .to_owned(),
            4,
        )
        .unwrap_err();
        let hints: Vec<(usize, &str, Option<&str>)> =
            errors.iter().map(|d| (d.line, d.path.as_str(), d.hint.as_deref())).collect();
        assert_eq!(hints, [(6, "sumary", Some("did you mean `summary`?")), (8, "model", Some("known keys here: action, title, summary, description, http, rate_limits, request, response, response_body, rules, errors, examples, notes"))]);
    }

    /// A file lists at most `MAX_LISTED` problems, then one that counts those found after them.
    /// (Recovery used to parse the file again for each unknown key: 50,000 of them in 5 MB took
    /// over a minute, and only the first 128 were listed, with nothing said of the others.
    /// Spread one to a map, they took a parse each up to the cap, 90 s, until they were found
    /// with one parse for all.)
    #[test]
    fn a_file_lists_at_most_a_hundred_problems() {
        let keys: String = (0..250).map(|i| format!("bogus{i}:\n  nested: 2\n")).collect();
        let found = all(&format!("action: A\nsummary: s\nrequest: []\nresponse: []\nerrors: []\n{keys}"));
        assert_eq!(found.len(), MAX_LISTED + 1);
        assert_eq!(found[99], (6 + 2 * 99, 1, "unknown key `bogus99`".to_owned()));
        let more = "150 more problems from here on are not listed, nor the file checked past them (a file lists 100)";
        assert_eq!(found[100], (6 + 2 * 100, 1, more.to_owned()));
        // Unknown keys one to a map stop there too.
        let items: String =
            (0..120).map(|i| format!("  - name: F{i}\n    type: string\n    summary: s\n    bogus: 1\n")).collect();
        let found = all(&format!("action: A\nsummary: s\nrequest:\n{items}response: []\nerrors: []\n"));
        assert_eq!(found.len(), MAX_LISTED + 1);
        let more = "1 more problem here is not listed, nor the file checked past it (a file lists 100)";
        assert_eq!(found[100], (4 + 4 * 100 + 3, 5, more.to_owned()));
    }

    /// Unknown keys spread over many maps are found with one parse for all of them (checked
    /// by that parse, so that they are listed in serde's order around other problems): they
    /// no longer use up recovery's passes, which here other problems take 80 of.
    #[test]
    fn unknown_keys_in_many_maps_are_listed_in_order_without_a_pass_each() {
        // The first unknown key has no others of its kind: the next are still found at once.
        let mut text = String::from("action: A\nextra: 1\nrequest:\n");
        let mut expected = vec![(2, 1, "unknown key `extra`".to_owned())];
        let mut line = 3;
        let mut add = |item: String, problems: &[(usize, usize, &str)]| {
            for (offset, column, message) in problems {
                expected.push((line + offset, *column, message.to_string()));
            }
            line += item.lines().count();
            text.push_str(&item);
        };
        let wrong = "wrong value type: list, expected a string";
        for i in 0..40 {
            // A wrong value, then its key missing (not reported): two passes each.
            add(format!("  - name: W{i}\n    type: string\n    summary: [x]\n"), &[(3, 14, wrong)]);
        }
        for i in 0..50 {
            let bogus = format!("  - name: U{i}\n    type: string\n    summary: s\n    bogus{i}: 1\n");
            let unknown = format!("unknown key `bogus{i}`");
            add(bogus, &[(4, 5, &unknown)]);
            if i == 25 {
                // Reported at its map's start, after the unknown key in it.
                add(
                    "  - name: M\n    summary: s\n    odd: 1\n".to_owned(),
                    &[(3, 5, "unknown key `odd`"), (1, 5, "missing required key `type`")],
                );
            }
        }
        text.push_str("response: []\nerrors: []\n");
        expected.push((1, 1, "missing required key `summary`".to_owned()));
        let found = all(&text);
        assert_eq!(found.len(), 1 + 40 + 50 + 2 + 1);
        assert_eq!(found, expected);
    }

    /// Each pass of recovery reads the whole file; when they run out, the last diagnostic
    /// says where checking stopped.
    #[test]
    fn recovery_says_where_it_stopped_when_its_passes_run_out() {
        let items: String = (0..120).map(|i| format!("  - name: W{i}\n    type: string\n    summary: [x]\n")).collect();
        let found = all(&format!("action: A\nsummary: s\nrequest:\n{items}response: []\nerrors: []\n"));
        // Two passes each: the wrong value, then the key missing once set aside.
        assert_eq!(found.len(), MAX_ROUNDS / 2 + 1);
        assert!(found[..MAX_ROUNDS / 2].iter().all(|(_, _, m)| m.starts_with("wrong value type")), "{found:?}");
        let stopped = "the file is not checked past here: recovering from the problems before it took 128 passes";
        assert_eq!(found[MAX_ROUNDS / 2], (4 + 3 * (MAX_ROUNDS / 2) + 2, 14, stopped.to_owned()));
    }

    /// A large file gets fewer passes than a small one: problems of two kinds in turn, which
    /// no batch finds together, stop recovery once its reads add up to its budget, here ten
    /// times the file (4.3 MB with a pass per problem took 25 s before there was a budget).
    #[test]
    fn recovery_of_a_large_file_stops_when_it_has_read_its_budget() {
        let items: String = (0..40)
            .map(|i| match i % 2 {
                0 => format!("  - name: F{i}\n    type: string\n    summary: s\n    bogus{i}: 1\n"),
                _ => format!("  - name: F{i}\n    type: string\n    summary: [x]\n"),
            })
            .collect();
        let text = format!("action: A\nsummary: s\nrequest:\n{items}response: []\nerrors: []\n");
        let source = Source::new(Path::new("specs/v/s/1/A.yaml"), text.clone());
        let found = parse::<ActionSpec>(&source, MAX_LISTED, 10 * text.len()).unwrap_err();
        let found: Vec<(usize, usize, &str)> = found.iter().map(|d| (d.line, d.column, d.message.as_str())).collect();
        let wrong = "wrong value type: list, expected a string";
        let stopped = "the file is not checked past here: recovering from the problems before it took 5 passes over \
                       the file's 3 KiB, 22 KiB read in all, the most a file is given";
        // Two passes each: the unknown key with a batch that finds nothing before the wrong
        // value; the wrong value, then its key missing. The fifth pass ends past the budget.
        let expected = [
            (7, 5, "unknown key `bogus0`"),
            (10, 14, wrong),
            (14, 5, "unknown key `bogus2`"),
            (17, 14, wrong),
            (15, 5, stopped),
        ];
        assert_eq!(found, expected);
        // With the whole budget, the round cap comes first.
        assert!(text.len() * MAX_ROUNDS < MAX_READ);
        assert_eq!(all(&text).len(), 40, "every problem");
    }

    /// A batch of unknown keys that lists none, since another problem comes first, does not
    /// end batching for the rest of the file: here the other problem is followed by forty
    /// unknown keys, found with one read for all instead of one each (which would spend the
    /// budget of sixteen reads of the file).
    #[test]
    fn batching_resumes_after_a_batch_that_lists_nothing() {
        let items: String =
            (2..42).map(|i| format!("  - name: F{i}\n    type: string\n    summary: s\n    bogus{i}: 1\n")).collect();
        let text = format!(
            "action: A\nsummary: s\nrequest:\n  - name: F0\n    type: string\n    summary: s\n    bogus0: 1\n  \
             - name: F1\n    type: string\n    summary: [x]\n{items}response: []\nerrors: []\n"
        );
        let source = Source::new(Path::new("specs/v/s/1/A.yaml"), text.clone());
        let found = parse::<ActionSpec>(&source, MAX_LISTED, 16 * text.len()).unwrap_err();
        let found: Vec<(usize, usize, String)> = found.into_iter().map(|d| (d.line, d.column, d.message)).collect();
        assert_eq!(found.len(), 42, "{found:#?}");
        assert_eq!(found[1], (10, 14, "wrong value type: list, expected a string".to_owned()));
        assert_eq!(found[41], (11 + 4 * 39 + 3, 5, "unknown key `bogus41`".to_owned()));
        assert_eq!(found, all(&text));
    }

    /// Recovery gives every missing key's placeholder a value of the key's type, as long as
    /// its passes last; it used to stop at the sixteenth, without a word at first, and here
    /// at the ninth rate limit, not listing `extra`.
    #[test]
    fn recovery_gives_every_missing_key_a_stand_in_value_while_its_passes_last() {
        // Two keys of other types than text missing from each rate limit.
        let limits = "  - scope: all\n".repeat(9);
        let found = all(&format!(
            "action: A\nsummary: s\nrate_limits:\n{limits}request: []\nresponse: []\nerrors: []\nextra: 1\n"
        ));
        let missing = |key: &'static str| (0..9).map(move |i| (4 + i, 5, format!("missing required key `{key}`")));
        let mut expected: Vec<(usize, usize, String)> =
            missing("requests").zip(missing("per")).flat_map(|(r, p)| [r, p]).collect();
        expected.push((16, 1, "unknown key `extra`".to_owned()));
        assert_eq!(found, expected);
        // Four passes a limit: the round cap ends the forty limits' recovery in the thirty-third.
        let limits = "  - scope: all\n".repeat(40);
        let found =
            all(&format!("action: A\nsummary: s\nrate_limits:\n{limits}request: []\nresponse: []\nerrors: []\n"));
        assert_eq!(found.len(), 2 * 32 + 1, "{found:#?}");
        let stopped = "the file is not checked past here: recovering from the problems before it took 128 passes";
        assert_eq!(found[64], (4 + 32, 5, stopped.to_owned()));
        // A type recovery has no stand-in value of (no spec key has one yet).
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Item {
            name: String,
            address: std::net::IpAddr,
        }
        #[derive(Debug, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Items {
            items: Vec<Item>,
        }
        let source = Source::new(Path::new("specs/v/s/1/A.yaml"), "items:\n  - name: x\nextra: 1\n".to_owned());
        let found = parse::<Items>(&source, MAX_LISTED, MAX_READ).unwrap_err();
        let found: Vec<(usize, usize, &str)> = found.iter().map(|d| (d.line, d.column, d.message.as_str())).collect();
        let stopped = "the file is not checked past here: recovery has no stand-in value of the type `address` takes";
        assert_eq!(found, [(2, 5, "missing required key `address`"), (2, 5, stopped)]);
    }

    /// A key given twice is reported at its second place, a key of its own map's (not one of
    /// the same name in a map nested between them), and set aside there: the rest of the file
    /// is still checked.
    #[test]
    fn a_key_given_twice_is_placed_on_its_second_and_set_aside() {
        let found = all("action: A\nsummary: s\nrequest: []\nresponse:\n  - name: R\n    type: string\n    \
                         summary: s\n    result_codes:\n      enum: E\n      codes:\n        - code: 0\n          \
                         name: Ok\n          summary: s\n    name: Again\nerrors: []\nbogus: 1\n");
        let found: Vec<(usize, usize, &str)> = found.iter().map(|(l, c, m)| (*l, *c, m.as_str())).collect();
        assert_eq!(found, [(14, 5, "key `name` is given twice"), (16, 1, "unknown key `bogus`")]);
    }

    /// (line, column, message) of every diagnostic of an action file.
    fn all(text: &str) -> Vec<(usize, usize, String)> {
        let errors = load_file_all(Path::new("specs/v/s/1/A.yaml"), text.to_owned(), 4).unwrap_err();
        errors.into_iter().map(|d| (d.line, d.column, d.message)).collect()
    }

    #[test]
    fn several_keys_missing_from_one_map_are_all_reported() {
        let found = all("action: A\nrequest:\n  - name: X\n    required: true\n  - name: Y\n    type: string\n    \
                         sumary: y\nerrors: []\n");
        let expected = [
            (3, 5, "missing required key `type`"),
            (3, 5, "missing required key `summary`"),
            (7, 5, "unknown key `sumary`"),
            (1, 1, "missing required key `summary`"),
            (1, 1, "missing required key `response`"),
        ];
        assert_eq!(found, expected.map(|(l, c, m)| (l, c, m.to_owned())));
    }

    #[test]
    fn keys_missing_from_a_placeholder_are_not_reported() {
        // The example lacks `response`; its placeholder map then lacks `body`, which says
        // nothing new, but recovery cannot add it, and says that it stopped there.
        let found = all("action: A\nsummary: s\nrequest: []\nresponse: []\nerrors:\n  - code: E\n    summary: e\n\
                         examples:\n  - title: t\n    request: '{}'\nextra: 1\n");
        let stopped = "the file is not checked past here: the empty map recovery put in for `response` lacks `body`, \
                       which it cannot add";
        assert_eq!(found, [(9, 5, "missing required key `response`".to_owned()), (9, 5, stopped.to_owned())]);
    }

    /// Where recovery cannot set a problem aside, a last diagnostic says that checking
    /// stopped there and why, rather than leaving the problems after it (here `extra`)
    /// unmentioned.
    #[test]
    fn recovery_that_cannot_go_on_says_where_it_stopped() {
        let action = |request: &str| {
            all(&format!("action: A\nsummary: s\nrequest:\n{request}response: []\nerrors: []\nextra: 1\n"))
        };
        let stopped = |why: &str| format!("the file is not checked past here: {why}");
        // An unknown key that is a list item's first key, and a wrong value of a quoted key.
        let plainly = stopped("recovery sets aside only a key written plainly at the start of its line");
        let found = action("  - bogus: 1\n    name: X\n    type: string\n    summary: s\n");
        assert_eq!(found, [(4, 5, "unknown key `bogus`".to_owned()), (4, 5, plainly.clone())]);
        let found = action("  - name: X\n    type: string\n    'summary': [x]\n");
        let wrong = "wrong value type: list, expected a string".to_owned();
        assert_eq!(found, [(6, 16, wrong.clone()), (6, 16, plainly)]);
        // Commenting out a key whose flow list goes on less indented than the key leaves the
        // list's end alone, which then does not parse.
        let broken = stopped("recovery's edits of the problems before it left YAML that does not parse");
        let found = action(
            "  - name: X\n    type: string\n    summary: [a,\n  b]\n  - name: Y\n    type: string\n    summary: s\n",
        );
        assert_eq!(found, [(6, 14, wrong), (8, 3, broken.clone())]);
        let found = action("  - name: X\n    type: string\n    summary: s\n    bogus: [a,\n  b]\n  - name: Y\n    type: string\n    summary: s\n");
        assert_eq!(found, [(7, 5, "unknown key `bogus`".to_owned()), (9, 3, broken)]);
    }

    #[test]
    fn a_missing_key_of_another_type_gets_a_value_of_that_type() {
        // `per` is one of some words, `codes` a list, `requests` a number, `http` a map: each
        // placeholder is given a value serde takes, and later mistakes are still found.
        let found = all("action: A\nsummary: s\nhttp:\n  path: /x\nrate_limits:\n  - scope: all\n\
                         request: []\nresponse:\n  - name: R\n    type: u32\n    summary: r\n    result_codes:\n      \
                         enum: RCode\nerrors:\n  - code: E\n    summary: e\n    retry: nevr\n");
        let messages: Vec<(usize, &str)> = found.iter().map(|(l, _, m)| (*l, m.as_str())).collect();
        assert_eq!(
            messages,
            [
                (4, "missing required key `method`"),
                (6, "missing required key `requests`"),
                (6, "missing required key `per`"),
                (13, "missing required key `codes`"),
                (17, "unknown value `nevr`"),
            ]
        );
    }

    #[test]
    fn a_key_set_aside_in_one_map_is_still_reported_missing_from_another() {
        let found = all("action: A\nsummary: s\nrequest:\n  - name: X\n    type: string\n    summary: [x]\n  \
                         - name: Y\n    type: string\nresponse: []\nerrors: []\n");
        let messages: Vec<(usize, &str)> =
            found.iter().map(|(l, _, m)| (*l, &m[..m.find(':').unwrap_or(m.len())])).collect();
        assert_eq!(messages, [(6, "wrong value type"), (7, "missing required key `summary`")]);
    }

    #[test]
    fn a_required_key_with_a_wrong_value_does_not_hide_later_mistakes() {
        let found = all("action: A\nsummary: s\nrequest:\n  - name: X\n    type: string\n    summary: [x]\n  \
                         - name: Y\n    type: string\n    summary: y\n    bogus: 1\nresponse: []\nerrors: []\n");
        let messages: Vec<(usize, &str)> =
            found.iter().map(|(l, _, m)| (*l, &m[..m.find(':').unwrap_or(m.len())])).collect();
        assert_eq!(messages, [(6, "wrong value type"), (10, "unknown key `bogus`")]);
    }

    #[test]
    fn an_empty_document_is_missing_every_required_key_at_its_start() {
        let missing = |key: &str| (1, 1, format!("missing required key `{key}`"));
        let expected = ["action", "summary", "request", "response", "errors"].map(missing);
        for text in ["---", "---\n", "--- # nothing yet\n\n...\n"] {
            assert_eq!(all(text), expected, "{text:?}");
        }
        // As for a file with one key.
        assert_eq!(all("action: A\n"), expected[1..]);
    }

    #[test]
    fn missing_key_is_named() {
        let text = "vendor: x\nname: X\n".to_owned();
        let error = load_file(Path::new("specs/x/vendor.yaml"), text, 2).unwrap_err();
        assert_eq!(error.message, "missing required key `summary`");
    }

    #[test]
    fn each_placeholder_in_a_value_is_placed_and_comments_and_keys_are_not_values() {
        let text = "# Replace every <fill in>.\naction: A\nsummary: \"Adds <fill in> to <fill in>.\"\nnotes: >\n  \
                    Long text\n  ending in <fill in>\nrequest: []\nresponse: []\nerrors: [{code: <fill in>, summary: s}]\n\
                    examples: []\n";
        let found = load_file_all(Path::new("specs/v/s/1/A.yaml"), text.to_owned(), 4).unwrap_err();
        let places: Vec<(usize, usize, &str)> = found.iter().map(|d| (d.line, d.column, d.path.as_str())).collect();
        assert_eq!(places, [(3, 16, "summary"), (3, 29, "summary"), (6, 13, "notes"), (9, 17, "errors[0].code")]);
        assert!(found.iter().all(|d| d.message.contains(PLACEHOLDER) && d.note.is_none()), "{found:?}");
    }

    /// A control character is named where it stands (the parser says only that one is
    /// there), and a no-break space where YAML wants a space is named instead of the
    /// indentation error it causes on the next line.
    #[test]
    fn stray_characters_are_named_where_they_stand() {
        let load = |text: &str| load_file_all(Path::new("specs/v/s/1/A.yaml"), text.to_owned(), 4).unwrap_err();
        let place = |found: Vec<Diagnostic>| {
            assert_eq!(found.len(), 1, "{found:?}");
            (found[0].line, found[0].column, found[0].message.clone())
        };
        let spec = "action: A\nsummary: s\nrequest:\n  - name: Timeout\n    type: u32\n    summary: s\nresponse: []\nerrors: []\n";
        let cases = [
            (
                "s\nrequest",
                "s\u{0}\nrequest",
                2,
                11,
                "the file holds a NUL character (U+0000), which YAML does not allow",
            ),
            (
                "type: u32",
                "type:\u{b} u32",
                5,
                10,
                "the file holds the control character U+000B, which YAML does not allow",
            ),
            (
                "name: Timeout",
                "name:\u{a0}Timeout",
                4,
                10,
                "a no-break space (U+00A0) after `name:`, where YAML needs a space to end the key",
            ),
            (
                "    type: u32",
                "  \u{a0} type: u32",
                5,
                3,
                "a no-break space (U+00A0) in the indentation, where YAML takes only spaces",
            ),
        ];
        for (from, to, line, column, message) in cases {
            assert_eq!(place(load(&spec.replace(from, to))), (line, column, message.to_owned()), "{to:?}");
        }
        // In prose, after text that is no key, it is the writer's to keep.
        let prose = spec.replace("summary: s\nrequest", "summary: \"Adds a face:\u{a0}fast\"\nrequest");
        assert!(load_file_all(Path::new("specs/v/s/1/A.yaml"), prose, 4).is_ok());
    }

    /// A key with nothing after it is reported, once, right after its colon, however serde
    /// would have read it (as no limits, no default, or a wrong value for `required`).
    #[test]
    fn a_key_given_no_value_is_reported_instead_of_read_as_absent() {
        let text = "action: A\nsummary: s\nrequest:\n  - name: N\n    type: string\n    summary: s\n    \
                    required:\n    limits:\n      allowed:\n  - name: M\n    type: string\n    summary: s\n    \
                    default:\n    example: ~\nresponse: []\nerrors: []\nexamples: []\n";
        let found = load_file_all(Path::new("specs/v/s/1/A.yaml"), text.to_owned(), 4).unwrap_err();
        let places: Vec<(usize, usize, &str, &str)> =
            found.iter().map(|d| (d.line, d.column, d.path.as_str(), d.message.as_str())).collect();
        let expected = [
            (7, 14, "request[0].required", "`required` has no value"),
            (9, 15, "request[0].limits.allowed", "`allowed` has no value"),
            (13, 13, "request[1].default", "`default` has no value"),
        ];
        assert_eq!(places, expected);
        // `~` is written on purpose, so it is not a slip: the loader reads it as serde does.
        assert!(found.iter().all(|d| d.hint.as_deref().is_some_and(|h| h.contains("leave the key out"))));
        // Where serde reads every key, the file loads, and the slips go to the checker.
        let text = text.replace("    required:\n", "");
        let loaded = load_file_all(Path::new("specs/v/s/1/A.yaml"), text, 4).expect("loads");
        let places: Vec<(usize, &str)> = loaded.slips.iter().map(|d| (d.line, d.path.as_str())).collect();
        assert_eq!(places, [(8, "request[0].limits.allowed"), (12, "request[1].default")]);
        // The lines alone clear a spec without one, which is then not parsed again for it.
        for spec in [
            include_str!("../../specs/tencent/iai/2018-03-01/CreateFace.yaml"),
            include_str!("../../specs/azure/face/v1.0/PersonGroupPersonAddFace.yaml"),
            include_str!("../../specs/tencent/vendor.yaml"),
        ] {
            assert!(!may_hold_an_empty_value(spec));
        }
        assert!(may_hold_an_empty_value("request:\n  - name:\n  - name: B\n"));
        // Prose ending in a colon is no key; the key after the prose is one.
        assert!(!may_hold_an_empty_value("notes: |\n  As follows:\n  one.\nerrors: []\n"));
        assert!(may_hold_an_empty_value("request:\n  - notes: >-\n      Text:\n    limits:\n  - name: B\n"));
        assert!(may_hold_an_empty_value("errors:\n  # none yet\nexamples: []\n"));
        assert!(!may_hold_an_empty_value("errors:\n- code: X\n"));
    }

    /// With the list full of placeholders, a placeholder that is also a wrong value is not
    /// one more problem: it is listed already.
    #[test]
    fn a_placeholder_in_a_full_list_is_not_counted_again() {
        let mut text = "action: A\nsummary: s\nrequest:\n  - name: N\n    type: string\n    summary: s\n    \
                        limits:\n      max_length: <fill in>\nresponse: []\nerrors:\n"
            .to_owned();
        for i in 1..MAX_LISTED {
            text.push_str(&format!("  - code: E{i}\n    summary: <fill in>\n"));
        }
        let found = load_file_all(Path::new("specs/v/s/1/A.yaml"), text, 4).unwrap_err();
        assert_eq!(found.len(), MAX_LISTED, "{:?}", found.last());
        assert!(found.iter().all(|d| d.message.contains(PLACEHOLDER)), "{:?}", found.last());
        assert_eq!(found[0].path, "request[0].limits.max_length");
    }
}
