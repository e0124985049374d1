//! The runtime crate's API manifest (`runtime/api/cloudbind-runtime.txt`): every public name of
//! the hand-written runtime, one fact per line, read from its source with syn.
//!
//! The generated crate's manifests come from the specs (see `render::api`); the runtime is
//! written by hand, so its public API could change without anything saying so. `gen` writes
//! this manifest beside the others and compares it the same way ([`crate::breaks`]): a
//! reviewer sees each change of the runtime's API as a line of the diff, and a fact that
//! changed or went away is named as breaking. Items hidden from the docs (`#[doc(hidden)]`),
//! which are for generated code only, are left out, as are private items and tests.
//!
//! Facts read `Subject is <what>`, the subject first, as the generated manifests' do:
//!
//! ```text
//! ServiceError is struct ServiceError<C> #[non_exhaustive]
//! ServiceError.code: C
//! WireParams is struct WireParams { path, query, headers, body }
//! ResponseError::Status { .. } #[non_exhaustive]
//! ResponseError::Status.status: u16
//! ServiceError::host_id is fn(&self) -> Option<&str>
//! ServiceError:Display is impl<C: ErrorCode> Display for ServiceError<C>
//! ErrorCode::code is required fn(&self) -> &str
//! ServiceError::with_host_id is fn(self, Option<String>) -> Self, in impl<C> ServiceError<C>
//! client is module [cfg(feature = "client")]
//! ```
//!
//! A type, trait or function reachable at several paths (defined in a public module and
//! re-exported at the crate root) has a declaration fact at each; its members are listed once,
//! under the shortest path. Types are written as the source spells them, on one line whatever
//! its layout (a signature broken over lines, a trailing comma); an implemented trait is
//! named by its last segment (`Display` for `fmt::Display`).
//!
//! A struct that code outside the crate can build with a literal (exhaustive, every field
//! public) names its fields in its declaration, so a field added changes that fact: a break.
//! A `#[non_exhaustive]` variant lists each field as a fact of its own, as every struct does,
//! so a field added to it is none.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use quote::ToTokens;
use syn::{Attribute, Fields, ImplItem, Item, TraitItem, UseTree, Visibility};

use crate::render::{OutputFile, MARKER};

/// The runtime's source folder and its manifest, relative to the workspace root.
pub const RUNTIME_SRC: &str = "runtime/src";
/// The folder of the runtime's manifest.
pub const RUNTIME_API_DIR: &str = "runtime/api";
const MANIFEST: &str = "cloudbind-runtime.txt";

/// A source file: its path relative to the workspace root, and its bytes.
pub type RuntimeFile = (PathBuf, Vec<u8>);

/// The runtime's source files (`*.rs` directly in `runtime/src`), paths relative to the
/// workspace root, sorted, with their bytes; `None` when the tree has no runtime (a test's
/// scratch tree).
pub fn runtime_sources(root: &Path) -> std::io::Result<Option<Vec<RuntimeFile>>> {
    let src = root.join(RUNTIME_SRC);
    if !src.join("lib.rs").is_file() {
        return Ok(None);
    }
    let mut sources = Vec::new();
    for entry in std::fs::read_dir(&src)? {
        let path = entry?.path();
        if path.extension().is_some_and(|ext| ext == "rs") && path.is_file() {
            let name = path.file_name().unwrap_or_default();
            sources.push((Path::new(RUNTIME_SRC).join(name), std::fs::read(&path)?));
        }
    }
    sources.sort();
    Ok(Some(sources))
}

/// The path of the runtime's manifest, relative to the workspace root.
pub fn runtime_manifest_path() -> PathBuf {
    PathBuf::from(RUNTIME_API_DIR).join(MANIFEST)
}

/// The runtime's manifest, from its sources (see [`runtime_sources`]).
pub fn runtime_manifest(sources: &[RuntimeFile]) -> Result<OutputFile, String> {
    let facts = crate_facts(&|module: &str| {
        let file =
            Path::new(RUNTIME_SRC).join(if module.is_empty() { "lib.rs".to_owned() } else { format!("{module}.rs") });
        let (_, bytes) =
            sources.iter().find(|(path, _)| *path == file).ok_or(format!("{}: not found", file.display()))?;
        let text = std::str::from_utf8(bytes).map_err(|e| format!("{}: {e}", file.display()))?;
        syn::parse_file(text).map_err(|e| format!("{}: {e}", file.display()))
    })?;
    let contents = format!(
        "# {MARKER} from `{RUNTIME_SRC}/`. Do not edit: it lists the runtime's public API; `cargo xtask gen` \
         rewrites it.\n# Every name downstream code can use, one fact per line. `gen` names the facts a change \
         alters or removes: they break downstream code.\n{}",
        facts.iter().map(|fact| format!("{fact}\n")).collect::<String>()
    );
    Ok(OutputFile { path: runtime_manifest_path(), contents })
}

/// The facts of a crate whose root module is `read("")` and whose file modules are
/// `read(name)` (one level deep, as the runtime's are).
pub fn crate_facts(read: &dyn Fn(&str) -> Result<syn::File, String>) -> Result<BTreeSet<String>, String> {
    let root = read("")?;
    let mut modules = vec![Module { name: String::new(), public: true, cfg: None, items: root.items }];
    let mut inline = Vec::new();
    for item in &modules[0].items {
        let Item::Mod(module) = item else { continue };
        if is_test_only(&module.attrs) {
            continue;
        }
        let public = is_public(&module.vis) && !is_hidden(&module.attrs);
        let cfg = cfg_of(&module.attrs);
        let items = match &module.content {
            Some((_, items)) => items.clone(),
            None => read(&module.ident.to_string())?.items,
        };
        inline.push(Module { name: module.ident.to_string(), public, cfg, items });
    }
    modules.extend(inline);
    Ok(Api::of(&modules).facts())
}

/// One module: its name (empty for the crate root), whether its path is public, its `cfg`.
struct Module {
    name: String,
    public: bool,
    cfg: Option<String>,
    items: Vec<Item>,
}

/// An item defined in a module, by `(module, name)`.
type ItemKey = (String, String);

struct Api<'a> {
    modules: &'a [Module],
    /// Public paths of each public item.
    paths: BTreeMap<ItemKey, BTreeSet<String>>,
    /// The `cfg` of the `pub use` that gives a path, where it has one.
    use_cfgs: BTreeMap<String, String>,
    facts: BTreeSet<String>,
}

impl<'a> Api<'a> {
    fn of(modules: &'a [Module]) -> Self {
        let mut api = Api { modules, paths: BTreeMap::new(), use_cfgs: BTreeMap::new(), facts: BTreeSet::new() };
        for module in modules {
            for item in &module.items {
                if let Some(name) = public_name(item) {
                    if module.public && !is_hidden(item_attrs(item)) {
                        let path = join(&module.name, &name);
                        api.paths.entry((module.name.clone(), name)).or_default().insert(path);
                    }
                }
                if let Item::Use(use_item) = item {
                    if is_public(&use_item.vis) && module.public && !is_hidden(&use_item.attrs) {
                        api.reexports(&module.name, &use_item.tree, &mut Vec::new(), cfg_of(&use_item.attrs));
                    }
                }
            }
        }
        api
    }

    /// Records the paths a `pub use` in `module` gives, walking its tree with `prefix` read.
    fn reexports(&mut self, module: &str, tree: &UseTree, prefix: &mut Vec<String>, cfg: Option<String>) {
        match tree {
            UseTree::Path(path) => {
                prefix.push(path.ident.to_string());
                self.reexports(module, &path.tree, prefix, cfg);
                prefix.pop();
            }
            UseTree::Group(group) => {
                for tree in &group.items {
                    self.reexports(module, tree, prefix, cfg.clone());
                }
            }
            UseTree::Name(name) => self.reexport(module, prefix, &name.ident.to_string(), &name.ident.to_string(), cfg),
            UseTree::Rename(rename) => {
                self.reexport(module, prefix, &rename.ident.to_string(), &rename.rename.to_string(), cfg)
            }
            UseTree::Glob(_) => {
                let source = prefix.join("::");
                self.facts.insert(format!("{} is re-export of {source}::*", join(module, "*")));
            }
        }
    }

    fn reexport(&mut self, module: &str, prefix: &[String], name: &str, alias: &str, cfg: Option<String>) {
        let path = join(module, alias);
        if prefix.is_empty() {
            // `pub use http;`: a dependency's crate, re-exported whole.
            self.facts.insert(format!("{path} is crate {name}{}", cfg_suffix(&cfg)));
            return;
        }
        // `error::Name` (from the root), `crate::error::Name`, `crate::Name`: the defining module.
        let source: Vec<&str> = prefix.iter().map(String::as_str).filter(|s| *s != "crate" && *s != "self").collect();
        let key = (source.first().copied().unwrap_or_default().to_owned(), name.to_owned());
        let key = match self.item(&key) {
            Some(_) => Some(key),
            // A re-export of a re-export (`crate::Action` in the prelude).
            None => self.paths.keys().find(|k| k.1 == name).cloned(),
        };
        if let Some(key) = key {
            if let Some(cfg) = cfg {
                self.use_cfgs.insert(path.clone(), cfg);
            }
            self.paths.entry(key).or_default().insert(path);
        } else {
            self.facts.insert(format!("{path} is re-export of {}::{name}{}", prefix.join("::"), cfg_suffix(&cfg)));
        }
    }

    /// The `cfg` a path is reached under: its module's, else its `pub use`'s.
    fn path_cfg(&self, path: &str) -> Option<String> {
        let module = path.rsplit_once("::").map_or("", |(module, _)| module);
        let module = self.modules.iter().find(|m| m.name == module).and_then(|m| m.cfg.clone());
        module.or_else(|| self.use_cfgs.get(path).cloned())
    }

    fn item(&self, (module, name): &ItemKey) -> Option<(&'a Module, &'a Item)> {
        let module = self.modules.iter().find(|m| &m.name == module)?;
        module.items.iter().find(|item| public_name(item).as_deref() == Some(name)).map(|item| (module, item))
    }

    fn facts(mut self) -> BTreeSet<String> {
        for module in self.modules.iter().filter(|m| m.public && !m.name.is_empty()) {
            self.facts.insert(format!("{} is module{}", module.name, cfg_suffix(&module.cfg)));
        }
        let paths = std::mem::take(&mut self.paths);
        for (key, all) in &paths {
            let Some((module, item)) = self.item(key) else { continue };
            let cfg = module.cfg.clone().or_else(|| cfg_of(item_attrs(item)));
            let Some(main) = main_path(all) else { continue };
            for path in all {
                // An item compiled whatever the features is still reached only with them
                // through a gated module or `pub use`.
                let cfg = cfg.clone().or_else(|| self.path_cfg(path));
                self.facts.insert(format!("{path} is {}{}", declaration(item), cfg_suffix(&cfg)));
            }
            self.members(main, item);
        }
        // Impls name types and traits without their module: an impl in the module that
        // defines a name means that item, else the name's only (or first) public item.
        let mut by_name: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
        for ((module, name), all) in &paths {
            if let Some(main) = main_path(all) {
                by_name.entry(name.as_str()).or_default().push((module.as_str(), main.as_str()));
            }
        }
        for module in self.modules {
            let names: BTreeMap<String, String> = by_name
                .iter()
                .map(|(name, items)| {
                    let here = items.iter().find(|(defined_in, _)| *defined_in == module.name).unwrap_or(&items[0]);
                    ((*name).to_owned(), here.1.to_owned())
                })
                .collect();
            for item in &module.items {
                if let Item::Impl(block) = item {
                    self.impl_facts(block, &names);
                }
            }
        }
        self.facts
    }

    /// A fact per field of the struct or non-exhaustive variant at `path` that outside code
    /// reads: `path.name: Type` (`path.0: Type` for a tuple's). A variant's are all public.
    fn field_facts(&mut self, path: &str, fields: &Fields, of_variant: bool) {
        for (index, field) in fields.iter().enumerate() {
            if (of_variant || is_public(&field.vis)) && !is_hidden(&field.attrs) {
                let name = field.ident.as_ref().map_or(index.to_string(), ToString::to_string);
                self.facts.insert(format!("{path}.{name}: {}", text(&field.ty)));
            }
        }
    }

    /// A fact per trait derived for the type `ident` at `path`. Without generics a derive
    /// promises what `impl Trait for Type` does, and reads as that fact, so that trading one
    /// for the other (a `Debug` written by hand to hide a secret, say) is no change; with
    /// generics it says more (a bound on each parameter), and reads `is derived`.
    fn derived_facts(&mut self, path: &str, ident: &syn::Ident, generics: &syn::Generics, attrs: &[Attribute]) {
        for derived in derives(attrs) {
            let fact = if generics.params.is_empty() {
                format!("{path}:{derived} is impl {derived} for {ident}")
            } else {
                format!("{path}:{derived} is derived")
            };
            self.facts.insert(fact);
        }
    }

    /// Fields, variants, trait items and derived traits of a public item at `path`.
    fn members(&mut self, path: &str, item: &Item) {
        match item {
            Item::Struct(item) => {
                self.derived_facts(path, &item.ident, &item.generics, &item.attrs);
                self.field_facts(path, &item.fields, false);
            }
            Item::Enum(item) => {
                self.derived_facts(path, &item.ident, &item.generics, &item.attrs);
                for variant in item.variants.iter().filter(|v| !is_hidden(&v.attrs)) {
                    let variant_path = format!("{path}::{}", variant.ident);
                    if has_attr(&variant.attrs, "non_exhaustive") {
                        // Outside code neither builds nor fully matches it, so a field added is
                        // no break: each field is a fact of its own, as a struct's are.
                        let rest = match &variant.fields {
                            Fields::Unit => "",
                            Fields::Unnamed(_) => "(..)",
                            Fields::Named(_) => " { .. }",
                        };
                        self.facts.insert(format!("{variant_path}{rest} #[non_exhaustive]"));
                        self.field_facts(&variant_path, &variant.fields, true);
                        continue;
                    }
                    // Each field's type, without its docs: any field added or changed breaks a
                    // literal or a pattern of it.
                    let field = |f: &syn::Field| match &f.ident {
                        Some(name) => format!("{name}: {}", text(&f.ty)),
                        None => text(&f.ty),
                    };
                    let fields = match &variant.fields {
                        Fields::Unit => String::new(),
                        Fields::Unnamed(fields) => {
                            format!("({})", fields.unnamed.iter().map(field).collect::<Vec<_>>().join(", "))
                        }
                        Fields::Named(fields) => {
                            format!(" {{ {} }}", fields.named.iter().map(field).collect::<Vec<_>>().join(", "))
                        }
                    };
                    self.facts.insert(format!("{variant_path}{fields}"));
                }
            }
            Item::Trait(item) => {
                for member in &item.items {
                    let (name, what) = match member {
                        TraitItem::Fn(f) if !is_hidden(&f.attrs) => {
                            let required = if f.default.is_none() { "required " } else { "" };
                            (f.sig.ident.to_string(), format!("{required}{}", signature(&f.sig)))
                        }
                        TraitItem::Const(c) if !is_hidden(&c.attrs) => {
                            let required = if c.default.is_none() { "required " } else { "" };
                            (c.ident.to_string(), format!("{required}const: {}", text(&c.ty)))
                        }
                        TraitItem::Type(t) if !is_hidden(&t.attrs) => {
                            let bounds =
                                if t.bounds.is_empty() { String::new() } else { format!(": {}", text(&t.bounds)) };
                            (t.ident.to_string(), format!("associated type{bounds}"))
                        }
                        _ => continue,
                    };
                    self.facts.insert(format!("{path}::{name} is {what}"));
                }
            }
            _ => {}
        }
    }

    /// The public methods and constants of an inherent impl of a public type; the traits a
    /// public type implements, and the other types a public trait is implemented for.
    fn impl_facts(&mut self, block: &syn::ItemImpl, names: &BTreeMap<String, String>) {
        let path = type_name(&block.self_ty).and_then(|name| names.get(&name));
        let generics = generics_text(&block.generics);
        let whole = || format!("impl{generics}");
        match &block.trait_ {
            Some((negative, trait_path, _)) => {
                let Some(last) = trait_path.segments.last() else { return };
                let trait_name = last.ident.to_string();
                let own =
                    self.modules.iter().any(|m| m.items.iter().any(|i| item_name(i).as_deref() == Some(&trait_name)));
                // A trait of this crate that is not public (a hidden helper of generated code).
                if own && !names.contains_key(&trait_name) {
                    return;
                }
                let bang = if negative.is_some() { "!" } else { "" };
                let trait_text = text(last);
                let self_text = text(&block.self_ty);
                let impl_text =
                    format!("{} {bang}{trait_text} for {self_text}{}", whole(), where_text(&block.generics));
                match (path, names.get(&trait_name)) {
                    (Some(path), _) => {
                        self.facts.insert(format!("{path}:{bang}{trait_text} is {impl_text}"));
                    }
                    // A public trait of this crate implemented for a type of another crate.
                    (None, Some(trait_path)) => {
                        self.facts.insert(format!("{trait_path} is implemented by {impl_text}"));
                    }
                    (None, None) => {}
                }
            }
            None => {
                let Some(path) = path else { return };
                if is_hidden(&block.attrs) {
                    return;
                }
                let within = if block.generics.params.is_empty() && block.generics.where_clause.is_none() {
                    String::new()
                } else {
                    format!(", in {} {}{}", whole(), text(&block.self_ty), where_text(&block.generics))
                };
                for member in &block.items {
                    let (name, what) = match member {
                        ImplItem::Fn(f) if is_public(&f.vis) && !is_hidden(&f.attrs) => {
                            (f.sig.ident.to_string(), signature(&f.sig))
                        }
                        ImplItem::Const(c) if is_public(&c.vis) && !is_hidden(&c.attrs) => {
                            (c.ident.to_string(), format!("const: {}", text(&c.ty)))
                        }
                        _ => continue,
                    };
                    self.facts.insert(format!("{path}::{name} is {what}{within}"));
                }
            }
        }
    }
}

/// The path that carries an item's members: the shortest, then the first in order.
fn main_path(paths: &BTreeSet<String>) -> Option<&String> {
    paths.iter().min_by_key(|path| path.len())
}

/// The fields a literal of a struct names: ` { a, b }`, `(_, _)` for a tuple struct, nothing
/// for a unit struct.
fn shape(fields: &Fields) -> String {
    match fields {
        Fields::Unit => String::new(),
        Fields::Unnamed(fields) => format!("({})", vec!["_"; fields.unnamed.len()].join(", ")),
        Fields::Named(fields) => {
            let names: Vec<String> =
                fields.named.iter().filter_map(|f| f.ident.as_ref()).map(ToString::to_string).collect();
            format!(" {{ {} }}", names.join(", "))
        }
    }
}

/// What an item is, as its declaration fact says it: kind, generics, and what code outside
/// the crate may do with it (`#[non_exhaustive]`, private fields).
fn declaration(item: &Item) -> String {
    let non_exhaustive =
        |attrs: &[Attribute]| if has_attr(attrs, "non_exhaustive") { " #[non_exhaustive]" } else { "" };
    match item {
        Item::Struct(s) => {
            let private = s.fields.iter().any(|f| !is_public(&f.vis));
            // Outside code can write a literal of an exhaustive struct with only public
            // fields, so its set of fields is part of the declaration: one added breaks it.
            let literal =
                if private || has_attr(&s.attrs, "non_exhaustive") { String::new() } else { shape(&s.fields) };
            format!(
                "struct {}{}{literal}{}{}",
                s.ident,
                generics_text(&s.generics),
                non_exhaustive(&s.attrs),
                if private { ", with private fields" } else { "" }
            )
        }
        Item::Enum(e) => format!("enum {}{}{}", e.ident, generics_text(&e.generics), non_exhaustive(&e.attrs)),
        Item::Trait(t) => {
            let supertraits =
                if t.supertraits.is_empty() { String::new() } else { format!(": {}", text(&t.supertraits)) };
            format!("trait {}{}{supertraits}", t.ident, generics_text(&t.generics))
        }
        Item::Fn(f) => signature(&f.sig),
        Item::Const(c) => format!("const: {}", text(&c.ty)),
        Item::Static(s) => format!("static: {}", text(&s.ty)),
        Item::Type(t) => format!("type{} = {}", generics_text(&t.generics), text(&t.ty)),
        // Only the kinds `public_name` names reach here.
        other => text(other),
    }
}

/// A function's signature without its name and its parameters' names, which callers do not
/// write (nor a `mut` on `self`): `fn<T: X>(&self, A) -> R where ...`.
fn signature(sig: &syn::Signature) -> String {
    let mut qualifiers = String::new();
    for (present, word) in
        [(sig.constness.is_some(), "const "), (sig.asyncness.is_some(), "async "), (sig.unsafety.is_some(), "unsafe ")]
    {
        if present {
            qualifiers.push_str(word);
        }
    }
    let inputs: Vec<String> = sig
        .inputs
        .iter()
        .map(|input| match input {
            syn::FnArg::Receiver(receiver) if receiver.colon_token.is_some() => format!("self: {}", text(&receiver.ty)),
            syn::FnArg::Receiver(receiver) => match &receiver.reference {
                Some((_, lifetime)) => {
                    let lifetime = lifetime.as_ref().map(|l| format!("{l} ")).unwrap_or_default();
                    let mutable = if receiver.mutability.is_some() { "mut " } else { "" };
                    format!("&{lifetime}{mutable}self")
                }
                None => "self".to_owned(),
            },
            syn::FnArg::Typed(typed) => text(&typed.ty),
        })
        .collect();
    let output = match &sig.output {
        syn::ReturnType::Default => String::new(),
        syn::ReturnType::Type(_, ty) => format!(" -> {}", text(ty)),
    };
    format!(
        "{qualifiers}fn{}({}){output}{}",
        generics_text(&sig.generics),
        inputs.join(", "),
        where_text(&sig.generics)
    )
}

/// Syntax as one line of ordinary Rust spelling (`Option<&'a str>`, not the token text
/// `Option < & 'a str >`), the same however the source was laid out.
fn text(node: &impl ToTokens) -> String {
    let mut atoms = Vec::new();
    atomize(node.to_token_stream(), &mut atoms);
    let mut out = String::new();
    for (i, atom) in atoms.iter().enumerate() {
        let previous = if i == 0 { None } else { Some(atoms[i - 1].as_str()) };
        if let Some(previous) = previous {
            let opens_args = matches!(atom.as_str(), "<" | "(") && starts_like_ident(previous);
            let glued = matches!(previous, "(" | "[" | "<" | "&" | "::" | "#" | "!" | "?")
                || matches!(atom.as_str(), ")" | "]" | ">" | "," | ";" | ":" | "::")
                || opens_args
                || (atom == "(" && matches!(previous, ">" | ")"));
            if !glued {
                out.push(' ');
            }
        }
        out.push_str(atom);
    }
    // A trailing comma (a signature or bound list laid out one per line) says nothing.
    for (with, without) in [(",)", ")"), (",>", ">"), (",]", "]"), (", }", " }")] {
        out = out.replace(with, without);
    }
    out.trim_end_matches(',').to_owned()
}

fn starts_like_ident(atom: &str) -> bool {
    atom.starts_with(|c: char| c.is_alphanumeric() || c == '_')
}

/// Tokens as words: an identifier, a literal, a lifetime, an operator (`::`, `->`), or a
/// delimiter of a group.
fn atomize(tokens: proc_macro2::TokenStream, atoms: &mut Vec<String>) {
    use proc_macro2::{Delimiter, Spacing, TokenTree};
    // Punctuation joined to what follows: the start of an operator, or a lifetime's `'`.
    let mut joint = String::new();
    for tree in tokens {
        match tree {
            TokenTree::Punct(punct) => {
                joint.push(punct.as_char());
                if punct.spacing() == Spacing::Alone {
                    atoms.push(std::mem::take(&mut joint));
                }
            }
            TokenTree::Ident(ident) => atoms.push(format!("{}{ident}", std::mem::take(&mut joint))),
            TokenTree::Literal(literal) => atoms.push(format!("{}{literal}", std::mem::take(&mut joint))),
            TokenTree::Group(group) => {
                if !joint.is_empty() {
                    atoms.push(std::mem::take(&mut joint));
                }
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                if !open.is_empty() {
                    atoms.push(open.to_owned());
                }
                atomize(group.stream(), atoms);
                if !close.is_empty() {
                    atoms.push(close.to_owned());
                }
            }
        }
    }
    if !joint.is_empty() {
        atoms.push(joint);
    }
}

fn generics_text(generics: &syn::Generics) -> String {
    if generics.params.is_empty() {
        String::new()
    } else {
        format!("<{}>", text(&generics.params))
    }
}

fn where_text(generics: &syn::Generics) -> String {
    generics.where_clause.as_ref().map(|w| format!(" {}", text(w))).unwrap_or_default()
}

/// The last segment's name of a path type, through references (`&'a [u8]` has none).
fn type_name(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        syn::Type::Reference(reference) => type_name(&reference.elem),
        _ => None,
    }
}

/// The name of an item that can be `pub`.
fn item_name(item: &Item) -> Option<String> {
    Some(match item {
        Item::Struct(i) => i.ident.to_string(),
        Item::Enum(i) => i.ident.to_string(),
        Item::Trait(i) => i.ident.to_string(),
        Item::Fn(i) => i.sig.ident.to_string(),
        Item::Const(i) => i.ident.to_string(),
        Item::Static(i) => i.ident.to_string(),
        Item::Type(i) => i.ident.to_string(),
        _ => return None,
    })
}

/// The name of an item declared `pub`.
fn public_name(item: &Item) -> Option<String> {
    let vis = match item {
        Item::Struct(i) => &i.vis,
        Item::Enum(i) => &i.vis,
        Item::Trait(i) => &i.vis,
        Item::Fn(i) => &i.vis,
        Item::Const(i) => &i.vis,
        Item::Static(i) => &i.vis,
        Item::Type(i) => &i.vis,
        _ => return None,
    };
    if is_public(vis) {
        item_name(item)
    } else {
        None
    }
}

fn item_attrs(item: &Item) -> &[Attribute] {
    match item {
        Item::Struct(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::Const(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        _ => &[],
    }
}

fn is_public(vis: &Visibility) -> bool {
    matches!(vis, Visibility::Public(_))
}

fn has_attr(attrs: &[Attribute], name: &str) -> bool {
    attrs.iter().any(|attr| attr.path().is_ident(name))
}

/// `#[doc(hidden)]`: not part of the documented API.
fn is_hidden(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|attr| attr.path().is_ident("doc") && text(&attr.meta).replace(' ', "") == "doc(hidden)")
}

/// `#[cfg(test)]`, `#[cfg(doctest)]` and the like: not compiled for downstream code.
fn is_test_only(attrs: &[Attribute]) -> bool {
    cfg_of(attrs).is_some_and(|cfg| cfg.contains("test"))
}

/// The `cfg(...)` an item is compiled under, as written.
fn cfg_of(attrs: &[Attribute]) -> Option<String> {
    attrs.iter().find(|attr| attr.path().is_ident("cfg")).map(|attr| text(&attr.meta))
}

fn cfg_suffix(cfg: &Option<String>) -> String {
    cfg.as_ref().map(|cfg| format!(" [{cfg}]")).unwrap_or_default()
}

/// The traits of `#[derive(...)]`, by their last name.
fn derives(attrs: &[Attribute]) -> Vec<String> {
    let mut names = Vec::new();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("derive")) {
        let _ = attr.parse_nested_meta(|meta| {
            if let Some(last) = meta.path.segments.last() {
                names.push(last.ident.to_string());
            }
            Ok(())
        });
    }
    names
}

fn join(module: &str, name: &str) -> String {
    if module.is_empty() {
        name.to_owned()
    } else {
        format!("{module}::{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(root: &str, modules: &[(&str, &str)]) -> Vec<String> {
        let read = |name: &str| -> Result<syn::File, String> {
            let text = if name.is_empty() {
                root
            } else {
                modules.iter().find(|(n, _)| *n == name).map(|(_, t)| *t).ok_or(format!("no module {name}"))?
            };
            syn::parse_file(text).map_err(|e| e.to_string())
        };
        crate_facts(&read).expect("facts").into_iter().collect()
    }

    #[test]
    fn types_are_listed_at_their_public_paths_with_their_members_once() {
        let root = "pub mod response; mod error; pub use error::{ServiceError, Retry as RetryClass}; \
                    pub use response::Reply; #[doc(hidden)] pub use error::Hidden; pub use http;";
        let error = "#[derive(Debug, Clone)] #[non_exhaustive] pub struct ServiceError<C> { pub code: C, \
                     pub(crate) secret: u8 } \
                     impl<C: Clone> ServiceError<C> { pub fn new(code: C, message: impl Into<String>) -> Self { todo() } \
                     fn private(&self) {} #[doc(hidden)] pub fn hidden(&self) {} } \
                     impl<C> std::fmt::Display for ServiceError<C> where C: Clone { } \
                     pub enum Retry { Transient, Wait(std::time::Duration), #[non_exhaustive] Other { why: String } } \
                     pub struct Hidden; pub struct NotExported;";
        let response = "pub struct Reply(pub Vec<u8>); impl std::fmt::Debug for Reply {} \
                        #[derive(Debug, Clone)] pub struct Pair { pub left: u8, pub right: u8 } \
                        pub fn read<'a>(body: &'a [u8]) -> Option<&'a str> { None }";
        assert_eq!(
            facts(root, &[("error", error), ("response", response)]),
            [
                "Reply is struct Reply(_)",
                "Reply.0: Vec<u8>",
                // A derive and an impl written by hand read alike where no generics differ.
                "Reply:Debug is impl Debug for Reply",
                "RetryClass is enum Retry",
                "RetryClass::Other { .. } #[non_exhaustive]",
                "RetryClass::Other.why: String",
                "RetryClass::Transient",
                "RetryClass::Wait(std::time::Duration)",
                "ServiceError is struct ServiceError<C> #[non_exhaustive], with private fields",
                "ServiceError.code: C",
                "ServiceError::new is fn(C, impl Into<String>) -> Self, in impl<C: Clone> ServiceError<C>",
                "ServiceError:Clone is derived",
                "ServiceError:Debug is derived",
                "ServiceError:Display is impl<C> Display for ServiceError<C> where C: Clone",
                "http is crate http",
                "response is module",
                "response::Pair is struct Pair { left, right }",
                "response::Pair.left: u8",
                "response::Pair.right: u8",
                "response::Pair:Clone is impl Clone for Pair",
                "response::Pair:Debug is impl Debug for Pair",
                "response::Reply is struct Reply(_)",
                "response::read is fn<'a>(&'a [u8]) -> Option<&'a str>",
            ]
        );
    }

    #[test]
    fn an_impl_means_the_item_of_its_own_module_when_two_share_a_name() {
        let root = "pub mod a; pub mod b;";
        let a = "pub struct Error; impl Error { pub fn from_a(&self) {} }";
        let b = "pub struct Error; impl Error { pub fn from_b(&self) {} }";
        assert_eq!(
            facts(root, &[("a", a), ("b", b)]),
            [
                "a is module",
                "a::Error is struct Error",
                "a::Error::from_a is fn(&self)",
                "b is module",
                "b::Error is struct Error",
                "b::Error::from_b is fn(&self)",
            ]
        );
    }

    #[test]
    fn traits_list_their_items_and_what_implementors_must_write() {
        let root = "mod meta; pub use meta::Action; #[cfg(feature = \"client\")] pub mod client; \
                    pub mod prelude { pub use crate::Action; }";
        let meta = "pub trait Action: Copy + 'static { type Request: Clone; const NAME: &'static str; \
                    fn name(&self) -> &str { Self::NAME } fn send(&self, body: &mut Vec<u8>) -> Result<(), String>; \
                    #[doc(hidden)] fn internal(); }";
        let client = "pub struct Client { inner: u8 } #[cfg(test)] mod tests { pub struct Nope; }";
        assert_eq!(
            facts(root, &[("meta", meta), ("client", client)]),
            [
                "Action is trait Action: Copy + 'static",
                "Action::NAME is required const: &'static str",
                "Action::Request is associated type: Clone",
                "Action::name is fn(&self) -> &str",
                "Action::send is required fn(&self, &mut Vec<u8>) -> Result<(), String>",
                "client is module [cfg(feature = \"client\")]",
                "client::Client is struct Client, with private fields [cfg(feature = \"client\")]",
                "prelude is module",
                "prelude::Action is trait Action: Copy + 'static",
            ]
        );
    }

    /// An item compiled whatever the features, re-exported in a gated module or by a gated
    /// `pub use`, is reached there only with the feature.
    #[test]
    fn a_path_through_a_gated_module_or_use_carries_its_cfg() {
        let root = "mod names; pub use names::Name; #[cfg(feature = \"client\")] pub mod client; \
                    #[cfg(feature = \"extra\")] pub use names::Other as Extra; pub use names::Other;";
        let names = "pub struct Name(String); pub struct Other;";
        let client = "pub use crate::names::Name;";
        assert_eq!(
            facts(root, &[("names", names), ("client", client)]),
            [
                "Extra is struct Other [cfg(feature = \"extra\")]",
                "Name is struct Name, with private fields",
                "Other is struct Other",
                "client is module [cfg(feature = \"client\")]",
                "client::Name is struct Name, with private fields [cfg(feature = \"client\")]",
            ]
        );
    }
}
