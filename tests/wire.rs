//! The exact HTTP request each action produces for its seed example, with a fixed clock and
//! nonce (snapshots: method, URL, headers sorted by name, body), and the errors of building.

use cloudbind::alibaba::mts::v20140618::{RegisterCustomFace, RegisterCustomFaceRequest};
use cloudbind::azure::face::v1_0::{PersonGroupPersonAddFace, PersonGroupPersonAddFaceRequest};
use cloudbind::tencent::facefusion::v20181201::{FaceFusion, FaceFusionRequest};
use cloudbind::tencent::iai::v20180301::{CreateFace, CreateFaceRequest};
use cloudbind::tencent::ivld::v20210903::{CreateCustomPerson, CreateCustomPersonRequest};
use cloudbind_runtime::{build_request_for, Action, AlibabaSigning, BuildError, Config, Credentials, Validate};
use cloudbind_tests::{base64, png};

/// 2019-02-25T16:44:25Z, the timestamp of Tencent's published signing vectors.
const NOW: u64 = 1551113065;

fn config(region: Option<&str>) -> Config {
    let config =
        Config::new(Credentials::new("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"))
            .with_clock(|| NOW)
            .with_nonce(|| "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf".to_owned());
    match region {
        Some(region) => config.with_region(region),
        None => config,
    }
}

/// Azure takes a subscription key alone (32 hex digits, as the portal shows one), and the
/// resource's endpoint: here the one the spec's page shows.
fn azure_config() -> Config {
    Config::new(Credentials::subscription_key("0123456789abcdef0123456789abcdef"))
        .with_clock(|| NOW)
        .with_endpoint("https://api.cognitive.azure.cn")
}

/// Method, URL, headers sorted by name, and the body (text, or its size when binary).
fn show(request: &http::Request<Vec<u8>>) -> String {
    let mut headers: Vec<String> = request
        .headers()
        .iter()
        .map(|(name, value)| format!("{name}: {}", value.to_str().unwrap_or("<binary>")))
        .collect();
    headers.sort();
    let body = match std::str::from_utf8(request.body()) {
        Ok(text) => text.to_owned(),
        Err(_) => format!("<{} bytes of binary data>", request.body().len()),
    };
    format!("{} {}\n{}\n\n{body}", request.method(), request.uri(), headers.join("\n"))
}

fn build<A: Action>(request: A::Request, config: &Config) -> Result<http::Request<Vec<u8>>, BuildError> {
    build_request_for::<A>(&request.validated().expect("the example request is valid"), config)
}

#[test]
fn ivld_create_custom_person_example() {
    let request = CreateCustomPersonRequest {
        image_url: Some("https://test-251202813.cos.ap-guangzhou.myqcloud.com/%E6%B2%88%E8%85%BE.jpeg".into()),
        ..CreateCustomPersonRequest::new("测试姓名", "测试基本信息", "11")
    };
    let built = build::<CreateCustomPerson>(request.clone(), &config(Some("ap-guangzhou"))).expect("builds");
    insta::assert_snapshot!("ivld_create_custom_person", show(&built));
    // IVLD requires a region.
    assert_eq!(build::<CreateCustomPerson>(request, &config(None)).unwrap_err(), BuildError::MissingRegion);
}

#[test]
fn iai_create_face_example_takes_no_region() {
    let request = CreateFaceRequest {
        urls: Some(vec!["http://test.image.myqcloud.com/testA.jpg".into()]),
        ..CreateFaceRequest::new("1001")
    };
    // Even when the config has a region, IAI 2018-03-01 does not send one.
    let built = build::<CreateFace>(request, &config(Some("ap-guangzhou"))).expect("builds");
    assert!(built.headers().get("x-tc-region").is_none());
    insta::assert_snapshot!("iai_create_face", show(&built));
}

#[test]
fn iai_body_over_ten_megabytes_is_refused() {
    let mut image = png(640, 640);
    image.resize(5 * 1024 * 1024 / 4 * 3, 0);
    let request = CreateFaceRequest { images: Some(vec![base64(&image); 4]), ..CreateFaceRequest::new("1001") };
    match build::<CreateFace>(request, &config(None)) {
        Err(BuildError::BodyTooLarge { size, limit, .. }) => {
            assert_eq!((size > limit, limit), (true, 10 * 1024 * 1024))
        }
        other => panic!("expected BodyTooLarge, got {other:?}"),
    }
}

/// The body limit includes its bound: a body of exactly 10 MiB is sent, one byte more is not.
#[test]
fn iai_body_of_exactly_ten_megabytes_is_sent() {
    const LIMIT: usize = 10 * 1024 * 1024;
    let request = |id_length: usize| CreateFaceRequest {
        urls: Some(vec!["https://example.com/a.jpg".into()]),
        ..CreateFaceRequest::new("a".repeat(id_length))
    };
    let overhead = serde_json::to_vec(&request(0)).expect("JSON").len();
    let built = build::<CreateFace>(request(LIMIT - overhead), &config(None)).expect("a body at the limit is sent");
    assert_eq!(built.body().len(), LIMIT);
    let refused = build::<CreateFace>(request(LIMIT - overhead + 1), &config(None));
    assert!(matches!(refused, Err(BuildError::BodyTooLarge { size, .. }) if size == LIMIT + 1), "{refused:?}");
}

/// Tencent sends the region as a header, so an endpoint naming the regional host does not
/// stand in for it.
#[test]
fn ivld_needs_its_region_whatever_the_endpoint() {
    let request = CreateCustomPersonRequest {
        image_url: Some("https://example.com/a.jpeg".into()),
        ..CreateCustomPersonRequest::new("n", "b", "11")
    };
    let regional = config(None).with_endpoint("https://ivld.ap-guangzhou.tencentcloudapi.com");
    assert_eq!(build::<CreateCustomPerson>(request, &regional).unwrap_err(), BuildError::MissingRegion);
}

/// A POST without body parameters still sends a JSON object (only a GET or DELETE sends no
/// body); the one Azure action needs its `url` or `image`, so the request is unchecked.
#[test]
fn an_azure_post_without_body_parameters_sends_an_empty_object() {
    let request = PersonGroupPersonAddFaceRequest::new("g", "25985303-c537-4467-b41d-bdb45cd95ca1");
    assert!(request.validate().is_err(), "neither `url` nor `image`");
    let config = Config::new(Credentials::subscription_key("k")).with_endpoint("https://x.example");
    let unchecked = cloudbind_runtime::Validated::unchecked(request);
    let built = build_request_for::<PersonGroupPersonAddFace>(&unchecked, &config).expect("builds");
    assert_eq!(
        (built.headers()["content-type"].to_str().ok(), built.body().as_slice()),
        (Some("application/json"), &b"{}"[..])
    );
}

#[test]
fn facefusion_example_with_region_token_and_language() {
    let request = FaceFusionRequest {
        image: Some(base64(&png(640, 640))),
        ..FaceFusionRequest::new("100646", "qc_100646_154021_9", "url")
    };
    let config = Config::new(
        Credentials::new("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE")
            .with_token("session-token"),
    )
    .with_clock(|| NOW)
    .with_region("ap-shanghai")
    .with_language("en-US");
    let built = build::<FaceFusion>(request, &config).expect("builds");
    insta::assert_snapshot!("facefusion", show(&built));
}

fn mts_request() -> RegisterCustomFaceRequest {
    RegisterCustomFaceRequest::new("CategoryId001-****", "PersonId001-****", "http://example-****.jpeg")
}

/// ACS3's signature and session token are secrets: marked sensitive, so that `http`'s
/// `Debug` and tracing layers hide them.
#[test]
fn mts_acs3_marks_the_signature_and_the_token_sensitive() {
    let credentials = Credentials::new("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "secret").with_token("session-token");
    let config = Config::new(credentials).with_region("cn-shanghai");
    let built = build::<RegisterCustomFace>(mts_request(), &config).expect("builds");
    for name in ["authorization", "x-acs-security-token"] {
        assert!(built.headers()[name].is_sensitive(), "{name}");
    }
    assert!(!built.headers()["x-acs-action"].is_sensitive());
}

#[test]
fn mts_register_custom_face_signature_v1() {
    let config = config(Some("cn-shanghai")).with_alibaba_signing(AlibabaSigning::V1HmacSha1);
    let built = build::<RegisterCustomFace>(mts_request(), &config).expect("builds");
    assert_eq!(built.uri().host(), Some("mts.cn-shanghai.aliyuncs.com"));
    insta::assert_snapshot!("mts_register_custom_face_v1", show(&built));
}

#[test]
fn mts_register_custom_face_acs3() {
    let built = build::<RegisterCustomFace>(mts_request(), &config(Some("cn-shanghai"))).expect("builds");
    insta::assert_snapshot!("mts_register_custom_face_acs3", show(&built));
}

/// Validation counts an empty optional text, list or body as not given; so does the wire.
#[test]
fn empty_optional_values_are_not_sent() {
    let url = "http://example.com/1.jpg";
    let azure = PersonGroupPersonAddFaceRequest { url: Some(url.into()), image: Some(Vec::new()), ..azure_request() };
    let built = build::<PersonGroupPersonAddFace>(azure, &azure_config()).expect("builds");
    assert_eq!(built.body(), br#"{"url":"http://example.com/1.jpg"}"#);

    let iai = CreateFaceRequest {
        urls: Some(Vec::new()),
        images: Some(vec![base64(&png(64, 64))]),
        ..CreateFaceRequest::new("1001")
    };
    let built = build::<CreateFace>(iai, &config(None)).expect("builds");
    let body: serde_json::Value = serde_json::from_slice(built.body()).expect("JSON");
    assert!(body.get("Urls").is_none() && body.get("Images").is_some(), "{body}");
}

#[test]
fn mts_needs_no_region_when_the_endpoint_names_the_host() {
    assert_eq!(build::<RegisterCustomFace>(mts_request(), &config(None)).unwrap_err(), BuildError::MissingRegion);
    let config = config(None).with_endpoint("mts.cn-hangzhou.aliyuncs.com");
    let built = build::<RegisterCustomFace>(mts_request(), &config).expect("builds");
    assert_eq!(built.uri().host(), Some("mts.cn-hangzhou.aliyuncs.com"));
}

fn azure_request() -> PersonGroupPersonAddFaceRequest {
    PersonGroupPersonAddFaceRequest {
        user_data: Some("user data, with spaces & symbols".into()),
        target_face: Some("10,10,100,100".into()),
        ..PersonGroupPersonAddFaceRequest::new("sample_group", "25985303-c537-4467-b41d-bdb45cd95ca1")
    }
}

#[test]
fn azure_add_face_from_url() {
    let request = PersonGroupPersonAddFaceRequest { url: Some("http://example.com/1.jpg".into()), ..azure_request() };
    // The page's endpoint is Azure's China cloud: never taken unless named.
    let unnamed = Config::new(Credentials::subscription_key("0123456789abcdef0123456789abcdef"));
    match build::<PersonGroupPersonAddFace>(request.clone(), &unnamed) {
        Err(BuildError::MissingEndpoint { documented, .. }) => {
            assert_eq!(documented, "https://api.cognitive.azure.cn/face/v1.0");
        }
        other => panic!("{other:?}"),
    }
    let built = build::<PersonGroupPersonAddFace>(request, &azure_config()).expect("builds");
    assert_eq!(built.body(), br#"{"url":"http://example.com/1.jpg"}"#);
    insta::assert_snapshot!("azure_add_face_url", show(&built));
}

#[test]
fn azure_add_face_from_raw_image_with_endpoint_override() {
    let mut image = png(200, 200);
    image.resize(4096, 0);
    let request = PersonGroupPersonAddFaceRequest { image: Some(image.clone()), ..azure_request() };
    // The resource endpoint as the portal shows it: the base path `/face/v1.0` is added.
    let config = azure_config().with_endpoint("https://westus.api.cognitive.microsoft.com/");
    let built = build::<PersonGroupPersonAddFace>(request, &config).expect("builds");
    assert_eq!(built.body(), &image);
    insta::assert_snapshot!("azure_add_face_binary", show(&built));
}
