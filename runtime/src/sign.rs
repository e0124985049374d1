//! Request signing for each vendor's scheme, as pure functions.
//!
//! Nothing here reads the clock, draws random numbers or performs I/O: the timestamp and the
//! nonce are inputs, so every result is reproducible and the vendors' published test vectors can
//! be checked exactly. Each signer returns its intermediate strings (canonical request, string
//! to sign) as well as the final header or query, because a signature mismatch is only
//! diagnosable by comparing those with what the server reports.
//!
//! Schemes:
//! - [`tc3_sign`]: Tencent Cloud API 3.0, `TC3-HMAC-SHA256`.
//! - [`rpc_v1_sign`]: Alibaba Cloud RPC signature version 1 (`HMAC-SHA1`, signature in the query).
//! - [`acs3_sign`]: Alibaba Cloud `ACS3-HMAC-SHA256` (signature in the `Authorization` header).

use std::fmt;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use http::{HeaderName, HeaderValue, Method};
use sha1::Sha1;
use sha2::{Digest, Sha256};

/// An access key: its public id, its secret and, for temporary credentials, a session token.
///
/// `Debug` prints the id only; the secret and the token never appear in any formatted output,
/// so credentials can sit inside structures that get logged.
#[derive(Clone)]
pub struct Credentials {
    id: String,
    secret: String,
    token: Option<String>,
}

impl Credentials {
    /// Long-term credentials: an access key id and its secret.
    pub fn new(id: impl Into<String>, secret: impl Into<String>) -> Self {
        Credentials { id: id.into(), secret: secret.into(), token: None }
    }

    /// An Azure subscription key, the only credential Azure REST services take (sent as
    /// `Ocp-Apim-Subscription-Key`); it is the secret, and the id stays empty. An Azure action
    /// refuses credentials with a key id or a session token
    /// ([`BuildError::ForeignCredentials`](crate::BuildError::ForeignCredentials)), so another
    /// vendor's secret never goes out as the key.
    pub fn subscription_key(key: impl Into<String>) -> Self {
        Credentials::new("", key)
    }

    /// The same credentials with a session token (temporary credentials, e.g. STS).
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The access key id (Tencent `SecretId`, Alibaba `AccessKeyId`).
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The secret (Tencent `SecretKey`, Alibaba `AccessKeySecret`).
    pub fn secret(&self) -> &str {
        &self.secret
    }

    /// The session token of temporary credentials, if any.
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Say whether a token is present without printing it.
        f.debug_struct("Credentials")
            .field("id", &self.id)
            .field("secret", &"<redacted>")
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// Why a request could not be signed.
///
/// Messages name the offending header or parameter but never echo a value, since values may
/// carry tokens. More variants may come: a match needs a `_` arm.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SignError {
    /// A header name is not a valid HTTP header name.
    InvalidHeaderName(String),
    /// A header value (or the host) cannot be sent as an HTTP header value, e.g. it contains a
    /// control character or non-ASCII text, or the host is empty.
    InvalidHeaderValue(String),
    /// The same header was given twice (names compare case-insensitively), or it clashes with
    /// a header the signer sets itself.
    DuplicateHeader(String),
    /// A header the scheme requires to be signed is missing.
    MissingHeader(&'static str),
    /// The same query parameter name was given twice.
    DuplicateParameter(String),
}

impl fmt::Display for SignError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SignError::InvalidHeaderName(name) => write!(f, "invalid header name {name:?}"),
            SignError::InvalidHeaderValue(name) => write!(f, "invalid value for header {name:?}"),
            SignError::DuplicateHeader(name) => write!(f, "header {name:?} given more than once"),
            SignError::MissingHeader(name) => write!(f, "header {name:?} must be signed but was not given"),
            SignError::DuplicateParameter(name) => write!(f, "query parameter {name:?} given more than once"),
        }
    }
}

impl std::error::Error for SignError {}

// ---------------------------------------------------------------------------------------------
// Shared helpers
// ---------------------------------------------------------------------------------------------

/// Lowercase hexadecimal of `bytes`.
fn hex_lower(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        out.push(char::from(DIGITS[usize::from(b >> 4)]));
        out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
    }
    out
}

fn sha256_hex(data: &[u8]) -> String {
    hex_lower(&Sha256::digest(data))
}

fn hmac_sha256(key: &[u8], data: &[u8]) -> [u8; 32] {
    // HMAC takes keys of any length (long keys are hashed, short ones padded), so this cannot
    // fail whatever the caller's secret is.
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

fn hmac_sha1(key: &[u8], data: &[u8]) -> [u8; 20] {
    // As above: no key length is rejected by HMAC.
    let mut mac = Hmac::<Sha1>::new_from_slice(key).expect("HMAC accepts keys of any length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// The proleptic Gregorian UTC date and time of a Unix timestamp:
/// (year, month 1..=12, day 1..=31, hour, minute, second).
///
/// Howard Hinnant's `civil_from_days`, restricted to days on or after 1970-01-01 so that all
/// arithmetic is unsigned; every intermediate stays far below `u64::MAX` for any `u64` input.
fn civil_from_unix(timestamp: u64) -> (u64, u64, u64, u64, u64, u64) {
    let days = timestamp / 86_400;
    let secs = timestamp % 86_400;
    // Shift the epoch to 0000-03-01 so leap days fall at the end of each year.
    let z = days + 719_468;
    let era = z / 146_097;
    let doe = z - era * 146_097; // day of era, [0, 146096]
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365; // year of era, [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // day of (March-based) year, [0, 365]
    let mp = (5 * doy + 2) / 153; // March-based month, [0, 11]
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u64::from(month <= 2);
    (year, month, day, secs / 3_600, secs % 3_600 / 60, secs % 60)
}

/// The UTC calendar date of a Unix timestamp as `YYYY-MM-DD` (the TC3 credential-scope date).
pub fn format_utc_date(timestamp: u64) -> String {
    let (y, m, d, ..) = civil_from_unix(timestamp);
    format!("{y:04}-{m:02}-{d:02}")
}

/// A Unix timestamp as ISO 8601 UTC, `YYYY-MM-DDThh:mm:ssZ` (Alibaba's `Timestamp` parameter
/// and `x-acs-date` header).
pub fn format_utc_timestamp(timestamp: u64) -> String {
    let (y, mo, d, h, mi, s) = civil_from_unix(timestamp);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// Percent-encodes `s` per RFC 3986, as Alibaba Cloud signing requires: the unreserved
/// characters `A-Z a-z 0-9 - _ . ~` are kept, every other byte of the UTF-8 text becomes `%XX`
/// with uppercase hex (so space is `%20`, `*` is `%2A`, `/` is `%2F`).
pub fn percent_encode(s: &str) -> String {
    const DIGITS: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(s.len());
    for &b in s.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(DIGITS[usize::from(b >> 4)]));
            out.push(char::from(DIGITS[usize::from(b & 0x0f)]));
        }
    }
    out
}

/// The canonical query string of Alibaba Cloud signing: pairs sorted by name as given (byte
/// order), then names and values percent-encoded with [`percent_encode`] and joined as `k=v`
/// with `&`. The server sorts the names it decoded, so sorting encoded names would disagree with
/// it for a name holding characters that encoding reorders (`~` sorts after `%`, not before).
///
/// A name given twice is an error rather than an arbitrary order, since the server's reading
/// of a repeated parameter is unspecified.
pub fn canonical_query(params: &[(&str, &str)]) -> Result<String, SignError> {
    let mut sorted = params.to_vec();
    sorted.sort_by(|a, b| a.0.cmp(b.0));
    if let Some(pair) = sorted.windows(2).find(|w| w[0].0 == w[1].0) {
        return Err(SignError::DuplicateParameter(pair[0].0.to_owned()));
    }
    let parts: Vec<String> =
        sorted.iter().map(|(k, v)| format!("{}={}", percent_encode(k), percent_encode(v))).collect();
    Ok(parts.join("&"))
}

/// One header as signed: lowercase name and trimmed value.
struct SignedHeader {
    name: String,
    value: String,
}

/// Checks a header as `http` would when sending it, and returns its lowercase name and trimmed
/// value. Checking here guarantees that what is signed can be sent byte for byte.
fn check_header(name: &str, value: &str) -> Result<SignedHeader, SignError> {
    let parsed = HeaderName::from_bytes(name.as_bytes()).map_err(|_| SignError::InvalidHeaderName(name.to_owned()))?;
    let lower = parsed.as_str().to_owned();
    // `HeaderValue` rejects control characters but admits raw non-ASCII bytes (obs-text). Those
    // are refused too: vendors' SDKs differ in how they lowercase them, and with ASCII only the
    // ASCII lowercasing TC3 applies is the full lowercasing.
    if !value.is_ascii() || HeaderValue::from_str(value).is_err() {
        return Err(SignError::InvalidHeaderValue(lower));
    }
    Ok(SignedHeader { name: lower, value: value.trim().to_owned() })
}

fn check_host(host: &str) -> Result<&str, SignError> {
    let host = host.trim();
    if host.is_empty() || !host.is_ascii() || HeaderValue::from_str(host).is_err() {
        return Err(SignError::InvalidHeaderValue("host".to_owned()));
    }
    Ok(host)
}

/// Sorts by name, rejects repeated names, and renders (canonical headers, signed header names).
/// Each canonical header line ends in `\n`, as both TC3 and ACS3 require.
fn render_headers(mut headers: Vec<SignedHeader>) -> Result<(String, String), SignError> {
    headers.sort_by(|a, b| a.name.cmp(&b.name));
    if let Some(pair) = headers.windows(2).find(|w| w[0].name == w[1].name) {
        return Err(SignError::DuplicateHeader(pair[0].name.clone()));
    }
    let canonical: String = headers.iter().map(|h| format!("{}:{}\n", h.name, h.value)).collect();
    let names: Vec<&str> = headers.iter().map(|h| h.name.as_str()).collect();
    Ok((canonical, names.join(";")))
}

// ---------------------------------------------------------------------------------------------
// Tencent Cloud API 3.0: TC3-HMAC-SHA256
// ---------------------------------------------------------------------------------------------

/// The result of [`tc3_sign`]: the intermediate strings, for diagnosis, and the header to send.
#[derive(Clone, PartialEq, Eq)]
pub struct Tc3Signature {
    /// The canonical request that was hashed.
    pub canonical_request: String,
    /// Lowercase hex SHA-256 of [`canonical_request`](Self::canonical_request).
    pub canonical_request_hash: String,
    /// The string that was signed.
    pub string_to_sign: String,
    /// The signed header names, lowercase, sorted, joined by `;`.
    pub signed_headers: String,
    /// The credential-scope date, `YYYY-MM-DD` (UTC).
    pub date: String,
    /// The signature, lowercase hex.
    pub signature: String,
    /// The complete value of the `Authorization` header.
    pub authorization: String,
}

/// The TC3 service name of a host: its first label (`cvm` for `cvm.tencentcloudapi.com`,
/// `iai` for `iai.ap-guangzhou.tencentcloudapi.com`).
pub fn tc3_service(host: &str) -> &str {
    let host = host.trim();
    host.split('.').next().unwrap_or(host)
}

/// Signs a Tencent Cloud API 3.0 request with `TC3-HMAC-SHA256`.
///
/// - `host` is always signed. `headers` are the other signed headers as (name, value); they
///   must include `Content-Type` with exactly the value that is sent, and may include
///   e.g. `X-TC-Action`. A `host` entry in `headers` is accepted if it matches `host` (ignoring
///   ASCII case and surrounding whitespace) and rejected otherwise.
/// - The canonical query is empty: this signs requests whose parameters travel in the body
///   (the JSON `POST` the bindings send), not in the URL.
/// - `body` is hashed byte for byte as sent.
/// - `timestamp` is the Unix time also sent as `X-TC-Timestamp`; the credential-scope date is
///   its UTC date. `service` is the host's first label (see [`tc3_service`]).
///
/// A session token is not signed; send it as `X-TC-Token` (or sign it by listing it in
/// `headers`).
pub fn tc3_sign(
    method: &Method,
    host: &str,
    headers: &[(&str, &str)],
    body: &[u8],
    timestamp: u64,
    service: &str,
    credentials: &Credentials,
) -> Result<Tc3Signature, SignError> {
    let host = check_host(host)?;
    let mut signed = vec![SignedHeader { name: "host".to_owned(), value: host.to_ascii_lowercase() }];
    for (name, value) in headers {
        let header = check_header(name, value)?;
        if header.name == "host" {
            if header.value.eq_ignore_ascii_case(host) {
                continue;
            }
            return Err(SignError::DuplicateHeader(header.name));
        }
        signed.push(SignedHeader { value: header.value.to_ascii_lowercase(), ..header });
    }
    // The server rejects TC3 requests whose Content-Type is not signed.
    if !signed.iter().any(|h| h.name == "content-type") {
        return Err(SignError::MissingHeader("content-type"));
    }
    let (canonical_headers, signed_headers) = render_headers(signed)?;

    let canonical_request =
        format!("{}\n/\n\n{}\n{}\n{}", method.as_str(), canonical_headers, signed_headers, sha256_hex(body));
    let canonical_request_hash = sha256_hex(canonical_request.as_bytes());
    let date = format_utc_date(timestamp);
    let scope = format!("{date}/{service}/tc3_request");
    let string_to_sign = format!("TC3-HMAC-SHA256\n{timestamp}\n{scope}\n{canonical_request_hash}");

    // Derive the signing key from the secret through date, service and the fixed terminator,
    // so a leaked derived key is useless for other days and services.
    let k_date = hmac_sha256(format!("TC3{}", credentials.secret()).as_bytes(), date.as_bytes());
    let k_service = hmac_sha256(&k_date, service.as_bytes());
    let k_signing = hmac_sha256(&k_service, b"tc3_request");
    let signature = hex_lower(&hmac_sha256(&k_signing, string_to_sign.as_bytes()));

    let authorization = format!(
        "TC3-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed_headers}, Signature={signature}",
        credentials.id()
    );
    Ok(Tc3Signature {
        canonical_request,
        canonical_request_hash,
        string_to_sign,
        signed_headers,
        date,
        signature,
        authorization,
    })
}

// ---------------------------------------------------------------------------------------------
// Alibaba Cloud RPC: signature version 1 (HMAC-SHA1)
// ---------------------------------------------------------------------------------------------

/// The result of [`rpc_v1_sign`].
#[derive(Clone, PartialEq, Eq)]
pub struct RpcSignature {
    /// The string that was signed: `METHOD&%2F&<encoded canonical query>`.
    pub string_to_sign: String,
    /// The signature, base64 (standard alphabet, padded), not yet percent-encoded.
    pub signature: String,
    /// The query string to send: the canonical query followed by `&Signature=<encoded>`.
    pub query: String,
}

/// Signs an Alibaba Cloud RPC request with signature version 1 (`HMAC-SHA1`).
///
/// `params` are all query parameters, including the common ones the caller fills in:
/// `AccessKeyId`, `Action`, `Format`, `SignatureMethod=HMAC-SHA1`, `SignatureNonce`,
/// `SignatureVersion=1.0`, `Timestamp` (see [`format_utc_timestamp`]), `Version`, and
/// `SecurityToken` for temporary credentials. They must not include `Signature`.
/// `secret` is the AccessKeySecret.
pub fn rpc_v1_sign(method: &Method, params: &[(&str, &str)], secret: &str) -> Result<RpcSignature, SignError> {
    if params.iter().any(|(k, _)| *k == "Signature") {
        return Err(SignError::DuplicateParameter("Signature".to_owned()));
    }
    let query = canonical_query(params)?;
    let string_to_sign = format!("{}&{}&{}", method.as_str(), percent_encode("/"), percent_encode(&query));
    // The key is the secret followed by '&': version 1 reserves the part after '&' for a
    // token secret that Alibaba never uses.
    let mac = hmac_sha1(format!("{secret}&").as_bytes(), string_to_sign.as_bytes());
    let signature = base64::engine::general_purpose::STANDARD.encode(mac);
    let query = format!("{query}&Signature={}", percent_encode(&signature));
    Ok(RpcSignature { string_to_sign, signature, query })
}

// ---------------------------------------------------------------------------------------------
// Alibaba Cloud: ACS3-HMAC-SHA256
// ---------------------------------------------------------------------------------------------

/// An Alibaba Cloud request to sign with [`acs3_sign`]. The path is always `/` (RPC style).
#[derive(Debug, Clone, Copy)]
pub struct Acs3Request<'a> {
    /// The HTTP method.
    pub method: &'a Method,
    /// The host, e.g. `mts.cn-shanghai.aliyuncs.com`; signed as `host`.
    pub host: &'a str,
    /// The query parameters, unencoded; they are encoded and sorted for signing.
    pub query: &'a [(&'a str, &'a str)],
    /// Further headers to sign besides those the signer sets: every other `x-acs-*` header
    /// that is sent, and `Content-Type` when a body is sent.
    pub headers: &'a [(&'a str, &'a str)],
    /// The body, hashed byte for byte as sent (empty when there is none).
    pub body: &'a [u8],
    /// The action name, sent as `x-acs-action`.
    pub action: &'a str,
    /// The API version, sent as `x-acs-version`.
    pub version: &'a str,
    /// The Unix time of the request, sent as `x-acs-date` (`YYYY-MM-DDThh:mm:ssZ`).
    pub timestamp: u64,
    /// A unique random value per request, sent as `x-acs-signature-nonce`.
    pub nonce: &'a str,
}

/// The result of [`acs3_sign`].
#[derive(Clone, PartialEq, Eq)]
pub struct Acs3Signature {
    /// The canonical request that was hashed.
    pub canonical_request: String,
    /// Lowercase hex SHA-256 of [`canonical_request`](Self::canonical_request).
    pub canonical_request_hash: String,
    /// The string that was signed.
    pub string_to_sign: String,
    /// The signed header names, lowercase, sorted, joined by `;`.
    pub signed_headers: String,
    /// The signature, lowercase hex.
    pub signature: String,
    /// The complete value of the `Authorization` header.
    pub authorization: String,
    /// The headers the signer set, to send with the request: `x-acs-action`, `x-acs-version`,
    /// `x-acs-date`, `x-acs-signature-nonce`, `x-acs-content-sha256`, `x-acs-security-token`
    /// (temporary credentials only) and `authorization`. `Host` and the caller's own
    /// [`headers`](Acs3Request::headers) are not repeated here.
    pub headers: Vec<(String, String)>,
    /// The canonical (encoded, sorted) query string, which is also the query to send.
    pub query: String,
}

/// Signs an Alibaba Cloud request with `ACS3-HMAC-SHA256`.
///
/// Signed headers: `host`, `x-acs-action`, `x-acs-content-sha256` (hex SHA-256 of the body),
/// `x-acs-date`, `x-acs-signature-nonce`, `x-acs-version`, `x-acs-security-token` when the
/// credentials carry a token, and the request's further [`headers`](Acs3Request::headers).
/// Header values are trimmed but keep their case.
pub fn acs3_sign(request: &Acs3Request<'_>, credentials: &Credentials) -> Result<Acs3Signature, SignError> {
    let host = check_host(request.host)?;
    let content_sha256 = sha256_hex(request.body);
    let mut generated: Vec<(&'static str, String)> = vec![
        ("x-acs-action", request.action.to_owned()),
        ("x-acs-version", request.version.to_owned()),
        ("x-acs-date", format_utc_timestamp(request.timestamp)),
        ("x-acs-signature-nonce", request.nonce.to_owned()),
        ("x-acs-content-sha256", content_sha256.clone()),
    ];
    if let Some(token) = credentials.token() {
        generated.push(("x-acs-security-token", token.to_owned()));
    }

    let mut signed = vec![SignedHeader { name: "host".to_owned(), value: host.to_owned() }];
    for (name, value) in &generated {
        signed.push(check_header(name, value)?);
    }
    // A caller header clashing with a generated one surfaces as DuplicateHeader here.
    for (name, value) in request.headers {
        signed.push(check_header(name, value)?);
    }
    let (canonical_headers, signed_headers) = render_headers(signed)?;

    let query = canonical_query(request.query)?;
    let canonical_request =
        format!("{}\n/\n{query}\n{canonical_headers}\n{signed_headers}\n{content_sha256}", request.method.as_str());
    let canonical_request_hash = sha256_hex(canonical_request.as_bytes());
    let string_to_sign = format!("ACS3-HMAC-SHA256\n{canonical_request_hash}");
    let signature = hex_lower(&hmac_sha256(credentials.secret().as_bytes(), string_to_sign.as_bytes()));
    let authorization = format!(
        "ACS3-HMAC-SHA256 Credential={},SignedHeaders={signed_headers},Signature={signature}",
        credentials.id()
    );

    let mut headers: Vec<(String, String)> =
        generated.into_iter().map(|(name, value)| (name.to_owned(), value.trim().to_owned())).collect();
    headers.push(("authorization".to_owned(), authorization.clone()));
    Ok(Acs3Signature {
        canonical_request,
        canonical_request_hash,
        string_to_sign,
        signed_headers,
        signature,
        authorization,
        headers,
        query,
    })
}

/// Stands in for a secret in `Debug` output.
struct Redacted;

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

// The signatures' `Debug` leaves out what would let a reader replay the request or that holds
// a session token: signatures, authorization values, and texts that contain the token.
impl fmt::Debug for Tc3Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tc3Signature")
            .field("canonical_request", &self.canonical_request)
            .field("canonical_request_hash", &self.canonical_request_hash)
            .field("string_to_sign", &self.string_to_sign)
            .field("signed_headers", &self.signed_headers)
            .field("date", &self.date)
            .field("signature", &Redacted)
            .field("authorization", &Redacted)
            .finish()
    }
}

impl fmt::Debug for RpcSignature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The canonical query holds `SecurityToken` with temporary credentials.
        f.debug_struct("RpcSignature")
            .field("string_to_sign", &Redacted)
            .field("signature", &Redacted)
            .field("query", &Redacted)
            .finish()
    }
}

impl fmt::Debug for Acs3Signature {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The canonical request holds the signed `x-acs-security-token` header.
        let header_names: Vec<&str> = self.headers.iter().map(|(name, _)| name.as_str()).collect();
        f.debug_struct("Acs3Signature")
            .field("canonical_request", &Redacted)
            .field("canonical_request_hash", &self.canonical_request_hash)
            .field("string_to_sign", &self.string_to_sign)
            .field("signed_headers", &self.signed_headers)
            .field("signature", &Redacted)
            .field("authorization", &Redacted)
            .field("headers", &header_names)
            .field("query", &self.query)
            .finish()
    }
}
