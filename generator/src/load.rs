//! Finds the spec files and parses each into its serde struct.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;

use crate::diag::{did_you_mean, Diagnostic, Source};
use crate::spec::{ActionSpec, ServiceSpec, VendorSpec};

/// What a spec file holds, by its place in the tree.
#[derive(Debug)]
pub enum Spec {
    Vendor(VendorSpec),
    Service(ServiceSpec),
    Action(ActionSpec),
}

/// A parsed spec file.
#[derive(Debug)]
pub struct Loaded {
    pub source: Source,
    pub spec: Spec,
}

/// The files of a spec tree: parsed ones, and diagnostics for those that did not parse.
#[derive(Debug, Default)]
pub struct LoadedTree {
    pub files: Vec<Loaded>,
    pub diagnostics: Vec<Diagnostic>,
    /// Every YAML file seen, parsed or not.
    pub seen: usize,
}

/// Reads every `*.yaml` below `root/specs_dir`. Paths in diagnostics are relative to `root`.
pub fn load_tree(root: &Path, specs_dir: &Path) -> std::io::Result<LoadedTree> {
    let mut paths = Vec::new();
    collect_yaml(&root.join(specs_dir), &mut paths)?;
    paths.sort();
    let mut tree = LoadedTree::default();
    for path in paths {
        let rel = path.strip_prefix(root).unwrap_or(&path).to_path_buf();
        let text = std::fs::read_to_string(&path)?;
        tree.seen += 1;
        let depth = rel.strip_prefix(specs_dir).map(|p| p.components().count()).unwrap_or(0);
        match load_file(&rel, text, depth) {
            Ok(loaded) => tree.files.push(loaded),
            Err(diagnostic) => tree.diagnostics.push(*diagnostic),
        }
    }
    Ok(tree)
}

fn collect_yaml(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_yaml(&path, out)?;
        } else if matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")) {
            out.push(path);
        }
    }
    Ok(())
}

/// Parses one file whose path below the specs folder has `depth` components.
pub fn load_file(rel: &Path, text: String, depth: usize) -> Result<Loaded, Box<Diagnostic>> {
    let source = Source::new(rel, text);
    let stem = rel.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
    let spec = match (depth, stem) {
        (2, "vendor") => parse(&source).map(Spec::Vendor),
        (4, "service") => parse(&source).map(Spec::Service),
        (4, _) => parse(&source).map(Spec::Action),
        _ => Err(source.at(
            1,
            1,
            String::new(),
            "spec file in an unexpected place",
            Some(
                "specs are `<vendor>/vendor.yaml`, `<vendor>/<service>/<version>/service.yaml` \
                 and `<vendor>/<service>/<version>/<Action>.yaml`"
                    .into(),
            ),
        )),
    };
    spec.map(|spec| Loaded { source, spec }).map_err(Box::new)
}

fn parse<T: DeserializeOwned>(source: &Source) -> Result<T, Diagnostic> {
    serde_yaml::from_str(&source.text).map_err(|error| yaml_diagnostic(source, &error))
}

/// Turns a serde_yaml error into a diagnostic with a position and, where possible, a hint.
fn yaml_diagnostic(source: &Source, error: &serde_yaml::Error) -> Diagnostic {
    let (line, column) = error.location().map(|l| (l.line(), l.column())).unwrap_or((1, 1));
    let text = error.to_string();
    // serde_yaml appends " at line L column C"; we print the position ourselves.
    let text = match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    };
    // And it prefixes the key path: "request[0].limits: unknown field ...".
    let (path, message) = match text.split_once(": ") {
        Some((path, rest)) if !path.contains(' ') => (path.to_owned(), rest.to_owned()),
        _ => (String::new(), text),
    };
    let (message, hint) = explain(&message);
    source.at(line, column, path, message, hint)
}

/// Rewords serde's messages in spec terms and adds hints.
fn explain(message: &str) -> (String, Option<String>) {
    let quoted: Vec<&str> = message.split('`').skip(1).step_by(2).collect();
    if let Some(rest) = message.strip_prefix("unknown field ") {
        let wrong = quoted.first().copied().unwrap_or(rest);
        let known = &quoted[1.min(quoted.len())..];
        let hint = did_you_mean(wrong, known.iter().copied())
            .unwrap_or_else(|| format!("known keys here: {}", known.join(", ")));
        return (format!("unknown key `{wrong}`"), Some(hint));
    }
    if let Some(rest) = message.strip_prefix("unknown variant ") {
        let wrong = quoted.first().copied().unwrap_or(rest);
        let known = &quoted[1.min(quoted.len())..];
        let hint = did_you_mean(wrong, known.iter().copied())
            .unwrap_or_else(|| format!("expected one of: {}", known.join(", ")));
        return (format!("unknown value `{wrong}`"), Some(hint));
    }
    if message.starts_with("missing field ") {
        let key = quoted.first().copied().unwrap_or("?");
        return (format!("missing required key `{key}`"), Some(format!("add `{key}:` here")));
    }
    if message.starts_with("invalid type") {
        return (
            message.replace("invalid type", "wrong value type"),
            Some("see specs/README.md for the type each key takes".into()),
        );
    }
    (message.to_owned(), None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_key_gets_position_and_suggestion() {
        let text = "vendor: x\nname: X\nsummary: s\ncommon_error: []\n".to_owned();
        let error = load_file(Path::new("specs/x/vendor.yaml"), text, 2).unwrap_err();
        assert_eq!((error.line, error.column), (4, 1));
        assert_eq!(error.message, "unknown key `common_error`");
        assert_eq!(error.hint.as_deref(), Some("did you mean `common_errors`?"));
    }

    #[test]
    fn missing_key_is_named() {
        let text = "vendor: x\nname: X\n".to_owned();
        let error = load_file(Path::new("specs/x/vendor.yaml"), text, 2).unwrap_err();
        assert_eq!(error.message, "missing required key `summary`");
    }
}
