//! `cargo xtask new`: each protocol's skeleton fails `gen` with exactly its placeholders, each
//! at its place, and passes once they are filled with plausible facts (so its shape is a
//! valid spec's); an existing spec, a folder without `service.yaml` and one whose
//! `service.yaml` does not load are refused, and nothing is written.

use std::path::Path;

use cloudbind_gen::output::{plan, Error};
use cloudbind_gen::scaffold::{self, NewAction, PLACEHOLDER};
use cloudbind_tests::{copy_specs, edit_spec, files_below};

fn new_action(text: &str) -> NewAction {
    NewAction::parse(text).unwrap_or_else(|e| panic!("{e}"))
}

/// A plausible fact for the placeholder at `path` of a skeleton of `vendor`'s protocol.
fn plausible(path: &str, vendor: &str) -> &'static str {
    match (path, vendor) {
        ("http.method", _) => "POST",
        ("http.path", _) => "/samples",
        ("request[0].name", _) => "SampleId",
        ("response[0].name", _) => "SampleCount",
        ("request[0].type" | "response[0].type", _) => "string",
        ("errors[0].code", _) => "FailedOperation.SampleMissing",
        // Azure's example request is the JSON body, and the sample parameter is in the query.
        ("examples[0].request", "azure") => "{}",
        ("examples[0].request", _) => r#"{"SampleId": "s-1"}"#,
        ("examples[0].response.body", "tencent") => r#"{"Response": {"SampleCount": "1", "RequestId": "r-1"}}"#,
        ("examples[0].response.body", "alibaba") => r#"{"SampleCount": "1", "RequestId": "r-1"}"#,
        ("examples[0].response.body", _) => r#"{"SampleCount": "1"}"#,
        _ => "Prose in our own words.",
    }
}

/// Scaffolds `DeleteSample` into a copy of the specs' `folder`, checks that `gen` fails with
/// one diagnostic per placeholder, at it (snapshotted with the skeleton as `name`), then
/// fills each placeholder where its diagnostic points and checks that `gen` passes.
fn skeleton_fails_until_filled(folder: &str, name: &str) {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    let before = files_below(root);
    let file = scaffold::write(root, &new_action(&format!("{folder}/DeleteSample"))).expect("written");
    assert_eq!(file, Path::new("specs").join(folder).join("DeleteSample.yaml"));
    let added: Vec<_> = files_below(root).into_iter().filter(|path| !before.contains(path)).collect();
    assert_eq!(added, [root.join(&file)], "the skeleton and nothing else");
    let text = std::fs::read_to_string(root.join(&file)).expect("read skeleton");
    // insta ignores a missing last line break; a text file must not.
    assert!(text.ends_with("  <fill in>\n") && !text.ends_with("\n\n"), "the skeleton's end: {text:?}");
    insta::assert_snapshot!(format!("{name}_skeleton"), text);

    let diagnostics = match plan(root) {
        Err(Error::Specs(diagnostics)) => diagnostics,
        Err(other) => panic!("expected spec diagnostics, got {other}"),
        Ok(_) => panic!("an unfilled skeleton was accepted"),
    };
    assert!(!root.join("generated").exists(), "a failed run must write nothing");
    let placeholders = text.lines().filter(|line| !line.trim_start().starts_with('#'));
    let expected: usize = placeholders.map(|line| line.matches(PLACEHOLDER).count()).sum();
    assert_eq!(diagnostics.len(), expected, "{diagnostics}");
    insta::assert_snapshot!(name, diagnostics.to_string());

    // Filled from the last to the first, so each position still holds when its turn comes.
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    for d in diagnostics.errors.iter().rev() {
        assert_eq!(d.file, file);
        assert!(d.message.contains(PLACEHOLDER), "{d}");
        // Prose is ours; a wire name, type, code or example is the page's, never reworded.
        let prose = ["summary", "description", "notes", "title"].iter().any(|key| d.path.ends_with(key));
        assert_eq!(d.hint.as_deref().unwrap_or_default().contains("own words"), prose, "{d}");
        let line = &mut lines[d.line - 1];
        let start = line.char_indices().nth(d.column - 1).map(|(i, _)| i).expect("column in the line");
        assert!(line[start..].starts_with(PLACEHOLDER), "{d} points elsewhere: {line}");
        let vendor = folder.split('/').next().unwrap_or_default();
        line.replace_range(start..start + PLACEHOLDER.len(), plausible(&d.path, vendor));
    }
    std::fs::write(root.join(&file), lines.join("\n") + "\n").expect("write filled skeleton");
    plan(root).unwrap_or_else(|e| panic!("the filled skeleton:\n{}\n{e}", lines.join("\n")));
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
fn refusal(target: &str, prepare: impl FnOnce(&Path)) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    prepare(root);
    let before: Vec<_> = files_below(root).into_iter().map(|path| (std::fs::read(&path).ok(), path)).collect();
    let result = scaffold::write(root, &new_action(target));
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
        refusal("tencent/iai/2018-03-01/CreateFace", |_| {}),
        "`specs/tencent/iai/2018-03-01/CreateFace.yaml` already exists, and `new` never overwrites a spec: edit \
         it, or choose another name"
    );
}

// The refusals below scaffold `DeleteSample`, a name no spec will take: the README's example,
// `DeleteFace`, is what a maintainer trying `new` writes into `specs/`, and its file would be
// refused as existing before the service file is looked at.
#[test]
fn a_folder_without_a_service_file_is_refused() {
    let missing = "does not exist: an action needs its service version's file first (the `service.yaml` section of \
                   specs/README.md says what it holds)";
    assert_eq!(
        refusal("tencent/iai/2020-01-01/DeleteSample", |_| {}),
        format!("`specs/tencent/iai/2020-01-01/service.yaml` {missing}")
    );
    let removed = |root: &Path| {
        std::fs::remove_file(root.join("specs/azure/face/v1.0/service.yaml")).expect("remove service file");
    };
    assert_eq!(
        refusal("azure/face/v1.0/DeleteSample", removed),
        format!("`specs/azure/face/v1.0/service.yaml` {missing}")
    );
}

#[test]
fn a_service_file_that_does_not_load_is_refused_with_its_problem() {
    let broken = |root: &Path| edit_spec(root, "tencent/iai/2018-03-01/service.yaml", "tencent-api3", "tencent-api");
    let why = refusal("tencent/iai/2018-03-01/DeleteSample", broken);
    assert!(
        why.starts_with(
            "`specs/tencent/iai/2018-03-01/service.yaml` does not load, so the action's protocol is unknown; fix it \
             first:\nspecs/tencent/iai/2018-03-01/service.yaml:"
        ),
        "{why}"
    );
}
