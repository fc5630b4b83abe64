//! Control-plane (`ScsControl`) and `Ping` RPCs over real gRPC.

mod common;

use common::*;
use edgecache_proto::cache_client::{ECacheResult, GetRequest, PingRequest, SetRequest};
use edgecache_proto::control_client::*;
use tonic::Code;

async fn names(server: &TestServer) -> Vec<String> {
    let response = server
        .control()
        .list_caches(ListCachesRequest {
            next_token: String::new(),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(response.next_token.is_empty());
    response.cache.into_iter().map(|c| c.cache_name).collect()
}

fn create(name: &str) -> CreateCacheRequest {
    CreateCacheRequest {
        cache_name: name.into(),
    }
}

#[tokio::test]
async fn create_list_and_delete_caches() {
    let server = TestServer::start().await;
    let mut control = server.control();
    control.create_cache(create("b-cache")).await.unwrap();
    control.create_cache(create("a-cache")).await.unwrap();
    assert_eq!(names(&server).await, ["a-cache", "b-cache", CACHE]);
    control
        .delete_cache(DeleteCacheRequest {
            cache_name: "b-cache".into(),
        })
        .await
        .unwrap();
    assert_eq!(names(&server).await, ["a-cache", CACHE]);
}

#[tokio::test]
async fn list_caches_reports_limits() {
    let server = TestServer::start().await;
    let response = server
        .control()
        .list_caches(ListCachesRequest::default())
        .await
        .unwrap()
        .into_inner();
    let cache = &response.cache[0];
    let limits = cache.cache_limits.expect("cache limits");
    assert_eq!(limits.max_item_size_kb, 5 * 1024);
    assert_eq!(limits.max_ttl_seconds, 24 * 60 * 60);
    assert!(cache.topic_limits.is_some());
}

#[tokio::test]
async fn create_existing_cache_is_already_exists() {
    let server = TestServer::start().await;
    expect_code(
        server.control().create_cache(create(CACHE)).await,
        Code::AlreadyExists,
    );
}

#[tokio::test]
async fn delete_and_flush_unknown_cache_are_not_found() {
    let server = TestServer::start().await;
    let mut control = server.control();
    let status = expect_code(
        control
            .delete_cache(DeleteCacheRequest {
                cache_name: "nope".into(),
            })
            .await,
        Code::NotFound,
    );
    assert!(status.message().contains("nope"));
    expect_code(
        control
            .flush_cache(FlushCacheRequest {
                cache_name: "nope".into(),
            })
            .await,
        Code::NotFound,
    );
}

#[tokio::test]
async fn empty_cache_names_are_invalid_argument() {
    let server = TestServer::start().await;
    let mut control = server.control();
    expect_code(
        control.create_cache(create("")).await,
        Code::InvalidArgument,
    );
    expect_code(
        control.create_cache(create("   ")).await,
        Code::InvalidArgument,
    );
    expect_code(
        control
            .delete_cache(DeleteCacheRequest {
                cache_name: String::new(),
            })
            .await,
        Code::InvalidArgument,
    );
    expect_code(
        control
            .flush_cache(FlushCacheRequest {
                cache_name: String::new(),
            })
            .await,
        Code::InvalidArgument,
    );
    assert_eq!(names(&server).await, [CACHE]);
}

#[tokio::test]
async fn flush_drops_data_but_keeps_the_cache() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    scs.set(SetRequest {
        cache_key: b("k"),
        cache_body: b("v"),
        ttl_milliseconds: MINUTE_MS,
    })
    .await
    .unwrap();
    server
        .control()
        .flush_cache(FlushCacheRequest {
            cache_name: CACHE.into(),
        })
        .await
        .unwrap();
    let get = scs
        .get(GetRequest { cache_key: b("k") })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(get.result, ECacheResult::Miss as i32);
    assert_eq!(names(&server).await, [CACHE]);
    // Flushing an empty cache succeeds too.
    server
        .control()
        .flush_cache(FlushCacheRequest {
            cache_name: CACHE.into(),
        })
        .await
        .unwrap();
}

#[tokio::test]
async fn data_calls_after_delete_are_not_found_and_recreate_is_empty() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    scs.set(SetRequest {
        cache_key: b("k"),
        cache_body: b("v"),
        ttl_milliseconds: MINUTE_MS,
    })
    .await
    .unwrap();
    let mut control = server.control();
    control
        .delete_cache(DeleteCacheRequest {
            cache_name: CACHE.into(),
        })
        .await
        .unwrap();
    expect_code(
        scs.get(GetRequest { cache_key: b("k") }).await,
        Code::NotFound,
    );
    control.create_cache(create(CACHE)).await.unwrap();
    let get = scs
        .get(GetRequest { cache_key: b("k") })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(get.result, ECacheResult::Miss as i32);
}

#[tokio::test]
async fn ping_answers_ok_without_headers() {
    let server = TestServer::start().await;
    let response = server.ping().ping(PingRequest {}).await;
    assert!(response.is_ok(), "{response:?}");
}
