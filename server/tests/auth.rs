//! API-key auth: off by default; with a key every call but Ping needs `authorization: KEY`.

mod support;

use edgecache_proto::cache_client::ping_client::PingClient;
use edgecache_proto::cache_client::scs_client::ScsClient;
use edgecache_proto::cache_client::{GetResponse, PingRequest};
use edgecache_proto::control_client::ListCachesRequest;
use edgecache_proto::control_client::scs_control_client::ScsControlClient;
use edgecache_server::ServerConfig;
use support::*;
use tonic::Code;

const KEY: &str = "test-api-key-123";

#[tokio::test]
async fn without_a_key_configured_anything_goes() {
    let server = server(ServerConfig::default());
    let mut client = ScsClient::new(channel(server.addr()).await);
    client
        .set(request(set_request("k", "v"), Some("whatever")))
        .await
        .expect("no auth configured");
    assert_eq!(grpc_get(&mut client, "k").await, Some(b"v".to_vec()));
}

#[tokio::test]
async fn grpc_calls_need_exactly_the_key() {
    let server = server(ServerConfig::default().api_key(KEY));
    let ch = channel(server.addr()).await;
    let mut client = ScsClient::new(ch.clone());

    for bad in [
        None,
        Some("wrong"),
        Some("Bearer test-api-key-123"),
        Some("test-api-key-12"),
    ] {
        let err = client
            .set(request(set_request("k", "v"), bad))
            .await
            .expect_err("rejected");
        assert_eq!(err.code(), Code::Unauthenticated, "{bad:?}");
    }
    // None of the rejected writes happened.
    let res = client
        .get(request(get_request("k"), Some(KEY)))
        .await
        .expect("authorized get")
        .into_inner();
    assert_eq!(hit_value(&res), None);

    client
        .set(request(set_request("k", "v"), Some(KEY)))
        .await
        .expect("authorized set");
    let res = client
        .get(request(get_request("k"), Some(KEY)))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(hit_value(&res), Some(b"v".to_vec()));

    // The control plane is protected too.
    let mut control = ScsControlClient::new(ch.clone());
    let err = control
        .list_caches(ListCachesRequest::default())
        .await
        .expect_err("control needs the key");
    assert_eq!(err.code(), Code::Unauthenticated);
    let mut req = tonic::Request::new(ListCachesRequest::default());
    req.metadata_mut()
        .insert("authorization", KEY.parse().unwrap());
    control
        .list_caches(req)
        .await
        .expect("control with the key");

    assert_eq!(server.stats().responses_with_status(16), 5);
}

#[tokio::test]
async fn ping_needs_no_key() {
    let server = server(ServerConfig::default().api_key(KEY));
    let mut ping = PingClient::new(channel(server.addr()).await);
    ping.ping(PingRequest {})
        .await
        .expect("unauthenticated ping");
    let mut http = Http::h1(server.addr()).await;
    let reply = web_call(
        &mut http,
        "/cache_client.Ping/Ping",
        Mode::Text,
        &PingRequest {},
        None,
    )
    .await;
    assert_eq!(reply.grpc_status(), Some(0));
}

#[tokio::test]
async fn grpc_web_clients_see_unauthenticated_as_a_grpc_status() {
    let server = server(ServerConfig::default().api_key(KEY));
    for mode in [Mode::Text, Mode::Binary] {
        let mut http = Http::h1(server.addr()).await;
        let reply = web_call(
            &mut http,
            "/cache_client.Scs/Get",
            mode,
            &get_request("k"),
            Some("nope"),
        )
        .await;
        // Trailers-only: HTTP 200, status in the headers, no messages.
        assert_eq!(reply.grpc_status(), Some(16));
        assert!(reply.messages.is_empty());
        assert!(
            reply.http.headers["content-type"]
                .to_str()
                .unwrap()
                .starts_with("application/grpc-web")
        );

        let ok = web_call(
            &mut http,
            "/cache_client.Scs/Get",
            mode,
            &get_request("k"),
            Some(KEY),
        )
        .await;
        assert_eq!(ok.grpc_status(), Some(0));
        assert_eq!(hit_value(&ok.decode::<GetResponse>(0)), None);
    }
}
