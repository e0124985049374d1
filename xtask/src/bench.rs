//! Scale measurements: the generator's throughput per phase, and the compile cost of what it
//! generates. Figures are printed, never asserted; `BENCHMARKS.md` records them.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use cloudbind_gen::render::{Target, BINDINGS};
use cloudbind_gen::{output, pipeline, synth};

use crate::workspace_root;

/// Seed of every synthetic corpus, so runs compare like with like.
const SEED: u64 = 0x5eed;

fn scratch(name: &str) -> PathBuf {
    workspace_root().join("target").join("bench").join(name)
}

/// The file marking a folder of specs as a synthetic corpus, which the next corpus may replace.
const SYNTHETIC: &str = ".synthetic-corpus";

/// Writes a corpus of `actions` actions into `dir/specs`, replacing an earlier corpus there.
/// Any other `dir/specs` (the workspace's own, given `.` as `dir`) is refused, not removed.
pub fn write_corpus(actions: usize, dir: &Path) -> std::io::Result<usize> {
    let specs = dir.join("specs");
    if specs.exists() {
        let empty = std::fs::read_dir(&specs)?.next().is_none();
        if !empty && !specs.join(SYNTHETIC).is_file() {
            let why = format!(
                "`{}` holds specs no `synth` wrote (it has no `{SYNTHETIC}`): name another folder, or remove it yourself",
                specs.display()
            );
            return Err(std::io::Error::new(std::io::ErrorKind::AlreadyExists, why));
        }
        std::fs::remove_dir_all(&specs)?;
    }
    std::fs::create_dir_all(&specs)?;
    std::fs::write(specs.join(SYNTHETIC), "Written by `cargo xtask synth`; the next run replaces this folder.\n")?;
    let files = synth::corpus(actions, SEED);
    for (path, text) in &files {
        let full = specs.join(path);
        if let Some(parent) = full.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(full, text)?;
    }
    Ok(files.len())
}

/// [`write_corpus`] into a scratch folder of the benchmarks', whose specs are always theirs
/// (an older build's corpus there has no marker).
fn scratch_corpus(actions: usize, dir: &Path) -> Result<usize, String> {
    let _ = std::fs::remove_dir_all(dir.join("specs"));
    write_corpus(actions, dir).map_err(|e| e.to_string())
}

/// Peak resident memory of this process so far, in MiB (Linux), from `VmHWM`.
fn peak_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|status| {
            let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
            line.split_whitespace().nth(1)?.parse::<f64>().ok()
        })
        .map_or(f64::NAN, |kib| kib / 1024.0)
}

/// How `bench-once` treats what an earlier run left in the scratch folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// No output and no cache: everything is rendered.
    Cold,
    /// Output and cache of the previous run kept, as `cargo xtask gen` does.
    Incremental,
}

/// One run's figures, which `bench-once` prints on one line: counts of actions rendered and
/// reused and of files planned, seconds per phase and in all, and peak memory in MiB.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Measurement {
    rendered: f64,
    reused: f64,
    files: f64,
    /// Seconds spent loading, checking, hashing, rendering, formatting and writing.
    phases: [f64; 6],
    total: f64,
    peak_mib: f64,
}

impl Measurement {
    fn to_line(self) -> String {
        let phases: Vec<String> = self.phases.iter().map(|seconds| format!("{seconds:.4}")).collect();
        let counts = format!("{} {} {}", self.rendered, self.reused, self.files);
        format!("{counts} {} {:.4} {:.1}", phases.join(" "), self.total, self.peak_mib)
    }

    fn from_line(line: &str) -> Option<Measurement> {
        let values: Vec<f64> = line.split_whitespace().map(str::parse).collect::<Result<_, _>>().ok()?;
        let [rendered, reused, files, load, check, hash, render, format, write, total, peak_mib] = values[..] else {
            return None;
        };
        Some(Measurement {
            rendered,
            reused,
            files,
            phases: [load, check, hash, render, format, write],
            total,
            peak_mib,
        })
    }

    fn actions_per_second(self) -> f64 {
        (self.rendered + self.reused) / self.total
    }

    /// Back-to-back runs of one corpus as one measurement: their times averaged; counts and
    /// peak memory, the same in every run, kept (the largest).
    fn mean(runs: &[Measurement]) -> Measurement {
        let n = runs.len() as f64;
        let mut mean =
            Measurement { rendered: 0.0, reused: 0.0, files: 0.0, phases: [0.0; 6], total: 0.0, peak_mib: 0.0 };
        for run in runs {
            mean.rendered = mean.rendered.max(run.rendered);
            mean.reused = mean.reused.max(run.reused);
            mean.files = mean.files.max(run.files);
            mean.peak_mib = mean.peak_mib.max(run.peak_mib);
            for (sum, seconds) in mean.phases.iter_mut().zip(run.phases) {
                *sum += seconds;
            }
            mean.total += run.total;
        }
        mean.phases.iter_mut().for_each(|sum| *sum /= n);
        mean.total /= n;
        mean
    }
}

/// A size's fastest measurement (by total time), and the median of its totals.
#[derive(Debug, Clone, Copy)]
struct Row {
    fastest: Measurement,
    median_total: f64,
}

/// One measured run of every phase on the specs in `root/specs`, printed as one line:
/// `actions reused files load check reuse render format write total peak_mib` (counts of
/// actions rendered and reused, seconds, MiB).
///
/// `jobs` threads render and format, as with `cargo xtask gen --jobs`; with more than one,
/// render and format are summed over the threads (see [`pipeline::Stats`]).
pub fn run_once(root: &Path, start: Start, jobs: usize) -> Result<(), String> {
    let target = Target { specs: "specs", out: "out", crate_name: "cloudbind-bench", standalone_runtime: None };
    let out = root.join(target.out);
    let cache_file = root.join("gen.cache");
    if start == Start::Cold {
        if out.exists() {
            std::fs::remove_dir_all(&out).map_err(|e| e.to_string())?;
        }
        if cache_file.exists() {
            std::fs::remove_file(&cache_file).map_err(|e| e.to_string())?;
        }
    }
    // A cold run still records what it renders, as `gen` does, so the next can reuse it.
    let mut cache = {
        let exe = std::fs::read(std::env::current_exe().map_err(|e| e.to_string())?).map_err(|e| e.to_string())?;
        cloudbind_gen::cache::Cache::open(cache_file, &exe)
    };
    // The previous run's files (and their removal) may still be on their way to disk; the
    // kernel writing them back would slow this run down by an amount that grows with size.
    let _ = Command::new("sync").status();
    // Exactly what `gen` runs (service folders loaded and checked one at a time, rendered and
    // formatted on `jobs` threads, each file staged as it comes back); the renames into place
    // and saving the cache count as writing.
    let began = Instant::now();
    let mut stats = pipeline::Stats::default();
    let plan = pipeline::plan_target(root, &target, output::Mode::Staged, Some(&mut cache), jobs, &mut stats)
        .map_err(|e| e.to_string())?;
    let planned = began.elapsed();
    plan.apply().map_err(|e| e.to_string())?;
    cache.save().map_err(|e| e.to_string())?;
    let total = began.elapsed();
    let phases = [stats.load, stats.check, stats.reuse, stats.render, stats.format, stats.stage + (total - planned)];
    let measurement = Measurement {
        rendered: stats.actions as f64,
        reused: stats.reused as f64,
        files: plan.rendered.len() as f64,
        phases: phases.map(|phase| phase.as_secs_f64()),
        total: total.as_secs_f64(),
        peak_mib: peak_mib(),
    };
    println!("{}", measurement.to_line());
    Ok(())
}

/// Runs `xtask bench-once` and reads its measurement line.
fn run_process(exe: &Path, dir: &Path, start: Start, jobs: usize) -> Result<Measurement, String> {
    let start = match start {
        Start::Cold => "--cold",
        Start::Incremental => "--incremental",
    };
    let output = Command::new(exe)
        .arg("bench-once")
        .arg(dir)
        .arg(start)
        .arg(jobs.to_string())
        .output()
        .map_err(|e| e.to_string())?;
    if !output.status.success() {
        return Err(String::from_utf8_lossy(&output.stderr).into_owned());
    }
    let line = String::from_utf8_lossy(&output.stdout).trim().to_owned();
    Measurement::from_line(&line).ok_or_else(|| format!("unexpected measurement line: {line}"))
}

/// `cargo xtask bench [RUNS]`: cold runs on one thread of the real specs, then 1,000 and
/// 10,000 synthetic actions, each in a fresh process so peak memory is its own; the same on
/// every core, as `cargo xtask gen` runs; then incremental runs at 10,000 actions, as
/// `cargo xtask gen` makes them after the first; then, once each, cold and unchanged runs
/// at 10,000 actions of the dev build `cargo xtask gen` actually runs.
///
/// A cold measurement of a smaller size is the mean of back-to-back runs that together
/// process 10,000 actions, so every measurement spans about the same wall time and meets the
/// same noise from other tenants of the machine (a short run can slip between slow spells, a
/// long one cannot, which would make growth look worse than it is). Sizes take turns `runs`
/// times; the fastest measurement of each size is shown, with the median.
pub fn generator(runs: usize) -> Result<(), String> {
    if cfg!(debug_assertions) {
        return Err("run the benchmark from a release build: cargo run --release -p xtask -- bench".into());
    }
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let mut dirs = Vec::new();
    for actions in [0usize, 1_000, 10_000] {
        // The real specs (five actions) run a hundred times.
        let repeat = 10_000usize.checked_div(actions).unwrap_or(100);
        dirs.push((
            repeat,
            if actions == 0 {
                // The real specs, copied so the measured write goes to a scratch folder.
                let dir = scratch("real");
                let _ = std::fs::remove_dir_all(&dir);
                copy_dir(&workspace_root().join(BINDINGS.specs), &dir.join("specs")).map_err(|e| e.to_string())?;
                dir
            } else {
                let dir = scratch(&format!("synth-{actions}"));
                scratch_corpus(actions, &dir)?;
                dir
            },
        ));
    }
    let rows = cold(&exe, &dirs, runs, 1)?;
    println!("Cold runs on one thread (no output, no cache):");
    print_table(&rows.iter().map(|row| (format!("{}", row.fastest.rendered), *row)).collect::<Vec<_>>());
    if let [_, thousand, ten_thousand] = rows.as_slice() {
        let fastest = ten_thousand.fastest.total / thousand.fastest.total;
        let median = ten_thousand.median_total / thousand.median_total;
        println!("time(10,000) / time(1,000) = {fastest:.2} fastest, {median:.2} median (linear is 10)");
    }
    let jobs = cloudbind_gen::workers::available();
    if jobs > 1 {
        // Phases are summed over the threads here, so only totals are shown.
        let parallel = cold(&exe, &dirs, runs, jobs)?;
        println!("\nCold runs on {jobs} threads (`cargo xtask gen` uses one per core):");
        println!(
            "{:>8} {:>8} {:>9} {:>8} {:>8} {:>10}",
            "actions", "total s", "actions/s", "peak MiB", "median s", "speed-up"
        );
        for (row, one) in parallel.iter().zip(&rows) {
            let run = row.fastest;
            println!(
                "{:>8.0} {:>8.3} {:>9.0} {:>8.1} {:>8.3} {:>9.2}x",
                run.rendered + run.reused,
                run.total,
                run.actions_per_second(),
                run.peak_mib,
                row.median_total,
                one.fastest.total / run.total
            );
        }
    }

    // The last cold run left the 10,000-action output and its cache in place.
    let (_, dir) = &dirs[2];
    let edited = first_action_spec(&dir.join("specs")).map_err(|e| e.to_string())?;
    let original = std::fs::read_to_string(&edited).map_err(|e| e.to_string())?;
    let mut unchanged = Vec::new();
    let mut one_edit = Vec::new();
    for run in 0..runs {
        unchanged.push(run_process(&exe, dir, Start::Incremental, jobs)?);
        // A maintainer's edit: the action's summary changes, so its folder renders again.
        let text = original.replacen("summary: ", &format!("summary: (edit {run}) "), 1);
        std::fs::write(&edited, text).map_err(|e| e.to_string())?;
        one_edit.push(run_process(&exe, dir, Start::Incremental, jobs)?);
    }
    std::fs::write(&edited, original).map_err(|e| e.to_string())?;
    println!("\nIncremental runs at 10,000 actions on {jobs} threads (output and cache of the previous run in place):");
    print_table(&[
        ("unchanged".to_owned(), fastest_with_median(unchanged)),
        ("1 spec edited".to_owned(), fastest_with_median(one_edit)),
    ]);

    // The figures above are of this release build; `cargo xtask gen` runs a dev build
    // (partly optimised, see the workspace's Cargo.toml), so measure that too, once each.
    let dev = dev_build(&exe)?;
    let ten_thousand = &dirs[2..];
    let mut rows = vec![("cold, 1 job".to_owned(), cold(&dev, ten_thousand, 1, 1)?.remove(0))];
    if jobs > 1 {
        rows.push((format!("cold, {jobs} jobs"), cold(&dev, ten_thousand, 1, jobs)?.remove(0)));
    }
    let unchanged = run_process(&dev, &dirs[2].1, Start::Incremental, jobs)?;
    rows.push(("unchanged".to_owned(), fastest_with_median(vec![unchanged])));
    println!("\nThe dev build `cargo xtask gen` runs, at 10,000 actions (one run each):");
    print_table(&rows);
    Ok(())
}

/// Builds the dev `xtask` that `cargo xtask gen` runs, in the target folder of this release
/// build, and returns its path.
fn dev_build(release_exe: &Path) -> Result<PathBuf, String> {
    // The target folder is named, so the binary measured is the one just built wherever
    // cargo's defaults or the environment would put it.
    let target = release_exe.parent().and_then(Path::parent).ok_or("the release build is not in a target folder")?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "--quiet", "-p", "xtask", "--target-dir"])
        .arg(target)
        .current_dir(workspace_root())
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    if !status.success() {
        return Err("cargo build -p xtask failed".into());
    }
    Ok(target.join("debug").join(format!("xtask{}", std::env::consts::EXE_SUFFIX)))
}

/// Cold runs of each corpus in `dirs` on `jobs` threads, sizes taking turns `runs` times: the
/// fastest measurement of each size, with the median total appended.
fn cold(exe: &Path, dirs: &[(usize, PathBuf)], runs: usize, jobs: usize) -> Result<Vec<Row>, String> {
    let mut measured: Vec<Vec<Measurement>> = vec![Vec::new(); dirs.len()];
    for _ in 0..runs {
        for ((repeat, dir), measured) in dirs.iter().zip(&mut measured) {
            let back_to_back = (0..*repeat).map(|_| run_process(exe, dir, Start::Cold, jobs));
            measured.push(Measurement::mean(&back_to_back.collect::<Result<Vec<_>, _>>()?));
        }
    }
    Ok(measured.into_iter().map(fastest_with_median).collect())
}

/// The fastest measurement by total time, and the median total.
fn fastest_with_median(mut runs: Vec<Measurement>) -> Row {
    runs.sort_by(|a, b| a.total.total_cmp(&b.total));
    Row { fastest: runs[0], median_total: runs[runs.len() / 2].total }
}

/// Prints rows (the fields of a [`Measurement`], its actions per second and the median
/// total) under a header.
fn print_table(rows: &[(String, Row)]) {
    let header = [
        "run",
        "rendered",
        "reused",
        "files",
        "load s",
        "check s",
        "hash s",
        "render s",
        "format s",
        "write s",
        "total s",
        "actions/s",
        "peak MiB",
        "median s",
    ];
    let widths = [13, 8, 7, 6, 7, 7, 7, 8, 8, 7, 7, 9, 8, 8];
    let line: Vec<String> = header.iter().zip(widths).map(|(h, w)| format!("{h:>w$}")).collect();
    println!("{}", line.join(" "));
    for (name, Row { fastest: run, median_total }) in rows {
        let mut cells = vec![format!("{name:>13}")];
        let counts = [run.rendered, run.reused, run.files];
        cells.extend(counts.iter().zip(&widths[1..]).map(|(v, w)| format!("{v:>w$.0}")));
        let seconds = run.phases.iter().chain([&run.total]);
        cells.extend(seconds.zip(&widths[4..]).map(|(v, w)| format!("{v:>w$.3}")));
        cells.push(format!("{:>9.0}", run.actions_per_second()));
        cells.push(format!("{:>8.1}", run.peak_mib));
        cells.push(format!("{median_total:>8.3}"));
        println!("{}", cells.join(" "));
    }
}

/// The first action spec below `specs`, in path order.
fn first_action_spec(specs: &Path) -> std::io::Result<PathBuf> {
    let mut dir = specs.to_path_buf();
    loop {
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(&dir)?.map(|e| e.map(|e| e.path())).collect::<Result<_, _>>()?;
        entries.sort();
        if let Some(sub) = entries.iter().find(|p| p.is_dir()) {
            dir = sub.clone();
            continue;
        }
        let action = entries.into_iter().find(|p| {
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or_default();
            name.ends_with(".yaml") && name != "service.yaml" && name != "vendor.yaml"
        });
        return action.ok_or_else(|| std::io::Error::other(format!("no action spec in {}", dir.display())));
    }
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let path = entry?.path();
        let target = to.join(path.file_name().unwrap_or_default());
        if path.is_dir() {
            copy_dir(&path, &target)?;
        } else {
            std::fs::copy(&path, &target)?;
        }
    }
    Ok(())
}

/// Runs `cargo <args>` in `dir` under `/usr/bin/time -v`; returns (seconds, peak MiB of the
/// process tree).
fn timed_cargo(dir: &Path, args: &[&str], target_dir: &Path) -> Result<(f64, f64), String> {
    let start = Instant::now();
    let output = Command::new("/usr/bin/time")
        .arg("-v")
        .arg(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target_dir)
        // Built as a dependency is: without incremental compilation, whose bookkeeping would
        // otherwise be part of the figure.
        .env("CARGO_INCREMENTAL", "0")
        .output()
        .map_err(|e| format!("/usr/bin/time is needed for peak memory: {e}"))?;
    let seconds = start.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        // The end of the output says what failed; thousands of errors would drown it.
        let tail: Vec<&str> = stderr.lines().rev().take(40).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!("cargo {} failed:\n{}", args.join(" "), tail.join("\n")));
    }
    let peak_kib = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse::<f64>().ok())
        .unwrap_or(f64::NAN);
    Ok((seconds, peak_kib / 1024.0))
}

/// `cargo xtask bench-compile [N [RUNS]]`: generates a crate from N synthetic actions and
/// measures its own compile time (dependencies prebuilt) in debug, release and `cargo check`,
/// with default features (every service) and with one service, plus the clean build with
/// dependencies. Each crate-only build runs `runs` times: on a shared machine the fastest run is the crate's
/// cost and the rest is other tenants, so the minimum is the figure and the median is shown.
pub fn compile(actions: usize, runs: usize) -> Result<(), String> {
    let dir = scratch(&format!("compile-{actions}"));
    scratch_corpus(actions, &dir)?;
    let runtime = workspace_root().join("runtime");
    let runtime = runtime.to_string_lossy();
    let target =
        Target { specs: "specs", out: "crate", crate_name: "cloudbind-synth", standalone_runtime: Some(&runtime) };
    let ir = cloudbind_gen::load_ir_from(&dir, Path::new(target.specs)).map_err(|e| e.to_string())?;
    let jobs = cloudbind_gen::workers::available();
    let plan =
        pipeline::plan_target(&dir, &target, output::Mode::InMemory, None, jobs, &mut pipeline::Stats::default())
            .map_err(|e| e.to_string())?;
    let lines: usize = plan
        .files
        .iter()
        .filter(|f| f.path.extension().is_some_and(|e| e == "rs"))
        .map(|f| f.contents.lines().count())
        .sum();
    plan.apply().map_err(|e| e.to_string())?;
    let crate_dir = dir.join(target.out);
    let one_service = ir.vendors.iter().flat_map(|v| &v.services).next().map(|s| s.feature.clone()).unwrap_or_default();
    let one_service_actions = ir.vendors.iter().flat_map(|v| &v.services).next().map_or(0, |s| s.actions.len());

    println!("{actions} actions, {} generated Rust lines ({:.0} per action)", lines, lines as f64 / actions as f64);
    if runs == 0 {
        println!("crate written to {}", crate_dir.display());
        return Ok(());
    }
    let target_dir = dir.join("target");
    let _ = std::fs::remove_dir_all(&target_dir);
    let (clean, clean_peak) = timed_cargo(&crate_dir, &["build"], &target_dir)?;
    println!("clean debug build with dependencies: {clean:.1} s (peak {clean_peak:.0} MiB)");
    // (fastest seconds, median seconds, peak MiB of the fastest run) over `runs` builds.
    let crate_only = |profile: &[&str], features: &[&str]| -> Result<(f64, f64, f64), String> {
        let mut clean_args = vec!["clean", "-p", "cloudbind-synth"];
        clean_args
            .extend_from_slice(profile.iter().filter(|a| **a == "--release").copied().collect::<Vec<_>>().as_slice());
        let mut args: Vec<&str> = profile.to_vec();
        args.extend_from_slice(features);
        let mut measured = Vec::new();
        for _ in 0..runs {
            timed_cargo(&crate_dir, &clean_args, &target_dir)?;
            measured.push(timed_cargo(&crate_dir, &args, &target_dir)?);
        }
        measured.sort_by(|a, b| a.0.total_cmp(&b.0));
        let (fastest, peak) = measured[0];
        Ok((fastest, measured[measured.len() / 2].0, peak))
    };
    // Dependencies of each profile are built once first, so only the crate itself is timed.
    timed_cargo(&crate_dir, &["build", "--release"], &target_dir)?;
    timed_cargo(&crate_dir, &["check"], &target_dir)?;
    for (name, profile) in [("debug", vec!["build"]), ("release", vec!["build", "--release"]), ("check", vec!["check"])]
    {
        let (seconds, median, peak) = crate_only(&profile, &[])?;
        println!(
            "crate only, {name:<7}, default features (every service): {seconds:>6.1} s = {:.4} s per action \
             (median of {runs}: {median:.1} s; peak {peak:.0} MiB)",
            seconds / actions as f64
        );
    }
    let features = ["--no-default-features", "--features", one_service.as_str()];
    let (seconds, median, peak) = crate_only(&["build"], &features)?;
    println!(
        "crate only, debug  , only `{one_service}` ({one_service_actions} actions): {seconds:.1} s \
         (median of {runs}: {median:.1} s; peak {peak:.0} MiB)"
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A folder of specs `synth` did not write (the workspace's own, say) is never removed;
    /// its own earlier corpus is replaced.
    #[test]
    fn a_corpus_replaces_only_an_earlier_corpus() {
        let dir = tempfile::tempdir().expect("temp dir");
        let own = dir.path().join("specs/acme/vendor.yaml");
        std::fs::create_dir_all(own.parent().expect("parent")).expect("folder");
        std::fs::write(&own, "vendor: acme\n").expect("spec");
        let error = write_corpus(3, dir.path()).expect_err("refused");
        assert!(error.to_string().contains("holds specs no `synth` wrote"), "{error}");
        assert_eq!(std::fs::read_to_string(&own).expect("kept"), "vendor: acme\n");

        let other = tempfile::tempdir().expect("temp dir");
        let first = write_corpus(3, other.path()).expect("written");
        assert_eq!(write_corpus(3, other.path()).expect("replaced"), first);
    }

    fn run(total: f64, peak_mib: f64) -> Measurement {
        let phases = [0.1, 0.2, 0.0, 0.3, 0.4, total - 1.0];
        Measurement { rendered: 40.0, reused: 0.0, files: 45.0, phases, total, peak_mib }
    }

    #[test]
    fn a_measurement_reads_back_from_its_line_and_refuses_other_lines() {
        let measurement = run(1.5, 21.6);
        assert_eq!(Measurement::from_line(&measurement.to_line()), Some(measurement));
        assert_eq!(Measurement::from_line("40 0 45 0.1 0.2"), None);
        assert_eq!(Measurement::from_line("error: the specs do not check"), None);
    }

    #[test]
    fn back_to_back_runs_average_their_times_and_keep_counts_and_peak() {
        let mean = Measurement::mean(&[run(1.5, 20.0), run(2.5, 30.0)]);
        assert_eq!((mean.rendered, mean.files, mean.peak_mib), (40.0, 45.0, 30.0));
        assert_eq!((mean.total, mean.phases[0], mean.phases[5]), (2.0, 0.1, 1.0));
        let row = fastest_with_median(vec![run(3.0, 1.0), run(1.0, 1.0), run(2.0, 1.0)]);
        assert_eq!((row.fastest.total, row.median_total), (1.0, 2.0));
        assert_eq!(row.fastest.actions_per_second(), 40.0);
    }
}
