//! `impl Validate` for requests and the models they contain: each field's limits become a
//! row of one static `Limits` table, and each field one call into the runtime `Validator`,
//! which holds every check. Only fields with something to check get a call.

use std::collections::BTreeSet;

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::{field_type, ident};
use crate::ir::{Field, Limits, Prim, Rule, Type};

const RT: &str = "::cloudbind_runtime::validate";

fn rt() -> TokenStream {
    RT.parse().expect("a path")
}

/// `impl Validate for <owner>` checking `fields` and `rules`.
pub fn validate_impl(owner: &str, fields: &[Field], rules: &[Rule]) -> TokenStream {
    let rt = rt();
    let owner = ident(owner);
    let mut statics = Statics::default();
    let checks: Vec<TokenStream> = fields.iter().filter_map(|field| field_check(field, &mut statics)).collect();
    let rules = rules.iter().filter_map(|rule| rule_check(rule, fields));
    let v = if checks.is_empty() && rules.clone().next().is_none() { quote!(_v) } else { quote!(v) };
    let Statics { patterns, limits, .. } = statics;
    // One table rather than a static per field: each static is an item the compiler checks
    // and evaluates on its own, which cost a tenth of the crate's build. Fields take their
    // rows in order, so no row number appears: a field added changes only its own lines and
    // the table's length. (A slice static without a length cost 2% more to compile.)
    let n = limits.len();
    let table = (n > 0).then(|| {
        quote! {
            static LIMITS: [#rt::Limits; #n] = [#(#limits),*];
            let mut rows = #rt::LimitRows::new(&LIMITS);
        }
    });
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
    /// The names of `patterns`, which share the function's scope.
    pattern_names: BTreeSet<String>,
    limits: Vec<TokenStream>,
}

/// `v.field(wire, &self.name, rows)` when the field has something to check: the runtime's
/// `Check` picks the checks from the field's type, and `rows` are its limits (a list's own
/// row, then its items').
fn field_check(field: &Field, statics: &mut Statics) -> Option<TokenStream> {
    if !needs_check(&field.ty, &field.limits, &field.item_limits, field.required) {
        return None;
    }
    let wire = &field.wire_name;
    let name = ident(&field.rust_name);
    let base = field.rust_name.trim_start_matches("r#").to_uppercase();
    let first = statics.limits.len();
    push_rows(&field.ty, &field.limits, &field.item_limits, &base, statics);
    let rows = match statics.limits.len() - first {
        0 => quote!(&[]),
        n => {
            let n = Literal::usize_unsuffixed(n);
            quote!(rows.take(#n))
        }
    };
    Some(quote!(v.field(#wire, &self.#name, #rows);))
}

/// Whether a value of `ty` can violate anything: documented limits, implied syntax (URL,
/// UUID, base64), required text or data that must not be empty, or a nested model's checks.
/// List items count as required.
fn needs_check(ty: &Type, limits: &Limits, item_limits: &Limits, required: bool) -> bool {
    match ty {
        Type::Prim(prim) if prim.is_text() => {
            !limits.is_empty() || required || matches!(prim, Prim::Url | Prim::Uuid | Prim::Base64)
        }
        Type::Prim(Prim::Binary) => true,
        Type::Prim(prim) if prim.is_number() => !limits.is_empty(),
        Type::Prim(_) => false,
        Type::Model { .. } => true,
        Type::List(item) => !limits.is_empty() || needs_check(item, item_limits, &Limits::default(), true),
    }
}

/// Adds the rows a value of `ty` is checked against: none for a model, one for a primitive,
/// and for a list its own row followed by its items' rows.
fn push_rows(ty: &Type, limits: &Limits, item_limits: &Limits, base: &str, statics: &mut Statics) {
    match ty {
        Type::Prim(prim) => limits_row(base, *prim, limits, statics),
        Type::Model { .. } => {}
        Type::List(item) => {
            limits_row(base, Prim::Bool, limits, statics);
            push_rows(item, item_limits, &Limits::default(), &format!("{base}_ITEM"), statics);
        }
    }
}

/// Adds a row to the `LIMITS` table (and declares its pattern).
fn limits_row(base: &str, prim: Prim, limits: &Limits, statics: &mut Statics) {
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
            // An `f32` value is compared widened to `f64`: so is its bound, or `0.1f32` (which
            // widens to 0.10000000149) would break `max: 0.1`.
            let x = if prim == Prim::F32 { x as f32 as f64 } else { x };
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
        // Named after the field (`_ITEM` for a list's items), which two fields can share: the
        // items of a list `Codes` and a field `CodesItem`. A taken name gets the row's index,
        // which no other pattern's name ends in.
        let mut name = format!("{base}_PATTERN");
        if !statics.pattern_names.insert(name.clone()) {
            name = format!("{base}_PATTERN_{}", statics.limits.len());
            statics.pattern_names.insert(name.clone());
        }
        let pattern_name = format_ident!("{}", name);
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
    statics.limits.push(quote! { #rt::Limits { #(#fields,)* ..#rt::Limits::NONE } });
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

/// What a constructor builds, which its doc names.
#[derive(Clone, Copy)]
pub enum Built {
    /// An action's request, checked with `validated()`.
    Request,
    /// A model some request holds, checked with the request.
    Model,
}

/// `new(required...)` for a request struct or a model a request holds: one argument per
/// required field, so that code built with it keeps compiling when the spec gains an optional
/// field, as a struct literal without `..Default::default()` does not. `validated()` is a
/// provided method of `Validate`.
pub fn constructor(owner: &str, fields: &[Field], built: Built) -> TokenStream {
    let owner_ident = ident(owner);
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let args = required.iter().map(|f| {
        let name = ident(&f.rust_name);
        let ty = field_type(f);
        if matches!(f.ty, Type::Prim(p) if p.is_text()) {
            quote!(#name: impl ::std::convert::Into<#ty>)
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
    let names: Vec<String> = required.iter().map(|f| super::code(&f.wire_name)).collect();
    let (what, part, check) = match built {
        Built::Request => ("A request", "parameter", "check it with `validated()`"),
        Built::Model => ("A value", "field", "the request holding it checks it"),
    };
    let doc = match (names.is_empty(), rest.is_some()) {
        (true, _) => format!(" {what} with every optional {part} unset; {check}."),
        (false, true) => {
            format!(" {what} with the required {} and every optional {part} unset; {check}.", names.join(", "))
        }
        // Nothing is optional.
        (false, false) => format!(" {what} with the {part}s {}; {check}.", names.join(", ")),
    };
    // One argument per required parameter, as the page lists them: clippy's limit of seven
    // would otherwise fail the crate's `-D warnings` for a larger action.
    let allow = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    quote! {
        impl #owner_ident {
            #[doc = #doc]
            #allow
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits,)* #rest }
            }
        }
    }
}
