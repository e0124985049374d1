//! `gen --check` semantics: the committed crate matches the specs; regeneration is idempotent;
//! hand edits and stale files are named; files without the generator's header are never touched.

use std::path::{Path, PathBuf};

use cloudbind_gen::output::{plan, Plan};
use cloudbind_gen::render::MARKER;
use cloudbind_tests::{copy_specs, workspace_root};

fn fresh_plan(root: &Path) -> Plan {
    plan(root).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn committed_crate_is_up_to_date() {
    let plan = fresh_plan(&workspace_root());
    assert!(plan.is_clean(), "generated/ is stale; run `cargo xtask gen`:\n{}", plan.describe_changes());
    assert_eq!(plan.spec_files, 16, "the five seeds' 13 files and the hostile-names fixture's 3");
}

#[test]
fn second_run_writes_nothing_and_hand_edits_are_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);

    let first = fresh_plan(root);
    assert_eq!(first.added.len(), first.files.len(), "an empty tree gets every file");
    first.apply().expect("write");

    let second = fresh_plan(root);
    assert!(second.is_clean(), "second run would change:\n{}", second.describe_changes());
    assert_eq!(second.unchanged(), second.files.len());
    assert_eq!(
        second.summary(false),
        format!("16 spec files read, 0 files to write, {} unchanged, 0 to remove", second.files.len())
    );

    let edited = PathBuf::from("generated/src/tencent/iai/v20180301/create_face.rs");
    let text = std::fs::read_to_string(root.join(&edited)).expect("read");
    std::fs::write(root.join(&edited), text.replace("pub person_id", "pub person_idx")).expect("edit");
    let after_edit = fresh_plan(root);
    assert_eq!(after_edit.changed, vec![edited.clone()]);
    assert!(after_edit.added.is_empty() && after_edit.stale.is_empty());
    assert!(after_edit.describe_changes().contains("changed: generated/src/tencent/iai/v20180301/create_face.rs"));

    after_edit.apply().expect("repair");
    assert!(fresh_plan(root).is_clean());
}

#[test]
fn stale_generated_files_are_removed_and_foreign_files_kept() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    fresh_plan(root).apply().expect("write");

    let stale = PathBuf::from("generated/src/tencent/old_service.rs");
    std::fs::write(root.join(&stale), format!("// {MARKER} from nothing.\npub struct Old;\n")).expect("write stale");
    let foreign = root.join("generated/examples/hand_written.rs");
    std::fs::create_dir_all(foreign.parent().expect("parent")).expect("mkdir");
    std::fs::write(&foreign, "fn main() {}\n").expect("write foreign");

    let plan = fresh_plan(root);
    assert_eq!(plan.stale, vec![stale.clone()]);
    assert!(plan.describe_changes().contains("stale:   generated/src/tencent/old_service.rs"));
    plan.apply().expect("apply");

    assert!(!root.join(&stale).exists(), "stale generated file removed");
    assert_eq!(std::fs::read_to_string(&foreign).expect("foreign kept"), "fn main() {}\n");
    assert!(fresh_plan(root).is_clean());
}

#[test]
fn every_owned_file_starts_with_the_header() {
    let plan = fresh_plan(&workspace_root());
    for file in &plan.files {
        let first = file.contents.lines().next().unwrap_or_default();
        assert!(first.contains(MARKER), "{} starts with {first:?}", file.path.display());
    }
}
