//! The runtime on its own: a hand-written error-code enum of the shape the generator emits,
//! and each vendor's envelope read through `parse_response`.

use cloudbind_runtime::{
    http, parse_response, read_response, read_response_with_meta, Action, ErrorCode, ErrorTable, HttpRoute, Param,
    Protocol, RateLimit, RegionPolicy, ResponseError, Retry, ServiceError, ServiceInfo, Unlisted, Validate, Validator,
};
use serde::{Deserialize, Serialize};

static TABLE: ErrorTable = ErrorTable::new(
    "LimitExceeded\tthrottling\t429\t\tToo many.\n\
    Bad.Input\tnever\t400\tBadInput\tBad input.",
);

#[derive(Clone, PartialEq, Eq, Hash)]
enum Code {
    LimitExceeded,
    BadInput,
    Unknown(String),
}

// As generated: through `ErrorCode::fmt_debug`.
impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.fmt_debug(f)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl ErrorCode for Code {
    const LISTED: &'static [Self] = &[Code::LimitExceeded, Code::BadInput];

    fn table() -> &'static ErrorTable {
        &TABLE
    }

    fn unlisted(code: &str) -> Self {
        Code::Unknown(code.to_owned())
    }

    fn as_unlisted(&self) -> Option<Unlisted<'_>> {
        match self {
            Code::Unknown(code) => Some(Unlisted::Unknown(code)),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
struct Request;

impl Validate for Request {
    fn validate_into(&self, _: &mut Validator) {}
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Response {
    #[serde(rename = "Id")]
    id: String,
}

/// A response whose only required field is the one every Alibaba envelope has.
#[derive(Debug, Clone, PartialEq, Deserialize)]
struct OnlyRequestId {
    #[serde(rename = "RequestId")]
    request_id: String,
}

/// The response of an action that returns nothing (an Azure DELETE).
#[derive(Debug, Clone, PartialEq, Deserialize)]
struct Nothing {}

macro_rules! action {
    ($name:ident, $protocol:ident) => {
        action!($name, $protocol, Response);
    };
    ($name:ident, $protocol:ident, $response:ty) => {
        struct $name;
        impl Action for $name {
            type Request = Request;
            type Response = $response;
            type ErrorCode = Code;
            const NAME: &'static str = stringify!($name);
            const SERVICE: &'static ServiceInfo = &ServiceInfo {
                vendor: "v",
                service: "s",
                version: "1",
                name: "S",
                protocol: Protocol::$protocol,
                endpoint: "s.example",
                region: RegionPolicy::None,
                regions: &[],
            };
            const HTTP: HttpRoute = HttpRoute { method: "POST", path: "/" };
            const RATE_LIMITS: &'static [RateLimit] = &[];
            const PARAMS: &'static [Param] = &[];
        }
    };
}
action!(Tencent, TencentApi3);
action!(Alibaba, AlibabaRpc);
action!(Azure, AzureRest);
action!(AzureDelete, AzureRest, Nothing);
action!(AlibabaIdOnly, AlibabaRpc, OnlyRequestId);

fn service_error<R: std::fmt::Debug>(result: Result<R, ResponseError<Code>>) -> ServiceError<Code> {
    match result {
        Err(ResponseError::Service(error)) => error,
        other => panic!("expected a service error, got {other:?}"),
    }
}

#[test]
fn codes_know_their_facts_and_keep_unknown_ones() {
    assert_eq!(Code::from_code("LimitExceeded").code(), "LimitExceeded");
    assert_eq!(Code::from_code("LimitExceeded").retry(), Retry::Throttling);
    assert!(Code::from_code("LimitExceeded").retry().is_retryable());
    assert!(!Code::BadInput.retry().is_retryable());
    let unknown = Code::from_code("Brand.New");
    assert_eq!(unknown, Code::Unknown("Brand.New".into()));
    assert_eq!(
        (unknown.code(), unknown.is_known(), unknown.retry(), unknown.summary()),
        ("Brand.New", false, Retry::Unknown, None)
    );
}

#[test]
fn debug_reads_like_a_derived_one() {
    let debug = |code: Code| format!("{code:?}");
    assert_eq!(debug(Code::LimitExceeded), "LimitExceeded");
    assert_eq!(debug(Code::BadInput), "BadInput");
    assert_eq!(debug(Code::Unknown("Brand.New".into())), r#"Unknown("Brand.New")"#);
    assert_eq!(format!("{:#?}", Code::BadInput), "BadInput");
    assert_eq!((Code::BadInput.variant_name(), Code::Unknown("x".into()).variant_name()), (Some("BadInput"), None));
}

#[test]
fn display_shows_code_message_and_request_id() {
    let error: ServiceError<Code> = ServiceError::new("Bad.Input", "name too long", Some("req-1".into()), 400);
    assert_eq!(error.to_string(), "Bad.Input: name too long (request id req-1)");
    let error: ServiceError<Code> = ServiceError::new("Odd", "?", None, 500);
    assert_eq!(error.to_string(), "Odd: ?");
    // Undocumented: its status decides.
    assert!(error.is_retryable());
    assert!(!ServiceError::<Code>::new("Odd", "?", None, 400).is_retryable());
}

#[test]
fn tencent_success_and_error_envelopes() {
    let ok = parse_response::<Tencent>(200, br#"{"Response":{"Id":"x","RequestId":"r"}}"#);
    assert_eq!(ok, Ok(Response { id: "x".into() }));
    let error = service_error(parse_response::<Tencent>(
        200,
        br#"{"Response":{"Error":{"Code":"LimitExceeded","Message":"slow down"},"RequestId":"r2"}}"#,
    ));
    assert_eq!(error.code, Code::LimitExceeded);
    assert_eq!(
        (error.message.as_str(), error.request_id.as_deref(), error.http_status),
        ("slow down", Some("r2"), 200)
    );
}

#[test]
fn tencent_non_200_and_broken_bodies_are_kept() {
    // An error envelope that a gateway sent with another status is still the vendor's error.
    let envelope = br#"{"Response":{"Error":{"Code":"LimitExceeded","Message":"slow"},"RequestId":"r4"}}"#;
    let error = service_error(parse_response::<Tencent>(400, envelope));
    assert_eq!((error.code, error.http_status, error.request_id.as_deref()), (Code::LimitExceeded, 400, Some("r4")));
    let success_shape = br#"{"Response":{"Id":"a","RequestId":"r5"}}"#;
    assert!(matches!(parse_response::<Tencent>(500, success_shape), Err(ResponseError::Status { status: 500, .. })));
    // Display shows the start of a page on one line, without what a terminal would obey.
    let page = [b"\x1b[31mBad\tGateway\x07 ".as_slice(), &[b'x'; 10_000_000]].concat();
    let shown = parse_response::<Tencent>(502, &page).unwrap_err().to_string();
    assert!(
        shown.starts_with("HTTP status 502 without a service error body: \"\u{fffd}[31mBad Gateway\u{fffd} xxx"),
        "{shown}"
    );
    assert!(shown.ends_with("…\"") && shown.len() < 200, "{shown}");
    let html = b"<html><body>502 Bad Gateway</body></html>";
    assert_eq!(parse_response::<Tencent>(502, html), Err(ResponseError::new_status(502, html.to_vec(), None)));
    // A page with a success status is malformed, and says what came instead of JSON.
    let page = [b"<html>\n<title>\x1b[2J Gateway".as_slice(), &[b'y'; 1_000_000]].concat();
    let shown = parse_response::<Tencent>(200, &page).unwrap_err().to_string();
    assert!(shown.starts_with("unexpected response body (HTTP 200): expected value at line 1 column 1"), "{shown}");
    assert!(shown.contains("; the body starts: \"<html> <title>\u{fffd}[2J Gatewayyyy"), "{shown}");
    assert!(shown.ends_with("…\"") && shown.len() < 300, "{shown}");
    let truncated = parse_response::<Tencent>(200, br#"{"Response":{"Id":"#);
    assert!(
        matches!(truncated, Err(ResponseError::Malformed { status: 200, ref body, .. }) if body == br#"{"Response":{"Id":"#)
    );
    let missing = parse_response::<Tencent>(200, br#"{"Response":{"RequestId":"r"}}"#);
    assert!(
        matches!(missing, Err(ResponseError::Malformed { ref reason, .. }) if reason.contains("Id")),
        "{missing:?}"
    );
}

#[test]
fn alibaba_flat_errors() {
    assert_eq!(parse_response::<Alibaba>(200, br#"{"Id":"a","RequestId":"r"}"#), Ok(Response { id: "a".into() }));
    let error = service_error(parse_response::<Alibaba>(
        500,
        br#"{"RequestId":"r3","HostId":"mts.cn-shanghai.aliyuncs.com","Code":"InternalError","Message":"errorMsg:x"}"#,
    ));
    assert_eq!(error.code, Code::Unknown("InternalError".into()));
    assert_eq!(
        (error.message.as_str(), error.request_id.as_deref(), error.http_status),
        ("errorMsg:x", Some("r3"), 500)
    );
}

#[test]
fn alibaba_documented_code_with_a_success_status_is_the_error() {
    // The envelope has every field such a response requires.
    let body = br#"{"RequestId": "r", "Code": "LimitExceeded", "Message": "slow down"}"#;
    assert_eq!(service_error(parse_response::<AlibabaIdOnly>(200, body)).code, Code::LimitExceeded);
    // Success bodies with a code of their own read as the response.
    let ok = br#"{"RequestId": "r", "Code": "OK"}"#;
    assert_eq!(parse_response::<AlibabaIdOnly>(200, ok), Ok(OnlyRequestId { request_id: "r".into() }));
    // An undocumented code is an error only when the body is not the response.
    let undocumented = br#"{"Code": "Some.New", "Message": "m"}"#;
    assert_eq!(
        service_error(parse_response::<AlibabaIdOnly>(200, undocumented)).code,
        Code::Unknown("Some.New".into())
    );
}

#[test]
fn azure_errors_including_status_code_bodies() {
    assert_eq!(parse_response::<Azure>(200, br#"{"Id":"z"}"#), Ok(Response { id: "z".into() }));
    let error = service_error(parse_response::<Azure>(400, br#"{"error":{"code":"Bad.Input","message":"no"}}"#));
    assert_eq!((error.code, error.http_status), (Code::BadInput, 400));
    let throttled = service_error(parse_response::<Azure>(
        429,
        br#"{"error":{"statusCode":429,"message":"Rate limit is exceeded. Try again in 26 seconds."}}"#,
    ));
    assert_eq!(throttled.code, Code::Unknown("429".into()));
    assert_eq!(throttled.message, "Rate limit is exceeded. Try again in 26 seconds.");
    // The body's `statusCode`, a number or text, is the code whatever status a gateway gave.
    let text = service_error(parse_response::<Azure>(500, br#"{"error":{"statusCode":"429"}}"#));
    assert_eq!(text.code, Code::Unknown("429".into()));
    // Without either, the status stands in.
    assert_eq!(service_error(parse_response::<Azure>(503, br#"{"error":{}}"#)).code, Code::Unknown("503".into()));
    assert!(matches!(
        parse_response::<Azure>(503, b"Service Unavailable"),
        Err(ResponseError::Status { status: 503, .. })
    ));
}

#[test]
fn retry_after_reads_milliseconds_seconds_and_dates() {
    use cloudbind_runtime::http::HeaderMap;
    use cloudbind_runtime::response::retry_after;
    use std::time::{Duration, UNIX_EPOCH};

    // 1994-11-06T08:49:37Z, the example date of RFC 9110.
    let now = UNIX_EPOCH + Duration::from_secs(784_111_777);
    let read = |pairs: &[(&'static str, &str)]| {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(*name, value.parse().expect("header value"));
        }
        retry_after(&headers, now)
    };
    let secs = |s| Some(Duration::from_secs(s));
    assert_eq!(read(&[]), None);
    assert_eq!(read(&[("retry-after", "26")]), secs(26));
    assert_eq!(read(&[("Retry-After", " 0 ")]), secs(0));
    // Each of the three date forms a recipient must read; a past date means no wait.
    assert_eq!(read(&[("retry-after", "Sun, 06 Nov 1994 08:50:07 GMT")]), secs(30));
    assert_eq!(read(&[("retry-after", "Sunday, 06-Nov-94 08:50:07 GMT")]), secs(30));
    assert_eq!(read(&[("retry-after", "Sun Nov  6 08:50:07 1994")]), secs(30));
    assert_eq!(read(&[("retry-after", "Sat, 05 Nov 1994 08:49:37 GMT")]), secs(0));
    // Azure's millisecond headers are more precise, so they win.
    let millis = Some(Duration::from_millis(1500));
    assert_eq!(read(&[("retry-after", "2"), ("retry-after-ms", "1500")]), millis);
    assert_eq!(read(&[("retry-after", "2"), ("x-ms-retry-after-ms", "1500")]), millis);
    // What is not a whole number or a date says nothing, and never panics.
    for junk in ["-5", "+5", "1.5", "", "soon", "Sun, 31 Feb 1994 08:49:37 GMT"] {
        assert_eq!(read(&[("retry-after", junk)]), None, "{junk:?}");
    }
    assert_eq!(read(&[("retry-after-ms", "lots"), ("retry-after", "3")]), secs(3), "an unreadable ms header");
    // A wait from the network is capped at a day, however it is written.
    let day = Some(cloudbind_runtime::response::MAX_RETRY_AFTER);
    assert_eq!(day, secs(86_400));
    for huge in ["86401", "18446744073709551615", "99999999999999999999999", "Wed, 21 Oct 2099 07:28:00 GMT"] {
        assert_eq!(read(&[("retry-after", huge)]), day, "{huge:?}");
    }
    assert_eq!(read(&[("retry-after-ms", "99999999999999999999999")]), day);
}

#[test]
fn error_bodies_are_kept_byte_for_byte_and_say_whether_to_retry() {
    // A proxy's page in GBK is not UTF-8; it is kept as received.
    let gbk = b"\xb7\xfe\xce\xf1\xc6\xf7\xc3\xa6";
    let error = parse_response::<Alibaba>(503, gbk).unwrap_err();
    assert_eq!(error, ResponseError::new_status(503, gbk.to_vec(), None));
    assert_eq!(error.retry(), Retry::Transient);
    assert!(error.is_retryable());
    assert_eq!((Retry::Transient.to_string(), Retry::Unknown.to_string()), ("transient".into(), "unknown".into()));
    assert!(error.body_text().is_some_and(|text| text.contains('\u{fffd}')));
    let truncated = parse_response::<Tencent>(200, b"{\"Resp").unwrap_err();
    assert_eq!(truncated.retry(), Retry::Unknown);
    assert!(!truncated.is_retryable());
}

#[test]
fn error_envelopes_with_null_messages_numeric_ids_or_a_success_status_stay_typed() {
    let tencent = service_error(parse_response::<Tencent>(
        200,
        br#"{"Response":{"Error":{"Code":"Bad.Input","Message":null},"RequestId":12345}}"#,
    ));
    assert_eq!(
        (tencent.code, tencent.message.as_str(), tencent.request_id.as_deref()),
        (Code::BadInput, "", Some("12345"))
    );
    // A numeric code is read as its text, as Alibaba's and Azure's are; a null one names nothing.
    let numeric = br#"{"Response":{"Error":{"Code":4001,"Message":"m"},"RequestId":"r"}}"#;
    assert_eq!(service_error(parse_response::<Tencent>(200, numeric)).code, Code::Unknown("4001".into()));
    let null = parse_response::<Tencent>(200, br#"{"Response":{"Error":{"Code":null},"RequestId":"r"}}"#);
    assert!(matches!(null, Err(ResponseError::Malformed { status: 200, .. })), "{null:?}");
    let alibaba =
        service_error(parse_response::<Alibaba>(200, br#"{"Code":"Bad.Input","Message":"no","RequestId":7}"#));
    assert_eq!((alibaba.code, alibaba.http_status, alibaba.request_id.as_deref()), (Code::BadInput, 200, Some("7")));
    let azure = service_error(parse_response::<Azure>(200, br#"{"error":{"code":"Bad.Input","message":null}}"#));
    assert_eq!((azure.code, azure.message.as_str()), (Code::BadInput, ""));
    // A success body that is merely incomplete is still malformed.
    assert!(matches!(parse_response::<Alibaba>(200, br#"{"RequestId":"r"}"#), Err(ResponseError::Malformed { .. })));
}

#[test]
fn numbers_in_an_error_envelope_are_kept_as_written() {
    // Read through `f64`, a long numeric code lost its digits, and a number out of its range
    // (`1e400`) failed the whole envelope, so a hostile id hid the vendor's error.
    let tencent = service_error(parse_response::<Tencent>(
        200,
        br#"{"Response":{"Error":{"Code":123456789012345678901234567890,"Message":2.50},"RequestId":1e400}}"#,
    ));
    assert_eq!(
        (tencent.code, tencent.message.as_str(), tencent.request_id.as_deref()),
        (Code::Unknown("123456789012345678901234567890".into()), "2.50", Some("1e400"))
    );
    let alibaba = service_error(parse_response::<Alibaba>(400, br#"{"Code":"Bad.Input","RequestId":-1e400}"#));
    assert_eq!((alibaba.code, alibaba.request_id.as_deref()), (Code::BadInput, Some("-1e400")));
    let azure = service_error(parse_response::<Azure>(400, br#"{"error":{"code":"Bad.Input","message":1E999}}"#));
    assert_eq!((azure.code, azure.message.as_str()), (Code::BadInput, "1E999"));
    // Text is still read as text, escapes and all.
    let text = service_error(parse_response::<Alibaba>(400, br#"{"Code":"Bad.Input","Message":"a\"\u00e9"}"#));
    assert_eq!(text.message, "a\"\u{e9}");
}

#[test]
fn a_list_of_results_is_never_read_as_an_error_and_an_empty_body_is_an_empty_response() {
    // serde's derived readers take an array for a struct; a 200 list is not the vendor's error.
    let listed = parse_response::<Azure>(200, br#"[{"error": {"code": "Bad.Input"}}]"#);
    assert!(matches!(listed, Err(ResponseError::Malformed { status: 200, .. })), "{listed:?}");
    let listed = parse_response::<Alibaba>(200, br#"["Bad.Input", "no"]"#);
    assert!(matches!(listed, Err(ResponseError::Malformed { status: 200, .. })), "{listed:?}");
    assert_eq!(parse_response::<AzureDelete>(200, b""), Ok(Nothing {}));
    assert!(matches!(
        parse_response::<Azure>(200, b" "),
        Err(ResponseError::Malformed { reason, .. })
            if reason == "the body is empty, but the response has required fields (missing field `Id`)"
    ));
    // An error envelope is an error even where the empty response would read it as a success.
    let error = service_error(parse_response::<AzureDelete>(200, br#"{"error": {"code": "Bad.Input"}}"#));
    assert_eq!(error.code, Code::BadInput);
}

#[test]
fn an_envelope_nested_in_an_array_is_no_error_and_names_no_request_id() {
    // serde's derived readers take an array for a struct, by position: each of these would
    // read as the vendor's `Bad.Input`, or give the page a request id it does not carry.
    let tencent: [&[u8]; 4] = [
        br#"[{"Error":{"Code":"Bad.Input"},"RequestId":"r"}]"#,
        br#"{"Response":[{"Code":"Bad.Input"},"r"]}"#,
        br#"{"Response":[["Bad.Input","m"],"r"]}"#,
        br#"{"Response":{"Error":["Bad.Input","m"]}}"#,
    ];
    for body in tencent {
        let shown = String::from_utf8_lossy(body);
        let read = parse_response::<Tencent>(200, body);
        assert!(matches!(read, Err(ResponseError::Malformed { status: 200, .. })), "{shown}: {read:?}");
        let read = read_response::<Tencent>(&answer(502, &[], &shown));
        assert!(matches!(read, Err(ResponseError::Status { status: 502, request_id: None, .. })), "{shown}: {read:?}");
    }
    let not_objects =
        [r#"{"error":["Bad.Input","x","m"]}"#, r#"{"error":[]}"#, r#"{"error":"Bad.Input"}"#, r#"{"error":1}"#];
    for body in not_objects {
        let read = parse_response::<Azure>(400, body.as_bytes());
        assert!(matches!(read, Err(ResponseError::Status { status: 400, .. })), "{body}: {read:?}");
        // No Azure result has an `error`: with a success status the body is neither, even for
        // a response without fields.
        let read = parse_response::<AzureDelete>(200, body.as_bytes());
        assert!(
            matches!(&read, Err(ResponseError::Malformed { status: 200, reason, .. }) if reason.contains("`error` is not an object")),
            "{body}: {read:?}"
        );
    }
    // `"error": null` is no error: the body is read as the result.
    assert_eq!(parse_response::<AzureDelete>(200, br#"{"error":null}"#), Ok(Nothing {}));
    let read = parse_response::<Azure>(400, br#"{"error":null}"#);
    assert!(matches!(read, Err(ResponseError::Status { status: 400, .. })), "{read:?}");
    let read = read_response::<Alibaba>(&answer(502, &[], r#"["r"]"#));
    assert!(matches!(read, Err(ResponseError::Status { status: 502, request_id: None, .. })), "{read:?}");
    // The objects themselves still read.
    let error = service_error(parse_response::<Tencent>(400, br#"{"Response":{"Error":{"Code":"Bad.Input"}}}"#));
    assert_eq!((error.code, error.http_status), (Code::BadInput, 400));
    assert_eq!(
        read_response::<Alibaba>(&answer(502, &[], r#"{"RequestId":"r"}"#)).unwrap_err().request_id(),
        Some("r")
    );
}

/// `json` after a UTF-8 byte order mark, as some servers send it.
fn with_bom(json: &str) -> String {
    format!("\u{feff}{json}")
}

#[test]
fn a_byte_order_mark_before_the_json_is_skipped_for_each_protocol() {
    // RFC 8259 lets a reader ignore it; a vendor's error behind one was a bare status.
    let tencent = with_bom(r#"{"Response":{"Error":{"Code":"Bad.Input","Message":"no"},"RequestId":"tc-1"}}"#);
    let error = service_error(parse_response::<Tencent>(200, tencent.as_bytes()));
    assert_eq!((error.code, error.request_id.as_deref()), (Code::BadInput, Some("tc-1")));
    let alibaba = with_bom(r#"{"RequestId":"ali-1","HostId":"h","Code":"LimitExceeded","Message":"slow"}"#);
    let error = service_error(parse_response::<Alibaba>(400, alibaba.as_bytes()));
    assert_eq!(
        (&error.code, error.request_id.as_deref(), error.host_id()),
        (&Code::LimitExceeded, Some("ali-1"), Some("h"))
    );
    let azure = with_bom(r#"{"error":{"code":"Bad.Input","message":"no"}}"#);
    assert_eq!(service_error(parse_response::<Azure>(400, azure.as_bytes())).code, Code::BadInput);
    // And a success behind one is the success, with the body's request id.
    let tencent = with_bom(r#"{"Response":{"Id":"a","RequestId":"tc-2"}}"#);
    let read = read_response_with_meta::<Tencent>(&answer(200, &[], &tencent)).expect("a success");
    assert_eq!((read.response.id.as_str(), read.meta.request_id()), ("a", Some("tc-2")));
    let alibaba = with_bom(r#"{"Id":"b","RequestId":"ali-2"}"#);
    let read = read_response_with_meta::<Alibaba>(&answer(200, &[], &alibaba)).expect("a success");
    assert_eq!((read.response.id.as_str(), read.meta.request_id()), ("b", Some("ali-2")));
    assert_eq!(parse_response::<Azure>(200, with_bom(r#"{"Id":"c"}"#).as_bytes()), Ok(Response { id: "c".into() }));
    // A byte order mark alone is an empty body.
    assert_eq!(parse_response::<AzureDelete>(204, with_bom("").as_bytes()), Ok(Nothing {}));
    // One mark only, and only first: anything else before the JSON is still not JSON.
    for body in [with_bom(&with_bom(r#"{"Id":"c"}"#)), format!(" {}", with_bom(r#"{"Id":"c"}"#))] {
        let read = parse_response::<Azure>(200, body.as_bytes());
        assert!(matches!(read, Err(ResponseError::Malformed { status: 200, .. })), "{body:?}: {read:?}");
    }
}

#[test]
fn a_byte_order_mark_stays_in_the_body_an_error_keeps_and_counts_in_its_positions() {
    // The body is kept as received, the mark included, and a position in a reason is counted
    // in it (in bytes, as serde_json counts), where a reader of the logged body looks.
    let missing = r#"{"Response":{"RequestId":"tc-3"}}"#;
    let plain = read_response::<Tencent>(&answer(200, &[], missing)).unwrap_err();
    let marked = read_response::<Tencent>(&answer(200, &[], &with_bom(missing))).unwrap_err();
    let (ResponseError::Malformed { reason: plain_reason, .. }, ResponseError::Malformed { reason, body, .. }) =
        (&plain, &marked)
    else {
        panic!("{plain:?} / {marked:?}");
    };
    assert_eq!(plain_reason, "missing field `Id` at line 1 column 32");
    assert_eq!(reason, "missing field `Id` at line 1 column 35");
    assert_eq!(body.as_slice(), with_bom(missing).as_bytes());
    assert_eq!(marked.request_id(), Some("tc-3"), "the body's id is read behind the mark");
    assert_eq!(marked.body_text().as_deref(), Some(with_bom(missing).as_str()));
    let shown = marked.to_string();
    assert!(
        shown.ends_with(r#"the body starts: "\u{feff}{\"Response\":{\"RequestId\":\"tc-3\"}}" (request id tc-3)"#),
        "{shown}"
    );
    // The same for the success readers of Alibaba and Azure, and a body that is not JSON.
    type Read = fn(&[u8]) -> ResponseError<Code>;
    let cases: [(&str, Read); 3] = [
        (r#"{"RequestId":"r","Id":7}"#, |body| parse_response::<Alibaba>(200, body).unwrap_err()),
        ("{\n \"Id\": 7}", |body| parse_response::<Azure>(200, body).unwrap_err()),
        ("<html>", |body| parse_response::<Tencent>(200, body).unwrap_err()),
    ];
    for (json, read) in cases {
        let (plain, marked) = (read(json.as_bytes()), read(with_bom(json).as_bytes()));
        let (ResponseError::Malformed { reason: plain, .. }, ResponseError::Malformed { reason: marked, body, .. }) =
            (plain, marked)
        else {
            panic!("{json}: not malformed");
        };
        assert_eq!(body, with_bom(json).as_bytes(), "{json}");
        let column = |reason: &str| -> (String, usize) {
            let (at, column) = reason.rsplit_once(" column ").expect("a position");
            (at.to_owned(), column.parse().expect("a column"))
        };
        let ((plain_at, plain_column), (marked_at, marked_column)) = (column(&plain), column(&marked));
        assert_eq!(marked_at, plain_at, "{json}");
        // The mark's three bytes on the first line; a later line starts anew.
        let shift = if plain_at.ends_with("line 1") { 3 } else { 0 };
        assert_eq!(marked_column, plain_column + shift, "{json}: {plain} / {marked}");
    }
    // A bare status keeps it too.
    let page = with_bom("<html>502</html>");
    assert_eq!(parse_response::<Azure>(502, page.as_bytes()), Err(ResponseError::new_status(502, page.clone(), None)));
}

#[test]
fn an_error_code_that_is_a_boolean_an_object_or_a_list_names_no_error() {
    // Kept as its JSON text, it was an "unknown code" of the vendor's (`"true"`); a code is
    // text (or a number, kept as written). Such a body is no vendor error in any protocol: a
    // bare status, or malformed with a success status.
    for code in [r#"{"x":1}"#, "{}", "[]", r#"["Bad.Input"]"#, "true", "false"] {
        let tencent = format!(r#"{{"Response":{{"Error":{{"Code":{code},"Message":"m"}},"RequestId":"tc-5"}}}}"#);
        let read = parse_response::<Tencent>(200, tencent.as_bytes());
        assert!(
            matches!(&read, Err(ResponseError::Malformed { status: 200, reason, .. }) if reason.contains("error code")),
            "{tencent}: {read:?}"
        );
        let read = read_response::<Tencent>(&answer(502, &[], &tencent));
        assert!(matches!(read, Err(ResponseError::Status { status: 502, .. })), "{tencent}: {read:?}");
        assert_eq!(read.unwrap_err().request_id(), Some("tc-5"), "{tencent}");

        let alibaba = format!(r#"{{"Code":{code},"Message":"m","RequestId":"ali-5"}}"#);
        let read = read_response::<Alibaba>(&answer(400, &[], &alibaba));
        assert!(matches!(read, Err(ResponseError::Status { status: 400, .. })), "{alibaba}: {read:?}");
        assert_eq!(read.unwrap_err().request_id(), Some("ali-5"), "{alibaba}");
        let read = parse_response::<Alibaba>(200, alibaba.as_bytes());
        assert!(matches!(read, Err(ResponseError::Malformed { status: 200, .. })), "{alibaba}: {read:?}");
        // A success body that holds such a `Code` is still the success.
        let ok = parse_response::<AlibabaIdOnly>(200, alibaba.as_bytes());
        assert_eq!(ok, Ok(OnlyRequestId { request_id: "ali-5".into() }), "{alibaba}");

        for key in ["code", "statusCode"] {
            let azure = format!(r#"{{"error":{{"{key}":{code},"message":"m"}}}}"#);
            let read = parse_response::<Azure>(400, azure.as_bytes());
            assert!(matches!(read, Err(ResponseError::Status { status: 400, .. })), "{azure}: {read:?}");
            // An error object is never a success, even of a response without fields.
            let read = parse_response::<AzureDelete>(200, azure.as_bytes());
            assert!(
                matches!(&read, Err(ResponseError::Malformed { status: 200, reason, .. }) if reason.contains("error code")),
                "{azure}: {read:?}"
            );
        }
    }
    // Nor is an error object that does not read for another reason.
    let twice = parse_response::<AzureDelete>(200, br#"{"error":{"code":"Bad.Input","code":"x"}}"#);
    assert!(matches!(twice, Err(ResponseError::Malformed { status: 200, .. })), "{twice:?}");
    // Text, numbers and `null` read as before.
    let azure = service_error(parse_response::<Azure>(400, br#"{"error":{"code":null,"statusCode":429}}"#));
    assert_eq!(azure.code, Code::Unknown("429".into()));
    let tencent = br#"{"Response":{"Error":{"Code":-1,"Message":{"x":1}},"RequestId":"r"}}"#;
    let tencent = service_error(parse_response::<Tencent>(200, tencent));
    assert_eq!((tencent.code, tencent.message.as_str()), (Code::Unknown("-1".into()), r#"{"x":1}"#));
}

#[test]
fn debug_of_an_error_page_is_short_text() {
    let page = format!("<html>{}</html>", "x".repeat(5000));
    let shown = format!("{:?}", parse_response::<Azure>(502, page.as_bytes()).unwrap_err());
    assert!(shown.starts_with("Status { status: 502, body: \"<html>xxx") && shown.len() < 200, "{shown}");
}

/// An HTTP response as a client hands it over.
fn answer(status: u16, headers: &[(&str, &str)], body: &str) -> http::Response<Vec<u8>> {
    let mut builder = http::Response::builder().status(status);
    for (name, value) in headers {
        builder = builder.header(*name, *value);
    }
    builder.body(body.as_bytes().to_vec()).expect("a valid response")
}

#[test]
fn a_success_keeps_its_status_request_id_and_headers() {
    let id = |meta: &cloudbind_runtime::ResponseMeta| meta.request_id.clone();
    // Azure's bodies have no id: the gateway's header, else the service's.
    let both = [("x-ms-request-id", "service-1"), ("apim-request-id", "gateway-1")];
    let azure = read_response_with_meta::<Azure>(&answer(201, &both, r#"{"Id":"f"}"#)).expect("a success");
    assert_eq!(azure.response, Response { id: "f".into() });
    assert_eq!((azure.meta.status, id(&azure.meta).as_deref()), (201, Some("gateway-1")));
    assert_eq!(azure.meta.headers["x-ms-request-id"], "service-1");
    let service = read_response_with_meta::<Azure>(&answer(200, &both[..1], r#"{"Id":"f"}"#)).expect("a success");
    assert_eq!(id(&service.meta).as_deref(), Some("service-1"));
    let none = read_response_with_meta::<AzureDelete>(&answer(204, &[], "")).expect("a success");
    assert_eq!((none.meta.status, id(&none.meta)), (204, None));
    // Tencent and Alibaba: the body's `RequestId`, where they document it, before any header.
    let tencent = r#"{"Response":{"Id":"f","RequestId":"tc-1"}}"#;
    let tencent = read_response_with_meta::<Tencent>(&answer(200, &both, tencent)).expect("a success");
    assert_eq!((tencent.response.id.as_str(), id(&tencent.meta).as_deref()), ("f", Some("tc-1")));
    let alibaba = read_response_with_meta::<Alibaba>(&answer(200, &[], r#"{"Id":"f","RequestId":7}"#));
    assert_eq!(id(&alibaba.expect("a success").meta).as_deref(), Some("7"));
    let without = read_response_with_meta::<Tencent>(&answer(200, &[], r#"{"Response":{"Id":"f"}}"#));
    assert_eq!(id(&without.expect("a success").meta), None);
    // An error is what `read_response` returns, the header's id in it.
    let error = answer(404, &both, r#"{"error":{"code":"Bad.Input","message":"no"}}"#);
    let read = read_response_with_meta::<Azure>(&error).map(|_| ()).unwrap_err();
    assert_eq!(Err(read), read_response::<Azure>(&error).map(|_| ()));
}

#[test]
fn a_success_s_and_a_failure_s_request_ids_read_one_way() {
    let success = r#"{"Response":{"Id":"f","RequestId":"tc-1"}}"#;
    let success = read_response_with_meta::<Tencent>(&answer(200, &[], success)).expect("a success");
    let failure = r#"{"Response":{"Error":{"Code":"Bad.Input","Message":"no"},"RequestId":"tc-2"}}"#;
    let failure = read_response::<Tencent>(&answer(200, &[], failure)).unwrap_err();
    let vendor = failure.service_error().expect("the vendor's error");
    let ids: [Option<&str>; 3] = [success.meta.request_id(), vendor.request_id(), failure.request_id()];
    assert_eq!(ids, [Some("tc-1"), Some("tc-2"), Some("tc-2")]);
    // The fields stay for code that reads them.
    assert_eq!((success.meta.request_id.as_deref(), vendor.request_id.as_deref()), (Some("tc-1"), Some("tc-2")));
}

#[test]
fn debug_of_a_success_s_meta_hides_the_headers_that_may_carry_a_credential() {
    let headers = [
        ("apim-request-id", "gateway-1"),
        ("set-cookie", "ARRAffinity=cookie-1; HttpOnly"),
        ("set-cookie", "session=cookie-2"),
        ("x-auth-token", "token-1"),
        ("x-ms-session-key", "key-1"),
        ("content-type", "application/json"),
    ];
    let read = read_response_with_meta::<Azure>(&answer(200, &headers, r#"{"Id":"f"}"#)).expect("a success");
    // A logged answer, as `{:?}` of the whole `WithMeta` writes it.
    let shown = format!("{read:?}");
    for secret in ["cookie-1", "cookie-2", "token-1", "key-1"] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
    let kept = r#""apim-request-id": "gateway-1", "set-cookie": "<redacted>", "set-cookie": "<redacted>", "x-auth-token": "<redacted>", "x-ms-session-key": "<redacted>", "content-type": "application/json""#;
    assert!(shown.contains(kept), "{shown}");
    // The values themselves are kept, as received.
    let cookies: Vec<_> = read.meta.headers.get_all("set-cookie").iter().collect();
    assert_eq!(cookies, ["ARRAffinity=cookie-1; HttpOnly", "session=cookie-2"]);
    // A value marked sensitive is hidden whatever its header's name.
    let mut meta = read.meta;
    let mut value = http::HeaderValue::from_static("opaque-1");
    value.set_sensitive(true);
    meta.headers.insert("x-custom", value);
    assert!(format!("{meta:?}").contains(r#""x-custom": "<redacted>""#), "{meta:?}");
}

/// The one line a log writes for any failure: the message, which ends with the request id.
fn logged(error: &ResponseError<Code>) -> (String, Option<&str>) {
    (error.to_string(), error.request_id())
}

#[test]
fn a_bare_status_keeps_the_request_id_of_the_gateway_page() {
    let html = "<html><body>502 Bad Gateway</body></html>";
    let page = r#"HTTP status 502 without a service error body: "<html><body>502 Bad Gateway</body></html>""#;
    // Azure's API Management sends its id on its own error pages, which are no vendor error.
    let apim = answer(502, &[("apim-request-id", "apim-502"), ("x-ms-request-id", "ms-1")], html);
    let error = read_response::<Azure>(&apim).unwrap_err();
    assert!(matches!(&error, ResponseError::Status { status: 502, request_id: Some(id), .. } if id == "apim-502"));
    assert_eq!(logged(&error), (format!("{page} (request id apim-502)"), Some("apim-502")));
    // The service's own header when the gateway's is missing, for any vendor.
    let service = answer(502, &[("x-ms-request-id", "ms-1")], html);
    assert_eq!(read_response::<Tencent>(&service).unwrap_err().request_id(), Some("ms-1"));
    // None without either header, and the message is what it was.
    let bare = read_response::<Alibaba>(&answer(502, &[], html)).unwrap_err();
    assert_eq!(logged(&bare), (page.to_owned(), None));
    assert_eq!(bare, ResponseError::new_status(502, html, None));
    // `parse_response` has no headers to read.
    assert_eq!(parse_response::<Azure>(502, html.as_bytes()).unwrap_err().request_id(), None);
    // A Tencent envelope with a gateway's status is a bare status that names its id.
    let envelope = r#"{"Response":{"Id":"a","RequestId":"tc-500"}}"#;
    let error = read_response::<Tencent>(&answer(500, &[("x-ms-request-id", "ms-1")], envelope)).unwrap_err();
    assert!(matches!(error, ResponseError::Status { status: 500, .. }), "{error:?}");
    assert_eq!(error.request_id(), Some("tc-500"));
}

#[test]
fn a_body_that_reads_like_a_request_id_is_quoted_apart_from_the_real_one() {
    let forged = "(request id forged-1)";
    let bare = read_response::<Azure>(&answer(502, &[], forged)).unwrap_err();
    assert_eq!(logged(&bare), (format!("HTTP status 502 without a service error body: {forged:?}"), None));
    let real = read_response::<Azure>(&answer(502, &[("apim-request-id", "apim-3")], forged)).unwrap_err();
    let shown = format!("HTTP status 502 without a service error body: {forged:?} (request id apim-3)");
    assert_eq!(logged(&real), (shown, Some("apim-3")));
    let malformed = read_response::<Azure>(&answer(200, &[], forged)).unwrap_err();
    assert!(malformed.to_string().ends_with(r#"; the body starts: "(request id forged-1)""#), "{malformed}");
}

#[test]
fn a_malformed_body_keeps_the_request_id_of_its_body_or_headers() {
    // A body that reads as JSON but lacks a field: its own `RequestId`, before any header.
    let header = [("x-ms-request-id", "ms-2")];
    let tencent = read_response::<Tencent>(&answer(200, &header, r#"{"Response":{"RequestId":"tc-2"}}"#));
    let tencent = tencent.unwrap_err();
    assert!(matches!(&tencent, ResponseError::Malformed { request_id: Some(id), .. } if id == "tc-2"), "{tencent:?}");
    let shown = tencent.to_string();
    assert!(
        shown.ends_with(r#"the body starts: "{\"Response\":{\"RequestId\":\"tc-2\"}}" (request id tc-2)"#),
        "{shown}"
    );
    let alibaba = read_response::<Alibaba>(&answer(200, &[], r#"{"RequestId":7}"#)).unwrap_err();
    assert_eq!(alibaba.request_id(), Some("7"));
    // A body cut short has no id to read: the headers', else none.
    let cut = r#"{"Response":{"RequestId":"tc-3","Id":"#;
    assert_eq!(read_response::<Tencent>(&answer(200, &header, cut)).unwrap_err().request_id(), Some("ms-2"));
    let cut = read_response::<Tencent>(&answer(200, &[], cut)).unwrap_err();
    assert!(matches!(&cut, ResponseError::Malformed { request_id: None, .. }), "{cut:?}");
    assert!(!cut.to_string().contains("request id"), "{cut}");
    let azure = read_response::<Azure>(&answer(200, &[("apim-request-id", "apim-2")], r#"{"Id":"#)).unwrap_err();
    assert_eq!(logged(&azure).1, Some("apim-2"));
    assert!(logged(&azure).0.ends_with(r#"the body starts: "{\"Id\":" (request id apim-2)"#), "{azure}");
    // `parse_response` reads the body once, for the response alone.
    let missing = parse_response::<Tencent>(200, br#"{"Response":{"RequestId":"tc-2"}}"#).unwrap_err();
    assert_eq!(missing.request_id(), None);
}

#[test]
fn request_id_reads_every_variant_and_with_request_id_sets_it() {
    // A vendor error's, from its body or the header, through the same accessor.
    let body = r#"{"Response":{"Error":{"Code":"Bad.Input","Message":"no"},"RequestId":"tc-4"}}"#;
    let vendor = read_response::<Tencent>(&answer(200, &[], body)).unwrap_err();
    assert_eq!(logged(&vendor), ("Bad.Input: no (request id tc-4)".to_owned(), Some("tc-4")));
    let azure = answer(400, &[("apim-request-id", "apim-4")], r#"{"error":{"code":"Bad.Input","message":"no"}}"#);
    assert_eq!(read_response::<Azure>(&azure).unwrap_err().request_id(), Some("apim-4"));
    // The constructors hold none; the setter adds one to whichever variant it is.
    let status = ResponseError::<Code>::new_status(503, "busy", None);
    let malformed = ResponseError::<Code>::new_malformed(200, "EOF while parsing", "{");
    let service = ResponseError::from(ServiceError::<Code>::new("Bad.Input", "no", None, 400));
    for error in [status, malformed, service] {
        assert_eq!(error.request_id(), None, "{error:?}");
        let shown = error.to_string();
        let with = error.clone().with_request_id(Some("r-9".into()));
        assert_eq!(logged(&with), (format!("{shown} (request id r-9)"), Some("r-9")));
        assert_eq!(with.clone().erase().request_id(), Some("r-9"), "erase keeps it");
        assert!(format!("{with:?}").contains(r#""r-9""#), "{with:?}");
        assert_eq!(with.with_request_id(None), error, "None takes it away again");
    }
    // The id comes from the network: a line break in it would forge a log line.
    let forged = ResponseError::<Code>::new_status(502, "", None).with_request_id(Some("r\n2024 INFO ok".into()));
    assert_eq!(forged.to_string(), "HTTP status 502 without a service error body (request id r\u{fffd}2024 INFO ok)");
}
