//! A synthetic but realistic spec corpus, for measuring the generator and the generated crate
//! at scale without hand-writing thousands of specs.
//!
//! Deterministic for a given seed. It mixes the seed pages' shapes: three protocols, nested
//! models and lists, every kind of limit, cross-field rules, per-item result codes, 20 to 80
//! error codes per action over a vendor-wide common table, rate limits and examples.

use std::fmt::Write as _;
use std::path::PathBuf;

use crate::spec::Protocol;

/// Actions per service version, as in a mid-sized cloud product.
const ACTIONS_PER_SERVICE: usize = 40;

/// A small xorshift generator: reproducible corpora need no external crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// Uniform in `low..=high`.
    fn range(&mut self, low: usize, high: usize) -> usize {
        low + (self.next() % (high - low + 1) as u64) as usize
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }
}

struct Vendor {
    id: &'static str,
    protocol: Protocol,
    common_errors: usize,
}

const VENDORS: [Vendor; 3] = [
    Vendor { id: "alpha", protocol: Protocol::TencentApi3, common_errors: 32 },
    Vendor { id: "beta", protocol: Protocol::AlibabaRpc, common_errors: 0 },
    Vendor { id: "gamma", protocol: Protocol::AzureRest, common_errors: 0 },
];

/// The files of a corpus of `actions` actions, as (path below the specs folder, text).
pub fn corpus(actions: usize, seed: u64) -> Vec<(PathBuf, String)> {
    let mut rng = Rng(seed | 1);
    let mut files = Vec::new();
    let services = actions.div_ceil(ACTIONS_PER_SERVICE);
    // Tencent-style services dominate real catalogues; spread the rest over the others.
    let vendor_of = |s: usize| match s % 5 {
        0..=2 => 0,
        3 => 1,
        _ => 2,
    };
    // Only vendors with a service: `check` refuses a vendor without one.
    for (i, vendor) in VENDORS.iter().enumerate() {
        if (0..services).any(|s| vendor_of(s) == i) {
            files.push((PathBuf::from(vendor.id).join("vendor.yaml"), vendor_file(vendor)));
        }
    }
    for s in 0..services {
        let vendor = &VENDORS[vendor_of(s)];
        let service = format!("svc{s:04}");
        let dir = PathBuf::from(vendor.id).join(&service).join("2024-01-01");
        let models = rng.range(3, 6);
        files.push((dir.join("service.yaml"), service_file(vendor, &service, models, &mut rng)));
        let first = s * ACTIONS_PER_SERVICE;
        for a in first..actions.min(first + ACTIONS_PER_SERVICE) {
            let name = format!("{}Widget{a:05}", ["Create", "Describe", "Modify", "Delete", "Bind"][a % 5]);
            files.push((dir.join(format!("{name}.yaml")), action_file(vendor, &name, models, &mut rng)));
        }
    }
    files
}

fn vendor_file(vendor: &Vendor) -> String {
    let mut text = format!(
        "vendor: {}\nname: Vendor {}\nsummary: A synthetic vendor using {}.\n",
        vendor.id,
        vendor.id,
        vendor.protocol.name()
    );
    if vendor.common_errors > 0 {
        text.push_str("common_errors:\n");
        for i in 0..vendor.common_errors {
            let retry = ["never", "transient", "throttling"][i % 3];
            let _ = write!(
                text,
                "  - code: Common{i:02}.Failure\n    summary: Common failure number {i}.\n    retry: {retry}\n"
            );
        }
    }
    text
}

fn service_file(vendor: &Vendor, service: &str, models: usize, rng: &mut Rng) -> String {
    let (endpoint, region) = match vendor.protocol {
        Protocol::TencentApi3 => (format!("{service}.alpha.example.invalid"), "required"),
        Protocol::AlibabaRpc => (format!("{service}.{{region}}.beta.example.invalid"), "required"),
        Protocol::AzureRest => (format!("https://gamma.example.invalid/{service}/v1.0"), "none"),
    };
    let mut text = format!(
        "vendor: {}\nservice: {service}\nversion: \"2024-01-01\"\nname: Service {service}\n\
         summary: A synthetic service.\nprotocol: {}\nendpoint: {endpoint}\nregion: {region}\nmodels:\n",
        vendor.id,
        vendor.protocol.name()
    );
    for m in 0..models {
        let _ = write!(text, "  - name: Model{m}\n    summary: Nested model {m}.\n    fields:\n");
        let _ = write!(
            text,
            "      - name: Key{m}\n        type: string\n        required: true\n        summary: A key.\n        limits:\n          max_length: 32\n"
        );
        let _ = write!(
            text,
            "      - name: Value{m}\n        type: string\n        summary: A value.\n        limits:\n          max_length: 256\n"
        );
        if rng.chance(50) {
            let _ = write!(text, "      - name: Score{m}\n        type: f64\n        summary: A score.\n");
        }
        // Models nest into later models through lists, never in a cycle.
        if m + 1 < models {
            let _ = write!(
                text,
                "      - name: Children{m}\n        type: list<Model{}>\n        summary: Nested items.\n        limits:\n          max_items: 16\n",
                m + 1
            );
        }
    }
    text
}

fn action_file(vendor: &Vendor, name: &str, models: usize, rng: &mut Rng) -> String {
    let mut text = format!("action: {name}\nsummary: A synthetic action.\n");
    let azure = vendor.protocol == Protocol::AzureRest;
    if azure {
        text.push_str("http:\n  method: POST\n  path: /groups/{groupId}/items\n");
    }
    if rng.chance(70) {
        let _ = write!(text, "rate_limits:\n  - requests: {}\n    per: second\n", rng.range(1, 100));
    }
    text.push_str("request:\n");
    if azure {
        text.push_str(
            "  - name: groupId\n    in: path\n    type: string\n    required: true\n    summary: The group.\n    \
             limits:\n      max_length: 64\n      pattern: '^[a-z0-9_-]+$'\n",
        );
    }
    let params = rng.range(4, 12);
    for p in 0..params {
        text.push_str(&param(p, models, azure, rng));
    }
    // Two optional URLs for the rules.
    text.push_str("  - name: SourceUrl\n    type: url\n    summary: Source address.\n");
    text.push_str("  - name: SourceData\n    type: base64\n    summary: Source data.\n    limits:\n      max_encoded_size: 5 MiB\n      image:\n        formats: [png, jpeg]\n        min_short_side: 64\n");
    text.push_str("rules:\n  - at_least_one: [SourceUrl, SourceData]\n  - precedence:\n      winner: SourceUrl\n      over: SourceData\n");
    text.push_str("response:\n");
    let fields = rng.range(3, 10);
    for f in 0..fields {
        let ty = match f % 4 {
            0 => "string".to_owned(),
            1 => "u64".to_owned(),
            // The root of the models' chain, so every model of the service is used.
            2 => "list<Model0>".to_owned(),
            _ => "list<string>".to_owned(),
        };
        let _ = write!(text, "  - name: Result{f}\n    type: {ty}\n    summary: Result field {f}.\n");
    }
    if rng.chance(30) {
        text.push_str(
            "  - name: ItemCodes\n    type: list<i64>\n    summary: Per-item results.\n    result_codes:\n      \
             enum: ",
        );
        let _ = write!(text, "{name}ItemCode\n      codes:\n");
        text.push_str("        - {code: 0, name: Success, success: true, summary: Done.}\n");
        text.push_str("        - {code: -1, name: Failed, summary: Not done.}\n");
    }
    if !azure {
        text.push_str("  - name: RequestId\n    type: string\n    required: true\n    summary: Request id.\n");
    }
    text.push_str("errors:\n");
    for e in 0..rng.range(20, 80) {
        let retry = ["never", "transient", "throttling", "never"][e % 4];
        let status =
            if azure { format!("\n    http_status: {}", [400, 404, 409, 429, 500][e % 5]) } else { String::new() };
        let _ = write!(
            text,
            "  - code: {}.{name}Reason{e:02}\n    summary: Reason {e} the action failed.{status}\n    retry: {retry}\n",
            ["FailedOperation", "InvalidParameterValue", "ResourceUnavailable", "LimitExceeded"][e % 4]
        );
    }
    // Tencent wraps every result in `Response`; the others send it bare. `RequestId` is
    // required where the action has it, so the example has it too.
    let body = match vendor.protocol {
        Protocol::TencentApi3 => r#"{"Response": {"RequestId": "r-1"}}"#,
        Protocol::AzureRest => "{}",
        Protocol::AlibabaRpc => r#"{"RequestId": "r-1"}"#,
    };
    let _ =
        write!(text, "examples:\n  - title: A call\n    response:\n      status: 200\n      body: |\n        {body}\n");
    text
}

/// One request parameter of a kind chosen by `p`, covering every kind of limit.
fn param(p: usize, models: usize, azure: bool, rng: &mut Rng) -> String {
    let required = if rng.chance(40) { "\n    required: true" } else { "" };
    let location = if azure && p.is_multiple_of(3) { "\n    in: query" } else { "" };
    let (ty, limits) = match p % 8 {
        0 => ("string".to_owned(), "min_length: 1\n      max_length: 120".to_owned()),
        1 => ("i64".to_owned(), format!("min: 0\n      max: {}", rng.range(10, 10_000))),
        2 => ("string".to_owned(), "allowed: [small, medium, large]".to_owned()),
        3 => ("string".to_owned(), "max_bytes: 1 KiB".to_owned()),
        4 => ("u64".to_owned(), "allowed: [0, 1]".to_owned()),
        5 => ("string".to_owned(), "pattern: '^[A-Za-z0-9-]+$'\n      max_length: 64".to_owned()),
        6 => ("list<string>".to_owned(), "max_items: 20".to_owned()),
        _ if !azure || location.is_empty() => (format!("list<Model{}>", p % models), "max_items: 10".to_owned()),
        _ => ("f64".to_owned(), "min: 0\n      max: 100".to_owned()),
    };
    format!("  - name: Param{p}\n    type: {ty}{required}{location}\n    summary: Parameter {p}.\n    limits:\n      {limits}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_corpus_checks_cleanly_and_is_deterministic() {
        let temp = tempfile::tempdir().expect("temp dir");
        let dir = temp.path();
        let files = corpus(130, 7);
        assert_eq!(files, corpus(130, 7));
        for (path, text) in &files {
            let full = dir.join("specs").join(path);
            std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
            std::fs::write(full, text).expect("write");
        }
        let ir = crate::load_ir_from(dir, std::path::Path::new("specs"));
        let ir = ir.unwrap_or_else(|e| panic!("{e}"));
        let actions: usize = ir.vendors.iter().flat_map(|v| &v.services).map(|s| s.actions.len()).sum();
        assert_eq!(actions, 130);
        let errors = ir.vendors.iter().flat_map(|v| &v.services).flat_map(|s| &s.actions).map(|a| a.errors.len());
        assert!(errors.clone().all(|n| n >= 20), "20 to 80 codes per action, plus common ones");
    }
}
