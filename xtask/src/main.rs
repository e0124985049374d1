//! Maintainers' commands.
//!
//! - `cargo xtask gen`: check every spec, render the `cloudbind` crate and its docs, write the
//!   files that changed and remove stale generated files.
//! - `cargo xtask gen --check`: the same, writing nothing; fails naming every file that is
//!   missing, changed or stale, and every file in the generated crates the generator did not
//!   write (`gen` only notes those).
//! - Either waits while another run on the tree holds its lock (see `cloudbind_gen::run`).
//! - `--jobs N` (either): render and format on N threads (default: one per core, at most
//!   64); the output is the same with any N.
//! - `cargo xtask new <vendor>/<service>/<version>/<Action>`: writes the skeleton of a new
//!   action's spec, `specs/<vendor>/<service>/<version>/<Action>.yaml`, shaped by the service's
//!   protocol, each fact to fill in a placeholder `gen` refuses. A missing `service.yaml` is
//!   copied from the service's newest version, without its models and with its prose a
//!   placeholder, or for a new service (or a new version given another `--protocol` than
//!   the newest version's) written as a skeleton for
//!   `--protocol tencent-api3|alibaba-rpc|azure-rest`; a missing `vendor.yaml` is written as
//!   a skeleton. It never overwrites a file; refusals exit with status 2, writing nothing.
//!   It takes the tree's lock as `gen` does, since `gen` reads what it writes.
//! - `cargo xtask synth N [DIR]`: writes a synthetic corpus of N actions into `DIR/specs`.
//! - `cargo run --release -p xtask -- bench [RUNS]`: generator throughput and memory per
//!   phase, the fastest of RUNS runs (3) of each size; then, once, the dev build that
//!   `cargo xtask gen` runs, at 10,000 actions.
//! - `cargo xtask bench-compile [N [RUNS]]`: compile cost of a crate generated from N actions
//!   (500), each crate-only build repeated RUNS times (3). With RUNS = 0 it only writes the
//!   crate (under `target/bench/compile-N/crate`), for profiling the compiler by hand.
//! - `cargo xtask breaking OLD [NEW]`: the API facts of the manifests in folder `OLD` (an
//!   earlier release's `generated/api/` or `runtime/api/`) that those in `NEW` (this
//!   workspace's folder of the same kind) change or no longer have; `OLD` may be a release's
//!   checkout, whose manifest folders are each compared. Fails when there are any.

mod bench;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cloudbind_gen::cache::Cache;
use cloudbind_gen::run::Options;
use cloudbind_gen::scaffold::{self, NewAction};
use cloudbind_gen::spec::Protocol;

/// Building, parsing and printing token trees is mostly small allocations: with the system
/// allocator, a quarter of a cold run's time was in malloc and free. mimalloc runs 22% fewer
/// instructions for a cold run of 200 synthetic actions (BENCHMARKS.md). Only this binary
/// sets it; the generator library leaves the choice to its caller.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str =
    "usage: cargo xtask gen [--check] [--jobs N] | new VENDOR/SERVICE/VERSION/ACTION [--protocol tencent-api3|alibaba-rpc|azure-rest] | synth N [DIR] | bench [RUNS] | bench-compile [N [RUNS]] | breaking OLD_CHECKOUT_OR_API_DIR [NEW_API_DIR]";

/// A command line, read.
#[derive(Debug, PartialEq)]
enum Command {
    Help,
    Gen {
        check: bool,
        jobs: usize,
    },
    New(NewAction),
    Synth {
        actions: usize,
        dir: Option<PathBuf>,
    },
    Bench {
        runs: usize,
    },
    /// One measured run, started by `bench` in a child process.
    BenchOnce {
        dir: PathBuf,
        start: bench::Start,
        jobs: usize,
    },
    BenchCompile {
        actions: usize,
        runs: usize,
    },
    Breaking {
        old: PathBuf,
        new: Option<PathBuf>,
    },
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let command = match parse(&args) {
        Ok(command) => command,
        Err(problem) => {
            eprintln!("xtask: {problem}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let running = std::env::var_os("CARGO_MANIFEST_DIR");
    if let Err(problem) = built_here(Path::new(env!("CARGO_MANIFEST_DIR")), running.as_deref().map(Path::new)) {
        eprintln!("xtask: {problem}");
        return ExitCode::from(2);
    }
    match command {
        Command::Help => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Command::Gen { check, jobs } => generate(check, jobs),
        Command::New(new) => new_action(&new),
        Command::Synth { actions, dir } => {
            let dir = dir.unwrap_or_else(|| workspace_root().join("target/synth"));
            report(bench::write_corpus(actions, &dir).map(|files| {
                println!("synth: {actions} actions in {files} spec files under {}", dir.join("specs").display());
            }))
        }
        Command::Bench { runs } => report(bench::generator(runs)),
        Command::BenchOnce { dir, start, jobs } => report(bench::run_once(&dir, start, jobs)),
        Command::BenchCompile { actions, runs } => report(bench::compile(actions, runs)),
        Command::Breaking { old, new } => breaking(&manifest_folders(&old, new, &workspace_root())),
    }
}

/// Reads the arguments; an error names the argument that is wrong and what is accepted.
fn parse(args: &[&str]) -> Result<Command, String> {
    // Asking for help is never a mistake: `help` as the command, `--help` or `-h` anywhere
    // (a bare `help` elsewhere may be a value, such as synth's folder).
    if args.first() == Some(&"help") || args.iter().any(|arg| matches!(*arg, "--help" | "-h")) {
        return Ok(Command::Help);
    }
    let Some((command, rest)) = args.split_first() else {
        return Err("no command given".to_owned());
    };
    let at_most = |n: usize| match rest.get(n) {
        Some(extra) => Err(format!("unexpected argument `{extra}` after `{command}`")),
        None => Ok(()),
    };
    match *command {
        "gen" => gen_flags(rest),
        "new" => new_flags(rest),
        "synth" => {
            at_most(2)?;
            let actions = rest.first().ok_or("`synth` needs the number of actions to write")?;
            let actions = number(actions, "the number of actions", 0)?;
            Ok(Command::Synth { actions, dir: rest.get(1).map(PathBuf::from) })
        }
        "bench" => {
            at_most(1)?;
            let runs = rest.first().map_or(Ok(3), |runs| number(runs, "the number of runs", 1))?;
            Ok(Command::Bench { runs })
        }
        "bench-once" => {
            at_most(3)?;
            let [dir, start, jobs] = rest else {
                return Err("`bench-once` takes DIR, --cold or --incremental, and JOBS".to_owned());
            };
            let start = match *start {
                "--cold" => bench::Start::Cold,
                "--incremental" => bench::Start::Incremental,
                other => return Err(format!("`bench-once` takes --cold or --incremental, not `{other}`")),
            };
            Ok(Command::BenchOnce { dir: PathBuf::from(dir), start, jobs: number(jobs, "the number of jobs", 1)? })
        }
        "bench-compile" => {
            at_most(2)?;
            let actions = rest.first().map_or(Ok(500), |n| number(n, "the number of actions", 0))?;
            let runs = rest.get(1).map_or(Ok(3), |runs| number(runs, "the number of runs", 0))?;
            Ok(Command::BenchCompile { actions, runs })
        }
        "breaking" => {
            at_most(2)?;
            let old = rest.first().ok_or("`breaking` needs the folder of the earlier API manifests")?;
            Ok(Command::Breaking { old: PathBuf::from(old), new: rest.get(1).map(PathBuf::from) })
        }
        other => {
            let commands = ["gen", "new", "synth", "bench", "bench-compile", "breaking"];
            let hint = cloudbind_gen::diag::did_you_mean(other, commands).map_or(String::new(), |h| format!("; {h}"));
            Err(format!("unknown command `{other}`{hint}"))
        }
    }
}

/// A whole number of at least `min`, or an error naming what it is for.
fn number(text: &str, what: &str, min: usize) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(n) if n >= min => Ok(n),
        _ => Err(format!("{what} must be a whole number of at least {min}, not `{text}`")),
    }
}

fn report<E: std::fmt::Display>(result: Result<(), E>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}

/// `gen`'s `--check` and `--jobs N`, in any order.
fn gen_flags(flags: &[&str]) -> Result<Command, String> {
    let (mut check, mut jobs) = (false, None);
    let mut flags = flags.iter();
    while let Some(flag) = flags.next() {
        match *flag {
            "--check" if check => return Err("`--check` is given twice".to_owned()),
            "--check" => check = true,
            "--jobs" if jobs.is_some() => return Err("`--jobs` is given twice".to_owned()),
            "--jobs" => {
                let max = cloudbind_gen::workers::MAX_THREADS;
                let range = format!("`--jobs` takes a number of threads from 1 to {max}");
                let value = flags.next().ok_or_else(|| range.clone())?;
                match value.parse::<usize>() {
                    Ok(n) if (1..=max).contains(&n) => jobs = Some(n),
                    _ => return Err(format!("{range}, not `{value}`")),
                }
            }
            other => {
                let hint = cloudbind_gen::diag::did_you_mean(other, ["--check", "--jobs"])
                    .unwrap_or_else(|| "it takes --check and --jobs N".to_owned());
                return Err(format!("unknown argument `{other}` to `gen`; {hint}"));
            }
        }
    }
    let jobs = jobs.unwrap_or_else(cloudbind_gen::workers::available);
    Ok(Command::Gen { check, jobs })
}

/// `new`'s action and `--protocol P`, in any order.
fn new_flags(args: &[&str]) -> Result<Command, String> {
    let (mut action, mut protocol) = (None, None);
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match *arg {
            "--protocol" if protocol.is_some() => return Err("`--protocol` is given twice".to_owned()),
            "--protocol" => {
                let names: Vec<&str> = Protocol::ALL.iter().map(|p| p.name()).collect();
                let takes = format!("`--protocol` takes {}", names.join(", "));
                let name = args.next().ok_or_else(|| takes.clone())?;
                protocol = Some(Protocol::from_name(name).ok_or_else(|| format!("{takes}, not `{name}`"))?);
            }
            flag if flag.starts_with("--") => {
                let hint = cloudbind_gen::diag::did_you_mean(flag, ["--protocol"])
                    .unwrap_or_else(|| "it takes --protocol P".to_owned());
                return Err(format!("unknown argument `{flag}` to `new`; {hint}"));
            }
            _ if action.is_some() => return Err(format!("unexpected argument `{arg}` after `new`")),
            _ => action = Some(*arg),
        }
    }
    let action = action.ok_or("`new` needs the action to add, as <vendor>/<service>/<version>/<Action>")?;
    Ok(Command::New(NewAction { protocol, ..NewAction::parse(action)? }))
}

/// Writes the skeleton of a new action's spec, and of its service and vendor files where they
/// are missing; a refusal exits with status 2, like a wrong command line, since nothing was
/// attempted.
fn new_action(new: &NewAction) -> ExitCode {
    match cloudbind_gen::run::new_action(&workspace_root(), new, &mut std::io::stderr()) {
        Ok(written) => {
            let files: Vec<String> = written.files.iter().map(|file| file.display().to_string()).collect();
            // A new version from a mistyped one (`2018-03-10` for `2018-03-01`) is said plainly.
            let older = written.copied_from.as_ref().or(written.protocol_changed.as_ref().map(|(older, _)| older));
            let started = older.map(|older| {
                let folder = Path::new("specs").join(&new.folder);
                format!(
                    "\nnew: {} is a new version beside {}; if the action belongs to that one, delete {} and run \
                     `new` again with its version",
                    folder.display(),
                    older.parent().unwrap_or(older).display(),
                    folder.display()
                )
            });
            let copied = match (written.copied_from, written.protocol_changed) {
                (Some(from), _) => format!(
                    " (service.yaml copied from {}, without its models and prose: check its facts)",
                    from.display()
                ),
                (None, Some((older, protocol))) => format!(
                    " (service.yaml as a skeleton, not copied from {}, which speaks {})",
                    older.display(),
                    protocol.name()
                ),
                (None, None) => String::new(),
            };
            println!(
                "new: wrote {}{copied}; replace every `{}` with the facts of the vendor's page, then run `cargo xtask gen`{}",
                files.join(", "),
                scaffold::PLACEHOLDER,
                started.unwrap_or_default()
            );
            ExitCode::SUCCESS
        }
        Err(scaffold::Error::Refused(why)) => {
            eprintln!("new: {why}");
            ExitCode::from(2)
        }
        Err(error) => {
            eprintln!("new: writing failed: {error}");
            ExitCode::FAILURE
        }
    }
}

/// The pairs of manifest folders `breaking` compares, older first. Without `new`: a checkout's
/// root as `old` pairs each of its manifest folders with this workspace's (a release from
/// before the runtime had one has only `generated/api`); a `runtime/api` folder pairs with
/// this workspace's, any other with `generated/api`.
fn manifest_folders(old: &Path, new: Option<PathBuf>, root: &Path) -> Vec<(PathBuf, PathBuf)> {
    if let Some(new) = new {
        return vec![(old.to_path_buf(), new)];
    }
    let [bindings, runtime] = cloudbind_gen::breaks::manifest_dirs();
    let in_checkout: Vec<(PathBuf, PathBuf)> = [&bindings, &runtime]
        .into_iter()
        .filter(|folder| old.join(folder).is_dir())
        .map(|folder| (old.join(folder), root.join(folder)))
        .collect();
    if !in_checkout.is_empty() {
        return in_checkout;
    }
    let folder = if old.ends_with(&runtime) { runtime } else { bindings };
    vec![(old.to_path_buf(), root.join(folder))]
}

/// Names the API facts of the manifests in each pair's older folder that the newer one changes
/// or no longer has; fails when there are any, so a release check can stop on them.
fn breaking(pairs: &[(PathBuf, PathBuf)]) -> ExitCode {
    let mut facts = Vec::new();
    for (old, new) in pairs {
        match cloudbind_gen::breaks::between(old, new) {
            // With several folders, each fact names its folder too.
            Ok(found) if pairs.len() > 1 => facts.extend(found.into_iter().map(|mut fact| {
                fact.file = new.strip_prefix(workspace_root()).unwrap_or(new).join(&fact.file);
                fact
            })),
            Ok(found) => facts.extend(found),
            Err(error) => {
                eprintln!("breaking: {error}");
                return ExitCode::from(2);
            }
        }
    }
    let olds: Vec<String> = pairs.iter().map(|(old, _)| old.display().to_string()).collect();
    match cloudbind_gen::breaks::note(&facts) {
        Some(note) => {
            eprintln!("{note}");
            ExitCode::FAILURE
        }
        None => {
            println!("breaking: none of the API facts in {} changed or went away", olds.join(" and "));
            ExitCode::SUCCESS
        }
    }
}

/// Refuses to go on when `cargo run` ran an xtask built in another checkout (`built` is the
/// folder this one was built from, `running` the one `cargo run` says it ran, if any). cargo
/// keys a workspace member's build on its path inside the workspace, so checkouts sharing a
/// target folder share its build, and cargo runs one built in another checkout as current
/// when this checkout's sources are older. That xtask's workspace is the other checkout: it
/// would read and write there, with that checkout's generator. An xtask run by hand, without
/// cargo, is not checked.
fn built_here(built: &Path, running: Option<&Path>) -> Result<(), String> {
    let Some(running) = running else { return Ok(()) };
    let same = |a: &Path, b: &Path| a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(a), Ok(b)) if a == b);
    if same(built, running) {
        return Ok(());
    }
    let root = |dir: &Path| dir.parent().unwrap_or(dir).display().to_string();
    Err(format!(
        "cargo ran the xtask built in {}, not one built in {}: the checkouts share a target folder, and cargo \
         took the other's build for this one's, which is older; it would write in the other checkout. Give each \
         checkout its own target folder, or run `cargo clean -p xtask -p cloudbind-gen -p cloudbind-runtime` here \
         first",
        root(built),
        root(running)
    ))
}

/// The workspace root: xtask lives one level below it.
pub(crate) fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_default()
}

fn generate(check: bool, jobs: usize) -> ExitCode {
    // Service folders unchanged since the last run of this very executable are not rendered
    // again; without a readable executable every folder is rendered.
    let cache = || Cache::beside_current_exe().ok();
    let options = Options { check, jobs };
    let (mut out, mut err) = (std::io::stdout().lock(), std::io::stderr());
    if cloudbind_gen::run::generate(&workspace_root(), options, cache, &mut out, &mut err) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::{built_here, manifest_folders, parse, Command, NewAction, Protocol};

    fn error(args: &[&str]) -> String {
        parse(args).expect_err("a wrong command line")
    }

    #[test]
    fn a_wrong_argument_is_named_with_what_is_accepted() {
        assert_eq!(error(&["gen", "--chek"]), "unknown argument `--chek` to `gen`; did you mean `--check`?");
        assert_eq!(error(&["gen", "-x"]), "unknown argument `-x` to `gen`; it takes --check and --jobs N");
        let range = "`--jobs` takes a number of threads from 1 to 64";
        assert_eq!(error(&["gen", "--jobs", "0"]), format!("{range}, not `0`"));
        assert_eq!(error(&["gen", "--jobs", "65"]), format!("{range}, not `65`"));
        assert_eq!(error(&["gen", "--check", "--jobs"]), range);
        assert_eq!(error(&["gen", "--check", "--check"]), "`--check` is given twice");
        assert_eq!(error(&[]), "no command given");
        assert_eq!(error(&["gne"]), "unknown command `gne`; did you mean `gen`?");
        assert_eq!(error(&["synth"]), "`synth` needs the number of actions to write");
        assert_eq!(error(&["synth", "ten"]), "the number of actions must be a whole number of at least 0, not `ten`");
        assert_eq!(error(&["synth", "1", "dir", "more"]), "unexpected argument `more` after `synth`");
        assert_eq!(error(&["bench", "0"]), "the number of runs must be a whole number of at least 1, not `0`");
        assert_eq!(error(&["breaking"]), "`breaking` needs the folder of the earlier API manifests");
        assert_eq!(error(&["breaking", "a", "b", "c"]), "unexpected argument `c` after `breaking`");
        assert_eq!(error(&["new"]), "`new` needs the action to add, as <vendor>/<service>/<version>/<Action>");
        assert_eq!(error(&["new", "a/b/c/D", "E"]), "unexpected argument `E` after `new`");
        let takes = "`--protocol` takes tencent-api3, alibaba-rpc, azure-rest";
        assert_eq!(error(&["new", "a/b/c/D", "--protocol"]), takes);
        assert_eq!(error(&["new", "a/b/c/D", "--protocol", "rest"]), format!("{takes}, not `rest`"));
        assert_eq!(
            error(&["new", "--protocol", "azure-rest", "a/b/c/D", "--protocol", "azure-rest"]),
            "`--protocol` is given twice"
        );
        assert_eq!(
            error(&["new", "--protocl", "a/b/c/D"]),
            "unknown argument `--protocl` to `new`; did you mean `--protocol`?"
        );
        assert_eq!(
            error(&["new", "--protocol", "azure-rest"]),
            "`new` needs the action to add, as <vendor>/<service>/<version>/<Action>"
        );
        let shape =
            "`new` takes `<vendor>/<service>/<version>/<Action>` (`tencent/iai/2018-03-01/DeleteFace`), or the \
                     spec file's path below `specs/`";
        assert_eq!(
            error(&["new", "specs/tencent/iai/v1/2018-03-01/DeleteFace"]),
            format!("`specs/tencent/iai/v1/2018-03-01/DeleteFace` has 5 parts, not 4: {shape}")
        );
        assert_eq!(error(&["new", "DeleteFace"]), format!("`DeleteFace` has 1 part, not 4: {shape}"));
        assert_eq!(
            error(&["new", "tencent/../2018-03-01/DeleteFace"]),
            format!("`tencent/../2018-03-01/DeleteFace` has an empty, `.` or `..` part: {shape}")
        );
        assert_eq!(
            error(&["new", "tencent/iai/2018-03-01/"]),
            format!("`tencent/iai/2018-03-01/` has an empty, `.` or `..` part: {shape}")
        );
        let name = "is not an action name: it starts with an ASCII letter and holds only ASCII letters and digits, as \
                    the vendor's wire name does (`DeleteFace`)";
        for wrong in ["1Face", "Delete_Face", "Delete-Face", "Löschen", "Self"] {
            assert_eq!(error(&["new", &format!("t/s/v1/{wrong}")]), format!("`{wrong}` {name}"));
        }
        // A typo in the version would start a version no service has.
        for wrong in ["latest", "2018-3-1", "2018-02-30", "v1.x"] {
            assert_eq!(
                error(&["new", &format!("tencent/iai/{wrong}/DeleteFace")]),
                format!(
                    "`{wrong}` is not a version: Tencent and Alibaba version their APIs by date (`2018-03-01`), \
                     Azure as `v1.0` or by date, either maybe with `-preview`"
                )
            );
        }
        assert_eq!(error(&["nwe"]), "unknown command `nwe`; did you mean `new`?");
    }

    #[test]
    fn right_arguments_and_help_are_read() {
        assert_eq!(parse(&["gen", "--jobs", "64", "--check"]), Ok(Command::Gen { check: true, jobs: 64 }));
        assert_eq!(parse(&["gen", "--jobs", "1"]), Ok(Command::Gen { check: false, jobs: 1 }));
        assert_eq!(parse(&["bench-compile", "10"]), Ok(Command::BenchCompile { actions: 10, runs: 3 }));
        let new = NewAction { folder: "tencent/iai/2018-03-01".into(), action: "DeleteFace".into(), protocol: None };
        assert_eq!(parse(&["new", "tencent/iai/2018-03-01/DeleteFace"]), Ok(Command::New(new.clone())));
        // The spec file's path, as a shell completes it, names the same action.
        for path in ["specs/tencent/iai/2018-03-01/DeleteFace.yaml", "./specs/tencent/iai/2018-03-01/DeleteFace"] {
            assert_eq!(parse(&["new", path]), Ok(Command::New(new.clone())), "{path}");
        }
        // `--protocol` goes before or after the action.
        let azure =
            NewAction { folder: "acme/vision/v1".into(), action: "Detect".into(), protocol: Some(Protocol::AzureRest) };
        for args in [
            ["new", "--protocol", "azure-rest", "acme/vision/v1/Detect"],
            ["new", "acme/vision/v1/Detect", "--protocol", "azure-rest"],
        ] {
            assert_eq!(parse(&args), Ok(Command::New(azure.clone())), "{args:?}");
        }
        assert_eq!(parse(&["breaking", "old"]), Ok(Command::Breaking { old: "old".into(), new: None }));
        for help in [&["--help"][..], &["-h"], &["help"], &["gen", "--help"], &["gen", "--chek", "-h"]] {
            assert_eq!(parse(help), Ok(Command::Help), "{help:?}");
        }
        // A folder may be called `help`.
        assert_eq!(parse(&["synth", "5", "help"]), Ok(Command::Synth { actions: 5, dir: Some("help".into()) }));
    }

    #[test]
    fn an_xtask_built_in_another_checkout_refuses_to_run() {
        let here = Path::new(env!("CARGO_MANIFEST_DIR"));
        assert_eq!(built_here(here, None), Ok(()), "run by hand");
        assert_eq!(built_here(here, Some(here)), Ok(()));
        // The same folder reached another way is the same checkout.
        assert_eq!(built_here(here, Some(&here.join("../xtask"))), Ok(()));
        let other = Path::new("/work/other-checkout/xtask");
        let problem = built_here(other, Some(here)).expect_err("another checkout's build");
        let root = here.parent().expect("workspace").display();
        let start = format!("cargo ran the xtask built in /work/other-checkout, not one built in {root}: ");
        assert!(problem.starts_with(&start), "{problem}");
    }

    #[test]
    fn breaking_pairs_a_checkout_or_a_folder_with_this_workspace_s_manifests() {
        let root = Path::new("/work/here");
        let temp = tempfile::tempdir().expect("temp dir");
        let old = temp.path();
        let pairs = |old: &Path, new: Option<&str>| manifest_folders(old, new.map(PathBuf::from), root);
        // An explicit pair is taken as given.
        assert_eq!(pairs(Path::new("x"), Some("y")), [("x".into(), "y".into())]);
        // A manifest folder pairs with this workspace's folder of the same kind.
        assert_eq!(
            pairs(Path::new("rel/generated/api"), None),
            [("rel/generated/api".into(), root.join("generated/api"))]
        );
        assert_eq!(pairs(Path::new("rel/runtime/api"), None), [("rel/runtime/api".into(), root.join("runtime/api"))]);
        // A checkout pairs each manifest folder it has.
        std::fs::create_dir_all(old.join("generated/api")).expect("folder");
        assert_eq!(pairs(old, None), [(old.join("generated/api"), root.join("generated/api"))]);
        std::fs::create_dir_all(old.join("runtime/api")).expect("folder");
        assert_eq!(
            pairs(old, None),
            [
                (old.join("generated/api"), root.join("generated/api")),
                (old.join("runtime/api"), root.join("runtime/api"))
            ]
        );
    }
}
