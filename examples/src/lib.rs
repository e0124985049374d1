//! What the example programs in `src/bin/` share.

/// The environment variable `name`, or exit with a message saying to set it.
pub fn env(name: &str) -> String {
    std::env::var(name).unwrap_or_else(|_| {
        eprintln!("set {name}; the usage line (run without arguments) lists what each example needs");
        std::process::exit(2)
    })
}
