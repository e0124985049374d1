//! The skeleton of a new action's spec, which `cargo xtask new` writes for a maintainer to
//! fill, with its service version's `service.yaml` and its vendor's `vendor.yaml` when they
//! do not exist yet.
//!
//! Each fact the maintainer must copy from the vendor's page is written as [`PLACEHOLDER`],
//! which loading refuses, so an unfilled skeleton never reaches the generated crate.

use std::fmt;

use askama::Template;
use std::io;
use std::path::{Path, PathBuf};

use crate::load::{self, Kind, Loaded, Spec};
use crate::locate::{self, Segment};
use crate::naming;
use crate::output::at;
use crate::spec::{Protocol, ServiceSpec};

/// What the skeleton holds where a fact is still to be filled in. YAML reads it as plain
/// text anywhere a value goes, and no vendor's fact holds it, so a value containing it is
/// refused (at loading, see [`load::load_file_all`]).
pub const PLACEHOLDER: &str = "<fill in>";

/// A new action: its service version's folder below `specs/` and its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAction {
    /// `<vendor>/<service>/<version>` (`tencent/iai/2018-03-01`).
    pub folder: String,
    /// The action's name, the spec file's stem (`DeleteFace`).
    pub action: String,
    /// The protocol of a service with no `service.yaml` in any version yet (`--protocol`),
    /// which its new `service.yaml` then names.
    pub protocol: Option<Protocol>,
}

impl NewAction {
    /// Reads `<vendor>/<service>/<version>/<Action>`, or the spec file's path
    /// (`specs/<vendor>/<service>/<version>/<Action>.yaml`, as a shell completes it); an
    /// error says what is wrong with it.
    pub fn parse(text: &str) -> Result<Self, String> {
        let path = text.strip_prefix("./").unwrap_or(text);
        let path = path.strip_prefix("specs/").unwrap_or(path);
        let parts: Vec<&str> = path.strip_suffix(".yaml").unwrap_or(path).split('/').collect();
        let shape = |why: &str| {
            format!(
                "`{text}` {why}: `new` takes `<vendor>/<service>/<version>/<Action>` \
                 (`tencent/iai/2018-03-01/DeleteFace`), or the spec file's path below `specs/`"
            )
        };
        let [vendor, service, version, action] = parts[..] else {
            let n = parts.len();
            return Err(shape(&format!("has {n} part{}, not 4", if n == 1 { "" } else { "s" })));
        };
        if parts.iter().any(|part| part.is_empty() || *part == "." || *part == ".." || part.contains('\\')) {
            return Err(shape("has an empty, `.` or `..` part"));
        }
        // Which form the protocol wants, `gen` checks; no protocol takes other text.
        if !crate::naming::is_version(version) {
            return Err(format!(
                "`{version}` is not a version: Tencent and Alibaba version their APIs by date \
                 (`2018-03-01`), Azure as `v1.0` or by date, either maybe with `-preview`"
            ));
        }
        if !plausible_action(action) {
            return Err(format!(
                "`{action}` is not an action name: it starts with an ASCII letter and holds only ASCII letters \
                 and digits, as the vendor's wire name does (`DeleteFace`)"
            ));
        }
        Ok(NewAction { folder: format!("{vendor}/{service}/{version}"), action: action.to_owned(), protocol: None })
    }

    /// The folder's vendor, service and version.
    fn parts(&self) -> (&str, &str, &str) {
        let mut parts = self.folder.splitn(3, '/');
        let mut next = || parts.next().unwrap_or_default();
        (next(), next(), next())
    }

    /// The spec file to write, relative to the workspace root.
    pub fn file(&self) -> PathBuf {
        Path::new(crate::render::BINDINGS.specs).join(&self.folder).join(format!("{}.yaml", self.action))
    }
}

/// The checker's rule for `action:` (an identifier), without the underscores no vendor's
/// action name has.
fn plausible_action(name: &str) -> bool {
    naming::is_identifier(name) && name.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Why no skeleton was written.
#[derive(Debug)]
pub enum Error {
    /// `new` does not do what was asked (the file exists, the service file is missing or
    /// broken); the reason, for the maintainer.
    Refused(String),
    /// Reading the service file or writing the skeleton failed.
    Io(io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Refused(why) => f.write_str(why),
            Error::Io(error) => write!(f, "{error}"),
        }
    }
}

impl std::error::Error for Error {}

/// The files [`write()`] wrote, relative to the workspace root.
#[derive(Debug, PartialEq, Eq)]
pub struct Written {
    /// The vendor's new `vendor.yaml`, the service version's new `service.yaml` (each only if
    /// it did not exist), then the action's spec.
    pub files: Vec<PathBuf>,
    /// The `service.yaml` of the version the new `service.yaml` was copied from, if it was.
    pub copied_from: Option<PathBuf>,
    /// The newest version's `service.yaml` and its protocol, when `--protocol` named another
    /// and the new version's `service.yaml` is a skeleton instead of its copy.
    pub protocol_changed: Option<(PathBuf, Protocol)>,
}

/// Writes the skeleton of `new` below `root` (a workspace root) as a new file, with its
/// service version's `service.yaml` and its vendor's `vendor.yaml` where they are missing,
/// and returns what it wrote. A missing `service.yaml` is copied from the newest version of
/// the service that has one, without its models and with its prose a placeholder (unless
/// `new.protocol` names another protocol than that version's), or else written as a
/// skeleton for `new.protocol`. Never overwrites a file: an existing spec is refused, and an existing
/// `service.yaml` (which must load, since its protocol shapes the skeleton) or `vendor.yaml`
/// is left as it is. A refusal writes nothing.
pub fn write(root: &Path, new: &NewAction) -> Result<Written, Error> {
    let file = new.file();
    if root.join(&file).symlink_metadata().is_ok() {
        return Err(Error::Refused(format!(
            "`{}` already exists, and `new` never overwrites a spec: edit it, or choose another name",
            file.display()
        )));
    }
    let (vendor, service_id, version) = new.parts();
    let service_file = file.with_file_name("service.yaml");
    let mut files = Vec::new();
    let mut copied_from = None;
    let mut protocol_changed = None;
    let (name, protocol) = if exists(root, &service_file) {
        let service = load_service(root, &service_file)?;
        agree(new.protocol, &service, &service_file)?;
        (service.name, service.protocol)
    } else if let Some((older, text)) = newest_version(root, vendor, service_id)? {
        let service = load_service(root, &older)?;
        // A vendor may move a service to another protocol with a new version: the older
        // version's endpoint, region and errors are then another protocol's, so nothing is
        // copied.
        if let Some(protocol) = new.protocol.filter(|protocol| *protocol != service.protocol) {
            files.push((service_file, service_skeleton(new, protocol)));
            protocol_changed = Some((older, service.protocol));
            (service.name, protocol)
        } else {
            let copy = copy_version(&older, &text, &service.name, &service_file, version)?;
            files.push((service_file, copy));
            copied_from = Some(older);
            (service.name, service.protocol)
        }
    } else {
        let Some(protocol) = new.protocol else {
            let names: Vec<&str> = Protocol::ALL.iter().map(|p| p.name()).collect();
            // A new service is rare; a mistyped one (`iaa` for `iai`) is not.
            let near = near_service(root, vendor, service_id).map(|near| format!(" ({near})")).unwrap_or_default();
            return Err(Error::Refused(format!(
                "`{}` does not exist, nor does any other version of `{vendor}/{service_id}`{near}: give the protocol its pages describe, `--protocol {}`, and `new` writes the service file's skeleton too",
                service_file.display(),
                names.join("|")
            )));
        };
        identifier("service", service_id)?;
        files.push((service_file, service_skeleton(new, protocol)));
        ("a new service".to_owned(), protocol)
    };
    let vendor_file = Path::new(crate::render::BINDINGS.specs).join(vendor).join("vendor.yaml");
    if !exists(root, &vendor_file) {
        identifier("vendor", vendor)?;
        files.insert(0, (vendor_file, vendor_skeleton(vendor)));
    }
    files.push((file, skeleton(new, &name, protocol)));
    create_all(root, &files)?;
    Ok(Written { files: files.into_iter().map(|(file, _)| file).collect(), copied_from, protocol_changed })
}

/// "did you mean `tencent/iai`?" when `vendor/service` is a letter or two from a service
/// folder that exists (or `vendor` from a vendor folder).
fn near_service(root: &Path, vendor: &str, service: &str) -> Option<String> {
    let specs = root.join(crate::render::BINDINGS.specs);
    let folders = |dir: &Path| -> Vec<String> {
        let entries = std::fs::read_dir(dir).into_iter().flatten().flatten();
        entries.filter(|e| e.path().is_dir()).filter_map(|e| e.file_name().into_string().ok()).collect()
    };
    let nearest = |wrong: &str, names: &[String]| {
        // The folder itself may be there, without a `service.yaml` in any version.
        let others = names.iter().map(String::as_str).filter(|name| *name != wrong);
        crate::diag::closest(wrong, others).map(str::to_owned)
    };
    let services = folders(&specs.join(vendor));
    match services.is_empty() {
        true => nearest(vendor, &folders(&specs)).map(|near| format!("did you mean vendor `{near}`?")),
        false => nearest(service, &services).map(|near| format!("did you mean `{vendor}/{near}`?")),
    }
}

/// The `service.yaml` of `version`, at `file`, copied from `text`, that of `older`, a version
/// of the service `name` (see [`copy_service`]); refused when the copy would not be what a
/// maintainer would have written by hand: the older file's facts, its prose a placeholder
/// each. A file laid out so that the line-wise copy misses either is left to them.
fn copy_version(older: &Path, text: &str, name: &str, file: &Path, version: &str) -> Result<String, Error> {
    let copy = copy_service(text, version, older, name);
    let facts_kept = same_but_prose(text, &copy);
    match load::load_file(file, copy.replace(PLACEHOLDER, "x"), Kind::Service) {
        Ok(Loaded { spec: Spec::Service(copied), .. }) if copied.version == version && facts_kept => Ok(copy),
        _ => Err(Error::Refused(format!(
            "`{}` could not be copied as the new version's `{}`: write that file by hand (specs/README.md's \
             `service.yaml` section), then run `new` again",
            older.display(),
            file.display()
        ))),
    }
}

/// Whether anything is at `file` below `root` (a broken link counts: it is not overwritten).
fn exists(root: &Path, file: &Path) -> bool {
    root.join(file).symlink_metadata().is_ok()
}

/// Loads the `service.yaml` at `file`, or refuses naming its problem.
fn load_service(root: &Path, file: &Path) -> Result<ServiceSpec, Error> {
    let text = std::fs::read_to_string(root.join(file)).map_err(|error| Error::Io(at(file)(error)))?;
    match load::load_file(file, text, Kind::Service) {
        Ok(Loaded { spec: Spec::Service(service), .. }) => Ok(service),
        other => {
            let why = other.err().map_or_else(String::new, |diagnostic| format!(":\n{diagnostic}"));
            Err(Error::Refused(format!(
                "`{}` does not load, so the action's protocol is unknown; fix it first{why}",
                file.display()
            )))
        }
    }
}

/// Refuses a `--protocol` other than the one `service`, read from `file`, names: the flag
/// chooses the protocol of a new service or version, and an action speaks its version's.
fn agree(protocol: Option<Protocol>, service: &ServiceSpec, file: &Path) -> Result<(), Error> {
    match protocol {
        Some(protocol) if protocol != service.protocol => Err(Error::Refused(format!(
            "`--protocol {}` differs from `protocol: {}` of `{}`: an action speaks its service version's protocol; \
             leave the flag out, or add the action to a new version of the service, which may speak another",
            protocol.name(),
            service.protocol.name(),
            file.display()
        ))),
        _ => Ok(()),
    }
}

/// Refuses a vendor or service folder name that `gen` would refuse as the `key` of its new
/// file, before anything is written.
fn identifier(key: &str, name: &str) -> Result<(), Error> {
    let lowercase = name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if lowercase {
        return Ok(());
    }
    Err(Error::Refused(format!(
        "`{name}` is not a {key} name: the folder and `{key}:` are lowercase ASCII letters and digits, starting \
         with a letter"
    )))
}

/// The `service.yaml` of the newest version of `vendor/service` that has one, and its text;
/// `None` when no version has one.
fn newest_version(root: &Path, vendor: &str, service: &str) -> Result<Option<(PathBuf, String)>, Error> {
    let folder = Path::new(crate::render::BINDINGS.specs).join(vendor).join(service);
    let entries = match std::fs::read_dir(root.join(&folder)) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(Error::Io(at(&folder)(error))),
    };
    let mut versions = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|error| Error::Io(at(&folder)(error)))?;
        if let Some(version) = entry.file_name().to_str() {
            if exists(root, &folder.join(version).join("service.yaml")) {
                versions.push(version.to_owned());
            }
        }
    }
    let Some(newest) = versions.into_iter().max_by(|a, b| version_order(a, b)) else { return Ok(None) };
    let file = folder.join(newest).join("service.yaml");
    let text = std::fs::read_to_string(root.join(&file)).map_err(|error| Error::Io(at(&file)(error)))?;
    Ok(Some((file, text)))
}

/// Orders versions as their numbers do, so `v10.0` follows `v9.0`, and dates as written; a
/// pre-release (`v1.0-preview`, `2023-01-01-preview`: a `-` then a letter) comes before its
/// release, as in semver, so `new` never takes a preview for the newest version.
fn version_order(a: &str, b: &str) -> std::cmp::Ordering {
    // Runs of digits compare as numbers (fewer digits, once leading zeros are gone, is
    // smaller); other runs as text.
    fn runs(text: &str) -> Vec<(usize, String)> {
        let mut runs: Vec<(bool, &str)> = Vec::new();
        let mut start = 0;
        for (i, c) in text.char_indices().skip(1) {
            let digit = |c: char| c.is_ascii_digit();
            if digit(c) != text[start..].starts_with(digit) {
                runs.push((text[start..].starts_with(digit), &text[start..i]));
                start = i;
            }
        }
        runs.push((text[start..].starts_with(|c: char| c.is_ascii_digit()), &text[start..]));
        let key = |(digit, run): (bool, &str)| match digit {
            true => {
                let digits = run.trim_start_matches('0');
                (digits.len(), digits.to_owned())
            }
            false => (0, run.to_owned()),
        };
        runs.into_iter().map(key).collect()
    }
    // The release's runs, whether it is one (a pre-release is not, so it sorts first), and
    // the pre-release's runs.
    let key = |version: &str| {
        let label =
            version.match_indices('-').find(|(i, _)| version[i + 1..].starts_with(|c: char| c.is_ascii_alphabetic()));
        match label {
            Some((i, _)) => (runs(&version[..i]), false, runs(&version[i + 1..])),
            None => (runs(version), true, Vec::new()),
        }
    };
    key(a).cmp(&key(b)).then_with(|| a.cmp(b))
}

/// Keys whose values are prose of ours at any depth (specs/README.md: "Prose (`summary`,
/// `description`, `notes`) is written by us"). Prose written for one version may say what
/// holds for that version only, so a copy for another version has each as a placeholder.
const PROSE: [&str; 3] = ["summary", "description", "notes"];

/// The `service.yaml` of `version`, copied from the text of `older`'s: its top-level
/// `version` replaced, its `models` left out, and the value of each [`PROSE`] key a
/// [`PLACEHOLDER`]; everything else (the vendor's facts and their comments) as it was, under a
/// comment saying what to check.
fn copy_service(text: &str, version: &str, older: &Path, name: &str) -> String {
    let mut copy = format!(
        "# Version {version} of {name}, as `cargo xtask new` copied it from\n\
         # `{}`.\n\
         # Check each fact (name, endpoint, region, regions, common errors) against the new\n\
         # version's pages. The prose (summary, notes, each common error's summary and notes)\n\
         # was written for the older version: write it anew where `{PLACEHOLDER}` stands. Its\n\
         # models are left out: add those the new version's actions use.\n",
        older.display()
    );
    // A top-level key starts a line; what follows up to the next one (its value, comments)
    // goes with it.
    let mut skipping = false;
    // While a prose value is left out: the column of its key, deeper than which its lines go
    // (a block scalar's, a plain scalar's continuation), and the blank lines seen since.
    let mut prose: Option<(usize, usize)> = None;
    for line in text.lines() {
        if let Some((column, blanks)) = &mut prose {
            let indent = line.len() - line.trim_start().len();
            if line.trim().is_empty() {
                *blanks += 1;
                continue;
            }
            if indent > *column {
                *blanks = 0;
                continue;
            }
            // The blank lines after the value stay, before what follows it.
            copy.push_str(&"\n".repeat(*blanks));
            prose = None;
        }
        if line.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let key = line.split(':').next().unwrap_or_default().trim();
            skipping = key == "models";
            if key == "version" {
                copy.push_str(&format!("version: {}\n", quoted(version)));
                skipping = true;
                continue;
            }
        }
        if skipping {
            continue;
        }
        if let Some((column, key)) = prose_key(line) {
            copy.push_str(&format!("{}{key}: {PLACEHOLDER}\n", &line[..column]));
            prose = Some((column, 0));
            continue;
        }
        copy.push_str(line);
        copy.push('\n');
    }
    copy
}

/// The column and name of the [`PROSE`] key `line` starts in block style (`notes: |`,
/// `  - summary: ...`), after its indentation and list items' dashes.
fn prose_key(line: &str) -> Option<(usize, &'static str)> {
    let mut rest = line.trim_start_matches(' ');
    while let Some(item) = rest.strip_prefix('-').filter(|item| item.starts_with(' ')) {
        rest = item.trim_start_matches(' ');
    }
    let column = line.len() - rest.len();
    let key = PROSE.into_iter().find(|key| {
        rest.strip_prefix(key)
            .and_then(|after| after.strip_prefix(':'))
            .is_some_and(|v| v.is_empty() || v.starts_with(' '))
    })?;
    Some((column, key))
}

/// Whether `copy` holds what `text` does, in the same order, but the `version`, the `models`
/// and the value of each [`PROSE`] key, which is a [`PLACEHOLDER`] in `copy`: so no prose
/// written for another version is left, and no fact lost.
fn same_but_prose(text: &str, copy: &str) -> bool {
    let values = |text: &str, prose: Option<&str>| {
        let mut values = Vec::new();
        let walked = locate::walk(text, |node| {
            let dropped = matches!(node.path.0.first(), Some(Segment::Key(key)) if key == "version" || key == "models");
            if node.key || dropped {
                return;
            }
            let is_prose = matches!(node.path.0.last(), Some(Segment::Key(key)) if PROSE.contains(&key.as_str()));
            let scalar = node.scalar.map(|(text, _)| text.to_owned());
            let value = if is_prose { prose.map(str::to_owned).or(scalar) } else { scalar };
            values.push((node.path.clone(), value));
        });
        walked.ok().map(|()| values)
    };
    let expected = values(text, Some(PLACEHOLDER));
    expected.is_some() && expected == values(copy, None)
}

/// `text` as a YAML double-quoted string (a version folder may hold any character but `/`
/// and `\`).
fn quoted(text: &str) -> String {
    format!("\"{}\"", text.replace('"', "\\\""))
}

/// Creates each file below `root` with its text, and the folders they need; none may exist.
/// On a failure, removes the files and folders it created, so that nothing is half written.
fn create_all(root: &Path, files: &[(PathBuf, String)]) -> Result<(), Error> {
    let mut created: Vec<PathBuf> = Vec::new();
    let result = files.iter().try_for_each(|(file, text)| {
        let target = root.join(file);
        // The folders this run creates, outermost first, to remove if a later step fails.
        let mut missing: Vec<PathBuf> = target
            .ancestors()
            .skip(1)
            .take_while(|dir| dir.symlink_metadata().is_err())
            .map(Path::to_path_buf)
            .collect();
        missing.reverse();
        // Recorded before the call, which can fail having made the outer ones; removing one
        // it never made fails harmlessly.
        created.extend(missing);
        std::fs::create_dir_all(target.parent().unwrap_or(root)).map_err(|error| Error::Io(at(file)(error)))?;
        // `create_new` refuses a file that appeared since the checks, in the same step that
        // creates it; a skeleton is small enough to go in one write.
        let mut spec = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&target)
            .map_err(|error| Error::Io(at(&target)(error)))?;
        created.push(target.clone());
        io::Write::write_all(&mut spec, text.as_bytes()).map_err(|error| Error::Io(at(&target)(error)))
    });
    if result.is_err() {
        for path in created.iter().rev() {
            let _ = std::fs::remove_file(path).or_else(|_| std::fs::remove_dir(path));
        }
    }
    result
}

/// The skeleton of the vendor `vendor`'s `vendor.yaml` (`templates/vendor_skeleton.yaml`).
pub fn vendor_skeleton(vendor: &str) -> String {
    let skeleton = VendorSkeleton { vendor, p: PLACEHOLDER };
    skeleton.render().expect("the skeleton renders") + "\n"
}

/// The skeleton of the `service.yaml` of `new`'s service version, a new service speaking
/// `protocol` (`templates/service_skeleton.yaml`): every required key, the facts to fill in
/// as placeholders, and the optional keys as comments showing their form.
pub fn service_skeleton(new: &NewAction, protocol: Protocol) -> String {
    let (vendor, service, version) = new.parts();
    let skeleton = ServiceSkeleton {
        vendor,
        service,
        folder_version: version,
        version: &quoted(version),
        protocol: protocol.name(),
        p: PLACEHOLDER,
        tencent: protocol == Protocol::TencentApi3,
        alibaba: protocol == Protocol::AlibabaRpc,
    };
    skeleton.render().expect("the skeleton renders") + "\n"
}

/// The skeleton of `new`, an action of the service `name`: every key a maintainer fills,
/// laid out as the real specs are, with comments saying where each fact comes from
/// (`templates/skeleton.yaml`, shaped by the service's `protocol`).
pub fn skeleton(new: &NewAction, name: &str, protocol: Protocol) -> String {
    let skeleton = Skeleton {
        action: &new.action,
        name,
        folder: &new.folder,
        p: PLACEHOLDER,
        tencent: protocol == Protocol::TencentApi3,
        alibaba: protocol == Protocol::AlibabaRpc,
        azure: protocol == Protocol::AzureRest,
    };
    // Its fields are text and flags, whose formatting cannot fail. askama drops the
    // template's last line break; a text file ends with one.
    skeleton.render().expect("the skeleton renders") + "\n"
}

/// What `templates/skeleton.yaml` fills in.
#[derive(Template)]
#[template(path = "skeleton.yaml", escape = "none")]
struct Skeleton<'a> {
    action: &'a str,
    name: &'a str,
    folder: &'a str,
    /// [`PLACEHOLDER`].
    p: &'a str,
    tencent: bool,
    alibaba: bool,
    azure: bool,
}

/// What `templates/vendor_skeleton.yaml` fills in.
#[derive(Template)]
#[template(path = "vendor_skeleton.yaml", escape = "none")]
struct VendorSkeleton<'a> {
    vendor: &'a str,
    /// [`PLACEHOLDER`].
    p: &'a str,
}

/// What `templates/service_skeleton.yaml` fills in.
#[derive(Template)]
#[template(path = "service_skeleton.yaml", escape = "none")]
struct ServiceSkeleton<'a> {
    vendor: &'a str,
    service: &'a str,
    /// The version as its folder names it, for the comments.
    folder_version: &'a str,
    /// Quoted, since a version such as `2018-03-01` may read as a date.
    version: &'a str,
    protocol: &'a str,
    /// [`PLACEHOLDER`].
    p: &'a str,
    tencent: bool,
    alibaba: bool,
}

#[cfg(test)]
mod tests {
    use super::version_order;

    #[test]
    fn versions_are_ordered_by_their_numbers() {
        // A service spells its versions one way: dates, or numbers after a `v`.
        let mut versions = ["v10.0", "v1.1", "v9.0", "v1.0", "v1.0-preview", "v01.2"];
        versions.sort_by(|a, b| version_order(a, b));
        assert_eq!(versions, ["v1.0-preview", "v1.0", "v1.1", "v01.2", "v9.0", "v10.0"]);
        let mut dates = ["2020-03-03", "2018-03-01", "2018-12-01"];
        dates.sort_by(|a, b| version_order(a, b));
        assert_eq!(dates, ["2018-03-01", "2018-12-01", "2020-03-03"]);
        // A pre-release comes before its release, and after the releases before it (Azure
        // spells both forms).
        let mut previews = ["v1.1-preview.10", "v1.0", "v1.1", "v1.1-preview.2", "v1.0-preview", "v1.1-preview.1"];
        previews.sort_by(|a, b| version_order(a, b));
        assert_eq!(previews, ["v1.0-preview", "v1.0", "v1.1-preview.1", "v1.1-preview.2", "v1.1-preview.10", "v1.1"]);
        let mut dates = ["2023-01-01", "2023-02-01-preview", "2023-01-01-preview", "2022-12-01"];
        dates.sort_by(|a, b| version_order(a, b));
        assert_eq!(dates, ["2022-12-01", "2023-01-01-preview", "2023-01-01", "2023-02-01-preview"]);
    }
}
