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
