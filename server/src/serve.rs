//! Accept loop and per-connection serving: TLS, HTTP/1.1 + h2 auto-detection, request dispatch.

use std::convert::Infallible;
use std::future::Future;
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use http::header::{ACCEPT, ALLOW, CONNECTION, CONTENT_TYPE};
use http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode, Version};
use hyper::body::Incoming;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio_rustls::TlsAcceptor;
use tonic::body::Body;
use tonic_web::GrpcWebService;
use tower::{Layer, Service};

use crate::admin::{self, Admin};
use crate::conn::ConnState;
use crate::cors;
use crate::grpc::GrpcGate;
use crate::stats::Stats;

/// HTTP/2 streams per connection, as the hosted service allows.
pub const MAX_CONCURRENT_STREAMS: u32 = 100;
/// A TLS handshake that takes longer than this is dropped.
const TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// After a fault's GOAWAY, requests taken in get this long to finish before the connection
/// closes anyway (a stalled request would otherwise hold it open).
const GOAWAY_DRAIN_LIMIT: Duration = Duration::from_secs(2);

/// How to stop: drop everything now, or finish in-flight requests first (bounded).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ShutdownMode {
    Immediate,
    Graceful(Duration),
}

pub(crate) type ShutdownRx = watch::Receiver<Option<ShutdownMode>>;

/// What one listener serves; shared by its connections.
pub(crate) struct App {
    /// gRPC and gRPC-web (absent on an admin-only listener).
    pub(crate) grpc: Option<GrpcWebService<GrpcGate>>,
    /// Admin endpoints served on this listener.
    pub(crate) admin: Option<Admin>,
    pub(crate) stats: Arc<Stats>,
    /// Count this listener's connections in the stats.
    pub(crate) track_connections: bool,
    pub(crate) tls: Option<TlsAcceptor>,
    pub(crate) http: auto::Builder<TokioExecutor>,
}

/// The HTTP settings of every connection: HTTP/1.1 and h2 (prior knowledge or ALPN).
pub(crate) fn http_builder() -> auto::Builder<TokioExecutor> {
    let mut builder = auto::Builder::new(TokioExecutor::new());
    builder.http1().timer(TokioTimer::new());
    builder
        .http2()
        .timer(TokioTimer::new())
        .max_concurrent_streams(MAX_CONCURRENT_STREAMS)
        .initial_stream_window_size(1024 * 1024)
        .initial_connection_window_size(4 * 1024 * 1024);
    builder
}

/// Accepts connections until shutdown, then closes the listener and the connections.
pub(crate) async fn accept_loop(listener: TcpListener, app: Arc<App>, mut shutdown: ShutdownRx) {
    let mut conns = JoinSet::new();
    let mode = loop {
        tokio::select! {
            changed = shutdown.changed() => {
                let mode = *shutdown.borrow_and_update();
                match (changed, mode) {
                    (Ok(()), Some(mode)) => break mode,
                    (Ok(()), None) => continue,
                    (Err(_), _) => break ShutdownMode::Immediate,
                }
            }
            accepted = listener.accept() => match accepted {
                Ok((stream, peer)) => {
                    conns.spawn(serve_connection(stream, peer, app.clone(), shutdown.clone()));
                }
                // Transient (out of file descriptors, aborted handshake): back off a little.
                Err(_) => tokio::time::sleep(Duration::from_millis(20)).await,
            },
            Some(_) = conns.join_next(), if !conns.is_empty() => {}
        }
    };
    drop(listener);
    if let ShutdownMode::Graceful(limit) = mode {
        let _ =
            tokio::time::timeout(limit, async { while conns.join_next().await.is_some() {} }).await;
    }
    conns.shutdown().await;
}

async fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    app: Arc<App>,
    shutdown: ShutdownRx,
) {
    let _ = stream.set_nodelay(true);
    let guard = app
        .track_connections
        .then(|| app.stats.open_connection(peer));
    let conn = match &guard {
        Some(guard) => guard.conn.clone(),
        None => Arc::new(ConnState::new(0, peer)),
    };
    let killer = Killer::new(&stream);
    match app.tls.clone() {
        None => drive(TokioIo::new(stream), app, conn, killer, shutdown).await,
        Some(acceptor) => {
            if let Ok(Ok(tls)) =
                tokio::time::timeout(TLS_HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await
            {
                drive(TokioIo::new(tls), app, conn, killer, shutdown).await;
            }
        }
    }
    drop(guard);
}

async fn drive<I>(
    io: I,
    app: Arc<App>,
    conn: Arc<ConnState>,
    killer: Killer,
    mut shutdown: ShutdownRx,
) where
    I: hyper::rt::Read + hyper::rt::Write + Unpin + Send + 'static,
{
    let service = TowerToHyperService::new(cors::layer().layer(ConnService {
        app: app.clone(),
        conn: conn.clone(),
    }));
    let connection = app.http.serve_connection(io, service);
    tokio::pin!(connection);
    let mut draining = false;
    // Set when a fault asked the connection to go away: how long it may take to drain.
    let drain_limit = tokio::time::sleep(Duration::MAX);
    tokio::pin!(drain_limit);
    let mut drain_limited = false;
    loop {
        tokio::select! {
            _ = connection.as_mut() => return,
            _ = conn.killed() => {
                killer.reset_on_close();
                return;
            }
            _ = conn.going_away(), if !draining => {
                connection.as_mut().graceful_shutdown();
                draining = true;
                drain_limited = true;
                drain_limit.as_mut().reset(tokio::time::Instant::now() + GOAWAY_DRAIN_LIMIT);
            }
            _ = drain_limit.as_mut(), if drain_limited => return,
            changed = shutdown.changed(), if !draining => {
                let mode = *shutdown.borrow_and_update();
                match (changed, mode) {
                    (Ok(()), Some(ShutdownMode::Graceful(_))) => {
                        connection.as_mut().graceful_shutdown();
                        draining = true;
                        // Subscription streams never finish on their own: end them now. The
                        // server's own grace limit bounds the rest.
                        conn.go_away();
                    }
                    (Ok(()), None) => {}
                    _ => return,
                }
            }
        }
    }
}

/// Makes the close of a killed connection send RST instead of FIN.
struct Killer {
    #[cfg(unix)]
    fd: Option<std::os::fd::OwnedFd>,
}

impl Killer {
    fn new(stream: &TcpStream) -> Self {
        #[cfg(unix)]
        {
            use std::os::fd::AsFd;
            Self {
                fd: stream.as_fd().try_clone_to_owned().ok(),
            }
        }
        #[cfg(not(unix))]
        {
            let _ = stream;
            Self {}
        }
    }

    /// SO_LINGER 0: the last close of the socket resets the connection.
    fn reset_on_close(&self) {
        #[cfg(unix)]
        if let Some(fd) = &self.fd {
            let _ = socket2::SockRef::from(fd).set_linger(Some(Duration::ZERO));
        }
    }
}

/// Dispatches one request of one connection: admin, health, gRPC or a 4xx.
#[derive(Clone)]
struct ConnService {
    app: Arc<App>,
    conn: Arc<ConnState>,
}

type BoxFuture = Pin<Box<dyn Future<Output = Result<Response<Body>, Infallible>> + Send>>;

impl Service<Request<Incoming>> for ConnService {
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = BoxFuture;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, mut req: Request<Incoming>) -> Self::Future {
        let path = req.uri().path();
        let admin = self.app.admin.as_ref();
        if let Some(admin) = admin.filter(|_| admin::is_admin_path(path)) {
            let admin = admin.clone();
            let conn = self.conn.clone();
            return Box::pin(async move { Ok(admin.handle(req, &conn).await) });
        }
        let Some(grpc) = &self.app.grpc else {
            return ready(admin::error(StatusCode::NOT_FOUND, "not found"));
        };
        if path == "/health" && req.method() == Method::GET {
            return ready(admin::response(
                StatusCode::OK,
                "text/plain",
                b"ok\n".to_vec(),
            ));
        }
        if req.method() != Method::POST {
            let mut res = admin::error(
                StatusCode::METHOD_NOT_ALLOWED,
                "gRPC and gRPC-web requests use POST",
            );
            res.headers_mut()
                .insert(ALLOW, HeaderValue::from_static("POST, OPTIONS"));
            return ready(res);
        }
        if !normalize_content_type(req.headers_mut()) {
            return ready(admin::error(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "expected content-type application/grpc, application/grpc-web or application/grpc-web-text",
            ));
        }
        req.extensions_mut().insert(self.conn.clone());
        let mut grpc = grpc.clone();
        let conn = self.conn.clone();
        let http1 = req.version() < Version::HTTP_2;
        Box::pin(async move {
            std::future::poll_fn(|cx| Service::<Request<Incoming>>::poll_ready(&mut grpc, cx))
                .await?;
            let mut res = grpc.call(req).await?;
            // HTTP/1.1 has no GOAWAY: a connection that is going away says so on its response,
            // and hyper closes it once the response is written.
            if http1 && conn.is_going_away() {
                res.headers_mut()
                    .insert(CONNECTION, HeaderValue::from_static("close"));
            }
            Ok(res)
        })
    }
}

fn ready(res: Response<Body>) -> BoxFuture {
    Box::pin(std::future::ready(Ok(res)))
}

/// Checks that the request is gRPC or gRPC-web and rewrites gRPC-web headers to the
/// exact forms tonic-web matches: content-type without parameters, and an `accept`
/// that picks the response encoding (text if asked for, else the request's mode).
fn normalize_content_type(headers: &mut HeaderMap) -> bool {
    let Some(content_type) = headers.get(CONTENT_TYPE).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let base = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let canonical = match base.as_str() {
        "application/grpc-web" | "application/grpc-web+proto" => "application/grpc-web+proto",
        "application/grpc-web-text" | "application/grpc-web-text+proto" => {
            "application/grpc-web-text+proto"
        }
        other => return other.starts_with("application/grpc"),
    };
    let request_is_text = canonical.starts_with("application/grpc-web-text");
    let accept = headers
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let text_response = accept.contains("application/grpc-web-text")
        || (request_is_text && !accept.contains("application/grpc-web"));
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(canonical));
    headers.insert(
        ACCEPT,
        HeaderValue::from_static(if text_response {
            "application/grpc-web-text+proto"
        } else {
            "application/grpc-web+proto"
        }),
    );
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(content_type: &str, accept: Option<&str>) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(CONTENT_TYPE, content_type.parse().unwrap());
        if let Some(a) = accept {
            h.insert(ACCEPT, a.parse().unwrap());
        }
        h
    }

    #[test]
    fn content_types() {
        assert!(normalize_content_type(&mut headers(
            "application/grpc",
            None
        )));
        assert!(normalize_content_type(&mut headers(
            "application/grpc+proto",
            None
        )));
        assert!(!normalize_content_type(&mut headers("text/plain", None)));
        assert!(!normalize_content_type(&mut HeaderMap::new()));

        let mut h = headers("application/grpc-web-text; charset=utf-8", None);
        assert!(normalize_content_type(&mut h));
        assert_eq!(h[CONTENT_TYPE], "application/grpc-web-text+proto");
        assert_eq!(h[ACCEPT], "application/grpc-web-text+proto");

        let mut h = headers("application/grpc-web", Some("*/*"));
        assert!(normalize_content_type(&mut h));
        assert_eq!(h[ACCEPT], "application/grpc-web+proto");

        let mut h = headers(
            "application/grpc-web+proto",
            Some("application/grpc-web-text"),
        );
        assert!(normalize_content_type(&mut h));
        assert_eq!(h[ACCEPT], "application/grpc-web-text+proto");
    }
}
