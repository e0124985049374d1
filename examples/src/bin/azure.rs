//! Adds a face to a person of an Azure Face person group, from a local image file.
//!
//! ```sh
//! AZURE_FACE_KEY=... AZURE_FACE_ENDPOINT=https://<resource>.cognitiveservices.azure.com \
//!   cargo run -p cloudbind-examples --bin azure -- <person-group-id> <person-id> <image.jpg>
//! ```
//! `AZURE_FACE_ENDPOINT` is the resource's endpoint, as the portal shows it (the spec's page,
//! of Azure's China cloud, shows `https://api.cognitive.azure.cn`).

use cloudbind::azure::face::v1_0::PersonGroupPersonAddFaceRequest;

use cloudbind::prelude::*;
use cloudbind::runtime::{AppName, Client, Config, Credentials, RetryPolicy};
use cloudbind_examples::credentials_or_exit;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [group, person, path] = args.as_slice() else {
        eprintln!(
            "usage: AZURE_FACE_KEY=... AZURE_FACE_ENDPOINT=https://<resource>.cognitiveservices.azure.com \
             azure <person-group-id> <person-id> <image-file>"
        );
        std::process::exit(2)
    };
    // Azure authenticates with the subscription key alone; it is the credentials' secret.
    let credentials = credentials_or_exit(Credentials::subscription_key_from_env("AZURE_FACE_KEY"));
    let Ok(endpoint) = std::env::var("AZURE_FACE_ENDPOINT") else {
        eprintln!("set AZURE_FACE_ENDPOINT to the resource's endpoint, as the Azure portal shows it");
        std::process::exit(2)
    };
    let config = Config::new(credentials).with_endpoint(endpoint);
    let image = std::fs::read(path).unwrap_or_else(|e| {
        eprintln!("cannot read {path}: {e}");
        std::process::exit(2)
    });
    let request = PersonGroupPersonAddFaceRequest {
        image: Some(image),
        ..PersonGroupPersonAddFaceRequest::new(group.as_str(), person.as_str())
    };
    let request = request.validated().unwrap_or_else(|invalid| {
        eprintln!("{invalid}");
        std::process::exit(1)
    });
    // A throttled call (429) is tried again after the wait the service asks for (up to a
    // minute; the spec's example asks for 26 s), or after a growing pause when it does not
    // say. Other failures are not retried: adding a face twice would persist it twice, and a
    // transient fault may hide a face that was added. The whole call, waits included, takes
    // at most two minutes.
    let policy = RetryPolicy::standard().only_throttling();
    let deadline = Some(std::time::Duration::from_secs(120));
    // The app's name in the User-Agent: Azure's logs then tell this program's calls apart.
    let app = AppName::new(concat!("cloudbind-examples/", env!("CARGO_PKG_VERSION"))).expect("a printable name");
    let client = Client::new(config).with_retry(policy).with_deadline(deadline).with_app_name(app).on_retry(|event| {
        eprintln!("throttled ({}); trying again in {:.1} s", event.error, event.pause.as_secs_f64());
    });
    // With the meta, for the request id: Azure sends it in a header only, and its support
    // asks for it.
    match client.send_with_meta(&request) {
        Ok(answer) => println!(
            "persisted face {} (request id {})",
            answer.response.persisted_face_id,
            answer.meta.request_id().unwrap_or("not sent")
        ),
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(1)
        }
    }
}
