//! Where spec files come from: a folder on disk ([`SpecDir`]) or files parsed beforehand
//! ([`Preloaded`]), both read one file at a time through [`SpecFiles`].

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use super::{load_file_all, Kind, Loaded, LoadedTree, Spec};
use crate::diag::{Diagnostic, Source};

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
}

impl SpecFiles for SpecDir {
    fn paths(&self) -> &[PathBuf] {
        &self.paths
    }

    fn kind(&self, path: &Path) -> Kind {
        path.strip_prefix(&self.specs_dir).map_or(Kind::Misplaced, Kind::of)
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
                    Some(rest) => load_file_all(rel, rest.to_owned(), self.kind(rel)),
                    None => load_file_all(rel, text, self.kind(rel)),
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
