//! Broken specs: each mistake is reported with file:line:column, key path and hint; all files'
//! mistakes come out of one run; and nothing is written.

use std::path::Path;

use cloudbind_gen::diag::Diagnostics;
use cloudbind_gen::ir::ErrorOrigin;
use cloudbind_gen::output::Error;
use cloudbind_gen::pipeline::plan;
use cloudbind_tests::{copy_specs, edit_spec, failed_gen};

/// Action specs the tests edit most.
const AZURE_ADD_FACE: &str = "azure/face/v1.0/PersonGroupPersonAddFace.yaml";
const IAI_CREATE_FACE: &str = "tencent/iai/2018-03-01/CreateFace.yaml";
const MTS_REGISTER_FACE: &str = "alibaba/mts/2014-06-18/RegisterCustomFace.yaml";

/// Copies the real specs, applies `(file, from, to)` edits, and returns the diagnostics.
fn diagnose(edits: &[(&str, &str, &str)]) -> Diagnostics {
    let dir = edited_specs(edits);
    match failed_gen(dir.path()) {
        Error::Specs(diagnostics) => diagnostics,
        other => panic!("expected spec diagnostics, got {other}"),
    }
}

/// Copies the real specs, applies `(file, from, to)` edits, and checks that they still plan.
fn accept(edits: &[(&str, &str, &str)]) {
    let dir = edited_specs(edits);
    plan(dir.path()).unwrap_or_else(|e| panic!("{e}"));
}

/// A scratch tree holding the real specs with `(file, from, to)` edits applied.
fn edited_specs(edits: &[(&str, &str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_specs(dir.path());
    for (file, from, to) in edits {
        edit_spec(dir.path(), file, from, to);
    }
    dir
}

/// Line and column (1-based, in characters) where `needle` first occurs in the real spec
/// `file`, moved on by `chars` characters: the positions of the tests on the real specs follow
/// the specs, so an edit elsewhere in a spec does not break them.
fn spec_position(file: &str, needle: &str, chars: usize) -> (usize, usize) {
    let text = std::fs::read_to_string(cloudbind_tests::workspace_root().join("specs").join(file)).expect("read spec");
    let at = text.find(needle).unwrap_or_else(|| panic!("{file} does not contain {needle:?}"));
    let before = &text[..at];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (before.matches('\n').count() + 1, before[line_start..].chars().count() + 1 + chars)
}

/// Each diagnostic's file, line, column and message.
fn placed(diagnostics: &Diagnostics) -> Vec<(String, usize, usize, &str)> {
    let place = |d: &cloudbind_gen::diag::Diagnostic| d.file.to_string_lossy().into_owned();
    diagnostics.errors.iter().map(|d| (place(d), d.line, d.column, d.message.as_str())).collect()
}

/// Each diagnostic's key path, message and hint.
fn said(diagnostics: &Diagnostics) -> Vec<(&str, &str, Option<&str>)> {
    diagnostics.errors.iter().map(|d| (d.path.as_str(), d.message.as_str(), d.hint.as_deref())).collect()
}

fn only(diagnostics: &Diagnostics) -> &cloudbind_gen::diag::Diagnostic {
    assert_eq!(diagnostics.len(), 1, "{diagnostics}");
    &diagnostics.errors[0]
}

#[test]
fn unknown_key_points_at_the_key_and_suggests_the_right_one() {
    let diagnostics = diagnose(&[(IAI_CREATE_FACE, "max_items: 4", "max_item: 4")]);
    let d = only(&diagnostics);
    assert_eq!(d.file, Path::new("specs/tencent/iai/2018-03-01/CreateFace.yaml"));
    assert_eq!((d.line, d.column), spec_position(IAI_CREATE_FACE, "max_items: 4", 0));
    assert_eq!(d.path, "request[1].limits.max_item");
    assert_eq!(d.message, "unknown key `max_item`");
    assert_eq!(d.hint.as_deref(), Some("did you mean `max_items`?"));
    insta::assert_snapshot!("unknown_key", diagnostics.to_string());
}

#[test]
fn dangling_type_name_is_reported_with_the_closest_model() {
    let diagnostics = diagnose(&[(IAI_CREATE_FACE, "type: list<FaceRect>", "type: list<FaceRec>")]);
    let d = only(&diagnostics);
    // At the unknown name inside the type, not at `list<`.
    assert_eq!((d.line, d.column), spec_position(IAI_CREATE_FACE, "list<FaceRect>", 5));
    assert_eq!(d.path, "response[4].type");
    assert_eq!(d.message, "unknown type `FaceRec`");
    assert_eq!(d.hint.as_deref(), Some("did you mean `FaceRect`?"));
    insta::assert_snapshot!("dangling_type", diagnostics.to_string());
}

#[test]
fn a_list_written_as_the_page_prints_it_gets_the_spec_syntax_as_hint() {
    // Tencent's pages print `Array of Integer`; the spec writes `list<i64>`.
    let file = IAI_CREATE_FACE;
    let diagnostics = diagnose(&[
        (file, "type: list<FaceRect>", "type: Array of FaceRect"),
        (file, "type: list<i64>", "type: Array of Integer"),
        (file, "type: list<u64>", "type: Vec<u64>"),
        // `list` capitalised, as other languages write it.
        (file, "type: list<string>", "type: List<string>"),
    ]);
    let found = said(&diagnostics);
    assert_eq!(
        found,
        [
            ("response[1].type", "`List<string>` is not a type", Some("did you mean `list<string>`?")),
            ("response[2].type", "`Array of Integer` is not a type", Some("did you mean `list<i64>`?")),
            ("response[3].type", "`Vec<u64>` is not a type", Some("did you mean `list<u64>`?")),
            ("response[4].type", "`Array of FaceRect` is not a type", Some("did you mean `list<FaceRect>`?")),
        ],
        "{diagnostics}"
    );
    assert_eq!(
        (diagnostics.errors[1].line, diagnostics.errors[1].column),
        spec_position(file, "type: list<i64>", 6),
        "{diagnostics}"
    );
}

#[test]
fn duplicate_parameter_names_the_first_definition() {
    let diagnostics =
        diagnose(&[("tencent/ivld/2021-09-03/CreateCustomPerson.yaml", "  - name: BasicInfo", "  - name: Name")]);
    // The page's example still sends `BasicInfo`, which the spec no longer has.
    assert_eq!(diagnostics.len(), 2, "{diagnostics}");
    assert_eq!(diagnostics.errors[1].message, "the example request has `BasicInfo`, which is not a request parameter");
    let d = &diagnostics.errors[0];
    assert_eq!(d.path, "request[1].name");
    let (first, _) = spec_position("tencent/ivld/2021-09-03/CreateCustomPerson.yaml", "  - name: Name", 0);
    assert_eq!(d.message, format!("`Name` is defined twice (first at line {first}, `request[0]`)"));
    insta::assert_snapshot!("duplicate_parameter", diagnostics.to_string());
}

#[test]
fn every_file_is_reported_in_one_run() {
    let diagnostics = diagnose(&[
        (IAI_CREATE_FACE, "max_items: 4", "max_item: 4"),
        ("tencent/facefusion/2018-12-01/FaceFusion.yaml", "type: FuseParam", "type: FuseParams"),
        (AZURE_ADD_FACE, "max_length: 64", "min_length: 65\n      max_length: 64"),
    ]);
    let files: Vec<String> = diagnostics.errors.iter().map(|d| d.file.display().to_string()).collect();
    assert_eq!(
        files,
        [
            "specs/azure/face/v1.0/PersonGroupPersonAddFace.yaml",
            "specs/tencent/facefusion/2018-12-01/FaceFusion.yaml",
            "specs/tencent/iai/2018-03-01/CreateFace.yaml",
        ]
    );
    assert!(diagnostics.to_string().ends_with("3 errors in the specs; nothing was written"));
    insta::assert_snapshot!("three_files", diagnostics.to_string());
}

#[test]
fn spec_files_out_of_place_are_named_with_the_layout_as_hint() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    // An action one folder too high, a vendor file inside a service, and a stray file at the top.
    let action = std::fs::read_to_string(root.join("specs/tencent/iai/2018-03-01/CreateFace.yaml")).expect("read");
    std::fs::write(root.join("specs/tencent/iai/CreateFace.yaml"), &action).expect("write");
    std::fs::copy(root.join("specs/tencent/vendor.yaml"), root.join("specs/tencent/iai/vendor.yaml")).expect("copy");
    std::fs::write(root.join("specs/notes.yaml"), "vendor: x\n").expect("write");
    let Error::Specs(diagnostics) = failed_gen(root) else { panic!("not a spec diagnostic") };
    let named = placed(&diagnostics);
    let misplaced = |file: &str| (file.to_owned(), 1, 1, "spec file in an unexpected place");
    let expected = [
        misplaced("specs/notes.yaml"),
        misplaced("specs/tencent/iai/CreateFace.yaml"),
        misplaced("specs/tencent/iai/vendor.yaml"),
    ];
    assert_eq!(named, expected, "{diagnostics}");
    let hint = diagnostics.errors[0].hint.as_deref().unwrap_or_default();
    assert!(hint.contains("`<vendor>/<service>/<version>/<Action>.yaml`"), "{hint}");
}

#[test]
fn a_service_without_its_vendor_file_is_reported_and_still_checked() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    std::fs::remove_file(root.join("specs/alibaba/vendor.yaml")).expect("remove");
    edit_spec(root, MTS_REGISTER_FACE, "type: url", "type: uri");
    let Error::Specs(diagnostics) = failed_gen(root) else { panic!("not a spec diagnostic") };
    let found = placed(&diagnostics);
    let folder = "specs/alibaba/mts/2014-06-18";
    let (line, column) = spec_position(MTS_REGISTER_FACE, "type: url", 6);
    // The service is checked against a stand-in vendor, so its actions' mistakes are found too.
    assert_eq!(
        found,
        [
            (format!("{folder}/RegisterCustomFace.yaml"), line, column, "unknown type `uri`"),
            (
                format!("{folder}/service.yaml"),
                1,
                1,
                "no vendor file for this service: `specs/alibaba/vendor.yaml` is missing"
            ),
        ],
        "{diagnostics}"
    );
    assert_eq!(
        diagnostics.errors[1].hint.as_deref(),
        Some("every vendor folder needs a `vendor.yaml` (see specs/README.md)")
    );
}

#[test]
fn action_without_service_file_is_reported() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    let folder = root.join("specs/alibaba/mts/2014-06-18");
    std::fs::remove_file(folder.join("service.yaml")).expect("remove");
    let Error::Specs(diagnostics) = failed_gen(root) else { panic!("not a spec diagnostic") };
    // Every action file of the folder is named, whatever the folder holds.
    let mut actions: Vec<String> = std::fs::read_dir(&folder)
        .expect("folder")
        .map(|entry| format!("specs/alibaba/mts/2014-06-18/{}", entry.expect("entry").file_name().to_string_lossy()))
        .collect();
    actions.sort();
    let named: Vec<String> = diagnostics.errors.iter().map(|d| d.file.to_string_lossy().into_owned()).collect();
    assert_eq!(named, actions, "{diagnostics}");
    assert!(
        diagnostics.errors.iter().all(|d| d.message.starts_with("no service file for this action")),
        "{diagnostics}"
    );
}

#[test]
fn an_action_name_unlike_its_file_offers_either_fix() {
    let file = IAI_CREATE_FACE;
    let diagnostics = diagnose(&[(file, "action: CreateFace", "action: CreateFaces")]);
    let d = only(&diagnostics);
    assert_eq!((d.line, d.column), spec_position(file, "CreateFace", 0));
    assert_eq!(d.message, "action `CreateFaces` is in a file named `CreateFace.yaml`");
    assert_eq!(d.hint.as_deref(), Some("rename the file to `CreateFaces.yaml`, or write `action: CreateFace`"));
}

#[test]
fn a_pattern_that_is_not_a_regex_is_reported_at_its_fault_with_the_syntax_as_hint() {
    let file = IAI_CREATE_FACE;
    let real = "'^[A-Za-z0-9%@#&_-]+$'";
    // A glob, as a page might put it, and look-behind, which the `regex` crate lacks.
    for (pattern, fault, why) in [
        ("'*.jpg'", 1, "repetition operator missing expression"),
        ("'^a(?<=b)c$'", 3, "look-around, including look-ahead and look-behind, is not supported"),
    ] {
        let diagnostics = diagnose(&[(file, real, pattern)]);
        let d = only(&diagnostics);
        assert_eq!(d.path, "request[0].limits.pattern");
        assert_eq!((d.line, d.column), spec_position(file, real, fault), "{d}");
        assert_eq!(d.message, format!("the pattern is not a valid regular expression: {why}"));
        assert!(d.hint.as_deref().is_some_and(|hint| hint.contains("`.*\\.jpg`")), "{d}");
    }
}

#[test]
fn a_wrong_http_status_gets_the_status_type_error_at_its_key() {
    let (file, row) = (
        AZURE_ADD_FACE,
        "  - code: InvalidImage\n    summary: The image cannot be used to add a face.\n    http_status: 400",
    );
    let diagnostics = diagnose(&[(file, row, &row.replace("400", "99999"))]);
    let d = only(&diagnostics);
    // The value of the row's third line, `    http_status: 99999`.
    let status_line = spec_position(file, row, 0).0 + 2;
    assert_eq!((d.line, d.column, d.path.as_str()), (status_line, 18, "errors[1].http_status"));
    assert_eq!(d.message, "wrong value: integer `99999`, expected an HTTP status");
}

#[test]
fn a_byte_order_mark_is_allowed_and_positions_ignore_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    let file = root.join("specs/azure/vendor.yaml");
    let text = std::fs::read_to_string(&file).expect("read");
    std::fs::write(&file, format!("\u{feff}{text}")).expect("write");
    let bom_only = plan(root).unwrap_or_else(|e| panic!("a BOM is not a mistake: {e}"));
    assert!(!bom_only.files.is_empty());
    // With a mistake on the first line, its column is counted from the first character.
    std::fs::write(&file, format!("\u{feff}vendr: azure\n{}", text.split_once('\n').expect("lines").1)).expect("write");
    let Error::Specs(diagnostics) = failed_gen(root) else { panic!("not a spec diagnostic") };
    let d = &diagnostics.errors[0];
    assert_eq!((d.line, d.column, d.message.as_str()), (1, 1, "unknown key `vendr`"));
}

#[test]
fn spec_that_is_not_utf8_is_a_diagnostic_at_the_first_bad_byte() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    let file = "specs/tencent/iai/2018-03-01/CreateFace.yaml";
    let mut bytes = std::fs::read(root.join(file)).expect("read");
    let second_line = bytes.iter().position(|&b| b == b'\n').expect("two lines") + 1;
    bytes.splice(second_line + 3..second_line + 3, [0xe9, b'x']);
    std::fs::write(root.join(file), bytes).expect("write");
    let Error::Specs(diagnostics) = failed_gen(root) else { panic!("not a spec diagnostic") };
    let d = only(&diagnostics);
    assert_eq!((d.file.as_path(), d.line, d.column), (Path::new(file), 2, 4));
    assert_eq!(d.message, "the file is not valid UTF-8");
}

/// A FIFO named like a spec is a diagnostic, not a run that waits for a writer for ever.
#[cfg(unix)]
#[test]
fn spec_that_is_a_fifo_is_a_diagnostic_and_not_read() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    let file = "specs/tencent/iai/2018-03-01/Waiting.yaml";
    // Its writer lets a run that reads it go on, to fail this test rather than hang it.
    let fifo = cloudbind_tests::Fifo::new(&root.join(file), "");
    let Error::Specs(diagnostics) = failed_gen(root) else { panic!("not a spec diagnostic") };
    drop(fifo);
    let d = only(&diagnostics);
    assert_eq!((d.file.as_path(), d.line, d.column), (Path::new(file), 1, 1));
    assert_eq!(d.message, "cannot read the file: it is not a regular file (a FIFO, socket or device)");
}

/// A spec folder that cannot be read is named.
#[test]
fn a_missing_spec_folder_is_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    std::fs::remove_dir_all(root.join("tests/hostile/specs")).expect("remove");
    let error = failed_gen(root).to_string();
    assert!(error.starts_with("I/O error: tests/hostile/specs: "), "{error}");
}

/// A symbolic link in the specs is followed, but one back to a folder above it is named
/// rather than followed round and round (each round's files reported in the wrong place).
#[cfg(unix)]
#[test]
fn a_symbolic_link_loop_in_the_specs_is_named() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    copy_specs(root);
    std::os::unix::fs::symlink("..", root.join("specs/tencent/loop")).expect("symlink");
    let error = failed_gen(root).to_string();
    assert_eq!(
        error,
        "I/O error: specs/tencent/loop: a symbolic link back to a folder above it, so the spec tree would \
         have no end"
    );
}

#[test]
fn example_that_breaks_its_type_syntax_is_refused() {
    // The FaceFusion page prints the placeholder `image_url` as the example of a URL field.
    let diagnostics = diagnose(&[(
        "tencent/facefusion/2018-12-01/FaceFusion.yaml",
        "    summary: URL of the face photo.\n",
        "    summary: URL of the face photo.\n    example: image_url\n",
    )]);
    let d = only(&diagnostics);
    assert_eq!(d.path, "request[6].example");
    assert_eq!(d.message, "`image_url` is not an http or https URL");
}

#[test]
fn example_values_that_break_their_types_are_named_by_json_path() {
    let file = IAI_CREATE_FACE;
    let diagnostics = diagnose(&[
        (
            file,
            r#"{"PersonId": "1001", "Urls": ["http://test.image.myqcloud.com/testA.jpg"]}"#,
            r#"{"PersonId": "1001", "Urls": "http://test.image.myqcloud.com/testA.jpg"}"#,
        ),
        (file, "\"SucFaceNum\": 1,", "\"SucFaceNum\": \"one\", \"Bogus\": 3,"),
        (file, "\"Width\": 98,", "\"Widht\": 98,"),
        (file, "\"X\": 135,", "\"X\": 135.5,"),
    ]);
    // Each at its key inside the example's JSON.
    let at = |needle, chars| spec_position(file, needle, chars);
    let found: Vec<(&str, (usize, usize), &str)> =
        diagnostics.errors.iter().map(|d| (d.path.as_str(), (d.line, d.column), d.message.as_str())).collect();
    assert_eq!(
        found,
        [
            (
                "examples[1].request",
                at(r#"{"PersonId": "1001", "Urls": ["http://test.image.myqcloud.com/testA.jpg"]}"#, 21),
                "the example request's `Urls` is the text `\"http://test.image.myqcloud.com/testA.jpg\"`, but its type \
                 `list<url>` is a JSON array"
            ),
            (
                "examples[1].response.body",
                at(r#""SucFaceNum": 1,"#, 0),
                "the example response's `Response.SucFaceNum` is the text `\"one\"`, but its type `u64` is a JSON \
                 integer of 0 or more"
            ),
            ("examples[1].response.body", at(r#""SucFaceNum": 1,"#, 21), "the example response has `Response.Bogus`, which is not a response field"),
            (
                "examples[1].response.body",
                at(r#""X": 135,"#, 0),
                "the example response's `Response.SucFaceRects[0].X` is the number `135.5`, but its type `i64` is a \
                 JSON integer"
            ),
            (
                "examples[1].response.body",
                at(r#""Width": 98,"#, 0),
                "the example response has `Response.SucFaceRects[0].Widht`, which is not a field of model `FaceRect`"
            ),
        ],
        "{diagnostics}"
    );
    assert_eq!(diagnostics.errors[4].hint.as_deref(), Some("did you mean `Width`?"));
    insta::assert_snapshot!("example_values_that_break_their_types", diagnostics.to_string());
}

#[test]
fn example_responses_without_required_fields_are_refused_where_the_field_is_missing() {
    let iai = IAI_CREATE_FACE;
    let azure = AZURE_ADD_FACE;
    let diagnostics = diagnose(&[
        // The success example's `RequestId` (required) and its face box's `X`, made required.
        (
            iai,
            "\"FaceModelVersion\": \"2.0\",\n        \"RequestId\": \"07d63403-a199-4bbe-b9e0-692356ac738d\"",
            "\"FaceModelVersion\": \"2.0\"",
        ),
        (iai, "\"X\": 135,\n", ""),
        (
            "tencent/iai/2018-03-01/service.yaml",
            "      - name: X\n        type: i64\n",
            "      - name: X\n        type: i64\n        required: true\n",
        ),
        // A bare body without its one required field.
        (azure, "{ \"persistedFaceId\": \"B8D802CF-DD8F-4E61-B15C-9E6C5844CCBA\" }", "{ }"),
    ]);
    let found: Vec<(&str, (usize, usize), &str)> = diagnostics
        .errors
        .iter()
        .map(|d| (d.file.to_str().expect("a UTF-8 path"), (d.line, d.column), d.message.as_str()))
        .collect();
    // Tencent's result is the second `Response` of the file; the face box is the `{` after
    // `"SucFaceRects": [`.
    let text = std::fs::read_to_string(cloudbind_tests::workspace_root().join("specs").join(iai)).expect("read spec");
    let second = text.match_indices("\"Response\": {").nth(1).expect("a success example").0;
    let response_line = text[..second].matches('\n').count() + 1;
    let (rects, _) = spec_position(iai, "\"SucFaceRects\": [", 0);
    assert_eq!(
        found,
        [
            (
                "specs/azure/face/v1.0/PersonGroupPersonAddFace.yaml",
                spec_position(azure, "{ \"persistedFaceId\"", 0),
                "the example response has no `persistedFaceId`, which the spec marks `required: true`"
            ),
            (
                "specs/tencent/iai/2018-03-01/CreateFace.yaml",
                (response_line, 9),
                "the example response has no `Response.RequestId`, which the spec marks `required: true`"
            ),
            (
                "specs/tencent/iai/2018-03-01/CreateFace.yaml",
                (rects + 1, 9),
                "the example response has no `Response.SucFaceRects[0].X`, which the spec marks `required: true`"
            ),
        ],
        "{diagnostics}"
    );
    assert!(diagnostics.errors.iter().all(|d| d.path.ends_with("response.body")), "{diagnostics}");
    assert!(
        diagnostics.errors[0].hint.as_deref().is_some_and(|hint| hint.contains("make it optional")),
        "{diagnostics}"
    );
}

/// A request example may leave out a required parameter: the page may show the error it earns.
#[test]
fn an_example_request_without_a_required_parameter_is_accepted() {
    accept(&[(
        IAI_CREATE_FACE,
        r#"{"PersonId": "1001", "Urls": ["http://test.image.myqcloud.com/testA.jpg"]}"#,
        r#"{"Urls": ["http://test.image.myqcloud.com/testA.jpg"]}"#,
    )]);
}

#[test]
fn a_mistake_in_an_example_block_with_an_indicator_or_a_comment_is_found_at_its_key() {
    // `|2` takes the lines as they are, since their indentation (8) is what it says; `|1`
    // keeps a space at the start of each. A comment after the indicators changes nothing.
    let file = IAI_CREATE_FACE;
    let success = "      body: |\n        {\n        \"Response\": {\n        \"SucFaceNum\": 1,";
    for indicator in ["|2", "|2-", "|-2", "|1", "| # as the page prints it", "|2 # as the page prints it"] {
        let edited = success.replace("body: |", &format!("body: {indicator}")).replace(": 1,", ": \"one\",");
        let diagnostics = diagnose(&[(file, success, &edited)]);
        let d = only(&diagnostics);
        assert_eq!((d.line, d.column), spec_position(file, "\"SucFaceNum\": 1,", 0), "{indicator}: {d}");
        assert_eq!(d.path, "examples[1].response.body");
    }
}

#[test]
fn an_unknown_parameter_of_an_example_request_is_found_at_its_key() {
    let file = IAI_CREATE_FACE;
    let request = r#"{"PersonId": "1001", "Urls": ["http://test.image.myqcloud.com/testA.jpg"]}"#;
    let diagnostics = diagnose(&[(
        file,
        request,
        r#"{"PersonId": "1001", "Url": ["http://test.image.myqcloud.com/testA.jpg"], "GroupId": "g"}"#,
    )]);
    let found: Vec<((usize, usize), &str, Option<&str>)> =
        diagnostics.errors.iter().map(|d| ((d.line, d.column), d.message.as_str(), d.hint.as_deref())).collect();
    let at = |chars| spec_position(file, request, chars);
    assert_eq!(
        found,
        [
            (at(21), "the example request has `Url`, which is not a request parameter", Some("did you mean `Urls`?")),
            (
                at(74),
                "the example request has `GroupId`, which is not a request parameter",
                Some("if the page's example has it, the spec is missing the field; else fix the example")
            ),
        ],
        "{diagnostics}"
    );
}

#[test]
fn brackets_in_text_do_not_count_towards_the_nesting_limit() {
    // Brackets in a quoted value, a comment and a block scalar are text, however many.
    let file = IAI_CREATE_FACE;
    let summary = "summary: Adds one or more face images to an existing person.\n";
    let brackets = "[".repeat(100);
    let edited = format!("summary: \"Adds face images {brackets}\"\n# {}\n", "{".repeat(100));
    let block = format!("description: |\n  {brackets}\n");
    accept(&[(file, summary, &edited), (file, "description: |\n", &block)]);
}

/// Each kind of spec mistake, as a fixture in `tests/fixtures/diagnostics/<kind>/` laid over
/// the valid tree in `base/`, with the message fragment its diagnostic must carry.
const CATALOGUE: &[(&str, &str)] = &[
    ("actions_named_alike", "action `GetWidget` would be generated as `GetWidget`, which action `GetWIDGET`"),
    (
        "allowed_values_that_cannot_be_typed",
        "the allowed values of response field `Color` would be generated as `GetWidgetColor`",
    ),
    ("backslash_in_double_quotes", "`\\d` is not an escape YAML knows in a double-quoted value"),
    ("bulky_on_values_that_are_never_bulky", "`bulky` is for text that may carry bulk data, not `u64`"),
    ("colon_in_plain_text", "`: ` inside an unquoted value"),
    ("dangling_type", "unknown type `Prat`"),
    ("default_breaks_limits", "is not one of the allowed values"),
    ("duplicate_error_code", "error code `InvalidParameter.WidgetId` is listed twice"),
    ("duplicate_field", "`RequestId` is defined twice"),
    ("duplicate_model", "model `Part` is defined twice"),
    ("duplicate_parameter", "`WidgetId` is defined twice"),
    ("empty_document", "missing required key `action`"),
    ("empty_error_table", "the error-code table is empty"),
    ("empty_summary_and_spaced_wire_name", "the summary is empty"),
    ("empty_title_page_name_and_pattern", "the pattern is empty, so only empty text would match"),
    ("endpoint_that_cannot_be_built", "the endpoint is not a host name or IP address"),
    ("example_json_in_folded_blocks", "the example request's `Count` is the text `\"three\"`"),
    ("example_that_is_not_json", "the text is YAML, not JSON"),
    ("example_values_that_break_their_types", "the example request's `Parts[1].PartId` is `null`"),
    ("flow_brackets_nested_too_deep", "brackets nest more than 64 levels deep"),
    ("generated_name_collision", "would be generated as `GetWidgetRequest`"),
    ("hash_in_plain_text", "` #` starts a YAML comment"),
    ("invalid_regex", "the pattern is not a valid regular expression"),
    ("invisible_characters_in_names", "holds the invisible character U+2060"),
    ("key_given_no_value", "`allowed` has no value"),
    ("keys_in_the_wrong_place", "`default` is for optional request parameters"),
    ("limit_on_wrong_type", "`max_length` does not apply to `list<Part>`"),
    ("limits_no_value_can_meet", "`min_length` (10) is greater than `max_bytes` (5)"),
    ("many_mistakes_in_many_files", "unknown key `homepage`"),
    ("merge_key", "merge keys (`<<`) are not supported"),
    ("min_greater_than_max", "`min_length` (65) is greater than `max_length` (64)"),
    ("missing_required_key", "missing required key `summary`"),
    ("missing_service_file", "no service file for this action"),
    ("model_no_action_uses", "model `Spare` is not used by any action of the service"),
    ("multi_line_error_code", "the error code holds a tab"),
    ("names_and_numbers_the_crate_cannot_take", "`runtime` is a name the generated crate already uses"),
    ("recursive_model", "model `Part` contains itself without a list: Part.Inner"),
    ("reserved_variant_name", "would become variant `Common`, which is reserved for the vendor's common codes"),
    (
        "result_that_is_not_an_object",
        "the example response's `Response` is an array, but the action's result is a JSON object",
    ),
    ("rust_name_collision", "`WidgetId` and `widgetId` both become the Rust field `widget_id`"),
    ("rust_name_not_in_rust_case", "`widgetID` is not a snake_case name, as Rust fields are"),
    ("service_file_that_does_not_load", "unknown key `regoin`"),
    ("service_version_without_actions", "this service version has no actions"),
    ("several_unknown_keys_in_one_file", "unknown key `sumary`"),
    ("spec_keys_swallowed_by_notes", "this line looks like a spec key, but it is part of the text of `notes`"),
    (
        "tencent_answer_with_a_status_other_than_200",
        "the example shows a Tencent Cloud API 3.0 error under HTTP status 400",
    ),
    ("tencent_error_without_a_code", "the example response's `Response.Error` has no `Code`"),
    ("unclosed_flow_list", "this `[` is never closed"),
    ("unclosed_quote", "this quote does not close on its line"),
    ("unknown_key", "unknown key `max_lenght`"),
    ("value_starting_with_a_backtick", "an unquoted value cannot start with a backtick"),
    ("vendor_without_services", "this vendor has no services"),
    ("version_folder_named_as_no_version", "move the service's files into a folder named `2024-01-01`"),
    ("version_that_is_no_date", "`version: 2024-02-30` is not a real date"),
    ("wire_places_that_do_not_fit", "`tencent-api3` sends every parameter in the JSON body"),
    ("wrong_value_type", "wrong value type"),
    ("yaml_error_reported_alone", "the YAML does not parse: this line is not indented like the keys of its list item"),
];

fn fixture_root() -> std::path::PathBuf {
    cloudbind_tests::workspace_root().join("tests/fixtures/diagnostics")
}

/// The base tree with the kind's files laid over it (`<file>.delete` removes `<file>`).
fn diagnose_fixture(kind: &str) -> Diagnostics {
    let dir = tempfile::tempdir().expect("temp dir");
    cloudbind_tests::copy_dir(&fixture_root().join("base"), dir.path());
    let overlay = fixture_root().join(kind);
    let mut stack = vec![overlay.clone()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("read fixture") {
            let path = entry.expect("entry").path();
            let target = dir.path().join(path.strip_prefix(&overlay).expect("inside the overlay"));
            if path.is_dir() {
                stack.push(path);
            } else if let Some(removed) = target.to_str().and_then(|t| t.strip_suffix(".delete")) {
                std::fs::remove_file(removed).expect("remove base file");
            } else {
                // An overlay may add folders the base does not have (a second vendor).
                std::fs::create_dir_all(target.parent().expect("a file has a folder")).expect("overlay folder");
                std::fs::copy(&path, &target).expect("overlay file");
            }
        }
    }
    match cloudbind_gen::load_ir_from(dir.path(), Path::new("specs")) {
        Err(Error::Specs(diagnostics)) => diagnostics,
        Err(other) => panic!("{kind}: expected spec diagnostics, got {other}"),
        Ok(_) => panic!("{kind}: the broken fixture was accepted"),
    }
}

#[test]
fn the_base_fixture_is_valid() {
    cloudbind_gen::load_ir_from(&fixture_root().join("base"), Path::new("specs")).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn every_kind_of_mistake_has_its_own_diagnostic() {
    let mut kinds: Vec<String> = std::fs::read_dir(fixture_root())
        .expect("fixtures")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|name| name != "base")
        .collect();
    kinds.sort();
    let listed: Vec<&str> = CATALOGUE.iter().map(|(kind, _)| *kind).collect();
    assert_eq!(kinds, listed, "every fixture is in the catalogue and every catalogue entry has a fixture");

    for (kind, fragment) in CATALOGUE {
        let diagnostics = diagnose_fixture(kind);
        let text = diagnostics.to_string();
        assert!(text.contains(fragment), "{kind}: expected {fragment:?} in\n{text}");
        for d in &diagnostics.errors {
            assert!(d.line >= 1 && d.column >= 1, "{kind}: {d}");
            assert!(d.file.starts_with("specs"), "{kind}: {d}");
        }
        insta::assert_snapshot!(format!("catalogue_{kind}"), text);
    }
}

#[test]
fn limits_that_contradict_each_other_are_named_once_not_again_by_the_example() {
    // The field's example `w-1` breaks `min_length: 65` too, as every value would: only the
    // limits are reported.
    let diagnostics = diagnose_fixture("min_greater_than_max");
    let d = only(&diagnostics);
    assert_eq!(d.path, "request[0].limits.min_length", "{d}");
}

#[test]
fn a_file_that_does_not_parse_reports_only_why() {
    // serde saw the item's map end without `type` and `summary` before the parser failed.
    let diagnostics = diagnose_fixture("yaml_error_reported_alone");
    let d = only(&diagnostics);
    assert_eq!((d.line, d.column), (18, 3), "{d}");
    assert!(d.message.starts_with("the YAML does not parse: "), "{d}");
    assert!(d.hint.as_deref().is_some_and(|hint| hint.contains("the list that starts at line 14")), "{d}");
}

#[test]
fn an_empty_document_is_missing_every_key_inside_the_file() {
    let diagnostics = diagnose_fixture("empty_document");
    let found: Vec<(usize, usize, &str)> =
        diagnostics.errors.iter().map(|d| (d.line, d.column, d.message.as_str())).collect();
    let keys = ["action", "errors", "request", "response", "summary"];
    assert_eq!(found.len(), keys.len(), "{diagnostics}");
    for ((line, column, message), key) in found.into_iter().zip(keys) {
        assert_eq!((line, column, message), (1, 1, format!("missing required key `{key}`").as_str()));
    }
}

#[test]
fn an_unclosed_quote_in_a_real_spec_is_reported_where_it_opens() {
    // The parser reads on to the next quote, 33 lines below, and fails there.
    let file = IAI_CREATE_FACE;
    let diagnostics = diagnose(&[(file, "example: \"1001\"", "example: \"1001")]);
    let d = only(&diagnostics);
    assert_eq!((d.line, d.column), spec_position(file, "example: \"1001\"", 9), "{d}");
    // With its closing quote gone, the quote closes at the next one in the file.
    let text = std::fs::read_to_string(cloudbind_tests::workspace_root().join("specs").join(file)).expect("read spec");
    let after = text.find("example: \"1001\"").expect("the example") + "example: \"1001\"".len();
    let closes = text[..after + text[after..].find('"').expect("a later quote")].matches('\n').count() + 1;
    assert_eq!(
        d.message,
        format!("the YAML does not parse: this quote does not close on its line, but on line {closes}")
    );
    assert!(d.hint.as_deref().is_some_and(|hint| hint.starts_with("close the quote")), "{d}");
}

#[test]
fn a_model_appended_after_the_services_notes_is_refused() {
    let end = "at most 10 MB (the vendor's API reference).\n";
    let model = "  - name: FaceInfo\n    summary: A face.\n    fields:\n      - name: X\n        type: i64\n        \
                 summary: Left edge.\n";
    let file = "tencent/iai/2018-03-01/service.yaml";
    let diagnostics = diagnose(&[(file, end, &format!("{end}{model}"))]);
    let d = only(&diagnostics);
    // At the model's `- `, on the line after the notes end: found from the file, so that an
    // edit of the spec above it moves the expectation with it.
    let model_line = spec_position(file, end, 0).0 + 1;
    assert_eq!((d.line, d.column, d.path.as_str()), (model_line, 3, "notes"), "{d}");
    assert!(d.hint.as_deref().is_some_and(|hint| hint.contains("move it before `notes:`")), "{d}");
}

#[test]
fn many_mistakes_in_many_files_are_reported_together() {
    let diagnostics = diagnose_fixture("many_mistakes_in_many_files");
    let messages: Vec<&str> = diagnostics.errors.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            // In file order, then line order.
            "unknown key `homepage`",
            "`min_length` (65) is greater than `max_length` (64)",
            "unknown type `Prat`",
            "the error-code table is empty",
        ]
    );
}

/// An example error whose code is a JSON boolean, object or list is refused at the code's key:
/// the runtime reads such a body as no vendor error, so the spec must not claim it is one.
#[test]
fn an_example_error_code_that_is_not_text_is_refused_at_the_code() {
    let azure = AZURE_ADD_FACE;
    let fusion = "tencent/facefusion/2018-12-01/FaceFusion.yaml";
    let iai = IAI_CREATE_FACE;
    let diagnostics = diagnose(&[
        (azure, "\"code\":\"BadArgument\"", "\"code\":{ \"name\": \"BadArgument\" }"),
        (fusion, "\"Code\": \"FailedOperation.FuseDetectNoFace\"", "\"Code\": [\"FailedOperation.FuseDetectNoFace\"]"),
        (iai, "\"Code\": \"InvalidParameterValue.UploadFaceNumExceed\"", "\"Code\": true"),
    ]);
    let found: Vec<(&str, (usize, usize))> =
        diagnostics.errors.iter().map(|d| (d.file.to_str().expect("a UTF-8 path"), (d.line, d.column))).collect();
    assert_eq!(
        found,
        [
            (
                "specs/azure/face/v1.0/PersonGroupPersonAddFace.yaml",
                spec_position(azure, "\"code\":\"BadArgument\"", 0)
            ),
            (
                "specs/tencent/facefusion/2018-12-01/FaceFusion.yaml",
                spec_position(fusion, "\"Code\": \"FailedOperation.FuseDetectNoFace\"", 0)
            ),
            (
                "specs/tencent/iai/2018-03-01/CreateFace.yaml",
                spec_position(iai, "\"Code\": \"InvalidParameterValue.UploadFaceNumExceed\"", 0)
            ),
        ],
        "{diagnostics}"
    );
    let kinds = ["`error.code` is an object", "`Response.Error.Code` is a list", "`Response.Error.Code` is a boolean"];
    for (diagnostic, kind) in diagnostics.errors.iter().zip(kinds) {
        assert!(diagnostic.message.contains(&format!("{kind}, not a code")), "{diagnostic}");
        assert!(diagnostic.hint.as_deref().is_some_and(|hint| hint.contains("text (or a number)")), "{diagnostic}");
    }
}

#[test]
fn slips_a_reader_of_yaml_makes_get_a_hint_that_names_them() {
    let (fusion, ivld) =
        ("tencent/facefusion/2018-12-01/FaceFusion.yaml", "tencent/ivld/2021-09-03/CreateCustomPerson.yaml");
    // Unquoted digits among text values; models written in an action file.
    let diagnostics = diagnose(&[
        (fusion, "allowed: [url, base64]", "allowed: [url, 2]"),
        (ivld, "\nerrors:", "\nmodels: []\nerrors:"),
    ]);
    let found: Vec<(&str, Option<&str>)> =
        diagnostics.errors.iter().map(|d| (d.message.as_str(), d.hint.as_deref())).collect();
    assert!(
        found.contains(&(
            "allowed value 2 is not a `string`",
            Some("quote it: YAML reads unquoted digits, `true` and `false` as numbers and booleans")
        )),
        "{diagnostics}"
    );
    assert!(
        found.contains(&(
            "unknown key `models`",
            Some("models are shared by a service's actions: write them in its `service.yaml`, under `models:`")
        )),
        "{diagnostics}"
    );
}

#[test]
fn where_checking_stopped_is_said_after_the_problem_that_stopped_it() {
    let file = IAI_CREATE_FACE;
    let diagnostics = diagnose(&[(file, "  - name: PersonId\n", "  - nmae: PersonId\n")]);
    let messages: Vec<&str> = diagnostics.errors.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(messages.len(), 2, "{diagnostics}");
    assert_eq!(messages[0], "unknown key `nmae`", "{diagnostics}");
    assert!(messages[1].starts_with("the file is not checked past here"), "{diagnostics}");
}

/// Limits that leave exactly one length or size are met by that value, so they are accepted:
/// a minimum equal to its maximum, a UUID's 36 characters, as many characters as bytes (ASCII
/// text), an image's short side as long as its greatest width.
#[test]
fn limits_that_one_value_meets_exactly_are_accepted() {
    let (azure, fusion) = (AZURE_ADD_FACE, "tencent/facefusion/2018-12-01/FaceFusion.yaml");
    accept(&[
        (azure, "max_bytes: \"1 KiB\"", "min_length: 1024\n      max_length: 1024\n      max_bytes: \"1 KiB\""),
        (
            azure,
            "    type: uuid\n    required: true\n",
            "    type: uuid\n    required: true\n    limits: {min_length: 36, max_length: 36, max_bytes: 36}\n",
        ),
        (fusion, "        min_short_side: 64\n", "        min_short_side: 64\n        max_width: 64\n"),
    ]);
}

/// `min_decoded_size` is met when `max_encoded_size` of base64 can hold it exactly: 5 MiB of
/// base64 is 3932160 bytes, and a maximum 1 past a multiple of 4 holds no more (base64 comes
/// in groups of four characters).
#[test]
fn a_decoded_minimum_that_the_encoded_maximum_just_holds_is_accepted() {
    let (fusion, iai) = ("tencent/facefusion/2018-12-01/FaceFusion.yaml", IAI_CREATE_FACE);
    accept(&[
        (fusion, "max_encoded_size: 5 MiB\n", "max_encoded_size: 5 MiB\n      min_decoded_size: 3932160\n"),
        (iai, "max_encoded_size: 5 MiB\n", "max_encoded_size: 5242881\n      min_decoded_size: 3932160\n"),
    ]);
}

/// Characters past the last whole group of four hold nothing: the validators take only
/// padded base64, so 5 MiB + 3 characters hold no more than 5 MiB do.
#[test]
fn a_decoded_minimum_past_the_last_whole_group_of_base64_is_refused() {
    let file = IAI_CREATE_FACE;
    let limits = "max_encoded_size: 5242883\n      min_decoded_size: 3932161\n";
    let diagnostics = diagnose(&[(file, "max_encoded_size: 5 MiB\n", limits)]);
    let d = only(&diagnostics);
    assert_eq!(d.path, "request[1].item_limits.min_decoded_size", "{d}");
    let held = "(5242883 bytes of base64) can hold";
    assert_eq!(d.message, format!("`min_decoded_size` (3932161 bytes) is more than `max_encoded_size` {held}"));
}

/// A limit that fits neither the list nor its items is named with the kinds of value it is
/// for, not moved to `item_limits`, where it would be refused again.
#[test]
fn a_limit_for_neither_the_list_nor_its_items_is_not_moved_to_the_items() {
    let file = IAI_CREATE_FACE;
    let urls = "      max_items: 4\n    item_limits:\n      max_decoded_size: 3932160\n";
    let diagnostics = diagnose(&[(file, urls, &urls.replacen("\n", "\n      max_encoded_size: 100\n", 1))]);
    let d = only(&diagnostics);
    assert_eq!((d.line, d.column), (spec_position(file, urls, 0).0 + 1, 7), "{d}");
    assert_eq!(d.path, "request[2].limits.max_encoded_size");
    assert_eq!(d.message, "`max_encoded_size` does not apply to `list<url>`");
    assert_eq!(d.hint.as_deref(), Some("`max_encoded_size` is for `base64`"));
}

/// Another limit that does not apply leaves the allowed values checked: only a misplaced
/// `allowed` has its values left alone.
#[test]
fn allowed_values_are_checked_beside_another_limit_that_does_not_apply() {
    let file = "tencent/facefusion/2018-12-01/FaceFusion.yaml";
    let diagnostics = diagnose(&[(file, "allowed: [url, base64]\n", "allowed: [url, url]\n      max: 5\n")]);
    let found = said(&diagnostics);
    assert_eq!(
        found,
        [
            ("request[2].limits.allowed[1]", "allowed value \"url\" is listed twice", None),
            (
                "request[2].limits.max",
                "`max` does not apply to `string`",
                Some("`max` is for numbers; for `string`, write `max_length`")
            ),
        ],
        "{diagnostics}"
    );
}

/// An allowed value written as a map is `{value, name}` with text for a `string` field, and
/// nothing else: a third key, or a name on another type's value, is refused at the value.
#[test]
fn allowed_values_written_as_maps_take_only_a_value_and_a_name_of_text() {
    let file = "tencent/facefusion/2018-12-01/FaceFusion.yaml";
    let diagnostics = diagnose(&[
        (file, "allowed: [url, base64]", "allowed: [url, {value: base64, name: Base64, note: b}]"),
        (file, "allowed: [0, 1]", "allowed: [0, {value: \"1\", name: On}]"),
    ]);
    let found = said(&diagnostics);
    assert_eq!(
        found,
        [
            (
                "request[2].limits.allowed[1]",
                "an allowed value is a text or a number, or `{value: ..., name: ...}`; this map has `value`, `name`, \
                 `note`",
                Some("write `{value: <text>, name: <UpperCamelCase variant>}`")
            ),
            ("request[5].limits.allowed[1]", "allowed value \"1\" is not an `i64`", None),
            (
                "request[5].limits.allowed[1]",
                "only the text values of a `string` field take a variant name",
                Some("write the value alone")
            ),
        ],
        "{diagnostics}"
    );
}

/// Whole numbers up to 2^53 from zero, below zero too, are bounds and allowed values of an
/// integer field that the validators' `f64` keeps exactly.
#[test]
fn integers_the_validators_keep_exactly_are_accepted_as_limits() {
    accept(&[(
        "tencent/facefusion/2018-12-01/FaceFusion.yaml",
        "    example: 10\n",
        "    example: 10\n    limits: {min: -9007199254740992, max: 9007199254740992, allowed: [-1, 0, 10]}\n",
    )]);
}

/// A bound past `i64::MAX` is past 2^53 too: the validators' `f64` would round it.
#[test]
fn a_bound_past_the_largest_i64_is_refused_as_inexact() {
    let file = IAI_CREATE_FACE;
    let diagnostics = diagnose(&[(file, "      max: 4\n", "      max: 18446744073709551615\n")]);
    let d = only(&diagnostics);
    assert_eq!(d.path, "request[4].limits.max");
    assert_eq!((d.line, d.column), spec_position(file, "      max: 4\n", 11), "{d}");
    assert_eq!(
        d.message,
        "`max` 18446744073709551615 is a whole number too far from zero (2^53, 9007199254740992, or beyond) for \
         the validators' 64-bit floats to keep exactly"
    );
}

/// A UUID is 36 characters and bytes long: a longer minimum or a shorter `max_bytes` is refused
/// like a shorter `max_length`.
#[test]
fn uuid_lengths_that_exclude_36_are_refused() {
    let file = AZURE_ADD_FACE;
    let uuid = "    type: uuid\n    required: true\n";
    let diagnostics = diagnose(&[
        (file, uuid, &format!("{uuid}    limits: {{min_length: 37}}\n")),
        (
            file,
            "    type: uuid\n    required: true\n    summary: Identifier of the stored",
            "    type: uuid\n    required: true\n    limits: {max_bytes: 35}\n    summary: Identifier of the stored",
        ),
    ]);
    let found: Vec<(&str, &str)> = diagnostics.errors.iter().map(|d| (d.path.as_str(), d.message.as_str())).collect();
    assert_eq!(
        found,
        [
            ("request[1].limits.min_length", "a UUID is 36 characters long, which `min_length` excludes"),
            ("response[0].limits.max_bytes", "a UUID is 36 characters long, which `max_bytes` excludes"),
        ],
        "{diagnostics}"
    );
}

/// A default or example on a limit's bound meets it: as many characters and bytes as the
/// bounds allow, as many items, the largest number the limit or the type allows.
#[test]
fn examples_on_their_limits_bounds_are_accepted() {
    let (iai, fusion) = (IAI_CREATE_FACE, "tencent/facefusion/2018-12-01/FaceFusion.yaml");
    let pattern = "      pattern: '^[A-Za-z0-9%@#&_-]+$'\n";
    let urls = "      max_items: 4\n    item_limits:\n      max_decoded_size";
    accept(&[
        // The example `1001`: 4 characters, 4 bytes.
        (iai, pattern, &format!("      min_length: 4\n      max_length: 4\n      max_bytes: 4\n{pattern}")),
        // The example's one URL.
        (iai, urls, &urls.replace("max_items: 4", "min_items: 1\n      max_items: 1")),
        (
            iai,
            "    default: 0\n    example: 0\n    limits:\n      min: 0\n      max: 4",
            "    default: 0\n    example: 4\n    limits:\n      min: 0\n      max: 4",
        ),
        (fusion, "    example: 10\n", "    example: 9223372036854775807\n"),
    ]);
}

/// A default or example outside its limits, or not of its field's form, is named with what it
/// breaks.
#[test]
fn example_values_that_break_their_limits_or_form_are_named() {
    let (iai, fusion, azure) = (IAI_CREATE_FACE, "tencent/facefusion/2018-12-01/FaceFusion.yaml", AZURE_ADD_FACE);
    let quality = "    default: 0\n    example: 0\n    limits:\n      min: 0";
    let celebrity = "    example: 0\n    limits:\n      allowed: [0, 1]";
    let porn = "    type: i64\n    summary: Legacy field; leave it out, the server ignores it.\n    example: 10\n";
    let image = "    summary: The face photo as base64 data, without any `data:` header.\n";
    let diagnostics = diagnose(&[
        (iai, quality, &quality.replace("default: 0\n    example: 0", "default: -1\n    example: zero")),
        (fusion, celebrity, &celebrity.replace("example: 0", "example: 2")),
        // A `bool` field, where PornDetect was an `i64`.
        (
            fusion,
            porn,
            &porn.replace("type: i64", "type: bool").replace("example: 10", "default: ten\n    example: 10"),
        ),
        (fusion, image, &format!("{image}    example: image_base64\n")),
        (azure, "example: B8D802CF-DD8F-4E61-B15C-9E6C5844CCBA", "example: B8D802CF-DD8F-4E61-B15C"),
    ]);
    let found = said(&diagnostics);
    let (limit, form, of_type) = (
        Some("fix the value or the limit; they must agree"),
        Some("fix the value; the type sets its form"),
        Some("write a value of the field's type"),
    );
    assert_eq!(
        found,
        [
            ("response[0].example", "`B8D802CF-DD8F-4E61-B15C` is not a UUID", form),
            ("request[3].example", "`image_base64` is not base64: byte 0x5f at offset 5", form),
            ("request[4].default", "\"ten\" is not a `bool`", of_type),
            ("request[4].example", "10 is not a `bool`", of_type),
            ("request[5].example", "2 is not one of the allowed values", limit),
            ("request[4].default", "-1 does not fit in `u64`", form),
            ("request[4].default", "-1 is not from 0 to 4", limit),
            ("request[4].example", "\"zero\" is not a `u64`", of_type),
        ],
        "{diagnostics}"
    );
}

// generator/src/check/fields.rs

/// An `azure-rest` header parameter's name must be an HTTP token; one with white space is
/// named once, for its wire name; a query parameter's name is not held to the header rule.
#[test]
fn only_header_names_must_be_http_tokens_and_a_spaced_one_is_named_once() {
    let file = AZURE_ADD_FACE;
    let diagnostics = diagnose(&[
        (file, "  - name: targetFace\n    in: query\n", "  - name: Target-Face\n    in: header\n"),
        (file, "  - name: userData\n    in: query\n", "  - name: User Data\n    in: header\n"),
        (file, "  - name: detectionModel\n", "  - name: \"filter[model]\"\n"),
    ]);
    let d = only(&diagnostics);
    assert_eq!(d.path, "request[2].name");
    assert_eq!(d.message, "the wire name \"User Data\" has white space, control or invisible characters");
}

/// `content_type` belongs to the body parameters of `azure-rest` requests alone: a Tencent
/// request field, sent in the JSON body, cannot have one.
#[test]
fn content_type_on_a_field_of_an_rpc_request_is_refused() {
    let file = "tencent/facefusion/2018-12-01/FaceFusion.yaml";
    let diagnostics =
        diagnose(&[(file, "  - name: ProjectId\n", "  - name: ProjectId\n    content_type: application/json\n")]);
    let d = only(&diagnostics);
    assert_eq!(d.path, "request[0].content_type");
    assert_eq!(d.message, "`content_type` is only for body parameters of `azure-rest` requests");
}

/// `binary` is the raw body of an `azure-rest` request: an `azure-rest` response field, in
/// the body as well, cannot be `binary`.
#[test]
fn binary_on_a_response_field_of_an_azure_action_is_refused() {
    let file = AZURE_ADD_FACE;
    let thumbnail = "response:\n  - name: thumbnail\n    type: binary\n    summary: A thumbnail.\n";
    let diagnostics = diagnose(&[(file, "response:\n", thumbnail)]);
    let d = only(&diagnostics);
    assert_eq!(d.path, "response[0].type");
    assert_eq!(d.message, "`binary` is only for the raw body of an `azure-rest` request");
}

/// A result code's variant name made of letters and digits alone must still be UpperCamelCase.
#[test]
fn a_lowercase_result_code_name_is_refused() {
    let file = "tencent/ivld/2021-09-03/service.yaml";
    let diagnostics = diagnose(&[(file, "              name: Ok\n", "              name: ok\n")]);
    let d = only(&diagnostics);
    assert_eq!(d.path, "models[0].fields[2].result_codes.codes[0].name");
    assert_eq!(d.message, "`ok` is not an UpperCamelCase variant name");
    assert_eq!(d.hint.as_deref(), Some("for example `Ok`"));
}

/// An unknown type that is the whole value is reported at the value's start, its opening
/// quote when it is quoted, as other problems of a whole value are.
#[test]
fn a_quoted_unknown_type_is_reported_at_its_opening_quote() {
    let file = "tencent/facefusion/2018-12-01/FaceFusion.yaml";
    let diagnostics = diagnose(&[(file, "    type: FuseParam\n", "    type: 'FuseParams'\n")]);
    let d = only(&diagnostics);
    assert_eq!(d.message, "unknown type `FuseParams`");
    assert_eq!((d.line, d.column), spec_position(file, "    type: FuseParam\n", 10), "{d}");
    assert_eq!(d.note, None, "{d}");
}

// generator/src/check/service.rs

/// A `version` unlike its folder, when the folder is named as a version, is the slip: the hint
/// offers the folder's version, not a folder named after the key.
#[test]
fn a_version_unlike_its_version_folder_gets_the_folders_version_as_hint() {
    let diagnostics = diagnose(&[("azure/face/v1.0/service.yaml", "version: \"v1.0\"", "version: \"v1.1\"")]);
    let d = only(&diagnostics);
    assert_eq!(d.message, "`version: v1.1` does not match its folder `v1.0`");
    assert_eq!(d.hint.as_deref(), Some("move the file or write `version: v1.0`"));
}

/// A service's own common code replaces the vendor's code of that name; the vendor's other
/// common codes stay. No real spec has service common codes, so the IR shows it.
#[test]
fn a_service_common_code_replaces_the_vendors_of_that_code_and_keeps_the_others() {
    let own = "common_errors:\n  - code: ActionOffline\n    summary: IAI has taken the action offline.\n    \
               retry: never\nnotes: |\n  The CreateFace page";
    let dir = edited_specs(&[("tencent/iai/2018-03-01/service.yaml", "notes: |\n  The CreateFace page", own)]);
    let ir = cloudbind_gen::load_ir(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let service = ir.vendors.iter().flat_map(|vendor| &vendor.services).find(|s| s.id == "iai").expect("IAI");
    let common: Vec<(&str, &str, ErrorOrigin)> =
        service.common_errors.iter().map(|e| (e.code.as_str(), e.summary.as_str(), e.origin)).collect();
    let of = |code: &str| -> Vec<(&str, ErrorOrigin)> {
        common.iter().filter(|(c, ..)| *c == code).map(|(_, summary, origin)| (*summary, *origin)).collect()
    };
    assert_eq!(of("ActionOffline"), [("IAI has taken the action offline.", ErrorOrigin::Service(0))], "{common:?}");
    let vendors = of("AuthFailure.InvalidAuthorization");
    assert_eq!(vendors.iter().map(|(_, origin)| *origin).collect::<Vec<_>>(), [ErrorOrigin::Vendor(1)], "{common:?}");
}

/// A service is a lowercase identifier, all of it, and not `mod`, which would meet the
/// vendor module's own `mod.rs`.
#[test]
fn a_service_named_mod_or_not_all_in_lowercase_is_refused() {
    let diagnostics = diagnose(&[
        ("azure/face/v1.0/service.yaml", "service: face\n", "service: mod\n"),
        ("tencent/iai/2018-03-01/service.yaml", "service: iai\n", "service: iaiV2\n"),
    ]);
    let found: Vec<&str> = diagnostics.errors.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        found,
        [
            "`mod` is a name the generated crate already uses for itself",
            "`service: mod` does not match its folder `face`",
            "`iaiV2` is not a lowercase identifier",
            "`service: iaiV2` does not match its folder `iai`",
        ],
        "{diagnostics}"
    );
}

/// Each endpoint is named with its own fault: an `azure-rest` URL without its scheme, an RPC
/// host with `{region}` where the service takes none, an RPC host with a path.
#[test]
fn endpoints_of_the_wrong_form_for_their_protocol_are_named_with_the_form() {
    let diagnostics = diagnose(&[
        (
            "azure/face/v1.0/service.yaml",
            "endpoint: \"https://api.cognitive.azure.cn/face/v1.0\"",
            "endpoint: \"api.cognitive.azure.cn/face/v1.0\"",
        ),
        ("tencent/iai/2018-03-01/service.yaml", "endpoint: iai.", "endpoint: iai.{region}."),
        (
            "tencent/ivld/2021-09-03/service.yaml",
            "endpoint: ivld.tencentcloudapi.com",
            "endpoint: ivld.tencentcloudapi.com/v3",
        ),
    ]);
    let found = said(&diagnostics);
    assert_eq!(
        found,
        [
            (
                "endpoint",
                "an `azure-rest` endpoint is a base URL with its scheme",
                Some("write it as `https://host/base/path`")
            ),
            (
                "endpoint",
                "the host has `{region}`, but the service takes no region (`region: none`)",
                Some("set `region: required`, or write the host of one region")
            ),
            (
                "endpoint",
                "an RPC-style endpoint is a host alone: requests always go to `POST /`",
                Some("write the host only")
            ),
        ],
        "{diagnostics}"
    );
}

// generator/src/check/action.rs

#[test]
fn a_response_field_with_a_request_fields_values_under_another_name_keeps_its_own_enum() {
    let model = "  - name: model\n    type: string\n    summary: The detection model that found the face.\n    \
                 limits:\n      allowed: [detection_01, detection_02, detection_03]\nerrors:\n";
    let dir = edited_specs(&[(AZURE_ADD_FACE, "\nerrors:\n", &format!("\n{model}"))]);
    let ir = cloudbind_gen::load_ir(dir.path()).unwrap_or_else(|e| panic!("{e}"));
    let mut actions = ir.vendors.iter().flat_map(|vendor| &vendor.services).flat_map(|service| &service.actions);
    let action = actions.find(|action| action.name == "PersonGroupPersonAddFace").expect("the action");
    let enum_of = |fields: &[cloudbind_gen::ir::Field], name: &str| {
        let field = fields.iter().find(|field| field.wire_name == name).expect("the field");
        field.values.as_ref().map(|values| values.enum_name.clone())
    };
    assert_eq!(enum_of(&action.request, "detectionModel").as_deref(), Some("PersonGroupPersonAddFaceDetectionModel"));
    assert_eq!(enum_of(&action.response, "model").as_deref(), Some("PersonGroupPersonAddFaceModel"));
}

#[test]
fn a_raw_body_kept_apart_from_only_some_json_body_parameters_is_refused() {
    // A second JSON body parameter, which the rule `exactly_one: [url, image]` leaves out.
    let note = "  - name: note\n    in: body\n    content_type: application/json\n    type: string\n    \
                summary: A note on the face.\n  - name: image\n";
    let diagnostics = diagnose(&[(AZURE_ADD_FACE, "  - name: image\n", note)]);
    assert_eq!(
        said(&diagnostics),
        [(
            "rules",
            "`image` is the whole body, so it cannot be sent with the JSON body parameters `url`, `note`",
            Some("add the rule `exactly_one: [url, note, image]`")
        )],
        "{diagnostics}"
    );
}

/// An empty body is what the runtime reads as a success without content (an Azure DELETE).
#[test]
fn an_example_response_with_an_empty_body_is_accepted() {
    accept(&[(
        AZURE_ADD_FACE,
        "body: |\n        { \"persistedFaceId\": \"B8D802CF-DD8F-4E61-B15C-9E6C5844CCBA\" }",
        "body: \"\"",
    )]);
}

#[test]
fn a_path_with_a_brace_left_open_is_not_a_plain_path() {
    let diagnostics = diagnose(&[(AZURE_ADD_FACE, "/persongroups/{personGroupId}/", "/persongroups/{personGroupId/")]);
    assert_eq!(
        said(&diagnostics),
        [
            (
                "http.path",
                "the path `/persongroups/{personGroupId/persons/{personId}/persistedFaces` is not a plain path with \
                 `{name}` placeholders",
                Some("close every `{`, and give query parameters `in: query` instead of writing them here")
            ),
            (
                "request[0].in",
                "path parameter `personGroupId` does not appear in `http.path`",
                Some("add `{personGroupId}` to the path")
            ),
        ],
        "{diagnostics}"
    );
}

#[test]
fn a_placeholder_named_by_a_query_parameter_is_refused() {
    let diagnostics = diagnose(&[(AZURE_ADD_FACE, "/persistedFaces\"", "/persistedFaces/{userData}\"")]);
    assert_eq!(
        said(&diagnostics),
        [(
            "http.path",
            "the path uses `{userData}`, but no request parameter `userData` has `in: path`",
            Some("add a required parameter `userData` with `in: path`, or fix the placeholder")
        )],
        "{diagnostics}"
    );
}

#[test]
fn rules_naming_an_unknown_or_required_parameter_or_only_one_are_refused() {
    let rules = "  - at_least_one: [Images, Url]\n  - at_least_one: [Images, PersonId]\n  - exactly_one: [Images]\n";
    let diagnostics = diagnose(&[(IAI_CREATE_FACE, "  - at_least_one: [Images, Urls]\n", rules)]);
    assert_eq!(
        said(&diagnostics),
        [
            (
                "rules[0].at_least_one[1]",
                "the rule names `Url`, which is not a request parameter",
                Some("did you mean `Urls`?")
            ),
            (
                "rules[1].at_least_one[1]",
                "the rule names `PersonId`, which is required anyway",
                Some("rules relate optional parameters; make it `required: false`")
            ),
            ("rules[2].exactly_one", "a rule needs at least two parameters", None),
        ],
        "{diagnostics}"
    );
}

#[test]
fn a_precedence_beside_an_exactly_one_rule_that_holds_only_its_winner_is_accepted() {
    let rules = "  - at_least_one: [Images, Urls]\n  - exactly_one: [Urls, QualityControl]\n";
    accept(&[(IAI_CREATE_FACE, "  - at_least_one: [Images, Urls]\n", rules)]);
}

#[test]
fn a_precedence_between_the_parameters_of_an_exactly_one_rule_is_refused() {
    let diagnostics =
        diagnose(&[(IAI_CREATE_FACE, "  - at_least_one: [Images, Urls]\n", "  - exactly_one: [Images, Urls]\n")]);
    assert_eq!(
        said(&diagnostics),
        [(
            "rules[1].precedence",
            "`exactly_one` forbids sending `Urls` and `Images` together, so this precedence cannot hold",
            Some("keep the rule the page states")
        )],
        "{diagnostics}"
    );
}

#[test]
fn a_precedence_of_a_parameter_over_itself_is_named_once() {
    let diagnostics = diagnose(&[(IAI_CREATE_FACE, "      over: Images\n", "      over: Urls\n")]);
    let d = only(&diagnostics);
    assert_eq!(
        (d.path.as_str(), d.message.as_str()),
        ("rules[1].precedence", "`winner` and `over` are the same parameter")
    );
}

/// The IAI service given a common code of its own, `ServiceBusy`.
const SERVICE_BUSY: (&str, &str, &str) = (
    "tencent/iai/2018-03-01/service.yaml",
    "notes: |\n  The CreateFace page",
    "common_errors:\n  - code: ServiceBusy\n    summary: The service is busy.\n    retry: transient\nnotes: |\n  The CreateFace page",
);

#[test]
fn an_action_may_list_a_common_code_of_its_service_again() {
    let busy = "errors:\n  - code: ServiceBusy\n    summary: The service is busy now.\n    retry: transient\n";
    accept(&[SERVICE_BUSY, (IAI_CREATE_FACE, "errors:\n", busy)]);
}

#[test]
fn an_action_code_that_takes_the_variant_of_a_service_common_code_is_refused() {
    let busy = "errors:\n  - code: FailedOperation.Busy\n    rust_name: ServiceBusy\n    summary: The service is busy now.\n    \
                retry: transient\n";
    let diagnostics = diagnose(&[SERVICE_BUSY, (IAI_CREATE_FACE, "errors:\n", busy)]);
    assert_eq!(
        said(&diagnostics),
        [(
            "errors[0].code",
            "codes `ServiceBusy` and `FailedOperation.Busy` both become variant `ServiceBusy`",
            Some("give one of them a `rust_name`")
        )],
        "{diagnostics}"
    );
}

#[test]
fn an_error_code_named_unknown_is_refused_for_its_reserved_variant() {
    let unknown = "errors:\n  - code: Unknown\n    summary: Something unknown went wrong.\n    retry: never\n";
    let diagnostics = diagnose(&[(IAI_CREATE_FACE, "errors:\n", unknown)]);
    assert_eq!(
        said(&diagnostics),
        [(
            "errors[0].code",
            "code `Unknown` would become variant `Unknown`, which is reserved for undocumented codes",
            Some("give it a `rust_name`")
        )],
        "{diagnostics}"
    );
}

#[test]
fn an_error_code_named_common_is_accepted_where_the_vendor_has_no_common_codes() {
    let common = "errors:\n  - code: Common\n    summary: A common failure.\n    http_status: 500\n    retry: never\n";
    accept(&[(AZURE_ADD_FACE, "errors:\n", common)]);
}

/// Only text that starts with a `"` and stops at a `:` is members without their object.
#[test]
fn json_that_stops_at_a_colon_or_starts_with_a_quote_gets_the_hint_of_its_own_mistake() {
    let first = "{\"PersonId\": \"1001\", \"Urls\": [\"http://test.image.myqcloud.com/testB.jpg\"";
    let second = "{\"PersonId\": \"1001\", \"Urls\": [\"http://test.image.myqcloud.com/testA.jpg\"]}";
    let diagnostics = diagnose(&[
        (IAI_CREATE_FACE, first, &first.replace("\"1001\", \"Urls\"", "\"1001\": \"Urls\", \"x\"")),
        (IAI_CREATE_FACE, second, "\"1001\", \"2002\""),
    ]);
    assert_eq!(
        said(&diagnostics),
        [
            (
                "examples[0].request",
                "the example request is not JSON: expected `,` or `}`",
                Some("a `,` is missing between two members or elements, or a `\"` inside text is not written `\\\"`")
            ),
            (
                "examples[1].request",
                "the example request is not JSON: trailing characters",
                Some("the text goes on after its JSON value ends: an example holds one body")
            ),
        ],
        "{diagnostics}"
    );
}

// generator/src/check/examples.rs

/// An Alibaba body with a success status and a `Code` the action does not document is a result.
#[test]
fn an_alibaba_success_example_with_an_undocumented_code_is_checked_as_a_result() {
    let face = "        {\n        \"FaceId\"";
    let diagnostics = diagnose(&[(MTS_REGISTER_FACE, face, &face.replace('{', "{\"Code\": \"OK\","))]);
    let d = only(&diagnostics);
    assert_eq!(d.message, "the example response has `Code`, which is not a response field", "{d}");
}

/// A model field whose type does not resolve is reported there, not again by the example.
#[test]
fn an_example_key_of_a_model_field_whose_type_does_not_resolve_is_not_named_again() {
    let width = "      - name: Width\n        type: u64\n";
    let diagnostics = diagnose(&[("tencent/iai/2018-03-01/service.yaml", width, &width.replace("u64", "u46"))]);
    let d = only(&diagnostics);
    assert_eq!((d.path.as_str(), d.message.as_str()), ("models[0].fields[2].type", "unknown type `u46`"), "{d}");
}

// generator/src/check/mod.rs

/// A key given no value is not named again where the checker already speaks of its path, but
/// that holds only within its own file: another file's problem at the same path leaves it.
#[test]
fn a_key_given_no_value_is_named_unless_its_own_file_has_a_problem_there() {
    let diagnostics = diagnose(&[
        (IAI_CREATE_FACE, "    example: \"1001\"\n", "    example: \"1001\"\n    default:\n"),
        (
            "tencent/facefusion/2018-12-01/FaceFusion.yaml",
            "    example: \"100646\"\n",
            "    example: \"100646\"\n    default: \"7\"\n",
        ),
    ]);
    let found: Vec<(&Path, &str)> = diagnostics.errors.iter().map(|d| (d.file.as_path(), d.message.as_str())).collect();
    assert_eq!(
        found,
        [
            (
                Path::new("specs/tencent/facefusion/2018-12-01/FaceFusion.yaml"),
                "`default` is for optional request parameters: a required parameter is always given"
            ),
            (Path::new("specs/tencent/iai/2018-03-01/CreateFace.yaml"), "`default` has no value"),
        ],
        "{diagnostics}"
    );
}
