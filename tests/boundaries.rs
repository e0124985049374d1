//! Boundary tests derived from the specs, not typed per field.
//!
//! A harness walks the checked IR (`cloudbind_gen::load_ir`) of every action. For each limit of
//! each request parameter — members of nested models and list items included — it builds
//! requests as JSON just inside and just outside the bound, deserializes them into the
//! generated request type and runs `Validate`. Inside a bound no violation at all may be
//! reported; outside exactly one, with the value's path and the limit's rule name. Every case
//! starts from a valid baseline request, so it changes one value only.
//!
//! A few limits cannot be checked before sending (they describe what the server downloads, or
//! what it does with both of two parameters); they are recorded with their reason, and the
//! coverage test insists that every limit of every spec has cases or a reason.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{LazyLock, OnceLock};

use base64::engine::general_purpose::STANDARD;
use base64::Engine as _;
use cloudbind_gen::ir::{self, Field, ImageFormat, ImageLimits, Limits, Prim, Rule, Type};
use cloudbind_runtime::{Action, Validate};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

// ---------------------------------------------------------------------------------------------
// Registry: action → "deserialize this JSON into the typed request and validate it" and
// "read this response".

/// `(path, rule name)` of every violation; empty when the request is valid.
type Violations = Vec<(String, &'static str)>;

/// Validates a request given as JSON; `Err` when the JSON is not a request at all.
type Check = fn(Value) -> Result<Violations, String>;

/// Reads a response: `Ok(None)` for the action's result, `Ok(Some(code))` for the vendor's
/// error, `Err` for anything else.
type Parse = fn(u16, &[u8]) -> Result<Option<String>, String>;

#[derive(Clone, Copy)]
struct Entry {
    check: Check,
    parse: Parse,
}

/// The registry entry of action `A`, which validates with `check`.
fn entry<A: Action>(check: Check) -> (String, Entry) {
    (key::<A>(), Entry { check, parse: parse::<A> })
}

fn parse<A: Action>(status: u16, body: &[u8]) -> Result<Option<String>, String> {
    match cloudbind_runtime::parse_response::<A>(status, body) {
        Ok(_) => Ok(None),
        Err(cloudbind_runtime::ResponseError::Service(error)) => {
            Ok(Some(cloudbind_runtime::ErrorCode::code(&error.code).to_owned()))
        }
        Err(other) => Err(other.to_string()),
    }
}

/// Every action the generated crate has (`for_each_action!`, so a new spec needs no line
/// here), with the entries of [`raw_body_entries`] in place of the plain ones.
fn registry() -> BTreeMap<String, Entry> {
    let mut entries = BTreeMap::new();
    macro_rules! register {
        ($action:path) => {
            let (key, entry) = entry::<$action>(check::<$action>);
            entries.insert(key, entry);
        };
    }
    cloudbind::for_each_action!(register);
    entries.extend(raw_body_entries());
    entries
}

/// The entries of actions with a raw binary body, which is not a serde field: the harness
/// carries it as base64 text under its wire name, and the entry hands the bytes over itself.
fn raw_body_entries() -> Vec<(String, Entry)> {
    use cloudbind::azure::face::v1_0::PersonGroupPersonAddFace;
    vec![entry::<PersonGroupPersonAddFace>(|json| {
        check_with_body::<PersonGroupPersonAddFace>(json, "image", |request, bytes| request.image = Some(bytes))
    })]
}

/// An action's registry key: vendor, service, version and name, as two versions of a service
/// may have actions of the same name.
fn key<A: Action>() -> String {
    key_of(A::SERVICE.vendor, A::SERVICE.service, A::SERVICE.version, A::NAME)
}

fn key_of(vendor: &str, service: &str, version: &str, action: &str) -> String {
    format!("{vendor}/{service}/{version}/{action}")
}

/// The request check of `action`.
fn checker(service: &ir::Service, action: &ir::Action) -> Check {
    registered(service, action).check
}

/// The registry's entry for `action`, or a failure that says what to add.
fn registered(service: &ir::Service, action: &ir::Action) -> Entry {
    let key = key_of(&service.vendor_id, &service.id, &service.version, &action.name);
    *registry().get(&key).unwrap_or_else(|| {
        panic!("{key} has no entry in registry(); `every_spec_action_is_registered` says what to add")
    })
}

/// What to add to `raw_body_entries()` for an action with a raw body that has no entry there.
fn missing_entry(service: &ir::Service, action: &ir::Action, body: &Field) -> String {
    let module = format!("cloudbind::{}::{}::{}", service.vendor_module, service.module, service.version_module);
    let name = &action.name;
    let entry = format!(
        "entry::<{name}>(|json| check_with_body::<{name}>(json, \"{}\", |request, bytes| request.{} = {}))",
        body.wire_name,
        body.rust_name,
        if body.required { "bytes" } else { "Some(bytes)" }
    );
    let key = key_of(&service.vendor_id, &service.id, &service.version, name);
    format!("{key}: add `use {module}::{name};` and the entry `{entry}`")
}

/// The registry holds exactly the actions of the specs, and each action with a raw body has its
/// entry in `raw_body_entries()`; the failure lists, once, what to add for each that has none
/// (the tests that use the registry then fail briefly).
#[test]
fn every_spec_action_is_registered() {
    let registry = registry();
    let keys = |(service, action): (&ir::Service, &ir::Action)| {
        key_of(&service.vendor_id, &service.id, &service.version, &action.name)
    };
    let spec_keys: BTreeSet<String> = actions(ir()).map(keys).collect();
    let registered: BTreeSet<String> = registry.into_keys().collect();
    assert_eq!(registered, spec_keys, "`for_each_action!` lists other actions than the specs: is generated/ stale?");
    let raw: Vec<String> = raw_body_entries().into_iter().map(|(key, _)| key).collect();
    let missing: Vec<String> = actions(ir())
        .filter(|&pair| !raw.contains(&keys(pair)))
        .filter_map(|(service, action)| {
            let body = action.request.iter().find(|f| !f.serialized())?;
            Some(missing_entry(service, action, body))
        })
        .collect();
    assert!(missing.is_empty(), "raw_body_entries() in tests/boundaries.rs lacks entries:\n{}", missing.join("\n"));
}

fn check<A: Action>(json: Value) -> Result<Violations, String>
where
    A::Request: DeserializeOwned,
{
    let request: A::Request = serde_json::from_value(json).map_err(|e| format!("not a request: {e}"))?;
    Ok(violations(&request))
}

/// Like [`check`], for a request with a raw binary body: the body is taken out of the JSON
/// (where the harness put it as base64 under `name`) and set with `set`.
fn check_with_body<A: Action>(
    mut json: Value,
    name: &str,
    set: fn(&mut A::Request, Vec<u8>),
) -> Result<Violations, String>
where
    A::Request: DeserializeOwned,
{
    let body = json.as_object_mut().and_then(|object| object.remove(name));
    let mut request: A::Request = serde_json::from_value(json).map_err(|e| format!("not a request: {e}"))?;
    if let Some(body) = body {
        let text = body.as_str().ok_or("a binary body is carried as base64 text")?;
        set(&mut request, STANDARD.decode(text).map_err(|e| format!("binary body: {e}"))?);
    }
    Ok(violations(&request))
}

fn violations(request: &impl Validate) -> Violations {
    match request.validate() {
        Ok(()) => Vec::new(),
        Err(error) => error.violations.iter().map(|v| (v.path.clone(), v.rule.name())).collect(),
    }
}

// ---------------------------------------------------------------------------------------------
// The specs.

fn ir() -> &'static ir::Ir {
    static IR: OnceLock<ir::Ir> = OnceLock::new();
    IR.get_or_init(|| {
        cloudbind_gen::load_ir(&cloudbind_tests::workspace_root()).unwrap_or_else(|e| panic!("specs do not load: {e}"))
    })
}

/// Every action of `ir` with its service.
fn actions(ir: &ir::Ir) -> impl Iterator<Item = (&ir::Service, &ir::Action)> {
    ir.vendors
        .iter()
        .flat_map(|vendor| &vendor.services)
        .flat_map(|service| service.actions.iter().map(move |action| (service, action)))
}

fn find<'a>(ir: &'a ir::Ir, name: &str) -> (&'a ir::Service, &'a ir::Action) {
    actions(ir).find(|(_, action)| action.name == name).unwrap_or_else(|| panic!("no spec defines action {name}"))
}

// ---------------------------------------------------------------------------------------------
// Derived cases.

/// One derived request and what validation must say about it.
struct Case {
    /// Path of the value the case sets, as the validator prints it (`""` for a rule).
    path: String,
    /// The limit, type check or rule the case exercises (a rule name, or `valid`).
    limit: &'static str,
    /// The value, in words, for failure messages (values can be MiB long).
    what: String,
    request: Value,
    /// Empty when the request is valid, else the one violation it must get.
    expect: Violations,
}

/// A limit no case can be derived for, and why.
struct Skip {
    path: String,
    limit: &'static str,
    reason: &'static str,
}

/// Everything derived for one action.
struct Derived {
    baseline: Value,
    cases: Vec<Case>,
    skips: Vec<Skip>,
    /// `(path, limit)` of every limit, type check and rule the spec sets.
    limits: Vec<(String, &'static str)>,
}

/// A value the harness can set: a parameter, a model member or a list item.
#[derive(Clone)]
struct Target<'a> {
    /// How to reach the value from the request object.
    steps: Vec<Step<'a>>,
    path: String,
    ty: &'a Type,
    limits: &'a Limits,
    /// Limits of the items, when the value is a list.
    item_limits: &'a Limits,
    required: bool,
    example: Option<&'a Value>,
}

#[derive(Clone)]
enum Step<'a> {
    /// A member of an object.
    Field(&'a Field),
    /// An item of a list.
    Item { index: usize, ty: &'a Type, limits: &'a Limits },
}

static NO_LIMITS: LazyLock<Limits> = LazyLock::new(Limits::default);

const URL: &str = "http://example.com/a.jpg";
const UUID: &str = "25985303-c537-4467-b41d-bdb45cd95ca1";
const FORMATS: [ImageFormat; 4] = [ImageFormat::Jpeg, ImageFormat::Png, ImageFormat::Gif, ImageFormat::Bmp];
/// Characters for text of a given length: multi-byte first, so lengths count characters.
const FILLERS: [char; 4] = ['字', 'é', 'x', '0'];

/// Derives cases from one action's spec.
struct Deriver<'a> {
    service: &'a ir::Service,
    action: &'a ir::Action,
    baseline: Value,
    out: Derived,
}

impl<'a> Deriver<'a> {
    fn new(service: &'a ir::Service, action: &'a ir::Action) -> Self {
        let out = Derived { baseline: Value::Null, cases: Vec::new(), skips: Vec::new(), limits: Vec::new() };
        let mut d = Deriver { service, action, baseline: Value::Null, out };
        d.baseline = d.baseline_request();
        d
    }

    fn derive(service: &'a ir::Service, action: &'a ir::Action) -> Derived {
        let mut d = Deriver::new(service, action);
        for target in d.targets() {
            d.out.limits.extend(limit_keys(&target).into_iter().map(|key| (target.path.clone(), key)));
            d.target_cases(&target);
        }
        d.rule_cases();
        d.out.baseline = d.baseline;
        d.out
    }

    fn model(&self, name: &str) -> &'a ir::Model {
        let service = self.service;
        service.models.iter().find(|m| m.name == name).unwrap_or_else(|| panic!("no model {name}"))
    }

    fn request_field(&self, name: &str) -> &'a Field {
        let action = self.action;
        action.request.iter().find(|f| f.wire_name == name).unwrap_or_else(|| panic!("no parameter {name}"))
    }

    // -- valid values ---------------------------------------------------------------------

    /// Every required parameter, plus the first parameter of each at-least-one and
    /// exactly-one rule, with a valid value.
    fn baseline_request(&self) -> Value {
        let first: Vec<&str> = (self.action.rules.iter())
            .filter_map(|rule| match rule {
                Rule::AtLeastOne(group) | Rule::ExactlyOne(group) => group.first().map(String::as_str),
                Rule::Precedence { .. } => None,
            })
            .collect();
        self.valid_object(&self.action.request, &first)
    }

    /// An object with its required members (and those named in `also`) valid.
    fn valid_object(&self, fields: &[Field], also: &[&str]) -> Value {
        let members = fields
            .iter()
            .filter(|f| f.required || also.contains(&f.wire_name.as_str()))
            .map(|f| (f.wire_name.clone(), self.valid_field(f)));
        Value::Object(members.collect::<Map<_, _>>())
    }

    fn valid_field(&self, field: &Field) -> Value {
        self.valid(&field.ty, &field.limits, &field.item_limits, field.example.as_ref())
    }

    /// A valid value: the spec's example where the generator has checked it fully, else one
    /// synthesized from the limits.
    fn valid(&self, ty: &Type, limits: &Limits, item_limits: &Limits, example: Option<&Value>) -> Value {
        if let Some(example) = example.filter(|_| example_is_checked(ty)) {
            return example.clone();
        }
        match ty {
            Type::Prim(prim) => valid_prim(*prim, limits),
            Type::List(item) => self.items(item, item_limits, limits.min_items.unwrap_or(1).max(1)),
            Type::Model { name, .. } => self.valid_object(&self.model(name).fields, &[]),
        }
    }

    fn items(&self, item: &Type, item_limits: &Limits, n: u64) -> Value {
        Value::Array((0..n).map(|_| self.valid(item, item_limits, &NO_LIMITS, None)).collect())
    }

    // -- targets --------------------------------------------------------------------------

    fn targets(&self) -> Vec<Target<'a>> {
        let mut out = Vec::new();
        self.collect(&self.action.request, &[], "", &mut out);
        out
    }

    fn collect(&self, fields: &'a [Field], steps: &[Step<'a>], path: &str, out: &mut Vec<Target<'a>>) {
        for field in fields {
            let mut steps = steps.to_vec();
            steps.push(Step::Field(field));
            let path = if path.is_empty() { field.wire_name.clone() } else { format!("{path}.{}", field.wire_name) };
            out.push(Target {
                steps: steps.clone(),
                path: path.clone(),
                ty: &field.ty,
                limits: &field.limits,
                item_limits: &field.item_limits,
                required: field.required,
                example: field.example.as_ref(),
            });
            match &field.ty {
                Type::Model { name, .. } => self.collect(&self.model(name).fields, &steps, &path, out),
                Type::List(item) => {
                    // The second item, when two are allowed, so the index in the path is checked.
                    let index = if field.limits.max_items.is_some_and(|max| max < 2) { 0 } else { 1 };
                    steps.push(Step::Item { index, ty: item, limits: &field.item_limits });
                    let path = format!("{path}[{index}]");
                    out.push(Target {
                        steps: steps.clone(),
                        path: path.clone(),
                        ty: item,
                        limits: &field.item_limits,
                        item_limits: &NO_LIMITS,
                        // An item is always given, so empty text is a missing value.
                        required: true,
                        example: None,
                    });
                    if let Type::Model { name, .. } = item.as_ref() {
                        self.collect(&self.model(name).fields, &steps, &path, out);
                    }
                }
                Type::Prim(_) => {}
            }
        }
    }

    /// The baseline with `leaf` at the target; containers on the way are made valid.
    fn request_with(&self, steps: &[Step<'a>], leaf: Value) -> Value {
        let mut request = self.baseline.clone();
        self.put(&mut request, steps, leaf);
        // A parameter of an exactly-one group replaces the others of its group.
        let Some(Step::Field(top)) = steps.first() else { unreachable!("targets start at a parameter") };
        let object = request.as_object_mut().expect("a request is an object");
        for rule in &self.action.rules {
            if let Rule::ExactlyOne(group) = rule {
                if group.contains(&top.wire_name) {
                    group.iter().filter(|m| **m != top.wire_name).for_each(|m| drop(object.remove(m)));
                }
            }
        }
        request
    }

    fn put(&self, slot: &mut Value, steps: &[Step<'a>], leaf: Value) {
        let Some((step, rest)) = steps.split_first() else {
            *slot = leaf;
            return;
        };
        match step {
            Step::Field(field) => {
                let object = slot.as_object_mut().expect("a model is a JSON object");
                if rest.is_empty() {
                    object.insert(field.wire_name.clone(), leaf);
                } else {
                    let child = object.entry(field.wire_name.clone()).or_insert_with(|| self.valid_field(field));
                    self.put(child, rest, leaf);
                }
            }
            Step::Item { index, ty, limits } => {
                let items = slot.as_array_mut().expect("a list is a JSON array");
                while items.len() <= *index {
                    items.push(self.valid(ty, limits, &NO_LIMITS, None));
                }
                self.put(&mut items[*index], rest, leaf);
            }
        }
    }

    fn push(&mut self, t: &Target<'a>, limit: &'static str, what: impl Into<String>, leaf: Value, breaks: bool) {
        let request = self.request_with(&t.steps, leaf);
        let expect = if breaks { vec![(t.path.clone(), limit)] } else { Vec::new() };
        self.out.cases.push(Case { path: t.path.clone(), limit, what: what.into(), request, expect });
    }

    fn skip(&mut self, path: &str, limit: &'static str, reason: &'static str) {
        self.out.skips.push(Skip { path: path.to_owned(), limit, reason });
    }

    // -- cases per value --------------------------------------------------------------------

    fn target_cases(&mut self, t: &Target<'a>) {
        let valid = self.valid(t.ty, t.limits, t.item_limits, t.example);
        self.push(t, "valid", "a valid value", valid, false);
        match t.ty {
            Type::Prim(prim) => {
                if t.required && prim.is_text() {
                    self.push(t, "required", "empty text", Value::from(""), true);
                }
                match prim {
                    Prim::String => self.text_cases(t),
                    Prim::Url => self.url_cases(t),
                    Prim::Uuid => self.uuid_cases(t),
                    Prim::Base64 | Prim::Binary => self.data_cases(t, *prim),
                    Prim::Bool => {}
                    number => self.number_cases(t, *number),
                }
            }
            Type::List(item) => self.list_cases(t, item),
            Type::Model { .. } => {}
        }
    }

    fn text_cases(&mut self, t: &Target<'a>) {
        let l = t.limits;
        // (limit, characters, breaks)
        let mut lengths = Vec::new();
        if let Some(min) = l.min_length {
            lengths.extend((min > 0).then_some(("min_length", min - 1, true)));
            lengths.push(("min_length", min, false));
        }
        if let Some(max) = l.max_length {
            lengths.extend([("max_length", max, false), ("max_length", max + 1, true)]);
        }
        for (limit, chars, breaks) in lengths {
            if let Some(value) = filled(chars, l, limit) {
                let what = format!("{chars} × {:?}", value.chars().next().unwrap_or(' '));
                if chars == 0 && t.required {
                    // No text at all is reported as missing, not as too short.
                    self.push(t, "required", what, Value::from(value), true);
                } else {
                    self.push(t, limit, what, Value::from(value), breaks);
                }
            }
        }
        if let Some(max) = l.max_bytes.map(|max| max as usize) {
            let multi = format!("{}{}", "字".repeat(max / 3), "x".repeat(max % 3));
            let cases = [
                ("x".repeat(max), false, "ASCII at the limit"),
                ("x".repeat(max + 1), true, "ASCII one byte over"),
                (multi, false, "3-byte characters at the limit"),
                ("字".repeat(max / 3 + 1), true, "3-byte characters over"),
            ];
            for (value, breaks, what) in cases {
                if text_fits(&value, l, "max_bytes") {
                    self.push(t, "max_bytes", format!("{what} ({} bytes)", value.len()), Value::from(value), breaks);
                }
            }
        }
        self.allowed_text_cases(t);
        self.pattern_cases(t);
    }

    fn allowed_text_cases(&mut self, t: &Target<'a>) {
        let allowed: Vec<&str> = t.limits.allowed.iter().filter_map(Value::as_str).collect();
        let Some(first) = allowed.first() else { return };
        for value in &allowed {
            self.push(t, "allowed", format!("allowed {value:?}"), Value::from(*value), false);
        }
        // Case matters: the upper-case spelling of an allowed value is not allowed.
        let candidates = [first.to_uppercase(), format!("{first}x"), "x".to_owned()];
        let outside =
            candidates.into_iter().find(|c| !allowed.contains(&c.as_str()) && text_fits(c, t.limits, "allowed"));
        if let Some(value) = outside {
            self.push(t, "allowed", format!("{value:?}"), Value::from(value), true);
        }
    }

    fn pattern_cases(&mut self, t: &Target<'a>) {
        let Some(pattern) = &t.limits.pattern else { return };
        // The example passes (and is the base of the near misses); else a synthesized value.
        let valid = match t.example.and_then(Value::as_str) {
            Some(example) => example.to_owned(),
            None => valid_text(t.limits),
        };
        self.push(t, "pattern", format!("{valid:?}"), Value::from(valid.clone()), false);
        // Near misses first; each is checked to be really rejected by the pattern.
        let candidates = [format!("{valid}!"), valid.to_uppercase(), " ".to_owned(), "字".to_owned()];
        let rejected: Vec<String> = (candidates.into_iter())
            .filter(|c| !whole_match(pattern, c) && text_fits(c, t.limits, "pattern"))
            .take(2)
            .collect();
        for value in rejected {
            self.push(t, "pattern", format!("{value:?}"), Value::from(value), true);
        }
    }

    fn url_cases(&mut self, t: &Target<'a>) {
        self.push(t, "url", "https URL with a query", Value::from("https://example.com/a.jpg?size=1"), false);
        for bad in ["ftp://example.com/a.jpg", "example.com/a.jpg", "http://", "http://exa mple.com/a.jpg"] {
            self.push(t, "url", format!("{bad:?}"), Value::from(bad), true);
        }
        // Size and image limits of a URL describe what the server downloads.
        let image = t.limits.image.as_ref();
        let keys = [
            ("min_decoded_size", t.limits.min_decoded_size.is_some()),
            ("max_decoded_size", t.limits.max_decoded_size.is_some()),
            ("image_format", image.is_some_and(|i| !i.formats.is_empty())),
            ("min_short_side", image.is_some_and(|i| i.min_short_side.is_some())),
            ("max_width", image.is_some_and(|i| i.max_width.is_some())),
            ("max_height", image.is_some_and(|i| i.max_height.is_some())),
        ];
        for (key, set) in keys {
            if set {
                self.skip(
                    &t.path,
                    key,
                    "describes the content the server downloads; only URL syntax is checked client-side",
                );
            }
        }
    }

    fn uuid_cases(&mut self, t: &Target<'a>) {
        self.push(t, "uuid", "upper-case UUID", Value::from(UUID.to_uppercase()), false);
        let bad = ["not-a-uuid".to_owned(), UUID[..35].to_owned(), UUID.replace('-', ""), format!("g{}", &UUID[1..])];
        for value in bad {
            self.push(t, "uuid", format!("{value:?}"), Value::from(value), true);
        }
    }

    /// base64 text (`Base64`) or a raw body (`Binary`, carried as base64 by the harness).
    fn data_cases(&mut self, t: &Target<'a>, prim: Prim) {
        let l = t.limits;
        if prim == Prim::Base64 {
            self.push(t, "base64", "\"@@@@\"", Value::from("@@@@"), true);
            let valid = STANDARD.encode(valid_bytes(l));
            let truncated = valid[..valid.len() - 1].to_owned();
            self.push(t, "base64", "valid base64 less its last character", Value::from(truncated), true);
            if let Some(max) = l.max_encoded_size {
                // The largest whole base64 text within the limit, then 4 characters more.
                let n = max / 4 * 3;
                self.push_data(t, "max_encoded_size", n, false);
                self.push_data(t, "max_encoded_size", n + 3, true);
            }
        }
        if let Some(min) = l.min_decoded_size {
            self.push_data(t, "min_decoded_size", min, false);
            if min > 0 {
                self.push_data(t, "min_decoded_size", min - 1, true);
            }
        }
        if let Some(max) = l.max_decoded_size {
            self.push_data(t, "max_decoded_size", max, false);
            self.push_data(t, "max_decoded_size", max + 1, true);
        }
        if let Some(image) = &l.image {
            self.image_cases(t, image);
        }
    }

    /// A valid image padded to `size` bytes, for a size limit.
    fn push_data(&mut self, t: &Target<'a>, limit: &'static str, size: u64, breaks: bool) {
        let (format, (w, h)) = default_image(t.limits);
        let bytes = image(format, w, h, size as usize);
        let what = format!("{size} bytes ({} of base64)", bytes.len().div_ceil(3) * 4);
        self.push(t, limit, what, Value::from(STANDARD.encode(bytes)), breaks);
    }

    fn image_cases(&mut self, t: &Target<'a>, limits: &ImageLimits) {
        let size = default_size(t.limits);
        let (w, h) = default_dims(limits);
        let encode = |bytes: Vec<u8>| Value::from(STANDARD.encode(bytes));
        let checks_format = !limits.formats.is_empty();
        let checks_dims = limits.min_short_side.is_some() || limits.max_width.is_some() || limits.max_height.is_some();
        for format in accepted(limits) {
            self.push(t, "image_format", format!("{format:?} {w}×{h}"), encode(image(format, w, h, size)), false);
        }
        if checks_format {
            for format in FORMATS.into_iter().filter(|f| !limits.formats.contains(f)) {
                self.push(t, "image_format", format!("{format:?} {w}×{h}"), encode(image(format, w, h, size)), true);
            }
            // A format the runtime does not know at all.
            self.push(t, "image_format", "TIFF header", encode(padded(b"II*\x00", size)), true);
        }
        if checks_format || checks_dims {
            self.push(
                t,
                "image_format",
                "bytes that are no image",
                encode(padded(b"plain text, no image", size)),
                true,
            );
        }
        for format in accepted(limits) {
            let mut dims = Vec::new(); // (limit, width, height, breaks)
            if let Some(min) = limits.min_short_side {
                dims.extend([("min_short_side", min, h, false), ("min_short_side", w, min, false)]);
                if min > 0 {
                    dims.extend([("min_short_side", min - 1, h, true), ("min_short_side", w, min - 1, true)]);
                }
            }
            if let Some(max) = limits.max_width {
                dims.extend([("max_width", max, h, false), ("max_width", max + 1, h, true)]);
            }
            if let Some(max) = limits.max_height {
                dims.extend([("max_height", w, max, false), ("max_height", w, max + 1, true)]);
            }
            for (limit, width, height, breaks) in dims {
                let what = format!("{format:?} {width}×{height}");
                self.push(t, limit, what, encode(image(format, width, height, size)), breaks);
            }
        }
    }

    fn number_cases(&mut self, t: &Target<'a>, prim: Prim) {
        let l = t.limits;
        // Floats also get a value half a unit past the bound.
        let steps: &[f64] = if prim.is_integer() { &[1.0] } else { &[1.0, 0.5] };
        // A value the type cannot hold (u64 below 0) is refused by serde, not by validation.
        let holds = |x: f64| prim.integer_range().is_none_or(|(low, high)| (low..=high).contains(&x));
        let mut values = Vec::new(); // (limit, value, breaks)
        if let Some(min) = l.min {
            values.push(("min", min, false));
            values.extend(steps.iter().map(|d| ("min", min - d, true)));
        }
        if let Some(max) = l.max {
            values.push(("max", max, false));
            values.extend(steps.iter().map(|d| ("max", max + d, true)));
        }
        let allowed: Vec<f64> = l.allowed.iter().filter_map(Value::as_f64).collect();
        values.extend(allowed.iter().map(|x| ("allowed", *x, false)));
        if let (Some(low), Some(high)) =
            (allowed.iter().copied().reduce(f64::min), allowed.iter().copied().reduce(f64::max))
        {
            let in_range = |x: f64| l.min.is_none_or(|m| x >= m) && l.max.is_none_or(|m| x <= m);
            values.extend([low - 1.0, high + 1.0].into_iter().filter(|x| in_range(*x)).map(|x| ("allowed", x, true)));
        }
        for (limit, x, breaks) in values.into_iter().filter(|(_, x, _)| holds(*x)) {
            self.push(t, limit, format!("{x}"), number(prim, x), breaks);
        }
    }

    fn list_cases(&mut self, t: &Target<'a>, item: &'a Type) {
        let l = t.limits;
        let mut counts = Vec::new(); // (limit, items, breaks)
        if let Some(min) = l.min_items {
            counts.push(("min_items", min, false));
            // An empty list counts as absent, which a rule may forbid on its own.
            if min > 1 || (min == 1 && !self.in_rule(&t.path)) {
                counts.push(("min_items", min - 1, true));
            }
        }
        if let Some(max) = l.max_items {
            counts.extend([("max_items", max, false), ("max_items", max + 1, true)]);
        }
        for (limit, n, breaks) in counts {
            let items = self.items(item, t.item_limits, n);
            self.push(t, limit, format!("{n} items"), items, breaks);
        }
    }

    fn in_rule(&self, path: &str) -> bool {
        self.action.rules.iter().any(|rule| match rule {
            Rule::AtLeastOne(group) | Rule::ExactlyOne(group) => group.iter().any(|m| m == path),
            Rule::Precedence { .. } => false,
        })
    }

    // -- rules -----------------------------------------------------------------------------

    fn rule_cases(&mut self) {
        let action = self.action;
        for rule in &action.rules {
            let key = match rule {
                Rule::AtLeastOne(_) => "at_least_one",
                Rule::ExactlyOne(_) => "exactly_one",
                Rule::Precedence { .. } => "precedence",
            };
            self.out.limits.push((String::new(), key));
            match rule {
                Rule::AtLeastOne(group) => {
                    self.push_members(group, &[], "at_least_one", true);
                    for member in group {
                        self.push_members(group, &[member], "at_least_one", false);
                    }
                }
                Rule::ExactlyOne(group) => {
                    self.push_members(group, &[], "exactly_one", true);
                    self.push_members(group, &group.iter().collect::<Vec<_>>(), "exactly_one", true);
                    for member in group {
                        self.push_members(group, &[member], "exactly_one", false);
                    }
                }
                Rule::Precedence { .. } => {
                    self.skip(
                        "",
                        "precedence",
                        "the server's choice when both are given; nothing to check client-side",
                    );
                }
            }
        }
    }

    /// The baseline with exactly the `given` members of `group`, each valid.
    fn push_members(&mut self, group: &[String], given: &[&String], limit: &'static str, breaks: bool) {
        let mut request = self.baseline.clone();
        let object = request.as_object_mut().expect("a request is an object");
        for member in group {
            object.remove(member);
        }
        for member in given {
            object.insert((*member).clone(), self.valid_field(self.request_field(member)));
        }
        let what = format!(
            "{} of {}",
            if given.is_empty() { "none".to_owned() } else { format!("{given:?}") },
            group.join(", ")
        );
        let expect = if breaks { vec![(String::new(), limit)] } else { Vec::new() };
        self.out.cases.push(Case { path: String::new(), limit, what, request, expect });
    }
}

/// Whether the generator checks a field's example completely, so it can stand for a valid
/// value. It checks lengths, sizes of lists, ranges, allowed values and patterns, but not
/// URL, UUID or base64 syntax, nor image content: FaceFusion's `Url` and `Image` examples
/// are the page's placeholders `image_url` and `image_base64`.
fn example_is_checked(ty: &Type) -> bool {
    match ty {
        Type::Prim(prim) => !matches!(prim, Prim::Url | Prim::Uuid | Prim::Base64 | Prim::Binary),
        Type::List(item) => example_is_checked(item),
        Type::Model { .. } => false,
    }
}

/// The limits, type checks and required flags a target carries, by the rule name that
/// reports them.
fn limit_keys(t: &Target) -> Vec<&'static str> {
    let mut keys = Vec::new();
    if let Type::Prim(prim) = t.ty {
        keys.extend((t.required && prim.is_text()).then_some("required"));
        keys.extend(match prim {
            Prim::Url => Some("url"),
            Prim::Uuid => Some("uuid"),
            Prim::Base64 => Some("base64"),
            _ => None,
        });
    }
    let l = t.limits;
    let image = l.image.as_ref();
    let set = [
        ("min_length", l.min_length.is_some()),
        ("max_length", l.max_length.is_some()),
        ("max_bytes", l.max_bytes.is_some()),
        ("min", l.min.is_some()),
        ("max", l.max.is_some()),
        ("allowed", !l.allowed.is_empty()),
        ("pattern", l.pattern.is_some()),
        ("min_items", l.min_items.is_some()),
        ("max_items", l.max_items.is_some()),
        ("max_encoded_size", l.max_encoded_size.is_some()),
        ("min_decoded_size", l.min_decoded_size.is_some()),
        ("max_decoded_size", l.max_decoded_size.is_some()),
        ("image_format", image.is_some_and(|i| !i.formats.is_empty())),
        ("min_short_side", image.is_some_and(|i| i.min_short_side.is_some())),
        ("max_width", image.is_some_and(|i| i.max_width.is_some())),
        ("max_height", image.is_some_and(|i| i.max_height.is_some())),
    ];
    keys.extend(set.into_iter().filter(|(_, set)| *set).map(|(key, _)| key));
    keys
}

// ---------------------------------------------------------------------------------------------
// Values.

fn valid_prim(prim: Prim, limits: &Limits) -> Value {
    match prim {
        Prim::String => Value::from(valid_text(limits)),
        Prim::Url => Value::from(URL),
        Prim::Uuid => Value::from(UUID),
        Prim::Base64 | Prim::Binary => Value::from(STANDARD.encode(valid_bytes(limits))),
        Prim::Bool => Value::Bool(false),
        number_prim => {
            let allowed = limits.allowed.first().and_then(Value::as_f64);
            let in_range = limits.max.map_or(0.0, |max| max.min(0.0)).max(limits.min.unwrap_or(f64::MIN));
            number(number_prim, allowed.unwrap_or(in_range))
        }
    }
}

fn valid_text(limits: &Limits) -> String {
    if let Some(first) = limits.allowed.first().and_then(Value::as_str) {
        return first.to_owned();
    }
    let chars = limits.min_length.unwrap_or(1).max(1);
    filled(chars, limits, "").expect("some filler character satisfies the limits; give the field an example")
}

/// `chars` characters of the first filler that keeps every limit but `ignoring`.
fn filled(chars: u64, limits: &Limits, ignoring: &str) -> Option<String> {
    FILLERS.iter().map(|c| c.to_string().repeat(chars as usize)).find(|value| text_fits(value, limits, ignoring))
}

/// Whether `value` keeps every text limit except `ignoring`. Used only to choose inputs.
fn text_fits(value: &str, l: &Limits, ignoring: &str) -> bool {
    let chars = value.chars().count() as u64;
    let holds = |key: &str, ok: bool| key == ignoring || ok;
    holds("min_length", l.min_length.is_none_or(|min| chars >= min))
        && holds("max_length", l.max_length.is_none_or(|max| chars <= max))
        && holds("max_bytes", l.max_bytes.is_none_or(|max| value.len() as u64 <= max))
        && holds("allowed", l.allowed.is_empty() || l.allowed.iter().any(|a| a.as_str() == Some(value)))
        && holds("pattern", l.pattern.as_deref().is_none_or(|pattern| whole_match(pattern, value)))
}

/// Whether the whole of `value` matches `pattern`, as `specs/README.md` defines patterns.
fn whole_match(pattern: &str, value: &str) -> bool {
    regex::Regex::new(&format!("^(?:{pattern})$")).expect("the generator checked the pattern").is_match(value)
}

fn number(prim: Prim, x: f64) -> Value {
    match (prim.is_integer(), x < 0.0) {
        (true, true) => Value::from(x as i64),
        (true, false) => Value::from(x as u64),
        (false, _) => Value::from(x),
    }
}

// ---------------------------------------------------------------------------------------------
// Images: minimal headers `imagesize` reads, padded with zeros.

/// The formats a field accepts; all four when it names none.
fn accepted(limits: &ImageLimits) -> Vec<ImageFormat> {
    if limits.formats.is_empty() {
        FORMATS.to_vec()
    } else {
        FORMATS.into_iter().filter(|f| limits.formats.contains(f)).collect()
    }
}

/// Sides that keep every pixel limit: 100 px, raised to the minimum, lowered to the maxima.
fn default_dims(limits: &ImageLimits) -> (u32, u32) {
    let side = limits.min_short_side.unwrap_or(0).max(100);
    (side.min(limits.max_width.unwrap_or(u32::MAX)), side.min(limits.max_height.unwrap_or(u32::MAX)))
}

/// Size in bytes of a valid image for a field: 64 bytes, or the minimum size.
fn default_size(limits: &Limits) -> usize {
    limits.min_decoded_size.unwrap_or(0).max(64) as usize
}

fn default_image(limits: &Limits) -> (ImageFormat, (u32, u32)) {
    match &limits.image {
        Some(image) => (accepted(image)[0], default_dims(image)),
        None => (ImageFormat::Png, (100, 100)),
    }
}

fn valid_bytes(limits: &Limits) -> Vec<u8> {
    let (format, (w, h)) = default_image(limits);
    image(format, w, h, default_size(limits))
}

fn image(format: ImageFormat, width: u32, height: u32, size: usize) -> Vec<u8> {
    let side16 = |n: u32| u16::try_from(n).expect("GIF and JPEG sides fit in 16 bits");
    let mut bytes = match format {
        ImageFormat::Png => {
            let mut b = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
            b.extend(width.to_be_bytes());
            b.extend(height.to_be_bytes());
            b.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]); // depth, colour, compression, filter, interlace, CRC
            b
        }
        ImageFormat::Gif => {
            let mut b = b"GIF89a".to_vec();
            b.extend(side16(width).to_le_bytes());
            b.extend(side16(height).to_le_bytes());
            b.extend([0, 0, 0]); // flags, background, aspect
            b
        }
        ImageFormat::Bmp => {
            let mut b = b"BM".to_vec();
            b.extend(u32::try_from(size).unwrap_or(u32::MAX).to_le_bytes()); // file size
            b.extend([0; 4]); // reserved
            b.extend(54u32.to_le_bytes()); // offset of the pixels
            b.extend(40u32.to_le_bytes()); // BITMAPINFOHEADER
            b.extend(width.to_le_bytes());
            b.extend(height.to_le_bytes());
            b.extend(1u16.to_le_bytes()); // planes
            b.extend(24u16.to_le_bytes()); // bits per pixel
            b.extend([0; 24]);
            b
        }
        ImageFormat::Jpeg => {
            // SOI, then an SOF0 segment: length 17, precision 8, height, width, 3 components.
            let mut b = vec![0xFF, 0xD8, 0xFF, 0xC0, 0x00, 0x11, 0x08];
            b.extend(side16(height).to_be_bytes());
            b.extend(side16(width).to_be_bytes());
            b.extend([3, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
            b
        }
    };
    assert!(bytes.len() <= size, "a {format:?} header does not fit in {size} bytes");
    bytes.resize(size, 0);
    bytes
}

fn padded(start: &[u8], size: usize) -> Vec<u8> {
    let mut bytes = start.to_vec();
    bytes.resize(size.max(start.len()), 0);
    bytes
}

// ---------------------------------------------------------------------------------------------
// Tests.

/// Runs every case derived for an action: how many there were, and a line per failure.
fn failures(service: &ir::Service, action: &ir::Action) -> (usize, Vec<String>) {
    let name = action.name.as_str();
    let check = checker(service, action);
    let derived = Deriver::derive(service, action);
    let baseline = check(derived.baseline.clone());
    assert_eq!(baseline, Ok(Vec::new()), "{name}: the baseline request must validate: {}", derived.baseline);
    let total = derived.cases.len();
    let failures = (derived.cases.into_iter())
        .filter_map(|case| {
            let actual = check(case.request);
            (actual.as_ref() != Ok(&case.expect)).then(|| {
                format!(
                    "{name}: {} [{}: {}]: expected {:?}, got {actual:?}",
                    case.path, case.limit, case.what, case.expect
                )
            })
        })
        .collect();
    (total, failures)
}

/// Every case derived for every action of the real specs (a new spec's too); all failures are
/// reported together, by action.
#[test]
fn every_action_meets_the_cases_derived_from_its_spec() {
    let mut report = Vec::new();
    for (service, action) in actions(ir()) {
        let (total, failures) = failures(service, action);
        if !failures.is_empty() {
            report.push(format!(
                "{}: {} of {total} derived cases failed:\n{}",
                action.name,
                failures.len(),
                failures.join("\n")
            ));
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n\n"));
}

/// Every example response of every spec reads as what it shows: the action's result, or the
/// vendor's error with the code its body names.
#[test]
fn every_example_response_reads_as_the_action_promises() {
    let mut failures = Vec::new();
    for (service, action) in actions(ir()) {
        let parse = registered(service, action).parse;
        for example in &action.examples {
            // An empty body (allowed for an empty success) shows no code.
            let body: Value = serde_json::from_str(&example.body).unwrap_or(Value::Null);
            let documented = |code: &str| action.errors.iter().any(|e| e.code == code);
            let code = ir::example_error_code(service.protocol, example.status, &body, documented);
            let got = parse(example.status.unwrap_or(200), example.body.as_bytes());
            if got != Ok(code.clone()) {
                failures.push(format!("{} \"{}\": expected {code:?}, got {got:?}", action.name, example.title));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The harness cannot silently derive nothing: every action is registered and has cases,
/// and every limit of every spec has cases or a recorded reason why none can exist.
#[test]
fn every_limit_of_every_spec_has_cases() {
    let mut total = 0;
    let mut missing = Vec::new();
    let unregistered: Vec<String> = (actions(ir()).filter_map(|(service, action)| {
        std::panic::catch_unwind(|| checker(service, action)).err().map(|_| action.name.clone())
    }))
    .collect();
    assert!(
        unregistered.is_empty(),
        "not in registry() in tests/boundaries.rs (see each one's hint above): {unregistered:?}"
    );
    for (service, action) in actions(ir()) {
        let derived = Deriver::derive(service, action);
        for (path, limit) in &derived.limits {
            let cased = derived.cases.iter().any(|c| c.path == *path && c.limit == *limit);
            let skipped = derived.skips.iter().any(|s| s.path == *path && s.limit == *limit && !s.reason.is_empty());
            if !cased && !skipped {
                missing.push(format!("{}: {path} {limit}", action.name));
            }
        }
        total += derived.cases.len();
    }
    assert!(missing.is_empty(), "limits without cases:\n{}", missing.join("\n"));
    assert!(total >= 60, "only {total} cases derived across the specs");
}

/// The harness is not vacuous: with one limit changed in a copy of the specs, the cases derived
/// from the copy disagree with the generated code, and the failure says where and how.
#[test]
fn a_limit_the_generated_code_does_not_enforce_is_caught() {
    let dir = tempfile::tempdir().expect("temporary directory");
    cloudbind_tests::copy_specs(dir.path());
    let file = dir.path().join("specs/tencent/facefusion/2018-12-01/service.yaml");
    let spec = std::fs::read_to_string(&file).expect("read the copied spec");
    assert_eq!(spec.matches("max_length: 32").count(), 1, "MetaKey's limit is in the copied spec once");
    std::fs::write(&file, spec.replace("max_length: 32", "max_length: 31")).expect("write the copied spec");
    let changed = cloudbind_gen::load_ir(dir.path()).unwrap_or_else(|e| panic!("the changed specs load: {e}"));
    let (service, action) = find(&changed, "FaceFusion");
    let path = "FuseParam.ImageCodecParam.MetaData[1].MetaKey";
    assert_eq!(
        failures(service, action).1,
        [format!("FaceFusion: {path} [max_length: 32 × '字']: expected [(\"{path}\", \"max_length\")], got Ok([])")]
    );
}

/// A spec's example of a request parameter is a valid value of it.
#[test]
fn spec_examples_of_request_parameters_validate() {
    let (mut failures, mut checked) = (Vec::new(), 0);
    for (service, action) in actions(ir()) {
        let check = checker(service, action);
        let deriver = Deriver::new(service, action);
        for target in deriver.targets() {
            let Some(example) = target.example else { continue };
            checked += 1;
            let actual = check(deriver.request_with(&target.steps, example.clone()));
            if actual != Ok(Vec::new()) {
                failures.push(format!("{}: {} example {example}: {actual:?}", action.name, target.path));
            }
        }
    }
    assert!(failures.is_empty(), "examples that do not validate:\n{}", failures.join("\n"));
    // The seed specs give 19; a run that found none would check nothing.
    assert!(checked >= 15, "only {checked} parameter examples were found");
}

/// An empty value of a rule's parameter counts as not given (as the generated rule checks
/// say), so the rule is broken and nothing else is reported.
#[test]
fn an_empty_rule_parameter_counts_as_not_given() {
    let (mut failures, mut checked) = (Vec::new(), 0);
    for (service, action) in actions(ir()) {
        let check = checker(service, action);
        let deriver = Deriver::new(service, action);
        for rule in &action.rules {
            let (group, name) = match rule {
                Rule::AtLeastOne(group) => (group, "at_least_one"),
                Rule::ExactlyOne(group) => (group, "exactly_one"),
                Rule::Precedence { .. } => continue,
            };
            for member in group {
                let field = deriver.request_field(member);
                let empty = if matches!(field.ty, Type::List(_)) { Value::Array(Vec::new()) } else { Value::from("") };
                let mut request = deriver.baseline.clone();
                let object = request.as_object_mut().expect("a request is an object");
                group.iter().for_each(|m| drop(object.remove(m)));
                object.insert(member.clone(), empty);
                checked += 1;
                let actual = check(request);
                if actual != Ok(vec![(String::new(), name)]) {
                    failures.push(format!("{}: {member} empty: expected only {name}, got {actual:?}", action.name));
                }
            }
        }
    }
    assert!(failures.is_empty(), "empty rule parameters:\n{}", failures.join("\n"));
    // Four seed actions have a rule over two parameters.
    assert!(checked >= 8, "only {checked} rule parameters were emptied");
}
