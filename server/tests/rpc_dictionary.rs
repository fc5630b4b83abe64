//! Dictionary-family RPCs over real gRPC.

mod common;

use std::time::Duration;

use common::*;
use edgecache_proto::cache_client::*;
use tonic::Code;

fn pair(field: &str, value: &str) -> DictionaryFieldValuePair {
    DictionaryFieldValuePair {
        field: b(field),
        value: b(value),
    }
}

fn set_req(
    name: &str,
    items: Vec<DictionaryFieldValuePair>,
    ttl: u64,
    refresh: bool,
) -> DictionarySetRequest {
    DictionarySetRequest {
        dictionary_name: b(name),
        items,
        ttl_milliseconds: ttl,
        refresh_ttl: refresh,
    }
}

async fn length(scs: &mut Scs, name: &str) -> Option<u32> {
    let response = scs
        .dictionary_length(DictionaryLengthRequest {
            dictionary_name: b(name),
        })
        .await
        .unwrap()
        .into_inner();
    match response.dictionary {
        Some(dictionary_length_response::Dictionary::Found(found)) => Some(found.length),
        Some(dictionary_length_response::Dictionary::Missing(_)) => None,
        None => panic!("DictionaryLength answered no oneof"),
    }
}

async fn remaining_ttl(scs: &mut Scs, key: &str) -> u64 {
    match scs
        .item_get_ttl(ItemGetTtlRequest { cache_key: b(key) })
        .await
        .unwrap()
        .into_inner()
        .result
    {
        Some(item_get_ttl_response::Result::Found(found)) => found.remaining_ttl_millis,
        other => panic!("{other:?}"),
    }
}

fn increment_req(name: &str, field: &str, amount: i64) -> DictionaryIncrementRequest {
    DictionaryIncrementRequest {
        dictionary_name: b(name),
        field: b(field),
        amount,
        ttl_milliseconds: MINUTE_MS,
        refresh_ttl: true,
    }
}

#[tokio::test]
async fn set_then_get_is_index_aligned_with_field_misses() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    scs.dictionary_set(set_req(
        "d",
        vec![pair("a", "1"), pair("b", "2")],
        MINUTE_MS,
        true,
    ))
    .await
    .unwrap();
    let response = scs
        .dictionary_get(DictionaryGetRequest {
            dictionary_name: b("d"),
            fields: bs(&["b", "zz", "a"]),
        })
        .await
        .unwrap()
        .into_inner();
    let Some(dictionary_get_response::Dictionary::Found(found)) = response.dictionary else {
        panic!("{response:?}");
    };
    let parts: Vec<(i32, Vec<u8>)> = found
        .items
        .into_iter()
        .map(|p| (p.result, p.cache_body))
        .collect();
    assert_eq!(
        parts,
        vec![
            (ECacheResult::Hit as i32, b("2")),
            (ECacheResult::Miss as i32, vec![]),
            (ECacheResult::Hit as i32, b("1")),
        ]
    );
}

#[tokio::test]
async fn get_fetch_length_on_missing_dictionary() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    let get = scs
        .dictionary_get(DictionaryGetRequest {
            dictionary_name: b("d"),
            fields: bs(&["a"]),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(matches!(
        get.dictionary,
        Some(dictionary_get_response::Dictionary::Missing(_))
    ));
    let fetch = scs
        .dictionary_fetch(DictionaryFetchRequest {
            dictionary_name: b("d"),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(matches!(
        fetch.dictionary,
        Some(dictionary_fetch_response::Dictionary::Missing(_))
    ));
    assert_eq!(length(&mut scs, "d").await, None);
}

#[tokio::test]
async fn fetch_returns_every_pair_and_set_overwrites() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    scs.dictionary_set(set_req(
        "d",
        vec![pair("a", "1"), pair("b", "2")],
        MINUTE_MS,
        true,
    ))
    .await
    .unwrap();
    scs.dictionary_set(set_req(
        "d",
        vec![pair("b", "3"), pair("c", "4")],
        MINUTE_MS,
        true,
    ))
    .await
    .unwrap();
    let fetch = scs
        .dictionary_fetch(DictionaryFetchRequest {
            dictionary_name: b("d"),
        })
        .await
        .unwrap()
        .into_inner();
    let Some(dictionary_fetch_response::Dictionary::Found(found)) = fetch.dictionary else {
        panic!("{fetch:?}");
    };
    let mut pairs: Vec<(Vec<u8>, Vec<u8>)> = found
        .items
        .into_iter()
        .map(|p| (p.field, p.value))
        .collect();
    pairs.sort();
    assert_eq!(
        pairs,
        vec![(b("a"), b("1")), (b("b"), b("3")), (b("c"), b("4"))]
    );
    assert_eq!(length(&mut scs, "d").await, Some(3));
}

#[tokio::test]
async fn collection_ttl_is_reset_only_with_refresh() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    scs.dictionary_set(set_req("d", vec![pair("a", "1")], 10_000, true))
        .await
        .unwrap();
    scs.dictionary_set(set_req("d", vec![pair("b", "2")], MINUTE_MS, false))
        .await
        .unwrap();
    assert!(remaining_ttl(&mut scs, "d").await <= 10_000);
    scs.dictionary_set(set_req("d", vec![pair("c", "3")], MINUTE_MS, true))
        .await
        .unwrap();
    assert!(remaining_ttl(&mut scs, "d").await > 50_000);

    scs.dictionary_set(set_req("short", vec![pair("a", "1")], 100, true))
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert_eq!(length(&mut scs, "short").await, None);
}

#[tokio::test]
async fn increment_creates_adds_and_rejects_non_integers() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    let value = scs
        .dictionary_increment(increment_req("d", "n", 4))
        .await
        .unwrap()
        .into_inner()
        .value;
    assert_eq!(value, 4);
    let value = scs
        .dictionary_increment(increment_req("d", "n", -10))
        .await
        .unwrap()
        .into_inner()
        .value;
    assert_eq!(value, -6);

    scs.dictionary_set(set_req("d", vec![pair("word", "five")], MINUTE_MS, true))
        .await
        .unwrap();
    expect_code(
        scs.dictionary_increment(increment_req("d", "word", 1))
            .await,
        Code::FailedPrecondition,
    );
    scs.dictionary_set(set_req(
        "d",
        vec![pair("max", &i64::MAX.to_string())],
        MINUTE_MS,
        true,
    ))
    .await
    .unwrap();
    expect_code(
        scs.dictionary_increment(increment_req("d", "max", 1)).await,
        Code::FailedPrecondition,
    );
}

#[tokio::test]
async fn delete_some_all_and_unset_selector() {
    use dictionary_delete_request::{All, Delete, Some as Fields};
    let server = TestServer::start().await;
    let mut scs = server.scs();
    scs.dictionary_set(set_req(
        "d",
        vec![pair("a", "1"), pair("b", "2"), pair("c", "3")],
        MINUTE_MS,
        true,
    ))
    .await
    .unwrap();
    scs.dictionary_delete(DictionaryDeleteRequest {
        dictionary_name: b("d"),
        delete: Some(Delete::Some(Fields {
            fields: bs(&["a", "zz"]),
        })),
    })
    .await
    .unwrap();
    assert_eq!(length(&mut scs, "d").await, Some(2));
    expect_code(
        scs.dictionary_delete(DictionaryDeleteRequest {
            dictionary_name: b("d"),
            delete: None,
        })
        .await,
        Code::InvalidArgument,
    );
    scs.dictionary_delete(DictionaryDeleteRequest {
        dictionary_name: b("d"),
        delete: Some(Delete::All(All {})),
    })
    .await
    .unwrap();
    assert_eq!(length(&mut scs, "d").await, None);
    // Deleting from a missing dictionary still succeeds.
    scs.dictionary_delete(DictionaryDeleteRequest {
        dictionary_name: b("d"),
        delete: Some(Delete::All(All {})),
    })
    .await
    .unwrap();
}

#[tokio::test]
async fn removing_the_last_field_deletes_the_dictionary() {
    use dictionary_delete_request::{Delete, Some as Fields};
    let server = TestServer::start().await;
    let mut scs = server.scs();
    scs.dictionary_set(set_req("d", vec![pair("a", "1")], MINUTE_MS, true))
        .await
        .unwrap();
    scs.dictionary_delete(DictionaryDeleteRequest {
        dictionary_name: b("d"),
        delete: Some(Delete::Some(Fields { fields: bs(&["a"]) })),
    })
    .await
    .unwrap();
    assert_eq!(length(&mut scs, "d").await, None);
}

#[tokio::test]
async fn wrong_type_oversize_element_empty_name_and_unknown_cache() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    scs.set(SetRequest {
        cache_key: b("s"),
        cache_body: b("v"),
        ttl_milliseconds: MINUTE_MS,
    })
    .await
    .unwrap();
    let status = expect_code(
        scs.dictionary_set(set_req("s", vec![pair("a", "1")], MINUTE_MS, true))
            .await,
        Code::FailedPrecondition,
    );
    assert_eq!(err_meta(&status).as_deref(), Some("invalid_type"));
    expect_code(
        scs.dictionary_fetch(DictionaryFetchRequest {
            dictionary_name: b("s"),
        })
        .await,
        Code::FailedPrecondition,
    );

    let huge = "x".repeat(128 * 1024 + 1);
    let status = expect_code(
        scs.dictionary_set(set_req("d", vec![pair("f", &huge)], MINUTE_MS, true))
            .await,
        Code::ResourceExhausted,
    );
    assert_eq!(
        err_meta(&status).as_deref(),
        Some("element_size_limit_exceeded")
    );

    expect_code(
        scs.dictionary_set(set_req("", vec![pair("a", "1")], MINUTE_MS, true))
            .await,
        Code::InvalidArgument,
    );
    expect_code(
        server
            .scs_for(Some("missing-cache"))
            .dictionary_length(DictionaryLengthRequest {
                dictionary_name: b("d"),
            })
            .await,
        Code::NotFound,
    );
    expect_code(
        server
            .scs_for(None)
            .dictionary_length(DictionaryLengthRequest {
                dictionary_name: b("d"),
            })
            .await,
        Code::InvalidArgument,
    );
}

#[tokio::test]
async fn oversize_dictionary_is_resource_exhausted() {
    let server = TestServer::start_with(edgecache_server::store::StoreConfig {
        max_item_size_bytes: 64,
        ..Default::default()
    })
    .await;
    let mut scs = server.scs();
    scs.dictionary_set(set_req(
        "d",
        vec![pair("f1", &"x".repeat(40))],
        MINUTE_MS,
        true,
    ))
    .await
    .unwrap();
    let status = expect_code(
        scs.dictionary_set(set_req(
            "d",
            vec![pair("f2", &"x".repeat(40))],
            MINUTE_MS,
            true,
        ))
        .await,
        Code::ResourceExhausted,
    );
    assert_eq!(
        err_meta(&status).as_deref(),
        Some("item_size_limit_exceeded")
    );
    assert_eq!(length(&mut scs, "d").await, Some(1));
}
