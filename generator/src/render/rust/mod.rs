//! Rust source of the generated crate: `quote` builds tokens, `prettyplease` formats them.
//!
//! Paths are fully qualified (`::std::string::String`, `::cloudbind_runtime::...`) so a spec
//! model named `String`, `Option` or `Result` can never shadow what the code means.
//!
//! This file holds what every part uses (formatting, identifiers, doc attributes, field
//! types); each part of the output has its module: `modules` (`lib.rs` and the `mod.rs`
//! files), `usage` (a service's usage example), `models` (`models.rs`), `action` (an action's
//! file), `structs` and `serde_impls` (the structs and their serde impls), `errors` (error-code
//! enums and tables), `result_codes` and `value_enums` (the enums of result codes and of
//! allowed values), and `validate` (a struct's `Validate` impl and its `new(required...)`).
//! Spec prose is escaped for rustdoc by `render::markdown`, as for the Markdown pages.

mod action;
mod errors;
mod models;
mod modules;
mod result_codes;
mod serde_impls;
mod structs;
mod usage;
mod validate;
mod value_enums;

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Field, Prim, Type};

pub use super::markdown::{code, esc};
pub use action::action;
pub use models::models;
pub use modules::{lib, service_mod, vendor_mod, version_mod};
pub use result_codes::{result_accessor, result_accessors, result_code_enum};
pub use structs::FULL_SERDE;

/// Formats a token stream as a Rust file, with every function of an `impl` block marked
/// `#[inline]`.
///
/// `#[inline]` is what keeps the generated crate cheap to compile: rustc generates machine
/// code for an inline function only in a crate that calls it, so the bindings crate itself
/// compiles none of its thousands of impls (nor the runtime's generic functions they call),
/// and a downstream crate compiles those of the actions it uses. Without it, code generation
/// was a third of the instructions rustc ran for the crate (see BENCHMARKS.md).
pub fn format(tokens: TokenStream) -> Result<String, String> {
    let mut file: syn::File = syn::parse2(tokens).map_err(|e| format!("generated tokens do not parse: {e}"))?;
    // Parsed once, cloned for each function.
    let inline: syn::Attribute = syn::parse_quote!(#[inline]);
    for item in &mut file.items {
        let syn::Item::Impl(block) = item else { continue };
        for member in &mut block.items {
            if let syn::ImplItem::Fn(function) = member {
                function.attrs.push(inline.clone());
            }
        }
    }
    Ok(prettyplease::unparse(&file))
}

/// An identifier from a name the checker has already made valid (`r#type` included).
pub fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// Doc attributes, one per line. Text from specs must have gone through [`esc`] or [`code`].
pub fn docs(text: &str) -> TokenStream {
    text.trim_end()
        .lines()
        .map(|line| {
            let line = doc_literal(line);
            quote!(#[doc = #line])
        })
        .collect()
}

fn inner_docs(text: &str) -> TokenStream {
    text.trim_end()
        .lines()
        .map(|line| {
            let line = doc_literal(line);
            quote!(#![doc = #line])
        })
        .collect()
}

/// A doc line's string literal, ` line`, written raw where it can be. prettyplease prints a
/// doc attribute from the literal's value, so the spelling does not reach the output, and a
/// raw literal is far cheaper to make and for syn to read than an escaped one (with the lines
/// collected rather than interpolated, a cold run does 7% fewer instructions).
fn doc_literal(line: &str) -> Literal {
    // One `#` more than follows any `"` in the line closes the literal only at its end.
    let hashes = line
        .match_indices('"')
        .map(|(at, _)| line[at + 1..].len() - line[at + 1..].trim_start_matches('#').len() + 1)
        .max()
        .unwrap_or(0);
    // A raw string cannot hold a lone CR (`lines()` leaves one only inside a line), nor be
    // closed by more than 255 `#`.
    if line.contains('\r') || hashes > 255 {
        return Literal::string(&format!(" {line}"));
    }
    let hashes = "#".repeat(hashes);
    format!("r{hashes}\" {line}\"{hashes}").parse().expect("a raw string is a literal")
}

pub(super) fn rust_type(ty: &Type) -> TokenStream {
    match ty {
        Type::Prim(p) if p.is_text() => quote!(::std::string::String),
        Type::Prim(Prim::Binary) => quote!(::std::vec::Vec<u8>),
        Type::Prim(Prim::Bool) => quote!(bool),
        Type::Prim(p) => {
            let name = format_ident!("{}", p.spelling());
            quote!(#name)
        }
        Type::List(item) => {
            let item = rust_type(item);
            quote!(::std::vec::Vec<#item>)
        }
        Type::Model { rust_name, .. } => {
            let name = ident(rust_name);
            quote!(super::#name)
        }
    }
}

/// The Rust type of a field's value (before `Option`): its [`rust_type`], with a `string`
/// that has documented values replaced by their enum.
pub(super) fn field_type(field: &Field) -> TokenStream {
    let Some(values) = &field.values else { return rust_type(&field.ty) };
    let name = ident(&values.enum_name);
    // A shared enum is in `models.rs`, reached like a model.
    let name = if values.shared { quote!(super::#name) } else { quote!(#name) };
    let name = quote!(::cloudbind_runtime::OpenEnum<#name>);
    match &field.ty {
        Type::List(_) => quote!(::std::vec::Vec<#name>),
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_lines_are_raw_literals_holding_the_line() {
        let most = format!("\"{}", "#".repeat(254));
        let too_many = format!("\"{}", "#".repeat(255));
        let lines = ["plain", "a \"quote\"", "\"# and \"## close", "back\\slash \\n", "错误 \t tab", "", "lone\rcr"];
        for line in lines.into_iter().chain([most.as_str(), too_many.as_str()]) {
            let literal = doc_literal(line);
            let parsed: syn::LitStr = syn::parse2(quote!(#literal)).expect("a string literal");
            assert_eq!(parsed.value(), format!(" {line}"));
            // Raw unless it cannot be: cheap for syn and prettyplease to read.
            let raw = !line.contains('\r') && *line != too_many;
            assert_eq!(literal.to_string().starts_with('r'), raw, "{literal}");
        }
    }
}
