//! `gen --check` semantics: the committed crate matches the specs; regeneration is idempotent;
//! hand edits, missing and stale files are named; files without the generator's header are
//! never touched, but named, and fail the check.

use std::path::{Path, PathBuf};

use cloudbind_gen::breaks::ApiBreak;
use cloudbind_gen::cache::Cache;
use cloudbind_gen::output::{Mode, Plan, Stage};
use cloudbind_gen::pipeline::{plan, plan_with};
use cloudbind_gen::render::MARKER;
use cloudbind_gen::run::Access;
use cloudbind_gen::scaffold::NewAction;
#[cfg(unix)]
use cloudbind_tests::Fifo;
use cloudbind_tests::{copy_specs, edit_spec, files_below, workspace_root};

fn fresh_plan(root: &Path) -> Plan {
    plan(root).unwrap_or_else(|e| panic!("{e}"))
}

/// The spec files on disk below every target's spec folder.
fn spec_files_on_disk(root: &Path) -> usize {
    let targets = cloudbind_gen::render::TARGETS.iter();
    let files = targets.flat_map(|target| files_below(&root.join(target.specs)));
    files.filter(|path| path.extension().is_some_and(|e| e == "yaml")).count()
}

#[test]
fn committed_crate_is_up_to_date() {
    let root = workspace_root();
    // Shared, as `gen --check` takes it: a `gen` running meanwhile finishes first.
    let waiting = |path: &Path| eprintln!("waiting for another `cargo xtask gen` or `new` (lock {})", path.display());
    let _lock = cloudbind_gen::run::lock(&root, Access::Shared, waiting).expect("the tree's lock");
    let plan = fresh_plan(&root);
    assert!(plan.is_clean(), "generated/ is stale; run `cargo xtask gen`:\n{}", plan.describe_changes());
    // What `gen --check` says, files the generator did not write included.
    if let Err(report) = plan.check_outcome() {
        panic!("{}", report.join("\n"));
    }
    assert_eq!(plan.spec_files, spec_files_on_disk(&root));
    assert!(plan.spec_files >= 17, "at least the five seeds' 13 files and the hostile-names fixture's 4");
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
        second.summary(Stage::Planned),
        format!(
            "{} spec files, 0 files to write, {} unchanged, 0 to remove",
            spec_files_on_disk(root),
            second.files.len()
        )
    );

    let edited = PathBuf::from("generated/src/tencent/iai/v20180301/create_face.rs");
    let text = std::fs::read_to_string(root.join(&edited)).expect("read");
    std::fs::write(root.join(&edited), text.replace("pub person_id", "pub person_idx")).expect("edit");
    let after_edit = fresh_plan(root);
    assert_eq!(after_edit.changed, vec![edited.clone()]);
    assert!(after_edit.added.is_empty() && after_edit.stale.is_empty());
    assert!(after_edit.describe_changes().contains("changed: generated/src/tencent/iai/v20180301/create_face.rs"));
    // `--check` says what a hand edit comes to, since it cannot tell one from a spec change.
    let report = after_edit.check_outcome().expect_err("stale").join("\n");
    assert!(report.contains("edited by hand, which `gen` undoes: change its spec instead"), "{report}");

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
    assert_eq!(plan.foreign, vec![PathBuf::from("generated/examples/hand_written.rs")]);
    plan.apply().expect("apply");

    assert!(!root.join(&stale).exists(), "stale generated file removed");
    assert_eq!(std::fs::read_to_string(&foreign).expect("foreign kept"), "fn main() {}\n");
    assert!(fresh_plan(root).is_clean());
}

#[test]
fn a_file_without_the_header_where_a_rendered_file_goes_stops_the_run_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    fresh_plan(root).apply().expect("write");
    // Someone's own file where a new action's module will go, and a generated file whose
    // header was removed: neither is the generator's to replace.
    let mine = PathBuf::from("generated/src/tencent/iai/v20180301/create_face.rs");
    std::fs::write(root.join(&mine), "// my own code\n").expect("write");
    let headless = PathBuf::from("generated/docs/azure-face-v1.0.md");
    let text = std::fs::read_to_string(root.join(&headless)).expect("read");
    std::fs::write(root.join(&headless), text.split_once('\n').expect("two lines").1).expect("write");
    // Something else changes too, so the run has files to stage before it finds them.
    edit_spec(root, "alibaba/mts/2014-06-18/RegisterCustomFace.yaml", "summary: Registers", "summary: Newly registers");

    for mode in [Mode::Staged, Mode::CheckOnly] {
        let error = plan_with(root, mode, None, 2).expect_err("refused").to_string();
        assert!(error.starts_with("nothing was written: 2 file(s) must not be written"), "{error}");
        for path in [&mine, &headless] {
            assert!(error.contains(&format!("{}: exists without the generator's header", path.display())), "{error}");
        }
        assert_eq!(std::fs::read_to_string(root.join(&mine)).expect("kept"), "// my own code\n");
        assert!(temporary_files(root).is_empty(), "nothing staged is left behind");
    }
}

/// Only files that start with the header are the generator's: not one that mentions it, not
/// what a symbolic link leads to, not someone's file where a temporary file would go.
#[test]
fn what_the_generator_may_touch_is_exactly_what_starts_with_its_header() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    fresh_plan(root).apply().expect("write");

    let mention = root.join("generated/NOTES.md");
    std::fs::write(&mention, format!("Every file here but this one starts with \"{MARKER}\".\n")).expect("write");
    let outside = root.join("elsewhere");
    std::fs::create_dir_all(&outside).expect("mkdir");
    std::fs::write(outside.join("owned.rs"), format!("// {MARKER} from nothing.\n")).expect("write");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&outside, root.join("generated/src/link")).expect("symlink");
    let plan = fresh_plan(root);
    assert!(plan.is_clean(), "{}", plan.describe_changes());
    // Named as not the generator's, the link itself and not what it leads to.
    let mut foreign = vec![PathBuf::from("generated/NOTES.md")];
    if cfg!(unix) {
        foreign.push(PathBuf::from("generated/src/link"));
    }
    assert_eq!(plan.foreign, foreign);
    plan.apply().expect("apply");
    assert!(mention.exists() && outside.join("owned.rs").exists());

    // Someone's file where the generator stages a changed file.
    let temp = root.join("generated/docs/.alibaba-mts-2014-06-18.md.gen-tmp");
    std::fs::write(&temp, "mine\n").expect("write");
    edit_spec(root, "alibaba/mts/2014-06-18/RegisterCustomFace.yaml", "summary: Registers", "summary: Newly registers");
    let error = plan_with(root, Mode::Staged, None, 1).expect_err("refused").to_string();
    assert!(error.contains(".alibaba-mts-2014-06-18.md.gen-tmp: exists without the generator's header"), "{error}");
    assert_eq!(std::fs::read_to_string(&temp).expect("kept"), "mine\n");
    std::fs::remove_file(&temp).expect("remove");

    // A service that goes away takes its folders with it (one of Tencent's three: a vendor
    // left without services is refused).
    std::fs::remove_dir_all(root.join("specs/tencent/facefusion")).expect("remove the service");
    fresh_plan(root).apply().expect("apply");
    assert!(!root.join("generated/src/tencent/facefusion").exists(), "its emptied folders are removed");
    assert!(root.join("generated/src").is_dir());
}

/// A rendered file's path never leads through a symbolic link, which could take a write out
/// of the tree, and what is there must be a regular file: a link to a folder or a file, a
/// folder or a FIFO where a rendered file goes stops the run (with the cache too), naming
/// each, and nothing outside the tree is written.
#[cfg(unix)]
#[test]
fn links_and_other_non_files_on_a_rendered_path_stop_the_run_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    let cache_file = root.join("target/gen.cache");
    let mut cache = Cache::open(cache_file.clone(), b"generator");
    plan_with(root, Mode::Staged, Some(&mut cache), 2).unwrap_or_else(|e| panic!("{e}")).apply().expect("write");
    cache.save().expect("save the cache");

    // iai's module folder and azure's reference page, moved out of the tree and linked back.
    let outside = tempfile::tempdir().expect("temp dir");
    let (folder, page) = ("generated/src/tencent/iai", "generated/docs/azure-face-v1.0.md");
    std::fs::rename(root.join(folder), outside.path().join("iai")).expect("move");
    std::os::unix::fs::symlink(outside.path().join("iai"), root.join(folder)).expect("symlink");
    std::fs::rename(root.join(page), outside.path().join("page.md")).expect("move");
    std::os::unix::fs::symlink(outside.path().join("page.md"), root.join(page)).expect("symlink");
    // A folder and a FIFO where generated files go.
    let (folder_there, fifo_there) = ("generated/src/alibaba/mod.rs", "generated/api/tencent.txt");
    std::fs::remove_file(root.join(folder_there)).expect("remove");
    std::fs::create_dir(root.join(folder_there)).expect("mkdir");
    std::fs::remove_file(root.join(fifo_there)).expect("remove");
    let fifo = Fifo::new(&root.join(fifo_there), "");
    let before = files_below(outside.path()).into_iter().map(|p| (std::fs::read(&p).expect("read"), p));
    let before: Vec<_> = before.collect();

    let refused = [
        format!("{folder}: is a symbolic link, and rendered files go below it"),
        format!("{page}: is a symbolic link, which the generator neither writes through"),
        format!("{folder_there}: is a folder, not a file the generator can replace"),
        format!("{fifo_there}: is not a regular file (a FIFO, socket or device)"),
    ];
    let expect_refused = |error: String| {
        assert!(error.starts_with("nothing was written: 4 file(s) must not be written"), "{error}");
        refused.iter().for_each(|why| assert!(error.contains(why), "{why}\n{error}"));
    };
    // Unchanged specs, with the cache that vouched for these files when they were in place.
    let mut cache = Cache::open(cache_file.clone(), b"generator");
    expect_refused(plan_with(root, Mode::Staged, Some(&mut cache), 2).expect_err("refused").to_string());
    // Every one of them would change.
    edit_spec(root, "tencent/iai/2018-03-01/CreateFace.yaml", "FailedOperation.CreateFaceConcurrent", "X.Y");
    edit_spec(root, "azure/face/v1.0/PersonGroupPersonAddFace.yaml", "summary: ", "summary: Now ");
    for mode in [Mode::Staged, Mode::CheckOnly] {
        expect_refused(plan_with(root, mode, None, 2).expect_err("refused").to_string());
    }
    drop(fifo);
    let after = files_below(outside.path()).into_iter().map(|p| (std::fs::read(&p).expect("read"), p));
    assert_eq!(after.collect::<Vec<_>>(), before, "nothing outside the tree was written");
    assert!(temporary_files(root).is_empty() && temporary_files(outside.path()).is_empty());
}

#[test]
fn every_owned_file_starts_with_the_header() {
    let root = workspace_root();
    let plan = fresh_plan(&root);
    for file in &plan.files {
        let first = file.contents.lines().next().unwrap_or_default();
        assert!(first.contains(MARKER), "{} starts with {first:?}", file.path.display());
        // The header names the files the contents come from: each exists.
        let sources = first.split(" from ").nth(1).and_then(|rest| rest.split(". Do not edit").next());
        let sources = sources.unwrap_or_else(|| panic!("{} names no source: {first:?}", file.path.display()));
        let named: Vec<&str> = sources.split('`').skip(1).step_by(2).collect();
        assert!(!named.is_empty(), "{}: {first:?}", file.path.display());
        for source in named {
            assert!(root.join(source).exists(), "{} names {source}, which does not exist", file.path.display());
        }
    }
}

/// Files below `dir` whose name marks them as staged, not yet renamed into place.
fn temporary_files(dir: &Path) -> Vec<PathBuf> {
    files_below(dir).into_iter().filter(|p| p.to_string_lossy().ends_with(".gen-tmp")).collect()
}

#[test]
fn staged_plan_touches_no_final_path_before_apply_and_cleans_up_when_dropped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);

    let staged = plan_with(root, Mode::Staged, None, 2).unwrap_or_else(|e| panic!("{e}"));
    assert!(staged.files.is_empty(), "a staged plan keeps no contents in memory");
    assert_eq!(staged.added, staged.rendered, "an empty tree gets every file");
    assert!(staged.added.iter().all(|p| !root.join(p).exists()), "nothing is in place before apply");
    assert_eq!(temporary_files(root).len(), staged.added.len(), "each file waits in a temporary sibling");
    drop(staged);
    assert!(temporary_files(root).is_empty(), "dropping an unapplied plan removes its temporary files");
    assert!(!root.join("generated").exists(), "and the folders it made for them");

    let staged = plan_with(root, Mode::Staged, None, 2).unwrap_or_else(|e| panic!("{e}"));
    staged.apply().expect("apply");
    drop(staged);
    assert!(temporary_files(root).is_empty());
    // What was staged and renamed is exactly what the in-memory plan renders.
    let in_memory = fresh_plan(root);
    assert!(in_memory.is_clean(), "staged output differs:\n{}", in_memory.describe_changes());
    assert_eq!(in_memory.rendered, in_memory.files.iter().map(|f| f.path.clone()).collect::<Vec<_>>());
}

/// A run killed between creating a temporary file and writing it leaves it empty, without the
/// header: the next run writes over it or removes it (there is nothing in it to lose), so the
/// tree converges. An empty file under any other name is someone's.
#[test]
fn empty_temporary_files_a_killed_run_left_are_the_generator_s() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    fresh_plan(root).apply().expect("write");
    let iai = root.join("generated/src/tencent/iai/v20180301");
    // Where the changed action's module is staged, beside a file that stays as it is, and an
    // empty file of someone's.
    for name in [".create_face.rs.gen-tmp", ".models.rs.gen-tmp", "empty.rs"] {
        std::fs::write(iai.join(name), "").expect("write");
    }
    edit_spec(root, "tencent/iai/2018-03-01/CreateFace.yaml", "summary: Adds", "summary: Now adds");

    // Both are stale to `--check`; `gen` stages the changed module in the first.
    let check = plan_with(root, Mode::CheckOnly, None, 2).unwrap_or_else(|e| panic!("{e}"));
    let stale = [".create_face.rs.gen-tmp", ".models.rs.gen-tmp"];
    assert_eq!(check.stale, stale.map(|name| Path::new("generated/src/tencent/iai/v20180301").join(name)));
    assert_eq!(check.foreign, vec![PathBuf::from("generated/src/tencent/iai/v20180301/empty.rs")]);
    plan_with(root, Mode::Staged, None, 2).unwrap_or_else(|e| panic!("{e}")).apply().expect("apply");
    assert!(temporary_files(root).is_empty());
    assert!(iai.join("empty.rs").exists());
    assert!(fresh_plan(root).is_clean());
}

/// Services are checked and rendered one at a time, so services before a broken spec are
/// already staged when the problem is found; the failed run must still leave nothing behind.
#[test]
fn a_problem_found_after_staging_began_leaves_the_tree_as_it_was() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    // Vendors are checked in folder order: alibaba and azure come before this tencent spec.
    let broken = root.join("specs/tencent/iai/2018-03-01/CreateFace.yaml");
    let text = std::fs::read_to_string(&broken).expect("read spec");
    std::fs::write(&broken, text.replacen("name: PersonId", "name: PersonId\n    required: maybe", 1)).expect("break");
    // And one in the second target, which is checked after the first has been rendered.
    let hostile = root.join("tests/hostile/specs/hostile/vendor.yaml");
    let text = std::fs::read_to_string(&hostile).expect("read spec");
    std::fs::write(&hostile, format!("{text}\nunknown_key: 1\n")).expect("break");

    let error = plan_with(root, Mode::Staged, None, 2).expect_err("the specs are broken").to_string();
    assert!(error.contains("specs/tencent/iai/2018-03-01/CreateFace.yaml:"), "{error}");
    assert!(error.contains("tests/hostile/specs/hostile/vendor.yaml:"), "both targets' problems are reported: {error}");
    assert!(!root.join("generated").exists(), "nothing staged is left behind");
    assert!(!root.join("tests/hostile/generated").exists());
    assert!(temporary_files(root).is_empty());
}

#[test]
fn check_only_plan_names_changes_but_cannot_write_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    let check = plan_with(root, Mode::CheckOnly, None, 2).unwrap_or_else(|e| panic!("{e}"));
    assert!(!check.is_clean() && check.files.is_empty());
    assert!(check.describe_changes().contains("missing: generated/src/lib.rs"));
    assert!(check.apply().is_err(), "a check-only plan has nothing to write with");
    assert!(!root.join("generated").exists(), "checking wrote nothing");
    assert!(temporary_files(root).is_empty());
}

/// Files without the header in the generated crates are left alone but named: `gen` notes
/// them, and `gen --check` fails on them (a file in a generated module folder is never
/// compiled, since the generated `mod.rs` does not declare it). A file the generator would
/// write again because it was deleted is named as missing.
#[test]
fn files_the_generator_did_not_write_are_named_and_fail_the_check() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    fresh_plan(root).apply().expect("write");
    let strays = [
        "generated/docs/stray.md",
        "generated/src/.hidden.rs",
        "generated/src/stray_top.rs",
        "generated/src/tencent/iai/notes.txt",
        "generated/src/tencent/iai/v20180301/stray.rs",
        "tests/hostile/generated/src/stray.rs",
    ];
    for stray in strays {
        std::fs::write(root.join(stray), "pub fn hand_written() {}\n").expect("write a stray file");
    }
    let strays: Vec<PathBuf> = strays.iter().map(PathBuf::from).collect();
    // An editor's swap, lock and backup files of an open generated file are no one's strays.
    for editor in [".create_face.rs.swp", "#create_face.rs#", "create_face.rs~"] {
        std::fs::write(root.join("generated/src/tencent/iai/v20180301").join(editor), "x").expect("write");
    }

    for mode in [Mode::CheckOnly, Mode::Staged] {
        let plan = plan_with(root, mode, None, 2).unwrap_or_else(|e| panic!("{e}"));
        assert!(plan.is_clean(), "nothing to write: {}", plan.describe_changes());
        assert_eq!(plan.foreign, strays);
        let note = plan.foreign_note().expect("a note");
        assert!(note.starts_with("not written by the generator, left alone"), "{note}");
        assert!(strays.iter().all(|stray| note.contains(&format!("\n  {}", stray.display()))), "{note}");
        assert_eq!(plan.check_outcome(), Err(vec![note]));
        plan.apply().expect("apply");
    }
    assert!(strays.iter().all(|stray| root.join(stray).exists()), "left alone");

    let deleted = PathBuf::from("generated/src/tencent/iai/v20180301/create_face.rs");
    std::fs::remove_file(root.join(&deleted)).expect("delete");
    let plan = plan_with(root, Mode::CheckOnly, None, 2).unwrap_or_else(|e| panic!("{e}"));
    let report = plan.check_outcome().expect_err("stale");
    assert_eq!(report.len(), 2, "{report:?}");
    assert_eq!(
        report[0],
        format!("generated files are stale; run `cargo xtask gen`:\n  missing: {}", deleted.display())
    );

    for stray in &strays {
        std::fs::remove_file(root.join(stray)).expect("remove");
    }
    fresh_plan(root).apply().expect("repair");
    let plan = plan_with(root, Mode::CheckOnly, None, 2).unwrap_or_else(|e| panic!("{e}"));
    assert!(plan.foreign.is_empty());
    let summary = plan.check_outcome().expect("up to date");
    assert!(summary.starts_with("up to date ("), "{summary}");
}

/// The broken facts as `gen` names them, `file: fact`.
fn facts(breaks: &[ApiBreak]) -> Vec<String> {
    breaks.iter().map(ToString::to_string).collect()
}

/// Applies the plan of the specs under `root`, then edits `file` of the specs (`from` becomes
/// `to`, once) and returns the plan of the edited specs.
fn plan_after_edit(root: &Path, file: &str, from: &str, to: &str) -> Plan {
    fresh_plan(root).apply().expect("write");
    edit_spec(root, file, from, to);
    fresh_plan(root)
}

#[test]
fn changes_that_break_downstream_code_are_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    let iai = "tencent/iai/2018-03-01/CreateFace.yaml";
    let manifest = "generated/api/tencent-iai-2018-03-01.txt: tencent::iai::v20180301";

    // A renamed wire name changes its field's fact.
    let renamed = plan_after_edit(root, iai, "name: QualityControl", "name: QualityCtrl");
    assert_eq!(
        facts(&renamed.api_breaks),
        [format!("{manifest}::CreateFaceRequest.quality_control: Option<u64> is wire QualityControl")]
    );
    // Its field has another Rust name now: the one field of its struct and type that is new.
    assert_eq!(
        renamed.api_breaks[0].now,
        ["tencent::iai::v20180301::CreateFaceRequest.quality_ctrl: Option<u64> is wire QualityCtrl"]
    );
    let note = renamed.api_note().expect("a note");
    assert!(note.starts_with("breaking: 1 API fact(s) changed or went away"), "{note}");
    assert!(renamed.check_outcome().expect_err("stale").contains(&note));

    // An error code removed (here: misspelt) takes its variant.
    renamed.apply().expect("write");
    let removed = plan_after_edit(
        root,
        iai,
        "  - code: FailedOperation.ImageDecodeFailed\n",
        "  - code: FailedOperation.ImageDecodeFailedX\n",
    );
    assert_eq!(
        facts(&removed.api_breaks),
        [format!(
            "{manifest}::CreateFaceErrorCode::FailedOperationImageDecodeFailed is code FailedOperation.ImageDecodeFailed"
        )]
    );

    // Limits and prose are no part of the API.
    let limits = plan_after_edit(root, iai, "max_items: 4", "max_items: 3");
    assert!(!limits.is_clean() && limits.api_breaks.is_empty(), "{:?}", limits.api_breaks);

    // A raw body's media type is how the request travels, as a wire name is.
    let azure = "azure/face/v1.0/PersonGroupPersonAddFace.yaml";
    let media = plan_after_edit(root, azure, "content_type: application/octet-stream", "content_type: image/jpeg");
    let fact = "generated/api/azure-face-v1.0.txt: azure::face::v1_0::PersonGroupPersonAddFaceRequest.image: \
                Option<Vec<u8>> is the whole body as";
    assert_eq!(facts(&media.api_breaks), [format!("{fact} application/octet-stream")]);
    assert_eq!(media.api_breaks[0].now, [format!("{fact} image/jpeg").split_once(": ").expect("file").1]);

    // A service removed takes every fact of its manifest.
    fresh_plan(root).apply().expect("write");
    std::fs::remove_dir_all(root.join("specs/tencent/iai")).expect("remove a service");
    let gone = fresh_plan(root);
    assert!(gone.api_breaks.len() > 80, "{}", gone.api_breaks.len());
    let gone = facts(&gone.api_breaks);
    assert!(gone.iter().all(|fact| fact.starts_with("generated/api/tencent-iai-2018-03-01.txt: ")));
    assert!(gone.iter().any(|fact| fact.ends_with("feature tencent-iai enables tencent::iai::v20180301")));
}

#[test]
fn changes_that_break_code_using_the_runtime_are_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    cloudbind_tests::copy_dir(&workspace_root().join("runtime/src"), &root.join("runtime/src"));
    fresh_plan(root).apply().expect("write");
    let manifest = "runtime/api/cloudbind-runtime.txt";
    assert!(std::fs::read_to_string(root.join(manifest))
        .expect("written")
        .contains("\nCredentials::token is fn(&self) -> Option<&str>\n"));

    let edit = |file: &str, from: &str, to: &str| {
        let path = root.join("runtime/src").join(file);
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.contains(from), "{file} does not contain {from:?}");
        std::fs::write(&path, text.replacen(from, to, 1)).expect("write");
    };
    // A renamed method, a field's changed type, a parameter renamed (no break: callers do not
    // name parameters), and a new method (no break).
    edit("sign.rs", "pub fn token(&self)", "pub fn session_token(&self)");
    edit("error.rs", "pub http_status: u16,", "pub http_status: u32,");
    edit("request.rs", "pub fn is_region_name(region: &str)", "pub fn is_region_name(name: &str)");
    edit(
        "retry.rs",
        "impl RetryPolicy {",
        "impl RetryPolicy {\n    /// New.\n    pub fn jitter(&self) -> bool { false }",
    );
    let plan = fresh_plan(root);
    assert_eq!(plan.changed, [PathBuf::from(manifest)]);
    let breaks: Vec<(String, Vec<String>)> = plan.api_breaks.iter().map(|b| (b.to_string(), b.now.clone())).collect();
    assert_eq!(
        breaks,
        [
            // Renamed: the same claim of the same owner.
            (
                format!("{manifest}: Credentials::token is fn(&self) -> Option<&str>"),
                vec!["Credentials::session_token is fn(&self) -> Option<&str>".to_owned()]
            ),
            (format!("{manifest}: ServiceError.http_status: u16"), vec!["ServiceError.http_status: u32".to_owned()]),
        ]
    );
    assert!(plan.api_note().expect("a note").contains("a semver-major change of the crate whose manifest lists them"));
}

/// Applies the plan of the hostile specs under `root`, then edits `file` below them.
fn plan_after_hostile_edit(root: &Path, file: &str, from: &str, to: &str) -> Plan {
    fresh_plan(root).apply().expect("write");
    edit_spec(&root.join("tests/hostile"), &format!("hostile/{file}"), from, to);
    fresh_plan(root)
}

#[test]
fn an_action_link_follows_a_heading_numbered_for_an_earlier_one_of_the_same_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    // The second action's heading repeats the first action's `### Request parameters`.
    let plan = plan_after_hostile_edit(
        root,
        "as/2020-01-01/Models.yaml",
        "action: Models\n",
        "action: Models\ntitle: Request parameters\n",
    );
    let page = PathBuf::from("tests/hostile/generated/docs/hostile-as-2020-01-01.md");
    let docs = plan.files.iter().find(|file| file.path == page).expect("the service's page");
    assert!(docs.contents.contains("\n- [Request parameters](#request-parameters-1): "), "{}", docs.contents);
    assert!(docs.contents.contains("\n- [Mod](#mod): "), "{}", docs.contents);
}

#[test]
fn type_changes_the_hostile_names_hide_are_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    let at =
        |service: &str| format!("tests/hostile/generated/api/hostile-{service}-2020-01-01.txt: hostile::{service}");

    // The model named `String` replaced by text: the type's name is the same, the type is not.
    let text = plan_after_hostile_edit(
        root,
        "names/2020-01-01/Type.yaml",
        "type: String\n    summary: A keyword wire name",
        "type: string\n    summary: A keyword wire name",
    );
    let names = at("names");
    assert_eq!(
        facts(&text.api_breaks),
        [format!("{names}::v20200101::TypeRequest.r#async: Option<super::String> is wire async")]
    );
    // The note says what it became.
    assert_eq!(
        text.api_breaks[0].now,
        ["hostile::names::v20200101::TypeRequest.r#async: Option<String> is wire async"]
    );

    // A response that is a list, of lists now: the response type is an alias without fields.
    let lists = plan_after_hostile_edit(
        root,
        "rest/2020-01-01/ListThings.yaml",
        "response_body: list<Thing>",
        "response_body: list<list<Thing>>",
    );
    assert_eq!(facts(&lists.api_breaks), [format!("{}::v20200101::ListThingsResponse = Vec<Thing>", at("rest"))]);
    assert_eq!(lists.api_breaks[0].now, ["hostile::rest::v20200101::ListThingsResponse = Vec<Vec<Thing>>"]);
    let note = lists.api_note().expect("a note");
    assert!(
        note.ends_with(
            "ListThingsResponse = Vec<Thing>\n    now: hostile::rest::v20200101::ListThingsResponse = Vec<Vec<Thing>>"
        ),
        "{note}"
    );
}

#[test]
fn breaking_facts_between_two_folders_of_manifests_span_any_number_of_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    fresh_plan(root).apply().expect("write");
    let release = root.join("release-api");
    cloudbind_tests::copy_dir(&root.join("generated/api"), &release);

    // Two runs of `gen` after the release: each reports its own change only, the comparison
    // with the release both.
    let iai = "tencent/iai/2018-03-01/CreateFace.yaml";
    let first = plan_after_edit(root, iai, "name: QualityControl", "name: QualityCtrl");
    assert_eq!(first.api_breaks.len(), 1, "{:?}", first.api_breaks);
    first.apply().expect("write");
    let ivld = "tencent/ivld/2021-09-03/CreateCustomPerson.yaml";
    let second =
        plan_after_edit(root, ivld, "  - code: AuthFailure.UserNotFound\n", "  - code: AuthFailure.UserNotFoundX\n");
    let ivld_only = facts(&second.api_breaks).iter().all(|fact| fact.contains("tencent-ivld"));
    assert!(ivld_only && second.api_breaks.len() == 1, "{:?}", second.api_breaks);
    second.apply().expect("write");
    std::fs::remove_file(root.join("generated/api/azure.txt")).expect("a manifest gone");

    let gone = facts(&cloudbind_gen::breaks::between(&release, &root.join("generated/api")).expect("compare"));
    let files: std::collections::BTreeSet<&str> =
        gone.iter().map(|fact| fact.split_once(": ").expect("file: fact").0).collect();
    assert_eq!(Vec::from_iter(files), ["azure.txt", "tencent-iai-2018-03-01.txt", "tencent-ivld-2021-09-03.txt"]);
    assert!(gone.contains(
        &"tencent-iai-2018-03-01.txt: tencent::iai::v20180301::CreateFaceRequest.quality_control: Option<u64> is wire QualityControl"
            .to_owned()
    ));
    assert!(gone.contains(&"azure.txt: feature azure enables azure".to_owned()), "{gone:?}");
    // A folder that is not there is an error, not every fact gone; a folder without
    // manifests (the crate's, not its `api/`) is an error, not nothing gone.
    assert!(cloudbind_gen::breaks::between(&release, &root.join("no-such-folder")).is_err());
    let crate_folder = cloudbind_gen::breaks::between(&root.join("generated"), &release);
    assert!(crate_folder.expect_err("no manifests").to_string().contains("no API manifests"));
    // A manifest the newer folder has but cannot be read is an error naming it, not every
    // fact gone (as for one that is not there).
    let unreadable = root.join("unreadable-api");
    cloudbind_tests::copy_dir(&release, &unreadable);
    std::fs::remove_file(unreadable.join("azure.txt")).expect("remove");
    std::fs::create_dir(unreadable.join("azure.txt")).expect("a folder in its place");
    let error = cloudbind_gen::breaks::between(&release, &unreadable).expect_err("a folder is no manifest");
    assert!(error.to_string().starts_with(&unreadable.join("azure.txt").display().to_string()), "{error}");
    // Compared with itself, nothing went away.
    let same = cloudbind_gen::breaks::between(&release, &release).expect("compare");
    assert!(same.is_empty() && cloudbind_gen::breaks::note(&same).is_none());
}

/// A writer handing each line to a function as soon as it is complete, so a test can act on
/// what a run prints while it runs.
struct Lines<F: FnMut(String)> {
    partial: Vec<u8>,
    line: F,
}

impl<F: FnMut(String)> Lines<F> {
    fn new(line: F) -> Self {
        Lines { partial: Vec::new(), line }
    }
}

impl<F: FnMut(String)> std::io::Write for Lines<F> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.partial.extend_from_slice(buf);
        while let Some(end) = self.partial.iter().position(|b| *b == b'\n') {
            let line: Vec<u8> = self.partial.drain(..=end).collect();
            (self.line)(String::from_utf8_lossy(&line[..end]).into_owned());
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The last line [`gen_on_thread`] sends, once the run has returned.
const FINISHED: &str = "(the run returned)";

/// Runs `gen` (or `gen --check`) on the tree below `root` on a thread; the receiver gets each
/// line it prints to stderr, then [`FINISHED`]; the handle gives its success and stdout.
fn gen_on_thread(
    root: &Path,
    check: bool,
) -> (std::thread::JoinHandle<(bool, String)>, std::sync::mpsc::Receiver<String>) {
    let (sender, receiver) = std::sync::mpsc::channel();
    let root = root.to_path_buf();
    let run = std::thread::spawn(move || {
        let lines = sender.clone();
        let (mut out, mut err) = (Vec::new(), Lines::new(move |line| drop(lines.send(line))));
        let options = cloudbind_gen::run::Options { check, jobs: 2 };
        let ok = cloudbind_gen::run::generate(&root, options, || None, &mut out, &mut err);
        let _ = sender.send(FINISHED.to_owned());
        (ok, String::from_utf8(out).expect("UTF-8"))
    });
    (run, receiver)
}

/// Starts `gen` (or `gen --check`) on a thread while `held` is held, checks that the first
/// line it prints is that it waits for the lock, runs `meanwhile`, releases `held`, and returns
/// what the run returned and the rest of what it prints.
fn run_while_held<T>(
    root: &Path,
    held: T,
    check: bool,
    meanwhile: impl FnOnce(),
) -> ((bool, String), std::sync::mpsc::Receiver<String>) {
    let (run, stderr) = gen_on_thread(root, check);
    let name = if check { "gen --check" } else { "gen" };
    let lock_file = root.join(cloudbind_gen::run::LOCK_FILE);
    let waiting = format!("{name}: waiting for another `cargo xtask gen` or `new` (lock {})", lock_file.display());
    assert_eq!(stderr.recv().expect("a line"), waiting);
    meanwhile();
    drop(held);
    (run.join().expect("no panic"), stderr)
}

/// Two runs at once could write over each other's files, and `--check` could see a tree half
/// written: a run takes the tree's lock (exclusive for `gen`, shared for `--check`) and waits,
/// saying so, while another holds it. No timing: the run's first line must be the wait, and a
/// spec edited while it waits must be in what it writes once the lock is released.
#[test]
fn a_run_waits_while_another_holds_the_tree_s_lock() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    let lock = |access: Access| {
        cloudbind_gen::run::lock(root, access, |_| panic!("no other run holds the lock")).expect("lock")
    };
    let spec = "tencent/iai/2018-03-01/CreateFace.yaml";

    // `gen` waits for a run holding the lock exclusively (another `gen`).
    let edit = || edit_spec(root, spec, "summary: Adds", "summary: Now adds");
    let ((ok, stdout), stderr) = run_while_held(root, lock(Access::Exclusive), false, edit);
    assert!(ok && stdout.starts_with("gen: "), "{stdout}");
    let written = std::fs::read_to_string(root.join("generated/src/tencent/iai/v20180301/create_face.rs"));
    assert!(written.expect("written").contains("Now adds"), "planned before the lock was released");
    assert_eq!(stderr.recv().expect("a line"), FINISHED, "nothing else printed");

    // `--check` waits for `gen`, and `gen` for `--check`s; two `--check` runs do not wait.
    let edit = || edit_spec(root, spec, "summary: Now adds", "summary: Adds");
    let ((ok, _), stderr) = run_while_held(root, lock(Access::Exclusive), true, edit);
    assert!(!ok, "the check ran after the edit");
    assert!(stderr.recv().expect("a line").contains("generated files are stale"));
    let ((ok, _), _) = run_while_held(root, (lock(Access::Shared), lock(Access::Shared)), false, || {});
    assert!(ok);
    let held = lock(Access::Shared);
    let (run, stderr) = gen_on_thread(root, true);
    assert_eq!(stderr.recv().expect("a line"), FINISHED, "a check does not wait for a check");
    assert!(run.join().expect("no panic").0, "the tree is up to date");
    drop(held);
    // The lock file is not output: neither stale nor someone's file in the generated crate.
    assert!(root.join(cloudbind_gen::run::LOCK_FILE).is_file());
    assert!(fresh_plan(root).is_clean() && fresh_plan(root).foreign.is_empty());
}

/// A symbolic link planted where the lock file goes would have a run create or change the
/// file it leads to: `gen`, `gen --check` and `new` refuse it, naming it, as they refuse a
/// folder there, and nothing is created, changed or written.
#[cfg(unix)]
#[test]
fn a_lock_file_that_is_not_a_file_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("tree");
    copy_specs(&root);
    let lock_file = root.join(cloudbind_gen::run::LOCK_FILE);
    let (missing, existing) = (dir.path().join("missing"), dir.path().join("existing"));
    std::fs::write(&existing, "someone's\n").expect("a file outside the tree");
    let refused = |what: &str| {
        format!(
            "{}: is {what}, not the lock file `cargo xtask` keeps there; move it away (a run creates the lock file)",
            lock_file.display()
        )
    };
    let link = refused("a symbolic link, which the lock would create or change the target of");
    for (target, why) in [(Some(&missing), &link), (Some(&existing), &link), (None, &refused("a folder"))] {
        match target {
            Some(target) => std::os::unix::fs::symlink(target, &lock_file).expect("link"),
            None => std::fs::create_dir(&lock_file).expect("folder"),
        }
        for check in [false, true] {
            let (mut out, mut err) = (Vec::new(), Vec::new());
            let options = cloudbind_gen::run::Options { check, jobs: 2 };
            assert!(!cloudbind_gen::run::generate(&root, options, || None, &mut out, &mut err));
            let name = if check { "gen --check" } else { "gen" };
            let err = String::from_utf8(err).expect("UTF-8");
            assert_eq!(err, format!("{name}: the lock could not be taken: {why}\n"));
        }
        let new = NewAction::parse("tencent/iai/2018-03-01/DeleteSample").expect("an action");
        let refusal = cloudbind_gen::run::new_action(&root, &new, &mut Vec::new()).expect_err("refused");
        assert_eq!(refusal.to_string(), *why);
        assert!(!missing.exists(), "a link's target was created");
        assert_eq!(std::fs::read_to_string(&existing).expect("still there"), "someone's\n");
        assert!(!root.join("generated").exists(), "written without the lock");
        assert!(!root.join("specs/tencent/iai/2018-03-01/DeleteSample.yaml").exists());
        let _ = std::fs::remove_file(&lock_file).or_else(|_| std::fs::remove_dir(&lock_file));
    }
}

/// `new` writes into `specs/`, which `gen` reads: it takes the tree's lock as `gen` does,
/// waiting while any run holds it, a `--check` too, and writes only once it has it.
#[test]
fn new_waits_while_a_run_holds_the_tree_s_lock() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    let held = cloudbind_gen::run::lock(root, Access::Shared, |_| panic!("no other run holds the lock")).expect("lock");
    let (sender, receiver) = std::sync::mpsc::channel();
    let thread_root = root.to_path_buf();
    let run = std::thread::spawn(move || {
        let lines = sender.clone();
        let mut err = Lines::new(move |line| drop(lines.send(line)));
        let new = NewAction::parse("tencent/iai/2018-03-01/DeleteSample").expect("an action");
        let written = cloudbind_gen::run::new_action(&thread_root, &new, &mut err).map(|written| written.files);
        let _ = sender.send(FINISHED.to_owned());
        written.map_err(|error| error.to_string())
    });
    let lock_file = root.join(cloudbind_gen::run::LOCK_FILE);
    let waiting = format!("new: waiting for another `cargo xtask gen` or `new` (lock {})", lock_file.display());
    assert_eq!(receiver.recv().expect("a line"), waiting);
    let spec = Path::new("specs/tencent/iai/2018-03-01/DeleteSample.yaml");
    assert!(!root.join(spec).exists(), "written while another run held the lock");
    drop(held);
    assert_eq!(receiver.recv().expect("a line"), FINISHED, "nothing else printed");
    assert_eq!(run.join().expect("no panic"), Ok(vec![spec.to_path_buf()]));
    assert!(root.join(spec).is_file());
}

/// The note naming what a change breaks is printed before anything is written, so a write
/// that fails does not keep it from the maintainer.
#[test]
fn what_a_change_breaks_is_named_before_the_tree_is_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    let manifest = root.join("generated/api/tencent-iai-2018-03-01.txt");
    let plan =
        plan_after_edit(root, "tencent/iai/2018-03-01/CreateFace.yaml", "name: QualityControl", "name: QualityCtrl");
    drop(plan);
    let old_fact = "is wire QualityControl";
    assert!(std::fs::read_to_string(&manifest).expect("manifest").contains(old_fact));

    // For each line printed, whether the manifest still held the old fact at that moment.
    let mut printed: Vec<(String, bool)> = Vec::new();
    let mut err = Lines::new(|line| {
        let old = std::fs::read_to_string(&manifest).expect("manifest").contains(old_fact);
        printed.push((line, old));
    });
    let options = cloudbind_gen::run::Options { check: false, jobs: 2 };
    assert!(cloudbind_gen::run::generate(root, options, || None, &mut Vec::new(), &mut err));
    drop(err);
    let note = printed.iter().find(|(line, _)| line.starts_with("gen: breaking: 1 API fact(s)"));
    assert_eq!(note.map(|(_, old)| *old), Some(true), "the note came once the manifest was written: {printed:?}");
    assert!(!std::fs::read_to_string(&manifest).expect("manifest").contains(old_fact));
}

/// Writes a stale generated file (with the header) at `path` below `root`, making its folder.
fn write_stale(root: &Path, path: &str) {
    let path = root.join(path);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, format!("// {MARKER} from nothing.\npub struct Old;\n")).expect("write stale");
}

/// Sets up a tree where `gen` has a file to change and two stale files to remove, the second
/// in a folder of its own; returns the plan and the changed file's path.
fn plan_with_two_stale_files(root: &Path) -> (Plan, PathBuf) {
    copy_specs(root);
    fresh_plan(root).apply().expect("write");
    write_stale(root, "generated/src/alibaba/old.rs");
    write_stale(root, "generated/src/zzz/old.rs");
    edit_spec(root, "tencent/iai/2018-03-01/CreateFace.yaml", "summary: Adds", "summary: Now adds");
    let plan = plan_with(root, Mode::Staged, None, 2).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plan.stale, [PathBuf::from("generated/src/alibaba/old.rs"), PathBuf::from("generated/src/zzz/old.rs")]);
    (plan, root.join("generated/src/tencent/iai/v20180301/create_face.rs"))
}

/// What `apply` must leave when it cannot remove `generated/src/zzz/old.rs`: an error naming
/// it, and the tree as it was (the other stale file too), then nothing staged once the plan
/// is dropped.
fn expect_untouched(root: &Path, plan: Plan, changed: &Path) {
    let error = plan.apply().expect_err("a stale file cannot be removed").to_string();
    assert!(error.contains("generated/src/zzz/old.rs"), "{error}");
    assert!(root.join("generated/src/alibaba/old.rs").is_file(), "the other stale file is back in place");
    let text = std::fs::read_to_string(changed).expect("read");
    assert!(!text.contains("Now adds"), "nothing was written");
    drop(plan);
    assert!(temporary_files(root).is_empty(), "{:?}", temporary_files(root));
}

/// A stale file `gen` cannot remove is found before anything is written, so a failed run
/// leaves the tree as it was rather than half written. Here something replaced the stale file
/// with a folder after the plan was made.
#[test]
fn a_stale_path_that_cannot_be_removed_stops_apply_before_anything_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let (plan, changed) = plan_with_two_stale_files(root);
    std::fs::remove_file(root.join("generated/src/zzz/old.rs")).expect("remove");
    std::fs::create_dir_all(root.join("generated/src/zzz/old.rs/inside")).expect("a folder in its place");
    expect_untouched(root, plan, &changed);

    std::fs::remove_dir_all(root.join("generated/src/zzz")).expect("remove the folder");
    fresh_plan(root).apply().expect("the next run repairs the tree");
    assert!(fresh_plan(root).is_clean() && !root.join("generated/src/alibaba/old.rs").exists());
}

/// As above, with a stale file in a folder that refuses removals: read-only, or, for a user
/// whom permissions do not stop (root), immutable (`chattr +i`). Where neither can be set up
/// (root without the right to set file attributes), the test prints why and checks nothing
/// more; a passing test's output is hidden, so such a run looks like a pass, but the test above
/// takes the same path on every machine.
#[cfg(unix)]
#[test]
fn a_stale_file_in_a_folder_that_refuses_removal_stops_apply_before_anything_changes() {
    use std::os::unix::fs::PermissionsExt as _;
    use std::process::Command;

    /// Undoes what made the folder refuse removals, even when the test fails.
    struct Unlock(PathBuf);
    impl Drop for Unlock {
        fn drop(&mut self) {
            let _ = Command::new("chattr").arg("-i").arg(&self.0).status();
            let _ = std::fs::set_permissions(&self.0, std::fs::Permissions::from_mode(0o755));
        }
    }

    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let (plan, changed) = plan_with_two_stale_files(root);
    let folder = root.join("generated/src/zzz");
    let unlock = Unlock(folder.clone());
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o555)).expect("chmod");
    let refuses = |folder: &Path| {
        let probe = folder.join("probe");
        let refused = std::fs::write(&probe, "").is_err();
        let _ = std::fs::remove_file(probe);
        refused
    };
    if !refuses(&folder) {
        let immutable = Command::new("chattr").arg("+i").arg(&folder).status().is_ok_and(|s| s.success());
        if !immutable || !refuses(&folder) {
            eprintln!("skipped: this user can neither make a folder read-only nor immutable");
            return;
        }
    }
    expect_untouched(root, plan, &changed);
    drop(unlock);
    fresh_plan(root).apply().expect("the next run repairs the tree");
    assert!(fresh_plan(root).is_clean() && !folder.exists());
}

/// A stale file is moved to its temporary sibling before it is removed, so a file of
/// someone's with that name stops the run, as it does beside a rendered file.
#[test]
fn a_file_of_someone_s_where_a_stale_file_is_moved_aside_stops_the_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    fresh_plan(root).apply().expect("write");
    write_stale(root, "generated/src/old.rs");
    let theirs = root.join("generated/src/.old.rs.gen-tmp");
    std::fs::write(&theirs, "my notes\n").expect("write");
    for mode in [Mode::Staged, Mode::InMemory] {
        let error = plan_with(root, mode, None, 2).expect_err("refused").to_string();
        assert!(error.contains("generated/src/.old.rs.gen-tmp: exists without the generator's header"), "{error}");
    }
    assert_eq!(std::fs::read_to_string(&theirs).expect("kept"), "my notes\n");
    assert!(root.join("generated/src/old.rs").is_file());
}

/// A run killed between removing a stale file and its folder leaves the folder empty; the
/// next run removes empty folders in the trees it writes, but never one holding a file, its
/// own output folders, or a folder it writes into.
#[test]
fn empty_folders_in_the_output_trees_are_removed() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    fresh_plan(root).apply().expect("write");
    let empty = ["generated/src/tencent/gone/v20200101", "generated/docs/old", "tests/hostile/generated/src/x"];
    for folder in empty {
        std::fs::create_dir_all(root.join(folder)).expect("mkdir");
    }
    let kept = root.join("generated/src/tencent/notes/v1");
    std::fs::create_dir_all(&kept).expect("mkdir");
    std::fs::write(kept.join("todo.txt"), "mine\n").expect("write");
    std::fs::create_dir_all(root.join("specs/empty")).expect("an empty folder outside the output trees");
    // Its folder is left empty once it is removed.
    write_stale(root, "generated/src/zzz/old.rs");

    let check = plan_with(root, Mode::CheckOnly, None, 2).unwrap_or_else(|e| panic!("{e}"));
    // Deepest first, the order they are removed in.
    let expected = [
        "tests/hostile/generated/src/x",
        "generated/src/tencent/gone/v20200101",
        "generated/src/tencent/gone",
        "generated/docs/old",
    ];
    assert_eq!(check.empty_dirs, expected.map(PathBuf::from).to_vec());
    // `gen --check` names the folders that are empty now (the stale file's folder is emptied
    // only by removing the file), without failing for them.
    assert!(
        check.summary(Stage::Planned).ends_with("1 to remove, 4 empty folders to remove"),
        "{}",
        check.summary(Stage::Planned)
    );
    // The summary counts the folders removed, as it counts the files.
    for (mode, removed) in
        [(Mode::Staged, "1 removed, 5 empty folders removed"), (Mode::InMemory, "0 removed, 1 empty folder removed")]
    {
        let plan = plan_with(root, mode, None, 2).unwrap_or_else(|e| panic!("{e}"));
        plan.apply().expect("apply");
        assert!(plan.summary(Stage::Applied).ends_with(removed), "{}", plan.summary(Stage::Applied));
        for folder in empty {
            assert!(!root.join(folder).exists(), "{folder}");
        }
        assert!(root.join("generated/src/tencent").is_dir() && kept.join("todo.txt").is_file());
        assert!(root.join("specs/empty").is_dir());
        std::fs::create_dir_all(root.join("generated/docs/old")).expect("again");
    }
    // An empty output folder stays, and so does one a rendered file goes into.
    std::fs::remove_dir_all(root.join("tests/hostile/generated")).expect("remove");
    std::fs::create_dir_all(root.join("tests/hostile/generated/src/hostile")).expect("mkdir");
    std::fs::create_dir_all(root.join("generated/api/empty")).expect("mkdir");
    let check = plan_with(root, Mode::CheckOnly, None, 2).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(check.empty_dirs, ["generated/docs/old", "generated/api/empty"].map(PathBuf::from).to_vec());
}

/// Cargo's tag, as it writes it in every target folder.
const CACHEDIR_TAG: &str =
    "Signature: 8a477f597d28d172789f06886806bc55\n# This file is a cache directory tag created by cargo.\n";

/// Checks that planning in either mode refuses `folder` below `root` as a build folder, with
/// nothing written or removed.
fn expect_build_folder_refused(root: &Path, folder: &str) {
    let before: Vec<_> = files_below(root).into_iter().map(|path| (std::fs::read(&path).ok(), path)).collect();
    let refused = format!("{folder}: holds cargo's CACHEDIR.TAG, so it is a build folder (CARGO_TARGET_DIR names it)");
    for mode in [Mode::CheckOnly, Mode::Staged] {
        match plan_with(root, mode, None, 2) {
            Err(error @ cloudbind_gen::output::Error::BuildFolder(_)) => {
                assert!(error.to_string().starts_with(&refused), "{error}")
            }
            other => panic!("expected {folder} refused, got {:?}", other.map(|plan| plan.build_dirs.clone())),
        }
    }
    let after: Vec<_> = files_below(root).into_iter().map(|path| (std::fs::read(&path).ok(), path)).collect();
    assert!(before == after, "nothing written or removed");
}

/// A relative `CARGO_TARGET_DIR` can put cargo's build folder inside a generated crate
/// (`cd generated && CARGO_TARGET_DIR=target cargo xtask gen`). Its thousands of files are
/// no one's strays, its empty folders are cargo's, and a copy of a generated file in it (as
/// `cargo package` makes) is not stale: a folder marked with cargo's `CACHEDIR.TAG` is left
/// alone, and named.
#[test]
fn a_build_folder_inside_a_generated_crate_is_left_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    fresh_plan(root).apply().expect("write");
    let build = root.join("generated/target");
    std::fs::create_dir_all(build.join("debug/examples")).expect("an empty folder of cargo's");
    std::fs::create_dir_all(build.join("debug/.fingerprint/x")).expect("mkdir");
    std::fs::write(build.join("CACHEDIR.TAG"), CACHEDIR_TAG).expect("write");
    std::fs::write(build.join("debug/.fingerprint/x/lib-x"), "0123").expect("write");
    write_stale(root, "generated/target/package/cloudbind-0.1.0/src/lib.rs");

    for mode in [Mode::CheckOnly, Mode::Staged] {
        let plan = plan_with(root, mode, None, 2).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(plan.build_dirs, [PathBuf::from("generated/target")]);
        assert!(plan.foreign.is_empty() && plan.empty_dirs.is_empty(), "{:?} {:?}", plan.foreign, plan.empty_dirs);
        assert!(plan.is_clean(), "{}", plan.describe_changes());
        assert!(plan.check_outcome().is_ok());
        let note = plan.build_dirs_note().expect("a note");
        assert!(note.contains("generated/target") && note.contains("CACHEDIR.TAG"), "{note}");
        plan.apply().expect("apply");
    }
    assert!(build.join("debug/examples").is_dir());
    assert!(build.join("package/cloudbind-0.1.0/src/lib.rs").is_file());

    // `CARGO_TARGET_DIR=generated` makes the crate's own folder a build folder: refused, since
    // cargo's files there would be strays (its tag) or stale (a packaged copy of a generated
    // file), with nothing written.
    std::fs::write(root.join("generated/CACHEDIR.TAG"), CACHEDIR_TAG).expect("write");
    write_stale(root, "generated/package/cloudbind-0.1.0/src/lib.rs");
    edit_spec(root, "tencent/iai/2018-03-01/CreateFace.yaml", "summary: Adds", "summary: Now adds");
    expect_build_folder_refused(root, "generated");
    std::fs::remove_file(root.join("generated/CACHEDIR.TAG")).expect("remove the tag");

    // Without cargo's signature, the tag marks nothing.
    std::fs::write(build.join("CACHEDIR.TAG"), "a note of mine\n").expect("write");
    let plan = plan_with(root, Mode::CheckOnly, None, 2).unwrap_or_else(|e| panic!("{e}"));
    assert!(plan.build_dirs.is_empty() && plan.foreign.contains(&PathBuf::from("generated/target/CACHEDIR.TAG")));
}

/// A build folder that rendered files go into (`CARGO_TARGET_DIR=generated/src`) cannot be
/// left alone as one beside the output is: `gen` would write into it while never looking for
/// stale files there. Refused as a generated crate's own folder is, at any depth, with nothing
/// written.
#[test]
fn a_build_folder_that_rendered_files_go_into_stops_the_run() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    fresh_plan(root).apply().expect("write");
    write_stale(root, "generated/src/tencent/iai/v20180301/old.rs");
    edit_spec(root, "tencent/iai/2018-03-01/CreateFace.yaml", "summary: Adds", "summary: Now adds");
    for folder in ["generated/src", "generated/src/tencent/iai/v20180301", "tests/hostile/generated/src"] {
        let tag = root.join(folder).join("CACHEDIR.TAG");
        std::fs::write(&tag, CACHEDIR_TAG).expect("write");
        expect_build_folder_refused(root, folder);
        std::fs::remove_file(tag).expect("remove the tag");
    }
    // Beside the output, a build folder is still only named.
    std::fs::create_dir_all(root.join("generated/src/target")).expect("mkdir");
    std::fs::write(root.join("generated/src/target/CACHEDIR.TAG"), CACHEDIR_TAG).expect("write");
    let plan = plan_with(root, Mode::CheckOnly, None, 2).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(plan.build_dirs, [PathBuf::from("generated/src/target")]);
    assert_eq!(plan.stale, [PathBuf::from("generated/src/tencent/iai/v20180301/old.rs")]);
}

// generator/src/output.rs
/// A run counts each rendered file once: as one to write (missing or changed) or as unchanged.
#[test]
fn the_summary_counts_as_unchanged_only_files_on_disk_as_rendered() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    fresh_plan(root).apply().expect("write");
    std::fs::remove_file(root.join("generated/docs/azure-face-v1.0.md")).expect("delete");
    edit_spec(root, "tencent/iai/2018-03-01/CreateFace.yaml", "summary: Adds", "summary: Now adds");
    let plan = fresh_plan(root);
    assert!(!plan.added.is_empty() && !plan.changed.is_empty(), "{}", plan.describe_changes());
    let as_rendered = |file: &&cloudbind_gen::render::OutputFile| {
        std::fs::read_to_string(root.join(&file.path)).is_ok_and(|text| text == file.contents)
    };
    let unchanged = plan.files.iter().filter(as_rendered).count();
    assert_eq!(plan.unchanged(), unchanged);
    let summary = plan.summary(Stage::Planned);
    assert!(summary.contains(&format!(" to write, {unchanged} unchanged, ")), "{summary}");
}

/// A stale file whose name sorts before its temporary sibling's (`-old.rs` before
/// `.-old.rs.gen-tmp`) is moved aside onto that sibling, stale too, which is then moved aside
/// in turn: both go, and the run succeeds.
#[test]
fn a_stale_file_moved_aside_onto_its_stale_temporary_sibling_goes_with_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    fresh_plan(root).apply().expect("write");
    let stale = ["generated/src/-old.rs", "generated/src/.-old.rs.gen-tmp"];
    for path in stale {
        write_stale(root, path);
    }
    let plan = fresh_plan(root);
    assert_eq!(plan.stale, stale.map(PathBuf::from));
    plan.apply().expect("apply");
    assert!(stale.iter().all(|path| !root.join(path).exists()));
    assert!(temporary_files(root).is_empty() && fresh_plan(root).is_clean());
}

/// A stale file gone by the time the plan is applied (removed by hand, say) leaves nothing to
/// remove: the run goes on and writes what it has to.
#[test]
fn a_stale_file_gone_before_apply_is_no_obstacle() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let (plan, changed) = plan_with_two_stale_files(root);
    std::fs::remove_file(root.join("generated/src/zzz/old.rs")).expect("remove");
    plan.apply().expect("apply");
    assert!(std::fs::read_to_string(changed).expect("read").contains("Now adds"));
    assert!(!root.join("generated/src/alibaba/old.rs").exists());
}

/// Only a stale file found missing is taken as gone: one that cannot be looked at (here its
/// folder became a file after the plan was made; for a user without search permission, a
/// folder that refuses it) stops apply as one that cannot be moved does.
#[test]
fn a_stale_file_that_cannot_be_looked_at_stops_apply_before_anything_changes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let (plan, changed) = plan_with_two_stale_files(root);
    std::fs::remove_dir_all(root.join("generated/src/zzz")).expect("remove the folder");
    std::fs::write(root.join("generated/src/zzz"), "a file of mine\n").expect("a file in its place");
    expect_untouched(root, plan, &changed);
}

/// Someone's file where a rendered file would be staged stops only a run that stages there:
/// beside a file that is up to date, or in `--check`, it is only named, and left as it is.
#[test]
fn someone_s_file_where_nothing_is_staged_is_only_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    fresh_plan(root).apply().expect("write");
    let theirs = PathBuf::from("generated/docs/.alibaba-mts-2014-06-18.md.gen-tmp");
    std::fs::write(root.join(&theirs), "mine\n").expect("write");
    for mode in [Mode::Staged, Mode::CheckOnly] {
        let plan = plan_with(root, mode, None, 2).unwrap_or_else(|e| panic!("{e}"));
        assert!(plan.is_clean(), "{}", plan.describe_changes());
        assert_eq!(plan.foreign, std::slice::from_ref(&theirs));
        assert_eq!(temporary_files(root), [root.join(&theirs)], "nothing staged");
        plan.apply().expect("apply");
    }
    edit_spec(root, "alibaba/mts/2014-06-18/RegisterCustomFace.yaml", "summary: Registers", "summary: Newly registers");
    let check = plan_with(root, Mode::CheckOnly, None, 2).unwrap_or_else(|e| panic!("{e}"));
    assert!(check.changed.contains(&PathBuf::from("generated/docs/alibaba-mts-2014-06-18.md")));
    assert_eq!(std::fs::read_to_string(root.join(&theirs)).expect("kept"), "mine\n");
}
