//! Reading a vendor's HTTP response into the action's typed response or typed error.
//!
//! Each protocol wraps results and errors differently; [`parse_response`] picks the reading
//! from the action's service, so generated code needs no per-action parsing logic.

use std::fmt;
use std::time::{Duration, SystemTime};

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::value::RawValue;

use crate::error::{AnyErrorCode, ErrorCode, RequestIdSuffix, Retry, ServiceError};
use crate::meta::{Action, Protocol};

/// Why a response is not the action's success value. Its `Debug` shows a body as text,
/// shortened (see [`crate::abbrev`]): a proxy's error page can be long. More variants may
/// come: a match needs a `_` arm.
///
/// `Status` and `Malformed` are `#[non_exhaustive]` too, as [`ServiceError`] is: a response
/// has more to tell than they hold (`Status` gained `retry_after`, both `request_id`), and a
/// field added to a variant that other crates build or match in full would need a
/// semver-major release. Outside this crate a pattern on them needs `..`, and
/// [`ResponseError::new_status`] and [`ResponseError::new_malformed`] build them (a mock of a
/// failed call in a test, say), [`ResponseError::with_request_id`] adding the id.
///
/// Every variant can hold the vendor's id of the call, which its support asks for;
/// [`ResponseError::request_id`] reads it whichever variant it is.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ResponseError<C> {
    /// The vendor returned one of its errors.
    Service(ServiceError<C>),
    /// An HTTP status that is neither success nor a vendor error body (a proxy's error page,
    /// say). The body is kept as received.
    #[non_exhaustive]
    Status {
        /// The HTTP status.
        status: u16,
        /// The body, byte for byte (see [`ResponseError::body_text`]).
        body: Vec<u8>,
        /// How long the response asked the caller to wait (see [`retry_after`]); `None`
        /// when it did not say or when only the body was read ([`parse_response`]).
        retry_after: Option<Duration>,
        /// The vendor's id of the call, which a gateway sends on its own error pages too
        /// (Azure's `apim-request-id`); see [`read_response`]. `None` when the response
        /// carried none or when only the body was read ([`parse_response`]).
        request_id: Option<String>,
    },
    /// The body is not what the vendor promised: not JSON, or missing required fields.
    #[non_exhaustive]
    Malformed {
        /// The HTTP status.
        status: u16,
        /// What did not parse: the parser's message, its middle cut when it is longer than
        /// 1,024 characters (it quotes the offending value, which a hostile body makes huge).
        reason: String,
        /// The body, byte for byte (see [`ResponseError::body_text`]).
        body: Vec<u8>,
        /// The vendor's id of the call: the body's `RequestId` when that much of a Tencent or
        /// Alibaba body reads, else the headers' (see [`read_response`]). `None` when the
        /// response carried none or when only the body was read ([`parse_response`]).
        request_id: Option<String>,
    },
}

/// Constructors of the variants that other crates cannot build with a literal. They are
/// named `new_*` so that `status()` and the like stay free for reading a field.
impl<C> ResponseError<C> {
    /// A [`ResponseError::Status`]: `status` with `body` as received, and the wait it asked
    /// for; no request id ([`ResponseError::with_request_id`] adds one).
    pub fn new_status(status: u16, body: impl Into<Vec<u8>>, retry_after: Option<Duration>) -> Self {
        ResponseError::Status { status, body: body.into(), retry_after, request_id: None }
    }

    /// A [`ResponseError::Malformed`]: `status` with `body` as received, and what did not
    /// parse; no request id ([`ResponseError::with_request_id`] adds one).
    pub fn new_malformed(status: u16, reason: impl Into<String>, body: impl Into<Vec<u8>>) -> Self {
        ResponseError::Malformed { status, reason: reason.into(), body: body.into(), request_id: None }
    }

    /// The same error, with `request_id` as the vendor's id of the call, whichever variant
    /// it is (a vendor error's [`ServiceError::request_id`] included). A setter rather than
    /// another argument of `new_status` and `new_malformed`, so that the mocks written
    /// before the field existed still compile, as [`ServiceError::with_retry_after`] keeps
    /// `ServiceError::new_typed`'s.
    pub fn with_request_id(self, request_id: Option<String>) -> Self {
        match self {
            ResponseError::Service(mut error) => {
                error.request_id = request_id;
                ResponseError::Service(error)
            }
            ResponseError::Status { status, body, retry_after, .. } => {
                ResponseError::Status { status, body, retry_after, request_id }
            }
            ResponseError::Malformed { status, reason, body, .. } => {
                ResponseError::Malformed { status, reason, body, request_id }
            }
        }
    }

    /// The vendor's id of the call, whichever variant this is: a vendor error's, or the one
    /// that came with a bare status or a malformed body (see [`read_response`]). Logging
    /// code writes it for every failure alike; support asks for it.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            ResponseError::Service(error) => error.request_id(),
            ResponseError::Status { request_id, .. } | ResponseError::Malformed { request_id, .. } => {
                request_id.as_deref()
            }
        }
    }
}

/// The vendor's error as a response error (`ServiceError::new_typed(..).into()` in a mock).
impl<C> From<ServiceError<C>> for ResponseError<C> {
    fn from(error: ServiceError<C>) -> Self {
        ResponseError::Service(error)
    }
}

impl<C: ErrorCode> ResponseError<C> {
    /// The vendor's error, if this is one.
    pub fn service_error(&self) -> Option<&ServiceError<C>> {
        match self {
            ResponseError::Service(error) => Some(error),
            _ => None,
        }
    }

    /// Whether retrying can help: the vendor error's class (see [`ServiceError::retry`]),
    /// else what the HTTP status implies (a proxy's 502 or 503 page is transient).
    pub fn retry(&self) -> Retry {
        match self {
            ResponseError::Service(error) => error.retry(),
            ResponseError::Status { status, .. } | ResponseError::Malformed { status, .. } => {
                Retry::from_status(*status)
            }
        }
    }

    /// Whether a retry can help (transient or throttling; see [`ResponseError::retry`]).
    pub fn is_retryable(&self) -> bool {
        self.retry().is_retryable()
    }

    /// How long the response asked the caller to wait before trying again: a vendor
    /// error's or a bare status's `Retry-After` (see [`retry_after`]). A retry loop waits
    /// at least this long when it is given, and backs off on its own when it is not.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ResponseError::Service(error) => error.retry_after,
            ResponseError::Status { retry_after, .. } => *retry_after,
            ResponseError::Malformed { .. } => None,
        }
    }

    /// The same error, a vendor error's code without the action's type (see
    /// [`AnyErrorCode`]).
    pub fn erase(self) -> ResponseError<AnyErrorCode> {
        match self {
            ResponseError::Service(error) => ResponseError::Service(error.erase()),
            ResponseError::Status { status, body, retry_after, request_id } => {
                ResponseError::Status { status, body, retry_after, request_id }
            }
            ResponseError::Malformed { status, reason, body, request_id } => {
                ResponseError::Malformed { status, reason, body, request_id }
            }
        }
    }

    /// The body of a [`ResponseError::Status`] or [`ResponseError::Malformed`], decoded as
    /// UTF-8 with invalid bytes replaced, for logs.
    pub fn body_text(&self) -> Option<std::borrow::Cow<'_, str>> {
        match self {
            ResponseError::Service(_) => None,
            ResponseError::Status { body, .. } | ResponseError::Malformed { body, .. } => {
                Some(String::from_utf8_lossy(body))
            }
        }
    }
}

impl<C: fmt::Debug> fmt::Debug for ResponseError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseError::Service(error) => f.debug_tuple("Service").field(error).finish(),
            ResponseError::Status { status, body, retry_after, request_id } => f
                .debug_struct("Status")
                .field("status", status)
                .field("body", &crate::abbrev::AbbrevText(body))
                .field("retry_after", retry_after)
                .field("request_id", request_id)
                .finish(),
            ResponseError::Malformed { status, reason, body, request_id } => f
                .debug_struct("Malformed")
                .field("status", status)
                .field("reason", reason)
                .field("body", &crate::abbrev::AbbrevText(body))
                .field("request_id", request_id)
                .finish(),
        }
    }
}

/// A vendor error as [`ServiceError`] shows it; a bare status or a malformed body with the
/// start of the body, quoted, then ` (request id ...)` as a vendor error ends, when there is
/// one. The quotes keep a body that reads `(request id x)` from passing for the id.
impl<C: ErrorCode> fmt::Display for ResponseError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseError::Service(error) => return error.fmt(f),
            ResponseError::Status { status, body, .. } => {
                write!(f, "HTTP status {status} without a service error body")?;
                // A proxy's page usually says what failed.
                if let Some(start) = body_start(body) {
                    write!(f, ": {start:?}")?;
                }
            }
            ResponseError::Malformed { status, reason, body, .. } => {
                write!(f, "unexpected response body (HTTP {status}): {reason}")?;
                // The parser's position alone does not say that a gateway's HTML page came back.
                if let Some(start) = body_start(body) {
                    write!(f, "; the body starts: {start:?}")?;
                }
            }
        }
        RequestIdSuffix(self.request_id()).fmt(f)
    }
}

/// The start of `body` on one line, for a message, to quote: at most 80 characters, white
/// space runs as one space, and control characters replaced, so none reaches a terminal. Only the
/// first 512 bytes are read. `None` for a blank body.
fn body_start(body: &[u8]) -> Option<String> {
    let text = String::from_utf8_lossy(&body[..body.len().min(512)]);
    let words: Vec<String> = text.split_whitespace().map(|word| word.replace(char::is_control, "\u{fffd}")).collect();
    let line = words.join(" ");
    match line.char_indices().nth(80) {
        None if line.is_empty() => None,
        None => Some(line),
        Some((end, _)) => Some(format!("{}…", &line[..end])),
    }
}

impl<C: ErrorCode> std::error::Error for ResponseError<C> {}

/// Reads the HTTP status and body of a response to action `A`.
///
/// A body that is not the vendor's JSON is never a success nor the vendor's error: with a
/// success status it is [`ResponseError::Malformed`], with another a bare
/// [`ResponseError::Status`], each keeping the body byte for byte. That includes a key
/// given twice in an envelope or a response (`Response`, `Error`, `Code`, a field): neither
/// value wins; an envelope or response that is not a JSON object at any level (an array is
/// not read by position); an error code that is a JSON boolean, object or array (`Code`,
/// Azure's `code` or `statusCode`: a code is text, or a number kept as written), which would
/// otherwise pass for an undocumented code; nesting past serde_json's 128 levels in what is
/// read (values skipped, such as unknown fields, may nest deeper); and bytes after the JSON.
/// An Alibaba body with such a code can still be the success, as one with any undocumented
/// code can; an Azure `error` that is not an object, or an `error` object that does not
/// read, is never a success (`"error": null` is no `error`).
///
/// One UTF-8 byte order mark before the JSON is skipped, as RFC 8259 lets a reader do,
/// though senders must not write it: the body behind it reads as it would without. The mark
/// stays in the body an error keeps, and a position in a reason (`at line 1 column 4`)
/// counts its three bytes, as it counts every byte of the body as received.
pub fn parse_response<A: Action>(status: u16, body: &[u8]) -> Result<A::Response, ResponseError<A::ErrorCode>> {
    match A::SERVICE.protocol {
        Protocol::TencentApi3 => tencent(status, body),
        Protocol::AlibabaRpc => alibaba(status, body),
        Protocol::AzureRest => azure(status, body),
    }
}

/// Reads an HTTP response to action `A`: [`parse_response`], plus what only the headers
/// carry: the request id that Azure sends in `apim-request-id` rather than in the body, and
/// how long to wait before a retry ([`retry_after`], counted from now).
///
/// Every error holds the request id the response carried ([`ResponseError::request_id`]):
/// the body's `RequestId` where Tencent and Alibaba document it, else the `apim-request-id`
/// or `x-ms-request-id` header (`apim-request-id` unless it is empty or not ASCII text; a
/// header given twice counts by its first value). So a gateway's bare error page (Azure's API Management
/// sends `apim-request-id` on its own 5xx and 429 pages) and a body that did not parse keep
/// the id support asks for, as the vendor's typed error does.
///
/// The body may be any bytes (`Vec<u8>`, `Bytes`, `String`, ...), and only the action is
/// named: `read_response::<CreateFace>(&response)`.
pub fn read_response<A: Action>(
    response: &http::Response<impl AsRef<[u8]>>,
) -> Result<A::Response, ResponseError<A::ErrorCode>> {
    let headers = response.headers();
    let received = response.body().as_ref();
    // Only a failure reads the body again for the id: a success pays nothing for it.
    let id = || request_id(A::SERVICE.protocol, headers, received);
    match parse_response::<A>(response.status().as_u16(), received) {
        Err(ResponseError::Service(mut error)) => {
            if error.request_id.is_none() {
                error.request_id = header_request_id(headers);
            }
            error.retry_after = retry_after(headers, SystemTime::now());
            Err(ResponseError::Service(error))
        }
        Err(ResponseError::Status { status, body, .. }) => Err(ResponseError::Status {
            status,
            body,
            retry_after: retry_after(headers, SystemTime::now()),
            request_id: id(),
        }),
        Err(malformed @ ResponseError::Malformed { .. }) => Err(malformed.with_request_id(id())),
        ok => ok,
    }
}

/// What a successful response carried besides the typed body: its status, the request id
/// the vendor's support asks for, and its headers.
///
/// `#[non_exhaustive]`, so that more can join it; outside this crate [`ResponseMeta::new`]
/// builds one (a mock, in a test).
///
/// Its `Debug` (and so a logged [`WithMeta`]'s) shows every header but the values of those
/// that may carry a credential or a session, which read `"<redacted>"` as a
/// [`Credentials`](crate::Credentials)' secret does: `Set-Cookie`, `Authorization`, any header
/// whose name holds `cookie`, `auth`, `token`, `secret`, `key`, `session`, `password` or
/// `credential`, and any value marked sensitive. The field keeps them all, as received:
///
/// ```
/// use cloudbind_runtime::http::{HeaderMap, HeaderValue};
/// use cloudbind_runtime::ResponseMeta;
///
/// let mut headers = HeaderMap::new();
/// headers.insert("content-type", HeaderValue::from_static("application/json"));
/// headers.insert("set-cookie", HeaderValue::from_static("session=s3cr3t; HttpOnly"));
/// let meta = ResponseMeta::new(200, Some("r-1".into()), headers);
/// assert_eq!(
///     format!("{meta:?}"),
///     r#"ResponseMeta { status: 200, request_id: Some("r-1"), headers: {"content-type": "application/json", "set-cookie": "<redacted>"} }"#
/// );
/// assert_eq!(meta.headers["set-cookie"], "session=s3cr3t; HttpOnly");
/// ```
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ResponseMeta {
    /// The HTTP status (a 2xx).
    pub status: u16,
    /// The vendor's id of the call: for Tencent and Alibaba the body's `RequestId` (the
    /// typed response holds it too), for Azure the `apim-request-id` header, else
    /// `x-ms-request-id`. `None` when the response carried none.
    pub request_id: Option<String>,
    /// Every header of the response, as received.
    pub headers: http::HeaderMap,
}

impl ResponseMeta {
    /// What a response with `status`, `request_id` and `headers` carried.
    pub fn new(status: u16, request_id: Option<String>, headers: http::HeaderMap) -> Self {
        ResponseMeta { status, request_id, headers }
    }

    /// The vendor's id of the call: the field [`ResponseMeta::request_id`] as a `&str`, read
    /// as [`ResponseError::request_id`] reads a failure's, so one line logs either.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

impl fmt::Debug for ResponseMeta {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResponseMeta")
            .field("status", &self.status)
            .field("request_id", &self.request_id)
            .field("headers", &RedactedHeaders(&self.headers))
            .finish()
    }
}

/// Headers as `HeaderMap`'s `Debug` writes them, the values of [`is_secret`] ones redacted.
struct RedactedHeaders<'a>(&'a http::HeaderMap);

impl fmt::Debug for RedactedHeaders<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted: &dyn fmt::Debug = &"<redacted>";
        let entries = self.0.iter().map(|(name, value)| (name, if is_secret(name, value) { redacted } else { value }));
        f.debug_map().entries(entries).finish()
    }
}

/// Whether a response header may carry a credential or a session: a log line holding one
/// would hand it to whoever reads the log. Generous by name, since a header shown redacted
/// costs a reader little and a cookie shown in full may cost an account.
fn is_secret(name: &http::HeaderName, value: &http::HeaderValue) -> bool {
    const WORDS: [&str; 8] = ["cookie", "auth", "token", "secret", "key", "session", "password", "credential"];
    value.is_sensitive() || WORDS.iter().any(|word| name.as_str().contains(word))
}

/// An action's typed response with what came with it ([`read_response_with_meta`],
/// `Client::send_with_meta`). `#[non_exhaustive]` as [`ResponseMeta`] is: a pattern on it
/// needs `..`, and [`WithMeta::new`] builds one.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct WithMeta<T> {
    /// The typed response, as [`read_response`] returns it.
    pub response: T,
    /// Its status, request id and headers.
    pub meta: ResponseMeta,
}

impl<T> WithMeta<T> {
    /// `response` with `meta`.
    pub fn new(response: T, meta: ResponseMeta) -> Self {
        WithMeta { response, meta }
    }

    /// The response and its meta, apart (a pattern on the struct needs `..`, since it is
    /// `#[non_exhaustive]`):
    ///
    /// ```
    /// use cloudbind_runtime::{http::HeaderMap, ResponseMeta, WithMeta};
    /// let answer = WithMeta::new("face-1", ResponseMeta::new(200, Some("r-1".into()), HeaderMap::new()));
    /// let (face, meta) = answer.into_parts();
    /// assert_eq!((face, meta.status), ("face-1", 200));
    /// ```
    pub fn into_parts(self) -> (T, ResponseMeta) {
        (self.response, self.meta)
    }

    /// The same meta with `f` applied to the response (to keep only the field a caller
    /// returns, say):
    ///
    /// ```
    /// use cloudbind_runtime::{http::HeaderMap, ResponseMeta, WithMeta};
    /// let answer = WithMeta::new(("face-1", 0.98), ResponseMeta::new(200, None, HeaderMap::new()));
    /// let id = answer.map(|(id, _score)| id.to_owned());
    /// assert_eq!((id.response.as_str(), id.meta.status), ("face-1", 200));
    /// ```
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> WithMeta<U> {
        WithMeta { response: f(self.response), meta: self.meta }
    }
}

/// [`read_response`], keeping the status, the request id and the headers of a success (see
/// [`ResponseMeta`]): Azure sends its request id in a header only, so code that logs the id
/// of every call, for any vendor, reads it here. An error is what [`read_response`]
/// returns, which holds its request id already ([`ResponseError::request_id`]).
///
/// For Tencent and Alibaba the body is read a second time for its `RequestId` (the runtime
/// cannot see into the typed response); only this function pays for that, not
/// [`read_response`].
pub fn read_response_with_meta<A: Action>(
    response: &http::Response<impl AsRef<[u8]>>,
) -> Result<WithMeta<A::Response>, ResponseError<A::ErrorCode>> {
    let value = read_response::<A>(response)?;
    let headers = response.headers();
    let request_id = request_id(A::SERVICE.protocol, headers, response.body().as_ref());
    let meta = ResponseMeta::new(response.status().as_u16(), request_id, headers.clone());
    Ok(WithMeta::new(value, meta))
}

/// The request id of a response: the body's, where Tencent and Alibaba document it, else
/// the headers' (see [`header_request_id`]).
fn request_id(protocol: Protocol, headers: &http::HeaderMap, body: &[u8]) -> Option<String> {
    body_request_id(protocol, body).or_else(|| header_request_id(headers))
}

/// The request id of Azure's gateway (`apim-request-id`), else of the service behind it
/// (`x-ms-request-id`). The client reads it for a response whose body was lost.
pub(crate) fn header_request_id(headers: &http::HeaderMap) -> Option<String> {
    // An empty or non-text value is no id: the next header may hold a usable one.
    ["apim-request-id", "x-ms-request-id"]
        .iter()
        .filter_map(|name| headers.get(*name)?.to_str().ok())
        .map(str::trim)
        .find(|id| !id.is_empty())
        .map(str::to_owned)
}

/// The `RequestId` of a Tencent (`{"Response": {"RequestId"}}`) or Alibaba (`{"RequestId"}`)
/// body; Azure's bodies have none.
fn body_request_id(protocol: Protocol, body: &[u8]) -> Option<String> {
    #[derive(Deserialize)]
    struct Id {
        #[serde(rename = "RequestId", default, deserialize_with = "lenient_text")]
        request_id: Option<String>,
    }
    #[derive(Deserialize)]
    struct Envelope {
        #[serde(rename = "Response")]
        response: Object<Id>,
    }
    match protocol {
        Protocol::TencentApi3 => {
            serde_json::from_slice::<Object<Envelope>>(json_text(body)).ok()?.0.response.0.request_id
        }
        Protocol::AlibabaRpc => serde_json::from_slice::<Object<Id>>(json_text(body)).ok()?.0.request_id,
        Protocol::AzureRest => None,
    }
}

/// The longest wait [`retry_after`] reports: a day. The value comes from the network, and an
/// unbounded one (`Retry-After: 18446744073709551615`, or a date decades ahead) would make a
/// retry loop sleep for ever, or overflow `Instant + Duration`.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(24 * 60 * 60);

/// How long a response asks the caller to wait before trying again, read from its headers
/// as of `now`: Azure's `retry-after-ms` or `x-ms-retry-after-ms` (milliseconds, the more
/// precise, so they win), else the standard `Retry-After`, either whole seconds or an HTTP
/// date (a date already past means no wait). At most [`MAX_RETRY_AFTER`]. `None` when no
/// header says, or when the one that does is not a number or a date (a negative number
/// included): a hint the caller cannot read is no hint. A header given twice counts by its
/// first value.
pub fn retry_after(headers: &http::HeaderMap, now: SystemTime) -> Option<Duration> {
    let text = |name: &str| headers.get(name).and_then(|value| value.to_str().ok()).map(str::trim);
    // Digits past u64 are a wait longer than any cap, not an unreadable one.
    let whole = |text: &str| {
        (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())).then(|| text.parse::<u64>().unwrap_or(u64::MAX))
    };
    let wait = if let Some(millis) =
        ["retry-after-ms", "x-ms-retry-after-ms"].iter().find_map(|name| text(name).and_then(whole))
    {
        Duration::from_millis(millis)
    } else {
        let value = text("retry-after")?;
        match whole(value) {
            Some(seconds) => Duration::from_secs(seconds),
            None => httpdate::parse_http_date(value).ok()?.duration_since(now).unwrap_or(Duration::ZERO),
        }
    };
    Some(wait.min(MAX_RETRY_AFTER))
}

fn malformed<C>(status: u16, reason: impl fmt::Display, body: &[u8]) -> ResponseError<C> {
    ResponseError::new_malformed(status, cut_middle(reason.to_string()), body)
}

/// How many characters of a reason's start and of its end [`cut_middle`] keeps.
const REASON_KEEP: usize = 512;

/// `reason` with all but its first and last [`REASON_KEEP`] characters replaced by `…`.
/// serde quotes the offending value in the middle of its message (`invalid type: string
/// "…", expected u64 at line 1 column 9`), so a hostile body's megabytes would otherwise be
/// in every log line of the error, while its start and the position at its end say what
/// went wrong. The body itself is kept whole.
fn cut_middle(reason: String) -> String {
    let Some((head_end, _)) = reason.char_indices().nth(REASON_KEEP) else { return reason };
    match reason.char_indices().nth_back(REASON_KEEP - 1) {
        Some((tail_start, _)) if tail_start > head_end => {
            format!("{}…{}", &reason[..head_end], &reason[tail_start..])
        }
        _ => reason,
    }
}

/// The JSON text of a body: the body without one leading UTF-8 byte order mark, which some
/// servers write and RFC 8259 (section 8.1) lets a reader ignore. Only the reading skips it:
/// an error keeps the body as received, and a position in its reason counts the mark.
fn json_text(body: &[u8]) -> &[u8] {
    body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body)
}

/// Text fields of error envelopes that vendors sometimes send as `null` or as a number (a
/// request id): taken as text, so the typed code is not lost over them. A value other than
/// a string or `null` is its JSON text as received: a number keeps every digit (through
/// `f64`, `123456789012345678901234567890` lost its last ones, and `1e400` failed the whole
/// envelope), an object or array its spelling.
fn lenient_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let raw = Box::<RawValue>::deserialize(deserializer)?;
    as_text(raw.get()).map_err(serde::de::Error::custom)
}

/// A JSON value as [`lenient_text`] takes it.
fn as_text(json: &str) -> Result<Option<String>, serde_json::Error> {
    match json {
        "null" => Ok(None),
        text if text.starts_with('"') => serde_json::from_str(text),
        text => Ok(Some(text.to_owned())),
    }
}

/// An error code, read as [`lenient_text`] reads text, but refusing a boolean, an object or
/// an array, which is no code: kept as its JSON text, it passed for an undocumented code
/// (`"true"`). The refusal fails the envelope, so the body is no vendor error.
fn code_text<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    use serde::de::{Error, Unexpected};
    let raw = Box::<RawValue>::deserialize(deserializer)?;
    let found = match raw.get().as_bytes().first() {
        Some(b'{') => Unexpected::Map,
        Some(b'[') => Unexpected::Seq,
        // Valid JSON starting with `t` or `f` is `true` or `false`.
        Some(b't') => Unexpected::Bool(true),
        Some(b'f') => Unexpected::Bool(false),
        _ => return as_text(raw.get()).map_err(D::Error::custom),
    };
    Err(D::Error::invalid_type(found, &"an error code: text or a number"))
}

fn success<R: DeserializeOwned, C>(status: u16, body: &[u8]) -> Result<R, ResponseError<C>> {
    // An empty body (Azure's answer to a DELETE) reads as an empty object: a response without
    // required fields accepts it, any other reports what is missing.
    let text = json_text(body);
    let empty = text.iter().all(u8::is_ascii_whitespace);
    let json: &[u8] = if empty { b"{}" } else { text };
    serde_json::from_slice(json).map_err(|e| {
        if empty {
            // The position would be in the stand-in `{}`, not in anything received.
            let reason = e.to_string();
            let reason = reason.rsplit_once(" at line ").map_or(reason.as_str(), |(reason, _)| reason);
            malformed(status, format!("the body is empty, but the response has required fields ({reason})"), body)
        } else {
            malformed(status, placed_in(body, text, &e), body)
        }
    })
}

/// A `T` read from a JSON object only. serde's derived readers also take an array for a
/// struct, by position, so `["Bad.Input"]` or a list of results would read as an error
/// envelope; every envelope is read through this.
struct Object<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor<T>(std::marker::PhantomData<T>);

        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for Visitor<T> {
            type Value = Object<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }

            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Object<T>, A::Error> {
                T::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Object)
            }
        }

        // serde_json's `deserialize_map` refuses anything but `{`.
        deserializer.deserialize_map(Visitor(std::marker::PhantomData))
    }
}

/// Tencent Cloud API 3.0: `{"Response": {...}}`; errors arrive with status 200 as
/// `{"Response": {"Error": {"Code", "Message"}, "RequestId"}}` (and are read as errors with
/// any other status a gateway may give them).
fn tencent<R: DeserializeOwned, C: ErrorCode>(status: u16, body: &[u8]) -> Result<R, ResponseError<C>> {
    #[derive(Deserialize)]
    struct Envelope<'a> {
        #[serde(rename = "Response", borrow)]
        response: &'a RawValue,
    }
    #[derive(Deserialize)]
    struct Probe {
        // `"Error": null` reads as no error: the vendor's error envelope is an object with a
        // `Code`, and the generator's example check reads it the same way.
        #[serde(rename = "Error")]
        error: Option<Object<WireError>>,
        #[serde(rename = "RequestId", default, deserialize_with = "lenient_text")]
        request_id: Option<String>,
    }
    #[derive(Deserialize)]
    struct WireError {
        #[serde(rename = "Code", deserialize_with = "code_text")]
        code: Option<String>,
        #[serde(rename = "Message", default, deserialize_with = "lenient_text")]
        message: Option<String>,
    }
    // The `Response` value is read on its own, so an error in it is placed in the body.
    let json = json_text(body);
    let read = serde_json::from_slice::<Object<Envelope<'_>>>(json).map_err(|e| placed_in(body, json, &e)).and_then(
        |envelope| {
            let Object(envelope) = envelope;
            let inner = envelope.response.get();
            let probe =
                serde_json::from_str::<Object<Probe>>(inner).map_err(|e| placed_in(body, inner.as_bytes(), &e))?;
            Ok((envelope, probe.0))
        },
    );
    // The API answers its errors with 200, but a gateway in between may not: an error
    // envelope is the vendor's error whatever the status, anything else with another status
    // a bare status.
    match (status, read) {
        (_, Ok((_, Probe { error: Some(Object(WireError { code: Some(code), message })), request_id }))) => {
            Err(ResponseError::Service(ServiceError::new(&code, message.unwrap_or_default(), request_id, status)))
        }
        // An `Error` whose code is `null` names no error.
        (200, Ok((_, Probe { error: Some(_), .. }))) => Err(malformed(status, "the error's `Code` is null", body)),
        (200, Ok((envelope, _))) => {
            let inner = envelope.response.get();
            serde_json::from_str(inner).map_err(|e| malformed(status, placed_in(body, inner.as_bytes(), &e), body))
        }
        (200, Err(e)) => Err(malformed(status, e, body)),
        _ => Err(ResponseError::new_status(status, body, None)),
    }
}

/// serde_json's message for `error`, met reading `part`, a slice of `body`, with its position
/// counted in `body` ("at line 4 column 23"), where a reader of the logged body looks for it,
/// rather than in `part`. serde_json counts lines from 1 and a line's columns in bytes.
fn placed_in(body: &[u8], part: &[u8], error: &serde_json::Error) -> String {
    let reason = error.to_string();
    // Where `part` starts in `body` (it borrows from it; anything else keeps the message).
    let offset = (part.as_ptr() as usize).wrapping_sub(body.as_ptr() as usize);
    let (Some(before), Some((message, _))) = (body.get(..offset), reason.rsplit_once(" at line ")) else {
        return reason;
    };
    if error.line() == 0 {
        return reason;
    }
    let first_line = 1 + before.iter().filter(|b| **b == b'\n').count();
    let first_column = before.iter().rev().take_while(|b| **b != b'\n').count();
    let (line, column) = match error.line() {
        1 => (first_line, first_column + error.column()),
        line => (first_line + line - 1, error.column()),
    };
    format!("{message} at line {line} column {column}")
}

/// Alibaba Cloud RPC: the fields at the top level; errors as a flat
/// `{"RequestId", "HostId", "Code", "Message"}` with a 4xx/5xx status.
fn alibaba<R: DeserializeOwned, C: ErrorCode>(status: u16, body: &[u8]) -> Result<R, ResponseError<C>> {
    #[derive(Deserialize)]
    struct WireError {
        #[serde(rename = "Code", deserialize_with = "code_text")]
        code: Option<String>,
        #[serde(rename = "Message", default, deserialize_with = "lenient_text")]
        message: Option<String>,
        #[serde(rename = "RequestId", default, deserialize_with = "lenient_text")]
        request_id: Option<String>,
        #[serde(rename = "HostId", default, deserialize_with = "lenient_text")]
        host_id: Option<String>,
    }
    let error = || match serde_json::from_slice::<Object<WireError>>(json_text(body)) {
        Ok(Object(WireError { code: Some(code), message, request_id, host_id })) => {
            Some(ServiceError::<C>::new(&code, message.unwrap_or_default(), request_id, status).with_host_id(host_id))
        }
        _ => None,
    };
    if (200..300).contains(&status) {
        // Some success bodies carry `"Code": "OK"`, so with a success status only a code the
        // action documents is an error at once (a response requiring no more than the
        // envelope's `RequestId` would read as a success); any other `Code` is an error only
        // when the body does not read as the response.
        if let Some(error) = error().filter(|error| error.code.is_known()) {
            return Err(ResponseError::Service(error));
        }
        return success(status, body).map_err(|malformed| error().map_or(malformed, ResponseError::Service));
    }
    match error() {
        Some(error) => Err(ResponseError::Service(error)),
        None => Err(ResponseError::new_status(status, body, None)),
    }
}

/// Azure REST: the body is the result; errors are `{"error": {"code", "message"}}` with a
/// 4xx/5xx status, except rate limiting, whose body has `statusCode` instead of `code`: the
/// status then stands in as the code (`"429"`).
fn azure<R: DeserializeOwned, C: ErrorCode>(status: u16, body: &[u8]) -> Result<R, ResponseError<C>> {
    #[derive(Deserialize)]
    struct Envelope<'a> {
        #[serde(borrow)]
        error: &'a RawValue,
    }
    #[derive(Deserialize)]
    struct WireError {
        #[serde(default, deserialize_with = "code_text")]
        code: Option<String>,
        #[serde(rename = "statusCode", default, deserialize_with = "code_text")]
        status_code: Option<String>,
        #[serde(default, deserialize_with = "lenient_text")]
        message: Option<String>,
    }
    // An object with an `error` object is the vendor's error whatever the status: no Azure
    // result has an `error`, and an empty response type would otherwise take it for a
    // success. One that does not read (a code that is an object, say), or an `error` that is
    // not an object (`"error": []`), is no error, and no success either; `"error": null` is
    // no `error`.
    let json = json_text(body);
    let error = serde_json::from_slice::<Object<Envelope<'_>>>(json)
        .ok()
        .map(|Object(envelope)| envelope.error.get())
        .filter(|error| *error != "null")
        .map(|error| {
            if error.starts_with('{') {
                serde_json::from_str::<WireError>(error).map_err(|e| placed_in(body, error.as_bytes(), &e))
            } else {
                Err("the body's `error` is not an object".to_owned())
            }
        });
    let success_status = (200..300).contains(&status);
    match error {
        Some(Ok(error)) => {
            let code = error.code.or(error.status_code).unwrap_or_else(|| status.to_string());
            Err(ResponseError::Service(ServiceError::new(&code, error.message.unwrap_or_default(), None, status)))
        }
        Some(Err(reason)) if success_status => Err(malformed(status, reason, body)),
        None if success_status => success(status, body),
        _ => Err(ResponseError::new_status(status, body, None)),
    }
}

/// A code type for the runtime's own unit tests.
#[cfg(test)]
pub(crate) mod tests_support {
    use crate::error::{ErrorCode, ErrorTable, Unlisted};

    /// No documented codes at all.
    #[derive(Debug, Clone, PartialEq, Eq, Hash)]
    pub struct NoCodes(String);

    impl std::fmt::Display for NoCodes {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(&self.0)
        }
    }

    static TABLE: ErrorTable = ErrorTable::new("");

    impl ErrorCode for NoCodes {
        const LISTED: &'static [Self] = &[];

        fn table() -> &'static ErrorTable {
            &TABLE
        }

        fn unlisted(code: &str) -> Self {
            NoCodes(code.to_owned())
        }

        fn as_unlisted(&self) -> Option<Unlisted<'_>> {
            Some(Unlisted::Unknown(&self.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{cut_middle, header_request_id, REASON_KEEP};

    #[test]
    fn a_long_reason_keeps_its_start_and_end() {
        let exact = "é".repeat(2 * REASON_KEEP);
        assert_eq!(cut_middle(exact.clone()), exact, "nothing to cut");
        let long = format!("invalid type: string \"{}\", expected u64 at line 1 column 9", "ü".repeat(10_000));
        let cut = cut_middle(long.clone());
        assert_eq!(cut.chars().count(), 2 * REASON_KEEP + 1);
        let (head, tail) = cut.split_once('…').expect("the cut is marked");
        assert!(long.starts_with(head) && long.ends_with(tail));
        assert_eq!((head.chars().count(), tail.chars().count()), (REASON_KEEP, REASON_KEEP));
        assert!(tail.ends_with("expected u64 at line 1 column 9"), "{tail}");
    }

    /// The gateway's id first; an empty or blank one, or one that is not text, gives way to
    /// the service's; none usable is no id, never an empty one.
    #[test]
    fn a_header_request_id_is_the_first_usable_one() {
        let headers = |pairs: &[(&str, &[u8])]| {
            let mut map = http::HeaderMap::new();
            for (name, value) in pairs {
                let name = http::HeaderName::from_bytes(name.as_bytes()).expect("a header name");
                map.insert(name, http::HeaderValue::from_bytes(value).expect("a header value"));
            }
            map
        };
        let both = headers(&[("apim-request-id", b"gw-1"), ("x-ms-request-id", b"svc-1")]);
        assert_eq!(header_request_id(&both).as_deref(), Some("gw-1"));
        for unusable in [&b""[..], b"  ", b"caf\xc3\xa9"] {
            let fallback = headers(&[("apim-request-id", unusable), ("x-ms-request-id", b"svc-1")]);
            assert_eq!(header_request_id(&fallback).as_deref(), Some("svc-1"), "{unusable:?}");
            assert_eq!(header_request_id(&headers(&[("apim-request-id", unusable)])), None, "{unusable:?}");
        }
    }
}
