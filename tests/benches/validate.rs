//! Validation cost of the heaviest seed request: CreateFace with four 4 MB base64 images.
//!
//! `cargo bench -p cloudbind-tests --bench validate` prints three figures:
//! - every check except the full base64 scan (target: microseconds, under 10 µs);
//! - the full validation, scan included;
//! - the base64 alphabet scan alone, as throughput (target: 1 GB/s or more).
#![allow(missing_docs)] // criterion's macros generate undocumented functions

use std::hint::black_box;

use cloudbind::tencent::iai::v20180301::CreateFaceRequest;
use cloudbind_runtime::validate::{check_base64, Validate, Validator};
use cloudbind_tests::{base64, png};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const IMAGE_BASE64_BYTES: usize = 4 * 1024 * 1024;

fn four_image_request() -> CreateFaceRequest {
    let mut image = png(1920, 1080);
    image.resize(IMAGE_BASE64_BYTES / 4 * 3, 0x5a);
    let encoded = base64(&image);
    assert_eq!(encoded.len(), IMAGE_BASE64_BYTES);
    CreateFaceRequest { images: Some(vec![encoded; 4]), ..CreateFaceRequest::new("1001") }
}

fn bench(c: &mut Criterion) {
    let request = four_image_request();
    assert_eq!(request.validate(), Ok(()), "the benchmark request must be valid");

    c.bench_function("create_face_4x4MB/validate_without_base64_scan", |b| {
        b.iter(|| {
            let mut v = Validator::without_base64_scan();
            black_box(&request).validate_into(&mut v);
            v.finish()
        })
    });

    let mut group = c.benchmark_group("create_face_4x4MB");
    group.throughput(Throughput::Bytes(4 * IMAGE_BASE64_BYTES as u64));
    group.sample_size(20);
    group.bench_function("validate_full", |b| b.iter(|| black_box(&request).validate()));
    group.finish();

    let mut group = c.benchmark_group("base64_scan");
    let images = request.images.as_deref().unwrap_or_default();
    group.throughput(Throughput::Bytes(IMAGE_BASE64_BYTES as u64));
    group.bench_function("4MB", |b| b.iter(|| check_base64(black_box(images[0].as_bytes()))));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
