//! The values of an action's examples against the spec's types.
//!
//! A page's example is a fact, so an example that does not fit its field's type means the
//! example was copied wrong or the spec typed the field wrong. Only JSON kinds are checked
//! (text, integers in the type's range, numbers, booleans, arrays, objects with the model's
//! keys, and a success response's required fields), never limits: pages fill examples with
//! placeholders (`"xxx"` as an image) that would break them.

use serde_json::{Map, Value};

use crate::diag::{did_you_mean, Diagnostic, Source};
use crate::ir::{self, Field, Model, Prim, Protocol, Type};
use crate::locate::KeyPath;
use crate::spec::{ActionSpec, FieldSpec, ModelSpec};

/// Every mismatch between an action's examples and its checked types, at the example's
/// `request` or `response.body`. Examples that are not JSON are reported by the checker
/// itself. The specs as written (`spec`, `model_specs`) tell a key no field has from one
/// whose field was dropped for a mistake already reported (a type that does not resolve).
pub(super) fn check(
    source: &Source,
    spec: &ActionSpec,
    action: &ir::Action,
    protocol: Protocol,
    models: &[Model],
    model_specs: &[ModelSpec],
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let walk = |side, declared| Walk { protocol, models, model_specs, side, declared, found: Vec::new() };
    for (i, example) in action.examples.iter().enumerate() {
        let at = KeyPath::root().key("examples").index(i);
        let request = example.request.as_deref().and_then(|text| serde_json::from_str::<Value>(text).ok());
        if let Some(Value::Object(object)) = request {
            let mut walk = walk("request", &spec.request);
            walk.object(String::new(), &object, &action.request, None);
            out.extend(walk.diagnostics(source, &at.key("request"), example.request.as_deref().unwrap_or_default()));
        }
        let Ok(body) = serde_json::from_str::<Value>(&example.body) else { continue };
        let mut walk = walk("response", &spec.response);
        let documented = |code: &str| action.errors.iter().any(|e| e.code == code);
        match success_result(protocol, example.status, &body, documented) {
            Some(Ok((path, result))) => match &action.response_body {
                Some(ty) => walk.value(path, result, ty, false),
                None if !result.is_object() => walk.found.push(not_an_object(protocol, path, result)),
                None => walk.fields(path, result, &action.response, None),
            },
            Some(Err(problem)) => walk.found.push(problem),
            None => {}
        }
        out.extend(walk.diagnostics(source, &at.key("response").key("body"), &example.body));
    }
    out
}

/// A problem: what is wrong, how to fix it, and the JSON path it is at (empty for the whole
/// text).
type Found = (String, Option<String>, String);

/// The action's result in an example body, with its JSON path, when the example shows a
/// success (as the runtime reads it); `None` for an error example. Tencent wraps the result
/// in `Response`, an error too (with status 200); Alibaba and Azure send it bare, and an
/// error with an error status (an Azure error body always has `error`, an Alibaba one with a
/// success status a `Code` the action documents).
fn success_result(
    protocol: Protocol,
    status: Option<u16>,
    body: &Value,
    documented: impl Fn(&str) -> bool,
) -> Option<Result<(String, &Value), Found>> {
    if let Some((path, kind)) = ir::example_code_not_text(protocol, status, body) {
        return Some(Err((
            format!(
                "the example response's `{path}` is {kind}, not a code, so the runtime reads the body \
                 as no error of the vendor's (and never as a result)"
            ),
            Some("copy the error from the page: its code is text (or a number)".to_owned()),
            path,
        )));
    }
    if ir::example_error_code(protocol, status, body, documented).is_some() {
        return None;
    }
    let success = match protocol {
        Protocol::TencentApi3 => status.is_none_or(|status| status == 200),
        Protocol::AlibabaRpc | Protocol::AzureRest => status.is_none_or(|status| (200..300).contains(&status)),
    };
    if !success {
        return None;
    }
    // No Azure result has an `error` (`null` is none). An `error` object is the vendor's
    // error, taken above; anything else the runtime reads as malformed with a success status.
    if protocol == Protocol::AzureRest && body.get("error").is_some_and(|error| !error.is_null()) {
        return Some(Err((
            "the example response's `error` is not an object, so the runtime reads the body as malformed, neither a \
             result nor an error"
                .to_owned(),
            Some(
                "copy the error from the page (`\"error\": {\"code\": \"...\", \"message\": \"...\"}`); a result \
                 has no `error`"
                    .to_owned(),
            ),
            "error".to_owned(),
        )));
    }
    if protocol != Protocol::TencentApi3 {
        return Some(Ok((String::new(), body)));
    }
    match body.get("Response") {
        // An error with a code was found above; the runtime reads one without as malformed.
        Some(response) if ir::tencent_error(response).is_some() => Some(Err((
            "the example response's `Response.Error` has no `Code` (or a `null` one), so the runtime reads the body as malformed, \
             neither a result nor an error"
                .to_owned(),
            Some(
                "copy the error from the page (`\"Error\": {\"Code\": \"...\", \"Message\": \"...\"}`); a result \
                 has no `Error`, or `\"Error\": null`"
                    .to_owned(),
            ),
            "Response.Error".to_owned(),
        ))),
        Some(response) => Some(Ok(("Response".to_owned(), response))),
        None => Some(Err((
            "the example response has no `Response` object, which holds every Tencent Cloud API 3.0 result".to_owned(),
            Some("copy the body exactly from the page, `{\"Response\": {...}}` included".to_owned()),
            String::new(),
        ))),
    }
}

/// A result at `path` that is not a JSON object, where the action's result is an object of
/// its response fields: a problem of the example's shape, not of a field's type.
fn not_an_object(protocol: Protocol, path: String, result: &Value) -> Found {
    let (place, hint) = match protocol {
        Protocol::TencentApi3 => (
            "`Response`",
            "a Tencent Cloud API 3.0 `Response` is always an object of the result's fields and `RequestId` (a list \
             the action returns is one of those fields): copy it from the page",
        ),
        Protocol::AzureRest => (
            "body",
            "if the page's success body is a JSON list, declare it with `response_body: list<...>` and \
             `response: []`; else copy the body from the page",
        ),
        Protocol::AlibabaRpc => {
            ("body", "an Alibaba RPC result is an object of its fields and `RequestId`: copy the body from the page")
        }
    };
    let message =
        format!("the example response's {place} is {}, but the action's result is a JSON object", describe(result));
    (message, Some(hint.to_owned()), path)
}

/// One side of one example being walked.
struct Walk<'a> {
    protocol: Protocol,
    models: &'a [Model],
    model_specs: &'a [ModelSpec],
    /// `request` or `response`, for the messages.
    side: &'static str,
    /// The side's fields as written.
    declared: &'a [FieldSpec],
    found: Vec<Found>,
}

impl Walk<'_> {
    /// Each problem at its key or element inside `json`, the example's text, when that place
    /// can be found in the file; else at the example's key.
    fn diagnostics<'s>(
        self,
        source: &'s Source,
        at: &'s KeyPath,
        json: &'s str,
    ) -> impl Iterator<Item = Diagnostic> + 's {
        self.found.into_iter().map(move |(message, hint, path)| match locate(json, &path) {
            Some(offset) => source.error_inside(at, json, offset, message, hint),
            None => source.error(at, message, hint),
        })
    }

    /// `value` must be an object of `fields` (the request's or response's, or a model's).
    fn fields(&mut self, path: String, value: &Value, fields: &[Field], model: Option<&str>) {
        match value {
            Value::Object(object) => self.object(path, object, fields, model),
            other => {
                let subject = match model {
                    Some(model) => format!("its type `{model}`"),
                    None => format!("the {}", self.side),
                };
                self.mismatch(&path, other, &subject, "a JSON object of its fields");
            }
        }
    }

    /// Each member of `object` must be one of `fields` and fit its type.
    fn object(&mut self, path: String, object: &Map<String, Value>, fields: &[Field], model: Option<&str>) {
        for (key, value) in object {
            // Tencent's `"Error": null` beside a result says there is no error; the runtime
            // skips it.
            if self.protocol == Protocol::TencentApi3 && path == "Response" && key == "Error" && value.is_null() {
                continue;
            }
            let member = if path.is_empty() { key.clone() } else { format!("{path}.{key}") };
            match fields.iter().find(|field| field.wire_name == *key) {
                // An optional field may be `null`, which reads as absent.
                Some(field) => self.value(member, value, &field.ty, !field.required),
                None if self.declares(model, key) => {}
                None => {
                    let owner = match model {
                        Some(model) => format!("a field of model `{model}`"),
                        None if self.side == "request" => "a request parameter".to_owned(),
                        None => format!("a {} field", self.side),
                    };
                    let names = fields.iter().map(|field| field.wire_name.as_str());
                    let hint = did_you_mean(key, names).unwrap_or_else(|| {
                        "if the page's example has it, the spec is missing the field; else fix the example".to_owned()
                    });
                    let message = format!("the example {} has `{member}`, which is not {owner}", self.side);
                    self.found.push((message, Some(hint), member));
                }
            }
        }
        // A response without a field the spec says the vendor guarantees does not read as the
        // generated type. (A request example may leave out a required parameter, to show the
        // error that follows.)
        if self.side != "response" {
            return;
        }
        for field in fields.iter().filter(|field| field.required && !object.contains_key(&field.wire_name)) {
            let member = if path.is_empty() { field.wire_name.clone() } else { format!("{path}.{}", field.wire_name) };
            self.found.push((
                format!("the example response has no `{member}`, which the spec marks `required: true`"),
                Some(
                    "the generated type cannot read the example without it: if the page's example leaves it out, the \
                     vendor does not guarantee it, so make it optional"
                        .to_owned(),
                ),
                path.clone(),
            ));
        }
    }

    /// Whether the spec as written has a field `key` (in `model`, else on this side).
    fn declares(&self, model: Option<&str>, key: &str) -> bool {
        let declared = match model {
            Some(model) => self.model_specs.iter().find(|spec| spec.name == model).map_or(&[][..], |spec| &spec.fields),
            None => self.declared,
        };
        declared.iter().any(|field| field.name == key)
    }

    /// `value`, at `path`, must be of type `ty`.
    fn value(&mut self, path: String, value: &Value, ty: &Type, nullable: bool) {
        if value.is_null() && nullable {
            return;
        }
        match ty {
            Type::Prim(prim) => {
                if !fits(*prim, value) {
                    self.mismatch(&path, value, &format!("its type `{}`", prim.spelling()), wants(*prim));
                }
            }
            Type::List(item) => match value {
                Value::Array(items) => {
                    for (i, element) in items.iter().enumerate() {
                        self.value(format!("{path}[{i}]"), element, item, false);
                    }
                }
                other => self.mismatch(&path, other, &format!("its type `{}`", ty.spelling()), "a JSON array"),
            },
            Type::Model { name, .. } => {
                // A model the service does not have is reported where it is named.
                if let Some(model) = self.models.iter().find(|model| model.name == *name) {
                    self.fields(path, value, &model.fields, Some(&model.name));
                }
            }
        }
    }

    /// `value` at `path` is not what `subject` (its type, or the whole request or response)
    /// is in JSON: `kind`.
    fn mismatch(&mut self, path: &str, value: &Value, subject: &str, kind: &str) {
        let place = if path.is_empty() { "body".to_owned() } else { format!("`{path}`") };
        self.found.push((
            format!("the example {}'s {place} is {}, but {subject} is {kind}", self.side, describe(value)),
            Some("check the value against the page; if it is the page's, the spec's `type` is wrong".to_owned()),
            path.to_owned(),
        ));
    }
}

/// The byte offset in `json` (valid JSON) of what `path` names (`Response.Faces[0].X`, as
/// the walk writes paths): a member's key, or an array's element; the whole text for an empty
/// path. `None` when it is not there, or when a key holds `.` or `[` and the path cannot say
/// which.
fn locate(json: &str, path: &str) -> Option<usize> {
    let bytes = json.as_bytes();
    // `shown` is what a reader looks at; `at` is the value the next step goes into.
    let mut at = skip_space(bytes, 0);
    let mut shown = at;
    if path.is_empty() {
        return Some(shown);
    }
    for step in path.split('.') {
        let (key, indices) = step.split_once('[').unwrap_or((step, ""));
        if !key.is_empty() {
            (shown, at) = member(bytes, at, key)?;
        }
        for index in indices.split('[').filter(|part| !part.is_empty()) {
            at = element(bytes, at, index.strip_suffix(']')?.parse().ok()?)?;
            shown = at;
        }
    }
    Some(shown)
}

/// The offsets of member `key`'s key and of its value, in the object at `at`: of its last
/// occurrence, which is the one serde_json keeps.
fn member(bytes: &[u8], at: usize, key: &str) -> Option<(usize, usize)> {
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    let mut found = None;
    let mut i = skip_space(bytes, at + 1);
    while bytes.get(i) == Some(&b'"') {
        let end = skip_value(bytes, i)?;
        let name: String = serde_json::from_slice(&bytes[i..end]).ok()?;
        // Past the `:`.
        let value = skip_space(bytes, skip_space(bytes, end) + 1);
        if name == key {
            found = Some((i, value));
        }
        // Past the value and its `,`; the object's `}` means it has no more.
        let after = skip_space(bytes, skip_value(bytes, value)?);
        if bytes.get(after) != Some(&b',') {
            break;
        }
        i = skip_space(bytes, after + 1);
    }
    found
}

/// The offset of element `index` of the array at `at`.
fn element(bytes: &[u8], at: usize, index: usize) -> Option<usize> {
    if bytes.get(at) != Some(&b'[') {
        return None;
    }
    let mut i = skip_space(bytes, at + 1);
    for _ in 0..index {
        // Past the element and its `,`; the array's `]` means it has no more.
        let after = skip_space(bytes, skip_value(bytes, i)?);
        if bytes.get(after) != Some(&b',') {
            return None;
        }
        i = skip_space(bytes, after + 1);
    }
    matches!(bytes.get(i), Some(b) if *b != b']').then_some(i)
}

/// The first offset from `i` that is not JSON white space.
fn skip_space(bytes: &[u8], mut i: usize) -> usize {
    while matches!(bytes.get(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
        i += 1;
    }
    i
}

/// The offset just past the value starting at `i`: a string (escapes included), an object
/// or array (the strings inside included), or a number or literal.
fn skip_value(bytes: &[u8], i: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut j = i;
    loop {
        match *bytes.get(j)? {
            b'"' => {
                j += 1;
                while *bytes.get(j)? != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                j += 1;
            }
            b'{' | b'[' => {
                depth += 1;
                j += 1;
            }
            b'}' | b']' => {
                depth = depth.checked_sub(1)?;
                j += 1;
            }
            // A number or literal runs to the next delimiter.
            _ if depth == 0 => {
                while bytes.get(j).is_some_and(|b| !matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r')) {
                    j += 1;
                }
                return Some(j);
            }
            _ => j += 1,
        }
        if depth == 0 {
            return Some(j);
        }
    }
}

/// Whether `value` is of the built-in type `prim`, as the generated code reads and writes it.
fn fits(prim: Prim, value: &Value) -> bool {
    match prim {
        Prim::String | Prim::Url | Prim::Uuid | Prim::Base64 => value.is_string(),
        Prim::Bool => value.is_boolean(),
        Prim::I32 => value.as_i64().is_some_and(|n| i32::try_from(n).is_ok()),
        Prim::I64 => value.is_i64(),
        Prim::U32 => value.as_u64().is_some_and(|n| u32::try_from(n).is_ok()),
        Prim::U64 => value.is_u64(),
        Prim::F32 | Prim::F64 => value.is_number(),
        // The raw body of a request, never a JSON value.
        Prim::Binary => false,
    }
}

/// What a value of `prim` is in JSON.
fn wants(prim: Prim) -> &'static str {
    match prim {
        Prim::String | Prim::Url | Prim::Uuid | Prim::Base64 => "a JSON string",
        Prim::Bool => "`true` or `false`",
        Prim::I32 => "a JSON integer from -2147483648 to 2147483647",
        Prim::I64 => "a JSON integer",
        Prim::U32 => "a JSON integer from 0 to 4294967295",
        Prim::U64 => "a JSON integer of 0 or more",
        Prim::F32 | Prim::F64 => "a JSON number",
        Prim::Binary => "the raw request body, never part of the JSON",
    }
}

/// A value as a message shows it: its kind, and a short form of scalars.
fn describe(value: &Value) -> String {
    match value {
        Value::Null => "`null`".to_owned(),
        Value::Bool(b) => format!("`{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(text) if text.chars().count() > 40 => {
            format!("the text `\"{}...\"`", text.chars().take(40).collect::<String>())
        }
        Value::String(text) => format!("the text `{value}`", value = Value::String(text.clone())),
        Value::Array(_) => "an array".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scalars_fit_by_json_kind_and_integer_range() {
        let json = |text: &str| serde_json::from_str::<Value>(text).expect("JSON");
        assert!(fits(Prim::Url, &json("\"xxx\"")), "limits are not checked");
        assert!(!fits(Prim::String, &json("3")));
        assert!(fits(Prim::U32, &json("4294967295")) && !fits(Prim::U32, &json("4294967296")));
        assert!(!fits(Prim::U64, &json("-1")) && fits(Prim::I64, &json("-1")));
        assert!(!fits(Prim::I32, &json("1.0")), "serde reads no integer from 1.0");
        assert!(fits(Prim::F32, &json("30")) && fits(Prim::F64, &json("0.5")));
        assert!(!fits(Prim::Bool, &json("1")));
        assert!(fits(Prim::I64, &json(&i64::MIN.to_string())) && fits(Prim::U64, &json(&u64::MAX.to_string())));
        assert_eq!(
            describe(&json(&format!("\"{}\"", "a".repeat(50)))),
            format!("the text `\"{}...\"`", "a".repeat(40))
        );
    }

    #[test]
    fn a_json_path_is_found_at_its_key_or_element() {
        let json =
            "{\"Response\": {\"Name\": \"a\\\"}\", \"Faces\": [{\"X\": 1}, {\"X\": 2, \"Y\": [3, 4]}], \"N\": -1.5e3}}";
        let at = |path: &str| locate(json, path).map(|offset| &json[offset..]);
        assert!(at("").is_some_and(|rest| rest.starts_with("{\"Response\"")));
        assert!(at("Response.Name").is_some_and(|rest| rest.starts_with("\"Name\"")));
        assert!(at("Response.Faces[1]").is_some_and(|rest| rest.starts_with("{\"X\": 2")));
        assert!(at("Response.Faces[1].Y").is_some_and(|rest| rest.starts_with("\"Y\"")));
        assert!(at("Response.Faces[1].Y[1]").is_some_and(|rest| rest.starts_with("4]")));
        assert!(at("Response.N").is_some_and(|rest| rest.starts_with("\"N\"")));
        // A repeated key is the last one, which serde_json keeps.
        let twice = "{\"A\": 1, \"A\": \"one\"}";
        assert_eq!(locate(twice, "A").map(|offset| &twice[offset..]), Some("\"A\": \"one\"}"));
        for missing in ["Response.Nope", "Response.Faces[2]", "Response.Name[0]", "Response.Faces.X"] {
            assert_eq!(at(missing), None, "{missing}");
        }
    }

    #[test]
    fn only_success_results_of_the_action_are_walked() {
        let json = |text: &str| serde_json::from_str::<Value>(text).expect("JSON");
        /// For an action documenting one code, `X`.
        fn result(protocol: Protocol, status: Option<u16>, body: &Value) -> Option<Result<(String, &Value), Found>> {
            success_result(protocol, status, body, |code| code == "X")
        }
        let tencent_error = json(r#"{"Response": {"Error": {"Code": "X"}, "RequestId": "r"}}"#);
        assert!(result(Protocol::TencentApi3, Some(200), &tencent_error).is_none());
        let tencent = json(r#"{"Response": {"RequestId": "r"}}"#);
        let found = result(Protocol::TencentApi3, None, &tencent).expect("a result").expect("wrapped");
        assert_eq!(found, ("Response".to_owned(), &tencent["Response"]));
        assert!(result(Protocol::TencentApi3, None, &json("{}")).expect("a result").is_err());
        // `"Error": null` is no error, as the runtime reads it; an `Error` without a code is
        // neither a result nor an error.
        let null_error = json(r#"{"Response": {"Error": null, "RequestId": "r"}}"#);
        assert!(result(Protocol::TencentApi3, Some(200), &null_error).is_some_and(|found| found.is_ok()));
        for codeless in [r#"{"Error": {"Code": null}}"#, r#"{"Error": {}}"#, r#"{"Error": "x"}"#] {
            let body = json(&format!(r#"{{"Response": {codeless}}}"#));
            assert!(result(Protocol::TencentApi3, None, &body).is_some_and(|found| found.is_err()), "{codeless}");
        }
        assert!(result(Protocol::AlibabaRpc, Some(400), &json(r#"{"Code": "X"}"#)).is_none());
        assert!(result(Protocol::AlibabaRpc, Some(200), &json(r#"{"Code": "OK"}"#)).is_some());
        assert!(result(Protocol::AlibabaRpc, Some(200), &json(r#"{"Code": "X"}"#)).is_none(), "the runtime's error");
        assert!(result(Protocol::AzureRest, Some(500), &json("{}")).is_none(), "no error body, no result");
        assert!(result(Protocol::AzureRest, Some(200), &json("[1]")).is_some());
        // An Azure `error` that is not an object is neither an error nor a result, as the
        // runtime reads it with a success status; `"error": null` is none.
        for odd in [r#"{"error": "X"}"#, r#"{"error": []}"#, r#"{"error": false}"#] {
            let found = result(Protocol::AzureRest, Some(200), &json(odd)).and_then(Result::err).map(|(_, _, at)| at);
            assert_eq!(found.as_deref(), Some("error"), "{odd}");
            assert!(result(Protocol::AzureRest, Some(400), &json(odd)).is_none(), "{odd}: a bare status");
        }
        let null = json(r#"{"error": null, "persistedFaceId": "p"}"#);
        assert_eq!(result(Protocol::AzureRest, Some(200), &null), Some(Ok((String::new(), &null))));
        // Codes that are not text are read as the runtime reads them.
        assert!(result(Protocol::TencentApi3, None, &json(r#"{"Response": {"Error": {"Code": -1}}}"#)).is_none());
        let code = |protocol, status, body: &str| ir::example_error_code(protocol, status, &json(body), |_| false);
        assert_eq!(
            code(Protocol::TencentApi3, None, r#"{"Response": {"Error": {"Code": -1}}}"#).as_deref(),
            Some("-1")
        );
        assert_eq!(code(Protocol::TencentApi3, None, r#"{"Response": {"Error": {"Code": null}}}"#), None);
        assert_eq!(code(Protocol::AzureRest, Some(503), r#"{"error": {"message": "m"}}"#).as_deref(), Some("503"));
        // A code that is a boolean, an object or a list is none: the runtime reads no vendor
        // error there, and the example is refused at the code.
        let odd: [(Protocol, Option<u16>, &str, &str); 6] = [
            (
                Protocol::TencentApi3,
                None,
                r#"{"Response": {"Error": {"Code": {"X": 1}}, "RequestId": "r"}}"#,
                "Response.Error.Code",
            ),
            (Protocol::AlibabaRpc, Some(400), r#"{"Code": ["X"], "RequestId": "r"}"#, "Code"),
            (Protocol::AlibabaRpc, Some(400), r#"{"Code": true}"#, "Code"),
            (Protocol::TencentApi3, None, r#"{"Response": {"Error": {"Code": false}}}"#, "Response.Error.Code"),
            (Protocol::AzureRest, Some(400), r#"{"error": {"code": {}, "message": "m"}}"#, "error.code"),
            (Protocol::AzureRest, Some(429), r#"{"error": {"statusCode": [429]}}"#, "error.statusCode"),
        ];
        for (protocol, status, body, path) in odd {
            assert_eq!(code(protocol, status, body), None, "{body}");
            let found = result(protocol, status, &json(body)).and_then(Result::err).map(|(_, _, at)| at);
            assert_eq!(found.as_deref(), Some(path), "{body}");
        }
        // Alibaba's `Code` with a success status is read only when documented, so it is left alone.
        assert!(result(Protocol::AlibabaRpc, Some(200), &json(r#"{"Code": {"X": 1}}"#)).is_some_and(|r| r.is_ok()));
    }
}
