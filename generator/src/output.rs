//! Comparing rendered files with the tree, and writing them.
//!
//! Specs are checked and rendered one service at a time; rendering stops at the first
//! problem, and a plan is made only when every spec checks cleanly. Each rendered file is
//! compared with the tree as soon as it is formatted; what happens to a file that differs
//! depends on the [`Mode`]: kept in memory, forgotten (check only), or staged in a temporary
//! sibling. Files reach their final path only in [`Plan::apply`], by a rename, so a reader sees
//! either the old or the new file, never half of one; a plan dropped unapplied removes what it
//! staged, folders included. Files without the generator's header are never written over or
//! removed.

use std::collections::HashSet;
use std::fmt;
use std::io::{self, Read as _};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::check::{check_each, Failed};
use crate::diag::Diagnostics;
use crate::render::{render_crate, render_service, OutputFile, Rendered, Target, MARKER, TARGETS};

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
    /// How many spec files were read.
    pub spec_files: usize,
    /// In [`Mode::Staged`]: (temporary file, final path) of every added or changed file.
    staged: Vec<(PathBuf, PathBuf)>,
    /// In [`Mode::Staged`]: folders created for staged files, outermost first.
    created: Vec<PathBuf>,
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
    /// Whether the tree already matches the specs.
    pub fn is_clean(&self) -> bool {
        self.added.is_empty() && self.changed.is_empty() && self.stale.is_empty()
    }

    /// Rendered files that are already up to date.
    pub fn unchanged(&self) -> usize {
        self.rendered.len() - self.added.len() - self.changed.len()
    }

    /// Writes added and changed files and removes stale ones.
    pub fn apply(&self) -> io::Result<()> {
        match self.mode {
            Mode::InMemory => {
                let writes: HashSet<&PathBuf> = self.added.iter().chain(&self.changed).collect();
                for file in self.files.iter().filter(|f| writes.contains(&f.path)) {
                    write_atomically(&self.root.join(&file.path), file.contents.as_bytes())?;
                }
            }
            Mode::Staged => {
                for (temp, path) in &self.staged {
                    std::fs::rename(self.root.join(temp), self.root.join(path))?;
                }
            }
            Mode::CheckOnly if self.is_clean() => {}
            Mode::CheckOnly => {
                return Err(io::Error::other("a plan made in check-only mode cannot be applied"));
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

/// What a run did and where its time went (for the benchmarks). Checking is the time of a
/// target's run minus the other phases; renaming staged files into place is writing, which
/// happens in [`Plan::apply`].
#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    /// Actions rendered.
    pub actions: usize,
    /// Reading and parsing spec files.
    pub load: Duration,
    /// Building token streams and Markdown, formatting and staging excluded.
    pub render: Duration,
    /// prettyplease.
    pub format: Duration,
    /// Comparing with the tree and writing temporary files.
    pub stage: Duration,
}

/// [`plan_with`] in [`Mode::InMemory`].
pub fn plan(root: &Path) -> Result<Plan, Error> {
    plan_with(root, Mode::InMemory)
}

/// Loads, checks and renders every target's specs, one service at a time, and compares the
/// result with the tree. Diagnostics of all targets are reported together; after the first,
/// nothing more is rendered, and what was is dropped (and unstaged) with the collector.
pub fn plan_with(root: &Path, mode: Mode) -> Result<Plan, Error> {
    let mut collector = Collector::new(root, mode);
    let mut diagnostics = Vec::new();
    let mut spec_files = 0;
    for target in &TARGETS {
        // Once a target has problems, later ones are only checked.
        let render = diagnostics.is_empty();
        match render_target(root, target, render, &mut collector, &mut Stats::default()) {
            Ok(files) => spec_files += files,
            Err(Error::Specs(found)) => diagnostics.extend(found.0),
            Err(other) => return Err(other),
        }
    }
    if !diagnostics.is_empty() {
        return Err(Error::Specs(Diagnostics(diagnostics).finish()));
    }
    let out_dirs: Vec<&str> = TARGETS.iter().map(|target| target.out).collect();
    collector.finish(spec_files, &out_dirs)
}

/// Plans one target alone (for the benchmarks, whose targets live outside [`TARGETS`]),
/// adding what the run did to `stats`.
pub fn plan_target(root: &Path, target: &Target, mode: Mode, stats: &mut Stats) -> Result<Plan, Error> {
    let mut collector = Collector::new(root, mode);
    let spec_files = render_target(root, target, true, &mut collector, stats)?;
    collector.finish(spec_files, &[target.out])
}

/// Checks one target and, if `render`, renders it into `collector`; returns how many spec
/// files it read.
fn render_target(
    root: &Path,
    target: &Target,
    render: bool,
    collector: &mut Collector,
    stats: &mut Stats,
) -> Result<usize, Error> {
    let mut files = crate::load::SpecDir::open(root, Path::new(target.specs))?;
    // The sink's errors are strings; an I/O failure is kept aside to be reported as one.
    let mut io_failure = None;
    let (mut format, mut stage) = (Duration::ZERO, Duration::ZERO);
    let mut sink = |rendered: Rendered| {
        let start = Instant::now();
        let file = rendered.finish()?;
        let formatted = Instant::now();
        format += formatted - start;
        let added = collector.add(file).map_err(|e| {
            let message = e.to_string();
            io_failure = Some(e);
            message
        });
        stage += formatted.elapsed();
        added
    };
    let mut rendering = Duration::ZERO;
    let mut actions = 0;
    let checked = check_each(&mut files, &mut |service| {
        if render {
            let start = Instant::now();
            render_service(&service, target, &mut sink)?;
            rendering += start.elapsed();
            actions += service.actions.len();
        }
        Ok(service.outline())
    });
    let rendered = match checked {
        Ok(ir) if !render => Ok(ir.spec_files),
        Ok(ir) => {
            let start = Instant::now();
            let examples = hand_written_examples(&root.join(target.out))?;
            let crate_files = render_crate(&ir, target, &examples, &mut sink);
            rendering += start.elapsed();
            crate_files.map(|()| ir.spec_files)
        }
        Err(Failed::Specs(diagnostics)) => return Err(Error::Specs(diagnostics)),
        Err(Failed::Visit(message)) => Err(message),
    };
    // Rendering time so far includes the formatting and staging its sink did.
    stats.actions += actions;
    stats.load += files.loading;
    stats.render += rendering.saturating_sub(format + stage);
    stats.format += format;
    stats.stage += stage;
    rendered.map_err(|message| io_failure.take().map_or(Error::Render(message), Error::Io))
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

/// Compares rendered files with the tree below `root` one at a time, keeping of each what its
/// [`Mode`] asks for.
pub struct Collector {
    plan: Plan,
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
                spec_files: 0,
                staged: Vec::new(),
                created: Vec::new(),
            },
        }
    }

    /// Compares one rendered file with the tree; in [`Mode::Staged`] a file that differs is
    /// written to its temporary sibling now.
    pub fn add(&mut self, file: OutputFile) -> io::Result<()> {
        let plan = &mut self.plan;
        let full = plan.root.join(&file.path);
        let differs = match std::fs::read(&full) {
            Ok(existing) if existing == file.contents.as_bytes() => false,
            Ok(_) => {
                plan.changed.push(file.path.clone());
                true
            }
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                plan.added.push(file.path.clone());
                true
            }
            Err(error) => return Err(error),
        };
        plan.rendered.push(file.path.clone());
        match plan.mode {
            Mode::InMemory => plan.files.push(file),
            Mode::Staged if differs => {
                let temp = temp_path(&file.path);
                if let Some(parent) = file.path.parent() {
                    // Missing folders are made one by one, so a plan never applied can remove them.
                    let missing: Vec<&Path> =
                        parent.ancestors().take_while(|dir| !plan.root.join(dir).is_dir()).collect();
                    for dir in missing.into_iter().rev() {
                        std::fs::create_dir(plan.root.join(dir))?;
                        plan.created.push(dir.to_path_buf());
                    }
                }
                // Recorded before writing, so a half-written temporary file is removed too.
                plan.staged.push((temp.clone(), file.path));
                std::fs::write(plan.root.join(&temp), file.contents)?;
            }
            Mode::Staged | Mode::CheckOnly => {}
        }
        Ok(())
    }

    /// The finished plan: files with our header in `out_dirs` that nothing rendered are stale.
    pub fn finish(self, spec_files: usize, out_dirs: &[&str]) -> Result<Plan, Error> {
        // On an early return the plan is dropped, which removes what it staged.
        let mut plan = self.plan;
        let mut owned = Vec::new();
        for dir in out_dirs {
            let dir = plan.root.join(dir);
            if dir.is_dir() {
                find_owned(&plan.root, &dir, &mut owned)?;
            }
        }
        // Temporary files staged by this plan are not stale; ones a killed run left behind are.
        let rendered: HashSet<&PathBuf> =
            plan.rendered.iter().chain(plan.staged.iter().map(|(temp, _)| temp)).collect();
        let mut stale: Vec<PathBuf> = owned.into_iter().filter(|path| !rendered.contains(path)).collect();
        stale.sort();
        plan.stale = stale;
        plan.spec_files = spec_files;
        plan.files.sort_by(|a, b| a.path.cmp(&b.path));
        plan.rendered.sort();
        plan.added.sort();
        plan.changed.sort();
        Ok(plan)
    }
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
    let temp = temp_path(path);
    std::fs::write(&temp, contents)?;
    std::fs::rename(&temp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

/// The temporary sibling a file is written to before it is renamed into place.
fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{name}.gen-tmp"))
}
