//! Facts of the IR as short English phrases, shared by rustdoc and the reference docs.

use super::markdown::code;
use crate::ir::{
    Field, ImageFormat, Limits, Location, Period, Prim, Protocol, RateLimit, RegionPolicy, Retry, Rule, Type,
};

/// "at most 120 characters", "0 to 100", ... for every limit set.
pub fn limits(limits: &Limits) -> Vec<String> {
    let mut out = Vec::new();
    out.extend(range("characters", limits.min_length, limits.max_length));
    out.extend(limits.max_bytes.map(|max| format!("at most {} of UTF-8", size(max))));
    out.extend(number_range(limits.min, limits.max));
    if !limits.allowed.is_empty() {
        // Spec text in code spans fenced to fit it: a backtick in it would end a plain one.
        let values: Vec<String> = limits.allowed.iter().map(|v| code(&plain(v))).collect();
        out.push(format!("one of {}", values.join(", ")));
    }
    if let Some(pattern) = &limits.pattern {
        out.push(format!("matches {}", code(pattern)));
    }
    out.extend(range("items", limits.min_items, limits.max_items));
    out.extend(limits.max_encoded_size.map(|max| format!("base64 text at most {}", size(max))));
    match (limits.min_decoded_size, limits.max_decoded_size) {
        (Some(min), Some(max)) => out.push(format!("data {} to {}", size(min), size(max))),
        (Some(min), None) => out.push(format!("data at least {}", size(min))),
        (None, Some(max)) => out.push(format!("data at most {}", size(max))),
        (None, None) => {}
    }
    if let Some(image) = &limits.image {
        if !image.formats.is_empty() {
            let formats: Vec<&str> = image.formats.iter().map(|f| format_name(*f)).collect();
            out.push(format!("image formats {}", formats.join(", ")));
        }
        out.extend(image.min_short_side.map(|px| format!("short side at least {px} px")));
        match (image.max_width, image.max_height) {
            (Some(w), Some(h)) => out.push(format!("at most {w}×{h} px")),
            (Some(w), None) => out.push(format!("width at most {w} px")),
            (None, Some(h)) => out.push(format!("height at most {h} px")),
            (None, None) => {}
        }
    }
    out
}

/// "1 to 5 items", "at least 1 item", "at most 5 items" (`unit` is plural, and singular after 1).
pub fn range(unit: &str, min: Option<u64>, max: Option<u64>) -> Option<String> {
    let unit = |n: u64| if n == 1 { unit.strip_suffix('s').unwrap_or(unit) } else { unit };
    match (min, max) {
        (Some(min), Some(max)) => Some(format!("{min} to {max} {}", unit(max))),
        (Some(min), None) => Some(format!("at least {min} {}", unit(min))),
        (None, Some(max)) => Some(format!("at most {max} {}", unit(max))),
        (None, None) => None,
    }
}

/// "from 0 to 100", "at least 0", "at most 100".
pub fn number_range(min: Option<f64>, max: Option<f64>) -> Option<String> {
    match (min, max) {
        (Some(min), Some(max)) => Some(format!("from {min} to {max}")),
        (Some(min), None) => Some(format!("at least {min}")),
        (None, Some(max)) => Some(format!("at most {max}")),
        (None, None) => None,
    }
}

/// Every limit of a field, list and item limits together.
pub fn field_limits(field: &Field) -> Vec<String> {
    let mut out = limits(&field.limits);
    out.extend(limits(&field.item_limits).into_iter().map(|l| format!("each item: {l}")));
    // A URL's size and image limits describe what the server downloads from it.
    let url = match &field.ty {
        Type::Prim(Prim::Url) => Some(&field.limits),
        Type::List(item) if **item == Type::Prim(Prim::Url) => Some(&field.item_limits),
        _ => None,
    };
    if url.is_some_and(|l| l.min_decoded_size.is_some() || l.max_decoded_size.is_some() || l.image.is_some()) {
        out.push("the data and image limits are the downloaded content's, which only the server can check".into());
    }
    out
}

/// A byte count in the largest binary unit that divides it.
pub fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MiB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KiB", b >> 10),
        b => format!("{b} bytes"),
    }
}

fn format_name(format: ImageFormat) -> &'static str {
    match format {
        ImageFormat::Jpeg => "JPEG",
        ImageFormat::Png => "PNG",
        ImageFormat::Gif => "GIF",
        ImageFormat::Bmp => "BMP",
    }
}

/// A JSON value without quotes around strings.
pub fn plain(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Where a parameter travels.
pub fn location(location: Location) -> &'static str {
    match location {
        Location::Body => "body",
        Location::Query => "query",
        Location::Path => "path",
        Location::Header => "header",
    }
}

/// A rule in words.
pub fn rule(rule: &Rule) -> String {
    let list = |names: &[String]| names.iter().map(|n| code(n)).collect::<Vec<_>>().join(", ");
    match rule {
        Rule::AtLeastOne(names) => format!("At least one of {} must be given.", list(names)),
        Rule::ExactlyOne(names) => format!("Exactly one of {} must be given.", list(names)),
        Rule::Precedence { winner, over } => {
            let (winner, over) = (code(winner), code(over));
            format!("When both {winner} and {over} are given, the service uses {winner} and ignores {over}.")
        }
    }
}

/// A rate limit in words.
pub fn rate_limit(limit: &RateLimit) -> String {
    let per = match limit.per {
        Period::Second => "second",
        Period::Minute => "minute",
        Period::Hour => "hour",
        Period::Day => "day",
    };
    let requests = if limit.requests == 1 { "1 request".to_owned() } else { format!("{} requests", limit.requests) };
    match &limit.scope {
        Some(scope) => format!("{requests} per {per} ({scope})"),
        None => format!("{requests} per {per}"),
    }
}

/// Retry advice in words.
pub fn retry(retry: Option<Retry>) -> &'static str {
    match retry {
        Some(Retry::Transient) => "yes",
        Some(Retry::Throttling) => "after backing off",
        Some(Retry::Never) => "no",
        None => "unknown",
    }
}

/// The protocol in words.
pub fn protocol(protocol: Protocol) -> &'static str {
    match protocol {
        Protocol::TencentApi3 => "Tencent Cloud API 3.0 (JSON `POST /`, TC3-HMAC-SHA256)",
        Protocol::AlibabaRpc => "Alibaba Cloud RPC (parameters in the query string)",
        Protocol::AzureRest => "Azure REST (path, query and body parameters; subscription key header)",
    }
}

/// The region policy in words.
pub fn region(region: RegionPolicy) -> &'static str {
    match region {
        RegionPolicy::Required => "required",
        RegionPolicy::Optional => "optional",
        RegionPolicy::None => "not taken",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_of_one_takes_the_singular() {
        assert_eq!(range("items", Some(1), None).as_deref(), Some("at least 1 item"));
        assert_eq!(range("characters", None, Some(1)).as_deref(), Some("at most 1 character"));
        assert_eq!(range("items", Some(0), Some(1)).as_deref(), Some("0 to 1 item"));
        assert_eq!(range("items", Some(1), Some(4)).as_deref(), Some("1 to 4 items"));
        assert_eq!(range("items", None, Some(0)).as_deref(), Some("at most 0 items"));
    }
}
