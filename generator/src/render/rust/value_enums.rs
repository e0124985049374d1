//! The enums of a text field's documented values, which fields hold as `OpenEnum`.

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use crate::ir::{Field, Type, ValueEnum};

use super::{code, docs, ident};

/// The enums of allowed values held by `users` (struct, field, spec file), each once, its docs
/// linking every field that holds it; the first field's spec file is cited.
pub(super) fn value_enums<'a>(users: impl IntoIterator<Item = (&'a str, &'a Field, &'a str)>) -> TokenStream {
    let mut enums: Vec<(&ValueEnum, Vec<String>, &str)> = Vec::new();
    for (owner, field, spec_file) in users {
        let Some(values) = &field.values else { continue };
        // Linked through the version module, which re-exports every action's items.
        let name = field.rust_name.trim_start_matches("r#");
        let items = if matches!(field.ty, Type::List(_)) { "the items of " } else { "" };
        let user = format!("{items}[`{owner}::{name}`](super::{owner}::{name}) ({})", code(&field.wire_name));
        match enums.iter_mut().find(|(v, _, _)| v.enum_name == values.enum_name) {
            Some((_, list, _)) => list.push(user),
            None => enums.push((values, vec![user], spec_file)),
        }
    }
    let enums = enums.iter().map(|(values, users, spec_file)| {
        let whose = match users.as_slice() {
            [one] => one.clone(),
            many => format!("these fields:\n{}", many.iter().map(|u| format!("\n- {u}")).collect::<String>()),
        };
        value_enum(values, &whose, spec_file)
    });
    quote!(#(#enums)*)
}

/// One enum of documented text values: the variants and their texts. Fields hold it as
/// `OpenEnum<Name>`, whose behaviour is all in the runtime, generic over the enum.
fn value_enum(values: &ValueEnum, whose: &str, spec_file: &str) -> TokenStream {
    let name = ident(&values.enum_name);
    let variants: Vec<Ident> = values.variants.iter().map(|(_, variant)| ident(variant)).collect();
    let texts: Vec<&str> = values.variants.iter().map(|(text, _)| text.as_str()).collect();
    let variant_docs = texts.iter().map(|text| docs(&code(text)));
    let doc = docs(&format!(
        "The documented values of {whose}.\n\nA field holds one as `OpenEnum<{}>`, which keeps\n\
         text the spec does not list as `Other`.\n\nSpec: `{spec_file}`.",
        values.enum_name
    ));
    let default = values.default.map(|i| {
        let variant = &variants[i];
        quote! {
            /// The service's default, used when the field is not sent.
            const DEFAULT: ::std::option::Option<Self> = ::std::option::Option::Some(Self::#variant);
        }
    });
    quote! {
        #doc
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variant_docs #variants,)*
        }

        impl #name {
            /// The value's text on the wire.
            pub fn as_str(self) -> &'static str {
                ::cloudbind_runtime::TextEnum::as_str(self)
            }
        }

        /// The value's text on the wire, as `OpenEnum` writes it.
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(::cloudbind_runtime::TextEnum::as_str(*self))
            }
        }

        /// The variant whose wire text is exactly `text` (case matters); other text is an
        /// error naming it and the documented values.
        impl ::std::str::FromStr for #name {
            type Err = ::cloudbind_runtime::UnknownValue;
            fn from_str(text: &str) -> ::std::result::Result<Self, Self::Err> {
                ::cloudbind_runtime::parse_text(text)
            }
        }

        impl ::std::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                ::cloudbind_runtime::TextEnum::as_str(*self)
            }
        }

        impl ::cloudbind_runtime::TextEnum for #name {
            const VALUES: &'static [(Self, &'static str)] = &[#((Self::#variants, #texts)),*];
            #default
        }
    }
}
