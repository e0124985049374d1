//! Result codes: the enum of a field's per-item codes, and the accessors that read them.

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Field, ResultCodes, Type};
use crate::render::describe;

use super::{code, docs, esc, ident, rust_type};

/// The enum of a field's per-item result codes.
pub fn result_code_enum(field: &Field, codes: &ResultCodes, spec_file: &str) -> TokenStream {
    let name = ident(&codes.enum_name);
    let (code_ty, other_ty) = if codes.integer {
        let prim = match &field.ty {
            Type::List(item) => item.as_ref(),
            other => other,
        };
        (rust_type(prim), rust_type(prim))
    } else {
        (quote!(&str), quote!(::std::string::String))
    };
    let variants = codes.codes.iter().map(|c| {
        let variant = ident(&c.variant);
        let doc = docs(&format!("{}: {}", code(&describe::plain(&c.code)), esc(&c.summary)));
        quote! { #doc #variant }
    });
    let literal = |c: &crate::ir::ResultCode| -> TokenStream {
        match &c.code {
            serde_json::Value::Number(n) => {
                let value = n.as_i64().unwrap_or_default();
                if value < 0 {
                    let abs = Literal::i128_unsuffixed(-(value as i128));
                    quote!(-#abs)
                } else {
                    let lit = Literal::i128_unsuffixed(value as i128);
                    quote!(#lit)
                }
            }
            other => {
                let text = describe::plain(other);
                quote!(#text)
            }
        }
    };
    let from = codes.codes.iter().map(|c| {
        let variant = ident(&c.variant);
        let lit = literal(c);
        quote! { #lit => Self::#variant }
    });
    let to = codes.codes.iter().map(|c| {
        let variant = ident(&c.variant);
        let lit = literal(c);
        quote! { Self::#variant => #lit }
    });
    let summaries = codes.codes.iter().map(|c| {
        let variant = ident(&c.variant);
        let summary = &c.summary;
        quote! { Self::#variant => ::std::option::Option::Some(#summary) }
    });
    let successes: Vec<Ident> = codes.codes.iter().filter(|c| c.success).map(|c| ident(&c.variant)).collect();
    let is_success =
        if successes.is_empty() { quote!(false) } else { quote!(::std::matches!(self, #(Self::#successes)|*)) };
    let (from_arg, other_make, other_get, derive_copy) = if codes.integer {
        (quote!(code: #code_ty), quote!(Self::Other(other)), quote!(Self::Other(code) => *code), quote!(Copy,))
    } else {
        (
            quote!(code: &str),
            quote!(Self::Other(::std::borrow::ToOwned::to_owned(other))),
            quote!(Self::Other(code) => code.as_str()),
            quote!(),
        )
    };
    let doc = docs(&format!(
        "Per-item result codes carried by {}. Undocumented values become `Other`.\n\nSpec: `{spec_file}`.",
        code(&field.wire_name)
    ));
    quote! {
        #doc
        #[derive(Debug, Clone, #derive_copy PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants,)*
            /// A value the spec does not document, kept as received.
            Other(#other_ty),
        }

        impl #name {
            /// The variant for a code as received.
            pub fn from_code(#from_arg) -> Self {
                match code {
                    #(#from,)*
                    other => #other_make,
                }
            }

            /// The code as on the wire.
            pub fn code(&self) -> #code_ty {
                match self {
                    #(#to,)*
                    #other_get,
                }
            }

            /// Whether the code reports success for its item.
            pub fn is_success(&self) -> bool {
                #is_success
            }

            /// A short description of a documented code.
            pub fn summary(&self) -> ::std::option::Option<&'static str> {
                match self {
                    #(#summaries,)*
                    Self::Other(_) => ::std::option::Option::None,
                }
            }
        }

        /// The code as on the wire.
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.code(), f)
            }
        }
    }
}

/// The name of the method that reads `field`'s result codes (`ret_code_results` for a list,
/// `error_code_result` for one code), which the service docs name too.
pub fn result_accessor(field: &Field) -> String {
    let base = field.rust_name.trim_start_matches("r#");
    match field.ty {
        Type::List(_) => format!("{base}_results"),
        _ => format!("{base}_result"),
    }
}

/// Accessor methods reading result-code fields as their typed enums.
pub fn result_accessors(owner: &Ident, fields: &[Field]) -> TokenStream {
    let methods: Vec<TokenStream> = fields
        .iter()
        .filter_map(|field| {
            let codes = field.result_codes.as_ref()?;
            let enum_name = ident(&codes.enum_name);
            let field_name = ident(&field.rust_name);
            let method = format_ident!("{}", result_accessor(field));
            let doc = docs(&format!("{} read as [`{}`] values.", code(&field.wire_name), codes.enum_name));
            let convert = if codes.integer { quote!(#enum_name::from_code(*code)) } else { quote!(#enum_name::from_code(code)) };
            Some(match (&field.ty, field.required) {
                (Type::List(_), true) => {
                    quote! { #doc pub fn #method(&self) -> impl ::std::iter::Iterator<Item = #enum_name> + '_ { self.#field_name.iter().map(|code| #convert) } }
                }
                (Type::List(_), false) => {
                    quote! { #doc pub fn #method(&self) -> impl ::std::iter::Iterator<Item = #enum_name> + '_ { self.#field_name.iter().flatten().map(|code| #convert) } }
                }
                (_, true) => {
                    quote! { #doc pub fn #method(&self) -> #enum_name { let code = &self.#field_name; #convert } }
                }
                (_, false) => {
                    quote! { #doc pub fn #method(&self) -> ::std::option::Option<#enum_name> { self.#field_name.as_ref().map(|code| #convert) } }
                }
            })
        })
        .collect();
    if methods.is_empty() {
        return TokenStream::new();
    }
    quote! { impl #owner { #(#methods)* } }
}
