//! Comparing rendered files with the tree, and writing them.
//!
//! The [`crate::pipeline`] checks and renders specs one service at a time; rendering stops at
//! the first problem, and a plan is made only when every spec checks cleanly. Each rendered file is
//! compared with the tree as soon as it is formatted; what happens to a file that differs
//! depends on the [`Mode`]: kept in memory, forgotten (check only), or staged in a temporary
//! sibling. Files reach their final path only in [`Plan::apply`], by a rename, so a reader sees
//! either the old or the new file, never half of one; a plan dropped unapplied removes what it
//! staged, folders included. Files without the generator's header are never written over or
//! removed, but they are named ([`Plan::foreign`]): nothing in a generated crate reads them.
//! Nothing is written through a symbolic link, which could lead out of the tree, or over
//! anything but a regular file ([`Error::Refused`]).

use std::collections::HashSet;
use std::fmt;
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};

use crate::breaks::{self, ApiBreak};
use crate::diag::Diagnostics;
use crate::render::{OutputFile, MARKER};

/// Whether a plan's summary tells what a run would do or what it did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Before [`Plan::apply`]: files "to write", folders "to remove".
    Planned,
    /// After it: files "written", folders "removed".
    Applied,
}

/// What a plan keeps of the files it renders.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Every file's contents, in memory: for tests and tools that read the output.
    InMemory,
    /// Only paths: enough to say what would change (`gen --check`); such a plan cannot be applied.
    CheckOnly,
    /// Files that differ are written to temporary siblings as soon as they are rendered, so
    /// memory stays flat however many actions there are (`gen`). Nothing is renamed into place
    /// before [`Plan::apply`]; dropping the plan removes temporary files left behind.
    Staged,
}

/// What running the generator would change.
#[derive(Debug)]
pub struct Plan {
    /// The workspace root all paths are relative to.
    pub root: PathBuf,
    /// How the plan was made.
    pub mode: Mode,
    /// Every rendered file with its contents in [`Mode::InMemory`]; empty otherwise.
    pub files: Vec<OutputFile>,
    /// The path of every rendered file, sorted.
    pub rendered: Vec<PathBuf>,
    /// Rendered files that do not exist yet.
    pub added: Vec<PathBuf>,
    /// Rendered files whose contents differ on disk.
    pub changed: Vec<PathBuf>,
    /// Files with the generator's header that nothing renders any more.
    pub stale: Vec<PathBuf>,
    /// Files (and symbolic links) in the output folders without the generator's header,
    /// sorted: never touched, but named, since the generated `lib.rs` and `mod.rs` files
    /// declare only what the generator writes, so nothing reads them.
    pub foreign: Vec<PathBuf>,
    /// Empty folders in the output folders that no rendered file goes into (a killed run can
    /// leave them between removing a stale file and its folder), deepest first: removed last.
    pub empty_dirs: Vec<PathBuf>,
    /// Build folders in the output folders (marked by cargo's `CACHEDIR.TAG`), sorted: a
    /// relative `CARGO_TARGET_DIR` can put one there. Nothing in them is read, written or
    /// removed.
    pub build_dirs: Vec<PathBuf>,
    /// Facts of the API manifests (`<crate>/api/*.txt`) on disk that the rendered manifests
    /// change or no longer have, sorted: each breaks downstream code that uses it.
    pub api_breaks: Vec<ApiBreak>,
    /// How many spec files the targets have.
    pub spec_files: usize,
    /// Rendered files whose service folder was unchanged, taken from the cache as they are.
    pub reused: usize,
    /// In [`Mode::Staged`]: (temporary file, final path) of every added or changed file.
    staged: Vec<(PathBuf, PathBuf)>,
    /// In [`Mode::Staged`]: folders created for staged files, outermost first.
    created: Vec<PathBuf>,
    /// The output folders: removing stale files may empty folders below them, never them.
    out_dirs: Vec<PathBuf>,
    /// Folders [`Plan::apply`] removed (empty ones, and those removing stale files emptied),
    /// for the summary; `apply` takes `&self`.
    removed_dirs: std::cell::Cell<usize>,
}

impl Drop for Plan {
    fn drop(&mut self) {
        // Temporary files of a plan never applied, or of an apply that failed part-way, and
        // the folders made for them (which an applied plan has filled, so they stay).
        for (temp, _) in &self.staged {
            let _ = std::fs::remove_file(self.root.join(temp));
        }
        for dir in self.created.iter().rev() {
            let _ = std::fs::remove_dir(self.root.join(dir));
        }
    }
}

impl Plan {
    /// Whether the tree already matches the specs: nothing to write or remove (files the
    /// generator does not own are not its to fix; see [`Plan::check_outcome`]).
    pub fn is_clean(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.stale.is_empty()
    }

    /// Rendered files that are already up to date.
    pub fn unchanged(&self) -> usize {
        self.rendered.len() - self.added.len() - self.changed.len()
    }

    /// Writes added and changed files and removes stale ones.
    ///
    /// Stale files are first moved aside (to the temporary sibling name, which marks them as
    /// the generator's to remove), since a file that cannot be moved cannot be removed either:
    /// one that fails (its folder read-only or immutable, a folder now in its place) puts the
    /// others back and stops the run, naming it (and any that could not go back), before any
    /// file is written. Past that, a failure (a full disk, another program changing the tree)
    /// leaves each file old or new and the moved files under names the next run removes, so the
    /// next run completes the change.
    pub fn apply(&self) -> io::Result<()> {
        if self.mode == Mode::CheckOnly && !self.is_clean() {
            return Err(io::Error::other("a plan made in check-only mode cannot be applied"));
        }
        let aside = self.move_stale_aside()?;
        match self.mode {
            Mode::InMemory => {
                let writes: HashSet<&PathBuf> = self.added.iter().chain(&self.changed).collect();
                for file in self.files.iter().filter(|f| writes.contains(&f.path)) {
                    write_atomically(&self.root.join(&file.path), file.contents.as_bytes()).map_err(at(&file.path))?;
                }
            }
            Mode::Staged => {
                for (temp, path) in &self.staged {
                    std::fs::rename(self.root.join(temp), self.root.join(path)).map_err(at(path))?;
                }
            }
            Mode::CheckOnly => {}
        }
        for (moved, path) in &aside {
            match std::fs::remove_file(self.root.join(moved)) {
                // A stale temporary file may have been written over by another file moved aside.
                Err(error) if error.kind() != io::ErrorKind::NotFound => return Err(at(moved)(error)),
                _ => {}
            }
            // Folders left empty go too, up to (not including) the output folder.
            let below_out = |dir: &&Path| self.out_dirs.iter().any(|out| dir.starts_with(out) && *dir != out);
            for dir in path.ancestors().skip(1).take_while(below_out) {
                if std::fs::remove_dir(self.root.join(dir)).is_err() {
                    break;
                }
                self.removed_dirs.set(self.removed_dirs.get() + 1);
            }
        }
        // `remove_dir` removes only an empty folder, so one filled since the plan was made stays.
        for dir in &self.empty_dirs {
            if std::fs::remove_dir(self.root.join(dir)).is_ok() {
                self.removed_dirs.set(self.removed_dirs.get() + 1);
            }
        }
        Ok(())
    }

    /// Renames each stale file to its temporary sibling, returning (sibling, stale path) of
    /// each; when one fails, those already moved are put back and the error names it, and any
    /// that could not be put back.
    fn move_stale_aside(&self) -> io::Result<Vec<(PathBuf, PathBuf)>> {
        self.move_stale_aside_with(|from, to| std::fs::rename(from, to))
    }

    /// [`Plan::move_stale_aside`], renaming with `rename`: a test fails a rename back, which
    /// no file system set-up can do between two renames of one call.
    fn move_stale_aside_with(
        &self,
        mut rename: impl FnMut(&Path, &Path) -> io::Result<()>,
    ) -> io::Result<Vec<(PathBuf, PathBuf)>> {
        let mut moved = Vec::with_capacity(self.stale.len());
        let failed = self.stale.iter().find_map(|path| {
            let (from, temp) = (self.root.join(path), temp_path(path));
            let result = match std::fs::symlink_metadata(&from) {
                // Gone already: nothing to remove.
                Err(error) if error.kind() == io::ErrorKind::NotFound => return None,
                Ok(meta) if !meta.is_file() => Err(io::Error::other("is no longer a file")),
                _ => rename(&from, &self.root.join(&temp)),
            };
            match result {
                Ok(()) => {
                    moved.push((temp, path.clone()));
                    None
                }
                Err(error) => Some((path, error)),
            }
        });
        let Some((path, error)) = failed else { return Ok(moved) };
        // A file left under its temporary name would be removed by the next run: named, so
        // that the maintainer can put it back by hand.
        let not_back: Vec<String> = moved
            .iter()
            .rev()
            .filter_map(|(temp, path)| {
                let error = rename(&self.root.join(temp), &self.root.join(path)).err()?;
                Some(format!("\n  {} was left as {} ({error})", path.display(), temp.display()))
            })
            .collect();
        let mut message =
            format!("{}: a stale file that cannot be removed ({error}); nothing was written", path.display());
        if !not_back.is_empty() {
            message.push_str(
                ", but stale files moved aside could not be put back: rename each to its name by hand, or the next \
                 run removes it",
            );
            message.extend(not_back);
        }
        Err(io::Error::new(error.kind(), message))
    }

    /// The one-line summary printed after a run; once applied, it counts the folders removed
    /// too, and before, the folders that are empty now (`gen --check` names them without
    /// failing: git keeps no empty folder, so the committed tree cannot be stale by one).
    pub fn summary(&self, stage: Stage) -> String {
        let wrote = stage == Stage::Applied;
        let verb = if wrote { "written" } else { "to write" };
        let removed = if wrote { "removed" } else { "to remove" };
        let reused = match self.reused {
            0 => String::new(),
            n => format!(" ({n} of them not rendered again: their specs or sources are unchanged since the last run)"),
        };
        let count = |n: usize, what: &str| if n == 1 { format!("1 {what}") } else { format!("{n} {what}s") };
        let folders = match if wrote { self.removed_dirs.get() } else { self.empty_dirs.len() } {
            0 => String::new(),
            n => format!(", {} {removed}", count(n, "empty folder")),
        };
        format!(
            "{}, {} {verb}, {} unchanged{reused}, {} {removed}{folders}",
            count(self.spec_files, "spec file"),
            count(self.added.len() + self.changed.len(), "file"),
            self.unchanged(),
            self.stale.len()
        )
    }

    /// One line per file that is missing, changed or stale, for `--check`. A file to write
    /// that is not on disk is `missing`, whether its spec is new or the file was deleted: the
    /// tree alone cannot tell which.
    pub fn describe_changes(&self) -> String {
        let mut lines = Vec::new();
        lines.extend(self.added.iter().map(|p| format!("  missing: {}", p.display())));
        lines.extend(self.changed.iter().map(|p| format!("  changed: {}", p.display())));
        lines.extend(self.stale.iter().map(|p| format!("  stale:   {}", p.display())));
        lines.join("\n")
    }

    /// The note naming files the generator did not write, if there are any.
    pub fn foreign_note(&self) -> Option<String> {
        if self.foreign.is_empty() {
            return None;
        }
        let mut note = String::from(
            "not written by the generator, left alone (nothing in the generated crate uses them; \
             move them out or delete them):",
        );
        for path in &self.foreign {
            note.push_str(&format!("\n  {}", path.display()));
        }
        Some(note)
    }

    /// The note naming the build folders left alone, if there are any.
    pub fn build_dirs_note(&self) -> Option<String> {
        if self.build_dirs.is_empty() {
            return None;
        }
        let mut note = String::from(
            "left alone, as build folders (they hold cargo's CACHEDIR.TAG; a relative CARGO_TARGET_DIR \
             can put one there):",
        );
        for path in &self.build_dirs {
            note.push_str(&format!("\n  {}", path.display()));
        }
        Some(note)
    }

    /// The note naming the API facts the run changes or removes, if there are any.
    pub fn api_note(&self) -> Option<String> {
        breaks::note(&self.api_breaks)
    }

    /// What `gen --check` reports: the summary when the tree is exactly what the specs give,
    /// else one paragraph per kind of difference. Files the generator did not write fail the
    /// check too: the generated crate is meant to hold only generated files, and such a file
    /// is dead (no generated module declares it), a stray, or a hand edit whose header was
    /// removed; only a person can tell which.
    pub fn check_outcome(&self) -> Result<String, Vec<String>> {
        if self.is_clean() && self.foreign.is_empty() {
            return Ok(format!("up to date ({})", self.summary(Stage::Planned)));
        }
        let mut report = Vec::new();
        if !self.is_clean() {
            let mut stale = format!("generated files are stale; run `cargo xtask gen`:\n{}", self.describe_changes());
            if !self.changed.is_empty() {
                // The check cannot tell which; the two need different fixes.
                stale.push_str(
                    "\n  (a changed file is not what the specs make now: they changed since the last `gen`, or \
                     it was edited by hand, which `gen` undoes: change its spec instead)",
                );
            }
            report.push(stale);
        }
        report.extend(self.api_note());
        report.extend(self.foreign_note());
        Err(report)
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
    /// Files the run would have to write but must not, each with why: a file without the
    /// generator's header (someone's own work), a folder, a FIFO or a symbolic link where a
    /// rendered file goes, a symbolic link on the way to one, or two rendered files with one
    /// path. Nothing was written.
    Refused(Vec<String>),
    /// An output folder, or a folder in one that rendered files go into, that is a build
    /// folder (it holds cargo's `CACHEDIR.TAG`: `CARGO_TARGET_DIR` names it), whose files
    /// cargo's cannot be told from; nothing was written.
    BuildFolder(PathBuf),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Specs(diagnostics) => diagnostics.fmt(f),
            Error::Render(message) => write!(f, "rendering failed: {message}"),
            Error::Io(error) => write!(f, "I/O error: {error}"),
            Error::Refused(files) => {
                write!(f, "nothing was written: {} file(s) must not be written", files.len())?;
                files.iter().try_for_each(|file| write!(f, "\n  {file}"))
            }
            Error::BuildFolder(out) => write!(
                f,
                "{}: holds cargo's CACHEDIR.TAG, so it is a build folder (CARGO_TARGET_DIR names it), and cargo's \
                 files in it cannot be told from the generator's; nothing was written. Unset CARGO_TARGET_DIR (cargo \
                 then builds in `target/` at the workspace root) or name a folder outside the generated crates, then \
                 remove what cargo wrote there (CACHEDIR.TAG, .rustc_info.json, debug/, ...)",
                out.display()
            ),
        }
    }
}

impl std::error::Error for Error {}

impl From<io::Error> for Error {
    fn from(error: io::Error) -> Self {
        Error::Io(error)
    }
}

/// Compares rendered files with the tree below `root` one at a time, keeping of each what its
/// [`Mode`] asks for.
pub(crate) struct Collector {
    plan: Plan,
    /// Every path collected so far, to catch one rendered twice.
    paths: HashSet<PathBuf>,
    /// Folders on the way to rendered files found not to be symbolic links.
    checked_dirs: HashSet<PathBuf>,
    /// Why files could not be written (see [`Error::Refused`]).
    refused: Vec<String>,
    /// The first build folder found on the way to a rendered file (see [`Error::BuildFolder`]):
    /// nothing is staged in it, and the plan is refused.
    build_folder: Option<PathBuf>,
}

/// What is at a rendered file's path, looked at without following symbolic links.
pub(crate) enum OnDisk {
    /// Nothing: the file is to be added.
    Missing,
    /// A regular file, with its contents.
    File(Vec<u8>),
    /// Something the generator must neither read through nor replace, with why.
    Refused(String),
    /// A folder on the way is a build folder (see [`Error::BuildFolder`]).
    InBuildFolder(PathBuf),
}

impl Collector {
    /// An empty plan for the tree below `root`.
    pub fn new(root: &Path, mode: Mode) -> Self {
        Collector {
            plan: Plan {
                root: root.to_path_buf(),
                mode,
                files: Vec::new(),
                rendered: Vec::new(),
                added: Vec::new(),
                changed: Vec::new(),
                stale: Vec::new(),
                foreign: Vec::new(),
                empty_dirs: Vec::new(),
                build_dirs: Vec::new(),
                api_breaks: Vec::new(),
                spec_files: 0,
                reused: 0,
                staged: Vec::new(),
                created: Vec::new(),
                out_dirs: Vec::new(),
                removed_dirs: std::cell::Cell::new(0),
            },
            paths: HashSet::new(),
            checked_dirs: HashSet::new(),
            refused: Vec::new(),
            build_folder: None,
        }
    }

    /// What is at `path`. A symbolic link on the way or at the end is refused, since writing
    /// through one could reach outside the tree, and so is anything but a regular file (a
    /// folder, or a FIFO, which reading would wait on for ever).
    pub(crate) fn on_disk(&mut self, path: &Path) -> io::Result<OnDisk> {
        let root = &self.plan.root;
        let folders: Vec<&Path> = path.ancestors().skip(1).filter(|dir| !dir.as_os_str().is_empty()).collect();
        for dir in folders.into_iter().rev() {
            if self.checked_dirs.contains(dir) {
                continue;
            }
            match std::fs::symlink_metadata(root.join(dir)) {
                Ok(meta) if meta.file_type().is_symlink() => {
                    return Ok(OnDisk::Refused(format!(
                        "{}: is a symbolic link, and rendered files go below it; the generator never writes \
                         through a link, which could lead out of the tree: make it a folder, or move it away",
                        dir.display()
                    )));
                }
                // Found before anything is staged in it: cargo's files there are not ours to mix with.
                Ok(_) if is_build_dir(&root.join(dir)) => return Ok(OnDisk::InBuildFolder(dir.to_path_buf())),
                Ok(_) => {
                    self.checked_dirs.insert(dir.to_path_buf());
                }
                // Nothing is below a folder that does not exist yet.
                Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(OnDisk::Missing),
                Err(error) => return Err(at(dir)(error)),
            }
        }
        let full = root.join(path);
        let meta = match std::fs::symlink_metadata(&full) {
            Ok(meta) => meta,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(OnDisk::Missing),
            Err(error) => return Err(at(path)(error)),
        };
        let what = if meta.file_type().is_symlink() {
            "a symbolic link, which the generator neither writes through (it could lead out of the tree) nor replaces"
        } else if meta.is_dir() {
            "a folder, not a file the generator can replace"
        } else if !meta.is_file() {
            "not a regular file (a FIFO, socket or device), so not one the generator can read or replace"
        } else {
            return std::fs::read(&full).map(OnDisk::File).map_err(at(path));
        };
        Ok(OnDisk::Refused(format!("{}: is {what}; move it away", path.display())))
    }

    /// Compares one rendered file with the tree; in [`Mode::Staged`] a file that differs is
    /// written to its temporary sibling now.
    pub fn add(&mut self, file: OutputFile) -> io::Result<()> {
        if !self.paths.insert(file.path.clone()) {
            // The checker keeps generated names apart; this is the last line of defence.
            let why = "two rendered files have this path (a generator bug: please report it)";
            self.refused.push(format!("{}: {why}", file.path.display()));
            return Ok(());
        }
        let on_disk = self.on_disk(&file.path)?;
        let plan = &mut self.plan;
        let differs = match on_disk {
            OnDisk::Refused(why) => {
                // A link to a folder is named once, however many files go below it.
                if !self.refused.contains(&why) {
                    self.refused.push(why);
                }
                return Ok(());
            }
            OnDisk::InBuildFolder(dir) => {
                self.build_folder.get_or_insert(dir);
                return Ok(());
            }
            OnDisk::File(existing) if existing == file.contents.as_bytes() => false,
            OnDisk::File(existing) if !first_line_has_marker(&existing) => {
                self.refused.push(format!(
                    "{}: exists without the generator's header, so it is not the generator's to \
                     replace; move it away (or delete it, if it is a generated file whose header \
                     was removed)",
                    file.path.display()
                ));
                return Ok(());
            }
            OnDisk::File(existing) => {
                plan.api_breaks.extend(breaks::in_file(&file.path, &existing, file.contents.as_bytes()));
                plan.changed.push(file.path.clone());
                true
            }
            OnDisk::Missing => {
                plan.added.push(file.path.clone());
                true
            }
        };
        // A temporary sibling that is not a leftover of ours is someone's file too.
        let temp = temp_path(&file.path);
        if differs && plan.mode == Mode::Staged && !is_ours_or_absent(&plan.root.join(&temp)) {
            self.refused.push(format!(
                "{}: exists without the generator's header, and the generator stages {} there; move it away",
                temp.display(),
                file.path.display()
            ));
            return Ok(());
        }
        plan.rendered.push(file.path.clone());
        match plan.mode {
            Mode::InMemory => plan.files.push(file),
            Mode::Staged if differs => {
                if let Some(parent) = file.path.parent() {
                    // Missing folders are made one by one, so a plan never applied can remove them.
                    let missing: Vec<&Path> =
                        parent.ancestors().take_while(|dir| !plan.root.join(dir).is_dir()).collect();
                    for dir in missing.into_iter().rev() {
                        std::fs::create_dir(plan.root.join(dir)).map_err(at(dir))?;
                        plan.created.push(dir.to_path_buf());
                    }
                }
                // Recorded before writing, so a half-written temporary file is removed too.
                plan.staged.push((temp.clone(), file.path));
                std::fs::write(plan.root.join(&temp), file.contents).map_err(at(&temp))?;
            }
            Mode::Staged | Mode::CheckOnly => {}
        }
        Ok(())
    }

    /// Collects a file known to be current (reused from the cache) with its contents on disk.
    pub fn keep(&mut self, path: PathBuf, contents: Vec<u8>) {
        let plan = &mut self.plan;
        self.paths.insert(path.clone());
        plan.rendered.push(path.clone());
        plan.reused += 1;
        if plan.mode == Mode::InMemory {
            // The contents were verified against the hash of a rendered (UTF-8) file.
            let contents = String::from_utf8_lossy(&contents).into_owned();
            plan.files.push(OutputFile { path, contents });
        }
    }

    /// The finished plan: files with our header in `out_dirs` that nothing rendered are stale.
    pub fn finish(self, spec_files: usize, out_dirs: &[&str]) -> Result<Plan, Error> {
        // On an early return the plan is dropped, which removes what it staged.
        let mut plan = self.plan;
        if let Some(dir) = self.build_folder {
            return Err(Error::BuildFolder(dir));
        }
        if !self.refused.is_empty() {
            return Err(Error::Refused(self.refused));
        }
        let mut found = Found::default();
        for dir in out_dirs {
            let dir = plan.root.join(dir);
            if dir.is_dir() {
                find_files(&plan.root, &dir, &mut found)?;
            }
        }
        let Found { owned, mut foreign, mut empty, mut build } = found;
        let filled: HashSet<&Path> = plan.rendered.iter().flat_map(|path| path.ancestors().skip(1)).collect();
        // A build folder that rendered files go into was refused above (see `on_disk`).
        build.sort();
        foreign.sort();
        plan.foreign = foreign;
        plan.build_dirs = build;
        // A folder a rendered file goes into is not empty for long.
        empty.retain(|dir| !filled.contains(dir.as_path()));
        empty.sort_by(|a, b| b.cmp(a));
        plan.empty_dirs = empty;
        // Temporary files staged by this plan are not stale; ones a killed run left behind are.
        let rendered: HashSet<&PathBuf> =
            plan.rendered.iter().chain(plan.staged.iter().map(|(temp, _)| temp)).collect();
        let mut stale: Vec<PathBuf> = owned.into_iter().filter(|path| !rendered.contains(path)).collect();
        stale.sort();
        // A stale file is moved to its temporary sibling before it is removed (see `apply`):
        // a file there without our header is someone's, not to be written over.
        let refused: Vec<String> = stale
            .iter()
            .map(|path| temp_path(path))
            .filter(|temp| plan.mode != Mode::CheckOnly && !is_ours_or_absent(&plan.root.join(temp)))
            .map(|temp| {
                format!(
                    "{}: exists without the generator's header, and the generator moves a stale file there \
                     to remove it; move it away",
                    temp.display()
                )
            })
            .collect();
        if !refused.is_empty() {
            return Err(Error::Refused(refused));
        }
        for path in &stale {
            // A manifest that cannot be read is still removed; only its facts go unnamed.
            if let Ok(existing) = std::fs::read(plan.root.join(path)) {
                plan.api_breaks.extend(breaks::in_file(path, &existing, b""));
            }
        }
        plan.api_breaks.sort();
        plan.stale = stale;
        plan.out_dirs = out_dirs.iter().map(PathBuf::from).collect();
        plan.spec_files = spec_files;
        plan.files.sort_by(|a, b| a.path.cmp(&b.path));
        plan.rendered.sort();
        plan.added.sort();
        plan.changed.sort();
        Ok(plan)
    }
}

/// What [`find_files`] finds below the output folders, paths relative to the root.
#[derive(Default)]
struct Found {
    /// Files that are the generator's (see [`is_ours`]).
    owned: Vec<PathBuf>,
    /// Files and symbolic links that are not.
    foreign: Vec<PathBuf>,
    /// Folders holding nothing but empty folders, each below its parent.
    empty: Vec<PathBuf>,
    /// Build folders (see [`is_build_dir`]), not looked into.
    build: Vec<PathBuf>,
}

/// Sorts what is below `dir` into `found`; returns whether `dir` holds nothing but empty
/// folders. Symbolic links are not followed and never owned: one could lead out of the output
/// folder, or round in a loop.
fn find_files(root: &Path, dir: &Path, found: &mut Found) -> io::Result<bool> {
    let mut empty = true;
    for entry in std::fs::read_dir(dir).map_err(at(dir))? {
        let entry = entry.map_err(at(dir))?;
        let (path, kind) = (entry.path(), entry.file_type().map_err(at(dir))?);
        let relative = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        if kind.is_dir() && !is_build_dir(&path) {
            if find_files(root, &path, found)? {
                found.empty.push(relative);
            } else {
                empty = false;
            }
            continue;
        }
        empty = false;
        if kind.is_dir() {
            found.build.push(relative);
        } else if kind.is_file() && is_ours(&path, &entry.file_name().to_string_lossy()).map_err(at(&path))? {
            found.owned.push(relative);
        } else if !editor_file(&entry.file_name().to_string_lossy()) {
            found.foreign.push(relative);
        }
    }
    Ok(empty)
}

/// How a cache directory tag starts (cargo writes one in every target folder).
const SIGNATURE: &[u8] = b"Signature: 8a477f597d28d172789f06886806bc55";

/// Whether `dir` is a build folder: it holds a `CACHEDIR.TAG` file with the signature of
/// the cache directory tag standard, as cargo writes in every target folder.
pub(crate) fn is_build_dir(dir: &Path) -> bool {
    let tag = dir.join("CACHEDIR.TAG");
    // Looked at first, so that a FIFO of that name is not read.
    if !std::fs::symlink_metadata(&tag).is_ok_and(|meta| meta.is_file()) {
        return false;
    }
    let mut start = Vec::with_capacity(SIGNATURE.len());
    let read = std::fs::File::open(&tag).and_then(|file| file.take(SIGNATURE.len() as u64).read_to_end(&mut start));
    read.is_ok() && start == SIGNATURE
}

/// An editor's swap, lock or backup file (`.mod.rs.swp`, `#mod.rs#`, `mod.rs~`): there while
/// a generated file is open, and no one's stray.
fn editor_file(name: &str) -> bool {
    let swap = name.starts_with('.') && [".swp", ".swo", ".swx"].iter().any(|end| name.ends_with(end));
    let lock = name.len() > 1 && name.starts_with('#') && name.ends_with('#');
    swap || lock || name.ends_with('~')
}

/// Whether the file at `path`, named `name`, is the generator's: it starts with the header, or
/// it is an empty temporary file, which a run killed between creating and writing it left
/// behind (there is nothing in it to lose).
fn is_ours(path: &Path, name: &str) -> io::Result<bool> {
    let temp = name.strip_prefix('.').and_then(|rest| rest.strip_suffix(".gen-tmp")).is_some_and(|n| !n.is_empty());
    if temp && std::fs::metadata(path)?.len() == 0 {
        return Ok(true);
    }
    has_marker(path)
}

fn has_marker(path: &Path) -> io::Result<bool> {
    use io::BufRead;
    let mut first = Vec::new();
    let file = std::fs::File::open(path)?;
    io::BufReader::new(file).take(4096).read_until(b'\n', &mut first)?;
    Ok(first_line_has_marker(&first))
}

/// Whether `contents` starts with the generator's header (a `//`, `#` or `<!--` comment
/// that starts with the marker): the files the generator owns, and so may replace or remove.
/// A file that merely mentions the marker is not one of them.
fn first_line_has_marker(contents: &[u8]) -> bool {
    let first = contents.split(|b| *b == b'\n').next().unwrap_or_default();
    let first = String::from_utf8_lossy(first);
    ["//", "#", "<!--"]
        .iter()
        .any(|comment| first.strip_prefix(comment).is_some_and(|rest| rest.trim_start().starts_with(MARKER)))
}

/// Whether nothing is at the temporary path `path`, or a file of ours (a temporary file a
/// killed run left).
fn is_ours_or_absent(path: &Path) -> bool {
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    match std::fs::symlink_metadata(path) {
        Err(error) => error.kind() == io::ErrorKind::NotFound,
        Ok(meta) => meta.is_file() && is_ours(path, &name).unwrap_or(false),
    }
}

/// The error with the file it happened to in front.
pub(crate) fn at(path: &Path) -> impl FnOnce(io::Error) -> io::Error + '_ {
    move |error| io::Error::new(error.kind(), format!("{}: {error}", path.display()))
}

/// Writes `contents` to a temporary sibling of `path`, then renames it into place.
pub(crate) fn write_atomically(path: &Path, contents: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let temp = temp_path(path);
    if !is_ours_or_absent(&temp) {
        let message = "a file without the generator's header is where its temporary file goes";
        return Err(io::Error::new(io::ErrorKind::AlreadyExists, format!("{}: {message}", temp.display())));
    }
    std::fs::write(&temp, contents)?;
    std::fs::rename(&temp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

/// The temporary sibling a file is written to before it is renamed into place.
pub(crate) fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.gen-tmp"))
}

#[cfg(test)]
mod tests {
    use super::{Collector, Error, Mode, OutputFile, SIGNATURE};
    use std::path::{Path, PathBuf};

    /// A build folder that rendered files go into (`CARGO_TARGET_DIR=generated/src`) is refused
    /// at the first file bound for it, before anything is staged in it.
    #[test]
    fn nothing_is_staged_in_a_build_folder() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("out/src")).expect("folder");
        std::fs::write(root.join("out/src/CACHEDIR.TAG"), SIGNATURE).expect("tag");
        let mut collector = Collector::new(root, Mode::Staged);
        for path in ["out/src/lib.rs", "out/src/a/mod.rs"] {
            let file = OutputFile { path: PathBuf::from(path), contents: "// new\n".into() };
            collector.add(file).expect("add");
        }
        let mut below: Vec<String> = std::fs::read_dir(root.join("out/src"))
            .expect("read")
            .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        below.sort();
        assert_eq!(below, ["CACHEDIR.TAG"], "nothing staged, no folder made");
        match collector.finish(0, &["out"]) {
            Err(Error::BuildFolder(folder)) => assert_eq!(folder, Path::new("out/src")),
            other => panic!("expected out/src refused, got {other:?}"),
        }
    }

    /// A stale file moved aside that cannot be put back once another cannot be moved would be
    /// left under its temporary name, which the next run removes: the error names both names.
    #[test]
    fn a_stale_file_that_cannot_be_put_back_is_named() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        let mut plan = Collector::new(root, Mode::InMemory).plan;
        plan.stale = ["a.rs", "b.rs", "c.rs"].map(PathBuf::from).to_vec();
        for stale in &plan.stale {
            std::fs::write(root.join(stale), "// stale\n").expect("write");
        }
        // `c.rs` cannot be moved aside, nor `a.rs` back; `b.rs` goes back.
        let fails = [root.join(".c.rs.gen-tmp"), root.join("a.rs")];
        let rename = |from: &Path, to: &Path| match fails.iter().any(|path| path == to) {
            true => Err(std::io::Error::other("refused")),
            false => std::fs::rename(from, to),
        };
        let error = plan.move_stale_aside_with(rename).expect_err("c.rs stays").to_string();
        assert!(
            error.starts_with("c.rs: a stale file that cannot be removed (refused); nothing was written, but"),
            "{error}"
        );
        assert!(error.ends_with("\n  a.rs was left as .a.rs.gen-tmp (refused)"), "{error}");
        assert!(root.join(".a.rs.gen-tmp").is_file() && root.join("b.rs").is_file());
    }

    /// A regular file where a folder of rendered files goes holds nothing: looking below it is
    /// an error naming the path, not a missing file to add.
    #[test]
    fn a_file_where_a_folder_of_rendered_files_goes_is_an_error_not_a_missing_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::write(root.join("out"), "mine\n").expect("write");
        let mut collector = Collector::new(root, Mode::CheckOnly);
        for path in ["out/lib.rs", "out/src/lib.rs"] {
            match collector.on_disk(Path::new(path)) {
                Err(error) => assert!(error.to_string().starts_with("out/"), "{path}: {error}"),
                Ok(_) => panic!("{path}: taken as something below a file"),
            }
        }
    }

    /// An editor's lock file is named with a `#` at each end: a name that only ends with one,
    /// or is a lone `#`, is someone's.
    #[test]
    fn only_a_name_between_two_hashes_is_an_editor_s_lock_file() {
        assert!(super::editor_file("#mod.rs#"));
        for name in ["#", "mod.rs#", "#mod.rs"] {
            assert!(!super::editor_file(name), "{name}");
        }
    }
}
