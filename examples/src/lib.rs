//! What the example programs in `src/bin/` share.

use cloudbind::runtime::{Credentials, EnvError};

/// The credentials read from the environment, or exit naming each variable to set.
pub fn credentials_or_exit(read: Result<Credentials, EnvError>) -> Credentials {
    read.unwrap_or_else(|error| {
        eprintln!("{error}; the usage line (run without arguments) lists what each example needs");
        std::process::exit(2)
    })
}

/// The README's Rust examples, compiled as this crate's doctests (it depends on the generated
/// crate with the client) so that they cannot drift from the API they show.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
struct ReadmeExamples;
