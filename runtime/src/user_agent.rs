//! The `User-Agent` header every built request carries: `cloudbind-runtime/<version>`, after
//! the application's name when the [`Config`](crate::Config) gives one
//! ([`Config::with_app_name`](crate::Config::with_app_name)). [`build_request`](crate::build_request)
//! and the `Client` both take it from [`user_agent`], so a request sent by another HTTP
//! client says the same as the client's.

use std::fmt;

/// What the runtime says it is. ureq's own token is left out: the HTTP library is this
/// crate's business, and the AWS and Azure SDKs' agents likewise name the SDK, not their
/// HTTP stack.
pub(crate) const USER_AGENT: &str = concat!("cloudbind-runtime/", env!("CARGO_PKG_VERSION"));

/// The `User-Agent` value: the application's name first, if there is one (HTTP lists
/// products most significant first), then the runtime's token.
pub(crate) fn user_agent(app: Option<&AppName>) -> String {
    match app {
        Some(app) => format!("{app} {USER_AGENT}"),
        None => USER_AGENT.to_owned(),
    }
}

/// An application's name for the `User-Agent` header, such as `face-sync/2.1`
/// ([`Config::with_app_name`](crate::Config::with_app_name), `Client::with_app_name`):
/// printable ASCII (spaces inside allowed), neither empty nor with a space at either end,
/// since it goes into the header as it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AppName(String);

impl AppName {
    /// `name`, or why it cannot go into the header.
    pub fn new(name: impl Into<String>) -> Result<Self, InvalidAppName> {
        let name = name.into();
        match app_name_problem(&name) {
            None => Ok(AppName(name)),
            Some(problem) => Err(InvalidAppName { name, problem }),
        }
    }

    /// The name as it goes into the header.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The name as it goes into the header, as [`AppName::as_str`] gives it (a start-up log line).
impl fmt::Display for AppName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The name as it goes into the header.
impl AsRef<str> for AppName {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::str::FromStr for AppName {
    type Err = InvalidAppName;

    fn from_str(name: &str) -> Result<Self, InvalidAppName> {
        AppName::new(name)
    }
}

/// Why [`AppName::new`] refused a name: it would not make a valid, readable `User-Agent`
/// header (ureq would panic on a control character). [`InvalidAppName::name`] is the name
/// refused, [`InvalidAppName::problem`] what is wrong with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidAppName {
    name: String,
    problem: AppNameProblem,
}

impl InvalidAppName {
    /// The name as it was given.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// What keeps it out of the header.
    pub fn problem(&self) -> AppNameProblem {
        self.problem
    }
}

impl fmt::Display for InvalidAppName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `{:?}` escapes what a terminal would act on.
        write!(f, "the app name {:?} cannot go into the User-Agent header: {}", self.name, self.problem)
    }
}

impl std::error::Error for InvalidAppName {}

/// What keeps a name out of the `User-Agent` header ([`InvalidAppName::problem`]). More
/// reasons may come: a match needs a `_` arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum AppNameProblem {
    /// The name is empty.
    Empty,
    /// The name holds a character that is not printable ASCII (a control character, a line
    /// break that would start another header, a letter outside ASCII).
    NotPrintableAscii {
        /// The first such character.
        character: char,
        /// Its byte offset in the name.
        at: usize,
    },
    /// The name begins or ends with a space, which the header's syntax would drop.
    SpaceAtEnd,
}

/// The reason in words, as [`InvalidAppName`]'s `Display` ends.
impl fmt::Display for AppNameProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppNameProblem::Empty => f.write_str("it is empty"),
            AppNameProblem::NotPrintableAscii { character, at } => {
                write!(f, "{character:?} at byte {at} is not printable ASCII")
            }
            AppNameProblem::SpaceAtEnd => f.write_str("it begins or ends with a space"),
        }
    }
}

/// What keeps `name` out of the header: printable ASCII, spaces inside only, not empty.
fn app_name_problem(name: &str) -> Option<AppNameProblem> {
    if name.is_empty() {
        Some(AppNameProblem::Empty)
    } else if let Some((at, character)) = name.char_indices().find(|(_, c)| !c.is_ascii_graphic() && *c != ' ') {
        Some(AppNameProblem::NotPrintableAscii { character, at })
    } else if name.starts_with(' ') || name.ends_with(' ') {
        Some(AppNameProblem::SpaceAtEnd)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_app_name_goes_first_and_a_bad_one_is_refused() {
        assert_eq!(user_agent(None), format!("cloudbind-runtime/{}", env!("CARGO_PKG_VERSION")));
        let named = AppName::new("face-sync/2.1 (batch)").expect("a valid name");
        assert_eq!(user_agent(Some(&named)), format!("face-sync/2.1 (batch) {USER_AGENT}"));
        let text = "face-sync/2.1 (batch)";
        assert_eq!((named.as_str(), AsRef::<str>::as_ref(&named)), (text, text));
        assert_eq!(named.to_string(), text);
        use AppNameProblem::{Empty, NotPrintableAscii, SpaceAtEnd};
        let shown = |character, at| NotPrintableAscii { character, at };
        for (name, problem, text) in [
            ("", Empty, "it is empty"),
            ("app/1\r\nX-Injected: 1", shown('\r', 5), "'\\r' at byte 5 is not printable ASCII"),
            ("app\t1", shown('\t', 3), "'\\t' at byte 3 is not printable ASCII"),
            ("app\u{7f}", shown('\u{7f}', 3), "'\\u{7f}' at byte 3 is not printable ASCII"),
            ("café/1", shown('é', 3), "'é' at byte 3 is not printable ASCII"),
            (" app/1", SpaceAtEnd, "it begins or ends with a space"),
            ("app/1 ", SpaceAtEnd, "it begins or ends with a space"),
        ] {
            let error = AppName::new(name).expect_err(name);
            assert_eq!((error.name(), error.problem()), (name, problem));
            assert_eq!(
                error.to_string(),
                format!("the app name {name:?} cannot go into the User-Agent header: {text}")
            );
        }
    }
}
