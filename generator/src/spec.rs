//! The spec files as written: plain serde structs that mirror the YAML key by key.
//!
//! Nothing here is checked beyond shape; `check` turns these into the IR. Every struct
//! denies unknown keys so a misspelt key is an error, never silently ignored.
#![allow(missing_docs)] // These structs mirror specs/README.md, which documents every key.

use serde::Deserialize;
use yaml_serde::Value;

/// `specs/<vendor>/vendor.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VendorSpec {
    pub vendor: String,
    pub name: String,
    pub summary: String,
    #[serde(default)]
    pub common_errors: Vec<ErrorSpec>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// `specs/<vendor>/<service>/<version>/service.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceSpec {
    pub vendor: String,
    pub service: String,
    pub version: String,
    pub name: String,
    pub summary: String,
    pub protocol: Protocol,
    pub endpoint: String,
    pub region: RegionPolicy,
    #[serde(default)]
    pub regions: Vec<String>,
    #[serde(default)]
    pub common_errors: Vec<ErrorSpec>,
    #[serde(default)]
    pub models: Vec<ModelSpec>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// The wire protocol style of a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Protocol {
    TencentApi3,
    AlibabaRpc,
    AzureRest,
}

impl Protocol {
    /// Every protocol, in the order specs/README.md lists them.
    pub const ALL: [Protocol; 3] = [Protocol::TencentApi3, Protocol::AlibabaRpc, Protocol::AzureRest];

    /// The name a spec's `protocol:` gives it.
    pub fn name(self) -> &'static str {
        match self {
            Protocol::TencentApi3 => "tencent-api3",
            Protocol::AlibabaRpc => "alibaba-rpc",
            Protocol::AzureRest => "azure-rest",
        }
    }

    /// The protocol a spec's `protocol:` names.
    pub fn from_name(name: &str) -> Option<Protocol> {
        Protocol::ALL.into_iter().find(|protocol| protocol.name() == name)
    }
}

/// Whether requests of a service carry a region.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RegionPolicy {
    Required,
    Optional,
    None,
}

/// One action file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ActionSpec {
    pub action: String,
    #[serde(default)]
    pub title: Option<String>,
    pub summary: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub http: Option<HttpSpec>,
    #[serde(default)]
    pub rate_limits: Vec<RateLimitSpec>,
    pub request: Vec<FieldSpec>,
    pub response: Vec<FieldSpec>,
    /// The type of a response body that is a JSON list (`list<DetectedFace>`), with
    /// `response: []`.
    #[serde(default)]
    pub response_body: Option<String>,
    #[serde(default)]
    pub rules: Vec<RuleSpec>,
    pub errors: Vec<ErrorSpec>,
    #[serde(default)]
    pub examples: Vec<ExampleSpec>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// HTTP method and path template of a REST action.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HttpSpec {
    pub method: String,
    pub path: String,
}

/// One documented rate limit.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RateLimitSpec {
    pub requests: u32,
    pub per: Period,
    #[serde(default)]
    pub scope: Option<String>,
}

/// The window of a rate limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Second,
    Minute,
    Hour,
    Day,
}

/// A request parameter, response field or model member.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSpec {
    pub name: String,
    #[serde(default)]
    pub page_name: Option<String>,
    #[serde(default)]
    pub rust_name: Option<String>,
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default)]
    pub required: bool,
    /// Text that may carry bulk data (the base64 of an image, say), though its type is not
    /// `base64`: `Debug` shows it shortened, as it does `base64` fields.
    #[serde(default)]
    pub bulky: bool,
    #[serde(default, rename = "in")]
    pub location: Option<Location>,
    #[serde(default)]
    pub content_type: Option<String>,
    pub summary: String,
    #[serde(default)]
    pub description: Option<String>,
    // Boxed: most fields have neither, and a spec tree of 10,000 actions holds ~200,000 fields.
    #[serde(default)]
    pub default: Option<Box<Value>>,
    #[serde(default)]
    pub example: Option<Box<Value>>,
    #[serde(default)]
    pub limits: Option<Box<LimitsSpec>>,
    #[serde(default)]
    pub item_limits: Option<Box<LimitsSpec>>,
    #[serde(default)]
    pub result_codes: Option<ResultCodesSpec>,
    /// The Rust name of the enum of the field's `allowed` text values, which fields of the
    /// service that name the same enum share.
    #[serde(default, rename = "enum")]
    pub enum_name: Option<String>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// Where a request parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Location {
    Body,
    Query,
    Path,
    Header,
}

/// Documented limits of a value. Sizes are bytes or strings such as `4 MiB`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LimitsSpec {
    #[serde(default)]
    pub min_length: Option<u64>,
    #[serde(default)]
    pub max_length: Option<u64>,
    #[serde(default)]
    pub max_bytes: Option<Value>,
    #[serde(default)]
    pub min: Option<yaml_serde::Number>,
    #[serde(default)]
    pub max: Option<yaml_serde::Number>,
    #[serde(default)]
    pub allowed: Option<Vec<Value>>,
    #[serde(default)]
    pub pattern: Option<String>,
    #[serde(default)]
    pub min_items: Option<u64>,
    #[serde(default)]
    pub max_items: Option<u64>,
    #[serde(default)]
    pub max_encoded_size: Option<Value>,
    #[serde(default)]
    pub min_decoded_size: Option<Value>,
    #[serde(default)]
    pub max_decoded_size: Option<Value>,
    #[serde(default)]
    pub image: Option<ImageLimitsSpec>,
}

/// Image format and pixel limits.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImageLimitsSpec {
    #[serde(default)]
    pub formats: Vec<ImageFormat>,
    #[serde(default)]
    pub min_short_side: Option<u32>,
    #[serde(default)]
    pub max_width: Option<u32>,
    #[serde(default)]
    pub max_height: Option<u32>,
}

/// Image formats a vendor may accept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageFormat {
    Jpeg,
    Png,
    Gif,
    Bmp,
}

/// A cross-field rule of a request: a map with exactly one of these keys.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    #[serde(default)]
    pub at_least_one: Option<Vec<String>>,
    #[serde(default)]
    pub exactly_one: Option<Vec<String>>,
    #[serde(default)]
    pub precedence: Option<PrecedenceSpec>,
}

/// `precedence: {winner, over}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrecedenceSpec {
    pub winner: String,
    pub over: String,
}

/// One row of an error-code table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorSpec {
    pub code: String,
    #[serde(default)]
    pub rust_name: Option<String>,
    pub summary: String,
    #[serde(default)]
    pub http_status: Option<HttpStatuses>,
    #[serde(default)]
    pub retry: Option<Retry>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// HTTP statuses, written as one number or a list of them.
#[derive(Debug, Clone)]
pub struct HttpStatuses(pub Vec<u16>);

/// Written by hand rather than as an untagged enum, whose only error is "data did not match
/// any variant": a wrong value is named, at its own position.
impl<'de> Deserialize<'de> for HttpStatuses {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Statuses;
        impl<'de> serde::de::Visitor<'de> for Statuses {
            type Value = HttpStatuses;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an HTTP status or a list of them")
            }
            fn visit_u64<E: serde::de::Error>(self, status: u64) -> Result<HttpStatuses, E> {
                let status = u16::try_from(status)
                    .map_err(|_| E::invalid_value(serde::de::Unexpected::Unsigned(status), &"an HTTP status"))?;
                Ok(HttpStatuses(vec![status]))
            }
            fn visit_i64<E: serde::de::Error>(self, status: i64) -> Result<HttpStatuses, E> {
                match u64::try_from(status) {
                    Ok(status) => self.visit_u64(status),
                    Err(_) => Err(E::invalid_value(serde::de::Unexpected::Signed(status), &"an HTTP status")),
                }
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<HttpStatuses, A::Error> {
                let mut statuses = Vec::new();
                while let Some(status) = seq.next_element::<u16>()? {
                    statuses.push(status);
                }
                Ok(HttpStatuses(statuses))
            }
        }
        deserializer.deserialize_any(Statuses)
    }
}

/// Whether retrying an error can help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Retry {
    Transient,
    Throttling,
    Never,
}

/// Per-item result codes carried by a response field.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultCodesSpec {
    #[serde(rename = "enum")]
    pub enum_name: String,
    pub codes: Vec<ResultCodeSpec>,
}

/// One per-item result code.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResultCodeSpec {
    pub code: Value,
    pub name: String,
    #[serde(default)]
    pub success: bool,
    pub summary: String,
}

/// A nested model of a service.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ModelSpec {
    pub name: String,
    #[serde(default)]
    pub rust_name: Option<String>,
    pub summary: String,
    #[serde(default)]
    pub description: Option<String>,
    pub fields: Vec<FieldSpec>,
    #[serde(default)]
    pub notes: Option<String>,
}

/// One example of the vendor page.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleSpec {
    pub title: String,
    #[serde(default)]
    pub request: Option<String>,
    #[serde(default)]
    pub request_note: Option<String>,
    pub response: ExampleResponseSpec,
}

/// The response of an example.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleResponseSpec {
    #[serde(default)]
    pub status: Option<u16>,
    pub body: String,
}
