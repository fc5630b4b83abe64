//! Native transport: every call is a stream on ONE HTTP/2 connection (h2c for `http://`,
//! TLS with ALPN h2 for `https://`), opened on first use and reopened lazily after it drops.
//!
//! The `h2` crate is driven directly rather than through hyper's client: hyper spawns a task
//! and moves a large future for every request, which made a call cost as much CPU as the
//! whole server's work for it. Here a call is one stream on a cloned `SendRequest` handle,
//! with no task, no per-call connection lock and a request URI built from parts parsed once.

use std::future::pending;
use std::pin::pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock, PoisonError};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use futures_util::future::select;
use h2::client::SendRequest;
use http::header::{CONTENT_LENGTH, HeaderName, HeaderValue};
use http::uri::{Authority, PathAndQuery, Scheme};
use http::{Method, Request, Uri};
use rustls_pki_types::ServerName;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;

use super::{HttpRequest, HttpResponse, StreamedResponse, TransportError};
use crate::config::{Configuration, Keepalive};
use crate::endpoint::Origin;

pub(crate) const AGENT: &str = concat!("rust-edgecache:cache:", env!("CARGO_PKG_VERSION"));
pub(crate) const RUNTIME_VERSION: &str = "rust";

/// Per-stream receive window: a 1 MiB value arrives without waiting for WINDOW_UPDATEs.
const STREAM_WINDOW: u32 = 1024 * 1024;
/// Connection receive window: room for many such streams at once.
const CONNECTION_WINDOW: u32 = 16 * 1024 * 1024;
const MAX_FRAME_SIZE: u32 = 64 * 1024;

/// Waits until `duration` has passed by the clock, on the tokio timer.
pub(crate) async fn sleep(duration: Duration) {
    match tokio::time::Instant::now().checked_add(duration) {
        Some(deadline) => sleep_until_due(deadline, tokio::time::sleep_until).await,
        // Past what the clock can represent: never.
        None => pending().await,
    }
}

/// Arms `timer` for `deadline` until the clock says the deadline has passed. The same rule as
/// the wasm32 timers: a timer going off is not taken as proof that the time is up. tokio's
/// wheel rounds deadlines up to whole milliseconds, so natively the check holds at once;
/// it is here so that no timer can end a sleep early.
async fn sleep_until_due<T: Future<Output = ()>>(
    deadline: tokio::time::Instant,
    timer: impl Fn(tokio::time::Instant) -> T,
) {
    while tokio::time::Instant::now() < deadline {
        timer(deadline).await;
    }
}

/// The open connection: a handle to start streams on, and whether its driver has ended.
struct Connection {
    sender: SendRequest<Bytes>,
    closed: Arc<AtomicBool>,
}

impl Connection {
    fn is_open(&self) -> bool {
        !self.closed.load(Ordering::Acquire)
    }
}

/// The one connection to one origin.
pub(crate) struct Transport {
    origin: Origin,
    /// `scheme://host:port` parsed once; every request URI is built from these parts.
    base: Result<(Scheme, Authority), String>,
    config: Configuration,
    tls: OnceLock<Result<Arc<rustls::ClientConfig>, String>>,
    /// Taken briefly by every call to clone the handle; never held across an await.
    connection: Mutex<Option<Connection>>,
    /// Held while (re)connecting, so concurrent calls that find no connection share one.
    connecting: tokio::sync::Mutex<()>,
}

impl Transport {
    /// Costs nothing: no I/O and no TLS setup until the first call.
    pub(crate) fn new(origin: Origin, config: &Configuration) -> Self {
        let base = Uri::try_from(origin.url.as_str())
            .map_err(|e| format!("the endpoint {} is not a valid URI: {e}", origin.url))
            .and_then(
                |uri| match (uri.scheme().cloned(), uri.authority().cloned()) {
                    (Some(scheme), Some(authority)) => Ok((scheme, authority)),
                    _ => Err(format!("the endpoint {} has no scheme or host", origin.url)),
                },
            );
        Transport {
            origin,
            base,
            config: config.clone(),
            tls: OnceLock::new(),
            connection: Mutex::new(None),
            connecting: tokio::sync::Mutex::new(()),
        }
    }

    /// Opens the connection now instead of on the first call.
    pub(crate) async fn connect(&self) -> Result<(), TransportError> {
        self.sender().await.map(drop)
    }

    pub(crate) async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let (response, closed) = self.start(request).await?;
        let (parts, mut body) = response.into_parts();
        let broken = |context: &str, e: h2::Error| broken(&closed, context, e);
        let limit = self.config.max_response_bytes();
        let announced = parts
            .headers
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        if announced.is_some_and(|len| len > limit) {
            return Err(TransportError::ResponseTooLarge { limit });
        }
        let mut collected = Collected::default();
        while let Some(chunk) = body.data().await {
            let chunk = chunk.map_err(|e| broken("reading the response failed", e))?;
            // Returns the window to the server at once: the bytes are ours now.
            let _ = body.flow_control().release_capacity(chunk.len());
            if collected.len() + chunk.len() > limit {
                // Dropping `body` resets the stream; nothing more is buffered.
                return Err(TransportError::ResponseTooLarge { limit });
            }
            collected.push(chunk);
        }
        let trailers = body
            .trailers()
            .await
            .map_err(|e| broken("reading the response trailers failed", e))?;
        Ok(HttpResponse {
            status: parts.status.as_u16(),
            headers: parts.headers,
            body: collected.into_bytes(),
            trailers,
        })
    }

    /// Sends a request whose response body is a stream: returns as soon as the response
    /// headers are in, with the body to read DATA frame by DATA frame. Dropping the body
    /// cancels the stream on the wire (RST_STREAM).
    pub(crate) async fn open_stream(
        &self,
        request: HttpRequest,
    ) -> Result<StreamedResponse, TransportError> {
        let (response, closed) = self.start(request).await?;
        let (parts, body) = response.into_parts();
        Ok(StreamedResponse {
            status: parts.status.as_u16(),
            headers: parts.headers,
            body: ResponseBody { body, closed },
        })
    }

    /// Starts one exchange: sends the head and the whole request body, and waits for the
    /// response head.
    async fn start(
        &self,
        request: HttpRequest,
    ) -> Result<(http::Response<h2::RecvStream>, Arc<AtomicBool>), TransportError> {
        let head = self.request_head(&request)?;
        let (sender, closed) = self.sender().await?;
        let mut sender = sender
            .ready()
            .await
            .map_err(|e| broken(&closed, "the HTTP/2 connection failed", e))?;
        let (response, mut body_stream) = sender
            .send_request(head, false)
            .map_err(|e| broken(&closed, "HTTP/2 request failed", e))?;
        // The body is already in memory; h2 holds it (no copy) until flow control lets it go.
        let sent = body_stream.send_data(request.body, true);
        // A server may answer without reading the request and close the stream: when its
        // answer overtakes the body, sending fails but the answer is there to read.
        match (response.await, sent) {
            (Ok(response), _) => Ok((response, closed)),
            (Err(_), Err(e)) | (Err(e), Ok(())) => Err(broken(&closed, "HTTP/2 request failed", e)),
        }
    }

    /// The request line and headers of one exchange.
    fn request_head(&self, request: &HttpRequest) -> Result<Request<()>, TransportError> {
        let (scheme, authority) = self.base.clone().map_err(TransportError::Misconfigured)?;
        let mut uri = http::uri::Parts::default();
        uri.scheme = Some(scheme);
        uri.authority = Some(authority);
        uri.path_and_query = Some(PathAndQuery::from_static(request.path));
        let uri = Uri::from_parts(uri)
            .map_err(|e| TransportError::Misconfigured(format!("request URI is invalid: {e}")))?;
        let mut head = Request::new(());
        *head.method_mut() = Method::POST;
        *head.uri_mut() = uri;
        let headers = head.headers_mut();
        headers.reserve(request.headers.len());
        for (name, value) in &request.headers {
            let value = HeaderValue::from_str(value).map_err(|_| {
                TransportError::Misconfigured(format!(
                    "the {name} header cannot carry the given value"
                ))
            })?;
            headers.append(HeaderName::from_static(name), value);
        }
        Ok(head)
    }

    /// The open connection's handle and its closed flag, taken without waiting when there is
    /// one.
    fn current(&self) -> Option<(SendRequest<Bytes>, Arc<AtomicBool>)> {
        let slot = self
            .connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        slot.as_ref()
            .filter(|c| c.is_open())
            .map(|c| (c.sender.clone(), c.closed.clone()))
    }

    /// A handle on the open connection, opening one if there is none or the last one closed.
    async fn sender(&self) -> Result<(SendRequest<Bytes>, Arc<AtomicBool>), TransportError> {
        if let Some(open) = self.current() {
            return Ok(open);
        }
        let _connecting = self.connecting.lock().await;
        // Another call may have connected while this one waited for the lock.
        if let Some(open) = self.current() {
            return Ok(open);
        }
        // Boxed: connecting (TCP, TLS and HTTP/2 handshakes) happens once per connection, and
        // inline its state would make every call's future kilobytes larger.
        let connection = Box::pin(self.open()).await?;
        let open = (connection.sender.clone(), connection.closed.clone());
        *self
            .connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(connection);
        Ok(open)
    }

    async fn open(&self) -> Result<Connection, TransportError> {
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
            self.handshake(tls).await
        } else {
            self.handshake(tcp).await
        }
    }

    async fn handshake<T>(&self, io: T) -> Result<Connection, TransportError>
    where
        T: AsyncRead + AsyncWrite + Unpin + Send + 'static,
    {
        let (sender, mut connection) = h2::client::Builder::new()
            .initial_window_size(STREAM_WINDOW)
            .initial_connection_window_size(CONNECTION_WINDOW)
            .max_frame_size(MAX_FRAME_SIZE)
            .enable_push(false)
            .handshake::<_, Bytes>(io)
            .await
            .map_err(|e| {
                TransportError::Unavailable(format!(
                    "HTTP/2 handshake with {} failed: {e}",
                    authority(&self.origin)
                ))
            })?;
        let closed = Arc::new(AtomicBool::new(false));
        let keepalive = keep_alive(connection.ping_pong(), self.config.keepalive());
        let driver_closed = closed.clone();
        // The connection runs as a task on the caller's runtime until the peer closes it, it
        // fails, or it stops answering keepalive pings; the next call then opens a new one.
        tokio::spawn(async move {
            let _ = select(pin!(connection), pin!(keepalive)).await;
            driver_closed.store(true, Ordering::Release);
        });
        Ok(Connection { sender, closed })
    }

    fn tls_config(&self) -> Result<Arc<rustls::ClientConfig>, TransportError> {
        self.tls
            .get_or_init(|| build_tls_config(self.config.root_certificates()))
            .clone()
            .map_err(TransportError::Misconfigured)
    }
}

/// Pings the peer every interval and returns when a ping goes unanswered for the timeout;
/// never returns without keepalive (for example on Lambda, where a frozen process must not
/// find a dead connection it thinks is alive, the preset turns it off).
async fn keep_alive(ping_pong: Option<h2::PingPong>, settings: Option<Keepalive>) {
    let (Some(mut ping_pong), Some(settings)) = (ping_pong, settings) else {
        return pending().await;
    };
    loop {
        sleep(settings.interval).await;
        let answered =
            tokio::time::timeout(settings.timeout, ping_pong.ping(h2::Ping::opaque())).await;
        if !matches!(answered, Ok(Ok(_))) {
            return;
        }
    }
}

/// A failed exchange. A connection-level failure means the handle is dead: the next call
/// reconnects.
fn broken(closed: &AtomicBool, context: &str, e: h2::Error) -> TransportError {
    if e.is_io() || e.is_go_away() {
        closed.store(true, Ordering::Release);
    }
    TransportError::Unavailable(format!("{context}: {e}"))
}

/// The body of a streamed response, read as it arrives.
pub(crate) struct ResponseBody {
    body: h2::RecvStream,
    closed: Arc<AtomicBool>,
}

impl ResponseBody {
    /// The next DATA frame's bytes; `None` once the body has ended.
    pub(crate) async fn chunk(&mut self) -> Option<Result<Bytes, TransportError>> {
        let chunk = self.body.data().await?;
        Some(match chunk {
            Ok(chunk) => {
                // The window goes back to the server at once: the decoder bounds what it
                // keeps, so flow control need not.
                let _ = self.body.flow_control().release_capacity(chunk.len());
                Ok(chunk)
            }
            Err(e) => Err(broken(
                &self.closed,
                "reading the response stream failed",
                e,
            )),
        })
    }

    /// The HTTP trailers, once the body has ended.
    pub(crate) async fn trailers(&mut self) -> Result<Option<http::HeaderMap>, TransportError> {
        self.body
            .trailers()
            .await
            .map_err(|e| broken(&self.closed, "reading the response trailers failed", e))
    }
}

/// A response body gathered from DATA frames: the common single frame is kept as is, and
/// only a body split over several frames is copied into one buffer.
#[derive(Default)]
enum Collected {
    #[default]
    Empty,
    One(Bytes),
    Many(BytesMut),
}

impl Collected {
    fn len(&self) -> usize {
        match self {
            Collected::Empty => 0,
            Collected::One(bytes) => bytes.len(),
            Collected::Many(buffer) => buffer.len(),
        }
    }

    fn push(&mut self, chunk: Bytes) {
        *self = match std::mem::take(self) {
            Collected::Empty => Collected::One(chunk),
            Collected::One(first) => {
                let mut buffer = BytesMut::with_capacity(first.len() + chunk.len());
                buffer.extend_from_slice(&first);
                buffer.extend_from_slice(&chunk);
                Collected::Many(buffer)
            }
            Collected::Many(mut buffer) => {
                buffer.extend_from_slice(&chunk);
                Collected::Many(buffer)
            }
        }
    }

    fn into_bytes(self) -> Bytes {
        match self {
            Collected::Empty => Bytes::new(),
            Collected::One(bytes) => bytes,
            Collected::Many(buffer) => buffer.freeze(),
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_timer_that_goes_off_early_is_armed_again_until_the_deadline() {
        let started = tokio::time::Instant::now();
        let deadline = started + Duration::from_millis(30);
        let armed = std::cell::Cell::new(0);
        // A timer that goes off 12 ms before whatever it is armed for.
        sleep_until_due(deadline, |at| {
            armed.set(armed.get() + 1);
            tokio::time::sleep_until(at - Duration::from_millis(12))
        })
        .await;
        assert!(tokio::time::Instant::now() >= deadline);
        assert!(armed.get() >= 2, "armed {} times", armed.get());
    }

    #[tokio::test]
    async fn a_thousand_random_sleeps_at_once_never_end_early() {
        // A fixed-seed generator: the same lengths on every run, with sub-millisecond parts.
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let sleeps = (0..1_000).map(|_| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            let length = Duration::from_micros(1_000 + (seed >> 33) % 49_000);
            let started = std::time::Instant::now();
            async move {
                sleep(length).await;
                (length, started.elapsed())
            }
        });
        let early: Vec<_> = futures_util::future::join_all(sleeps)
            .await
            .into_iter()
            .filter(|(length, took)| took < length)
            .collect();
        assert!(early.is_empty(), "ended early (length, took): {early:?}");
    }

    #[tokio::test(start_paused = true)]
    async fn a_sleep_too_long_to_represent_never_ends() {
        let forever = sleep(Duration::MAX);
        let ended = tokio::time::timeout(Duration::from_secs(3_600), forever).await;
        assert!(ended.is_err());
    }

    #[test]
    fn a_single_frame_body_is_kept_without_copying() {
        let frame = Bytes::from_static(b"one frame");
        let mut collected = Collected::default();
        collected.push(frame.clone());
        let body = collected.into_bytes();
        assert_eq!(body, frame);
        assert_eq!(body.as_ptr(), frame.as_ptr());
    }

    #[test]
    fn frames_are_joined_in_order() {
        let mut collected = Collected::default();
        for part in [&b"ab"[..], b"cd", b"e"] {
            collected.push(Bytes::copy_from_slice(part));
        }
        assert_eq!(collected.len(), 5);
        assert_eq!(collected.into_bytes(), Bytes::from_static(b"abcde"));
    }
}
