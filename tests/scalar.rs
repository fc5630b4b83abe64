//! Scalar items end to end: what an application does with get/set/delete, conditional
//! writes, counters, TTLs and batches, in both gRPC-web framings.

mod common;

use std::time::Duration;

use edgecache::cache::*;
use edgecache::configurations::Laptop;
use edgecache::{CacheClient, ErrorCode, Framing};

async fn clients() -> (edgecache_server::ServerHandle, Vec<(Framing, CacheClient)>) {
    let server = common::server();
    let clients = [Framing::Binary, Framing::Text]
        .into_iter()
        .map(|framing| {
            let config = Laptop::latest()
                .to_builder()
                .framing(framing)
                .build()
                .unwrap();
            (framing, common::client_with(&server, config))
        })
        .collect();
    (server, clients)
}

#[tokio::test]
async fn set_get_delete_round_trip() {
    let (_server, clients) = clients().await;
    for (framing, client) in clients {
        let cache = common::fresh_cache(&client, "scalar").await;
        assert_eq!(
            client.get(&cache, "k").await.unwrap(),
            GetResponse::Miss,
            "{framing:?}"
        );
        client.set(&cache, "k", "v").await.unwrap();
        let hit = client.get(&cache, "k").await.unwrap();
        assert_eq!(hit.value().unwrap().as_str().unwrap(), "v", "{framing:?}");
        client.delete(&cache, "k").await.unwrap();
        assert_eq!(
            client.get(&cache, "k").await.unwrap(),
            GetResponse::Miss,
            "{framing:?}"
        );
        // Deleting again is fine.
        client.delete(&cache, "k").await.unwrap();
    }
}

#[tokio::test]
async fn binary_keys_values_and_a_one_megabyte_value() {
    let (_server, clients) = clients().await;
    for (framing, client) in clients {
        let cache = common::fresh_cache(&client, "binary").await;
        let key = vec![0u8, 255, 1, 254];
        let value: Vec<u8> = (0..1_000_000u32).map(|i| (i % 251) as u8).collect();
        client.set(&cache, &key, &value).await.unwrap();
        let got = client.get(&cache, &key).await.unwrap();
        assert_eq!(got.value().unwrap().as_bytes(), &value[..], "{framing:?}");
    }
}

#[tokio::test]
async fn items_expire_after_their_ttl() {
    let (_server, clients) = clients().await;
    let (_, client) = &clients[0];
    let cache = common::fresh_cache(client, "ttl").await;
    client
        .send_request(SetRequest::new(&cache, "short", "v").ttl(Duration::from_millis(300)))
        .await
        .unwrap();
    assert!(matches!(
        client.get(&cache, "short").await.unwrap(),
        GetResponse::Hit { .. }
    ));
    match client.item_get_ttl(&cache, "short").await.unwrap() {
        ItemGetTtlResponse::Hit { remaining_ttl } => {
            assert!(remaining_ttl <= Duration::from_millis(300))
        }
        other => panic!("expected a TTL, got {other:?}"),
    }
    tokio::time::sleep(Duration::from_millis(450)).await;
    assert_eq!(
        client.get(&cache, "short").await.unwrap(),
        GetResponse::Miss
    );
    assert_eq!(
        client.item_get_ttl(&cache, "short").await.unwrap(),
        ItemGetTtlResponse::Miss
    );
}

#[tokio::test]
async fn ttl_updates_overwrite_increase_and_decrease() {
    let (_server, clients) = clients().await;
    let (_, client) = &clients[0];
    let cache = common::fresh_cache(client, "update-ttl").await;
    assert_eq!(
        client
            .update_ttl(&cache, "missing", Duration::from_secs(5))
            .await
            .unwrap(),
        UpdateTtlResponse::Miss
    );
    client
        .send_request(SetRequest::new(&cache, "k", "v").ttl(Duration::from_secs(10)))
        .await
        .unwrap();
    assert_eq!(
        client
            .increase_ttl(&cache, "k", Duration::from_secs(5))
            .await
            .unwrap(),
        IncreaseTtlResponse::NotSet
    );
    assert_eq!(
        client
            .increase_ttl(&cache, "k", Duration::from_secs(100))
            .await
            .unwrap(),
        IncreaseTtlResponse::Set
    );
    assert_eq!(
        client
            .decrease_ttl(&cache, "k", Duration::from_secs(200))
            .await
            .unwrap(),
        DecreaseTtlResponse::NotSet
    );
    assert_eq!(
        client
            .decrease_ttl(&cache, "k", Duration::from_secs(2))
            .await
            .unwrap(),
        DecreaseTtlResponse::Set
    );
    let ItemGetTtlResponse::Hit { remaining_ttl } = client.item_get_ttl(&cache, "k").await.unwrap()
    else {
        panic!("key should exist")
    };
    assert!(
        remaining_ttl <= Duration::from_secs(2) && remaining_ttl > Duration::from_secs(1),
        "{remaining_ttl:?}"
    );
    assert_eq!(
        client
            .update_ttl(&cache, "k", Duration::from_secs(50))
            .await
            .unwrap(),
        UpdateTtlResponse::Set
    );
    let ItemGetTtlResponse::Hit { remaining_ttl } = client.item_get_ttl(&cache, "k").await.unwrap()
    else {
        panic!("key should exist")
    };
    assert!(remaining_ttl > Duration::from_secs(40), "{remaining_ttl:?}");
}

#[tokio::test]
async fn every_set_if_condition_stores_or_not() {
    let (_server, clients) = clients().await;
    for (framing, client) in clients {
        let cache = common::fresh_cache(&client, "set-if").await;
        use SetIfResponse::{NotStored, Stored};
        assert_eq!(
            client.set_if_present(&cache, "k", "a").await.unwrap(),
            NotStored,
            "{framing:?}"
        );
        assert_eq!(
            client.set_if_absent(&cache, "k", "a").await.unwrap(),
            Stored
        );
        assert_eq!(
            client.set_if_absent(&cache, "k", "b").await.unwrap(),
            NotStored
        );
        assert_eq!(
            client.set_if_present(&cache, "k", "b").await.unwrap(),
            Stored
        );
        assert_eq!(
            client.set_if_equal(&cache, "k", "c", "nope").await.unwrap(),
            NotStored
        );
        assert_eq!(
            client.set_if_equal(&cache, "k", "c", "b").await.unwrap(),
            Stored
        );
        assert_eq!(
            client
                .set_if_not_equal(&cache, "k", "d", "c")
                .await
                .unwrap(),
            NotStored
        );
        assert_eq!(
            client
                .set_if_not_equal(&cache, "k", "d", "x")
                .await
                .unwrap(),
            Stored
        );
        assert_eq!(
            client
                .set_if_present_and_not_equal(&cache, "k", "e", "d")
                .await
                .unwrap(),
            NotStored
        );
        assert_eq!(
            client
                .set_if_present_and_not_equal(&cache, "k", "e", "x")
                .await
                .unwrap(),
            Stored
        );
        assert_eq!(
            client
                .set_if_present_and_not_equal(&cache, "absent", "e", "x")
                .await
                .unwrap(),
            NotStored
        );
        assert_eq!(
            client
                .set_if_absent_or_equal(&cache, "k", "f", "x")
                .await
                .unwrap(),
            NotStored
        );
        assert_eq!(
            client
                .set_if_absent_or_equal(&cache, "k", "f", "e")
                .await
                .unwrap(),
            Stored
        );
        assert_eq!(
            client
                .set_if_absent_or_equal(&cache, "new", "g", "x")
                .await
                .unwrap(),
            Stored
        );
        assert_eq!(
            client
                .set_if_not_equal(&cache, "new2", "h", "x")
                .await
                .unwrap(),
            Stored
        );
        assert_eq!(
            client
                .get(&cache, "k")
                .await
                .unwrap()
                .value()
                .unwrap()
                .as_str()
                .unwrap(),
            "f"
        );
    }
}

#[tokio::test]
async fn counters_increment_and_refuse_non_numbers() {
    let (_server, clients) = clients().await;
    let (_, client) = &clients[0];
    let cache = common::fresh_cache(client, "incr").await;
    assert_eq!(client.increment(&cache, "n", 5).await.unwrap().value, 5);
    assert_eq!(client.increment(&cache, "n", -7).await.unwrap().value, -2);
    assert_eq!(
        client
            .get(&cache, "n")
            .await
            .unwrap()
            .value()
            .unwrap()
            .as_str()
            .unwrap(),
        "-2"
    );
    client.set(&cache, "word", "abcxyz").await.unwrap();
    let err = client.increment(&cache, "word", 1).await.unwrap_err();
    assert_eq!(err.error_code, ErrorCode::FailedPreconditionError, "{err}");
}

#[tokio::test]
async fn key_existence_and_item_types() {
    let (_server, clients) = clients().await;
    let (_, client) = &clients[0];
    let cache = common::fresh_cache(client, "exists").await;
    client.set(&cache, "a", "1").await.unwrap();
    client.set(&cache, "c", "3").await.unwrap();
    assert_eq!(
        client
            .keys_exist(&cache, ["a", "b", "c"])
            .await
            .unwrap()
            .exists,
        vec![true, false, true]
    );
    assert!(client.key_exists(&cache, "a").await.unwrap().exists);
    assert!(!client.key_exists(&cache, "b").await.unwrap().exists);
    assert_eq!(
        client.item_get_type(&cache, "a").await.unwrap(),
        ItemGetTypeResponse::Hit {
            key_type: ItemType::Scalar
        }
    );
    assert_eq!(
        client.item_get_type(&cache, "b").await.unwrap(),
        ItemGetTypeResponse::Miss
    );
}

#[tokio::test]
async fn batches_answer_in_request_order() {
    let (_server, clients) = clients().await;
    for (framing, client) in clients {
        let cache = common::fresh_cache(&client, "batch").await;
        let items: Vec<(String, String)> = (0..50)
            .map(|i| (format!("k{i}"), format!("v{i}")))
            .collect();
        let set = client.set_batch(&cache, items.clone()).await.unwrap();
        assert_eq!(set.results.len(), 50);
        assert!(set.results.iter().all(|(_, r)| r.is_ok()), "{framing:?}");
        let keys: Vec<String> = (0..52).rev().map(|i| format!("k{i}")).collect();
        let got = client.get_batch(&cache, keys.clone()).await.unwrap();
        assert_eq!(got.results.len(), 52);
        for ((key, result), expected_key) in got.results.iter().zip(&keys) {
            assert_eq!(key, expected_key.as_bytes());
            let index: usize = expected_key[1..].parse().unwrap();
            match result.as_ref().unwrap() {
                GetResponse::Hit { value } => {
                    assert_eq!(value.as_str().unwrap(), format!("v{index}"))
                }
                GetResponse::Miss => assert!(index >= 50, "k{index} should hit"),
            }
        }
        assert_eq!(got.hits().len(), 50);
    }
}

/// A client that tries each call once, so a cut batch shows its error.
fn client_without_retries(server: &edgecache_server::ServerHandle) -> CacheClient {
    let config = Laptop::latest()
        .to_builder()
        .retry_strategy(edgecache::RetryStrategy::None)
        .build()
        .unwrap();
    common::client_with(server, config)
}

#[tokio::test]
async fn large_batches_stream_in_order_within_max_response_bytes() {
    let (server, clients) = clients().await;
    for (framing, client) in clients {
        let cache = common::fresh_cache(&client, "large-batch").await;
        // 4,000 answers of 1 KiB: about 4 MiB, read message by message.
        let items: Vec<(String, Vec<u8>)> = (0..4_000)
            .map(|i| (format!("k{i}"), vec![(i % 251) as u8; 1024]))
            .collect();
        let set = client.set_batch(&cache, items.clone()).await.unwrap();
        assert_eq!(set.results.len(), 4_000, "{framing:?}");
        assert!(set.results.iter().all(|(_, r)| r.is_ok()), "{framing:?}");
        let keys: Vec<String> = items.iter().map(|(k, _)| k.clone()).collect();
        let got = client.get_batch(&cache, keys).await.unwrap();
        let values: Vec<(Vec<u8>, Vec<u8>)> = got
            .results
            .into_iter()
            .map(|(key, result)| match result.unwrap() {
                GetResponse::Hit { value } => (key, value.as_bytes().to_vec()),
                GetResponse::Miss => panic!("{framing:?}: a miss"),
            })
            .collect();
        let expected: Vec<(Vec<u8>, Vec<u8>)> = items
            .into_iter()
            .map(|(k, v)| (k.into_bytes(), v))
            .collect();
        assert!(
            values == expected,
            "{framing:?}: every answer once, in order"
        );
    }

    // The answers together are bounded like one unary body: past max_response_bytes the
    // batch fails with a typed error instead of growing without end.
    let config = Laptop::latest()
        .to_builder()
        .max_response_bytes(64 * 1024)
        .build()
        .unwrap();
    let small = common::client_with(&server, config);
    let cache = common::fresh_cache(&small, "bounded-batch").await;
    let items = (0..100).map(|i| (format!("k{i}"), vec![7u8; 1024]));
    small.set_batch(&cache, items).await.unwrap();
    let keys = |n: usize| (0..n).map(|i| format!("k{i}")).collect::<Vec<_>>();
    assert_eq!(
        small
            .get_batch(&cache, keys(50))
            .await
            .unwrap()
            .hits()
            .len(),
        50
    );
    let too_large = small.get_batch(&cache, keys(100)).await.unwrap_err();
    assert_eq!(
        too_large.error_code,
        ErrorCode::ClientResourceExhausted,
        "{too_large}"
    );
    assert!(
        too_large
            .message
            .contains("max_response_bytes (65536 bytes)")
    );
}

#[tokio::test]
async fn a_batch_cut_mid_stream_is_a_typed_error_and_nothing_is_lost_or_repeated() {
    use edgecache_server::FaultConfig;
    let server = common::server();
    let client = client_without_retries(&server);
    let cache = common::fresh_cache(&client, "cut-batch").await;
    let items: Vec<(String, String)> = (0..50)
        .map(|i| (format!("k{i}"), format!("v{i}")))
        .collect();
    let keys: Vec<String> = items.iter().map(|(k, _)| k.clone()).collect();
    client.set_batch(&cache, items.clone()).await.unwrap();

    // Ended normally after 10 of 50 answers: the count does not match.
    server
        .faults()
        .set(FaultConfig::none().with_stream_end_after_items(Some(10)))
        .unwrap();
    let short = client.get_batch(&cache, keys.clone()).await.unwrap_err();
    assert_eq!(short.error_code, ErrorCode::UnknownError, "{short}");
    assert!(short.message.contains("10 answers for 50 keys"), "{short}");
    let short = client.set_batch(&cache, items.clone()).await.unwrap_err();
    assert_eq!(short.error_code, ErrorCode::UnknownError, "{short}");

    // The connection reset after 10 answers: the server is unavailable.
    server
        .faults()
        .set(FaultConfig::none().with_stream_drop_connection_after_items(Some(10)))
        .unwrap();
    let cut = client.get_batch(&cache, keys.clone()).await.unwrap_err();
    assert_eq!(cut.error_code, ErrorCode::ServerUnavailable, "{cut}");
    let cut = client.set_batch(&cache, items.clone()).await.unwrap_err();
    assert_eq!(cut.error_code, ErrorCode::ServerUnavailable, "{cut}");
    assert!(server.stats().responses_with_status(0) > 0);

    // A retrying client tries a cut read again, as any read: one try and three retries.
    let retrying = common::client(&server);
    let before = server.stats().requests("/cache_client.Scs/GetBatch");
    let cut = retrying.get_batch(&cache, keys.clone()).await.unwrap_err();
    assert_eq!(cut.error_code, ErrorCode::ServerUnavailable, "{cut}");
    assert_eq!(
        server.stats().requests("/cache_client.Scs/GetBatch") - before,
        4
    );
    server.faults().clear();

    // Both clients go on (on new connections): every key answered once, in request order,
    // with its value.
    for client in [&client, &retrying] {
        let got = client.get_batch(&cache, keys.clone()).await;
        let got = got.unwrap();
        let answered: Vec<(Vec<u8>, String)> = got
            .results
            .into_iter()
            .map(|(key, result)| match result.unwrap() {
                GetResponse::Hit { value } => (key, value.as_str().unwrap().to_owned()),
                GetResponse::Miss => panic!("a miss"),
            })
            .collect();
        let expected: Vec<(Vec<u8>, String)> = items
            .iter()
            .map(|(k, v)| (k.clone().into_bytes(), v.clone()))
            .collect();
        assert_eq!(answered, expected);
    }
}
