//! Error codes and the typed error a vendor returns.

use std::fmt;
use std::sync::OnceLock;
use std::time::Duration;

/// Whether retrying a failed request can help. More classes may come (one for codes that
/// fresh credentials cure, say): a match needs a `_` arm, where [`Retry::is_retryable`]
/// answers for a class the caller does not know.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Retry {
    /// A passing fault; the same request may succeed later.
    Transient,
    /// Too many requests; retry after backing off.
    Throttling,
    /// The request itself is at fault; retrying it unchanged fails again.
    Never,
    /// The vendor does not say, or the code is undocumented.
    Unknown,
}

impl Retry {
    /// Whether a retry can help.
    pub fn is_retryable(self) -> bool {
        matches!(self, Retry::Transient | Retry::Throttling)
    }

    /// What an HTTP status alone says: 429 is throttling; 500, 502, 503 and 504 are
    /// transient; anything else is unknown.
    pub fn from_status(status: u16) -> Self {
        match status {
            429 => Retry::Throttling,
            500 | 502 | 503 | 504 => Retry::Transient,
            _ => Retry::Unknown,
        }
    }

    /// The class in the words of the specs' `retry` key (`transient`, `throttling`, `never`,
    /// `unknown`).
    pub fn name(self) -> &'static str {
        match self {
            Retry::Transient => "transient",
            Retry::Throttling => "throttling",
            Retry::Never => "never",
            Retry::Unknown => "unknown",
        }
    }
}

impl fmt::Display for Retry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// The documented facts of one error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ErrorInfo {
    /// The code exactly as the vendor returns it.
    pub code: &'static str,
    /// A short description.
    pub summary: &'static str,
    /// HTTP statuses the code arrives with, where documented.
    pub http_status: &'static [u16],
    /// Whether a retry can help.
    pub retry: Retry,
    /// The Rust name of the code's variant in its generated enum: the action's error enum,
    /// or the vendor's common codes for a common code.
    pub variant: &'static str,
}

/// A generated table of error-code facts.
///
/// Generated code writes a table as one string literal, a line per code in table order, its
/// columns separated by tabs: the code, its retry class (as [`Retry::name`] spells it), its
/// documented HTTP statuses (comma-separated, often none), the Rust name of its variant
/// (empty when that is the code itself) and its summary:
///
/// ```text
/// InternalError\ttransient\t500\t\tThe service hit an internal error.
/// ```
///
/// One literal costs the compiler and the generator's formatting far less than an
/// `ErrorInfo` value per code, and a code added to a table, or a fact of one changed, is one
/// line of a reviewer's diff. The rows are parsed once, on first use; a line that does not
/// parse cleanly (a table written by hand) reads its missing or unknown columns as empty or
/// `Unknown`, never as an error.
#[derive(Debug)]
pub struct ErrorTable {
    text: &'static str,
    rows: OnceLock<Box<[ErrorInfo]>>,
    statuses: OnceLock<Box<[u16]>>,
}

/// The columns of a line of an [`ErrorTable`].
struct Line {
    code: &'static str,
    retry: &'static str,
    statuses: &'static str,
    name: &'static str,
    summary: &'static str,
}

impl Line {
    fn parse(line: &'static str) -> Self {
        let mut columns = line.splitn(5, '\t');
        let mut next = || columns.next().unwrap_or_default();
        Line { code: next(), retry: next(), statuses: next(), name: next(), summary: next() }
    }

    fn statuses(&self) -> impl Iterator<Item = u16> {
        self.statuses.split(',').filter_map(|status| status.trim().parse().ok())
    }
}

impl ErrorTable {
    /// A table of the lines of `text` (see [`ErrorTable`]); `""` is a table without codes.
    pub const fn new(text: &'static str) -> Self {
        ErrorTable { text, rows: OnceLock::new(), statuses: OnceLock::new() }
    }

    /// The Rust variant name of row `row`.
    pub fn name(&'static self, row: usize) -> Option<&'static str> {
        self.rows().get(row).map(|row| row.variant)
    }

    /// `Debug` of the variant of `code`, a code of this table: its Rust name, as a derived
    /// `Debug` writes it. A vendor's common codes write their `Debug` with this, an action's
    /// codes through [`ErrorCode::fmt_debug`]; neither costs the compiler anything per code.
    pub fn fmt_variant(&'static self, code: &str, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.position(code).and_then(|row| self.name(row)) {
            Some(name) => f.write_str(name),
            None => write!(f, "{code:?}"),
        }
    }

    /// The rows, in table order.
    pub fn rows(&'static self) -> &'static [ErrorInfo] {
        self.rows.get_or_init(|| {
            // Every row's statuses are a slice of one buffer, which lives as long as the table.
            let statuses: &'static [u16] =
                self.statuses.get_or_init(|| self.lines().flat_map(|l| l.statuses()).collect());
            let mut start = 0;
            self.lines()
                .map(|line| {
                    let end = start + line.statuses().count();
                    let http_status = statuses.get(start..end).unwrap_or_default();
                    start = end;
                    let variant = if line.name.is_empty() { line.code } else { line.name };
                    ErrorInfo {
                        code: line.code,
                        summary: line.summary,
                        http_status,
                        retry: retry_named(line.retry),
                        variant,
                    }
                })
                .collect()
        })
    }

    /// The row of `code`, if the table documents it.
    pub fn position(&'static self, code: &str) -> Option<usize> {
        // A linear scan of the parsed rows, which compares lengths first: tables hold tens of
        // codes. Scanning the text instead split every line of it, which made reading an
        // error body of a 72-code action take 1.5 µs instead of 0.4.
        self.rows().iter().position(|row| row.code == code)
    }

    fn lines(&self) -> impl Iterator<Item = Line> {
        self.text_lines().map(Line::parse)
    }

    fn text_lines(&self) -> impl Iterator<Item = &'static str> {
        let text: &'static str = self.text;
        text.split('\n').filter(move |_| !text.is_empty())
    }
}

/// The class [`Retry::name`] spells `name`; `Unknown` for anything else.
fn retry_named(name: &str) -> Retry {
    [Retry::Transient, Retry::Throttling, Retry::Never].into_iter().find(|r| r.name() == name).unwrap_or(Retry::Unknown)
}

/// A vendor's common error codes: the closed set every action of the vendor may return
/// besides its own. Generated once per vendor (`CommonErrorCode`), and wrapped by each
/// action's error enum in its `Common` variant rather than repeated in every action.
pub trait CommonCode: Copy + fmt::Debug + Eq + std::hash::Hash + Send + Sync + 'static {
    /// Every variant, in the order of the vendor's table.
    const ALL: &'static [Self];

    /// The documented facts of this code.
    fn info(self) -> &'static ErrorInfo;

    /// The variant for `code`, if the vendor documents it.
    fn find(code: &str) -> Option<Self> {
        // A linear scan: tables hold tens of codes and this runs once per error response.
        Self::ALL.iter().copied().find(|c| c.info().code == code)
    }

    /// The code exactly as on the wire.
    fn code(self) -> &'static str {
        self.info().code
    }

    /// Whether a retry can help.
    fn retry(self) -> Retry {
        self.info().retry
    }

    /// A short description.
    fn summary(self) -> &'static str {
        self.info().summary
    }
}

/// The variant for a code outside an action's table, when its vendor has common codes:
/// `common` of the vendor's code if it documents `code`, else `unknown` of the code as
/// received. Generated `ErrorCode::unlisted` bodies call this.
pub fn common_or_unknown<C: CommonCode, E>(code: &str, common: fn(C) -> E, unknown: fn(String) -> E) -> E {
    C::find(code).map_or_else(|| unknown(code.to_owned()), common)
}

/// The longest parent code [`ErrorCode::retry`] looks up: far longer than any vendor's code
/// (the seeds' longest has 55 characters).
const MAX_PARENT_LEN: usize = 256;

/// `FromStr` of a vendor's common codes: the variant for `code`, or an error naming it. A
/// function here rather than a body in each enum keeps the generated crate cheap to compile.
#[doc(hidden)]
pub fn parse_common<C: CommonCode>(code: &str) -> Result<C, crate::UnknownValue> {
    C::find(code).ok_or_else(|| crate::UnknownValue::new(code, C::ALL.iter().map(|c| c.code())))
}

/// A variant of an action's error codes outside its table (see [`ErrorCode::as_unlisted`]).
#[derive(Clone, Copy)]
pub enum Unlisted<'a> {
    /// A code of the vendor's common table: its facts, and the common code itself.
    Common(&'static ErrorInfo, &'a dyn fmt::Debug),
    /// An undocumented code, as received.
    Unknown(&'a str),
}

/// An action's error codes: one variant per code of its table, one wrapping the vendor's
/// common codes (where the vendor has them), and one that keeps undocumented codes as received.
///
/// Generated enums supply the table and the two special variants; lookups are written here once.
/// The items they supply (`LISTED`, `table`, `unlisted`, `as_unlisted`) and `fmt_debug`,
/// which their `Debug` calls, are hidden from the docs: they serve generated code, their
/// shape follows what keeps the generated crate cheap to compile, and they may change
/// without notice. The other methods are the stable API.
///
/// Generic code may format a code with `{}` (its text on the wire), compare it, and keep it
/// in a `HashSet` or as a map key: every code is `Display + Eq + Hash`.
pub trait ErrorCode:
    Sized + Clone + fmt::Debug + fmt::Display + PartialEq + Eq + std::hash::Hash + Send + Sync + 'static
{
    /// The variants of the action's table, in its order: `LISTED[i]` is row `i` of
    /// [`ErrorCode::table`].
    #[doc(hidden)]
    const LISTED: &'static [Self];

    /// The facts of the action's table.
    #[doc(hidden)]
    fn table() -> &'static ErrorTable;

    /// The variant for a code outside the action's table: the vendor's common code if it
    /// documents one, else the unknown variant holding `code`.
    #[doc(hidden)]
    fn unlisted(code: &str) -> Self;

    /// The variant as a common or unknown code; `None` for the variants of the table.
    #[doc(hidden)]
    fn as_unlisted(&self) -> Option<Unlisted<'_>>;

    /// The facts of the vendor's common code this code is, also when the action's own table
    /// lists it (parsing picks the table's variant then), so code generic over actions can
    /// handle throttling or authentication once. `None` when it is not one of them, or the
    /// vendor has no common codes in its specs. (Generated enums also have an inherent
    /// `common()` that returns the vendor's common-code enum.)
    fn common_info(&self) -> Option<&'static ErrorInfo> {
        None
    }

    /// Every variant of the action's table with its facts, in table order.
    fn listed() -> impl Iterator<Item = (Self, &'static ErrorInfo)> {
        Self::LISTED.iter().cloned().zip(Self::table().rows())
    }

    /// The variant for `code`; undocumented codes become the unknown variant, never an error.
    /// The action's table wins over the vendor's common codes.
    fn from_code(code: &str) -> Self {
        match Self::table().position(code).and_then(|row| Self::LISTED.get(row)) {
            Some(listed) => listed.clone(),
            None => Self::unlisted(code),
        }
    }

    /// The documented facts of this code, or the raw code when it is undocumented.
    fn info(&self) -> Result<&'static ErrorInfo, &str> {
        match self.as_unlisted() {
            Some(Unlisted::Common(info, _)) => Ok(info),
            Some(Unlisted::Unknown(code)) => Err(code),
            None => {
                // Every other variant is in the generated table.
                let row = Self::LISTED.iter().position(|listed| listed == self);
                row.and_then(|row| Self::table().rows().get(row)).ok_or("")
            }
        }
    }

    /// Writes the variant as `#[derive(Debug)]` would (`Name`, `Common(Name)`,
    /// `Unknown("code")`), which generated enums do through this method: a derived `Debug` is a
    /// match arm per code, and was a tenth of the generated crate's build time.
    #[doc(hidden)]
    fn fmt_debug(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.as_unlisted() {
            Some(Unlisted::Common(_, common)) => f.debug_tuple("Common").field(common).finish(),
            Some(Unlisted::Unknown(code)) => f.debug_tuple("Unknown").field(&DebugCut(code)).finish(),
            None => Self::table().fmt_variant(self.code(), f),
        }
    }

    /// The code exactly as on the wire.
    fn code(&self) -> &str {
        match self.info() {
            Ok(info) => info.code,
            Err(raw) => raw,
        }
    }

    /// The Rust name of a variant of the action's table (`None` for the other variants).
    fn variant_name(&self) -> Option<&'static str> {
        let row = Self::LISTED.iter().position(|listed| listed == self)?;
        Self::table().name(row)
    }

    /// Whether the code is documented.
    fn is_known(&self) -> bool {
        self.info().is_ok()
    }

    /// Whether a retry can help. An undocumented `Category.Detail` code takes the class of
    /// its nearest documented parent (`RequestLimitExceeded.UinLimitExceeded` is throttling
    /// like `RequestLimitExceeded`): vendors add details to a category faster than tables.
    /// Only parents of at most 256 bytes are looked up, so the cost does not
    /// grow with the code: a hostile server's megabytes of `x.x.x…` took minutes, one lookup
    /// (and copy) per dot.
    fn retry(&self) -> Retry {
        let code = match self.info() {
            Ok(info) => return info.retry,
            Err(code) => code,
        };
        let mut end = code.len().min(MAX_PARENT_LEN + 1);
        while let Some(dot) = code.as_bytes()[..end].iter().rposition(|&b| b == b'.') {
            // A `.` is one byte of UTF-8, so the parent ends on a character boundary.
            if let Ok(info) = Self::from_code(&code[..dot]).info() {
                return info.retry;
            }
            end = dot;
        }
        Retry::Unknown
    }

    /// A short description of a documented code.
    fn summary(&self) -> Option<&'static str> {
        self.info().ok().map(|info| info.summary)
    }

    /// The code without its action's type (see [`AnyErrorCode`]).
    fn erase(&self) -> AnyErrorCode {
        AnyErrorCode {
            code: match self.info() {
                Ok(info) => Code::Documented(info),
                Err(raw) => Code::Undocumented(raw.into()),
            },
            common: self.common_info(),
            listed: self.variant_name().is_some(),
            retry: self.retry(),
        }
    }
}

/// Any action's error code, with the action's type erased: what the `erase()` of
/// [`ServiceError`], [`crate::ResponseError`] and the client's error hold. Code that handles
/// the errors of many actions in one place (one error type for an application, logging, a
/// `Box<dyn Error>` downcast to `ServiceError<AnyErrorCode>`) keeps what the typed code
/// knew: the code as on the wire, its documented facts, the common code it is, the Rust name
/// of its variant and its retry class (an undocumented detail code keeps the class of its
/// category).
///
/// Two erased codes are equal when their wire codes are. An `AnyErrorCode` made from text
/// ([`ErrorCode::from_code`]) has no table to look in, so it is undocumented.
#[derive(Clone)]
pub struct AnyErrorCode {
    code: Code,
    common: Option<&'static ErrorInfo>,
    /// Whether the code is in the action's table (not one of the vendor's common codes, nor
    /// undocumented): its variant is then `code`'s [`ErrorInfo::variant`]. A flag rather
    /// than the name keeps the type at 32 bytes.
    listed: bool,
    retry: Retry,
}

/// The code of an [`AnyErrorCode`]: a documented one by its facts, which hold its text, an
/// undocumented one as received. Kept to two words, so that a `ServiceError<AnyErrorCode>`
/// stays under the 128 bytes from which clippy's `result_large_err` (on by default) warns
/// on every application function returning it.
#[derive(Clone)]
enum Code {
    Documented(&'static ErrorInfo),
    Undocumented(Box<str>),
}

impl Code {
    fn text(&self) -> &str {
        match self {
            Code::Documented(info) => info.code,
            Code::Undocumented(raw) => raw,
        }
    }
}

impl PartialEq for AnyErrorCode {
    fn eq(&self, other: &Self) -> bool {
        self.code.text() == other.code.text()
    }
}

impl Eq for AnyErrorCode {}

impl std::hash::Hash for AnyErrorCode {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.code.text().hash(state);
    }
}

/// The code quoted, an undocumented one cut as a typed code's `Unknown` is.
impl fmt::Debug for AnyErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("AnyErrorCode").field(&DebugCut(self.code.text())).finish()
    }
}

/// The code exactly as on the wire, as a typed code's `Display` writes it.
impl fmt::Display for AnyErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code.text())
    }
}

/// Reads `code` as [`ErrorCode::from_code`] does (undocumented, since no table is at hand), as
/// a typed code's `FromStr` does: it never fails.
impl std::str::FromStr for AnyErrorCode {
    type Err = std::convert::Infallible;

    fn from_str(code: &str) -> Result<Self, Self::Err> {
        Ok(AnyErrorCode::from_code(code))
    }
}

/// The code exactly as on the wire.
impl AsRef<str> for AnyErrorCode {
    fn as_ref(&self) -> &str {
        self.code.text()
    }
}

impl ErrorCode for AnyErrorCode {
    const LISTED: &'static [Self] = &[];

    fn table() -> &'static ErrorTable {
        static EMPTY: ErrorTable = ErrorTable::new("");
        &EMPTY
    }

    fn unlisted(code: &str) -> Self {
        let code = Code::Undocumented(code.into());
        AnyErrorCode { code, common: None, listed: false, retry: Retry::Unknown }
    }

    /// `None` for a code of its action's table, as the typed code answered.
    fn as_unlisted(&self) -> Option<Unlisted<'_>> {
        match (&self.code, self.listed) {
            (Code::Undocumented(raw), _) => Some(Unlisted::Unknown(raw)),
            (Code::Documented(info), false) => Some(Unlisted::Common(info, &info.code)),
            (Code::Documented(_), true) => None,
        }
    }

    fn common_info(&self) -> Option<&'static ErrorInfo> {
        self.common
    }

    fn info(&self) -> Result<&'static ErrorInfo, &str> {
        match &self.code {
            Code::Documented(info) => Ok(info),
            Code::Undocumented(raw) => Err(raw),
        }
    }

    fn fmt_debug(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self, f)
    }

    fn code(&self) -> &str {
        self.code.text()
    }

    fn variant_name(&self) -> Option<&'static str> {
        match &self.code {
            Code::Documented(info) if self.listed => Some(info.variant),
            _ => None,
        }
    }

    fn retry(&self) -> Retry {
        self.retry
    }

    fn erase(&self) -> AnyErrorCode {
        self.clone()
    }
}

/// An error the vendor returned: its typed code, its message and the request id.
///
/// The fields are public to read and assign, but the struct is `#[non_exhaustive]`: the
/// response carries more than it holds today (`retry_after` came later), and a field added
/// to a struct that other crates build with a literal would need a semver-major release.
/// Outside this crate, build one with [`ServiceError::new`] from the code as received, or
/// with [`ServiceError::new_typed`] from a typed code (a mock of a failed call in a test),
/// and [`ServiceError::with_retry_after`] for a wait:
///
/// ```
/// use std::time::Duration;
/// use cloudbind_runtime::{AnyErrorCode, ErrorCode, ServiceError};
///
/// let code = AnyErrorCode::from_code("RequestLimitExceeded");
/// let wait = Some(Duration::from_secs(2));
/// let error = ServiceError::new_typed(code.clone(), "slow down", Some("r-1".to_owned()), 429).with_retry_after(wait);
/// assert_eq!((&error.code, error.http_status, error.retry_after), (&code, 429, wait));
/// // The code as received, read into the same type:
/// let read = ServiceError::new("RequestLimitExceeded", "slow down", Some("r-1".to_owned()), 429);
/// assert_eq!(read.with_retry_after(wait), error);
/// ```
///
/// A struct literal of the same error does not compile outside this crate:
///
/// ```compile_fail,E0639
/// use std::time::Duration;
/// use cloudbind_runtime::{AnyErrorCode, ErrorCode, ServiceError};
///
/// let code = AnyErrorCode::from_code("RequestLimitExceeded");
/// let error = ServiceError {
///     code,
///     message: "slow down".to_owned(),
///     request_id: Some("r-1".to_owned()),
///     http_status: 429,
///     retry_after: Some(Duration::from_secs(2)),
/// };
/// ```
///
/// Its `Debug` shows the fields as a derive would, but each text the response sent (message,
/// request id, host id) at most 1024 characters long, then `…` and its size, as `Display`
/// cuts them: `unwrap()` on a hostile server's error does not print megabytes.
#[derive(Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct ServiceError<C> {
    /// The typed error code.
    pub code: C,
    /// The vendor's message, as received.
    pub message: String,
    /// The request id, when the vendor sent one.
    pub request_id: Option<String>,
    /// See [`ServiceError::host_id`]; private, and a `Box<str>` rather than a `String`, so
    /// that an error with an erased code stays under the 128 bytes from which clippy's
    /// `result_large_err` warns on every function returning it.
    host_id: Option<Box<str>>,
    /// The HTTP status the error arrived with.
    pub http_status: u16,
    /// How long the service asked the caller to wait before trying again, from the
    /// response's headers (see [`crate::response::retry_after`]); `None` when it did not
    /// say or when only the body was read ([`crate::parse_response`]).
    pub retry_after: Option<Duration>,
}

impl<C> ServiceError<C> {
    /// Builds the error from a typed code, with no wait asked for ([`ServiceError::with_retry_after`]
    /// adds one). Named apart from [`ServiceError::new`], which reads the code as received,
    /// since both take a code first; not `with_code`, since the `with_` methods of this crate
    /// change a value already built.
    pub fn new_typed(code: C, message: impl Into<String>, request_id: Option<String>, http_status: u16) -> Self {
        ServiceError { code, message: message.into(), request_id, host_id: None, http_status, retry_after: None }
    }

    /// The same error, with `host_id` as the host the vendor said answered.
    pub fn with_host_id(self, host_id: Option<String>) -> Self {
        ServiceError { host_id: host_id.map(String::into_boxed_str), ..self }
    }

    /// The request id, when the vendor sent one: the field [`ServiceError::request_id`] as a
    /// `&str`, read as `request_id()` on [`ResponseMeta`](crate::ResponseMeta),
    /// [`ResponseError`](crate::ResponseError) and `ClientError` is, so code that logs ids
    /// reads them one way.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// The host that answered, when the vendor names it: Alibaba's `HostId`, the endpoint's
    /// domain name, which says which region's service failed. Tencent's and Azure's errors
    /// carry none.
    pub fn host_id(&self) -> Option<&str> {
        self.host_id.as_deref()
    }

    /// The same error, with `retry_after` as the wait the service asked for.
    pub fn with_retry_after(self, retry_after: Option<Duration>) -> Self {
        ServiceError { retry_after, ..self }
    }
}

impl<C: ErrorCode> ServiceError<C> {
    /// Builds the error from the code and message as received: the code is read with
    /// [`ErrorCode::from_code`], so an undocumented one becomes the unknown variant.
    pub fn new(code: &str, message: impl Into<String>, request_id: Option<String>, http_status: u16) -> Self {
        ServiceError::new_typed(C::from_code(code), message, request_id, http_status)
    }

    /// Whether retrying can help: the code's documented class, or, where the spec says
    /// nothing about the code (or does not know it), what the HTTP status implies (see
    /// [`Retry::from_status`]). Tencent's API answers its errors with status 200, so its
    /// codes decide (unless a gateway gave the envelope another status); Alibaba and Azure
    /// send throttling and outages as 429 and 5xx.
    pub fn retry(&self) -> Retry {
        match self.code.retry() {
            Retry::Unknown => Retry::from_status(self.http_status),
            documented => documented,
        }
    }

    /// Whether a retry can help (see [`ServiceError::retry`]).
    pub fn is_retryable(&self) -> bool {
        self.retry().is_retryable()
    }

    /// The same error, its code without the action's type (see [`AnyErrorCode`]).
    pub fn erase(self) -> ServiceError<AnyErrorCode> {
        let ServiceError { code, message, request_id, host_id, http_status, retry_after } = self;
        ServiceError { code: code.erase(), message, request_id, host_id, http_status, retry_after }
    }
}

/// `Code: message (request id ...)`; the code alone when the vendor sent no message, and
/// `(empty error code)` for a code that is empty text, so the text is never empty. The
/// texts come from the response, so a control character in them is shown as `\u{fffd}` (a
/// line break would forge a log line, an escape sequence would reach a terminal), and each
/// is cut after 1024 characters, then `…` (the fields keep them whole).
impl<C: ErrorCode> fmt::Display for ServiceError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.code.code() {
            "" => f.write_str("(empty error code)")?,
            code => FromNetwork(code).fmt(f)?,
        }
        if !self.message.trim().is_empty() {
            write!(f, ": {}", FromNetwork(&self.message))?;
        }
        RequestIdSuffix(self.request_id.as_deref()).fmt(f)
    }
}

/// A text the response sent (a code, a message, a request id), as an error's `Display`
/// shows it: a control character as `\u{fffd}`, since a line break would forge a log line
/// and an escape sequence would reach a terminal; and at most [`FromNetwork::MAX_CHARS`]
/// characters, then `…`, since a hostile server's megabytes would make every log line of
/// the error as long. Only the part shown is read.
struct FromNetwork<'a>(&'a str);

impl FromNetwork<'_> {
    /// Far longer than any vendor's code, message or request id.
    const MAX_CHARS: usize = 1024;
}

impl fmt::Display for FromNetwork<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        use fmt::Write as _;
        for (shown, c) in self.0.chars().enumerate() {
            if shown == Self::MAX_CHARS {
                return f.write_char('…');
            }
            f.write_char(if c.is_control() { '\u{fffd}' } else { c })?;
        }
        Ok(())
    }
}

impl<C: fmt::Debug> fmt::Debug for ServiceError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let ServiceError { code, message, request_id, host_id, http_status, retry_after } = self;
        f.debug_struct("ServiceError")
            .field("code", code)
            .field("message", &DebugCut(message))
            .field("request_id", &request_id.as_deref().map(DebugCut))
            .field("host_id", &host_id.as_deref().map(DebugCut))
            .field("http_status", http_status)
            .field("retry_after", retry_after)
            .finish()
    }
}

/// A text the response sent, as `Debug` shows it: quoted and escaped, and past
/// [`FromNetwork::MAX_CHARS`] characters cut, then `…` and the whole's size in bytes.
struct DebugCut<'a>(&'a str);

impl fmt::Debug for DebugCut<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0.char_indices().nth(FromNetwork::MAX_CHARS) {
            Some((cut, _)) => crate::abbrev::fmt_cut(&self.0[..cut], self.0.len(), f),
            None => fmt::Debug::fmt(self.0, f),
        }
    }
}

impl<C: ErrorCode> std::error::Error for ServiceError<C> {}

/// ` (request id ...)`, with which the `Display` of every error that holds an id ends (the
/// vendor's, a bare status, a malformed body, a lost body), so a log reader finds it in
/// one place; nothing when there is none. The id comes from the network, so it is shown as
/// [`FromNetwork`] shows the rest of [`ServiceError`]'s text.
pub(crate) struct RequestIdSuffix<'a>(pub(crate) Option<&'a str>);

impl fmt::Display for RequestIdSuffix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Some(id) => write!(f, " (request id {})", FromNetwork(id)),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static TABLE: ErrorTable = ErrorTable::new(
        "A.One\ttransient\t500\tAOne\tone\n\
        B\tthrottling\t\t\ttwo\n\
        C.Three\tnever\t404,409\tCThree\tthree, with\ta tab\n\
        D\tunknown\t\t\tfour",
    );

    #[test]
    fn table_rows_read_every_column() {
        let rows: Vec<(&str, &str, &[u16], Retry)> =
            TABLE.rows().iter().map(|r| (r.code, r.summary, r.http_status, r.retry)).collect();
        assert_eq!(
            rows,
            [
                ("A.One", "one", &[500][..], Retry::Transient),
                ("B", "two", &[], Retry::Throttling),
                ("C.Three", "three, with\ta tab", &[404, 409], Retry::Never),
                ("D", "four", &[], Retry::Unknown),
            ]
        );
        assert!(std::ptr::eq(TABLE.rows(), TABLE.rows()), "rows are built once");
        assert_eq!((TABLE.position("C.Three"), TABLE.position("c.three")), (Some(2), None));
        assert_eq!((TABLE.name(2), TABLE.name(1), TABLE.name(4)), (Some("CThree"), Some("B"), None));
        static EMPTY: ErrorTable = ErrorTable::new("");
        assert_eq!((EMPTY.rows().len(), EMPTY.position(""), EMPTY.name(0)), (0, None, None));
    }

    #[test]
    fn lines_written_by_hand_read_what_they_can() {
        static ODD: ErrorTable = ErrorTable::new("Short\nWrong\tsometimes\t1,x,99999,404\n\ttransient");
        let rows: Vec<(&str, &str, &[u16], Retry)> =
            ODD.rows().iter().map(|r| (r.code, r.summary, r.http_status, r.retry)).collect();
        assert_eq!(
            rows,
            [
                ("Short", "", &[][..], Retry::Unknown),
                ("Wrong", "", &[1, 404], Retry::Unknown),
                ("", "", &[], Retry::Transient)
            ]
        );
        assert_eq!((ODD.name(0), ODD.name(1)), (Some("Short"), Some("Wrong")));
    }

    /// Writes `code` through [`ErrorTable::fmt_variant`].
    struct Variant(&'static str);

    impl fmt::Debug for Variant {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            TABLE.fmt_variant(self.0, f)
        }
    }

    #[test]
    fn a_service_error_without_a_message_shows_its_code_alone() {
        use crate::response::tests_support::NoCodes;
        let shown_with = |code: &str, message: &str, request_id: Option<&str>| {
            ServiceError::<NoCodes>::new(code, message, request_id.map(str::to_owned), 400).to_string()
        };
        let shown = |message: &str, request_id: Option<&str>| shown_with("Throttling.User", message, request_id);
        assert_eq!(shown("slow down", Some("r-1")), "Throttling.User: slow down (request id r-1)");
        assert_eq!(shown("", Some("r-1")), "Throttling.User (request id r-1)");
        assert_eq!(shown(" ", None), "Throttling.User");
        assert_eq!(shown("slow down", None), "Throttling.User: slow down");
        // `{"Code": ""}` with no message still says something.
        assert_eq!(shown_with("", "", None), "(empty error code)");
        assert_eq!(shown_with("", "boom", Some("r-2")), "(empty error code): boom (request id r-2)");
    }

    #[test]
    fn a_service_error_shows_no_control_character_the_response_sent() {
        use crate::response::tests_support::NoCodes;
        // The text comes from the network: a line break would forge a log line, an escape
        // would reach the terminal showing the log.
        let error = ServiceError::<NoCodes>::new(
            "Bad\u{1b}[2J",
            "denied\r\n2024-01-01 INFO login ok",
            Some("r\n1".to_owned()),
            400,
        );
        assert_eq!(
            error.to_string(),
            "Bad\u{fffd}[2J: denied\u{fffd}\u{fffd}2024-01-01 INFO login ok (request id r\u{fffd}1)"
        );
    }

    #[test]
    fn a_service_error_shows_at_most_a_kilobyte_or_so_of_each_text_the_response_sent() {
        use crate::response::tests_support::NoCodes;
        // A hostile server's megabytes would otherwise make every log line of the error as
        // long; the fields keep them whole.
        let long = |c: char| c.to_string().repeat(5_000_000);
        let error = ServiceError::<NoCodes>::new(&long('c'), long('é'), Some(long('\n')), 400);
        let shown = error.to_string();
        let cut = |c: char| format!("{}…", c.to_string().repeat(1024));
        assert_eq!(shown, format!("{}: {} (request id {})", cut('c'), cut('é'), cut('\u{fffd}')));
        assert_eq!((error.code.code().len(), error.message.chars().count()), (5_000_000, 5_000_000));
        // A text of the limit's length is shown whole.
        let error = ServiceError::<NoCodes>::new("C", "m".repeat(1024), None, 400);
        assert_eq!(error.to_string(), format!("C: {}", "m".repeat(1024)));
    }

    #[test]
    fn a_service_error_debugs_a_long_text_the_response_sent_cut() {
        use crate::response::tests_support::NoCodes;
        // `unwrap()` prints `Debug`: a hostile server's megabytes would all be printed.
        let long = "é".repeat(3_000_000);
        let error =
            ServiceError::<NoCodes>::new("C", long.clone(), Some(long.clone()), 400).with_host_id(Some(long.clone()));
        let cut = format!("{:?}… (6000000 bytes)", "é".repeat(1024));
        let expected = format!(
            "ServiceError {{ code: NoCodes(\"C\"), message: {cut}, request_id: Some({cut}), host_id: Some({cut}), \
             http_status: 400, retry_after: None }}"
        );
        assert_eq!(format!("{error:?}"), expected);
        // Short texts show as a derive would show them.
        let error = ServiceError::<NoCodes>::new("C", "a \"b\"\n", Some("r".into()), 400);
        assert_eq!(
            format!("{error:?}"),
            "ServiceError { code: NoCodes(\"C\"), message: \"a \\\"b\\\"\\n\", request_id: Some(\"r\"), \
             host_id: None, http_status: 400, retry_after: None }"
        );
        // An unknown code, through the generated enums' `Debug`.
        struct Generated(NoCodes);
        impl fmt::Debug for Generated {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt_debug(f)
            }
        }
        let code = Generated(NoCodes::unlisted(&long));
        assert_eq!(format!("{code:?}"), format!("Unknown({cut})"));
        // And once erased.
        assert_eq!(format!("{:?}", AnyErrorCode::from_code(&long)), format!("AnyErrorCode({cut})"));
        assert_eq!(format!("{:?}", AnyErrorCode::from_code("C\n")), r#"AnyErrorCode("C\n")"#);
    }

    #[test]
    fn a_listed_code_debugs_as_its_variant_name() {
        assert_eq!(format!("{:?}", Variant("C.Three")), "CThree");
        // Not a code of the table (a generated enum never asks for one): the code, quoted.
        assert_eq!(format!("{:?}", Variant("Z.Z")), r#""Z.Z""#);
    }
}
