//! TLS: self-signed and file certificates, ALPN h2 and http/1.1, gRPC and gRPC-web over TLS.

mod support;

use std::net::SocketAddr;
use std::sync::Arc;

use bytes::Bytes;
use edgecache_proto::cache_client::{ECacheResult, GetResponse, SetResponse};
use edgecache_server::{ServerConfig, ServerError};
use http::Request;
use http_body_util::Full;
use prost::Message;
use rustls_pki_types::{CertificateDer, ServerName};
use support::*;
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

async fn tls_connect(
    addr: SocketAddr,
    cert_der: &[u8],
    name: &str,
    alpn: &[&[u8]],
) -> TlsStream<TcpStream> {
    let mut roots = rustls::RootCertStore::empty();
    roots
        .add(CertificateDer::from(cert_der.to_vec()))
        .expect("trust the server certificate");
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = alpn.iter().map(|p| p.to_vec()).collect();
    let tcp = TcpStream::connect(addr).await.expect("connects");
    TlsConnector::from(Arc::new(config))
        .connect(ServerName::try_from(name.to_string()).unwrap(), tcp)
        .await
        .expect("TLS handshake")
}

#[tokio::test]
async fn self_signed_h2_via_alpn_serves_grpc_and_grpc_web() {
    let server = server(ServerConfig::default().tls_self_signed());
    assert!(
        server.url().starts_with("https://127.0.0.1:"),
        "{}",
        server.url()
    );
    let cert = server
        .certificate_der()
        .expect("TLS mode has a certificate")
        .to_vec();
    assert!(
        server
            .certificate_pem()
            .unwrap()
            .starts_with("-----BEGIN CERTIFICATE-----")
    );

    let tls = tls_connect(server.addr(), &cert, "localhost", &[b"h2", b"http/1.1"]).await;
    assert_eq!(tls.get_ref().1.alpn_protocol(), Some(&b"h2"[..]));
    let mut http = Http::h2_over(tls).await;

    // gRPC-web text over h2.
    let set = web_call(
        &mut http,
        "/cache_client.Scs/Set",
        Mode::Text,
        &set_request("tls-key", "tls-value"),
        None,
    )
    .await;
    assert_eq!(set.decode::<SetResponse>(0).result, ECacheResult::Ok as i32);

    // Native gRPC over the same h2 connection: status in HTTP/2 trailers.
    let get = Request::post("https://localhost/cache_client.Scs/Get")
        .header("content-type", "application/grpc")
        .header("te", "trailers")
        .header("cache", CACHE)
        .body(Full::new(Bytes::from(grpc_frame(&get_request("tls-key")))))
        .unwrap();
    let reply = http.send(get).await.expect("h2 exchange");
    assert_eq!(reply.headers["content-type"], "application/grpc");
    let trailers = reply.trailers.expect("grpc trailers");
    assert_eq!(trailers["grpc-status"], "0");
    let res = GetResponse::decode(&reply.body[5..]).expect("message");
    assert_eq!(hit_value(&res), Some(b"tls-value".to_vec()));
    assert_eq!(server.stats().connections_accepted, 1);
}

#[tokio::test]
async fn http1_via_alpn_and_ip_san() {
    let server = server(ServerConfig::default().tls_self_signed());
    let cert = server.certificate_der().unwrap().to_vec();
    let tls = tls_connect(server.addr(), &cert, "127.0.0.1", &[b"http/1.1"]).await;
    assert_eq!(tls.get_ref().1.alpn_protocol(), Some(&b"http/1.1"[..]));
    let mut http = Http::h1_over(tls).await;
    let reply = web_call(
        &mut http,
        "/cache_client.Scs/Get",
        Mode::Binary,
        &get_request("nothing"),
        None,
    )
    .await;
    assert_eq!(reply.grpc_status(), Some(0));
    assert_eq!(hit_value(&reply.decode::<GetResponse>(0)), None);
}

#[tokio::test]
async fn plain_http_is_refused_on_a_tls_port() {
    let server = server(ServerConfig::default().tls_self_signed());
    let stream = TcpStream::connect(server.addr()).await.unwrap();
    let (mut send, conn) = hyper::client::conn::http1::handshake::<_, Full<Bytes>>(
        hyper_util::rt::TokioIo::new(stream),
    )
    .await
    .unwrap();
    tokio::spawn(conn);
    let result = send.send_request(get("/health", None)).await;
    assert!(result.is_err(), "plain HTTP answered on the TLS port");
}

#[tokio::test]
async fn certificate_and_key_from_pem_files() {
    let generated = rcgen::generate_simple_self_signed(vec!["localhost".to_string()]).unwrap();
    let dir = std::env::temp_dir().join(format!("edgecache-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let cert_path = dir.join("cert.pem");
    let key_path = dir.join("key.pem");
    std::fs::write(&cert_path, generated.cert.pem()).unwrap();
    std::fs::write(&key_path, generated.signing_key.serialize_pem()).unwrap();

    let server = server(ServerConfig::default().tls_files(&cert_path, &key_path));
    assert_eq!(
        server.certificate_der(),
        Some(generated.cert.der().as_ref())
    );
    assert!(
        server
            .certificate_pem()
            .unwrap()
            .contains("BEGIN CERTIFICATE")
    );
    let tls = tls_connect(server.addr(), generated.cert.der(), "localhost", &[b"h2"]).await;
    assert_eq!(tls.get_ref().1.alpn_protocol(), Some(&b"h2"[..]));
    let mut http = Http::h2_over(tls).await;
    let reply = http.send(get("/health", None)).await.unwrap();
    assert!(reply.status.is_success());
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn unreadable_certificate_is_a_clear_error() {
    let missing = std::env::temp_dir().join("edgecache-no-such-dir/cert.pem");
    let err = edgecache_server::spawn(ServerConfig::default().tls_files(&missing, &missing))
        .expect_err("must fail");
    assert!(matches!(err, ServerError::Tls(_)), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("cert.pem"), "{text}");
}
