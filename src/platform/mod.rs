//! The only target-specific code: how bytes reach the server and how time passes.
//!
//! This file is the transport contract; `native/` (one HTTP/2 connection with the h2 crate,
//! tokio's timer) and `web/` (the runtime's `fetch` or a host exchange, one `setTimeout` for
//! all pending timers) implement it with the same names, so everything above this module is
//! plain async Rust written once. Which one builds is the `native` / `web` cfg named in
//! build.rs.

use bytes::Bytes;
use http::HeaderMap;

#[cfg(native)]
mod native;
#[cfg(native)]
pub(crate) use native::{AGENT, RUNTIME_VERSION, ResponseBody, Transport, sleep};

#[cfg(web)]
mod web;
#[cfg(web)]
pub(crate) use web::{AGENT, RUNTIME_VERSION, ResponseBody, Transport, js_bytes, sleep};

/// One gRPC-web exchange to send: a POST of `body` to `path` on the transport's origin.
pub(crate) struct HttpRequest {
    pub path: &'static str,
    pub headers: Vec<(&'static str, String)>,
    pub body: Bytes,
}

/// What came back: the HTTP status, headers, the whole body, and HTTP trailers if the
/// transport exposes them.
pub(crate) struct HttpResponse {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Bytes,
    pub trailers: Option<HeaderMap>,
}

/// The head of a response whose body is read as it arrives (server-streaming calls).
pub(crate) struct StreamedResponse {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: ResponseBody,
}

/// Why an exchange failed below gRPC.
#[derive(Debug)]
pub(crate) enum TransportError {
    /// The server could not be reached, or the connection broke: worth retrying.
    Unavailable(String),
    /// The endpoint cannot work as configured (bad URL, TLS setup): retrying will not help.
    Misconfigured(String),
    /// The response body exceeded the configured maximum.
    ResponseTooLarge { limit: usize },
}
