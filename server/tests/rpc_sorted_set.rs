//! Sorted-set-family RPCs over real gRPC.

mod common;

use common::*;
use edgecache_proto::cache_client::*;
use edgecache_proto::common::Unbounded;
use tonic::Code;

const ASC: i32 = sorted_set_fetch_request::Order::Ascending as i32;
const DESC: i32 = sorted_set_fetch_request::Order::Descending as i32;

fn element(value: &str, score: f64) -> SortedSetElement {
    SortedSetElement {
        value: b(value),
        score,
    }
}

fn put_req(name: &str, elements: Vec<SortedSetElement>) -> SortedSetPutRequest {
    SortedSetPutRequest {
        set_name: b(name),
        elements,
        ttl_milliseconds: MINUTE_MS,
        refresh_ttl: true,
    }
}

/// Eight elements a..h with scores 1..8.
async fn load_eight(scs: &mut Scs) {
    let elements = "abcdefgh"
        .chars()
        .zip(1..)
        .map(|(c, score)| element(&c.to_string(), f64::from(score)))
        .collect();
    scs.sorted_set_put(put_req("z", elements)).await.unwrap();
}

fn by_index(start: Option<i32>, end: Option<i32>) -> Option<sorted_set_fetch_request::Range> {
    use sorted_set_fetch_request::by_index::{End, Start};
    Some(sorted_set_fetch_request::Range::ByIndex(
        sorted_set_fetch_request::ByIndex {
            start: Some(start.map_or(
                Start::UnboundedStart(Unbounded {}),
                Start::InclusiveStartIndex,
            )),
            end: Some(end.map_or(End::UnboundedEnd(Unbounded {}), End::ExclusiveEndIndex)),
        },
    ))
}

/// `(score, exclusive)` bounds; `None` is unbounded.
fn by_score(
    min: Option<(f64, bool)>,
    max: Option<(f64, bool)>,
    offset: u32,
    count: i32,
) -> Option<sorted_set_fetch_request::Range> {
    use sorted_set_fetch_request::by_score::{Max, Min, Score};
    let score = |(score, exclusive)| Score { score, exclusive };
    Some(sorted_set_fetch_request::Range::ByScore(
        sorted_set_fetch_request::ByScore {
            offset,
            count,
            min: Some(min.map_or(Min::UnboundedMin(Unbounded {}), |m| Min::MinScore(score(m)))),
            max: Some(max.map_or(Max::UnboundedMax(Unbounded {}), |m| Max::MaxScore(score(m)))),
        },
    ))
}

async fn fetch_raw(
    scs: &mut Scs,
    order: i32,
    with_scores: bool,
    range: Option<sorted_set_fetch_request::Range>,
) -> Result<Option<sorted_set_fetch_response::found::Elements>, tonic::Status> {
    let response = scs
        .sorted_set_fetch(SortedSetFetchRequest {
            set_name: b("z"),
            order,
            with_scores,
            range,
        })
        .await?
        .into_inner();
    Ok(match response.sorted_set {
        Some(sorted_set_fetch_response::SortedSet::Found(found)) => found.elements,
        Some(sorted_set_fetch_response::SortedSet::Missing(_)) => None,
        None => panic!("SortedSetFetch answered no oneof"),
    })
}

/// The fetched values as one string, e.g. "abc"; `None` when the set is missing.
async fn fetch(
    scs: &mut Scs,
    order: i32,
    range: Option<sorted_set_fetch_request::Range>,
) -> Option<String> {
    use sorted_set_fetch_response::found::Elements;
    match fetch_raw(scs, order, true, range).await.unwrap()? {
        Elements::ValuesWithScores(with) => Some(
            with.elements
                .into_iter()
                .map(|e| String::from_utf8(e.value).unwrap())
                .collect(),
        ),
        Elements::Values(_) => panic!("asked for scores, got bare values"),
    }
}

async fn length(scs: &mut Scs, name: &str) -> Option<u32> {
    match scs
        .sorted_set_length(SortedSetLengthRequest { set_name: b(name) })
        .await
        .unwrap()
        .into_inner()
        .sorted_set
    {
        Some(sorted_set_length_response::SortedSet::Found(found)) => Some(found.length),
        Some(sorted_set_length_response::SortedSet::Missing(_)) => None,
        None => panic!("SortedSetLength answered no oneof"),
    }
}

async fn scores(scs: &mut Scs, name: &str, values: &[&str]) -> Option<Vec<Option<f64>>> {
    match scs
        .sorted_set_get_score(SortedSetGetScoreRequest {
            set_name: b(name),
            values: bs(values),
        })
        .await
        .unwrap()
        .into_inner()
        .sorted_set
    {
        Some(sorted_set_get_score_response::SortedSet::Found(found)) => Some(
            found
                .elements
                .into_iter()
                .map(|part| (part.result == ECacheResult::Hit as i32).then_some(part.score))
                .collect(),
        ),
        Some(sorted_set_get_score_response::SortedSet::Missing(_)) => None,
        None => panic!("SortedSetGetScore answered no oneof"),
    }
}

#[tokio::test]
async fn put_orders_by_score_then_value_and_overwrites() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    assert_eq!(fetch(&mut scs, ASC, by_index(None, None)).await, None);
    scs.sorted_set_put(put_req(
        "z",
        vec![element("b", 1.0), element("a", 2.0), element("c", 1.0)],
    ))
    .await
    .unwrap();
    assert_eq!(
        fetch(&mut scs, ASC, by_index(None, None)).await.unwrap(),
        "bca"
    );
    scs.sorted_set_put(put_req("z", vec![element("a", 0.0)]))
        .await
        .unwrap();
    assert_eq!(
        fetch(&mut scs, ASC, by_index(None, None)).await.unwrap(),
        "abc"
    );
    assert_eq!(
        fetch(&mut scs, DESC, by_index(None, None)).await.unwrap(),
        "cba"
    );
    // An unset range fetches everything.
    assert_eq!(fetch(&mut scs, ASC, None).await.unwrap(), "abc");
}

#[tokio::test]
async fn fetch_by_index_protocol_examples() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    load_eight(&mut scs).await;
    let cases = [
        (ASC, Some(10), None, ""),
        (ASC, Some(5), Some(100), "fgh"),
        (ASC, Some(-5), None, "defgh"),
        (ASC, None, Some(-2), "abcdef"),
        (ASC, Some(-5), Some(-2), "def"),
        (DESC, Some(5), None, "cba"),
        (DESC, Some(0), Some(2), "hg"),
    ];
    for (order, start, end, expected) in cases {
        let got = fetch(&mut scs, order, by_index(start, end)).await.unwrap();
        assert_eq!(got, expected, "order {order} start {start:?} end {end:?}");
    }
}

#[tokio::test]
async fn fetch_by_score_bounds_offset_and_count() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    load_eight(&mut scs).await;
    let cases = [
        (ASC, Some((2.0, false)), Some((4.0, false)), 0, -1, "bcd"),
        (ASC, Some((2.0, true)), Some((4.0, true)), 0, -1, "c"),
        (DESC, Some((2.0, false)), None, 0, -1, "hgfedcb"),
        (ASC, None, None, 2, 3, "cde"),
        (DESC, None, None, 2, 3, "fed"),
        (ASC, None, None, 8, -1, ""),
        (ASC, None, Some((3.0, false)), 0, 1, "a"),
    ];
    for (order, min, max, offset, count, expected) in cases {
        let got = fetch(&mut scs, order, by_score(min, max, offset, count))
            .await
            .unwrap();
        assert_eq!(got, expected, "{order} {min:?} {max:?} {offset} {count}");
    }
}

#[tokio::test]
async fn fetch_without_scores_returns_values() {
    use sorted_set_fetch_response::found::Elements;
    let server = TestServer::start().await;
    let mut scs = server.scs();
    load_eight(&mut scs).await;
    let elements = fetch_raw(&mut scs, ASC, false, by_index(Some(0), Some(2)))
        .await
        .unwrap();
    let Some(Elements::Values(values)) = elements else {
        panic!("{elements:?}");
    };
    assert_eq!(values.values, bs(&["a", "b"]));
    let with = fetch_raw(&mut scs, ASC, true, by_index(Some(0), Some(1)))
        .await
        .unwrap();
    let Some(Elements::ValuesWithScores(with)) = with else {
        panic!("{with:?}");
    };
    assert_eq!(with.elements, vec![element("a", 1.0)]);
}

#[tokio::test]
async fn unknown_order_and_nan_are_invalid_argument() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    load_eight(&mut scs).await;
    expect_code(
        fetch_raw(&mut scs, 7, true, None).await,
        Code::InvalidArgument,
    );
    expect_code(
        fetch_raw(
            &mut scs,
            ASC,
            true,
            by_score(Some((f64::NAN, false)), None, 0, -1),
        )
        .await,
        Code::InvalidArgument,
    );
    expect_code(
        scs.sorted_set_put(put_req("z", vec![element("x", f64::NAN)]))
            .await,
        Code::InvalidArgument,
    );
    expect_code(
        scs.sorted_set_get_rank(SortedSetGetRankRequest {
            set_name: b("z"),
            value: b("a"),
            order: 9,
        })
        .await,
        Code::InvalidArgument,
    );
    assert_eq!(length(&mut scs, "z").await, Some(8));
}

#[tokio::test]
async fn get_score_is_index_aligned() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    assert_eq!(scores(&mut scs, "z", &["a"]).await, None);
    load_eight(&mut scs).await;
    assert_eq!(
        scores(&mut scs, "z", &["c", "zz", "a"]).await.unwrap(),
        [Some(3.0), None, Some(1.0)]
    );
}

#[tokio::test]
async fn remove_some_all_and_unset_oneof() {
    use sorted_set_remove_request::{All, RemoveElements, Some as Values};
    let server = TestServer::start().await;
    let mut scs = server.scs();
    load_eight(&mut scs).await;
    scs.sorted_set_remove(SortedSetRemoveRequest {
        set_name: b("z"),
        remove_elements: Some(RemoveElements::Some(Values {
            values: bs(&["a", "zz"]),
        })),
    })
    .await
    .unwrap();
    assert_eq!(length(&mut scs, "z").await, Some(7));
    expect_code(
        scs.sorted_set_remove(SortedSetRemoveRequest {
            set_name: b("z"),
            remove_elements: None,
        })
        .await,
        Code::InvalidArgument,
    );
    scs.sorted_set_remove(SortedSetRemoveRequest {
        set_name: b("z"),
        remove_elements: Some(RemoveElements::All(All {})),
    })
    .await
    .unwrap();
    assert_eq!(length(&mut scs, "z").await, None);
}

#[tokio::test]
async fn increment_creates_and_adds() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    let mut increment = async |value: &str, amount: f64| {
        scs.sorted_set_increment(SortedSetIncrementRequest {
            set_name: b("z"),
            value: b(value),
            amount,
            ttl_milliseconds: MINUTE_MS,
            refresh_ttl: true,
        })
        .await
        .map(|r| r.into_inner().score)
    };
    assert_eq!(increment("a", 2.5).await.unwrap(), 2.5);
    assert_eq!(increment("a", -1.0).await.unwrap(), 1.5);
    assert_eq!(increment("b", 1.0).await.unwrap(), 1.0);
    expect_code(increment("b", f64::NAN).await, Code::InvalidArgument);
    assert_eq!(fetch(&mut server.scs(), ASC, None).await.unwrap(), "ba");
}

#[tokio::test]
async fn get_rank_in_both_orders() {
    use sorted_set_get_rank_response::{Rank, RankResponsePart};
    let server = TestServer::start().await;
    let mut scs = server.scs();
    let mut rank = async |value: &str, order: i32| {
        scs.sorted_set_get_rank(SortedSetGetRankRequest {
            set_name: b("z"),
            value: b(value),
            order,
        })
        .await
        .unwrap()
        .into_inner()
        .rank
    };
    assert!(matches!(rank("a", 0).await, Some(Rank::Missing(_))));
    load_eight(&mut server.scs()).await;
    let hit = |rank| {
        Some(Rank::ElementRank(RankResponsePart {
            result: ECacheResult::Hit as i32,
            rank,
        }))
    };
    assert_eq!(rank("c", 0).await, hit(2));
    assert_eq!(rank("c", 1).await, hit(5));
    let Some(Rank::ElementRank(miss)) = rank("zz", 0).await else {
        panic!("expected an element_rank part");
    };
    assert_eq!(miss.result, ECacheResult::Miss as i32);
}

#[tokio::test]
async fn length_and_length_by_score() {
    use sorted_set_length_by_score_request::{Max, Min};
    let server = TestServer::start().await;
    let mut scs = server.scs();
    let mut by_score = async |min, max| match scs
        .sorted_set_length_by_score(SortedSetLengthByScoreRequest {
            set_name: b("z"),
            min,
            max,
        })
        .await
        .unwrap()
        .into_inner()
        .sorted_set
    {
        Some(sorted_set_length_by_score_response::SortedSet::Found(found)) => Some(found.length),
        Some(sorted_set_length_by_score_response::SortedSet::Missing(_)) => None,
        None => panic!("no oneof"),
    };
    assert_eq!(by_score(None, None).await, None);
    load_eight(&mut server.scs()).await;
    assert_eq!(
        by_score(Some(Min::InclusiveMin(2.0)), Some(Max::ExclusiveMax(5.0))).await,
        Some(3)
    );
    assert_eq!(
        by_score(Some(Min::ExclusiveMin(2.0)), Some(Max::InclusiveMax(5.0))).await,
        Some(3)
    );
    assert_eq!(
        by_score(
            Some(Min::UnboundedMin(Unbounded {})),
            Some(Max::UnboundedMax(Unbounded {}))
        )
        .await,
        Some(8)
    );
    assert_eq!(by_score(None, Some(Max::InclusiveMax(1.0))).await, Some(1));
    assert_eq!(length(&mut server.scs(), "z").await, Some(8));
}

#[tokio::test]
async fn union_store_weights_aggregates_and_replaces_destination() {
    use sorted_set_union_store_request::{AggregateFunction, Source};
    let server = TestServer::start().await;
    let mut scs = server.scs();
    scs.sorted_set_put(put_req("s1", vec![element("a", 1.0), element("b", 2.0)]))
        .await
        .unwrap();
    scs.sorted_set_put(put_req("s2", vec![element("b", 3.0), element("c", 4.0)]))
        .await
        .unwrap();
    scs.sorted_set_put(put_req("dest", vec![element("old", 9.0)]))
        .await
        .unwrap();
    let sources = vec![
        Source {
            set_name: b("s1"),
            weight: 2.0,
        },
        Source {
            set_name: b("s2"),
            weight: 1.0,
        },
        Source {
            set_name: b("missing"),
            weight: 1.0,
        },
    ];
    let mut union = async |sources: Vec<Source>, aggregate: AggregateFunction| {
        scs.sorted_set_union_store(SortedSetUnionStoreRequest {
            set_name: b("dest"),
            sources,
            aggregate: aggregate as i32,
            ttl_milliseconds: MINUTE_MS,
        })
        .await
        .map(|r| r.into_inner().length)
    };
    assert_eq!(
        union(sources.clone(), AggregateFunction::Sum)
            .await
            .unwrap(),
        3
    );
    let expected_sum = [Some(2.0), Some(7.0), Some(4.0), None];
    assert_eq!(
        scores(&mut server.scs(), "dest", &["a", "b", "c", "old"])
            .await
            .unwrap(),
        expected_sum
    );
    union(sources.clone(), AggregateFunction::Min)
        .await
        .unwrap();
    assert_eq!(
        scores(&mut server.scs(), "dest", &["b"]).await.unwrap(),
        [Some(3.0)]
    );
    union(sources.clone(), AggregateFunction::Max)
        .await
        .unwrap();
    assert_eq!(
        scores(&mut server.scs(), "dest", &["b"]).await.unwrap(),
        [Some(4.0)]
    );
    let empty = vec![Source {
        set_name: b("missing"),
        weight: 1.0,
    }];
    assert_eq!(union(empty, AggregateFunction::Sum).await.unwrap(), 0);
    assert_eq!(length(&mut server.scs(), "dest").await, None);
    expect_code(
        union(vec![], AggregateFunction::Sum).await,
        Code::InvalidArgument,
    );
}

#[tokio::test]
async fn wrong_type_oversize_and_bad_requests() {
    let server = TestServer::start().await;
    let mut scs = server.scs();
    scs.set(SetRequest {
        cache_key: b("k"),
        cache_body: b("v"),
        ttl_milliseconds: MINUTE_MS,
    })
    .await
    .unwrap();
    let status = expect_code(
        scs.sorted_set_put(put_req("k", vec![element("a", 1.0)]))
            .await,
        Code::FailedPrecondition,
    );
    assert_eq!(err_meta(&status).as_deref(), Some("invalid_type"));
    expect_code(
        scs.sorted_set_length(SortedSetLengthRequest { set_name: b("k") })
            .await,
        Code::FailedPrecondition,
    );
    let huge = "x".repeat(128 * 1024 + 1);
    let status = expect_code(
        scs.sorted_set_put(put_req("z", vec![element(&huge, 1.0)]))
            .await,
        Code::ResourceExhausted,
    );
    assert_eq!(
        err_meta(&status).as_deref(),
        Some("element_size_limit_exceeded")
    );
    expect_code(
        scs.sorted_set_put(put_req("", vec![element("a", 1.0)]))
            .await,
        Code::InvalidArgument,
    );
    expect_code(
        server
            .scs_for(Some("unknown"))
            .sorted_set_length(SortedSetLengthRequest { set_name: b("z") })
            .await,
        Code::NotFound,
    );
    expect_code(
        server
            .scs_for(None)
            .sorted_set_length(SortedSetLengthRequest { set_name: b("z") })
            .await,
        Code::InvalidArgument,
    );
}
