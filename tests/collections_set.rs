//! Sets end to end against a real edgecache-server.

mod collections_common;
mod common;

use std::collections::HashSet;

use collections_common::{assert_invalid, assert_wrong_type, check_collection_ttl, setup};
use edgecache::cache::*;

fn strings(items: &[&str]) -> HashSet<String> {
    items.iter().map(|s| s.to_string()).collect()
}

#[tokio::test]
async fn add_fetch_contains_and_remove() {
    let (_server, client, cache) = setup("set").await;

    assert_eq!(
        client.set_fetch(&cache, "s").await.unwrap(),
        SetFetchResponse::Miss
    );
    assert_eq!(
        client.set_length(&cache, "s").await.unwrap(),
        SetLengthResponse::Miss
    );
    assert_eq!(
        client.set_contains_element(&cache, "s", "a").await.unwrap(),
        SetContainsElementResponse::Miss
    );
    assert_eq!(
        client
            .set_contains_elements(&cache, "s", ["a"])
            .await
            .unwrap(),
        SetContainsElementsResponse::Miss
    );
    let err =
        HashSet::<String>::try_from(client.set_fetch(&cache, "s").await.unwrap()).unwrap_err();
    assert!(err.message.starts_with("miss:"), "{err}");

    client.set_add_element(&cache, "s", "a").await.unwrap();
    client
        .set_add_elements(&cache, "s", ["b", "c", "a"])
        .await
        .unwrap();
    // Adding an element that is there changes nothing.
    client.set_add_element(&cache, "s", "b").await.unwrap();
    let all: HashSet<String> = client
        .set_fetch(&cache, "s")
        .await
        .unwrap()
        .try_into()
        .unwrap();
    assert_eq!(all, strings(&["a", "b", "c"]));
    let all: Vec<Vec<u8>> = client
        .set_fetch(&cache, "s")
        .await
        .unwrap()
        .try_into()
        .unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(
        client.set_length(&cache, "s").await.unwrap(),
        SetLengthResponse::Hit { length: 3 }
    );

    assert_eq!(
        client.set_contains_element(&cache, "s", "a").await.unwrap(),
        SetContainsElementResponse::Hit { contains: true }
    );
    assert_eq!(
        client.set_contains_element(&cache, "s", "z").await.unwrap(),
        SetContainsElementResponse::Hit { contains: false }
    );
    let contains = client
        .set_contains_elements(&cache, "s", ["z", "c", "a"])
        .await
        .unwrap();
    let SetContainsElementsResponse::Hit {
        elements,
        contains: flags,
    } = &contains
    else {
        panic!("expected a hit");
    };
    assert_eq!(elements, &[b"z".to_vec(), b"c".to_vec(), b"a".to_vec()]);
    assert_eq!(flags, &[false, true, true]);
    assert!(!contains.contains_map()[&b"z".to_vec()]);

    client.set_remove_element(&cache, "s", "a").await.unwrap();
    client
        .set_remove_elements(&cache, "s", ["b", "absent"])
        .await
        .unwrap();
    assert_eq!(
        client.set_fetch(&cache, "s").await.unwrap(),
        SetFetchResponse::Hit {
            values: vec![b"c".to_vec()].into()
        }
    );
    // Removing from a missing set is fine; removing the last element deletes the set.
    client
        .set_remove_element(&cache, "nothing", "a")
        .await
        .unwrap();
    client.set_remove_element(&cache, "s", "c").await.unwrap();
    assert_eq!(
        client.set_length(&cache, "s").await.unwrap(),
        SetLengthResponse::Miss
    );
}

#[tokio::test]
async fn pop_and_sample() {
    let (_server, client, cache) = setup("set-pop").await;
    assert_eq!(
        client.set_pop(&cache, "s", 1).await.unwrap(),
        SetPopResponse::Miss
    );
    assert_eq!(
        client.set_sample(&cache, "s", 1).await.unwrap(),
        SetSampleResponse::Miss
    );

    let five = ["1", "2", "3", "4", "5"];
    client.set_add_elements(&cache, "s", five).await.unwrap();

    // Sampling takes distinct members and removes nothing: 0, 3 and more than the size.
    let none: Vec<String> = client
        .set_sample(&cache, "s", 0)
        .await
        .unwrap()
        .try_into()
        .unwrap();
    assert!(none.is_empty());
    let three: HashSet<String> = client
        .set_sample(&cache, "s", 3)
        .await
        .unwrap()
        .try_into()
        .unwrap();
    assert_eq!(three.len(), 3);
    assert!(three.is_subset(&strings(&five)));
    let all: HashSet<String> = client
        .set_sample(&cache, "s", 10)
        .await
        .unwrap()
        .try_into()
        .unwrap();
    assert_eq!(all, strings(&five));

    // Popping removes what it returns.
    let popped: HashSet<String> = client
        .set_pop(&cache, "s", 2)
        .await
        .unwrap()
        .try_into()
        .unwrap();
    assert_eq!(popped.len(), 2);
    let left: HashSet<String> = client
        .set_fetch(&cache, "s")
        .await
        .unwrap()
        .try_into()
        .unwrap();
    assert_eq!(left.len(), 3);
    assert!(left.is_disjoint(&popped));
    // More than the size pops everything and deletes the set.
    let rest: Vec<String> = client
        .set_pop(&cache, "s", 10)
        .await
        .unwrap()
        .try_into()
        .unwrap();
    assert_eq!(rest.len(), 3);
    assert_eq!(
        client.set_length(&cache, "s").await.unwrap(),
        SetLengthResponse::Miss
    );
}

#[tokio::test]
async fn collection_ttl_refresh_and_expiry() {
    let (_server, client, cache) = setup("set-ttl").await;
    check_collection_ttl(&client, &cache, "add", |key, ttl| {
        let (client, cache) = (client.clone(), cache.clone());
        async move {
            client
                .send_request(SetAddElementRequest::new(&cache, key, "e").ttl(ttl))
                .await
                .unwrap();
        }
    })
    .await;
    check_collection_ttl(&client, &cache, "add-many", |key, ttl| {
        let (client, cache) = (client.clone(), cache.clone());
        async move {
            client
                .send_request(SetAddElementsRequest::new(&cache, key, ["e", "f"]).ttl(ttl))
                .await
                .unwrap();
        }
    })
    .await;
}

#[tokio::test]
async fn other_item_types_are_refused() {
    let (_server, client, cache) = setup("set-type").await;
    client.list_push_back(&cache, "list", "v").await.unwrap();
    client.set(&cache, "scalar", "v").await.unwrap();
    for key in ["list", "scalar"] {
        assert_wrong_type(client.set_add_element(&cache, key, "e").await);
        assert_wrong_type(client.set_fetch(&cache, key).await);
        assert_wrong_type(client.set_contains_element(&cache, key, "e").await);
        assert_wrong_type(client.set_length(&cache, key).await);
        assert_wrong_type(client.set_pop(&cache, key, 1).await);
        assert_wrong_type(client.set_sample(&cache, key, 1).await);
        assert_wrong_type(client.set_remove_element(&cache, key, "e").await);
    }
}

#[tokio::test]
async fn bad_input_is_rejected_before_sending() {
    let (server, client, cache) = setup("set-bad").await;
    server.reset_stats();
    let none: Vec<&str> = Vec::new();

    assert_invalid(client.set_add_element(&cache, "", "e").await, "set_name");
    assert_invalid(
        client.set_add_elements(&cache, "s", none.clone()).await,
        "elements",
    );
    assert_invalid(
        client.set_remove_elements(&cache, "s", none.clone()).await,
        "elements",
    );
    assert_invalid(client.set_remove_element(&cache, "", "e").await, "set_name");
    assert_invalid(
        client.set_contains_elements(&cache, "s", none).await,
        "elements",
    );
    assert_invalid(client.set_fetch(&cache, "").await, "set_name");
    assert_invalid(client.set_length(&cache, "").await, "set_name");
    assert_invalid(client.set_sample(&cache, "", 1).await, "set_name");
    assert_invalid(client.set_pop(&cache, "s", 0).await, "count");
    #[cfg(target_pointer_width = "64")]
    assert_invalid(client.set_pop(&cache, "s", 1 << 32).await, "count");
    assert_invalid(client.set_fetch("", "s").await, "cache_name");
    assert_invalid(
        client
            .send_request(
                SetAddElementRequest::new(&cache, "s", "e")
                    .ttl(CollectionTtl::of(std::time::Duration::ZERO)),
            )
            .await,
        "ttl",
    );
    assert_eq!(
        server.stats().total_requests,
        0,
        "nothing reached the server"
    );
}
