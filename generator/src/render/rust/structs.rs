//! The structs of requests, responses and models: fields, their docs, `Debug`, and which
//! serde traits each implements.

use proc_macro2::{Delimiter, Group, Punct, Spacing, TokenStream};
use quote::{quote, TokenStreamExt};

use crate::ir::Field;
use crate::render::describe;

use super::result_codes::result_accessor;
use super::serde_impls::{from_map_impl, serialize_impl};
use super::{code, docs, esc, field_type, ident};

/// Which way a struct crosses the wire, and so which serde traits it always implements.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    /// A request: serialized. `Deserialize` comes with the `full-serde` feature.
    Out,
    /// A response: deserialized. `Serialize` comes with the `full-serde` feature.
    In,
    /// A model, shared by requests and responses.
    Both,
}

/// The name of the generated crate's feature that adds the other direction's serde trait.
pub const FULL_SERDE: &str = "full-serde";

pub(super) fn struct_item(name: &str, doc: &str, fields: &[Field], direction: Direction) -> TokenStream {
    // serde's derives were most of a struct's compile cost. Both directions are written out
    // lean instead (`serialize_impl`, `from_map_impl`), and each struct pays only for the
    // direction it travels unless the user asks for both.
    let full_serde = quote!(#[cfg(feature = #FULL_SERDE)]);
    let (serialize_cfg, deserialize_cfg) = match direction {
        Direction::Out => (None, Some(full_serde)),
        Direction::In => (Some(full_serde), None),
        Direction::Both => (None, None),
    };
    let item = ident(name);
    // The fields are moved into the struct's braces: `quote!` would copy each field's tokens
    // (it interpolates by reference), and the copies cost 0.6% of a cold run.
    let mut struct_fields = TokenStream::new();
    for field in fields {
        struct_fields.extend(struct_field(field));
        struct_fields.append(Punct::new(',', Spacing::Alone));
    }
    let struct_fields = Group::new(Delimiter::Brace, struct_fields);
    let serialize = serialize_impl(&item, fields, serialize_cfg, direction == Direction::Out);
    let from_map = from_map_impl(&item, name, fields, deserialize_cfg);
    let doc = docs(doc);
    // Bulky data (base64 text, raw bytes, text marked `bulky`) is shown shortened; the other
    // structs derive `Debug`.
    let (derive_debug, debug_impl) = if fields.iter().any(|field| field.bulky) {
        let entries = fields.iter().map(|field| {
            let (name, shown) = (ident(&field.rust_name), field.rust_name.trim_start_matches("r#"));
            if field.bulky {
                quote!(.field(#shown, &::cloudbind_runtime::abbrev::Abbrev(&self.#name)))
            } else {
                quote!(.field(#shown, &self.#name))
            }
        });
        let debug = quote! {
            impl ::std::fmt::Debug for #item {
                fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                    f.debug_struct(#name) #(#entries)* .finish()
                }
            }
        };
        (quote!(), Some(debug))
    } else {
        (quote!(Debug,), None)
    };
    let mut tokens = doc;
    tokens.extend(quote! {
        #[derive(#derive_debug Clone, PartialEq, Default)]
        pub struct #item #struct_fields
    });
    tokens.extend(debug_impl);
    tokens.extend([serialize, from_map]);
    tokens
}

/// A struct field. Its wire name is in its docs and in the struct's serde impls.
fn struct_field(field: &Field) -> TokenStream {
    let name = ident(&field.rust_name);
    let ty = field_type(field);
    let ty = if field.required { ty } else { quote!(::std::option::Option<#ty>) };
    let mut tokens = docs(&field_doc(field));
    tokens.extend(quote!(pub #name:));
    tokens.extend(ty);
    tokens
}

fn field_doc(field: &Field) -> String {
    let mut doc = esc(&field.summary);
    if let Some(description) = &field.description {
        doc.push_str(&format!("\n\n{}", esc(description)));
    }
    doc.push('\n');
    if let Some(content_type) = field.raw_body_type() {
        // Its name is the spec's alone: nothing on the wire carries it.
        doc.push_str(&format!(
            "\n- Sent as: the whole request body, as {}; so it is not part of the struct's JSON form (`Serialize`, and `Deserialize` with `full-serde`)",
            code(content_type)
        ));
    } else {
        doc.push_str(&format!("\n- Wire name: {}", code(&field.wire_name)));
        if let Some(page) = &field.page_name {
            doc.push_str(&format!(" (the page prints {})", code(page)));
        }
        if field.location != crate::ir::Location::Body || field.content_type.is_some() {
            doc.push_str(&format!(", in the {}", describe::location(field.location)));
            if let Some(content_type) = &field.content_type {
                doc.push_str(&format!(" as {}", code(content_type)));
            }
        }
    }
    doc.push_str(&format!("\n- Type: `{}`", field.ty.spelling()));
    doc.push_str(if field.required { "; required" } else { "; optional" });
    if field.bulky {
        doc.push_str("; `Debug` shows it shortened");
    }
    if let Some(codes) = &field.result_codes {
        // The accessor is on the type holding this field, so a relative link finds it.
        doc.push_str(&format!(
            "\n- Result codes: [`{}`], read with [`{method}()`](Self::{method})",
            codes.enum_name,
            method = result_accessor(field)
        ));
    }
    if let Some(default) = &field.default {
        doc.push_str(&format!("\n- Default: {}", code(&default.to_string())));
    }
    if let Some(example) = &field.example {
        doc.push_str(&format!("\n- Example: {}", code(&example.to_string())));
    }
    let limits = describe::field_limits(field);
    if !limits.is_empty() {
        doc.push_str(&format!("\n- Limits: {}", limits.join("; ")));
    }
    if let Some(notes) = &field.notes {
        doc.push_str(&format!("\n- Notes: {}", esc(&notes.replace('\n', " "))));
    }
    doc
}
