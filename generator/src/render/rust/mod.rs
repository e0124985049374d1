//! Rust source of the generated crate: `quote` builds tokens, `prettyplease` formats them.
//!
//! Paths are fully qualified (`::std::string::String`, `::cloudbind_runtime::...`) so a spec
//! model named `String`, `Option` or `Result` can never shadow what the code means.

use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

use super::describe;
use crate::ir::{
    Action, ErrorCode, ErrorOrigin, Field, Ir, Model, Period, Prim, Protocol, RegionPolicy, ResultCodes, Retry, Rule,
    Service, Type, ValueEnum, Vendor,
};
use crate::naming;

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
    for item in &mut file.items {
        let syn::Item::Impl(block) = item else { continue };
        for member in &mut block.items {
            if let syn::ImplItem::Fn(function) = member {
                function.attrs.push(syn::parse_quote!(#[inline]));
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
    let lines = text.trim_end().lines().map(|line| {
        let line = format!(" {line}");
        quote!(#[doc = #line])
    });
    quote!(#(#lines)*)
}

fn inner_docs(text: &str) -> TokenStream {
    let lines = text.trim_end().lines().map(|line| {
        let line = format!(" {line}");
        quote!(#![doc = #line])
    });
    quote!(#(#lines)*)
}

/// Spec prose made safe for rustdoc and the Markdown reference: outside backtick code spans,
/// `[`, `]`, `<`, `>`, `*`, `~` and `\` are escaped, and so are `_` but between two ASCII
/// letters or digits (`image_url`), `&` opening an entity, a run of `#` after white space that
/// ends a line (a heading's closing sequence) and, opening a line, `#`, a list marker (`-`,
/// `+`, `1.`), a line of `-`, `=` or `_`, a table's delimiter row and a code fence of
/// backticks; indentation is dropped, and a CR or CR LF line break is written as LF. So prose
/// can form no link, HTML tag, emphasis, strikethrough, heading, list, rule, table or code
/// block (which rustdoc would compile as a doctest) by accident. Bare URLs become autolinks,
/// which rustdoc wants. A backtick run opens a code span only where a run of the same length
/// closes it in the same paragraph, as in CommonMark: a stray backtick is escaped, and the
/// prose after it stays escaped. A span is put on one line (a line break and the indentation
/// after it become a space, as CommonMark reads them).
pub fn esc(text: &str) -> String {
    escape(text, true)
}

/// Spec prose as [`esc`] writes it, for a link's text (an action's title in a page's list of
/// actions): a URL stays text, escaped like the rest. An autolink there would be a link inside
/// the link, which GitHub renders as such (and then links a bare e-mail address after it too).
/// GitHub's own autolinks of bare `www.`, `http(s)://` and e-mail addresses leave a link's
/// text alone.
///
/// A leading `^` is escaped: `[^` opens a footnote in GitHub's Markdown, a definition when
/// `]:` follows.
pub(super) fn esc_link_text(text: &str) -> String {
    let text = escape(text, false);
    match text.strip_prefix('^') {
        Some(rest) => format!("\\^{rest}"),
        None => text,
    }
}

/// [`esc`], with bare URLs made autolinks or not.
fn escape(text: &str, autolinks: bool) -> String {
    // CommonMark ends a line at CR too: as LF, each line break is seen by the rules below.
    let text = if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let text = text.trim();
    let runs = backtick_runs(text);
    // The first run not behind `rest`.
    let mut next_run = 0;
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let line_start = out.is_empty() || out.ends_with('\n');
        if !line_start {
            // Within a line only these bytes can need care (`h` may start a URL): copy the
            // text up to the next one as it is.
            let plain = rest
                .bytes()
                .position(|b| {
                    matches!(
                        b,
                        b'[' | b']' | b'<' | b'>' | b'*' | b'~' | b'\\' | b'&' | b'#' | b'_' | b'`' | b'\n' | b'h'
                    )
                })
                .unwrap_or(rest.len());
            if plain > 0 {
                out.push_str(&rest[..plain]);
                rest = &rest[plain..];
                continue;
            }
        }
        if line_start && c != '\n' && c.is_whitespace() {
            // Indentation would make a code block (a doctest, in rustdoc).
            rest = rest.trim_start_matches(|c: char| c != '\n' && c.is_whitespace());
            continue;
        }
        if autolinks && c == 'h' && (rest.starts_with("http://") || rest.starts_with("https://")) {
            let end = rest
                .find(|c: char| {
                    c.is_whitespace()
                        || c.is_control()
                        || matches!(c, '(' | ')' | '[' | ']' | '<' | '>' | '"' | '\'' | '`' | '|')
                })
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
            out.push_str(&format!("<{url}>"));
            rest = &rest[url.len()..];
            continue;
        }
        if c == '`' {
            let run = rest.len() - rest.trim_start_matches('`').len();
            // Three opening a line open a fenced code block, whatever follows.
            let fence = line_start && run >= 3;
            // `rest` starts a whole run: no step above stops inside one. Were it to, the run
            // would be found in no entry and escaped, which is safe.
            let at = text.len() - rest.len();
            while runs.get(next_run).is_some_and(|&(start, _)| start < at) {
                next_run += 1;
            }
            let close = runs.get(next_run).filter(|&&(start, _)| start == at).and_then(|&(_, close)| close);
            match close.filter(|_| !fence) {
                // The span as written, closing run included, on one line: CommonMark reads
                // the lines of a paragraph before its code spans, so a line of the span could
                // open a heading, list or fence. A line break and the indentation after it
                // are read as one space in a span anyway.
                Some(close) => {
                    let (span, after) = rest.split_at(close - at + run);
                    let mut lines = span.split('\n');
                    out.push_str(lines.next().unwrap_or_default());
                    for line in lines {
                        out.push(' ');
                        out.push_str(line.trim_start_matches([' ', '\t']));
                    }
                    rest = after;
                }
                None => {
                    out.push_str(&"\\`".repeat(run));
                    rest = &rest[run..];
                }
            }
            continue;
        }
        if line_start && list_marker(rest) {
            // An ordered item's digits cannot be escaped; its `.` or `)` can.
            let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            out.push_str(&rest[..digits]);
            rest = &rest[digits..];
            out.push('\\');
            out.push_str(&rest[..1]);
            rest = &rest[1..];
            continue;
        }
        let entity = c == '&' && starts_entity(&rest[1..]);
        let opens_block = line_start && (c == '#' || rule_line(rest) || delimiter_row(rest));
        // Closing a heading the text is put in (an action's title on its page), it would vanish.
        let closes_heading = c == '#' && out.ends_with([' ', '\t']) && closing_sequence(rest);
        // `_` inside a word (`image_url`) is text; at a word's edge it may open or close emphasis.
        // Words are of ASCII letters and digits here: CommonMark reads some letters (`ⓐ`, a
        // symbol too) as punctuation, and `_` after punctuation may open emphasis.
        let emphasis = c == '_' && {
            let before = out.chars().next_back().is_some_and(|c| c.is_ascii_alphanumeric());
            let after = rest[1..].chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
            !(before && after)
        };
        if matches!(c, '[' | ']' | '<' | '>' | '*' | '~' | '\\') || opens_block || closes_heading || entity || emphasis
        {
            out.push('\\');
        }
        out.push(c);
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// The backtick runs of `text`, in order: where each starts, and where the run that would close
/// it as a code span starts, if one does (the next run of the same length, in the same
/// paragraph). Found in one pass over the text, so that prose with many runs that close
/// nothing does not search the rest of its paragraph again from each of them.
fn backtick_runs(text: &str) -> Vec<(usize, Option<usize>)> {
    let mut runs: Vec<(usize, Option<usize>)> = Vec::new();
    // By length: the last run of that length so far (its index in `runs`) and its paragraph.
    let mut last_of_len: Vec<Option<(usize, usize)>> = Vec::new();
    let mut paragraph = 0;
    let mut at = 0;
    let bytes = text.as_bytes();
    while let Some(start) = text[at..].find('`').map(|i| at + i) {
        // A blank line ends the paragraph, and with it every span still open.
        if bytes[at..start].windows(2).any(|pair| pair == b"\n\n") {
            paragraph += 1;
        }
        let len = bytes[start..].iter().take_while(|&&b| b == b'`').count();
        if last_of_len.len() <= len {
            last_of_len.resize(len + 1, None);
        }
        if let Some((open, its_paragraph)) = last_of_len[len].replace((runs.len(), paragraph)) {
            if its_paragraph == paragraph {
                runs[open].1 = Some(start);
            }
        }
        runs.push((start, None));
        at = start + len;
    }
    runs
}

/// Whether a line starting with `text` would start a list item: `-`, `+` or `1.`/`1)` (any
/// digits), then white space or the line's end (an empty item). (`*` is escaped anywhere.)
fn list_marker(text: &str) -> bool {
    let after = match text.strip_prefix(['-', '+']) {
        Some(after) => after,
        None => {
            let digits = text.trim_start_matches(|c: char| c.is_ascii_digit());
            if digits.len() == text.len() {
                return false;
            }
            match digits.strip_prefix(['.', ')']) {
                Some(after) => after,
                None => return false,
            }
        }
    };
    after.is_empty() || after.starts_with([' ', '\t', '\n'])
}

/// Whether the line starting `text` is all `-`, `=` or `_` (and spaces): a setext heading's
/// underline or a thematic break.
fn rule_line(text: &str) -> bool {
    let line = text.split('\n').next().unwrap_or_default().trim_end();
    line.chars()
        .next()
        .is_some_and(|first| matches!(first, '-' | '=' | '_') && line.chars().all(|c| c == first || c == ' '))
}

/// Whether the line starting `text` could be a table's delimiter row (`|---|:-:|`, `-|-`),
/// which makes the line before it a table's header: `|`, `:`, `-` and spaces only.
fn delimiter_row(text: &str) -> bool {
    let line = text.split('\n').next().unwrap_or_default();
    line.contains('-') && line.chars().all(|c| matches!(c, '|' | ':' | '-' | ' ' | '\t'))
}

/// Whether `text`, after white space, is a run of `#` that ends its line: a heading's closing
/// sequence, were the line a heading.
fn closing_sequence(text: &str) -> bool {
    let after = text.trim_start_matches('#').trim_start_matches([' ', '\t']);
    after.is_empty() || after.starts_with('\n')
}

/// Whether `&` followed by `text` would be read as an HTML entity (`&lt;`, `&#60;`).
fn starts_entity(text: &str) -> bool {
    let name = text.strip_prefix('#').unwrap_or(text);
    let len = name.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(name.len());
    len > 0 && name[len..].starts_with(';')
}

/// A value shown as a code span, fenced with enough backticks for any content, on one line: a
/// line break (LF, CR or CR LF) is written as the space CommonMark reads it as in a span. Empty
/// text is the words `(empty)`.
pub fn code(text: &str) -> String {
    if text.is_empty() {
        // CommonMark has no empty code span: two backticks would be text, and could open a
        // span that a later run of two closes.
        return "(empty)".to_owned();
    }
    // On lines of their own, its lines could open a heading, list or fence.
    let text = if text.contains(['\n', '\r']) {
        std::borrow::Cow::Owned(text.replace("\r\n", " ").replace(['\r', '\n'], " "))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let longest = longest_backtick_run(&text);
    if longest == 0 {
        // CommonMark strips one space from each end of a span that starts and ends with one
        // (unless it is all spaces): pad such a value so that it keeps its own.
        let padded = text.starts_with(' ') && text.ends_with(' ') && text.contains(|c| c != ' ');
        return if padded { format!("` {text} `") } else { format!("`{text}`") };
    }
    let fence = "`".repeat(longest + 1);
    format!("{fence} {text} {fence}")
}

/// The length of the longest run of backticks in `text`, which a fence around it must exceed.
pub(super) fn longest_backtick_run(text: &str) -> usize {
    text.split(|c| c != '`').map(str::len).max().unwrap_or(0)
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

/// `lib.rs`: crate docs, feature-gated vendor modules, the runtime re-export.
/// The feature table's row for the versions of one service: `| feature | Vendor Service
/// (version, ...) | module, ... |`, a version's own name written where it differs from the
/// first's.
fn feature_row(vendor: &Vendor, versions: &[Service]) -> String {
    // A `|` of a name would end its cell.
    let cell = super::docs::prose_cell;
    let first = &versions[0];
    let labels: Vec<String> = versions
        .iter()
        .map(|service| match service.name == first.name {
            true => cell(&service.version),
            false => format!("{} {}", cell(&service.name), cell(&service.version)),
        })
        .collect();
    let modules: Vec<String> = versions
        .iter()
        .map(|service| format!("`{}::{}::{}`", vendor.module, service.module, service.version_module))
        .collect();
    format!(
        "| `{}` | {} {} ({}) | {} |\n",
        first.feature,
        cell(&vendor.name),
        cell(&first.name),
        labels.join(", "),
        modules.join(", ")
    )
}

pub fn lib(ir: &Ir, specs: &str, lib_name: &str) -> TokenStream {
    let mut doc = format!(
        "Typed bindings for cloud API actions, generated from the YAML specs in `{specs}/`.\n\n\
         Each vendor service version is a module with, per action, a request struct, a response \
         struct (a type alias for a response that is a JSON list), an error-code enum and an \
         `Action` marker type. Wire names are written on every \
         field exactly as the vendor spells them. A text field whose spec lists its values holds a \
         `runtime::OpenEnum` of a generated enum of them, which keeps any other text as `Other`. \
         `runtime::Client::send` and `runtime::build_request` take a validated request and infer \
         its action.\n\n\
         Each service has a Cargo feature, and each vendor a feature enabling all its services:\n\n\
         | feature | service | module |\n|---|---|---|\n",
    );
    for vendor in &ir.vendors {
        // The versions of a service share its feature (they are adjacent): one row for them.
        for versions in vendor.services.chunk_by(|a, b| a.feature == b.feature) {
            doc.push_str(&feature_row(vendor, versions));
        }
    }
    let doc = inner_docs(&doc);
    let modules = ir.vendors.iter().map(|vendor| {
        let name = ident(&vendor.module);
        let mut features: Vec<&str> = vendor.services.iter().map(|s| s.feature.as_str()).collect();
        features.dedup();
        // A vendor module exists when any of its services is enabled.
        let cfg = match features.as_slice() {
            [one] => quote!(#[cfg(feature = #one)]),
            many => quote!(#[cfg(any(#(feature = #many),*))]),
        };
        // prettyplease formats generated code; rustfmt must not reformat it. The module's
        // docs are its file's inner docs: outer ones here would be shown before them.
        quote! {
            #cfg
            #[rustfmt::skip]
            pub mod #name;
        }
    });
    let services: Vec<&Service> = ir.vendors.iter().flat_map(|vendor| &vendor.services).collect();
    let service_macros: Vec<Ident> = services.iter().map(|service| for_each_action_macro(service)).collect();
    let features = services.iter().map(|service| &service.feature);
    let for_each_doc = docs(&format!(
        "Invokes `callback!(path)` once per action of every enabled service, with the path of its \
         marker type (which implements `runtime::Action`), in the order of the feature table \
         above and of the actions' files: code over every action (a dispatch table, a registry \
         of handlers, a test of each) then needs no list that can fall behind the specs.\n\n\
         ```\n\
         use {lib}::runtime::Action;\n\n\
         let mut names = Vec::new();\n\
         macro_rules! push_name {{\n    \
             ($action:path) => {{\n        \
                 names.push(<$action as Action>::NAME);\n    \
             }};\n\
         }}\n\
         {lib}::for_each_action!(push_name);\n\
         println!(\"{{}} actions: {{}}\", names.len(), names.join(\", \"));\n\
         ```",
        lib = lib_name
    ));
    quote! {
        #doc
        #![forbid(unsafe_code)]
        #![deny(missing_docs)]

        /// The hand-written runtime every binding uses: validation, signing and building
        /// requests, reading responses, typed service errors and error-code lookup, and
        /// (with the `client` feature) a blocking HTTP client.
        pub use ::cloudbind_runtime as runtime;

        /// The traits whose methods callers use (`validated()`, an error code's `code()` and
        /// `retry()`), to import at once: `use cloudbind::prelude::*`.
        pub mod prelude {
            pub use ::cloudbind_runtime::prelude::*;
        }

        #(#modules)*

        #for_each_doc
        #[macro_export]
        macro_rules! for_each_action {
            ($callback:ident) => {
                #($crate::#service_macros!($callback);)*
            };
        }

        // Called by each enabled service's macro with its actions: `$callback` stands in a
        // macro's name here only, where prettyplease prints it as `$callback ! (...)`.
        #[doc(hidden)]
        #[macro_export]
        macro_rules! __for_each_action_call {
            ($callback:ident, $($action:path),*) => {
                $($callback!($action);)*
            };
        }

        // A disabled service's part of `for_each_action!` lists nothing; an enabled one's
        // is defined beside its actions.
        #(
            #[cfg(not(feature = #features))]
            #[doc(hidden)]
            #[macro_export]
            macro_rules! #service_macros {
                ($callback:ident) => {};
            }
        )*
    }
}

/// The hidden macro through which `for_each_action!` lists a service version's actions. Vendor
/// and service ids are lowercase letters and digits, so the name is unique in the crate.
fn for_each_action_macro(service: &Service) -> Ident {
    ident(&format!("__for_each_action_{}_{}_{}", service.vendor_id, service.id, service.version_module))
}

/// `<vendor>/mod.rs`: one feature-gated module per service.
pub fn vendor_mod(vendor: &Vendor) -> TokenStream {
    let notes = vendor.notes.as_ref().map(|notes| format!("{}\n\n", esc(notes.trim_end()))).unwrap_or_default();
    let doc =
        inner_docs(&format!("{}: {}\n\n{notes}Spec: `{}`.", esc(&vendor.name), esc(&vendor.summary), vendor.spec_file));
    let mut services: Vec<&Service> = vendor.services.iter().collect();
    services.dedup_by(|a, b| a.module == b.module);
    let modules = services.iter().map(|service| {
        let name = ident(&service.module);
        let feature = &service.feature;
        // Documented by its file's inner docs, as every generated module is.
        quote! {
            #[cfg(feature = #feature)]
            pub mod #name;
        }
    });
    let common = (!vendor.common_errors.is_empty()).then(|| common_enum(vendor));
    quote! { #doc #(#modules)* #common }
}

/// The vendor's `CommonErrorCode`: one fieldless variant per common code, each the index of
/// its row in the common `ErrorTable`. Every action's error enum wraps it instead of repeating it.
fn common_enum(vendor: &Vendor) -> TokenStream {
    let codes: Vec<&ErrorCode> = vendor.common_errors.iter().collect();
    // A module-level static: its arguments are indented by 4.
    let table = error_table(&codes, 4);
    let variants: Vec<Ident> = codes.iter().map(|e| ident(&e.variant)).collect();
    let variant_docs = codes.iter().map(|e| docs(&format!("{}: {}", code(&e.code), esc(&e.summary))));
    let doc = docs(&format!(
        "Error codes every action of {} may return besides its own table; each action's error \
         enum holds them in its `Common` variant.\n\nSpec: `{}`.",
        esc(&vendor.name),
        vendor.spec_file
    ));
    quote! {
        /// Facts of the vendor's common codes, in variant order.
        static COMMON_ERRORS: ::cloudbind_runtime::ErrorTable = #table;

        #doc
        #[derive(Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum CommonErrorCode { #(#variant_docs #variants,)* }

        impl ::cloudbind_runtime::CommonCode for CommonErrorCode {
            const ALL: &'static [Self] = &[#(Self::#variants),*];

            fn info(self) -> &'static ::cloudbind_runtime::ErrorInfo {
                // Variants are declared in table order, so the discriminant is the row.
                &COMMON_ERRORS.rows()[self as usize]
            }
        }

        impl ::std::fmt::Debug for CommonErrorCode {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                COMMON_ERRORS.fmt_variant(::cloudbind_runtime::CommonCode::code(*self), f)
            }
        }

        impl ::std::fmt::Display for CommonErrorCode {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(::cloudbind_runtime::CommonCode::code(*self))
            }
        }

        /// The variant for a documented code; an undocumented one is an error naming it (an
        /// action's error enum keeps it instead, as `Unknown`).
        impl ::std::str::FromStr for CommonErrorCode {
            type Err = ::cloudbind_runtime::UnknownValue;
            fn from_str(code: &str) -> ::std::result::Result<Self, Self::Err> {
                ::cloudbind_runtime::parse_common(code)
            }
        }

        impl ::std::convert::AsRef<str> for CommonErrorCode {
            fn as_ref(&self) -> &str {
                ::cloudbind_runtime::CommonCode::code(*self)
            }
        }
    }
}

/// `ErrorTable::new(...)` of `codes`, in order: one string literal, a line per code with
/// its facts in tab-separated columns (see `cloudbind_runtime::ErrorTable`), which costs the
/// compiler far less than an `ErrorInfo` value per code and shows a reviewer one line per
/// code. `indent` is where the formatted argument starts, for the literal's continuation
/// lines.
fn error_table(codes: &[&ErrorCode], indent: usize) -> TokenStream {
    let rows = codes.iter().map(|e| {
        let retry = match e.retry {
            Some(Retry::Transient) => "transient",
            Some(Retry::Throttling) => "throttling",
            Some(Retry::Never) => "never",
            None => "unknown",
        };
        let statuses: Vec<String> = e.http_status.iter().map(u16::to_string).collect();
        // What a derived `Debug` would print (raw identifiers without their `r#`), where that
        // is not the code itself.
        let name = e.variant.trim_start_matches("r#");
        let name = if name == e.code { "" } else { name };
        // A summary is one line of the table: a line break in one is a space there (the
        // variant's docs keep the text as written).
        let summary = e.summary.lines().collect::<Vec<_>>().join(" ");
        format!("{}\t{retry}\t{}\t{name}\t{summary}", e.code, statuses.join(","))
    });
    let table = lines_literal(rows, indent);
    quote!(::cloudbind_runtime::ErrorTable::new(#table))
}

/// A string literal of `lines` joined by line breaks, written a line per source line: each
/// ends in `\n\` and the next is indented by `indent` spaces, which a Rust string skips, so
/// a reviewer reads (and diffs) one entry per line.
fn lines_literal(lines: impl Iterator<Item = String>, indent: usize) -> Literal {
    let escaped: Vec<String> = lines
        .map(|line| {
            let quoted = Literal::string(&line).to_string();
            let body = &quoted[1..quoted.len() - 1];
            // The indentation after `\` is skipped, and with it a leading space of the entry.
            match body.strip_prefix(' ') {
                Some(rest) => format!("\\u{{20}}{rest}"),
                None => body.to_owned(),
            }
        })
        .collect();
    let source = format!("\"{}\"", escaped.join(&format!("\\n\\\n{:indent$}", "")));
    source.parse().expect("an escaped string is a literal")
}

/// `<vendor>/<service>/mod.rs`: one module per version.
pub fn service_mod(vendor: &Vendor, module: &str) -> TokenStream {
    let versions: Vec<&Service> = vendor.services.iter().filter(|s| s.module == module).collect();
    let first = versions[0];
    let listed: Vec<String> =
        versions.iter().map(|s| format!("- {}: [`{}`]", code(&s.version), s.version_module)).collect();
    let doc = inner_docs(&format!(
        "{} {}: {}\n\nAPI versions:\n{}",
        esc(&vendor.name),
        esc(&first.name),
        esc(&first.summary),
        listed.join("\n")
    ));
    let modules = versions.iter().map(|service| {
        let name = ident(&service.version_module);
        quote! { pub mod #name; }
    });
    quote! { #doc #(#modules)* }
}

/// A usage example for a service's docs, on its first action: build, validate, sign, read.
/// It is compiled (not run) as a doctest, so it stays true to the API.
fn usage_example(service: &Service, lib_name: &str) -> Option<String> {
    let action = service.actions.first()?;
    let path = [&service.vendor_module, &service.module, &service.version_module]
        .map(|name| ident(name).to_string())
        .join("::");
    let (marker, request) = (ident(&action.marker), ident(&action.request_type));
    // `new` with each required parameter: its example from the page when it has one.
    let args: Vec<String> = action.request.iter().filter(|field| field.required).map(example_argument).collect();
    // From the variables the vendor's own tools read; Azure has none, so the service names one.
    let credentials = match service.protocol {
        Protocol::TencentApi3 => "Credentials::tencent_from_env()?".to_owned(),
        Protocol::AlibabaRpc => "Credentials::alibaba_from_env()?".to_owned(),
        Protocol::AzureRest => {
            let variable = format!("{}_{}_KEY", service.vendor_module, service.module).to_uppercase();
            format!("Credentials::subscription_key_from_env({variable:?})?")
        }
    };
    // A region the spec lists, when it lists them (another is refused).
    let region = match (service.region, service.regions.first()) {
        (RegionPolicy::None, _) => String::new(),
        (_, Some(region)) => format!(".with_region({region:?})"),
        (RegionPolicy::Required, None) => ".with_region(\"REGION\")".to_owned(),
        (RegionPolicy::Optional, None) => String::new(),
    };
    let args = args.join(", ");
    // A rule no required parameter meets (one of `Images` and `Urls`) gets a member set, else
    // the request would always fail validation, and the branch that fixes it with it.
    let members = example_rule_members(action);
    let build = if members.is_empty() {
        "// `new` takes the required parameters; set optional fields on the value it returns.\n\
         // `validated()` checks every documented limit and lists each one the request breaks.\n\
         let request = match api::{request}::new({args}).validated() {\n"
            .replace("{request}", &request.to_string())
            .replace("{args}", &args)
    } else {
        let rules: Vec<String> = members.iter().map(|(_, _, rule)| rule.clone()).collect();
        let fields: String = members
            .iter()
            .map(|(field, value, _)| format!("    {}: Some({value}),\n", ident(&field.rust_name)))
            .collect();
        format!(
            "// `new` takes the required parameters; set optional fields around it. The request\n\
             // needs {rules}.\n\
             let request = api::{request} {{\n\
             {fields}\
             \x20   ..api::{request}::new({args})\n\
             }};\n\
             // `validated()` checks every documented limit and lists each one the request breaks.\n\
             let request = match request.validated() {{\n",
            rules = rules.join("; "),
        )
    };
    Some(format!(
        "# Example\n\n\
         ```no_run\n\
         use {lib_name}::prelude::*;\n\
         use {lib_name}::runtime::{{build_request, read_response, Config, Credentials}};\n\
         use {lib_name}::{path} as api;\n\
         \n\
         # fn main() -> ::std::result::Result<(), ::std::boxed::Box<dyn ::std::error::Error>> {{\n\
         let config = Config::new({credentials}){region};\n\
         {build}\
         \x20   Ok(request) => request,\n\
         \x20   // `runtime::Invalid` hands the request back, not copied, to fix and check again.\n\
         \x20   Err(invalid) => {{\n\
         \x20       eprintln!(\"{{invalid}}\");\n\
         \x20       let request = invalid.value; // Fix the fields the violations name, then:\n\
         \x20       request.validated()?\n\
         \x20   }}\n\
         }};\n\
         // A signed `http::Request`: send it with any HTTP client (or `runtime::Client`).\n\
         let http_request = build_request(&request, &config)?;\n\
         # drop(http_request);\n\
         # let http_response = {lib_name}::runtime::http::Response::new(::std::vec::Vec::<u8>::new());\n\
         match read_response::<api::{marker}>(&http_response) {{\n\
         \x20   Ok(response) => println!(\"{{response:?}}\"),\n\
         \x20   Err(error) => eprintln!(\"{{error}}; retry: {{}}, wait: {{:?}}\", error.retry(), error.retry_after()),\n\
         }}\n\
         # Ok(())\n\
         # }}\n\
         ```\n"
    ))
}

/// The optional parameters a usage example sets so that its request meets the action's
/// `at_least_one` and `exactly_one` rules: for each rule no required parameter (nor a member
/// set for an earlier rule) meets, its first member with a value for the example (see
/// [`example_member_value`]) that gives no `exactly_one` rule a second member. Each comes
/// with its value and the rule in words.
fn example_rule_members(action: &Action) -> Vec<(&Field, String, String)> {
    let field = |wire: &str| action.request.iter().find(|f| f.wire_name == wire);
    let mut set: Vec<&str> = action.request.iter().filter(|f| f.required).map(|f| f.wire_name.as_str()).collect();
    let mut chosen = Vec::new();
    for rule in &action.rules {
        let (members, words) = match rule {
            Rule::AtLeastOne(members) => (members, "at least one of"),
            Rule::ExactlyOne(members) => (members, "exactly one of"),
            Rule::Precedence { .. } => continue,
        };
        if members.iter().any(|m| set.contains(&m.as_str())) {
            continue;
        }
        // A member that would be the second of an `exactly_one` rule makes the request invalid.
        let second_of_exactly_one = |wire: &str| {
            action.rules.iter().any(|rule| match rule {
                Rule::ExactlyOne(group) => {
                    group.iter().any(|m| m == wire) && group.iter().any(|m| set.contains(&m.as_str()))
                }
                _ => false,
            })
        };
        let pick = members
            .iter()
            .filter(|m| !second_of_exactly_one(m))
            .filter_map(|m| field(m))
            .find_map(|f| example_member_value(f).map(|value| (f, value)));
        if let Some((f, value)) = pick {
            let names: Vec<String> = members.iter().map(|m| format!("`{m}`")).collect();
            set.push(&f.wire_name);
            chosen.push((f, value, format!("{words} {}", names.join(", "))));
        }
    }
    chosen
}

/// The value of an optional text parameter (or list of text) in a usage example, inside its
/// `Some(..)`: the page's example, else a stand-in for a URL (`https://example.com/<Url>`) or
/// plain text (`<Name>`). `None` for other types, and for base64, binary and UUID
/// parameters without an example, whose stand-ins would fail validation.
fn example_member_value(field: &Field) -> Option<String> {
    let text = |value: Option<&serde_json::Value>, prim: Prim| match value {
        Some(serde_json::Value::String(text)) => Some(format!("{text:?}.into()")),
        _ => match prim {
            Prim::Url => Some(format!("{:?}.into()", format!("https://example.com/<{}>", field.wire_name))),
            Prim::String => Some(format!("{:?}.into()", format!("<{}>", field.wire_name))),
            _ => None,
        },
    };
    match &field.ty {
        Type::Prim(prim) if prim.is_text() => text(field.example.as_ref(), *prim),
        Type::List(item) => match item.as_ref() {
            Type::Prim(prim) if prim.is_text() => {
                let first = match &field.example {
                    Some(serde_json::Value::Array(items)) => items.first(),
                    _ => None,
                };
                text(first, *prim).map(|item| format!("vec![{item}]"))
            }
            _ => None,
        },
        _ => None,
    }
}

/// A value for a required parameter in a usage example: the page's example when the spec
/// has one, else the first of its allowed values, else a stand-in of its type (its wire
/// name, for text). Paths are absolute: the example imports only the runtime's names.
fn example_argument(field: &crate::ir::Field) -> String {
    let first_allowed = field.limits.allowed.first();
    match (&field.ty, field.example.as_ref().or(first_allowed)) {
        (Type::Prim(p), Some(serde_json::Value::String(text))) if p.is_text() => format!("{text:?}"),
        (Type::Prim(p), Some(serde_json::Value::Number(n))) if p.is_integer() && (n.is_i64() || n.is_u64()) => {
            n.to_string()
        }
        (Type::Prim(p), _) if p.is_text() => format!("{:?}", format!("<{}>", field.wire_name)),
        (Type::Prim(Prim::Bool), _) => "false".to_owned(),
        (Type::Prim(Prim::F32 | Prim::F64), _) => "0.0".to_owned(),
        (Type::Prim(p), _) if p.is_integer() => "0".to_owned(),
        (Type::List(_), _) => "::std::vec![]".to_owned(),
        _ => "::core::default::Default::default()".to_owned(),
    }
}

/// `<vendor>/<service>/<version>/mod.rs`: the service constant, common error table and the
/// re-exports of models and actions.
pub fn version_mod(service: &Service, lib_name: &str) -> TokenStream {
    let mut doc = format!(
        "{} {} (API version {}): {}\n\n\
         - Protocol: {}\n- Endpoint: {}\n- Region: {}\n",
        esc(&service.vendor_name),
        esc(&service.name),
        code(&service.version),
        esc(&service.summary),
        describe::protocol(service.protocol),
        code(&service.endpoint),
        describe::region(service.region),
    );
    if !service.regions.is_empty() {
        doc.push_str(&format!("- Regions: {}\n", esc(&service.regions.join(", "))));
    }
    doc.push_str(&format!(
        "\nSpec: `{}`. Reference: `docs/{}` in this crate's folder.",
        service.spec_file,
        super::docs_file_name(service)
    ));
    if let Some(notes) = &service.notes {
        doc.push_str(&format!("\n\n{}", esc(notes)));
    }
    if let Some(example) = usage_example(service, lib_name) {
        doc.push_str(&format!("\n\n{example}"));
    }
    let doc = inner_docs(&doc);
    let models = service.has_models_file().then(|| quote! { mod models; pub use models::*; });
    let actions = service.actions.iter().map(|action| {
        let module = ident(&action.module);
        quote! { mod #module; pub use #module::*; }
    });
    let vendor = &service.vendor_id;
    let id = &service.id;
    let version = &service.version;
    let name = format!("{} {}", service.vendor_name, service.name);
    let protocol = match service.protocol {
        Protocol::TencentApi3 => quote!(TencentApi3),
        Protocol::AlibabaRpc => quote!(AlibabaRpc),
        Protocol::AzureRest => quote!(AzureRest),
    };
    let endpoint = &service.endpoint;
    let region = match service.region {
        RegionPolicy::Required => quote!(Required),
        RegionPolicy::Optional => quote!(Optional),
        RegionPolicy::None => quote!(None),
    };
    let regions = &service.regions;
    let service_doc = docs(&format!("Facts about this service version. Spec: `{}`.", service.spec_file));
    let for_each = for_each_action_macro(service);
    let (vendor_module, service_module, version_module) =
        (ident(&service.vendor_module), ident(&service.module), ident(&service.version_module));
    let markers = service.actions.iter().map(|action| ident(&action.marker));
    quote! {
        #doc
        #models
        #(#actions)*

        #[doc(hidden)]
        #[macro_export]
        macro_rules! #for_each {
            ($callback:ident) => {
                $crate::__for_each_action_call!(
                    $callback, #($crate::#vendor_module::#service_module::#version_module::#markers),*
                );
            };
        }

        #service_doc
        pub const SERVICE: ::cloudbind_runtime::ServiceInfo = ::cloudbind_runtime::ServiceInfo {
            vendor: #vendor,
            service: #id,
            version: #version,
            name: #name,
            protocol: ::cloudbind_runtime::Protocol::#protocol,
            endpoint: #endpoint,
            region: ::cloudbind_runtime::RegionPolicy::#region,
            regions: &[#(#regions),*],
        };
    }
}

/// `models.rs`: the service's nested models, and the enums of allowed values they declare or
/// fields share by name.
pub fn models(service: &Service) -> TokenStream {
    let shared = shared_users(service);
    let what = match (service.models.is_empty(), !shared.is_empty()) {
        (true, _) => "Enums of allowed values shared by fields",
        (false, true) => "Nested models and shared enums of allowed values",
        (false, false) => "Nested models",
    };
    let doc = inner_docs(&format!(
        "{what} of {} {} {}.",
        esc(&service.vendor_name),
        esc(&service.name),
        code(&service.version)
    ));
    // Only models some request holds are validated.
    let checked = service.models_reached(service.actions.iter().flat_map(|a| &a.request).map(|f| &f.ty));
    let items = service.models.iter().map(|model| {
        let own = model.fields.iter().filter(|f| f.values.as_ref().is_some_and(|v| !v.shared));
        let values = value_enums(own.map(|f| (model.rust_name.as_str(), f, service.spec_file.as_str())));
        let item = model_struct(model, &service.spec_file);
        let validate = checked
            .contains(model.name.as_str())
            .then(|| super::validate::validate_impl(&model.rust_name, &model.fields, &[]));
        let accessors = result_accessors(&ident(&model.rust_name), &model.fields);
        let enums = model
            .fields
            .iter()
            .filter_map(|f| f.result_codes.as_ref().map(|c| result_code_enum(f, c, &service.spec_file)));
        quote! { #item #validate #accessors #(#enums)* #values }
    });
    let shared = value_enums(shared);
    quote! { #doc #(#items)* #shared }
}

/// The fields holding enums named by `enum`, which `models.rs` declares: (struct, field,
/// spec file naming it), in service order.
fn shared_users(service: &Service) -> Vec<(&str, &Field, &str)> {
    let models = service
        .models
        .iter()
        .flat_map(|m| m.fields.iter().map(|f| (m.rust_name.as_str(), f, service.spec_file.as_str())));
    let actions = service.actions.iter().flat_map(|a| {
        let request = a.request.iter().map(|f| (a.request_type.as_str(), f, a.spec_file.as_str()));
        request.chain(a.response.iter().map(|f| (a.response_type.as_str(), f, a.spec_file.as_str())))
    });
    models.chain(actions).filter(|(_, f, _)| f.values.as_ref().is_some_and(|v| v.shared)).collect()
}

fn model_struct(model: &Model, spec_file: &str) -> TokenStream {
    let mut doc = esc(&model.summary);
    if let Some(description) = &model.description {
        doc.push_str(&format!("\n\n{}", esc(description)));
    }
    if let Some(notes) = &model.notes {
        doc.push_str(&format!("\n\nNotes: {}", esc(notes)));
    }
    doc.push_str(&format!("\n\nWire name {}. Spec: `{spec_file}`.", code(&model.name)));
    struct_item(&model.rust_name, &doc, &model.fields, Direction::Both)
}

/// Which way a struct crosses the wire, and so which serde traits it always implements.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    /// A request: serialized. `Deserialize` comes with the `full-serde` feature.
    Out,
    /// A response: deserialized. `Serialize` comes with the `full-serde` feature.
    In,
    /// A model, shared by requests and responses.
    Both,
}

/// The name of the generated crate's feature that adds the other direction's serde trait.
pub const FULL_SERDE: &str = "full-serde";

fn struct_item(name: &str, doc: &str, fields: &[Field], direction: Direction) -> TokenStream {
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
    let struct_fields = fields.iter().map(struct_field);
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
    quote! {
        #doc
        #[derive(#derive_debug Clone, PartialEq, Default)]
        pub struct #item { #(#struct_fields,)* }

        #debug_impl
        #serialize
        #from_map
    }
}

/// `Serialize` as a map: one entry per field under its wire name, unset optional fields left
/// out (see `cloudbind_runtime::ser`), and fields that are not serialized (a raw binary
/// body) not written; in a `request`, empty optional text and lists are left out too. `cfg`
/// gates the impl.
fn serialize_impl(item: &Ident, fields: &[Field], cfg: Option<TokenStream>, request: bool) -> TokenStream {
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
fn from_map_impl(item: &Ident, name: &str, fields: &[Field], cfg: Option<TokenStream>) -> TokenStream {
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

/// A struct field. Its wire name is in its docs and in the struct's serde impls.
fn struct_field(field: &Field) -> TokenStream {
    let name = ident(&field.rust_name);
    let ty = field_type(field);
    let doc = docs(&field_doc(field));
    let ty = if field.required { ty } else { quote!(::std::option::Option<#ty>) };
    quote! { #doc pub #name: #ty }
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
    let request_validate = super::validate::validate_impl(&action.request_type, &action.request, &action.rules);
    let request_constructors = super::validate::constructor(&action.request_type, &action.request);
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

    quote! {
        #file_doc

        #marker_doc
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

        #request_struct

        impl ::cloudbind_runtime::ActionRequest for #request {
            type Action = #marker;
        }

        #request_validate
        #request_constructors
        #response_struct
        #accessors
        #errors

        #error_doc
        pub type #error = ::cloudbind_runtime::ServiceError<#code_type>;

        #(#result_codes)*
        #values
    }
}

fn rules_doc(action: &Action) -> String {
    if action.rules.is_empty() {
        return String::new();
    }
    let rules: Vec<String> = action.rules.iter().map(|r| format!("- {}", describe::rule(r))).collect();
    format!("\n\nRules:\n{}", rules.join("\n"))
}

/// The error-code enum: its variants, and the table the runtime's `ErrorCode` methods read.
fn error_enum(service: &Service, action: &Action) -> TokenStream {
    let code_type = ident(&action.error_code_type);
    // The vendor's common codes stay in its `CommonErrorCode`; the action's own codes and
    // its service's additions are variants here.
    let listed: Vec<&ErrorCode> =
        action.errors.iter().filter(|e| !matches!(e.origin, ErrorOrigin::Vendor(_))).collect();
    let variants = listed.iter().map(|error| {
        let variant = ident(&error.variant);
        let origin = if error.origin == ErrorOrigin::Action { "" } else { " (common code of the service)" };
        let doc = docs(&format!("{}{origin}: {}", code(&error.code), esc(&error.summary)));
        quote! { #doc #variant }
    });
    let listed_variants = listed.iter().map(|error| ident(&error.variant));
    // Inside `ErrorCode::table()`: its arguments are indented by 12.
    let table = error_table(&listed, 12);
    let common = action.errors.iter().any(|e| matches!(e.origin, ErrorOrigin::Vendor(_))).then(|| {
        let vendor = ident(&naming::field_name(&service.vendor_id));
        quote!(crate::#vendor::CommonErrorCode)
    });
    let (common_variant, common_doc, unlisted, common_info) = match &common {
        Some(common) => (
            Some(quote! {
                /// A code every action of the vendor may return, from its common table.
                Common(#common),
            }),
            format!(
                ", then the vendor's common codes. Codes of the common table are [`{0}::Common`] unless \
                 the action's table lists them too; [`{0}::common`] finds a common code either way.",
                action.error_code_type
            ),
            quote!(::cloudbind_runtime::common_or_unknown(code, Self::Common, Self::Unknown)),
            Some(quote! {
                Self::Common(common) => ::std::option::Option::Some(::cloudbind_runtime::Unlisted::Common(
                    ::cloudbind_runtime::CommonCode::info(*common),
                    common,
                )),
            }),
        ),
        None => (None, ".".to_owned(), quote!(Self::Unknown(::std::borrow::ToOwned::to_owned(code))), None),
    };
    // Handling a common code once for every action needs it whichever variant parsing chose.
    let common_info_fn = common.as_ref().map(|_| {
        quote! {
            fn common_info(&self) -> ::std::option::Option<&'static ::cloudbind_runtime::ErrorInfo> {
                self.common().map(::cloudbind_runtime::CommonCode::info)
            }
        }
    });
    let common_accessor = common.as_ref().map(|common| {
        quote! {
            impl #code_type {
                /// The code as one of the vendor's common codes, also when this action's own
                /// table lists it (parsing picks the table's variant then), so throttling or
                /// authentication failures can be handled once for every action.
                pub fn common(&self) -> ::std::option::Option<#common> {
                    ::cloudbind_runtime::CommonCode::find(::cloudbind_runtime::ErrorCode::code(self))
                }
            }
        }
    });
    let doc = docs(&format!(
        "Error codes of [`{}`]: the action's own table{common_doc}\n\n\
         Undocumented codes become [`{}::Unknown`], which keeps the code as received.\n\nSpec: `{}`.",
        action.marker, action.error_code_type, action.spec_file
    ));
    quote! {
        #doc
        #[derive(Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #code_type {
            #(#variants,)*
            #common_variant
            /// A code the spec does not document, kept exactly as received.
            Unknown(::std::string::String),
        }

        impl ::cloudbind_runtime::ErrorCode for #code_type {
            const LISTED: &'static [Self] = &[#(Self::#listed_variants),*];

            fn table() -> &'static ::cloudbind_runtime::ErrorTable {
                /// Facts of the listed codes, in `LISTED` order.
                static TABLE: ::cloudbind_runtime::ErrorTable = #table;
                &TABLE
            }

            fn unlisted(code: &str) -> Self {
                #unlisted
            }

            fn as_unlisted(&self) -> ::std::option::Option<::cloudbind_runtime::Unlisted<'_>> {
                match self {
                    #common_info
                    Self::Unknown(code) => ::std::option::Option::Some(::cloudbind_runtime::Unlisted::Unknown(code)),
                    _ => ::std::option::Option::None,
                }
            }

            #common_info_fn
        }

        #common_accessor

        // Not derived: a derived `Debug` is a match arm per code.
        impl ::std::fmt::Debug for #code_type {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::cloudbind_runtime::ErrorCode::fmt_debug(self, f)
            }
        }

        impl ::std::fmt::Display for #code_type {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(::cloudbind_runtime::ErrorCode::code(self))
            }
        }

        impl ::std::str::FromStr for #code_type {
            type Err = ::std::convert::Infallible;
            fn from_str(code: &str) -> ::std::result::Result<Self, Self::Err> {
                ::std::result::Result::Ok(::cloudbind_runtime::ErrorCode::from_code(code))
            }
        }

        // The wire code, as the vendor's common codes and `AnyErrorCode` give it.
        impl ::std::convert::AsRef<str> for #code_type {
            fn as_ref(&self) -> &str {
                ::cloudbind_runtime::ErrorCode::code(self)
            }
        }
    }
}

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

/// The enums of allowed values held by `users` (struct, field, spec file), each once, its docs
/// linking every field that holds it; the first field's spec file is cited.
fn value_enums<'a>(users: impl IntoIterator<Item = (&'a str, &'a Field, &'a str)>) -> TokenStream {
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

/// Accessor methods reading result-code fields as their typed enums.
/// The name of the method that reads `field`'s result codes (`ret_code_results` for a list,
/// `error_code_result` for one code), which the service docs name too.
pub fn result_accessor(field: &Field) -> String {
    let base = field.rust_name.trim_start_matches("r#");
    match field.ty {
        Type::List(_) => format!("{base}_results"),
        _ => format!("{base}_result"),
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lines_literal_holds_each_entry_exactly() {
        let entries = [" leading space", "tab\there", "\"quoted\" \\ back", "错误.代码", "", "  two spaces"];
        let literal = lines_literal(entries.iter().map(|e| e.to_string()), 4);
        let parsed: syn::LitStr = syn::parse2(quote!(#literal)).expect("a string literal");
        assert_eq!(parsed.value(), entries.join("\n"));
        assert_eq!(literal.to_string().lines().count(), entries.len(), "one entry per source line");
    }

    /// Prose keeps its code spans and nothing else of Markdown; a backtick that closes no span
    /// is text, and does not stop the escaping of what follows it (CommonMark reads the rest
    /// as Markdown then).
    #[test]
    fn prose_keeps_its_code_spans_and_nothing_else_of_markdown() {
        assert_eq!(esc("a `x*y` and *b*"), "a `x*y` and \\*b\\*");
        assert_eq!(
            esc("a stray ` backtick, *stars*, [a link](http://example.com), <b>HTML</b>"),
            "a stray \\` backtick, \\*stars\\*, \\[a link\\](<http://example.com>), \\<b\\>HTML\\</b\\>"
        );
        // A span is closed by a run of its own length only.
        assert_eq!(esc("``a ` b`` and `c"), "``a ` b`` and \\`c");
        assert_eq!(esc("`` one ` *x*"), "\\`\\` one \\` \\*x\\*");
        // Headings and list items cannot start a line; the same characters inside one stay.
        assert_eq!(
            esc("one\n# two\n- three\n+ four\n12. five\n3) six\n-1 and 2.5 and 1.x"),
            "one\n\\# two\n\\- three\n\\+ four\n12\\. five\n3\\) six\n-1 and 2.5 and 1.x"
        );
        assert_eq!(esc("a\n---\nb\n===\n___"), "a\n\\---\nb\n\\===\n\\_\\_\\_");
        // No code block: not fenced, not indented; a span ends with its paragraph.
        assert_eq!(esc("a\n```\nfn x() {}\n```"), "a\n\\`\\`\\`\nfn x() {}\n\\`\\`\\`");
        assert_eq!(esc("a\n~~~\nb"), "a\n\\~\\~\\~\nb");
        assert_eq!(esc("a ```x``` b"), "a ```x``` b");
        assert_eq!(esc("a\n\n    fn x() {}\n\tb"), "a\n\nfn x() {}\nb");
        assert_eq!(esc("a `b\n\nc` *d*"), "a \\`b\n\nc\\` \\*d\\*");
        // A backslash is text, not an escape of what follows; `&` is text, not an entity.
        assert_eq!(esc("C:\\* and \\ and R&D &lt; &#60;"), "C:\\\\\\* and \\\\ and R&D \\&lt; \\&#60;");
        // `_` at a word's edge could make emphasis; inside a word it cannot.
        assert_eq!(esc("_3d_ and image_url and __init__"), "\\_3d\\_ and image_url and \\_\\_init\\_\\_");
    }

    /// A control character ends a URL: CommonMark's autolinks hold none, so `<` and `>` around
    /// one would be text (found by the `markdown_esc` fuzz target).
    #[test]
    fn a_control_character_ends_a_url() {
        assert_eq!(esc("http://x.y/a_b*c\0"), "<http://x.y/a_b*c>\0");
        assert_eq!(esc("see http://a.b\u{7f}c."), "see <http://a.b>\u{7f}c.");
    }

    /// A code span is put on one line: CommonMark reads a paragraph's lines before its spans,
    /// so a line of a span could be a fence, a heading or a list item (found by the
    /// `markdown_esc` fuzz target).
    #[test]
    fn a_code_span_is_one_line() {
        assert_eq!(esc("[````\n````"), "\\[```` ````");
        assert_eq!(esc("a `b\n# c` d\n  `e\n   - f`"), "a `b # c` d\n`e - f`");
    }

    /// A CR ends a line, as in CommonMark: what opens the next line is escaped (found by the
    /// `markdown_esc` fuzz target).
    #[test]
    fn a_carriage_return_ends_a_line() {
        assert_eq!(esc("[````\r````"), "\\[```` ````");
        assert_eq!(esc("a\r# b\r\n- c\r\r  d"), "a\n\\# b\n\\- c\n\nd");
    }

    /// A list marker that ends its line opens an empty list item (found by the `markdown_esc`
    /// fuzz target).
    #[test]
    fn a_list_marker_alone_on_its_line_is_escaped() {
        assert_eq!(esc("2)\n*"), "2\\)\n\\*");
        assert_eq!(esc("a\n\n-\nb"), "a\n\n\\-\nb");
    }

    /// `~` is escaped anywhere: rustdoc and GitHub read `~x~` and `~~x~~` as strikethrough
    /// (found by the `markdown_esc` fuzz target).
    #[test]
    fn a_tilde_is_escaped() {
        assert_eq!(esc("~~*~~[ ] "), "\\~\\~\\*\\~\\~\\[ \\]");
        assert_eq!(esc("about ~5 ms, ~~not~~ `~x~`"), "about \\~5 ms, \\~\\~not\\~\\~ `~x~`");
    }

    /// A value's line breaks are spaces, as CommonMark reads them in a span: on lines of their
    /// own they could end the span's paragraph or open a block (found by the `markdown_code`
    /// fuzz target).
    #[test]
    fn a_code_span_of_several_lines_is_one_line() {
        assert_eq!(code("\n\n"), "`  `");
        assert_eq!(code("a\r\n# b\r- c`"), "`` a # b - c` ``");
    }

    /// A value that starts and ends with a space keeps them: CommonMark strips one from each
    /// end of such a span (found by the `markdown_code` fuzz target).
    #[test]
    fn a_code_span_keeps_the_spaces_around_its_value() {
        assert_eq!(code("\n[1. "), "`  [1.  `");
        assert_eq!(code(" x "), "`  x  `");
        assert_eq!(code("   "), "`   `");
        assert_eq!(code(" x"), "` x`");
    }

    /// Empty text, which a spec can give as an action's title, a field's `page_name` or a
    /// `pattern`, is shown as words: CommonMark has no empty code span, and the two backticks
    /// would be text that could open a span with a later run of two.
    #[test]
    fn empty_text_is_shown_as_words() {
        assert_eq!(code(""), "(empty)");
        assert_eq!(format!("matches {}", code("")), "matches (empty)");
    }

    /// A line that could be a table's delimiter row is escaped: rustdoc and GitHub would make
    /// the line before it a table's header (found by the `markdown_esc` fuzz target).
    #[test]
    fn a_table_delimiter_row_is_escaped() {
        assert_eq!(esc("*|\u{a0}\n|-|:-:-"), "\\*|\u{a0}\n\\|-|:-:-");
        assert_eq!(esc("a | b\n--- | ---\nc | d"), "a | b\n\\--- | ---\nc | d");
        assert_eq!(esc("a|b\n:-|-:"), "a|b\n\\:-|-:");
    }

    /// `_` stays as written only between ASCII letters or digits: CommonMark reads some other
    /// letters as punctuation (`ⓐ` is a symbol), after which `_` opens emphasis (found with the
    /// `markdown_esc` fuzz target).
    #[test]
    fn an_underscore_beside_a_letter_that_is_a_symbol_is_escaped() {
        assert_eq!(esc("ⓐ_x_ⓐ"), "ⓐ\\_x\\_ⓐ");
        assert_eq!(esc("é_x and a_1"), "é\\_x and a_1");
    }

    /// Each backtick run's closing run is found in one pass: the next run of its length, in
    /// its paragraph. (Searching the paragraph again from each run made `esc` take seconds on
    /// a megabyte of runs that close nothing.)
    #[test]
    fn each_backtick_run_knows_the_run_that_closes_it() {
        assert_eq!(
            backtick_runs("`a ``b ` ``` `` c\n\n``` ``"),
            [(0, Some(7)), (3, Some(13)), (7, None), (9, None), (13, None), (19, None), (23, None)]
        );
        // A line break ends no paragraph.
        assert_eq!(backtick_runs("`a\nb`"), [(0, Some(4)), (4, None)]);
        assert_eq!(backtick_runs("no runs"), []);
    }

    /// A run of `#` after white space that ends a line is escaped: in a heading (an action's
    /// title on the Markdown page) it would close the heading and vanish (found by the
    /// `markdown_cell` fuzz target).
    #[test]
    fn a_heading_closing_sequence_is_escaped() {
        assert_eq!(esc("> #"), "\\> \\#");
        assert_eq!(esc("Learn C ##  \nissue #5, C# and a#"), "Learn C \\##  \nissue #5, C# and a#");
    }
}
