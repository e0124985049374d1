//! Splitting a typed request into the parts of an HTTP request, by each parameter's location.
//!
//! A request serializes (serde) to a map keyed by wire names; the action's `PARAMS` table says
//! where each one travels. This is the one place that reads that table, for every protocol.

use serde_json::{Map, Value};

use crate::meta::{Action, ActionRequest, ParamLocation, Protocol};

/// A request's parameters, grouped by where they travel. Outside the body, text values are as
/// given and numbers and booleans as JSON writes them; lists and objects follow the
/// protocol: Alibaba RPC numbers list items and names object fields
/// (`FaceIds.1=a&FaceIds.2=b`, `Tags.1.Key=k`), Azure joins a query list with commas
/// (`returnFaceAttributes=age,gender`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WireParams {
    /// Path parameters, in `PARAMS` order.
    pub path: Vec<(&'static str, String)>,
    /// Query parameters, in `PARAMS` order (a list's items in their order).
    pub query: Vec<(String, String)>,
    /// Header parameters, in `PARAMS` order.
    pub headers: Vec<(&'static str, String)>,
    /// Body parameters as a JSON object.
    pub body: Map<String, Value>,
}

/// Groups the parameters a request sets (absent optional ones, and nulls outside the body,
/// are left out). It takes the
/// request itself (`&*validated` for a checked one).
pub fn wire_params<R: ActionRequest>(request: &R) -> Result<WireParams, serde_json::Error> {
    wire_params_for::<R::Action>(request)
}

/// [`wire_params`] for the action `A` named by the caller.
pub fn wire_params_for<A: Action>(request: &A::Request) -> Result<WireParams, serde_json::Error> {
    let mut values = match serde_json::to_value(request)? {
        Value::Object(map) => map,
        other => {
            return Err(serde::de::Error::custom(format!("a request serializes to an object, not {other}")));
        }
    };
    let mut params = WireParams::default();
    for param in A::PARAMS {
        let Some(value) = values.remove(param.wire_name) else { continue };
        // Outside the body, a null is a parameter not given (a hand-written request's `None`
        // that serde writes), not the text `null`.
        if value.is_null() && param.location != ParamLocation::Body {
            continue;
        }
        match param.location {
            ParamLocation::Body => {
                params.body.insert(param.wire_name.to_owned(), value);
            }
            ParamLocation::Query if A::SERVICE.protocol == Protocol::AlibabaRpc => {
                repeat_list(param.wire_name.to_owned(), &value, &mut params.query);
            }
            ParamLocation::Query => params.query.push((param.wire_name.to_owned(), comma_separated(&value))),
            ParamLocation::Path => params.path.push((param.wire_name, text(&value))),
            ParamLocation::Header => params.headers.push((param.wire_name, text(&value))),
        }
    }
    // Anything serde wrote that the table does not know stays in the body rather than vanish.
    params.body.extend(values);
    Ok(params)
}

/// A scalar as text: strings as they are, numbers and booleans as JSON writes them.
fn text(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Azure's form of a query list: the items joined with commas.
fn comma_separated(value: &Value) -> String {
    match value {
        Value::Array(items) => items.iter().map(text).collect::<Vec<_>>().join(","),
        other => text(other),
    }
}

/// Alibaba's RPC form of a value under `key`: list items as `key.1`, `key.2`, ... and object
/// fields as `key.Field`, to any depth; empty lists and objects and nulls send nothing.
fn repeat_list(key: String, value: &Value, out: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                repeat_list(format!("{key}.{}", i + 1), item, out);
            }
        }
        Value::Object(fields) => {
            for (name, field) in fields {
                repeat_list(format!("{key}.{name}"), field, out);
            }
        }
        scalar => out.push((key, text(scalar))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alibaba_lists_and_objects_are_numbered_and_named() {
        let value = serde_json::json!([{"Key": "k1", "Values": ["a", "b"]}, {"Key": "k2", "Values": []}]);
        let mut out = Vec::new();
        repeat_list("Tags".into(), &value, &mut out);
        let pairs: Vec<(&str, &str)> = out.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        assert_eq!(
            pairs,
            [("Tags.1.Key", "k1"), ("Tags.1.Values.1", "a"), ("Tags.1.Values.2", "b"), ("Tags.2.Key", "k2")]
        );
        let mut grid = Vec::new();
        repeat_list("Grid".into(), &serde_json::json!([["x"], [1, true]]), &mut grid);
        assert_eq!(
            grid,
            [("Grid.1.1".into(), "x".into()), ("Grid.2.1".into(), "1".into()), ("Grid.2.2".into(), "true".into())]
        );
    }

    #[test]
    fn azure_query_lists_are_comma_separated() {
        assert_eq!(comma_separated(&serde_json::json!(["age", "gender"])), "age,gender");
        assert_eq!(comma_separated(&serde_json::json!(3)), "3");
    }

    /// A request with a list and a null among its query parameters, which no seed spec has.
    #[derive(Debug, Clone, PartialEq, serde::Serialize)]
    struct Listing {
        #[serde(rename = "Tags")]
        tags: Vec<&'static str>,
        #[serde(rename = "Note")]
        note: Option<&'static str>,
    }

    impl crate::validate::Validate for Listing {
        fn validate_into(&self, _: &mut crate::validate::Validator) {}
    }

    /// An action of `protocol` sending [`Listing`] in the query string.
    macro_rules! listing_action {
        ($name:ident, $protocol:expr) => {
            crate::meta::tests_support::test_action!(
                $name: Listing,
                $protocol,
                "s",
                "s.example.com",
                "GET" "/",
                &[crate::meta::Param::query("Tags", true), crate::meta::Param::query("Note", false)]
            );
        };
    }

    /// The protocol picks the form of a query list: numbered for Alibaba RPC, joined with
    /// commas for the others; a null is a parameter not given.
    #[test]
    fn the_protocol_picks_the_form_of_a_query_list() {
        listing_action!(Rpc, Protocol::AlibabaRpc);
        listing_action!(Rest, Protocol::AzureRest);
        let request = Listing { tags: vec!["a", "b"], note: None };
        let query = |params: WireParams| params.query;
        let pair = |key: &str, value: &str| (key.to_owned(), value.to_owned());
        let rpc = query(wire_params_for::<Rpc>(&request).expect("serializes"));
        assert_eq!(rpc, [pair("Tags.1", "a"), pair("Tags.2", "b")]);
        let rest = query(wire_params_for::<Rest>(&request).expect("serializes"));
        assert_eq!(rest, [pair("Tags", "a,b")]);
    }
}
