//! Incremental runs: a service folder whose specs, vendor file, outputs and generator are
//! unchanged since the cache was saved is not rendered again, and a run with the cache
//! always plans exactly what a full run plans.

use std::path::{Path, PathBuf};

use cloudbind_gen::cache::Cache;
use cloudbind_gen::check::{Folder, Visitor};
use cloudbind_gen::diag::Diagnostic;
use cloudbind_gen::load::{Kind, Loaded, SpecDir, SpecFiles};
use cloudbind_gen::output::{Mode, Plan, Stage};
use cloudbind_gen::pipeline::{plan, plan_with};
use cloudbind_gen::render::{BINDINGS, TARGETS};
use cloudbind_tests::{copy_specs, files_below};

/// Service folders below every target's spec folder: one `service.yaml` each.
fn service_folders(root: &Path) -> usize {
    let files = TARGETS.iter().flat_map(|target| files_below(&root.join(target.specs)));
    files.filter(|path| path.file_name().is_some_and(|name| name == "service.yaml")).count()
}

const GENERATOR: &[u8] = b"this generator";

/// A tree with the specs copied and generated once, with the cache that run saved.
fn generated_tree() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_specs(dir.path());
    let mut cache = open_cache(dir.path(), GENERATOR);
    let first = plan_with(dir.path(), Mode::Staged, Some(&mut cache), 2).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(first.reused, 0, "an empty cache reuses nothing");
    first.apply().expect("write");
    cache.save().expect("save the cache");
    dir
}

fn open_cache(root: &Path, generator: &[u8]) -> Cache {
    Cache::open(root.join("target/gen.cache"), generator)
}

/// Plans with the saved cache, keeping contents, and checks the plan is the one a full run
/// makes: same files, same contents, same changes.
fn cached_plan(root: &Path, generator: &[u8]) -> (Plan, Cache) {
    let mut cache = open_cache(root, generator);
    let cached = plan_with(root, Mode::InMemory, Some(&mut cache), 2).unwrap_or_else(|e| panic!("{e}"));
    let full = plan(root).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(cached.files, full.files, "the cached run's files are the full run's");
    assert_eq!(cached.rendered, full.rendered);
    assert_eq!((&cached.added, &cached.changed, &cached.stale), (&full.added, &full.changed, &full.stale));
    assert_eq!(cached.foreign, full.foreign);
    assert_eq!(cached.api_breaks, full.api_breaks);
    (cached, cache)
}

/// How many of the plan's files a service folder renders (and `matches`): each action's
/// file, the version module, models, the reference page and the API manifest
/// (`api/<vendor>-<service>-<version>.txt`). The crate's manifest, `lib.rs`, the vendor and
/// service modules and the vendor's API manifest (`api/<vendor>.txt`) are crate-level files,
/// rendered on every run.
fn service_files(plan: &Plan, matches: impl Fn(&str) -> bool) -> usize {
    let is_service_file = |path: &Path| {
        // `src/<vendor>/<service>/<version>/<file>`: five components from `src` on.
        let from_src = path.components().skip_while(|c| c.as_os_str() != "src").count();
        let service_manifest = path.extension().is_some_and(|e| e == "txt")
            && path.file_stem().is_some_and(|stem| stem.to_string_lossy().contains('-'));
        let in_crate = TARGETS.iter().any(|target| path.starts_with(target.out));
        in_crate && (path.extension().is_some_and(|e| e == "md") || from_src == 5 || service_manifest)
    };
    plan.rendered.iter().filter(|p| is_service_file(p) && matches(&p.to_string_lossy())).count()
}

fn any(_: &str) -> bool {
    true
}

#[test]
fn an_unchanged_tree_is_not_rendered_again() {
    let tree = generated_tree();
    let (second, cache) = cached_plan(tree.path(), GENERATOR);
    assert!(second.is_clean(), "{}", second.describe_changes());
    assert!(second.reused > 0);
    assert_eq!(second.reused, service_files(&second, any), "every service folder's files come from the cache");
    assert_eq!(cache.recorded(), service_folders(tree.path()), "one entry per service folder");
    assert!(second.summary(Stage::Planned).contains(&format!("({} of them not rendered again", second.reused)));
}

#[test]
fn an_edited_spec_renders_its_folder_again() {
    let tree = generated_tree();
    let root = tree.path();
    let spec = root.join("specs/tencent/iai/2018-03-01/CreateFace.yaml");
    let text = std::fs::read_to_string(&spec).expect("read");
    let edited = text.replacen("max: 100", "max: 101", 1);
    assert_ne!(edited, text, "the edit changes a limit, not the length of the file");
    std::fs::write(&spec, edited).expect("edit");

    let (plan, _) = cached_plan(root, GENERATOR);
    let action = PathBuf::from("generated/src/tencent/iai/v20180301/create_face.rs");
    assert!(plan.changed.contains(&action), "{}", plan.describe_changes());
    // iai's folder is rendered again (its other files to the same bytes); the rest is reused.
    let iai = service_files(&plan, |p| p.contains("/iai/") || p.contains("-iai-"));
    assert!(iai >= 3, "action, models, version module and page");
    assert_eq!(plan.reused, service_files(&plan, any) - iai);
}

#[test]
fn a_hand_edited_or_deleted_output_is_rendered_again() {
    let tree = generated_tree();
    let root = tree.path();
    let edited = PathBuf::from("generated/src/azure/face/v1_0/person_group_person_add_face.rs");
    let text = std::fs::read_to_string(root.join(&edited)).expect("read");
    std::fs::write(root.join(&edited), text.replacen("pub ", "pub(crate) ", 1)).expect("edit");
    let deleted = PathBuf::from("generated/docs/alibaba-mts-2014-06-18.md");
    std::fs::remove_file(root.join(&deleted)).expect("delete");

    let (plan, _) = cached_plan(root, GENERATOR);
    assert_eq!(plan.changed, vec![edited]);
    assert_eq!(plan.added, vec![deleted]);
    plan.apply().expect("repair");
    let (repaired, _) = cached_plan(root, GENERATOR);
    assert!(repaired.is_clean());
}

#[test]
fn another_generator_reuses_nothing() {
    let tree = generated_tree();
    let (plan, _) = cached_plan(tree.path(), b"a rebuilt generator");
    assert!(plan.is_clean());
    assert_eq!(plan.reused, 0);
}

#[test]
fn an_edited_vendor_file_renders_its_services_again() {
    let tree = generated_tree();
    let root = tree.path();
    let vendor = root.join("specs/tencent/vendor.yaml");
    let text = std::fs::read_to_string(&vendor).expect("read");
    std::fs::write(&vendor, format!("{text}# a comment changes the bytes, not the output\n")).expect("edit");

    let (plan, _) = cached_plan(root, GENERATOR);
    assert!(plan.is_clean(), "{}", plan.describe_changes());
    let tencent = service_files(&plan, |p| p.contains("tencent"));
    assert!(tencent >= 9, "three services");
    assert_eq!(plan.reused, service_files(&plan, any) - tencent);
}

#[test]
fn problems_in_a_cached_tree_are_still_reported() {
    let tree = generated_tree();
    let root = tree.path();
    let spec = root.join("specs/alibaba/mts/2014-06-18/RegisterCustomFace.yaml");
    let text = std::fs::read_to_string(&spec).expect("read");
    std::fs::write(&spec, text.replacen("required: true", "required: maybe", 1)).expect("break");
    let mut cache = open_cache(root, GENERATOR);
    let error = plan_with(root, Mode::InMemory, Some(&mut cache), 2).expect_err("the spec is broken").to_string();
    assert!(error.contains("specs/alibaba/mts/2014-06-18/RegisterCustomFace.yaml:"), "{error}");
}

#[test]
fn a_removed_service_is_forgotten_and_its_files_removed() {
    let tree = generated_tree();
    let root = tree.path();
    let before = service_folders(root);
    // One of Tencent's three: a vendor left without services is refused.
    std::fs::remove_dir_all(root.join("specs/tencent/facefusion")).expect("remove the service");
    let mut cache = open_cache(root, GENERATOR);
    let plan = plan_with(root, Mode::Staged, Some(&mut cache), 1).unwrap_or_else(|e| panic!("{e}"));
    assert!(plan.stale.iter().any(|p| p.ends_with("face_fusion.rs")), "{}", plan.describe_changes());
    plan.apply().expect("apply");
    cache.save().expect("save");
    assert_eq!(open_cache(root, GENERATOR).recorded(), 0, "a reopened cache has recorded nothing yet");
    let (again, cache) = cached_plan(root, GENERATOR);
    assert!(again.is_clean());
    assert_eq!(cache.recorded(), before - 1, "the removed service's entry is gone");
}

#[test]
fn a_cache_never_vouches_for_a_file_outside_the_generated_crate() {
    let tree = generated_tree();
    let root = tree.path();
    // Point one cached output at a spec file, with that file's true hash.
    let cache_file = root.join("target/gen.cache");
    let text = std::fs::read_to_string(&cache_file).expect("read the cache");
    let page = "generated/docs/alibaba-mts-2014-06-18.md";
    let foreign = "specs/alibaba/vendor.yaml";
    let hash = cloudbind_gen::cache::content_hash(&std::fs::read(root.join(foreign)).expect("read"));
    let line = text.lines().find(|l| l.ends_with(page)).expect("the page is cached");
    std::fs::write(&cache_file, text.replace(line, &format!("{hash:032x} {foreign}"))).expect("tamper");
    std::fs::remove_file(root.join(page)).expect("delete the page");

    let (plan, _) = cached_plan(root, GENERATOR);
    assert_eq!(plan.added, vec![PathBuf::from(page)], "the folder is rendered again");
    assert!(!plan.rendered.contains(&PathBuf::from(foreign)));

    // Nor through `..` from inside it.
    let (plan, _) = cached_plan(root, GENERATOR);
    plan.apply().expect("repair");
    let mut cache = open_cache(root, GENERATOR);
    let _ = plan_with(root, Mode::CheckOnly, Some(&mut cache), 1).expect("plan");
    cache.save().expect("save");
    let text = std::fs::read_to_string(&cache_file).expect("read the cache");
    let line = text.lines().find(|l| l.ends_with(page)).expect("the page is cached");
    let sneaky = format!("generated/../{foreign}");
    std::fs::write(&cache_file, text.replace(line, &format!("{hash:032x} {sneaky}"))).expect("tamper");
    std::fs::remove_file(root.join(page)).expect("delete the page");
    let (plan, _) = cached_plan(root, GENERATOR);
    assert_eq!(plan.added, vec![PathBuf::from(page)]);
    assert!(!plan.rendered.contains(&PathBuf::from(sneaky)));
}

/// Counts the reads of each spec file, and serves the second read of a file with other bytes,
/// as if it changed during the run.
struct ChangingUnderfoot {
    dir: SpecDir,
    reads: std::collections::BTreeMap<PathBuf, usize>,
}

impl SpecFiles for ChangingUnderfoot {
    fn paths(&self) -> &[PathBuf] {
        self.dir.paths()
    }

    fn kind(&self, path: &Path) -> Kind {
        self.dir.kind(path)
    }

    fn read(&mut self, path: &Path) -> std::io::Result<Vec<u8>> {
        let reads = self.reads.entry(path.to_path_buf()).or_default();
        *reads += 1;
        let mut bytes = self.dir.read(path)?;
        if *reads > 1 {
            bytes.extend_from_slice(b"\nedited: during the run\n");
        }
        Ok(bytes)
    }

    fn parse(&mut self, path: &Path, bytes: std::io::Result<Vec<u8>>) -> Result<Loaded, Vec<Diagnostic>> {
        self.dir.parse(path, bytes)
    }
}

/// Keys each folder as the cache does, and keeps the keys.
struct Keys {
    cache: Cache,
    keys: Vec<u128>,
}

impl Visitor<std::convert::Infallible> for Keys {
    fn reuse(&mut self, folder: Folder<'_>) -> bool {
        self.keys.push(self.cache.key(&BINDINGS, &folder.files()).expect("every file is read"));
        false
    }

    fn visit(
        &mut self,
        service: cloudbind_gen::ir::Service,
    ) -> Result<cloudbind_gen::ir::Service, std::convert::Infallible> {
        Ok(service)
    }
}

#[test]
fn each_spec_file_is_read_once_and_checked_from_the_bytes_its_key_was_made_of() {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_specs(dir.path());
    let spec_dir = SpecDir::open(dir.path(), Path::new(BINDINGS.specs)).expect("specs");
    let mut files = ChangingUnderfoot { dir: spec_dir, reads: Default::default() };
    let mut keys = Keys { cache: open_cache(dir.path(), GENERATOR), keys: Vec::new() };
    // A second read would see an unknown key and fail the check.
    let ir = cloudbind_gen::check::check_each(&mut files, &mut keys).unwrap_or_else(|_| panic!("the specs check"));
    assert_eq!(files.reads.len(), files.dir.paths().len(), "every spec file is read");
    assert!(files.reads.values().all(|reads| *reads == 1), "each is read once: {:?}", files.reads);
    let services: usize = ir.vendors.iter().map(|vendor| vendor.services.len()).sum();
    assert_eq!(keys.keys.len(), services, "each service folder is keyed");
}

#[test]
fn the_runtime_manifest_is_made_again_only_when_the_runtime_or_the_manifest_changed() {
    let tree = generated_tree();
    let root = tree.path();
    cloudbind_tests::copy_dir(&cloudbind_tests::workspace_root().join("runtime/src"), &root.join("runtime/src"));
    let manifest = PathBuf::from("runtime/api/cloudbind-runtime.txt");
    let run = |expect_reused: bool| {
        let (plan, cache) = cached_plan(root, GENERATOR);
        let reused = plan.reused == service_files(&plan, any) + 1;
        assert_eq!(reused, expect_reused, "reused {} files", plan.reused);
        assert_eq!(cache.recorded(), service_folders(root) + 1, "the service folders and the runtime");
        plan.apply().expect("write");
        cache.save().expect("save the cache");
        plan
    };
    let first = run(false);
    assert_eq!(first.added, std::slice::from_ref(&manifest));
    assert!(run(true).is_clean());

    // A hand-edited manifest is made again.
    let text = std::fs::read_to_string(root.join(&manifest)).expect("read");
    std::fs::write(root.join(&manifest), format!("{text}Extra is struct Extra\n")).expect("edit");
    assert_eq!(run(false).changed, std::slice::from_ref(&manifest));
    assert!(run(true).is_clean());

    // So is the manifest of an edited runtime.
    let sign = root.join("runtime/src/sign.rs");
    let text = std::fs::read_to_string(&sign).expect("read");
    std::fs::write(&sign, format!("{text}\n/// New.\npub fn sign_nothing() {{}}\n")).expect("edit");
    assert_eq!(run(false).changed, std::slice::from_ref(&manifest));
    let written = std::fs::read_to_string(root.join(&manifest)).expect("read");
    assert!(written.contains("\nsign::sign_nothing is fn()\n"), "{written}");
}
