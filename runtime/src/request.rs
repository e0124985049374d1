//! Sans-IO request building: a validated typed request plus a [`Config`] becomes the exact,
//! signed `http::Request` the vendor expects. Nothing here does I/O; clock and nonce are
//! injectable so tests can pin every byte.

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{SystemTime, UNIX_EPOCH};

use http::{Method, Request};

use crate::meta::{Action, ActionRequest, Protocol, RegionPolicy};
use crate::params::wire_params_for;
use crate::sign::{self, Credentials, SignError};
use crate::user_agent::{user_agent, AppName};
use crate::validate::Validated;

/// Tencent Cloud API 3.0 refuses TC3-signed POST bodies above 10 MB.
pub const TENCENT_MAX_BODY: usize = 10 * 1024 * 1024;

/// Which Alibaba Cloud signature to use. More may come: a match needs a `_` arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum AlibabaSigning {
    /// Signature version 1: HMAC-SHA1 over the query string.
    V1HmacSha1,
    /// ACS3-HMAC-SHA256 in the `Authorization` header (the vendor's recommendation).
    #[default]
    Acs3HmacSha256,
}

type Clock = Arc<dyn Fn() -> u64 + Send + Sync>;
type Nonce = Arc<dyn Fn() -> String + Send + Sync>;

/// What building a request needs besides the request itself.
#[derive(Clone)]
pub struct Config {
    credentials: Credentials,
    region: Option<String>,
    undocumented_regions: bool,
    endpoint: Option<String>,
    plain_http: bool,
    language: Option<String>,
    alibaba_signing: AlibabaSigning,
    app_name: Option<AppName>,
    clock: Clock,
    nonce: Nonce,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Credentials' own Debug redacts the secret and token.
        f.debug_struct("Config")
            .field("credentials", &self.credentials)
            .field("region", &self.region)
            .field("undocumented_regions", &self.undocumented_regions)
            .field("endpoint", &self.endpoint.as_deref().map(without_user_info))
            .field("plain_http", &self.plain_http)
            .field("language", &self.language)
            .field("alibaba_signing", &self.alibaba_signing)
            .field("app_name", &self.app_name)
            .finish_non_exhaustive()
    }
}

impl Config {
    /// A config with the system clock and random nonces. For Azure, the credentials' secret
    /// is the subscription key (the id is not sent).
    pub fn new(credentials: Credentials) -> Self {
        Config {
            credentials,
            region: None,
            undocumented_regions: false,
            plain_http: false,
            endpoint: None,
            language: None,
            alibaba_signing: AlibabaSigning::default(),
            app_name: None,
            clock: Arc::new(|| SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())),
            nonce: Arc::new(random_nonce),
        }
    }

    /// The region requests go to (Tencent `X-TC-Region`, Alibaba's regional host). Building
    /// a request refuses a region that is not a host label (letters, digits and inner
    /// hyphens) and, for a service whose spec lists its regions, one it does not list (see
    /// [`Config::allow_undocumented_regions`]).
    pub fn with_region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sends requests to a region the service's spec does not list (one the vendor opened
    /// after the spec was written, say) instead of refusing to build them.
    pub fn allow_undocumented_regions(mut self) -> Self {
        self.undocumented_regions = true;
        self
    }

    /// Overrides the service's host (Tencent, Alibaba) or, for Azure, names the resource's
    /// endpoint as the portal shows it (`https://NAME.cognitiveservices.azure.com`), which
    /// Azure requests need: the service's base path (`/face/v1.0`) is appended unless the
    /// endpoint already ends with it. The form is
    /// `[http[s]://]host[:port]` (HTTPS when no scheme is named), plus a path for Azure only;
    /// building a request refuses anything else with [`BuildError::InvalidEndpoint`].
    pub fn with_endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Sends a secret that travels as it is (Azure's subscription key, a session token) over
    /// an `http://` endpoint on another machine, which building a request refuses otherwise
    /// ([`BuildError::PlainHttp`]): for a gateway that only speaks plain HTTP on a network
    /// you trust. An endpoint on this machine (`localhost`, `127.0.0.1`, `[::1]`) is always allowed.
    pub fn allow_plain_http(mut self) -> Self {
        self.plain_http = true;
        self
    }

    /// Tencent `X-TC-Language` (`zh-CN` or `en-US`).
    pub fn with_language(mut self, language: impl Into<String>) -> Self {
        self.language = Some(language.into());
        self
    }

    /// Chooses the Alibaba signature version.
    pub fn with_alibaba_signing(mut self, signing: AlibabaSigning) -> Self {
        self.alibaba_signing = signing;
        self
    }

    /// Names the application in the `User-Agent` header of every request built with this
    /// config, before the runtime's own token: `face-sync/2.1` gives `User-Agent:
    /// face-sync/2.1 cloudbind-runtime/<version>` (without a name, the runtime's token alone),
    /// so the vendor's logs tell the application's calls apart. No vendor signs the header,
    /// so the name never touches a signature. Another call replaces the name.
    pub fn with_app_name(mut self, name: AppName) -> Self {
        self.app_name = Some(name);
        self
    }

    /// The application's name the `User-Agent` header carries, if one is set
    /// ([`Config::with_app_name`]).
    pub fn app_name(&self) -> Option<&AppName> {
        self.app_name.as_ref()
    }

    /// Replaces the clock (Unix seconds), for tests.
    pub fn with_clock(mut self, clock: impl Fn() -> u64 + Send + Sync + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Replaces the nonce source, for tests.
    pub fn with_nonce(mut self, nonce: impl Fn() -> String + Send + Sync + 'static) -> Self {
        self.nonce = Arc::new(nonce);
        self
    }
}

/// 32 hex digits from the standard library's per-process random hasher keys, the time and a
/// counter: unique per request, which is all a signature nonce needs.
fn random_nonce() -> String {
    use std::hash::{BuildHasher, Hasher};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let state = std::collections::hash_map::RandomState::new();
    let mut out = String::with_capacity(32);
    for part in 0..2u64 {
        let mut hasher = state.build_hasher();
        hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        hasher.write_u128(SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
        hasher.write_u64(part);
        out.push_str(&format!("{:016x}", hasher.finish()));
    }
    out
}

/// Why a request could not be built.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum BuildError {
    /// The service needs a region and the config has none.
    MissingRegion,
    /// The service (Azure) serves each customer's resource at an endpoint of its own, and the
    /// config names none ([`Config::with_endpoint`]). The page's endpoint is not taken for
    /// it: a key of Azure's global cloud would go to the China cloud that a page may show.
    #[non_exhaustive]
    MissingEndpoint {
        /// The endpoint the spec's page shows ([`ServiceInfo::endpoint`](crate::ServiceInfo::endpoint)).
        documented: &'static str,
    },
    /// The credentials lack what the protocol signs or sends with: a key id and a secret
    /// (Tencent, Alibaba: [`Credentials::new`]) or a subscription key (Azure).
    IncompleteCredentials(&'static str),
    /// A part of the credentials (`"the secret"`, `"the session token"`, ...) has a control
    /// character, or whitespace at either end: most often the line break that ends the file
    /// or variable the key was read from. No vendor's keys hold one; in a secret it would only
    /// make the signature wrong, and the service's refusal would not say why. The message
    /// names the part, never its value.
    MalformedCredentials(&'static str),
    /// The credentials hold a part the protocol never takes (`"a key id"`, `"a session
    /// token"`): an Azure action given a Tencent or Alibaba key pair, whose secret would
    /// otherwise go to Azure in clear as the subscription key. Azure takes
    /// [`Credentials::subscription_key`] alone.
    ForeignCredentials(&'static str),
    /// The config's region is not a host label (letters, digits and inner hyphens, at most
    /// 63): Alibaba puts it in the host name, where a `.` or `/` would send the signed
    /// request to another host.
    InvalidRegion(String),
    /// The endpoint (the config's, or the spec's with the region filled in) is not
    /// `[http[s]://]host[:port]`, plus a path for Azure: anything else (another scheme, user
    /// info, a query, a path where the protocol signs `/`) would send the signed request
    /// somewhere other than where it seems to go.
    InvalidEndpoint(String),
    /// The service's spec lists its regions and the config's is not one of them.
    #[non_exhaustive]
    UndocumentedRegion {
        /// The config's region.
        region: String,
        /// The regions the spec lists.
        documented: &'static [&'static str],
    },
    /// The endpoint is plain `http://` on another machine, and the request would carry a
    /// secret as it is: Azure's subscription key, or a session token. Use `https://`, or
    /// [`Config::allow_plain_http`]. (Tencent's and Alibaba's signatures are no secret, so
    /// without a token they go over plain HTTP.)
    PlainHttp(String),
    /// The request did not serialize.
    Serialize(String),
    /// The body exceeds what the protocol accepts.
    #[non_exhaustive]
    BodyTooLarge {
        /// Body size in bytes.
        size: usize,
        /// The protocol's limit.
        limit: usize,
    },
    /// Signing refused the input.
    Sign(SignError),
    /// The URL or a header could not be formed.
    Http(String),
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BuildError::MissingRegion => f.write_str("this service needs a region; set one with Config::with_region"),
            BuildError::MissingEndpoint { documented } => write!(
                f,
                "this service is reached at each resource's own endpoint; set it with Config::with_endpoint \
                 (the spec's page shows {documented})"
            ),
            BuildError::IncompleteCredentials(needed) => write!(f, "the credentials lack {needed}"),
            BuildError::MalformedCredentials(part) => write!(
                f,
                "{part} of the credentials has a control character or whitespace at an end (a line break \
                 left from the file or variable it was read from?), which no key holds"
            ),
            BuildError::ForeignCredentials(part) => write!(
                f,
                "the credentials hold {part}, so they are another vendor's key pair; this service takes a \
                 subscription key alone (Credentials::subscription_key), and its secret is not sent"
            ),
            BuildError::InvalidRegion(region) => {
                write!(f, "the region {region:?} is not a region name (letters, digits and inner hyphens)")
            }
            BuildError::InvalidEndpoint(endpoint) => write!(
                f,
                "the endpoint {endpoint:?} is not [http[s]://]host[:port] (with a path only for Azure, and never a query)"
            ),
            BuildError::UndocumentedRegion { region, documented } => write!(
                f,
                "the service's spec lists the regions {}, not {region:?} (Config::allow_undocumented_regions sends it anyway)",
                documented.join(", ")
            ),
            BuildError::PlainHttp(endpoint) => write!(
                f,
                "the endpoint {endpoint:?} is plain HTTP to another machine, and the request carries a key or token \
                 as it is; use https:// (or Config::allow_plain_http)"
            ),
            BuildError::Serialize(e) => write!(f, "the request did not serialize: {e}"),
            BuildError::BodyTooLarge { size, limit } => write!(f, "the body is {size} bytes; the limit is {limit}"),
            BuildError::Sign(e) => write!(f, "signing failed: {e}"),
            BuildError::Http(e) => write!(f, "invalid HTTP request: {e}"),
        }
    }
}

impl std::error::Error for BuildError {}

impl From<SignError> for BuildError {
    fn from(error: SignError) -> Self {
        BuildError::Sign(error)
    }
}

impl From<http::Error> for BuildError {
    fn from(error: http::Error) -> Self {
        BuildError::Http(error.to_string())
    }
}

/// A header value, or an error naming the header (`http` names neither it nor the value).
fn header_value(name: &str, value: &str) -> Result<http::HeaderValue, BuildError> {
    http::HeaderValue::from_str(value)
        .map_err(|_| BuildError::Http(format!("the value of header {name} is not a header value: {value:?}")))
}

/// A header value that `http` never prints in `Debug` output (keys, tokens, signatures); an
/// error names the header but not the value.
fn secret_header(name: &str, value: &str) -> Result<http::HeaderValue, BuildError> {
    let mut value = http::HeaderValue::from_str(value)
        .map_err(|_| BuildError::Http(format!("the value of header {name} is not a header value")))?;
    value.set_sensitive(true);
    Ok(value)
}

fn serialize_error(error: serde_json::Error) -> BuildError {
    BuildError::Serialize(error.to_string())
}

/// Builds the signed HTTP request of a checked request; its type names the action. It
/// carries a `User-Agent` header, `cloudbind-runtime/<version>` after the config's app name
/// if it has one ([`Config::with_app_name`]), as the `Client` sends: keep it when your HTTP
/// client would put its own.
pub fn build_request<R: ActionRequest>(
    request: &Validated<R>,
    config: &Config,
) -> Result<Request<Vec<u8>>, BuildError> {
    build_request_for::<R::Action>(request, config)
}

/// [`build_request`] for the action `A` named by the caller.
pub fn build_request_for<A: Action>(
    request: &Validated<A::Request>,
    config: &Config,
) -> Result<Request<Vec<u8>>, BuildError> {
    let request: &A::Request = request;
    let mut built = match A::SERVICE.protocol {
        Protocol::TencentApi3 => tencent::<A>(request, config),
        Protocol::AlibabaRpc => alibaba::<A>(request, config),
        Protocol::AzureRest => azure::<A>(request, config),
    }?;
    // Added after signing, which none of the protocols extends to it.
    let agent = header_value("User-Agent", &user_agent(config.app_name()))?;
    built.headers_mut().insert(http::header::USER_AGENT, agent);
    Ok(built)
}

/// Whether `region` can be a region: a host label (1 to 63 ASCII letters, digits and
/// hyphens, no hyphen first or last), as every vendor's region names are. The checker holds
/// specs to the same rule, so a region a spec lists always builds.
pub fn is_region_name(region: &str) -> bool {
    let label = region.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    label && (1..=63).contains(&region.len()) && !region.starts_with('-') && !region.ends_with('-')
}

/// The config's region for a service that takes one, checked: a host label, and one of the
/// regions the spec lists unless the config allows others. A service without regions
/// ignores the config's.
fn region<A: Action>(config: &Config) -> Result<Option<&str>, BuildError> {
    let Some(region) = config.region.as_deref().filter(|_| A::SERVICE.region != RegionPolicy::None) else {
        return Ok(None);
    };
    if !is_region_name(region) {
        return Err(BuildError::InvalidRegion(region.to_owned()));
    }
    let documented = A::SERVICE.regions;
    if !documented.is_empty() && !documented.contains(&region) && !config.undocumented_regions {
        return Err(BuildError::UndocumentedRegion { region: region.to_owned(), documented });
    }
    Ok(Some(region))
}

/// `text` with the user info of its authority (`user:password@`), which endpoints may not
/// have but a mistaken one may carry, replaced by `***@`, for errors and `Debug` output.
fn without_user_info(text: &str) -> String {
    let start = text.find("://").map_or(0, |at| at + 3);
    let end = text[start..].find('/').map_or(text.len(), |at| start + at);
    match text[start..end].rfind('@') {
        Some(at) => format!("{}***{}", &text[..start], &text[start + at..]),
        None => text.to_owned(),
    }
}

/// An endpoint taken apart: its scheme (HTTPS unless it names `http://`), `host[:port]`, and
/// the path after it without a trailing `/`.
#[derive(Debug, PartialEq)]
struct Endpoint<'a> {
    scheme: &'static str,
    authority: &'a str,
    path: &'a str,
}

/// Takes `[http[s]://]host[:port][/path]` apart, refusing anything that would move a request
/// elsewhere than it reads: another scheme, user info, a query or fragment, a host that is not
/// a DNS name or IP address, a port past 65535.
fn endpoint(text: &str) -> Result<Endpoint<'_>, BuildError> {
    let invalid = || BuildError::InvalidEndpoint(without_user_info(text));
    let (scheme, rest) = match text.split_once("://") {
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("https") => ("https", rest),
        Some((scheme, rest)) if scheme.eq_ignore_ascii_case("http") => ("http", rest),
        Some(_) => return Err(invalid()),
        None => ("https", text),
    };
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let (host_ok, port) = match authority.strip_prefix('[') {
        // An IPv6 address: `[::1]` or `[::1]:8080`.
        Some(bracketed) => {
            let (address, after) = bracketed.split_once(']').ok_or_else(invalid)?;
            let port = if after.is_empty() { None } else { Some(after.strip_prefix(':').ok_or_else(invalid)?) };
            (address.parse::<std::net::Ipv6Addr>().is_ok(), port)
        }
        // A DNS name (at most one trailing dot, the root's) or an IPv4 address, whose labels
        // are digits. `_` is taken, as resolvers and container names take it.
        None => {
            let (host, port) = authority.split_once(':').map_or((authority, None), |(host, port)| (host, Some(port)));
            let host = host.strip_suffix('.').unwrap_or(host);
            let label = |label: &str| {
                !label.is_empty()
                    && !label.starts_with('-')
                    && !label.ends_with('-')
                    && label.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
            };
            (!host.is_empty() && host.split('.').all(label), port)
        }
    };
    let port_ok = port.is_none_or(crate::validate::is_port);
    let path = path.trim_end_matches('/');
    // RFC 3986 path characters and `%XX` escapes: no query, fragment or space.
    let pchar = |b: u8| b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/".contains(&b);
    let escapes_ok =
        path.split('%').skip(1).all(|rest| rest.len() >= 2 && rest.as_bytes()[..2].iter().all(u8::is_ascii_hexdigit));
    let path_ok = escapes_ok && path.bytes().all(|b| pchar(b) || b == b'%');
    if !host_ok || !port_ok || !path_ok {
        return Err(invalid());
    }
    Ok(Endpoint { scheme, authority, path })
}

/// Whether a request can be built for `text` as an endpoint: `[http[s]://]host[:port]`, and
/// a path after it only `with_path` (Azure). The checker holds the specs' endpoints to it, so
/// a spec's own endpoint always builds.
pub fn is_endpoint(text: &str, with_path: bool) -> bool {
    endpoint(text).is_ok_and(|endpoint| with_path || endpoint.path.is_empty())
}

/// Scheme and host of an RPC-style service: the override (which may name its scheme, as a
/// local test server does) or the spec's host with `{region}` filled in, over HTTPS.
/// `region` is the config's, checked ([`region`]).
fn origin<A: Action>(config: &Config, region: Option<&str>) -> Result<(&'static str, String), BuildError> {
    // Tencent sends the region as a header; Alibaba only puts it in the host, which an
    // endpoint override already names.
    let region_needed = A::SERVICE.protocol == Protocol::TencentApi3 || config.endpoint.is_none();
    if A::SERVICE.region == RegionPolicy::Required && region.is_none() && region_needed {
        return Err(BuildError::MissingRegion);
    }
    let endpoint = config.endpoint.as_deref().unwrap_or(A::SERVICE.endpoint);
    let endpoint = match (endpoint.contains("{region}"), region) {
        (false, _) => endpoint.to_owned(),
        (true, Some(region)) => endpoint.replace("{region}", region),
        (true, None) => return Err(BuildError::MissingRegion),
    };
    // The RPC protocols sign the path `/`: an endpoint with a path of its own is refused.
    match self::endpoint(&endpoint)? {
        Endpoint { scheme, authority, path: "" } => {
            guard_plain_http(config, A::SERVICE.protocol, scheme, authority, &endpoint)?;
            Ok((scheme, authority.to_owned()))
        }
        _ => Err(BuildError::InvalidEndpoint(endpoint)),
    }
}

/// Refuses to send a secret that travels as it is (Azure's subscription key; a session
/// token) unencrypted to another machine, unless the config allows it.
fn guard_plain_http(
    config: &Config,
    protocol: Protocol,
    scheme: &str,
    authority: &str,
    endpoint: &str,
) -> Result<(), BuildError> {
    let verbatim = protocol == Protocol::AzureRest || config.credentials.token().is_some();
    if scheme == "http" && verbatim && !config.plain_http && !is_this_machine(authority) {
        return Err(BuildError::PlainHttp(without_user_info(endpoint)));
    }
    Ok(())
}

/// Whether `host[:port]` names this machine: `localhost` or a loopback address.
fn is_this_machine(authority: &str) -> bool {
    let host = match authority.strip_prefix('[') {
        Some(bracketed) => bracketed.split(']').next().unwrap_or_default(),
        None => authority.rsplit_once(':').map_or(authority, |(host, _)| host),
    };
    host.eq_ignore_ascii_case("localhost") || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

/// Tencent and Alibaba sign with a key id and a secret; an empty one would sign anyway, and
/// the service's refusal would not say why.
fn signing_credentials(config: &Config) -> Result<(), BuildError> {
    let credentials = &config.credentials;
    if credentials.id().is_empty() || credentials.secret().is_empty() {
        return Err(BuildError::IncompleteCredentials("a key id and a secret (Credentials::new)"));
    }
    well_formed(credentials.id(), "the key id")?;
    well_formed(credentials.secret(), "the secret")?;
    credentials.token().map_or(Ok(()), |token| well_formed(token, "the session token"))
}

/// `part` of the credentials, refused when it has a control character or whitespace at
/// either end (see [`BuildError::MalformedCredentials`]).
fn well_formed(value: &str, part: &'static str) -> Result<(), BuildError> {
    let stray = value.chars().any(char::is_control) || value.trim() != value;
    if stray {
        return Err(BuildError::MalformedCredentials(part));
    }
    Ok(())
}

fn tencent<A: Action>(request: &A::Request, config: &Config) -> Result<Request<Vec<u8>>, BuildError> {
    signing_credentials(config)?;
    let region = region::<A>(config)?;
    let (scheme, host) = origin::<A>(config, region)?;
    let body = serde_json::to_vec(request).map_err(serialize_error)?;
    if body.len() > TENCENT_MAX_BODY {
        return Err(BuildError::BodyTooLarge { size: body.len(), limit: TENCENT_MAX_BODY });
    }
    let timestamp = (config.clock)();
    let content_type = "application/json";
    let signed = [("content-type", content_type), ("host", host.as_str()), ("x-tc-action", A::NAME)];
    // The credential scope names the service, which is the first label of its standard host.
    // An endpoint override (a proxy, a test server) does not change the service.
    let service = sign::tc3_service(A::SERVICE.endpoint);
    let signature = sign::tc3_sign(&Method::POST, &host, &signed, &body, timestamp, service, &config.credentials)?;
    let mut builder = Request::builder()
        .method(Method::POST)
        .uri(format!("{scheme}://{host}/"))
        .header("Authorization", secret_header("Authorization", &signature.authorization)?)
        .header("Content-Type", content_type)
        .header("Host", &host)
        .header("X-TC-Action", A::NAME)
        .header("X-TC-Timestamp", timestamp.to_string())
        .header("X-TC-Version", A::SERVICE.version);
    if let Some(region) = region {
        builder = builder.header("X-TC-Region", region);
    }
    if let Some(token) = config.credentials.token() {
        builder = builder.header("X-TC-Token", secret_header("X-TC-Token", token)?);
    }
    if let Some(language) = &config.language {
        builder = builder.header("X-TC-Language", header_value("X-TC-Language", language)?);
    }
    Ok(builder.body(body)?)
}

fn alibaba<A: Action>(request: &A::Request, config: &Config) -> Result<Request<Vec<u8>>, BuildError> {
    signing_credentials(config)?;
    let (scheme, host) = origin::<A>(config, region::<A>(config)?)?;
    let params = wire_params_for::<A>(request).map_err(serialize_error)?;
    let query: Vec<(&str, &str)> = params.query.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let timestamp = (config.clock)();
    let nonce = (config.nonce)();
    let builder = Request::builder().method(Method::POST).header("Host", &host);
    match config.alibaba_signing {
        AlibabaSigning::V1HmacSha1 => {
            let time = sign::format_utc_timestamp(timestamp);
            let mut all = vec![
                ("AccessKeyId", config.credentials.id()),
                ("Action", A::NAME),
                ("Format", "JSON"),
                ("SignatureMethod", "HMAC-SHA1"),
                ("SignatureNonce", nonce.as_str()),
                ("SignatureVersion", "1.0"),
                ("Timestamp", time.as_str()),
                ("Version", A::SERVICE.version),
            ];
            if let Some(token) = config.credentials.token() {
                all.push(("SecurityToken", token));
            }
            all.extend(query);
            let signature = sign::rpc_v1_sign(&Method::POST, &all, config.credentials.secret())?;
            Ok(builder.uri(format!("{scheme}://{host}/?{}", signature.query)).body(Vec::new())?)
        }
        AlibabaSigning::Acs3HmacSha256 => {
            let mut query = query;
            query.push(("Format", "JSON"));
            let signature = sign::acs3_sign(
                &sign::Acs3Request {
                    method: &Method::POST,
                    host: &host,
                    query: &query,
                    headers: &[],
                    body: b"",
                    action: A::NAME,
                    version: A::SERVICE.version,
                    timestamp,
                    nonce: &nonce,
                },
                &config.credentials,
            )?;
            let mut builder = builder.uri(format!("{scheme}://{host}/?{}", signature.query));
            for (name, value) in &signature.headers {
                builder = match name.as_str() {
                    "authorization" | "x-acs-security-token" => {
                        builder.header(name.as_str(), secret_header(name, value)?)
                    }
                    _ => builder.header(name.as_str(), value.as_str()),
                };
            }
            Ok(builder.body(Vec::new())?)
        }
    }
}

/// `endpoint` followed by the path of the service's `default` base URL, unless it already
/// ends with that path: `https://x.example` and `https://x.example/face/v1.0/` both become
/// `https://x.example/face/v1.0` for the default `https://host/face/v1.0`.
fn with_base_path(endpoint: &str, default: &str) -> Result<String, BuildError> {
    // A bare host, as the other protocols take it, means HTTPS.
    let Endpoint { scheme, authority, path } = self::endpoint(endpoint)?;
    let base = self::endpoint(default)?.path;
    let path = if path.ends_with(base) { path.to_owned() } else { format!("{path}{base}") };
    Ok(format!("{scheme}://{authority}{path}"))
}

fn azure<A: Action>(request: &A::Request, config: &Config) -> Result<Request<Vec<u8>>, BuildError> {
    if config.credentials.secret().is_empty() {
        return Err(BuildError::IncompleteCredentials("a subscription key (Credentials::subscription_key)"));
    }
    // A key pair's secret would go out as the subscription key, in clear, to another vendor.
    if !config.credentials.id().is_empty() {
        return Err(BuildError::ForeignCredentials("a key id"));
    }
    if config.credentials.token().is_some() {
        return Err(BuildError::ForeignCredentials("a session token"));
    }
    well_formed(config.credentials.secret(), "the subscription key")?;
    let default = A::SERVICE.endpoint;
    let endpoint = config.endpoint.as_deref().ok_or(BuildError::MissingEndpoint { documented: default })?;
    let base = with_base_path(endpoint, default)?;
    let Endpoint { scheme, authority, .. } = self::endpoint(endpoint)?;
    guard_plain_http(config, A::SERVICE.protocol, scheme, authority, endpoint)?;
    let params = wire_params_for::<A>(request).map_err(serialize_error)?;
    let mut path = A::HTTP.path.to_owned();
    for (name, value) in &params.path {
        // Percent-encoding keeps `.`, and a server resolves a `.` or `..` segment (RFC 3986,
        // 5.2.4), so the call would reach another resource; an empty one names a list.
        if matches!(value.as_str(), "" | "." | "..") {
            return Err(BuildError::Http(format!("the path parameter {name} is {value:?}, which names another path")));
        }
        path = path.replace(&format!("{{{name}}}"), &sign::percent_encode(value));
    }
    let query: Vec<String> =
        params.query.iter().map(|(k, v)| format!("{}={}", sign::percent_encode(k), sign::percent_encode(v))).collect();
    let uri = if query.is_empty() { format!("{base}{path}") } else { format!("{base}{path}?{}", query.join("&")) };
    let method = Method::from_bytes(A::HTTP.method.as_bytes()).map_err(|e| BuildError::Http(e.to_string()))?;
    // A GET or DELETE without body parameters (the checker allows no others) sends no body.
    let bodiless = matches!(method, Method::GET | Method::DELETE) && params.body.is_empty();
    let (content_type, body) = match A::raw_body(request) {
        Some((content_type, bytes)) => (Some(content_type), bytes.to_vec()),
        None if bodiless => (None, Vec::new()),
        None => (Some("application/json"), serde_json::to_vec(&params.body).map_err(serialize_error)?),
    };
    let mut builder = Request::builder()
        .method(method)
        .uri(uri)
        .header("Ocp-Apim-Subscription-Key", secret_header("Ocp-Apim-Subscription-Key", config.credentials.secret())?);
    if let Some(content_type) = content_type {
        builder = builder.header("Content-Type", content_type);
    }
    for (name, value) in &params.headers {
        builder = builder.header(*name, header_value(name, value)?);
    }
    Ok(builder.body(body)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_azure_endpoint_gets_the_base_path_once() {
        let default = "https://api.cognitive.azure.cn/face/v1.0";
        for endpoint in
            ["https://x.example", "https://x.example/", "https://x.example/face/v1.0", "https://x.example/face/v1.0/"]
        {
            assert_eq!(with_base_path(endpoint, default).as_deref(), Ok("https://x.example/face/v1.0"), "{endpoint}");
        }
        assert_eq!(with_base_path("http://127.0.0.1:9/", "https://host").as_deref(), Ok("http://127.0.0.1:9"));
        assert_eq!(with_base_path("x.example", default).as_deref(), Ok("https://x.example/face/v1.0"));
    }

    #[test]
    fn config_debug_hides_the_secret() {
        let config = Config::new(Credentials::new("AKIDexample", "very-secret").with_token("tok-secret"));
        let shown = format!("{config:?}");
        assert!(shown.contains("AKIDexample"));
        assert!(!shown.contains("very-secret") && !shown.contains("tok-secret"), "{shown}");
    }

    #[derive(Debug, Clone, PartialEq, serde::Serialize)]
    struct Body {
        url: &'static str,
    }

    impl crate::validate::Validate for Body {
        fn validate_into(&self, _: &mut crate::validate::Validator) {}
    }

    /// An action of `protocol` whose service is `service` at `endpoint`, taking a [`Body`]
    /// (by default `POST /x`, with `url` in the body).
    macro_rules! action {
        ($name:ident, $protocol:expr, $service:literal, $endpoint:literal) => {
            action!($name, $protocol, $service, $endpoint, "POST", "/x", &[crate::meta::Param::body("url", true)]);
        };
        ($name:ident, $protocol:expr, $service:literal, $endpoint:literal, $method:literal, $params:expr) => {
            action!($name, $protocol, $service, $endpoint, $method, "/x", $params);
        };
        (
            $name:ident,
            $protocol:expr,
            $service:literal,
            $endpoint:literal,
            $method:literal,
            $path:literal,
            $params:expr
        ) => {
            crate::meta::tests_support::test_action!(
                $name: Body, $protocol, $service, $endpoint, $method $path, $params
            );
        };
    }

    #[test]
    fn the_tc3_scope_names_the_service_of_the_host_whatever_the_endpoint() {
        action!(Fusion, Protocol::TencentApi3, "facex", "facefusion.tencentcloudapi.com");
        let config = Config::new(Credentials::new("AKID", "secret")).with_endpoint("http://127.0.0.1:9");
        let request = Validated::new(Body { url: "http://example.com/1.jpg" }).expect("valid");
        let built = build_request_for::<Fusion>(&request, &config).expect("builds");
        let authorization = built.headers()["authorization"].to_str().expect("text");
        assert!(authorization.contains("/facefusion/tc3_request"), "{authorization}");
    }

    #[test]
    fn a_get_without_body_parameters_sends_no_body() {
        action!(
            Get,
            Protocol::AzureRest,
            "face",
            "https://x.example/face/v1.0",
            "GET",
            &[crate::meta::Param::query("url", true)]
        );
        let request = Validated::new(Body { url: "a b" }).expect("valid");
        let config = Config::new(Credentials::subscription_key("k")).with_endpoint("https://x.example");
        let built = build_request_for::<Get>(&request, &config).expect("builds");
        assert_eq!(built.uri(), "https://x.example/face/v1.0/x?url=a%20b");
        assert!(built.body().is_empty() && built.headers().get("content-type").is_none(), "{built:?}");
    }

    #[test]
    fn a_path_parameter_cannot_be_a_dot_segment_or_empty() {
        action!(
            Delete,
            Protocol::AzureRest,
            "face",
            "https://x.example/face/v1.0",
            "DELETE",
            "/groups/g/persons/{url}",
            &[crate::meta::Param::path("url", true)]
        );
        let config = Config::new(Credentials::subscription_key("k")).with_endpoint("https://x.example");
        let build = |url| build_request_for::<Delete>(&Validated::new(Body { url }).expect("valid"), &config);
        assert_eq!(build("p1").expect("builds").uri(), "https://x.example/face/v1.0/groups/g/persons/p1");
        assert_eq!(build("a.b").expect("builds").uri(), "https://x.example/face/v1.0/groups/g/persons/a.b");
        // A server resolves `..` and `.` (RFC 3986, 5.2.4): the DELETE would reach the group
        // itself or the list of persons. An empty value names the list too.
        for url in ["..", ".", ""] {
            match build(url) {
                Err(BuildError::Http(message)) => assert!(message.contains("path parameter url"), "{message}"),
                other => panic!("{url:?}: {other:?}"),
            }
        }
    }

    #[test]
    fn a_password_in_an_endpoint_is_not_shown() {
        let endpoint = "https://user:s3cret@gw.example/face";
        let config = Config::new(Credentials::subscription_key("k")).with_endpoint(endpoint);
        assert!(!format!("{config:?}").contains("s3cret"), "{config:?}");
        let refused = endpoint_error(endpoint);
        assert_eq!(refused, "the endpoint \"https://***@gw.example/face\" is not [http[s]://]host[:port] (with a path only for Azure, and never a query)");
        // Without a scheme, and with an `@` only in the path, which is not user info.
        assert!(endpoint_error("u:p@gw.example").contains("\"***@gw.example\""));
        assert_eq!(without_user_info("https://gw.example/a@b"), "https://gw.example/a@b");
    }

    fn endpoint_error(text: &str) -> String {
        endpoint(text).expect_err("refused").to_string()
    }

    #[test]
    fn built_requests_do_not_show_keys_in_debug() {
        action!(Rest, Protocol::AzureRest, "face", "https://example.invalid/face/v1.0");
        let config =
            Config::new(Credentials::new("", "subscription-key-secret")).with_endpoint("https://example.invalid");
        let request = Validated::new(Body { url: "http://example.com/1.jpg" }).expect("valid");
        let built = build_request_for::<Rest>(&request, &config).expect("builds");
        assert_eq!(built.headers()["ocp-apim-subscription-key"], "subscription-key-secret");
        assert!(!format!("{built:?}").contains("subscription-key-secret"));
    }

    #[test]
    fn a_key_or_token_never_goes_unencrypted_to_another_machine_unless_allowed() {
        action!(Rest, Protocol::AzureRest, "face", "https://example.invalid/face/v1.0");
        action!(Tc3, Protocol::TencentApi3, "iai", "iai.tencentcloudapi.com");
        let request = Validated::new(Body { url: "http://example.com/1.jpg" }).expect("valid");
        let key = |endpoint: &str| Config::new(Credentials::subscription_key("k")).with_endpoint(endpoint);
        let refused = |built: Result<Request<Vec<u8>>, BuildError>| match built {
            Err(BuildError::PlainHttp(endpoint)) => endpoint,
            other => panic!("expected PlainHttp, got {other:?}"),
        };
        // Azure's key travels as it is.
        assert_eq!(refused(build_request_for::<Rest>(&request, &key("http://gw.example"))), "http://gw.example");
        for fine in ["https://gw.example", "gw.example", "http://127.0.0.1:8080", "http://localhost", "http://[::1]:9"]
        {
            build_request_for::<Rest>(&request, &key(fine)).unwrap_or_else(|e| panic!("{fine}: {e}"));
        }
        build_request_for::<Rest>(&request, &key("http://gw.example").allow_plain_http()).expect("allowed");
        // Tencent's signature is no secret, its session token is.
        let tencent = |credentials: Credentials| Config::new(credentials).with_endpoint("http://gw.example");
        build_request_for::<Tc3>(&request, &tencent(Credentials::new("id", "secret")))
            .expect("a signature alone may go over HTTP");
        let with_token = tencent(Credentials::new("id", "secret").with_token("t"));
        assert_eq!(refused(build_request_for::<Tc3>(&request, &with_token)), "http://gw.example");
        let message = BuildError::PlainHttp("http://gw.example".into()).to_string();
        assert!(message.contains("use https://") && message.contains("Config::allow_plain_http"), "{message}");
    }

    /// An Alibaba-style action whose host holds the region, in a service listing `regions`.
    macro_rules! regional {
        ($name:ident, $regions:expr) => {
            crate::meta::tests_support::test_action!(
                $name: Body,
                Protocol::AlibabaRpc,
                "mts",
                "mts.{region}.aliyuncs.com",
                "POST" "/",
                &[crate::meta::Param::query("url", true)],
                RegionPolicy::Required,
                $regions
            );
        };
    }

    #[test]
    fn a_region_must_be_a_host_label_so_the_signed_request_stays_on_the_vendors_host() {
        regional!(Open, &[]);
        let request = Validated::new(Body { url: "u" }).expect("valid");
        let build = |region: &str| {
            build_request_for::<Open>(&request, &Config::new(Credentials::new("id", "s")).with_region(region))
        };
        let built = build("cn-shanghai").expect("builds");
        assert_eq!(built.uri().host(), Some("mts.cn-shanghai.aliyuncs.com"));
        // Each would move the request elsewhere: to evil.example, to a subdomain of it, or
        // into the user-info part of the URI.
        for region in [
            "evil.example/x",
            "x.evil.example#",
            "a@evil.example",
            "cn-shanghai.",
            "",
            "-cn",
            "cn-",
            "cn shanghai",
            "上海",
        ] {
            assert_eq!(build(region).err(), Some(BuildError::InvalidRegion(region.to_owned())), "{region:?}");
        }
        assert!(build(&"a".repeat(64)).is_err() && build(&"a".repeat(63)).is_ok());
        // A service that takes no region ignores the config's, whatever it holds.
        action!(
            NoRegion,
            Protocol::AlibabaRpc,
            "mts",
            "mts.aliyuncs.com",
            "POST",
            &[crate::meta::Param::query("url", true)]
        );
        let config = Config::new(Credentials::new("id", "s")).with_region("evil.example/x");
        assert_eq!(
            build_request_for::<NoRegion>(&request, &config).expect("builds").uri().host(),
            Some("mts.aliyuncs.com")
        );
    }

    #[test]
    fn a_region_the_spec_does_not_list_is_refused_unless_the_config_allows_it() {
        regional!(Listed, &["cn-beijing", "cn-shanghai"]);
        let request = Validated::new(Body { url: "u" }).expect("valid");
        let config = Config::new(Credentials::new("id", "s"));
        assert!(build_request_for::<Listed>(&request, &config.clone().with_region("cn-beijing")).is_ok());
        let refused = build_request_for::<Listed>(&request, &config.clone().with_region("cn-hangzhou")).unwrap_err();
        assert_eq!(
            refused,
            BuildError::UndocumentedRegion { region: "cn-hangzhou".into(), documented: &["cn-beijing", "cn-shanghai"] }
        );
        assert_eq!(
            refused.to_string(),
            "the service's spec lists the regions cn-beijing, cn-shanghai, not \"cn-hangzhou\" \
             (Config::allow_undocumented_regions sends it anyway)"
        );
        let allowed = config.with_region("cn-hangzhou").allow_undocumented_regions();
        let built = build_request_for::<Listed>(&request, &allowed).expect("builds");
        assert_eq!(built.uri().host(), Some("mts.cn-hangzhou.aliyuncs.com"));
        // Allowing other regions does not allow text that is not a region.
        let allowed = allowed.with_region("evil.example/x");
        assert!(matches!(build_request_for::<Listed>(&request, &allowed), Err(BuildError::InvalidRegion(_))));
    }

    #[test]
    fn an_endpoint_is_a_scheme_host_and_port_and_for_azure_a_path() {
        let ok = |text| endpoint(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        assert_eq!(
            ok("iai.tencentcloudapi.com"),
            Endpoint { scheme: "https", authority: "iai.tencentcloudapi.com", path: "" }
        );
        assert_eq!(ok("HTTP://127.0.0.1:8080/"), Endpoint { scheme: "http", authority: "127.0.0.1:8080", path: "" });
        assert_eq!(ok("https://[::1]:443"), Endpoint { scheme: "https", authority: "[::1]:443", path: "" });
        assert_eq!(ok("http://mock_server:8080"), Endpoint { scheme: "http", authority: "mock_server:8080", path: "" });
        assert_eq!(
            ok("https://x.example/p%20a/"),
            Endpoint { scheme: "https", authority: "x.example", path: "/p%20a" }
        );
        assert_eq!(
            ok("https://x.example/face/v1.0/"),
            Endpoint { scheme: "https", authority: "x.example", path: "/face/v1.0" }
        );
        // Each would send the signed request elsewhere than it reads, or not parse as a URI.
        for text in [
            "ftp://iai.example",
            "HTTPS://",
            "https://user@x.example",
            "https://x.example?x=1",
            "https://x.example/face#f",
            "https://x.example:99999",
            "https://x.example:",
            "https://x.example:8o",
            "https://x..example",
            "https://x.example..",
            "https://-x.example",
            "https://x-.example",
            "https://[:]",
            "https://x.example:0",
            "https://[zz]:1",
            "https://[::1]x",
            "https://x.example/a b",
            "https://x.example/<x>",
            "https://x.example/a%2",
            "https://x.example/a%zz",
            "",
        ] {
            // The text as given, but for user info (see `a_password_in_an_endpoint_is_not_shown`).
            assert_eq!(endpoint(text), Err(BuildError::InvalidEndpoint(without_user_info(text))), "{text:?}");
        }
    }

    #[test]
    fn an_rpc_endpoint_with_a_path_is_refused_and_an_azure_one_keeps_it() {
        action!(Tc3, Protocol::TencentApi3, "iai", "iai.tencentcloudapi.com");
        action!(Rest, Protocol::AzureRest, "face", "https://api.example/face/v1.0");
        let request = Validated::new(Body { url: "u" }).expect("valid");
        let pair = Config::new(Credentials::new("id", "s")).with_endpoint("https://proxy.example/iai");
        let refused = build_request_for::<Tc3>(&request, &pair).unwrap_err();
        assert_eq!(refused, BuildError::InvalidEndpoint("https://proxy.example/iai".into()));
        let key = |endpoint: &str| Config::new(Credentials::subscription_key("k")).with_endpoint(endpoint);
        let built = build_request_for::<Rest>(&request, &key("https://r.example/proxy")).expect("builds");
        assert_eq!(built.uri(), "https://r.example/proxy/face/v1.0/x");
        let refused = build_request_for::<Rest>(&request, &key("https://r.example/?sig=1")).unwrap_err();
        assert_eq!(refused, BuildError::InvalidEndpoint("https://r.example/?sig=1".into()));
    }

    #[test]
    fn credentials_without_what_the_protocol_needs_are_refused() {
        action!(Tc3, Protocol::TencentApi3, "iai", "iai.tencentcloudapi.com");
        action!(Rest, Protocol::AzureRest, "face", "https://api.example/face/v1.0");
        let request = Validated::new(Body { url: "u" }).expect("valid");
        let build_tc3 = |credentials| build_request_for::<Tc3>(&request, &Config::new(credentials));
        for credentials in [Credentials::subscription_key("k"), Credentials::new("id", ""), Credentials::new("", "s")] {
            assert!(matches!(build_tc3(credentials), Err(BuildError::IncompleteCredentials(_))));
        }
        assert!(build_tc3(Credentials::new("id", "s")).is_ok());
        // A header the config sets is named when its value cannot be a header's.
        let config = Config::new(Credentials::new("id", "s")).with_language("en\nX-Evil: 1");
        let refused = build_request_for::<Tc3>(&request, &config).unwrap_err();
        assert_eq!(
            refused,
            BuildError::Http("the value of header X-TC-Language is not a header value: \"en\\nX-Evil: 1\"".into())
        );
        let refused = build_request_for::<Rest>(&request, &Config::new(Credentials::subscription_key(""))).unwrap_err();
        assert_eq!(refused.to_string(), "the credentials lack a subscription key (Credentials::subscription_key)");
    }

    #[test]
    fn an_azure_action_refuses_another_vendors_key_pair_rather_than_send_its_secret() {
        action!(Rest, Protocol::AzureRest, "face", "https://api.example/face/v1.0");
        let request = Validated::new(Body { url: "u" }).expect("valid");
        let build = |credentials| {
            build_request_for::<Rest>(&request, &Config::new(credentials).with_endpoint("https://api.example"))
        };
        let refused = build(Credentials::new("AKIDexample", "tencent-secret")).unwrap_err();
        assert_eq!(refused, BuildError::ForeignCredentials("a key id"));
        assert!(!refused.to_string().contains("tencent-secret"), "{refused}");
        let refused = build(Credentials::subscription_key("k").with_token("sts-token")).unwrap_err();
        assert_eq!(refused, BuildError::ForeignCredentials("a session token"));
        assert!(!refused.to_string().contains("sts-token"), "{refused}");
        assert!(build(Credentials::subscription_key("k")).is_ok());
    }

    #[test]
    fn an_azure_action_needs_the_resources_endpoint_and_never_takes_the_pages() {
        action!(Rest, Protocol::AzureRest, "face", "https://api.example.cn/face/v1.0");
        let request = Validated::new(Body { url: "u" }).expect("valid");
        let key = Config::new(Credentials::subscription_key("k"));
        let refused = build_request_for::<Rest>(&request, &key).unwrap_err();
        assert_eq!(refused, BuildError::MissingEndpoint { documented: "https://api.example.cn/face/v1.0" });
        assert_eq!(
            refused.to_string(),
            "this service is reached at each resource's own endpoint; set it with Config::with_endpoint \
             (the spec's page shows https://api.example.cn/face/v1.0)"
        );
        // The page's endpoint, named, is one like any other.
        let config = key.with_endpoint(Rest::SERVICE.endpoint);
        let built = build_request_for::<Rest>(&request, &config).expect("builds");
        assert_eq!(built.uri(), "https://api.example.cn/face/v1.0/x");
    }

    #[test]
    fn credentials_with_a_stray_line_break_or_space_are_refused_without_showing_them() {
        action!(Tc3, Protocol::TencentApi3, "iai", "iai.tencentcloudapi.com");
        action!(Rpc, Protocol::AlibabaRpc, "mts", "mts.cn-shanghai.aliyuncs.com");
        action!(Rest, Protocol::AzureRest, "face", "https://api.example/face/v1.0");
        let request = Validated::new(Body { url: "u" }).expect("valid");
        // A key read from a file or a Kubernetes secret often keeps its final line break. In
        // a secret it would only sign wrongly, and the service's refusal would not say why;
        // in a header it would fail as a header value, naming the header but not the key.
        let cases = [
            (Credentials::new("AKID-SECRET-ID\n", "s"), "the key id"),
            (Credentials::new("id", "SECRET-KEY\r\n"), "the secret"),
            (Credentials::new("id", " SECRET-KEY"), "the secret"),
            (Credentials::new("id", "SECRET\u{0}KEY"), "the secret"),
            (Credentials::new("id", "s").with_token("SESSION-TOKEN\t"), "the session token"),
        ];
        for (credentials, part) in cases {
            let config = Config::new(credentials.clone());
            for refused in [build_request_for::<Tc3>(&request, &config), build_request_for::<Rpc>(&request, &config)] {
                let refused = refused.unwrap_err();
                assert_eq!(refused, BuildError::MalformedCredentials(part), "{credentials:?}");
                let shown = refused.to_string();
                assert!(shown.starts_with(part) && !shown.contains("SECRET") && !shown.contains("TOKEN"), "{shown}");
            }
        }
        let azure = |key: &str| {
            let config = Config::new(Credentials::subscription_key(key)).with_endpoint("https://api.example");
            build_request_for::<Rest>(&request, &config)
        };
        assert_eq!(azure("0123abcd\n").unwrap_err(), BuildError::MalformedCredentials("the subscription key"));
        assert!(azure("0123abcd").is_ok());
        // Inner spaces are the vendor's to judge; only the ends and control characters are ours.
        assert!(build_request_for::<Tc3>(&request, &Config::new(Credentials::new("id", "a b"))).is_ok());
    }

    #[test]
    fn every_protocol_sends_the_user_agent_once_and_never_signs_it() {
        use crate::user_agent::USER_AGENT;
        action!(Tc3, Protocol::TencentApi3, "iai", "iai.tencentcloudapi.com");
        action!(Rpc, Protocol::AlibabaRpc, "mts", "mts.aliyuncs.com");
        action!(Rest, Protocol::AzureRest, "face", "https://x.example/face/v1.0");
        let request = Validated::new(Body { url: "http://example.com/1.jpg" }).expect("valid");
        let app = AppName::new("face-sync/2.1").expect("a valid name");
        // Same clock and nonce, so a name that reached a signature would change it.
        let fixed = |credentials| Config::new(credentials).with_clock(|| 1_700_000_000).with_nonce(|| "n-1".to_owned());
        let mut unnamed = Vec::new();
        for (app, expected) in [(None, USER_AGENT.to_owned()), (Some(app), format!("face-sync/2.1 {USER_AGENT}"))] {
            let mut signing = fixed(Credentials::new("AKID", "secret"));
            let mut azure = fixed(Credentials::subscription_key("k")).with_endpoint("https://x.example");
            if let Some(app) = app {
                (signing, azure) = (signing.with_app_name(app.clone()), azure.with_app_name(app));
            }
            let v1 = signing.clone().with_alibaba_signing(AlibabaSigning::V1HmacSha1);
            let built = [
                build_request_for::<Tc3>(&request, &signing),
                build_request_for::<Rpc>(&request, &signing),
                build_request_for::<Rpc>(&request, &v1),
                build_request_for::<Rest>(&request, &azure),
            ];
            for (i, mut built) in built.map(|built| built.expect("builds")).into_iter().enumerate() {
                let agents: Vec<_> = built.headers().get_all("user-agent").iter().collect();
                assert_eq!(agents, [expected.as_str()], "{built:?}");
                // All else (signatures in headers or, for v1, in the query) is as without a name.
                built.headers_mut().remove("user-agent");
                // Values as bytes: `Debug` hides those marked sensitive, the signatures among them.
                let headers: Vec<_> = built.headers().iter().map(|(k, v)| (k.clone(), v.as_bytes().to_vec())).collect();
                let rest = (built.uri().to_string(), headers, built.into_body());
                match unnamed.get(i) {
                    None => unnamed.push(rest),
                    Some(without_name) => assert_eq!(&rest, without_name),
                }
            }
        }
        assert_eq!(unnamed.len(), 4);
    }

    #[test]
    fn nonces_differ() {
        let (a, b) = (random_nonce(), random_nonce());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }
}
