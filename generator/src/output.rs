//! Comparing rendered files with the tree, and writing them.
//!
//! Everything is rendered in memory first; only then is anything compared or written. Each
//! file is written to a temporary sibling and renamed over the old one, so a reader sees
//! either the old or the new file, never half of one. Files without the generator's header
//! are never written over or removed.

use std::fmt;
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};

use crate::diag::Diagnostics;
use crate::render::{OutputFile, MARKER, TARGETS};

/// What running the generator would change.
#[derive(Debug)]
pub struct Plan {
    /// The workspace root all paths are relative to.
    pub root: PathBuf,
    /// Every rendered file.
    pub files: Vec<OutputFile>,
    /// Rendered files that do not exist yet.
    pub added: Vec<PathBuf>,
    /// Rendered files whose contents differ on disk.
    pub changed: Vec<PathBuf>,
    /// Files with the generator's header that nothing renders any more.
    pub stale: Vec<PathBuf>,
    /// How many spec files were read.
    pub spec_files: usize,
}

impl Plan {
    /// Whether the tree already matches the specs.
    pub fn is_clean(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.stale.is_empty()
    }

    /// Rendered files that are already up to date.
    pub fn unchanged(&self) -> usize {
        self.files.len() - self.added.len() - self.changed.len()
    }

    /// Writes added and changed files and removes stale ones.
    pub fn apply(&self) -> io::Result<()> {
        for file in &self.files {
            if self.added.contains(&file.path) || self.changed.contains(&file.path) {
                write_atomically(&self.root.join(&file.path), file.contents.as_bytes())?;
            }
        }
        for path in &self.stale {
            std::fs::remove_file(self.root.join(path))?;
        }
        Ok(())
    }

    /// The one-line summary printed after a run.
    pub fn summary(&self, wrote: bool) -> String {
        let verb = if wrote { "written" } else { "to write" };
        let removed = if wrote { "removed" } else { "to remove" };
        format!(
            "{} spec files read, {} files {verb}, {} unchanged, {} {removed}",
            self.spec_files,
            self.added.len() + self.changed.len(),
            self.unchanged(),
            self.stale.len()
        )
    }

    /// One line per file that is added, changed or stale, for `--check`.
    pub fn describe_changes(&self) -> String {
        let mut lines = Vec::new();
        lines.extend(self.added.iter().map(|p| format!("  added:   {}", p.display())));
        lines.extend(self.changed.iter().map(|p| format!("  changed: {}", p.display())));
        lines.extend(self.stale.iter().map(|p| format!("  stale:   {}", p.display())));
        lines.join("\n")
    }
}

/// Why no plan could be made.
#[derive(Debug)]
pub enum Error {
    /// The specs have problems; nothing was rendered.
    Specs(Diagnostics),
    /// Rendering failed (a generator bug, never a spec mistake).
    Render(String),
    /// Reading the tree failed.
    Io(io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Specs(diagnostics) => diagnostics.fmt(f),
            Error::Render(message) => write!(f, "rendering failed: {message}"),
            Error::Io(error) => write!(f, "I/O error: {error}"),
        }
    }
}

impl std::error::Error for Error {}

impl From<io::Error> for Error {
    fn from(error: io::Error) -> Self {
        Error::Io(error)
    }
}

/// Loads and checks every target's specs, renders everything, and compares it with the tree.
/// Diagnostics of all targets are reported together; nothing is rendered if there are any.
pub fn plan(root: &Path) -> Result<Plan, Error> {
    let mut irs = Vec::new();
    let mut diagnostics = Vec::new();
    for target in &TARGETS {
        match crate::load_ir_from(root, Path::new(target.specs)) {
            Ok(ir) => irs.push((target, ir)),
            Err(Error::Specs(found)) => diagnostics.extend(found.0),
            Err(other) => return Err(other),
        }
    }
    if !diagnostics.is_empty() {
        return Err(Error::Specs(Diagnostics(diagnostics).finish()));
    }
    let mut files = Vec::new();
    let mut spec_files = 0;
    for (target, ir) in &irs {
        let examples = hand_written_examples(&root.join(target.out))?;
        files.extend(crate::render::render(ir, target, &examples).map_err(Error::Render)?);
        spec_files += ir.spec_files;
    }
    let out_dirs: Vec<&str> = irs.iter().map(|(target, _)| target.out).collect();
    compare(root, files, spec_files, &out_dirs)
}

/// Names of the hand-written examples in `<crate>/examples/` (files without our header).
fn hand_written_examples(crate_dir: &Path) -> io::Result<Vec<String>> {
    let dir = crate_dir.join("examples");
    let mut names = Vec::new();
    if dir.is_dir() {
        for entry in std::fs::read_dir(dir)? {
            let path = entry?.path();
            if path.extension().is_some_and(|e| e == "rs") && !has_marker(&path)? {
                names.extend(path.file_stem().and_then(|s| s.to_str()).map(str::to_owned));
            }
        }
    }
    names.sort();
    Ok(names)
}

/// Compares rendered files with what is on disk below `root`; files with our header in
/// `out_dirs` that nothing renders are stale.
pub fn compare(root: &Path, files: Vec<OutputFile>, spec_files: usize, out_dirs: &[&str]) -> Result<Plan, Error> {
    let mut added = Vec::new();
    let mut changed = Vec::new();
    for file in &files {
        match std::fs::read(root.join(&file.path)) {
            Ok(existing) if existing == file.contents.as_bytes() => {}
            Ok(_) => changed.push(file.path.clone()),
            Err(error) if error.kind() == io::ErrorKind::NotFound => added.push(file.path.clone()),
            Err(error) => return Err(error.into()),
        }
    }
    let mut owned = Vec::new();
    for dir in out_dirs {
        let dir = root.join(dir);
        if dir.is_dir() {
            find_owned(root, &dir, &mut owned)?;
        }
    }
    let mut stale: Vec<PathBuf> = owned.into_iter().filter(|path| !files.iter().any(|f| &f.path == path)).collect();
    stale.sort();
    Ok(Plan { root: root.to_path_buf(), files, added, changed, stale, spec_files })
}

/// Files below `dir` whose first line carries the generator's marker.
fn find_owned(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            find_owned(root, &path, out)?;
        } else if has_marker(&path)? {
            out.push(path.strip_prefix(root).unwrap_or(&path).to_path_buf());
        }
    }
    Ok(())
}

fn has_marker(path: &Path) -> io::Result<bool> {
    use io::BufRead;
    let mut first = Vec::new();
    let file = std::fs::File::open(path)?;
    io::BufReader::new(file).take(4096).read_until(b'\n', &mut first)?;
    Ok(String::from_utf8_lossy(&first).contains(MARKER))
}

/// Writes `contents` to a temporary sibling of `path`, then renames it into place.
pub fn write_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.gen-tmp"));
    std::fs::write(&temp, contents)?;
    std::fs::rename(&temp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}
