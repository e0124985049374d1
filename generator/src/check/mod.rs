//! Checks the loaded specs and resolves them into the IR.
//!
//! Every semantic rule lives here. Problems are collected, never returned early, so one run
//! reports every mistake in every file; the IR is returned only when there are none.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::convert::Infallible;
use std::io;
use std::path::{Path, PathBuf};

use yaml_serde::Value;

use crate::diag::{did_you_mean, Diagnostic, Diagnostics, Source};
use crate::ir::{self, Ir, Type};
use crate::load::{Kind, Loaded, LoadedTree, Preloaded, Spec, SpecFiles};
use crate::locate::KeyPath;
use crate::naming;
use crate::render::describe;
use crate::spec::{
    ActionSpec, ErrorSpec, FieldSpec, LimitsSpec, Location, Protocol, RuleSpec, ServiceSpec, VendorSpec,
};
use crate::types::{self, Prim, TypeExpr};

/// Checks a tree loaded beforehand; returns the IR, or every diagnostic (load errors included).
pub fn check(tree: LoadedTree) -> Result<Ir, Diagnostics> {
    let seen = tree.seen;
    check_all(&mut Preloaded::from(tree)).map(|ir| Ir { spec_files: seen, ..ir })
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

/// What [`check_each`] hands each service folder to.
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
    let mut cx = Checker { diags: Vec::new(), patterns: HashMap::new() };
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
            Ok(Loaded { source, spec: Spec::Vendor(spec) }) => {
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
        // Such a vendor would be a module holding only its common codes, with a feature.
        // (A folder of actions without its `service.yaml` is reported as such instead.)
        let has_actions = || action_files.keys().any(|d| d.parent().and_then(Path::parent) == Some(dir));
        if let (true, Some((source, _))) = (service_dirs.is_empty() && !has_actions(), vendors.get(dir)) {
            cx.diags.push(
                source.at(
                    1,
                    1,
                    String::new(),
                    "this vendor has no services: no folder beside its `vendor.yaml` holds a `service.yaml`",
                    Some(
                        "add a service as `<service>/<version>/service.yaml` beside it (README: a new service \
                     version or vendor), or remove the folder"
                            .into(),
                    ),
                ),
            );
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
                    Ok(Loaded { source, spec: Spec::Action(spec) }) => actions.push((source, spec)),
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
                Ok(Loaded { source, spec: Spec::Service(spec) }) => (source, spec),
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
                cx.diags.push(service_source.at(
                    1,
                    1,
                    String::new(),
                    format!("no vendor file for this service: `{}` is missing", slash_path(&dir.join("vendor.yaml"))),
                    Some("every vendor folder needs a `vendor.yaml` (see specs/README.md)".into()),
                ));
            }
            // Such a folder would be an empty module and docs page, reachable by its feature.
            if action_paths.is_empty() {
                // `<vendor>/<service>/<version>`, as `new` takes it, whichever tree this is.
                let parts: Vec<_> = service_dir.components().rev().take(3).collect();
                let folder = slash_path(&parts.into_iter().rev().collect::<PathBuf>());
                cx.diags.push(service_source.at(
                    1,
                    1,
                    String::new(),
                    "this service version has no actions: no action file is beside its `service.yaml`",
                    Some(format!(
                        "add each action's spec beside it (`cargo xtask new {folder}/<Action>` writes a skeleton), \
                         or remove the folder"
                    )),
                ));
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
                Ok(Loaded { source, .. }) => cx.diags.push(source.at(
                    1,
                    1,
                    String::new(),
                    format!(
                        "no service file for this action: `{}` is missing",
                        slash_path(&path.with_file_name("service.yaml"))
                    ),
                    Some("add the service file (vendor, service, version, name, summary, protocol, endpoint, region)".into()),
                )),
                Err(found) => cx.diags.extend(found),
            }
        }
    }

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

    /// The `key` value of a file must equal the folder `levels_up` above the file's folder.
    fn expect_folder(&mut self, source: &Source, key: &str, value: &str, dir: &Path, levels_up: usize) {
        let folder = dir.ancestors().nth(levels_up).and_then(Path::file_name).and_then(|n| n.to_str());
        if folder != Some(value) {
            self.push(source.error(
                &KeyPath::root().key(key),
                format!("`{key}: {value}` does not match its folder `{}`", folder.unwrap_or("")),
                Some(format!("move the file or write `{key}: {}`", folder.unwrap_or(""))),
            ));
        }
        if key != "version"
            && !(value.starts_with(|c: char| c.is_ascii_lowercase())
                && value.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
        {
            self.push(source.error(
                &KeyPath::root().key(key),
                format!("`{value}` is not a lowercase identifier"),
                Some("use lowercase ASCII letters and digits, starting with a letter".into()),
            ));
        }
        // Names the crate already uses: a module `mod` would meet its parent's `mod.rs`, a
        // vendor module `runtime` the runtime's re-export, a vendor feature the crate's own.
        let taken = match key {
            "vendor" => ["mod", "runtime", "client", "default"].contains(&value),
            "service" => value == "mod",
            _ => false,
        };
        if taken {
            self.push(source.error(
                &KeyPath::root().key(key),
                format!("`{value}` is a name the generated crate already uses for itself"),
                Some("give the folder and the key another name".into()),
            ));
        }
    }

    fn vendor(&mut self, source: &Source, spec: &VendorSpec, dir: &Path) -> ir::Vendor {
        let mut errors = self.errors(source, &KeyPath::root().key("common_errors"), &spec.common_errors, None);
        for (index, error) in errors.iter_mut().enumerate() {
            error.origin = ir::ErrorOrigin::Vendor(index);
        }
        self.expect_folder(source, "vendor", &spec.vendor, dir, 0);
        self.summary(source, &KeyPath::root().key("summary"), &spec.summary);
        ir::Vendor {
            id: spec.vendor.clone(),
            name: spec.name.clone(),
            summary: spec.summary.clone(),
            notes: spec.notes.clone(),
            module: naming::field_name(&spec.vendor),
            feature: spec.vendor.clone(),
            spec_file: slash_path(&source.rel),
            common_errors: errors,
            services: Vec::new(),
        }
    }

    fn service(
        &mut self,
        source: &Source,
        spec: &ServiceSpec,
        dir: &Path,
        vendor: &ir::Vendor,
        actions: &[(&Source, &ActionSpec)],
    ) -> ir::Service {
        let root = KeyPath::root();
        self.expect_folder(source, "vendor", &spec.vendor, dir, 2);
        self.expect_folder(source, "service", &spec.service, dir, 1);
        // A service's feature is `<vendor>-<service>`; the crate has a feature of that form.
        if format!("{}-{}", vendor.id, spec.service) == crate::render::rust::FULL_SERDE {
            self.push(source.error(
                &KeyPath::root().key("service"),
                format!(
                    "the service's feature would be `{}`, the crate's own feature",
                    crate::render::rust::FULL_SERDE
                ),
                Some("give the folder and the key another name".into()),
            ));
        }
        self.expect_folder(source, "version", &spec.version, dir, 0);
        self.summary(source, &root.key("summary"), &spec.summary);
        for (i, model) in spec.models.iter().enumerate() {
            self.summary(source, &root.key("models").index(i).key("summary"), &model.summary);
        }
        if spec.endpoint.trim().is_empty() {
            self.push(source.error(&root.key("endpoint"), "the endpoint is empty", None));
        } else {
            self.endpoint(source, spec);
        }
        let mut seen_regions = BTreeSet::new();
        for (i, region) in spec.regions.iter().enumerate() {
            if !cloudbind_runtime::is_region_name(region) {
                self.push(source.error(
                    &root.key("regions").index(i),
                    format!(
                        "region `{region}` is not a host label (letters, digits and inner hyphens), as regions are"
                    ),
                    Some("write it as the vendor's host names do (`ap-guangzhou`)".into()),
                ));
            } else if !seen_regions.insert(region) {
                self.push(source.error(
                    &root.key("regions").index(i),
                    format!("region `{region}` is listed twice"),
                    None,
                ));
            }
        }
        if spec.region == crate::spec::RegionPolicy::None && !spec.regions.is_empty() {
            self.push(source.key_error(
                &root.key("regions"),
                "`regions` lists regions of a service that takes none (`region: none`)",
                Some("remove `regions`, or set `region` to `optional` or `required`".into()),
            ));
        }

        // Common codes: the vendor's, then the service's own (which override).
        let mut own = self.errors(source, &root.key("common_errors"), &spec.common_errors, None);
        for (index, error) in own.iter_mut().enumerate() {
            error.origin = ir::ErrorOrigin::Service(index);
        }
        let mut common: Vec<ir::ErrorCode> =
            vendor.common_errors.iter().filter(|e| !own.iter().any(|o| o.code == e.code)).cloned().collect();
        common.extend(own);

        // Model names first, so fields can refer to any model.
        let mut table = ModelTable::new();
        for (i, model) in spec.models.iter().enumerate() {
            let path = root.key("models").index(i);
            let rust_name = self.rust_type_name(source, &path, &model.name, model.rust_name.as_deref());
            if table.insert(model.name.clone(), rust_name).is_some() {
                self.push(source.error(
                    &path.key("name"),
                    format!("model `{}` is defined twice", model.name),
                    Some("rename or remove one of them".into()),
                ));
            }
        }
        let models: Vec<ir::Model> = spec
            .models
            .iter()
            .enumerate()
            .map(|(i, model)| {
                let path = root.key("models").index(i);
                let rust_name = table.get(&model.name).cloned().unwrap_or_default();
                ir::Model {
                    name: model.name.clone(),
                    summary: model.summary.clone(),
                    description: model.description.clone(),
                    notes: model.notes.clone(),
                    fields: self.fields(
                        source,
                        &path.key("fields"),
                        &model.fields,
                        &table,
                        Place { protocol: spec.protocol, role: Role::Model, owner: &rust_name },
                    ),
                    rust_name,
                }
            })
            .collect();

        self.recursion(source, &models);

        let mut ir_actions: Vec<ir::Action> = actions
            .iter()
            .map(|(action_source, action)| {
                let checked = self.action(action_source, action, spec.protocol, &table, &common);
                // Examples against the types, which takes the service's checked models.
                let found =
                    crate::examples::check(action_source, action, &checked, spec.protocol, &models, &spec.models);
                self.diags.extend(found);
                checked
            })
            .collect();
        ir_actions.sort_by(|a, b| a.name.cmp(&b.name));

        let service = ir::Service {
            vendor_id: vendor.id.clone(),
            vendor_name: vendor.name.clone(),
            vendor_notes: vendor.notes.clone(),
            vendor_module: vendor.module.clone(),
            id: spec.service.clone(),
            version: spec.version.clone(),
            name: spec.name.clone(),
            summary: spec.summary.clone(),
            notes: spec.notes.clone(),
            protocol: spec.protocol,
            endpoint: spec.endpoint.clone(),
            region: spec.region,
            regions: spec.regions.clone(),
            module: naming::field_name(&spec.service),
            version_module: naming::version_module(&spec.version),
            feature: format!("{}-{}", vendor.id, spec.service),
            spec_file: slash_path(&source.rel),
            common_errors: common,
            models,
            actions: ir_actions,
        };
        self.module_names(source, &service, actions);
        service
    }

    /// A model that contains itself other than through a list would have infinite size.
    fn recursion(&mut self, source: &Source, models: &[ir::Model]) {
        // Edges model -> model through fields that hold the model inline (not in a list).
        fn inline_model(ty: &Type) -> Option<&str> {
            match ty {
                Type::Model { name, .. } => Some(name),
                _ => None,
            }
        }
        for (i, start) in models.iter().enumerate() {
            // Depth-first search from `start` for a way back to it.
            let mut stack: Vec<(&str, Vec<String>)> = vec![(start.name.as_str(), Vec::new())];
            let mut seen = BTreeSet::new();
            while let Some((name, trail)) = stack.pop() {
                let Some(model) = models.iter().find(|m| m.name == name) else { continue };
                for field in &model.fields {
                    let Some(next) = inline_model(&field.ty) else { continue };
                    let mut trail = trail.clone();
                    trail.push(format!("{}.{}", model.name, field.wire_name));
                    if next == start.name {
                        let first = start.fields.iter().position(|f| trail[0].ends_with(&format!(".{}", f.wire_name)));
                        let path =
                            KeyPath::root().key("models").index(i).key("fields").index(first.unwrap_or(0)).key("type");
                        self.push(source.error(
                            &path,
                            format!("model `{}` contains itself without a list: {}", start.name, trail.join(" → ")),
                            Some("make one field on the cycle a `list<...>`, or break the cycle".into()),
                        ));
                        stack.clear();
                        break;
                    }
                    if seen.insert(next.to_owned()) {
                        stack.push((next, trail));
                    }
                }
            }
        }
    }

    /// Every type a version module exports must have its own name.
    fn module_names(&mut self, source: &Source, service: &ir::Service, actions: &[(&Source, &ActionSpec)]) {
        /// What claims a name, for the hint on how to free it.
        #[derive(Clone, Copy, PartialEq)]
        enum Owner {
            Service,
            Model,
            Action,
            ResultCodes,
            /// The enum of a field's allowed values; `named` by the field's `enum` key.
            Values {
                named: bool,
            },
        }
        let mut seen: HashMap<String, (String, Owner, PathBuf)> = HashMap::new();
        // Two actions named alike collide in all five of their names: one report is enough.
        let mut reported: BTreeSet<(String, String)> = BTreeSet::new();
        let mut shared = SharedEnums::new();
        let mut claim = |cx: &mut Checker, name: &str, what: String, owner: Owner, at: (&Source, KeyPath)| {
            let Some((first, first_owner, file)) = seen.get(name) else {
                seen.insert(name.to_owned(), (what, owner, at.0.rel.clone()));
                return;
            };
            if !reported.insert((what.clone(), first.clone())) {
                return;
            }
            let place = if *file == at.0.rel { String::new() } else { format!(" (in `{}`)", slash_path(file)) };
            // The error is reported where `owner` claims the name; an action cannot be
            // renamed, so then the hint is about the other claimant.
            let renamed = if matches!(owner, Owner::Action | Owner::Service) { *first_owner } else { owner };
            let hint = match renamed {
                Owner::Model => "give the model a `rust_name`",
                Owner::ResultCodes => "give the result codes another name with `enum`",
                Owner::Values { named: true } => "choose another name for `enum`",
                Owner::Values { named: false } => {
                    "the enum of a field's allowed values is named after its action or model and the \
                     field's Rust name: name it with the field's `enum` key (a response field with the \
                     same values as the request field of its name shares that field's enum)"
                }
                Owner::Action | Owner::Service => {
                    "actions have no `rust_name`: two actions whose names differ only in case or \
                     punctuation cannot share a version module"
                }
            };
            cx.push(at.0.error(
                &at.1,
                format!("{what} would be generated as `{name}`, which {first}{place} already uses"),
                Some(hint.into()),
            ));
        };
        // A named enum is claimed at its `enum` key, one named after its field at the field.
        let values_claim = |values: &ir::ValueEnum| {
            (Owner::Values { named: values.shared }, if values.shared { "enum" } else { "name" })
        };
        let root = || (source, KeyPath::root());
        claim(self, "SERVICE", "the service constant".into(), Owner::Service, root());
        for (i, model) in service.models.iter().enumerate() {
            let at = (source, KeyPath::root().key("models").index(i).key("name"));
            claim(self, &model.rust_name, format!("model `{}`", model.name), Owner::Model, at);
        }
        for action in &service.actions {
            let Some((action_source, _)) = actions.iter().find(|(_, a)| a.action == action.name) else {
                continue;
            };
            let at = || (*action_source, KeyPath::root().key("action"));
            for name in [
                &action.marker,
                &action.request_type,
                &action.response_type,
                &action.error_code_type,
                &action.error_type,
            ] {
                claim(self, name, format!("action `{}`", action.name), Owner::Action, at());
            }
            for (i, field) in action.response.iter().enumerate() {
                if let Some(codes) = &field.result_codes {
                    let at = (*action_source, KeyPath::root().key("response").index(i).key("result_codes").key("enum"));
                    let what = format!("the result codes of `{}`", field.wire_name);
                    claim(self, &codes.enum_name, what, Owner::ResultCodes, at);
                }
            }
            for (key, fields) in [("request", &action.request), ("response", &action.response)] {
                for (i, field) in fields.iter().enumerate() {
                    if let Some(values) = &field.values {
                        // A response field echoing a request field has the request field's enum.
                        let echoed = key == "response"
                            && action.request.iter().filter_map(|f| f.values.as_ref()).any(|request| request == values);
                        if echoed {
                            continue;
                        }
                        let at = (*action_source, KeyPath::root().key(key).index(i));
                        let what = format!("the allowed values of {key} field `{}`", field.wire_name);
                        if self.first_to_share(&mut shared, values, &what, &at) {
                            let (owner, key) = values_claim(values);
                            claim(self, &values.enum_name, what, owner, (at.0, at.1.key(key)));
                        }
                    }
                }
            }
        }
        for (i, model) in service.models.iter().enumerate() {
            for (j, field) in model.fields.iter().enumerate() {
                if let Some(codes) = &field.result_codes {
                    let at = (
                        source,
                        KeyPath::root().key("models").index(i).key("fields").index(j).key("result_codes").key("enum"),
                    );
                    let what = format!("the result codes of `{}`", field.wire_name);
                    claim(self, &codes.enum_name, what, Owner::ResultCodes, at);
                }
                if let Some(values) = &field.values {
                    let at = (source, KeyPath::root().key("models").index(i).key("fields").index(j));
                    let what = format!("the allowed values of `{}.{}`", model.name, field.wire_name);
                    if self.first_to_share(&mut shared, values, &what, &at) {
                        let (owner, key) = values_claim(values);
                        claim(self, &values.enum_name, what, owner, (at.0, at.1.key(key)));
                    }
                }
            }
        }
    }

    /// Reports the models no action of the service reaches: a model left behind, or a field
    /// that should have had its type.
    fn unused_models(&mut self, source: &Source, service: &ir::Service) {
        let seen = service.models_reached(service.actions.iter().flat_map(|action| {
            let fields = action.request.iter().chain(&action.response);
            fields.map(|f| &f.ty).chain(&action.response_body)
        }));
        for (i, model) in service.models.iter().enumerate() {
            if !seen.contains(model.name.as_str()) {
                self.push(source.error(
                    &KeyPath::root().key("models").index(i).key("name"),
                    format!("model `{}` is not used by any action of the service", model.name),
                    Some("remove it, or give the field that holds it its type".into()),
                ));
            }
        }
    }

    /// Reports allowed values whose variants would share a name; returns whether there are none.
    fn variant_collisions(&mut self, source: &Source, at: &KeyPath, field: &ir::Field, values: &ir::ValueEnum) -> bool {
        let (key, limits) = value_limits(field);
        let mut clean = true;
        for (i, (text, name)) in values.variants.iter().enumerate() {
            let Some((first, _)) = values.variants[..i].iter().find(|(_, other)| other == name) else { continue };
            clean = false;
            let index = limits.allowed.iter().position(|value| value.as_str() == Some(text)).unwrap_or(i);
            let hint = if limits.variant_names.contains_key(text) {
                "choose another `name` for this value".to_owned()
            } else {
                format!("name this one: `{{value: '{}', name: <UpperCamelCase>}}`", text.replace('\'', "''"))
            };
            self.push(source.error(
                &at.key(key).key("allowed").index(index),
                format!("allowed values `{first}` and `{text}` would both be the variant `{name}`"),
                Some(hint),
            ));
        }
        clean
    }

    /// Whether the enum of `values` is to be claimed as a generated name: yes unless it is a
    /// shared enum (named by `enum`) an earlier field claimed already. Fields that share an
    /// enum must list the same values.
    fn first_to_share(
        &mut self,
        shared: &mut SharedEnums,
        values: &ir::ValueEnum,
        what: &str,
        (source, at): &(&Source, KeyPath),
    ) -> bool {
        if !values.shared {
            return true;
        }
        let Some((variants, first, file)) = shared.get(&values.enum_name) else {
            shared.insert(values.enum_name.clone(), (values.variants.clone(), what.to_owned(), source.rel.clone()));
            return true;
        };
        let place = if *file == source.rel { String::new() } else { format!(" (in `{}`)", slash_path(file)) };
        if *variants != values.variants {
            let list = |variants: &[(String, String)]| {
                variants.iter().map(|(text, _)| format!("`{text}`")).collect::<Vec<_>>().join(", ")
            };
            self.push(source.error(
                &at.key("enum"),
                format!(
                    "{what} share the enum `{}` with {first}{place}, but list other values: {} against {}",
                    values.enum_name,
                    list(&values.variants),
                    list(variants)
                ),
                Some("list the same values in the same order, or name another enum".into()),
            ));
        }
        false
    }

    /// The endpoint as the runtime uses it: the RPC styles take a host (with `{region}` filled
    /// in where the service takes a region), `azure-rest` a base URL.
    fn endpoint(&mut self, source: &Source, spec: &ServiceSpec) {
        let at = KeyPath::root().key("endpoint");
        let endpoint = spec.endpoint.as_str();
        let azure = Protocol::AzureRest.name();
        let problem = match spec.protocol {
            Protocol::AzureRest if !endpoint.starts_with("https://") && !endpoint.starts_with("http://") => Some((
                format!("an `{azure}` endpoint is a base URL with its scheme"),
                "write it as `https://host/base/path`",
            )),
            Protocol::AzureRest if endpoint.contains("{region}") => Some((
                "`{region}` is filled in only in the hosts of RPC-style services".to_owned(),
                "write the URL of one region",
            )),
            Protocol::AzureRest => None,
            _ if endpoint.contains("://") || endpoint.trim_end_matches('/').contains('/') => Some((
                "an RPC-style endpoint is a host alone: requests always go to `POST /`".to_owned(),
                "write the host only",
            )),
            _ if endpoint.contains("{region}") && spec.region == crate::spec::RegionPolicy::None => Some((
                "the host has `{region}`, but the service takes no region (`region: none`)".to_owned(),
                "set `region: required`, or write the host of one region",
            )),
            _ => None,
        };
        // The runtime's own rule, with a region that is a host label as any listed one is.
        let builds = || {
            cloudbind_runtime::request::is_endpoint(
                &endpoint.replace("{region}", "region"),
                spec.protocol == Protocol::AzureRest,
            )
        };
        if endpoint.chars().any(char::is_whitespace) {
            self.push(source.error(&at, "the endpoint has white space", None));
        } else if let Some((message, hint)) = problem {
            self.push(source.error(&at, message, Some(hint.into())));
        } else if !builds() {
            self.push(source.error(
                &at,
                format!(
                    "the endpoint is not a host name or IP address with an optional port (and, for `{azure}`, a path)"
                ),
                Some("write it as the vendor's page does: no query or user info, a port from 1 to 65535".into()),
            ));
        }
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

    fn action(
        &mut self,
        source: &Source,
        spec: &ActionSpec,
        protocol: Protocol,
        models: &ModelTable,
        common: &[ir::ErrorCode],
    ) -> ir::Action {
        let root = KeyPath::root();
        let stem = source.rel.file_stem().and_then(|s| s.to_str()).unwrap_or_default();
        if spec.action != stem {
            self.push(source.error(
                &root.key("action"),
                format!("action `{}` is in a file named `{stem}.yaml`", spec.action),
                // A typo in the key is as likely as a misnamed file, as for the folders' keys.
                Some(format!("rename the file to `{}.yaml`, or write `action: {stem}`", spec.action)),
            ));
        }
        self.summary(source, &root.key("summary"), &spec.summary);
        // A title or page name given empty would render as an empty heading or code span.
        self.not_blank(source, &root.key("title"), spec.title.as_deref(), "the title");
        if !naming::is_identifier(&spec.action) {
            self.push(source.error(
                &root.key("action"),
                format!("action name `{}` is not an identifier", spec.action),
                Some("use the vendor's action name without spaces or punctuation".into()),
            ));
        }
        let marker = naming::type_name(&spec.action);
        let request = self.fields(
            source,
            &root.key("request"),
            &spec.request,
            models,
            Place { protocol, role: Role::Request, owner: &marker },
        );
        let mut response = self.fields(
            source,
            &root.key("response"),
            &spec.response,
            models,
            Place { protocol, role: Role::Response, owner: &marker },
        );
        // A response field echoing a request field (the same values, no `enum` of its own, and
        // the same wire name or the same Rust one) holds the request field's enum: the same
        // `ValueEnum`, which the name claims and rendering then see as one.
        for field in &mut response {
            let Some(values) = field.values.as_ref().filter(|v| !v.shared) else { continue };
            let echoed = request.iter().find_map(|r| {
                let theirs = r.values.as_ref()?;
                let same_field = r.wire_name == field.wire_name || theirs.enum_name == values.enum_name;
                (same_field && theirs.variants == values.variants).then_some(theirs)
            });
            if let Some(echoed) = echoed {
                field.values = Some(echoed.clone());
            }
        }
        let response_body = spec.response_body.as_ref().and_then(|text| {
            let at = root.key("response_body");
            let ty = self.resolve_type(source, &at, text, models)?;
            let problem = if protocol != Protocol::AzureRest {
                Some((
                    format!("only an `{}` response can be a bare JSON list", Protocol::AzureRest.name()),
                    "describe the response's fields under `response`",
                ))
            } else if !spec.response.is_empty() {
                Some(("`response_body` takes the place of `response` fields".to_owned(), "write `response: []`"))
            } else if !matches!(ty, Type::List(_)) {
                Some((
                    "`response_body` is for a response that is a JSON list".to_owned(),
                    "write `list<...>`; an object's fields go under `response`",
                ))
            } else {
                None
            };
            match problem {
                Some((message, hint)) => {
                    self.push(source.error(&at, message, Some(hint.into())));
                    None
                }
                None => Some(ty),
            }
        });
        let (method, path) = self.http(source, spec, protocol, &request);
        // A binary parameter is the whole body, so there can be only one.
        for (i, field) in request.iter().enumerate().filter(|(_, f)| !f.serialized()).skip(1) {
            self.push(source.error(
                &root.key("request").index(i).key("type"),
                format!("`{}` is a second `binary` parameter; only one can be the request body", field.wire_name),
                None,
            ));
        }
        let rules = self.rules(source, &spec.rules, &request, &spec.request);
        // A raw body leaves no room for JSON body parameters: a rule must keep them apart.
        if let Some(raw) = request.iter().find(|f| !f.serialized()) {
            let json: Vec<&str> = (request.iter())
                .filter(|f| f.serialized() && f.location == Location::Body)
                .map(|f| f.wire_name.as_str())
                .collect();
            let apart = rules.iter().any(|rule| match rule {
                ir::Rule::ExactlyOne(group) => {
                    group.contains(&raw.wire_name) && json.iter().all(|name| group.iter().any(|g| g == name))
                }
                _ => false,
            });
            if !json.is_empty() && !apart {
                let mut group = json.clone();
                group.push(&raw.wire_name);
                self.push(source.key_error(
                    &root.key("rules"),
                    format!(
                        "`{}` is the whole body, so it cannot be sent with the JSON body parameters {}",
                        raw.wire_name,
                        json.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                    ),
                    Some(format!("add the rule `exactly_one: [{}]`", group.join(", "))),
                ));
            }
        }

        if spec.errors.is_empty() {
            self.push(source.error(
                &root.key("errors"),
                "the error-code table is empty",
                Some("list the codes of the page; every action documents at least one".into()),
            ));
        }
        let own = self.errors(source, &root.key("errors"), &spec.errors, Some(common));
        let mut errors = own;
        errors.extend(common.iter().filter(|c| !errors.iter().any(|e| e.code == c.code)).cloned().collect::<Vec<_>>());

        let examples = spec
            .examples
            .iter()
            .enumerate()
            .map(|(i, example)| {
                let path = root.key("examples").index(i);
                if let Some(text) = &example.request {
                    match serde_json::from_str::<serde_json::Value>(text) {
                        // Its keys and values are checked against the types by `examples`.
                        Ok(serde_json::Value::Object(_)) => {}
                        Ok(_) => self.push(source.error(
                            &path.key("request"),
                            "the example request is not a JSON object",
                            Some(
                                "write the parameters as one JSON object (`{\"Name\": ...}`); a page that shows \
                                 another form of the request is described in `request_note`"
                                    .into(),
                            ),
                        )),
                        Err(e) => self.push(json_error(source, &path.key("request"), "the example request", text, &e)),
                    }
                }
                match serde_json::from_str::<serde_json::Value>(&example.response.body) {
                    // An empty success body (an Azure DELETE) is what the runtime reads as such.
                    Err(_) if example.response.body.trim().is_empty() => {}
                    Err(e) => {
                        let at = path.key("response").key("body");
                        self.push(json_error(source, &at, "the example response body", &example.response.body, &e))
                    }
                    Ok(body) => {
                        let documented = |code: &str| errors.iter().any(|e| e.code == code);
                        let code = ir::example_error_code(protocol, example.response.status, &body, documented);
                        if let Some(code) = code.filter(|code| !documented(code)) {
                            self.push(source.error(
                                &path.key("response").key("body"),
                                format!("the example's error code `{code}` is not in the action's error table"),
                                Some("add it to `errors:` (saying where it comes from in `notes`), or fix the example".into()),
                            ));
                        }
                        // Tencent's API answers every call with 200, so a `Response` under another
                        // status was copied wrong: the runtime reads a result there as a bare
                        // status, and an error is documented with a status it never has.
                        let answer = (protocol == Protocol::TencentApi3).then(|| body.get("Response")).flatten();
                        let answer = answer.map(|response| match ir::tencent_error(response) {
                            Some(_) => "error",
                            None => "result",
                        });
                        if let (Some(answer), Some(status)) =
                            (answer, example.response.status.filter(|&status| status != 200))
                        {
                            self.push(source.error(
                                &path.key("response").key("status"),
                                format!(
                                    "the example shows a Tencent Cloud API 3.0 {answer} under HTTP status {status}, \
                                     but the API sends every answer with 200"
                                ),
                                Some(TENCENT_STATUS_HINT.into()),
                            ));
                        }
                    }
                }
                ir::Example {
                    title: example.title.clone(),
                    request: example.request.clone(),
                    request_note: example.request_note.clone(),
                    status: example.response.status,
                    body: example.response.body.clone(),
                }
            })
            .collect();

        ir::Action {
            name: spec.action.clone(),
            title: spec.title.clone(),
            summary: spec.summary.clone(),
            description: spec.description.clone(),
            notes: spec.notes.clone(),
            spec_file: slash_path(&source.rel),
            module: naming::action_module(&spec.action),
            request_type: format!("{marker}Request"),
            response_type: format!("{marker}Response"),
            error_code_type: format!("{marker}ErrorCode"),
            error_type: format!("{marker}ServiceError"),
            marker,
            method,
            path,
            rate_limits: self.rate_limits(source, spec),
            request,
            response,
            response_body,
            rules,
            errors,
            examples,
        }
    }

    fn rate_limits(&mut self, source: &Source, spec: &ActionSpec) -> Vec<ir::RateLimit> {
        let mut out: Vec<ir::RateLimit> = Vec::new();
        for (i, r) in spec.rate_limits.iter().enumerate() {
            let at = KeyPath::root().key("rate_limits").index(i);
            let limit = ir::RateLimit { requests: r.requests, per: r.per, scope: r.scope.clone() };
            if r.requests == 0 {
                self.push(source.error(&at.key("requests"), "a rate limit of 0 requests allows nothing", None));
            } else if out.iter().any(|o| o.per == limit.per && o.scope == limit.scope) {
                self.push(source.error(
                    &at,
                    "a second rate limit for the same period and scope",
                    Some("give each limit its `scope`, or keep one".into()),
                ));
            }
            out.push(limit);
        }
        out
    }

    fn http(
        &mut self,
        source: &Source,
        spec: &ActionSpec,
        protocol: Protocol,
        request: &[ir::Field],
    ) -> (String, String) {
        let root = KeyPath::root();
        let Some(http) = &spec.http else {
            if protocol == Protocol::AzureRest {
                self.push(source.key_error(
                    &root.key("action"),
                    format!("an `{}` action needs `http: {{method, path}}`", Protocol::AzureRest.name()),
                    Some("add `http: {method: POST, path: /...}`".into()),
                ));
            }
            return ("POST".into(), "/".into());
        };
        if protocol != Protocol::AzureRest {
            self.push(source.key_error(
                &root.key("http"),
                format!("`http` is only for `{}` services; RPC styles always `POST /`", Protocol::AzureRest.name()),
                Some("remove the `http` key".into()),
            ));
        }
        if !["GET", "POST", "PUT", "PATCH", "DELETE"].contains(&http.method.as_str()) {
            self.push(source.error(
                &root.key("http").key("method"),
                format!("`{}` is not an HTTP method", http.method),
                Some("use GET, POST, PUT, PATCH or DELETE".into()),
            ));
        }
        let path_at = root.key("http").key("path");
        if !http.path.starts_with('/') {
            self.push(source.error(
                &path_at,
                format!("the path `{}` does not start with `/`", http.path),
                Some("write it from the `/` after the service's endpoint".into()),
            ));
        }
        let braces_pair = http.path.split('{').skip(1).all(|part| part.matches('}').count() == 1)
            && http.path.split('{').next().is_some_and(|head| !head.contains('}'));
        if !braces_pair || http.path.contains(['?', '#']) {
            self.push(source.error(
                &path_at,
                format!("the path `{}` is not a plain path with `{{name}}` placeholders", http.path),
                Some("close every `{`, and give query parameters `in: query` instead of writing them here".into()),
            ));
        }
        if matches!(http.method.as_str(), "GET" | "DELETE") {
            for (i, field) in request.iter().enumerate().filter(|(_, f)| f.location == Location::Body) {
                self.push(source.error(
                    &root.key("request").index(i).key("in"),
                    format!("a {} request has no body, so `{}` cannot travel in it", http.method, field.wire_name),
                    Some("give it `in: query`, or fix the method".into()),
                ));
            }
        }
        let placeholders: Vec<&str> =
            http.path.split('{').skip(1).filter_map(|part| part.split_once('}').map(|(name, _)| name)).collect();
        for name in &placeholders {
            if !request.iter().any(|f| f.wire_name == *name && f.location == Location::Path) {
                self.push(source.error(
                    &root.key("http").key("path"),
                    format!("the path uses `{{{name}}}`, but no request parameter `{name}` has `in: path`"),
                    Some(format!("add a required parameter `{name}` with `in: path`, or fix the placeholder")),
                ));
            }
        }
        for (i, field) in request.iter().enumerate() {
            if field.location == Location::Path && !placeholders.contains(&field.wire_name.as_str()) {
                self.push(source.error(
                    &root.key("request").index(i).key("in"),
                    format!("path parameter `{}` does not appear in `http.path`", field.wire_name),
                    Some(format!("add `{{{}}}` to the path", field.wire_name)),
                ));
            }
        }
        (http.method.clone(), http.path.clone())
    }

    /// `written` is the request as the spec writes it: a parameter whose type did not resolve
    /// is missing from `request`, and is reported for its type only.
    fn rules(
        &mut self,
        source: &Source,
        rules: &[RuleSpec],
        request: &[ir::Field],
        written: &[FieldSpec],
    ) -> Vec<ir::Rule> {
        let names: Vec<&str> = request.iter().map(|f| f.wire_name.as_str()).collect();
        // Each rule with its index in the spec.
        let mut out: Vec<(usize, ir::Rule)> = Vec::new();
        for (i, rule) in rules.iter().enumerate() {
            let path = KeyPath::root().key("rules").index(i);
            let known = |cx: &mut Checker, name: &str, at: KeyPath| match request.iter().find(|f| f.wire_name == name) {
                None if written.iter().any(|f| f.name == name) => {}
                None => cx.push(source.error(
                    &at,
                    format!("the rule names `{name}`, which is not a request parameter"),
                    did_you_mean(name, names.iter().copied()),
                )),
                Some(field) if field.required => cx.push(source.error(
                    &at,
                    format!("the rule names `{name}`, which is required anyway"),
                    Some("rules relate optional parameters; make it `required: false`".into()),
                )),
                Some(_) => {}
            };
            let set = [rule.at_least_one.is_some(), rule.exactly_one.is_some(), rule.precedence.is_some()];
            if set.iter().filter(|s| **s).count() != 1 {
                self.push(source.error(
                    &path,
                    "a rule must have exactly one of `at_least_one`, `exactly_one`, `precedence`",
                    Some("write each rule as its own list item".into()),
                ));
                continue;
            }
            for (key, list) in [("at_least_one", &rule.at_least_one), ("exactly_one", &rule.exactly_one)] {
                let Some(list) = list else { continue };
                if list.len() < 2 {
                    self.push(source.error(&path.key(key), "a rule needs at least two parameters", None));
                }
                for (j, name) in list.iter().enumerate() {
                    known(self, name, path.key(key).index(j));
                    if list[..j].contains(name) {
                        self.push(source.error(
                            &path.key(key).index(j),
                            format!("`{name}` is listed twice in the rule"),
                            Some("list each parameter once".into()),
                        ));
                    }
                }
                let group = list.clone();
                out.push((
                    i,
                    if key == "at_least_one" { ir::Rule::AtLeastOne(group) } else { ir::Rule::ExactlyOne(group) },
                ));
            }
            if let Some(p) = &rule.precedence {
                known(self, &p.winner, path.key("precedence").key("winner"));
                known(self, &p.over, path.key("precedence").key("over"));
                if p.winner == p.over {
                    self.push(source.error(
                        &path.key("precedence"),
                        "`winner` and `over` are the same parameter",
                        None,
                    ));
                }
                out.push((i, ir::Rule::Precedence { winner: p.winner.clone(), over: p.over.clone() }));
            }
        }
        // Rules that say opposite things about one pair of parameters.
        for (i, (at, rule)) in out.iter().enumerate() {
            let ir::Rule::Precedence { winner, over } = rule else { continue };
            let clash = out.iter().enumerate().find_map(|(j, (_, other))| match other {
                ir::Rule::Precedence { winner: w, over: o } if j < i && w == over && o == winner => {
                    Some(format!("`{over}` already takes precedence over `{winner}`"))
                }
                ir::Rule::ExactlyOne(group) if group.contains(winner) && group.contains(over) => {
                    Some(format!("`exactly_one` forbids sending `{winner}` and `{over}` together"))
                }
                _ => None,
            });
            if let Some(clash) = clash {
                self.push(source.error(
                    &KeyPath::root().key("rules").index(*at).key("precedence"),
                    format!("{clash}, so this precedence cannot hold"),
                    Some("keep the rule the page states".into()),
                ));
            }
        }
        out.into_iter().map(|(_, rule)| rule).collect()
    }

    /// Checks an error table. `common` is given for action tables, whose codes may override
    /// common ones but must not clash with their variant names.
    fn errors(
        &mut self,
        source: &Source,
        path: &KeyPath,
        specs: &[ErrorSpec],
        common: Option<&[ir::ErrorCode]>,
    ) -> Vec<ir::ErrorCode> {
        let mut codes: HashMap<&str, usize> = HashMap::new();
        // The service's own common codes become variants of each action's enum too; the
        // vendor's live in its `CommonErrorCode`, held by the reserved variant `Common`.
        let mut variants: HashMap<String, String> = common
            .unwrap_or_default()
            .iter()
            .filter(|c| matches!(c.origin, ir::ErrorOrigin::Service(_)) && !specs.iter().any(|s| s.code == c.code))
            .map(|c| (c.variant.clone(), c.code.clone()))
            .collect();
        let vendor_common = common.unwrap_or_default().iter().any(|c| matches!(c.origin, ir::ErrorOrigin::Vendor(_)));
        let mut out = Vec::new();
        for (i, spec) in specs.iter().enumerate() {
            let at = path.index(i);
            self.summary(source, &at.key("summary"), &spec.summary);
            if let Some(first) = codes.insert(&spec.code, i) {
                self.push(source.error(
                    &at.key("code"),
                    format!(
                        "error code `{}` is listed twice (first at {})",
                        spec.code,
                        position_of(source, &path.index(first))
                    ),
                    Some("remove the repeated row".into()),
                ));
                continue;
            }
            // A code refused for its white space is left out of the variant check: its
            // variant is the clean code's, so it would be named again as a collision.
            let malformed = spec.code.trim() != spec.code || spec.code.contains(['\n', '\r', '\t']);
            if spec.code.trim().is_empty() {
                self.push(source.error(&at.key("code"), "the error code is empty", None));
            } else if spec.code.contains(['\n', '\r', '\t']) {
                // The runtime's error table holds a code per line, its columns split by tabs.
                let (what, hint) = match spec.code.contains(['\n', '\r']) {
                    true => ("the error code spans more than one line", "write the code on one line"),
                    false => ("the error code holds a tab", "a tab is no part of a code; copy it again"),
                };
                self.push(source.error(
                    &at.key("code"),
                    what,
                    Some(format!("{hint}, exactly as the service returns it")),
                ));
            } else if spec.code.trim() != spec.code {
                self.push(source.error(
                    &at.key("code"),
                    format!("the error code {:?} has white space at an end", spec.code),
                    Some("write the code exactly as the service returns it".into()),
                ));
            }
            let variant = self.rust_type_name(source, &at, &spec.code, spec.rust_name.as_deref());
            let reserved = match variant.as_str() {
                "Unknown" => Some("undocumented codes"),
                "Common" if vendor_common => Some("the vendor's common codes"),
                _ => None,
            };
            if let Some(purpose) = reserved {
                self.push(source.error(
                    &at.key("code"),
                    format!("code `{}` would become variant `{variant}`, which is reserved for {purpose}", spec.code),
                    Some("give it a `rust_name`".into()),
                ));
            }
            let collision = if malformed { None } else { variants.insert(variant.clone(), spec.code.clone()) };
            if let Some(other) = collision {
                self.push(source.error(
                    &at.key("code"),
                    format!("codes `{other}` and `{}` both become variant `{variant}`", spec.code),
                    Some("give one of them a `rust_name`".into()),
                ));
            }
            out.push(ir::ErrorCode {
                code: spec.code.clone(),
                variant,
                summary: spec.summary.clone(),
                http_status: spec.http_status.as_ref().map(|s| s.0.clone()).unwrap_or_default(),
                retry: spec.retry,
                notes: spec.notes.clone(),
                origin: ir::ErrorOrigin::Action,
            });
        }
        for (i, error) in out.iter().enumerate() {
            for status in &error.http_status {
                if !(100..=599).contains(status) {
                    self.push(source.error(
                        &path.index(i).key("http_status"),
                        format!("{status} is not an HTTP status"),
                        None,
                    ));
                }
            }
        }
        out
    }

    fn fields(
        &mut self,
        source: &Source,
        path: &KeyPath,
        specs: &[FieldSpec],
        models: &ModelTable,
        place: Place,
    ) -> Vec<ir::Field> {
        let mut wire: HashMap<&str, usize> = HashMap::new();
        let mut rust: HashMap<String, String> = HashMap::new();
        let mut out = Vec::new();
        for (i, spec) in specs.iter().enumerate() {
            let at = path.index(i);
            if let Some(first) = wire.insert(&spec.name, i) {
                self.push(source.error(
                    &at.key("name"),
                    format!("`{}` is defined twice (first at {})", spec.name, position_of(source, &path.index(first))),
                    Some("remove or rename one of them".into()),
                ));
                continue;
            }
            let Some(field) = self.field(source, &at, spec, models, place) else {
                continue;
            };
            if let Some(other) = rust.insert(field.rust_name.clone(), spec.name.clone()) {
                self.push(source.error(
                    &at.key("name"),
                    format!("`{other}` and `{}` both become the Rust field `{}`", spec.name, field.rust_name),
                    Some("give one of them a `rust_name`".into()),
                ));
            }
            out.push(field);
        }
        out
    }

    fn field(
        &mut self,
        source: &Source,
        at: &KeyPath,
        spec: &FieldSpec,
        models: &ModelTable,
        Place { protocol, role, owner }: Place,
    ) -> Option<ir::Field> {
        let ty = self.resolve_type(source, &at.key("type"), &spec.ty, models)?;
        let rust_name = match &spec.rust_name {
            // A keyword is fine: it is written `r#type`.
            Some(name) if naming::is_identifier(name) && naming::is_snake_case(naming::file_stem(name)) => {
                naming::given(naming::file_stem(name))
            }
            Some(name) => {
                let message = if naming::is_identifier(name) {
                    format!("`{name}` is not a snake_case name, as Rust fields are")
                } else {
                    format!("`{name}` is not a Rust identifier")
                };
                let hint = format!("for example `{}`", naming::field_name(name));
                self.push(source.error(&at.key("rust_name"), message, Some(hint)));
                naming::field_name(&spec.name)
            }
            None => naming::field_name(&spec.name),
        };
        if spec.name.is_empty() {
            self.push(source.error(&at.key("name"), "the wire name is empty", None));
        } else if spec.name.chars().any(|c| c.is_whitespace() || c.is_control()) {
            self.push(source.error(
                &at.key("name"),
                format!("the wire name {:?} has white space or control characters", spec.name),
                Some("write the name exactly as it travels on the wire".into()),
            ));
        }
        self.summary(source, &at.key("summary"), &spec.summary);
        self.not_blank(source, &at.key("page_name"), spec.page_name.as_deref(), "the page name");

        let default_location =
            if role == Role::Request && protocol == Protocol::AlibabaRpc { Location::Query } else { Location::Body };
        let location = spec.location.unwrap_or(default_location);
        if spec.location.is_some() && role != Role::Request {
            self.push(source.key_error(
                &at.key("in"),
                "`in` is only for request parameters",
                Some("remove `in`".into()),
            ));
        }
        if matches!(location, Location::Path) && protocol != Protocol::AzureRest {
            let message = format!("only `{}` actions have path parameters", Protocol::AzureRest.name());
            self.push(source.error(&at.key("in"), message, None));
        } else if role == Role::Request && location != default_location && protocol != Protocol::AzureRest {
            // The RPC styles put every parameter in one place; `in` would be silently ignored.
            let place = if protocol == Protocol::TencentApi3 { "the JSON body" } else { "the query string" };
            self.push(source.error(
                &at.key("in"),
                format!("`{}` sends every parameter in {place}, so `in` cannot move `{}`", protocol.name(), spec.name),
                Some("remove `in`".into()),
            ));
        }
        if role == Role::Request && protocol == Protocol::AzureRest && location != Location::Body {
            // Path, query and header values are written as text.
            let scalar = |ty: &Type| matches!(ty, Type::Prim(p) if *p != Prim::Binary);
            let fits = match &ty {
                Type::List(item) => location == Location::Query && scalar(item),
                other => scalar(other),
            };
            if !fits {
                let place = crate::render::describe::location(location);
                self.push(source.error(
                    &at.key("type"),
                    format!("a {place} parameter is written as text, so it cannot be `{}`", ty.spelling()),
                    Some("use a text or number type (lists only in the query)".into()),
                ));
            }
            const SET_BY_THE_RUNTIME: [&str; 5] =
                ["content-type", "content-length", "host", "authorization", "ocp-apim-subscription-key"];
            // RFC 9110's token characters: `http` refuses any other header name, so every request
            // would fail to build. White space is reported with the wire name.
            let token = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c);
            let spaced = spec.name.chars().any(|c| c.is_whitespace() || c.is_control());
            if location == Location::Header && SET_BY_THE_RUNTIME.iter().any(|h| spec.name.eq_ignore_ascii_case(h)) {
                self.push(source.error(
                    &at.key("name"),
                    format!("the `{}` header is set by the runtime, not by a request parameter", spec.name),
                    Some("document it in the action's `notes` instead".into()),
                ));
            } else if location == Location::Header && !spaced && !spec.name.chars().all(token) {
                self.push(source.error(
                    &at.key("name"),
                    format!("`{}` is not an HTTP header name, so no request could be built", spec.name),
                    Some("write the header's name as the page does: letters, digits and `-`".into()),
                ));
            }
        }
        if let Some(content_type) = &spec.content_type {
            let binary = ty == Type::Prim(Prim::Binary);
            let fits = if binary {
                content_type == "application/octet-stream" || content_type.starts_with("image/")
            } else {
                content_type == "application/json"
            };
            if !fits {
                let wanted =
                    if binary { "`application/octet-stream` or an `image/` type" } else { "`application/json`" };
                self.push(source.error(
                    &at.key("content_type"),
                    format!("`{content_type}` is not how a `{}` body is sent", ty.spelling()),
                    Some(format!("use {wanted}")),
                ));
            }
        }
        if location == Location::Path && !spec.required {
            self.push(source.error(
                &at.key("required"),
                "a path parameter must be required",
                Some("write `required: true`".into()),
            ));
        }
        if spec.content_type.is_some()
            && (location != Location::Body || protocol != Protocol::AzureRest || role != Role::Request)
        {
            self.push(source.key_error(
                &at.key("content_type"),
                format!("`content_type` is only for body parameters of `{}` requests", Protocol::AzureRest.name()),
                None,
            ));
        }
        if spec.bulky {
            // `Abbrev` shortens text (and lists of it); documented values are short by nature.
            let mut leaf = &ty;
            while let Type::List(item) = leaf {
                leaf = item;
            }
            let problem = match leaf {
                Type::Prim(Prim::Base64) => Some("`base64` data is always shown shortened".to_owned()),
                Type::Prim(prim) if prim.is_text() && *prim != Prim::Uuid => {
                    let allowed = spec.limits.iter().chain(&spec.item_limits).any(|l| l.allowed.is_some());
                    allowed.then(|| "a field with `allowed` values holds short, documented text".to_owned())
                }
                other => Some(format!("`bulky` is for text that may carry bulk data, not `{}`", other.spelling())),
            };
            if let Some(problem) = problem {
                self.push(source.key_error(&at.key("bulky"), problem, Some("remove `bulky`".into())));
            }
        }
        if ty.contains(Prim::Binary)
            && !(ty == Type::Prim(Prim::Binary)
                && role == Role::Request
                && protocol == Protocol::AzureRest
                && location == Location::Body)
        {
            self.push(source.error(
                &at.key("type"),
                format!("`binary` is only for the raw body of an `{}` request", Protocol::AzureRest.name()),
                Some("use `base64` for binary data inside JSON".into()),
            ));
        }

        let faults_before_limits = self.diags.len();
        let limits = match &spec.limits {
            Some(limits) => {
                let items = match &ty {
                    Type::List(item) => Some(("item_limits", "each item", &**item)),
                    _ => None,
                };
                self.limits(source, &at.key("limits"), limits, &ty, items)
            }
            None => ir::Limits::default(),
        };
        let item_limits = match (&spec.item_limits, &ty) {
            (Some(limits), Type::List(item)) => {
                self.limits(source, &at.key("item_limits"), limits, item, Some(("limits", "the list", &ty)))
            }
            (Some(_), _) => {
                self.push(source.key_error(
                    &at.key("item_limits"),
                    format!("`item_limits` is for lists, and `{}` is `{}`", spec.name, ty.spelling()),
                    Some("move these limits to `limits`".into()),
                ));
                ir::Limits::default()
            }
            (None, _) => ir::Limits::default(),
        };
        if spec.default.is_some() && (spec.required || role == Role::Response) {
            let why =
                if spec.required { "a required parameter is always given" } else { "the service fills in responses" };
            self.push(source.key_error(
                &at.key("default"),
                format!("`default` is for optional request parameters: {why}"),
                Some("remove `default`, or say what the service does in `notes`".into()),
            ));
        }
        if spec.result_codes.is_some() && role == Role::Request {
            self.push(source.key_error(
                &at.key("result_codes"),
                "`result_codes` is for response fields, which the service fills in",
                Some("remove it, or move the field to `response`".into()),
            ));
        }
        // Limits already refused (`min_items: 11` over `max_items: 10`, say) would refuse every
        // value as well: the default and example are then held to their type alone, so the
        // fault is named once, where it is.
        let no_limits = ir::Limits::default();
        let (value_limits, value_item_limits) =
            if self.diags.len() > faults_before_limits { (&no_limits, &no_limits) } else { (&limits, &item_limits) };
        let default = spec
            .default
            .as_ref()
            .and_then(|value| self.value(source, &at.key("default"), value, &ty, value_limits, value_item_limits));
        let example = spec
            .example
            .as_ref()
            .and_then(|value| self.value(source, &at.key("example"), value, &ty, value_limits, value_item_limits));
        let result_codes = spec.result_codes.as_ref().and_then(|codes| {
            let path = at.key("result_codes");
            let scalar = match &ty {
                Type::List(item) => item.as_ref(),
                other => other,
            };
            let integer = match scalar {
                Type::Prim(p) if p.is_integer() => true,
                Type::Prim(Prim::String) => false,
                _ => {
                    self.push(source.key_error(
                        &path,
                        format!(
                            "result codes need an integer or string field (or a list of them), not `{}`",
                            ty.spelling()
                        ),
                        None,
                    ));
                    return None;
                }
            };
            let enum_name = self.rust_type_name(source, &path.key("enum"), &codes.enum_name, None);
            let mut seen_codes = BTreeSet::new();
            let mut seen_names = BTreeSet::new();
            let mut out = Vec::new();
            for (i, code) in codes.codes.iter().enumerate() {
                let code_at = path.key("codes").index(i);
                self.summary(source, &code_at.key("summary"), &code.summary);
                let value = serde_json::to_value(&code.code).unwrap_or(serde_json::Value::Null);
                let fits = if integer { value.is_i64() } else { value.is_string() };
                // An integer code must also fit the field's own type (no -1101 in a `u32`).
                let range = match scalar {
                    Type::Prim(p) => p.integer_range(),
                    _ => None,
                };
                let in_range = match (range, value.as_i64()) {
                    (Some((low, high)), Some(n)) => (low..=high).contains(&(n as f64)),
                    _ => true,
                };
                if !fits {
                    self.push(source.error(
                        &code_at.key("code"),
                        format!(
                            "the field holds {} codes; `{value}` is not one",
                            if integer { "integer" } else { "string" }
                        ),
                        None,
                    ));
                } else if !in_range {
                    self.push(source.error(
                        &code_at.key("code"),
                        format!("result code {value} does not fit the field's type `{}`", scalar.spelling()),
                        Some("fix the code, or the field's type".into()),
                    ));
                }
                if !seen_codes.insert(value.to_string()) {
                    self.push(source.error(&code_at.key("code"), format!("result code {value} is listed twice"), None));
                }
                // A keyword (`Self`) is fine: it becomes `Self_`, as the spec README says.
                if !(code.name.chars().all(|c| c.is_ascii_alphanumeric()) && naming::is_camel_case(&code.name)) {
                    self.push(source.error(
                        &code_at.key("name"),
                        format!("`{}` is not an UpperCamelCase variant name", code.name),
                        Some(format!("for example `{}`", camel_example(&code.name))),
                    ));
                }
                let variant = self.rust_type_name(source, &code_at, &code.name, None);
                if variant == "Other" {
                    self.push(source.error(
                        &code_at.key("name"),
                        "variant name `Other` is reserved for undocumented codes",
                        Some("choose another `name`".into()),
                    ));
                } else if !seen_names.insert(variant.clone()) {
                    self.push(source.error(
                        &code_at.key("name"),
                        format!("variant name `{variant}` is taken by an earlier code"),
                        Some("choose another `name`".into()),
                    ));
                }
                out.push(ir::ResultCode { code: value, variant, success: code.success, summary: code.summary.clone() });
            }
            Some(ir::ResultCodes { enum_name, integer, codes: out })
        });

        let mut field = ir::Field {
            bulky: spec.bulky || [Prim::Base64, Prim::Binary].iter().any(|&prim| ty.contains(prim)),
            wire_name: spec.name.clone(),
            page_name: spec.page_name.clone(),
            rust_name,
            ty,
            required: spec.required,
            location,
            content_type: spec.content_type.clone(),
            summary: spec.summary.clone(),
            description: spec.description.clone(),
            default,
            example,
            limits,
            item_limits,
            result_codes,
            values: None,
            notes: spec.notes.clone(),
        };
        field.values = value_enum(&field, owner);
        if let Some(name) = &spec.enum_name {
            let at = at.key("enum");
            match &mut field.values {
                None if !takes_enum(&field.ty) => self.push(source.key_error(
                    &at,
                    format!(
                        "`enum` names the enum of the `allowed` values of a `string` field (or of \
                         `list<string>` items), and this field is `{}`",
                        field.ty.spelling()
                    ),
                    Some("remove `enum`: other types keep their values as they are".into()),
                )),
                None => self.push(source.key_error(
                    &at,
                    "`enum` names the enum of a `string` field's `allowed` values, and this field has none",
                    Some("remove `enum`, or list the values under `allowed`".into()),
                )),
                Some(_) if !(naming::is_identifier(name) && naming::is_camel_case(name)) => self.push(source.error(
                    &at,
                    format!("`{name}` is not an UpperCamelCase Rust type name"),
                    Some(format!("for example `{}`", camel_example(name))),
                )),
                Some(values) => {
                    values.enum_name = name.clone();
                    values.shared = true;
                    // The fields sharing it may document different defaults.
                    values.default = None;
                }
            }
        }
        if let Some(values) = &field.values {
            if !self.variant_collisions(source, at, &field, values) {
                field.values = None;
            }
        }
        if field.values.is_some() && field.result_codes.is_some() {
            self.push(source.key_error(
                &at.key("result_codes"),
                "the field has both `allowed` values and `result_codes`, and each would type its values",
                Some("list the values once, as result codes".into()),
            ));
            field.values = None;
        }
        Some(field)
    }

    fn resolve_type(&mut self, source: &Source, at: &KeyPath, text: &str, models: &ModelTable) -> Option<Type> {
        let expr = match types::parse(text) {
            Ok(expr) => expr,
            Err(message) => {
                let hint = list_spelling(text)
                    .map(|item| format!("did you mean `list<{}>`?", in_spec_syntax(item)))
                    .unwrap_or_else(|| "see the type table in specs/README.md".into());
                self.push(source.error(at, message, Some(hint)));
                return None;
            }
        };
        self.resolve_expr(source, at, text, &expr, models)
    }

    /// Resolves `expr`, parsed from `text`, the value at `at`.
    fn resolve_expr(
        &mut self,
        source: &Source,
        at: &KeyPath,
        text: &str,
        expr: &TypeExpr,
        models: &ModelTable,
    ) -> Option<Type> {
        match expr {
            TypeExpr::Prim(prim) => Some(Type::Prim(*prim)),
            TypeExpr::List(item) => self.resolve_expr(source, at, text, item, models).map(|t| Type::List(Box::new(t))),
            TypeExpr::Named(name) => match models.get(name) {
                Some(rust_name) => Some(Type::Model { name: name.clone(), rust_name: rust_name.clone() }),
                None => {
                    let candidates = models.keys().map(String::as_str).chain(Prim::ALL.iter().map(|(_, s)| *s));
                    let hint = prim_alias(name)
                        .map(|prim| format!("did you mean `{prim}`?"))
                        .or_else(|| did_you_mean(name, candidates))
                        .unwrap_or_else(|| "define it under `models:` in the service file".to_owned());
                    // A name is the innermost type: after the last `<`, if any.
                    let offset = text.rfind('<').map_or(0, |open| {
                        let item = &text[open + 1..];
                        open + 1 + item.len() - item.trim_start().len()
                    });
                    let message = format!("unknown type `{name}`");
                    self.push(match offset {
                        0 => source.error(at, message, Some(hint)),
                        _ => source.error_inside(at, text, offset, message, Some(hint)),
                    });
                    None
                }
            },
        }
    }

    /// Checks the limits a spec sets on a value of `ty`. `other` is the field's other level
    /// of limits (`item_limits` of a list, or the list's own `limits`), where a limit that
    /// does not apply here may belong: its key, what it limits, and its type.
    fn limits(
        &mut self,
        source: &Source,
        at: &KeyPath,
        spec: &LimitsSpec,
        ty: &Type,
        other: Option<(&str, &str, &Type)>,
    ) -> ir::Limits {
        let set = [
            ("min_length", spec.min_length.is_some()),
            ("max_length", spec.max_length.is_some()),
            ("max_bytes", spec.max_bytes.is_some()),
            ("pattern", spec.pattern.is_some()),
            ("min", spec.min.is_some()),
            ("max", spec.max.is_some()),
            ("allowed", spec.allowed.is_some()),
            ("min_items", spec.min_items.is_some()),
            ("max_items", spec.max_items.is_some()),
            ("max_encoded_size", spec.max_encoded_size.is_some()),
            ("min_decoded_size", spec.min_decoded_size.is_some()),
            ("max_decoded_size", spec.max_decoded_size.is_some()),
            ("image", spec.image.is_some()),
        ];
        let prim = match ty {
            Type::Prim(p) => Some(*p),
            _ => None,
        };
        let mut misplaced_allowed = false;
        for (key, _) in set.iter().filter(|(_, set)| *set) {
            let Err(wants) = limit_fits(key, ty) else { continue };
            misplaced_allowed |= *key == "allowed";
            let here = same_bound_for(key, ty);
            let hint = match (other, here) {
                (Some((other, what, other_ty)), Some(here)) if limit_fits(key, other_ty).is_ok() => {
                    format!(
                        "move it to `{other}`, which limits {what}, or write `{here}` to bound the `{}` itself",
                        ty.spelling()
                    )
                }
                (Some((other, what, other_ty)), None) if limit_fits(key, other_ty).is_ok() => {
                    format!("move it to `{other}`, which limits {what}")
                }
                (_, Some(here)) => format!("`{key}` is for {wants}; for `{}`, write `{here}`", ty.spelling()),
                _ => format!("`{key}` is for {wants}"),
            };
            self.push(source.key_error(
                &at.key(key),
                format!("`{key}` does not apply to `{}`", ty.spelling()),
                Some(hint),
            ));
        }

        let size = |cx: &mut Checker, key: &str, value: &Option<Value>| -> Option<u64> {
            let value = value.as_ref()?;
            match parse_size(value) {
                Ok(bytes) => Some(bytes),
                Err(message) => {
                    cx.push(source.error(
                        &at.key(key),
                        message,
                        Some("write bytes, or a number with `KiB`, `MiB` or `GiB`".into()),
                    ));
                    None
                }
            }
        };
        // The validators compare numbers as `f64`: an integer field's bound it cannot hold
        // exactly would be another number (9223372036854775807 becomes 2^63). A float field's
        // bound is an `f64` already.
        let integer = prim.is_some_and(Prim::is_integer);
        let bound = |cx: &mut Checker, key: &str, number: &Option<yaml_serde::Number>| {
            let number = number.as_ref()?;
            if integer && !exact_in_f64(number.as_i64(), number.as_u64(), number.as_f64()) {
                cx.push(source.error(&at.key(key), format!("`{key}` {number} {INEXACT}"), Some(INEXACT_HINT.into())));
            }
            number.as_f64()
        };
        let limits = ir::Limits {
            min_length: spec.min_length,
            max_length: spec.max_length,
            max_bytes: size(self, "max_bytes", &spec.max_bytes),
            min: bound(self, "min", &spec.min),
            max: bound(self, "max", &spec.max),
            allowed: spec
                .allowed
                .iter()
                .flatten()
                .map(|v| serde_json::to_value(named_value(v).map_or(v, |(value, _)| value)).unwrap_or_default())
                .collect(),
            variant_names: spec
                .allowed
                .iter()
                .flatten()
                .filter_map(named_value)
                .filter_map(|(value, name)| Some((value.as_str()?.to_owned(), name.as_str()?.to_owned())))
                .collect(),
            pattern: spec.pattern.clone(),
            min_items: spec.min_items,
            max_items: spec.max_items,
            max_encoded_size: size(self, "max_encoded_size", &spec.max_encoded_size),
            min_decoded_size: size(self, "min_decoded_size", &spec.min_decoded_size),
            max_decoded_size: size(self, "max_decoded_size", &spec.max_decoded_size),
            image: spec.image.as_ref().map(|image| {
                let mut formats = image.formats.clone();
                formats.sort();
                formats.dedup();
                ir::ImageLimits {
                    formats,
                    min_short_side: image.min_short_side,
                    max_width: image.max_width,
                    max_height: image.max_height,
                }
            }),
        };

        let ordered = |cx: &mut Checker, low: &str, high: &str, pair: (Option<f64>, Option<f64>)| {
            if let (Some(min), Some(max)) = pair {
                if min > max {
                    cx.push(source.error(
                        &at.key(low),
                        format!("`{low}` ({min}) is greater than `{high}` ({max})"),
                        Some("swap them or fix the vendor's number".into()),
                    ));
                }
            }
        };
        let f = |v: Option<u64>| v.map(|v| v as f64);
        ordered(self, "min_length", "max_length", (f(limits.min_length), f(limits.max_length)));
        ordered(self, "min", "max", (limits.min, limits.max));
        for (key, bound) in [("min", limits.min), ("max", limits.max)] {
            if bound.is_some_and(|bound| !bound.is_finite()) {
                self.push(source.error(
                    &at.key(key),
                    format!("`{key}` must be a finite number"),
                    Some("leave the bound out when there is none".into()),
                ));
            }
        }
        ordered(self, "min_items", "max_items", (f(limits.min_items), f(limits.max_items)));
        ordered(self, "min_decoded_size", "max_decoded_size", (f(limits.min_decoded_size), f(limits.max_decoded_size)));
        if let Some((p, (low, high))) = prim.and_then(|p| Some((p, p.integer_range()?))) {
            for (key, bound) in [("min", limits.min), ("max", limits.max)] {
                let Some(bound) = bound else { continue };
                let problem = if bound.fract() != 0.0 {
                    format!("`{key}` {bound} is not a whole number, and `{}` holds only whole numbers", p.spelling())
                } else if bound < low {
                    format!("`{key}` {bound} is below what `{}` can hold", p.spelling())
                } else if bound > high {
                    format!("`{key}` {bound} is above what `{}` can hold", p.spelling())
                } else {
                    continue;
                };
                self.push(source.error(&at.key(key), problem, Some("fix the vendor's number or the type".into())));
            }
        }
        // Limits that no value can meet together: each is an error in the spec.
        let unmeetable = |cx: &mut Checker, key: &str, message: String| {
            cx.push(source.error(
                &at.key(key),
                message,
                Some("no value can meet both; fix the vendor's number".into()),
            ));
        };
        if prim == Some(Prim::Uuid) {
            // Every UUID is 36 characters (and bytes) long.
            let below = |max: Option<u64>| max.is_some_and(|max| max < 36);
            let key = if below(limits.max_length) {
                Some("max_length")
            } else if below(limits.max_bytes) {
                Some("max_bytes")
            } else {
                limits.min_length.is_some_and(|min| min > 36).then_some("min_length")
            };
            if let Some(key) = key {
                unmeetable(self, key, format!("a UUID is 36 characters long, which `{key}` excludes"));
            }
        }
        // A maximum of 0 leaves only the empty value, which is no value: a request leaves out
        // empty optional text or an empty optional list, and required ones must not be empty.
        let zero_maxima = [
            ("max_length", limits.max_length, "empty text"),
            ("max_bytes", limits.max_bytes, "empty text"),
            ("max_encoded_size", limits.max_encoded_size, "empty text"),
            ("max_decoded_size", limits.max_decoded_size, "empty data"),
            ("max_items", limits.max_items, "an empty list"),
        ];
        for (key, _, empty) in zero_maxima.iter().filter(|(_, max, _)| *max == Some(0)) {
            self.push(source.error(
                &at.key(key),
                format!("`{key}` is 0, so only {empty} would be valid, which counts as no value"),
                Some("no value can meet it; fix the vendor's number, or leave the limit out".into()),
            ));
        }
        if let (Some(min), Some(bytes)) = (limits.min_length, limits.max_bytes) {
            if min > bytes {
                // Every character takes at least one UTF-8 byte.
                unmeetable(self, "min_length", format!("`min_length` ({min}) is greater than `max_bytes` ({bytes})"));
            }
        }
        if let (Some(min), Some(encoded)) = (limits.min_decoded_size, limits.max_encoded_size) {
            // base64 text of n bytes decodes to at most 3n/4 bytes.
            if min > encoded / 4 * 3 + encoded % 4 {
                let message = format!(
                    "`min_decoded_size` ({min} bytes) is more than `max_encoded_size` ({encoded} bytes of base64) can hold"
                );
                unmeetable(self, "min_decoded_size", message);
            }
        }
        if let Some(image) = &limits.image {
            for (key, max) in [("max_width", image.max_width), ("max_height", image.max_height)] {
                if max == Some(0) {
                    self.push(source.error(
                        &at.key("image").key(key),
                        format!("`{key}` is 0, and no image is 0 pixels across"),
                        Some("no image can meet it; fix the vendor's number, or leave the limit out".into()),
                    ));
                }
                if let (Some(short), Some(max)) = (image.min_short_side, max) {
                    if short > max {
                        let message = format!("`min_short_side` ({short}) is greater than `{key}` ({max})");
                        self.push(source.error(
                            &at.key("image").key("min_short_side"),
                            message,
                            Some("no image can meet both; fix the vendor's number".into()),
                        ));
                    }
                }
            }
        }
        if let Some(formats) = spec.image.as_ref().map(|image| &image.formats) {
            for (i, format) in formats.iter().enumerate().filter(|(i, f)| formats[..*i].contains(f)) {
                let at = at.key("image").key("formats").index(i);
                let name = format!("{format:?}").to_lowercase();
                self.push(source.error(&at, format!("image format `{name}` is listed twice"), None));
            }
        }
        if spec.allowed.as_ref().is_some_and(Vec::is_empty) {
            self.push(source.error(
                &at.key("allowed"),
                "`allowed` lists no value, so no value would be valid",
                Some("list the allowed values, or remove the key".into()),
            ));
        }
        if limits.pattern.as_deref() == Some("") {
            let hint = Some("write the page's pattern, or remove the key".into());
            self.push(source.key_error(
                &at.key("pattern"),
                "the pattern is empty, so only empty text would match",
                hint,
            ));
        } else if let Some(pattern) = &limits.pattern {
            let compiled = self.patterns.entry(pattern.clone()).or_insert_with(|| compile_pattern(pattern));
            if let Err(whole) = compiled.clone() {
                let at = at.key("pattern");
                let message = |why: &str| format!("the pattern is not a valid regular expression: {why}");
                let hint = Some(PATTERN_HINT.to_owned());
                self.push(match pattern_fault(pattern) {
                    Some((offset, why)) => source.error_inside(&at, pattern, offset, message(&why), hint),
                    None => source.error(&at, message(&whole), hint),
                });
            }
        }
        for (i, item) in spec.allowed.iter().flatten().enumerate() {
            let at = at.key("allowed").index(i);
            let Value::Mapping(map) = item else { continue };
            match named_value(item) {
                Some((value, name)) if prim == Some(Prim::String) && value.is_string() => {
                    let name = name.as_str().unwrap_or_default();
                    if !(naming::is_identifier(name) && naming::is_camel_case(name)) {
                        self.push(source.error(
                            &at.key("name"),
                            format!("`{name}` is not an UpperCamelCase variant name"),
                            Some(format!("for example `{}`", camel_example(name))),
                        ));
                    }
                }
                Some(_) => self.push(source.error(
                    &at,
                    "only the text values of a `string` field take a variant name",
                    Some("write the value alone".into()),
                )),
                None => self.push(source.error(
                    &at,
                    format!(
                        "an allowed value is a text or a number, or `{{value: ..., name: ...}}`; this map has {}",
                        map.keys().filter_map(Value::as_str).map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                    ),
                    Some("write `{value: <text>, name: <UpperCamelCase variant>}`".into()),
                )),
            }
        }
        // Values of a limit that does not apply are not checked against a type they are not for.
        for (i, value) in limits.allowed.iter().enumerate().filter(|_| !misplaced_allowed) {
            if value.is_object() {
                continue; // Reported above.
            }
            if value.as_str() == Some("") {
                self.push(source.error(
                    &at.key("allowed").index(i),
                    "an allowed value is empty text, which is never sent (empty optional text counts as not given)",
                    Some("remove it; leaving the parameter out is how a request sends nothing".into()),
                ));
                continue;
            }
            let fits = match prim {
                Some(p) if p.is_text() => value.is_string(),
                Some(p) if p.is_integer() => value.is_i64() || value.is_u64(),
                _ => true,
            };
            if !fits {
                self.push(source.error(
                    &at.key("allowed").index(i),
                    format!("allowed value {value} is not {}", a_type(ty)),
                    None,
                ));
                continue;
            }
            if !exact_in_f64(value.as_i64(), value.as_u64(), value.as_f64()) {
                self.push(source.error(
                    &at.key("allowed").index(i),
                    format!("allowed value {value} {INEXACT}"),
                    Some(INEXACT_HINT.into()),
                ));
                continue;
            }
            if limits.allowed[..i].contains(value) {
                self.push(source.error(
                    &at.key("allowed").index(i),
                    format!("allowed value {value} is listed twice"),
                    None,
                ));
                continue;
            }
            // An allowed value must meet the other limits too, or it could never be sent.
            let others = ir::Limits { allowed: Vec::new(), ..limits.clone() };
            let mut problems = Vec::new();
            value_problems(value, ty, &others, &ir::Limits::default(), &self.patterns, &mut problems);
            for (problem, hint) in problems {
                self.push(source.error(
                    &at.key("allowed").index(i),
                    format!("allowed value {value} breaks another limit: {problem}"),
                    Some(hint.into()),
                ));
            }
        }
        if let Some(image) = &limits.image {
            if image.formats.is_empty()
                && image.min_short_side.is_none()
                && image.max_width.is_none()
                && image.max_height.is_none()
            {
                self.push(source.key_error(&at.key("image"), "`image` sets no limit", None));
            }
        }
        limits
    }

    /// Checks a default or example against its type and limits; returns it as JSON.
    fn value(
        &mut self,
        source: &Source,
        at: &KeyPath,
        value: &Value,
        ty: &Type,
        limits: &ir::Limits,
        item_limits: &ir::Limits,
    ) -> Option<serde_json::Value> {
        let json = match serde_json::to_value(value) {
            Ok(json) => json,
            Err(error) => {
                self.push(source.error(at, format!("the value cannot be represented as JSON: {error}"), None));
                return None;
            }
        };
        let mut problems = Vec::new();
        value_problems(&json, ty, limits, item_limits, &self.patterns, &mut problems);
        for (problem, hint) in &problems {
            self.push(source.error(at, problem.clone(), Some((*hint).into())));
        }
        problems.is_empty().then_some(json)
    }
}

/// JSON of an example (`what`) that does not parse, at the place in the file where it stops
/// parsing when that place can be found; else at the key, with serde's position in the text.
fn json_error(source: &Source, at: &KeyPath, what: &str, json: &str, error: &serde_json::Error) -> Diagnostic {
    // serde_json counts 1-based lines, and columns in bytes up to the last one it read (0 when
    // that was the line break before the line).
    let line_start: usize = json.split_inclusive('\n').take(error.line().saturating_sub(1)).map(str::len).sum();
    let offset = (line_start + error.column()).saturating_sub(1).min(json.len());
    let hint = json_hint(json, offset, error).map(str::to_owned);
    match source.offset_position(at, json, offset) {
        Some((line, column)) => {
            let message = error.to_string();
            let message = message.rsplit_once(" at line ").map_or(message.as_str(), |(message, _)| message);
            source.at(line, column, at.to_string(), format!("{what} is not JSON: {message}"), hint)
        }
        None => source.error(at, format!("{what} is not JSON: {error}"), hint).with_note(crate::diag::NOT_PLACED),
    }
}

/// How to fix JSON that stops parsing at byte `offset` with `error`, for the mistakes copying
/// a page's example makes; `None` when the error says nothing more.
fn json_hint(json: &str, offset: usize, error: &serde_json::Error) -> Option<&'static str> {
    let message = error.to_string();
    let at = json.get(offset..).and_then(|rest| rest.chars().next());
    let start = json.trim_start();
    // `Response: ...` or `Name: x`: a key, unquoted, before a `: ` or the line's end.
    let first_line = start.lines().next().unwrap_or_default();
    let yaml = first_line.split_once(':').is_some_and(|(key, rest)| {
        let word = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '.');
        !key.is_empty() && key.chars().all(word) && (rest.is_empty() || rest.starts_with(' '))
    });
    let hint = if yaml {
        "the text is YAML, not JSON: write the page's JSON, keys quoted and objects in braces \
         (`{\"Response\": {...}}`)"
    } else if start.starts_with('"') && message.starts_with("trailing characters") && at == Some(':') {
        "the text holds an object's members without the object: put them in `{` and `}`"
    } else if at == Some('\'') {
        "JSON quotes text and keys with `\"`, never `'`"
    } else if matches!(at, Some('/' | '#')) {
        "JSON has no comments: leave them out of the example"
    } else if message.starts_with("trailing comma") {
        "JSON allows no `,` after the last member or element: remove it"
    } else if message.starts_with("key must be a string") {
        "JSON keys are quoted text: `\"Name\": ...`"
    } else if message.starts_with("EOF while parsing") {
        "the JSON ends before every `{` and `[` closes: copy the rest of the page's example (a block ends at \
         the first line indented less than its text)"
    } else if message.starts_with("expected `,` or") {
        "a `,` is missing between two members or elements, or a `\"` inside text is not written `\\\"`"
    } else if message.starts_with("trailing characters") {
        "the text goes on after its JSON value ends: an example holds one body"
    } else if message.starts_with("control character") {
        "a line break or tab inside JSON text is written `\\n` or `\\t`"
    } else {
        return None;
    };
    Some(hint)
}

/// Why a Tencent example's status other than 200 is refused, and what to do.
const TENCENT_STATUS_HINT: &str = "Tencent Cloud API 3.0 answers with HTTP 200 whether the call succeeds or fails (a \
                                   failure as `Response.Error`), and any other status is a transport failure that \
                                   carries no `Response` (shared/FACTS.md, Tencent Cloud API 3.0, Transport): write \
                                   `status: 200` or leave `status` out";

/// "line 12, `request[0]`": where an earlier entry of a list is, for messages about repeats.
fn position_of(source: &Source, path: &KeyPath) -> String {
    format!("line {}, `{path}`", source.locator().key_position(path).0)
}

/// Whether a whole number written in a spec for an integer field survives the validators'
/// `f64` as itself: up to 2^53 from zero (past it most are rounded). Written as a float, it
/// was rounded when the YAML was read, so only one below 2^53 is surely what was written.
fn exact_in_f64(int: Option<i64>, unsigned: Option<u64>, float: Option<f64>) -> bool {
    const EXACT: u64 = 1 << 53;
    match (int, unsigned, float) {
        (Some(n), _, _) => n.unsigned_abs() <= EXACT,
        (_, Some(n), _) => n <= EXACT,
        (_, _, Some(x)) => x.abs() < EXACT as f64,
        _ => true,
    }
}

/// How a number past [`exact_in_f64`] is reported, and what to do about it.
const INEXACT: &str = "is a whole number too far from zero (2^53, 9007199254740992, or beyond) for the \
                       validators' 64-bit floats to keep exactly";
const INEXACT_HINT: &str =
    "leave out a limit at the type's own bound (the type keeps it), or record the number in `notes`";

/// The built-in type other languages' (and the vendors' pages') name for it stands for:
/// `Integer` is `i64`, `String` is `string`.
fn prim_alias(name: &str) -> Option<&'static str> {
    const ALIASES: [(&str, &str); 17] = [
        ("int", "i64"),
        ("integer", "i64"),
        ("long", "i64"),
        ("int64", "i64"),
        ("int32", "i32"),
        ("uint", "u64"),
        ("uint64", "u64"),
        ("uint32", "u32"),
        ("float", "f64"),
        ("double", "f64"),
        ("number", "f64"),
        ("float64", "f64"),
        ("float32", "f32"),
        ("str", "string"),
        ("string", "string"),
        ("text", "string"),
        ("boolean", "bool"),
    ];
    ALIASES.iter().find(|(alias, _)| name.eq_ignore_ascii_case(alias)).map(|(_, prim)| *prim)
}

/// A type written another way (see [`list_spelling`] and [`prim_alias`]) as a spec writes it:
/// `Array of Array of Integer` is `list<list<i64>>`.
fn in_spec_syntax(text: &str) -> String {
    match list_spelling(text) {
        Some(item) => format!("list<{}>", in_spec_syntax(item)),
        None => prim_alias(text.trim()).unwrap_or(text.trim()).to_owned(),
    }
}

/// The item type of a list written another way than `list<T>`: as Tencent's pages print it
/// (`Array of String`), in another language (`Vec<u64>`, `Array<T>`, `string[]`), or with
/// `list` misspelt (`lsit<string>`, `List<i64>`).
fn list_spelling(text: &str) -> Option<&str> {
    let text = text.trim();
    if let Some(item) = text.get(..9).filter(|start| start.eq_ignore_ascii_case("array of ")).map(|_| &text[9..]) {
        return Some(item.trim());
    }
    if let Some(item) = text.strip_suffix("[]") {
        return Some(item.trim());
    }
    // `list<T` without its `>` has its own message; `List<T>` and `list <T>` are misspellings.
    if text.starts_with("list<") {
        return None;
    }
    let (word, rest) = text.split_once('<')?;
    let word = word.trim().to_lowercase();
    let listy = ["vec", "array", "sequence", "seq"].contains(&word.as_str()) || strsim::levenshtein(&word, "list") <= 2;
    listy.then(|| rest.strip_suffix('>').unwrap_or(rest).trim())
}

/// The limit that bounds a value of `ty` as `key` bounds another kind of value (`max_length`
/// for text where `max` was written, `max_items` for a list), if there is one.
fn same_bound_for(key: &str, ty: &Type) -> Option<&'static str> {
    let family: &[&'static str] = match key {
        "min" | "min_length" | "min_items" => &["min", "min_length", "min_items"],
        "max" | "max_length" | "max_items" => &["max", "max_length", "max_items"],
        _ => return None,
    };
    family.iter().copied().find(|candidate| *candidate != key && limit_fits(candidate, ty).is_ok())
}

/// Whether limit `key` applies to a value of `ty`; if not, the kinds of value it is for.
fn limit_fits(key: &str, ty: &Type) -> Result<(), &'static str> {
    let prim = match ty {
        Type::Prim(p) => Some(*p),
        _ => None,
    };
    let text = prim.is_some_and(Prim::is_text);
    let sized = matches!(prim, Some(Prim::Base64 | Prim::Binary | Prim::Url));
    let (fits, wants) = match key {
        "min_length" | "max_length" | "max_bytes" | "pattern" => (text, "text"),
        "min" | "max" => (prim.is_some_and(Prim::is_number), "numbers"),
        "allowed" => (text || prim.is_some_and(Prim::is_integer), "text and integers"),
        "min_items" | "max_items" => (matches!(ty, Type::List(_)), "lists"),
        "max_encoded_size" => (prim == Some(Prim::Base64), "`base64`"),
        _ => (sized, "`base64`, `binary` and `url`"),
    };
    if fits {
        Ok(())
    } else {
        Err(wants)
    }
}

/// "a `string`", "an `i64`": the type's spelling with its article.
fn a_type(ty: &Type) -> String {
    let spelling = ty.spelling();
    // By sound: "an `i64`", "an `f64`", "an `Image`", but "a `u64`", "a `url`".
    let mut chars = spelling.chars();
    let vowel = chars.next().is_some_and(|c| "aeioAEIO".contains(c));
    let eff = spelling.starts_with('f') && chars.next().is_some_and(|c| c.is_ascii_digit());
    let article = if vowel || eff { "an" } else { "a" };
    format!("{article} `{spelling}`")
}

/// The hint of a value that breaks a limit.
const LIMIT_HINT: &str = "fix the value or the limit; they must agree";

/// The hint of text not in the form its type takes.
const FORM_HINT: &str = "fix the value; the type sets its form";

/// The hint of a pattern that does not compile: what its syntax is, and the mistakes
/// copying a page's rule makes (a glob, a literal `.` or `(` left unescaped).
const PATTERN_HINT: &str = "a pattern is a regular expression in the syntax of Rust's `regex` crate (no \
                            look-around or backreferences), matched against the whole value; a glob such as \
                            `*.jpg` is written `.*\\.jpg`, and `.`, `*`, `+`, `?`, `(`, `[` and `{` meant as \
                            text take a backslash";

/// `pattern` compiled as validation matches it, against the whole value, or why it cannot be.
/// It must parse on its own: one that parses only inside `^(?:...)$` (`a)|(?:b`) would close
/// the group around it early, leaving `^` to one branch and `$` to the other, so that the
/// generated validator would pass any value that starts with `a` or ends with `b`.
fn compile_pattern(pattern: &str) -> Result<regex::Regex, String> {
    if let Some((_, why)) = pattern_fault(pattern) {
        return Err(why);
    }
    regex::Regex::new(&format!("^(?:{pattern})$")).map_err(|error| {
        let last = error.to_string().lines().last().unwrap_or_default().trim().to_owned();
        last.strip_prefix("error: ").map(str::to_owned).unwrap_or(last)
    })
}

/// Where in `pattern` (a byte offset) its syntax error is, and what it is, as the `regex`
/// crate's parser says; `None` if the pattern parses on its own (the limit on compiled size).
fn pattern_fault(pattern: &str) -> Option<(usize, String)> {
    match regex_syntax::Parser::new().parse(pattern) {
        Ok(_) => None,
        Err(regex_syntax::Error::Parse(error)) => Some((error.span().start.offset, error.kind().to_string())),
        Err(regex_syntax::Error::Translate(error)) => Some((error.span().start.offset, error.kind().to_string())),
        // The error type is non-exhaustive.
        Err(_) => None,
    }
}

/// What is wrong with a default or example value, each with its hint (empty when it fits).
fn value_problems(
    value: &serde_json::Value,
    ty: &Type,
    limits: &ir::Limits,
    item_limits: &ir::Limits,
    patterns: &HashMap<String, Result<regex::Regex, String>>,
    out: &mut Vec<(String, &'static str)>,
) {
    use serde_json::Value as J;
    match (ty, value) {
        (Type::List(item), J::Array(items)) => {
            let n = items.len() as u64;
            if limits.min_items.is_some_and(|min| n < min) || limits.max_items.is_some_and(|max| n > max) {
                let range = describe::range("items", limits.min_items, limits.max_items).unwrap_or_default();
                out.push((
                    format!("{n} {} where the limit is {range}", if n == 1 { "item" } else { "items" }),
                    LIMIT_HINT,
                ));
            }
            for item_value in items {
                value_problems(item_value, item, item_limits, &ir::Limits::default(), patterns, out);
            }
        }
        (Type::Model { .. }, J::Object(_)) => {}
        (Type::Prim(p), J::String(text)) if p.is_text() => {
            let chars = text.chars().count() as u64;
            if limits.min_length.is_some_and(|min| chars < min) || limits.max_length.is_some_and(|max| chars > max) {
                let range = describe::range("characters", limits.min_length, limits.max_length).unwrap_or_default();
                let unit = if chars == 1 { "character" } else { "characters" };
                out.push((format!("`{text}` has {chars} {unit} where the limit is {range}"), LIMIT_HINT));
            }
            if let Some(max) = limits.max_bytes.filter(|max| text.len() as u64 > *max) {
                out.push((format!("`{text}` is {} bytes of UTF-8 where the limit is {max}", text.len()), LIMIT_HINT));
            }
            if !limits.allowed.is_empty() && !limits.allowed.contains(value) {
                out.push((format!("`{text}` is not one of the allowed values"), LIMIT_HINT));
            }
            if let Some(pattern) = &limits.pattern {
                if let Some(Ok(re)) = patterns.get(pattern) {
                    if !re.is_match(text) {
                        out.push((format!("`{text}` does not match `{pattern}`"), LIMIT_HINT));
                    }
                }
            }
            // The same syntax checks the generated validators run.
            use cloudbind_runtime::validate::{check_base64, is_url, is_uuid};
            match p {
                Prim::Url if !is_url(text) => out.push((format!("`{text}` is not an http or https URL"), FORM_HINT)),
                Prim::Uuid if !is_uuid(text) => out.push((format!("`{text}` is not a UUID"), FORM_HINT)),
                Prim::Base64 => {
                    if let Err(problem) = check_base64(text.as_bytes()) {
                        out.push((format!("`{text}` is not base64: {problem}"), FORM_HINT));
                    }
                }
                _ => {}
            }
        }
        (Type::Prim(Prim::Bool), J::Bool(_)) => {}
        (Type::Prim(p), J::Number(n)) if p.is_number() => {
            let x = n.as_f64().unwrap_or(f64::NAN);
            if p.is_integer() && !(n.is_i64() || n.is_u64()) {
                out.push((format!("{n} is not an integer"), FORM_HINT));
            }
            if let Some((low, high)) = p.integer_range() {
                if x < low || x > high {
                    out.push((format!("{n} does not fit in `{}`", p.spelling()), FORM_HINT));
                }
            }
            if limits.min.is_some_and(|min| x < min) || limits.max.is_some_and(|max| x > max) {
                out.push((
                    format!("{n} is not {}", describe::number_range(limits.min, limits.max).unwrap_or_default()),
                    LIMIT_HINT,
                ));
            }
            if !limits.allowed.is_empty() && !limits.allowed.iter().any(|a| a.as_f64() == Some(x)) {
                out.push((format!("{n} is not one of the allowed values"), LIMIT_HINT));
            }
        }
        (Type::Prim(p), J::Number(_) | J::Bool(_)) if p.is_text() => out.push((
            format!("{value} is not {}", a_type(ty)),
            "quote it: YAML reads unquoted digits, `true` and `false` as numbers and booleans",
        )),
        (Type::Prim(p), J::String(text)) if p.is_number() && text.trim().parse::<f64>().is_ok() => out.push((
            format!("{value} is text, not {}", a_type(ty)),
            "leave out the quotes: YAML and JSON keep quoted digits as text",
        )),
        (Type::Prim(Prim::Bool), J::String(text)) if ["true", "false"].contains(&text.trim()) => {
            out.push((format!("{value} is text, not {}", a_type(ty)), "leave out the quotes: write true or false"))
        }
        (ty, value) => out.push((format!("{value} is not {}", a_type(ty)), "write a value of the field's type")),
    }
}

/// Parses `1024`, `"1 KiB"`, `"4 MiB"`.
pub fn parse_size(value: &Value) -> Result<u64, String> {
    if let Some(n) = value.as_u64() {
        return Ok(n);
    }
    let text = match value {
        Value::String(text) => text.trim(),
        Value::Number(n) => return Err(format!("`{n}` is not a size: sizes are whole, non-negative numbers of bytes")),
        Value::Bool(b) => return Err(format!("`{b}` is not a size")),
        Value::Null => return Err("an empty value is not a size".into()),
        Value::Sequence(_) => return Err("a list is not a size".into()),
        Value::Mapping(_) => return Err("a map is not a size".into()),
        Value::Tagged(_) => return Err("a tagged value is not a size".into()),
    };
    let split = text.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let factor: u64 = match unit.trim() {
        "" | "B" => 1,
        "KiB" => 1 << 10,
        "MiB" => 1 << 20,
        "GiB" => 1 << 30,
        // Vendors' pages write `5M` or `5MB` for 5 MiB (see the size notes in specs/README.md).
        unit @ ("K" | "KB" | "M" | "MB" | "G" | "GB") => {
            let binary = format!("{}iB", &unit[..1]);
            let (decimal, name) = match &unit[..1] {
                "K" => (1_000, "kilobytes"),
                "M" => (1_000_000, "megabytes"),
                _ => (1_000_000_000, "gigabytes"),
            };
            // The size in bytes for decimal units, where the number is whole.
            let bytes = number.trim().parse::<u64>().ok().and_then(|n| n.checked_mul(decimal));
            let or_decimal = bytes.map_or(String::new(), |bytes| format!(", or `{bytes}` if it means decimal {name}"));
            return Err(format!(
                "unknown size unit `{unit}` in `{text}`: write `{} {binary}` if the page means {binary}{or_decimal}",
                number.trim()
            ));
        }
        other => return Err(format!("unknown size unit `{other}` in `{text}`")),
    };
    // `5.5 MiB` is fine when it is a whole number of bytes.
    let whole = number.parse::<u64>().ok().and_then(|n| n.checked_mul(factor));
    let bytes = whole.or_else(|| {
        let (int, frac) = number.split_once('.')?;
        let digits = u32::try_from(frac.len()).ok().filter(|d| *d <= 9)?;
        let scaled: u64 = format!("{int}{frac}").parse().ok()?;
        let times = scaled.checked_mul(factor)?;
        (times % 10u64.pow(digits) == 0).then(|| times / 10u64.pow(digits))
    });
    bytes.ok_or_else(|| format!("`{text}` is not a whole number of bytes"))
}

/// The enum of a `string` field's (or a `list<string>`'s items') allowed values, named
/// after the action or model that owns the field and the field. A variant's name is the one
/// the spec gives, else made from the value alone (never from its place in the list, so
/// adding a value cannot rename another); two values that name alike are reported by
/// [`Checker::variant_collisions`].
fn value_enum(field: &ir::Field, owner: &str) -> Option<ir::ValueEnum> {
    if !takes_enum(&field.ty) {
        return None;
    }
    let (_, limits) = value_limits(field);
    let texts: Vec<&str> = limits.allowed.iter().filter_map(serde_json::Value::as_str).collect();
    if texts.is_empty() {
        return None;
    }
    let mut variants: Vec<(String, String)> = Vec::new();
    for text in texts {
        if variants.iter().any(|(value, _)| value == text) {
            continue; // Reported by `limits`.
        }
        let name = match limits.variant_names.get(text) {
            Some(name) => name.clone(),
            // Text without letters or digits (`*`, `-`) names nothing: such a variant is `Value`.
            None if !text.chars().any(char::is_alphanumeric) => "Value".to_owned(),
            None => naming::type_name(text),
        };
        variants.push((text.to_owned(), name));
    }
    let default =
        field.default.as_ref().and_then(|d| variants.iter().position(|(value, _)| Some(value.as_str()) == d.as_str()));
    let enum_name = format!("{owner}{}", naming::type_name(naming::file_stem(&field.rust_name)));
    Some(ir::ValueEnum { enum_name, variants, default, shared: false })
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

/// The spec key and limits of the values an enum would type: a list's items, else the
/// field's own.
fn value_limits(field: &ir::Field) -> (&'static str, &ir::Limits) {
    if matches!(field.ty, Type::List(_)) {
        ("item_limits", &field.item_limits)
    } else {
        ("limits", &field.limits)
    }
}

/// Whether allowed values of `ty` become an enum: `string`, and `list<string>` items.
fn takes_enum(ty: &Type) -> bool {
    match ty {
        Type::List(item) => **item == Type::Prim(Prim::String),
        other => *other == Type::Prim(Prim::String),
    }
}

/// The value and variant name of an allowed value written `{value: ..., name: ...}`.
fn named_value(item: &Value) -> Option<(&Value, &Value)> {
    let map = item.as_mapping()?;
    let (value, name) = (map.get("value")?, map.get("name")?);
    (map.len() == 2 && name.is_string()).then_some((value, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pattern is checked on its own, not only inside the anchors validation puts around it.
    #[test]
    fn a_pattern_that_parses_only_inside_the_anchors_is_refused() {
        for pattern in ["a)|(?:b", "a)(b"] {
            assert!(regex::Regex::new(&format!("^(?:{pattern})$")).is_ok(), "{pattern} parses wrapped");
            assert_eq!(compile_pattern(pattern).err().as_deref(), Some("unopened group"), "{pattern}");
            assert_eq!(pattern_fault(pattern).map(|(offset, _)| offset), Some(1), "{pattern}: at its `)`");
        }
        let digits = compile_pattern("[0-9]+|x").expect("a pattern");
        assert!(digits.is_match("42") && !digits.is_match("42x"));
    }

    #[test]
    fn lists_written_other_ways_are_named_in_spec_syntax() {
        let hint = |text: &str| list_spelling(text).map(in_spec_syntax);
        assert_eq!(hint("Array of String").as_deref(), Some("string"));
        assert_eq!(hint("array of Integer").as_deref(), Some("i64"));
        assert_eq!(hint("Array of FaceRect").as_deref(), Some("FaceRect"));
        assert_eq!(hint("Array of Array of Float").as_deref(), Some("list<f64>"));
        assert_eq!(hint("Vec<u64>").as_deref(), Some("u64"));
        assert_eq!(hint("Array<bool>").as_deref(), Some("bool"));
        assert_eq!(hint("string[]").as_deref(), Some("string"));
        assert_eq!(hint("lsit<string>").as_deref(), Some("string"));
        assert_eq!(hint("lsit<string").as_deref(), Some("string"));
        assert_eq!(hint("List<string>").as_deref(), Some("string"));
        assert_eq!(hint("list < i64 >").as_deref(), Some("i64"));
        // Not a list: the type table is the hint.
        assert_eq!(hint("list<string"), None);
        assert_eq!(hint("Map<string, string>"), None);
        assert_eq!(hint("Array"), None);
    }

    #[test]
    fn sizes_parse_with_binary_units() {
        assert_eq!(parse_size(&Value::from(1024u64)), Ok(1024));
        assert_eq!(parse_size(&Value::from("1 KiB")), Ok(1024));
        assert_eq!(parse_size(&Value::from("4 MiB")), Ok(4 << 20));
        assert_eq!(
            parse_size(&Value::from("4 MB")),
            Err("unknown size unit `MB` in `4 MB`: write `4 MiB` if the page means MiB, or `4000000` if it means decimal megabytes".into())
        );
        assert_eq!(
            parse_size(&Value::from("5M")),
            Err("unknown size unit `M` in `5M`: write `5 MiB` if the page means MiB, or `5000000` if it means decimal megabytes".into())
        );
        assert_eq!(parse_size(&Value::from("5.5 MiB")), Ok(5 * (1 << 20) + (1 << 19)));
        assert_eq!(parse_size(&Value::from("0.5 B")), Err("`0.5 B` is not a whole number of bytes".into()));
        assert_eq!(
            parse_size(&Value::from(-1)),
            Err("`-1` is not a size: sizes are whole, non-negative numbers of bytes".into())
        );
        assert_eq!(parse_size(&Value::Sequence(vec![Value::from(5)])), Err("a list is not a size".into()));
        assert!(parse_size(&Value::from("lots")).is_err());
    }
}
