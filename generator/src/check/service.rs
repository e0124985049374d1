//! Rules of vendor and service files: the keys that name folders, endpoints and regions,
//! models and their recursion, and the names a version module exports.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use crate::diag::Source;
use crate::ir::{self, Type};
use crate::locate::KeyPath;
use crate::naming;
use crate::spec::{ActionSpec, Protocol, ServiceSpec, VendorSpec};

use super::{slash_path, Checker, ModelTable, Place, Role, SharedEnums};

impl Checker {
    /// The `key` value of a file must equal the folder `levels_up` above the file's folder.
    fn expect_folder(&mut self, source: &Source, key: &str, value: &str, dir: &Path, levels_up: usize) {
        let folder = dir.ancestors().nth(levels_up).and_then(Path::file_name).and_then(|n| n.to_str());
        if folder != Some(value) {
            let folder = folder.unwrap_or("");
            // A folder named like no version is the slip, not the key.
            let hint = if key == "version" && !naming::is_version(folder) && naming::is_version(value) {
                format!("move the service's files into a folder named `{value}`")
            } else {
                format!("move the file or write `{key}: {folder}`")
            };
            self.push(source.error(
                &KeyPath::root().key(key),
                format!("`{key}: {value}` does not match its folder `{folder}`"),
                Some(hint),
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

    pub(super) fn vendor(&mut self, source: &Source, spec: &VendorSpec, dir: &Path) -> ir::Vendor {
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

    pub(super) fn service(
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
        // The version goes on the wire (Tencent's `X-TC-Version`, Alibaba's `Version`) or
        // names the API (Azure), and a mistyped one is a version no service has.
        let (form_ok, form) = match spec.protocol {
            Protocol::TencentApi3 | Protocol::AlibabaRpc => {
                (naming::is_date_version(&spec.version), "a real date, `YYYY-MM-DD`, as this vendor's API versions are")
            }
            Protocol::AzureRest => {
                (naming::is_version(&spec.version), "`v` and numbers (`v1.0`) or a date (`2023-02-01`)")
            }
        };
        if !form_ok {
            self.push(source.error(
                &root.key("version"),
                format!("`version: {}` is not {form}", spec.version),
                Some("write the version the page gives, and name its folder after it".into()),
            ));
        }
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
                    super::examples::check(action_source, action, &checked, spec.protocol, &models, &spec.models);
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
    pub(super) fn unused_models(&mut self, source: &Source, service: &ir::Service) {
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
}
