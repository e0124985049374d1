//! The intermediate model: checked, resolved and named. The only input of rendering.
//!
//! Every item keeps its exact wire name next to its Rust name, and every list is in a fixed
//! order (vendors, services and actions sorted by name; fields and codes in spec order), so
//! the same specs always render the same bytes.
#![allow(missing_docs)] // Fields are named after the spec keys they come from, which specs/README.md documents.

use std::collections::{BTreeMap, BTreeSet};

pub use crate::spec::{ImageFormat, Location, Period, Protocol, RegionPolicy, Retry};
pub use crate::types::Prim;

/// Everything the specs describe.
#[derive(Debug, Clone)]
pub struct Ir {
    /// Vendors sorted by id.
    pub vendors: Vec<Vendor>,
    /// How many spec files were read.
    pub spec_files: usize,
}

/// A vendor and its services.
#[derive(Debug, Clone)]
pub struct Vendor {
    pub id: String,
    pub name: String,
    pub summary: String,
    /// Facts about the vendor as a whole, and where they come from.
    pub notes: Option<String>,
    pub module: String,
    pub feature: String,
    pub spec_file: String,
    /// Codes every action of every service of the vendor may return.
    pub common_errors: Vec<ErrorCode>,
    pub services: Vec<Service>,
}

/// One version of one service.
#[derive(Debug, Clone)]
pub struct Service {
    pub vendor_id: String,
    pub vendor_name: String,
    /// The vendor's notes, which its reference page repeats: its readers have no vendor page.
    pub vendor_notes: Option<String>,
    /// Module of the vendor (`tencent`).
    pub vendor_module: String,
    pub id: String,
    pub version: String,
    pub name: String,
    pub summary: String,
    pub notes: Option<String>,
    pub protocol: Protocol,
    pub endpoint: String,
    pub region: RegionPolicy,
    pub regions: Vec<String>,
    /// Module of the service (`iai`).
    pub module: String,
    /// Module of the version (`v20180301`).
    pub version_module: String,
    /// Cargo feature that enables the service (`tencent-iai`).
    pub feature: String,
    pub spec_file: String,
    /// Codes every action of the service may return: the vendor's (unless the service
    /// redefines them), then the service's own.
    pub common_errors: Vec<ErrorCode>,
    pub models: Vec<Model>,
    pub actions: Vec<Action>,
}

impl Service {
    /// Whether the service has a `models.rs`: its models, and the enums fields share by name.
    pub fn has_models_file(&self) -> bool {
        let shares = |fields: &[Field]| fields.iter().any(|f| f.values.as_ref().is_some_and(|v| v.shared));
        !self.models.is_empty() || self.actions.iter().any(|a| shares(&a.request) || shares(&a.response))
    }

    /// The names of the models some request holds, which are validated and have constructors.
    pub fn request_models(&self) -> BTreeSet<&str> {
        self.models_reached(self.actions.iter().flat_map(|a| &a.request).map(|f| &f.ty))
    }

    /// The names of the models `types` reach, through model fields and list items.
    pub fn models_reached<'a>(&'a self, types: impl IntoIterator<Item = &'a Type>) -> BTreeSet<&'a str> {
        fn visit<'a>(ty: &'a Type, service: &'a Service, seen: &mut BTreeSet<&'a str>) {
            match ty {
                Type::List(item) => visit(item, service, seen),
                Type::Model { name, .. } => {
                    if seen.insert(name) {
                        for field in service.models.iter().filter(|m| &m.name == name).flat_map(|m| &m.fields) {
                            visit(&field.ty, service, seen);
                        }
                    }
                }
                Type::Prim(_) => {}
            }
        }
        let mut seen = BTreeSet::new();
        for ty in types {
            visit(ty, self, &mut seen);
        }
        seen
    }

    /// What the crate-level files need of a service whose own files are rendered: everything
    /// but its codes, models and actions, which make up nearly all of its memory.
    pub fn outline(self) -> Service {
        Service { common_errors: Vec::new(), models: Vec::new(), actions: Vec::new(), ..self }
    }

    /// The service's [outline](Service::outline), and the service itself, to be rendered
    /// elsewhere. Only the outline's few strings are copied.
    pub fn split_outline(mut self) -> (Service, Service) {
        let common_errors = std::mem::take(&mut self.common_errors);
        let models = std::mem::take(&mut self.models);
        let actions = std::mem::take(&mut self.actions);
        let outline = self.clone();
        (outline, Service { common_errors, models, actions, ..self })
    }
}

/// A nested model.
#[derive(Debug, Clone)]
pub struct Model {
    pub name: String,
    pub rust_name: String,
    pub summary: String,
    pub description: Option<String>,
    pub notes: Option<String>,
    pub fields: Vec<Field>,
}

/// A request parameter, response field or model member.
#[derive(Debug, Clone)]
pub struct Field {
    pub wire_name: String,
    pub page_name: Option<String>,
    pub rust_name: String,
    pub ty: Type,
    pub required: bool,
    /// Shown shortened by `Debug`: `base64` and `binary` data, and text the spec marks `bulky`.
    pub bulky: bool,
    pub location: Location,
    pub content_type: Option<String>,
    pub summary: String,
    pub description: Option<String>,
    pub default: Option<serde_json::Value>,
    pub example: Option<serde_json::Value>,
    pub limits: Limits,
    pub item_limits: Limits,
    pub result_codes: Option<ResultCodes>,
    /// The documented values of a `string` field (or of a `list<string>`'s items), typed.
    pub values: Option<ValueEnum>,
    pub notes: Option<String>,
}

impl Field {
    /// Whether serde writes the field: everything but a raw binary body, which is sent as
    /// the body itself.
    pub fn serialized(&self) -> bool {
        self.ty != Type::Prim(Prim::Binary)
    }

    /// The media type of a raw binary body (`application/octet-stream` unless the spec says
    /// otherwise); `None` for a serialized field.
    pub fn raw_body_type(&self) -> Option<&str> {
        (!self.serialized()).then(|| self.content_type.as_deref().unwrap_or("application/octet-stream"))
    }
}

/// A resolved type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Type {
    Prim(Prim),
    List(Box<Type>),
    Model { name: String, rust_name: String },
}

impl Type {
    /// The built-in type it is, if it is one (not a list or a model).
    pub fn prim(&self) -> Option<Prim> {
        match self {
            Type::Prim(p) => Some(*p),
            _ => None,
        }
    }

    /// Whether the type is `prim` or a list of it, at any depth.
    pub fn contains(&self, prim: Prim) -> bool {
        match self {
            Type::Prim(p) => *p == prim,
            Type::List(item) => item.contains(prim),
            Type::Model { .. } => false,
        }
    }

    /// The type as written in specs.
    pub fn spelling(&self) -> String {
        match self {
            Type::Prim(prim) => prim.spelling().to_owned(),
            Type::List(item) => format!("list<{}>", item.spelling()),
            Type::Model { name, .. } => name.clone(),
        }
    }
}

/// Documented limits of one value. Sizes are in bytes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Limits {
    pub min_length: Option<u64>,
    pub max_length: Option<u64>,
    pub max_bytes: Option<u64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub allowed: Vec<serde_json::Value>,
    /// Variant names the spec gives allowed text values (`{value: a-b, name: AHyphenB}`),
    /// by value.
    pub variant_names: BTreeMap<String, String>,
    pub pattern: Option<String>,
    pub min_items: Option<u64>,
    pub max_items: Option<u64>,
    pub max_encoded_size: Option<u64>,
    pub min_decoded_size: Option<u64>,
    pub max_decoded_size: Option<u64>,
    pub image: Option<ImageLimits>,
}

impl Limits {
    /// Whether no limit is set.
    pub fn is_empty(&self) -> bool {
        *self == Limits::default()
    }
}

/// Image format and pixel limits.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImageLimits {
    pub formats: Vec<ImageFormat>,
    pub min_short_side: Option<u32>,
    pub max_width: Option<u32>,
    pub max_height: Option<u32>,
}

/// Per-item result codes of a response field.
#[derive(Debug, Clone)]
pub struct ResultCodes {
    pub enum_name: String,
    /// Whether codes are integers (else strings).
    pub integer: bool,
    pub codes: Vec<ResultCode>,
}

/// A `string` field's allowed values as an enum with a variant per value. The field holds it
/// as the runtime's `OpenEnum`, which adds `Other` for text the spec does not list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueEnum {
    pub enum_name: String,
    /// Wire value and variant name, in the spec's order.
    pub variants: Vec<(String, String)>,
    /// The variant of the field's documented default, which is the `OpenEnum`'s `Default`.
    pub default: Option<usize>,
    /// Named by the spec (`enum`): rendered once, in `models.rs`, for every field naming it.
    pub shared: bool,
}

/// One per-item result code.
#[derive(Debug, Clone)]
pub struct ResultCode {
    pub code: serde_json::Value,
    pub variant: String,
    pub success: bool,
    pub summary: String,
}

/// One action.
#[derive(Debug, Clone)]
pub struct Action {
    pub name: String,
    pub title: Option<String>,
    pub summary: String,
    pub description: Option<String>,
    pub notes: Option<String>,
    pub spec_file: String,
    /// Module of the action's file (`create_face`).
    pub module: String,
    /// Marker type implementing `Action` (`CreateFace`).
    pub marker: String,
    pub request_type: String,
    pub response_type: String,
    pub error_code_type: String,
    pub error_type: String,
    pub method: String,
    pub path: String,
    pub rate_limits: Vec<RateLimit>,
    pub request: Vec<Field>,
    pub response: Vec<Field>,
    /// A response body that is a JSON list, in place of `response` fields.
    pub response_body: Option<Type>,
    pub rules: Vec<Rule>,
    /// The action's own codes, then the common codes it does not override.
    pub errors: Vec<ErrorCode>,
    pub examples: Vec<Example>,
}

/// One documented rate limit.
#[derive(Debug, Clone)]
pub struct RateLimit {
    pub requests: u32,
    pub per: Period,
    pub scope: Option<String>,
}

/// A cross-field rule (wire names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rule {
    AtLeastOne(Vec<String>),
    ExactlyOne(Vec<String>),
    Precedence { winner: String, over: String },
}

/// Where an error code is documented.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorOrigin {
    /// The action's own table.
    Action,
    /// The vendor's common codes, at this index of the vendor's `common_errors`.
    Vendor(usize),
    /// The service's own common codes, at this index of those.
    Service(usize),
}

/// One error code.
#[derive(Debug, Clone)]
pub struct ErrorCode {
    pub code: String,
    pub variant: String,
    pub summary: String,
    pub http_status: Vec<u16>,
    pub retry: Option<Retry>,
    pub notes: Option<String>,
    pub origin: ErrorOrigin,
}

/// One example of the vendor page.
#[derive(Debug, Clone)]
pub struct Example {
    pub title: String,
    pub request: Option<String>,
    pub request_note: Option<String>,
    pub status: Option<u16>,
    pub body: String,
}

/// The `Error` of a Tencent Cloud API 3.0 `Response` value, when it has one: a response
/// without it is the action's result. `"Error": null` is none, as the runtime reads it: the
/// vendor's error envelope is an object with a `Code`.
pub fn tencent_error(response: &serde_json::Value) -> Option<&serde_json::Value> {
    response.get("Error").filter(|error| !error.is_null())
}

/// Where an example response holds an error code that is a JSON boolean, object or list (its
/// JSON path, dotted, and what it is), at a place [`example_error_code`] looks for one: the
/// runtime reads such a body as no vendor error at all (a bare status, or malformed with a
/// success status), so the example was copied wrong. Alibaba's `Code` counts with an error
/// status only, where it is always read.
pub fn example_code_not_text(
    protocol: Protocol,
    status: Option<u16>,
    body: &serde_json::Value,
) -> Option<(String, &'static str)> {
    let pointers: &[&str] = match protocol {
        Protocol::TencentApi3 => &["/Response/Error/Code"],
        Protocol::AlibabaRpc if status.is_some_and(|status| !(200..300).contains(&status)) => &["/Code"],
        Protocol::AlibabaRpc => &[],
        Protocol::AzureRest => &["/error/code", "/error/statusCode"],
    };
    pointers.iter().find_map(|pointer| {
        let kind = match body.pointer(pointer)? {
            serde_json::Value::Bool(_) => "a boolean",
            serde_json::Value::Object(_) => "an object",
            serde_json::Value::Array(_) => "a list",
            _ => return None,
        };
        Some((pointer[1..].replace('/', "."), kind))
    })
}

/// The vendor error code an example response shows, if it shows one, from where each
/// protocol's error envelope keeps it, as the runtime reads it. With a success status,
/// Alibaba's top-level `Code` is an error only when `documented` (the action's table, common
/// codes included) has it: some success bodies carry `"Code": "OK"`. Azure's rate-limit
/// body has a numeric `statusCode` in place of a code, and an `error` object with neither is
/// named by the status. A number is read as its JSON text (`-1`), a `null` code as none, as
/// the runtime reads them; one that is a boolean, an object or a list is none too, since the
/// runtime reads such a body as no vendor error (see [`example_code_not_text`]).
pub fn example_error_code(
    protocol: Protocol,
    status: Option<u16>,
    body: &serde_json::Value,
    documented: impl Fn(&str) -> bool,
) -> Option<String> {
    let text = |pointer: &str| match body.pointer(pointer)? {
        serde_json::Value::String(code) => Some(code.clone()),
        serde_json::Value::Number(number) => Some(number.to_string()),
        _ => None,
    };
    if example_code_not_text(protocol, status, body).is_some() {
        return None;
    }
    match protocol {
        Protocol::TencentApi3 => text("/Response/Error/Code"),
        Protocol::AlibabaRpc if status.is_some_and(|status| !(200..300).contains(&status)) => text("/Code"),
        Protocol::AlibabaRpc => text("/Code").filter(|code| documented(code)),
        Protocol::AzureRest => text("/error/code").or_else(|| text("/error/statusCode")).or_else(|| {
            let error = body.pointer("/error").is_some_and(serde_json::Value::is_object);
            error.then(|| status.unwrap_or(200).to_string())
        }),
    }
}
