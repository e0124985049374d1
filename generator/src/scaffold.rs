//! The skeleton of a new action's spec, which `cargo xtask new` writes for a maintainer to fill.
//!
//! Each fact the maintainer must copy from the vendor's page is written as [`PLACEHOLDER`],
//! which loading refuses, so an unfilled skeleton never reaches the generated crate.

use std::fmt::{self, Write as _};
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
/// the real specs are, with comments saying where each fact comes from.
pub fn skeleton(new: &NewAction, service: &ServiceSpec) -> String {
    let p = PLACEHOLDER;
    let protocol = service.protocol;
    let azure = protocol == Protocol::AzureRest;
    let mut out = format!(
        "# {action}, an action of {name}\n\
         # ({folder}), as `cargo xtask new` wrote it.\n\
         # specs/README.md describes every key. Facts (wire names, types, limits, codes, example\n\
         # values) are copied exactly from the vendor's page of this action; prose (summary,\n\
         # description, notes) is written in our own words, in English. `cargo xtask gen` refuses\n\
         # the file while a `{p}` is left. These comments may go once it is filled in.\n\
         action: {action}\n",
        action = new.action,
        name = service.name,
        folder = new.folder,
    );
    if azure {
        out += "# The operation's name as the page prints it, if it differs from `action`:\n# title: \"...\"\n";
    }
    let _ = write!(
        out,
        "# One sentence: what the action does.\n\
         summary: {p}\n\
         # What a caller should know beyond the summary; remove it if there is nothing.\n\
         description: |\n  {p}\n"
    );
    if azure {
        out += "# The page's request line: the method, and the path below the service's endpoint (quoted),\n\
                # in which each `{name}` is a request parameter with `in: path`.\n";
        let _ = write!(out, "http:\n  method: {p}\n  path: {p}\n");
    }
    out += "# The page's rate limit, if it gives one (`per`: second, minute, hour or day; `scope` only\n\
            # when the limit does not always apply):\n\
            # rate_limits:\n\
            #   - requests: 20\n\
            #     per: second\n";
    let (common_parameters, location) = match protocol {
        Protocol::TencentApi3 => {
            ("\n  # The parameters every call carries (Action, Version, Region) are not listed.", "")
        }
        Protocol::AlibabaRpc => {
            ("\n  # The parameters every call carries (Action, Version, AccessKeyId, ...) are not listed.", "")
        }
        Protocol::AzureRest => {
            ("", "\n    # Where it travels: path, query, header, or body (with `content_type`).\n    in: query")
        }
    };
    let _ = write!(
        out,
        "request:\n  \
         # One entry per row of the page's request parameters, in its order: the wire name, a type\n  \
         # from specs/README.md's table (string, u64, list<string>, base64, url, a model of\n  \
         # service.yaml, ...) and the limits the page states. Remove `required` where the page says\n  \
         # the parameter is optional.{common_parameters}\n  \
         - name: {p}{location}\n    type: {p}\n    required: true\n    summary: {p}\n",
    );
    let (fields, request_id) = match protocol {
        Protocol::TencentApi3 => (
            "the members of its `Response`, which always\n  # holds `RequestId`",
            "Unique request identifier, needed when reporting a problem.",
        ),
        Protocol::AlibabaRpc => (
            "the fields of its body, which always holds\n  # `RequestId`",
            "Identifier of this call, for support requests.",
        ),
        Protocol::AzureRest => ("the fields of its success body (`response: []`\n  # when it has none)", ""),
    };
    let _ = write!(
        out,
        "response:\n  # One entry per field of the page's response: {fields}.\n  \
         - name: {p}\n    type: {p}\n    summary: {p}\n"
    );
    if !request_id.is_empty() {
        let _ = write!(out, "  - name: RequestId\n    type: string\n    required: true\n    summary: {request_id}\n");
    }
    let statuses = match protocol {
        Protocol::TencentApi3 => {
            "The vendor's common codes are in vendor.yaml, not here. Errors arrive with HTTP status\n  \
             # 200, so there is no `http_status`."
        }
        Protocol::AlibabaRpc | Protocol::AzureRest => "Add `http_status` where the page gives the code's HTTP status.",
    };
    let _ = write!(
        out,
        "errors:\n  \
         # One entry per row of the page's error-code table. Add `retry` (transient, throttling or\n  \
         # never) where the page or the code's description says.\n  \
         # {statuses}\n  \
         - code: {p}\n    summary: {p}\n"
    );
    let (request, body) = match protocol {
        Protocol::TencentApi3 => ("the request parameters as JSON", "`{\"Response\": {...}}`"),
        Protocol::AlibabaRpc => ("the request parameters as JSON", "a JSON object"),
        Protocol::AzureRest => ("the request's JSON body", "JSON"),
    };
    let no_body = if azure { "\n  # Remove `request` when the example sends no JSON body." } else { "" };
    let _ = write!(
        out,
        "examples:\n  \
         # The page's examples: a title in our words, {request}, and the\n  \
         # response's HTTP status and body, {body}, exactly as the page prints them.{no_body}\n  \
         - title: {p}\n    request: |\n      {p}\n    response:\n      status: 200\n      body: |\n        {p}\n\
         # Facts of the page with no key of their own, and the source of any fact not from the page\n\
         # (\"the vendor's API reference\"); remove it if there are none.\n\
         notes: |\n  {p}\n"
    );
    out
}
