//! Shared helpers of the workspace tests (the tests themselves are the `[[test]]` targets).

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("tests/ has a parent").to_path_buf()
}

/// Copies every spec tree the generator reads (`specs/`, the hostile-names fixture) into
/// `dest`, so a test can break or regenerate a tree without touching the real one.
pub fn copy_specs(dest: &Path) {
    for target in cloudbind_gen::render::TARGETS {
        copy_dir(&workspace_root().join(target.specs), &dest.join(target.specs));
    }
}

/// Replaces the first `from` in `specs/<file>` below `root` with `to`; panics when the spec
/// does not contain `from`, so an edit that no longer applies fails loudly.
pub fn edit_spec(root: &Path, file: &str, from: &str, to: &str) {
    let path = root.join("specs").join(file);
    let text = std::fs::read_to_string(&path).expect("read spec");
    assert!(text.contains(from), "{file} does not contain {from:?}");
    std::fs::write(&path, text.replacen(from, to, 1)).expect("write spec");
}

/// The error of `gen`'s plan of the specs below `root`, a scratch tree with no output yet:
/// planned as `gen` plans, so each file rendered before the failure was found was staged (its
/// folders made, its contents in a temporary file). Panics unless the failure left no output
/// folder behind: a run that fails writes nothing.
pub fn failed_gen(root: &Path) -> cloudbind_gen::output::Error {
    let [_, runtime_api] = cloudbind_gen::breaks::manifest_dirs();
    let outs: Vec<PathBuf> = cloudbind_gen::render::TARGETS
        .iter()
        .map(|target| root.join(target.out))
        .chain([root.join(runtime_api)])
        .collect();
    assert!(outs.iter().all(|out| !out.exists()), "a scratch tree without output");
    let result = cloudbind_gen::pipeline::plan_with(root, cloudbind_gen::output::Mode::Staged, None, 2);
    let Err(error) = result else { panic!("the specs were accepted") };
    for out in &outs {
        assert!(!out.exists(), "a failed run must write nothing: {} is there", out.display());
    }
    error
}

/// Copies a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create directory");
    for entry in std::fs::read_dir(from).expect("read directory") {
        let path = entry.expect("directory entry").path();
        let target = to.join(path.file_name().expect("file name"));
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).expect("copy file");
        }
    }
}

/// Every file below `dir`, sorted.
pub fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("read directory") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}

/// A FIFO at `path`, with a thread waiting to write `text` to its first reader, so that code
/// reading it does not wait for ever; dropping it lets the thread go if nothing read it.
#[cfg(unix)]
pub struct Fifo {
    path: PathBuf,
    writer: Option<std::thread::JoinHandle<()>>,
}

#[cfg(unix)]
impl Fifo {
    /// Makes the FIFO (with `mkfifo`) and starts its writer.
    pub fn new(path: &Path, text: &'static str) -> Fifo {
        let made = std::process::Command::new("mkfifo").arg(path).status().expect("run mkfifo");
        assert!(made.success(), "mkfifo {}", path.display());
        let fifo = path.to_path_buf();
        let writer = std::thread::spawn(move || {
            let _ = std::fs::write(fifo, text);
        });
        Fifo { path: path.to_path_buf(), writer: Some(writer) }
    }
}

#[cfg(unix)]
impl Drop for Fifo {
    fn drop(&mut self) {
        // Opening both ends never waits, and is the reader the writer waits for.
        let ends = std::fs::OpenOptions::new().read(true).write(true).open(&self.path);
        if let Some(writer) = self.writer.take() {
            let _ = writer.join();
        }
        drop(ends);
    }
}

/// The smallest PNG `imagesize` reads: signature and IHDR with the given dimensions.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    bytes.extend(width.to_be_bytes());
    bytes.extend(height.to_be_bytes());
    bytes.extend([8, 2, 0, 0, 0, 0, 0, 0, 0]);
    bytes
}

/// The smallest GIF header with the given dimensions.
pub fn gif(width: u16, height: u16) -> Vec<u8> {
    let mut bytes = b"GIF89a".to_vec();
    bytes.extend(width.to_le_bytes());
    bytes.extend(height.to_le_bytes());
    bytes.extend([0; 8]);
    bytes
}

/// Standard padded base64.
pub fn base64(bytes: &[u8]) -> String {
    cloudbind::runtime::encode_base64(bytes)
}

/// The response body of example `index` of `action`, exactly as its spec records it from the
/// vendor page, so tests read the page's facts from one place.
pub fn seed_body(action: &str, index: usize) -> String {
    let ir = cloudbind_gen::load_ir(&workspace_root()).unwrap_or_else(|e| panic!("{e}"));
    let found = ir.vendors.iter().flat_map(|v| &v.services).flat_map(|s| &s.actions).find(|a| a.name == action);
    let action = found.unwrap_or_else(|| panic!("no action {action} in the specs"));
    action.examples.get(index).unwrap_or_else(|| panic!("{} has no example {index}", action.name)).body.clone()
}

/// The typed responses the seed pages' success examples parse into, written once for the tests
/// that parse the bodies directly and those that read them through the client.
pub mod seed_responses {
    use cloudbind::alibaba::mts::v20140618::RegisterCustomFaceResponse;
    use cloudbind::tencent::facefusion::v20181201::{FaceFusionResponse, FuseFaceReviewDetail, FuseFaceReviewResult};
    use cloudbind::tencent::ivld::v20210903::{CreateCustomPersonResponse, PersonImageInfo};

    /// IVLD CreateCustomPerson's success example.
    pub fn create_custom_person() -> CreateCustomPersonResponse {
        CreateCustomPersonResponse {
            person_id: "person-Axgo3FYc".into(),
            image_info: Some(PersonImageInfo {
                image_id: Some("image-Axgo3FYc-egMN".into()),
                image_url: Some(
                    "https://test-251202813.cos.ap-guangzhou.myqcloud.com/CustomImages/image-Axgo3FYc-egMN.jpeg".into(),
                ),
                error_code: Some("OK".into()),
                error_msg: Some("OK".into()),
            }),
            request_id: "705f6aed-f46b-4f43-aeef-31167885d938".into(),
        }
    }

    /// FaceFusion's success example.
    pub fn face_fusion() -> FaceFusionResponse {
        FaceFusionResponse {
            image: Some("https://xxxx.jpg".into()),
            review_result_set: Some(vec![FuseFaceReviewResult {
                category: Some("Politics".into()),
                code: Some("0".into()),
                code_description: Some("OK".into()),
                confidence: Some(30.0),
                suggestion: Some("PASS".into()),
                detail_set: Some(vec![FuseFaceReviewDetail {
                    field: Some(String::new()),
                    label: Some(String::new()),
                    confidence: Some(30.0),
                    suggestion: Some("PASS".into()),
                }]),
            }]),
            request_id: "66676130-5588-4cdb-a81e-8bd3c99cea1f".into(),
        }
    }

    /// MTS RegisterCustomFace's success example.
    pub fn register_custom_face() -> RegisterCustomFaceResponse {
        RegisterCustomFaceResponse {
            face_id: "c6cc71cb44a9491093818faf9d60****".into(),
            request_id: "91AEA76D-25B5-50DF-9126-AA6BB10FDAF4".into(),
        }
    }
}

/// The seed pages' example bodies, read from the specs once per test binary, for the tests
/// that parse them directly and those that read them through the client.
pub mod seed_bodies {
    use std::sync::LazyLock;

    use cloudbind::azure::face::v1_0::PersonGroupPersonAddFaceErrorCode;

    use super::seed_body;

    /// The Azure page's example bodies, in its order.
    pub static AZURE_BODIES: LazyLock<Vec<String>> =
        LazyLock::new(|| (0..8).map(|i| seed_body("PersonGroupPersonAddFace", i)).collect());

    /// IVLD CreateCustomPerson's success example.
    pub static IVLD_SUCCESS: LazyLock<String> = LazyLock::new(|| seed_body("CreateCustomPerson", 0));

    /// IAI CreateFace's success example.
    pub static IAI_SUCCESS: LazyLock<String> = LazyLock::new(|| seed_body("CreateFace", 1));

    /// IAI CreateFace's `UploadFaceNumExceed` example.
    pub static IAI_UPLOAD_FACE_NUM_EXCEED: LazyLock<String> = LazyLock::new(|| seed_body("CreateFace", 0));

    /// FaceFusion's `FuseDetectNoFace` example.
    pub static FACEFUSION_NO_FACE: LazyLock<String> = LazyLock::new(|| seed_body("FaceFusion", 0));

    /// FaceFusion's success example.
    pub static FACEFUSION_SUCCESS: LazyLock<String> = LazyLock::new(|| seed_body("FaceFusion", 1));

    /// MTS RegisterCustomFace's success example.
    pub static MTS_SUCCESS: LazyLock<String> = LazyLock::new(|| seed_body("RegisterCustomFace", 0));

    /// The MTS page shows no error body: this is the flat shape (`Code`, `Message`,
    /// `RequestId`, `HostId` with a 4xx/5xx status) and a documented 500 code of its
    /// service.yaml.
    pub const MTS_INTERNAL_ERROR: &str = r#"{"RequestId": "5E4FB22B-3A4B-4C1E-8D2A-111111111111", "HostId": "mts.cn-shanghai.aliyuncs.com", "Code": "InternalError", "Message": "errorMsg:timeout"}"#;

    /// The Azure page's error examples, in its order: status, body, and the typed code and
    /// message they read as.
    pub fn azure_error_examples() -> Vec<(u16, &'static str, PersonGroupPersonAddFaceErrorCode, &'static str)> {
        use PersonGroupPersonAddFaceErrorCode as E;
        vec![
            (
                400,
                AZURE_BODIES[1].as_str(),
                E::BadArgument,
                "Request body is invalid.",
            ),
            (
                401,
                AZURE_BODIES[2].as_str(),
                E::Unspecified,
                "Access denied due to invalid subscription key. Make sure you are subscribed to an API you are trying to call and provide the right key.",
            ),
            (
                403,
                AZURE_BODIES[3].as_str(),
                E::QuotaExceeded,
                "Persisted face number reached limit.",
            ),
            (408, AZURE_BODIES[4].as_str(), E::OperationTimeOut, "Request Timeout."),
            (
                409,
                AZURE_BODIES[5].as_str(),
                E::PersonGroupTrainingNotFinished,
                "Person group 'sample_group' is under training.",
            ),
            (415, AZURE_BODIES[6].as_str(), E::BadArgument, "Invalid Media Type."),
            (
                429,
                AZURE_BODIES[7].as_str(),
                E::RateLimitExceeded,
                "Rate limit is exceeded. Try again in 26 seconds.",
            ),
        ]
    }
}
