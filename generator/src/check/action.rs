//! Rules of action files: the action's name, HTTP route, rate limits, rules, examples,
//! and error tables (an action's, and the common codes of vendors and services).

use std::collections::HashMap;

use crate::diag::{did_you_mean, Diagnostic, Source};
use crate::ir::{self, Type};
use crate::locate::KeyPath;
use crate::naming;
use crate::spec::{ActionSpec, ErrorSpec, FieldSpec, Location, Protocol, RuleSpec};

use super::{position_of, slash_path, Checker, ModelTable, Place, Role};

impl Checker {
    pub(super) fn action(
        &mut self,
        source: &Source,
        spec: &ActionSpec,
        protocol: Protocol,
        models: &ModelTable,
        common: &[ir::ErrorCode],
    ) -> ir::Action {
        let root = KeyPath::root();
        let stem = source.rel.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        if spec.action != stem {
            self.push(source.error(
                &root.key("action"),
                format!("action `{}` is in a file named `{stem}.yaml`", spec.action),
                // A typo in the key is as likely as a misnamed file, as for the folders' keys.
                Some(format!("rename the file to `{}.yaml`, or write `action: {stem}`", spec.action)),
            ));
        }
        self.summary(source, &root.key("summary"), &spec.summary);
        // A title or page name given empty would render as an empty heading or code span.
        self.not_blank(source, &root.key("title"), spec.title.as_deref(), "the title");
        if !naming::is_identifier(&spec.action) {
            self.push(source.error(
                &root.key("action"),
                format!("action name `{}` is not an identifier", spec.action),
                Some("use the vendor's action name without spaces or punctuation".into()),
            ));
        }
        let marker = naming::type_name(&spec.action);
        let request = self.fields(
            source,
            &root.key("request"),
            &spec.request,
            models,
            Place { protocol, role: Role::Request, owner: &marker },
        );
        let mut response = self.fields(
            source,
            &root.key("response"),
            &spec.response,
            models,
            Place { protocol, role: Role::Response, owner: &marker },
        );
        // A response field echoing a request field (the same values, no `enum` of its own, and
        // the same wire name or the same Rust one) holds the request field's enum: the same
        // `ValueEnum`, which the name claims and rendering then see as one.
        for field in &mut response {
            let Some(values) = field.values.as_ref().filter(|v| !v.shared) else { continue };
            let echoed = request.iter().find_map(|r| {
                let theirs = r.values.as_ref()?;
                let same_field = r.wire_name == field.wire_name || theirs.enum_name == values.enum_name;
                (same_field && theirs.variants == values.variants).then_some(theirs)
            });
            if let Some(echoed) = echoed {
                field.values = Some(echoed.clone());
            }
        }
        let response_body = spec.response_body.as_ref().and_then(|text| {
            let at = root.key("response_body");
            let ty = self.resolve_type(source, &at, text, models)?;
            let problem = if protocol != Protocol::AzureRest {
                Some((
                    format!("only an `{}` response can be a bare JSON list", Protocol::AzureRest.name()),
                    "describe the response's fields under `response`",
                ))
            } else if !spec.response.is_empty() {
                Some(("`response_body` takes the place of `response` fields".to_owned(), "write `response: []`"))
            } else if !matches!(ty, Type::List(_)) {
                Some((
                    "`response_body` is for a response that is a JSON list".to_owned(),
                    "write `list<...>`; an object's fields go under `response`",
                ))
            } else {
                None
            };
            match problem {
                Some((message, hint)) => {
                    self.push(source.error(&at, message, Some(hint.into())));
                    None
                }
                None => Some(ty),
            }
        });
        let (method, path) = self.http(source, spec, protocol, &request);
        // A binary parameter is the whole body, so there can be only one.
        for (i, field) in request.iter().enumerate().filter(|(_, f)| !f.serialized()).skip(1) {
            self.push(source.error(
                &root.key("request").index(i).key("type"),
                format!("`{}` is a second `binary` parameter; only one can be the request body", field.wire_name),
                None,
            ));
        }
        let rules = self.rules(source, &spec.rules, &request, &spec.request);
        // A raw body leaves no room for JSON body parameters: a rule must keep them apart.
        if let Some(raw) = request.iter().find(|f| !f.serialized()) {
            let json: Vec<&str> = (request.iter())
                .filter(|f| f.serialized() && f.location == Location::Body)
                .map(|f| f.wire_name.as_str())
                .collect();
            let apart = rules.iter().any(|rule| match rule {
                ir::Rule::ExactlyOne(group) => {
                    group.contains(&raw.wire_name) && json.iter().all(|name| group.iter().any(|g| g == name))
                }
                _ => false,
            });
            if !json.is_empty() && !apart {
                let mut group = json.clone();
                group.push(&raw.wire_name);
                self.push(source.key_error(
                    &root.key("rules"),
                    format!(
                        "`{}` is the whole body, so it cannot be sent with the JSON body parameters {}",
                        raw.wire_name,
                        json.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                    ),
                    Some(format!("add the rule `exactly_one: [{}]`", group.join(", "))),
                ));
            }
        }

        if spec.errors.is_empty() {
            self.push(source.error(
                &root.key("errors"),
                "the error-code table is empty",
                Some("list the codes of the page; every action documents at least one".into()),
            ));
        }
        let own = self.errors(source, &root.key("errors"), &spec.errors, Some(common));
        let mut errors = own;
        errors.extend(common.iter().filter(|c| !errors.iter().any(|e| e.code == c.code)).cloned().collect::<Vec<_>>());

        let examples = spec
            .examples
            .iter()
            .enumerate()
            .map(|(i, example)| {
                let path = root.key("examples").index(i);
                if let Some(text) = &example.request {
                    match serde_json::from_str::<serde_json::Value>(text) {
                        // Its keys and values are checked against the types by `examples`.
                        Ok(serde_json::Value::Object(_)) => {}
                        Ok(_) => self.push(source.error(
                            &path.key("request"),
                            "the example request is not a JSON object",
                            Some(
                                "write the parameters as one JSON object (`{\"Name\": ...}`); a page that shows \
                                 another form of the request is described in `request_note`"
                                    .into(),
                            ),
                        )),
                        Err(e) => self.push(json_error(source, &path.key("request"), "the example request", text, &e)),
                    }
                }
                match serde_json::from_str::<serde_json::Value>(&example.response.body) {
                    // An empty success body (an Azure DELETE) is what the runtime reads as such.
                    Err(_) if example.response.body.trim().is_empty() => {}
                    Err(e) => {
                        let at = path.key("response").key("body");
                        self.push(json_error(source, &at, "the example response body", &example.response.body, &e))
                    }
                    Ok(body) => {
                        let documented = |code: &str| errors.iter().any(|e| e.code == code);
                        let code = ir::example_error_code(protocol, example.response.status, &body, documented);
                        if let Some(code) = code.filter(|code| !documented(code)) {
                            self.push(source.error(
                                &path.key("response").key("body"),
                                format!("the example's error code `{code}` is not in the action's error table"),
                                Some("add it to `errors:` (saying where it comes from in `notes`), or fix the example".into()),
                            ));
                        }
                        // Tencent's API answers every call with 200, so a `Response` under another
                        // status was copied wrong: the runtime reads a result there as a bare
                        // status, and an error is documented with a status it never has.
                        let answer = (protocol == Protocol::TencentApi3).then(|| body.get("Response")).flatten();
                        let answer = answer.map(|response| match ir::tencent_error(response) {
                            Some(_) => "error",
                            None => "result",
                        });
                        if let (Some(answer), Some(status)) =
                            (answer, example.response.status.filter(|&status| status != 200))
                        {
                            self.push(source.error(
                                &path.key("response").key("status"),
                                format!(
                                    "the example shows a Tencent Cloud API 3.0 {answer} under HTTP status {status}, \
                                     but the API sends every answer with 200"
                                ),
                                Some(TENCENT_STATUS_HINT.into()),
                            ));
                        }
                    }
                }
                ir::Example {
                    title: example.title.clone(),
                    request: example.request.clone(),
                    request_note: example.request_note.clone(),
                    status: example.response.status,
                    body: example.response.body.clone(),
                }
            })
            .collect();

        ir::Action {
            name: spec.action.clone(),
            title: spec.title.clone(),
            summary: spec.summary.clone(),
            description: spec.description.clone(),
            notes: spec.notes.clone(),
            spec_file: slash_path(&source.rel),
            module: naming::action_module(&spec.action),
            request_type: format!("{marker}Request"),
            response_type: format!("{marker}Response"),
            error_code_type: format!("{marker}ErrorCode"),
            error_type: format!("{marker}ServiceError"),
            marker,
            method,
            path,
            rate_limits: self.rate_limits(source, spec),
            request,
            response,
            response_body,
            rules,
            errors,
            examples,
        }
    }

    fn rate_limits(&mut self, source: &Source, spec: &ActionSpec) -> Vec<ir::RateLimit> {
        let mut out: Vec<ir::RateLimit> = Vec::new();
        for (i, r) in spec.rate_limits.iter().enumerate() {
            let at = KeyPath::root().key("rate_limits").index(i);
            let limit = ir::RateLimit { requests: r.requests, per: r.per, scope: r.scope.clone() };
            if r.requests == 0 {
                self.push(source.error(&at.key("requests"), "a rate limit of 0 requests allows nothing", None));
            } else if out.iter().any(|o| o.per == limit.per && o.scope == limit.scope) {
                self.push(source.error(
                    &at,
                    "a second rate limit for the same period and scope",
                    Some("give each limit its `scope`, or keep one".into()),
                ));
            }
            out.push(limit);
        }
        out
    }

    fn http(
        &mut self,
        source: &Source,
        spec: &ActionSpec,
        protocol: Protocol,
        request: &[ir::Field],
    ) -> (String, String) {
        let root = KeyPath::root();
        let Some(http) = &spec.http else {
            if protocol == Protocol::AzureRest {
                self.push(source.key_error(
                    &root.key("action"),
                    format!("an `{}` action needs `http: {{method, path}}`", Protocol::AzureRest.name()),
                    Some("add `http: {method: POST, path: /...}`".into()),
                ));
            }
            return ("POST".into(), "/".into());
        };
        if protocol != Protocol::AzureRest {
            self.push(source.key_error(
                &root.key("http"),
                format!("`http` is only for `{}` services; RPC styles always `POST /`", Protocol::AzureRest.name()),
                Some("remove the `http` key".into()),
            ));
        }
        if !["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&http.method.as_str()) {
            self.push(source.error(
                &root.key("http").key("method"),
                format!("`{}` is not an HTTP method", http.method),
                Some("use GET, POST, PUT, PATCH or DELETE".into()),
            ));
        }
        let path_at = root.key("http").key("path");
        if !http.path.starts_with('/') {
            self.push(source.error(
                &path_at,
                format!("the path `{}` does not start with `/`", http.path),
                Some("write it from the `/` after the service's endpoint".into()),
            ));
        }
        let braces_pair = http.path.split('{').skip(1).all(|part| part.matches('}').count() == 1)
            && http.path.split('{').next().is_some_and(|head| !head.contains('}'));
        if !braces_pair || http.path.contains(['?', '#']) {
            self.push(source.error(
                &path_at,
                format!("the path `{}` is not a plain path with `{{name}}` placeholders", http.path),
                Some("close every `{`, and give query parameters `in: query` instead of writing them here".into()),
            ));
        }
        if matches!(http.method.as_str(), "GET" | "DELETE") {
            for (i, field) in request.iter().enumerate().filter(|(_, f)| f.location == Location::Body) {
                self.push(source.error(
                    &root.key("request").index(i).key("in"),
                    format!("a {} request has no body, so `{}` cannot travel in it", http.method, field.wire_name),
                    Some("give it `in: query`, or fix the method".into()),
                ));
            }
        }
        let placeholders: Vec<&str> =
            http.path.split('{').skip(1).filter_map(|part| part.split_once('}').map(|(name, _)| name)).collect();
        for name in &placeholders {
            if !request.iter().any(|f| f.wire_name == *name && f.location == Location::Path) {
                self.push(source.error(
                    &root.key("http").key("path"),
                    format!("the path uses `{{{name}}}`, but no request parameter `{name}` has `in: path`"),
                    Some(format!("add a required parameter `{name}` with `in: path`, or fix the placeholder")),
                ));
            }
        }
        for (i, field) in request.iter().enumerate() {
            if field.location == Location::Path && !placeholders.contains(&field.wire_name.as_str()) {
                self.push(source.error(
                    &root.key("request").index(i).key("in"),
                    format!("path parameter `{}` does not appear in `http.path`", field.wire_name),
                    Some(format!("add `{{{}}}` to the path", field.wire_name)),
                ));
            }
        }
        (http.method.clone(), http.path.clone())
    }

    /// `written` is the request as the spec writes it: a parameter whose type did not resolve
    /// is missing from `request`, and is reported for its type only.
    fn rules(
        &mut self,
        source: &Source,
        rules: &[RuleSpec],
        request: &[ir::Field],
        written: &[FieldSpec],
    ) -> Vec<ir::Rule> {
        let names: Vec<&str> = request.iter().map(|f| f.wire_name.as_str()).collect();
        // Each rule with its index in the spec.
        let mut out: Vec<(usize, ir::Rule)> = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            let path = KeyPath::root().key("rules").index(i);
            let known = |cx: &mut Checker, name: &str, at: KeyPath| match request.iter().find(|f| f.wire_name == name) {
                None if written.iter().any(|f| f.name == name) => {}
                None => cx.push(source.error(
                    &at,
                    format!("the rule names `{name}`, which is not a request parameter"),
                    did_you_mean(name, names.iter().copied()),
                )),
                Some(field) if field.required => cx.push(source.error(
                    &at,
                    format!("the rule names `{name}`, which is required anyway"),
                    Some("rules relate optional parameters; make it `required: false`".into()),
                )),
                Some(_) => {}
            };
            let set = [rule.at_least_one.is_some(), rule.exactly_one.is_some(), rule.precedence.is_some()];
            if set.iter().filter(|s| **s).count() != 1 {
                self.push(source.error(
                    &path,
                    "a rule must have exactly one of `at_least_one`, `exactly_one`, `precedence`",
                    Some("write each rule as its own list item".into()),
                ));
                continue;
            }
            for (key, list) in [("at_least_one", &rule.at_least_one), ("exactly_one", &rule.exactly_one)] {
                let Some(list) = list else { continue };
                if list.len() < 2 {
                    self.push(source.error(&path.key(key), "a rule needs at least two parameters", None));
                }
                for (j, name) in list.iter().enumerate() {
                    known(self, name, path.key(key).index(j));
                    if list[..j].contains(name) {
                        self.push(source.error(
                            &path.key(key).index(j),
                            format!("`{name}` is listed twice in the rule"),
                            Some("list each parameter once".into()),
                        ));
                    }
                }
                let group = list.clone();
                out.push((
                    i,
                    if key == "at_least_one" { ir::Rule::AtLeastOne(group) } else { ir::Rule::ExactlyOne(group) },
                ));
            }
            if let Some(p) = &rule.precedence {
                known(self, &p.winner, path.key("precedence").key("winner"));
                known(self, &p.over, path.key("precedence").key("over"));
                if p.winner == p.over {
                    self.push(source.error(
                        &path.key("precedence"),
                        "`winner` and `over` are the same parameter",
                        None,
                    ));
                }
                out.push((i, ir::Rule::Precedence { winner: p.winner.clone(), over: p.over.clone() }));
            }
        }
        // Rules that say opposite things about one pair of parameters.
        for (i, (at, rule)) in out.iter().enumerate() {
            let ir::Rule::Precedence { winner, over } = rule else { continue };
            let clash = out.iter().enumerate().find_map(|(j, (_, other))| match other {
                ir::Rule::Precedence { winner: w, over: o } if j < i && w == over && o == winner => {
                    Some(format!("`{over}` already takes precedence over `{winner}`"))
                }
                ir::Rule::ExactlyOne(group) if group.contains(winner) && group.contains(over) => {
                    Some(format!("`exactly_one` forbids sending `{winner}` and `{over}` together"))
                }
                _ => None,
            });
            if let Some(clash) = clash {
                self.push(source.error(
                    &KeyPath::root().key("rules").index(*at).key("precedence"),
                    format!("{clash}, so this precedence cannot hold"),
                    Some("keep the rule the page states".into()),
                ));
            }
        }
        out.into_iter().map(|(_, rule)| rule).collect()
    }

    /// Checks an error table. `common` is given for action tables, whose codes may override
    /// common ones but must not clash with their variant names.
    pub(super) fn errors(
        &mut self,
        source: &Source,
        path: &KeyPath,
        specs: &[ErrorSpec],
        common: Option<&[ir::ErrorCode]>,
    ) -> Vec<ir::ErrorCode> {
        let mut codes: HashMap<&str, usize> = HashMap::new();
        // The service's own common codes become variants of each action's enum too; the
        // vendor's live in its `CommonErrorCode`, held by the reserved variant `Common`.
        let mut variants: HashMap<String, String> = common
            .unwrap_or_default()
            .iter()
            .filter(|c| matches!(c.origin, ir::ErrorOrigin::Service(_)) && !specs.iter().any(|s| s.code == c.code))
            .map(|c| (c.variant.clone(), c.code.clone()))
            .collect();
        let vendor_common = common.unwrap_or_default().iter().any(|c| matches!(c.origin, ir::ErrorOrigin::Vendor(_)));
        let mut out = Vec::new();
        for (i, spec) in specs.iter().enumerate() {
            let at = path.index(i);
            self.summary(source, &at.key("summary"), &spec.summary);
            if let Some(first) = codes.insert(&spec.code, i) {
                self.push(source.error(
                    &at.key("code"),
                    format!(
                        "error code `{}` is listed twice (first at {})",
                        spec.code,
                        position_of(source, &path.index(first))
                    ),
                    Some("remove the repeated row".into()),
                ));
                continue;
            }
            // A code refused for its white space is left out of the variant check: its
            // variant is the clean code's, so it would be named again as a collision.
            let hidden = naming::hidden_character(&spec.code);
            let malformed = spec.code.trim() != spec.code || spec.code.contains(['\n', '\r', '\t']) || hidden.is_some();
            if spec.code.trim().is_empty() {
                self.push(source.error(&at.key("code"), "the error code is empty", None));
            } else if spec.code.contains(['\n', '\r', '\t']) {
                // The runtime's error table holds a code per line, its columns split by tabs.
                let (what, hint) = match spec.code.contains(['\n', '\r']) {
                    true => ("the error code spans more than one line", "write the code on one line"),
                    false => ("the error code holds a tab", "a tab is no part of a code; copy it again"),
                };
                self.push(source.error(
                    &at.key("code"),
                    what,
                    Some(format!("{hint}, exactly as the service returns it")),
                ));
            } else if spec.code.trim() != spec.code {
                self.push(source.error(
                    &at.key("code"),
                    format!("the error code {:?} has white space at an end", spec.code),
                    Some("write the code exactly as the service returns it".into()),
                ));
            } else if let Some(c) = hidden {
                self.push(source.error(
                    &at.key("code"),
                    format!("the error code {:?} holds the invisible character U+{:04X}", spec.code, c as u32),
                    Some("copy the code again, or type it: text copied from a page may bring one along".into()),
                ));
            }
            let variant = self.rust_type_name(source, &at, &spec.code, spec.rust_name.as_deref());
            let reserved = match variant.as_str() {
                "Unknown" => Some("undocumented codes"),
                "Common" if vendor_common => Some("the vendor's common codes"),
                _ => None,
            };
            if let Some(purpose) = reserved {
                self.push(source.error(
                    &at.key("code"),
                    format!("code `{}` would become variant `{variant}`, which is reserved for {purpose}", spec.code),
                    Some("give it a `rust_name`".into()),
                ));
            }
            let collision = if malformed { None } else { variants.insert(variant.clone(), spec.code.clone()) };
            if let Some(other) = collision {
                self.push(source.error(
                    &at.key("code"),
                    format!("codes `{other}` and `{}` both become variant `{variant}`", spec.code),
                    Some("give one of them a `rust_name`".into()),
                ));
            }
            out.push(ir::ErrorCode {
                code: spec.code.clone(),
                variant,
                summary: spec.summary.clone(),
                http_status: spec.http_status.as_ref().map(|s| s.0.clone()).unwrap_or_default(),
                retry: spec.retry,
                notes: spec.notes.clone(),
                origin: ir::ErrorOrigin::Action,
            });
        }
        for (i, error) in out.iter().enumerate() {
            for status in &error.http_status {
                if !(100..=599).contains(status) {
                    self.push(source.error(
                        &path.index(i).key("http_status"),
                        format!("{status} is not an HTTP status"),
                        None,
                    ));
                }
            }
        }
        out
    }
}

/// JSON of an example (`what`) that does not parse, at the place in the file where it stops
/// parsing when that place can be found; else at the key, with serde's position in the text.
fn json_error(source: &Source, at: &KeyPath, what: &str, json: &str, error: &serde_json::Error) -> Diagnostic {
    // serde_json counts 1-based lines, and columns in bytes up to the last one it read (0 when
    // that was the line break before the line).
    let line_start: usize = json.split_inclusive('\n').take(error.line().saturating_sub(1)).map(str::len).sum();
    let offset = (line_start + error.column()).saturating_sub(1).min(json.len());
    let hint = json_hint(json, offset, error).map(str::to_owned);
    match source.offset_position(at, json, offset) {
        Some((line, column)) => {
            let message = error.to_string();
            let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(message, _)| message);
            source.at(line, column, at.to_string(), format!("{what} is not JSON: {message}"), hint)
        }
        None => source.error(at, format!("{what} is not JSON: {error}"), hint).with_note(crate::diag::NOT_PLACED),
    }
}

/// How to fix JSON that stops parsing at byte `offset` with `error`, for the mistakes copying
/// a page's example makes; `None` when the error says nothing more.
fn json_hint(json: &str, offset: usize, error: &serde_json::Error) -> Option<&'static str> {
    let message = error.to_string();
    let at = json.get(offset..).and_then(|rest| rest.chars().next());
    let start = json.trim_start();
    // `Response: ...` or `Name: x`: a key, unquoted, before a `: ` or the line's end.
    let first_line = start.lines().next().unwrap_or_default();
    let yaml = first_line.split_once(':').is_some_and(|(key, rest)| {
        let word = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.');
        !key.is_empty() && key.chars().all(word) && (rest.is_empty() || rest.starts_with(' '))
    });
    let hint = if yaml {
        "the text is YAML, not JSON: write the page's JSON, keys quoted and objects in braces \
         (`{\"Response\": {...}}`)"
    } else if start.starts_with('"') && message.starts_with("trailing characters") && at == Some(':') {
        "the text holds an object's members without the object: put them in `{` and `}`"
    } else if at == Some('\'') {
        "JSON quotes text and keys with `\"`, never `'`"
    } else if matches!(at, Some('/' | '#')) {
        "JSON has no comments: leave them out of the example"
    } else if message.starts_with("trailing comma") {
        "JSON allows no `,` after the last member or element: remove it"
    } else if message.starts_with("key must be a string") {
        "JSON keys are quoted text: `\"Name\": ...`"
    } else if message.starts_with("EOF while parsing") {
        "the JSON ends before every `{` and `[` closes: copy the rest of the page's example (a block ends at \
         the first line indented less than its text)"
    } else if message.starts_with("expected `,` or") {
        "a `,` is missing between two members or elements, or a `\"` inside text is not written `\\\"`"
    } else if message.starts_with("trailing characters") {
        "the text goes on after its JSON value ends: an example holds one body"
    } else if message.starts_with("control character") {
        "a line break or tab inside JSON text is written `\\n` or `\\t`"
    } else {
        return None;
    };
    Some(hint)
}

/// Why a Tencent example's status other than 200 is refused, and what to do.
const TENCENT_STATUS_HINT: &str = "Tencent Cloud API 3.0 answers with HTTP 200 whether the call succeeds or fails (a \
                                   failure as `Response.Error`), and any other status is a transport failure that \
                                   carries no `Response` (shared/FACTS.md, Tencent Cloud API 3.0, Transport): write \
                                   `status: 200` or leave `status` out";
