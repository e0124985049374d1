//! Adds a face to a person of an Azure Face person group, from a local image file.
//!
//! ```sh
//! AZURE_FACE_KEY=... AZURE_FACE_ENDPOINT=https://<resource>.cognitiveservices.azure.com \
//!   cargo run -p cloudbind-examples --bin azure -- <person-group-id> <person-id> <image.jpg>
//! ```
//! Without `AZURE_FACE_ENDPOINT`, the China cloud endpoint of the spec is used.

use cloudbind::azure::face::v1_0::PersonGroupPersonAddFaceRequest;
use cloudbind::runtime::{Client, Config, Credentials, Validate};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [group, person, path] = args.as_slice() else {
        eprintln!(
            "usage: AZURE_FACE_KEY=... [AZURE_FACE_ENDPOINT=https://<resource>.cognitiveservices.azure.com] \
             azure <person-group-id> <person-id> <image-file>"
        );
        std::process::exit(2)
    };
    let Ok(key) = std::env::var("AZURE_FACE_KEY") else {
        eprintln!("set AZURE_FACE_KEY (see the comment at the top of this example)");
        std::process::exit(2)
    };
    // Azure authenticates with the subscription key alone; it is the credentials' secret.
    let mut config = Config::new(Credentials::subscription_key(key));
    if let Ok(endpoint) = std::env::var("AZURE_FACE_ENDPOINT") {
        config = config.with_endpoint(endpoint);
    }
    let image = std::fs::read(path).unwrap_or_else(|e| {
        eprintln!("cannot read {path}: {e}");
        std::process::exit(2)
    });
    let request = PersonGroupPersonAddFaceRequest {
        image: Some(image),
        ..PersonGroupPersonAddFaceRequest::new(group.as_str(), person.as_str())
    };
    let result = request
        .validated()
        .map_err(|invalid| invalid.to_string())
        .and_then(|request| Client::new(config).send(&request).map_err(|e| e.to_string()));
    match result {
        Ok(response) => println!("persisted face {}", response.persisted_face_id),
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(1)
        }
    }
}
