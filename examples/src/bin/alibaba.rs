//! Registers a custom face with MTS.
//!
//! ```sh
//! ALIBABA_CLOUD_ACCESS_KEY_ID=... ALIBABA_CLOUD_ACCESS_KEY_SECRET=... \
//!   cargo run -p cloudbind-examples --bin alibaba -- <region> <category-id> <person-id> <image-url>
//! ```

use cloudbind::alibaba::mts::v20140618::RegisterCustomFaceRequest;
use cloudbind::prelude::*;
use cloudbind::runtime::{Client, Config, Credentials};
use cloudbind_examples::credentials_or_exit;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [region, category_id, person_id, url] = args.as_slice() else {
        eprintln!(
            "usage: ALIBABA_CLOUD_ACCESS_KEY_ID=... ALIBABA_CLOUD_ACCESS_KEY_SECRET=... \
             alibaba <region> <category-id> <person-id> <image-url>"
        );
        std::process::exit(2)
    };
    let credentials = credentials_or_exit(Credentials::alibaba_from_env());
    let client = Client::new(Config::new(credentials).with_region(region.as_str()));

    let request = RegisterCustomFaceRequest::new(category_id.as_str(), person_id.as_str(), url.as_str());
    let result = request
        .validated()
        .map_err(|invalid| invalid.to_string())
        .and_then(|request| client.send(&request).map_err(|e| e.to_string()));
    match result {
        Ok(response) => println!("face {} (request {})", response.face_id, response.request_id),
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(1)
        }
    }
}
