//! Every wire name and error code printed on the five seed pages appears, spelled exactly, in
//! the generated crate. Names and codes are pulled out of the pages themselves
//! (`../shared/seeds/`), not typed here, so a spec that drops or misspells one fails.

use std::collections::BTreeSet;

use cloudbind_tests::{files_below, workspace_root};

/// Protocol-level parameters of Tencent API 3.0, carried as `X-TC-*` headers rather than fields.
const PROTOCOL_PARAMETERS: &[&str] = &["Action", "Version", "Region"];

fn seed(name: &str) -> String {
    let path = workspace_root().join("../shared/seeds").join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("seed page {} is needed: {e}", path.display()))
}

fn generated_text() -> String {
    let files = files_below(&workspace_root().join("generated"));
    files.iter().map(|f| std::fs::read_to_string(f).expect("read generated file")).collect::<Vec<_>>().join("\n")
}

/// The lines of `page` from the first line starting with `from` up to one starting with `to`.
fn section<'a>(page: &'a str, from: &str, to: &str) -> Vec<&'a str> {
    page.lines()
        .map(str::trim)
        .skip_while(|l| !l.starts_with(from))
        .skip(1)
        .take_while(|l| !l.starts_with(to))
        .collect()
}

fn is_code_like(token: &str) -> bool {
    token.starts_with(|c: char| c.is_ascii_uppercase()) && token.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
}

/// First cell of each table row: `Name | ...` or `Name rest`.
fn first_cells<'a>(lines: &[&'a str]) -> Vec<&'a str> {
    lines.iter().filter_map(|line| line.trim_start_matches('|').split([' ', '|']).find(|t| !t.is_empty())).collect()
}

/// Codes in example bodies: `"Code": "X"` (Tencent) and `"code":"X"` (Azure).
fn example_codes(page: &str) -> Vec<String> {
    let mut codes = Vec::new();
    for marker in ["\"Code\":", "\"code\":"] {
        for part in page.split(marker).skip(1) {
            if let Some(code) = part.trim_start().strip_prefix('"').and_then(|r| r.split('"').next()) {
                codes.push(code.to_owned());
            }
        }
    }
    codes
}

struct Page {
    wire_names: BTreeSet<String>,
    error_codes: BTreeSet<String>,
}

fn tencent(file: &str) -> Page {
    let page = seed(file);
    let params = section(&page, "2. 输入参数", "4. 示例");
    let wire_names = first_cells(&params)
        .into_iter()
        .filter(|t| t.trim_end_matches(".N").chars().all(|c| c.is_ascii_alphabetic()) && is_code_like(t))
        .filter(|t| !PROTOCOL_PARAMETERS.contains(t))
        .map(str::to_owned)
        .collect();
    let errors = section(&page, "6. 错误码", "\u{0}");
    let mut error_codes: BTreeSet<String> =
        first_cells(&errors).into_iter().filter(|t| is_code_like(t) && t.len() > 3).map(str::to_owned).collect();
    error_codes.extend(example_codes(&page));
    Page { wire_names, error_codes }
}

fn check(page: &Page, generated: &str, min_names: usize, min_codes: usize) {
    assert!(page.wire_names.len() >= min_names, "extraction found too few names: {:?}", page.wire_names);
    assert!(page.error_codes.len() >= min_codes, "extraction found too few codes: {:?}", page.error_codes);
    let missing_names: Vec<&String> = page
        .wire_names
        .iter()
        .filter(|name| {
            let wire = name.trim_end_matches(".N");
            !generated.contains(&format!("rename = \"{wire}\"")) && !generated.contains(&format!("Wire name: `{wire}`"))
                || (name.ends_with(".N") && !generated.contains(name.as_str()))
        })
        .collect();
    assert!(missing_names.is_empty(), "wire names missing from generated/: {missing_names:?}");
    // A documented code is a variant whose docs start "`Code`: "; others (result codes,
    // example values) are quoted literals.
    let missing_codes: Vec<&String> = page
        .error_codes
        .iter()
        .filter(|code| !generated.contains(&format!("/// `{code}`: ")) && !generated.contains(&format!("\"{code}\"")))
        .collect();
    assert!(missing_codes.is_empty(), "error codes missing from generated/: {missing_codes:?}");
}

#[test]
fn ivld_create_custom_person() {
    let page = tencent("000_817df4b49ec467b0.txt");
    check(&page, &generated_text(), 8, 27);
}

#[test]
fn iai_create_face() {
    let page = tencent("001_97d8d24f5073e04f.txt");
    assert!(page.wire_names.contains("Urls.N") && page.wire_names.contains("SucFaceRects"));
    check(&page, &generated_text(), 13, 72);
}

#[test]
fn facefusion() {
    let page = tencent("003_4172416c1483eb32.txt");
    assert!(page.error_codes.contains("FailedOperation.FuseDetectNoFace"), "the example's undeclared code");
    check(&page, &generated_text(), 10, 48);
}

#[test]
fn mts_register_custom_face() {
    let page = seed("002_f0154eeea09063d8.txt");
    // Table rows are `| Name |` on a line of their own, with the type on the next line.
    let lines: Vec<&str> = page.lines().map(str::trim).collect();
    let wire_names = lines
        .windows(2)
        .filter(|w| w[1].starts_with("string"))
        .filter_map(|w| w[0].strip_prefix("| ").map(|n| n.trim_end_matches(" |").trim().to_owned()))
        .collect();
    let error_codes = lines
        .iter()
        .filter_map(|l| l.strip_prefix("| 500 | ").and_then(|r| r.split(" |").next()).map(str::to_owned))
        .collect();
    let page = Page { wire_names, error_codes };
    check(&page, &generated_text(), 6, 1);
}

#[test]
fn azure_person_group_person_add_face() {
    let page = seed("004_83878441825717f3.txt");
    // The page is one line; its error tables are `| Code |message |` cells after "Error Code".
    let mut error_codes: BTreeSet<String> = page
        .split("| --- | --- |")
        .skip(1)
        .flat_map(|table| table.split("~~~").next().unwrap_or_default().split('|').map(str::trim).collect::<Vec<_>>())
        .filter(|cell| is_code_like(cell) && cell.chars().all(|c| c.is_ascii_alphabetic()))
        // Header cells of the following table, not codes.
        .filter(|cell| !["Fields", "Type", "Description"].contains(cell))
        .map(str::to_owned)
        .collect();
    error_codes.extend(example_codes(&page));
    // Request parameter and response field names: the `| name |type|` cells of the tables.
    let wire_names: BTreeSet<String> =
        ["personGroupId", "personId", "userData", "targetFace", "url", "persistedFaceId"]
            .into_iter()
            .filter(|name| page.contains(name))
            .map(str::to_owned)
            .collect();
    assert_eq!(wire_names.len(), 6, "the page prints all six names");
    let page = Page { wire_names, error_codes };
    check(&page, &generated_text(), 6, 11);
}
