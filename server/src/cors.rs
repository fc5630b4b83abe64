//! CORS for browser gRPC-web clients: preflight answers and exposed gRPC headers.

use std::time::Duration;

use http::{HeaderName, Method};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// Request headers a browser may send (docs/protocol.md, "CORS"). `authorization` has to be
/// named explicitly: the `*` wildcard does not cover it.
pub const ALLOWED_HEADERS: &[&str] = &[
    "content-type",
    "x-grpc-web",
    "x-user-agent",
    "grpc-timeout",
    "authorization",
    "cache",
    "agent",
    "runtime-version",
    "read-concern",
    "accept",
];

/// Response headers a browser may read: a trailers-only error is unreadable without them.
pub const EXPOSED_HEADERS: &[&str] = &["grpc-status", "grpc-message", "err"];

/// The CORS layer: any origin (`*`, no credentials mode needed), methods POST and
/// OPTIONS. Every `OPTIONS` request is answered here as a preflight.
pub(crate) fn layer() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::any())
        .allow_methods([Method::POST, Method::OPTIONS])
        .allow_headers(
            ALLOWED_HEADERS
                .iter()
                .map(|h| HeaderName::from_static(h))
                .collect::<Vec<_>>(),
        )
        .expose_headers(
            EXPOSED_HEADERS
                .iter()
                .map(|h| HeaderName::from_static(h))
                .collect::<Vec<_>>(),
        )
        .max_age(Duration::from_secs(24 * 60 * 60))
}
