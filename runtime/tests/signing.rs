//! Signing checked against the vendors' published test vectors, byte for byte.

use cloudbind_runtime::sign::{
    acs3_sign, canonical_query, format_utc_date, format_utc_timestamp, percent_encode, rpc_v1_sign, tc3_service,
    tc3_sign, Acs3Request, Credentials, SignError,
};
use http::Method;

// ----- Credentials ---------------------------------------------------------------------------

#[test]
fn debug_never_prints_secret_or_token() {
    let creds = Credentials::new("AKIDpublic", "very-secret-key").with_token("session-token-value");
    let shown = format!("{creds:?}");
    assert!(shown.contains("AKIDpublic"), "{shown}");
    assert!(!shown.contains("very-secret-key"), "{shown}");
    assert!(!shown.contains("session-token-value"), "{shown}");
    let pretty = format!("{creds:#?}");
    assert!(!pretty.contains("very-secret-key") && !pretty.contains("session-token-value"), "{pretty}");
    assert_eq!(
        format!("{:?}", Credentials::new("AKID", "s")),
        r#"Credentials { id: "AKID", secret: "<redacted>", token: None }"#
    );
}

#[test]
fn credentials_accessors() {
    let creds = Credentials::new("id", "secret");
    assert_eq!((creds.id(), creds.secret(), creds.token()), ("id", "secret", None));
    let creds = creds.with_token("tok");
    assert_eq!(creds.token(), Some("tok"));
}

// ----- Dates ---------------------------------------------------------------------------------

#[test]
fn utc_dates_from_unix_time() {
    assert_eq!(format_utc_date(0), "1970-01-01");
    assert_eq!(format_utc_date(1_551_113_065), "2019-02-25");
    assert_eq!(format_utc_timestamp(0), "1970-01-01T00:00:00Z");
    assert_eq!(format_utc_timestamp(1_456_231_584), "2016-02-23T12:46:24Z");
    assert_eq!(format_utc_timestamp(1_698_315_752), "2023-10-26T10:22:32Z");
    // Leap days, century rules and year ends.
    assert_eq!(format_utc_timestamp(951_782_400), "2000-02-29T00:00:00Z");
    assert_eq!(format_utc_timestamp(1_709_164_800), "2024-02-29T00:00:00Z");
    assert_eq!(format_utc_timestamp(4_107_456_000), "2100-02-28T00:00:00Z");
    assert_eq!(format_utc_timestamp(4_107_542_400), "2100-03-01T00:00:00Z");
    assert_eq!(format_utc_timestamp(1_704_067_199), "2023-12-31T23:59:59Z");
    // No overflow or panic at the extreme.
    assert!(format_utc_timestamp(u64::MAX).ends_with('Z'));
}

// ----- TC3-HMAC-SHA256 -----------------------------------------------------------------------

/// The 86-byte body of the published vectors; `\u672a` etc. are six literal ASCII characters.
const TC3_BODY: &str = r#"{"Limit": 1, "Filters": [{"Values": ["\u672a\u547d\u540d"], "Name": "instance-name"}]}"#;
const TC3_HOST: &str = "cvm.tencentcloudapi.com";
const TC3_CONTENT_TYPE: &str = "application/json; charset=utf-8";
const TC3_TIMESTAMP: u64 = 1_551_113_065;

#[test]
fn tc3_body_is_the_published_one() {
    assert_eq!(TC3_BODY.len(), 86);
    let hash = tc3_sign(
        &Method::POST,
        TC3_HOST,
        &[("Content-Type", TC3_CONTENT_TYPE)],
        TC3_BODY.as_bytes(),
        TC3_TIMESTAMP,
        "cvm",
        &Credentials::new("a", "b"),
    )
    .unwrap()
    .canonical_request;
    assert!(hash.ends_with("\n35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"), "{hash}");
}

#[test]
fn tc3_published_vector_1() {
    let creds = Credentials::new(format!("AKID{}", "*".repeat(32)), "*".repeat(32));
    let sig = tc3_sign(
        &Method::POST,
        TC3_HOST,
        &[("Content-Type", TC3_CONTENT_TYPE), ("X-TC-Action", "DescribeInstances")],
        TC3_BODY.as_bytes(),
        TC3_TIMESTAMP,
        tc3_service(TC3_HOST),
        &creds,
    )
    .unwrap();
    assert_eq!(
        sig.canonical_request,
        "POST\n/\n\n\
         content-type:application/json; charset=utf-8\n\
         host:cvm.tencentcloudapi.com\n\
         x-tc-action:describeinstances\n\n\
         content-type;host;x-tc-action\n\
         35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064"
    );
    assert_eq!(sig.canonical_request_hash, "7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84");
    assert_eq!(
        sig.string_to_sign,
        "TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n\
         7019a55be8395899b900fb5564e4200d984910f34794a27cb3fb7d10ff6a1e84"
    );
    assert_eq!(sig.date, "2019-02-25");
    assert_eq!(sig.signed_headers, "content-type;host;x-tc-action");
    assert_eq!(sig.signature, "10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f");
    assert_eq!(
        sig.authorization,
        "TC3-HMAC-SHA256 Credential=AKID********************************/2019-02-25/cvm/tc3_request, \
         SignedHeaders=content-type;host;x-tc-action, \
         Signature=10b1a37a7301a02ca19a647ad722d5e43b4b3cff309d421d85b46093f6ab6c4f"
    );
    // What would let a reader replay the request stays out of `Debug`.
    let shown = format!("{sig:?}");
    assert!(!shown.contains("10b1a37a7301a02ca19a") && shown.contains("<redacted>"), "{shown}");
}

#[test]
fn tc3_published_vector_2() {
    let creds = Credentials::new("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE");
    let sig = tc3_sign(
        &Method::POST,
        TC3_HOST,
        &[("Content-Type", TC3_CONTENT_TYPE)],
        TC3_BODY.as_bytes(),
        TC3_TIMESTAMP,
        "cvm",
        &creds,
    )
    .unwrap();
    assert_eq!(sig.canonical_request_hash, "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031");
    assert_eq!(sig.signature, "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
    assert_eq!(
        sig.authorization,
        "TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, \
         SignedHeaders=content-type;host, \
         Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168"
    );
}

#[test]
fn tc3_header_order_and_host_entry_do_not_matter() {
    let creds = Credentials::new("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE");
    // Host listed among the headers too (matching, different case), names in mixed case,
    // values padded: the signature is unchanged.
    let sig = tc3_sign(
        &Method::POST,
        TC3_HOST,
        &[("HOST", "CVM.tencentcloudapi.com"), ("content-TYPE", "  application/json; charset=utf-8 ")],
        TC3_BODY.as_bytes(),
        TC3_TIMESTAMP,
        "cvm",
        &creds,
    )
    .unwrap();
    assert_eq!(sig.signature, "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
    // An endpoint written in capitals (`Config::with_endpoint`) signs its host in lower case.
    let headers = [("Content-Type", TC3_CONTENT_TYPE)];
    let sig =
        tc3_sign(&Method::POST, "CVM.TencentCloudAPI.com", &headers, TC3_BODY.as_bytes(), TC3_TIMESTAMP, "cvm", &creds)
            .unwrap();
    assert_eq!(sig.signature, "72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
}

#[test]
fn tc3_rejects_bad_headers_without_panicking() {
    let creds = Credentials::new("id", "secret");
    let sign = |host: &str, headers: &[(&str, &str)]| tc3_sign(&Method::POST, host, headers, b"{}", 0, "cvm", &creds);
    let ct = ("Content-Type", "application/json");
    assert_eq!(sign(TC3_HOST, &[]), Err(SignError::MissingHeader("content-type")));
    assert_eq!(
        sign(TC3_HOST, &[ct, ("content-type", "text/plain")]),
        Err(SignError::DuplicateHeader("content-type".into()))
    );
    assert_eq!(sign(TC3_HOST, &[ct, ("Host", "other.example")]), Err(SignError::DuplicateHeader("host".into())));
    assert_eq!(sign(TC3_HOST, &[ct, ("bad name", "x")]), Err(SignError::InvalidHeaderName("bad name".into())));
    assert_eq!(
        sign(TC3_HOST, &[ct, ("X-TC-Token", "a\r\nb")]),
        Err(SignError::InvalidHeaderValue("x-tc-token".into()))
    );
    assert_eq!(sign(TC3_HOST, &[ct, ("X-Note", "é")]), Err(SignError::InvalidHeaderValue("x-note".into())));
    assert_eq!(sign("", &[ct]), Err(SignError::InvalidHeaderValue("host".into())));
    assert_eq!(sign("a\nb", &[ct]), Err(SignError::InvalidHeaderValue("host".into())));
    // Errors never echo a header value.
    let err = sign(TC3_HOST, &[ct, ("X-TC-Token", "zq9w\nxy")]).unwrap_err().to_string();
    assert!(!err.contains("zq9w"), "{err}");
}

#[test]
fn tc3_service_is_the_first_label() {
    assert_eq!(tc3_service("cvm.tencentcloudapi.com"), "cvm");
    assert_eq!(tc3_service("iai.ap-guangzhou.tencentcloudapi.com"), "iai");
    assert_eq!(tc3_service(""), "");
}

// ----- Alibaba RPC signature version 1 -------------------------------------------------------

#[test]
fn percent_encoding_is_rfc3986() {
    assert_eq!(percent_encode(" "), "%20");
    assert_eq!(percent_encode("*"), "%2A");
    assert_eq!(percent_encode("~"), "~");
    assert_eq!(percent_encode("/"), "%2F");
    assert_eq!(percent_encode("AZaz09-_.~"), "AZaz09-_.~");
    assert_eq!(percent_encode("a+b=c&d"), "a%2Bb%3Dc%26d");
    assert_eq!(percent_encode("未"), "%E6%9C%AA");
    assert_eq!(percent_encode("é"), "%C3%A9");
    assert_eq!(percent_encode(""), "");
}

#[test]
fn canonical_query_sorts_by_name_as_given_and_rejects_repeats() {
    assert_eq!(canonical_query(&[("b", "2"), ("a b", "x y"), ("A", "*")]).unwrap(), "A=%2A&a%20b=x%20y&b=2");
    // Encoding reorders these two (`%` sorts before `~`); the server sorts decoded names.
    assert_eq!(canonical_query(&[("a\u{e9}", "1"), ("a~", "2")]).unwrap(), "a~=2&a%C3%A9=1");
    assert_eq!(canonical_query(&[]).unwrap(), "");
    assert_eq!(canonical_query(&[("a", "1"), ("a", "2")]), Err(SignError::DuplicateParameter("a".into())));
}

const RPC_VECTOR: [(&str, &str); 8] = [
    ("Action", "DescribeRegions"),
    ("Format", "XML"),
    ("SignatureMethod", "HMAC-SHA1"),
    ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
    ("SignatureVersion", "1.0"),
    ("Timestamp", "2016-02-23T12:46:24Z"),
    ("Version", "2014-05-26"),
    ("AccessKeyId", "testid"),
];

#[test]
fn rpc_v1_published_vector() {
    let sig = rpc_v1_sign(&Method::GET, &RPC_VECTOR, "testsecret").unwrap();
    assert_eq!(
        sig.string_to_sign,
        "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML\
         %26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf\
         %26SignatureVersion%3D1.0%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26"
    );
    assert_eq!(sig.signature, "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
    assert_eq!(
        sig.query,
        "AccessKeyId=testid&Action=DescribeRegions&Format=XML&SignatureMethod=HMAC-SHA1\
         &SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0\
         &Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D"
    );
    // The Timestamp helper produces the vector's value.
    assert_eq!(format_utc_timestamp(1_456_231_584), "2016-02-23T12:46:24Z");
}

#[test]
fn rpc_v1_rejects_caller_signature_and_repeats() {
    let mut params = RPC_VECTOR.to_vec();
    params.push(("Signature", "x"));
    assert_eq!(rpc_v1_sign(&Method::GET, &params, "s"), Err(SignError::DuplicateParameter("Signature".into())));
    let mut params = RPC_VECTOR.to_vec();
    params.push(("Action", "Other"));
    let repeated = rpc_v1_sign(&Method::GET, &params, "s").unwrap_err();
    assert_eq!(repeated, SignError::DuplicateParameter("Action".into()));
    assert_eq!(repeated.to_string(), "query parameter \"Action\" given more than once");
}

#[test]
fn rpc_v1_debug_hides_the_signature_and_the_query_holding_a_token() {
    let mut params = RPC_VECTOR.to_vec();
    params.push(("SecurityToken", "sts-token"));
    let sig = rpc_v1_sign(&Method::GET, &params, "testsecret").unwrap();
    let shown = format!("{sig:?}");
    assert_eq!(shown, r#"RpcSignature { string_to_sign: <redacted>, signature: <redacted>, query: <redacted> }"#);
}

// ----- Alibaba ACS3-HMAC-SHA256 --------------------------------------------------------------

const EMPTY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

fn acs3_vector() -> Acs3Request<'static> {
    Acs3Request {
        method: &Method::POST,
        host: "ecs.cn-shanghai.aliyuncs.com",
        query: &[("ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"), ("RegionId", "cn-shanghai")],
        headers: &[],
        body: b"",
        action: "RunInstances",
        version: "2014-05-26",
        timestamp: 1_698_315_752, // 2023-10-26T10:22:32Z
        nonce: "3156853299f313e23d1673dc12e1703d",
    }
}

#[test]
fn acs3_published_vector() {
    let creds = Credentials::new("YourAccessKeyId", "YourAccessKeySecret");
    let sig = acs3_sign(&acs3_vector(), &creds).unwrap();
    assert_eq!(
        sig.canonical_request,
        format!(
            "POST\n/\n\
             ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai\n\
             host:ecs.cn-shanghai.aliyuncs.com\n\
             x-acs-action:RunInstances\n\
             x-acs-content-sha256:{EMPTY_SHA256}\n\
             x-acs-date:2023-10-26T10:22:32Z\n\
             x-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\n\
             x-acs-version:2014-05-26\n\n\
             host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\n\
             {EMPTY_SHA256}"
        )
    );
    // The SHA-256 of the canonical request above, computed apart from the runtime (hashlib).
    let hash = "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259";
    assert_eq!(sig.canonical_request_hash, hash);
    assert_eq!(sig.string_to_sign, format!("ACS3-HMAC-SHA256\n{hash}"));
    assert_eq!(sig.signature, "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");
    assert_eq!(
        sig.authorization,
        "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,\
         SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,\
         Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
    );
    assert_eq!(sig.query, "ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai");
    let header = |name: &str| sig.headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str());
    assert_eq!(header("x-acs-date"), Some("2023-10-26T10:22:32Z"));
    assert_eq!(header("x-acs-content-sha256"), Some(EMPTY_SHA256));
    assert_eq!(header("authorization"), Some(sig.authorization.as_str()));
    assert_eq!(header("x-acs-security-token"), None);
}

#[test]
fn acs3_signs_token_and_extra_headers() {
    let creds = Credentials::new("YourAccessKeyId", "YourAccessKeySecret").with_token("sts-token");
    let request =
        Acs3Request { headers: &[("Content-Type", "application/json"), ("x-acs-extra", " v ")], ..acs3_vector() };
    let sig = acs3_sign(&request, &creds).unwrap();
    assert_eq!(
        sig.signed_headers,
        "content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-extra;x-acs-security-token;\
         x-acs-signature-nonce;x-acs-version"
    );
    assert!(sig.canonical_request.contains("\nx-acs-security-token:sts-token\n"));
    assert!(sig.canonical_request.contains("\nx-acs-extra:v\n"));
    assert!(sig.headers.contains(&("x-acs-security-token".to_owned(), "sts-token".to_owned())));
    assert_ne!(sig.signature, "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");
    // `Debug` names the headers but shows neither the token nor the signature.
    let shown = format!("{sig:?}");
    assert!(shown.starts_with("Acs3Signature { canonical_request: <redacted>,"), "{shown}");
    assert!(shown.contains(r#""x-acs-security-token""#) && !shown.contains("sts-token"), "{shown}");
    assert!(!shown.contains(&sig.signature), "{shown}");
}

#[test]
fn acs3_rejects_clashing_headers() {
    let creds = Credentials::new("id", "secret");
    let request = Acs3Request { headers: &[("X-Acs-Date", "2000-01-01T00:00:00Z")], ..acs3_vector() };
    assert_eq!(acs3_sign(&request, &creds), Err(SignError::DuplicateHeader("x-acs-date".into())));
    let request = Acs3Request { nonce: "bad\nnonce", ..acs3_vector() };
    assert_eq!(acs3_sign(&request, &creds), Err(SignError::InvalidHeaderValue("x-acs-signature-nonce".into())));
}
