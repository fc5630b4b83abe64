//! Native transport: every call is a stream on ONE HTTP/2 connection (h2c for `http://`,
//! TLS with ALPN h2 for `https://`), opened on first use and reopened lazily after it drops.
//!
//! hyper's low-level `client::conn::http2` is used instead of a pooled client because the
//! product promise is exactly one multiplexed connection; the pool's choices are not needed.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use bytes::Bytes;
use http::{Method, Request, Uri};
use http_body_util::{BodyExt, Full, Limited};
use hyper::client::conn::http2::SendRequest;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use rustls_pki_types::ServerName;
use tokio::net::TcpStream;
use tokio::sync::Mutex;

use super::{HttpRequest, HttpResponse, TransportError};
use crate::config::Configuration;
use crate::endpoint::Origin;

pub(crate) const AGENT: &str = concat!("rust-edgecache:cache:", env!("CARGO_PKG_VERSION"));
pub(crate) const RUNTIME_VERSION: &str = "rust";

/// Waits for `duration` on the tokio timer.
pub(crate) async fn sleep(duration: Duration) {
    tokio::time::sleep(duration).await
}

/// The one connection to one origin.
pub(crate) struct Transport {
    origin: Origin,
    config: Configuration,
    tls: OnceLock<Result<Arc<rustls::ClientConfig>, String>>,
    connection: Mutex<Option<SendRequest<Full<Bytes>>>>,
}

impl Transport {
    /// Costs nothing: no I/O and no TLS setup until the first call.
    pub(crate) fn new(origin: Origin, config: &Configuration) -> Self {
        Transport {
            origin,
            config: config.clone(),
            tls: OnceLock::new(),
            connection: Mutex::new(None),
        }
    }

    /// Opens the connection now instead of on the first call.
    pub(crate) async fn connect(&self) -> Result<(), TransportError> {
        self.sender().await.map(drop)
    }

    pub(crate) async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let mut sender = self.sender().await?;
        let uri: Uri = format!("{}{}", self.origin.url, request.path)
            .parse()
            .map_err(|e| TransportError::Misconfigured(format!("request URI is invalid: {e}")))?;
        let mut builder = Request::builder().method(Method::POST).uri(uri);
        for (name, value) in request.headers {
            builder = builder.header(name, value);
        }
        let http_request = builder.body(Full::new(request.body)).map_err(|e| {
            TransportError::Misconfigured(format!("request headers are invalid: {e}"))
        })?;
        let response = sender
            .send_request(http_request)
            .await
            .map_err(|e| TransportError::Unavailable(format!("HTTP/2 request failed: {e}")))?;
        let (parts, body) = response.into_parts();
        let limit = self.config.max_response_bytes();
        let collected = Limited::new(body, limit).collect().await.map_err(|e| {
            if e.is::<http_body_util::LengthLimitError>() {
                TransportError::ResponseTooLarge { limit }
            } else {
                TransportError::Unavailable(format!("reading the response failed: {e}"))
            }
        })?;
        let trailers = collected.trailers().cloned();
        Ok(HttpResponse {
            status: parts.status.as_u16(),
            headers: parts.headers,
            body: collected.to_bytes(),
            trailers,
        })
    }

    /// A handle on the open connection, opening one if there is none or the last one closed.
    /// Holding the lock while connecting makes concurrent first calls share one connection.
    async fn sender(&self) -> Result<SendRequest<Full<Bytes>>, TransportError> {
        let mut slot = self.connection.lock().await;
        if let Some(sender) = slot.as_ref().filter(|s| !s.is_closed()) {
            return Ok(sender.clone());
        }
        *slot = None;
        // Boxed: connecting (TCP, TLS and HTTP/2 handshakes) happens once per connection, and
        // inline its state would make every call's future kilobytes larger.
        let sender = Box::pin(self.open()).await?;
        *slot = Some(sender.clone());
        Ok(sender)
    }

    async fn open(&self) -> Result<SendRequest<Full<Bytes>>, TransportError> {
        let tcp = TcpStream::connect((self.origin.host.as_str(), self.origin.port))
            .await
            .map_err(|e| {
                TransportError::Unavailable(format!(
                    "could not connect to {}: {e}",
                    authority(&self.origin)
                ))
            })?;
        // Small gRPC messages must not wait for Nagle's algorithm.
        let _ = tcp.set_nodelay(true);
        if self.origin.tls {
            let connector = tokio_rustls::TlsConnector::from(self.tls_config()?);
            let name = ServerName::try_from(self.origin.host.as_str().to_owned()).map_err(|e| {
                TransportError::Misconfigured(format!(
                    "{} is not a valid TLS server name: {e}",
                    self.origin.host.as_str()
                ))
            })?;
            let tls = connector.connect(name, tcp).await.map_err(|e| {
                TransportError::Unavailable(format!(
                    "TLS handshake with {} failed: {e}",
                    authority(&self.origin)
                ))
            })?;
            if tls.get_ref().1.alpn_protocol() != Some(b"h2") {
                return Err(TransportError::Misconfigured(format!(
                    "{} did not agree to HTTP/2 (ALPN h2)",
                    authority(&self.origin)
                )));
            }
            self.handshake(TokioIo::new(tls)).await
        } else {
            self.handshake(TokioIo::new(tcp)).await
        }
    }

    async fn handshake<T>(&self, io: TokioIo<T>) -> Result<SendRequest<Full<Bytes>>, TransportError>
    where
        T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
    {
        let mut builder = hyper::client::conn::http2::Builder::new(TokioExecutor::new());
        builder
            .timer(TokioTimer::new())
            .adaptive_window(true)
            .max_frame_size(64 * 1024);
        if let Some(keepalive) = self.config.keepalive() {
            builder
                .keep_alive_interval(keepalive.interval)
                .keep_alive_timeout(keepalive.timeout)
                .keep_alive_while_idle(true);
        }
        let (sender, connection) = builder.handshake(io).await.map_err(|e| {
            TransportError::Unavailable(format!(
                "HTTP/2 handshake with {} failed: {e}",
                authority(&self.origin)
            ))
        })?;
        // The connection runs as a task on the caller's runtime; it ends when the connection
        // closes, and the next call opens a new one.
        tokio::spawn(async move {
            let _ = connection.await;
        });
        Ok(sender)
    }

    fn tls_config(&self) -> Result<Arc<rustls::ClientConfig>, TransportError> {
        self.tls
            .get_or_init(|| build_tls_config(self.config.root_certificates()))
            .clone()
            .map_err(TransportError::Misconfigured)
    }
}

/// TLS that verifies certificates against the web PKI roots plus any configured extra roots.
fn build_tls_config(extra_roots: &[Vec<u8>]) -> Result<Arc<rustls::ClientConfig>, String> {
    let mut roots = rustls::RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    for der in extra_roots {
        roots
            .add(rustls_pki_types::CertificateDer::from(der.clone()))
            .map_err(|e| format!("a configured root certificate is invalid: {e}"))?;
    }
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS setup failed: {e}"))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"h2".to_vec()];
    Ok(Arc::new(config))
}

/// `host:port` for messages, with IPv6 hosts in brackets.
fn authority(origin: &Origin) -> String {
    if origin.host.contains(':') {
        format!("[{}]:{}", origin.host, origin.port)
    } else {
        format!("{}:{}", origin.host, origin.port)
    }
}
