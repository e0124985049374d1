//! Rules of the fields of requests, responses and models: wire and Rust names, where a
//! parameter travels, types, result codes, and the enums of allowed values.

use std::collections::{BTreeSet, HashMap};

use crate::diag::{did_you_mean, Source};
use crate::ir::{self, Type};
use crate::locate::KeyPath;
use crate::naming;
use crate::spec::{FieldSpec, Location, Protocol, ResultCodesSpec};
use crate::types::{self, Prim, TypeExpr};

use super::{camel_example, position_of, Checker, ModelTable, Place, Role};

impl Checker {
    /// Reports allowed values whose variants would share a name; returns whether there are none.
    fn variant_collisions(&mut self, source: &Source, at: &KeyPath, field: &ir::Field, values: &ir::ValueEnum) -> bool {
        let (key, limits) = value_limits(field);
        let mut clean = true;
        for (i, (text, name)) in values.variants.iter().enumerate() {
            let Some((first, _)) = values.variants[..i].iter().find(|(_, other)| other == name) else { continue };
            clean = false;
            let index = limits.allowed.iter().position(|value| value.as_str() == Some(text)).unwrap_or(i);
            let hint = if limits.variant_names.contains_key(text) {
                "choose another `name` for this value".to_owned()
            } else {
                format!("name this one: `{{value: '{}', name: <UpperCamelCase>}}`", text.replace('\'', "''"))
            };
            self.push(source.error(
                &at.key(key).key("allowed").index(index),
                format!("allowed values `{first}` and `{text}` would both be the variant `{name}`"),
                Some(hint),
            ));
        }
        clean
    }

    pub(super) fn fields(
        &mut self,
        source: &Source,
        path: &KeyPath,
        specs: &[FieldSpec],
        models: &ModelTable,
        place: Place,
    ) -> Vec<ir::Field> {
        let mut wire: HashMap<&str, usize> = HashMap::new();
        let mut rust: HashMap<String, String> = HashMap::new();
        let mut out = Vec::new();
        for (i, spec) in specs.iter().enumerate() {
            let at = path.index(i);
            if let Some(first) = wire.insert(&spec.name, i) {
                self.push(source.error(
                    &at.key("name"),
                    format!("`{}` is defined twice (first at {})", spec.name, position_of(source, &path.index(first))),
                    Some("remove or rename one of them".into()),
                ));
                continue;
            }
            let Some(field) = self.field(source, &at, spec, models, place) else {
                continue;
            };
            if let Some(other) = rust.insert(field.rust_name.clone(), spec.name.clone()) {
                self.push(source.error(
                    &at.key("name"),
                    format!("`{other}` and `{}` both become the Rust field `{}`", spec.name, field.rust_name),
                    Some("give one of them a `rust_name`".into()),
                ));
            }
            out.push(field);
        }
        out
    }

    fn field(
        &mut self,
        source: &Source,
        at: &KeyPath,
        spec: &FieldSpec,
        models: &ModelTable,
        place: Place,
    ) -> Option<ir::Field> {
        let Place { role, owner, .. } = place;
        let ty = self.resolve_type(source, &at.key("type"), &spec.ty, models)?;
        let rust_name = self.rust_field_name(source, at, spec);
        if spec.name.is_empty() {
            self.push(source.error(&at.key("name"), "the wire name is empty", None));
        } else if naming::has_invisible(&spec.name) {
            self.push(source.error(
                &at.key("name"),
                format!("the wire name {:?} has white space, control or invisible characters", spec.name),
                Some("write the name exactly as it travels on the wire (text copied from a page may bring a zero-width space)".into()),
            ));
        }
        self.summary(source, &at.key("summary"), &spec.summary);
        self.not_blank(source, &at.key("page_name"), spec.page_name.as_deref(), "the page name");

        let location = self.field_location(source, at, spec, &ty, place);
        self.body_rules(source, at, spec, &ty, location, place);
        let faults_before_limits = self.diags.len();
        let limits = match &spec.limits {
            Some(limits) => {
                let items = match &ty {
                    Type::List(item) => Some(("item_limits", "each item", &**item)),
                    _ => None,
                };
                self.limits(source, &at.key("limits"), limits, &ty, items)
            }
            None => ir::Limits::default(),
        };
        let item_limits = match (&spec.item_limits, &ty) {
            (Some(limits), Type::List(item)) => {
                self.limits(source, &at.key("item_limits"), limits, item, Some(("limits", "the list", &ty)))
            }
            (Some(_), _) => {
                self.push(source.key_error(
                    &at.key("item_limits"),
                    format!("`item_limits` is for lists, and `{}` is `{}`", spec.name, ty.spelling()),
                    Some("move these limits to `limits`".into()),
                ));
                ir::Limits::default()
            }
            (None, _) => ir::Limits::default(),
        };
        if spec.default.is_some() && (spec.required || role == Role::Response) {
            let why =
                if spec.required { "a required parameter is always given" } else { "the service fills in responses" };
            self.push(source.key_error(
                &at.key("default"),
                format!("`default` is for optional request parameters: {why}"),
                Some("remove `default`, or say what the service does in `notes`".into()),
            ));
        }
        if spec.result_codes.is_some() && role == Role::Request {
            self.push(source.key_error(
                &at.key("result_codes"),
                "`result_codes` is for response fields, which the service fills in",
                Some("remove it, or move the field to `response`".into()),
            ));
        }
        // Limits already refused (`min_items: 11` over `max_items: 10`, say) would refuse every
        // value as well: the default and example are then held to their type alone, so the
        // fault is named once, where it is.
        let no_limits = ir::Limits::default();
        let (value_limits, value_item_limits) =
            if self.diags.len() > faults_before_limits { (&no_limits, &no_limits) } else { (&limits, &item_limits) };
        let default = spec
            .default
            .as_ref()
            .and_then(|value| self.value(source, &at.key("default"), value, &ty, value_limits, value_item_limits));
        let example = spec
            .example
            .as_ref()
            .and_then(|value| self.value(source, &at.key("example"), value, &ty, value_limits, value_item_limits));
        let result_codes = spec.result_codes.as_ref().and_then(|codes| self.result_codes(source, at, codes, &ty));

        let mut field = ir::Field {
            bulky: spec.bulky || [Prim::Base64, Prim::Binary].iter().any(|&prim| ty.contains(prim)),
            wire_name: spec.name.clone(),
            page_name: spec.page_name.clone(),
            rust_name,
            ty,
            required: spec.required,
            location,
            content_type: spec.content_type.clone(),
            summary: spec.summary.clone(),
            description: spec.description.clone(),
            default,
            example,
            limits,
            item_limits,
            result_codes,
            values: None,
            notes: spec.notes.clone(),
        };
        field.values = value_enum(&field, owner);
        if let Some(name) = &spec.enum_name {
            self.named_enum(source, &at.key("enum"), &mut field, name);
        }
        if let Some(values) = &field.values {
            if !self.variant_collisions(source, at, &field, values) {
                field.values = None;
            }
        }
        if field.values.is_some() && field.result_codes.is_some() {
            self.push(source.key_error(
                &at.key("result_codes"),
                "the field has both `allowed` values and `result_codes`, and each would type its values",
                Some("list the values once, as result codes".into()),
            ));
            field.values = None;
        }
        Some(field)
    }

    /// The Rust name of a field: its `rust_name`, if that is one, or its wire name's.
    fn rust_field_name(&mut self, source: &Source, at: &KeyPath, spec: &FieldSpec) -> String {
        match &spec.rust_name {
            // A keyword is fine: it is written `r#type`.
            Some(name) if naming::is_identifier(name) && naming::is_snake_case(naming::file_stem(name)) => {
                naming::raw_if_keyword(naming::file_stem(name))
            }
            Some(name) => {
                let message = if naming::is_identifier(name) {
                    format!("`{name}` is not a snake_case name, as Rust fields are")
                } else {
                    format!("`{name}` is not a Rust identifier")
                };
                let hint = format!("for example `{}`", naming::field_name(name));
                self.push(source.error(&at.key("rust_name"), message, Some(hint)));
                naming::field_name(&spec.name)
            }
            None => naming::field_name(&spec.name),
        }
    }

    /// Where a request parameter is sent (`in`, or its protocol's place), and the rules on it:
    /// only Azure's REST actions place parameters, and a path, query or header value is text.
    fn field_location(&mut self, source: &Source, at: &KeyPath, spec: &FieldSpec, ty: &Type, place: Place) -> Location {
        let Place { protocol, role, .. } = place;
        let default_location =
            if role == Role::Request && protocol == Protocol::AlibabaRpc { Location::Query } else { Location::Body };
        let location = spec.location.unwrap_or(default_location);
        if spec.location.is_some() && role != Role::Request {
            self.push(source.key_error(
                &at.key("in"),
                "`in` is only for request parameters",
                Some("remove `in`".into()),
            ));
        }
        if matches!(location, Location::Path) && protocol != Protocol::AzureRest {
            let message = format!("only `{}` actions have path parameters", Protocol::AzureRest.name());
            self.push(source.error(&at.key("in"), message, None));
        } else if role == Role::Request && location != default_location && protocol != Protocol::AzureRest {
            // The RPC styles put every parameter in one place; `in` would be silently ignored.
            let place = if protocol == Protocol::TencentApi3 { "the JSON body" } else { "the query string" };
            self.push(source.error(
                &at.key("in"),
                format!("`{}` sends every parameter in {place}, so `in` cannot move `{}`", protocol.name(), spec.name),
                Some("remove `in`".into()),
            ));
        }
        if role == Role::Request && protocol == Protocol::AzureRest && location != Location::Body {
            // Path, query and header values are written as text.
            let scalar = |ty: &Type| matches!(ty, Type::Prim(p) if *p != Prim::Binary);
            let fits = match &ty {
                Type::List(item) => location == Location::Query && scalar(item),
                other => scalar(other),
            };
            if !fits {
                let place = crate::render::describe::location(location);
                self.push(source.error(
                    &at.key("type"),
                    format!("a {place} parameter is written as text, so it cannot be `{}`", ty.spelling()),
                    Some("use a text or number type (lists only in the query)".into()),
                ));
            }
            const SET_BY_THE_RUNTIME: [&str; 5] =
                ["content-type", "content-length", "host", "authorization", "ocp-apim-subscription-key"];
            // RFC 9110's token characters: `http` refuses any other header name, so every request
            // would fail to build. White space is reported with the wire name.
            let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
            let spaced = naming::has_invisible(&spec.name);
            if location == Location::Header && SET_BY_THE_RUNTIME.iter().any(|h| spec.name.eq_ignore_ascii_case(h)) {
                self.push(source.error(
                    &at.key("name"),
                    format!("the `{}` header is set by the runtime, not by a request parameter", spec.name),
                    Some("document it in the action's `notes` instead".into()),
                ));
            } else if location == Location::Header && !spaced && !spec.name.chars().all(token) {
                self.push(source.error(
                    &at.key("name"),
                    format!("`{}` is not an HTTP header name, so no request could be built", spec.name),
                    Some("write the header's name as the page does: letters, digits and `-`".into()),
                ));
            }
        }
        location
    }

    /// The rules on how a field's value travels: `content_type` of a body, a path parameter
    /// required, `bulky` text, `binary` only as a raw body.
    fn body_rules(
        &mut self,
        source: &Source,
        at: &KeyPath,
        spec: &FieldSpec,
        ty: &Type,
        location: Location,
        place: Place,
    ) {
        let Place { protocol, role, .. } = place;
        if let Some(content_type) = &spec.content_type {
            let binary = *ty == Type::Prim(Prim::Binary);
            let fits = if binary {
                content_type == "application/octet-stream" || content_type.starts_with("image/")
            } else {
                content_type == "application/json"
            };
            if !fits {
                let wanted =
                    if binary { "`application/octet-stream` or an `image/` type" } else { "`application/json`" };
                self.push(source.error(
                    &at.key("content_type"),
                    format!("`{content_type}` is not how a `{}` body is sent", ty.spelling()),
                    Some(format!("use {wanted}")),
                ));
            }
        }
        if location == Location::Path && !spec.required {
            self.push(source.error(
                &at.key("required"),
                "a path parameter must be required",
                Some("write `required: true`".into()),
            ));
        }
        if spec.content_type.is_some()
            && (location != Location::Body || protocol != Protocol::AzureRest || role != Role::Request)
        {
            self.push(source.key_error(
                &at.key("content_type"),
                format!("`content_type` is only for body parameters of `{}` requests", Protocol::AzureRest.name()),
                None,
            ));
        }
        if spec.bulky {
            // `Abbrev` shortens text (and lists of it); documented values are short by nature.
            let mut leaf = ty;
            while let Type::List(item) = leaf {
                leaf = item;
            }
            let problem = match leaf {
                Type::Prim(Prim::Base64) => Some("`base64` data is always shown shortened".to_owned()),
                Type::Prim(prim) if prim.is_text() && *prim != Prim::Uuid => {
                    let allowed = spec.limits.iter().chain(&spec.item_limits).any(|l| l.allowed.is_some());
                    allowed.then(|| "a field with `allowed` values holds short, documented text".to_owned())
                }
                other => Some(format!("`bulky` is for text that may carry bulk data, not `{}`", other.spelling())),
            };
            if let Some(problem) = problem {
                self.push(source.key_error(&at.key("bulky"), problem, Some("remove `bulky`".into())));
            }
        }
        if ty.contains(Prim::Binary)
            && !(*ty == Type::Prim(Prim::Binary)
                && role == Role::Request
                && protocol == Protocol::AzureRest
                && location == Location::Body)
        {
            self.push(source.error(
                &at.key("type"),
                format!("`binary` is only for the raw body of an `{}` request", Protocol::AzureRest.name()),
                Some("use `base64` for binary data inside JSON".into()),
            ));
        }
    }

    /// The result codes a response field documents, checked: codes of the field's type, each
    /// once, with a variant name each.
    fn result_codes(
        &mut self,
        source: &Source,
        at: &KeyPath,
        codes: &ResultCodesSpec,
        ty: &Type,
    ) -> Option<ir::ResultCodes> {
        let path = at.key("result_codes");
        let scalar = match &ty {
            Type::List(item) => item.as_ref(),
            other => other,
        };
        let integer = match scalar {
            Type::Prim(p) if p.is_integer() => true,
            Type::Prim(Prim::String) => false,
            _ => {
                self.push(source.key_error(
                    &path,
                    format!(
                        "result codes need an integer or string field (or a list of them), not `{}`",
                        ty.spelling()
                    ),
                    None,
                ));
                return None;
            }
        };
        let enum_name = self.rust_type_name(source, &path.key("enum"), &codes.enum_name, None);
        let mut seen_codes = BTreeSet::new();
        let mut seen_names = BTreeSet::new();
        let mut out = Vec::new();
        for (i, code) in codes.codes.iter().enumerate() {
            let code_at = path.key("codes").index(i);
            self.summary(source, &code_at.key("summary"), &code.summary);
            let value = serde_json::to_value(&code.code).unwrap_or(serde_json::Value::Null);
            let fits = if integer { value.is_i64() } else { value.is_string() };
            // An integer code must also fit the field's own type (no -1101 in a `u32`).
            let range = match scalar {
                Type::Prim(p) => p.integer_range(),
                _ => None,
            };
            let in_range = match (range, value.as_i64()) {
                (Some((low, high)), Some(n)) => (low..=high).contains(&(n as f64)),
                _ => true,
            };
            if !fits {
                self.push(source.error(
                    &code_at.key("code"),
                    format!(
                        "the field holds {} codes; `{value}` is not one",
                        if integer { "integer" } else { "string" }
                    ),
                    None,
                ));
            } else if !in_range {
                self.push(source.error(
                    &code_at.key("code"),
                    format!("result code {value} does not fit the field's type `{}`", scalar.spelling()),
                    Some("fix the code, or the field's type".into()),
                ));
            }
            if !seen_codes.insert(value.to_string()) {
                self.push(source.error(&code_at.key("code"), format!("result code {value} is listed twice"), None));
            }
            // A keyword (`Self`) is fine: it becomes `Self_`, as the spec README says.
            if !(code.name.chars().all(|c| c.is_ascii_alphanumeric()) && naming::is_camel_case(&code.name)) {
                self.push(source.error(
                    &code_at.key("name"),
                    format!("`{}` is not an UpperCamelCase variant name", code.name),
                    Some(format!("for example `{}`", camel_example(&code.name))),
                ));
            }
            let variant = self.rust_type_name(source, &code_at, &code.name, None);
            if variant == "Other" {
                self.push(source.error(
                    &code_at.key("name"),
                    "variant name `Other` is reserved for undocumented codes",
                    Some("choose another `name`".into()),
                ));
            } else if !seen_names.insert(variant.clone()) {
                self.push(source.error(
                    &code_at.key("name"),
                    format!("variant name `{variant}` is taken by an earlier code"),
                    Some("choose another `name`".into()),
                ));
            }
            out.push(ir::ResultCode { code: value, variant, success: code.success, summary: code.summary.clone() });
        }
        Some(ir::ResultCodes { enum_name, integer, codes: out })
    }

    /// Names the enum of the field's allowed values `name` (`enum:`), shared by the fields that
    /// name it, after the rules on it.
    fn named_enum(&mut self, source: &Source, at: &KeyPath, field: &mut ir::Field, name: &str) {
        match &mut field.values {
            None if !takes_enum(&field.ty) => self.push(source.key_error(
                at,
                format!(
                    "`enum` names the enum of the `allowed` values of a `string` field (or of \
                     `list<string>` items), and this field is `{}`",
                    field.ty.spelling()
                ),
                Some("remove `enum`: other types keep their values as they are".into()),
            )),
            None => self.push(source.key_error(
                at,
                "`enum` names the enum of a `string` field's `allowed` values, and this field has none",
                Some("remove `enum`, or list the values under `allowed`".into()),
            )),
            Some(_) if !(naming::is_identifier(name) && naming::is_camel_case(name)) => self.push(source.error(
                at,
                format!("`{name}` is not an UpperCamelCase Rust type name"),
                Some(format!("for example `{}`", camel_example(name))),
            )),
            Some(values) => {
                values.enum_name = name.to_owned();
                values.shared = true;
                // The fields sharing it may document different defaults.
                values.default = None;
            }
        }
    }

    pub(super) fn resolve_type(
        &mut self,
        source: &Source,
        at: &KeyPath,
        text: &str,
        models: &ModelTable,
    ) -> Option<Type> {
        let expr = match types::parse(text) {
            Ok(expr) => expr,
            Err(message) => {
                let hint = list_spelling(text)
                    .map(|item| format!("did you mean `list<{}>`?", in_spec_syntax(item)))
                    .unwrap_or_else(|| "see the type table in specs/README.md".into());
                self.push(source.error(at, message, Some(hint)));
                return None;
            }
        };
        self.resolve_expr(source, at, text, &expr, models)
    }

    /// Resolves `expr`, parsed from `text`, the value at `at`.
    fn resolve_expr(
        &mut self,
        source: &Source,
        at: &KeyPath,
        text: &str,
        expr: &TypeExpr,
        models: &ModelTable,
    ) -> Option<Type> {
        match expr {
            TypeExpr::Prim(prim) => Some(Type::Prim(*prim)),
            TypeExpr::List(item) => self.resolve_expr(source, at, text, item, models).map(|t| Type::List(Box::new(t))),
            TypeExpr::Named(name) => match models.get(name) {
                Some(rust_name) => Some(Type::Model { name: name.clone(), rust_name: rust_name.clone() }),
                None => {
                    let candidates = models.keys().map(String::as_str).chain(Prim::ALL.iter().map(|(_, s)| *s));
                    let hint = prim_alias(name)
                        .map(|prim| format!("did you mean `{prim}`?"))
                        .or_else(|| did_you_mean(name, candidates))
                        .unwrap_or_else(|| "define it under `models:` in the service file".to_owned());
                    // A name is the innermost type: after the last `<`, if any.
                    let offset = text.rfind('<').map_or(0, |open| {
                        let item = &text[open + 1..];
                        open + 1 + item.len() - item.trim_start().len()
                    });
                    let message = format!("unknown type `{name}`");
                    self.push(match offset {
                        0 => source.error(at, message, Some(hint)),
                        _ => source.error_inside(at, text, offset, message, Some(hint)),
                    });
                    None
                }
            },
        }
    }
}

/// The built-in type other languages' (and the vendors' pages') name for it stands for:
/// `Integer` is `i64`, `String` is `string`.
fn prim_alias(name: &str) -> Option<&'static str> {
    const ALIASES: [(&str, &str); 17] = [
        ("int", "i64"),
        ("integer", "i64"),
        ("long", "i64"),
        ("int64", "i64"),
        ("int32", "i32"),
        ("uint", "u64"),
        ("uint64", "u64"),
        ("uint32", "u32"),
        ("float", "f64"),
        ("double", "f64"),
        ("number", "f64"),
        ("float64", "f64"),
        ("float32", "f32"),
        ("str", "string"),
        ("string", "string"),
        ("text", "string"),
        ("boolean", "bool"),
    ];
    ALIASES.iter().find(|(alias, _)| name.eq_ignore_ascii_case(alias)).map(|(_, prim)| *prim)
}

/// A type written another way (see [`list_spelling`] and [`prim_alias`]) as a spec writes it:
/// `Array of Array of Integer` is `list<list<i64>>`.
fn in_spec_syntax(text: &str) -> String {
    match list_spelling(text) {
        Some(item) => format!("list<{}>", in_spec_syntax(item)),
        None => prim_alias(text.trim()).unwrap_or(text.trim()).to_owned(),
    }
}

/// The item type of a list written another way than `list<T>`: as Tencent's pages print it
/// (`Array of String`), in another language (`Vec<u64>`, `Array<T>`, `string[]`), or with
/// `list` misspelt (`lsit<string>`, `List<i64>`).
fn list_spelling(text: &str) -> Option<&str> {
    let text = text.trim();
    if let Some(item) = text.get(..9).filter(|start| start.eq_ignore_ascii_case("array of ")).map(|_| &text[9..]) {
        return Some(item.trim());
    }
    if let Some(item) = text.strip_suffix("[]") {
        return Some(item.trim());
    }
    // `list<T` without its `>` has its own message; `List<T>` and `list <T>` are misspellings.
    if text.starts_with("list<") {
        return None;
    }
    let (word, rest) = text.split_once('<')?;
    let word = word.trim().to_lowercase();
    let listy = ["vec", "array", "sequence", "seq"].contains(&word.as_str()) || strsim::levenshtein(&word, "list") <= 2;
    listy.then(|| rest.strip_suffix('>').unwrap_or(rest).trim())
}

/// The enum of a `string` field's (or a `list<string>`'s items') allowed values, named
/// after the action or model that owns the field and the field. A variant's name is the one
/// the spec gives, else made from the value alone (never from its place in the list, so
/// adding a value cannot rename another); two values that name alike are reported by
/// [`Checker::variant_collisions`].
fn value_enum(field: &ir::Field, owner: &str) -> Option<ir::ValueEnum> {
    if !takes_enum(&field.ty) {
        return None;
    }
    let (_, limits) = value_limits(field);
    let texts: Vec<&str> = limits.allowed.iter().filter_map(serde_json::Value::as_str).collect();
    if texts.is_empty() {
        return None;
    }
    let mut variants: Vec<(String, String)> = Vec::new();
    for text in texts {
        if variants.iter().any(|(value, _)| value == text) {
            continue; // Reported by `limits`.
        }
        let name = match limits.variant_names.get(text) {
            Some(name) => name.clone(),
            // Text without letters or digits (`*`, `-`) names nothing: such a variant is `Value`.
            None if !text.chars().any(char::is_alphanumeric) => "Value".to_owned(),
            None => naming::type_name(text),
        };
        variants.push((text.to_owned(), name));
    }
    let default =
        field.default.as_ref().and_then(|d| variants.iter().position(|(value, _)| Some(value.as_str()) == d.as_str()));
    let enum_name = format!("{owner}{}", naming::type_name(naming::file_stem(&field.rust_name)));
    Some(ir::ValueEnum { enum_name, variants, default, shared: false })
}

/// The spec key and limits of the values an enum would type: a list's items, else the
/// field's own.
fn value_limits(field: &ir::Field) -> (&'static str, &ir::Limits) {
    if matches!(field.ty, Type::List(_)) {
        ("item_limits", &field.item_limits)
    } else {
        ("limits", &field.limits)
    }
}

/// Whether allowed values of `ty` become an enum: `string`, and `list<string>` items.
fn takes_enum(ty: &Type) -> bool {
    match ty {
        Type::List(item) => **item == Type::Prim(Prim::String),
        other => *other == Type::Prim(Prim::String),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_written_other_ways_are_named_in_spec_syntax() {
        let hint = |text: &str| list_spelling(text).map(in_spec_syntax);
        assert_eq!(hint("Array of String").as_deref(), Some("string"));
        assert_eq!(hint("array of Integer").as_deref(), Some("i64"));
        assert_eq!(hint("Array of FaceRect").as_deref(), Some("FaceRect"));
        assert_eq!(hint("Array of Array of Float").as_deref(), Some("list<f64>"));
        assert_eq!(hint("Vec<u64>").as_deref(), Some("u64"));
        assert_eq!(hint("Array<bool>").as_deref(), Some("bool"));
        assert_eq!(hint("string[]").as_deref(), Some("string"));
        assert_eq!(hint("lsit<string>").as_deref(), Some("string"));
        assert_eq!(hint("lsit<string").as_deref(), Some("string"));
        assert_eq!(hint("List<string>").as_deref(), Some("string"));
        assert_eq!(hint("list < i64 >").as_deref(), Some("i64"));
        // Not a list: the type table is the hint.
        assert_eq!(hint("list<string"), None);
        assert_eq!(hint("Map<string, string>"), None);
        assert_eq!(hint("Array"), None);
    }
}
