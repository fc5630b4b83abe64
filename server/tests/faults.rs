//! Fault injection: latency + jitter, error percentage, stall, connection drop.

mod support;

use std::time::{Duration, Instant};

use edgecache_proto::cache_client::scs_client::ScsClient;
use edgecache_server::{FaultConfig, ServerConfig};
use http::StatusCode;
use support::*;
use tonic::Code;

#[tokio::test]
async fn latency_and_jitter_stay_within_bounds() {
    let server = server(ServerConfig::default());
    let mut client = ScsClient::new(channel(server.addr()).await);
    grpc_get(&mut client, "warm-up").await;
    server
        .faults()
        .set(FaultConfig::none().with_latency(150, 100))
        .unwrap();
    for _ in 0..5 {
        let start = Instant::now();
        grpc_get(&mut client, "k").await;
        let elapsed = start.elapsed();
        assert!(elapsed >= Duration::from_millis(150), "{elapsed:?}");
        // At most 250 ms injected; the rest allows for a loaded machine. This checks the
        // server's fault, not a client's deadline, so it is no promise to users.
        assert!(elapsed < Duration::from_millis(250 + 500), "{elapsed:?}");
    }
}

#[tokio::test]
async fn error_percent_100_answers_without_running_the_handler() {
    let server = server(ServerConfig::default().faults(FaultConfig::none().with_errors(100.0, 14)));
    let mut client = ScsClient::new(channel(server.addr()).await);
    let err = client
        .set(request(set_request("k", "v"), None))
        .await
        .expect_err("injected error");
    assert_eq!(err.code(), Code::Unavailable);
    assert!(err.message().contains("injected"), "{}", err.message());

    // gRPC-web sees it too, as a trailers-only answer.
    let mut http = Http::h1(server.addr()).await;
    server
        .faults()
        .update(|f| f.error_code = 8)
        .expect("valid code");
    let reply = web_call(
        &mut http,
        "/cache_client.Scs/Set",
        Mode::Text,
        &set_request("k", "v"),
        None,
    )
    .await;
    assert_eq!(reply.grpc_status(), Some(8));

    server.faults().clear();
    assert_eq!(
        grpc_get(&mut client, "k").await,
        None,
        "no write was applied"
    );
    let stats = server.stats();
    assert_eq!(stats.responses_with_status(14), 1);
    assert_eq!(stats.responses_with_status(8), 1);
}

#[tokio::test]
async fn error_percent_50_fails_about_half() {
    let server = server(ServerConfig::default().faults(FaultConfig::none().with_errors(50.0, 13)));
    let mut client = ScsClient::new(channel(server.addr()).await);
    let mut failed = 0;
    for _ in 0..200 {
        match client.get(request(get_request("k"), None)).await {
            Ok(_) => {}
            Err(status) => {
                assert_eq!(status.code(), Code::Internal);
                failed += 1;
            }
        }
    }
    assert!((60..=140).contains(&failed), "{failed} of 200 failed");
}

#[tokio::test]
async fn stall_holds_requests_until_cleared() {
    let server = server(ServerConfig::default().faults(FaultConfig::none().with_stall(true)));
    let ch = channel(server.addr()).await;
    let mut client = ScsClient::new(ch.clone());

    let mut req = request(set_request("stalled", "v"), None);
    req.set_timeout(Duration::from_millis(300));
    let start = Instant::now();
    let err = client.set(req).await.expect_err("client-side timeout");
    assert!(start.elapsed() >= Duration::from_millis(300));
    assert!(
        matches!(err.code(), Code::DeadlineExceeded | Code::Cancelled),
        "{err:?}"
    );

    // The abandoned request does not stay in flight: h2 cancels the stream.
    eventually("abandoned h2 request released", || {
        server.stats().in_flight == 0
    })
    .await;

    // Same over HTTP/1.1: closing the connection releases the request.
    let mut http = Http::h1(server.addr()).await;
    let send = http.send(web_request(
        "/cache_client.Scs/Get",
        Mode::Text,
        &get_request("k"),
        None,
    ));
    assert!(
        tokio::time::timeout(Duration::from_millis(200), send)
            .await
            .is_err(),
        "a stalled request was answered"
    );
    drop(http);
    eventually("abandoned http/1.1 request released", || {
        server.stats().in_flight == 0
    })
    .await;

    // A held request goes on once the stall is cleared.
    let mut held = ScsClient::new(ch.clone());
    let task = tokio::spawn(async move {
        let mut req = request(get_request("k"), None);
        req.set_timeout(Duration::from_secs(10));
        held.get(req).await
    });
    eventually("request held", || server.stats().in_flight >= 1).await;
    server.faults().update(|f| f.stall = false).unwrap();
    let released = tokio::time::timeout(Duration::from_secs(5), task)
        .await
        .expect("released in time")
        .expect("task");
    assert!(released.is_ok(), "{released:?}");
    assert_eq!(grpc_get(&mut client, "other").await, None);
}

#[tokio::test]
async fn drop_connection_after_n_requests() {
    let server = server(
        ServerConfig::default().faults(FaultConfig::none().with_drop_connection_after(Some(2))),
    );
    let mut http = Http::h1(server.addr()).await;
    for key in ["a", "b"] {
        let reply = web_call(
            &mut http,
            "/cache_client.Scs/Set",
            Mode::Binary,
            &set_request(key, "v"),
            None,
        )
        .await;
        assert_eq!(reply.grpc_status(), Some(0));
    }
    let third = http
        .send(web_request(
            "/cache_client.Scs/Set",
            Mode::Binary,
            &set_request("dropped", "v"),
            None,
        ))
        .await;
    assert!(third.is_err(), "the third request was answered: {third:?}");

    // A new connection gets its own two requests; the dropped write never happened.
    let mut http = Http::h1(server.addr()).await;
    let reply = web_call(
        &mut http,
        "/cache_client.Scs/Get",
        Mode::Binary,
        &get_request("dropped"),
        None,
    )
    .await;
    assert_eq!(hit_value(&reply.decode(0)), None);
    let stats = server.stats();
    assert_eq!(stats.connections_accepted, 2);
    assert_eq!(stats.total_requests, 4);
}

#[tokio::test]
async fn dropped_h2_connection_fails_grpc_calls_then_reconnects() {
    let server = server(
        ServerConfig::default().faults(FaultConfig::none().with_drop_connection_after(Some(1))),
    );
    let mut client = ScsClient::new(channel(server.addr()).await);
    grpc_get(&mut client, "first").await;
    let err = client
        .get(request(get_request("second"), None))
        .await
        .expect_err("connection dropped");
    assert!(
        matches!(
            err.code(),
            Code::Unavailable | Code::Unknown | Code::Internal | Code::Cancelled
        ),
        "{err:?}"
    );
    server.faults().clear();
    // tonic's channel reconnects on its own.
    let mut ok = false;
    for _ in 0..50 {
        if client
            .get(request(get_request("third"), None))
            .await
            .is_ok()
        {
            ok = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(ok, "no reconnect");
    assert!(server.stats().connections_accepted >= 2);
}

#[tokio::test]
async fn faults_never_touch_admin_or_health() {
    let server = server(
        ServerConfig::default().faults(
            FaultConfig::none()
                .with_stall(true)
                .with_errors(100.0, 14)
                .with_drop_connection_after(Some(0)),
        ),
    );
    let mut http = Http::h1(server.addr()).await;
    for path in ["/stats", "/admin/faults", "/health"] {
        let reply = tokio::time::timeout(Duration::from_secs(5), http.send(get(path, None)))
            .await
            .expect("answered despite stall")
            .expect("http");
        assert_eq!(reply.status, StatusCode::OK, "{path}");
    }
    assert_eq!(server.stats().total_requests, 0);
}

#[test]
fn invalid_faults_are_rejected() {
    let server = edgecache_server::spawn(ServerConfig::default()).unwrap();
    assert!(
        server
            .faults()
            .set(FaultConfig::none().with_errors(101.0, 14))
            .is_err()
    );
    assert!(server.faults().update(|f| f.error_code = 0).is_err());
    assert_eq!(server.faults().get(), FaultConfig::default());
    let err = edgecache_server::spawn(
        ServerConfig::default().faults(FaultConfig::none().with_errors(-1.0, 14)),
    )
    .expect_err("invalid start faults");
    assert!(err.to_string().contains("error_percent"), "{err}");
}

#[tokio::test]
async fn goaway_drop_announces_the_last_stream_it_takes_in_over_h2() {
    use support::raw_h2::*;
    let server = server(
        ServerConfig::default().faults(
            FaultConfig::none()
                .with_drop_connection_after(Some(2))
                .with_drop_connection_kind(edgecache_server::DropKind::Goaway),
        ),
    );
    let mut conn = RawH2::connect(server.addr()).await;
    conn.grpc_call(1, "/cache_client.Scs/Set", &set_request("a", "v"))
        .await;
    let mut all = conn
        .read_until(|f| f.stream_id == 1 && f.ends_stream())
        .await;
    assert!(all.iter().all(|f| f.goaway().is_none()), "{all:?}");

    // Request 2 starts the close: GOAWAY with the largest id, and a PING to time it.
    conn.grpc_call(3, "/cache_client.Scs/Set", &set_request("b", "v"))
        .await;
    let frames = conn
        .read_until(|f| f.kind == PING && f.flags & ACK == 0)
        .await;
    let ping = frames.last().expect("a PING").clone();
    assert_eq!(
        frames.iter().find_map(Frame::goaway),
        Some((0x7fff_ffff, 0)),
        "{frames:?}"
    );
    all.extend(frames);
    // A request sent before the client answers the PING is still taken in and answered.
    conn.grpc_call(5, "/cache_client.Scs/Set", &set_request("c", "v"))
        .await;
    conn.send(PING, ACK, 0, &ping.payload).await;
    let frames = conn.read_until(|f| f.goaway().is_some()).await;
    assert_eq!(frames.last().and_then(Frame::goaway), Some((5, 0)));
    all.extend(frames);
    // Beyond the last stream id: never processed.
    conn.grpc_call(7, "/cache_client.Scs/Set", &set_request("d", "v"))
        .await;
    all.extend(conn.read_until(|_| false).await);
    for id in [1, 3, 5] {
        assert!(
            all.iter().any(|f| f.stream_id == id && f.ends_stream()),
            "stream {id} unanswered: {all:?}"
        );
    }
    assert!(
        all.iter().all(|f| f.stream_id != 7),
        "stream 7 answered: {all:?}"
    );
    // The server closed the connection once the streams it took in were answered.
    let stats = server.stats();
    assert_eq!(stats.total_requests, 3);
    assert_eq!(stats.responses_with_status(0), 3);
    let mut client = ScsClient::new(channel(server.addr()).await);
    assert_eq!(grpc_get(&mut client, "c").await, Some(b"v".to_vec()));
    assert_eq!(
        grpc_get(&mut client, "d").await,
        None,
        "stream 7 was not processed"
    );
}

#[tokio::test]
async fn goaway_drop_closes_an_http1_connection_after_the_nth_response() {
    let server = server(
        ServerConfig::default().faults(
            FaultConfig::none()
                .with_drop_connection_after(Some(2))
                .with_drop_connection_kind(edgecache_server::DropKind::Goaway),
        ),
    );
    let mut http = Http::h1(server.addr()).await;
    for key in ["a", "b"] {
        let reply = web_call(
            &mut http,
            "/cache_client.Scs/Set",
            Mode::Binary,
            &set_request(key, "v"),
            None,
        )
        .await;
        assert_eq!(reply.grpc_status(), Some(0));
        if key == "b" {
            assert_eq!(reply.http.headers["connection"], "close", "{reply:?}");
        }
    }
    let third = http
        .send(web_request(
            "/cache_client.Scs/Set",
            Mode::Binary,
            &set_request("c", "v"),
            None,
        ))
        .await;
    assert!(third.is_err(), "the closed connection answered: {third:?}");
    eventually("connection closed", || server.stats().connections_open == 0).await;
    assert_eq!(server.stats().total_requests, 2);
}

#[test]
fn goaway_needs_at_least_one_request() {
    let faults = FaultConfig::none()
        .with_drop_connection_after(Some(0))
        .with_drop_connection_kind(edgecache_server::DropKind::Goaway);
    let err = faults.validate().expect_err("refused");
    assert!(err.to_string().contains("at least 1"), "{err}");
    assert!(
        FaultConfig::none()
            .with_drop_connection_after(Some(0))
            .validate()
            .is_ok()
    );
}
