//! Support code shared by every generated binding of the `cloudbind` crate.
//!
//! Generated modules hold the per-action facts (types, wire names, error tables); this crate
//! holds the behaviour that is the same for every action, written once: error-code lookup,
//! the typed service error, validation, signing, building each vendor's HTTP request and
//! reading its response envelope. Apart from the optional `Client` (feature `client`), it
//! does no I/O.
//!
//! `use cloudbind::prelude::*` (or `cloudbind_runtime::prelude::*`) brings the traits whose
//! methods a caller uses into scope: `validated()`, an error code's `code()` and `retry()`.

pub mod abbrev;
#[cfg(feature = "client")]
pub mod client;
#[doc(hidden)]
pub mod de;
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
pub mod validate;

#[cfg(feature = "client")]
pub use client::{Client, ClientError, RetryEvent};
#[doc(hidden)]
pub use error::common_or_unknown;
pub use error::{AnyErrorCode, CommonCode, ErrorCode, ErrorInfo, ErrorTable, Retry, ServiceError, Unlisted};
pub use meta::{
    Action, ActionRequest, ErrorCodeOf, HttpRoute, Param, ParamLocation, Period, Protocol, RateLimit, RegionPolicy,
    ResponseOf, ServiceInfo,
};
pub use open_enum::{OpenEnum, TextEnum};
pub use params::{wire_params, wire_params_for, WireParams};
pub use request::{build_request, build_request_for, is_region_name, AlibabaSigning, BuildError, Config};
pub use response::{parse_response, read_response, ResponseError};
pub use retry::RetryPolicy;
pub use sign::Credentials;
pub use validate::{Rule, Validate, Validated, ValidationError, Validator, Violation};

/// The traits whose methods callers use, to import at once: `use cloudbind::prelude::*`.
pub mod prelude {
    pub use crate::{Action, ActionRequest, CommonCode, ErrorCode, TextEnum, Validate};
}

/// The `http` crate whose `Request` [`build_request`] returns and whose `Response`
/// [`read_response`] reads, so callers need not depend on the same version themselves.
pub use http;

/// The `ureq` crate the [`Client`] sends with, whose error [`ClientError::Transport`] and
/// [`ClientError::BodyLost`] hold (to tell a timeout from a refused connection).
#[cfg(feature = "client")]
pub use ureq;
