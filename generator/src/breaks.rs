//! Comparing API manifests (`<crate>/api/*.txt`, see `render::api`): the facts of an older
//! manifest that a newer one changes or no longer has break downstream code.
//!
//! `gen` compares each manifest it renders with the one on disk ([`crate::output::Plan::api_breaks`]),
//! and `cargo xtask breaking` compares two folders of them ([`between`]). A fact is one line, so
//! a change shows as an old fact gone and a new one come; each gone fact is paired with the new
//! facts about the same name (a field whose type changed, a constructor with other parameters),
//! saying the same thing of a new name (an error code now under another Rust name), or
//! renamed with their struct or field (a model renamed; the one field of a struct and type gone
//! beside the one come), so a reader sees what it became without comparing the files.

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
    let owners = |facts: &BTreeSet<String>| -> BTreeSet<String> {
        facts.iter().filter_map(|fact| Keys::of(fact).owner.map(str::to_owned)).collect()
    };
    let (old_owners, new_owners) = (owners(&old), owners(&new));
    let came: Vec<(&String, Keys<'_>)> = new.difference(&old).map(|fact| (fact, Keys::of(fact))).collect();
    let gone: Vec<(&String, Keys<'_>)> = old
        .difference(&new)
        .filter(|fact| !without_cfg(fact).is_some_and(|bare| new.contains(bare)))
        .map(|fact| (fact, Keys::of(fact)))
        .collect();
    let mut breaks: Vec<ApiBreak> = gone
        .iter()
        .map(|(fact, keys)| {
            let renamed_owner = |other: &Keys<'_>| {
                keys.owner.is_some_and(|owner| !new_owners.contains(owner))
                    && other.owner.is_some_and(|owner| !old_owners.contains(owner))
                    && keys.owner.map(module) == other.owner.map(module)
                    && keys.member == other.member
            };
            let now = came.iter().filter(|(_, other)| keys.pairs_with(other) || renamed_owner(other));
            ApiBreak {
                file: file.to_path_buf(),
                fact: (*fact).clone(),
                now: now.map(|(fact, _)| (*fact).clone()).collect(),
            }
        })
        .collect();
    // A field renamed (its wire name with it) shares neither subject nor claim with what it
    // became; it pairs with the one new field of its struct and type when it is the one field
    // of that struct and type gone unpaired.
    let old_subjects: BTreeSet<&str> = old.iter().map(|fact| Keys::of(fact).subject).collect();
    let unpaired: Vec<usize> = (0..breaks.len()).filter(|&i| breaks[i].now.is_empty()).collect();
    for &i in &unpaired {
        let Some(field) = gone[i].1.field() else { continue };
        let alike = unpaired.iter().filter(|&&j| gone[j].1.field() == Some(field)).count();
        let mut new_fields =
            came.iter().filter(|(_, other)| other.field() == Some(field) && !old_subjects.contains(other.subject));
        if let (1, Some((fact, _)), None) = (alike, new_fields.next(), new_fields.next()) {
            breaks[i].now.push((*fact).clone());
        }
    }
    breaks
}

/// The module a Rust path is in: `m::n` for `m::n::Type`.
fn module(path: &str) -> &str {
    path.rsplit_once("::").map_or("", |(module, _)| module)
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
    /// The subject's owner: the path before its last `::` or `.` (`m::Req` for `m::Req.name`).
    owner: Option<&'a str>,
    /// The fact past its owner (`.name: String is wire Name`): a renamed owner's facts keep it.
    member: &'a str,
    /// The subject's owner and the claim: a fact with both the same says the same thing of a
    /// renamed item.
    owner_claim: Option<(&'a str, &'a str)>,
}

impl<'a> Keys<'a> {
    fn of(fact: &'a str) -> Self {
        let subject = match fact.split_once(" enables ") {
            Some((feature, _)) if fact.starts_with("feature ") => feature,
            _ => fact.split([' ', '(']).next().unwrap_or(fact).trim_end_matches(':'),
        };
        let owner = subject.rfind(['.', ':']).map(|cut| subject[..cut].trim_end_matches(':'));
        let member = owner.map_or(fact, |owner| &fact[owner.len()..]);
        // The first ` is `: a value's text may hold another.
        let claim = fact.split_once(" is ").map(|(_, claim)| claim);
        Keys { subject, owner, member, owner_claim: owner.zip(claim) }
    }

    /// A field's struct and Rust type (`m::Req` and `String` of `m::Req.name: String is wire
    /// Name`); `None` for a fact about anything but a field.
    fn field(&self) -> Option<(&'a str, &'a str)> {
        let typed = self.member.strip_prefix('.')?.split_once(": ")?.1;
        self.owner.zip(typed.split_once(" is ").map(|(field_type, _)| field_type))
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
    fn a_renamed_struct_or_field_pairs_with_what_it_became() {
        // A struct renamed: its facts are the same past its name, in the same module.
        let old = "m::FaceRect.x: i64 is wire X\nm::FaceRect::new(x)\nm::Resp.rects: Vec<FaceRect> is wire Rects\n";
        let new = old.replace("FaceRect", "FaceBox");
        let now = |fact: &str| vec![fact.replace("FaceRect", "FaceBox")];
        let paired: Vec<_> = old.lines().map(|fact| (fact.to_owned(), now(fact))).collect();
        assert_eq!(breaks(old, &new), paired);
        // A field renamed with its wire name: the one field of its struct and type gone, the one come.
        let old = "m::Req.quality_control: Option<u64> is wire QualityControl\nm::Req.name: String is wire Name\n";
        let new = "m::Req.quality_ctrl: Option<u64> is wire QualityCtrl\nm::Req.name: String is wire Name\n";
        assert_eq!(
            breaks(old, new),
            [(
                "m::Req.quality_control: Option<u64> is wire QualityControl".into(),
                vec!["m::Req.quality_ctrl: Option<u64> is wire QualityCtrl".into()]
            )]
        );
    }

    #[test]
    fn a_fact_gone_without_a_successor_pairs_with_nothing() {
        let unpaired = |old: &str, new: &str| {
            let breaks = breaks(old, new);
            assert!(!breaks.is_empty() && breaks.iter().all(|(_, now)| now.is_empty()), "{old} -> {new}: {breaks:?}");
        };
        // Two fields of one struct and type gone and one come, or one gone and two come: which
        // became which would be a guess.
        unpaired("m::R.a: u64 is wire A\nm::R.b: u64 is wire B\n", "m::R.c: u64 is wire C\n");
        unpaired("m::R.a: u64 is wire A\n", "m::R.c: u64 is wire C\nm::R.d: u64 is wire D\n");
        // A field of another type, or of another struct, is not what it became.
        unpaired("m::R.a: u64 is wire A\n", "m::R.c: String is wire C\n");
        unpaired("m::R.a: u64 is wire A\nm::R.b: u8 is wire B\n", "m::R.b: u8 is wire B\nm::S.c: u64 is wire C\n");
        // A struct still there was not renamed; nor was one whose fields are now in a struct
        // that was there before, or in another module.
        unpaired("m::A.x: i64 is wire X\nm::A.y: u8 is wire Y\n", "m::A.y: u8 is wire Y\nm::B.x: i64 is wire X\n");
        unpaired("m::A.x: i64 is wire X\nm::B.y: u8 is wire Y\n", "m::B.x: i64 is wire X\nm::B.y: u8 is wire Y\n");
        unpaired("m::A.x: i64 is wire X\n", "n::A.x: i64 is wire X\n");
        // A field whose type changed is no new field: the one gone beside it pairs with nothing.
        let old = "m::R.a: u64 is wire A\nm::R.b: String is wire B\n";
        let new = "m::R.a: String is wire A\n";
        assert_eq!(
            breaks(old, new),
            [
                ("m::R.a: u64 is wire A".into(), vec!["m::R.a: String is wire A".into()]),
                ("m::R.b: String is wire B".into(), vec![])
            ]
        );
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
