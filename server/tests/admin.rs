//! Admin endpoints: `/stats`, `/admin/faults`, `/admin/reset`; key enforcement; own port.

mod support;

use edgecache_proto::cache_client::scs_client::ScsClient;
use edgecache_server::{AdminConfig, FaultConfig, ServerConfig};
use http::{Request, StatusCode};
use http_body_util::Full;
use support::*;
use tonic::Code;

fn json(reply: &Reply) -> serde_json::Value {
    serde_json::from_slice(&reply.body).expect("JSON body")
}

#[tokio::test]
async fn fault_endpoints_read_merge_and_reset() {
    let server = server(ServerConfig::default());
    let mut http = Http::h1(server.addr()).await;

    let reply = http.send(get("/admin/faults", None)).await.unwrap();
    assert_eq!(reply.status, StatusCode::OK);
    let defaults = serde_json::to_value(FaultConfig::default()).unwrap();
    assert_eq!(json(&reply), defaults);

    let reply = http
        .send(post_json(
            "/admin/faults",
            r#"{"latency_ms": 50, "drop_connection_after": 3}"#,
            None,
        ))
        .await
        .unwrap();
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(json(&reply)["latency_ms"], 50);
    assert_eq!(json(&reply)["error_code"], 14, "absent fields are kept");
    let now = server.faults().get();
    assert_eq!(now.latency_ms, 50);
    assert_eq!(now.drop_connection_after, Some(3));

    let reply = http
        .send(post_json(
            "/admin/faults",
            r#"{"drop_connection_after": null}"#,
            None,
        ))
        .await
        .unwrap();
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(server.faults().get().drop_connection_after, None);
    assert_eq!(server.faults().get().latency_ms, 50);

    for bad in [
        "not json",
        "[1]",
        r#"{"error_percent": 150}"#,
        r#"{"error_code": 0}"#,
        r#"{"latency_ms": -1}"#,
        r#"{"no_such_fault": true}"#,
    ] {
        let reply = http
            .send(post_json("/admin/faults", bad, None))
            .await
            .unwrap();
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}");
        assert!(json(&reply)["error"].is_string());
    }
    assert_eq!(
        server.faults().get().latency_ms,
        50,
        "bad posts change nothing"
    );

    let reply = http
        .send(post_json("/admin/reset", "", None))
        .await
        .unwrap();
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(json(&reply), defaults);
    assert_eq!(server.faults().get(), FaultConfig::default());

    let reply = http.send(get("/admin/nope", None)).await.unwrap();
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let delete = Request::delete("/stats")
        .header("host", "localhost")
        .body(Full::default())
        .unwrap();
    let reply = http.send(delete).await.unwrap();
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn faults_set_over_http_apply_to_grpc() {
    let server = server(ServerConfig::default());
    let mut client = ScsClient::new(channel(server.addr()).await);
    let mut http = Http::h1(server.addr()).await;
    let reply = http
        .send(post_json(
            "/admin/faults",
            r#"{"error_percent": 100, "error_code": 14}"#,
            None,
        ))
        .await
        .unwrap();
    assert_eq!(reply.status, StatusCode::OK);
    let err = client
        .get(request(get_request("k"), None))
        .await
        .expect_err("injected");
    assert_eq!(err.code(), Code::Unavailable);
    http.send(post_json("/admin/reset", "", None))
        .await
        .unwrap();
    assert_eq!(grpc_get(&mut client, "k").await, None);
}

#[tokio::test]
async fn admin_needs_the_api_key_when_one_is_set() {
    let server = server(ServerConfig::default().api_key("adm1n"));
    let mut http = Http::h1(server.addr()).await;
    for (path, is_post) in [
        ("/stats", false),
        ("/admin/faults", false),
        ("/admin/reset", true),
    ] {
        for (auth, expected) in [
            (None, StatusCode::UNAUTHORIZED),
            (Some("wrong"), StatusCode::UNAUTHORIZED),
            (Some("adm1n"), StatusCode::OK),
        ] {
            let req = if is_post {
                post_json(path, "", auth)
            } else {
                get(path, auth)
            };
            let reply = http.send(req).await.unwrap();
            assert_eq!(reply.status, expected, "{path} {auth:?}");
        }
    }
    let reply = http
        .send(post_json("/admin/faults", r#"{"stall": true}"#, None))
        .await
        .unwrap();
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    assert!(
        !server.faults().get().stall,
        "an unauthorized post changes nothing"
    );
}

#[tokio::test]
async fn admin_on_its_own_port() {
    let server = server(ServerConfig::default().admin(AdminConfig {
        port: Some(0),
        host: "127.0.0.1".to_string(),
    }));
    let admin_addr = server.admin_addr().expect("admin port");
    assert_ne!(admin_addr, server.addr());
    assert_eq!(server.admin_url(), format!("http://{admin_addr}"));

    let mut admin = Http::h1(admin_addr).await;
    let reply = admin.send(get("/stats", None)).await.unwrap();
    assert_eq!(reply.status, StatusCode::OK);
    let reply = admin
        .send(post_json("/admin/faults", r#"{"latency_ms": 1}"#, None))
        .await
        .unwrap();
    assert_eq!(reply.status, StatusCode::OK);
    assert_eq!(server.faults().get().latency_ms, 1);
    // No gRPC on the admin port.
    let reply = admin
        .send(web_request(
            "/cache_client.Scs/Get",
            Mode::Binary,
            &get_request("k"),
            None,
        ))
        .await
        .unwrap();
    assert_eq!(reply.status, StatusCode::NOT_FOUND);

    // And no admin on the main port.
    let mut main = Http::h1(server.addr()).await;
    let reply = main.send(get("/stats", None)).await.unwrap();
    assert!(reply.status.is_client_error(), "{reply:?}");
    assert_eq!(
        server.stats().connections_accepted,
        1,
        "admin connections are not counted"
    );
}

#[test]
fn admin_host_decides_who_may_call() {
    let admin = |host: &str| AdminConfig {
        port: None,
        host: host.to_string(),
    };
    assert!(!admin("127.0.0.1").allows_remote_peers());
    assert!(!admin("::1").allows_remote_peers());
    assert!(!admin("[::1]").allows_remote_peers());
    assert!(!admin("localhost").allows_remote_peers());
    assert!(admin("0.0.0.0").allows_remote_peers());
    assert!(admin("192.0.2.7").allows_remote_peers());
}
