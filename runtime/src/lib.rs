//! Support code shared by every generated binding of the `cloudbind` crate.
//!
//! Generated modules hold the per-action facts (types, wire names, error tables); this crate
//! holds the behaviour that is the same for every action, written once: error-code lookup,
//! the typed service error, and reading each vendor's response envelope.

mod error;
mod meta;
mod params;
pub mod response;
pub mod sign;
pub mod validate;

pub use error::{ErrorCode, ErrorInfo, Retry, ServiceError};
pub use meta::{Action, HttpRoute, Param, ParamLocation, Period, Protocol, RateLimit, RegionPolicy, ServiceInfo};
pub use params::{wire_params, WireParams};
pub use response::{parse_response, ResponseError};
pub use validate::{Validate, Validated, ValidationError, Validator, Violation};
