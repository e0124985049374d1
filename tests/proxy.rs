//! The client through an HTTPS proxy named by the environment, as the README promises.
//!
//! The test sets `ALL_PROXY`, which ureq reads when an agent is made, so it is the only test
//! in this binary: no other thread reads the environment while it changes. The "proxy" on
//! 127.0.0.1 reads each `CONNECT`, records it and refuses it, so nothing leaves the machine.
//! What it records shows which host the client asked for and which `User-Agent` the agent
//! sent on its own: the application's name there proves that `with_app_name` and
//! `with_config` made a new agent rather than keeping the old one.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use cloudbind::tencent::ivld::v20210903::CreateCustomPersonRequest;
use cloudbind_runtime::{AppName, Client, ClientError, Config, Credentials, TransportErrorKind, Validate};

/// One `CONNECT` as the proxy read it: the request line and the `User-Agent` header.
#[derive(Debug, PartialEq)]
struct Connect {
    line: String,
    user_agent: Option<String>,
}

/// Accepts `count` connections on `listener`, reads one request head from each, answers
/// 403 and closes; sends what it read down the channel.
fn refusing_proxy(listener: TcpListener, count: usize) -> mpsc::Receiver<Connect> {
    let (sender, received) = mpsc::channel();
    thread::spawn(move || {
        for stream in listener.incoming().take(count) {
            let Ok(mut stream) = stream else { return };
            let _ = stream.set_read_timeout(Some(Duration::from_secs(10)));
            let mut reader = BufReader::new(stream.try_clone().expect("clone the socket"));
            let mut lines = Vec::new();
            loop {
                let mut line = String::new();
                match reader.read_line(&mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) if line == "\r\n" => break,
                    Ok(_) => lines.push(line.trim_end().to_owned()),
                }
            }
            let _ = stream.write_all(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
            let user_agent = lines.iter().find_map(|line| {
                let (name, value) = line.split_once(':')?;
                name.eq_ignore_ascii_case("user-agent").then(|| value.trim().to_owned())
            });
            let line = lines.first().cloned().unwrap_or_default();
            if sender.send(Connect { line, user_agent }).is_err() {
                return;
            }
        }
    });
    received
}

fn ivld_config() -> Config {
    Config::new(Credentials::new("AKIDproxy0000EXAMPLE", "proxy-secret-EXAMPLE")).with_region("ap-guangzhou")
}

fn app(name: &str) -> AppName {
    AppName::new(name).expect("a valid app name")
}

#[test]
fn the_proxy_named_by_the_environment_sees_the_host_and_the_current_app_name() {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
    let proxy = format!("http://{}", listener.local_addr().expect("local address"));
    // ureq tries ALL_PROXY first; NO_PROXY could exempt the host, so it goes.
    for variable in ["NO_PROXY", "no_proxy"] {
        std::env::remove_var(variable);
    }
    std::env::set_var("ALL_PROXY", &proxy);
    let connects = refusing_proxy(listener, 4);

    let request = CreateCustomPersonRequest {
        image_url: Some("https://example.com/face.jpeg".into()),
        ..CreateCustomPersonRequest::new("proxy", "through a proxy", "11")
    }
    .validated()
    .expect("a valid request");
    let next = |client: &Client| {
        match client.send(&request) {
            Err(ClientError::Transport(error)) => {
                // A proxy that refuses the tunnel is one the client could not use.
                assert_eq!(error.kind(), TransportErrorKind::Other, "{error}");
            }
            other => panic!("expected the proxy's refusal, got {:?}", other.map(|_| ())),
        }
        connects.recv_timeout(Duration::from_secs(10)).expect("the client went through the proxy")
    };

    let client = Client::new(ivld_config().with_app_name(app("first/1")));
    let seen = next(&client);
    assert_eq!(seen.line, "CONNECT ivld.tencentcloudapi.com:443 HTTP/1.1");
    assert_eq!(app_named(&seen), "first/1");

    let client = client.with_app_name(app("second/2"));
    assert_eq!(app_named(&next(&client)), "second/2", "with_app_name makes a new agent");

    let client = client.with_config(ivld_config().with_app_name(app("third/3")));
    assert_eq!(app_named(&next(&client)), "third/3", "with_config naming another app makes a new agent");

    // A config that names no app keeps the client's name, and its agent.
    let client = client.with_config(ivld_config());
    assert_eq!(app_named(&next(&client)), "third/3");
}

/// The application's name in a `CONNECT`'s `User-Agent`, which must end with the runtime's
/// own `cloudbind-runtime/<version>`.
fn app_named(seen: &Connect) -> &str {
    let agent = seen.user_agent.as_deref().unwrap_or_else(|| panic!("no User-Agent in {seen:?}"));
    let (app, version) = agent.rsplit_once(" cloudbind-runtime/").unwrap_or_else(|| panic!("{agent}"));
    assert!(version.split('.').all(|n| n.parse::<u32>().is_ok()), "{agent}");
    app
}
