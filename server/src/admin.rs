//! Admin HTTP endpoints: `/stats`, `/admin/faults`, `/admin/reset`, `/admin/stats/reset`.
//!
//! Only loopback peers are answered unless the admin host is non-loopback, and
//! when credentials are checked they need a super-user key in `authorization` too.

use std::sync::Arc;

use bytes::Bytes;
use http::{Method, Request, Response, StatusCode, header};
use http_body_util::{BodyExt, Full, Limited};
use serde::Serialize;
use tonic::body::Body;

use crate::auth::Authenticator;
use crate::conn::ConnState;
use crate::faults::FaultController;
use crate::stats::Stats;

/// Largest accepted admin request body.
const MAX_ADMIN_BODY: usize = 64 * 1024;

/// Whether `path` belongs to the admin endpoints.
pub(crate) fn is_admin_path(path: &str) -> bool {
    path == "/stats" || path == "/admin" || path.starts_with("/admin/")
}

/// State the admin endpoints read and change.
#[derive(Clone, Debug)]
pub(crate) struct Admin {
    pub(crate) stats: Arc<Stats>,
    pub(crate) faults: FaultController,
    pub(crate) auth: Arc<Authenticator>,
    pub(crate) allow_remote: bool,
}

impl Admin {
    pub(crate) async fn handle<B>(&self, req: Request<B>, conn: &ConnState) -> Response<Body>
    where
        B: http_body::Body<Data = Bytes>,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        if !self.allow_remote && !conn.peer_is_loopback() {
            return error(
                StatusCode::FORBIDDEN,
                "admin endpoints answer loopback peers only",
            );
        }
        if !self.auth.admits_admin(req.headers()) {
            return error(StatusCode::UNAUTHORIZED, "missing or invalid authorization");
        }
        let method = req.method().clone();
        let path = req.uri().path().to_string();
        match (path.as_str(), method) {
            ("/stats", Method::GET) => json(StatusCode::OK, &self.stats.snapshot()),
            ("/admin/stats/reset", Method::POST) => {
                self.stats.reset();
                json(StatusCode::OK, &self.stats.snapshot())
            }
            ("/admin/faults", Method::GET) => json(StatusCode::OK, &self.faults.get()),
            ("/admin/faults", Method::POST) => {
                let body = match Limited::new(req.into_body(), MAX_ADMIN_BODY)
                    .collect()
                    .await
                {
                    Ok(collected) => collected.to_bytes(),
                    Err(e) => {
                        return error(StatusCode::BAD_REQUEST, &format!("cannot read body: {e}"));
                    }
                };
                match self.faults.apply_json(&body) {
                    Ok(faults) => json(StatusCode::OK, &faults),
                    Err(e) => error(StatusCode::BAD_REQUEST, &e.0),
                }
            }
            ("/admin/reset", Method::POST) => {
                self.faults.clear();
                json(StatusCode::OK, &self.faults.get())
            }
            ("/stats" | "/admin/stats/reset" | "/admin/faults" | "/admin/reset", _) => {
                error(StatusCode::METHOD_NOT_ALLOWED, "method not allowed")
            }
            _ => error(StatusCode::NOT_FOUND, "no such admin endpoint"),
        }
    }
}

fn json<T: Serialize>(status: StatusCode, value: &T) -> Response<Body> {
    match serde_json::to_vec(value) {
        Ok(bytes) => response(status, "application/json", bytes),
        Err(e) => error(StatusCode::INTERNAL_SERVER_ERROR, &e.to_string()),
    }
}

/// A JSON `{"error": "..."}` answer.
pub(crate) fn error(status: StatusCode, message: &str) -> Response<Body> {
    let bytes = serde_json::json!({ "error": message })
        .to_string()
        .into_bytes();
    response(status, "application/json", bytes)
}

/// A small response with a complete body.
pub(crate) fn response(status: StatusCode, content_type: &str, bytes: Vec<u8>) -> Response<Body> {
    let mut res = Response::new(Body::new(Full::new(Bytes::from(bytes))));
    *res.status_mut() = status;
    if let Ok(value) = header::HeaderValue::from_str(content_type) {
        res.headers_mut().insert(header::CONTENT_TYPE, value);
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::faults::FaultConfig;

    fn admin(allow_remote: bool) -> Admin {
        Admin {
            stats: Arc::new(Stats::default()),
            faults: FaultController::new(FaultConfig::default()).unwrap(),
            auth: Arc::new(Authenticator::new(None, None, String::new())),
            allow_remote,
        }
    }

    async fn stats_status(admin: &Admin, peer: &str) -> StatusCode {
        let conn = ConnState::new(1, peer.parse().unwrap());
        let req = Request::get("/stats")
            .body(Full::new(Bytes::new()))
            .unwrap();
        admin.handle(req, &conn).await.status()
    }

    #[tokio::test]
    async fn only_loopback_peers_unless_allowed() {
        let local_only = admin(false);
        assert_eq!(
            stats_status(&local_only, "127.0.0.1:5000").await,
            StatusCode::OK
        );
        assert_eq!(
            stats_status(&local_only, "[::1]:5000").await,
            StatusCode::OK
        );
        assert_eq!(
            stats_status(&local_only, "[::ffff:127.0.0.1]:5000").await,
            StatusCode::OK
        );
        assert_eq!(
            stats_status(&local_only, "192.0.2.1:5000").await,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            stats_status(&local_only, "[2001:db8::1]:5000").await,
            StatusCode::FORBIDDEN
        );
        assert_eq!(
            stats_status(&admin(true), "192.0.2.1:5000").await,
            StatusCode::OK
        );
    }
}
