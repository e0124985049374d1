//! The cloudbind generator: YAML API specs in, a typed Rust bindings crate and its docs out.
//!
//! ```text
//! specs/**/*.yaml ─load─▶ spec structs ─check─▶ IR ─render─▶ one file at a time ─output─▶ generated/
//! ```
//!
//! The [`pipeline`] runs one service folder at a time (load, check, render, then drop all but
//! the service's outline), so time and memory grow with the tree only linearly. Nothing is
//! written unless every spec checks cleanly; see [`output`] for how files are compared,
//! staged, written and removed. `cargo xtask gen` passes a [`cache::Cache`], so a folder
//! unchanged since its last run is neither checked nor rendered again, and renders on one
//! thread per core ([`workers`]): checking stays on one thread, checked services are rendered
//! and formatted by the others, and their files are taken back in order, so the output
//! does not depend on the number of threads. A run also lists the hand-written runtime's
//! public API from its source (`public_api`; cached like a service folder), so that a
//! change to it shows in review as the generated crate's do.

pub mod breaks;
pub mod cache;
pub mod check;
pub mod diag;
pub mod ir;
pub mod load;
pub mod locate;
mod naming;
pub mod output;
pub mod pipeline;
mod public_api;
pub mod render;
pub mod run;
pub mod scaffold;
pub mod spec;
pub mod synth;
pub mod types;
pub mod workers;

use std::path::Path;

/// Loads and checks the specs below `root/specs` (the bindings' specs) into the IR, for tools
/// and tests that derive cases from the specs.
pub fn load_ir(root: &Path) -> Result<ir::Ir, output::Error> {
    load_ir_from(root, Path::new(render::BINDINGS.specs))
}

/// Loads and checks the specs below `root/specs_dir` into the IR, keeping every service whole.
pub fn load_ir_from(root: &Path, specs_dir: &Path) -> Result<ir::Ir, output::Error> {
    let mut files = load::SpecDir::open(root, specs_dir)?;
    check::check_all(&mut files).map_err(output::Error::Specs)
}
