//! Support code shared by every generated binding of the `cloudbind` crate.
//!
//! Generated modules hold the per-action facts (types, wire names, error tables); this crate
//! holds the behaviour that is the same for every action, written once: error-code lookup,
//! the typed service error, validation, signing, building each vendor's HTTP request and
//! reading its response envelope. Apart from the optional `Client` (feature `client`) and
//! the `Credentials::*_from_env` constructors, which read environment variables, it does no
//! I/O.
//!
//! `use cloudbind::prelude::*` (or `cloudbind_runtime::prelude::*`) brings the traits whose
//! methods a caller uses into scope: `validated()`, an error code's `code()` and `retry()`.

pub mod abbrev;
#[cfg(feature = "client")]
pub mod client;
#[doc(hidden)]
pub mod de;
mod env;
mod error;
mod meta;
mod open_enum;
mod params;
pub mod request;
pub mod response;
mod retry;
#[doc(hidden)]
pub mod ser;
pub mod sign;
mod user_agent;
pub mod validate;

#[cfg(feature = "client")]
pub use client::{Client, ClientError, RetryEvent, TransportError, TransportErrorKind};
pub use env::{EnvError, EnvProblem, EnvVariable};
#[doc(hidden)]
pub use error::common_or_unknown;
pub use error::{AnyErrorCode, CommonCode, ErrorCode, ErrorInfo, Retry, ServiceError};
// For generated code (an action's table and its variants outside it), not a stable API:
// hidden like the `ErrorCode` items that use them.
#[doc(hidden)]
pub use error::{ErrorTable, Unlisted};
pub use meta::{
    Action, ActionRequest, ErrorCodeOf, HttpRoute, Param, ParamLocation, Period, Protocol, RateLimit, RegionPolicy,
    ResponseOf, ServiceInfo,
};
pub use open_enum::{OpenEnum, TextEnum, UnknownValue};
// For generated `FromStr` impls, not a stable API.
#[doc(hidden)]
pub use error::parse_common;
#[doc(hidden)]
pub use open_enum::parse_text;
pub use params::{wire_params, wire_params_for, WireParams};
pub use request::{build_request, build_request_for, is_region_name, AlibabaSigning, BuildError, Config};
pub use response::{parse_response, read_response, read_response_with_meta, ResponseError, ResponseMeta, WithMeta};
pub use retry::RetryPolicy;
pub use sign::Credentials;
pub use user_agent::{AppName, AppNameProblem, InvalidAppName};
pub use validate::{encode_base64, Invalid, Rule, Validate, Validated, ValidationError, Validator, Violation};

/// The traits whose methods callers use, to import at once: `use cloudbind::prelude::*`.
pub mod prelude {
    pub use crate::{Action, ActionRequest, CommonCode, ErrorCode, TextEnum, Validate};
}

/// The enums that will grow are `#[non_exhaustive]`, so a variant added later is no breaking
/// change: a match outside this crate needs a `_` arm. Each `compile_fail` block below
/// matches every variant of one of them without that arm, and the first block, which compiles,
/// is the same matches with it (so the others fail for that reason alone).
///
/// ```
/// use cloudbind_runtime::sign::SignError;
/// use cloudbind_runtime::AlibabaSigning;
/// use cloudbind_runtime::RegionPolicy;
/// use cloudbind_runtime::Period;
/// use cloudbind_runtime::ParamLocation;
/// use cloudbind_runtime::validate::ImageFormat;
/// use cloudbind_runtime::validate::Kind;
/// use cloudbind_runtime::Retry;
/// use cloudbind_runtime::EnvProblem;
/// use cloudbind_runtime::AppNameProblem;
/// match SignError::MissingHeader("host") { SignError::InvalidHeaderName(_) | SignError::InvalidHeaderValue(_) | SignError::DuplicateHeader(_) | SignError::MissingHeader(_) | SignError::DuplicateParameter(_) => {} _ => {} }
/// match AlibabaSigning::default() { AlibabaSigning::V1HmacSha1 | AlibabaSigning::Acs3HmacSha256 => {} _ => {} }
/// match RegionPolicy::None { RegionPolicy::Required | RegionPolicy::Optional | RegionPolicy::None => {} _ => {} }
/// match Period::Day { Period::Second | Period::Minute | Period::Hour | Period::Day => {} _ => {} }
/// match ParamLocation::Body { ParamLocation::Body | ParamLocation::Query | ParamLocation::Path | ParamLocation::Header => {} _ => {} }
/// match ImageFormat::Png { ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::Gif | ImageFormat::Bmp => {} _ => {} }
/// match Kind::Text { Kind::Text | Kind::Url | Kind::Uuid | Kind::Base64 | Kind::Binary | Kind::Number | Kind::Other => {} _ => {} }
/// match Retry::Unknown { Retry::Transient | Retry::Throttling | Retry::Never | Retry::Unknown => {} _ => {} }
/// match EnvProblem::Unset { EnvProblem::Unset | EnvProblem::Empty | EnvProblem::NotUnicode => {} _ => {} }
/// match AppNameProblem::Empty { AppNameProblem::Empty | AppNameProblem::NotPrintableAscii { .. } | AppNameProblem::SpaceAtEnd => {} _ => {} }
/// ```
///
/// ```compile_fail,E0004
/// use cloudbind_runtime::sign::SignError;
/// match SignError::MissingHeader("host") { SignError::InvalidHeaderName(_) | SignError::InvalidHeaderValue(_) | SignError::DuplicateHeader(_) | SignError::MissingHeader(_) | SignError::DuplicateParameter(_) => {} }
/// ```
///
/// ```compile_fail,E0004
/// use cloudbind_runtime::AlibabaSigning;
/// match AlibabaSigning::default() { AlibabaSigning::V1HmacSha1 | AlibabaSigning::Acs3HmacSha256 => {} }
/// ```
///
/// ```compile_fail,E0004
/// use cloudbind_runtime::RegionPolicy;
/// match RegionPolicy::None { RegionPolicy::Required | RegionPolicy::Optional | RegionPolicy::None => {} }
/// ```
///
/// ```compile_fail,E0004
/// use cloudbind_runtime::Period;
/// match Period::Day { Period::Second | Period::Minute | Period::Hour | Period::Day => {} }
/// ```
///
/// ```compile_fail,E0004
/// use cloudbind_runtime::ParamLocation;
/// match ParamLocation::Body { ParamLocation::Body | ParamLocation::Query | ParamLocation::Path | ParamLocation::Header => {} }
/// ```
///
/// ```compile_fail,E0004
/// use cloudbind_runtime::validate::ImageFormat;
/// match ImageFormat::Png { ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::Gif | ImageFormat::Bmp => {} }
/// ```
///
/// ```compile_fail,E0004
/// use cloudbind_runtime::validate::Kind;
/// match Kind::Text { Kind::Text | Kind::Url | Kind::Uuid | Kind::Base64 | Kind::Binary | Kind::Number | Kind::Other => {} }
/// ```
///
/// ```compile_fail,E0004
/// use cloudbind_runtime::Retry;
/// match Retry::Unknown { Retry::Transient | Retry::Throttling | Retry::Never | Retry::Unknown => {} }
/// ```
///
/// ```compile_fail,E0004
/// use cloudbind_runtime::EnvProblem;
/// match EnvProblem::Unset { EnvProblem::Unset | EnvProblem::Empty | EnvProblem::NotUnicode => {} }
/// ```
///
/// ```compile_fail,E0004
/// use cloudbind_runtime::AppNameProblem;
/// match AppNameProblem::Empty { AppNameProblem::Empty | AppNameProblem::NotPrintableAscii { .. } | AppNameProblem::SpaceAtEnd => {} }
/// ```
#[cfg(doctest)]
mod growing_enums {}

/// The structs and struct-like variants that will gain fields are `#[non_exhaustive]`, so a
/// field added later is no breaking change: outside this crate a pattern on one needs `..`,
/// and a constructor builds it. Each `compile_fail` block below builds one with a literal;
/// the first block, which compiles, builds the same values with the constructors and
/// matches them with `..` (so the others fail for the literal alone). [`ServiceError`]'s own
/// docs show its pair.
///
/// ```
/// use cloudbind_runtime::{AnyErrorCode, Invalid, ResponseError, Rule, ValidationError, Violation};
/// let status = ResponseError::<AnyErrorCode>::new_status(502, b"<html>".to_vec(), None);
/// assert!(matches!(status, ResponseError::Status { status: 502, ref body, retry_after: None, .. } if body == b"<html>"));
/// let malformed = ResponseError::<AnyErrorCode>::new_malformed(200, "expected value", b"{".to_vec());
/// assert!(matches!(malformed, ResponseError::Malformed { status: 200, ref reason, ref body, .. } if reason == "expected value" && body == b"{"));
/// let violation = Violation::new("Urls[4]", Rule::MaxItems, "at most 4 items", "5 items");
/// let Violation { path, rule, limit, found, .. } = &violation;
/// assert_eq!((path.as_str(), *rule, limit.as_str(), found.as_str()), ("Urls[4]", Rule::MaxItems, "at most 4 items", "5 items"));
/// let ValidationError { violations, .. } = ValidationError::new(vec![violation.clone()]);
/// assert_eq!(violations, [violation]);
/// let Invalid { error, value, .. } = Invalid::new(ValidationError::new(violations.clone()), "request");
/// assert_eq!((error.violations, value), (violations, "request"));
/// ```
///
/// ```compile_fail,E0639
/// use cloudbind_runtime::{AnyErrorCode, ResponseError};
/// let status = ResponseError::<AnyErrorCode>::Status { status: 502, body: b"<html>".to_vec(), retry_after: None, request_id: None };
/// ```
///
/// ```compile_fail,E0639
/// use cloudbind_runtime::{AnyErrorCode, ResponseError};
/// let malformed = ResponseError::<AnyErrorCode>::Malformed { status: 200, reason: "expected value".into(), body: b"{".to_vec(), request_id: None };
/// ```
///
/// ```compile_fail,E0639
/// use cloudbind_runtime::{Rule, Violation};
/// let violation = Violation { path: "Urls[4]".into(), rule: Rule::MaxItems, limit: "at most 4 items".into(), found: "5 items".into() };
/// ```
///
/// ```compile_fail,E0639
/// use cloudbind_runtime::ValidationError;
/// let error = ValidationError { violations: Vec::new() };
/// ```
///
/// ```compile_fail,E0639
/// use cloudbind_runtime::{Invalid, ValidationError};
/// let invalid = Invalid { error: ValidationError::new(Vec::new()), value: "request" };
/// ```
///
/// [`ResponseMeta`] and [`WithMeta`] the same way:
///
/// ```
/// use cloudbind_runtime::{http::HeaderMap, ResponseMeta, WithMeta};
/// let meta = ResponseMeta::new(200, Some("id-1".into()), HeaderMap::new());
/// let WithMeta { response, meta: ResponseMeta { status, request_id, .. }, .. } = WithMeta::new("face", meta);
/// assert_eq!((response, status, request_id.as_deref()), ("face", 200, Some("id-1")));
/// ```
///
/// ```compile_fail,E0639
/// use cloudbind_runtime::{http::HeaderMap, ResponseMeta};
/// let meta = ResponseMeta { status: 200, request_id: None, headers: HeaderMap::new() };
/// ```
///
/// ```compile_fail,E0639
/// use cloudbind_runtime::{http::HeaderMap, ResponseMeta, WithMeta};
/// let answer = WithMeta { response: "face", meta: ResponseMeta::new(200, None, HeaderMap::new()) };
/// ```
///
/// [`EnvError`] and [`EnvVariable`] the same way (`EnvError`'s docs show their constructors):
///
/// ```compile_fail,E0639
/// use cloudbind_runtime::{EnvError, EnvProblem, EnvVariable};
/// let error = EnvError { variables: vec![EnvVariable::new("ID", EnvProblem::Unset)] };
/// ```
///
/// ```compile_fail,E0639
/// use cloudbind_runtime::{EnvProblem, EnvVariable};
/// let variable = EnvVariable { name: "ID".into(), problem: EnvProblem::Unset };
/// ```
///
/// [`BuildError`]'s struct-like variants are only made by the runtime, so they have no
/// constructors; a pattern on one needs `..`:
///
/// ```
/// use cloudbind_runtime::BuildError;
/// fn size(error: &BuildError) -> Option<usize> {
///     match error {
///         BuildError::BodyTooLarge { size, .. } => Some(*size),
///         BuildError::UndocumentedRegion { region, documented, .. } => Some(region.len() + documented.len()),
///         _ => None,
///     }
/// }
/// assert_eq!(size(&BuildError::MissingRegion), None);
/// ```
///
/// ```compile_fail,E0638
/// use cloudbind_runtime::BuildError;
/// fn size(error: &BuildError) -> Option<usize> {
///     match error {
///         BuildError::BodyTooLarge { size, limit } => Some(*size + *limit),
///         _ => None,
///     }
/// }
/// ```
///
/// ```compile_fail,E0638
/// use cloudbind_runtime::BuildError;
/// fn region(error: &BuildError) -> Option<&str> {
///     match error {
///         BuildError::UndocumentedRegion { region, documented } => Some(region).filter(|_| !documented.is_empty()).map(String::as_str),
///         _ => None,
///     }
/// }
/// ```
#[cfg(doctest)]
mod growing_fields {}

/// [`ClientError::BodyLost`] is `#[non_exhaustive]` as the variants above are (see
/// `growing_fields`).
///
/// ```
/// use cloudbind_runtime::{AnyErrorCode, ClientError, TransportError, TransportErrorKind};
/// let stalled = TransportError::new(TransportErrorKind::Io, "the body stalled");
/// let lost = ClientError::<AnyErrorCode>::new_body_lost(200, None, stalled);
/// assert!(matches!(lost, ClientError::BodyLost { status: 200, retry_after: None, .. }));
/// ```
///
/// ```compile_fail,E0639
/// use cloudbind_runtime::{AnyErrorCode, ClientError, TransportError, TransportErrorKind};
/// let error = TransportError::new(TransportErrorKind::Io, "the body stalled");
/// let lost = ClientError::<AnyErrorCode>::BodyLost { status: 200, retry_after: None, error, request_id: None };
/// ```
#[cfg(all(doctest, feature = "client"))]
mod growing_client_variants {}

/// The `http` crate whose `Request` [`build_request`] returns and whose `Response`
/// [`read_response`] reads, so callers need not depend on the same version themselves.
pub use http;

/// Called by each enabled service's part of a generated crate's `for_each_action!` with its
/// actions' paths: `callback!(args..., path)` for each, or `callback!(path)` without
/// arguments. The caller's arguments come as one bracketed token tree, which may repeat with
/// the actions (its contents could not). Written once here rather than in every generated
/// crate; not for other callers.
#[doc(hidden)]
#[macro_export]
macro_rules! __for_each_action_call {
    ($callback:ident $args:tt $($action:path),*) => {
        $($crate::__for_each_action_one!($callback $args $action);)*
    };
}

/// One action's call of [`__for_each_action_call!`].
#[doc(hidden)]
#[macro_export]
macro_rules! __for_each_action_one {
    ($callback:ident [] $action:path) => {
        $callback!($action);
    };
    ($callback:ident [$($args:tt)+] $action:path) => {
        $callback!($($args)+, $action);
    };
}
