//! Checks the loaded specs and resolves them into the IR.
//!
//! Every semantic rule lives here. Problems are collected, never returned early, so one run
//! reports every mistake in every file; the IR is returned only when there are none.
//!
//! This file holds the entry points and the checker's shared plumbing; the rules are in one
//! module per part of a spec: `service` (vendor and service files), `action` (action files
//! and error tables), `fields` (fields and their types), `limits` (limits, defaults and
//! examples) and `examples` (the examples' values against the checked types); `layout` has
//! those on the files a folder must hold.

mod action;
mod examples;
mod fields;
mod layout;
mod limits;
mod service;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::convert::Infallible;
use std::io;
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, Source};
use crate::ir::{self, Ir};
use crate::load::{Kind, Loaded, LoadedTree, Preloaded, Spec, SpecFiles};
use crate::locate::KeyPath;
use crate::naming;
use crate::spec::{ActionSpec, Protocol, VendorSpec};

/// Checks a tree loaded beforehand; returns the IR, or every diagnostic (load errors included).
pub fn check(tree: LoadedTree) -> Result<Ir, Diagnostics> {
    check_all(&mut Preloaded::from(tree))
}

/// [`check_each`] keeping every service whole.
pub fn check_all(files: &mut dyn SpecFiles) -> Result<Ir, Diagnostics> {
    match check_each(files, &mut |service| Ok::<_, Infallible>(service)) {
        Ok(ir) => Ok(ir),
        Err(Failed::Specs(diagnostics)) => Err(diagnostics),
        Err(Failed::Visit(never)) => match never {},
    }
}

/// Why [`check_each`] returned no IR.
#[derive(Debug)]
pub enum Failed<E> {
    /// The specs have problems; every one is here.
    Specs(Diagnostics),
    /// The visitor failed.
    Visit(E),
}

/// The spec files of one service folder, relative to the workspace root, read and about to
/// be parsed. Each is parsed from the bytes read here, so a cache key made from them
/// describes exactly what gets checked, even if a file changes during the run.
#[derive(Debug, Clone, Copy)]
pub struct Folder<'a> {
    /// The vendor's `vendor.yaml`, if its folder has one, and what reading it gave.
    pub vendor: Option<(&'a Path, &'a io::Result<Vec<u8>>)>,
    /// The folder's `service.yaml`.
    pub service_file: &'a Path,
    /// The folder's action files, sorted.
    pub action_files: &'a [PathBuf],
    /// What reading the service file, then each action file, gave.
    pub contents: &'a [io::Result<Vec<u8>>],
}

impl Folder<'_> {
    /// Every file the folder's output depends on (vendor, service, actions), with what
    /// reading it gave.
    pub fn files(&self) -> Vec<(&Path, &io::Result<Vec<u8>>)> {
        let own = [self.service_file].into_iter().chain(self.action_files.iter().map(PathBuf::as_path));
        self.vendor.into_iter().chain(own.zip(self.contents)).collect()
    }
}

/// What [`check_each`] hands each service folder to. For each folder in turn, it calls
/// [`reuse`](Visitor::reuse), then, unless that said yes, [`visit`](Visitor::visit) with the
/// folder's service if it checked cleanly, before it goes on to the next folder: a visitor
/// may keep what `reuse` learnt about a folder (its cache key) for the `visit` that follows.
pub trait Visitor<E> {
    /// Asked before a folder is read: whether its output is known to be current (its files
    /// unchanged since they last checked cleanly and rendered). If so, only its service
    /// file is read, for the outline, and its actions are neither checked nor visited.
    fn reuse(&mut self, _folder: Folder<'_>) -> bool {
        false
    }

    /// Receives a checked service and returns what of it the IR keeps.
    fn visit(&mut self, service: ir::Service) -> Result<ir::Service, E>;
}

impl<E, F: FnMut(ir::Service) -> Result<ir::Service, E>> Visitor<E> for F {
    fn visit(&mut self, service: ir::Service) -> Result<ir::Service, E> {
        self(service)
    }
}

/// Checks the specs one service folder at a time: its files are read, checked and dropped
/// before the next folder is read, so memory does not grow with the tree. While nothing has
/// been reported, each checked service is handed to the visitor, which returns what of it
/// the IR keeps (everything, or only what the crate-level files need). After the first
/// problem the rest is still checked, so one run reports every mistake, but nothing more is
/// visited. A folder the visitor can [reuse](Visitor::reuse) is known to be clean and is
/// only outlined.
pub fn check_each<E>(files: &mut dyn SpecFiles, visitor: &mut dyn Visitor<E>) -> Result<Ir, Failed<E>> {
    let mut cx = Checker { diags: Vec::new(), empty_values: Vec::new(), patterns: HashMap::new() };
    let mut notes = Vec::new();
    let paths = files.paths().to_vec();
    // Folder of each vendor and service file; action files by folder.
    let mut vendor_files: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    let mut service_files: BTreeMap<PathBuf, PathBuf> = BTreeMap::new();
    let mut action_files: BTreeMap<PathBuf, Vec<PathBuf>> = BTreeMap::new();
    for path in &paths {
        let dir = path.parent().unwrap_or(Path::new("")).to_path_buf();
        match files.kind(path) {
            Kind::Vendor => {
                vendor_files.insert(dir, path.clone());
            }
            Kind::Service => {
                service_files.insert(dir, path.clone());
            }
            Kind::Action => action_files.entry(dir).or_default().push(path.clone()),
            // Loading reports where it is; there is nothing to check.
            Kind::Misplaced => {
                if let Err(found) = files.load(path) {
                    cx.diags.extend(found);
                }
            }
        }
    }

    // Files that exist but did not parse have their own diagnostic already; what depends on
    // them is still checked as far as it can be, and never reported as missing.
    let mut vendors: BTreeMap<&Path, (Source, VendorSpec)> = BTreeMap::new();
    let mut unparsed_vendors: BTreeSet<&Path> = BTreeSet::new();
    // Each vendor file is read once; its services' folders are keyed on these bytes.
    let mut vendor_bytes: BTreeMap<&Path, io::Result<Vec<u8>>> = BTreeMap::new();
    for (dir, path) in &vendor_files {
        let bytes = files.read(path);
        let copy = match &bytes {
            Ok(bytes) => Ok(bytes.clone()),
            Err(error) => Err(io::Error::new(error.kind(), error.to_string())),
        };
        vendor_bytes.insert(dir, bytes);
        match files.parse(path, copy) {
            Ok(Loaded { source, spec: Spec::Vendor(spec), empty_values }) => {
                cx.record_empty_values(empty_values);
                vendors.insert(dir, (source, spec));
            }
            Ok(_) => {}
            Err(found) => {
                cx.diags.extend(found);
                unparsed_vendors.insert(dir);
            }
        }
    }

    let mut by_vendor: BTreeMap<&Path, Vec<&Path>> =
        vendor_files.keys().map(|dir| (dir.as_path(), Vec::new())).collect();
    for dir in service_files.keys() {
        let vendor_dir = dir.parent().and_then(Path::parent).unwrap_or(Path::new(""));
        by_vendor.entry(vendor_dir).or_default().push(dir);
    }

    let mut ir_vendors = Vec::new();
    for (dir, service_dirs) in by_vendor {
        // A folder of actions without its `service.yaml` is reported as such instead.
        let has_actions = || action_files.keys().any(|d| d.parent().and_then(Path::parent) == Some(dir));
        if let (true, Some((source, _))) = (service_dirs.is_empty() && !has_actions(), vendors.get(dir)) {
            cx.diags.push(layout::vendor_without_services(source));
        }
        let mut vendor = match vendors.get(dir) {
            Some((source, spec)) => cx.vendor(source, spec, dir),
            // Check the services anyway, against a stand-in vendor without common codes.
            None => stand_in_vendor(dir),
        };
        for service_dir in service_dirs {
            let action_paths = action_files.remove(service_dir).unwrap_or_default();
            let service_path = &service_files[service_dir];
            let own_paths = || [service_path].into_iter().chain(&action_paths);
            let contents: Vec<io::Result<Vec<u8>>> = own_paths().map(|path| files.read(path)).collect();
            let vendor_file =
                vendor_files.get(dir).zip(vendor_bytes.get(dir)).map(|(path, bytes)| (path.as_path(), bytes));
            let folder = Folder {
                vendor: vendor_file,
                service_file: service_path,
                action_files: &action_paths,
                contents: &contents,
            };
            let reused = visitor.reuse(folder);
            let mut read = own_paths().zip(contents);
            let Some((_, service_bytes)) = read.next() else { continue };
            let service_file = files.parse(service_path, service_bytes);
            let mut actions = Vec::new();
            let mut every_action_loaded = !reused;
            // A reused folder's actions are neither parsed nor checked.
            for (path, bytes) in read.filter(|_| !reused) {
                match files.parse(path, bytes) {
                    Ok(Loaded { source, spec: Spec::Action(spec), empty_values }) => {
                        cx.record_empty_values(empty_values);
                        actions.push((source, spec));
                    }
                    Ok(_) => every_action_loaded = false,
                    Err(found) => {
                        every_action_loaded = false;
                        cx.diags.extend(found);
                        notes.push(format!(
                            "`{}` is checked further (types, limits, names, examples) once it loads",
                            slash_path(path)
                        ));
                    }
                }
            }
            let (service_source, service_spec) = match service_file {
                Ok(Loaded { source, spec: Spec::Service(spec), empty_values }) => {
                    cx.record_empty_values(empty_values);
                    (source, spec)
                }
                Ok(_) => continue,
                Err(found) => {
                    cx.diags.extend(found);
                    let waiting: Vec<String> = actions.iter().map(|(source, _)| slash_path(&source.rel)).collect();
                    if !waiting.is_empty() {
                        notes.push(format!(
                            "{} {} checked further once `{}` loads",
                            waiting.iter().map(|path| format!("`{path}`")).collect::<Vec<_>>().join(", "),
                            if waiting.len() == 1 { "is" } else { "are" },
                            slash_path(service_path)
                        ));
                    }
                    continue;
                }
            };
            if !vendors.contains_key(dir) && !unparsed_vendors.contains(dir) {
                cx.diags.push(layout::service_without_vendor_file(&service_source, dir));
            }
            if action_paths.is_empty() {
                cx.diags.push(layout::version_without_actions(&service_source, service_dir));
            }
            let actions: Vec<(&Source, &ActionSpec)> = actions.iter().map(|(source, spec)| (source, spec)).collect();
            let before = cx.diags.len();
            let service = cx.service(&service_source, &service_spec, service_dir, &vendor, &actions);
            // Only in an otherwise clean folder: a field whose type did not resolve (`FaceRec`)
            // would leave its model looking unused.
            // Without actions every model is unused, which the diagnostic above says already.
            if every_action_loaded && cx.diags.len() == before && !action_paths.is_empty() {
                cx.unused_models(&service_source, &service);
            }
            let same_module =
                |s: &&ir::Service| s.module == service.module && s.version_module == service.version_module;
            if let Some(other) = vendor.services.iter().find(same_module) {
                cx.diags.push(service_source.error(
                    &KeyPath::root().key("version"),
                    format!(
                        "version `{}` would be generated as module `{}`, which version `{}` of the same service already uses",
                        service.version, service.version_module, other.version
                    ),
                    Some("spell the version as the vendor does; two spellings of one version cannot both exist".into()),
                ));
            }
            let service = if reused {
                service.outline()
            } else if cx.diags.is_empty() {
                visitor.visit(service).map_err(Failed::Visit)?
            } else {
                service
            };
            vendor.services.push(service);
        }
        ir_vendors.push(vendor);
    }

    // Action folders without a service file.
    for (_, list) in action_files {
        for path in list {
            match files.load(&path) {
                Ok(Loaded { source, .. }) => cx.diags.push(layout::action_without_service_file(&source)),
                Err(found) => cx.diags.extend(found),
            }
        }
    }

    let spoken_of = |empty: &Diagnostic| {
        cx.diags.iter().any(|d| d.file == empty.file && d.path == empty.path && !cx.empty_values.contains(d))
    };
    let redundant: Vec<Diagnostic> = cx.empty_values.iter().filter(|empty| spoken_of(empty)).cloned().collect();
    cx.diags.retain(|d| !redundant.contains(d));
    let diagnostics = Diagnostics { errors: cx.diags, notes }.finish();
    if diagnostics.is_empty() {
        Ok(Ir { vendors: ir_vendors, spec_files: paths.len() })
    } else {
        Err(Failed::Specs(diagnostics))
    }
}

/// The vendor of services whose folder has no `vendor.yaml`: named after the folder, without
/// common codes.
fn stand_in_vendor(dir: &Path) -> ir::Vendor {
    let id = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    ir::Vendor {
        name: id.clone(),
        summary: String::new(),
        notes: None,
        module: naming::field_name(&id),
        feature: id.clone(),
        spec_file: slash_path(&dir.join("vendor.yaml")),
        common_errors: Vec::new(),
        services: Vec::new(),
        id,
    }
}

/// A path with `/` separators on every platform, as written in generated docs.
pub fn slash_path(path: &Path) -> String {
    path.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

struct Checker {
    diags: Vec<Diagnostic>,
    /// The loader's keys given no value, also among `diags`: one the checker speaks of at the
    /// same path (an empty summary is "the summary is empty") is left to it.
    empty_values: Vec<Diagnostic>,
    /// Patterns compiled once each, anchored to the whole value (an error for invalid ones).
    patterns: HashMap<String, Result<regex::Regex, String>>,
}

/// What a field belongs to; decides defaults and which keys make sense.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Request,
    Response,
    Model,
}

/// Where a list of fields sits: the service's protocol, what the fields belong to, and the
/// Rust name of their action or model, which prefixes the enums of their allowed values.
#[derive(Clone, Copy)]
struct Place<'a> {
    protocol: Protocol,
    role: Role,
    owner: &'a str,
}

/// Enums named by fields' `enum`, by name: their values, and the first field naming them
/// and its file.
type SharedEnums = HashMap<String, (Vec<(String, String)>, String, PathBuf)>;

/// Models of a service by spec name: Rust name.
type ModelTable = BTreeMap<String, String>;

impl Checker {
    fn push(&mut self, diagnostic: Diagnostic) {
        self.diags.push(diagnostic);
    }

    /// Records a loaded file's keys given no value as errors, which also keeps its service
    /// from being rendered.
    fn record_empty_values(&mut self, found: Vec<Diagnostic>) {
        self.diags.extend(found.iter().cloned());
        self.empty_values.extend(found);
    }

    /// Every documented thing has a summary: it becomes the first line of its docs.
    fn summary(&mut self, source: &Source, at: &KeyPath, text: &str) {
        if text.trim().is_empty() {
            // At the key: an empty value has no position of its own.
            let hint = Some("write one short sentence, in English".into());
            self.push(source.key_error(at, "the summary is empty", hint));
        }
    }

    /// An optional text that, when given, says something: `what` names it in the message.
    fn not_blank(&mut self, source: &Source, at: &KeyPath, text: Option<&str>, what: &str) {
        if text.is_some_and(|text| text.trim().is_empty()) {
            let hint = Some("write it as the vendor's page does, or remove the key".into());
            self.push(source.key_error(at, format!("{what} is empty"), hint));
        }
    }

    fn rust_type_name(&mut self, source: &Source, path: &KeyPath, name: &str, rust_name: Option<&str>) -> String {
        match rust_name {
            // Types and variants are UpperCamelCase, which no keyword is.
            Some(rust) if naming::is_identifier(rust) && naming::is_camel_case(rust) => rust.to_owned(),
            Some(rust) => {
                let message = if naming::is_identifier(rust) {
                    format!("`{rust}` is not an UpperCamelCase name, as Rust types and variants are")
                } else {
                    format!("`{rust}` is not a Rust identifier")
                };
                let hint = format!("for example `{}`", camel_example(rust));
                self.push(source.error(&path.key("rust_name"), message, Some(hint)));
                naming::type_name(name)
            }
            None => naming::type_name(name),
        }
    }
}

/// "line 12, `request[0]`": where an earlier entry of a list is, for messages about repeats.
fn position_of(source: &Source, path: &KeyPath) -> String {
    format!("line {}, `{path}`", source.locator().key_position(path).0)
}

/// An UpperCamelCase name the checker accepts, made from `name` (`Self` → `SelfValue`).
fn camel_example(name: &str) -> String {
    let camel: String = naming::type_name(name).chars().filter(|c| *c != '_').collect();
    let valid = |n: &str| naming::is_identifier(n) && naming::is_camel_case(n);
    if valid(&camel) {
        camel
    } else {
        format!("{}Value", camel.trim_start_matches(|c: char| !c.is_ascii_alphabetic()))
    }
}
