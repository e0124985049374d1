//! `cargo xtask new`: each protocol's skeleton, and those of a new vendor's and a new
//! service's files, fail `gen` with exactly their placeholders, each at its place, and pass
//! once they are filled with plausible facts (so their shape is a valid spec's); a new
//! version's service file is copied from the newest, its facts kept and its prose made
//! placeholders (or refused where the copy cannot tell them apart); no file that was there changes; an
//! a new version with another `--protocol` gets that protocol's skeleton; an existing
//! spec, a new service without `--protocol`, an action with another protocol than its
//! existing version's, a folder name `gen` would refuse and a `service.yaml` that does not load are
//! refused, and nothing is written.

use std::path::{Path, PathBuf};

use cloudbind_gen::output::Error;
use cloudbind_gen::pipeline::plan;
use cloudbind_gen::scaffold::{self, NewAction, PLACEHOLDER};
use cloudbind_gen::spec::Protocol;
use cloudbind_tests::{copy_specs, edit_spec, files_below};

fn new_action(text: &str) -> NewAction {
    NewAction::parse(text).unwrap_or_else(|e| panic!("{e}"))
}

/// A plausible fact for the placeholder at `path` of a skeleton of a `protocol` service.
fn plausible(path: &str, protocol: Protocol) -> &'static str {
    use Protocol::{AlibabaRpc, AzureRest, TencentApi3};
    match (path, protocol) {
        ("http.method", _) => "POST",
        ("http.path", _) => "/samples",
        ("request[0].name", _) => "SampleId",
        ("response[0].name", _) => "SampleCount",
        ("request[0].type" | "response[0].type", _) => "string",
        ("errors[0].code", _) => "FailedOperation.SampleMissing",
        // Azure's example request is the JSON body, and the sample parameter is in the query.
        ("examples[0].request", AzureRest) => "{}",
        ("examples[0].request", _) => r#"{"SampleId": "s-1"}"#,
        ("examples[0].response.body", TencentApi3) => r#"{"Response": {"SampleCount": "1", "RequestId": "r-1"}}"#,
        ("examples[0].response.body", AlibabaRpc) => r#"{"SampleCount": "1", "RequestId": "r-1"}"#,
        ("examples[0].response.body", _) => r#"{"SampleCount": "1"}"#,
        // `vendor.yaml`'s and `service.yaml`'s.
        ("name", _) => "Sample Cloud",
        ("endpoint", TencentApi3) => "sample.tencentcloudapi.com",
        ("endpoint", AlibabaRpc) => "sample.{region}.aliyuncs.com",
        ("endpoint", AzureRest) => "https://sample.example.com/sample/v1.0",
        ("region", AzureRest) => "none",
        ("region", _) => "required",
        _ => "Prose in our own words.",
    }
}

/// The files below `root` with their bytes.
fn contents(root: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    files_below(root)
        .into_iter()
        .map(|path| {
            let bytes = std::fs::read(&path).expect("read");
            (path, bytes)
        })
        .collect()
}

/// Scaffolds `DeleteSample` into a copy of the specs' `folder` (with `protocol` as
/// `--protocol`), checks that it wrote `expected` (below `specs/`) and changed no other file,
/// and that `gen` fails with one diagnostic per placeholder, at it (snapshotted with each
/// file written, the action's as `<name>_skeleton`, a service's as `<name>_service`, a
/// vendor's as `<name>_vendor`); then fills each placeholder where its diagnostic points and
/// checks that `gen` passes. Returns what `write` said.
fn scaffold_fails_until_filled(
    folder: &str,
    protocol: Option<Protocol>,
    name: &str,
    expected: &[&str],
) -> scaffold::Written {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    let before = contents(root);
    let new = NewAction { protocol, ..new_action(&format!("{folder}/DeleteSample")) };
    let written = scaffold::write(root, &new).expect("written");
    let file = Path::new("specs").join(folder).join("DeleteSample.yaml");
    let expected: Vec<PathBuf> = expected.iter().map(|path| Path::new("specs").join(path)).collect();
    assert_eq!(written.files, expected);
    assert_eq!(written.files.last(), Some(&file), "the action's spec comes last");
    let after = contents(root);
    let mut added: Vec<_> =
        after.iter().filter(|entry| !before.contains(entry)).map(|(path, _)| path.clone()).collect();
    let mut expected: Vec<PathBuf> = expected.iter().map(|path| root.join(path)).collect();
    added.sort();
    expected.sort();
    assert_eq!(added, expected, "the files written and nothing else");
    assert!(before.iter().all(|entry| after.contains(entry)), "no file that was there changed");

    let mut placeholders = 0;
    let mut lines = std::collections::BTreeMap::new();
    for path in &written.files {
        let text = std::fs::read_to_string(root.join(path)).expect("read skeleton");
        assert!(text.ends_with('\n') && !text.ends_with("\n\n"), "the end of {}: {text:?}", path.display());
        let kind = match path.file_name().and_then(|n| n.to_str()) {
            Some("vendor.yaml") => "vendor",
            Some("service.yaml") => "service",
            _ => "skeleton",
        };
        // insta ignores a missing last line break; a text file must not.
        insta::assert_snapshot!(format!("{name}_{kind}"), text);
        let values = text.lines().filter(|line| !line.trim_start().starts_with('#'));
        placeholders += values.map(|line| line.matches(PLACEHOLDER).count()).sum::<usize>();
        lines.insert(path.clone(), text.lines().map(str::to_owned).collect::<Vec<String>>());
    }
    let text = std::fs::read_to_string(root.join(&file)).expect("read skeleton");
    assert!(text.ends_with("  <fill in>\n"), "the skeleton's end: {text:?}");

    let diagnostics = match cloudbind_tests::failed_gen(root) {
        Error::Specs(diagnostics) => diagnostics,
        other => panic!("expected spec diagnostics, got {other}"),
    };
    assert_eq!(diagnostics.len(), placeholders, "{diagnostics}");
    insta::assert_snapshot!(name, diagnostics.to_string());

    let service = std::fs::read_to_string(root.join(&file).with_file_name("service.yaml")).expect("service file");
    let protocol = service.lines().find_map(|line| line.strip_prefix("protocol: ")).and_then(Protocol::from_name);
    let protocol = protocol.expect("the service's protocol");
    // Filled from the last to the first, so each position still holds when its turn comes.
    for d in diagnostics.errors.iter().rev() {
        assert!(d.message.contains(PLACEHOLDER), "{d}");
        // Prose is ours; a name, wire name, type, code or example is the page's, never reworded.
        let prose = ["summary", "description", "notes", "title"].iter().any(|key| d.path.ends_with(key));
        assert_eq!(d.hint.as_deref().unwrap_or_default().contains("own words"), prose, "{d}");
        let lines = lines.get_mut(&d.file).unwrap_or_else(|| panic!("{d} is in no file written"));
        let line = &mut lines[d.line - 1];
        let start = line.char_indices().nth(d.column - 1).map(|(i, _)| i).expect("column in the line");
        assert!(line[start..].starts_with(PLACEHOLDER), "{d} points elsewhere: {line}");
        line.replace_range(start..start + PLACEHOLDER.len(), plausible(&d.path, protocol));
    }
    for (path, lines) in &lines {
        std::fs::write(root.join(path), lines.join("\n") + "\n").expect("write filled skeleton");
    }
    plan(root).unwrap_or_else(|e| panic!("the filled skeletons:\n{lines:#?}\n{e}"));
    written
}

/// [`scaffold_fails_until_filled`] for an action of an existing service version.
fn skeleton_fails_until_filled(folder: &str, name: &str) {
    let action = format!("{folder}/DeleteSample.yaml");
    scaffold_fails_until_filled(folder, None, name, &[&action]);
}

#[test]
fn tencent_skeleton_fails_until_filled() {
    skeleton_fails_until_filled("tencent/iai/2018-03-01", "tencent_api3");
}

#[test]
fn alibaba_skeleton_fails_until_filled() {
    skeleton_fails_until_filled("alibaba/mts/2014-06-18", "alibaba_rpc");
}

#[test]
fn azure_skeleton_fails_until_filled() {
    skeleton_fails_until_filled("azure/face/v1.0", "azure_rest");
}

/// What `new` says when it refuses `target` in a copy of the specs, after `prepare`; checks
/// that no file was added or changed.
fn refusal(target: &str, protocol: Option<Protocol>, prepare: impl FnOnce(&Path)) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    prepare(root);
    let before: Vec<_> = files_below(root).into_iter().map(|path| (std::fs::read(&path).ok(), path)).collect();
    let result = scaffold::write(root, &NewAction { protocol, ..new_action(target) });
    let after: Vec<_> = files_below(root).into_iter().map(|path| (std::fs::read(&path).ok(), path)).collect();
    assert!(before == after, "a refusal must leave the files as they were");
    match result {
        Err(scaffold::Error::Refused(why)) => why,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn an_existing_spec_is_refused_and_left_untouched() {
    assert_eq!(
        refusal("tencent/iai/2018-03-01/CreateFace", None, |_| {}),
        "`specs/tencent/iai/2018-03-01/CreateFace.yaml` already exists, and `new` never overwrites a spec: edit \
         it, or choose another name"
    );
}

// The refusals below scaffold `DeleteSample`, a name no spec will take: the README's example,
// `DeleteFace`, is what a maintainer trying `new` writes into `specs/`, and its file would be
// refused as existing before the service file is looked at.
#[test]
fn a_new_service_without_a_protocol_is_refused() {
    let missing = |service: &str| {
        format!(
            "`specs/{service}/service.yaml` does not exist, nor does any other version of `{}`: give the protocol \
             its pages describe, `--protocol tencent-api3|alibaba-rpc|azure-rest`, and `new` writes the service \
             file's skeleton too",
            service.rsplit_once('/').map_or("", |(service, _)| service)
        )
    };
    assert_eq!(refusal("tencent/sample/2020-01-01/DeleteSample", None, |_| {}), missing("tencent/sample/2020-01-01"));
    assert_eq!(refusal("acme/sample/v1/DeleteSample", None, |_| {}), missing("acme/sample/v1"));
    let removed = |root: &Path| {
        std::fs::remove_file(root.join("specs/azure/face/v1.0/service.yaml")).expect("remove service file");
    };
    assert_eq!(refusal("azure/face/v1.0/DeleteSample", None, removed), missing("azure/face/v1.0"));
    // A service or vendor a letter from one that exists is most likely that one, mistyped.
    for (typo, near) in
        [("tencent/iaa", "did you mean `tencent/iai`?"), ("tencnet/iai", "did you mean vendor `tencent`?")]
    {
        let refused = refusal(&format!("{typo}/2018-03-01/DeleteSample"), None, |_| {});
        let expected = missing(&format!("{typo}/2018-03-01")).replacen("`: give", &format!("` ({near}): give"), 1);
        assert_eq!(refused, expected);
    }
}

#[test]
fn a_protocol_other_than_the_service_s_is_refused() {
    assert_eq!(
        refusal("tencent/iai/2018-03-01/DeleteSample", Some(Protocol::AzureRest), |_| {}),
        "`--protocol azure-rest` differs from `protocol: tencent-api3` of `specs/tencent/iai/2018-03-01/service.yaml`: \
         an action speaks its service version's protocol; leave the flag out, or add the action to a new version \
         of the service, which may speak another"
    );
}

#[test]
fn a_new_version_with_another_protocol_gets_that_protocol_s_skeleton() {
    // A vendor moving a service to another protocol with a new version: nothing of the older
    // version's file is copied, since its endpoint and errors are the other protocol's.
    let files = ["tencent/iai/2020-03-03/service.yaml", "tencent/iai/2020-03-03/DeleteSample.yaml"];
    let written = scaffold_fails_until_filled(
        "tencent/iai/2020-03-03",
        Some(Protocol::AzureRest),
        "new_version_azure_rest",
        &files,
    );
    assert_eq!(written.copied_from, None);
    let older = PathBuf::from("specs/tencent/iai/2018-03-01/service.yaml");
    assert_eq!(written.protocol_changed, Some((older, Protocol::TencentApi3)));
}

#[test]
fn a_new_folder_gen_would_refuse_as_a_name_is_refused() {
    let name = |name: &str, key: &str| {
        format!(
            "`{name}` is not a {key} name: the folder and `{key}:` are lowercase ASCII letters and digits, starting \
             with a letter"
        )
    };
    let azure = Some(Protocol::AzureRest);
    assert_eq!(refusal("Acme/vision/v1/DeleteSample", azure, |_| {}), name("Acme", "vendor"));
    assert_eq!(refusal("acme/vision-api/v1/DeleteSample", azure, |_| {}), name("vision-api", "service"));
}

/// A folder `create_dir_all` fails to make after making those above it (its name is longer
/// than Linux allows): the vendor file already written and every folder made are removed.
#[test]
fn a_folder_that_cannot_be_made_part_way_leaves_nothing_behind() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    // A version's form (`v1.1.…`), too long for a folder name.
    let version = format!("v{}", ["1"; 150].join("."));
    let new =
        NewAction { protocol: Some(Protocol::AzureRest), ..new_action(&format!("acme/sample/{version}/DeleteSample")) };
    match scaffold::write(root, &new) {
        Err(scaffold::Error::Io(error)) => assert!(error.to_string().contains(&version), "{error}"),
        other => panic!("expected the folder to fail, got {other:?}"),
    }
    assert!(!root.join("specs/acme").exists(), "specs/acme was left behind");
}

#[test]
fn a_new_vendor_and_service_fail_until_filled() {
    let new = ["acme/vendor.yaml", "acme/sample/2024-01-01/service.yaml", "acme/sample/2024-01-01/DeleteSample.yaml"];
    let cases = [
        (Protocol::TencentApi3, "new_tencent_api3"),
        (Protocol::AlibabaRpc, "new_alibaba_rpc"),
        (Protocol::AzureRest, "new_azure_rest"),
    ];
    for (protocol, name) in cases {
        let written = scaffold_fails_until_filled("acme/sample/2024-01-01", Some(protocol), name, &new);
        assert_eq!(written.copied_from, None);
    }
}

#[test]
fn a_new_version_copies_the_newest_version_s_service_file() {
    let files = ["tencent/iai/2020-03-03/service.yaml", "tencent/iai/2020-03-03/DeleteSample.yaml"];
    // `--protocol` may name the service's own.
    let written =
        scaffold_fails_until_filled("tencent/iai/2020-03-03", Some(Protocol::TencentApi3), "new_version", &files);
    assert_eq!(written.copied_from, Some(PathBuf::from("specs/tencent/iai/2018-03-01/service.yaml")));
}

#[test]
fn an_existing_vendor_file_is_left_as_it_is() {
    // A new service of a known vendor: its vendor.yaml is neither written nor changed (the
    // helper checks that every file that was there is as it was).
    let files = ["azure/sample/v2.0/service.yaml", "azure/sample/v2.0/DeleteSample.yaml"];
    let written = scaffold_fails_until_filled("azure/sample/v2.0", Some(Protocol::AzureRest), "new_service", &files);
    assert_eq!(written.copied_from, None);
    // Not even a vendor.yaml that does not load is replaced.
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    std::fs::write(root.join("specs/azure/vendor.yaml"), "").expect("empty vendor file");
    let before = contents(root);
    let new = NewAction { protocol: Some(Protocol::AzureRest), ..new_action("azure/sample/v2.0/DeleteSample") };
    scaffold::write(root, &new).expect("written");
    assert!(before.iter().all(|entry| contents(root).contains(entry)), "a file that was there changed");
}

#[test]
fn a_service_file_that_does_not_load_is_refused_with_its_problem() {
    let broken = |root: &Path| edit_spec(root, "tencent/iai/2018-03-01/service.yaml", "tencent-api3", "tencent-api");
    let why = refusal("tencent/iai/2018-03-01/DeleteSample", None, broken);
    assert!(
        why.starts_with(
            "`specs/tencent/iai/2018-03-01/service.yaml` does not load, so the action's protocol is unknown; fix it \
             first:\nspecs/tencent/iai/2018-03-01/service.yaml:"
        ),
        "{why}"
    );
}

#[test]
fn a_new_version_s_service_file_keeps_the_facts_and_asks_for_its_prose_anew() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    // Common errors, whose codes are facts and whose summaries and notes are prose, in the
    // layouts a maintainer writes: a folded plain value, a block, a blank line inside it.
    let common =
        "common_errors:\n  - code: ResourceUnavailable.Old\n    summary: Written for\n      2018-03-01 only.\n    \
                  retry: transient\n    notes: |\n      Seen in 2018-03-01.\n\n      Still there.\n  - summary: Listed \
                  first in 2018-03-01.\n    code: LimitExceeded.Old\n    http_status: 429\n\nnotes: |\n";
    edit_spec(root, "tencent/iai/2018-03-01/service.yaml", "notes: |\n", common);
    let new = new_action("tencent/iai/2020-03-03/DeleteSample");
    let written = scaffold::write(root, &new).expect("written");
    let copy = std::fs::read_to_string(root.join(&written.files[0])).expect("the copy");
    let values: Vec<&str> = copy.lines().filter(|line| !line.trim_start().starts_with('#')).collect();
    assert!(!values.iter().any(|line| line.contains("2018-03-01") || line.contains("Still")), "{copy}");
    for fact in [
        "name: Face Recognition (IAI)",
        "endpoint: iai.tencentcloudapi.com",
        "  - code: ResourceUnavailable.Old",
        "    retry: transient",
        "    code: LimitExceeded.Old",
        "    http_status: 429",
    ] {
        assert!(values.contains(&fact), "{fact:?} is kept:\n{copy}");
    }
    let diagnostics = match plan(root) {
        Err(Error::Specs(diagnostics)) => diagnostics,
        other => panic!("expected spec diagnostics, got {other:?}"),
    };
    let service: Vec<&str> = diagnostics
        .errors
        .iter()
        .filter(|d| d.file == written.files[0])
        .inspect(|d| {
            assert!(d.message.contains(PLACEHOLDER) && d.hint.as_deref().unwrap_or("").contains("own words"), "{d}")
        })
        .map(|d| d.path.as_str())
        .collect();
    assert_eq!(
        service,
        ["summary", "common_errors[0].summary", "common_errors[0].notes", "common_errors[1].summary", "notes"],
        "{diagnostics}"
    );
}

#[test]
fn a_service_file_whose_prose_the_copy_cannot_replace_is_refused() {
    // Prose in a flow map is not on a line of its own, so the copy would keep it.
    let flow = |root: &Path| {
        let common = "common_errors: [{code: LimitExceeded.Old, summary: Written for 2018-03-01.}]\nnotes: |\n";
        edit_spec(root, "tencent/iai/2018-03-01/service.yaml", "notes: |\n", common);
    };
    assert_eq!(
        refusal("tencent/iai/2020-03-03/DeleteSample", None, flow),
        "`specs/tencent/iai/2018-03-01/service.yaml` could not be copied as the new version's \
         `specs/tencent/iai/2020-03-03/service.yaml`: write that file by hand (specs/README.md's `service.yaml` \
         section), then run `new` again"
    );
}
