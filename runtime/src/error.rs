//! Error codes and the typed error a vendor returns.

use std::fmt;

/// Whether retrying a failed request can help.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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
}

impl ErrorInfo {
    /// The facts of one code, as generated tables write them.
    pub const fn new(code: &'static str, summary: &'static str, http_status: &'static [u16], retry: Retry) -> Self {
        ErrorInfo { code, summary, http_status, retry }
    }
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

/// An action's error codes: one variant per code of its table, one wrapping the vendor's
/// common codes (where the vendor has them), and one that keeps undocumented codes as received.
///
/// Generated enums supply the table and the two special variants; lookups are written here once.
pub trait ErrorCode: Sized + Clone + fmt::Debug + PartialEq + Send + Sync + 'static {
    /// Every variant of the action's table with its facts.
    const CODES: &'static [(Self, &'static ErrorInfo)];

    /// The variant for a code outside [`ErrorCode::CODES`]: the vendor's common code if it
    /// documents one, else the unknown variant holding `code`.
    fn unlisted(code: &str) -> Self;

    /// For a variant outside [`ErrorCode::CODES`]: a common code's facts, or the unknown
    /// variant's raw code. `None` for the variants of the table.
    fn unlisted_info(&self) -> Option<Result<&'static ErrorInfo, &str>>;

    /// The variant for `code`; undocumented codes become the unknown variant, never an error.
    /// The action's table wins over the vendor's common codes.
    fn from_code(code: &str) -> Self {
        // A linear scan: tables hold tens of codes and this runs once per error response.
        Self::CODES.iter().find(|(_, info)| info.code == code).map_or_else(|| Self::unlisted(code), |(c, _)| c.clone())
    }

    /// The documented facts of this code, or the raw code when it is undocumented.
    fn info(&self) -> Result<&'static ErrorInfo, &str> {
        if let Some(unlisted) = self.unlisted_info() {
            return unlisted;
        }
        // Every other variant is in the generated table.
        Self::CODES.iter().find(|(c, _)| c == self).map(|(_, info)| *info).ok_or("")
    }

    /// The code exactly as on the wire.
    fn code(&self) -> &str {
        match self.info() {
            Ok(info) => info.code,
            Err(raw) => raw,
        }
    }

    /// Whether the code is documented.
    fn is_known(&self) -> bool {
        self.info().is_ok()
    }

    /// Whether a retry can help.
    fn retry(&self) -> Retry {
        self.info().map_or(Retry::Unknown, |info| info.retry)
    }

    /// A short description of a documented code.
    fn summary(&self) -> Option<&'static str> {
        self.info().ok().map(|info| info.summary)
    }
}

/// An error the vendor returned: its typed code, its message and the request id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceError<C> {
    /// The typed error code.
    pub code: C,
    /// The vendor's message, as received.
    pub message: String,
    /// The request id, when the vendor sent one.
    pub request_id: Option<String>,
    /// The HTTP status the error arrived with.
    pub http_status: u16,
}

impl<C: ErrorCode> ServiceError<C> {
    /// Builds the error from the code and message as received.
    pub fn new(code: &str, message: impl Into<String>, request_id: Option<String>, http_status: u16) -> Self {
        ServiceError { code: C::from_code(code), message: message.into(), request_id, http_status }
    }

    /// Whether a retry can help.
    pub fn is_retryable(&self) -> bool {
        self.code.retry().is_retryable()
    }
}

impl<C: ErrorCode> fmt::Display for ServiceError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.code(), self.message)?;
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl<C: ErrorCode> std::error::Error for ServiceError<C> {}
