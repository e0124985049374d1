//! Adds a face to an IAI person from an image URL.
//!
//! ```sh
//! TENCENTCLOUD_SECRET_ID=... TENCENTCLOUD_SECRET_KEY=... \
//!   cargo run -p cloudbind-examples --bin tencent -- <person-id> <image-url>
//! ```

use cloudbind::prelude::*;
use cloudbind::runtime::{Client, Config, Credentials};
use cloudbind::tencent::iai::v20180301::{CreateFaceErrorCode, CreateFaceRequest};
use cloudbind_examples::credentials_or_exit;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [person_id, url] = args.as_slice() else {
        eprintln!("usage: TENCENTCLOUD_SECRET_ID=... TENCENTCLOUD_SECRET_KEY=... tencent <person-id> <image-url>");
        std::process::exit(2)
    };
    let credentials = credentials_or_exit(Credentials::tencent_from_env());
    let client = Client::new(Config::new(credentials));

    let request = CreateFaceRequest { urls: Some(vec![url.clone()]), ..CreateFaceRequest::new(person_id.as_str()) };
    let request = match request.validated() {
        Ok(request) => request,
        Err(invalid) => {
            eprintln!("{invalid}");
            std::process::exit(1)
        }
    };
    match client.send(&request) {
        Ok(response) => {
            println!("added {:?} faces: {:?}", response.suc_face_num, response.suc_face_ids);
            for (i, result) in response.ret_code_results().enumerate() {
                println!("image {i}: {result:?} {}", result.summary().unwrap_or("undocumented code"));
            }
        }
        Err(error)
            if error
                .service_error()
                .is_some_and(|e| e.code == CreateFaceErrorCode::InvalidParameterValuePersonIdNotExist) =>
        {
            eprintln!("no person has the ID {person_id}: {error}");
            std::process::exit(1)
        }
        Err(error) if error.is_retryable() => {
            eprintln!("temporary failure, try again later: {error}");
            std::process::exit(1)
        }
        Err(error) => {
            eprintln!("{error}");
            std::process::exit(1)
        }
    }
}
