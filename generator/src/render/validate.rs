//! `impl Validate` for requests and the models they contain: each field's limits become a
//! row of one static `Limits` table, and each field one call into the runtime `Validator`,
//! which holds every check. Only fields with something to check get a call.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::rust::ident;
use crate::ir::{Field, Limits, Prim, Rule, Service, Type};

const RT: &str = "::cloudbind_runtime::validate";

fn rt() -> TokenStream {
    RT.parse().expect("a path")
}

/// Names of the models reachable from any request of the service.
pub fn request_models(service: &Service) -> BTreeSet<String> {
    fn visit(ty: &Type, service: &Service, out: &mut BTreeSet<String>) {
        match ty {
            Type::List(item) => visit(item, service, out),
            Type::Model { name, .. } => {
                if out.insert(name.clone()) {
                    if let Some(model) = service.models.iter().find(|m| &m.name == name) {
                        for field in &model.fields {
                            visit(&field.ty, service, out);
                        }
                    }
                }
            }
            Type::Prim(_) => {}
        }
    }
    let mut out = BTreeSet::new();
    for action in &service.actions {
        for field in &action.request {
            visit(&field.ty, service, &mut out);
        }
    }
    out
}

/// `impl Validate for <owner>` checking `fields` and `rules`.
pub fn validate_impl(owner: &str, fields: &[Field], rules: &[Rule]) -> TokenStream {
    let rt = rt();
    let owner = ident(owner);
    let mut statics = Statics::default();
    let checks: Vec<TokenStream> = fields.iter().filter_map(|field| field_check(field, &mut statics)).collect();
    let rules = rules.iter().filter_map(|rule| rule_check(rule, fields));
    let v = if checks.is_empty() && rules.clone().next().is_none() { quote!(_v) } else { quote!(v) };
    let Statics { patterns, limits } = statics;
    let n = limits.len();
    // One table rather than a static per field: each static is an item the compiler checks
    // and evaluates on its own, which cost a tenth of the crate's build.
    let table = (n > 0).then(|| quote!(static LIMITS: [#rt::Limits; #n] = [#(#limits),*];));
    quote! {
        impl #rt::Validate for #owner {
            fn validate_into(&self, #v: &mut #rt::Validator) {
                #(#patterns)*
                #table
                #(#checks)*
                #(#rules)*
            }
        }
    }
}

/// The statics of one `validate_into`: patterns by name, and the rows of its `LIMITS` table.
#[derive(Default)]
struct Statics {
    patterns: Vec<TokenStream>,
    limits: Vec<TokenStream>,
}

fn field_check(field: &Field, statics: &mut Statics) -> Option<TokenStream> {
    let wire = &field.wire_name;
    let name = ident(&field.rust_name);
    let base = field.rust_name.trim_start_matches("r#").to_uppercase();
    let check =
        value_check(&field.ty, &field.limits, &field.item_limits, &base, quote!(value), field.required, statics)?;
    Some(if field.required {
        quote! { { let value = &self.#name; v.enter(#wire); #check v.leave(); } }
    } else {
        quote! { if let ::std::option::Option::Some(value) = &self.#name { v.enter(#wire); #check v.leave(); } }
    })
}

/// The statements checking one value (`value` is a reference to it), or `None` when nothing
/// applies.
/// `required` text must not be empty; list items count as required.
fn value_check(
    ty: &Type,
    limits: &Limits,
    item_limits: &Limits,
    base: &str,
    value: TokenStream,
    required: bool,
    statics: &mut Statics,
) -> Option<TokenStream> {
    match ty {
        Type::Prim(prim) if prim.is_text() => {
            let implicit = matches!(prim, Prim::Url | Prim::Uuid | Prim::Base64);
            if limits.is_empty() && !implicit && !required {
                return None;
            }
            let row = limits_row(base, *prim, limits, statics);
            Some(quote!(v.text(#value, #required, &#row);))
        }
        Type::Prim(Prim::Binary) => {
            let row = limits_row(base, Prim::Binary, limits, statics);
            Some(quote!(v.binary(#value, #required, &#row);))
        }
        Type::Prim(prim) if prim.is_number() => {
            if limits.is_empty() {
                return None;
            }
            let row = limits_row(base, *prim, limits, statics);
            let as_f64 = match prim {
                Prim::F64 => quote!(*#value),
                Prim::I32 | Prim::U32 | Prim::F32 => quote!(f64::from(*#value)),
                _ => quote!(*#value as f64),
            };
            Some(quote!(v.number(#as_f64, &#row);))
        }
        Type::Prim(_) => None,
        Type::Model { .. } => Some(quote!(v.model(#value);)),
        Type::List(item) => {
            let item_base = format!("{base}_ITEM");
            let item_check =
                value_check(item, item_limits, &Limits::default(), &item_base, quote!(item), true, statics);
            if limits.is_empty() && item_check.is_none() {
                return None;
            }
            let row = limits_row(base, Prim::Bool, limits, statics);
            // A plain loop, not `Validator::list` with a closure: no function to monomorphize.
            let each = item_check.map(|check| {
                quote! {
                    for (i, item) in #value.iter().enumerate() { v.enter_index(i); #check v.leave(); }
                }
            });
            Some(quote!(v.items(#value.len(), &#row); #each))
        }
    }
}

/// Adds a row to the `LIMITS` table (and declares its pattern) and returns the row (`LIMITS[i]`).
fn limits_row(base: &str, prim: Prim, limits: &Limits, statics: &mut Statics) -> TokenStream {
    let rt = rt();
    let kind = match prim {
        Prim::String => quote!(Text),
        Prim::Url => quote!(Url),
        Prim::Uuid => quote!(Uuid),
        Prim::Base64 => quote!(Base64),
        Prim::Binary => quote!(Binary),
        p if p.is_number() => quote!(Number),
        _ => quote!(Other),
    };
    let opt = |value: Option<u64>| match value {
        Some(n) => quote!(::std::option::Option::Some(#n)),
        None => quote!(::std::option::Option::None),
    };
    let float = |value: Option<f64>| match value {
        Some(x) => {
            let lit = Literal::f64_suffixed(x);
            quote!(::std::option::Option::Some(#lit))
        }
        None => quote!(::std::option::Option::None),
    };
    let mut fields = vec![quote!(kind: #rt::Kind::#kind)];
    let mut set = |key: &str, tokens: TokenStream| {
        let key = format_ident!("{}", key);
        fields.push(quote!(#key: #tokens));
    };
    for (key, value) in [
        ("min_length", limits.min_length),
        ("max_length", limits.max_length),
        ("max_bytes", limits.max_bytes),
        ("min_items", limits.min_items),
        ("max_items", limits.max_items),
        ("max_encoded_size", limits.max_encoded_size),
        ("min_decoded_size", limits.min_decoded_size),
        ("max_decoded_size", limits.max_decoded_size),
    ] {
        if value.is_some() {
            set(key, opt(value));
        }
    }
    if limits.min.is_some() {
        set("min", float(limits.min));
    }
    if limits.max.is_some() {
        set("max", float(limits.max));
    }
    let texts: Vec<&str> = limits.allowed.iter().filter_map(|v| v.as_str()).collect();
    if !texts.is_empty() {
        set("allowed_text", quote!(&[#(#texts),*]));
    }
    let numbers: Vec<Literal> = limits.allowed.iter().filter_map(|v| v.as_f64()).map(Literal::f64_suffixed).collect();
    if !numbers.is_empty() {
        set("allowed_numbers", quote!(&[#(#numbers),*]));
    }
    if let Some(pattern) = &limits.pattern {
        let pattern_name = format_ident!("{}_PATTERN", base);
        statics.patterns.push(quote! { static #pattern_name: #rt::Pattern = #rt::Pattern::new(#pattern); });
        set("pattern", quote!(::std::option::Option::Some(&#pattern_name)));
    }
    if let Some(image) = &limits.image {
        let formats = image.formats.iter().map(|f| {
            let variant = format_ident!("{}", format!("{f:?}"));
            quote!(#rt::ImageFormat::#variant)
        });
        let side = |v: Option<u32>| match v {
            Some(n) => quote!(::std::option::Option::Some(#n)),
            None => quote!(::std::option::Option::None),
        };
        let (min_short_side, max_width, max_height) =
            (side(image.min_short_side), side(image.max_width), side(image.max_height));
        set(
            "image",
            quote!(::std::option::Option::Some(#rt::ImageLimits {
                formats: &[#(#formats),*],
                min_short_side: #min_short_side,
                max_width: #max_width,
                max_height: #max_height,
            })),
        );
    }
    let row = Literal::usize_unsuffixed(statics.limits.len());
    statics.limits.push(quote! { #rt::Limits { #(#fields,)* ..#rt::Limits::NONE } });
    quote!(LIMITS[#row])
}

fn rule_check(rule: &Rule, fields: &[Field]) -> Option<TokenStream> {
    let present = |names: &[String]| -> Vec<TokenStream> {
        names
            .iter()
            .filter_map(|wire| fields.iter().find(|f| &f.wire_name == wire))
            .map(|field| {
                let wire = &field.wire_name;
                let name = ident(&field.rust_name);
                // An empty list or string counts as not given.
                let given = match &field.ty {
                    Type::List(_) | Type::Prim(Prim::Binary) => {
                        quote!(self.#name.as_ref().is_some_and(|x| !x.is_empty()))
                    }
                    Type::Prim(p) if p.is_text() => quote!(self.#name.as_ref().is_some_and(|x| !x.is_empty())),
                    _ => quote!(self.#name.is_some()),
                };
                quote!((#wire, #given))
            })
            .collect()
    };
    match rule {
        Rule::AtLeastOne(names) => {
            let pairs = present(names);
            Some(quote!(v.at_least_one(&[#(#pairs),*]);))
        }
        Rule::ExactlyOne(names) => {
            let pairs = present(names);
            Some(quote!(v.exactly_one(&[#(#pairs),*]);))
        }
        // Documented server behaviour, not an error.
        Rule::Precedence { .. } => None,
    }
}

/// `new(required...)` for a request struct; `validated()` is a provided method of `Validate`.
pub fn constructor(owner: &str, fields: &[Field]) -> TokenStream {
    let owner_ident = ident(owner);
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let args = required.iter().map(|f| {
        let name = ident(&f.rust_name);
        let ty = super::rust::rust_type(&f.ty);
        if matches!(f.ty, Type::Prim(p) if p.is_text()) {
            quote!(#name: impl ::std::convert::Into<::std::string::String>)
        } else {
            quote!(#name: #ty)
        }
    });
    let inits = required.iter().map(|f| {
        let name = ident(&f.rust_name);
        if matches!(f.ty, Type::Prim(p) if p.is_text()) {
            quote!(#name: #name.into())
        } else {
            quote!(#name)
        }
    });
    let rest = (required.len() < fields.len()).then(|| quote!(..::std::default::Default::default()));
    let names: Vec<String> = required.iter().map(|f| format!("`{}`", f.wire_name)).collect();
    let doc = if names.is_empty() {
        " A request with every optional parameter unset; check it with `validated()`.".to_owned()
    } else {
        format!(
            " A request with the required {} and every optional parameter unset; check it with `validated()`.",
            names.join(", ")
        )
    };
    quote! {
        impl #owner_ident {
            #[doc = #doc]
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits,)* #rest }
            }
        }
    }
}
