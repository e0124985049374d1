//! Maintainers' commands.
//!
//! - `cargo xtask gen`: check every spec, render the `cloudbind` crate and its docs, write the
//!   files that changed and remove stale generated files.
//! - `cargo xtask gen --check`: the same, writing nothing; fails naming every file that is
//!   missing, changed or stale, and every file in the generated crates the generator did not
//!   write (`gen` only notes those).
//! - `--jobs N` (either): render and format on N threads (default: one per core, at most
//!   64); the output is the same with any N.
//! - `cargo xtask synth N [DIR]`: writes a synthetic corpus of N actions into `DIR/specs`.
//! - `cargo run --release -p xtask -- bench [RUNS]`: generator throughput and memory per
//!   phase, the fastest of RUNS runs (3) of each size.
//! - `cargo xtask bench-compile [N [RUNS]]`: compile cost of a crate generated from N actions
//!   (500), each crate-only build repeated RUNS times (3). With RUNS = 0 it only writes the
//!   crate (under `target/bench/compile-N/crate`), for profiling the compiler by hand.

mod bench;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cloudbind_gen::cache::Cache;
use cloudbind_gen::output::Mode;

const USAGE: &str =
    "usage: cargo xtask gen [--check] [--jobs N] | synth N [DIR] | bench [RUNS] | bench-compile [N [RUNS]]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["gen", flags @ ..] => match gen_flags(flags) {
            Some((check, jobs)) => generate(check, jobs),
            None => usage(),
        },
        ["synth", n, rest @ ..] if rest.len() <= 1 => match n.parse::<usize>() {
            Ok(n) => {
                let dir = rest.first().map_or_else(|| workspace_root().join("target/synth"), PathBuf::from);
                report(bench::write_corpus(n, &dir).map(|files| {
                    println!("synth: {n} actions in {files} spec files under {}", dir.join("specs").display());
                }))
            }
            Err(_) => usage(),
        },
        ["bench", rest @ ..] if rest.len() <= 1 => match rest.first().map_or(Ok(3), |r| r.parse()) {
            Ok(runs) if runs > 0 => report(bench::generator(runs)),
            _ => usage(),
        },
        ["bench-once", dir, start, jobs] => match (*start, jobs.parse()) {
            ("--cold", Ok(jobs)) => report(bench::run_once(Path::new(dir), bench::Start::Cold, jobs)),
            ("--incremental", Ok(jobs)) => report(bench::run_once(Path::new(dir), bench::Start::Incremental, jobs)),
            _ => usage(),
        },
        ["bench-compile", rest @ ..] if rest.len() <= 2 => {
            let n = rest.first().map_or(Ok(500), |n| n.parse());
            let runs = rest.get(1).map_or(Ok(3), |r| r.parse());
            match (n, runs) {
                (Ok(n), Ok(runs)) => report(bench::compile(n, runs)),
                _ => usage(),
            }
        }
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => usage(),
    }
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

fn report<E: std::fmt::Display>(result: Result<(), E>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

/// `--check` and `--jobs N`, in any order: whether to check only, and how many threads.
fn gen_flags(flags: &[&str]) -> Option<(bool, usize)> {
    let (mut check, mut jobs) = (false, None);
    let mut flags = flags.iter();
    while let Some(flag) = flags.next() {
        match *flag {
            "--check" if !check => check = true,
            "--jobs" if jobs.is_none() => jobs = Some(flags.next()?.parse().ok().filter(|&n| n > 0)?),
            _ => return None,
        }
    }
    Some((check, jobs.unwrap_or_else(cloudbind_gen::workers::available)))
}

fn workspace_root() -> PathBuf {
    // xtask lives one level below the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn generate(check: bool, jobs: usize) -> ExitCode {
    // `gen` stages each changed file as it is rendered, so memory stays flat at any scale.
    let mode = if check { Mode::CheckOnly } else { Mode::Staged };
    // Service folders unchanged since the last run of this very executable are not rendered
    // again; without a readable executable every folder is rendered.
    let mut cache = Cache::beside_current_exe().ok();
    let plan = match cloudbind_gen::output::plan_with(&workspace_root(), mode, cache.as_mut(), jobs) {
        Ok(plan) => plan,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    if check {
        return match plan.check_outcome() {
            Ok(summary) => {
                println!("gen --check: {summary}");
                ExitCode::SUCCESS
            }
            Err(report) => {
                report.iter().for_each(|paragraph| eprintln!("gen --check: {paragraph}"));
                ExitCode::FAILURE
            }
        };
    }
    if let Err(error) = plan.apply() {
        eprintln!("gen: writing failed: {error}");
        return ExitCode::FAILURE;
    }
    // Only `gen` saves the cache (`--check` changes nothing); failing to is not an error, the
    // next run renders everything.
    if let Some(Err(error)) = cache.map(|cache| cache.save()) {
        eprintln!("gen: the cache could not be saved ({error}); the next run renders every service");
    }
    println!("gen: {}", plan.summary(true));
    // Not an error: such files are not the generator's to fix, but `--check` fails on them.
    if let Some(note) = plan.foreign_note() {
        eprintln!("gen: note: {note}");
    }
    ExitCode::SUCCESS
}
