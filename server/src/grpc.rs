//! The gRPC request path in front of the tonic routes: stats, faults, then authentication.

use std::convert::Infallible;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http::{Request, Response};
use tonic::body::Body;
use tonic::service::Routes;
use tonic::{Code, Status};
use tower::Service;

use crate::auth::{self, Authenticator};
use crate::conn::ConnState;
use crate::faults::{DropKind, FaultConfig, FaultController};
use crate::stats::{Stats, TrackedBody, grpc_status};

type BoxFuture = Pin<Box<dyn Future<Output = Result<Response<Body>, Infallible>> + Send>>;

/// Wraps the tonic routes. Sits inside `tonic_web::GrpcWebLayer`, so it sees plain
/// gRPC whatever the transport, and its trailers-only answers reach gRPC-web
/// clients translated.
#[derive(Clone)]
pub(crate) struct GrpcGate {
    routes: Routes,
    stats: Arc<Stats>,
    faults: FaultController,
    auth: Arc<Authenticator>,
}

impl GrpcGate {
    pub(crate) fn new(
        routes: Routes,
        stats: Arc<Stats>,
        faults: FaultController,
        auth: Arc<Authenticator>,
    ) -> Self {
        Self {
            routes,
            stats,
            faults,
            auth,
        }
    }

    async fn handle(
        mut self,
        mut req: Request<Body>,
        conn: Option<Arc<ConnState>>,
    ) -> Response<Body> {
        let mut faults = self.faults.get();
        if let Some(conn) = &conn {
            let number = conn.next_request();
            match (faults.drop_connection_after, faults.drop_connection_kind) {
                (Some(limit), DropKind::Reset) if number > limit => {
                    conn.kill();
                    // The connection task drops this request together with the socket.
                    return std::future::pending().await;
                }
                // This request is answered, and so is every later one the connection takes
                // in before its final GOAWAY: that is what the GOAWAY's last stream id promises.
                // A connection already past the limit when the fault was set goes at its next.
                (Some(limit), DropKind::Goaway) if number >= limit => conn.go_away(),
                _ => {}
            }
        }
        if faults.stall {
            faults = self.wait_until_unstalled().await;
        }
        let delay = latency(&faults);
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        if should_fail(&faults) {
            let status = Status::new(
                Code::from_i32(faults.error_code),
                "edgecache-server: injected fault",
            );
            return status.into_http();
        }
        if let Err(refused) = self.authorize(&mut req) {
            return refused.into_http();
        }
        if std::future::poll_fn(|cx| Service::<Request<Body>>::poll_ready(&mut self.routes, cx))
            .await
            .is_err()
        {
            return Status::unavailable("edgecache-server: routes unavailable").into_http();
        }
        match self.routes.call(req).await {
            Ok(res) => res,
            Err(never) => match never {},
        }
    }

    /// Authenticates the request's `authorization` header and attaches its [`auth::Grant`]
    /// for the services; control-plane calls need a super user. Ping needs nothing, and the
    /// token services authenticate the credential in their request body themselves.
    fn authorize(&self, req: &mut Request<Body>) -> Result<(), Status> {
        let path = req.uri().path();
        if auth::is_public_grpc_path(path) || auth::is_token_service_path(path) {
            return Ok(());
        }
        let grant = self.auth.authenticate_headers(req.headers())?;
        if auth::is_control_plane_path(path) {
            grant.check_control_plane()?;
        }
        req.extensions_mut().insert(grant);
        Ok(())
    }

    /// Waits until the stall fault is cleared; returns the faults then in force.
    async fn wait_until_unstalled(&self) -> FaultConfig {
        let mut rx = self.faults.subscribe();
        loop {
            let current = rx.borrow_and_update().clone();
            if !current.stall {
                return current;
            }
            if rx.changed().await.is_err() {
                // The controller is gone, so the server is shutting down.
                return std::future::pending().await;
            }
        }
    }
}

fn latency(faults: &FaultConfig) -> Duration {
    let jitter = if faults.jitter_ms > 0 {
        rand::random_range(0..=faults.jitter_ms)
    } else {
        0
    };
    Duration::from_millis(faults.latency_ms.saturating_add(jitter))
}

fn should_fail(faults: &FaultConfig) -> bool {
    faults.error_percent >= 100.0
        || (faults.error_percent > 0.0 && rand::random::<f64>() * 100.0 < faults.error_percent)
}

impl Service<Request<Body>> for GrpcGate {
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = BoxFuture;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: Request<Body>) -> Self::Future {
        let conn = req.extensions().get::<Arc<ConnState>>().cloned();
        let guard = self.stats.begin_request(req.uri().path(), conn.clone());
        let gate = self.clone();
        Box::pin(async move {
            let res = gate.handle(req, conn).await;
            let status = grpc_status(res.headers());
            Ok(res.map(|body| Body::new(TrackedBody::new(body, guard, status))))
        })
    }
}
