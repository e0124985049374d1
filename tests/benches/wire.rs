//! Runtime cost of the wire layer against its floor.
//!
//! `cargo bench -p cloudbind-tests --bench wire` prints:
//! - `floor`: `serde_json::to_vec` of the CreateFace request plus one SHA-256 pass over the
//!   body, the least any signed JSON request costs;
//! - `build_sign_serialize`: `build_request` for the same request (serialize, hash, HMAC
//!   chain, headers); target within 1.5× of the floor;
//! - `parse_*`: reading CreateFace's success and error bodies into typed values;
//! - `parse_seed_example/<Action>/<n>_<status>`: every example response of the five seed
//!   specs (success and error bodies, Azure's rate-limit body among them), read from
//!   `specs/` and parsed by its action's types.
//!
//! Four 4 MB images exceed the 10 MB that Tencent accepts in a TC3-signed body, which
//! `build_request` refuses, so the request carries four images of 2.4 MB (9.6 MB in all).

#![allow(missing_docs)] // criterion's macros generate undocumented functions

use std::hint::black_box;

use cloudbind::alibaba::mts::v20140618::RegisterCustomFace;
use cloudbind::azure::face::v1_0::PersonGroupPersonAddFace;
use cloudbind::tencent::facefusion::v20181201::FaceFusion;
use cloudbind::tencent::iai::v20180301::{CreateFace, CreateFaceRequest};
use cloudbind::tencent::ivld::v20210903::CreateCustomPerson;
use cloudbind_runtime::{build_request, parse_response, Config, Credentials, Validate};
use cloudbind_tests::{base64, png, workspace_root};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use sha2::{Digest, Sha256};

const IMAGE_BASE64_BYTES: usize = 2_400_000;

fn request() -> CreateFaceRequest {
    let mut image = png(1920, 1080);
    image.resize(IMAGE_BASE64_BYTES / 4 * 3, 0x5a);
    CreateFaceRequest { images: Some(vec![base64(&image); 4]), ..CreateFaceRequest::new("1001") }
}

const SUCCESS: &str = r#"{"Response":{"SucFaceNum":1,"SucFaceIds":["2875186538564559728"],"RetCode":[0],"SucIndexes":[0],"SucFaceRects":[{"X":135,"Y":42,"Width":98,"Height":136}],"FaceModelVersion":"2.0","RequestId":"07d63403-a199-4bbe-b9e0-692356ac738d"}}"#;
const ERROR: &str = r#"{"Response":{"Error":{"Code":"InvalidParameterValue.UploadFaceNumExceed","Message":"一次最多上传四张人脸。"},"RequestId":"44506f79-2191-49bc-997b-748a566d781c"}}"#;

fn bench(c: &mut Criterion) {
    let validated = request().validated().expect("the benchmark request is valid");
    let config =
        Config::new(Credentials::new("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE"))
            .with_clock(|| 1_551_113_065);
    let body_len = serde_json::to_vec(&*validated).expect("serializes").len() as u64;

    let mut group = c.benchmark_group("create_face_4x2.4MB");
    group.throughput(Throughput::Bytes(body_len));
    group.sample_size(30);
    group.bench_function("floor_to_vec_plus_sha256", |b| {
        b.iter(|| {
            let body = serde_json::to_vec(black_box(&*validated)).expect("serializes");
            Sha256::digest(&body)
        })
    });
    group.bench_function("build_sign_serialize", |b| {
        b.iter(|| build_request(black_box(&validated), &config).expect("builds"))
    });
    group.finish();

    c.bench_function("parse_create_face_success", |b| {
        b.iter(|| parse_response::<CreateFace>(200, black_box(SUCCESS.as_bytes())))
    });
    c.bench_function("parse_create_face_error", |b| {
        b.iter(|| parse_response::<CreateFace>(200, black_box(ERROR.as_bytes())))
    });
}

/// Every example response of the seed specs, parsed as its action reads it. An example that
/// does not read as its spec says (a typed response or the vendor's typed error) fails the
/// `examples` test, so here only the cost is measured.
fn seed_examples(c: &mut Criterion) {
    let ir = cloudbind_gen::load_ir(&workspace_root()).unwrap_or_else(|e| panic!("{e}"));
    let mut group = c.benchmark_group("parse_seed_example");
    group.warm_up_time(std::time::Duration::from_secs(1));
    group.measurement_time(std::time::Duration::from_secs(2));
    for action in ir.vendors.iter().flat_map(|v| &v.services).flat_map(|s| &s.actions) {
        // Whether the body read as the action's response: kept, so the parse is not optimised away.
        let parse: fn(u16, &[u8]) -> bool = match action.name.as_str() {
            "CreateFace" => |status, body| parse_response::<CreateFace>(status, body).is_ok(),
            "CreateCustomPerson" => |status, body| parse_response::<CreateCustomPerson>(status, body).is_ok(),
            "FaceFusion" => |status, body| parse_response::<FaceFusion>(status, body).is_ok(),
            "RegisterCustomFace" => |status, body| parse_response::<RegisterCustomFace>(status, body).is_ok(),
            "PersonGroupPersonAddFace" => {
                |status, body| parse_response::<PersonGroupPersonAddFace>(status, body).is_ok()
            }
            other => panic!("a seed action without a parse benchmark: {other}"),
        };
        for (i, example) in action.examples.iter().enumerate() {
            let status = example.status.unwrap_or(200);
            let body = example.body.as_bytes();
            group.throughput(Throughput::Bytes(body.len() as u64));
            group
                .bench_function(format!("{}/{i}_{status}", action.name), |b| b.iter(|| parse(status, black_box(body))));
        }
    }
    group.finish();
}

criterion_group!(benches, bench, seed_examples);
criterion_main!(benches);
