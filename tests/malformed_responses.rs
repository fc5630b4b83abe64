//! A server that lies: each case answers with broken gRPC-web, and the client must return a
//! typed error promptly, with no panic and no unbounded allocation.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Duration;

use bytes::Bytes;
use edgecache::configurations::Laptop;
use edgecache::{CacheClient, CredentialProvider, ErrorCode, RetryStrategy};
use http::{Request, Response};
use http_body_util::{BodyExt, Full, StreamBody};
use hyper::body::{Frame, Incoming};
use hyper_util::rt::{TokioExecutor, TokioIo};
use tokio::net::TcpListener;

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

async fn liar(lie: Lie) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_malformed_response_is_a_typed_error() {
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
    for (lie, expected) in cases {
        let addr = liar(lie).await;
        let config = Laptop::latest()
            .to_builder()
            .timeout(Duration::from_secs(5))
            .retry_strategy(RetryStrategy::None)
            .max_response_bytes(1024 * 1024)
            .build()
            .unwrap();
        let client = CacheClient::builder()
            .default_ttl(Duration::from_secs(60))
            .configuration(config)
            .credential_provider(CredentialProvider::local_at("127.0.0.1", addr.port()))
            .build()
            .unwrap();
        let err = client.get("cache", "key").await.unwrap_err();
        assert_eq!(err.code, expected, "{lie:?}: {err}");
        assert!(!err.message.is_empty());
    }
}
