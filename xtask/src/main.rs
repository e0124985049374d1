//! Maintainers' commands.
//!
//! - `cargo xtask gen`: check every spec, render the `cloudbind` crate and its docs, write the
//!   files that changed and remove stale generated files.
//! - `cargo xtask gen --check`: the same, writing nothing; fails naming every file that is
//!   added, changed or stale.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask gen [--check]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["gen"] => generate(false),
        ["gen", "--check"] => generate(true),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn workspace_root() -> PathBuf {
    // xtask lives one level below the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn generate(check: bool) -> ExitCode {
    let plan = match cloudbind_gen::output::plan(&workspace_root()) {
        Ok(plan) => plan,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::FAILURE;
        }
    };
    if check {
        if plan.is_clean() {
            println!("gen --check: up to date ({})", plan.summary(false));
            return ExitCode::SUCCESS;
        }
        eprintln!("gen --check: generated files are stale; run `cargo xtask gen`:\n{}", plan.describe_changes());
        return ExitCode::FAILURE;
    }
    if let Err(error) = plan.apply() {
        eprintln!("gen: writing failed: {error}");
        return ExitCode::FAILURE;
    }
    println!("gen: {}", plan.summary(true));
    ExitCode::SUCCESS
}
