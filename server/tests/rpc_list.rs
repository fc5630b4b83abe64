//! List-family RPCs over real gRPC, including negative (zigzag-encoded) slice indexes.

mod common;

use common::*;
use edgecache_proto::cache_client::*;
use edgecache_proto::common::Unbounded;
use tonic::Code;

fn concat_back(
    name: &str,
    values: &[&str],
    truncate_front_to_size: u32,
) -> ListConcatenateBackRequest {
    ListConcatenateBackRequest {
        list_name: b(name),
        values: bs(values),
        ttl_milliseconds: MINUTE_MS,
        refresh_ttl: true,
        truncate_front_to_size,
    }
}

fn digits() -> Vec<String> {
    (0..10).map(|i| i.to_string()).collect()
}

async fn load_digits(scs: &mut Scs) {
    let digits = digits();
    let values: Vec<&str> = digits.iter().map(String::as_str).collect();
    scs.list_concatenate_back(concat_back("l", &values, 0))
        .await
        .unwrap();
}

fn fetch_req(name: &str, start: Option<i32>, end: Option<i32>) -> ListFetchRequest {
    use list_fetch_request::{EndIndex, StartIndex};
    ListFetchRequest {
        list_name: b(name),
        start_index: Some(start.map_or(
            StartIndex::UnboundedStart(Unbounded {}),
            StartIndex::InclusiveStart,
        )),
        end_index: Some(end.map_or(EndIndex::UnboundedEnd(Unbounded {}), EndIndex::ExclusiveEnd)),
    }
}

async fn fetch(scs: &mut Scs, request: ListFetchRequest) -> Option<Vec<String>> {
    match scs.list_fetch(request).await.unwrap().into_inner().list {
        Some(list_fetch_response::List::Found(found)) => Some(
            found
                .values
                .into_iter()
                .map(|v| String::from_utf8(v).unwrap())
                .collect(),
        ),
        Some(list_fetch_response::List::Missing(_)) => None,
        None => panic!("ListFetch answered no oneof"),
    }
}

async fn all(scs: &mut Scs, name: &str) -> Option<Vec<String>> {
    fetch(scs, fetch_req(name, None, None)).await
}

async fn length(scs: &mut Scs, name: &str) -> Option<u32> {
    match scs
        .list_length(ListLengthRequest { list_name: b(name) })
        .await
        .unwrap()
        .into_inner()
        .list
    {
        Some(list_length_response::List::Found(found)) => Some(found.length),
        Some(list_length_response::List::Missing(_)) => None,
        None => panic!("ListLength answered no oneof"),
    }
}

fn strs(values: &[i32]) -> Vec<String> {
    values.iter().map(i32::to_string).collect()
}

#[tokio::test]
async fn push_front_and_back_with_truncation() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    for value in ["1", "2", "3"] {
        scs.list_push_back(ListPushBackRequest {
            list_name: b("l"),
            value: b(value),
            ttl_milliseconds: MINUTE_MS,
            refresh_ttl: true,
            truncate_front_to_size: 0,
        })
        .await
        .unwrap();
    }
    let pushed = scs
        .list_push_back(ListPushBackRequest {
            list_name: b("l"),
            value: b("4"),
            ttl_milliseconds: MINUTE_MS,
            refresh_ttl: true,
            truncate_front_to_size: 3,
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(pushed.list_length, 3);
    assert_eq!(all(&mut scs, "l").await.unwrap(), ["2", "3", "4"]);
    let pushed = scs
        .list_push_front(ListPushFrontRequest {
            list_name: b("l"),
            value: b("0"),
            ttl_milliseconds: MINUTE_MS,
            refresh_ttl: true,
            truncate_back_to_size: 2,
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(pushed.list_length, 2);
    assert_eq!(all(&mut scs, "l").await.unwrap(), ["0", "2"]);
}

#[tokio::test]
async fn concatenate_keeps_order_and_truncates() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    scs.list_concatenate_back(concat_back("l", &["1", "2", "3"], 0))
        .await
        .unwrap();
    let response = scs
        .list_concatenate_front(ListConcatenateFrontRequest {
            list_name: b("l"),
            values: bs(&["4", "5", "6"]),
            ttl_milliseconds: MINUTE_MS,
            refresh_ttl: true,
            truncate_back_to_size: 0,
        })
        .await
        .unwrap()
        .into_inner();
    assert_eq!(response.list_length, 6);
    assert_eq!(
        all(&mut scs, "l").await.unwrap(),
        ["4", "5", "6", "1", "2", "3"]
    );

    // The protocol's example: [1,2,3] + back [4,5,6] truncated at the front to 5.
    scs.list_concatenate_back(concat_back("t", &["1", "2", "3"], 0))
        .await
        .unwrap();
    let response = scs
        .list_concatenate_back(concat_back("t", &["4", "5", "6"], 5))
        .await
        .unwrap()
        .into_inner();
    assert_eq!(response.list_length, 5);
    assert_eq!(all(&mut scs, "t").await.unwrap(), ["2", "3", "4", "5", "6"]);
}

#[tokio::test]
async fn fetch_uses_python_slices_over_the_wire() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    assert_eq!(all(&mut scs, "l").await, None);
    load_digits(&mut scs).await;
    let cases: [(Option<i32>, Option<i32>, Vec<String>); 7] = [
        (Some(5), None, strs(&[5, 6, 7, 8, 9])),
        (Some(-5), None, strs(&[5, 6, 7, 8, 9])),
        (Some(0), Some(-5), strs(&[0, 1, 2, 3, 4])),
        (Some(2), Some(-6), strs(&[2, 3])),
        (Some(-7), Some(-2), strs(&[3, 4, 5, 6, 7])),
        (Some(5), Some(0), vec![]),
        (Some(-2), Some(-6), vec![]),
    ];
    for (start, end, expected) in cases {
        let got = fetch(&mut scs, fetch_req("l", start, end)).await.unwrap();
        assert_eq!(got, expected, "start {start:?} end {end:?}");
    }
    assert_eq!(
        fetch(&mut scs, fetch_req("l", Some(8), Some(100)))
            .await
            .unwrap(),
        strs(&[8, 9])
    );
    // Unset bounds are unbounded.
    let unset = ListFetchRequest {
        list_name: b("l"),
        start_index: None,
        end_index: None,
    };
    assert_eq!(
        fetch(&mut scs, unset).await.unwrap(),
        strs(&(0..10).collect::<Vec<_>>())
    );

    scs.list_concatenate_back(concat_back("one", &["a"], 0))
        .await
        .unwrap();
    assert_eq!(
        fetch(&mut scs, fetch_req("one", Some(-1), Some(1)))
            .await
            .unwrap(),
        ["a"]
    );
    assert!(
        fetch(&mut scs, fetch_req("one", Some(0), Some(-1)))
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn retain_keeps_the_slice() {
    use list_retain_request::{EndIndex, StartIndex};
    let server = TestServer::start().await;
    let mut scs = server.scs();
    let retain = |name: &str, start: i32, end: i32| ListRetainRequest {
        list_name: b(name),
        ttl_milliseconds: MINUTE_MS,
        refresh_ttl: true,
        start_index: Some(StartIndex::InclusiveStart(start)),
        end_index: Some(EndIndex::ExclusiveEnd(end)),
    };
    let missing = scs
        .list_retain(retain("l", 0, 1))
        .await
        .unwrap()
        .into_inner();
    assert!(matches!(
        missing.list,
        Some(list_retain_response::List::Missing(_))
    ));
    load_digits(&mut scs).await;
    let kept = scs
        .list_retain(retain("l", -7, -2))
        .await
        .unwrap()
        .into_inner();
    let Some(list_retain_response::List::Found(found)) = kept.list else {
        panic!("{kept:?}");
    };
    assert_eq!(found.list_length, 5);
    assert_eq!(all(&mut scs, "l").await.unwrap(), strs(&[3, 4, 5, 6, 7]));
    let emptied = scs
        .list_retain(retain("l", -2, -6))
        .await
        .unwrap()
        .into_inner();
    assert!(matches!(
        emptied.list,
        Some(list_retain_response::List::Found(
            list_retain_response::Found { list_length: 0 }
        ))
    ));
    assert_eq!(length(&mut scs, "l").await, None);
}

#[tokio::test]
async fn pop_front_and_back() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    let missing = scs
        .list_pop_front(ListPopFrontRequest { list_name: b("l") })
        .await
        .unwrap()
        .into_inner();
    assert!(matches!(
        missing.list,
        Some(list_pop_front_response::List::Missing(_))
    ));
    scs.list_concatenate_back(concat_back("l", &["a", "b", "c"], 0))
        .await
        .unwrap();
    let front = scs
        .list_pop_front(ListPopFrontRequest { list_name: b("l") })
        .await
        .unwrap()
        .into_inner();
    let Some(list_pop_front_response::List::Found(front)) = front.list else {
        panic!("{front:?}");
    };
    assert_eq!((front.front, front.list_length), (b("a"), 2));
    let back = scs
        .list_pop_back(ListPopBackRequest { list_name: b("l") })
        .await
        .unwrap()
        .into_inner();
    let Some(list_pop_back_response::List::Found(back)) = back.list else {
        panic!("{back:?}");
    };
    assert_eq!((back.back, back.list_length), (b("c"), 1));
    scs.list_pop_back(ListPopBackRequest { list_name: b("l") })
        .await
        .unwrap();
    let gone = scs
        .list_pop_back(ListPopBackRequest { list_name: b("l") })
        .await
        .unwrap()
        .into_inner();
    assert!(matches!(
        gone.list,
        Some(list_pop_back_response::List::Missing(_))
    ));
}

#[tokio::test]
async fn remove_all_equal_values_and_unset_oneof() {
    use list_remove_request::Remove;
    let server = TestServer::start().await;
    let mut scs = server.scs();
    let remove = |value: &str| ListRemoveRequest {
        list_name: b("l"),
        remove: Some(Remove::AllElementsWithValue(b(value))),
    };
    let missing = scs.list_remove(remove("a")).await.unwrap().into_inner();
    assert!(matches!(
        missing.list,
        Some(list_remove_response::List::Missing(_))
    ));
    scs.list_concatenate_back(concat_back("l", &["a", "b", "a", "c", "a"], 0))
        .await
        .unwrap();
    let removed = scs.list_remove(remove("a")).await.unwrap().into_inner();
    assert!(matches!(
        removed.list,
        Some(list_remove_response::List::Found(
            list_remove_response::Found { list_length: 2 }
        ))
    ));
    assert_eq!(all(&mut scs, "l").await.unwrap(), ["b", "c"]);
    expect_code(
        scs.list_remove(ListRemoveRequest {
            list_name: b("l"),
            remove: None,
        })
        .await,
        Code::InvalidArgument,
    );
    assert_eq!(length(&mut scs, "l").await, Some(2));
}

#[tokio::test]
async fn erase_ranges_all_and_unset_oneof() {
    use list_erase_request::{All, Erase, ListRanges};
    let server = TestServer::start().await;
    let mut scs = server.scs();
    let erase = |erase| ListEraseRequest {
        list_name: b("l"),
        erase,
    };
    let missing = scs
        .list_erase(erase(Some(Erase::All(All {}))))
        .await
        .unwrap()
        .into_inner();
    assert!(matches!(
        missing.list,
        Some(list_erase_response::List::Missing(_))
    ));
    load_digits(&mut scs).await;
    let ranges = Erase::Some(ListRanges {
        ranges: vec![
            ListRange {
                begin_index: 1,
                count: 2,
            },
            ListRange {
                begin_index: 8,
                count: 100,
            },
        ],
    });
    let erased = scs
        .list_erase(erase(Some(ranges)))
        .await
        .unwrap()
        .into_inner();
    assert!(matches!(
        erased.list,
        Some(list_erase_response::List::Found(
            list_erase_response::Found { list_length: 6 }
        ))
    ));
    assert_eq!(all(&mut scs, "l").await.unwrap(), strs(&[0, 3, 4, 5, 6, 7]));
    expect_code(scs.list_erase(erase(None)).await, Code::InvalidArgument);
    scs.list_erase(erase(Some(Erase::All(All {}))))
        .await
        .unwrap();
    assert_eq!(length(&mut scs, "l").await, None);
}

#[tokio::test]
async fn wrong_type_oversize_and_bad_requests() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    scs.set_union(SetUnionRequest {
        set_name: b("s"),
        elements: bs(&["a"]),
        ttl_milliseconds: MINUTE_MS,
        refresh_ttl: true,
    })
    .await
    .unwrap();
    let status = expect_code(
        scs.list_concatenate_back(concat_back("s", &["a"], 0)).await,
        Code::FailedPrecondition,
    );
    assert_eq!(err_meta(&status).as_deref(), Some("invalid_type"));
    expect_code(
        scs.list_length(ListLengthRequest { list_name: b("s") })
            .await,
        Code::FailedPrecondition,
    );
    let huge = "x".repeat(128 * 1024 + 1);
    let status = expect_code(
        scs.list_concatenate_back(concat_back("l", &[&huge], 0))
            .await,
        Code::ResourceExhausted,
    );
    assert_eq!(
        err_meta(&status).as_deref(),
        Some("element_size_limit_exceeded")
    );
    expect_code(
        scs.list_concatenate_back(concat_back("", &["a"], 0)).await,
        Code::InvalidArgument,
    );
    expect_code(
        server
            .scs_for(Some("unknown"))
            .list_length(ListLengthRequest { list_name: b("l") })
            .await,
        Code::NotFound,
    );
    expect_code(
        server
            .scs_for(None)
            .list_pop_front(ListPopFrontRequest { list_name: b("l") })
            .await,
        Code::InvalidArgument,
    );
}

#[tokio::test]
async fn oversize_list_is_resource_exhausted() {
    let server = TestServer::start_with(edgecache_server::store::StoreConfig {
        max_item_size_bytes: 32,
        ..Default::default()
    })
    .await;
    let mut scs = server.scs();
    let value = "x".repeat(20);
    scs.list_concatenate_back(concat_back("l", &[&value], 0))
        .await
        .unwrap();
    let status = expect_code(
        scs.list_concatenate_back(concat_back("l", &[&value], 0))
            .await,
        Code::ResourceExhausted,
    );
    assert_eq!(
        err_meta(&status).as_deref(),
        Some("item_size_limit_exceeded")
    );
    assert_eq!(length(&mut scs, "l").await, Some(1));
}
