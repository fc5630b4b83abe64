//! Set-family RPCs over real gRPC.

mod common;

use std::collections::HashSet;

use common::*;
use edgecache_proto::cache_client::*;
use tonic::Code;

fn union_req(name: &str, elements: &[&str]) -> SetUnionRequest {
    SetUnionRequest {
        set_name: b(name),
        elements: bs(elements),
        ttl_milliseconds: MINUTE_MS,
        refresh_ttl: true,
    }
}

async fn fetch(scs: &mut Scs, name: &str) -> Option<Vec<Vec<u8>>> {
    match scs
        .set_fetch(SetFetchRequest { set_name: b(name) })
        .await
        .unwrap()
        .into_inner()
        .set
    {
        Some(set_fetch_response::Set::Found(found)) => Some(sorted(found.elements)),
        Some(set_fetch_response::Set::Missing(_)) => None,
        None => panic!("SetFetch answered no oneof"),
    }
}

async fn length(scs: &mut Scs, name: &str) -> Option<u32> {
    match scs
        .set_length(SetLengthRequest { set_name: b(name) })
        .await
        .unwrap()
        .into_inner()
        .set
    {
        Some(set_length_response::Set::Found(found)) => Some(found.length),
        Some(set_length_response::Set::Missing(_)) => None,
        None => panic!("SetLength answered no oneof"),
    }
}

fn difference(
    name: &str,
    difference: Option<set_difference_request::Difference>,
) -> SetDifferenceRequest {
    SetDifferenceRequest {
        set_name: b(name),
        difference,
    }
}

fn subtract(elements: &[&str]) -> Option<set_difference_request::Difference> {
    use set_difference_request::{Difference, Subtrahend, subtrahend};
    Some(Difference::Subtrahend(Subtrahend {
        subtrahend_set: Some(subtrahend::SubtrahendSet::Set(subtrahend::Set {
            elements: bs(elements),
        })),
    }))
}

fn found(response: SetDifferenceResponse) -> bool {
    match response.set {
        Some(set_difference_response::Set::Found(_)) => true,
        Some(set_difference_response::Set::Missing(_)) => false,
        None => panic!("SetDifference answered no oneof"),
    }
}

#[tokio::test]
async fn union_ignores_duplicates_and_fetch_returns_all() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    assert_eq!(fetch(&mut scs, "s").await, None);
    scs.set_union(union_req("s", &["1", "2", "3"]))
        .await
        .unwrap();
    scs.set_union(union_req("s", &["2"])).await.unwrap();
    assert_eq!(fetch(&mut scs, "s").await, Some(bs(&["1", "2", "3"])));
    assert_eq!(length(&mut scs, "s").await, Some(3));
    assert_eq!(length(&mut scs, "other").await, None);
}

#[tokio::test]
async fn contains_is_index_aligned() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    let missing = scs
        .set_contains(SetContainsRequest {
            set_name: b("s"),
            elements: bs(&["a"]),
        })
        .await
        .unwrap()
        .into_inner();
    assert!(matches!(
        missing.set,
        Some(set_contains_response::Set::Missing(_))
    ));
    scs.set_union(union_req("s", &["a", "c"])).await.unwrap();
    let response = scs
        .set_contains(SetContainsRequest {
            set_name: b("s"),
            elements: bs(&["c", "b", "a"]),
        })
        .await
        .unwrap()
        .into_inner();
    let Some(set_contains_response::Set::Found(found)) = response.set else {
        panic!("{response:?}");
    };
    assert_eq!(found.contains, [true, false, true]);
}

#[tokio::test]
async fn sample_respects_limit() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    let mut sample = async |limit: u64| match scs
        .set_sample(SetSampleRequest {
            set_name: b("s"),
            limit,
        })
        .await
        .unwrap()
        .into_inner()
        .set
    {
        Some(set_sample_response::Set::Found(found)) => Some(found.elements),
        Some(set_sample_response::Set::Missing(_)) => None,
        None => panic!("SetSample answered no oneof"),
    };
    assert_eq!(sample(3).await, None);
    server
        .scs()
        .set_union(union_req("s", &["1", "2", "3", "4", "5"]))
        .await
        .unwrap();
    assert_eq!(sample(0).await, Some(vec![]));
    let three = sample(3).await.unwrap();
    assert_eq!(three.iter().collect::<HashSet<_>>().len(), 3);
    assert_eq!(
        sorted(sample(5).await.unwrap()),
        bs(&["1", "2", "3", "4", "5"])
    );
    assert_eq!(sample(u64::MAX).await.unwrap().len(), 5);
}

#[tokio::test]
async fn pop_removes_members_and_deletes_an_emptied_set() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    let mut pop = async |count: u32| match scs
        .set_pop(SetPopRequest {
            set_name: b("s"),
            count,
        })
        .await
        .unwrap()
        .into_inner()
        .set
    {
        Some(set_pop_response::Set::Found(found)) => Some(found.elements),
        Some(set_pop_response::Set::Missing(_)) => None,
        None => panic!("SetPop answered no oneof"),
    };
    assert_eq!(pop(1).await, None);
    server
        .scs()
        .set_union(union_req("s", &["1", "2", "3", "4", "5"]))
        .await
        .unwrap();
    let two = pop(2).await.unwrap();
    assert_eq!(two.len(), 2);
    let rest = pop(10).await.unwrap();
    assert_eq!(rest.len(), 3);
    let mut all: Vec<_> = two.into_iter().chain(rest).collect();
    all.sort();
    assert_eq!(all, bs(&["1", "2", "3", "4", "5"]));
    assert_eq!(length(&mut server.scs(), "s").await, None);
}

#[tokio::test]
async fn difference_subtrahend_removes_and_reports_found_or_missing() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    let missing = scs
        .set_difference(difference("s", subtract(&["1"])))
        .await
        .unwrap()
        .into_inner();
    assert!(!found(missing));
    scs.set_union(union_req("s", &["1", "2", "3"]))
        .await
        .unwrap();
    let removed = scs
        .set_difference(difference("s", subtract(&["1", "9"])))
        .await
        .unwrap()
        .into_inner();
    assert!(found(removed));
    assert_eq!(fetch(&mut scs, "s").await, Some(bs(&["2", "3"])));
    scs.set_difference(difference("s", subtract(&["2", "3"])))
        .await
        .unwrap();
    assert_eq!(length(&mut scs, "s").await, None);
}

#[tokio::test]
async fn difference_identity_and_minuend() {
    use set_difference_request::{Difference, Minuend, Subtrahend, subtrahend};
    let server = TestServer::start().await;
    let mut scs = server.scs();
    scs.set_union(union_req("s", &["1", "2"])).await.unwrap();
    let identity = Some(Difference::Subtrahend(Subtrahend {
        subtrahend_set: Some(subtrahend::SubtrahendSet::Identity(subtrahend::Identity {})),
    }));
    assert!(found(
        scs.set_difference(difference("s", identity))
            .await
            .unwrap()
            .into_inner()
    ));
    assert_eq!(fetch(&mut scs, "s").await, None);

    scs.set_union(union_req("s", &["1", "2"])).await.unwrap();
    let minuend = Some(Difference::Minuend(Minuend {
        elements: bs(&["2", "3", "4"]),
    }));
    assert!(found(
        scs.set_difference(difference("s", minuend))
            .await
            .unwrap()
            .into_inner()
    ));
    assert_eq!(fetch(&mut scs, "s").await, Some(bs(&["3", "4"])));
}

#[tokio::test]
async fn difference_with_unset_oneofs_is_invalid_argument() {
    use set_difference_request::{Difference, Subtrahend};
    let server = TestServer::start().await;
    let mut scs = server.scs();
    scs.set_union(union_req("s", &["1"])).await.unwrap();
    expect_code(
        scs.set_difference(difference("s", None)).await,
        Code::InvalidArgument,
    );
    let empty_subtrahend = Some(Difference::Subtrahend(Subtrahend {
        subtrahend_set: None,
    }));
    expect_code(
        scs.set_difference(difference("s", empty_subtrahend)).await,
        Code::InvalidArgument,
    );
    assert_eq!(length(&mut scs, "s").await, Some(1));
}

#[tokio::test]
async fn wrong_type_oversize_element_and_bad_requests() {
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
    let status = expect_code(
        scs.set_union(union_req("l", &["a"])).await,
        Code::FailedPrecondition,
    );
    assert_eq!(err_meta(&status).as_deref(), Some("invalid_type"));
    expect_code(
        scs.set_pop(SetPopRequest {
            set_name: b("l"),
            count: 1,
        })
        .await,
        Code::FailedPrecondition,
    );

    let huge = "x".repeat(128 * 1024 + 1);
    let status = expect_code(
        scs.set_union(union_req("s", &[&huge])).await,
        Code::ResourceExhausted,
    );
    assert_eq!(
        err_meta(&status).as_deref(),
        Some("element_size_limit_exceeded")
    );

    let mut zero_ttl = union_req("s", &["a"]);
    zero_ttl.ttl_milliseconds = 0;
    expect_code(scs.set_union(zero_ttl).await, Code::InvalidArgument);
    expect_code(
        scs.set_union(union_req("", &["a"])).await,
        Code::InvalidArgument,
    );
    expect_code(
        server
            .scs_for(Some("gone"))
            .set_union(union_req("s", &["a"]))
            .await,
        Code::NotFound,
    );
    expect_code(
        server
            .scs_for(None)
            .set_fetch(SetFetchRequest { set_name: b("s") })
            .await,
        Code::InvalidArgument,
    );
}
