//! The generated crate used the way an application uses it, so that losing a trait, a
//! conversion or a readable message breaks a test rather than a downstream build.
//!
//! Each test is one thing an application does with the API: name the traits it relies on,
//! build and check a request of each action, build its HTTP request for each vendor, read the
//! pages' example responses, keep errors of several actions in one collection, key maps by
//! error codes and documented values, and share a client across threads.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::error::Error;
use std::fmt::{Debug, Display};
use std::hash::Hash;
use std::str::FromStr;
use std::time::Duration;

use cloudbind::alibaba::mts::v20140618::{
    RegisterCustomFace, RegisterCustomFaceErrorCode, RegisterCustomFaceRequest, RegisterCustomFaceResponse,
};
use cloudbind::azure::face::v1_0::{
    PersonGroupPersonAddFace, PersonGroupPersonAddFaceDetectionModel, PersonGroupPersonAddFaceErrorCode,
    PersonGroupPersonAddFaceRequest, PersonGroupPersonAddFaceResponse,
};
use cloudbind::prelude::*;
use cloudbind::runtime::http::{Request, Response};
use cloudbind::runtime::{
    build_request, parse_response, read_response, AnyErrorCode, AppName, BuildError, Client, ClientError, Config,
    Credentials, EnvError, Invalid, InvalidAppName, OpenEnum, ResponseError, Retry, RetryPolicy, ServiceError,
    UnknownValue, Validated, ValidationError, Violation,
};
use cloudbind::tencent::facefusion::v20181201::{
    FaceFusion, FaceFusionErrorCode, FaceFusionRequest, FaceFusionResponse, FaceFusionRspImgType, FuseParam,
    ImageCodecParam, MetaData, ReviewSuggestion,
};
use cloudbind::tencent::iai::v20180301::{
    CreateFace, CreateFaceErrorCode, CreateFaceRequest, CreateFaceResponse, CreateFaceRetCode, FaceRect,
};
use cloudbind::tencent::ivld::v20210903::{
    CreateCustomPerson, CreateCustomPersonErrorCode, CreateCustomPersonRequest, CreateCustomPersonResponse,
    PersonImageInfo, PersonImageStatus,
};
use cloudbind::tencent::CommonErrorCode;
use cloudbind_tests::{base64, png, seed_body, seed_responses};

// ---------------------------------------------------------------------------------------------
// Traits, checked at compile time
// ---------------------------------------------------------------------------------------------

/// What every public value type offers: it can be printed, copied and moved to another thread.
fn assert_value<T: Debug + Clone + Send + Sync + 'static>() {}
/// What requests, responses and models offer besides: comparison in tests, `..Default::default()`.
fn assert_message<T: Debug + Clone + PartialEq + Default + Send + Sync + 'static>() {}
/// What requests offer: the wire form, and reading it back with `full-serde` (replaying traffic).
fn assert_request<T: serde::Serialize + serde::de::DeserializeOwned + Validate + ActionRequest>() {}
/// What responses and models offer: the wire form both ways with `full-serde` (logging, fixtures).
fn assert_wire<T: serde::Serialize + serde::de::DeserializeOwned>() {}
/// What an error code offers: a map or set key, printed as the wire code and parsed back,
/// and the wire code as `&str` (a metrics label), as the vendor's common codes give it.
fn assert_error_code<T>()
where
    T: ErrorCode + Eq + Hash + Display + FromStr<Err = std::convert::Infallible> + AsRef<str>,
{
}
/// What a fieldless enum of documented values offers: a cheap copyable key, and the wire
/// text both ways (`Display` and `FromStr`, `AsRef<str>` for APIs that take text).
fn assert_value_enum<T>()
where
    T: TextEnum + Debug + Copy + Eq + Hash + Display + AsRef<str> + FromStr<Err = UnknownValue> + Send + Sync,
{
}
/// What an error offers: `?` into `Box<dyn Error + Send + Sync>`.
fn assert_error<T: Error + Send + Sync + 'static>() {}

#[test]
fn public_types_have_the_traits_applications_rely_on() {
    assert_message::<CreateFaceRequest>();
    assert_message::<CreateFaceResponse>();
    assert_message::<FaceRect>();
    assert_message::<FaceFusionRequest>();
    assert_message::<FaceFusionResponse>();
    assert_message::<FuseParam>();
    assert_message::<ImageCodecParam>();
    assert_message::<MetaData>();
    assert_message::<CreateCustomPersonRequest>();
    assert_message::<CreateCustomPersonResponse>();
    assert_message::<PersonImageInfo>();
    assert_message::<RegisterCustomFaceRequest>();
    assert_message::<RegisterCustomFaceResponse>();
    assert_message::<PersonGroupPersonAddFaceRequest>();
    assert_message::<PersonGroupPersonAddFaceResponse>();

    assert_request::<CreateFaceRequest>();
    assert_request::<FaceFusionRequest>();
    assert_request::<CreateCustomPersonRequest>();
    assert_request::<RegisterCustomFaceRequest>();
    assert_request::<PersonGroupPersonAddFaceRequest>();
    assert_wire::<CreateFaceResponse>();
    assert_wire::<FaceFusionResponse>();
    assert_wire::<CreateCustomPersonResponse>();
    assert_wire::<RegisterCustomFaceResponse>();
    assert_wire::<PersonGroupPersonAddFaceResponse>();
    assert_wire::<FaceRect>();
    assert_wire::<MetaData>();
    assert_wire::<PersonImageInfo>();

    assert_error_code::<CreateFaceErrorCode>();
    assert_error_code::<FaceFusionErrorCode>();
    assert_error_code::<CreateCustomPersonErrorCode>();
    assert_error_code::<RegisterCustomFaceErrorCode>();
    assert_error_code::<PersonGroupPersonAddFaceErrorCode>();
    assert_error_code::<AnyErrorCode>();

    assert_value_enum::<FaceFusionRspImgType>();
    assert_value_enum::<ReviewSuggestion>();
    assert_value_enum::<PersonGroupPersonAddFaceDetectionModel>();

    // The vendor's common codes and the per-item result codes: keys too, printed as on the wire.
    fn assert_key<T: Debug + Copy + Eq + Hash + Display + Send + Sync + 'static>() {}
    assert_key::<CommonErrorCode>();
    assert_key::<CreateFaceRetCode>();
    fn assert_status<T: Debug + Clone + Eq + Hash + Display + Send + Sync + 'static>() {}
    assert_status::<PersonImageStatus>();
    assert_value::<OpenEnum<FaceFusionRspImgType>>();

    // Marker types name an action in generic code and can be stored or compared.
    fn assert_marker<A: Action + Debug + Copy + Eq + Hash + Default>() {}
    assert_marker::<CreateFace>();
    assert_marker::<FaceFusion>();
    assert_marker::<CreateCustomPerson>();
    assert_marker::<RegisterCustomFace>();
    assert_marker::<PersonGroupPersonAddFace>();

    assert_error::<ServiceError<CreateFaceErrorCode>>();
    assert_error::<ResponseError<FaceFusionErrorCode>>();
    assert_error::<ClientError<AnyErrorCode>>();
    assert_error::<ValidationError>();
    assert_error::<Invalid<CreateFaceRequest>>();
    assert_error::<BuildError>();
    assert_error::<UnknownValue>();
    fn assert_comparable_error<T: Clone + PartialEq + Eq + Hash>() {}
    assert_comparable_error::<ServiceError<AnyErrorCode>>();

    // The client's app name: printed in a start-up line, parsed from configuration, a key.
    fn assert_name<T: Debug + Clone + Eq + Hash + Display + AsRef<str> + FromStr + Send + Sync + 'static>() {}
    assert_name::<AppName>();
    assert_error::<InvalidAppName>();
    assert_error::<EnvError>();

    assert_value::<Config>();
    assert_value::<Client>();
    assert_value::<Credentials>();
    assert_value::<RetryPolicy>();
    assert_value::<Validated<CreateFaceRequest>>();
    // The result of `validated()`, kept (a queue of rejected requests) and compared in tests.
    fn assert_kept<T: Clone + PartialEq + Debug>() {}
    assert_kept::<Result<Validated<CreateFaceRequest>, Invalid<CreateFaceRequest>>>();
}

// ---------------------------------------------------------------------------------------------
// Requests of each action, checked and built for each vendor
// ---------------------------------------------------------------------------------------------

const SECRET: &str = "downstream-secret-EXAMPLE";
const AZURE_KEY: &str = "0123456789abcdef0123456789abcdef";

fn config() -> Config {
    Config::new(Credentials::new("AKIDdownstreamEXAMPLE", SECRET)).with_clock(|| 1_700_000_000)
}

/// The built request's headers as `Debug` prints them, which must not show `secret`.
fn assert_headers_hide(request: &Request<Vec<u8>>, secret: &str) {
    let headers = format!("{:?}", request.headers());
    assert!(!headers.contains(secret), "{headers}");
    assert!(!format!("{:?}", request.uri()).contains(secret));
}

#[test]
fn each_action_builds_a_signed_request_from_its_required_parameters() {
    let iai =
        CreateFaceRequest { urls: Some(vec!["https://example.com/a.jpg".into()]), ..CreateFaceRequest::new("1001") }
            .validated()
            .expect("valid");
    let built = build_request(&iai, &config()).expect("built");
    assert_eq!(built.method(), "POST");
    assert_eq!(built.headers()["X-TC-Action"], "CreateFace");
    assert_headers_hide(&built, SECRET);

    let fusion = FaceFusionRequest {
        url: Some("https://example.com/face.jpg".into()),
        fuse_param: Some(FuseParam {
            image_codec_param: Some(ImageCodecParam { meta_data: Some(vec![MetaData::new("app", "demo")]) }),
        }),
        ..FaceFusionRequest::new("project", "model", FaceFusionRspImgType::Url)
    };
    let fusion = fusion.validated().expect("valid");
    // The service takes a region; without one the build names what is missing.
    assert_eq!(build_request(&fusion, &config()).unwrap_err(), BuildError::MissingRegion);
    let built = build_request(&fusion, &config().with_region("ap-guangzhou")).expect("built");
    assert_eq!(built.headers()["X-TC-Region"], "ap-guangzhou");

    let ivld = CreateCustomPersonRequest {
        image_url: Some("https://example.com/p.jpg".into()),
        ..CreateCustomPersonRequest::new("Ada", "engineer", "category-1")
    };
    let built = build_request(&ivld.validated().expect("valid"), &config().with_region("ap-guangzhou")).expect("built");
    assert_eq!(built.headers()["X-TC-Action"], "CreateCustomPerson");

    let mts = RegisterCustomFaceRequest::new("category-1", "person-1", "https://example.com/p.jpg");
    let built = build_request(&mts.validated().expect("valid"), &config().with_region("cn-shanghai")).expect("built");
    assert_eq!(built.uri().host(), Some("mts.cn-shanghai.aliyuncs.com"));
    assert_eq!(built.headers()["x-acs-action"], "RegisterCustomFace");
    assert!(built.uri().query().is_some_and(|query| query.contains("PersonId=person-1")), "{}", built.uri());
    assert_headers_hide(&built, SECRET);

    // The service takes at least 1 KB; the decoder reads only the header.
    let mut image = png(64, 64);
    image.resize(1024, 0);
    let azure = PersonGroupPersonAddFaceRequest {
        image: Some(image),
        detection_model: Some(PersonGroupPersonAddFaceDetectionModel::Detection03.into()),
        ..PersonGroupPersonAddFaceRequest::new("group-1", "25985303-c537-4467-b41d-bdb45cd95ca1")
    };
    let azure_config = Config::new(Credentials::subscription_key(AZURE_KEY))
        .with_endpoint("https://example.cognitiveservices.azure.com");
    let built = build_request(&azure.validated().expect("valid"), &azure_config).expect("built");
    assert_eq!(built.headers()["Content-Type"], "application/octet-stream");
    assert!(built.uri().path().starts_with("/face/v1.0/persongroups/group-1/persons/"), "{}", built.uri());
    assert_headers_hide(&built, AZURE_KEY);
}

#[test]
fn an_invalid_request_comes_back_with_every_violation_and_can_be_fixed() {
    let urls = vec!["https://example.com/marker.jpg".to_owned(); 5];
    let request =
        CreateFaceRequest { urls: Some(urls), face_match_threshold: Some(101.0), ..CreateFaceRequest::new("") };
    let invalid = request.validated().expect_err("three limits broken");
    let paths: HashSet<&str> = invalid.error.violations.iter().map(|v| v.path.as_str()).collect();
    assert_eq!(paths, HashSet::from(["PersonId", "Urls", "FaceMatchThreshold"]), "{invalid}");
    // The message names each field, and `Debug` leaves the request out.
    let text = invalid.to_string();
    assert!(paths.iter().all(|path| text.contains(path)), "{text}");
    assert!(!format!("{invalid:?}").contains("marker"));
    let mut request = invalid.value;
    request.person_id = "1001".into();
    request.urls = Some(vec!["https://example.com/a.jpg".into()]);
    request.face_match_threshold = None;
    assert!(request.validated().is_ok());

    // `?` turns the failure into a boxed error that downcasts back to the request.
    fn check(request: CreateFaceRequest) -> Result<Validated<CreateFaceRequest>, Box<dyn Error + Send + Sync>> {
        Ok(request.validated()?)
    }
    let boxed = check(CreateFaceRequest::new("1001")).expect_err("no image");
    assert!(boxed.downcast_ref::<Invalid<CreateFaceRequest>>().is_some());
}

#[test]
fn a_validated_request_is_logged_as_the_request_it_holds() {
    // What was sent, kept as JSON (a log line, an outbox, a replay file): the validated
    // request itself, not a wrapper around it.
    let request =
        CreateFaceRequest { urls: Some(vec!["https://example.com/a.jpg".into()]), ..CreateFaceRequest::new("1001") }
            .validated()
            .expect("valid");
    let sent: Vec<Validated<CreateFaceRequest>> = vec![request.clone()];
    let logged = serde_json::to_value(&sent).expect("serializes");
    assert_eq!(logged, serde_json::json!([{"PersonId": "1001", "Urls": ["https://example.com/a.jpg"]}]));
    assert_eq!(logged[0], serde_json::to_value(&*request).expect("serializes"));
}

#[test]
fn debug_of_large_requests_and_responses_stays_short() {
    let image = base64(&vec![0u8; 4 * 1024 * 1024]);
    let request = CreateFaceRequest { images: Some(vec![image.clone(); 4]), ..CreateFaceRequest::new("1001") };
    assert!(format!("{request:?}").len() < 2_000);
    let fusion = FaceFusionRequest { image: Some(image.clone()), ..FaceFusionRequest::new("p", "m", "base64") };
    assert!(format!("{fusion:?}").len() < 2_000);
    let response = FaceFusionResponse { image: Some(image), request_id: "r".into(), ..Default::default() };
    assert!(format!("{response:?}").len() < 2_000);
    let azure = PersonGroupPersonAddFaceRequest { image: Some(vec![7; 6 << 20]), ..Default::default() };
    assert!(format!("{azure:?}").len() < 2_000);
    let page = ResponseError::<AnyErrorCode>::new_status(502, vec![b'x'; 1 << 20], None);
    assert!(format!("{page:?}").len() < 2_000);
    assert!(page.to_string().len() < 200, "{page}");
    // Configs and clients are logged; the secret never is.
    let client = Client::new(config());
    assert!(!format!("{client:?}").contains(SECRET));
}

// ---------------------------------------------------------------------------------------------
// Documented values
// ---------------------------------------------------------------------------------------------

#[test]
fn documented_values_round_trip_through_their_wire_text() {
    for value in [FaceFusionRspImgType::Url, FaceFusionRspImgType::Base64] {
        assert_eq!(value.to_string().parse::<FaceFusionRspImgType>(), Ok(value));
        assert_eq!(value.as_ref(), value.as_str());
    }
    for (value, text) in <ReviewSuggestion as TextEnum>::VALUES {
        assert_eq!(text.parse::<ReviewSuggestion>(), Ok(*value));
        assert_eq!(value.to_string(), *text);
    }
    // Case matters, as on the wire; the error names the text and what was expected.
    let error = "URL".parse::<FaceFusionRspImgType>().expect_err("case matters");
    let message = error.to_string();
    assert!(message.contains("\"URL\"") && message.contains("url") && message.contains("base64"), "{message}");
    assert_eq!(error.value(), "URL");

    // A set of the values a response carried, and a field compared with a value.
    let seen: HashSet<ReviewSuggestion> = [ReviewSuggestion::Pass, ReviewSuggestion::Pass].into();
    assert_eq!(seen.len(), 1);
    let open: OpenEnum<FaceFusionRspImgType> = "base64".into();
    assert_eq!(open, FaceFusionRspImgType::Base64);
    assert_eq!(open.known(), Some(FaceFusionRspImgType::Base64));
    let by_text: BTreeMap<OpenEnum<ReviewSuggestion>, u32> = [("BLOCK".into(), 1), ("PASS".into(), 2)].into();
    assert_eq!(by_text.keys().map(OpenEnum::as_str).collect::<Vec<_>>(), ["BLOCK", "PASS"]);
}

#[test]
fn common_codes_and_result_codes_print_and_parse_as_on_the_wire() {
    let code: CommonErrorCode = "RequestLimitExceeded".parse().expect("documented");
    assert_eq!(code, CommonErrorCode::RequestLimitExceeded);
    assert_eq!(code.to_string(), "RequestLimitExceeded");
    assert_eq!(code.as_ref(), "RequestLimitExceeded");
    assert_eq!(code.retry(), Retry::Throttling);
    let error = "NoSuchCode".parse::<CommonErrorCode>().expect_err("undocumented");
    assert!(error.to_string().contains("NoSuchCode"), "{error}");
    // An action's codes give their wire code as `&str` too, whichever variant holds it.
    for wire in ["InvalidParameterValue.PersonIdNotExist", "RequestLimitExceeded", "Weird.New"] {
        let code: CreateFaceErrorCode = wire.parse().expect("never fails");
        assert_eq!(code.as_ref(), wire);
    }
    assert_eq!(PersonGroupPersonAddFaceErrorCode::RateLimitExceeded.as_ref(), "429");

    assert_eq!(CreateFaceRetCode::NoFace.to_string(), "-1101");
    assert_eq!(CreateFaceRetCode::from_code(-7).to_string(), "-7");
    assert_eq!(PersonImageStatus::Ok.to_string(), "OK");
    assert_eq!(PersonImageStatus::from_code("Busy").to_string(), "Busy");
}

// ---------------------------------------------------------------------------------------------
// Responses: the pages' examples, read as an application reads them
// ---------------------------------------------------------------------------------------------

/// An HTTP response with `status` and the example body, as an HTTP client hands it over.
fn http_response(status: u16, body: &str) -> Response<Vec<u8>> {
    Response::builder().status(status).body(body.as_bytes().to_vec()).expect("response")
}

#[test]
fn seed_success_examples_read_into_responses_that_compare_equal() {
    let ivld = read_response::<CreateCustomPerson>(&http_response(200, &seed_body("CreateCustomPerson", 0)));
    assert_eq!(ivld, Ok(seed_responses::create_custom_person()));
    let fusion = read_response::<FaceFusion>(&http_response(200, &seed_body("FaceFusion", 1)));
    assert_eq!(fusion, Ok(seed_responses::face_fusion()));
    let mts = read_response::<RegisterCustomFace>(&http_response(200, &seed_body("RegisterCustomFace", 0)));
    assert_eq!(mts, Ok(seed_responses::register_custom_face()));

    let iai = read_response::<CreateFace>(&http_response(200, &seed_body("CreateFace", 1))).expect("success");
    let results: Vec<CreateFaceRetCode> = iai.ret_code_results().collect();
    assert!(!results.is_empty());
    assert!(results.iter().all(CreateFaceRetCode::is_success), "{results:?}");
    // Responses can be kept, cloned and compared, and logged in their wire form.
    let json = serde_json::to_value(&iai).expect("serialize");
    assert_eq!(serde_json::from_value::<CreateFaceResponse>(json).expect("read back"), iai);

    let azure =
        read_response::<PersonGroupPersonAddFace>(&http_response(200, &seed_body("PersonGroupPersonAddFace", 0)))
            .expect("success");
    assert!(!azure.persisted_face_id.is_empty());
}

#[test]
fn generic_code_logs_keeps_and_compares_any_action_s_values_without_bounds_of_its_own() {
    /// A replay check: reads a recorded response twice, logs the request and both readings,
    /// and keeps the request for a retry queue. Only `A: Action` is required.
    fn replay<A: Action>(request: &A::Request, body: &[u8], queue: &mut Vec<String>) -> bool {
        let first = parse_response::<A>(200, body).ok();
        let again = parse_response::<A>(200, body).ok();
        let kept = request.clone();
        queue.push(format!("{}: {kept:?} -> {first:?}", A::NAME));
        kept == *request && first == again && first.is_some()
    }
    let mut queue = Vec::new();
    let request = CreateCustomPersonRequest::new("张三", "一线娱乐明星", "123");
    assert!(replay::<CreateCustomPerson>(&request, seed_body("CreateCustomPerson", 0).as_bytes(), &mut queue));
    let body = seed_body("PersonGroupPersonAddFace", 0);
    let request = PersonGroupPersonAddFaceRequest::new("group-1", "25985303-c537-4467-b41d-bdb45cd95ca1");
    assert!(replay::<PersonGroupPersonAddFace>(&request, body.as_bytes(), &mut queue));
    assert!(queue[0].starts_with("CreateCustomPerson: CreateCustomPersonRequest { name: \"张三\""), "{}", queue[0]);
}

#[test]
fn generic_code_counts_and_prints_any_action_s_error_codes_without_bounds_of_its_own() {
    /// How often each code came back, printed as on the wire: only `A: Action` is required
    /// (the codes are map keys, and `{}` prints them).
    fn tally<A: Action>(answers: &[(u16, &str)]) -> Vec<String> {
        let mut counts: HashMap<A::ErrorCode, usize> = HashMap::new();
        for (status, body) in answers {
            if let Err(ResponseError::Service(error)) = parse_response::<A>(*status, body.as_bytes()) {
                *counts.entry(error.code).or_default() += 1;
            }
        }
        let mut shown: Vec<String> = counts.iter().map(|(code, n)| format!("{code} ×{n}")).collect();
        shown.sort();
        shown
    }
    // The page's error examples: two of them are `BadArgument`.
    let answers: Vec<(u16, &str)> = cloudbind_tests::seed_bodies::azure_error_examples()
        .into_iter()
        .map(|(status, body, ..)| (status, body))
        .collect();
    let shown = tally::<PersonGroupPersonAddFace>(&answers);
    let expected = [
        "429 ×1",
        "BadArgument ×2",
        "OperationTimeOut ×1",
        "PersonGroupTrainingNotFinished ×1",
        "QuotaExceeded ×1",
        "Unspecified ×1",
    ];
    assert_eq!(shown, expected);
}

/// A callback defined once, outside any function, that gets what it fills as an argument:
/// `for_each_action!(callback, args...)` passes them before each action's path.
macro_rules! register_name {
    ($names:expr, $prefix:literal, $action:path) => {
        $names.push(format!("{}{}", $prefix, <$action as Action>::NAME));
    };
}

#[test]
fn for_each_action_passes_the_callers_arguments_before_each_action() {
    let mut names: Vec<String> = Vec::new();
    cloudbind::for_each_action!(register_name, names, "action:");
    assert!(names.contains(&"action:CreateFace".to_owned()), "{names:?}");
    let mut plain = Vec::new();
    macro_rules! push_name {
        ($action:path) => {
            plain.push(format!("action:{}", <$action as Action>::NAME));
        };
    }
    // The trailing comma of a lone callback is allowed, as in any macro call.
    cloudbind::for_each_action!(push_name,);
    assert_eq!(names, plain);
}

#[test]
fn for_each_action_fills_a_table_of_readers_by_action_name() {
    // A proxy or a replay tool reads the responses of any action, picked by name at run time.
    type Reader = fn(&Response<Vec<u8>>) -> Result<(), ResponseError<AnyErrorCode>>;
    fn reader<A: Action>(response: &Response<Vec<u8>>) -> Result<(), ResponseError<AnyErrorCode>> {
        read_response::<A>(response).map(drop).map_err(ResponseError::erase)
    }
    let mut order = Vec::new();
    let mut readers: HashMap<&str, Reader> = HashMap::new();
    macro_rules! add_reader {
        ($action:path) => {
            let name = <$action as Action>::NAME;
            order.push(format!("{}/{name}", <$action as Action>::SERVICE.service));
            readers.insert(name, reader::<$action>);
        };
    }
    cloudbind::for_each_action!(add_reader);
    // The feature table's order (vendor, service, version), then the actions' files. Only the
    // seeds are named, so adding an action breaks nothing here (tests/boundaries.rs checks
    // that the macro lists exactly the specs' actions): a new one must keep its service's
    // actions together and in file order.
    let seeds = [
        "mts/RegisterCustomFace",
        "face/PersonGroupPersonAddFace",
        "facefusion/FaceFusion",
        "iai/CreateFace",
        "ivld/CreateCustomPerson",
    ];
    let seen: Vec<&str> = order.iter().map(String::as_str).filter(|action| seeds.contains(action)).collect();
    assert_eq!(seen, seeds, "{order:?}");
    let service = |action: &str| action.split_once('/').map_or(String::new(), |(service, _)| service.to_owned());
    for (i, pair) in order.windows(2).enumerate() {
        if service(&pair[0]) == service(&pair[1]) {
            assert!(pair[0] < pair[1], "{order:?}: actions of one service in file order");
        } else {
            assert!(!order[..i].iter().any(|a| service(a) == service(&pair[1])), "{order:?}: services apart");
        }
    }
    // The pages' success examples (the first example of CreateFace and FaceFusion is an error).
    let successes = [
        ("CreateCustomPerson", 0),
        ("CreateFace", 1),
        ("FaceFusion", 1),
        ("RegisterCustomFace", 0),
        ("PersonGroupPersonAddFace", 0),
    ];
    for (name, example) in successes {
        assert_eq!(readers[name](&http_response(200, &seed_body(name, example))), Ok(()), "{name}");
    }
    let error = readers["CreateFace"](&http_response(
        200,
        r#"{"Response": {"Error": {"Code": "InternalError", "Message": "m"}, "RequestId": "r"}}"#,
    ));
    assert!(matches!(error, Err(ResponseError::Service(ref e)) if e.code.code() == "InternalError"), "{error:?}");
}

/// Every error of the five actions, as an application keeps them: one erased type.
fn seed_errors() -> Vec<ResponseError<AnyErrorCode>> {
    let mut errors = Vec::new();
    let iai = read_response::<CreateFace>(&http_response(200, &seed_body("CreateFace", 0)));
    match iai {
        Err(ResponseError::Service(ref error)) => {
            assert_eq!(error.code, CreateFaceErrorCode::InvalidParameterValueUploadFaceNumExceed);
        }
        ref other => panic!("expected the documented error, got {other:?}"),
    }
    errors.push(iai.expect_err("error").erase());
    let fusion = read_response::<FaceFusion>(&http_response(200, &seed_body("FaceFusion", 0)));
    errors.push(fusion.expect_err("error").erase());
    let azure =
        read_response::<PersonGroupPersonAddFace>(&http_response(400, &seed_body("PersonGroupPersonAddFace", 1)));
    errors.push(azure.expect_err("error").erase());
    errors
}

#[test]
fn errors_of_different_actions_share_one_collection_and_key_maps() {
    let errors = seed_errors();
    assert_eq!(errors.len(), 3);
    let mut by_code: HashMap<AnyErrorCode, usize> = HashMap::new();
    for error in &errors {
        let service = error.service_error().expect("each example is the vendor's error");
        // The message an application logs has the code, the vendor's message and the id.
        let text = error.to_string();
        assert!(text.starts_with(service.code.code()), "{text}");
        assert!(text.contains(service.message.as_str()), "{text}");
        *by_code.entry(service.code.clone()).or_default() += 1;
    }
    assert_eq!(by_code.len(), 3, "{by_code:?}");
    assert_eq!(by_code.get(&AnyErrorCode::from_code("InvalidParameterValue.UploadFaceNumExceed")), Some(&1));

    // Typed codes of one action key a map too, as a handler table would.
    let mut handlers: HashMap<CreateFaceErrorCode, &str> = HashMap::new();
    handlers.insert(CreateFaceErrorCode::InvalidParameterValueUploadFaceNumExceed, "split the batch");
    handlers.insert(CreateFaceErrorCode::Common(CommonErrorCode::RequestLimitExceeded), "slow down");
    let code: CreateFaceErrorCode = "RequestLimitExceeded".parse().unwrap_or_else(|never| match never {});
    assert_eq!(handlers.get(&code), Some(&"slow down"));
    assert_eq!(code.common(), Some(CommonErrorCode::RequestLimitExceeded));

    // Boxed, as `?` in an application's `main` keeps them, and found again by downcasting.
    let boxed: Vec<Box<dyn Error + Send + Sync>> = errors.into_iter().map(|error| error.into()).collect();
    for error in &boxed {
        let back = error.downcast_ref::<ResponseError<AnyErrorCode>>().expect("downcast");
        assert!(back.service_error().is_some());
    }
}

#[test]
fn client_errors_of_different_actions_share_one_type() {
    let too_many = ServiceError::new_typed(
        CreateFaceErrorCode::InvalidParameterValueUploadFaceNumExceed,
        "too many faces",
        Some("r-1".into()),
        200,
    );
    let iai: ClientError<CreateFaceErrorCode> = ResponseError::from(too_many.clone()).into();
    let azure: ClientError<PersonGroupPersonAddFaceErrorCode> = BuildError::MissingRegion.into();
    let mts: ClientError<RegisterCustomFaceErrorCode> = ResponseError::new_status(503, "busy", None).into();
    let all: Vec<ClientError<AnyErrorCode>> = vec![iai.erase(), azure.erase(), mts.erase()];
    assert_eq!(all[0].service_error(), Some(&too_many.erase()));
    assert_eq!(all[0].to_string(), "InvalidParameterValue.UploadFaceNumExceed: too many faces (request id r-1)");
    assert_eq!(all.iter().map(ClientError::retry).collect::<Vec<_>>(), [Retry::Never, Retry::Never, Retry::Transient]);
}

/// Clippy's `result_large_err`, on by default, warns on every function returning a `Result`
/// whose error is over 128 bytes: the README's "one error type for an application" must not
/// make every such function in an application warn.
#[test]
fn erased_errors_are_small_enough_to_return_without_a_clippy_warning() {
    use std::mem::size_of;
    // Clippy's `result_large_err` warns from 128 bytes on.
    assert!(size_of::<ServiceError<AnyErrorCode>>() < 128, "{}", size_of::<ServiceError<AnyErrorCode>>());
    assert!(size_of::<ResponseError<AnyErrorCode>>() < 128, "{}", size_of::<ResponseError<AnyErrorCode>>());
    assert!(size_of::<ClientError<AnyErrorCode>>() < 128, "{}", size_of::<ClientError<AnyErrorCode>>());
    assert!(size_of::<ClientError<CreateFaceErrorCode>>() < 128);
}

// ---------------------------------------------------------------------------------------------
// Threads
// ---------------------------------------------------------------------------------------------

#[test]
fn a_client_and_validated_requests_move_to_other_threads() {
    // Nothing listens on port 1, so each call fails at once with a transport error.
    let client = Client::new(config().with_region("ap-guangzhou").with_endpoint("http://127.0.0.1:1"))
        .with_timeout(Some(Duration::from_secs(5)));
    let request = CreateCustomPersonRequest {
        image_url: Some("https://example.com/p.jpg".into()),
        ..CreateCustomPersonRequest::new("Ada", "engineer", "category-1")
    }
    .validated()
    .expect("valid");
    let workers: Vec<_> = (0..2)
        .map(|_| {
            let (client, request) = (client.clone(), request.clone());
            std::thread::spawn(move || client.send(&request).map_err(ClientError::erase))
        })
        .collect();
    for worker in workers {
        match worker.join().expect("no panic") {
            Err(ClientError::Transport(error)) => assert!(!error.to_string().is_empty()),
            other => panic!("expected a transport error, got {other:?}"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// The services' usage examples
// ---------------------------------------------------------------------------------------------

/// The text of one Rust value in a usage example, as JSON: a string literal, a number,
/// `false`, an empty list, `Some(..)` of a `"..".into()` or a `vec![..]` of them. `None` for
/// `Default::default()`, which leaves the field out.
fn example_value(text: &str) -> Option<serde_json::Value> {
    let text = text.trim();
    if let Some(inner) = text.strip_prefix("Some(").and_then(|rest| rest.strip_suffix(')')) {
        return example_value(inner);
    }
    if let Some(items) = text.strip_prefix("vec![").and_then(|rest| rest.strip_suffix(']')) {
        return Some(serde_json::Value::Array(example_values(items).into_iter().flatten().collect()));
    }
    match text.strip_suffix(".into()").unwrap_or(text) {
        "::std::vec![]" => Some(serde_json::json!([])),
        "::core::default::Default::default()" => None,
        // String literals (the seeds' examples need no escapes JSON lacks) and numbers.
        literal => Some(serde_json::from_str(literal).unwrap_or_else(|e| panic!("{literal}: {e}"))),
    }
}

/// The comma-separated values of `text`, split outside string literals and brackets.
fn example_values(text: &str) -> Vec<Option<serde_json::Value>> {
    let (mut parts, mut depth, mut quoted, mut escaped, mut start) = (Vec::new(), 0, false, false, 0);
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            '(' | '[' if !quoted => depth += 1,
            ')' | ']' if !quoted => depth -= 1,
            ',' if !quoted && depth == 0 => {
                parts.push(&text[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts.into_iter().filter(|part| !part.trim().is_empty()).map(example_value).collect()
}

/// Each service's docs show a usage example on its first action (build, validate, sign,
/// read). Its request, read back from the rendered docs, must pass validation but for the
/// stand-ins (`<personId>`) it uses where the spec has no example: a request that can never
/// pass, as one missing both `Images` and `Urls` would, sends a reader who copies it straight
/// into its own "fix and check again" branch.
#[test]
fn each_service_usage_example_builds_a_request_that_passes_validation() {
    type Check = fn(serde_json::Value) -> Result<(), ValidationError>;
    fn check<A: Action>(json: serde_json::Value) -> Result<(), ValidationError>
    where
        A::Request: serde::de::DeserializeOwned,
    {
        serde_json::from_value::<A::Request>(json).expect("the example's request as JSON").validate()
    }
    let mut checks: HashMap<&str, Check> = HashMap::new();
    macro_rules! add_check {
        ($action:path) => {
            checks.insert(<$action as Action>::NAME, check::<$action>);
        };
    }
    cloudbind::for_each_action!(add_check);

    let ir = cloudbind_gen::load_ir(&cloudbind_tests::workspace_root()).expect("the specs load");
    let mut checked = 0;
    for service in ir.vendors.iter().flat_map(|vendor| &vendor.services) {
        let Some(action) = service.actions.first() else { continue };
        let file = ["generated/src", &service.vendor_module, &service.module, &service.version_module, "mod.rs"]
            .join("/")
            .replace("r#", "");
        let source = std::fs::read_to_string(cloudbind_tests::workspace_root().join(&file)).expect("read mod.rs");
        let docs: String =
            source.lines().filter_map(|line| line.strip_prefix("//! ")).map(|line| format!("{line}\n")).collect();
        let start = docs.find("let request = ").unwrap_or_else(|| panic!("{file}: no usage example"));
        let end = start + docs[start..].find(".validated()").expect("validated()");
        let code = &docs[start..end];
        let new = format!("{}::new(", action.request_type);
        let args_start = code.find(&new).unwrap_or_else(|| panic!("{file}: no `new` in {code}")) + new.len();
        let args_end = args_start + code[args_start..].find(")\n").or_else(|| code[args_start..].rfind(')')).unwrap();
        let required = action.request.iter().filter(|field| field.required);
        let mut json = serde_json::Map::new();
        for (field, value) in required.zip(example_values(&code[args_start..args_end])) {
            json.extend(value.map(|value| (field.wire_name.clone(), value)));
        }
        // Optional fields set around `new`: `rust_name: Some(value),` lines.
        for line in code.lines().filter(|line| !line.trim_start().starts_with("//")) {
            let Some((name, value)) = line.trim().strip_suffix(',').and_then(|line| line.split_once(": ")) else {
                continue;
            };
            let field = action.request.iter().find(|f| f.rust_name == name).expect("a field of the request");
            json.extend(example_value(value).map(|value| (field.wire_name.clone(), value)));
        }
        let result = checks[action.name.as_str()](serde_json::Value::Object(json.clone()));
        let violations = result.err().map(|error| error.violations).unwrap_or_default();
        let real: Vec<&Violation> = violations.iter().filter(|v| !v.found.contains("\"<")).collect();
        assert!(real.is_empty(), "{file}: the example's request {json:?} breaks {real:#?}");
        checked += 1;
    }
    assert!(checked >= 5, "every seed service has a usage example: {checked}");
}

/// A reader of the Markdown reference learns how to read a per-item result code without
/// opening the rustdoc: each result-code table names the method, which exists.
#[test]
fn the_service_docs_name_the_methods_that_read_result_codes() {
    let docs = |file: &str| {
        std::fs::read_to_string(cloudbind_tests::workspace_root().join("generated/docs").join(file)).expect("docs")
    };
    assert!(docs("tencent-iai-2018-03-01.md").contains("Read with `CreateFaceResponse::ret_code_results()`."));
    assert!(docs("tencent-ivld-2021-09-03.md").contains("Read with `PersonImageInfo::error_code_result()`."));
    let response = CreateFaceResponse { ret_code: Some(vec![0, -1101]), ..Default::default() };
    assert_eq!(
        response.ret_code_results().collect::<Vec<_>>(),
        [CreateFaceRetCode::Success, CreateFaceRetCode::NoFace]
    );
    let info = PersonImageInfo { error_code: Some("OK".into()), ..Default::default() };
    assert_eq!(info.error_code_result(), Some(PersonImageStatus::Ok));
}
