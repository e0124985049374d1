//! The seed specs' `examples:` run through the generated `cloudbind` types and the runtime.
//!
//! For each of the five actions: every example request, built as the typed request struct,
//! serializes to the example's JSON; every example response parses through
//! `cloudbind_runtime::parse_response` into the exact typed response or typed service error;
//! and a few error-code facts (round trip, retry class, `FromStr`, `Display`) hold. A last
//! group feeds bodies no page shows (unknown codes, extra fields, proxy pages, truncated or
//! incomplete JSON) to check that parsing degrades into the right error and never panics.
//!
//! The example bodies and values are copied literally from the specs under `specs/`.

use cloudbind_tests::seed_bodies::{
    azure_error_examples, FACEFUSION_NO_FACE, FACEFUSION_SUCCESS, IAI_SUCCESS, IAI_UPLOAD_FACE_NUM_EXCEED,
    IVLD_SUCCESS, MTS_INTERNAL_ERROR, MTS_SUCCESS,
};
use cloudbind_tests::seed_responses;

use std::fmt::Debug;

use cloudbind::alibaba::mts::v20140618::{RegisterCustomFace, RegisterCustomFaceErrorCode, RegisterCustomFaceRequest};
use cloudbind::azure::face::v1_0::{
    PersonGroupPersonAddFace, PersonGroupPersonAddFaceDetectionModel, PersonGroupPersonAddFaceErrorCode,
    PersonGroupPersonAddFaceRequest, PersonGroupPersonAddFaceResponse,
};
use cloudbind::tencent::facefusion::v20181201::{
    FaceFusion, FaceFusionErrorCode, FaceFusionRequest, FaceFusionRspImgType,
};
use cloudbind::tencent::iai::v20180301::{
    CreateFace, CreateFaceErrorCode, CreateFaceRequest, CreateFaceResponse, CreateFaceRetCode, FaceRect,
};
use cloudbind::tencent::ivld::v20210903::{
    CreateCustomPerson, CreateCustomPersonErrorCode, CreateCustomPersonRequest, PersonImageInfo, PersonImageStatus,
};
use cloudbind::tencent::CommonErrorCode as C;
use cloudbind_runtime::{parse_response, wire_params, Action, ErrorCode, ResponseError, Retry, ServiceError};
use serde_json::json;

/// Each `(code, variant, retry)`: parsing the code gives the variant, which is documented,
/// prints and reports the code exactly, and carries the spec's retry class.
fn assert_codes<E>(cases: &[(&str, E, Retry)])
where
    E: ErrorCode + std::fmt::Display + std::str::FromStr<Err = std::convert::Infallible>,
{
    for (code, variant, retry) in cases {
        let parsed = E::from_code(code);
        assert_eq!(&parsed, variant, "{code}");
        assert_eq!(parsed.code(), *code);
        assert!(parsed.is_known(), "{code}");
        assert_eq!(parsed.retry(), *retry, "{code}");
        assert_eq!(parsed.info().map(|info| info.code), Ok(*code));
        assert_eq!(parsed.to_string(), *code);
        assert_eq!(code.parse::<E>().as_ref(), Ok(variant));
    }
}

/// The vendor error inside a parse result; panics with the whole result otherwise.
fn service_error<R: Debug, C: ErrorCode>(result: Result<R, ResponseError<C>>) -> ServiceError<C> {
    match result {
        Err(ResponseError::Service(error)) => error,
        other => panic!("expected ResponseError::Service, got {other:?}"),
    }
}

/// The success value of a parse result; panics with the error otherwise.
fn parsed<R, C: ErrorCode>(result: Result<R, ResponseError<C>>) -> R {
    match result {
        Ok(response) => response,
        Err(error) => panic!("expected a parsed response, got {error:?} ({error})"),
    }
}

/// Asserts that `body` with `status` is read as `ResponseError::Malformed` keeping both.
fn assert_malformed<A: Action>(status: u16, body: &str)
where
    A::Response: Debug,
{
    match parse_response::<A>(status, body.as_bytes()) {
        Err(ResponseError::Malformed { status: got_status, reason, body: got_body, .. }) => {
            assert_eq!(got_status, status);
            assert_eq!(got_body, body.as_bytes());
            assert!(!reason.is_empty(), "a Malformed error names what did not parse");
        }
        other => panic!("expected ResponseError::Malformed, got {other:?}"),
    }
}

/// A proxy's HTML error page, which no vendor envelope matches.
const HTML_502: &str = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n</body>\r\n</html>\r\n";

// ---------------------------------------------------------------------------------------------
// Tencent IVLD CreateCustomPerson (2021-09-03)
// ---------------------------------------------------------------------------------------------

#[test]
fn ivld_create_custom_person_example_request_serializes_to_page_json() {
    let request = CreateCustomPersonRequest {
        name: "测试姓名".to_owned(),
        basic_info: "测试基本信息".to_owned(),
        category_id: "11".to_owned(),
        image_url: Some("https://test-251202813.cos.ap-guangzhou.myqcloud.com/%E6%B2%88%E8%85%BE.jpeg".to_owned()),
        image: None,
    };
    let expected = json!({
        "ImageURL": "https://test-251202813.cos.ap-guangzhou.myqcloud.com/%E6%B2%88%E8%85%BE.jpeg",
        "BasicInfo": "测试基本信息",
        "Name": "测试姓名",
        "CategoryId": "11"
    });
    assert_eq!(serde_json::to_value(&request).unwrap(), expected);
}

#[test]
fn ivld_create_custom_person_success_example_parses_every_field() {
    let response = parsed(parse_response::<CreateCustomPerson>(200, IVLD_SUCCESS.as_bytes()));
    assert_eq!(response, seed_responses::create_custom_person());
}

#[test]
fn ivld_person_image_info_error_code_reads_as_status_ok() {
    let response = parsed(parse_response::<CreateCustomPerson>(200, IVLD_SUCCESS.as_bytes()));
    let info = response.image_info.expect("the example carries ImageInfo");
    let status = info.error_code_result();
    assert_eq!(status, Some(PersonImageStatus::Ok));
    let status = status.unwrap();
    assert!(status.is_success());
    assert_eq!(status.code(), "OK");
    assert_eq!(status.summary(), Some("The image was stored."));

    // A per-image status the spec does not list is kept, not mistaken for success.
    let other = PersonImageStatus::from_code("FaceNotFound");
    assert_eq!(other, PersonImageStatus::Other("FaceNotFound".to_owned()));
    assert!(!other.is_success());
    assert_eq!(other.code(), "FaceNotFound");
    assert_eq!(other.summary(), None);
    assert_eq!(PersonImageInfo::default().error_code_result(), None);
}

#[test]
fn ivld_error_codes_round_trip_and_carry_spec_retry_class() {
    use CreateCustomPersonErrorCode as E;
    let cases = [
        ("InternalError.InternalOverflow", E::InternalErrorInternalOverflow, Retry::Throttling),
        ("InternalError.DBConnectionError", E::InternalErrorDbConnectionError, Retry::Transient),
        ("InvalidParameter.InvalidURL", E::InvalidParameterInvalidUrl, Retry::Never),
        ("FailedOperation.DownloadFailed", E::FailedOperationDownloadFailed, Retry::Transient),
        // No `retry:` in the spec: documented, but the retry class is unknown.
        ("FailedOperation.FeatureAlgoFailed", E::FailedOperationFeatureAlgoFailed, Retry::Unknown),
        // Common API 3.0 codes from specs/tencent/vendor.yaml, held by the `Common` variant.
        ("RequestLimitExceeded", E::Common(C::RequestLimitExceeded), Retry::Throttling),
        ("InternalError", E::Common(C::InternalError), Retry::Transient),
        ("AuthFailure.MFAFailure", E::Common(C::AuthFailureMfaFailure), Retry::Never),
    ];
    assert_codes(&cases);
}

// ---------------------------------------------------------------------------------------------
// Tencent IAI CreateFace (2018-03-01)
// ---------------------------------------------------------------------------------------------

#[test]
fn iai_create_face_one_url_request_serializes_to_page_json() {
    let request = CreateFaceRequest {
        person_id: "1001".to_owned(),
        urls: Some(vec!["http://test.image.myqcloud.com/testA.jpg".to_owned()]),
        ..CreateFaceRequest::default()
    };
    let expected = json!({"PersonId": "1001", "Urls": ["http://test.image.myqcloud.com/testA.jpg"]});
    assert_eq!(serde_json::to_value(&request).unwrap(), expected);
}

#[test]
fn iai_create_face_five_urls_request_serializes_to_page_json() {
    let urls = ["testB", "testC", "testD", "testE", "testF"]
        .map(|name| format!("http://test.image.myqcloud.com/{name}.jpg"))
        .to_vec();
    let request = CreateFaceRequest { person_id: "1001".to_owned(), urls: Some(urls), ..CreateFaceRequest::default() };
    let expected = json!({"PersonId": "1001", "Urls": [
        "http://test.image.myqcloud.com/testB.jpg",
        "http://test.image.myqcloud.com/testC.jpg",
        "http://test.image.myqcloud.com/testD.jpg",
        "http://test.image.myqcloud.com/testE.jpg",
        "http://test.image.myqcloud.com/testF.jpg"
    ]});
    assert_eq!(serde_json::to_value(&request).unwrap(), expected);
}

#[test]
fn iai_create_face_success_example_parses_every_field() {
    let response = parsed(parse_response::<CreateFace>(200, IAI_SUCCESS.as_bytes()));
    assert_eq!(response.suc_face_num, Some(1));
    assert_eq!(response.suc_face_ids, Some(vec!["2875186538564559728".to_owned()]));
    assert_eq!(response.ret_code, Some(vec![0]));
    assert_eq!(response.suc_indexes, Some(vec![0]));
    assert_eq!(
        response.suc_face_rects,
        Some(vec![FaceRect { x: Some(135), y: Some(42), width: Some(98), height: Some(136) }])
    );
    assert_eq!(response.face_model_version.as_deref(), Some("2.0"));
    assert_eq!(response.request_id, "07d63403-a199-4bbe-b9e0-692356ac738d");
}

/// A field of the wrong type holding a hostile server's megabyte: the reason keeps serde's
/// start and the position at its end, not the megabyte (the body keeps it).
#[test]
fn iai_create_face_malformed_reason_is_cut_in_the_middle() {
    let body = format!(r#"{{"Response":{{"SucFaceNum":"{}","RequestId":"r"}}}}"#, "x".repeat(1_000_000));
    let error = parse_response::<CreateFace>(200, body.as_bytes()).expect_err("a string is no count");
    let ResponseError::Malformed { reason, body: kept, .. } = &error else { panic!("{error:?}") };
    assert!(reason.starts_with("invalid type: string \"xxx") && reason.contains("xxx…xxx"), "{reason}");
    assert!(reason.ends_with(", expected u64 at line 1 column 1000028"), "{reason}");
    assert!(reason.len() < 1100 && kept.len() == body.len(), "{} bytes", reason.len());
    assert!(error.to_string().len() < 1500 && format!("{error:?}").len() < 3000);
}

#[test]
fn iai_create_face_ret_code_results_read_the_documented_codes() {
    let response = parsed(parse_response::<CreateFace>(200, IAI_SUCCESS.as_bytes()));
    let results: Vec<CreateFaceRetCode> = response.ret_code_results().collect();
    assert_eq!(results, vec![CreateFaceRetCode::Success]);
    assert!(results[0].is_success());
    assert_eq!(results[0].code(), 0);
    assert_eq!(results[0].summary(), Some("The face was added."));

    // One result per input image, in order; undocumented values are kept as `Other`.
    let mixed = CreateFaceResponse { ret_code: Some(vec![0, -1604, -1101, -9999]), ..CreateFaceResponse::default() };
    let results: Vec<CreateFaceRetCode> = mixed.ret_code_results().collect();
    assert_eq!(
        results,
        vec![
            CreateFaceRetCode::Success,
            CreateFaceRetCode::BelowMatchThreshold,
            CreateFaceRetCode::NoFace,
            CreateFaceRetCode::Other(-9999),
        ]
    );
    assert_eq!(results.iter().map(CreateFaceRetCode::code).collect::<Vec<_>>(), vec![0, -1604, -1101, -9999]);
    assert_eq!(results.iter().filter(|r| r.is_success()).count(), 1);
    assert_eq!(CreateFaceResponse::default().ret_code_results().count(), 0);
}

#[test]
fn iai_create_face_upload_face_num_exceed_example_is_typed_service_error() {
    let error = service_error(parse_response::<CreateFace>(200, IAI_UPLOAD_FACE_NUM_EXCEED.as_bytes()));
    assert_eq!(
        error,
        ServiceError::new_typed(
            CreateFaceErrorCode::InvalidParameterValueUploadFaceNumExceed,
            "一次最多上传四张人脸。",
            Some("44506f79-2191-49bc-997b-748a566d781c".to_owned()),
            200
        )
    );
    assert_eq!(
        error.to_string(),
        "InvalidParameterValue.UploadFaceNumExceed: 一次最多上传四张人脸。 (request id 44506f79-2191-49bc-997b-748a566d781c)"
    );
    assert_eq!(error.code.retry(), Retry::Never);
    assert!(!error.is_retryable());
    assert_eq!(error.code.summary(), Some("More than four faces were sent in one call."));
}

#[test]
fn iai_error_codes_round_trip_and_carry_spec_retry_class() {
    use CreateFaceErrorCode as E;
    let cases = [
        ("RequestLimitExceeded", E::Common(C::RequestLimitExceeded), Retry::Throttling),
        ("InternalError", E::InternalError, Retry::Transient),
        ("FailedOperation.ServerError", E::FailedOperationServerError, Retry::Transient),
        ("FailedOperation.CreateFaceConcurrent", E::FailedOperationCreateFaceConcurrent, Retry::Transient),
        ("InvalidParameterValue.UploadFaceNumExceed", E::InvalidParameterValueUploadFaceNumExceed, Retry::Never),
        ("UnsupportedOperation.UnknowMethod", E::UnsupportedOperationUnknowMethod, Retry::Never),
        ("FailedOperation.ImageFacedetectFailed", E::FailedOperationImageFacedetectFailed, Retry::Unknown),
        ("ResourceUnavailable", E::Common(C::ResourceUnavailable), Retry::Unknown),
    ];
    assert_codes(&cases);
    // `Debug` is written out (not derived) and reads exactly like a derived one.
    let debug: Vec<String> = cases.iter().map(|(_, code, _)| format!("{code:?}")).collect();
    assert_eq!(
        debug,
        [
            "Common(RequestLimitExceeded)",
            "InternalError",
            "FailedOperationServerError",
            "FailedOperationCreateFaceConcurrent",
            "InvalidParameterValueUploadFaceNumExceed",
            "UnsupportedOperationUnknowMethod",
            "FailedOperationImageFacedetectFailed",
            "Common(ResourceUnavailable)",
        ]
    );
    assert_eq!(format!("{:?}", E::Unknown("A.B".into())), r#"Unknown("A.B")"#);
    // Every listed variant is printed with the name the API manifest gives its code, which is
    // rendered apart from the code's table (where `Debug` and `variant_name` read it).
    let manifest =
        std::fs::read_to_string(cloudbind_tests::workspace_root().join("generated/api/tencent-iai-2018-03-01.txt"));
    let manifest = manifest.expect("the service's API manifest");
    let prefix = "tencent::iai::v20180301::CreateFaceErrorCode::";
    let named: std::collections::BTreeMap<&str, &str> = manifest
        .lines()
        .filter_map(|fact| fact.strip_prefix(prefix)?.split_once(" is code "))
        .map(|(variant, code)| (code, variant))
        .collect();
    assert_eq!(E::listed().count(), named.len(), "every variant of the manifest is listed");
    for (code, info) in E::listed() {
        let name = named.get(info.code).copied();
        assert_eq!(Some(format!("{code:?}").as_str()), name, "{}", info.code);
        assert_eq!(code.variant_name(), name, "{}", info.code);
    }
    assert!(E::Common(C::RequestLimitExceeded).retry().is_retryable());
    assert!(!E::InvalidParameterValueUploadFaceNumExceed.retry().is_retryable());
}

#[test]
fn iai_action_table_entry_wins_over_common_code_of_same_name() {
    // `AuthFailure.InvalidAuthorization` is both in the action's table and in the common codes;
    // the action's own wording applies and the code appears once.
    let code = CreateFaceErrorCode::from_code("AuthFailure.InvalidAuthorization");
    assert_eq!(code, CreateFaceErrorCode::AuthFailureInvalidAuthorization);
    assert_eq!(code.summary(), Some("Authentication failed."));
    assert_eq!(code.retry(), Retry::Never);
    assert_eq!(CreateFaceErrorCode::InternalError.summary(), Some("The service hit an internal error."));
    // A handler of common codes still finds it, as it finds one the action does not list.
    assert_eq!(code.common(), Some(C::AuthFailureInvalidAuthorization));
    assert_eq!(CreateFaceErrorCode::from_code("AuthFailure.MFAFailure").common(), Some(C::AuthFailureMfaFailure));
    assert_eq!(CreateFaceErrorCode::FailedOperationImageDecodeFailed.common(), None);
    assert_eq!(CreateFaceErrorCode::from_code("Never.Documented").common(), None);
}

/// What a handler written once for every action sees: the vendor's common code, whether the
/// action's table lists it or not, and nothing for a vendor without common codes.
fn common_code_name<C: ErrorCode>(code: &C) -> Option<&'static str> {
    code.common_info().map(|info| info.code)
}

#[test]
fn a_generic_handler_finds_common_codes_through_the_trait() {
    let listed = CreateFaceErrorCode::from_code("AuthFailure.InvalidAuthorization");
    assert_eq!(common_code_name(&listed), Some("AuthFailure.InvalidAuthorization"));
    let unlisted = CreateCustomPersonErrorCode::from_code("RequestLimitExceeded");
    assert_eq!(common_code_name(&unlisted), Some("RequestLimitExceeded"));
    assert_eq!(common_code_name(&CreateFaceErrorCode::FailedOperationImageDecodeFailed), None);
    assert_eq!(common_code_name(&PersonGroupPersonAddFaceErrorCode::from_code("BadArgument")), None);
    assert_eq!(common_code_name(&RegisterCustomFaceErrorCode::from_code("Throttling")), None);
}

/// A vendor's common code carries its table's facts through `CommonCode` itself; an erased
/// code is its text, to compare, hash and print.
#[test]
fn common_and_erased_codes_carry_their_facts() {
    use cloudbind_runtime::CommonCode;
    assert_eq!(CommonCode::code(C::RequestLimitExceeded), "RequestLimitExceeded");
    assert_eq!(CommonCode::summary(C::RequestLimitExceeded), "Too many requests in the rate-limit window.");
    assert_eq!(CommonCode::retry(C::RequestLimitExceeded), Retry::Throttling);

    let throttled = CreateFaceErrorCode::from_code("RequestLimitExceeded").erase();
    let unknown = CreateFaceErrorCode::from_code("Never.Documented").erase();
    assert_eq!((throttled.as_ref(), unknown.as_ref()), ("RequestLimitExceeded", "Never.Documented"));
    let state = std::hash::RandomState::new();
    use std::hash::BuildHasher as _;
    let other_action = CreateCustomPersonErrorCode::from_code("RequestLimitExceeded").erase();
    assert_eq!(state.hash_one(&throttled), state.hash_one(&other_action), "the same code, whatever the action");
    assert_ne!(state.hash_one(&throttled), state.hash_one(&unknown));
}

#[test]
fn an_undocumented_detail_code_is_retried_like_its_documented_category() {
    let retry = |code: &str| CreateFaceErrorCode::from_code(code).retry();
    assert_eq!(retry("RequestLimitExceeded.UinLimitExceeded"), Retry::Throttling);
    assert_eq!(retry("InternalError.Unknown.Deeper"), retry("InternalError"));
    // No table has a plain `AuthFailure` row to inherit from.
    assert_eq!(retry("AuthFailure.SomethingNew"), Retry::Unknown);
    assert_eq!(retry("Never.Documented"), Retry::Unknown);
    assert!(!CreateFaceErrorCode::from_code("RequestLimitExceeded.UinLimitExceeded").is_known());
    // A long detail still finds its short category, past dots and multi-byte characters.
    let long = format!("RequestLimitExceeded.{}", "détail.".repeat(100));
    assert_eq!(retry(&long), Retry::Throttling);
    assert_eq!(retry(&format!("InternalError.{}", "x".repeat(300))), retry("InternalError"));
    // A hostile server's 10 MB of `x.x.x…`: no category, found without a lookup per dot (which
    // took minutes).
    let hostile = "x.".repeat(5 * 1024 * 1024);
    assert_eq!(retry(&hostile), Retry::Unknown);
    assert_eq!(CreateFaceErrorCode::from_code(&hostile).erase().retry(), Retry::Unknown);
}

// ---------------------------------------------------------------------------------------------
// Tencent Face Fusion FaceFusion (2018-12-01)
// ---------------------------------------------------------------------------------------------

#[test]
fn facefusion_example_request_serializes_to_page_json() {
    // The constructor takes the enum, text, or a borrowed `String`; the enum's text needs no
    // trait in scope.
    let url = String::from("url");
    assert_eq!(FaceFusionRequest::new("100646", "qc_100646_154021_9", &url).rsp_img_type, FaceFusionRspImgType::Url);
    assert_eq!(FaceFusionRspImgType::Base64.as_str(), "base64");
    // Written as on the wire, as the `OpenEnum` holding it is.
    assert_eq!(FaceFusionRspImgType::Base64.to_string(), "base64");
    assert_eq!(format!("{}", PersonGroupPersonAddFaceDetectionModel::Detection03), "detection_03");
    // Both examples of the page send this same request.
    let request = FaceFusionRequest {
        project_id: "100646".to_owned(),
        model_id: "qc_100646_154021_9".to_owned(),
        image: Some("base64".to_owned()),
        rsp_img_type: FaceFusionRspImgType::Url.into(),
        ..FaceFusionRequest::default()
    };
    let expected = json!({
        "ProjectId": "100646",
        "ModelId": "qc_100646_154021_9",
        "Image": "base64",
        "RspImgType": "url"
    });
    assert_eq!(serde_json::to_value(&request).unwrap(), expected);
}

#[test]
fn facefusion_success_example_parses_every_field() {
    let response = parsed(parse_response::<FaceFusion>(200, FACEFUSION_SUCCESS.as_bytes()));
    assert_eq!(response, seed_responses::face_fusion());
}

#[test]
fn facefusion_no_face_example_maps_to_documented_fuse_detect_no_face() {
    let error = service_error(parse_response::<FaceFusion>(200, FACEFUSION_NO_FACE.as_bytes()));
    assert_eq!(
        error,
        ServiceError::new_typed(
            FaceFusionErrorCode::FailedOperationFuseDetectNoFace,
            "未检测到人脸.",
            Some("8ae581fd-c25f-4a63-83b3-d9fcd97230c8".to_owned()),
            200
        )
    );
    assert!(error.code.is_known(), "the code is missing from the page's table but the spec documents it");
    assert_eq!(error.code.retry(), Retry::Never);
    assert_eq!(
        error.to_string(),
        "FailedOperation.FuseDetectNoFace: 未检测到人脸. (request id 8ae581fd-c25f-4a63-83b3-d9fcd97230c8)"
    );
}

#[test]
fn facefusion_error_codes_round_trip_and_carry_spec_retry_class() {
    use FaceFusionErrorCode as E;
    let cases = [
        ("FailedOperation.FuseFreqCtrl", E::FailedOperationFuseFreqCtrl, Retry::Throttling),
        ("FailedOperation.FuseInnerError", E::FailedOperationFuseInnerError, Retry::Transient),
        ("FailedOperation.FaceFusionError", E::FailedOperationFaceFusionError, Retry::Never),
        ("FailedOperation.Unknown", E::FailedOperationUnknown, Retry::Unknown),
        ("RequestLimitExceeded", E::Common(C::RequestLimitExceeded), Retry::Throttling),
        ("InternalError", E::Common(C::InternalError), Retry::Transient),
    ];
    assert_codes(&cases);
}

// ---------------------------------------------------------------------------------------------
// Alibaba MTS RegisterCustomFace (2014-06-18)
// ---------------------------------------------------------------------------------------------

#[test]
fn mts_register_custom_face_success_example_parses_every_field() {
    let response = parsed(parse_response::<RegisterCustomFace>(200, MTS_SUCCESS.as_bytes()));
    assert_eq!(response, seed_responses::register_custom_face());
}

#[test]
fn mts_request_parameters_all_travel_in_the_query() {
    // The page has no example request; these are its example values. Alibaba RPC sends every
    // parameter in the query string, under its wire name.
    let request = RegisterCustomFaceRequest {
        category_id: "CategoryId001-****".to_owned(),
        person_id: "PersonId001-****".to_owned(),
        image_url: "http://example-****.jpeg".to_owned(),
        person_name: None,
    };
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"CategoryId": "CategoryId001-****", "PersonId": "PersonId001-****", "ImageUrl": "http://example-****.jpeg"})
    );
    let params = wire_params(&request).unwrap();
    assert_eq!(
        params.query,
        [
            ("CategoryId".to_owned(), "CategoryId001-****".to_owned()),
            ("PersonId".to_owned(), "PersonId001-****".to_owned()),
            ("ImageUrl".to_owned(), "http://example-****.jpeg".to_owned())
        ]
    );
    assert!(params.body.is_empty() && params.path.is_empty());
}

#[test]
fn mts_flat_error_body_is_typed_service_error() {
    let error = service_error(parse_response::<RegisterCustomFace>(500, MTS_INTERNAL_ERROR.as_bytes()));
    assert_eq!(
        error,
        ServiceError::new_typed(
            RegisterCustomFaceErrorCode::InternalError,
            "errorMsg:timeout",
            Some("5E4FB22B-3A4B-4C1E-8D2A-111111111111".to_owned()),
            500
        )
        .with_host_id(Some("mts.cn-shanghai.aliyuncs.com".to_owned()))
    );
    assert_eq!(error.to_string(), "InternalError: errorMsg:timeout (request id 5E4FB22B-3A4B-4C1E-8D2A-111111111111)");
    assert_eq!(error.host_id(), Some("mts.cn-shanghai.aliyuncs.com"));
    assert_eq!(error.clone().erase().host_id(), Some("mts.cn-shanghai.aliyuncs.com"));
    assert_eq!(error.code.retry(), Retry::Transient);
    assert!(error.is_retryable());
    assert_eq!(error.code.info().map(|info| info.http_status), Ok(&[500u16][..]));
}

#[test]
fn an_undocumented_code_is_retried_on_what_its_http_status_says() {
    let error = |code: &str, status| ServiceError::<RegisterCustomFaceErrorCode>::new(code, "", None, status);
    // Undocumented codes: the status decides.
    assert_eq!(error("Undocumented.Throttle", 429).retry(), Retry::Throttling);
    assert_eq!(error("Undocumented.Outage", 503).retry(), Retry::Transient);
    assert_eq!(error("Undocumented.Denied", 403).retry(), Retry::Unknown);
    assert!(!error("Undocumented.Denied", 403).is_retryable());
    // A documented class wins over the status.
    let never = ServiceError::<PersonGroupPersonAddFaceErrorCode>::new("QuotaExceeded", "", None, 503);
    assert_eq!((never.code.retry(), never.retry()), (Retry::Never, Retry::Never));
}

// ---------------------------------------------------------------------------------------------
// Azure Face PersonGroup Person - Add Face (v1.0)
// ---------------------------------------------------------------------------------------------

#[test]
fn azure_add_face_request_splits_into_path_query_and_the_example_body() {
    let request = PersonGroupPersonAddFaceRequest {
        person_group_id: "sample_group".to_owned(),
        person_id: "25985303-c537-4467-b41d-bdb45cd95ca1".to_owned(),
        user_data: Some("user-provided data".to_owned()),
        target_face: Some("10,10,100,100".to_owned()),
        detection_model: Some(PersonGroupPersonAddFaceDetectionModel::Detection01.into()),
        url: Some("http://example.com/1.jpg".to_owned()),
        image: None,
    };
    let params = wire_params(&request).unwrap();
    // The page's request body example, exactly.
    assert_eq!(serde_json::Value::Object(params.body), json!({ "url":"http://example.com/1.jpg" }));
    assert_eq!(
        params.path,
        [("personGroupId", "sample_group".to_owned()), ("personId", "25985303-c537-4467-b41d-bdb45cd95ca1".to_owned())]
    );
    assert_eq!(
        params.query,
        [
            ("userData".to_owned(), "user-provided data".to_owned()),
            ("targetFace".to_owned(), "10,10,100,100".to_owned()),
            ("detectionModel".to_owned(), "detection_01".to_owned())
        ]
    );
    // The raw image body is not a serde field: it is sent as the body itself.
    let with_image = PersonGroupPersonAddFaceRequest { url: None, image: Some(vec![0xFF, 0xD8]), ..request };
    assert!(wire_params(&with_image).unwrap().body.is_empty());
    assert_eq!(PersonGroupPersonAddFace::HTTP.method, "POST");
    assert_eq!(PersonGroupPersonAddFace::HTTP.path, "/persongroups/{personGroupId}/persons/{personId}/persistedFaces");
}

#[test]
fn azure_add_face_success_example_parses_persisted_face_id() {
    let body = r#"{ "persistedFaceId": "B8D802CF-DD8F-4E61-B15C-9E6C5844CCBA" }
"#;
    let response = parsed(parse_response::<PersonGroupPersonAddFace>(200, body.as_bytes()));
    assert_eq!(
        response,
        PersonGroupPersonAddFaceResponse { persisted_face_id: "B8D802CF-DD8F-4E61-B15C-9E6C5844CCBA".to_owned() }
    );
}

#[test]
fn azure_add_face_status_error_examples_map_to_documented_codes() {
    // Every error example of the page, the rate limit's `statusCode` body included.
    let cases = azure_error_examples();
    assert_eq!(cases.len(), 7);
    for (status, body, code, message) in cases {
        let error = service_error(parse_response::<PersonGroupPersonAddFace>(status, format!("{body}\n").as_bytes()));
        let wire_code = code.code().to_owned();
        assert_eq!(error, ServiceError::new_typed(code, message, None, status), "HTTP {status}");
        // Azure bodies carry no request id, so Display ends with the message.
        assert_eq!(error.to_string(), format!("{wire_code}: {message}"));
        assert!(error.code.is_known());
        assert_eq!(error.code.info().map(|info| info.http_status.contains(&status)), Ok(true), "HTTP {status}");
    }
}

#[test]
fn azure_add_face_rate_limit_body_without_code_maps_to_rate_limit_exceeded() {
    let body = r#"{ "error":{ "statusCode": 429, "message": "Rate limit is exceeded. Try again in 26 seconds." } }
"#;
    let error = service_error(parse_response::<PersonGroupPersonAddFace>(429, body.as_bytes()));
    assert_eq!(
        error,
        ServiceError::new_typed(
            PersonGroupPersonAddFaceErrorCode::RateLimitExceeded,
            "Rate limit is exceeded. Try again in 26 seconds.",
            None,
            429
        )
    );
    assert_eq!(error.code.code(), "429");
    assert_eq!(error.code.retry(), Retry::Throttling);
    assert!(error.is_retryable());
    assert_eq!(error.to_string(), "429: Rate limit is exceeded. Try again in 26 seconds.");
}

#[test]
fn azure_error_codes_round_trip_and_carry_spec_retry_class() {
    use PersonGroupPersonAddFaceErrorCode as E;
    let cases = [
        ("BadArgument", E::BadArgument, Retry::Never),
        ("InvalidURL", E::InvalidUrl, Retry::Never),
        ("OperationTimeOut", E::OperationTimeOut, Retry::Transient),
        ("ConcurrentOperationConflict", E::ConcurrentOperationConflict, Retry::Transient),
        ("429", E::RateLimitExceeded, Retry::Throttling),
    ];
    assert_codes(&cases);
}

// ---------------------------------------------------------------------------------------------
// Errors of any action as one type
// ---------------------------------------------------------------------------------------------

/// Every answer of `erase()` to the trait's questions is the typed code's.
fn assert_erased_like<C: ErrorCode + std::fmt::Display>(code: &C) {
    let erased = code.erase();
    let what = format!("{code:?}");
    assert_eq!(erased.code(), code.code(), "{what}");
    assert_eq!(erased.to_string(), code.to_string(), "{what}");
    assert_eq!(erased.info(), code.info(), "{what}");
    assert_eq!(erased.common_info(), code.common_info(), "{what}");
    assert_eq!(erased.variant_name(), code.variant_name(), "{what}");
    assert_eq!(erased.retry(), code.retry(), "{what}");
    assert_eq!((erased.is_known(), erased.summary()), (code.is_known(), code.summary()), "{what}");
    let unlisted = |u: Option<cloudbind_runtime::Unlisted<'_>>| match u {
        None => "listed".to_owned(),
        Some(cloudbind_runtime::Unlisted::Common(info, _)) => format!("common {}", info.code),
        Some(cloudbind_runtime::Unlisted::Unknown(raw)) => format!("unknown {raw}"),
    };
    assert_eq!(unlisted(erased.as_unlisted()), unlisted(code.as_unlisted()), "{what}");
    // Erasing again changes nothing (equality alone compares only the wire code).
    let again = erased.erase();
    assert_eq!(
        (again.info(), again.common_info(), again.variant_name(), again.retry()),
        (erased.info(), erased.common_info(), erased.variant_name(), erased.retry()),
        "{what}"
    );
}

/// The codes of each action's table, plus a common code the table leaves out, and undocumented
/// codes with and without a documented category.
fn assert_every_code_erases<C: ErrorCode + std::fmt::Display>(common: &str) {
    let extra = [common, "RequestLimitExceeded.UinLimitExceeded", "Throttling.User", "Never.Documented"];
    for code in C::listed().map(|(code, _)| code).chain(extra.iter().map(|code| C::from_code(code))) {
        assert_erased_like(&code);
    }
}

#[test]
fn an_erased_code_answers_as_its_typed_code() {
    assert_every_code_erases::<CreateCustomPersonErrorCode>("AuthFailure.SignatureExpire");
    assert_every_code_erases::<CreateFaceErrorCode>("ResourceUnavailable");
    assert_every_code_erases::<FaceFusionErrorCode>("InternalError");
    assert_every_code_erases::<RegisterCustomFaceErrorCode>("Throttling");
    assert_every_code_erases::<PersonGroupPersonAddFaceErrorCode>("BadArgument");

    // The three kinds, spot-checked against the specs.
    let listed = CreateFaceErrorCode::from_code("AuthFailure.InvalidAuthorization").erase();
    assert_eq!(listed.variant_name(), Some("AuthFailureInvalidAuthorization"));
    assert_eq!(listed.common_info().map(|info| info.code), Some("AuthFailure.InvalidAuthorization"));
    let common = CreateCustomPersonErrorCode::from_code("RequestLimitExceeded").erase();
    assert_eq!((common.variant_name(), common.retry()), (None, Retry::Throttling));
    assert_eq!(common.common_info().map(|info| info.code), Some("RequestLimitExceeded"));
    // An undocumented detail keeps the class its typed code inherited from the category.
    let detail = FaceFusionErrorCode::from_code("RequestLimitExceeded.UinLimitExceeded").erase();
    assert_eq!((detail.is_known(), detail.retry()), (false, Retry::Throttling));
    assert_eq!(format!("{detail:?}"), r#"AnyErrorCode("RequestLimitExceeded.UinLimitExceeded")"#);

    // Equal across actions when the wire code is; text alone knows no table.
    assert_eq!(common, CreateFaceErrorCode::Common(C::RequestLimitExceeded).erase());
    assert_ne!(common, listed);
    let text = cloudbind_runtime::AnyErrorCode::from_code("RequestLimitExceeded");
    assert_eq!((text.is_known(), text.retry()), (false, Retry::Unknown));
}

#[test]
fn erased_errors_of_different_actions_box_and_downcast_to_one_type() {
    use cloudbind_runtime::AnyErrorCode;
    let errors: Vec<Box<dyn std::error::Error>> = vec![
        Box::new(parse_response::<CreateFace>(200, IAI_UPLOAD_FACE_NUM_EXCEED.as_bytes()).unwrap_err().erase()),
        Box::new(parse_response::<FaceFusion>(200, FACEFUSION_NO_FACE.as_bytes()).unwrap_err().erase()),
        Box::new(parse_response::<PersonGroupPersonAddFace>(502, b"<html>Bad gateway</html>").unwrap_err().erase()),
    ];
    let seen: Vec<(String, Option<&str>, Option<&str>, Retry)> = errors
        .iter()
        .map(|error| {
            let error = error.downcast_ref::<ResponseError<AnyErrorCode>>().expect("one type for every action");
            let service = error.service_error();
            (
                error.to_string(),
                service.map(|e| e.code.code()),
                service.and_then(|e| e.request_id.as_deref()),
                error.retry(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (
                "InvalidParameterValue.UploadFaceNumExceed: 一次最多上传四张人脸。 (request id 44506f79-2191-49bc-997b-748a566d781c)"
                    .to_owned(),
                Some("InvalidParameterValue.UploadFaceNumExceed"),
                Some("44506f79-2191-49bc-997b-748a566d781c"),
                Retry::Never,
            ),
            (
                "FailedOperation.FuseDetectNoFace: 未检测到人脸. (request id 8ae581fd-c25f-4a63-83b3-d9fcd97230c8)".to_owned(),
                Some("FailedOperation.FuseDetectNoFace"),
                Some("8ae581fd-c25f-4a63-83b3-d9fcd97230c8"),
                Retry::Never,
            ),
            (
                r#"HTTP status 502 without a service error body: "<html>Bad gateway</html>""#.to_owned(),
                None,
                None,
                Retry::Transient,
            ),
        ]
    );
    // A service error keeps every field.
    let typed = service_error(parse_response::<FaceFusion>(200, FACEFUSION_NO_FACE.as_bytes()));
    let erased = typed.clone().erase();
    assert_eq!(
        (&erased.message, &erased.request_id, erased.http_status, erased.retry_after),
        (&typed.message, &typed.request_id, typed.http_status, typed.retry_after)
    );
    assert_eq!((erased.to_string(), erased.retry()), (typed.to_string(), typed.retry()));
}

// ---------------------------------------------------------------------------------------------
// Robustness: bodies no page shows
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_error_code_is_kept_as_unknown_variant() {
    let body = r#"{"Response": {"Error": {"Code": "FailedOperation.SomethingNew", "Message": "new failure"}, "RequestId": "req-1"}}"#;
    let error = service_error(parse_response::<CreateFace>(200, body.as_bytes()));
    assert_eq!(error.code, CreateFaceErrorCode::Unknown("FailedOperation.SomethingNew".to_owned()));
    assert_eq!(error.code.code(), "FailedOperation.SomethingNew");
    assert!(!error.code.is_known());
    assert_eq!(error.code.retry(), Retry::Unknown);
    assert_eq!(error.code.summary(), None);
    assert_eq!(error.code.info(), Err("FailedOperation.SomethingNew"));
    assert!(!error.is_retryable());
    assert_eq!(error.message, "new failure");
    assert_eq!(error.request_id.as_deref(), Some("req-1"));
    assert_eq!(error.to_string(), "FailedOperation.SomethingNew: new failure (request id req-1)");

    let azure = r#"{"error": {"code": "SomethingNew", "message": "m"}}"#;
    let error = service_error(parse_response::<PersonGroupPersonAddFace>(400, azure.as_bytes()));
    assert_eq!(error.code, PersonGroupPersonAddFaceErrorCode::Unknown("SomethingNew".to_owned()));
    assert_eq!(error.code.retry(), Retry::Unknown);

    // A code no spec will ever document, so the test does not depend on today's tables.
    let alibaba = r#"{"Code": "Undocumented.Throttle", "Message": "m", "RequestId": "r"}"#;
    let error = service_error(parse_response::<RegisterCustomFace>(503, alibaba.as_bytes()));
    assert_eq!(error.code, RegisterCustomFaceErrorCode::Unknown("Undocumented.Throttle".to_owned()));
    assert!(!error.code.is_known());
}

#[test]
fn unknown_fields_in_success_bodies_are_ignored() {
    let iai = r#"{"Response": {"SucFaceNum": 1, "NewField": {"nested": [1, 2]}, "RequestId": "req-2"}}"#;
    let response = parsed(parse_response::<CreateFace>(200, iai.as_bytes()));
    assert_eq!(
        response,
        CreateFaceResponse { suc_face_num: Some(1), request_id: "req-2".to_owned(), ..CreateFaceResponse::default() }
    );

    let ivld = r#"{"Response": {"PersonId": "p", "ImageInfo": {"ErrorCode": "OK", "Extra": true}, "RequestId": "r"}}"#;
    let response = parsed(parse_response::<CreateCustomPerson>(200, ivld.as_bytes()));
    assert_eq!(response.image_info.and_then(|info| info.error_code_result()), Some(PersonImageStatus::Ok));

    let azure = r#"{"persistedFaceId": "B8D802CF-DD8F-4E61-B15C-9E6C5844CCBA", "userData": "x"}"#;
    let response = parsed(parse_response::<PersonGroupPersonAddFace>(200, azure.as_bytes()));
    assert_eq!(response.persisted_face_id, "B8D802CF-DD8F-4E61-B15C-9E6C5844CCBA");
}

#[test]
fn html_error_page_with_status_502_is_a_status_error_keeping_the_body() {
    let expected_tencent: ResponseError<CreateFaceErrorCode> = ResponseError::new_status(502, HTML_502, None);
    let got = parse_response::<CreateFace>(502, HTML_502.as_bytes()).unwrap_err();
    assert_eq!(got, expected_tencent);
    assert_eq!(got.service_error(), None);
    // The start of the page, on one line, says what failed.
    assert_eq!(
        got.to_string(),
        "HTTP status 502 without a service error body: \"<html> <head><title>502 Bad Gateway</title></head> <body> \
         <center><h1>502 Bad Ga…\""
    );

    match parse_response::<PersonGroupPersonAddFace>(502, HTML_502.as_bytes()) {
        Err(ResponseError::Status { status, body, retry_after, .. }) => {
            assert_eq!((status, body.as_slice(), retry_after), (502, HTML_502.as_bytes(), None))
        }
        other => panic!("expected ResponseError::Status, got {other:?}"),
    }
    match parse_response::<RegisterCustomFace>(502, HTML_502.as_bytes()) {
        Err(ResponseError::Status { status, body, retry_after, .. }) => {
            assert_eq!((status, body.as_slice(), retry_after), (502, HTML_502.as_bytes(), None))
        }
        other => panic!("expected ResponseError::Status, got {other:?}"),
    }
}

#[test]
fn truncated_json_with_status_200_is_malformed() {
    let cut = |body: &'static str| &body[..body.len() / 2];
    assert_malformed::<CreateFace>(200, cut(&IAI_SUCCESS));
    assert_malformed::<CreateCustomPerson>(200, cut(&IVLD_SUCCESS));
    assert_malformed::<FaceFusion>(200, cut(&FACEFUSION_NO_FACE));
    assert_malformed::<RegisterCustomFace>(200, cut(&MTS_SUCCESS));
    assert_malformed::<PersonGroupPersonAddFace>(200, r#"{ "persistedFaceId": "B8D8"#);
    assert_malformed::<CreateFace>(200, "");
}

/// The `Response` value is read apart from the body, but a fault in it is placed in the
/// body, as reading the whole body at once places it.
#[test]
fn a_fault_in_a_tencent_response_is_placed_in_the_body() {
    #[derive(Debug, serde::Deserialize)]
    struct Whole {
        #[serde(rename = "Response")]
        _response: CreateFaceResponse,
    }
    let pretty = "{\n  \"Response\": {\n    \"RequestId\": \"x\",\n    \"SucFaceNum\": \"one\"\n  }\n}";
    let after_another_key = r#"{"Other": [1, 2], "Response": {"RequestId": "x", "SucFaceNum": "one"}}"#;
    let on_its_line = "{\"Response\":\n    {\"SucFaceRects\": [{\"X\": 1.5}], \"RequestId\": \"x\"}}";
    let missing = "{\n\"Response\": {\"SucFaceNum\": 1}}";
    for body in [pretty, after_another_key, on_its_line, missing] {
        let expected = serde_json::from_str::<Whole>(body).unwrap_err().to_string();
        match parse_response::<CreateFace>(200, body.as_bytes()) {
            Err(ResponseError::Malformed { reason, .. }) => assert_eq!(reason, expected, "{body}"),
            other => panic!("{body}: {other:?}"),
        }
    }
    assert!(
        serde_json::from_str::<Whole>(pretty).unwrap_err().to_string().ends_with("at line 4 column 23"),
        "the position of the whole body"
    );
    // So is a fault in the error envelope.
    match parse_response::<CreateFace>(200, br#"{"Response": {"Error": 5}}"#) {
        Err(ResponseError::Malformed { reason, .. }) => assert!(reason.ends_with("at line 1 column 24"), "{reason}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn tencent_success_body_without_request_id_is_malformed() {
    assert_malformed::<CreateFace>(200, r#"{"Response": {"SucFaceNum": 1}}"#);
    assert_malformed::<CreateCustomPerson>(200, r#"{"Response": {"PersonId": "person-Axgo3FYc"}}"#);
    assert_malformed::<FaceFusion>(200, r#"{"Response": {"Image": "https://xxxx.jpg"}}"#);
    // A body without the `Response` envelope is not a Tencent reply at all.
    assert_malformed::<CreateFace>(200, r#"{"RequestId": "req"}"#);
    let error = parse_response::<CreateFace>(200, br#"{"Response": {}}"#).unwrap_err();
    assert!(error.to_string().starts_with("unexpected response body (HTTP 200): "), "{error}");
}

/// The vendor's error envelope is an object holding a `Code` (FACTS.md, Tencent transport), so
/// `"Error": null` beside a result is no error, and an `Error` without a code is neither; the
/// generator's example check reads them the same way.
#[test]
fn tencent_error_null_is_no_error_and_an_error_without_a_code_is_malformed() {
    let with_null = IAI_SUCCESS.replacen("\"Response\": {", "\"Response\": {\"Error\": null, ", 1);
    assert_ne!(with_null, *IAI_SUCCESS, "the example has a `Response` object");
    let response = parsed(parse_response::<CreateFace>(200, with_null.as_bytes()));
    assert_eq!(response.request_id, "07d63403-a199-4bbe-b9e0-692356ac738d");
    for error in [r#"{"Code": null}"#, "{}", r#""x""#] {
        assert_malformed::<CreateFace>(200, &format!(r#"{{"Response": {{"Error": {error}, "RequestId": "r"}}}}"#));
    }
}

#[test]
fn non_utf8_and_garbage_bodies_do_not_panic() {
    let garbage: &[u8] = &[0xff, 0xfe, b'{', 0x00, 0xc3];
    assert!(matches!(parse_response::<CreateFace>(200, garbage), Err(ResponseError::Malformed { status: 200, .. })));
    assert!(matches!(parse_response::<FaceFusion>(500, garbage), Err(ResponseError::Status { status: 500, .. })));
    assert!(matches!(
        parse_response::<PersonGroupPersonAddFace>(200, garbage),
        Err(ResponseError::Malformed { status: 200, .. })
    ));
    assert!(matches!(
        parse_response::<RegisterCustomFace>(404, garbage),
        Err(ResponseError::Status { status: 404, .. })
    ));
}
