//! The only target-specific code: how bytes reach the server and how time passes.
//!
//! Natively that is one HTTP/2 connection (the h2 crate) and tokio's timer; on wasm32 it is the
//! runtime's `fetch` and one `setTimeout` for all pending timers. Both files export the same names, so everything above
//! this module is plain async Rust written once.

use bytes::Bytes;
use http::HeaderMap;

#[cfg(not(target_arch = "wasm32"))]
mod native;
#[cfg(not(target_arch = "wasm32"))]
pub(crate) use native::{AGENT, RUNTIME_VERSION, ResponseBody, Transport, sleep};

#[cfg(target_arch = "wasm32")]
pub(crate) mod js_bytes;
#[cfg(target_arch = "wasm32")]
mod timers;
#[cfg(target_arch = "wasm32")]
mod wasm;
#[cfg(target_arch = "wasm32")]
pub(crate) use timers::sleep;
#[cfg(target_arch = "wasm32")]
pub(crate) use wasm::{AGENT, RUNTIME_VERSION, Transport};

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
#[cfg(not(target_arch = "wasm32"))]
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
