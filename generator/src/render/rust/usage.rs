//! The usage example in a version module's docs, a doctest that is compiled but not run.

use crate::ir::{Action, Field, Prim, Protocol, RegionPolicy, Rule, Service, Type};

use super::ident;

/// A usage example for a service's docs, on its first action: build, validate, sign, read.
/// It is compiled (not run) as a doctest, so it stays true to the API.
pub(super) fn usage_example(service: &Service, lib_name: &str) -> Option<String> {
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
    // A region the spec lists, when it lists them (another is refused); an Azure resource's
    // own endpoint, which the runtime asks for, from a variable named like the key's.
    let region = match (service.region, service.regions.first()) {
        _ if service.protocol == Protocol::AzureRest => {
            let variable = format!("{}_{}_ENDPOINT", service.vendor_module, service.module).to_uppercase();
            format!("\n    // The resource's own endpoint, as the portal shows it.\n    .with_endpoint(::std::env::var({variable:?})?)")
        }
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
