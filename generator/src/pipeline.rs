//! One run of the generator: every target's specs loaded, checked and rendered one service
//! folder at a time, with the cache deciding what to render again and worker threads
//! rendering (see [`crate::workers`]), into a [`Plan`] of what to write.

use std::collections::VecDeque;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::cache::{self, content_hash, Cache};
use crate::check::{check_each, Failed, Folder, Visitor};
use crate::diag::Diagnostics;
use crate::ir::Service;
use crate::output::{is_build_dir, Collector, Error, Mode, OnDisk, Plan};
use crate::public_api;
use crate::render::{render_crate, render_service, OutputFile, Rendered, Target, TARGETS};
use crate::workers::{self, Done, Workers};

/// What a run did and where its time went (for the benchmarks). Renaming staged files into
/// place is writing, which happens in [`Plan::apply`]. With more than one job, render and
/// format are summed over the worker threads and overlap the rest, so the phases can add up
/// to more than the run took, and check (the remainder) is not measured.
#[derive(Debug, Default, Clone, Copy)]
pub struct Stats {
    /// Actions rendered.
    pub actions: usize,
    /// Actions whose folder was reused from the cache.
    pub reused: usize,
    /// Reading and parsing spec files.
    pub load: Duration,
    /// Checking: the run's time minus every other phase.
    pub check: Duration,
    /// Hashing spec folders and verifying cached files.
    pub reuse: Duration,
    /// Building token streams and Markdown, formatting and staging excluded.
    pub render: Duration,
    /// prettyplease.
    pub format: Duration,
    /// Comparing with the tree and writing temporary files.
    pub stage: Duration,
}

impl std::ops::AddAssign for Stats {
    fn add_assign(&mut self, other: Stats) {
        self.actions += other.actions;
        self.reused += other.reused;
        self.load += other.load;
        self.check += other.check;
        self.reuse += other.reuse;
        self.render += other.render;
        self.format += other.format;
        self.stage += other.stage;
    }
}

/// [`plan_with`] in [`Mode::InMemory`], without a cache, on every core.
pub fn plan(root: &Path) -> Result<Plan, Error> {
    plan_with(root, Mode::InMemory, None, workers::available())
}

/// Loads, checks and renders every target's specs, one service at a time, and compares the
/// result with the tree. Diagnostics of all targets are reported together; after the first,
/// nothing more is rendered, and what was is dropped (and unstaged) with the collector.
///
/// With a `cache`, service folders unchanged since the cache was saved are not rendered
/// again (see [`crate::cache`]); the caller saves the cache once the plan is applied.
///
/// `jobs` threads render and format checked services while the calling thread goes on
/// checking (see [`crate::workers`]); with 0 or 1, everything runs on the calling thread.
/// The plan does not depend on it.
pub fn plan_with(root: &Path, mode: Mode, mut cache: Option<&mut Cache>, jobs: usize) -> Result<Plan, Error> {
    let outs = TARGETS.iter().map(|target| target.out).chain([public_api::RUNTIME_API_DIR]);
    refuse_build_out_dirs(root, outs)?;
    let mut collector = Collector::new(root, mode);
    let mut diagnostics = Diagnostics::default();
    let mut spec_files = 0;
    for target in &TARGETS {
        // Once a target has problems, later ones are only checked.
        let render = diagnostics.is_empty();
        let mut run = TargetRun::new(root, target, render, &mut collector, cache.as_deref_mut(), jobs);
        match run.plan() {
            Ok(files) => spec_files += files,
            Err(Error::Specs(found)) => diagnostics.extend(found),
            Err(other) => return Err(other),
        }
    }
    if !diagnostics.is_empty() {
        return Err(Error::Specs(diagnostics.finish()));
    }
    let mut out_dirs: Vec<&str> = TARGETS.iter().map(|target| target.out).collect();
    // The runtime's API manifest, when the tree has the runtime (a test's scratch tree may not).
    if let Some(sources) = public_api::runtime_sources(root)? {
        plan_runtime_manifest(&mut collector, cache, &sources)?;
        out_dirs.push(public_api::RUNTIME_API_DIR);
    }
    collector.finish(spec_files, &out_dirs)
}

/// The runtime's manifest, kept as it is when the cache says the runtime's sources are those
/// it was made from and the file on disk is what was written (parsing them takes tens of
/// milliseconds, a good part of a run that renders nothing).
fn plan_runtime_manifest(
    collector: &mut Collector,
    cache: Option<&mut Cache>,
    sources: &[public_api::RuntimeFile],
) -> Result<(), Error> {
    // Named apart from every spec target, so no service folder can have its key.
    const RUNTIME: Target<'static> = Target {
        specs: public_api::RUNTIME_SRC,
        out: public_api::RUNTIME_API_DIR,
        crate_name: "cloudbind-runtime",
        standalone_runtime: None,
    };
    let Some(cache) = cache else {
        collector.add(public_api::runtime_manifest(sources).map_err(Error::Render)?)?;
        return Ok(());
    };
    let read: Vec<(&Path, io::Result<Vec<u8>>)> =
        sources.iter().map(|(path, bytes)| (path.as_path(), Ok(bytes.clone()))).collect();
    let files: Vec<(&Path, &io::Result<Vec<u8>>)> = read.iter().map(|(path, read)| (*path, read)).collect();
    let key = cache.key(&RUNTIME, &files)?;
    let path = public_api::runtime_manifest_path();
    let recorded = match cache.outputs(key) {
        Some([output]) if output.path == path => Some(output.hash),
        _ => None,
    };
    let on_disk = recorded.and_then(|hash| match collector.on_disk(&path) {
        Ok(OnDisk::File(contents)) if content_hash(&contents) == hash => Some(contents),
        _ => None,
    });
    let output = match on_disk {
        Some(contents) => {
            let output = cache::Output::of(&path, &contents);
            collector.keep(path, contents);
            output
        }
        None => {
            let manifest = public_api::runtime_manifest(sources).map_err(Error::Render)?;
            let output = cache::Output::of(&manifest.path, manifest.contents.as_bytes());
            collector.add(manifest)?;
            output
        }
    };
    cache.record(key, vec![output]);
    Ok(())
}

/// Plans one target alone (for the benchmarks, whose targets live outside [`TARGETS`]),
/// adding what the run did to `stats`.
pub fn plan_target(
    root: &Path,
    target: &Target,
    mode: Mode,
    cache: Option<&mut Cache>,
    jobs: usize,
    stats: &mut Stats,
) -> Result<Plan, Error> {
    refuse_build_out_dirs(root, [target.out])?;
    let mut collector = Collector::new(root, mode);
    let mut run = TargetRun::new(root, target, true, &mut collector, cache, jobs);
    let spec_files = run.plan()?;
    *stats += run.stats;
    collector.finish(spec_files, &[target.out])
}

/// Refuses an output folder below `root` that is a build folder itself: `gen` notes and leaves
/// alone a build folder *in* an output folder (unless rendered files go into it, see
/// [`Collector::finish`]), but the output folder's own files cannot be left alone, and cargo's
/// (its tag, its `.rustc_info.json`, a `package/` copy of a generated file with the header)
/// would be taken for stray or stale output.
fn refuse_build_out_dirs<'a>(root: &Path, outs: impl IntoIterator<Item = &'a str>) -> Result<(), Error> {
    match outs.into_iter().find(|out| is_build_dir(&root.join(out))) {
        Some(out) => Err(Error::BuildFolder(PathBuf::from(out))),
        None => Ok(()),
    }
}

/// Checks one target and, if `render`, renders it into the collector, service folder by
/// service folder, reusing the cached output of unchanged folders.
struct TargetRun<'a> {
    root: &'a Path,
    target: &'a Target<'a>,
    render: bool,
    collector: &'a mut Collector,
    cache: Option<&'a mut Cache>,
    /// Threads that render (see [`plan_with`]).
    jobs: usize,
    /// Key of the folder being checked, while it can be cached, and what it has rendered:
    /// set by `reuse` on a miss, taken by the `visit` of the same folder, which `check_each`
    /// calls next (see [`Visitor`]).
    folder: Option<(u128, Vec<cache::Output>)>,
    /// The sink's errors are strings; an I/O failure is kept aside to be reported as one.
    io_failure: Option<io::Error>,
    stats: Stats,
}

impl<'a> TargetRun<'a> {
    fn new(
        root: &'a Path,
        target: &'a Target<'a>,
        render: bool,
        collector: &'a mut Collector,
        cache: Option<&'a mut Cache>,
        jobs: usize,
    ) -> Self {
        let stats = Stats::default();
        TargetRun { root, target, render, collector, cache, jobs, folder: None, io_failure: None, stats }
    }

    /// Returns how many spec files the target has.
    fn plan(&mut self) -> Result<usize, Error> {
        let start = Instant::now();
        let mut files = crate::load::SpecDir::open(self.root, Path::new(self.target.specs))?;
        let checked = if self.render && self.jobs > 1 {
            let (jobs, target) = (self.jobs, *self.target);
            std::thread::scope(|scope| {
                let Ok(workers) = Workers::spawn(scope, jobs, target) else {
                    // Not even one thread could start: everything runs on this one.
                    return check_each(&mut files, &mut *self);
                };
                let mut handoff = Handoff { run: &mut *self, workers, keys: VecDeque::new() };
                let checked = check_each(&mut files, &mut handoff);
                if matches!(checked, Err(Failed::Visit(_))) {
                    return checked;
                }
                // Failing to render or stage a service handed out before checking found a
                // problem is what a run on one thread would have reported.
                handoff.collect(Wait::ForEach).map_err(Failed::Visit).and(checked)
            })
        } else {
            check_each(&mut files, self)
        };
        let rendered = match checked {
            Ok(ir) if !self.render => Ok(ir.spec_files),
            Ok(ir) => {
                let target = self.target;
                self.timed_render(|run| render_crate(&ir, target, &mut |file| run.sink(file))).map(|()| ir.spec_files)
            }
            Err(Failed::Specs(diagnostics)) => return Err(Error::Specs(diagnostics)),
            Err(Failed::Visit(message)) => Err(message),
        };
        // What is left of the run's time once the other phases are taken out is checking.
        let stats = &mut self.stats;
        stats.load += files.loading;
        let other = stats.load + stats.reuse + stats.render + stats.format + stats.stage;
        stats.check += start.elapsed().saturating_sub(other);
        rendered.map_err(|message| self.io_failure.take().map_or(Error::Render(message), Error::Io))
    }

    /// Runs `render`, adding its time to the render phase but for the formatting and staging
    /// its sink did.
    fn timed_render<T>(&mut self, render: impl FnOnce(&mut Self) -> T) -> T {
        let start = Instant::now();
        let (format, stage) = (self.stats.format, self.stats.stage);
        let result = render(self);
        let sinking = (self.stats.format - format) + (self.stats.stage - stage);
        self.stats.render += start.elapsed().saturating_sub(sinking);
        result
    }

    /// Formats and collects one rendered file.
    fn sink(&mut self, rendered: Rendered) -> Result<(), String> {
        let start = Instant::now();
        let file = rendered.finish()?;
        let formatted = Instant::now();
        self.stats.format += formatted - start;
        if let Some((_, outputs)) = &mut self.folder {
            outputs.push(cache::Output::of(&file.path, file.contents.as_bytes()));
        }
        let added = self.stage(file);
        self.stats.stage += formatted.elapsed();
        added
    }

    /// Collects a service rendered on a worker thread, and records its files under the
    /// folder's cache key.
    fn take_rendered(&mut self, done: Done, key: Option<u128>) -> Result<(), String> {
        self.stats.render += done.render;
        self.stats.format += done.format;
        let start = Instant::now();
        let mut outputs = Vec::new();
        for file in done.files? {
            outputs.push(cache::Output::of(&file.path, file.contents.as_bytes()));
            self.stage(file)?;
        }
        self.stats.stage += start.elapsed();
        self.stats.actions += done.actions;
        if let (Some(cache), Some(key)) = (self.cache.as_deref_mut(), key) {
            cache.record(key, outputs);
        }
        Ok(())
    }

    /// Hands a formatted file to the collector.
    fn stage(&mut self, file: OutputFile) -> Result<(), String> {
        self.collector.add(file).map_err(|e| {
            let message = e.to_string();
            self.io_failure = Some(e);
            message
        })
    }

    /// Whether every file the folder rendered last time is on disk as it was then; if so,
    /// they are collected as they are.
    fn reuse_folder(&mut self, folder: Folder<'_>) -> io::Result<bool> {
        self.folder = None;
        let Some(cache) = self.cache.as_deref_mut().filter(|_| self.render) else { return Ok(false) };
        let key = cache.key(self.target, &folder.files())?;
        // On a miss, the folder's files are recorded under its key as they are rendered.
        self.folder = Some((key, Vec::new()));
        let Some(outputs) = cache.outputs(key) else { return Ok(false) };
        let mut found = Vec::with_capacity(outputs.len());
        for output in outputs {
            // The cache is ours, but it is a file: it never vouches for a file we do not own.
            let plain = output.path.components().all(|c| matches!(c, std::path::Component::Normal(_)));
            if !plain || !output.path.starts_with(self.target.out) {
                return Ok(false);
            }
            match self.collector.on_disk(&output.path)? {
                OnDisk::File(contents) if content_hash(&contents) == output.hash => {
                    found.push((output.path.clone(), contents))
                }
                // Rendered again, the folder's files are refused as a run without the cache would.
                _ => return Ok(false),
            }
        }
        self.folder = None;
        let outputs = outputs.to_vec();
        for (path, contents) in found {
            self.collector.keep(path, contents);
        }
        cache.record(key, outputs);
        self.stats.reused += folder.action_files.len();
        Ok(true)
    }
}

impl Visitor<String> for TargetRun<'_> {
    fn reuse(&mut self, folder: Folder<'_>) -> bool {
        let start = Instant::now();
        // A cache that cannot be read is a miss, and the folder is rendered.
        let reused = self.reuse_folder(folder).unwrap_or(false);
        self.stats.reuse += start.elapsed();
        reused
    }

    fn visit(&mut self, service: Service) -> Result<Service, String> {
        if self.render {
            let target = self.target;
            self.timed_render(|run| render_service(&service, target, &mut |file| run.sink(file)))?;
            self.stats.actions += service.actions.len();
            if let (Some(cache), Some((key, outputs))) = (self.cache.as_deref_mut(), self.folder.take()) {
                cache.record(key, outputs);
            }
        }
        self.folder = None;
        Ok(service.outline())
    }
}

/// [`TargetRun`]'s visitor while worker threads render: each checked service is handed to
/// them, and what they rendered is collected in the order the services were handed out.
struct Handoff<'r, 'a> {
    run: &'r mut TargetRun<'a>,
    workers: Workers,
    /// The cache key of each service in flight, in the order they were handed out.
    keys: VecDeque<Option<u128>>,
}

/// When [`Handoff`] waits for a worker's service.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Wait {
    /// Only while every worker is busy.
    WhileFull,
    /// For every service in flight.
    ForEach,
}

impl Handoff<'_, '_> {
    /// Collects the services that are back, in order, waiting as `wait` says.
    fn collect(&mut self, wait: Wait) -> Result<(), String> {
        loop {
            let block = wait == Wait::ForEach || self.workers.is_full();
            let Some(done) = self.workers.next(block) else { return Ok(()) };
            let key = self.keys.pop_front().flatten();
            self.run.take_rendered(done, key)?;
        }
    }
}

impl Visitor<String> for Handoff<'_, '_> {
    fn reuse(&mut self, folder: Folder<'_>) -> bool {
        self.run.reuse(folder)
    }

    fn visit(&mut self, service: Service) -> Result<Service, String> {
        let (outline, service) = service.split_outline();
        self.keys.push_back(self.run.folder.take().map(|(key, _)| key));
        self.workers.submit(service);
        self.collect(Wait::WhileFull)?;
        Ok(outline)
    }
}
