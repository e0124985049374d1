//! Comparing API manifests (`<crate>/api/*.txt`, see `render::api`): the facts of an older
//! manifest that a newer one changes or no longer has break downstream code.
//!
//! `gen` compares each manifest it renders with the one on disk ([`crate::output::Plan::api_breaks`]),
//! and `cargo xtask breaking` compares two folders of them ([`between`]). A fact is one line, so
//! a change shows as an old fact gone and a new one come; each gone fact is paired with the new
//! facts about the same name (a field whose type changed, a constructor with other parameters)
//! or saying the same thing of a new name (a wire name or error code now under another Rust
//! name), so a reader sees what it became without comparing the files.

use std::collections::BTreeSet;
use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

use crate::output::at;
use crate::public_api::RUNTIME_API_DIR;
use crate::render::{API_DIR, BINDINGS};

/// The folders of the API manifests downstream code is held to, relative to the workspace
/// root: the bindings crate's, then the runtime's (the hostile-names fixture is no API).
pub fn manifest_dirs() -> [PathBuf; 2] {
    [Path::new(BINDINGS.out).join(API_DIR), PathBuf::from(RUNTIME_API_DIR)]
}

/// A fact of an older manifest that the newer one changes or no longer has.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ApiBreak {
    /// The manifest: a path from the workspace root for `gen`, a file name for [`between`].
    pub file: PathBuf,
    /// The older manifest's fact.
    pub fact: String,
    /// Facts of the newer manifest, not in the older one, about the same Rust name or saying
    /// the same of a name beside it: what the fact became, when it changed (sorted; empty
    /// when it went away).
    pub now: Vec<String>,
}

/// `file: fact`, the form the notes print (without what it became).
impl fmt::Display for ApiBreak {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.file.display(), self.fact)
    }
}

/// The note naming API facts that changed or went away, each followed by what it became;
/// `None` when there are none.
pub fn note(breaks: &[ApiBreak]) -> Option<String> {
    if breaks.is_empty() {
        return None;
    }
    let mut note = format!(
        "breaking: {} API fact(s) changed or went away; downstream code using them breaks (a \
         semver-major change of the crate whose manifest lists them):",
        breaks.len()
    );
    for gone in breaks {
        note.push_str(&format!("\n  {gone}"));
        for now in &gone.now {
            note.push_str(&format!("\n    now: {now}"));
        }
    }
    Some(note)
}

/// Whether `path` is an API manifest: a `.txt` file in a generated crate's `api` folder.
pub(crate) fn is_manifest(path: &Path) -> bool {
    let in_api = path.parent().and_then(Path::file_name).is_some_and(|dir| dir == API_DIR);
    in_api && path.extension().is_some_and(|ext| ext == "txt")
}

/// The facts of the manifest `old` at `path` that `new` changes or does not have (nothing
/// when `path` is not a manifest).
pub(crate) fn in_file(path: &Path, old: &[u8], new: &[u8]) -> Vec<ApiBreak> {
    if !is_manifest(path) {
        return Vec::new();
    }
    compare(path, old, new)
}

/// The facts of the API manifests in `old_dir` (an earlier release's `generated/api/`, say)
/// that those of the same name in `new_dir` change or no longer have, sorted; a manifest
/// missing from `new_dir` has lost every fact. What `gen` reports of one run, over any span
/// of changes.
pub fn between(old_dir: &Path, new_dir: &Path) -> io::Result<Vec<ApiBreak>> {
    // A mistyped `new_dir` is an error, not every fact gone; an `old_dir` without manifests
    // (`generated/` for `generated/api/`, say) is an error, not nothing gone.
    std::fs::read_dir(new_dir).map_err(at(new_dir))?;
    let mut breaks = Vec::new();
    let mut manifests = 0;
    for entry in std::fs::read_dir(old_dir).map_err(at(old_dir))? {
        let old = entry.map_err(at(old_dir))?.path();
        if !old.is_file() || old.extension().is_none_or(|ext| ext != "txt") {
            continue;
        }
        let name = Path::new(old.file_name().unwrap_or_default());
        let new = match std::fs::read(new_dir.join(name)) {
            Ok(new) => new,
            Err(error) if error.kind() == io::ErrorKind::NotFound => Vec::new(),
            Err(error) => return Err(at(&new_dir.join(name))(error)),
        };
        breaks.extend(compare(name, &std::fs::read(&old).map_err(at(&old))?, &new));
        manifests += 1;
    }
    if manifests == 0 {
        let why = format!("{}: no API manifests (`*.txt`) here; give a `generated/api` or `runtime/api` folder, or a checkout holding them", old_dir.display());
        return Err(io::Error::new(io::ErrorKind::NotFound, why));
    }
    breaks.sort();
    Ok(breaks)
}

/// The facts of manifest text `old` that `new` does not have, sorted, each with the new facts
/// it pairs with. Comment lines are not facts, and a fact that lost only its `[cfg(..)]` is
/// no break: the item is there whatever the features, so all code that used it still builds.
fn compare(file: &Path, old: &[u8], new: &[u8]) -> Vec<ApiBreak> {
    let facts = |text: &[u8]| -> BTreeSet<String> {
        let text = String::from_utf8_lossy(text);
        text.lines().filter(|line| !line.is_empty() && !line.starts_with('#')).map(str::to_owned).collect()
    };
    let (old, new) = (facts(old), facts(new));
    let came: Vec<(&String, Keys<'_>)> = new.difference(&old).map(|fact| (fact, Keys::of(fact))).collect();
    old.difference(&new)
        .filter(|fact| !without_cfg(fact).is_some_and(|bare| new.contains(bare)))
        .map(|fact| {
            let keys = Keys::of(fact);
            let now = came.iter().filter(|(_, other)| keys.pairs_with(other)).map(|(fact, _)| (*fact).clone());
            ApiBreak { file: file.to_path_buf(), fact: fact.clone(), now: now.collect() }
        })
        .collect()
}

/// `fact` without the ` [cfg(..)]` the manifest ends it with when the item is compiled under
/// one; `None` when it has none.
fn without_cfg(fact: &str) -> Option<&str> {
    let cut = fact.rfind(" [cfg(")?;
    fact.ends_with(")]").then(|| &fact[..cut])
}

/// What a fact is about, to pair a gone fact with the new ones it became.
///
/// Facts read `feature F enables M`, `Owner::Name is <what>`, `Owner.field: Type is wire W`
/// (or `... is the whole body as M`),
/// `Owner::new(a, b)` or `Alias = Type`: the subject is the Rust name the fact is about (`feature
/// F`, `Owner::Name`, `Owner.field`, `Owner::new`, `Alias`), the claim what follows `is`.
#[derive(Debug)]
struct Keys<'a> {
    subject: &'a str,
    /// The subject's owner (the path before its last `::` or `.`) and the claim: a fact with
    /// both the same says the same thing of a renamed item.
    owner_claim: Option<(&'a str, &'a str)>,
}

impl<'a> Keys<'a> {
    fn of(fact: &'a str) -> Self {
        let subject = match fact.split_once(" enables ") {
            Some((feature, _)) if fact.starts_with("feature ") => feature,
            _ => fact.split([' ', '(']).next().unwrap_or(fact).trim_end_matches(':'),
        };
        let owner = subject.rfind(['.', ':']).map(|cut| subject[..cut].trim_end_matches(':'));
        // The first ` is `: a value's text may hold another.
        let claim = fact.split_once(" is ").map(|(_, claim)| claim);
        Keys { subject, owner_claim: owner.zip(claim) }
    }

    fn pairs_with(&self, other: &Keys<'_>) -> bool {
        self.subject == other.subject || (self.owner_claim.is_some() && self.owner_claim == other.owner_claim)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breaks(old: &str, new: &str) -> Vec<(String, Vec<String>)> {
        let file = Path::new("generated/api/x.txt");
        in_file(file, old.as_bytes(), new.as_bytes()).into_iter().map(|b| (b.fact, b.now)).collect()
    }

    #[test]
    fn a_changed_fact_is_paired_with_what_it_became() {
        // The field's type changed (now required): same subject.
        let old = "m::Req.name: Option<String> is wire Name\nm::Req::new()\n";
        let new = "m::Req.name: String is wire Name\nm::Req::new(name)\n";
        assert_eq!(
            breaks(old, new),
            [
                ("m::Req.name: Option<String> is wire Name".into(), vec!["m::Req.name: String is wire Name".into()]),
                ("m::Req::new()".into(), vec!["m::Req::new(name)".into()]),
            ]
        );
        // The same code under another variant name: same owner and claim.
        let old = "m::Codes::InvalidUrl is code InvalidURL\nm::Codes::Other is code Other\n";
        let new = "m::Codes::InvalidURL is code InvalidURL\nm::Codes::Other is code Other\n";
        assert_eq!(
            breaks(old, new),
            [(
                "m::Codes::InvalidUrl is code InvalidURL".into(),
                vec!["m::Codes::InvalidURL is code InvalidURL".into()]
            )]
        );
        // A feature now enabling another module.
        assert_eq!(
            breaks("feature f enables m::v1\n", "feature f enables m::v2\n"),
            [("feature f enables m::v1".into(), vec!["feature f enables m::v2".into()])]
        );
    }

    /// An item that no longer needs a feature is there for all code that used it; one that
    /// now needs a feature, or another one, is gone for code built without it.
    #[test]
    fn a_cfg_dropped_is_no_break_and_one_added_or_changed_is() {
        let gated = "m::Name is struct Name, with private fields [cfg(feature = \"client\")]\n";
        let open = "m::Name is struct Name, with private fields\n";
        assert_eq!(breaks(gated, open), []);
        assert_eq!(breaks(open, gated), [(open.trim_end().to_owned(), vec![gated.trim_end().to_owned()])]);
        let other = gated.replace("client", "blocking");
        assert_eq!(breaks(gated, &other), [(gated.trim_end().to_owned(), vec![other.trim_end().to_owned()])]);
    }

    #[test]
    fn a_fact_gone_without_a_successor_pairs_with_nothing() {
        // A wire name renamed renames its field too: neither subject nor claim is the same.
        let old = "m::Req.quality_control: Option<u64> is wire QualityControl\n";
        let new = "m::Req.quality_ctrl: Option<u64> is wire QualityCtrl\n";
        assert_eq!(breaks(old, new), [("m::Req.quality_control: Option<u64> is wire QualityControl".into(), vec![])]);
        // The same wire name in another struct says nothing of this one.
        let old = "m::A.x: u64 is wire X\n";
        let new = "m::B.y: u64 is wire X\n";
        assert_eq!(breaks(old, new), [("m::A.x: u64 is wire X".into(), vec![])]);
        // Additions alone break nothing; comments are no facts; other files are no manifests.
        assert!(breaks("# old\nm::A::X is code X\n", "# new\nm::A::X is code X\nm::A::Y is code Y\n").is_empty());
        assert!(in_file(Path::new("generated/src/x.txt"), b"fact", b"").is_empty());
    }

    #[test]
    fn the_note_shows_each_fact_then_what_it_became() {
        let breaks = [
            ApiBreak {
                file: "a.txt".into(),
                fact: "m::A.x: u64 is wire X".into(),
                now: vec!["m::A.x: i64 is wire X".into()],
            },
            ApiBreak { file: "a.txt".into(), fact: "m::A::Y is code Y".into(), now: vec![] },
        ];
        let note = note(&breaks).expect("a note");
        assert!(note.starts_with("breaking: 2 API fact(s) changed or went away"), "{note}");
        assert!(
            note.ends_with(
                "\n  a.txt: m::A.x: u64 is wire X\n    now: m::A.x: i64 is wire X\n  a.txt: m::A::Y is code Y"
            ),
            "{note}"
        );
        assert_eq!(super::note(&[]), None);
    }
}
