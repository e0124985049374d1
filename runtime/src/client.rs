//! A blocking convenience client (feature `client`): builds, sends with ureq, and reads the
//! typed result. The sans-IO functions it wraps work with any HTTP client.

use std::fmt;
use std::time::Duration;

use crate::error::ErrorCode;
use crate::meta::Action;
use crate::request::{build_request, BuildError, Config};
use crate::response::{read_response, ResponseError};
use crate::validate::Validated;

/// Why a call did not return the action's response.
#[derive(Debug)]
pub enum ClientError<C> {
    /// The request could not be built (missing region, oversized body, ...).
    Build(BuildError),
    /// The request did not reach the service or the response did not arrive.
    Transport(String),
    /// The service answered with an error, an unexpected status, or an unexpected body.
    Response(ResponseError<C>),
}

impl<C: ErrorCode> fmt::Display for ClientError<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Build(e) => e.fmt(f),
            ClientError::Transport(e) => write!(f, "transport error: {e}"),
            ClientError::Response(e) => e.fmt(f),
        }
    }
}

impl<C: ErrorCode> std::error::Error for ClientError<C> {}

/// Sends requests of any action with one config and connection pool.
#[derive(Debug, Clone)]
pub struct Client {
    agent: ureq::Agent,
    config: Config,
}

impl Client {
    /// A client with a 60-second overall timeout per call.
    pub fn new(config: Config) -> Self {
        let agent = ureq::Agent::config_builder()
            // Error statuses carry the vendor's typed errors; they are read, not raised.
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(60)))
            .build()
            .into();
        Client { agent, config }
    }

    /// Builds, signs and sends `request`, then reads the typed response or error.
    pub fn send<A: Action>(&self, request: &Validated<A::Request>) -> Result<A::Response, ClientError<A::ErrorCode>> {
        let request = build_request::<A>(request, &self.config).map_err(ClientError::Build)?;
        let response = self.agent.run(request).map_err(|e| ClientError::Transport(e.to_string()))?;
        let (parts, mut body) = response.into_parts();
        let bytes = body.read_to_vec().map_err(|e| ClientError::Transport(e.to_string()))?;
        read_response::<A, _>(&http::Response::from_parts(parts, bytes)).map_err(ClientError::Response)
    }
}
