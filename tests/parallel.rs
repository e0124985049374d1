//! Rendering on worker threads: the plan, the cache and the reported problems are what a run
//! on one thread makes, whatever the number of threads.

use std::path::Path;

use cloudbind_gen::cache::Cache;
use cloudbind_gen::output::{Error, Mode, Plan};
use cloudbind_gen::pipeline::{plan_target, plan_with, Stats};
use cloudbind_gen::render::Target;
use cloudbind_tests::{files_below, workspace_root};

/// The synthetic corpus's target inside a scratch folder.
const SYNTH: Target<'static> =
    Target { specs: "specs", out: "out", crate_name: "cloudbind-synth", standalone_runtime: None };

/// A synthetic corpus of `actions` actions (forty per service, over three vendors).
fn corpus(actions: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (path, text) in cloudbind_gen::synth::corpus(actions, 7) {
        let full = dir.path().join("specs").join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("create folder");
        std::fs::write(full, text).expect("write spec");
    }
    dir
}

fn synth_plan(root: &Path, mode: Mode, cache: Option<&mut Cache>, jobs: usize) -> (Result<Plan, Error>, Stats) {
    let mut stats = Stats::default();
    (plan_target(root, &SYNTH, mode, cache, jobs, &mut stats), stats)
}

fn assert_same_plan(one: &Plan, many: &Plan) {
    assert_eq!(one.files, many.files, "same files with the same contents");
    assert_eq!(one.rendered, many.rendered);
    assert_eq!((&one.added, &one.changed, &one.stale), (&many.added, &many.changed, &many.stale));
}

#[test]
fn the_seed_specs_render_the_same_on_any_number_of_threads() {
    let root = workspace_root();
    let one = plan_with(&root, Mode::InMemory, None, 1).unwrap_or_else(|e| panic!("{e}"));
    assert!(one.is_clean(), "the committed crate is current:\n{}", one.describe_changes());
    for jobs in [2, 8] {
        let many = plan_with(&root, Mode::InMemory, None, jobs).unwrap_or_else(|e| panic!("{e}"));
        assert_same_plan(&one, &many);
    }
}

/// Five services over three vendors, on two threads: more services than the pool holds in
/// flight, so the checking thread also waits for the workers.
#[test]
fn a_synthetic_tree_renders_the_same_on_any_number_of_threads() {
    let tree = corpus(200);
    let (one, one_stats) = synth_plan(tree.path(), Mode::InMemory, None, 1);
    let one = one.unwrap_or_else(|e| panic!("{e}"));
    let (many, many_stats) = synth_plan(tree.path(), Mode::InMemory, None, 2);
    let many = many.unwrap_or_else(|e| panic!("{e}"));
    assert_same_plan(&one, &many);
    assert_eq!((one_stats.actions, many_stats.actions), (200, 200), "every action is rendered once");
    // Five service folders of 43 files (40 actions, version module, models, reference page).
    let service_files = one.rendered.iter().filter(|p| p.components().count() == 6 || p.starts_with("out/docs"));
    assert_eq!(service_files.count(), 5 * 43);
}

/// What a run on threads caches is what a run on one thread reuses, and the other way round.
#[test]
fn the_cache_does_not_depend_on_the_number_of_threads() {
    let tree = corpus(120);
    let root = tree.path();
    let cache_file = root.join("gen.cache");
    for (first, second) in [(2, 1), (1, 3)] {
        let _ = std::fs::remove_dir_all(root.join(SYNTH.out));
        let _ = std::fs::remove_file(&cache_file);
        let mut cache = Cache::open(cache_file.clone(), b"generator");
        let (plan, stats) = synth_plan(root, Mode::Staged, Some(&mut cache), first);
        plan.unwrap_or_else(|e| panic!("{e}")).apply().expect("apply");
        cache.save().expect("save");
        assert_eq!((stats.actions, stats.reused), (120, 0));

        let mut cache = Cache::open(cache_file.clone(), b"generator");
        let (plan, stats) = synth_plan(root, Mode::InMemory, Some(&mut cache), second);
        let plan = plan.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!((stats.actions, stats.reused), (0, 120), "{first} thread(s) cached, {second} reused");
        let (full, _) = synth_plan(root, Mode::InMemory, None, 1);
        assert_same_plan(&full.unwrap_or_else(|e| panic!("{e}")), &plan);
        assert!(plan.is_clean());
    }
}

/// A broken spec in the last service: the four before it are already handed to the workers
/// (and staged) when the problem is found. The report is the one-thread run's, and nothing is
/// left behind.
#[test]
fn problems_are_reported_alike_and_leave_nothing_behind() {
    let tree = corpus(200);
    let root = tree.path();
    let last_service = files_below(&root.join("specs"))
        .into_iter()
        .filter(|p| p.file_name().is_some_and(|n| n == "service.yaml"))
        .max()
        .expect("a service");
    let action = files_below(last_service.parent().expect("folder"))
        .into_iter()
        .find(|p| p.file_name().is_some_and(|n| n != "service.yaml"))
        .expect("an action");
    let text = std::fs::read_to_string(&action).expect("read");
    std::fs::write(&action, format!("{text}\nunknown_key: 1\n")).expect("break");

    let report = |jobs| {
        let (plan, _) = synth_plan(root, Mode::Staged, None, jobs);
        let error = plan.expect_err("the spec is broken").to_string();
        assert!(!root.join(SYNTH.out).exists(), "nothing staged is left behind ({jobs} threads)");
        error
    };
    let one = report(1);
    assert!(one.contains("unknown_key"), "{one}");
    assert_eq!(report(2), one);
    assert_eq!(report(4), one);
}

/// A folder of the output that cannot be read fails the run the same way on any number of
/// threads, without a hang or a panic, and removes what was staged.
#[test]
fn a_write_failure_fails_the_run_alike() {
    let tree = corpus(200);
    let root = tree.path();
    // A file where the second vendor's module folder belongs: staging its files fails.
    std::fs::create_dir_all(root.join("out/src")).expect("create");
    std::fs::write(root.join("out/src/beta"), "not a folder").expect("write");
    let fail = |jobs| {
        let (plan, _) = synth_plan(root, Mode::Staged, None, jobs);
        let error = plan.expect_err("beta's folder is a file");
        assert!(matches!(error, Error::Io(_)), "{error}");
        let left: Vec<_> =
            files_below(&root.join("out")).into_iter().filter(|p| !p.ends_with("out/src/beta")).collect();
        assert!(left.is_empty(), "staged files are removed ({jobs} threads): {left:?}");
        error.to_string()
    };
    let one = fail(1);
    assert_eq!(fail(2), one);
}
