//! Credentials read from environment variables, under the names each vendor's own tools use,
//! or from a lookup function standing in for them (`Credentials::from_lookup` and the like).
//!
//! Every variable is read before anything is reported, so a shell missing both the id and
//! the secret hears about both at once. Values never appear in errors.

use std::ffi::OsString;
use std::fmt;

use crate::sign::Credentials;

/// Tencent Cloud's variables: secret id, secret key, and the session token of temporary keys.
const TENCENT: [&str; 3] = ["TENCENTCLOUD_SECRET_ID", "TENCENTCLOUD_SECRET_KEY", "TENCENTCLOUD_SESSION_TOKEN"];
/// Alibaba Cloud's variables: access key id, its secret, and the STS security token.
const ALIBABA: [&str; 3] =
    ["ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN"];

impl Credentials {
    /// Reads `TENCENTCLOUD_SECRET_ID` and `TENCENTCLOUD_SECRET_KEY`, and
    /// `TENCENTCLOUD_SESSION_TOKEN` for temporary credentials when it is set and not empty.
    pub fn tencent_from_env() -> Result<Self, EnvError> {
        Credentials::tencent_from_lookup(process_env)
    }

    /// [`Credentials::tencent_from_env`], reading each variable from `lookup` instead of the
    /// process environment (see [`Credentials::from_lookup`]).
    pub fn tencent_from_lookup(lookup: impl FnMut(&str) -> Option<OsString>) -> Result<Self, EnvError> {
        let [id, secret, token] = TENCENT;
        Credentials::from_lookup(id, secret, Some(token), lookup)
    }

    /// Reads `ALIBABA_CLOUD_ACCESS_KEY_ID` and `ALIBABA_CLOUD_ACCESS_KEY_SECRET`, and
    /// `ALIBABA_CLOUD_SECURITY_TOKEN` for STS credentials when it is set and not empty.
    pub fn alibaba_from_env() -> Result<Self, EnvError> {
        Credentials::alibaba_from_lookup(process_env)
    }

    /// [`Credentials::alibaba_from_env`], reading each variable from `lookup` instead of the
    /// process environment (see [`Credentials::from_lookup`]).
    pub fn alibaba_from_lookup(lookup: impl FnMut(&str) -> Option<OsString>) -> Result<Self, EnvError> {
        let [id, secret, token] = ALIBABA;
        Credentials::from_lookup(id, secret, Some(token), lookup)
    }

    /// An Azure subscription key (see [`Credentials::subscription_key`]) read from the
    /// variable `name`; Azure has no variable name of its own for it.
    pub fn subscription_key_from_env(name: &str) -> Result<Self, EnvError> {
        Credentials::subscription_key_from_lookup(name, process_env)
    }

    /// [`Credentials::subscription_key_from_env`], reading the variable from `lookup` instead
    /// of the process environment (see [`Credentials::from_lookup`]).
    pub fn subscription_key_from_lookup(
        name: &str,
        mut lookup: impl FnMut(&str) -> Option<OsString>,
    ) -> Result<Self, EnvError> {
        read(name, true, &mut lookup).map(Credentials::subscription_key)
    }

    /// Reads the access key id and secret from the variables `id` and `secret`, which must be
    /// set and not empty, and the session token from `token`, which may be unset or empty.
    pub fn from_env(id: &str, secret: &str, token: Option<&str>) -> Result<Self, EnvError> {
        Credentials::from_lookup(id, secret, token, process_env)
    }

    /// [`Credentials::from_env`], reading each variable from `lookup` (`None` for an unset
    /// one) instead of the process environment, with the same checks and errors. A test of an
    /// application's own credential loading passes a map, rather than setting process
    /// variables, which other test threads read at the same time; an application can read a
    /// `.env` file or a secret store the same way.
    ///
    /// ```
    /// use std::collections::HashMap;
    /// use std::ffi::OsString;
    /// use cloudbind_runtime::{Credentials, EnvProblem, EnvVariable};
    ///
    /// let vars = HashMap::from([("APP_KEY_ID", "AKID1"), ("APP_KEY_SECRET", "key1"), ("TENCENTCLOUD_SECRET_ID", "")]);
    /// let lookup = |name: &str| vars.get(name).map(OsString::from);
    /// let credentials = Credentials::from_lookup("APP_KEY_ID", "APP_KEY_SECRET", Some("APP_TOKEN"), lookup)?;
    /// assert_eq!((credentials.id(), credentials.secret(), credentials.token()), ("AKID1", "key1", None));
    /// // Under Tencent's names, one variable is empty and the other unset.
    /// let error = Credentials::tencent_from_lookup(lookup).unwrap_err();
    /// let problems = [("TENCENTCLOUD_SECRET_ID", EnvProblem::Empty), ("TENCENTCLOUD_SECRET_KEY", EnvProblem::Unset)];
    /// assert_eq!(error.variables, problems.map(|(name, problem)| EnvVariable::new(name, problem)));
    /// # Ok::<(), cloudbind_runtime::EnvError>(())
    /// ```
    pub fn from_lookup(
        id: &str,
        secret: &str,
        token: Option<&str>,
        mut lookup: impl FnMut(&str) -> Option<OsString>,
    ) -> Result<Self, EnvError> {
        let id = read(id, true, &mut lookup);
        let secret = read(secret, true, &mut lookup);
        let token = token.map(|name| read(name, false, &mut lookup)).transpose();
        match (id, secret, token) {
            (Ok(id), Ok(secret), Ok(token)) => {
                let credentials = Credentials::new(id, secret);
                Ok(match token.filter(|token| !token.is_empty()) {
                    Some(token) => credentials.with_token(token),
                    None => credentials,
                })
            }
            (id, secret, token) => {
                let variables = [id.err(), secret.err(), token.err()].into_iter().flatten();
                Err(EnvError::new(variables.flat_map(|e| e.variables).collect()))
            }
        }
    }
}

/// The process environment, as the `*_from_env` constructors read it.
fn process_env(name: &str) -> Option<OsString> {
    std::env::var_os(name)
}

/// The variable `name`; unset counts as empty when it is not `required`.
fn read(name: &str, required: bool, lookup: &mut dyn FnMut(&str) -> Option<OsString>) -> Result<String, EnvError> {
    let problem = match lookup(name).map(OsString::into_string) {
        Some(Ok(value)) if !(required && value.is_empty()) => return Ok(value),
        Some(Ok(_)) => EnvProblem::Empty,
        Some(Err(_)) => EnvProblem::NotUnicode,
        None if !required => return Ok(String::new()),
        None => EnvProblem::Unset,
    };
    Err(EnvError::new(vec![EnvVariable::new(name, problem)]))
}

/// Why credentials could not be read from the environment: each variable at fault, in the
/// order they are read (id, secret, token).
///
/// `#[non_exhaustive]`, as [`EnvVariable`] is, so that more can join them: outside this
/// crate a pattern on one needs `..`, and [`EnvError::new`] and [`EnvVariable::new`] build
/// them (a test of an application's start-up without credentials, say):
///
/// ```
/// use cloudbind_runtime::{EnvError, EnvProblem, EnvVariable};
///
/// let unset = EnvError::new(vec![EnvVariable::new("TENCENTCLOUD_SECRET_ID", EnvProblem::Unset)]);
/// assert_eq!(unset.to_string(), "cannot read credentials from the environment: TENCENTCLOUD_SECRET_ID is not set");
/// let EnvError { variables, .. } = unset;
/// let EnvVariable { name, problem, .. } = &variables[0];
/// assert_eq!((name.as_str(), *problem), ("TENCENTCLOUD_SECRET_ID", EnvProblem::Unset));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EnvError {
    /// Never empty, when the runtime reports it.
    pub variables: Vec<EnvVariable>,
}

impl EnvError {
    /// The error of `variables`, in the order given.
    pub fn new(variables: Vec<EnvVariable>) -> Self {
        EnvError { variables }
    }
}

/// One environment variable that could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EnvVariable {
    /// The variable's name.
    pub name: String,
    /// What is wrong with it.
    pub problem: EnvProblem,
}

impl EnvVariable {
    /// The variable `name`, and what is wrong with it.
    pub fn new(name: impl Into<String>, problem: EnvProblem) -> Self {
        EnvVariable { name: name.into(), problem }
    }
}

/// What is wrong with an environment variable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum EnvProblem {
    /// It is not set.
    Unset,
    /// It is set to the empty string, which no service accepts as an id or secret.
    Empty,
    /// Its value is not valid Unicode, so it cannot be a key.
    NotUnicode,
}

impl fmt::Display for EnvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("cannot read credentials from the environment")?;
        for (i, variable) in self.variables.iter().enumerate() {
            let problem = match variable.problem {
                EnvProblem::Unset => "is not set",
                EnvProblem::Empty => "is empty",
                EnvProblem::NotUnicode => "is not valid Unicode",
            };
            write!(f, "{}{} {problem}", if i == 0 { ": " } else { ", " }, variable.name)?;
        }
        Ok(())
    }
}

impl std::error::Error for EnvError {}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn lookup(vars: &[(&str, &str)]) -> impl FnMut(&str) -> Option<OsString> {
        let vars: HashMap<String, OsString> = vars.iter().map(|(k, v)| (k.to_string(), OsString::from(v))).collect();
        move |name| vars.get(name).cloned()
    }

    fn read_tencent(vars: &[(&str, &str)]) -> Result<Credentials, EnvError> {
        Credentials::tencent_from_lookup(lookup(vars))
    }

    #[test]
    fn set_variables_make_credentials_and_an_empty_token_is_none() {
        let vars = [("TENCENTCLOUD_SECRET_ID", "AKID1"), ("TENCENTCLOUD_SECRET_KEY", "key1")];
        let credentials = read_tencent(&vars).unwrap();
        assert_eq!((credentials.id(), credentials.secret(), credentials.token()), ("AKID1", "key1", None));

        let with_empty_token = [vars[0], vars[1], ("TENCENTCLOUD_SESSION_TOKEN", "")];
        assert_eq!(read_tencent(&with_empty_token).unwrap().token(), None);
        let with_token = [vars[0], vars[1], ("TENCENTCLOUD_SESSION_TOKEN", "tok")];
        assert_eq!(read_tencent(&with_token).unwrap().token(), Some("tok"));
    }

    #[test]
    fn every_bad_variable_is_named_and_no_value_is_shown() {
        let error = read_tencent(&[("TENCENTCLOUD_SECRET_KEY", "")]).unwrap_err();
        let problems: Vec<_> = error.variables.iter().map(|v| (v.name.as_str(), v.problem)).collect();
        assert_eq!(
            problems,
            [("TENCENTCLOUD_SECRET_ID", EnvProblem::Unset), ("TENCENTCLOUD_SECRET_KEY", EnvProblem::Empty)]
        );
        assert_eq!(
            error.to_string(),
            "cannot read credentials from the environment: TENCENTCLOUD_SECRET_ID is not set, \
             TENCENTCLOUD_SECRET_KEY is empty"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_value_that_is_not_unicode_is_refused_without_being_echoed() {
        use std::os::unix::ffi::OsStringExt;
        let mut vars = lookup(&[("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI")]);
        let lookup = |name: &str| match name {
            "ALIBABA_CLOUD_SECURITY_TOKEN" => Some(OsString::from_vec(vec![b's', 0xff])),
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET" => Some(OsString::from("secret")),
            _ => vars(name),
        };
        let error = Credentials::alibaba_from_lookup(lookup).unwrap_err();
        assert_eq!(
            error.to_string(),
            "cannot read credentials from the environment: ALIBABA_CLOUD_SECURITY_TOKEN is not valid Unicode"
        );
    }

    #[test]
    fn a_lookup_stands_in_for_the_environment_under_any_names() {
        let vars = [("FACE_KEY", "key-1"), ("MY_ID", "id-1"), ("MY_SECRET", "secret-1"), ("MY_TOKEN", "tok-1")];
        let key = Credentials::subscription_key_from_lookup("FACE_KEY", lookup(&vars)).unwrap();
        assert_eq!((key.id(), key.secret()), ("", "key-1"));
        let error = Credentials::subscription_key_from_lookup("OTHER_KEY", lookup(&vars)).unwrap_err();
        assert_eq!(error.to_string(), "cannot read credentials from the environment: OTHER_KEY is not set");
        let pair = Credentials::from_lookup("MY_ID", "MY_SECRET", Some("MY_TOKEN"), lookup(&vars)).unwrap();
        assert_eq!((pair.id(), pair.secret(), pair.token()), ("id-1", "secret-1", Some("tok-1")));
        // Alibaba's names, none of which the lookup has.
        let error = Credentials::alibaba_from_lookup(lookup(&vars)).unwrap_err();
        let names: Vec<_> = error.variables.iter().map(|v| (v.name.as_str(), v.problem)).collect();
        let unset = EnvProblem::Unset;
        assert_eq!(names, [("ALIBABA_CLOUD_ACCESS_KEY_ID", unset), ("ALIBABA_CLOUD_ACCESS_KEY_SECRET", unset)]);
    }

    /// An error built with no variable (only a test can) reads as a sentence, not as one
    /// cut off after its colon.
    #[test]
    fn an_error_without_variables_ends_its_sentence() {
        assert_eq!(EnvError::new(Vec::new()).to_string(), "cannot read credentials from the environment");
    }

    #[test]
    fn the_process_environment_is_read() {
        // Read-only: setting a variable would race with other test threads reading theirs.
        // PATH is set wherever tests run; the other name nowhere.
        let path = std::env::var("PATH").unwrap();
        let credentials = Credentials::subscription_key_from_env("PATH").unwrap();
        assert_eq!((credentials.id(), credentials.secret()), ("", path.as_str()));
        let name = "CLOUDBIND_RUNTIME_TEST_UNSET_VARIABLE";
        let error = Credentials::subscription_key_from_env(name).unwrap_err();
        assert_eq!(error.variables, [EnvVariable { name: name.into(), problem: EnvProblem::Unset }]);
    }
}
