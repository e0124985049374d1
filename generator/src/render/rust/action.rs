//! One action's file: its marker type and `Action` impl, request and response, and errors.

use proc_macro2::TokenStream;
use quote::quote;

use super::validate::{constructor, validate_impl, Built};
use crate::ir::{Action, Period, Service};
use crate::render::describe;

use super::errors::error_enum;
use super::result_codes::{result_accessors, result_code_enum};
use super::structs::{struct_item, Direction};
use super::value_enums::value_enums;
use super::{code, docs, esc, ident, inner_docs, rust_type};

/// One action's file: marker, request, response, error codes, result codes.
pub fn action(service: &Service, action: &Action) -> TokenStream {
    let marker = ident(&action.marker);
    let request = ident(&action.request_type);
    let response = ident(&action.response_type);
    let code_type = ident(&action.error_code_type);
    let error = ident(&action.error_type);
    let name = &action.name;
    let title = action.title.as_deref().unwrap_or(&action.name);

    let mut summary = format!(
        "{} ({} {} {}): {}",
        code(title),
        esc(&service.vendor_name),
        esc(&service.name),
        code(&service.version),
        esc(&action.summary)
    );
    if let Some(description) = &action.description {
        summary.push_str(&format!("\n\n{}", esc(description)));
    }
    let mut facts = String::new();
    for limit in &action.rate_limits {
        facts.push_str(&format!("\n- Rate limit: {}", esc(&describe::rate_limit(limit))));
    }
    for rule in &action.rules {
        facts.push_str(&format!("\n- Rule: {}", describe::rule(rule)));
    }
    if let Some(notes) = &action.notes {
        facts.push_str(&format!("\n- Notes: {}", esc(&notes.replace('\n', " "))));
    }
    let spec_line = format!("\n\nSpec: `{}`.", action.spec_file);
    let file_doc = inner_docs(&format!("{}: {}{spec_line}", code(title), esc(&action.summary)));
    let facts = if facts.is_empty() { facts } else { format!("\n{facts}") };
    let marker_doc = docs(&format!(
        "{summary}{facts}\n\nRequest [`{}`], response [`{}`], errors [`{}`].{spec_line}",
        action.request_type, action.response_type, action.error_code_type
    ));
    let request_struct = struct_item(
        &action.request_type,
        &format!("Request parameters of [`{}`].{}{spec_line}", action.marker, rules_doc(action)),
        &action.request,
        Direction::Out,
    );
    let response_struct = match &action.response_body {
        // A bare JSON list: the response is the list itself.
        Some(body) => {
            let doc = docs(&format!(
                "Successful response of [`{}`]: the body is a JSON list, `{}`.{spec_line}",
                action.marker,
                body.spelling()
            ));
            let (name, ty) = (ident(&action.response_type), rust_type(body));
            quote! { #doc pub type #name = #ty; }
        }
        None => struct_item(
            &action.response_type,
            &format!("Successful response of [`{}`].{spec_line}", action.marker),
            &action.response,
            Direction::In,
        ),
    };
    let request_validate = validate_impl(&action.request_type, &action.request, &action.rules);
    let request_constructors = constructor(&action.request_type, &action.request, Built::Request);
    let method = &action.method;
    let path = &action.path;
    let limits = action.rate_limits.iter().map(|limit| {
        let requests = limit.requests;
        let per = match limit.per {
            Period::Second => quote!(Second),
            Period::Minute => quote!(Minute),
            Period::Hour => quote!(Hour),
            Period::Day => quote!(Day),
        };
        let scope = match &limit.scope {
            Some(scope) => quote!(::std::option::Option::Some(#scope)),
            None => quote!(::std::option::Option::None),
        };
        quote!(::cloudbind_runtime::RateLimit { requests: #requests, per: ::cloudbind_runtime::Period::#per, scope: #scope })
    });
    let params = action.request.iter().filter(|f| f.serialized()).map(|field| {
        let wire = &field.wire_name;
        let required = field.required;
        let location = match field.location {
            crate::ir::Location::Body => quote!(body),
            crate::ir::Location::Query => quote!(query),
            crate::ir::Location::Path => quote!(path),
            crate::ir::Location::Header => quote!(header),
        };
        quote!(::cloudbind_runtime::Param::#location(#wire, #required))
    });
    // A binary parameter is the whole body when it is given.
    let raw_body = action.request.iter().find_map(|f| Some((f, f.raw_body_type()?))).map(|(field, content_type)| {
        let name = ident(&field.rust_name);
        // An empty optional body counts as not given, as validation says.
        let get = if field.required {
            quote!(::std::option::Option::Some(request.#name.as_slice()))
        } else {
            quote!(request.#name.as_deref().filter(|body| !body.is_empty()))
        };
        quote! {
            fn raw_body(request: &Self::Request) -> ::std::option::Option<(&'static str, &[u8])> {
                #get.map(|body| (#content_type, body))
            }
        }
    });
    let errors = error_enum(service, action);
    let error_doc = docs(&format!(
        "The vendor's typed error of [`{}`]: code, message, request id, HTTP status and requested wait. \
         Reading a response gives it inside [`ResponseError::Service`](::cloudbind_runtime::ResponseError::Service), \
         beside answers that carry no vendor error.{spec_line}",
        action.marker
    ));
    let result_codes = action
        .response
        .iter()
        .filter_map(|f| f.result_codes.as_ref().map(|c| result_code_enum(f, c, &action.spec_file)));
    let accessors = result_accessors(&response, &action.response);
    // The action's own enums; a response field echoing a request field holds the same one.
    let request_fields = action.request.iter().map(|f| (action.request_type.as_str(), f));
    let response_fields = action.response.iter().map(|f| (action.response_type.as_str(), f));
    let own = request_fields.chain(response_fields).filter(|(_, f)| f.values.as_ref().is_some_and(|v| !v.shared));
    let values = value_enums(own.map(|(owner, f)| (owner, f, action.spec_file.as_str())));

    // The parts are moved into the file's stream: `quote!` would copy each (it interpolates
    // by reference).
    let mut file = file_doc;
    file.extend(marker_doc);
    file.extend(quote! {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
        pub struct #marker;

        impl ::cloudbind_runtime::Action for #marker {
            type Request = #request;
            type Response = #response;
            type ErrorCode = #code_type;
            const NAME: &'static str = #name;
            const SERVICE: &'static ::cloudbind_runtime::ServiceInfo = &super::SERVICE;
            const HTTP: ::cloudbind_runtime::HttpRoute = ::cloudbind_runtime::HttpRoute { method: #method, path: #path };
            const RATE_LIMITS: &'static [::cloudbind_runtime::RateLimit] = &[#(#limits),*];
            const PARAMS: &'static [::cloudbind_runtime::Param] = &[#(#params),*];
            #raw_body
        }
    });
    file.extend([
        request_struct,
        quote! {
            impl ::cloudbind_runtime::ActionRequest for #request {
                type Action = #marker;
            }
        },
        request_validate,
        request_constructors,
        response_struct,
        accessors,
        errors,
        error_doc,
        quote!(pub type #error = ::cloudbind_runtime::ServiceError<#code_type>;),
    ]);
    file.extend(result_codes);
    file.extend(values);
    file
}

fn rules_doc(action: &Action) -> String {
    if action.rules.is_empty() {
        return String::new();
    }
    let rules: Vec<String> = action.rules.iter().map(|r| format!("- {}", describe::rule(r))).collect();
    format!("\n\nRules:\n{}", rules.join("\n"))
}
