//! Splitting a typed request into the parts of an HTTP request, by each parameter's location.
//!
//! A request serializes (serde) to a map keyed by wire names; the action's `PARAMS` table says
//! where each one travels. This is the one place that reads that table, for every protocol.

use serde_json::{Map, Value};

use crate::meta::{Action, ParamLocation};

/// A request's parameters, grouped by where they travel. Text values are as given; numbers,
/// booleans, lists and objects outside the body are written as JSON text.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct WireParams {
    /// Path parameters, in `PARAMS` order.
    pub path: Vec<(&'static str, String)>,
    /// Query parameters, in `PARAMS` order.
    pub query: Vec<(&'static str, String)>,
    /// Header parameters, in `PARAMS` order.
    pub headers: Vec<(&'static str, String)>,
    /// Body parameters as a JSON object.
    pub body: Map<String, Value>,
}

/// Groups the parameters a request sets (absent optional ones are left out).
pub fn wire_params<A: Action>(request: &A::Request) -> Result<WireParams, serde_json::Error> {
    let mut values = match serde_json::to_value(request)? {
        Value::Object(map) => map,
        other => {
            return Err(serde::de::Error::custom(format!("a request serializes to an object, not {other}")));
        }
    };
    let mut params = WireParams::default();
    for param in A::PARAMS {
        let Some(value) = values.remove(param.wire_name) else { continue };
        let text = || match &value {
            Value::String(text) => text.clone(),
            other => other.to_string(),
        };
        match param.location {
            ParamLocation::Body => {
                params.body.insert(param.wire_name.to_owned(), value);
            }
            ParamLocation::Query => params.query.push((param.wire_name, text())),
            ParamLocation::Path => params.path.push((param.wire_name, text())),
            ParamLocation::Header => params.headers.push((param.wire_name, text())),
        }
    }
    // Anything serde wrote that the table does not know stays in the body rather than vanish.
    params.body.extend(values);
    Ok(params)
}
