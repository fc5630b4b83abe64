//! Dictionaries end to end against a real edgecache-server.

mod collections_common;
mod common;

use std::collections::HashMap;

use collections_common::{assert_invalid, assert_wrong_type, check_collection_ttl, setup};
use edgecache::cache::*;

#[tokio::test]
async fn set_get_and_fetch_fields() {
    let (_server, client, cache) = setup("dict").await;

    // Misses before anything exists.
    assert_eq!(
        client.dictionary_get_field(&cache, "d", "f").await.unwrap(),
        DictionaryGetFieldResponse::Miss
    );
    assert_eq!(
        client.dictionary_fetch(&cache, "d").await.unwrap(),
        DictionaryFetchResponse::Miss
    );
    assert_eq!(
        client
            .dictionary_get_fields(&cache, "d", ["a"])
            .await
            .unwrap(),
        DictionaryGetFieldsResponse::Miss
    );
    let err =
        HashMap::<String, String>::try_from(client.dictionary_fetch(&cache, "d").await.unwrap())
            .unwrap_err();
    assert_eq!(err.error_code, edgecache::ErrorCode::UnknownError);
    assert!(err.message.starts_with("miss:"), "{err}");

    client
        .dictionary_set_field(&cache, "d", "name", "Ada")
        .await
        .unwrap();
    client
        .dictionary_set_fields(
            &cache,
            "d",
            HashMap::from([("lang", "en"), ("name", "Ada L.")]),
        )
        .await
        .unwrap();
    client
        .dictionary_set_fields(&cache, "d", vec![(b"bin".to_vec(), vec![0u8, 255])])
        .await
        .unwrap();

    let name = client
        .dictionary_get_field(&cache, "d", "name")
        .await
        .unwrap();
    assert_eq!(String::try_from(name).unwrap(), "Ada L.");
    assert_eq!(
        client
            .dictionary_get_field(&cache, "d", "absent")
            .await
            .unwrap(),
        DictionaryGetFieldResponse::Miss
    );

    // Fields answer in request order, hits and misses mixed.
    let fields = client
        .dictionary_get_fields(&cache, "d", ["lang", "absent", "bin"])
        .await
        .unwrap();
    let DictionaryGetFieldsResponse::Hit {
        fields: asked,
        responses,
    } = fields.clone()
    else {
        panic!("expected a hit");
    };
    assert_eq!(
        asked,
        [b"lang".to_vec(), b"absent".to_vec(), b"bin".to_vec()]
    );
    assert_eq!(responses[0].value().unwrap().as_str().unwrap(), "en");
    assert_eq!(responses[1], DictionaryGetFieldResponse::Miss);
    assert_eq!(responses[2].value().unwrap().as_bytes(), [0, 255]);
    let raw: HashMap<Vec<u8>, Vec<u8>> = fields.clone().try_into().unwrap();
    assert_eq!(raw.len(), 2);
    // The binary value is not text.
    assert!(HashMap::<String, String>::try_from(fields).is_err());

    let all = client.dictionary_fetch(&cache, "d").await.unwrap();
    let DictionaryFetchResponse::Hit { value: items } = &all else {
        panic!("expected a hit");
    };
    assert_eq!(items.len(), 3);
    assert_eq!(items[&b"bin".to_vec()], [0, 255]);
    assert_eq!(
        client.dictionary_length(&cache, "d").await.unwrap(),
        DictionaryLengthResponse::Hit { length: 3 }
    );
}

#[tokio::test]
async fn increment_remove_and_length() {
    let (_server, client, cache) = setup("dict-incr").await;

    // A missing field (and dictionary) starts at the amount.
    let r = client
        .dictionary_increment(&cache, "d", "n", 5)
        .await
        .unwrap();
    assert_eq!(r.value, 5);
    let r = client
        .dictionary_increment(&cache, "d", "n", -7)
        .await
        .unwrap();
    assert_eq!(r.value, -2);
    let stored = client.dictionary_get_field(&cache, "d", "n").await.unwrap();
    assert_eq!(String::try_from(stored).unwrap(), "-2");

    // A field that is not a number cannot be incremented.
    client
        .dictionary_set_field(&cache, "d", "word", "five")
        .await
        .unwrap();
    let err = client
        .dictionary_increment(&cache, "d", "word", 1)
        .await
        .unwrap_err();
    assert_eq!(
        err.error_code,
        edgecache::ErrorCode::FailedPreconditionError,
        "{err}"
    );

    client
        .dictionary_set_fields(&cache, "d", [("a", "1"), ("b", "2"), ("c", "3")])
        .await
        .unwrap();
    assert_eq!(
        client.dictionary_length(&cache, "d").await.unwrap(),
        DictionaryLengthResponse::Hit { length: 5 }
    );
    client
        .dictionary_remove_field(&cache, "d", "a")
        .await
        .unwrap();
    client
        .dictionary_remove_fields(&cache, "d", ["b", "absent"])
        .await
        .unwrap();
    assert_eq!(
        client.dictionary_length(&cache, "d").await.unwrap(),
        DictionaryLengthResponse::Hit { length: 3 }
    );
    // Removing from a missing dictionary is fine.
    client
        .dictionary_remove_field(&cache, "nothing", "a")
        .await
        .unwrap();

    // Removing the last fields removes the dictionary.
    client
        .dictionary_remove_fields(&cache, "d", ["c", "n", "word"])
        .await
        .unwrap();
    assert_eq!(
        client.dictionary_length(&cache, "d").await.unwrap(),
        DictionaryLengthResponse::Miss
    );

    // With options through the request type.
    let r = client
        .send_request(
            DictionaryIncrementRequest::new(&cache, "d2", "n", 2)
                .ttl(CollectionTtl::of(std::time::Duration::from_secs(5))),
        )
        .await
        .unwrap();
    assert_eq!(r, DictionaryIncrementResponse { value: 2 });
}

#[tokio::test]
async fn collection_ttl_refresh_and_expiry() {
    let (_server, client, cache) = setup("dict-ttl").await;
    check_collection_ttl(&client, &cache, "set", |key, ttl| {
        let client = client.clone();
        let cache = cache.clone();
        async move {
            client
                .send_request(DictionarySetFieldRequest::new(&cache, key, "f", "v").ttl(ttl))
                .await
                .unwrap();
        }
    })
    .await;
    // Increment and multi-field writes take the policy too.
    check_collection_ttl(&client, &cache, "incr", |key, ttl| {
        let client = client.clone();
        let cache = cache.clone();
        async move {
            client
                .send_request(DictionaryIncrementRequest::new(&cache, key, "n", 1).ttl(ttl))
                .await
                .unwrap();
        }
    })
    .await;
}

#[tokio::test]
async fn other_item_types_are_refused() {
    let (_server, client, cache) = setup("dict-type").await;
    client.set(&cache, "scalar", "v").await.unwrap();
    client.list_push_back(&cache, "list", "v").await.unwrap();
    for key in ["scalar", "list"] {
        assert_wrong_type(client.dictionary_get_field(&cache, key, "f").await);
        assert_wrong_type(client.dictionary_fetch(&cache, key).await);
        assert_wrong_type(client.dictionary_set_field(&cache, key, "f", "v").await);
        assert_wrong_type(client.dictionary_increment(&cache, key, "f", 1).await);
        assert_wrong_type(client.dictionary_length(&cache, key).await);
    }
}

#[tokio::test]
async fn bad_input_is_rejected_before_sending() {
    let (server, client, cache) = setup("dict-bad").await;
    server.reset_stats();
    let none: Vec<&str> = Vec::new();
    let no_pairs: Vec<(&str, &str)> = Vec::new();

    assert_invalid(client.dictionary_fetch(&cache, "").await, "dictionary_name");
    assert_invalid(
        client.dictionary_get_field(&cache, "", "f").await,
        "dictionary_name",
    );
    assert_invalid(
        client
            .dictionary_get_fields(&cache, "d", none.clone())
            .await,
        "fields",
    );
    assert_invalid(
        client.dictionary_set_field(&cache, "", "f", "v").await,
        "dictionary_name",
    );
    assert_invalid(
        client.dictionary_set_fields(&cache, "d", no_pairs).await,
        "elements",
    );
    assert_invalid(
        client.dictionary_increment(&cache, "", "f", 1).await,
        "dictionary_name",
    );
    assert_invalid(
        client.dictionary_remove_field(&cache, "", "f").await,
        "dictionary_name",
    );
    assert_invalid(
        client.dictionary_remove_fields(&cache, "d", none).await,
        "fields",
    );
    assert_invalid(
        client.dictionary_length(&cache, "").await,
        "dictionary_name",
    );
    assert_invalid(client.dictionary_length("", "d").await, "cache_name");
    assert_invalid(
        client
            .send_request(
                DictionarySetFieldRequest::new(&cache, "d", "f", "v")
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
