//! A blocking convenience client (feature `client`): builds, sends with ureq, and reads the
//! typed result. The sans-IO functions it wraps work with any HTTP client.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use crate::error::{AnyErrorCode, ErrorCode, RequestIdSuffix, Retry, ServiceError};
use crate::meta::{Action, ActionRequest, ErrorCodeOf, ResponseOf};
use crate::request::{build_request_for, BuildError, Config};
use crate::response::{header_request_id, read_response, read_response_with_meta, ResponseError, WithMeta};
use crate::retry::RetryPolicy;
use crate::user_agent::user_agent;
// Here since the client was their first user; the sans-IO path takes them too.
pub use crate::user_agent::{AppName, AppNameProblem, InvalidAppName};
use crate::validate::Validated;

/// Why a call did not return the action's response. More variants may come: a match
/// needs a `_` arm.
#[derive(Debug)]
#[non_exhaustive]
pub enum ClientError<C> {
    /// The request could not be built (missing region, oversized body, ...).
    Build(BuildError),
    /// The request did not reach the service or the response did not arrive: a timeout, a
    /// refused connection, a name that did not resolve, ... (see [`TransportError::kind`]).
    Transport(TransportError),
    /// The response's status line and headers arrived, but its body did not (the connection
    /// dropped or stalled), or was larger than the client reads (10 MiB, as sent or as
    /// decoded from gzip). The service received the call, so it may have acted on it.
    ///
    /// `#[non_exhaustive]`, as [`ResponseError`]'s `Status` is: what else arrived with the
    /// status may join it (as `request_id` did). Outside this crate a pattern on it needs
    /// `..`, and [`ClientError::new_body_lost`] builds one.
    #[non_exhaustive]
    BodyLost {
        /// The HTTP status that arrived.
        status: u16,
        /// The wait its headers asked for (see [`crate::response::retry_after`]).
        retry_after: Option<Duration>,
        /// Why the body could not be read.
        error: TransportError,
        /// The vendor's id of the call, from the `apim-request-id` or `x-ms-request-id`
        /// header (Tencent and Alibaba send theirs in the body that was lost); `None` when
        /// the headers carried none.
        request_id: Option<String>,
    },
    /// The service answered with an error, an unexpected status, or an unexpected body.
    Response(ResponseError<C>),
}

impl<C: ErrorCode> fmt::Display for ClientError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Build(e) => e.fmt(f),
            ClientError::Transport(e) => write!(f, "transport error: {e}"),
            ClientError::BodyLost { status, error, request_id, .. } => {
                write!(f, "the body of an HTTP {status} response could not be read: {error}")?;
                RequestIdSuffix(request_id.as_deref()).fmt(f)
            }
            ClientError::Response(e) => e.fmt(f),
        }
    }
}

/// `Display` already shows the inner error, so `source` continues with *its* source: a
/// chain printer (anyhow's `{:#}`, say) then shows each message once.
impl<C: ErrorCode> std::error::Error for ClientError<C> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ClientError::Build(e) => e.source(),
            ClientError::Transport(e) | ClientError::BodyLost { error: e, .. } => e.source(),
            ClientError::Response(e) => e.source(),
        }
    }
}

impl<C> ClientError<C> {
    /// A [`ClientError::BodyLost`]: the status and wait that arrived, and why the body could
    /// not be read (a mock of a call lost on the way back, in a test); no request id
    /// ([`ClientError::with_request_id`] adds one).
    pub fn new_body_lost(status: u16, retry_after: Option<Duration>, error: TransportError) -> Self {
        ClientError::BodyLost { status, retry_after, error, request_id: None }
    }

    /// The same error, with `request_id` as the vendor's id of the call: a lost body's, or
    /// the response error's (see [`ResponseError::with_request_id`]). A request that was not
    /// built or not answered has no id, so `Build` and `Transport` come back unchanged.
    pub fn with_request_id(self, request_id: Option<String>) -> Self {
        match self {
            ClientError::BodyLost { status, retry_after, error, .. } => {
                ClientError::BodyLost { status, retry_after, error, request_id }
            }
            ClientError::Response(e) => ClientError::Response(e.with_request_id(request_id)),
            unanswered @ (ClientError::Build(_) | ClientError::Transport(_)) => unanswered,
        }
    }

    /// The vendor's id of the call, for any failure that got an answer: a vendor error's,
    /// a bare status's, a malformed body's (see [`ResponseError::request_id`]) or a lost
    /// body's. `None` for a request that was not built or not answered.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            ClientError::Response(e) => e.request_id(),
            ClientError::BodyLost { request_id, .. } => request_id.as_deref(),
            ClientError::Build(_) | ClientError::Transport(_) => None,
        }
    }
}

/// So `?` on [`crate::build_request`] works in a function returning a `ClientError` (a
/// hand-written send loop, say).
impl<C> From<BuildError> for ClientError<C> {
    fn from(error: BuildError) -> Self {
        ClientError::Build(error)
    }
}

/// So `?` on [`crate::read_response`] works in a function returning a `ClientError`.
impl<C> From<ResponseError<C>> for ClientError<C> {
    fn from(error: ResponseError<C>) -> Self {
        ClientError::Response(error)
    }
}

impl<C: ErrorCode> ClientError<C> {
    /// The vendor's error, if the service answered with one, to match on its typed code
    /// (see [`ResponseError::service_error`]).
    pub fn service_error(&self) -> Option<&ServiceError<C>> {
        match self {
            ClientError::Response(e) => e.service_error(),
            _ => None,
        }
    }

    /// Whether retrying can help: never for a request that could not be built; for a
    /// transport failure, what [`TransportError::retry`] says (yes when the network failed,
    /// unknown otherwise); for a response whose body was lost, what its status says (a 200 is
    /// unknown: the call may have taken effect, and for Tencent even an error answers 200),
    /// except that an oversized body is unknown whatever the status, since it comes back as
    /// large; for a response, what [`ResponseError::retry`] says.
    pub fn retry(&self) -> Retry {
        match self {
            ClientError::Build(_) => Retry::Never,
            ClientError::Transport(e) => e.retry(),
            ClientError::BodyLost { error, .. } if error.kind() == TransportErrorKind::BodyTooLarge => Retry::Unknown,
            ClientError::BodyLost { status, .. } => Retry::from_status(*status),
            ClientError::Response(e) => e.retry(),
        }
    }

    /// Whether a retry can help (transient or throttling; see [`ClientError::retry`]).
    pub fn is_retryable(&self) -> bool {
        self.retry().is_retryable()
    }

    /// How long the service asked the caller to wait before trying again (see
    /// [`ResponseError::retry_after`]); `None` for a request that was not answered.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            ClientError::Response(e) => e.retry_after(),
            ClientError::BodyLost { retry_after, .. } => *retry_after,
            ClientError::Build(_) | ClientError::Transport(_) => None,
        }
    }

    /// The same error, a vendor error's code without the action's type (see
    /// [`AnyErrorCode`]): one error type for calls to any action.
    pub fn erase(self) -> ClientError<AnyErrorCode> {
        match self {
            ClientError::Build(e) => ClientError::Build(e),
            ClientError::Transport(e) => ClientError::Transport(e),
            ClientError::BodyLost { status, retry_after, error, request_id } => {
                ClientError::BodyLost { status, retry_after, error, request_id }
            }
            ClientError::Response(e) => ClientError::Response(e.erase()),
        }
    }
}

/// Why a request did not reach the service, or its answer did not arrive in full.
///
/// Its [`kind`](TransportError::kind) says what failed; the HTTP library's own error is
/// behind [`get_ref`](TransportError::get_ref), as an [`std::io::Error`]'s is, so that
/// library can be upgraded without changing this type. `Display` shows both, and
/// `source` goes on with the library error's source.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    error: Box<dyn std::error::Error + Send + Sync>,
}

/// What kind of transport failure a [`TransportError`] is. More kinds may come: a match
/// needs a `_` arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The attempt's timeout or the call's deadline passed.
    Timeout,
    /// The host name did not resolve.
    HostNotFound,
    /// No connection could be opened (refused or unreachable): the request was not sent.
    Connect,
    /// The connection broke or stalled after it was opened: the request may have arrived.
    Io,
    /// The server's answer was not HTTP the client could read.
    Protocol,
    /// The TLS handshake failed (a certificate the client does not trust, say).
    Tls,
    /// The body was larger than the client reads (10 MiB, as sent or as decoded from gzip).
    BodyTooLarge,
    /// Anything else (a proxy the client could not use, say).
    Other,
}

impl TransportErrorKind {
    /// A short description, which [`TransportError`]'s `Display` starts with.
    pub fn as_str(self) -> &'static str {
        match self {
            TransportErrorKind::Timeout => "timed out",
            TransportErrorKind::HostNotFound => "the host name did not resolve",
            TransportErrorKind::Connect => "no connection could be opened",
            TransportErrorKind::Io => "the connection failed",
            TransportErrorKind::Protocol => "the answer was not valid HTTP",
            TransportErrorKind::Tls => "TLS failed",
            TransportErrorKind::BodyTooLarge => "the body was too large to read",
            TransportErrorKind::Other => "the transport failed",
        }
    }
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TransportError {
    /// A transport failure of `kind`, caused by `error` (a mock, in a test, or the error of
    /// another HTTP client in a hand-written send loop).
    pub fn new(kind: TransportErrorKind, error: impl Into<Box<dyn std::error::Error + Send + Sync>>) -> Self {
        TransportError { kind, error: error.into() }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// The HTTP library's error (ureq's, for the [`Client`]), to downcast for details.
    pub fn get_ref(&self) -> &(dyn std::error::Error + Send + Sync + 'static) {
        &*self.error
    }

    /// The HTTP library's error, owned.
    pub fn into_inner(self) -> Box<dyn std::error::Error + Send + Sync> {
        self.error
    }

    /// Whether retrying can help: transient when the network failed (a timeout, a name that
    /// did not resolve, a refused, broken or stalled connection, an answer that was not
    /// HTTP), unknown otherwise (a certificate problem or an oversized body comes back alike).
    pub fn retry(&self) -> Retry {
        use TransportErrorKind as K;
        match self.kind {
            K::Timeout | K::HostNotFound | K::Connect | K::Io | K::Protocol => Retry::Transient,
            K::Tls | K::BodyTooLarge | K::Other => Retry::Unknown,
        }
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.kind, self.error)
    }
}

/// `Display` already shows the library's error, so `source` continues with *its* source.
impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.error.source()
    }
}

/// ureq's error, classified.
fn transport(error: ureq::Error) -> TransportError {
    use std::io::ErrorKind as Io;
    use ureq::Error as E;
    use TransportErrorKind as K;
    let kind = match &error {
        E::Timeout(_) => K::Timeout,
        E::HostNotFound => K::HostNotFound,
        E::ConnectionFailed => K::Connect,
        E::Io(e) => match e.kind() {
            Io::TimedOut => K::Timeout,
            Io::ConnectionRefused | Io::HostUnreachable | Io::NetworkUnreachable | Io::AddrNotAvailable => K::Connect,
            _ => K::Io,
        },
        E::BodyStalled => K::Io,
        E::Protocol(_) => K::Protocol,
        E::Tls(_) | E::Pem(_) | E::Rustls(_) => K::Tls,
        E::BodyExceedsLimit(_) => K::BodyTooLarge,
        _ => K::Other,
    };
    TransportError::new(kind, error)
}

/// Sends requests of any action with one config and connection pool.
///
/// What a server can make it do is bounded: each attempt times out after 60 s unless
/// [`Client::with_timeout`] says otherwise, at most 10 MiB (10,485,760 bytes) of body is read,
/// as sent and as decoded from gzip (more is a [`ClientError::BodyLost`] of kind
/// [`TransportErrorKind::BodyTooLarge`]; a body of exactly 10 MiB is read),
/// and no redirect is followed, since it would carry the signed request and its credential
/// headers to the host the `Location` names: a 3xx comes back as a bare
/// [`ResponseError::Status`]. A call is tried once unless [`Client::with_retry`] gives a
/// policy, whose attempts and longest wait bound a call's retries, and
/// [`Client::with_deadline`] its whole time.
///
/// Its `Debug` shows the settings this crate gives it (config, retry policy, timeout,
/// deadline, whether a retry hook is set), not the whole of ureq's agent.
#[derive(Clone)]
pub struct Client {
    agent: ureq::Agent,
    config: Config,
    retry: RetryPolicy,
    on_retry: Option<RetryHook>,
    /// The agent's timeout per attempt.
    timeout: Option<Duration>,
    /// The longest a call may take, all its attempts and pauses included.
    deadline: Option<Duration>,
}

/// What a retrying [`Client`] reports before it pauses for another attempt.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct RetryEvent<'a> {
    /// The action's wire name (`CreateFace`).
    pub action: &'static str,
    /// Attempts made so far (1 after the first).
    pub attempts: u32,
    /// Why the last attempt failed.
    pub error: &'a (dyn std::error::Error + 'static),
    /// The error's class, which made the policy retry.
    pub retry: Retry,
    /// How long the client pauses before the next attempt.
    pub pause: Duration,
    /// The vendor's id of the failed attempt, when it got an answer that carried one (see
    /// [`ClientError::request_id`]). A hook serves every action, so it cannot downcast
    /// `error` to the action's `ClientError` to read it.
    pub request_id: Option<&'a str>,
}

/// The function [`Client::on_retry`] installs, shared by the client's clones.
#[derive(Clone)]
struct RetryHook(Arc<dyn Fn(&RetryEvent<'_>) + Send + Sync>);

impl fmt::Debug for RetryHook {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("RetryHook")
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The agent's own Debug is a page of ureq's defaults (TLS, pool, proxy, buffers).
        f.debug_struct("Client")
            .field("config", &self.config)
            .field("retry", &self.retry)
            .field("on_retry", &self.on_retry.is_some())
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("user_agent", &user_agent(self.config.app_name()))
            .finish_non_exhaustive()
    }
}

impl Client {
    /// A client with a 60-second overall timeout per attempt, which tries each call once.
    /// It sends `User-Agent: cloudbind-runtime/<version>`, after the application's name when
    /// `config` gives one ([`Config::with_app_name`], [`Client::with_app_name`]).
    pub fn new(config: Config) -> Self {
        let timeout = Some(Duration::from_secs(60));
        Client {
            agent: agent(timeout, &config),
            config,
            retry: RetryPolicy::none(),
            on_retry: None,
            timeout,
            deadline: None,
        }
    }

    /// The same client with another overall timeout per attempt (`None`, or one longer than
    /// [`Client::NO_LIMIT_BEYOND`] such as `Duration::MAX`: wait as long as it takes);
    /// connections are pooled anew.
    pub fn with_timeout(self, timeout: Option<Duration>) -> Self {
        let timeout = limit(timeout);
        Client { agent: agent(timeout, &self.config), timeout, ..self }
    }

    /// The same client, naming the application in the `User-Agent` header before the
    /// runtime's own token: `face-sync/2.1` sends `User-Agent: face-sync/2.1
    /// cloudbind-runtime/<version>` (the most significant product first, as HTTP orders
    /// them), so the vendor's logs tell the application's calls apart and still show what
    /// sent them. Another call replaces the name; connections are pooled anew.
    ///
    /// The name is checked when the [`AppName`] is made, so a bad one never costs the
    /// client. The header is not signed (Tencent and Alibaba sign the headers they list,
    /// never `User-Agent`), so any name keeps the signature valid. It is the config's
    /// ([`Config::with_app_name`]): [`build_request`](crate::build_request) writes the same
    /// header.
    pub fn with_app_name(self, name: AppName) -> Self {
        let config = self.config.with_app_name(name);
        Client { agent: agent(self.timeout, &config), config, ..self }
    }

    /// The same client, giving up on a call once `deadline` has passed since it began, all
    /// its attempts and pauses included (`None`, the default: no limit beyond the timeout
    /// per attempt and the retry policy's; so is one longer than [`Client::NO_LIMIT_BEYOND`],
    /// such as `Duration::MAX`). An attempt's timeout is cut to the time left, and no pause is
    /// taken that would leave none; the last error is returned.
    pub fn with_deadline(self, deadline: Option<Duration>) -> Self {
        Client { deadline: limit(deadline), ..self }
    }

    /// The longest timeout or deadline that limits anything: a longer one is taken as no
    /// limit. ureq adds a timeout to the current instant, which would overflow (and panic)
    /// for `Duration::MAX`, a common way to say "no limit".
    pub const NO_LIMIT_BEYOND: Duration = Duration::from_secs(100 * 365 * 24 * 60 * 60);

    /// The same client, with its connection pool and settings, sending with another config
    /// (another region or credentials, say). A client's clones share the pool, so
    /// `client.clone().with_config(..)` serves a second region without opening new
    /// connections to hosts both reach. The client's app name stays unless `config` names
    /// another ([`Config::with_app_name`]), and then connections are pooled anew.
    pub fn with_config(self, config: Config) -> Self {
        let config = match (config.app_name(), self.config.app_name()) {
            (None, Some(name)) => config.with_app_name(name.clone()),
            _ => config,
        };
        if config.app_name() == self.config.app_name() {
            return Client { config, ..self };
        }
        Client { agent: agent(self.timeout, &config), config, ..self }
    }

    /// The same client, trying a call again as `policy` says: after a transient fault or
    /// throttling, pausing in between (the thread sleeps). Each attempt is built and signed
    /// anew.
    /// Read [`RetryPolicy`] on actions that create something.
    pub fn with_retry(self, policy: RetryPolicy) -> Self {
        Client { retry: policy, ..self }
    }

    /// The same client, calling `hook` before each pause for another attempt (to log
    /// retries, say), instead of any hook set before; the client's clones share it.
    pub fn on_retry(self, hook: impl Fn(&RetryEvent<'_>) + Send + Sync + 'static) -> Self {
        Client { on_retry: Some(RetryHook(Arc::new(hook))), ..self }
    }

    /// Builds, signs and sends `request`, then reads the typed response or error; tries
    /// again as the client's [`RetryPolicy`] says (by default, never), and returns the last
    /// error when it gives up.
    pub fn send<R: ActionRequest>(&self, request: &Validated<R>) -> Result<ResponseOf<R>, ClientError<ErrorCodeOf<R>>> {
        self.send_for::<R::Action>(request)
    }

    /// [`Client::send`] for the action `A` named by the caller.
    pub fn send_for<A: Action>(
        &self,
        request: &Validated<A::Request>,
    ) -> Result<A::Response, ClientError<A::ErrorCode>> {
        self.call::<A, _>(request, read_response::<A>)
    }

    /// [`Client::send`], returning with the typed response the status, request id and
    /// headers of the answer (see [`crate::response::ResponseMeta`]): the way to log the
    /// request id of a successful Azure call, which only a header carries.
    pub fn send_with_meta<R: ActionRequest>(
        &self,
        request: &Validated<R>,
    ) -> Result<WithMeta<ResponseOf<R>>, ClientError<ErrorCodeOf<R>>> {
        self.send_with_meta_for::<R::Action>(request)
    }

    /// [`Client::send_with_meta`] for the action `A` named by the caller.
    pub fn send_with_meta_for<A: Action>(
        &self,
        request: &Validated<A::Request>,
    ) -> Result<WithMeta<A::Response>, ClientError<A::ErrorCode>> {
        self.call::<A, _>(request, read_response_with_meta::<A>)
    }

    /// The retry loop around [`Client::attempt`], whose answer `read` reads.
    fn call<A: Action, T>(
        &self,
        request: &Validated<A::Request>,
        read: impl Fn(&http::Response<Vec<u8>>) -> Result<T, ResponseError<A::ErrorCode>>,
    ) -> Result<T, ClientError<A::ErrorCode>> {
        let started = std::time::Instant::now();
        let left = || self.deadline.map(|deadline| deadline.saturating_sub(started.elapsed()));
        let mut attempts = 1;
        loop {
            let error = match self.attempt::<A, T>(request, left(), &read) {
                Ok(response) => return Ok(response),
                Err(error) => error,
            };
            let retry = error.retry();
            let Some(pause) = self.retry.pause(attempts, retry, error.retry_after()) else {
                return Err(error);
            };
            if left().is_some_and(|left| pause >= left) {
                return Err(error);
            }
            if let Some(RetryHook(hook)) = &self.on_retry {
                let request_id = error.request_id();
                hook(&RetryEvent { action: A::NAME, attempts, error: &error, retry, pause, request_id });
            }
            std::thread::sleep(pause);
            attempts += 1;
        }
    }

    /// One attempt: builds and signs the request now, sends it and reads the answer, within
    /// the client's timeout or the time `left` of the deadline, whichever is shorter.
    fn attempt<A: Action, T>(
        &self,
        request: &Validated<A::Request>,
        left: Option<Duration>,
        read: impl Fn(&http::Response<Vec<u8>>) -> Result<T, ResponseError<A::ErrorCode>>,
    ) -> Result<T, ClientError<A::ErrorCode>> {
        let request = build_request_for::<A>(request, &self.config).map_err(ClientError::Build)?;
        let request = match left {
            Some(left) => {
                let timeout = self.timeout.map_or(left, |timeout| timeout.min(left));
                self.agent.configure_request(request).timeout_global(Some(timeout)).build()
            }
            None => request,
        };
        let response = self.agent.run(request).map_err(|error| ClientError::Transport(transport(error)))?;
        let (parts, mut body) = response.into_parts();
        let bytes = read_body(&mut body).map_err(|error| ClientError::BodyLost {
            status: parts.status.as_u16(),
            retry_after: crate::response::retry_after(&parts.headers, std::time::SystemTime::now()),
            error: transport(error),
            request_id: header_request_id(&parts.headers),
        })?;
        read(&http::Response::from_parts(parts, bytes)).map_err(ClientError::Response)
    }
}

/// `duration`, or `None` (no limit) when it is longer than [`Client::NO_LIMIT_BEYOND`].
fn limit(duration: Option<Duration>) -> Option<Duration> {
    duration.filter(|duration| *duration <= Client::NO_LIMIT_BEYOND)
}

/// The most body the client reads, as sent and as decoded: ureq's limit counts the bytes on
/// the wire, and a gzip body (ureq decodes it) of 10 MiB can decode to some 10 GB. ureq 3.5.1
/// refused a body of exactly its limit; the workspace asks for 3.5.2, which reads it.
const MAX_BODY: u64 = 10 * 1024 * 1024;

/// The body, decoded, failing with `BodyExceedsLimit` past [`MAX_BODY`] bytes.
fn read_body(body: &mut ureq::Body) -> Result<Vec<u8>, ureq::Error> {
    use std::io::Read;
    let mut bytes = Vec::new();
    body.with_config().limit(MAX_BODY).reader().take(MAX_BODY + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_BODY {
        return Err(ureq::Error::BodyExceedsLimit(MAX_BODY));
    }
    Ok(bytes)
}

/// A ureq agent that reads error statuses (they carry the vendor's typed errors) instead of
/// raising them, and follows no redirect: none of the APIs redirects, and a followed one
/// would carry the request, turned into a GET, to the host the `Location` names with every
/// header but `Authorization` (Azure's subscription key, Tencent's and Alibaba's session
/// tokens). The 3xx response comes back as a status error instead.
///
/// Each built request carries the config's `User-Agent`, which ureq sends in place of the
/// agent's; the agent has the same one for what it sends itself, a proxy's `CONNECT`.
fn agent(timeout: Option<Duration>, config: &Config) -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .timeout_global(timeout)
        .user_agent(user_agent(config.app_name()))
        .build()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sign::Credentials;
    use crate::user_agent::USER_AGENT;

    #[test]
    fn the_service_error_is_found_only_in_a_vendor_answer() {
        use crate::response::tests_support::NoCodes;
        let vendor = ServiceError::<NoCodes>::new("Throttling.User", "slow down", None, 400);
        let answered = ClientError::Response(ResponseError::Service(vendor.clone()));
        assert_eq!(answered.service_error(), Some(&vendor));
        let status = ResponseError::new_status(502, Vec::new(), None);
        assert_eq!(ClientError::<NoCodes>::Response(status).service_error(), None);
        assert_eq!(ClientError::<NoCodes>::Build(BuildError::MissingRegion).service_error(), None);
    }

    #[test]
    fn every_answered_failure_gives_its_request_id_and_shows_it() {
        use crate::response::tests_support::NoCodes;
        let stalled = || TransportError::new(TransportErrorKind::Io, "stalled");
        let lost = ClientError::<NoCodes>::new_body_lost(502, None, stalled());
        assert_eq!(lost.request_id(), None);
        let shown = lost.to_string();
        assert_eq!(shown, "the body of an HTTP 502 response could not be read: the connection failed (stalled)");
        let lost = lost.with_request_id(Some("apim-1".into()));
        assert!(matches!(&lost, ClientError::BodyLost { request_id: Some(id), .. } if id == "apim-1"));
        assert_eq!((lost.to_string(), lost.request_id()), (format!("{shown} (request id apim-1)"), Some("apim-1")));
        assert_eq!(lost.erase().request_id(), Some("apim-1"), "erase keeps it");
        // A response error's, whichever variant: the vendor's error included.
        let status = ClientError::<NoCodes>::Response(ResponseError::new_status(502, "", None));
        assert_eq!(status.with_request_id(Some("apim-2".into())).request_id(), Some("apim-2"));
        let vendor = ServiceError::<NoCodes>::new("Throttling.User", "slow down", Some("r-1".into()), 400);
        assert_eq!(ClientError::Response(ResponseError::Service(vendor)).request_id(), Some("r-1"));
        // No answer, no id: the setter leaves these alone.
        let unanswered = [ClientError::<NoCodes>::Build(BuildError::MissingRegion), ClientError::Transport(stalled())];
        for error in unanswered.map(|error| error.with_request_id(Some("r-2".into()))) {
            assert_eq!(error.request_id(), None, "{error:?}");
        }
    }

    /// A timeout of up to a century is kept, ten years included; a longer one is no limit.
    #[test]
    fn a_timeout_is_kept_up_to_a_century() {
        let client = Client::new(Config::new(Credentials::new("id", "key")));
        let ten_years = Duration::from_secs(10 * 365 * 24 * 60 * 60);
        for kept in [Duration::from_secs(5), ten_years, Client::NO_LIMIT_BEYOND] {
            let debug = format!("{:?}", client.clone().with_timeout(Some(kept)));
            assert!(debug.contains(&format!("timeout: Some({kept:?})")), "{debug}");
        }
        assert_eq!(Client::NO_LIMIT_BEYOND.as_secs() / (365 * 24 * 60 * 60), 100);
        let debug = format!("{:?}", client.with_timeout(Some(Duration::MAX)));
        assert!(debug.contains("timeout: None"), "{debug}");
    }

    #[test]
    fn ureq_errors_are_classified_by_what_reached_the_service() {
        use std::io::{Error as IoError, ErrorKind};
        use TransportErrorKind as K;
        let kind = |error| transport(error).kind();
        assert_eq!(kind(ureq::Error::Timeout(ureq::Timeout::Global)), K::Timeout);
        assert_eq!(kind(ureq::Error::Io(IoError::from(ErrorKind::TimedOut))), K::Timeout);
        assert_eq!(kind(ureq::Error::HostNotFound), K::HostNotFound);
        assert_eq!(kind(ureq::Error::ConnectionFailed), K::Connect);
        assert_eq!(kind(ureq::Error::Io(IoError::from(ErrorKind::ConnectionRefused))), K::Connect);
        assert_eq!(kind(ureq::Error::Io(IoError::from(ErrorKind::ConnectionReset))), K::Io);
        assert_eq!(kind(ureq::Error::BodyStalled), K::Io);
        assert_eq!(kind(ureq::Error::Tls("bad certificate")), K::Tls);
        assert_eq!(kind(ureq::Error::BodyExceedsLimit(MAX_BODY)), K::BodyTooLarge);
        assert_eq!(kind(ureq::Error::InvalidProxyUrl), K::Other);
        for (k, retry) in [(K::Io, Retry::Transient), (K::Tls, Retry::Unknown), (K::BodyTooLarge, Retry::Unknown)] {
            assert_eq!(TransportError::new(k, "mock").retry(), retry, "{k:?}");
        }
    }

    #[test]
    fn a_transport_error_shows_its_kind_and_the_library_error_once() {
        use std::error::Error;
        /// A library's error with a cause of its own.
        #[derive(Debug)]
        struct Library(std::io::Error);
        impl fmt::Display for Library {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("reset")
            }
        }
        impl Error for Library {
            fn source(&self) -> Option<&(dyn Error + 'static)> {
                Some(&self.0)
            }
        }
        let library = Library(std::io::Error::other("the cable"));
        let error = TransportError::new(TransportErrorKind::Io, library);
        assert_eq!(error.to_string(), "the connection failed (reset)");
        // `source` skips the library's error, which `Display` already showed.
        assert_eq!(error.source().map(|s| s.to_string()).as_deref(), Some("the cable"));
        assert!(error.get_ref().downcast_ref::<Library>().is_some());
        let client = ClientError::<crate::response::tests_support::NoCodes>::Transport(error);
        assert_eq!(client.to_string(), "transport error: the connection failed (reset)");
        assert_eq!(client.source().map(|s| s.to_string()).as_deref(), Some("the cable"));
        assert_eq!(client.retry(), Retry::Transient);
    }

    #[test]
    fn debug_shows_the_settings_and_not_the_agent() {
        let config = Config::new(Credentials::new("AKIDexample", "very-secret")).with_region("ap-beijing");
        let client = Client::new(config).with_deadline(Some(Duration::from_secs(90))).on_retry(|_| {});
        let shown = format!("{client:?}");
        assert!(
            shown.starts_with("Client { config: Config { credentials: Credentials { id: \"AKIDexample\""),
            "{shown}"
        );
        let settings =
            format!("on_retry: true, timeout: Some(60s), deadline: Some(90s), user_agent: {USER_AGENT:?}, .. }}");
        assert!(shown.ends_with(&settings), "{shown}");
        assert!(!shown.contains("very-secret"), "{shown}");
        assert!(!shown.contains("Agent") && !shown.contains("tls"), "ureq's agent: {shown}");
        // Another config keeps every other setting.
        let shanghai = Config::new(Credentials::new("AKIDexample", "very-secret")).with_region("ap-shanghai");
        let moved = format!("{:?}", client.clone().with_config(shanghai));
        assert_eq!(moved, shown.replace("ap-beijing", "ap-shanghai"));
    }

    #[test]
    fn the_app_name_is_the_configs_and_outlives_another_config_without_one() {
        let credentials = || Credentials::new("AKIDexample", "very-secret");
        let agent = |client: &Client| user_agent(client.config.app_name());
        let client = Client::new(Config::new(credentials()));
        assert_eq!(agent(&client), USER_AGENT);
        let named = client.with_app_name(AppName::new("face-sync/2.1 (batch)").expect("a valid name"));
        assert_eq!(agent(&named), format!("face-sync/2.1 (batch) {USER_AGENT}"));
        // Another name replaces the first.
        let renamed = named.with_app_name("other/1".parse().expect("a valid name"));
        assert_eq!(agent(&renamed), format!("other/1 {USER_AGENT}"));
        // A config naming no app keeps the client's; one naming another replaces it.
        let moved = renamed.with_config(Config::new(credentials()).with_region("ap-shanghai"));
        assert_eq!(agent(&moved), format!("other/1 {USER_AGENT}"));
        let third = moved.with_config(Config::new(credentials()).with_app_name("third/3".parse().expect("valid")));
        assert_eq!(agent(&third), format!("third/3 {USER_AGENT}"));
        // A config's own name is the client's from the start.
        let configured = Client::new(Config::new(credentials()).with_app_name("cfg/1".parse().expect("valid")));
        assert_eq!(agent(&configured), format!("cfg/1 {USER_AGENT}"));
    }
}
