//! CORS as a browser needs it (docs/protocol.md, "CORS"): preflight answers and exposed gRPC headers.

mod support;

use bytes::Bytes;
use edgecache_server::ServerConfig;
use http::Request;
use http_body_util::Full;
use support::*;

fn header_list(reply: &Reply, name: &str) -> Vec<String> {
    reply
        .headers
        .get_all(name)
        .iter()
        .flat_map(|v| v.to_str().unwrap().split(','))
        .map(|s| s.trim().to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

#[tokio::test]
async fn preflight_allows_what_the_web_sdk_sends() {
    let server = server(ServerConfig::default());
    for mut http in [Http::h1(server.addr()).await, Http::h2(server.addr()).await] {
        let preflight = Request::options("/cache_client.Scs/Get")
            .header("host", "localhost")
            .header("origin", "http://localhost:3000")
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization,cache,content-type,x-grpc-web,x-user-agent,grpc-timeout",
            )
            .body(Full::new(Bytes::new()))
            .unwrap();
        let reply = http.send(preflight).await.unwrap();
        assert!(reply.status.is_success(), "{reply:?}");
        assert_eq!(reply.headers["access-control-allow-origin"], "*");
        let methods = header_list(&reply, "access-control-allow-methods");
        assert!(methods.contains(&"post".to_string()), "{methods:?}");
        assert!(methods.contains(&"options".to_string()), "{methods:?}");
        let allowed = header_list(&reply, "access-control-allow-headers");
        for needed in [
            "content-type",
            "x-grpc-web",
            "x-user-agent",
            "grpc-timeout",
            "authorization",
            "cache",
            "agent",
            "runtime-version",
            "read-concern",
        ] {
            assert!(
                allowed.contains(&needed.to_string()),
                "{needed} missing: {allowed:?}"
            );
        }
        assert!(!allowed.contains(&"*".to_string()));
        // A preflight is not a gRPC request.
        assert_eq!(server.stats().total_requests, 0);
    }
}

#[tokio::test]
async fn responses_expose_grpc_status_message_and_err() {
    let server = server(ServerConfig::default().api_key("k3y"));
    let mut http = Http::h1(server.addr()).await;
    for auth in [Some("k3y"), None] {
        let mut req = web_request("/cache_client.Scs/Get", Mode::Text, &get_request("x"), auth);
        req.headers_mut()
            .insert("origin", "http://localhost:3000".parse().unwrap());
        let reply = http.send(req).await.unwrap();
        assert_eq!(reply.headers["access-control-allow-origin"], "*");
        let exposed = header_list(&reply, "access-control-expose-headers");
        for needed in ["grpc-status", "grpc-message", "err"] {
            assert!(
                exposed.contains(&needed.to_string()),
                "{needed}: {exposed:?}"
            );
        }
        let parsed = parse_web_reply(reply, Mode::Text);
        // With the key: OK; without: UNAUTHENTICATED in the (exposed) headers.
        let expected = if auth.is_some() { 0 } else { 16 };
        assert_eq!(parsed.grpc_status(), Some(expected));
        if auth.is_none() {
            assert_eq!(parsed.http.headers["grpc-status"], "16");
        }
    }
}
