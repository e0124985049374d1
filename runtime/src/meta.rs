//! Facts about services and actions, as constants the generated code fills in.

use std::fmt;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::ErrorCode;
use crate::validate::Validate;

/// The wire protocol style of a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Protocol {
    /// Tencent Cloud API 3.0: JSON `POST /`, `X-TC-*` headers, TC3-HMAC-SHA256.
    TencentApi3,
    /// Alibaba Cloud RPC: every parameter in the query string of `POST /`.
    AlibabaRpc,
    /// Azure REST: path, query and body parameters, subscription-key header.
    AzureRest,
}

/// Whether requests of a service carry a region. More variants may come: a match needs a
/// `_` arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RegionPolicy {
    /// Every request names a region.
    Required,
    /// A region may be given.
    Optional,
    /// The service takes no region.
    None,
}

/// One version of one vendor service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ServiceInfo {
    /// Vendor identifier (`tencent`).
    pub vendor: &'static str,
    /// Service identifier (`iai`).
    pub service: &'static str,
    /// API version as sent on the wire (`2018-03-01`).
    pub version: &'static str,
    /// Display name.
    pub name: &'static str,
    /// Wire protocol style.
    pub protocol: Protocol,
    /// Default host (`{region}` stands for the region), or for REST services the base URL the
    /// page shows, whose path is the service's base path; their requests go to the endpoint
    /// the config names ([`BuildError::MissingEndpoint`](crate::BuildError::MissingEndpoint)).
    pub endpoint: &'static str,
    /// Whether requests carry a region.
    pub region: RegionPolicy,
    /// The regions the service documents, when it restricts them.
    pub regions: &'static [&'static str],
}

/// The window of a rate limit. More windows may come: a match needs a `_` arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Period {
    /// Per second.
    Second,
    /// Per minute.
    Minute,
    /// Per hour.
    Hour,
    /// Per day.
    Day,
}

/// A documented rate limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RateLimit {
    /// Requests allowed in one window.
    pub requests: u32,
    /// The window.
    pub per: Period,
    /// When the limit applies, if not always.
    pub scope: Option<&'static str>,
}

/// HTTP method and path template of an action (`POST /` for RPC styles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct HttpRoute {
    /// HTTP method.
    pub method: &'static str,
    /// Path template; `{name}` stands for the path parameter `name`.
    pub path: &'static str,
}

/// Where a request parameter travels. More locations may come: a match needs a `_` arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParamLocation {
    /// In the body (Tencent's JSON body, Azure's JSON body).
    Body,
    /// In the query string (every Alibaba RPC parameter, Azure query parameters).
    Query,
    /// In the URL path template.
    Path,
    /// In an HTTP header.
    Header,
}

/// A request parameter's wire name and where it travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Param {
    /// The name exactly as the vendor spells it.
    pub wire_name: &'static str,
    /// Where it travels.
    pub location: ParamLocation,
    /// Whether the vendor requires it.
    pub required: bool,
}

impl Param {
    /// A parameter in the body. Generated `PARAMS` tables use these constructors: a call is
    /// one short line of the generated file, where a struct literal was five.
    pub const fn body(wire_name: &'static str, required: bool) -> Self {
        Param { wire_name, location: ParamLocation::Body, required }
    }

    /// A parameter in the query string.
    pub const fn query(wire_name: &'static str, required: bool) -> Self {
        Param { wire_name, location: ParamLocation::Query, required }
    }

    /// A parameter in the URL path template.
    pub const fn path(wire_name: &'static str, required: bool) -> Self {
        Param { wire_name, location: ParamLocation::Path, required }
    }

    /// A parameter in an HTTP header.
    pub const fn header(wire_name: &'static str, required: bool) -> Self {
        Param { wire_name, location: ParamLocation::Header, required }
    }
}

/// One API action: ties its request, response and error-code types to its facts.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not an action",
    note = "name the action's marker type (`Xxx`, not `XxxRequest`); from a request type `R`, it is \
            `R::Action` (see `ActionRequest`)"
)]
pub trait Action: Send + Sync + 'static {
    /// The request parameters. Every action's requests and responses are `Debug + Clone +
    /// PartialEq + Send + Sync + 'static`, so code generic over actions can log, keep, compare
    /// and move them across threads and tasks without bounds of its own.
    type Request: Serialize + Validate + fmt::Debug + Clone + PartialEq + Send + Sync + 'static;
    /// The success response.
    type Response: DeserializeOwned + fmt::Debug + Clone + PartialEq + Send + Sync + 'static;
    /// The action's error codes.
    type ErrorCode: ErrorCode;
    /// Action name as sent on the wire (`CreateFace`).
    const NAME: &'static str;
    /// The service version the action belongs to.
    const SERVICE: &'static ServiceInfo;
    /// HTTP method and path.
    const HTTP: HttpRoute;
    /// Documented rate limits.
    const RATE_LIMITS: &'static [RateLimit];
    /// The request parameters serde writes, by wire name, with where each travels. A raw
    /// binary body is not among them: it is sent as the body itself.
    const PARAMS: &'static [Param];

    /// The raw body and its media type, for actions that send binary data as the whole body
    /// (Azure's image upload); `None` sends the parameters as the protocol says.
    fn raw_body(request: &Self::Request) -> Option<(&'static str, &[u8])> {
        let _ = request;
        None
    }
}

/// A request type that names its action, as every generated one does:
/// [`build_request`](crate::build_request), [`wire_params`](crate::wire_params) and
/// `Client::send` take the request and need no turbofish. (Reading a response still names
/// the action: the bytes cannot tell.)
///
/// Code generic over `A: Action` calls them with the bound
/// `A::Request: ActionRequest<Action = A>`, or calls the `_for` forms
/// ([`build_request_for`](crate::build_request_for), [`wire_params_for`](crate::wire_params_for),
/// `Client::send_for`), which take the action as a type parameter. Those also serve an
/// action written by hand whose request type belongs to another action.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a request type of an action",
    note = "pass the request (`XxxRequest`), whose type names its action, without a turbofish; \
            to name the action yourself, call the `_for` form (`build_request_for::<Xxx>`, `send_for::<Xxx>`)"
)]
pub trait ActionRequest: Serialize + Validate + fmt::Debug + Clone + PartialEq + Send + Sync + Sized + 'static {
    /// The action this request is for.
    type Action: Action<Request = Self>;
}

/// The success response of request type `R`'s action, for code generic over requests
/// (`<<R as ActionRequest>::Action as Action>::Response` written out).
pub type ResponseOf<R> = <<R as ActionRequest>::Action as Action>::Response;

/// The error-code enum of request type `R`'s action.
pub type ErrorCodeOf<R> = <<R as ActionRequest>::Action as Action>::ErrorCode;

/// Actions written by hand for the runtime's unit tests.
#[cfg(test)]
pub(crate) mod tests_support {
    /// `struct $name`, an action sending `$request` by `$protocol` to the service `$service` at
    /// `$endpoint` as `$method $path`, with the parameters `$params`; the service takes no
    /// region unless a region policy and the regions it lists follow.
    macro_rules! test_action {
        ($name:ident: $request:ty, $protocol:expr, $service:literal, $endpoint:literal, $method:literal $path:literal, $params:expr) => {
            $crate::meta::tests_support::test_action!(
                $name: $request, $protocol, $service, $endpoint, $method $path, $params, $crate::meta::RegionPolicy::None, &[]
            );
        };
        (
            $name:ident: $request:ty,
            $protocol:expr,
            $service:literal,
            $endpoint:literal,
            $method:literal $path:literal,
            $params:expr,
            $region:expr,
            $regions:expr
        ) => {
            struct $name;
            impl $crate::meta::Action for $name {
                type Request = $request;
                type Response = ();
                type ErrorCode = $crate::response::tests_support::NoCodes;
                const NAME: &'static str = stringify!($name);
                const SERVICE: &'static $crate::meta::ServiceInfo = &$crate::meta::ServiceInfo {
                    vendor: "v",
                    service: $service,
                    version: "v1",
                    name: "Service",
                    protocol: $protocol,
                    endpoint: $endpoint,
                    region: $region,
                    regions: $regions,
                };
                const HTTP: $crate::meta::HttpRoute = $crate::meta::HttpRoute { method: $method, path: $path };
                const RATE_LIMITS: &'static [$crate::meta::RateLimit] = &[];
                const PARAMS: &'static [$crate::meta::Param] = $params;
            }
        };
    }
    pub(crate) use test_action;
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::response::ResponseError;
    use crate::validate::Validated;

    fn sendable<T: Send + Sync + 'static>() {}

    /// Compiles only while the traits promise what generic callers need to move a call's
    /// values to another thread or task (`tokio::spawn` of a generic call) with no bounds of
    /// their own.
    #[allow(dead_code)]
    fn generic_calls_can_cross_threads<R: ActionRequest>() {
        sendable::<Validated<R>>();
        sendable::<ResponseOf<R>>();
        sendable::<ErrorCodeOf<R>>();
        sendable::<ResponseError<ErrorCodeOf<R>>>();
        sendable::<R::Action>();
    }
}
