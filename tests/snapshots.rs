//! Every file the generator renders, pinned as an insta snapshot, so reviewers see each change
//! to the generated crate or its docs as a diff in `tests/snapshots/`.

use cloudbind_tests::workspace_root;

#[test]
fn every_rendered_file_matches_its_snapshot() {
    let plan = cloudbind_gen::output::plan(&workspace_root()).unwrap_or_else(|e| panic!("{e}"));
    assert!(plan.files.len() >= 20, "expected the whole crate, got {} files", plan.files.len());
    insta::with_settings!({ prepend_module_to_snapshot => false, omit_expression => true }, {
        for file in &plan.files {
            let name = file.path.to_string_lossy().replace(['/', '\\'], "__");
            insta::assert_snapshot!(name, &file.contents);
        }
    });
}
