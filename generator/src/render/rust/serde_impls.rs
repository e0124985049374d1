//! The serde impls written out for each struct (`Serialize`, and `Deserialize` through the
//! runtime's `de::FromMap`) in place of serde's derives.

use proc_macro2::{Ident, TokenStream};
use quote::{format_ident, quote};

use crate::ir::{Field, Type};

use super::ident;

/// `Serialize` as a map: one entry per field under its wire name, unset optional fields left
/// out (see `cloudbind_runtime::ser`), and fields that are not serialized (a raw binary
/// body) not written; in a `request`, empty optional text and lists are left out too. `cfg`
/// gates the impl.
pub(super) fn serialize_impl(item: &Ident, fields: &[Field], cfg: Option<TokenStream>, request: bool) -> TokenStream {
    let entries: Vec<TokenStream> = fields
        .iter()
        .filter(|f| f.serialized())
        .map(|field| {
            let (name, wire) = (ident(&field.rust_name), &field.wire_name);
            // Validation counts an empty optional text or list of a request as not given; so
            // does the wire. Responses and models are written as they are (full-serde).
            let emptiable =
                request && (matches!(&field.ty, Type::List(_)) || matches!(&field.ty, Type::Prim(p) if p.is_text()));
            if field.required {
                quote!(map.required(#wire, &self.#name);)
            } else if emptiable {
                quote!(map.optional_nonempty(#wire, &self.#name);)
            } else {
                quote!(map.optional(#wire, &self.#name);)
            }
        })
        .collect();
    let map = if entries.is_empty() { quote!(map) } else { quote!(mut map) };
    quote! {
        #cfg
        impl ::serde::Serialize for #item {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> ::std::result::Result<S::Ok, S::Error> {
                let #map = ::cloudbind_runtime::ser::map(serializer);
                #(#entries)*
                map.end()
            }
        }
    }
}

/// `Deserialize` through the runtime's `de::FromMap`: one loop over the object's keys instead
/// of serde's derive (a field enum, two visitors and a sequence path per struct). Fields
/// serde skips are left at their default. `cfg` gates both impls.
pub(super) fn from_map_impl(item: &Ident, name: &str, fields: &[Field], cfg: Option<TokenStream>) -> TokenStream {
    // A field's slot is named after the field, not numbered, so a field added or removed
    // changes only its own lines of the output: `f_` and the name's words (`_3d` is `f_3d`,
    // not the `f__3d` that `non_snake_case` refuses). Names that differ only in underscores
    // would share a slot, so those are numbered, as `f<i>_`: a suffix (`f_lone_0` for `lone`
    // and `lone_`) could be the slot of another field (`lone_0`).
    let words: Vec<String> = fields
        .iter()
        .map(|f| {
            let words: Vec<&str> = f.rust_name.trim_start_matches("r#").split('_').filter(|w| !w.is_empty()).collect();
            words.join("_")
        })
        .collect();
    let slots: Vec<Ident> = words
        .iter()
        .enumerate()
        .map(|(i, w)| match words.iter().filter(|other| *other == w).count() {
            1 => format_ident!("f_{}", w),
            _ => format_ident!("f{}_{}", i, w),
        })
        .collect();
    let read: Vec<(&Field, &Ident)> = fields.iter().zip(&slots).filter(|(f, _)| f.serialized()).collect();
    let declared = read.iter().map(|(_, slot)| slot);
    let arms = read.iter().map(|(field, slot)| {
        let wire = &field.wire_name;
        quote!(#wire => ::cloudbind_runtime::de::field(&mut map, &mut #slot, #wire))
    });
    let inits = fields.iter().zip(&slots).map(|(field, slot)| {
        let (name, wire) = (ident(&field.rust_name), &field.wire_name);
        match (field.serialized(), field.required) {
            (false, _) => quote!(#name: ::std::default::Default::default()),
            (true, true) => quote!(#name: ::cloudbind_runtime::de::required(#slot, #wire)?),
            (true, false) => quote!(#name: #slot.flatten()),
        }
    });
    let keys = if read.is_empty() {
        quote! {
            while map.next_key::<::serde::de::IgnoredAny>()?.is_some() {
                ::cloudbind_runtime::de::skip(&mut map)?;
            }
        }
    } else {
        quote! {
            #(let mut #declared = ::std::option::Option::None;)*
            while let ::std::option::Option::Some(key) = map.next_key::<::cloudbind_runtime::de::Key<'de>>()? {
                match key.as_str() {
                    #(#arms,)*
                    _ => ::cloudbind_runtime::de::skip(&mut map),
                }?;
            }
        }
    };
    quote! {
        #cfg
        impl<'de> ::cloudbind_runtime::de::FromMap<'de> for #item {
            const NAME: &'static str = #name;

            fn from_map<A: ::serde::de::MapAccess<'de>>(mut map: A) -> ::std::result::Result<Self, A::Error> {
                #keys
                ::std::result::Result::Ok(Self { #(#inits,)* })
            }
        }

        #cfg
        impl<'de> ::serde::Deserialize<'de> for #item {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> ::std::result::Result<Self, D::Error> {
                ::cloudbind_runtime::de::from_map(deserializer)
            }
        }
    }
}
