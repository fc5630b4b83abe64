//! A server that lies: each case answers with broken gRPC-web, and the client must return a
//! typed error promptly, with no panic and a bounded allocation: a counting allocator
//! measures what the client's thread allocates during each call.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::OnceLock;
use std::time::Duration;

use bytes::Bytes;
use edgecache::configurations::Laptop;
use edgecache::{CacheClient, CredentialProvider, ErrorCode, RetryStrategy};
use http::{Request, Response};
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::net::TcpListener;

mod counting_alloc;

use counting_alloc::{CountingAllocator, measure};

#[global_allocator]
static ALLOCATOR: CountingAllocator = CountingAllocator;

type Body = http_body_util::combinators::BoxBody<Bytes, Infallible>;

/// What the fake endpoint sends back for every request.
#[derive(Clone, Copy, Debug)]
enum Lie {
    TruncatedHeader,
    LengthBeyondBody,
    NoTrailers,
    UnknownStatus,
    NotProtobuf,
    HugeLengthPrefix,
    BadTrailers,
    Http500,
    HtmlContentType,
    BadBase64,
    EndlessBody,
    TwoRepliesToUnary,
}

fn frame(flags: u8, payload: &[u8]) -> Vec<u8> {
    let mut v = vec![flags];
    v.extend_from_slice(&(payload.len() as u32).to_be_bytes());
    v.extend_from_slice(payload);
    v
}

fn ok_trailers() -> Vec<u8> {
    frame(0x80, b"grpc-status: 0\r\n")
}

fn respond(lie: Lie) -> Response<Body> {
    let grpc = |body: Vec<u8>| {
        Response::builder()
            .header("content-type", "application/grpc-web+proto")
            .body(Full::new(Bytes::from(body)).boxed())
            .unwrap()
    };
    match lie {
        Lie::TruncatedHeader => grpc(vec![0, 0, 0]),
        Lie::LengthBeyondBody => grpc(vec![0, 0, 0, 0, 50, 1, 2, 3]),
        Lie::NoTrailers => grpc(frame(0, &[0x08, 0x03])),
        Lie::UnknownStatus => grpc(frame(0x80, b"grpc-status: 99\r\ngrpc-message: what\r\n")),
        Lie::NotProtobuf => grpc([frame(0, &[0xff, 0xff, 0xff, 0xff]), ok_trailers()].concat()),
        Lie::HugeLengthPrefix => grpc(vec![0, 0xff, 0xff, 0xff, 0xff, 0, 0]),
        Lie::BadTrailers => grpc(frame(0x80, b"grpc-status: banana")),
        Lie::Http500 => Response::builder()
            .status(500)
            .body(Full::new(Bytes::from_static(b"oops")).boxed())
            .unwrap(),
        Lie::HtmlContentType => Response::builder()
            .header("content-type", "text/html")
            .body(Full::new(Bytes::from_static(b"<html></html>")).boxed())
            .unwrap(),
        Lie::BadBase64 => Response::builder()
            .header("content-type", "application/grpc-web-text")
            .body(Full::new(Bytes::from_static(b"!!!!not base64")).boxed())
            .unwrap(),
        Lie::EndlessBody => {
            // 64 KiB chunks forever (bounded here at 1 GiB); the client must stop reading at
            // its limit.
            let chunk = Bytes::from(vec![0u8; 64 * 1024]);
            let stream = futures_util::stream::iter(
                (0..16_384).map(move |_| Ok::<_, Infallible>(Frame::data(chunk.clone()))),
            );
            Response::builder()
                .header("content-type", "application/grpc-web+proto")
                .body(StreamBody::new(stream).boxed())
                .unwrap()
        }
        Lie::TwoRepliesToUnary => grpc(
            [
                frame(0, &[0x08, 0x03]),
                frame(0, &[0x08, 0x03]),
                ok_trailers(),
            ]
            .concat(),
        ),
    }
}

/// The runtime the lying endpoints run on: one thread of its own, apart from the client's.
fn liar_runtime() -> &'static tokio::runtime::Handle {
    static HANDLE: OnceLock<tokio::runtime::Handle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
                .unwrap();
            tx.send(runtime.handle().clone()).unwrap();
            runtime.block_on(std::future::pending::<()>());
        });
        rx.recv().unwrap()
    })
}

/// Starts an HTTP/2 endpoint that tells `lie` to every request.
async fn liar(lie: Lie) -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    liar_runtime().spawn(async move {
        let listener = TcpListener::from_std(listener).unwrap();
        while let Ok((stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let service = hyper::service::service_fn(move |_: Request<Incoming>| async move {
                    Ok::<_, Infallible>(respond(lie))
                });
                let _ = hyper::server::conn::http2::Builder::new(TokioExecutor::new())
                    .serve_connection(TokioIo::new(stream), service)
                    .await;
            });
        }
    });
    addr
}

/// The client's limit on a response body in these tests.
const MAX_RESPONSE_BYTES: usize = 1024 * 1024;
/// What one call may allocate when the endpoint sends an endless body: the body kept up to
/// the limit, plus what HTTP/2 may hold unread for the stream (its 1 MiB receive window),
/// plus 1 MiB for the connection's own buffers and the call.
const ENDLESS_BODY_BOUND: usize = 3 * 1024 * 1024;
/// What one call may allocate for any other lie, whose whole response is a few bytes: the
/// connection's buffers and the call, far below what any announced length asks for.
const SMALL_RESPONSE_BOUND: usize = 512 * 1024;
/// The largest single allocation for those: the HTTP/2 read buffer, which grows to hold one
/// whole frame (64 KiB and its 9-byte header; measured 65,545 bytes), with room to round up.
/// A buffer sized by the length a gRPC-web frame announces (4 GiB for `HugeLengthPrefix`, or
/// even the 10 MB message limit) would be far above.
const SMALL_RESPONSE_LARGEST: usize = 128 * 1024;

#[tokio::test(flavor = "current_thread")]
async fn every_malformed_response_is_a_typed_error_with_bounded_allocation() {
    let cases = [
        (Lie::TruncatedHeader, ErrorCode::UnknownServiceError),
        (Lie::LengthBeyondBody, ErrorCode::UnknownServiceError),
        (Lie::NoTrailers, ErrorCode::UnknownServiceError),
        (Lie::UnknownStatus, ErrorCode::UnknownError),
        (Lie::NotProtobuf, ErrorCode::UnknownServiceError),
        (Lie::HugeLengthPrefix, ErrorCode::UnknownServiceError),
        (Lie::BadTrailers, ErrorCode::UnknownServiceError),
        (Lie::Http500, ErrorCode::UnknownServiceError),
        (Lie::HtmlContentType, ErrorCode::UnknownServiceError),
        (Lie::BadBase64, ErrorCode::UnknownServiceError),
        (Lie::EndlessBody, ErrorCode::ClientResourceExhausted),
        (Lie::TwoRepliesToUnary, ErrorCode::UnknownServiceError),
    ];
    println!("| response | error code | peak allocated | largest allocation |");
    println!("|---|---|---:|---:|");
    for (lie, expected) in cases {
        let addr = liar(lie).await;
        let config = Laptop::latest()
            .to_builder()
            .timeout(Duration::from_secs(5))
            .retry_strategy(RetryStrategy::None)
            .max_response_bytes(MAX_RESPONSE_BYTES)
            .build()
            .unwrap();
        let client = CacheClient::builder()
            .default_ttl(Duration::from_secs(60))
            .configuration(config)
            .credential_provider(CredentialProvider::local_at("127.0.0.1", addr.port()))
            .build()
            .unwrap();
        let (result, peak, largest) = measure(client.get("cache", "key")).await;
        let err = result.unwrap_err();
        assert_eq!(err.error_code, expected, "{lie:?}: {err}");
        assert!(!err.message.is_empty());
        let (bound, largest_bound) = match lie {
            // The body's buffer doubles as it grows, so it may reach twice what it holds.
            Lie::EndlessBody => (ENDLESS_BODY_BOUND, 2 * MAX_RESPONSE_BYTES),
            _ => (SMALL_RESPONSE_BOUND, SMALL_RESPONSE_LARGEST),
        };
        assert!(
            peak <= bound,
            "{lie:?}: the call allocated up to {peak} bytes, above its {bound}-byte bound"
        );
        assert!(
            largest <= largest_bound,
            "{lie:?}: one allocation of {largest} bytes, above {largest_bound}"
        );
        println!(
            "| {lie:?} | `{:?}` | {:.1} KiB | {:.1} KiB |",
            err.error_code,
            peak as f64 / 1024.0,
            largest as f64 / 1024.0
        );
    }
}

#[test]
fn the_allocation_count_sees_a_large_buffer() {
    // The measurement itself can fail: a 4 MiB buffer made while counting is seen.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let ((), peak, largest) = runtime.block_on(measure(async {
        let buffer = std::hint::black_box(vec![1u8; 4 << 20]);
        drop(buffer);
    }));
    assert!(peak >= 4 << 20, "peak {peak}");
    assert_eq!(largest, 4 << 20);
}
