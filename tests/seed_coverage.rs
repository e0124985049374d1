//! Every wire name and error code printed on the five seed pages appears, spelled exactly, in
//! the generated crate. Names and codes are pulled out of the pages themselves
//! (`../shared/seeds/`), not typed here, so a spec that drops or misspells one fails.
//!
//! The `*_facts` tests then hold each page against its own action's spec (the checked IR, not
//! the whole crate, where a code of another action or a common code would hide a dropped one):
//! every code of the page's table and examples is in the action's own table, with the HTTP
//! status the page gives it; every parameter and response field has the page's required flag,
//! a type of the page's kind and the page's example value (a placeholder the field's type
//! refuses must be quoted in its `notes`); every JSON body the page prints is one of the
//! action's examples, value for value; and every per-second rate limit is declared. A row the
//! Tencent pages print word for word alike is specified alike in each action.

use std::collections::BTreeSet;

use cloudbind_gen::ir::{Action, ErrorOrigin, Field, Period, Prim, Type};
use cloudbind_tests::{files_below, workspace_root};
use serde_json::Value;

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

/// Codes in example bodies: `"Code": "X"` (Tencent) and `"code":"X"` (Azure), and Azure's
/// `"statusCode": 429`, which stands in for a code in its rate-limit body.
fn example_codes(page: &str) -> Vec<String> {
    let mut codes = Vec::new();
    for marker in ["\"Code\":", "\"code\":"] {
        for part in page.split(marker).skip(1) {
            if let Some(code) = part.trim_start().strip_prefix('"').and_then(|r| r.split('"').next()) {
                codes.push(code.to_owned());
            }
        }
    }
    for part in page.split("\"statusCode\":").skip(1) {
        let digits: String = part.trim_start().chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() {
            codes.push(digits);
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

// ---------------------------------------------------------------------------------------------
// Each page against its own action's spec.

/// A parameter or response field as a page's table prints it.
#[derive(Debug)]
struct Row {
    /// Wire name (`Urls.N` is `Urls`).
    name: String,
    response: bool,
    /// The page's type (`String`, `Array of FaceRect`), when it prints one.
    ty: Option<String>,
    /// The page's required flag, when it has a column for it.
    required: Option<bool>,
    /// The page's example value, as printed.
    example: Option<String>,
}

/// What a page says of one action.
struct Facts {
    action: &'static str,
    rows: Vec<Row>,
    /// Every documented code, with the HTTP status the page gives it.
    codes: Vec<(String, Option<u16>)>,
    /// Every JSON object the page prints (request and response bodies).
    bodies: Vec<Value>,
    /// Documented limits in requests per second.
    per_second: Vec<u32>,
}

/// Every JSON object in `text`, in order; text between them (and braces that open no JSON,
/// such as `{personGroupId}`) is skipped.
fn json_objects(text: &str) -> Vec<Value> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find('{') {
        let candidate = &rest[start..];
        let mut stream = serde_json::Deserializer::from_str(candidate).into_iter::<Value>();
        match stream.next() {
            Some(Ok(value)) => {
                found.push(value);
                rest = &candidate[stream.byte_offset()..];
            }
            _ => rest = &candidate[1..],
        }
    }
    found
}

/// The error code an example body carries in its protocol's error envelope, if any.
fn envelope_code(body: &Value) -> Option<String> {
    ["/Response/Error/Code", "/error/code", "/error/statusCode"].iter().find_map(|pointer| {
        match body.pointer(pointer)? {
            Value::String(code) => Some(code.clone()),
            other => Some(other.to_string()),
        }
    })
}

/// Numbers that directly precede `unit` in `page` (`20次/秒`, `100 calls per second`).
fn rates(page: &str, unit: &str) -> Vec<u32> {
    page.split(unit)
        .filter_map(|before| {
            let digits: String = before.trim_end().chars().rev().take_while(char::is_ascii_digit).collect();
            digits.chars().rev().collect::<String>().parse().ok()
        })
        .collect()
}

fn tencent_facts(action: &'static str, file: &str) -> Facts {
    let page = seed(file);
    let mut rows: Vec<Row> = Vec::new();
    for (response, lines) in
        [(false, section(&page, "2. 输入参数", "3. 输出参数")), (true, section(&page, "3. 输出参数", "4. 示例"))]
    {
        // Whether the last row read is one of ours, which an `示例值:` line below it belongs to.
        let mut open = false;
        for line in lines {
            // IAI and FaceFusion print `Name | 是 | Type | Description 示例值:X |`; IVLD prints
            // `Name Type Description` with `示例值:X` on a line of its own.
            let piped = line.contains('|');
            let cells: Vec<&str> =
                if piped { line.split('|').map(str::trim).collect() } else { line.split_whitespace().collect() };
            let first = cells.first().copied().unwrap_or_default();
            let name = first.trim_end_matches(".N");
            if !is_code_like(first) || !name.chars().all(|c| c.is_ascii_alphabetic()) {
                if let (true, Some(value), Some(row)) = (open, line.strip_prefix("示例值:"), rows.last_mut()) {
                    row.example = Some(value.trim().to_owned());
                }
                continue;
            }
            open = !PROTOCOL_PARAMETERS.contains(&name);
            if !open {
                continue;
            }
            let (required, ty_at) = match cells.get(1).copied() {
                Some("是") => (Some(true), 2),
                Some("否") => (Some(false), 2),
                _ => (None, 1),
            };
            let ty = match cells.get(ty_at).copied() {
                Some("Array") if !piped => Some(cells.get(ty_at..ty_at + 3).unwrap_or_default().join(" ")),
                other => other.map(str::to_owned),
            };
            let example =
                line.split_once("示例值:").map(|(_, value)| value.trim_end().trim_end_matches('|').trim().to_owned());
            rows.push(Row { name: name.to_owned(), response, ty, required, example });
        }
    }
    let errors = section(&page, "6. 错误码", "\u{0}");
    let mut codes: Vec<(String, Option<u16>)> = first_cells(&errors)
        .into_iter()
        .filter(|t| is_code_like(t) && t.len() > 3)
        .map(|code| (code.to_owned(), None))
        .collect();
    let bodies = json_objects(&page);
    codes.extend(bodies.iter().filter_map(envelope_code).map(|code| (code, None)));
    Facts { action, rows, codes, bodies, per_second: rates(&page, "次/秒") }
}

fn alibaba_facts() -> Facts {
    let page = seed("002_f0154eeea09063d8.txt");
    let mut rows = Vec::new();
    for (response, from, to) in
        [(false, "Request parameters", "Response elements"), (true, "Response elements", "Examples")]
    {
        let lines = section(&page, from, to);
        // A row is `| Name |` on a line of its own, then one cell a line: type, required
        // (request only), description, example. The last row may be cut off.
        let starts: Vec<usize> = (0..lines.len())
            .filter(|&i| lines.get(i + 1).is_some_and(|next| next.starts_with("string")))
            .filter(|&i| lines[i].starts_with("| "))
            .collect();
        for (n, &start) in starts.iter().enumerate() {
            let end = starts.get(n + 1).copied().unwrap_or(lines.len());
            let cells: Vec<&str> = lines[start + 1..end].iter().map(|l| l.trim_end_matches('|').trim()).collect();
            let name = lines[start].trim_matches(|c| c == '|' || c == ' ');
            let (required, example) =
                if response { (None, cells.get(2)) } else { (cells.get(1).map(|flag| *flag == "Yes"), cells.get(3)) };
            rows.push(Row {
                name: name.to_owned(),
                response,
                ty: cells.first().map(|t| (*t).to_owned()),
                required,
                example: example.map(|e| (*e).to_owned()),
            });
        }
    }
    let codes = page
        .lines()
        .filter_map(|l| {
            let rest = l.trim().strip_prefix("| ")?;
            let (status, rest) = rest.split_once(" | ")?;
            let status = status.parse().ok()?;
            Some((rest.split(" |").next()?.to_owned(), Some(status)))
        })
        .collect();
    let bodies = json_objects(&page);
    Facts { action: "RegisterCustomFace", rows, codes, bodies, per_second: rates(&page, "calls per second") }
}

fn azure_facts() -> Facts {
    let page = seed("004_83878441825717f3.txt");
    // Parameters and fields are `| name |string|` cells; an optional one is `name(可选)`.
    // Those before the request headers are path and query parameters, which say whether they
    // are optional; the body field and the response field do not.
    let cells: Vec<&str> = page.split('|').map(str::trim).collect();
    let headers_at = page.find("Request headers").expect("the page has request headers");
    let response_at = page.find("Response 200").expect("the page has a 200 response");
    let mut rows = Vec::new();
    let mut offset = 0;
    for pair in cells.windows(2) {
        offset = page[offset..].find(pair[0]).map_or(offset, |at| offset + at);
        let name = pair[0].trim_end_matches("(可选)");
        let identifier =
            name.starts_with(|c: char| c.is_ascii_lowercase()) && name.chars().all(|c| c.is_ascii_alphanumeric());
        if pair[1] != "string" || !identifier {
            continue;
        }
        rows.push(Row {
            name: name.to_owned(),
            response: offset > response_at,
            ty: Some("String".to_owned()),
            required: (offset < headers_at).then_some(!pair[0].ends_with("(可选)")),
            example: None,
        });
    }
    // Each `Response NNN` part: the codes of its table cells and of its example body.
    let mut codes = Vec::new();
    for part in page.split("Response ").skip(1) {
        let Some(status) = part.get(..3).and_then(|s| s.parse::<u16>().ok()) else { continue };
        let table = part.split("~~~").next().unwrap_or_default();
        let cells = table.split('|').map(str::trim);
        let cells = cells.filter(|c| is_code_like(c) && c.chars().all(|c| c.is_ascii_alphabetic()));
        let cells = cells.filter(|c| !["Fields", "Type", "Description"].contains(c));
        codes.extend(cells.map(|c| (c.to_owned(), Some(status))));
        codes.extend(json_objects(part).first().and_then(envelope_code).map(|c| (c, Some(status))));
    }
    let bodies = json_objects(&page.replace("~~~", " "));
    Facts { action: "PersonGroupPersonAddFace", rows, codes, bodies, per_second: Vec::new() }
}

/// Whether a spec type is of the kind the page prints.
fn type_matches(page: &str, ty: &Type) -> bool {
    match (page.strip_prefix("Array of "), ty) {
        (Some(item), Type::List(inner)) => type_matches(item, inner),
        (None, Type::Prim(prim)) => match page.to_ascii_lowercase().as_str() {
            "string" => prim.is_text(),
            "integer" => prim.is_integer(),
            "float" => matches!(prim, Prim::F32 | Prim::F64),
            _ => false,
        },
        (None, Type::Model { name, .. }) => name == page,
        _ => false,
    }
}

/// Whether the field records the page's example value: as its `example` (`1001` printed for
/// a text field is the text `"1001"`), or, for a placeholder its type refuses, in its notes.
fn example_recorded(page: &str, field: &Field) -> bool {
    let printed: Value = serde_json::from_str(page).unwrap_or_else(|_| Value::String(page.to_owned()));
    // A `string` without limits takes any text, so no placeholder is refused by it.
    let takes_any_text = field.ty == Type::Prim(Prim::String) && field.limits.is_empty();
    match (&printed, &field.example) {
        (Value::Number(a), Some(Value::Number(b))) => a.as_f64() == b.as_f64(),
        (Value::Number(a), Some(Value::String(text))) => text.parse::<serde_json::Number>().ok().as_ref() == Some(a),
        (_, Some(example)) => printed == *example,
        (Value::String(_), None) if takes_any_text => false,
        (_, None) => field.notes.as_deref().is_some_and(|notes| notes.contains(&format!("`{page}`"))),
    }
}

/// The problems of `facts` against the spec of its action in `actions`.
fn fact_problems(facts: &Facts, actions: &[&Action]) -> Vec<String> {
    let action =
        actions.iter().find(|a| a.name == facts.action).unwrap_or_else(|| panic!("no spec of {}", facts.action));
    let mut problems = Vec::new();
    for row in &facts.rows {
        let (side, fields) = if row.response { ("response", &action.response) } else { ("request", &action.request) };
        let Some(field) = fields.iter().find(|f| f.wire_name == row.name) else {
            problems.push(format!("{side} field {} is missing", row.name));
            continue;
        };
        if row.required.is_some_and(|required| required != field.required) {
            problems.push(format!("{side} field {}: the page's required flag is {:?}", row.name, row.required));
        }
        if row.ty.as_deref().is_some_and(|ty| !type_matches(ty, &field.ty)) {
            problems.push(format!(
                "{side} field {}: type {} for the page's {:?}",
                row.name,
                field.ty.spelling(),
                row.ty
            ));
        }
        if let Some(example) = row.example.as_deref().filter(|e| !example_recorded(e, field)) {
            problems.push(format!("{side} field {}: example {:?} for the page's {example}", row.name, field.example));
        }
    }
    for (code, status) in &facts.codes {
        match action.errors.iter().find(|e| e.code == *code) {
            None => problems.push(format!("code {code} is missing")),
            Some(e) if e.origin != ErrorOrigin::Action => {
                problems.push(format!("code {code} is only a common code, not in the action's own table"))
            }
            Some(e) => {
                if let Some(status) = status.filter(|s| !e.http_status.contains(s)) {
                    problems.push(format!("code {code}: HTTP {:?} for the page's {status}", e.http_status));
                }
            }
        }
    }
    let spec_bodies: Vec<Value> = action
        .examples
        .iter()
        .flat_map(|e| [e.request.as_deref(), Some(e.body.as_str())])
        .flatten()
        .filter_map(|text| serde_json::from_str(text).ok())
        .collect();
    for body in facts.bodies.iter().filter(|body| !spec_bodies.contains(body)) {
        problems.push(format!("the page's example body {body} is no example of the spec"));
    }
    for n in &facts.per_second {
        if !action.rate_limits.iter().any(|r| r.requests == *n && r.per == Period::Second) {
            problems.push(format!("the page's limit of {n} requests per second is not declared"));
        }
    }
    problems
}

fn check_facts(facts: &Facts, min_rows: usize, min_codes: usize, bodies: usize) {
    assert!(facts.rows.len() >= min_rows, "extraction found too few rows: {:#?}", facts.rows);
    assert!(facts.codes.len() >= min_codes, "extraction found too few codes: {:?}", facts.codes);
    assert_eq!(facts.bodies.len(), bodies, "the page's JSON bodies: {:?}", facts.bodies);
    let ir = cloudbind_gen::load_ir(&workspace_root()).unwrap_or_else(|e| panic!("{e}"));
    let actions: Vec<&Action> = ir.vendors.iter().flat_map(|v| &v.services).flat_map(|s| &s.actions).collect();
    let problems = fact_problems(facts, &actions);
    assert!(problems.is_empty(), "{} differs from its page:\n{}", facts.action, problems.join("\n"));
}

#[test]
fn ivld_create_custom_person_facts() {
    let facts = tencent_facts("CreateCustomPerson", "000_817df4b49ec467b0.txt");
    assert!(facts.rows.iter().all(|r| r.required.is_none()), "the page's required column is empty");
    assert_eq!(facts.per_second, [20]);
    check_facts(&facts, 8, 27, 2);
}

#[test]
fn iai_create_face_facts() {
    let facts = tencent_facts("CreateFace", "001_97d8d24f5073e04f.txt");
    let urls = facts.rows.iter().find(|r| r.name == "Urls").expect("the page has Urls.N");
    assert_eq!((urls.required, urls.ty.as_deref()), (Some(false), Some("Array of String")));
    check_facts(&facts, 13, 73, 2);
}

#[test]
fn facefusion_facts() {
    let facts = tencent_facts("FaceFusion", "003_4172416c1483eb32.txt");
    assert_eq!(facts.per_second, [1, 50]);
    let examples = facts.rows.iter().filter(|r| r.example.is_some()).count();
    assert_eq!(examples, 9, "the page's example values: {:#?}", facts.rows);
    check_facts(&facts, 11, 48, 4);
}

#[test]
fn mts_register_custom_face_facts() {
    let facts = alibaba_facts();
    assert_eq!(facts.per_second, [100]);
    check_facts(&facts, 6, 1, 1);
}

#[test]
fn azure_person_group_person_add_face_facts() {
    let facts = azure_facts();
    let required: Vec<(&str, Option<bool>)> = facts.rows.iter().map(|r| (r.name.as_str(), r.required)).collect();
    assert_eq!(
        required,
        [
            ("personGroupId", Some(true)),
            ("personId", Some(true)),
            ("userData", Some(false)),
            ("targetFace", Some(false)),
            ("url", None),
            ("persistedFaceId", None),
        ]
    );
    check_facts(&facts, 6, 19, 9);
}

/// A row of a Tencent page's parameter or response table: `(response, wire name, text)`, the
/// text being the whole row with white space and table pipes removed (IVLD prints no pipes,
/// the others do), so that one row printed on two pages compares equal.
type PrintedRow = (bool, String, String);

fn tencent_row_texts(file: &str) -> Vec<PrintedRow> {
    let page = seed(file);
    let mut rows = Vec::new();
    for (response, lines) in
        [(false, section(&page, "2. 输入参数", "3. 输出参数")), (true, section(&page, "3. 输出参数", "4. 示例"))]
    {
        for line in lines {
            let first = line.split(|c: char| c == '|' || c.is_whitespace()).next().unwrap_or_default();
            let name = first.trim_end_matches(".N");
            if is_code_like(first)
                && name.chars().all(|c| c.is_ascii_alphabetic())
                && !PROTOCOL_PARAMETERS.contains(&name)
            {
                let text: String = line.chars().filter(|c| *c != '|' && !c.is_whitespace()).collect();
                rows.push((response, name.to_owned(), text));
            }
        }
    }
    rows
}

/// A row the Tencent pages print word for word alike (the RequestId row of every response)
/// gets the same summary, description and notes in each action's spec: a fact kept on one
/// copy only is one the others dropped.
#[test]
fn tencent_rows_printed_alike_are_specified_alike() {
    let pages = [
        ("CreateCustomPerson", "000_817df4b49ec467b0.txt"),
        ("CreateFace", "001_97d8d24f5073e04f.txt"),
        ("FaceFusion", "003_4172416c1483eb32.txt"),
    ];
    let ir = cloudbind_gen::load_ir(&workspace_root()).unwrap_or_else(|e| panic!("{e}"));
    let actions: Vec<&Action> = ir.vendors.iter().flat_map(|v| &v.services).flat_map(|s| &s.actions).collect();
    let field = |action: &str, response: bool, name: &str| -> Field {
        let action = actions.iter().find(|a| a.name == action).unwrap_or_else(|| panic!("no spec of {action}"));
        let fields = if response { &action.response } else { &action.request };
        fields.iter().find(|f| f.wire_name == name).unwrap_or_else(|| panic!("{} has no {name}", action.name)).clone()
    };
    let rows: Vec<(&str, Vec<PrintedRow>)> =
        pages.iter().map(|(action, file)| (*action, tencent_row_texts(file))).collect();
    let mut shared = Vec::new();
    let mut problems = Vec::new();
    for (i, (a, a_rows)) in rows.iter().enumerate() {
        for (b, b_rows) in &rows[i + 1..] {
            for (response, name, _) in a_rows.iter().filter(|row| b_rows.contains(row)) {
                shared.push(format!("{a}/{b} {name}"));
                let (x, y) = (field(a, *response, name), field(b, *response, name));
                if (&x.summary, &x.description, &x.notes) != (&y.summary, &y.description, &y.notes) {
                    problems.push(format!(
                        "{name}: {a} has {:?} / {:?} / {:?}, {b} has {:?} / {:?} / {:?}",
                        x.summary, x.description, x.notes, y.summary, y.description, y.notes
                    ));
                }
            }
        }
    }
    assert!(shared.len() >= 3, "every pair of pages prints the RequestId row alike: {shared:?}");
    assert!(problems.is_empty(), "rows printed alike, specified differently:\n{}", problems.join("\n"));
}
