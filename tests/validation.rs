//! Validation of whole requests: every field at its limit passes; several faults are all
//! reported at once, with paths and stable rule names; the Azure raw image body is sniffed;
//! constructors make the check hard to forget. Per-limit boundaries are in `boundaries.rs`.

use std::error::Error;

use cloudbind::alibaba::mts::v20140618::RegisterCustomFaceRequest;
use cloudbind::azure::face::v1_0::PersonGroupPersonAddFaceRequest;
use cloudbind::tencent::facefusion::v20181201::{
    FaceFusionRequest, FaceFusionResponse, FuseParam, ImageCodecParam, MetaData,
};
use cloudbind::tencent::iai::v20180301::CreateFaceRequest;
use cloudbind::tencent::ivld::v20210903::CreateCustomPersonRequest;
// `Rule` beside `Violation`, whose field it types, as a caller imports them.
use cloudbind_runtime::{Invalid, Rule, Validate, Validated, ValidationError};
use cloudbind_tests::{base64, gif, png};

fn violations(error: &ValidationError) -> Vec<(&str, &'static str)> {
    error.violations.iter().map(|v| (v.path.as_str(), v.rule.name())).collect()
}

fn meta(key_chars: usize, value_chars: usize) -> MetaData {
    MetaData { meta_key: "键".repeat(key_chars), meta_value: "値".repeat(value_chars) }
}

fn fuse_param(entries: Vec<MetaData>) -> Option<FuseParam> {
    Some(FuseParam { image_codec_param: Some(ImageCodecParam { meta_data: Some(entries) }) })
}

#[test]
fn facefusion_with_every_field_at_its_limit_validates() {
    let request = FaceFusionRequest {
        rsp_img_type: "base64".into(),
        // Wider than the material's 1080 px bound, which is the template's, not the photo's.
        image: Some(base64(&png(1920, 64))),
        celebrity_identify: Some(1),
        url: Some("https://example.com/face.jpg".into()),
        fuse_param: fuse_param(vec![meta(32, 256), meta(1, 1)]),
        porn_detect: Some(10),
        ..FaceFusionRequest::new("100646", "qc_100646_154021_9", "url")
    };
    assert_eq!(request.validate(), Ok(()));
}

#[test]
fn facefusion_faults_are_all_reported_with_nested_paths() {
    let request = FaceFusionRequest {
        image: Some(base64(&gif(1920, 63))),
        celebrity_identify: Some(2),
        fuse_param: fuse_param(vec![meta(32, 256), meta(1, 1), meta(1, 1), meta(33, 257)]),
        ..FaceFusionRequest::new("", "qc_100646_154021_9", "jpg")
    };
    let error = request.validate().unwrap_err();
    assert_eq!(
        violations(&error),
        [
            ("ProjectId", "required"),
            ("RspImgType", "allowed"),
            // FaceFusion documents no format list, so the GIF is read for its dimensions.
            ("Image", "min_short_side"),
            ("CelebrityIdentify", "allowed"),
            ("FuseParam.ImageCodecParam.MetaData[3].MetaKey", "max_length"),
            ("FuseParam.ImageCodecParam.MetaData[3].MetaValue", "max_length"),
        ]
    );
    insta::assert_snapshot!("facefusion_faults", error.to_string());
}

/// Four images, each a PNG header (short side 64) padded to exactly 5 MiB of base64: the
/// most CreateFace takes.
fn four_large_images() -> Vec<String> {
    let mut image = png(4000, 64);
    image.resize(5 * 1024 * 1024 / 4 * 3, 0);
    vec![base64(&image); 4]
}

#[test]
fn iai_with_four_images_at_their_limits_validates_and_a_fifth_is_refused() {
    let images = four_large_images();
    let encoded = images[0].clone();
    assert_eq!(encoded.len(), 5 * 1024 * 1024);
    let mut request = CreateFaceRequest {
        images: Some(images),
        face_match_threshold: Some(100.0),
        quality_control: Some(4),
        need_rotate_detection: Some(1),
        ..CreateFaceRequest::new("1001")
    };
    assert_eq!(request.validate(), Ok(()));

    request.images.as_mut().expect("set above").push(encoded);
    assert_eq!(violations(&request.validate().unwrap_err()), [("Images", "max_items")]);
}

#[test]
fn iai_faults_are_all_reported() {
    let request = CreateFaceRequest {
        images: Some(vec![base64(&gif(100, 100)), base64(&png(63, 500)), "not base64!".into(), String::new()]),
        urls: Some(vec!["ftp://example.com/a.jpg".into()]),
        face_match_threshold: Some(100.5),
        quality_control: Some(5),
        need_rotate_detection: Some(2),
        ..CreateFaceRequest::new("1001")
    };
    let error = request.validate().unwrap_err();
    assert_eq!(
        violations(&error),
        [
            ("Images[0]", "image_format"),
            ("Images[1]", "min_short_side"),
            // Malformed base64 cannot be sniffed; the scan reports it once.
            ("Images[2]", "base64"),
            ("Images[3]", "required"),
            ("Urls[0]", "url"),
            ("FaceMatchThreshold", "max"),
            ("QualityControl", "max"),
            ("NeedRotateDetection", "allowed"),
        ]
    );
    insta::assert_snapshot!("iai_faults", error.to_string());
}

#[test]
fn iai_needs_images_or_urls() {
    let error = CreateFaceRequest::new("1001").validate().unwrap_err();
    assert_eq!(violations(&error), [("", "at_least_one")]);
    assert_eq!(error.violations[0].limit, "at least one of Images, Urls");
    // An empty list does not count as given.
    let empty = CreateFaceRequest { urls: Some(Vec::new()), ..CreateFaceRequest::new("1001") };
    assert_eq!(violations(&empty.validate().unwrap_err()), [("", "at_least_one")]);
}

fn azure(image: Option<Vec<u8>>, url: Option<&str>) -> PersonGroupPersonAddFaceRequest {
    PersonGroupPersonAddFaceRequest {
        image,
        url: url.map(str::to_owned),
        ..PersonGroupPersonAddFaceRequest::new("sample_group", "25985303-c537-4467-b41d-bdb45cd95ca1")
    }
}

#[test]
fn azure_raw_image_body_is_sized_and_sniffed() {
    let mut at_min = png(36, 36);
    at_min.resize(1024, 0);
    assert_eq!(azure(Some(at_min.clone()), None).validate(), Ok(()));
    let mut at_max = gif(4096, 4096);
    at_max.resize(4 * 1024 * 1024, 0);
    assert_eq!(azure(Some(at_max.clone()), None).validate(), Ok(()));

    at_min.pop();
    at_max.push(0);
    assert_eq!(violations(&azure(Some(at_min), None).validate().unwrap_err()), [("image", "min_decoded_size")]);
    assert_eq!(violations(&azure(Some(at_max), None).validate().unwrap_err()), [("image", "max_decoded_size")]);
    let mut tiff = b"II*\x00".to_vec();
    tiff.resize(2048, 0);
    let error = azure(Some(tiff), None).validate().unwrap_err();
    assert_eq!(violations(&error), [("image", "image_format")]);
}

#[test]
fn azure_path_query_and_body_rules() {
    let request = PersonGroupPersonAddFaceRequest {
        user_data: Some("é".repeat(513)),
        target_face: Some("10,10,100".into()),
        detection_model: Some("not-a-model".into()),
        ..PersonGroupPersonAddFaceRequest::new("Sample Group", "not-a-uuid")
    };
    let error = request.validate().unwrap_err();
    assert_eq!(
        violations(&error),
        [
            ("personGroupId", "pattern"),
            ("personId", "uuid"),
            ("userData", "max_bytes"),
            ("targetFace", "pattern"),
            ("detectionModel", "allowed"),
            ("", "exactly_one"),
        ]
    );
    let mut image = png(100, 100);
    image.resize(2048, 0);
    let both = azure(Some(image), Some("http://example.com/1.jpg"));
    assert_eq!(violations(&both.validate().unwrap_err()), [("", "exactly_one")]);
    assert_eq!(both.validate().unwrap_err().violations[0].found, "url, image");
    insta::assert_snapshot!("azure_faults", error.to_string());
}

#[test]
fn debug_output_shortens_images_and_keeps_everything_else() {
    let image = "A".repeat(4 << 20);
    let request = CreateFaceRequest { images: Some(vec![image; 4]), ..CreateFaceRequest::new("1001") };
    let shown = format!("{request:?}");
    assert!(shown.len() < 1000, "{} bytes of Debug output", shown.len());
    assert!(shown.contains("person_id: \"1001\"") && shown.contains("… (4194304 bytes)"), "{shown}");
    let azure = PersonGroupPersonAddFaceRequest {
        image: Some(vec![0; 1 << 20]),
        ..PersonGroupPersonAddFaceRequest::new("g", "25985303-c537-4467-b41d-bdb45cd95ca1")
    };
    assert!(format!("{azure:?}").contains("(1048576 bytes)"));
    // A response text the spec marks `bulky` (FaceFusion's result: a URL or the image's base64).
    let fused = FaceFusionResponse {
        image: Some("B".repeat(3 << 20)),
        request_id: "r-1".into(),
        ..FaceFusionResponse::default()
    };
    let shown = format!("{fused:?}");
    assert!(shown.len() < 300 && shown.contains("… (3145728 bytes)"), "{shown}");
    assert!(shown.contains("request_id: \"r-1\""), "{shown}");
    let url = FaceFusionResponse { image: Some("https://example.com/fused.jpg".into()), ..fused };
    assert!(format!("{url:?}").contains("Some(\"https://example.com/fused.jpg\")"), "{url:?}");
}

#[test]
fn empty_optional_text_counts_as_not_given_whatever_its_limits() {
    let request = PersonGroupPersonAddFaceRequest {
        url: Some("http://example.com/1.jpg".into()),
        user_data: Some(String::new()),
        target_face: Some(String::new()),
        detection_model: Some(String::new().into()),
        ..PersonGroupPersonAddFaceRequest::new("sample_group", "25985303-c537-4467-b41d-bdb45cd95ca1")
    };
    assert_eq!(request.validate(), Ok(()));
}

#[test]
fn validated_constructor_refuses_invalid_requests() {
    let valid = CreateFaceRequest {
        urls: Some(vec!["http://test.image.myqcloud.com/testA.jpg".into()]),
        ..CreateFaceRequest::new("1001")
    };
    let validated = valid.clone().validated().expect("valid");
    assert_eq!(validated.person_id, "1001");
    assert_eq!(validated.into_inner(), valid);
    let invalid = CreateFaceRequest::new("").validated().unwrap_err();
    assert_eq!(invalid.error.violations.iter().map(|v| v.rule).collect::<Vec<_>>(), [Rule::Required, Rule::AtLeastOne]);
    assert_eq!(invalid.value, CreateFaceRequest::new(""));
}

/// Where each image's text lives on the heap: a value moved keeps it, a clone would not.
fn image_buffers(request: &CreateFaceRequest) -> Vec<*const u8> {
    request.images.iter().flatten().map(|image| image.as_ptr()).collect()
}

#[test]
fn an_invalid_request_comes_back_uncopied_to_fix_and_retry() {
    let request = CreateFaceRequest { images: Some(four_large_images()), ..CreateFaceRequest::new("") };
    let buffers = image_buffers(&request);
    let invalid = request.validated().unwrap_err();
    assert_eq!(violations(&invalid.error), [("PersonId", "required")]);
    assert_eq!(image_buffers(&invalid.value), buffers, "the images were copied");

    let (error, mut request) = invalid.into_parts();
    assert_eq!(error.violations.len(), 1);
    request.person_id = "1001".into();
    let validated = Validated::without_base64_scan(request).expect("fixed");
    assert_eq!(image_buffers(&validated), buffers, "the images were copied");
}

#[test]
fn invalid_shows_the_violations_but_never_the_value() {
    let images = four_large_images();
    let sample = images[0][100..164].to_owned();
    let invalid = CreateFaceRequest { images: Some(images), ..CreateFaceRequest::new("") }.validated().unwrap_err();
    assert_eq!(invalid.to_string(), invalid.error.to_string());
    let shown = format!("{invalid:?}");
    assert!(shown.len() < 1000, "{} bytes of Debug output", shown.len());
    assert!(shown.starts_with("Invalid { error: ValidationError {") && shown.contains("PersonId"), "{shown}");
    assert!(!shown.contains(&sample) && !shown.contains("person_id"), "{shown}");
}

#[test]
fn question_mark_turns_invalid_into_a_validation_error_or_a_boxed_error() {
    fn checked(request: CreateFaceRequest) -> Result<Validated<CreateFaceRequest>, ValidationError> {
        Ok(request.validated()?)
    }
    fn boxed(request: CreateFaceRequest) -> Result<Validated<CreateFaceRequest>, Box<dyn Error + Send + Sync>> {
        Ok(request.validated()?)
    }
    let request = CreateFaceRequest::new("");
    let error = checked(request.clone()).unwrap_err();
    assert_eq!(error, request.validate().unwrap_err());

    let boxed = boxed(request.clone()).unwrap_err();
    assert_eq!(boxed.to_string(), error.to_string());
    assert!(boxed.source().is_none(), "the message already holds the violations");
    let invalid = boxed.downcast::<Invalid<CreateFaceRequest>>().expect("an Invalid<CreateFaceRequest>");
    assert_eq!((invalid.error, invalid.value), (error, request));
}

#[test]
fn validated_without_the_scan_still_checks_sizes_and_unchecked_checks_nothing() {
    // A PNG with a character outside the alphabet past the header, which only the scan reads.
    let mut bytes = png(100, 100);
    bytes.resize(8192, 0);
    let mut image = base64(&bytes);
    image.replace_range(8000..8001, "*");
    let request = CreateFaceRequest { images: Some(vec![image]), ..CreateFaceRequest::new("1001") };
    let scanned = Validated::new(request.clone()).unwrap_err().error;
    assert_eq!(scanned.violations.iter().map(|v| v.rule).collect::<Vec<_>>(), [Rule::Base64]);
    assert!(Validated::without_base64_scan(request.clone()).is_ok());

    let empty = CreateFaceRequest::new("");
    assert!(Validated::without_base64_scan(empty.clone()).is_err());
    assert_eq!(Validated::unchecked(empty.clone()).into_inner(), empty);
}

#[test]
fn ivld_with_every_field_set_validates() {
    // The page documents no length limits; both image forms may be given (Image wins).
    let request = CreateCustomPersonRequest {
        image_url: Some("http://b0-123.cos.ap-shanghai.myqcloud.com/hello.jpg".into()),
        image: Some(base64(&png(640, 480))),
        ..CreateCustomPersonRequest::new("张三", "一线娱乐明星", "123")
    };
    assert_eq!(request.validate(), Ok(()));
}

#[test]
fn ivld_faults_are_all_reported() {
    let request = CreateCustomPersonRequest {
        image_url: Some("cos://bucket/hello.jpg".into()),
        image: Some("data:image/jpeg;base64,AAAA".into()),
        ..CreateCustomPersonRequest::new("", "", "123")
    };
    let error = request.validate().unwrap_err();
    assert_eq!(
        violations(&error),
        [("Name", "required"), ("BasicInfo", "required"), ("ImageURL", "url"), ("Image", "base64")]
    );
    insta::assert_snapshot!("ivld_faults", error.to_string());
}

#[test]
fn mts_with_every_field_at_its_limit_validates() {
    // 120 characters, counted as characters: each of these is three bytes in UTF-8.
    let request = RegisterCustomFaceRequest {
        person_name: Some("Person Name".into()),
        ..RegisterCustomFaceRequest::new("类".repeat(120), "人".repeat(120), "http://example-****.jpeg")
    };
    assert_eq!(request.validate(), Ok(()));
}

#[test]
fn mts_faults_are_all_reported() {
    let request = RegisterCustomFaceRequest::new("类".repeat(121), "", "example.jpeg");
    let error = request.validate().unwrap_err();
    assert_eq!(violations(&error), [("CategoryId", "max_length"), ("PersonId", "required"), ("ImageUrl", "url")]);
    insta::assert_snapshot!("mts_faults", error.to_string());
}

#[test]
fn azure_with_every_field_at_its_limit_validates() {
    let request = PersonGroupPersonAddFaceRequest {
        user_data: Some("é".repeat(512)),
        target_face: Some("10,10,100,100".into()),
        detection_model: Some("detection_03".into()),
        url: Some("http://example.com/1.jpg".into()),
        ..PersonGroupPersonAddFaceRequest::new("a".repeat(64), "25985303-c537-4467-b41d-bdb45cd95ca1")
    };
    assert_eq!(request.validate(), Ok(()));
    let too_long = PersonGroupPersonAddFaceRequest { person_group_id: "a".repeat(65), ..request };
    assert_eq!(violations(&too_long.validate().unwrap_err()), [("personGroupId", "max_length")]);
}
