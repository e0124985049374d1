//! Error codes: the vendor's `CommonErrorCode`, each action's error-code enum, and the
//! `ErrorTable` of facts both read.

use proc_macro2::{Delimiter, Group, Ident, Literal, TokenStream};
use quote::quote;

use crate::ir::{Action, ErrorCode, ErrorOrigin, Retry, Service, Vendor};
use crate::naming;
use crate::render::describe;

use super::{code, docs, esc, ident};

/// The vendor's `CommonErrorCode`: one fieldless variant per common code, each the index of
/// its row in the common `ErrorTable`. Every action's error enum wraps it instead of repeating it.
pub(super) fn common_enum(vendor: &Vendor) -> TokenStream {
    let codes: Vec<&ErrorCode> = vendor.common_errors.iter().collect();
    // A module-level static: its arguments are indented by 4.
    let table = error_table(&codes, 4);
    let variants: Vec<Ident> = codes.iter().map(|e| ident(&e.variant)).collect();
    let variant_docs = codes.iter().map(|e| variant_doc(e, ""));
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
    // The literal's source is written in one buffer and lexed once: escaping each entry as a
    // literal of its own, then copying and joining them, cost 2.5% of a cold run.
    let mut source = String::from("\"");
    for (i, line) in lines.enumerate() {
        if i > 0 {
            source.push_str("\\n\\\n");
            source.extend(std::iter::repeat_n(' ', indent));
        }
        // The indentation after `\` is skipped, and with it a leading space of the entry.
        let line = match line.strip_prefix(' ') {
            Some(rest) => {
                source.push_str("\\u{20}");
                rest
            }
            None => &line,
        };
        escape_into(&mut source, line);
    }
    source.push('"');
    source.parse().expect("an escaped string is a literal")
}

/// Appends `text` escaped exactly as `Literal::string` escapes it (`char::escape_debug`, but
/// `'` kept and NUL written `\0`, or `\x00` before an octal digit), copying the runs that
/// need no escape whole: table rows are mostly plain ASCII.
fn escape_into(out: &mut String, text: &str) {
    let mut rest = text;
    while let Some(at) = rest.find(|c: char| !matches!(c, ' '..='~') || c == '"' || c == '\\') {
        out.push_str(&rest[..at]);
        let c = rest[at..].chars().next().expect("`find` stopped at a character");
        rest = &rest[at + c.len_utf8()..];
        match c {
            '\0' if rest.starts_with(|next: char| ('0'..='7').contains(&next)) => out.push_str("\\x00"),
            '\0' => out.push_str("\\0"),
            c => out.extend(c.escape_debug()),
        }
    }
    out.push_str(rest);
}

/// The error-code enum: its variants, and the table the runtime's `ErrorCode` methods read.
/// The docs of an error code's variant: the code and its summary, whether to retry and the
/// HTTP statuses, then its notes (a hover shows what the Markdown reference's table and
/// notes say).
fn variant_doc(error: &ErrorCode, origin: &str) -> TokenStream {
    let notes = error.notes.as_deref().map(|notes| format!("\n\n{}", esc(notes.trim_end()))).unwrap_or_default();
    let statuses: Vec<String> = error.http_status.iter().map(u16::to_string).collect();
    let http = if statuses.is_empty() { String::new() } else { format!("; HTTP {}", statuses.join(", ")) };
    let retry = describe::retry(error.retry);
    // On the summary's line: a doc line of its own would add tokens to every variant, which
    // the formatter and the compiler pay for in a crate of thousands of codes.
    docs(&format!("{}{origin}: {} Retry: {retry}{http}.{notes}", code(&error.code), esc(&error.summary)))
}

pub(super) fn error_enum(service: &Service, action: &Action) -> TokenStream {
    let code_type = ident(&action.error_code_type);
    // The vendor's common codes stay in its `CommonErrorCode`; the action's own codes and
    // its service's additions are variants here.
    let listed: Vec<&ErrorCode> =
        action.errors.iter().filter(|e| !matches!(e.origin, ErrorOrigin::Vendor(_))).collect();
    let listed_variants: Vec<Ident> = listed.iter().map(|error| ident(&error.variant)).collect();
    // The variants' docs are moved into the enum's braces, not copied there by `quote!`.
    let mut variants = TokenStream::new();
    for (error, variant) in listed.iter().zip(&listed_variants) {
        let origin = if error.origin == ErrorOrigin::Action { "" } else { " (common code of the service)" };
        variants.extend(variant_doc(error, origin));
        variants.extend(quote!(#variant,));
    }
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
    variants.extend(quote! {
        #common_variant
        /// A code the spec does not document, kept exactly as received.
        Unknown(::std::string::String),
    });
    let variants = Group::new(Delimiter::Brace, variants);
    let doc = docs(&format!(
        "Error codes of [`{}`]: the action's own table{common_doc}\n\n\
         Undocumented codes become [`{}::Unknown`], which keeps the code as received.\n\nSpec: `{}`.",
        action.marker, action.error_code_type, action.spec_file
    ));
    quote! {
        #doc
        #[derive(Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #code_type #variants

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

    #[test]
    fn entries_are_escaped_as_literal_string_escapes_them() {
        let entries = [
            "plain ASCII, 'quotes' and ~",
            "\"quoted\" \\ back\tslash\r\n",
            "nul\0 then\u{0}7 and\u{0}8",
            "\u{7f} del, \u{1b} escape, \u{85} nel, \u{2028} separator",
            "错误.代码 é e\u{301} \u{200d} \u{feff} 🦀",
        ];
        for entry in entries {
            let mut escaped = String::new();
            escape_into(&mut escaped, entry);
            let expected = Literal::string(entry).to_string();
            assert_eq!(escaped, expected[1..expected.len() - 1], "{entry:?}");
        }
    }
}
