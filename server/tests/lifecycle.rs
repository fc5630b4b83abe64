//! Start, shutdown and restart: in-process (`start`) and on a background thread (`spawn`).

mod support;

use std::time::Duration;

use edgecache_proto::cache_client::scs_client::ScsClient;
use edgecache_server::{FaultConfig, ServerConfig};
use support::*;
use tokio::net::TcpStream;

#[tokio::test]
async fn shutdown_closes_connections_and_the_port_can_be_reused() {
    let first = server(ServerConfig::default());
    let port = first.addr().port();
    let mut client = ScsClient::new(channel(first.addr()).await);
    client
        .set(request(set_request("k", "v"), None))
        .await
        .unwrap();
    let mut open_http = Http::h1(first.addr()).await;
    assert!(open_http.send(get("/health", None)).await.is_ok());

    first.shutdown();
    assert!(
        open_http.send(get("/health", None)).await.is_err(),
        "connection survived shutdown"
    );
    assert!(TcpStream::connect(("127.0.0.1", port)).await.is_err());

    // Same port again, fresh (empty) store.
    let second = server(ServerConfig::default().port(port));
    assert_eq!(second.addr().port(), port);
    let mut client = ScsClient::new(channel(second.addr()).await);
    assert_eq!(grpc_get(&mut client, "k").await, None);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn start_on_the_current_runtime_and_restart() {
    let config = ServerConfig::default().cache(CACHE);
    let running = edgecache_server::start(config.clone())
        .await
        .expect("starts");
    let addr = running.addr();
    assert_eq!(running.url(), format!("http://127.0.0.1:{}", addr.port()));
    assert!(running.certificate_der().is_none());
    let mut client = ScsClient::new(channel(addr).await);
    grpc_get(&mut client, "k").await;
    assert_eq!(running.stats().total_requests, 1);
    running.shutdown().await;

    let again = edgecache_server::start(config.port(addr.port()))
        .await
        .expect("restart on the same port");
    let mut client = ScsClient::new(channel(again.addr()).await);
    assert_eq!(grpc_get(&mut client, "k").await, None);
    again.shutdown().await;
}

#[tokio::test]
async fn graceful_shutdown_lets_in_flight_requests_finish() {
    let server = server(ServerConfig::default().faults(FaultConfig::none().with_latency(300, 0)));
    let mut client = ScsClient::new(channel(server.addr()).await);
    let call = tokio::spawn(async move { client.get(request(get_request("k"), None)).await });
    eventually("request in flight", || server.stats().in_flight == 1).await;
    let stop = std::thread::spawn(move || server.shutdown_graceful(Duration::from_secs(5)));
    let result = tokio::time::timeout(Duration::from_secs(5), call)
        .await
        .expect("finished")
        .expect("task");
    assert!(result.is_ok(), "{result:?}");
    stop.join().unwrap();
}

#[test]
fn port_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let err =
        edgecache_server::spawn(ServerConfig::default().port(port)).expect_err("port is taken");
    let text = err.to_string();
    assert!(text.contains(&format!("127.0.0.1:{port}")), "{text}");
    assert!(matches!(err, edgecache_server::ServerError::Bind { .. }));
}

#[test]
fn unknown_host_is_a_clear_error() {
    let err = edgecache_server::spawn(ServerConfig::default().host("no-such-host.invalid"))
        .expect_err("cannot resolve");
    assert!(err.to_string().contains("no-such-host.invalid"), "{err}");
}
