//! The crate's module files: `lib.rs` (its docs, feature table and `for_each_action!`), and
//! the `mod.rs` of each vendor, service and version.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::ir::{Ir, Protocol, RegionPolicy, Service, Vendor};
use crate::render::describe;

use super::errors::common_enum;
use super::usage::usage_example;
use super::{code, docs, esc, ident, inner_docs};

/// The feature table's row for the versions of one service: `| feature | Vendor Service
/// (version, ...) | module, ... |`, a version's own name written where it differs from the
/// first's.
fn feature_row(vendor: &Vendor, versions: &[Service]) -> String {
    // A `|` of a name would end its cell.
    let cell = crate::render::docs::prose_cell;
    let first = &versions[0];
    let labels: Vec<String> = versions
        .iter()
        .map(|service| match service.name == first.name {
            true => cell(&service.version),
            false => format!("{} {}", cell(&service.name), cell(&service.version)),
        })
        .collect();
    let modules: Vec<String> = versions
        .iter()
        .map(|service| format!("`{}::{}::{}`", vendor.module, service.module, service.version_module))
        .collect();
    format!(
        "| `{}` | {} {} ({}) | {} |\n",
        first.feature,
        cell(&vendor.name),
        cell(&first.name),
        labels.join(", "),
        modules.join(", ")
    )
}

/// `lib.rs`: crate docs, feature-gated vendor modules, the runtime re-export.
pub fn lib(ir: &Ir, specs: &str, lib_name: &str) -> TokenStream {
    let mut doc = format!(
        "Typed bindings for cloud API actions, generated from the YAML specs in `{specs}/`.\n\n\
         Each vendor service version is a module with, per action, a request struct, a response \
         struct (a type alias for a response that is a JSON list), an error-code enum and an \
         `Action` marker type. Wire names are written on every \
         field exactly as the vendor spells them. A text field whose spec lists its values holds a \
         `runtime::OpenEnum` of a generated enum of them, which keeps any other text as `Other`. \
         `runtime::Client::send` and `runtime::build_request` take a validated request and infer \
         its action.\n\n\
         Each service has a Cargo feature, and each vendor a feature enabling all its services:\n\n\
         | feature | service | module |\n|---|---|---|\n",
    );
    for vendor in &ir.vendors {
        // The versions of a service share its feature (they are adjacent): one row for them.
        for versions in vendor.services.chunk_by(|a, b| a.feature == b.feature) {
            doc.push_str(&feature_row(vendor, versions));
        }
    }
    let doc = inner_docs(&doc);
    let modules = ir.vendors.iter().map(|vendor| {
        let name = ident(&vendor.module);
        let mut features: Vec<&str> = vendor.services.iter().map(|s| s.feature.as_str()).collect();
        features.dedup();
        // A vendor module exists when any of its services is enabled.
        let cfg = match features.as_slice() {
            [one] => quote!(#[cfg(feature = #one)]),
            many => quote!(#[cfg(any(#(feature = #many),*))]),
        };
        // prettyplease formats generated code; rustfmt must not reformat it. The module's
        // docs are its file's inner docs: outer ones here would be shown before them.
        quote! {
            #cfg
            #[rustfmt::skip]
            pub mod #name;
        }
    });
    let services: Vec<&Service> = ir.vendors.iter().flat_map(|vendor| &vendor.services).collect();
    let service_macros: Vec<Ident> = services.iter().map(|service| for_each_action_macro(service)).collect();
    let features = services.iter().map(|service| &service.feature);
    let for_each_doc = docs(&format!(
        "Invokes `callback!(path)` once per action of every enabled service, with the path of its \
         marker type (which implements `runtime::Action`), in the order of the feature table \
         above and of the actions' files: code over every action (a dispatch table, a registry \
         of handlers, a test of each) then needs no list that can fall behind the specs. \
         `for_each_action!(callback, args...)` passes the tokens after the comma first: \
         `callback!(args..., path)`.\n\n\
         ```\n\
         use {lib}::runtime::Action;\n\n\
         let mut names = Vec::new();\n\
         macro_rules! push_name {{\n    \
             ($action:path) => {{\n        \
                 names.push(<$action as Action>::NAME);\n    \
             }};\n\
         }}\n\
         {lib}::for_each_action!(push_name);\n\
         println!(\"{{}} actions: {{}}\", names.len(), names.join(\", \"));\n\
         ```",
        lib = lib_name
    ));
    quote! {
        #doc
        #![forbid(unsafe_code)]
        #![deny(missing_docs)]

        /// The hand-written runtime every binding uses: validation, signing and building
        /// requests, reading responses, typed service errors and error-code lookup, and
        /// (with the `client` feature) a blocking HTTP client.
        pub use ::cloudbind_runtime as runtime;

        /// The traits whose methods callers use (`validated()`, an error code's `code()` and
        /// `retry()`), to import at once: `use cloudbind::prelude::*`.
        pub mod prelude {
            pub use ::cloudbind_runtime::prelude::*;
        }

        #(#modules)*

        #for_each_doc
        #[macro_export]
        macro_rules! for_each_action {
            ($callback:ident $(,)?) => {
                $crate::__for_each_action_all!($callback []);
            };
            ($callback:ident, $($args:tt)+) => {
                $crate::__for_each_action_all!($callback [$($args)+]);
            };
        }

        // The caller's arguments travel as one bracketed token tree, which may repeat with the
        // actions (its contents could not).
        #[doc(hidden)]
        #[macro_export]
        macro_rules! __for_each_action_all {
            ($callback:ident $args:tt) => {
                #($crate::#service_macros!($callback $args);)*
            };
        }

        // A disabled service's part of `for_each_action!` lists nothing; an enabled one's
        // is defined beside its actions.
        #(
            #[cfg(not(feature = #features))]
            #[doc(hidden)]
            #[macro_export]
            macro_rules! #service_macros {
                ($callback:ident $args:tt) => {};
            }
        )*
    }
}

/// The hidden macro through which `for_each_action!` lists a service version's actions. Vendor
/// and service ids are lowercase letters and digits, so the name is unique in the crate.
fn for_each_action_macro(service: &Service) -> Ident {
    ident(&format!("__for_each_action_{}_{}_{}", service.vendor_id, service.id, service.version_module))
}

/// `<vendor>/mod.rs`: one feature-gated module per service.
pub fn vendor_mod(vendor: &Vendor) -> TokenStream {
    let notes = vendor.notes.as_ref().map(|notes| format!("{}\n\n", esc(notes.trim_end()))).unwrap_or_default();
    let doc =
        inner_docs(&format!("{}: {}\n\n{notes}Spec: `{}`.", esc(&vendor.name), esc(&vendor.summary), vendor.spec_file));
    let mut services: Vec<&Service> = vendor.services.iter().collect();
    services.dedup_by(|a, b| a.module == b.module);
    let modules = services.iter().map(|service| {
        let name = ident(&service.module);
        let feature = &service.feature;
        // Documented by its file's inner docs, as every generated module is.
        quote! {
            #[cfg(feature = #feature)]
            pub mod #name;
        }
    });
    let common = (!vendor.common_errors.is_empty()).then(|| common_enum(vendor));
    quote! { #doc #(#modules)* #common }
}

/// `<vendor>/<service>/mod.rs`: one module per version.
pub fn service_mod(vendor: &Vendor, module: &str) -> TokenStream {
    let versions: Vec<&Service> = vendor.services.iter().filter(|s| s.module == module).collect();
    let first = versions[0];
    let listed: Vec<String> =
        versions.iter().map(|s| format!("- {}: [`{}`]", code(&s.version), s.version_module)).collect();
    let doc = inner_docs(&format!(
        "{} {}: {}\n\nAPI versions:\n{}",
        esc(&vendor.name),
        esc(&first.name),
        esc(&first.summary),
        listed.join("\n")
    ));
    let modules = versions.iter().map(|service| {
        let name = ident(&service.version_module);
        quote! { pub mod #name; }
    });
    quote! { #doc #(#modules)* }
}

/// `<vendor>/<service>/<version>/mod.rs`: the service constant, common error table and the
/// re-exports of models and actions.
pub fn version_mod(service: &Service, lib_name: &str) -> TokenStream {
    let mut doc = format!(
        "{} {} (API version {}): {}\n\n\
         - Protocol: {}\n- Endpoint: {}\n- Region: {}\n",
        esc(&service.vendor_name),
        esc(&service.name),
        code(&service.version),
        esc(&service.summary),
        describe::protocol(service.protocol),
        code(&service.endpoint),
        describe::region(service.region),
    );
    if !service.regions.is_empty() {
        doc.push_str(&format!("- Regions: {}\n", esc(&service.regions.join(", "))));
    }
    doc.push_str(&format!(
        "\nSpec: `{}`. Reference: `docs/{}` in this crate's folder.",
        service.spec_file,
        crate::render::docs_file_name(service)
    ));
    if let Some(notes) = &service.notes {
        doc.push_str(&format!("\n\n{}", esc(notes)));
    }
    if let Some(example) = usage_example(service, lib_name) {
        doc.push_str(&format!("\n\n{example}"));
    }
    let doc = inner_docs(&doc);
    let models = service.has_models_file().then(|| quote! { mod models; pub use models::*; });
    let actions = service.actions.iter().map(|action| {
        let module = ident(&action.module);
        quote! { mod #module; pub use #module::*; }
    });
    let vendor = &service.vendor_id;
    let id = &service.id;
    let version = &service.version;
    let name = format!("{} {}", service.vendor_name, service.name);
    let protocol = match service.protocol {
        Protocol::TencentApi3 => quote!(TencentApi3),
        Protocol::AlibabaRpc => quote!(AlibabaRpc),
        Protocol::AzureRest => quote!(AzureRest),
    };
    let endpoint = &service.endpoint;
    let region = match service.region {
        RegionPolicy::Required => quote!(Required),
        RegionPolicy::Optional => quote!(Optional),
        RegionPolicy::None => quote!(None),
    };
    let regions = &service.regions;
    let service_doc = docs(&format!("Facts about this service version. Spec: `{}`.", service.spec_file));
    let for_each = for_each_action_macro(service);
    let (vendor_module, service_module, version_module) =
        (ident(&service.vendor_module), ident(&service.module), ident(&service.version_module));
    let markers = service.actions.iter().map(|action| ident(&action.marker));
    quote! {
        #doc
        #models
        #(#actions)*

        #[doc(hidden)]
        #[macro_export]
        macro_rules! #for_each {
            ($callback:ident $args:tt) => {
                $crate::runtime::__for_each_action_call!(
                    $callback $args #($crate::#vendor_module::#service_module::#version_module::#markers),*
                );
            };
        }

        #service_doc
        pub const SERVICE: ::cloudbind_runtime::ServiceInfo = ::cloudbind_runtime::ServiceInfo {
            vendor: #vendor,
            service: #id,
            version: #version,
            name: #name,
            protocol: ::cloudbind_runtime::Protocol::#protocol,
            endpoint: #endpoint,
            region: ::cloudbind_runtime::RegionPolicy::#region,
            regions: &[#(#regions),*],
        };
    }
}
