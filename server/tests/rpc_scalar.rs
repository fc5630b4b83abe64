//! Scalar-family RPCs over real gRPC: Get/Set, batches, conditional sets, Increment, TTL, type,
//! plus the request-level failures shared by every Scs call.

mod common;

use std::time::Duration;

use common::*;
use edgecache_proto::cache_client::*;
use edgecache_proto::common as conditions;
use tonic::Code;
use tonic::codegen::tokio_stream::StreamExt;

const HIT: i32 = ECacheResult::Hit as i32;
const MISS: i32 = ECacheResult::Miss as i32;
const OK: i32 = ECacheResult::Ok as i32;

fn set_req(key: &str, value: &str, ttl: u64) -> SetRequest {
    SetRequest {
        cache_key: b(key),
        cache_body: b(value),
        ttl_milliseconds: ttl,
    }
}

fn get_req(key: &str) -> GetRequest {
    GetRequest { cache_key: b(key) }
}

async fn get_body(scs: &mut Scs, key: &str) -> Option<Vec<u8>> {
    let response = scs.get(get_req(key)).await.unwrap().into_inner();
    match response.result {
        HIT => Some(response.cache_body),
        MISS => None,
        other => panic!("Get answered result {other}"),
    }
}

fn set_if_req(key: &str, value: &str, condition: set_if_request::Condition) -> SetIfRequest {
    SetIfRequest {
        cache_key: b(key),
        cache_body: b(value),
        ttl_milliseconds: MINUTE_MS,
        condition: Some(condition),
    }
}

fn stored(response: SetIfResponse) -> bool {
    match response.result {
        Some(set_if_response::Result::Stored(_)) => true,
        Some(set_if_response::Result::NotStored(_)) => false,
        None => panic!("SetIf answered no result"),
    }
}

#[tokio::test]
async fn set_then_get_hits_and_unknown_key_misses() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    let set = scs
        .set(set_req("k", "v", MINUTE_MS))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(set.result, OK);
    let hit = scs.get(get_req("k")).await.unwrap().into_inner();
    assert_eq!((hit.result, hit.cache_body), (HIT, b("v")));
    let miss = scs.get(get_req("other")).await.unwrap().into_inner();
    assert_eq!(miss.result, MISS);
    assert!(miss.cache_body.is_empty());
}

#[tokio::test]
async fn set_replaces_a_collection() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    scs.set_union(SetUnionRequest {
        set_name: b("k"),
        elements: bs(&["a"]),
        ttl_milliseconds: MINUTE_MS,
        refresh_ttl: true,
    })
    .await
    .unwrap();
    scs.set(set_req("k", "scalar", MINUTE_MS)).await.unwrap();
    assert_eq!(get_body(&mut scs, "k").await, Some(b("scalar")));
}

#[tokio::test]
async fn get_on_a_collection_is_invalid_type() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    scs.list_push_back(ListPushBackRequest {
        list_name: b("l"),
        value: b("x"),
        ttl_milliseconds: MINUTE_MS,
        ..Default::default()
    })
    .await
    .unwrap();
    let status = expect_code(scs.get(get_req("l")).await, Code::FailedPrecondition);
    assert_eq!(err_meta(&status).as_deref(), Some("invalid_type"));
}

#[tokio::test]
async fn items_expire() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    scs.set(set_req("k", "v", 100)).await.unwrap();
    assert!(get_body(&mut scs, "k").await.is_some());
    tokio::time::sleep(Duration::from_millis(150)).await;
    assert_eq!(get_body(&mut scs, "k").await, None);
}

#[tokio::test]
async fn missing_or_empty_cache_header_is_invalid_argument() {
    let server = TestServer::start().await;
    let status = expect_code(
        server.scs_for(None).get(get_req("k")).await,
        Code::InvalidArgument,
    );
    assert!(
        status.message().contains("missing cache header"),
        "{status:?}"
    );
    expect_code(
        server.scs_for(Some("")).get(get_req("k")).await,
        Code::InvalidArgument,
    );
}

#[tokio::test]
async fn unknown_cache_is_not_found_naming_the_cache() {
    let server = TestServer::start().await;
    let status = expect_code(
        server
            .scs_for(Some("no-such-cache"))
            .get(get_req("k"))
            .await,
        Code::NotFound,
    );
    assert!(status.message().contains("no-such-cache"), "{status:?}");
    expect_code(
        server
            .scs_for(Some("no-such-cache"))
            .set(set_req("k", "v", MINUTE_MS))
            .await,
        Code::NotFound,
    );
}

#[tokio::test]
async fn bad_keys_and_ttls_are_invalid_argument() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    expect_code(
        scs.set(set_req("", "v", MINUTE_MS)).await,
        Code::InvalidArgument,
    );
    expect_code(scs.get(get_req("")).await, Code::InvalidArgument);
    let zero = expect_code(scs.set(set_req("k", "v", 0)).await, Code::InvalidArgument);
    assert!(zero.message().contains("ttl_milliseconds"), "{zero:?}");
    let day_ms = 24 * 60 * 60 * 1000;
    expect_code(
        scs.set(set_req("k", "v", day_ms + 1)).await,
        Code::InvalidArgument,
    );
    scs.set(set_req("k", "v", day_ms)).await.unwrap();
}

#[tokio::test]
async fn oversize_item_is_resource_exhausted() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    // A 5 MiB value also proves the raised message-size limit (tonic's default is 4 MiB).
    let value = vec![b'x'; 5 * 1024 * 1024];
    let status = expect_code(
        scs.set(SetRequest {
            cache_key: b("big"),
            cache_body: value.clone(),
            ttl_milliseconds: MINUTE_MS,
        })
        .await,
        Code::ResourceExhausted,
    );
    assert_eq!(
        err_meta(&status).as_deref(),
        Some("item_size_limit_exceeded")
    );
    let fits = value[..5 * 1024 * 1024 - 3].to_vec();
    scs.set(SetRequest {
        cache_key: b("big"),
        cache_body: fits.clone(),
        ttl_milliseconds: MINUTE_MS,
    })
    .await
    .unwrap();
    assert_eq!(
        get_body(&mut scs, "big").await.map(|v| v.len()),
        Some(fits.len())
    );
}

#[tokio::test]
async fn get_with_hash_matches_set_if_hash() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    let missing = scs
        .get_with_hash(GetWithHashRequest { cache_key: b("k") })
        .await
        .unwrap()
        .into_inner();
    assert!(matches!(
        missing.result,
        Some(get_with_hash_response::Result::Missing(_))
    ));

    let response = scs
        .set_if_hash(SetIfHashRequest {
            cache_key: b("k"),
            cache_body: b("v1"),
            ttl_milliseconds: MINUTE_MS,
            condition: Some(set_if_hash_request::Condition::Unconditional(
                conditions::Unconditional {},
            )),
        })
        .await
        .unwrap()
        .into_inner();
    let Some(set_if_hash_response::Result::Stored(stored)) = response.result else {
        panic!("unconditional SetIfHash did not store: {response:?}");
    };
    let found = scs
        .get_with_hash(GetWithHashRequest { cache_key: b("k") })
        .await
        .unwrap()
        .into_inner();
    let Some(get_with_hash_response::Result::Found(found)) = found.result else {
        panic!("GetWithHash missed after a store");
    };
    assert_eq!(found.value, b("v1"));
    assert_eq!(found.hash, stored.new_hash);
    assert!(!found.hash.is_empty());
}

#[tokio::test]
async fn set_if_hash_conditions_and_unset_condition() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    scs.set(set_req("k", "v1", MINUTE_MS)).await.unwrap();
    let hash = match scs
        .get_with_hash(GetWithHashRequest { cache_key: b("k") })
        .await
        .unwrap()
        .into_inner()
        .result
    {
        Some(get_with_hash_response::Result::Found(found)) => found.hash,
        other => panic!("{other:?}"),
    };
    let mut try_set = async |condition| {
        let response = scs
            .set_if_hash(SetIfHashRequest {
                cache_key: b("k"),
                cache_body: b("v2"),
                ttl_milliseconds: MINUTE_MS,
                condition,
            })
            .await?
            .into_inner();
        Ok::<_, tonic::Status>(matches!(
            response.result,
            Some(set_if_hash_response::Result::Stored(_))
        ))
    };
    use set_if_hash_request::Condition as C;
    let stale = b("stale");
    assert!(
        !try_set(Some(C::PresentAndHashEqual(
            conditions::PresentAndHashEqual {
                hash_to_check: stale.clone()
            }
        )))
        .await
        .unwrap()
    );
    assert!(
        !try_set(Some(C::PresentAndNotHashEqual(
            conditions::PresentAndNotHashEqual {
                hash_to_check: hash.clone()
            }
        )))
        .await
        .unwrap()
    );
    assert!(
        !try_set(Some(C::AbsentOrNotHashEqual(
            conditions::AbsentOrNotHashEqual {
                hash_to_check: hash.clone()
            }
        )))
        .await
        .unwrap()
    );
    assert!(
        try_set(Some(C::AbsentOrHashEqual(conditions::AbsentOrHashEqual {
            hash_to_check: hash.clone()
        })))
        .await
        .unwrap()
    );
    expect_code(try_set(None).await, Code::InvalidArgument);
    assert_eq!(get_body(&mut scs, "k").await, Some(b("v2")));
}

#[tokio::test]
async fn set_if_conditions() {
    use conditions::*;
    use set_if_request::Condition as C;
    let server = TestServer::start().await;
    let mut scs = server.scs();

    let cases: Vec<(C, bool)> = vec![
        (C::Present(Present {}), false),
        (
            C::Equal(Equal {
                value_to_check: b("v"),
            }),
            false,
        ),
        (
            C::PresentAndNotEqual(PresentAndNotEqual {
                value_to_check: b("v"),
            }),
            false,
        ),
        (C::Absent(Absent {}), true),
        // "k" now holds "new".
        (C::Absent(Absent {}), false),
        (C::Present(Present {}), true),
        (
            C::Equal(Equal {
                value_to_check: b("new"),
            }),
            true,
        ),
        (
            C::Equal(Equal {
                value_to_check: b("old"),
            }),
            false,
        ),
        (
            C::PresentAndNotEqual(PresentAndNotEqual {
                value_to_check: b("new"),
            }),
            false,
        ),
        (
            C::PresentAndNotEqual(PresentAndNotEqual {
                value_to_check: b("old"),
            }),
            true,
        ),
        (
            C::AbsentOrEqual(AbsentOrEqual {
                value_to_check: b("new"),
            }),
            true,
        ),
        (
            C::AbsentOrEqual(AbsentOrEqual {
                value_to_check: b("old"),
            }),
            false,
        ),
        (
            C::NotEqual(NotEqual {
                value_to_check: b("new"),
            }),
            false,
        ),
        (
            C::NotEqual(NotEqual {
                value_to_check: b("old"),
            }),
            true,
        ),
    ];
    for (i, (condition, expected)) in cases.into_iter().enumerate() {
        let response = scs
            .set_if(set_if_req("k", "new", condition.clone()))
            .await
            .unwrap()
            .into_inner();
        assert_eq!(stored(response), expected, "case {i}: {condition:?}");
    }
    let absent_or_equal = scs
        .set_if(set_if_req(
            "fresh",
            "x",
            C::AbsentOrEqual(AbsentOrEqual {
                value_to_check: b("zz"),
            }),
        ))
        .await
        .unwrap()
        .into_inner();
    assert!(stored(absent_or_equal));
    let not_equal = scs
        .set_if(set_if_req(
            "fresh2",
            "x",
            C::NotEqual(NotEqual {
                value_to_check: b("zz"),
            }),
        ))
        .await
        .unwrap()
        .into_inner();
    assert!(stored(not_equal));
    assert_eq!(get_body(&mut scs, "fresh2").await, Some(b("x")));
}

#[tokio::test]
async fn set_if_without_condition_is_invalid_argument() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    let mut request = set_if_req(
        "k",
        "v",
        set_if_request::Condition::Present(conditions::Present {}),
    );
    request.condition = None;
    expect_code(scs.set_if(request).await, Code::InvalidArgument);
    assert_eq!(get_body(&mut scs, "k").await, None);
}

#[tokio::test]
async fn set_if_not_exists_stores_once() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    let request = || SetIfNotExistsRequest {
        cache_key: b("k"),
        cache_body: b("first"),
        ttl_milliseconds: MINUTE_MS,
    };
    let first = scs.set_if_not_exists(request()).await.unwrap().into_inner();
    assert!(matches!(
        first.result,
        Some(set_if_not_exists_response::Result::Stored(_))
    ));
    let second = scs.set_if_not_exists(request()).await.unwrap().into_inner();
    assert!(matches!(
        second.result,
        Some(set_if_not_exists_response::Result::NotStored(_))
    ));
    assert_eq!(get_body(&mut scs, "k").await, Some(b("first")));
}

#[tokio::test]
async fn delete_removes_any_type_and_tolerates_missing() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    scs.set(set_req("k", "v", MINUTE_MS)).await.unwrap();
    scs.dictionary_set(DictionarySetRequest {
        dictionary_name: b("d"),
        items: vec![DictionaryFieldValuePair {
            field: b("f"),
            value: b("v"),
        }],
        ttl_milliseconds: MINUTE_MS,
        refresh_ttl: true,
    })
    .await
    .unwrap();
    for key in ["k", "d", "never-set"] {
        scs.delete(DeleteRequest { cache_key: b(key) })
            .await
            .unwrap();
    }
    let exists = scs
        .keys_exist(KeysExistRequest {
            cache_keys: bs(&["k", "d"]),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(exists.exists, [false, false]);
    expect_code(
        scs.delete(DeleteRequest { cache_key: vec![] }).await,
        Code::InvalidArgument,
    );
}

#[tokio::test]
async fn keys_exist_is_index_aligned() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    scs.set(set_req("a", "1", MINUTE_MS)).await.unwrap();
    scs.set(set_req("c", "3", MINUTE_MS)).await.unwrap();
    let exists = scs
        .keys_exist(KeysExistRequest {
            cache_keys: bs(&["c", "b", "a", "a"]),
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(exists.exists, [true, false, true, true]);
}

#[tokio::test]
async fn increment_creates_adds_and_rejects_bad_values() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    let mut increment = async |key: &str, amount: i64| {
        scs.increment(IncrementRequest {
            cache_key: b(key),
            amount,
            ttl_milliseconds: MINUTE_MS,
        })
        .await
        .map(|r| r.into_inner().value)
    };
    assert_eq!(increment("n", 5).await.unwrap(), 5);
    assert_eq!(increment("n", -8).await.unwrap(), -3);

    let mut scs = server.scs();
    assert_eq!(get_body(&mut scs, "n").await, Some(b("-3")));
    scs.set(set_req("text", "abcxyz", MINUTE_MS)).await.unwrap();
    scs.set(set_req("max", &i64::MAX.to_string(), MINUTE_MS))
        .await
        .unwrap();
    let mut increment = async |key: &str, amount: i64| {
        scs.increment(IncrementRequest {
            cache_key: b(key),
            amount,
            ttl_milliseconds: MINUTE_MS,
        })
        .await
    };
    expect_code(increment("text", 1).await, Code::FailedPrecondition);
    expect_code(increment("max", 1).await, Code::FailedPrecondition);
}

#[tokio::test]
async fn update_ttl_outcomes_and_unset_oneof() {
    use update_ttl_request::UpdateTtl as U;
    let server = TestServer::start().await;
    let mut scs = server.scs();
    let mut update = async |update_ttl| {
        scs.update_ttl(UpdateTtlRequest {
            cache_key: b("k"),
            update_ttl,
        })
        .await
        .map(|r| r.into_inner().result)
    };
    assert!(matches!(
        update(Some(U::OverwriteToMilliseconds(MINUTE_MS)))
            .await
            .unwrap(),
        Some(update_ttl_response::Result::Missing(_))
    ));
    expect_code(update(None).await, Code::InvalidArgument);

    server.scs().set(set_req("k", "v", 10_000)).await.unwrap();
    assert!(matches!(
        update(Some(U::IncreaseToMilliseconds(5_000)))
            .await
            .unwrap(),
        Some(update_ttl_response::Result::NotSet(_))
    ));
    assert!(matches!(
        update(Some(U::IncreaseToMilliseconds(30_000)))
            .await
            .unwrap(),
        Some(update_ttl_response::Result::Set(_))
    ));
    assert!(matches!(
        update(Some(U::DecreaseToMilliseconds(40_000)))
            .await
            .unwrap(),
        Some(update_ttl_response::Result::NotSet(_))
    ));
    assert!(matches!(
        update(Some(U::DecreaseToMilliseconds(2_000)))
            .await
            .unwrap(),
        Some(update_ttl_response::Result::Set(_))
    ));
    assert!(matches!(
        update(Some(U::OverwriteToMilliseconds(MINUTE_MS)))
            .await
            .unwrap(),
        Some(update_ttl_response::Result::Set(_))
    ));
    expect_code(
        update(Some(U::OverwriteToMilliseconds(0))).await,
        Code::InvalidArgument,
    );
}

#[tokio::test]
async fn item_get_ttl_reports_remaining_time() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    let missing = scs
        .item_get_ttl(ItemGetTtlRequest { cache_key: b("k") })
        .await
        .unwrap()
        .into_inner();
    assert!(matches!(
        missing.result,
        Some(item_get_ttl_response::Result::Missing(_))
    ));
    scs.set(set_req("k", "v", 30_000)).await.unwrap();
    let found = scs
        .item_get_ttl(ItemGetTtlRequest { cache_key: b("k") })
        .await
        .unwrap()
        .into_inner();
    let Some(item_get_ttl_response::Result::Found(found)) = found.result else {
        panic!("ItemGetTtl missed");
    };
    assert!(
        (25_000..=30_000).contains(&found.remaining_ttl_millis),
        "{found:?}"
    );
}

#[tokio::test]
async fn item_get_type_uses_wire_numbers() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    let ttl = MINUTE_MS;
    scs.set(set_req("scalar", "v", ttl)).await.unwrap();
    scs.dictionary_set(DictionarySetRequest {
        dictionary_name: b("dictionary"),
        items: vec![DictionaryFieldValuePair {
            field: b("f"),
            value: b("v"),
        }],
        ttl_milliseconds: ttl,
        refresh_ttl: true,
    })
    .await
    .unwrap();
    scs.set_union(SetUnionRequest {
        set_name: b("set"),
        elements: bs(&["a"]),
        ttl_milliseconds: ttl,
        refresh_ttl: true,
    })
    .await
    .unwrap();
    scs.list_push_front(ListPushFrontRequest {
        list_name: b("list"),
        value: b("a"),
        ttl_milliseconds: ttl,
        ..Default::default()
    })
    .await
    .unwrap();
    scs.sorted_set_put(SortedSetPutRequest {
        set_name: b("sorted"),
        elements: vec![SortedSetElement {
            value: b("a"),
            score: 1.0,
        }],
        ttl_milliseconds: ttl,
        refresh_ttl: true,
    })
    .await
    .unwrap();
    for (key, wire) in [
        ("scalar", 0),
        ("dictionary", 1),
        ("set", 2),
        ("list", 3),
        ("sorted", 4),
    ] {
        let response = scs
            .item_get_type(ItemGetTypeRequest { cache_key: b(key) })
            .await
            .unwrap()
            .into_inner();
        let Some(item_get_type_response::Result::Found(found)) = response.result else {
            panic!("{key}: {response:?}");
        };
        assert_eq!(found.item_type, wire, "{key}");
    }
    let missing = scs
        .item_get_type(ItemGetTypeRequest {
            cache_key: b("none"),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(matches!(
        missing.result,
        Some(item_get_type_response::Result::Missing(_))
    ));
}

#[tokio::test]
async fn get_batch_streams_one_answer_per_key_in_order() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    scs.set(set_req("a", "1", MINUTE_MS)).await.unwrap();
    scs.set(set_req("c", "3", MINUTE_MS)).await.unwrap();
    let stream = scs
        .get_batch(GetBatchRequest {
            items: vec![get_req("c"), get_req("b"), get_req(""), get_req("a")],
        })
        .await
        .unwrap()
        .into_inner();
    let answers: Vec<GetResponse> = stream.map(|item| item.unwrap()).collect().await;
    assert_eq!(answers.len(), 4);
    assert_eq!(
        (answers[0].result, answers[0].cache_body.clone()),
        (HIT, b("3"))
    );
    assert_eq!(answers[1].result, MISS);
    assert_eq!(answers[2].result, ECacheResult::Invalid as i32);
    assert!(!answers[2].message.is_empty());
    assert_eq!(
        (answers[3].result, answers[3].cache_body.clone()),
        (HIT, b("1"))
    );

    expect_code(
        server
            .scs_for(Some("nope"))
            .get_batch(GetBatchRequest {
                items: vec![get_req("a")],
            })
            .await,
        Code::NotFound,
    );
}

#[tokio::test]
async fn set_batch_streams_one_answer_per_item_in_order() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    let stream = scs
        .set_batch(SetBatchRequest {
            items: vec![
                set_req("a", "1", MINUTE_MS),
                set_req("b", "2", 0),
                set_req("c", "3", 100),
            ],
        })
        .await
        .unwrap()
        .into_inner();
    let answers: Vec<SetResponse> = stream.map(|item| item.unwrap()).collect().await;
    assert_eq!(answers.len(), 3);
    assert_eq!(answers[0].result, OK);
    assert_ne!(answers[1].result, OK);
    assert!(
        answers[1].message.contains("ttl_milliseconds"),
        "{:?}",
        answers[1]
    );
    assert_eq!(answers[2].result, OK);
    assert_eq!(get_body(&mut scs, "a").await, Some(b("1")));
    assert_eq!(get_body(&mut scs, "b").await, None);
    assert_eq!(get_body(&mut scs, "c").await, Some(b("3")));
    expect_code(
        server
            .scs_for(None)
            .set_batch(SetBatchRequest {
                items: vec![set_req("a", "1", MINUTE_MS)],
            })
            .await,
        Code::InvalidArgument,
    );
}
