//! A version's `models.rs`: its nested models and the enums of allowed values fields share.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ir::{Field, Model, Service};

use super::result_codes::{result_accessors, result_code_enum};
use super::structs::{struct_item, Direction};
use super::validate::{constructor, validate_impl, Built};
use super::value_enums::value_enums;
use super::{code, esc, ident, inner_docs};

/// `models.rs`: the service's nested models, and the enums of allowed values they declare or
/// fields share by name.
pub fn models(service: &Service) -> TokenStream {
    let shared = shared_users(service);
    let what = match (service.models.is_empty(), !shared.is_empty()) {
        (true, _) => "Enums of allowed values shared by fields",
        (false, true) => "Nested models and shared enums of allowed values",
        (false, false) => "Nested models",
    };
    let doc = inner_docs(&format!(
        "{what} of {} {} {}.",
        esc(&service.vendor_name),
        esc(&service.name),
        code(&service.version)
    ));
    // Only models some request holds are validated and have a constructor, `new(required...)`.
    let checked = service.request_models();
    let items = service.models.iter().map(|model| {
        let own = model.fields.iter().filter(|f| f.values.as_ref().is_some_and(|v| !v.shared));
        let values = value_enums(own.map(|f| (model.rust_name.as_str(), f, service.spec_file.as_str())));
        let item = model_struct(model, &service.spec_file);
        let validate = checked.contains(model.name.as_str()).then(|| {
            let validate = validate_impl(&model.rust_name, &model.fields, &[]);
            // Without required fields, `Default::default()` is the constructor.
            let new = model
                .fields
                .iter()
                .any(|f| f.required)
                .then(|| constructor(&model.rust_name, &model.fields, Built::Model));
            quote! { #validate #new }
        });
        let accessors = result_accessors(&ident(&model.rust_name), &model.fields);
        let enums = model
            .fields
            .iter()
            .filter_map(|f| f.result_codes.as_ref().map(|c| result_code_enum(f, c, &service.spec_file)));
        quote! { #item #validate #accessors #(#enums)* #values }
    });
    let shared = value_enums(shared);
    quote! { #doc #(#items)* #shared }
}

/// The fields holding enums named by `enum`, which `models.rs` declares: (struct, field,
/// spec file naming it), in service order.
fn shared_users(service: &Service) -> Vec<(&str, &Field, &str)> {
    let models = service
        .models
        .iter()
        .flat_map(|m| m.fields.iter().map(|f| (m.rust_name.as_str(), f, service.spec_file.as_str())));
    let actions = service.actions.iter().flat_map(|a| {
        let request = a.request.iter().map(|f| (a.request_type.as_str(), f, a.spec_file.as_str()));
        request.chain(a.response.iter().map(|f| (a.response_type.as_str(), f, a.spec_file.as_str())))
    });
    models.chain(actions).filter(|(_, f, _)| f.values.as_ref().is_some_and(|v| v.shared)).collect()
}

fn model_struct(model: &Model, spec_file: &str) -> TokenStream {
    let mut doc = esc(&model.summary);
    if let Some(description) = &model.description {
        doc.push_str(&format!("\n\n{}", esc(description)));
    }
    if let Some(notes) = &model.notes {
        doc.push_str(&format!("\n\nNotes: {}", esc(notes)));
    }
    doc.push_str(&format!("\n\nWire name {}. Spec: `{spec_file}`.", code(&model.name)));
    struct_item(&model.rust_name, &doc, &model.fields, Direction::Both)
}
