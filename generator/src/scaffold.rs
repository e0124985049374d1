//! The skeleton of a new action's spec, which `cargo xtask new` writes for a maintainer to fill.
//!
//! Each fact the maintainer must copy from the vendor's page is written as [`PLACEHOLDER`],
//! which loading refuses, so an unfilled skeleton never reaches the generated crate.

use std::fmt;

use askama::Template;
use std::io;
use std::path::{Path, PathBuf};

use crate::load::{self, Loaded, Spec};
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
        if !plausible_action(action) {
            return Err(format!(
                "`{action}` is not an action name: it starts with an ASCII letter and holds only ASCII letters \
                 and digits, as the vendor's wire name does (`DeleteFace`)"
            ));
        }
        Ok(NewAction { folder: format!("{vendor}/{service}/{version}"), action: action.to_owned() })
    }

    /// The spec file to write, relative to the workspace root.
    pub fn file(&self) -> PathBuf {
        Path::new(crate::render::TARGETS[0].specs).join(&self.folder).join(format!("{}.yaml", self.action))
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

/// Writes the skeleton of `new` below `root` (a workspace root) as a new file and returns its
/// path relative to `root`. Refuses an existing file, which it never overwrites, and a
/// service folder without a `service.yaml` that loads, whose protocol shapes the skeleton.
pub fn write(root: &Path, new: &NewAction) -> Result<PathBuf, Error> {
    let file = new.file();
    if root.join(&file).symlink_metadata().is_ok() {
        return Err(Error::Refused(format!(
            "`{}` already exists, and `new` never overwrites a spec: edit it, or choose another name",
            file.display()
        )));
    }
    let service_file = file.with_file_name("service.yaml");
    let text = match std::fs::read_to_string(root.join(&service_file)) {
        Ok(text) => text,
        Err(error) if error.kind() == io::ErrorKind::NotFound => {
            return Err(Error::Refused(format!(
                "`{}` does not exist: an action needs its service version's file first (the `service.yaml` \
                 section of specs/README.md says what it holds)",
                service_file.display()
            )))
        }
        Err(error) => return Err(Error::Io(at(&service_file)(error))),
    };
    // Depth 4 below `specs/`: `<vendor>/<service>/<version>/service.yaml`.
    let service = match load::load_file(&service_file, text, 4) {
        Ok(Loaded { spec: Spec::Service(service), .. }) => service,
        other => {
            let why = other.err().map_or_else(String::new, |diagnostic| format!(":\n{diagnostic}"));
            return Err(Error::Refused(format!(
                "`{}` does not load, so the action's protocol is unknown; fix it first{why}",
                service_file.display()
            )));
        }
    };
    let target = root.join(&file);
    // `create_new` refuses a file that appeared since the check above, in the same step that
    // creates it; the skeleton is small enough to go in one write.
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&target)
        .and_then(|mut spec| io::Write::write_all(&mut spec, skeleton(new, &service).as_bytes()));
    written.map_err(|error| Error::Io(at(&target)(error)))?;
    Ok(file)
}

/// The skeleton of `new`, an action of `service`: every key a maintainer fills, laid out as
/// the real specs are, with comments saying where each fact comes from
/// (`templates/skeleton.yaml`, shaped by the service's protocol).
pub fn skeleton(new: &NewAction, service: &ServiceSpec) -> String {
    let skeleton = Skeleton {
        action: &new.action,
        name: &service.name,
        folder: &new.folder,
        p: PLACEHOLDER,
        tencent: service.protocol == Protocol::TencentApi3,
        alibaba: service.protocol == Protocol::AlibabaRpc,
        azure: service.protocol == Protocol::AzureRest,
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
