//! Finds the spec files and parses each into its serde struct.
//!
//! The checker reads a tree through [`SpecFiles`], one file at a time, so a tree of any size
//! is held one service folder at a time: [`SpecDir`] reads from disk, [`Preloaded`] hands out
//! files parsed beforehand (tests and fuzzing build trees in memory).
//!
//! A file goes through [`load_file_all`] in three steps, one module each:
//! - `prechecks`: what is read off the text before serde sees it (control characters,
//!   brackets nested too deep, placeholders of `cargo xtask new`, keys given no value), and
//!   `syntax`: YAML that does not parse, or parses other than its writer meant;
//! - `recover`: serde's parse, repeated after setting each mistake aside, so that one run
//!   reports every unknown key, wrong value and missing key of the file;
//! - `serde_messages`: serde's and the YAML parser's messages, said in spec writers' words
//!   with a position and a hint.

mod prechecks;
mod recover;
mod serde_messages;
pub(crate) mod syntax;
#[cfg(test)]
mod tests;
mod tree;

use std::path::Path;

use crate::diag::{Diagnostic, Source};
use crate::spec::{ActionSpec, ServiceSpec, VendorSpec};
use prechecks::{empty_values, placeholders, stray_character, too_deep, MAX_FLOW_DEPTH};
use recover::{parse, MAX_READ};
pub use tree::{Preloaded, SpecDir, SpecFiles};

/// What a spec file holds, by its place in the tree.
#[derive(Debug)]
pub enum Spec {
    /// `<vendor>/vendor.yaml`
    Vendor(VendorSpec),
    /// `<vendor>/<service>/<version>/service.yaml`
    Service(ServiceSpec),
    /// `<vendor>/<service>/<version>/<Action>.yaml`
    Action(ActionSpec),
}

/// A parsed spec file.
#[derive(Debug)]
pub struct Loaded {
    /// The file's path and text, which diagnostics point into.
    pub source: Source,
    /// What serde read.
    pub spec: Spec,
    /// Keys given no value (`allowed:` and nothing more): errors, though serde read the file,
    /// so the checker reports them beside its own findings.
    pub empty_values: Vec<Diagnostic>,
}

/// The files of a spec tree: parsed ones, and diagnostics for those that did not parse.
#[derive(Debug, Default)]
pub struct LoadedTree {
    /// The files that parsed, in path order.
    pub files: Vec<Loaded>,
    /// The problems of those that did not.
    pub diagnostics: Vec<Diagnostic>,
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

impl Kind {
    /// The kind of the file at `path`, relative to the specs folder (`tencent/vendor.yaml`).
    pub fn of(path: &Path) -> Kind {
        let stem = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        match (path.components().count(), stem) {
            (2, "vendor") => Kind::Vendor,
            (4, "service") => Kind::Service,
            (4, _) => Kind::Action,
            _ => Kind::Misplaced,
        }
    }
}

/// Parses one file of the given kind; on failure, the first problem (see [`load_file_all`]
/// for all of them). `rel` is the path diagnostics name.
pub fn load_file(rel: &Path, text: String, kind: Kind) -> Result<Loaded, Box<Diagnostic>> {
    load_file_all(rel, text, kind).map_err(|mut all| Box::new(all.remove(0)))
}

/// Parses one file, reporting every unknown key, wrong value, wrong list item and key missing
/// from a block map it contains, every mistake `syntax::lint` finds, every placeholder of
/// `cargo xtask new` left in it, and the first other problem, followed by a diagnostic saying
/// the file is not checked past it. YAML that does not parse is reported alone, since the
/// other problems serde finds before the parser fails follow from it.
pub fn load_file_all(rel: &Path, text: String, kind: Kind) -> Result<Loaded, Vec<Diagnostic>> {
    let source = Source::new(rel, text);
    let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    // Found so it is not skipped in silence; one spelling keeps the tree uniform.
    if rel.extension().is_some_and(|e| e != "yaml") {
        let hint = format!("rename it to `{stem}.yaml`");
        return Err(vec![source.whole_file("spec files are named `*.yaml`", hint)]);
    }
    if let Some((line, column, message, hint)) = stray_character(&source.text) {
        return Err(vec![source.at(line, column, String::new(), message, Some(hint.into()))]);
    }
    if let Some((line, column)) = too_deep(&source.text, MAX_FLOW_DEPTH) {
        let message = format!("brackets nest more than {MAX_FLOW_DEPTH} levels deep");
        let hint = Some("specs nest a few levels; look for brackets that are never closed".into());
        return Err(vec![source.at(line, column, String::new(), message, hint)]);
    }
    let blank = source.text.lines().all(|line| line.trim().is_empty() || line.trim_start().starts_with('#'));
    if blank {
        let first_key = match kind {
            Kind::Vendor | Kind::Service => "vendor",
            _ => "action",
        };
        let hint = format!("a spec starts with `{first_key}:`; specs/README.md lists every key");
        return Err(vec![source.whole_file("the file has no content", hint)]);
    }
    if kind == Kind::Misplaced {
        let hint = "specs are `<vendor>/vendor.yaml`, `<vendor>/<service>/<version>/service.yaml` \
                    and `<vendor>/<service>/<version>/<Action>.yaml`";
        return Err(vec![source.whole_file("spec file in an unexpected place", hint)]);
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
        Ok(spec) if found.is_empty() => Ok(Loaded { source, spec, empty_values: empty }),
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

/// How many problems of one file are listed at most: past that, one more diagnostic says how
/// many more were found, so that a file written wrong throughout does not flood the output.
pub(crate) const MAX_LISTED: usize = 100;

/// The diagnostic that ends a file's list of problems at [`MAX_LISTED`], at the first problem
/// not listed; `more` counts those found, and more may follow, since checking stopped there.
fn more_not_listed(source: &Source, line: usize, column: usize, path: String, more: usize) -> Diagnostic {
    let message = match more {
        1 => format!("1 more problem here is not listed, nor the file checked past it (a file lists {MAX_LISTED})"),
        _ => format!(
            "{more} more problems from here on are not listed, nor the file checked past them (a file lists {MAX_LISTED})"
        ),
    };
    source.at(line, column, path, message, Some(CHECK_AGAIN.into())).stopping_checks()
}

/// The hint of a diagnostic that ends a file's problems before its end.
const CHECK_AGAIN: &str = "fix the problems listed and run again: the rest of the file is checked then";
