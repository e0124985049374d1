//! `cargo xtask gen [--check]` itself: the lock that keeps two runs on one tree apart, then
//! plan, report and write; and `cargo xtask new` under the same lock. It lives in the library, not in `xtask`, so that tests can run it
//! on a scratch tree and watch what it prints and when.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{self, Write};
use std::path::Path;

use crate::cache::Cache;
use crate::output::{Mode, Stage};
use crate::pipeline::plan_with;
use crate::scaffold::{self, NewAction, Written};

/// The lock file, in the workspace root. It guards the tree, so it sits beside the tree rather
/// than in a target folder: two runs on one checkout may use two target folders (an editor's
/// hook often builds in its own), and a lock in each would keep nothing apart. It is outside
/// every output folder, so it is never taken for output, and `.gitignore` lists it. It is never
/// removed: a run waiting on a removed file's lock would not see the next run's.
pub const LOCK_FILE: &str = ".cloudbind-gen.lock";

/// A lock on the tree below a workspace root, held until dropped.
#[derive(Debug)]
pub struct TreeLock {
    /// `None` when a shared lock was asked for and the lock file could neither be created nor
    /// opened (a read-only checkout, where no `gen` can be writing either).
    _file: Option<File>,
}

/// How a run holds the tree's lock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// A run that only reads (`gen --check`): any number may hold it at once.
    Shared,
    /// A run that writes (`gen`, `new`): it holds the lock alone.
    Exclusive,
}

/// Takes the tree's lock, shared or exclusive as `access` says. When another run holds it, `waiting` is called with the lock file's path, then
/// the call blocks until the lock is free.
///
/// Anything but a regular file at the lock file's path is refused, naming it: opening a
/// symbolic link planted there would create or change the file it leads to. The file is never
/// truncated. A shared lock where the lock file can neither be created nor opened because the
/// checkout is read-only or not ours is no lock at all (see [`TreeLock`]); any other failure to
/// open it is an error naming it.
pub fn lock(root: &Path, access: Access, waiting: impl FnOnce(&Path)) -> io::Result<TreeLock> {
    let shared = access == Access::Shared;
    let path = root.join(LOCK_FILE);
    if let Ok(meta) = std::fs::symlink_metadata(&path) {
        refuse_unless_file(&path, &meta)?;
    }
    let file = match open_lock(&path, true) {
        Ok(file) => file,
        Err(error) if shared && not_ours_to_write(&error) => match open_lock(&path, false) {
            Ok(file) => file,
            // No lock file, and none can be made: no `gen` can write this tree either. One that
            // is not ours to read is another user's checkout, where we write nothing.
            Err(error) if matches!(error.kind(), io::ErrorKind::NotFound | io::ErrorKind::PermissionDenied) => {
                return Ok(TreeLock { _file: None })
            }
            Err(error) => return Err(crate::output::at(&path)(error)),
        },
        Err(error) => return Err(crate::output::at(&path)(error)),
    };
    // What was opened, should the path have changed since it was looked at.
    refuse_unless_file(&path, &file.metadata().map_err(crate::output::at(&path))?)?;
    let tried = if shared { file.try_lock_shared() } else { file.try_lock() };
    match tried {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            waiting(&path);
            if shared { file.lock_shared() } else { file.lock() }.map_err(crate::output::at(&path))?;
        }
        Err(TryLockError::Error(error)) => return Err(crate::output::at(&path)(error)),
    }
    Ok(TreeLock { _file: Some(file) })
}

/// Whether creating the lock file failed because the checkout is read-only or not ours to
/// write, where a check may run without the lock (nothing can be writing there). Anything else
/// (a symbolic link planted after the look, which `O_NOFOLLOW` meets as `ELOOP`; a missing
/// workspace root, `NotFound`) is a problem to report, not a reason to run unlocked.
fn not_ours_to_write(error: &io::Error) -> bool {
    matches!(error.kind(), io::ErrorKind::PermissionDenied | io::ErrorKind::ReadOnlyFilesystem)
}

/// What a run of the command `name` prints to `err` when it finds the lock held.
fn waiting<'a>(name: &'a str, err: &'a mut dyn Write) -> impl FnOnce(&Path) + 'a {
    move |path| drop(writeln!(err, "{name}: waiting for another `cargo xtask gen` or `new` (lock {})", path.display()))
}

/// `cargo xtask new`: [`scaffold::write`] under the tree's exclusive lock, since it writes
/// into `specs/`, which a `gen` reads (a spec file seen half written, or a new action seen
/// without its new `service.yaml`); `err` is told when it waits.
pub fn new_action(root: &Path, new: &NewAction, err: &mut dyn Write) -> Result<Written, scaffold::Error> {
    let _lock = lock(root, Access::Exclusive, waiting("new", err)).map_err(scaffold::Error::Io)?;
    scaffold::write(root, new)
}

/// Opens the lock file at `path` without following a symbolic link (on Unix; elsewhere the
/// check before opening is all) and without truncating it: read-write and created if
/// `create`, else only read.
fn open_lock(path: &Path, create: bool) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(create).create(create).truncate(false);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NOFOLLOW);
    options.open(path)
}

/// Refuses a lock file path whose `meta` is not a regular file's, naming what it is.
fn refuse_unless_file(path: &Path, meta: &std::fs::Metadata) -> io::Result<()> {
    let what = if meta.file_type().is_symlink() {
        "a symbolic link, which the lock would create or change the target of"
    } else if meta.is_dir() {
        "a folder"
    } else if !meta.is_file() {
        "not a regular file (a FIFO, socket or device)"
    } else {
        return Ok(());
    };
    Err(io::Error::other(format!(
        "{}: is {what}, not the lock file `cargo xtask` keeps there; move it away (a run creates the lock file)",
        path.display()
    )))
}

/// What `cargo xtask gen` was asked to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Options {
    /// `--check`: write nothing; fail when the tree differs from what the specs give.
    pub check: bool,
    /// Threads that render (`--jobs N`).
    pub jobs: usize,
}

/// Runs `gen` (or `gen --check`) on the tree below `root`, printing to `out` and `err` as the
/// command does; returns whether it succeeded. `cache` opens the cache, once the lock is held
/// (`None`: every folder is rendered).
pub fn generate(
    root: &Path,
    options: Options,
    cache: impl FnOnce() -> Option<Cache>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> bool {
    let name = if options.check { "gen --check" } else { "gen" };
    // Held from planning to the cache's save, so that no other run writes in between.
    let access = if options.check { Access::Shared } else { Access::Exclusive };
    let _lock = match lock(root, access, waiting(name, err)) {
        Ok(lock) => lock,
        Err(error) => {
            let _ = writeln!(err, "{name}: the lock could not be taken: {error}");
            return false;
        }
    };
    // `gen` stages each changed file as it is rendered, so memory stays flat at any scale.
    let mode = if options.check { Mode::CheckOnly } else { Mode::Staged };
    let mut cache = cache();
    let plan = match plan_with(root, mode, cache.as_mut(), options.jobs) {
        Ok(plan) => plan,
        Err(error) => {
            let _ = writeln!(err, "{error}");
            return false;
        }
    };
    // Not an error: a build folder in a generated crate is noted, not taken for output.
    if let Some(note) = plan.build_dirs_note() {
        let _ = writeln!(err, "{name}: note: {note}");
    }
    if options.check {
        return match plan.check_outcome() {
            Ok(summary) => writeln!(out, "gen --check: {summary}").is_ok(),
            Err(report) => {
                report.iter().for_each(|paragraph| drop(writeln!(err, "gen --check: {paragraph}")));
                false
            }
        };
    }
    // Before writing, so that a write that fails does not keep from the maintainer what the
    // change would break.
    if let Some(note) = plan.api_note() {
        let _ = writeln!(err, "gen: {note}");
    }
    if let Err(error) = plan.apply() {
        let _ = writeln!(err, "gen: writing failed: {error}");
        return false;
    }
    // Only `gen` saves the cache (`--check` changes nothing); failing to is not an error, the
    // next run renders everything.
    if let Some(Err(error)) = cache.map(|cache| cache.save()) {
        let _ = writeln!(err, "gen: the cache could not be saved ({error}); the next run renders every service");
    }
    let _ = writeln!(out, "gen: {}", plan.summary(Stage::Applied));
    // Not an error: such files are not the generator's to fix, but `--check` fails on them.
    if let Some(note) = plan.foreign_note() {
        let _ = writeln!(err, "gen: note: {note}");
    }
    true
}

#[cfg(all(test, unix))]
mod tests {
    use std::io;

    use super::{lock, not_ours_to_write, open_lock, Access, LOCK_FILE};

    /// Only a checkout that cannot be written lets a check run without the lock; the test
    /// below meets that case only where permissions stop this user (not as root), so the
    /// decision is pinned here too.
    #[test]
    fn only_a_read_only_or_foreign_checkout_is_no_reason_to_fail() {
        use io::ErrorKind::*;
        for kind in [PermissionDenied, ReadOnlyFilesystem] {
            assert!(not_ours_to_write(&io::Error::from(kind)), "{kind:?}");
        }
        for kind in [NotFound, NotADirectory, AlreadyExists, Other] {
            assert!(!not_ours_to_write(&io::Error::from(kind)), "{kind:?}");
        }
        // What opening through a planted link gives (`O_NOFOLLOW`), and under a file.
        for errno in [libc::ELOOP, libc::ENOTDIR] {
            assert!(!not_ours_to_write(&io::Error::from_raw_os_error(errno)), "errno {errno}");
        }
    }

    #[test]
    fn the_lock_file_is_opened_without_following_a_link() {
        // The check before opening can be raced: the open itself must not follow a link.
        let temp = tempfile::tempdir().expect("temp dir");
        let dir = temp.path();
        let (link, target) = (dir.join("lock"), dir.join("target"));
        let _ = std::fs::remove_file(&link);
        std::os::unix::fs::symlink(&target, &link).expect("link");
        assert!(open_lock(&link, true).is_err() && open_lock(&link, false).is_err());
        assert!(!target.exists(), "the link's target was created");
    }

    #[test]
    fn a_check_runs_unlocked_only_where_the_checkout_cannot_be_written() {
        use std::os::unix::fs::PermissionsExt as _;
        let temp = tempfile::tempdir().expect("temp dir");
        let dir = temp.path();
        // A file where the workspace root should be: opening the lock file fails with
        // `ENOTDIR`, as a link planted after the look fails with `ELOOP`. Neither says the
        // checkout is read-only, so neither lets a check run unlocked.
        let root = dir.join("not-a-folder");
        std::fs::write(&root, "").expect("a file");
        for access in [Access::Shared, Access::Exclusive] {
            let error = lock(&root, access, |_| panic!("nothing holds it")).expect_err("refused");
            assert!(error.to_string().starts_with(&root.join(LOCK_FILE).display().to_string()), "{error}");
        }
        // A read-only checkout with no lock file is checked without one (where permissions
        // stop this user: root ignores them).
        let read_only = dir.join("read-only");
        std::fs::create_dir(&read_only).expect("folder");
        std::fs::set_permissions(&read_only, std::fs::Permissions::from_mode(0o555)).expect("chmod");
        if std::fs::write(read_only.join("probe"), "").is_err() {
            let held = lock(&read_only, Access::Shared, |_| panic!("nothing holds it")).expect("no lock, no error");
            assert!(held._file.is_none());
            assert!(lock(&read_only, Access::Exclusive, |_| ()).is_err(), "`gen` needs the lock");
        }
        std::fs::set_permissions(&read_only, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    }
}
