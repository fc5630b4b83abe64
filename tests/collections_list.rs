//! Lists end to end against a real edgecache-server: ordering, slicing with negative
//! indexes (every example in docs/protocol.md, "List indexes"), truncation, TTLs and bad input.

mod collections_common;
mod common;

use collections_common::{assert_invalid, assert_wrong_type, check_collection_ttl, setup};
use edgecache::CacheClient;
use edgecache::cache::*;

async fn fetch(client: &CacheClient, cache: &str, list: &str) -> Vec<String> {
    client
        .list_fetch(cache, list)
        .await
        .unwrap()
        .try_into()
        .unwrap()
}

async fn slice(
    client: &CacheClient,
    cache: &str,
    list: &str,
    start: Option<i32>,
    end: Option<i32>,
) -> Vec<String> {
    client
        .send_request(
            ListFetchRequest::new(cache, list)
                .start_index(start)
                .end_index(end),
        )
        .await
        .unwrap()
        .try_into()
        .unwrap()
}

fn digits(range: std::ops::Range<u32>) -> Vec<String> {
    range.map(|d| d.to_string()).collect()
}

#[tokio::test]
async fn push_pop_concatenate_and_order() {
    let (_server, client, cache) = setup("list").await;

    assert_eq!(
        client.list_fetch(&cache, "l").await.unwrap(),
        ListFetchResponse::Miss
    );
    assert_eq!(
        client.list_length(&cache, "l").await.unwrap(),
        ListLengthResponse::Miss
    );
    assert_eq!(
        client.list_pop_front(&cache, "l").await.unwrap(),
        ListPopFrontResponse::Miss
    );
    assert_eq!(
        client.list_pop_back(&cache, "l").await.unwrap(),
        ListPopBackResponse::Miss
    );
    let err = Vec::<String>::try_from(client.list_fetch(&cache, "l").await.unwrap()).unwrap_err();
    assert!(err.message.starts_with("miss:"), "{err}");

    assert_eq!(
        client
            .list_push_back(&cache, "l", "b")
            .await
            .unwrap()
            .list_length,
        1
    );
    assert_eq!(
        client
            .list_push_front(&cache, "l", "a")
            .await
            .unwrap()
            .list_length,
        2
    );
    assert_eq!(
        client
            .list_push_back(&cache, "l", "c")
            .await
            .unwrap()
            .list_length,
        3
    );
    assert_eq!(fetch(&client, &cache, "l").await, ["a", "b", "c"]);
    assert_eq!(
        client.list_length(&cache, "l").await.unwrap(),
        ListLengthResponse::Hit { length: 3 }
    );

    // Concatenation keeps the given order at either end.
    let r = client
        .list_concatenate_back(&cache, "l", ["d", "e"])
        .await
        .unwrap();
    assert_eq!(r.list_length, 5);
    let r = client
        .list_concatenate_front(&cache, "l", ["y", "z"])
        .await
        .unwrap();
    assert_eq!(r.list_length, 7);
    assert_eq!(
        fetch(&client, &cache, "l").await,
        ["y", "z", "a", "b", "c", "d", "e"]
    );

    // The protocol's own example.
    client
        .list_concatenate_back(&cache, "n", ["1", "2", "3"])
        .await
        .unwrap();
    client
        .list_concatenate_front(&cache, "n", ["4", "5", "6"])
        .await
        .unwrap();
    assert_eq!(
        fetch(&client, &cache, "n").await,
        ["4", "5", "6", "1", "2", "3"]
    );

    let front = client.list_pop_front(&cache, "l").await.unwrap();
    assert_eq!(
        front,
        ListPopFrontResponse::Hit {
            value: front.value().unwrap().clone(),
            list_length: 6
        }
    );
    assert_eq!(String::try_from(front).unwrap(), "y");
    let back = client.list_pop_back(&cache, "l").await.unwrap();
    assert!(matches!(
        back,
        ListPopBackResponse::Hit { list_length: 5, .. }
    ));
    assert_eq!(String::try_from(back).unwrap(), "e");

    // Binary values round-trip; popping the last element removes the list.
    client
        .list_push_back(&cache, "bin", vec![0u8, 255])
        .await
        .unwrap();
    let popped = client.list_pop_back(&cache, "bin").await.unwrap();
    assert_eq!(Vec::<u8>::try_from(popped.clone()).unwrap(), [0, 255]);
    assert!(String::try_from(popped).is_err());
    assert_eq!(
        client.list_length(&cache, "bin").await.unwrap(),
        ListLengthResponse::Miss
    );
}

#[tokio::test]
async fn slices_follow_python_rules() {
    let (_server, client, cache) = setup("list-slice").await;
    client
        .list_concatenate_back(&cache, "l", digits(0..10))
        .await
        .unwrap();

    // Every example in docs/protocol.md ("List indexes") on [0..9].
    let cases: [(Option<i32>, Option<i32>, Vec<String>); 9] = [
        (Some(5), None, digits(5..10)),
        (Some(-5), None, digits(5..10)),
        (Some(0), Some(-5), digits(0..5)),
        (Some(2), Some(-6), digits(2..4)),
        (Some(-7), Some(-2), digits(3..8)),
        (Some(5), Some(0), vec![]),
        (Some(-2), Some(-6), vec![]),
        (None, None, digits(0..10)),
        (Some(8), Some(100), digits(8..10)),
    ];
    for (start, end, expected) in cases {
        assert_eq!(
            slice(&client, &cache, "l", start, end).await,
            expected,
            "start {start:?}, end {end:?}"
        );
    }
    // An empty slice of an existing list is a hit.
    assert_eq!(
        client
            .send_request(ListFetchRequest::new(&cache, "l").start_index(20))
            .await
            .unwrap(),
        ListFetchResponse::Hit {
            values: Values::default()
        }
    );

    // One element: start -1, end 1 gives it; start 0, end -1 gives nothing.
    client.list_push_back(&cache, "one", "x").await.unwrap();
    assert_eq!(
        slice(&client, &cache, "one", Some(-1), Some(1)).await,
        ["x"]
    );
    assert!(
        slice(&client, &cache, "one", Some(0), Some(-1))
            .await
            .is_empty()
    );

    // The JavaScript SDK's observed example.
    client
        .list_concatenate_back(&cache, "js", ["a", "b", "c", "1", "2", "3"])
        .await
        .unwrap();
    assert_eq!(
        slice(&client, &cache, "js", Some(2), Some(4)).await,
        ["c", "1"]
    );
}

#[tokio::test]
async fn retain_remove_and_erase() {
    let (_server, client, cache) = setup("list-edit").await;
    assert_eq!(
        client.list_retain(&cache, "l", 0, 1).await.unwrap(),
        ListRetainResponse::Miss
    );

    client
        .list_concatenate_back(&cache, "l", digits(0..10))
        .await
        .unwrap();
    assert_eq!(
        client.list_retain(&cache, "l", 2, -6).await.unwrap(),
        ListRetainResponse::Hit { length: 2 }
    );
    assert_eq!(fetch(&client, &cache, "l").await, ["2", "3"]);
    // -2..-6 selects nothing, so everything goes and the list with it.
    assert_eq!(
        client.list_retain(&cache, "l", -2, -6).await.unwrap(),
        ListRetainResponse::Hit { length: 0 }
    );
    assert_eq!(
        client.list_fetch(&cache, "l").await.unwrap(),
        ListFetchResponse::Miss
    );

    client
        .list_concatenate_back(&cache, "r", ["a", "b", "a", "c", "a"])
        .await
        .unwrap();
    assert_eq!(
        client.list_remove_value(&cache, "r", "a").await.unwrap(),
        ListRemoveValueResponse {}
    );
    assert_eq!(fetch(&client, &cache, "r").await, ["b", "c"]);
    assert_eq!(
        client.list_remove_value(&cache, "r", "zzz").await.unwrap(),
        ListRemoveValueResponse {}
    );
    assert_eq!(fetch(&client, &cache, "r").await, ["b", "c"]);
    assert_eq!(
        client.list_remove_value(&cache, "none", "a").await.unwrap(),
        ListRemoveValueResponse {}
    );
    assert_eq!(
        client.list_length(&cache, "none").await.unwrap(),
        ListLengthResponse::Miss
    );

    client
        .list_concatenate_back(&cache, "e", digits(0..10))
        .await
        .unwrap();
    assert_eq!(
        client
            .list_erase(&cache, "e", [(1, 2), (5, 1), (9, 11)])
            .await
            .unwrap(),
        ListEraseResponse::Hit { list_length: 6 }
    );
    assert_eq!(
        fetch(&client, &cache, "e").await,
        ["0", "3", "4", "6", "7", "8"]
    );
    assert_eq!(
        client
            .send_request(ListEraseRequest::all(&cache, "e"))
            .await
            .unwrap(),
        ListEraseResponse::Hit { list_length: 0 }
    );
    assert_eq!(
        client.list_length(&cache, "e").await.unwrap(),
        ListLengthResponse::Miss
    );
    assert_eq!(
        client.list_erase(&cache, "e", [(0, 1)]).await.unwrap(),
        ListEraseResponse::Miss
    );
}

#[tokio::test]
async fn truncation_keeps_the_newest_end() {
    let (_server, client, cache) = setup("list-trunc").await;

    // [1,2,3] + [4,5,6], front truncated to 5: [2,3,4,5,6].
    client
        .list_concatenate_back(&cache, "b", ["1", "2", "3"])
        .await
        .unwrap();
    let r = client
        .send_request(
            ListConcatenateBackRequest::new(&cache, "b", ["4", "5", "6"]).truncate_front_to_size(5),
        )
        .await
        .unwrap();
    assert_eq!(r.list_length, 5);
    assert_eq!(fetch(&client, &cache, "b").await, ["2", "3", "4", "5", "6"]);
    let r = client
        .send_request(ListPushBackRequest::new(&cache, "b", "7").truncate_front_to_size(2))
        .await
        .unwrap();
    assert_eq!(r.list_length, 2);
    assert_eq!(fetch(&client, &cache, "b").await, ["6", "7"]);

    client
        .list_concatenate_back(&cache, "f", ["1", "2", "3"])
        .await
        .unwrap();
    let r = client
        .send_request(
            ListConcatenateFrontRequest::new(&cache, "f", ["a", "b"]).truncate_back_to_size(4),
        )
        .await
        .unwrap();
    assert_eq!(r.list_length, 4);
    assert_eq!(fetch(&client, &cache, "f").await, ["a", "b", "1", "2"]);
    let r = client
        .send_request(ListPushFrontRequest::new(&cache, "f", "z").truncate_back_to_size(1))
        .await
        .unwrap();
    assert_eq!(r.list_length, 1);
    assert_eq!(fetch(&client, &cache, "f").await, ["z"]);

    // A size at or above the length changes nothing.
    let r = client
        .send_request(ListPushFrontRequest::new(&cache, "f", "y").truncate_back_to_size(10))
        .await
        .unwrap();
    assert_eq!(r.list_length, 2);
}

#[tokio::test]
async fn collection_ttl_refresh_and_expiry() {
    let (_server, client, cache) = setup("list-ttl").await;
    check_collection_ttl(&client, &cache, "push", |key, ttl| {
        let (client, cache) = (client.clone(), cache.clone());
        async move {
            client
                .send_request(ListPushBackRequest::new(&cache, key, "v").ttl(ttl))
                .await
                .unwrap();
        }
    })
    .await;
    check_collection_ttl(&client, &cache, "concat", |key, ttl| {
        let (client, cache) = (client.clone(), cache.clone());
        async move {
            client
                .send_request(ListConcatenateFrontRequest::new(&cache, key, ["v"]).ttl(ttl))
                .await
                .unwrap();
        }
    })
    .await;
}

#[tokio::test]
async fn other_item_types_are_refused() {
    let (_server, client, cache) = setup("list-type").await;
    client
        .dictionary_set_field(&cache, "dict", "f", "v")
        .await
        .unwrap();
    client.set(&cache, "scalar", "v").await.unwrap();
    for key in ["dict", "scalar"] {
        assert_wrong_type(client.list_push_back(&cache, key, "v").await);
        assert_wrong_type(client.list_push_front(&cache, key, "v").await);
        assert_wrong_type(client.list_concatenate_back(&cache, key, ["v"]).await);
        assert_wrong_type(client.list_fetch(&cache, key).await);
        assert_wrong_type(client.list_pop_front(&cache, key).await);
        assert_wrong_type(client.list_length(&cache, key).await);
        assert_wrong_type(client.list_retain(&cache, key, 0, 1).await);
        assert_wrong_type(client.list_remove_value(&cache, key, "v").await);
    }
}

#[tokio::test]
async fn bad_input_is_rejected_before_sending() {
    let (server, client, cache) = setup("list-bad").await;
    server.reset_stats();
    let none: Vec<&str> = Vec::new();

    assert_invalid(client.list_push_back(&cache, "", "v").await, "list_name");
    assert_invalid(client.list_push_front(&cache, "", "v").await, "list_name");
    assert_invalid(client.list_fetch(&cache, "").await, "list_name");
    assert_invalid(client.list_pop_back(&cache, "").await, "list_name");
    assert_invalid(
        client
            .list_concatenate_back(&cache, "l", none.clone())
            .await,
        "values",
    );
    assert_invalid(
        client.list_concatenate_front(&cache, "l", none).await,
        "values",
    );
    assert_invalid(
        client
            .send_request(ListPushBackRequest::new(&cache, "l", "v").truncate_front_to_size(0))
            .await,
        "truncate_front_to_size",
    );
    assert_invalid(
        client
            .send_request(
                ListConcatenateFrontRequest::new(&cache, "l", ["v"]).truncate_back_to_size(0),
            )
            .await,
        "truncate_back_to_size",
    );
    assert_invalid(client.list_erase(&cache, "l", []).await, "ranges");
    #[cfg(target_pointer_width = "64")]
    assert_invalid(
        client.list_erase(&cache, "l", [(1 << 32, 1)]).await,
        "ranges",
    );
    assert_invalid(
        client
            .send_request(
                ListPushBackRequest::new(&cache, "l", "v")
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
