//! Helpers for the transport-level tests: servers, tonic clients, hand-built HTTP and gRPC-web.
#![allow(dead_code)]

pub mod pubsub;
pub mod raw_h2;

use std::net::SocketAddr;
use std::time::Duration;

use base64::Engine as _;
use bytes::{Buf, Bytes};
use edgecache_proto::cache_client::scs_client::ScsClient;
use edgecache_proto::cache_client::{ECacheResult, GetRequest, GetResponse, SetRequest};
use edgecache_server::{ServerConfig, ServerHandle};
use http::{HeaderMap, Request, Response, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper::client::conn::{http1, http2};
use hyper_util::rt::{TokioExecutor, TokioIo};
use prost::Message;
use tokio::net::TcpStream;
use tonic::transport::{Channel, Endpoint};

/// The cache every test server creates at start.
pub const CACHE: &str = "test-cache";

/// A server on its own thread with [`CACHE`] created.
pub fn server(config: ServerConfig) -> ServerHandle {
    edgecache_server::spawn(config.cache(CACHE)).expect("server starts")
}

/// A plain-gRPC (h2c) channel to `addr`.
pub async fn channel(addr: SocketAddr) -> Channel {
    Endpoint::from_shared(format!("http://{addr}"))
        .expect("valid endpoint")
        .connect_timeout(Duration::from_secs(5))
        .connect()
        .await
        .expect("connects")
}

/// A tonic request with the `cache` header and, optionally, `authorization`.
pub fn request<T>(message: T, auth: Option<&str>) -> tonic::Request<T> {
    let mut req = tonic::Request::new(message);
    req.metadata_mut()
        .insert("cache", CACHE.parse().expect("ascii"));
    if let Some(key) = auth {
        req.metadata_mut()
            .insert("authorization", key.parse().expect("ascii"));
    }
    req
}

pub fn set_request(key: &str, value: &str) -> SetRequest {
    SetRequest {
        cache_key: key.as_bytes().to_vec(),
        cache_body: value.as_bytes().to_vec(),
        ttl_milliseconds: 60_000,
    }
}

pub fn get_request(key: &str) -> GetRequest {
    GetRequest {
        cache_key: key.as_bytes().to_vec(),
    }
}

/// Gets `key` over plain gRPC; `Some(value)` on a hit, `None` on a miss.
pub async fn grpc_get(client: &mut ScsClient<Channel>, key: &str) -> Option<Vec<u8>> {
    let res = client
        .get(request(get_request(key), None))
        .await
        .expect("get succeeds")
        .into_inner();
    hit_value(&res)
}

pub fn hit_value(res: &GetResponse) -> Option<Vec<u8>> {
    if res.result == ECacheResult::Hit as i32 {
        Some(res.cache_body.clone())
    } else {
        assert_eq!(res.result, ECacheResult::Miss as i32, "unexpected {res:?}");
        None
    }
}

/// An HTTP/1.1 or h2c (prior knowledge) client connection, without pooling.
pub enum Http {
    H1(http1::SendRequest<Full<Bytes>>),
    H2(http2::SendRequest<Full<Bytes>>),
}

/// A complete HTTP response.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
    pub trailers: Option<HeaderMap>,
}

impl Http {
    pub async fn h1(addr: SocketAddr) -> Self {
        let stream = TcpStream::connect(addr).await.expect("connects");
        Self::h1_over(stream).await
    }

    pub async fn h2(addr: SocketAddr) -> Self {
        let stream = TcpStream::connect(addr).await.expect("connects");
        Self::h2_over(stream).await
    }

    /// HTTP/1.1 over any stream (e.g. TLS).
    pub async fn h1_over<S>(stream: S) -> Self
    where
        S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
    {
        let (send, conn) = http1::handshake(TokioIo::new(stream))
            .await
            .expect("http/1.1 handshake");
        tokio::spawn(conn);
        Http::H1(send)
    }

    /// HTTP/2 (prior knowledge) over any stream (e.g. TLS after ALPN h2).
    pub async fn h2_over<S>(stream: S) -> Self
    where
        S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + Send + 'static,
    {
        let (send, conn) = http2::handshake(TokioExecutor::new(), TokioIo::new(stream))
            .await
            .expect("h2 handshake");
        tokio::spawn(conn);
        Http::H2(send)
    }

    /// Sends `req` and reads the whole response.
    pub async fn send(&mut self, req: Request<Full<Bytes>>) -> Result<Reply, hyper::Error> {
        let res = match self {
            Http::H1(send) => {
                send.ready().await?;
                send.send_request(req).await?
            }
            Http::H2(send) => {
                send.ready().await?;
                send.send_request(req).await?
            }
        };
        read_reply(res).await
    }
}

pub async fn read_reply(res: Response<hyper::body::Incoming>) -> Result<Reply, hyper::Error> {
    let (parts, body) = res.into_parts();
    let collected = body.collect().await?;
    let trailers = collected.trailers().cloned();
    Ok(Reply {
        status: parts.status,
        headers: parts.headers,
        body: collected.to_bytes(),
        trailers,
    })
}

/// A gRPC message with its 5-byte frame header.
pub fn grpc_frame(message: &impl Message) -> Vec<u8> {
    let payload = message.encode_to_vec();
    let mut frame = Vec::with_capacity(payload.len() + 5);
    frame.push(0);
    frame.extend_from_slice(&(payload.len() as u32).to_be_bytes());
    frame.extend_from_slice(&payload);
    frame
}

/// gRPC-web wire mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// `application/grpc-web+proto`
    Binary,
    /// `application/grpc-web-text` (base64 both ways), as Momento's web SDK sends it.
    Text,
}

/// A gRPC-web POST as grpc-web 1.4.2 builds it.
pub fn web_request(
    path: &str,
    mode: Mode,
    message: &impl Message,
    auth: Option<&str>,
) -> Request<Full<Bytes>> {
    let frame = grpc_frame(message);
    let (content_type, body) = match mode {
        Mode::Binary => ("application/grpc-web+proto", frame),
        Mode::Text => (
            "application/grpc-web-text",
            base64::engine::general_purpose::STANDARD
                .encode(frame)
                .into_bytes(),
        ),
    };
    let mut builder = Request::post(path)
        .header("host", "localhost")
        .header("content-type", content_type)
        .header("accept", content_type)
        .header("x-grpc-web", "1")
        .header("x-user-agent", "grpc-web-javascript/0.1")
        .header("cache", CACHE);
    if let Some(key) = auth {
        builder = builder.header("authorization", key);
    }
    builder.body(Full::new(Bytes::from(body))).expect("request")
}

/// A gRPC-web response taken apart.
#[derive(Debug)]
pub struct WebReply {
    pub http: Reply,
    pub messages: Vec<Bytes>,
    /// From the trailers frame in the body, or the headers of a trailers-only answer.
    pub trailers: HeaderMap,
}

impl WebReply {
    pub fn grpc_status(&self) -> Option<i32> {
        self.trailers
            .get("grpc-status")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse().ok())
    }

    pub fn decode<M: Message + Default>(&self, index: usize) -> M {
        M::decode(self.messages[index].clone()).expect("valid message")
    }
}

/// Parses a gRPC-web response body (text mode decoded in 4-character units, the
/// way grpc-web 1.4.2 decodes progressively).
pub fn parse_web_reply(http: Reply, mode: Mode) -> WebReply {
    let raw = match mode {
        Mode::Binary => http.body.to_vec(),
        Mode::Text => decode_base64_units(&http.body),
    };
    let mut buf = Bytes::from(raw);
    let mut messages = Vec::new();
    let mut trailers = None;
    while buf.remaining() > 0 {
        assert!(buf.remaining() >= 5, "truncated frame header");
        let flag = buf.get_u8();
        let len = buf.get_u32() as usize;
        assert!(buf.remaining() >= len, "truncated frame");
        let payload = buf.split_to(len);
        if flag & 0x80 != 0 {
            assert!(trailers.is_none(), "two trailers frames");
            trailers = Some(parse_trailer_block(&payload));
        } else {
            assert!(trailers.is_none(), "data after the trailers frame");
            assert_eq!(flag, 0, "compressed frame");
            messages.push(payload);
        }
    }
    let trailers = match trailers {
        Some(t) => t,
        None => {
            assert!(messages.is_empty(), "messages without a trailers frame");
            http.headers.clone()
        }
    };
    WebReply {
        http,
        messages,
        trailers,
    }
}

/// Decodes base64 made of independently padded pieces, 4 characters at a time.
pub fn decode_base64_units(text: &[u8]) -> Vec<u8> {
    assert_eq!(text.len() % 4, 0, "text body is not in 4-character units");
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    for unit in text.chunks(4) {
        out.extend(
            base64::engine::general_purpose::STANDARD
                .decode(unit)
                .expect("valid base64 unit"),
        );
    }
    out
}

/// `name: value\r\n` lines of a trailers frame.
pub fn parse_trailer_block(block: &[u8]) -> HeaderMap {
    let text = std::str::from_utf8(block).expect("ascii trailers");
    let mut map = HeaderMap::new();
    for line in text.trim().split("\r\n") {
        let (name, value) = line.split_once(':').expect("name: value");
        assert_eq!(
            name,
            name.to_ascii_lowercase(),
            "trailer names are lower case"
        );
        map.append(
            http::HeaderName::from_bytes(name.as_bytes()).expect("header name"),
            value.trim().parse().expect("header value"),
        );
    }
    map
}

/// Sends a gRPC-web call and parses the answer.
pub async fn web_call(
    http: &mut Http,
    path: &str,
    mode: Mode,
    message: &impl Message,
    auth: Option<&str>,
) -> WebReply {
    let reply = http
        .send(web_request(path, mode, message, auth))
        .await
        .expect("http exchange");
    assert_eq!(reply.status, StatusCode::OK, "{reply:?}");
    parse_web_reply(reply, mode)
}

/// A plain HTTP/1.1 request without body, e.g. `GET /stats`.
pub fn get(path: &str, auth: Option<&str>) -> Request<Full<Bytes>> {
    let mut builder = Request::get(path).header("host", "localhost");
    if let Some(key) = auth {
        builder = builder.header("authorization", key);
    }
    builder.body(Full::new(Bytes::new())).expect("request")
}

/// A POST with a JSON body.
pub fn post_json(path: &str, json: &str, auth: Option<&str>) -> Request<Full<Bytes>> {
    let mut builder = Request::post(path)
        .header("host", "localhost")
        .header("content-type", "application/json");
    if let Some(key) = auth {
        builder = builder.header("authorization", key);
    }
    builder
        .body(Full::new(Bytes::from(json.to_string())))
        .expect("request")
}

/// Polls `check` every 20 ms for up to 5 s.
pub async fn eventually(what: &str, mut check: impl FnMut() -> bool) {
    for _ in 0..250 {
        if check() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("timed out waiting for: {what}");
}

impl Http {
    /// Sends `req` and returns the response once its headers arrive; the body streams on.
    pub async fn open(
        &mut self,
        req: Request<Full<Bytes>>,
    ) -> Result<Response<hyper::body::Incoming>, hyper::Error> {
        match self {
            Http::H1(send) => {
                send.ready().await?;
                send.send_request(req).await
            }
            Http::H2(send) => {
                send.ready().await?;
                send.send_request(req).await
            }
        }
    }
}

/// What a streaming gRPC-web response gives next.
#[derive(Debug)]
pub enum WebEvent {
    /// One message (without its frame header).
    Message(Bytes),
    /// The trailers: from the trailers frame, or the headers of a trailers-only answer.
    Trailers(HeaderMap),
    /// The body ended without trailers.
    End,
    /// Reading the body failed (e.g. the connection was reset).
    Broken(String),
}

/// Reads a gRPC-web response body as it arrives, message by message (text mode decoded in
/// 4-character units, the way grpc-web 1.4.2 decodes progressively).
pub struct WebStream {
    body: hyper::body::Incoming,
    mode: Mode,
    /// Base64 characters not decoded yet (text mode).
    text: Vec<u8>,
    /// Decoded bytes not parsed into frames yet.
    raw: Vec<u8>,
    pending_trailers: Option<HeaderMap>,
    finished: bool,
}

impl WebStream {
    pub fn new(res: Response<hyper::body::Incoming>, mode: Mode) -> Self {
        assert_eq!(res.status(), StatusCode::OK, "{res:?}");
        let (parts, body) = res.into_parts();
        let trailers_only = parts.headers.contains_key("grpc-status");
        WebStream {
            body,
            mode,
            text: Vec::new(),
            raw: Vec::new(),
            pending_trailers: trailers_only.then_some(parts.headers),
            finished: false,
        }
    }

    /// The next event; waits at most 5 s for it.
    pub async fn next(&mut self) -> WebEvent {
        tokio::time::timeout(Duration::from_secs(5), self.next_event())
            .await
            .expect("a gRPC-web event within 5 s")
    }

    /// The next event, waiting as long as it takes.
    pub async fn next_event(&mut self) -> WebEvent {
        loop {
            if let Some(trailers) = self.pending_trailers.take() {
                self.finished = true;
                return WebEvent::Trailers(trailers);
            }
            if let Some(event) = self.take_frame() {
                return event;
            }
            if self.finished {
                return WebEvent::End;
            }
            match self.body.frame().await {
                None => {
                    self.finished = true;
                    assert!(self.raw.is_empty(), "body ended inside a frame");
                }
                Some(Err(e)) => {
                    self.finished = true;
                    return WebEvent::Broken(e.to_string());
                }
                Some(Ok(frame)) => {
                    if let Ok(data) = frame.into_data() {
                        match self.mode {
                            Mode::Binary => self.raw.extend_from_slice(&data),
                            Mode::Text => {
                                self.text.extend_from_slice(&data);
                                let whole = self.text.len() / 4 * 4;
                                let units: Vec<u8> = self.text.drain(..whole).collect();
                                self.raw.extend(decode_base64_units(&units));
                            }
                        }
                    }
                }
            }
        }
    }

    fn take_frame(&mut self) -> Option<WebEvent> {
        if self.raw.len() < 5 {
            return None;
        }
        let len = u32::from_be_bytes([self.raw[1], self.raw[2], self.raw[3], self.raw[4]]) as usize;
        if self.raw.len() < 5 + len {
            return None;
        }
        let flag = self.raw[0];
        let frame: Vec<u8> = self.raw.drain(..5 + len).collect();
        let payload = Bytes::copy_from_slice(&frame[5..]);
        if flag & 0x80 != 0 {
            self.finished = true;
            Some(WebEvent::Trailers(parse_trailer_block(&payload)))
        } else {
            assert_eq!(flag, 0, "compressed frame");
            Some(WebEvent::Message(payload))
        }
    }
}
