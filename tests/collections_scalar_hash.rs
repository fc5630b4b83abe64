//! Hash-conditional scalar calls (`GetWithHash`, `SetIfHash`) and the deprecated
//! `SetIfNotExists`, end to end against a real edgecache-server.

mod collections_common;
mod common;

use std::time::Duration;

use collections_common::{assert_invalid, assert_wrong_type, remaining_ttl, setup};
use edgecache::CacheClient;
use edgecache::cache::*;

async fn hash_of(client: &CacheClient, cache: &str, key: &str) -> Vec<u8> {
    match client.get_with_hash(cache, key).await.unwrap() {
        GetWithHashResponse::Hit { hash, .. } => hash,
        GetWithHashResponse::Miss => panic!("{key} should exist"),
    }
}

async fn value_of(client: &CacheClient, cache: &str, key: &str) -> Option<String> {
    client
        .get(cache, key)
        .await
        .unwrap()
        .value()
        .map(|v| v.as_str().unwrap().to_owned())
}

#[tokio::test]
async fn get_with_hash_and_unconditional_set() {
    let (_server, client, cache) = setup("hash").await;
    assert_eq!(
        client.get_with_hash(&cache, "k").await.unwrap(),
        GetWithHashResponse::Miss
    );

    let SetIfHashResponse::Stored { new_hash } =
        client.set_with_hash(&cache, "k", "v1").await.unwrap()
    else {
        panic!("an unconditional set stores");
    };
    let hit = client.get_with_hash(&cache, "k").await.unwrap();
    assert_eq!(hit.value().unwrap().as_str().unwrap(), "v1");
    assert_eq!(hit.hash(), Some(new_hash.as_slice()));

    // Same value, same hash; another value, another hash.
    client.set(&cache, "k2", "v1").await.unwrap();
    assert_eq!(hash_of(&client, &cache, "k2").await, new_hash);
    client.set(&cache, "k2", "v2").await.unwrap();
    assert_ne!(hash_of(&client, &cache, "k2").await, new_hash);
}

#[tokio::test]
async fn every_hash_condition() {
    let (_server, client, cache) = setup("hash-cond").await;
    client.set(&cache, "k", "old").await.unwrap();
    let current = hash_of(&client, &cache, "k").await;
    let other = b"some other hash".to_vec();
    use SetIfHashCondition::*;

    // Every way each condition fails: nothing is stored.
    let cases = [
        (PresentAndHashEqual(other.clone()), "k"),
        (PresentAndHashEqual(current.clone()), "absent"),
        (PresentAndNotHashEqual(current.clone()), "k"),
        (PresentAndNotHashEqual(other.clone()), "absent"),
        (AbsentOrHashEqual(other.clone()), "k"),
        (AbsentOrNotHashEqual(current.clone()), "k"),
    ];
    for (condition, key) in cases {
        let label = format!("{condition:?} on {key}");
        assert_eq!(
            client
                .set_if_hash(&cache, key, "new", condition)
                .await
                .unwrap(),
            SetIfHashResponse::NotStored,
            "{label}"
        );
    }
    assert_eq!(value_of(&client, &cache, "k").await.as_deref(), Some("old"));
    assert_eq!(value_of(&client, &cache, "absent").await, None);

    // Each storing case, re-reading the hash after every write.
    let stores = |condition: SetIfHashCondition, key: &'static str, value: &'static str| {
        let (client, cache) = (client.clone(), cache.clone());
        async move {
            match client
                .set_if_hash(&cache, key, value, condition.clone())
                .await
                .unwrap()
            {
                SetIfHashResponse::Stored { new_hash } => {
                    assert_eq!(hash_of(&client, &cache, key).await, new_hash);
                    assert_eq!(value_of(&client, &cache, key).await.as_deref(), Some(value));
                    new_hash
                }
                SetIfHashResponse::NotStored => panic!("{condition:?} on {key} should store"),
            }
        }
    };
    let v1 = stores(PresentAndHashEqual(current), "k", "v1").await;
    stores(PresentAndNotHashEqual(other.clone()), "k", "v2").await;
    let v2 = hash_of(&client, &cache, "k").await;
    assert_ne!(v1, v2);
    stores(AbsentOrHashEqual(v2), "k", "v3").await;
    stores(AbsentOrNotHashEqual(other.clone()), "k", "v4").await;
    stores(AbsentOrHashEqual(other.clone()), "new-a", "a").await;
    stores(AbsentOrNotHashEqual(other), "new-b", "b").await;
}

#[tokio::test]
async fn ttls_of_conditional_sets() {
    let (_server, client, cache) = setup("hash-ttl").await;
    let short = Duration::from_secs(2);
    client
        .send_request(
            SetIfHashRequest::new(&cache, "k", "v", SetIfHashCondition::Unconditional).ttl(short),
        )
        .await
        .unwrap();
    let left = remaining_ttl(&client, &cache, "k").await.unwrap();
    assert!(left <= short, "{left:?}");
    client
        .send_request(SetIfNotExistsRequest::new(&cache, "n", "v").ttl(short))
        .await
        .unwrap();
    let left = remaining_ttl(&client, &cache, "n").await.unwrap();
    assert!(left <= short, "{left:?}");

    // Expired means absent again.
    client
        .send_request(SetIfNotExistsRequest::new(&cache, "e", "v").ttl(Duration::from_millis(300)))
        .await
        .unwrap();
    collections_common::sleep_ms(450).await;
    assert_eq!(client.get(&cache, "e").await.unwrap(), GetResponse::Miss);
    assert_eq!(
        client
            .set_if_not_exists(&cache, "e", "again")
            .await
            .unwrap(),
        SetIfNotExistsResponse::Stored
    );
}

#[tokio::test]
async fn set_if_not_exists_stores_once() {
    let (_server, client, cache) = setup("sine").await;
    assert_eq!(
        client
            .set_if_not_exists(&cache, "k", "first")
            .await
            .unwrap(),
        SetIfNotExistsResponse::Stored
    );
    assert_eq!(
        client
            .set_if_not_exists(&cache, "k", "second")
            .await
            .unwrap(),
        SetIfNotExistsResponse::NotStored
    );
    assert_eq!(
        value_of(&client, &cache, "k").await.as_deref(),
        Some("first")
    );
}

#[tokio::test]
async fn collections_are_not_scalars() {
    let (_server, client, cache) = setup("hash-type").await;
    client.list_push_back(&cache, "list", "v").await.unwrap();
    assert_wrong_type(client.get_with_hash(&cache, "list").await);
    assert_wrong_type(
        client
            .set_if_hash(
                &cache,
                "list",
                "v",
                SetIfHashCondition::PresentAndHashEqual(vec![1]),
            )
            .await,
    );
}

#[tokio::test]
async fn bad_input_is_rejected_before_sending() {
    let (server, client, cache) = setup("hash-bad").await;
    server.reset_stats();
    assert_invalid(client.get_with_hash(&cache, "").await, "key");
    assert_invalid(client.set_with_hash(&cache, "", "v").await, "key");
    assert_invalid(client.set_if_not_exists(&cache, "", "v").await, "key");
    assert_invalid(client.get_with_hash("", "k").await, "cache_name");
    assert_invalid(
        client
            .send_request(
                SetIfHashRequest::new(&cache, "k", "v", SetIfHashCondition::Unconditional)
                    .ttl(Duration::ZERO),
            )
            .await,
        "ttl",
    );
    assert_invalid(
        client
            .send_request(SetIfNotExistsRequest::new(&cache, "k", "v").ttl(Duration::ZERO))
            .await,
        "ttl",
    );
    assert_eq!(
        server.stats().total_requests,
        0,
        "nothing reached the server"
    );
}
