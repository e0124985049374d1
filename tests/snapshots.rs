//! Every file the generator renders, pinned as an insta snapshot, so reviewers see each change
//! to the generated crate or its docs as a diff in `tests/snapshots/`.

use std::collections::BTreeSet;
use std::panic::{self, AssertUnwindSafe};
use std::path::Path;

use cloudbind_tests::workspace_root;

#[test]
fn every_rendered_file_matches_its_snapshot() {
    let plan = cloudbind_gen::pipeline::plan(&workspace_root()).unwrap_or_else(|e| panic!("{e}"));
    assert!(plan.files.len() >= 20, "expected the whole crate, got {} files", plan.files.len());
    // Every file is compared, so one run writes a `.snap.new` for each that differs.
    let mut differing = Vec::new();
    let mut names = BTreeSet::new();
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        for file in &plan.files {
            let name = file.path.to_string_lossy().replace(['/', '\\'], "__");
            let compared = panic::catch_unwind(AssertUnwindSafe(|| insta::assert_snapshot!(name.clone(), &file.contents)));
            if compared.is_err() {
                differing.push(file.path.display().to_string());
            }
            names.insert(name);
        }
    });
    assert!(differing.is_empty(), "{} rendered file(s) differ from their snapshots: {differing:#?}", differing.len());

    // A snapshot of a file nothing renders any more would pin nothing. Rendered files' names
    // start with their output folder's: the crate's, the hostile fixture's, the runtime's API.
    let [_, runtime_api] = cloudbind_gen::breaks::manifest_dirs();
    let outs = cloudbind_gen::render::TARGETS.iter().map(|target| Path::new(target.out)).chain([runtime_api.as_path()]);
    let prefixes: Vec<String> =
        outs.map(|out| format!("{}__", out.to_string_lossy().replace(['/', '\\'], "__"))).collect();
    let dir = workspace_root().join("tests/snapshots");
    let orphans: Vec<String> = std::fs::read_dir(&dir)
        .expect("snapshots")
        .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
        .filter_map(|file| file.strip_suffix(".snap").map(str::to_owned))
        .filter(|name| prefixes.iter().any(|prefix| name.starts_with(prefix.as_str())) && !names.contains(name))
        .collect();
    assert!(orphans.is_empty(), "snapshots of files that are no longer rendered; delete them: {orphans:#?}");
}
