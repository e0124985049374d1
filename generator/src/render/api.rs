//! The API manifest: every name downstream code can depend on, one fact per line, sorted.
//!
//! A fact that changes or goes away breaks someone's build or wire traffic: a Rust name, a
//! field's Rust type (which says whether it is required), a wire name, a constructor's
//! parameters, an error code or an allowed value. Limits and prose are left out, since
//! changing them breaks no code. `gen` compares each manifest with the one on disk and names
//! the facts that changed or went away (see `output::Plan::api_breaks`), so a reviewer sees a
//! breaking change said in words and not only as a line of a diff.
//!
//! Added facts are not reported. A field added to a struct breaks only code that builds or
//! matches the struct without `..` (the docs build requests with `..XxxRequest::new(...)`),
//! and error-code, result-code and value enums are `#[non_exhaustive]`. `gen` compares with
//! the manifests on disk, the last run's, so its note comes once, from the run that makes the
//! change; `cargo xtask breaking` compares with an earlier release's manifests.

use proc_macro2::TokenStream;

use super::rust::{field_type, rust_type};
use crate::ir::{Action, ErrorOrigin, Field, Service, Vendor};
use crate::spec::Location;

/// The lines of a manifest file after its header: facts only, sorted.
fn lines(mut facts: Vec<String>) -> String {
    facts.sort();
    facts.dedup();
    facts.iter().map(|fact| format!("{fact}\n")).collect()
}

/// The manifest of one service version: its feature, module, actions, models and enums.
pub fn service(service: &Service) -> String {
    let module = format!("{}::{}::{}", service.vendor_module, service.module, service.version_module);
    let mut facts = vec![format!("feature {} enables {module}", service.feature)];
    let at = |name: &str| format!("{module}::{name}");
    for action in &service.actions {
        facts.extend(action_facts(action, &at));
    }
    let built = service.request_models();
    for model in &service.models {
        let path = at(&model.rust_name);
        if built.contains(model.name.as_str()) {
            facts.extend(constructor(&path, &model.fields));
        }
        facts.extend(fields(&path, &model.fields));
    }
    lines(facts)
}

/// The manifest of a vendor: its feature and its common error codes.
pub fn vendor(vendor: &Vendor) -> String {
    let mut facts = vec![format!("feature {} enables {}", vendor.feature, vendor.module)];
    if !vendor.common_errors.is_empty() {
        let codes = format!("{}::CommonErrorCode", vendor.module);
        facts.extend(vendor.common_errors.iter().map(|e| format!("{codes}::{} is code {}", e.variant, e.code)));
    }
    lines(facts)
}

fn action_facts(action: &Action, at: &dyn Fn(&str) -> String) -> Vec<String> {
    let request = at(&action.request_type);
    // Not its HTTP method and path: the generated code sends them, no caller names them.
    let mut facts = vec![format!("{} is action {}", at(&action.marker), action.name)];
    // Every request has `new`, with no arguments when nothing is required.
    facts.push(constructor(&request, &action.request).unwrap_or_else(|| format!("{request}::new()")));
    facts.extend(fields(&request, &action.request));
    let response = at(&action.response_type);
    // A response that is a JSON list is a type alias, which has no fields to list.
    if let Some(body) = &action.response_body {
        facts.push(format!("{response} = {}", type_text(rust_type(body))));
    }
    facts.extend(fields(&response, &action.response));
    // The vendor's common codes are no variants of the action's enum (its `Common` variant
    // holds them): the vendor's manifest has them.
    let codes = at(&action.error_code_type);
    let own = action.errors.iter().filter(|e| !matches!(e.origin, ErrorOrigin::Vendor(_)));
    facts.extend(own.map(|e| format!("{codes}::{} is code {}", e.variant, e.code)));
    facts
}

/// `new(required...)` of a struct with required fields (see `validate::constructor`).
fn constructor(owner: &str, fields: &[Field]) -> Option<String> {
    let required: Vec<&str> = fields.iter().filter(|f| f.required).map(|f| f.rust_name.as_str()).collect();
    (!required.is_empty()).then(|| format!("{owner}::new({})", required.join(", ")))
}

/// A struct's fields: Rust name, Rust type and wire name; and the enums of their values.
fn fields(owner: &str, fields: &[Field]) -> Vec<String> {
    let mut facts = Vec::new();
    for field in fields {
        let ty = type_text(field_type(field));
        let ty = if field.required { ty } else { format!("Option<{ty}>") };
        let place = match field.location {
            Location::Body => "",
            Location::Query => " in query",
            Location::Path => " in path",
            Location::Header => " in header",
        };
        // How it travels: a change of wire name, place or media type breaks callers' requests.
        let wire = match (field.raw_body_type(), &field.content_type) {
            (Some(media), _) => format!("the whole body as {media}"),
            (None, Some(media)) => format!("wire {}{place} as {media}", field.wire_name),
            (None, None) => format!("wire {}{place}", field.wire_name),
        };
        facts.push(format!("{owner}.{}: {ty} is {wire}", field.rust_name));
        if let Some(values) = &field.values {
            let name = owner.rsplit_once("::").map_or("", |(module, _)| module);
            for (text, variant) in &values.variants {
                facts.push(format!("{name}::{}::{variant} is value {text:?}", values.enum_name));
            }
        }
        if let Some(codes) = &field.result_codes {
            let name = owner.rsplit_once("::").map_or("", |(module, _)| module);
            for code in &codes.codes {
                facts.push(format!("{name}::{}::{} is result {}", codes.enum_name, code.variant, code.code));
            }
        }
    }
    facts
}

/// A Rust type as its tokens print, without spaces and without the paths every generated type
/// spells out (`::std::option::`, `::cloudbind_runtime::`, `super::`). A model named `String`
/// keeps its `super::`: written bare, it would read as the text type, so a field changed from
/// one to the other would keep its fact and go unreported. (`Option`, `Vec` and `OpenEnum`
/// always have `<`, which a model's name never has.)
fn type_text(tokens: TokenStream) -> String {
    let text: String = tokens.to_string().split_whitespace().collect();
    let text = ["::std::option::", "::std::vec::", "::std::string::", "::cloudbind_runtime::"]
        .iter()
        .fold(text, |text, path| text.replace(path, ""));
    let mut out = String::with_capacity(text.len());
    let mut parts = text.split("super::");
    out.push_str(parts.next().unwrap_or_default());
    for part in parts {
        let name_end = part.find(|c: char| !(c == '_' || c.is_alphanumeric())).unwrap_or(part.len());
        if &part[..name_end] == "String" {
            out.push_str("super::");
        }
        out.push_str(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::type_text;

    #[test]
    fn a_model_named_string_is_not_the_text_type() {
        let text = type_text(quote!(::std::option::Option<::std::vec::Vec<super::String>>));
        assert_eq!(text, "Option<Vec<super::String>>");
        assert_eq!(type_text(quote!(::std::string::String)), "String");
        assert_eq!(type_text(quote!(::std::vec::Vec<super::StringList>)), "Vec<StringList>");
        let open = type_text(quote!(::cloudbind_runtime::OpenEnum<super::Switch>));
        assert_eq!(open, "OpenEnum<Switch>");
    }
}
