//! Sorted sets end to end against a real edgecache-server: ranks, score ranges with
//! exclusive bounds, offset and count, descending order, union store and bad input.

mod collections_common;
mod common;

use std::collections::HashMap;

use collections_common::{assert_invalid, assert_wrong_type, check_collection_ttl, setup};
use edgecache::CacheClient;
use edgecache::cache::*;

/// Values of a fetch answer, in order.
fn values(response: SortedSetFetchResponse) -> Vec<String> {
    Vec::<(String, f64)>::try_from(response)
        .unwrap()
        .into_iter()
        .map(|(v, _)| v)
        .collect()
}

/// Eight elements `a`..`h` with scores 1..8.
async fn eight(client: &CacheClient, cache: &str, name: &str) {
    let elements: Vec<(String, f64)> = ('a'..='h')
        .zip(1..)
        .map(|(c, s)| (c.to_string(), f64::from(s)))
        .collect();
    client
        .sorted_set_put_elements(cache, name, elements)
        .await
        .unwrap();
}

async fn by_rank(
    client: &CacheClient,
    cache: &str,
    order: SortedSetOrder,
    start: Option<i32>,
    end: Option<i32>,
) -> Vec<String> {
    values(
        client
            .sorted_set_fetch_by_rank(cache, "z", order, start, end)
            .await
            .unwrap(),
    )
}

async fn by_score(client: &CacheClient, request: SortedSetFetchByScoreRequest) -> Vec<String> {
    values(client.send_request(request).await.unwrap())
}

#[tokio::test]
async fn put_fetch_scores_and_ranks() {
    let (_server, client, cache) = setup("zset").await;
    let miss = client
        .sorted_set_fetch_by_rank(&cache, "z", SortedSetOrder::Ascending, None, None)
        .await
        .unwrap();
    assert_eq!(miss, SortedSetFetchResponse::Miss);
    assert!(
        Vec::<(String, f64)>::try_from(miss)
            .unwrap_err()
            .message
            .starts_with("miss:")
    );
    assert_eq!(
        client.sorted_set_get_score(&cache, "z", "a").await.unwrap(),
        SortedSetGetScoreResponse::Miss
    );
    assert_eq!(
        client
            .sorted_set_get_scores(&cache, "z", ["a"])
            .await
            .unwrap(),
        SortedSetGetScoresResponse::Miss
    );
    assert_eq!(
        client.sorted_set_get_rank(&cache, "z", "a").await.unwrap(),
        SortedSetGetRankResponse::Miss
    );
    assert_eq!(
        client.sorted_set_length(&cache, "z").await.unwrap(),
        SortedSetLengthResponse::Miss
    );

    client
        .sorted_set_put_element(&cache, "z", "b", 2.0)
        .await
        .unwrap();
    client
        .sorted_set_put_elements(&cache, "z", [("a", 1.0), ("c", 2.0), ("d", -1.5)])
        .await
        .unwrap();
    // Putting an existing value overwrites its score.
    client
        .sorted_set_put_element(&cache, "z", "a", 10.0)
        .await
        .unwrap();

    // Ascending by score; equal scores by value.
    let all = client
        .sorted_set_fetch_by_rank(&cache, "z", SortedSetOrder::Ascending, None, None)
        .await
        .unwrap();
    assert_eq!(
        all,
        SortedSetFetchResponse::Hit {
            value: SortedSetElements::new(vec![
                (b"d".to_vec(), -1.5),
                (b"b".to_vec(), 2.0),
                (b"c".to_vec(), 2.0),
                (b"a".to_vec(), 10.0),
            ])
        }
    );
    assert_eq!(
        by_rank(&client, &cache, SortedSetOrder::Descending, None, None).await,
        ["a", "c", "b", "d"]
    );

    assert_eq!(
        client.sorted_set_get_score(&cache, "z", "d").await.unwrap(),
        SortedSetGetScoreResponse::Hit { score: -1.5 }
    );
    assert_eq!(
        client
            .sorted_set_get_score(&cache, "z", "zz")
            .await
            .unwrap(),
        SortedSetGetScoreResponse::Miss
    );
    let scores = client
        .sorted_set_get_scores(&cache, "z", ["a", "zz", "b"])
        .await
        .unwrap();
    let SortedSetGetScoresResponse::Hit { responses, .. } = &scores else {
        panic!("expected a hit");
    };
    assert_eq!(responses[1], SortedSetGetScoreResponse::Miss);
    let scores: HashMap<String, f64> = scores.try_into().unwrap();
    assert_eq!(
        scores,
        HashMap::from([("a".into(), 10.0), ("b".into(), 2.0)])
    );

    assert_eq!(
        client.sorted_set_get_rank(&cache, "z", "d").await.unwrap(),
        SortedSetGetRankResponse::Hit { rank: 0 }
    );
    assert_eq!(
        client
            .send_request(
                SortedSetGetRankRequest::new(&cache, "z", "d").order(SortedSetOrder::Descending)
            )
            .await
            .unwrap(),
        SortedSetGetRankResponse::Hit { rank: 3 }
    );
    assert_eq!(
        client.sorted_set_get_rank(&cache, "z", "zz").await.unwrap(),
        SortedSetGetRankResponse::Miss
    );
    assert_eq!(
        client.sorted_set_length(&cache, "z").await.unwrap(),
        SortedSetLengthResponse::Hit { length: 4 }
    );
}

#[tokio::test]
async fn fetch_by_rank_ranges() {
    let (_server, client, cache) = setup("zset-rank").await;
    eight(&client, &cache, "z").await;
    use SortedSetOrder::{Ascending as Asc, Descending as Desc};

    // The JavaScript SDK's observed cases on an 8-element set.
    assert!(
        by_rank(&client, &cache, Asc, Some(10), None)
            .await
            .is_empty()
    );
    assert_eq!(
        by_rank(&client, &cache, Asc, Some(5), Some(100)).await,
        ["f", "g", "h"]
    );
    assert_eq!(
        by_rank(&client, &cache, Asc, Some(-5), None).await,
        ["d", "e", "f", "g", "h"]
    );
    assert_eq!(
        by_rank(&client, &cache, Asc, None, Some(-2)).await,
        ["a", "b", "c", "d", "e", "f"]
    );
    assert_eq!(
        by_rank(&client, &cache, Asc, Some(-5), Some(-2)).await,
        ["d", "e", "f"]
    );
    assert_eq!(
        by_rank(&client, &cache, Desc, Some(5), None).await,
        ["c", "b", "a"]
    );
    assert_eq!(
        by_rank(&client, &cache, Desc, Some(1), Some(3)).await,
        ["g", "f"]
    );
    // An empty range of an existing set is a hit.
    assert_eq!(
        client
            .sorted_set_fetch_by_rank(&cache, "z", Asc, 3, 3)
            .await
            .unwrap(),
        SortedSetFetchResponse::Hit {
            value: SortedSetElements::default()
        }
    );
}

#[tokio::test]
async fn fetch_by_score_bounds_offset_and_count() {
    let (_server, client, cache) = setup("zset-score").await;
    eight(&client, &cache, "z").await;
    let request = || SortedSetFetchByScoreRequest::new(&cache, "z");

    assert_eq!(
        values(
            client
                .sorted_set_fetch_by_score(&cache, "z", SortedSetOrder::Descending)
                .await
                .unwrap()
        ),
        ["h", "g", "f", "e", "d", "c", "b", "a"]
    );
    assert_eq!(
        by_score(
            &client,
            request()
                .min_score(ScoreBound::Inclusive(3.0))
                .max_score(ScoreBound::Inclusive(5.0))
        )
        .await,
        ["c", "d", "e"]
    );
    assert_eq!(
        by_score(
            &client,
            request()
                .min_score(ScoreBound::Exclusive(3.0))
                .max_score(ScoreBound::Exclusive(5.0))
        )
        .await,
        ["d"]
    );
    assert_eq!(
        by_score(&client, request().min_score(ScoreBound::Exclusive(6.0))).await,
        ["g", "h"]
    );
    assert_eq!(
        by_score(&client, request().max_score(ScoreBound::Inclusive(2.0))).await,
        ["a", "b"]
    );
    assert_eq!(
        by_score(
            &client,
            request()
                .min_score(ScoreBound::Inclusive(2.0))
                .offset(1)
                .count(3)
        )
        .await,
        ["c", "d", "e"]
    );
    assert_eq!(
        by_score(
            &client,
            request()
                .order(SortedSetOrder::Descending)
                .max_score(ScoreBound::Inclusive(7.0))
                .offset(2)
                .count(2)
        )
        .await,
        ["e", "d"]
    );
    // An offset past the matches is an empty hit; an empty range too.
    assert!(by_score(&client, request().offset(8)).await.is_empty());
    assert!(
        by_score(
            &client,
            request()
                .min_score(ScoreBound::Exclusive(4.0))
                .max_score(ScoreBound::Exclusive(4.0))
        )
        .await
        .is_empty()
    );
    // Scores come back with the values.
    let hit = client
        .send_request(request().min_score(ScoreBound::Inclusive(8.0)))
        .await
        .unwrap();
    assert_eq!(
        Vec::<(Vec<u8>, f64)>::try_from(hit).unwrap(),
        [(b"h".to_vec(), 8.0)]
    );

    // Counting by score with the same bounds.
    let count = |min: Option<ScoreBound>, max: Option<ScoreBound>| {
        let client = client.clone();
        let cache = cache.clone();
        async move {
            client
                .send_request(
                    SortedSetLengthByScoreRequest::new(&cache, "z")
                        .min_score(min)
                        .max_score(max),
                )
                .await
                .unwrap()
        }
    };
    use SortedSetLengthByScoreResponse::Hit;
    assert_eq!(count(None, None).await, Hit { length: 8 });
    assert_eq!(
        count(Some(3.0.into()), Some(5.0.into())).await,
        Hit { length: 3 }
    );
    assert_eq!(
        count(
            Some(ScoreBound::Exclusive(3.0)),
            Some(ScoreBound::Exclusive(5.0))
        )
        .await,
        Hit { length: 1 }
    );
    assert_eq!(
        count(Some(ScoreBound::Exclusive(7.0)), None).await,
        Hit { length: 1 }
    );
    assert_eq!(
        client
            .send_request(
                SortedSetLengthByScoreRequest::new(&cache, "none")
                    .min_score(ScoreBound::Inclusive(0.0))
                    .max_score(ScoreBound::Inclusive(1.0))
            )
            .await
            .unwrap(),
        SortedSetLengthByScoreResponse::Miss
    );
}

#[tokio::test]
async fn increment_and_remove() {
    let (_server, client, cache) = setup("zset-incr").await;
    // A missing set and element start at the amount.
    let r = client
        .sorted_set_increment_score(&cache, "z", "a", 2.5)
        .await
        .unwrap();
    assert_eq!(r.score, 2.5);
    let r = client
        .sorted_set_increment_score(&cache, "z", "a", -4.0)
        .await
        .unwrap();
    assert_eq!(r.score, -1.5);
    client
        .sorted_set_put_elements(&cache, "z", [("b", 1.0), ("c", 2.0), ("d", 3.0)])
        .await
        .unwrap();
    client
        .sorted_set_remove_element(&cache, "z", "a")
        .await
        .unwrap();
    client
        .sorted_set_remove_elements(&cache, "z", ["b", "absent"])
        .await
        .unwrap();
    assert_eq!(
        by_rank(&client, &cache, SortedSetOrder::Ascending, None, None).await,
        ["c", "d"]
    );
    // Removing from a missing set is fine; removing the last values deletes the set.
    client
        .sorted_set_remove_element(&cache, "nothing", "a")
        .await
        .unwrap();
    client
        .sorted_set_remove_elements(&cache, "z", ["c", "d"])
        .await
        .unwrap();
    assert_eq!(
        client.sorted_set_length(&cache, "z").await.unwrap(),
        SortedSetLengthResponse::Miss
    );
}

#[tokio::test]
async fn union_store_weights_and_aggregates() {
    let (_server, client, cache) = setup("zset-union").await;
    client
        .sorted_set_put_elements(&cache, "x", [("a", 1.0), ("b", 2.0)])
        .await
        .unwrap();
    client
        .sorted_set_put_elements(&cache, "y", [("b", 10.0), ("c", 3.0)])
        .await
        .unwrap();
    client
        .sorted_set_put_elements(&cache, "dest", [("old", 100.0)])
        .await
        .unwrap();
    let scores = |name: &'static str| {
        let client = client.clone();
        let cache = cache.clone();
        async move {
            let fetched = client
                .sorted_set_fetch_by_rank(&cache, name, SortedSetOrder::Ascending, None, None)
                .await
                .unwrap();
            Vec::<(String, f64)>::try_from(fetched).unwrap()
        }
    };
    let pairs = |items: &[(&str, f64)]| -> Vec<(String, f64)> {
        items.iter().map(|(v, s)| (v.to_string(), *s)).collect()
    };

    // Sum (default), with weights; the destination is replaced, not merged.
    let r = client
        .sorted_set_union_store(&cache, "dest", [("x", 2.0), ("y", 0.5)])
        .await
        .unwrap();
    assert_eq!(r.length, 3);
    assert_eq!(
        scores("dest").await,
        pairs(&[("c", 1.5), ("a", 2.0), ("b", 9.0)])
    );

    for (aggregate, expected) in [
        (
            SortedSetAggregateFunction::Min,
            pairs(&[("a", 1.0), ("b", 2.0), ("c", 3.0)]),
        ),
        (
            SortedSetAggregateFunction::Max,
            pairs(&[("a", 1.0), ("c", 3.0), ("b", 10.0)]),
        ),
        (
            SortedSetAggregateFunction::Sum,
            pairs(&[("a", 1.0), ("c", 3.0), ("b", 12.0)]),
        ),
    ] {
        client
            .send_request(
                SortedSetUnionStoreRequest::new(&cache, "dest", [("x", 1.0), ("y", 1.0)])
                    .aggregate(aggregate),
            )
            .await
            .unwrap();
        assert_eq!(scores("dest").await, expected, "{aggregate:?}");
    }

    // Negative and zero weights are allowed.
    client
        .sorted_set_union_store(&cache, "neg", [("x", -1.0), ("y", 0.0)])
        .await
        .unwrap();
    assert_eq!(
        scores("neg").await,
        pairs(&[("b", -2.0), ("a", -1.0), ("c", 0.0)])
    );

    // The destination takes the given TTL.
    client
        .send_request(
            SortedSetUnionStoreRequest::new(&cache, "ttl", [("x", 1.0)])
                .ttl(CollectionTtl::of(std::time::Duration::from_secs(2))),
        )
        .await
        .unwrap();
    let left = collections_common::remaining_ttl(&client, &cache, "ttl")
        .await
        .unwrap();
    assert!(left <= std::time::Duration::from_secs(2), "{left:?}");

    // An empty union deletes the destination.
    let r = client
        .sorted_set_union_store(&cache, "dest", [("missing", 1.0)])
        .await
        .unwrap();
    assert_eq!(r.length, 0);
    assert_eq!(
        client.sorted_set_length(&cache, "dest").await.unwrap(),
        SortedSetLengthResponse::Miss
    );
}

#[tokio::test]
async fn collection_ttl_refresh_and_expiry() {
    let (_server, client, cache) = setup("zset-ttl").await;
    check_collection_ttl(&client, &cache, "put", |key, ttl| {
        let (client, cache) = (client.clone(), cache.clone());
        async move {
            client
                .send_request(SortedSetPutElementRequest::new(&cache, key, "v", 1.0).ttl(ttl))
                .await
                .unwrap();
        }
    })
    .await;
    check_collection_ttl(&client, &cache, "incr", |key, ttl| {
        let (client, cache) = (client.clone(), cache.clone());
        async move {
            client
                .send_request(SortedSetIncrementScoreRequest::new(&cache, key, "v", 1.0).ttl(ttl))
                .await
                .unwrap();
        }
    })
    .await;
}

#[tokio::test]
async fn other_item_types_are_refused() {
    let (_server, client, cache) = setup("zset-type").await;
    client.set_add_element(&cache, "set", "v").await.unwrap();
    client.set(&cache, "scalar", "v").await.unwrap();
    for key in ["set", "scalar"] {
        assert_wrong_type(client.sorted_set_put_element(&cache, key, "v", 1.0).await);
        assert_wrong_type(
            client
                .sorted_set_fetch_by_rank(&cache, key, SortedSetOrder::Ascending, None, None)
                .await,
        );
        assert_wrong_type(client.sorted_set_get_score(&cache, key, "v").await);
        assert_wrong_type(client.sorted_set_get_rank(&cache, key, "v").await);
        assert_wrong_type(
            client
                .sorted_set_increment_score(&cache, key, "v", 1.0)
                .await,
        );
        assert_wrong_type(client.sorted_set_length(&cache, key).await);
        assert_wrong_type(
            client
                .sorted_set_union_store(&cache, "dest", [(key, 1.0)])
                .await,
        );
    }
}

#[tokio::test]
async fn bad_input_is_rejected_before_sending() {
    let (server, client, cache) = setup("zset-bad").await;
    server.reset_stats();
    let none: Vec<&str> = Vec::new();
    let asc = SortedSetOrder::Ascending;
    let request = || SortedSetFetchByScoreRequest::new(&cache, "z");

    for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        assert_invalid(
            client.sorted_set_put_element(&cache, "z", "v", bad).await,
            "score",
        );
        assert_invalid(
            client
                .sorted_set_put_elements(&cache, "z", [("ok", 1.0), ("v", bad)])
                .await,
            "elements[1] score",
        );
        assert_invalid(
            client
                .sorted_set_increment_score(&cache, "z", "v", bad)
                .await,
            "amount",
        );
        assert_invalid(
            client
                .send_request(request().min_score(ScoreBound::Inclusive(bad)))
                .await,
            "min_score",
        );
        assert_invalid(
            client
                .send_request(
                    SortedSetLengthByScoreRequest::new(&cache, "z")
                        .min_score(None)
                        .max_score(ScoreBound::Exclusive(bad)),
                )
                .await,
            "max_score",
        );
        assert_invalid(
            client
                .sorted_set_union_store(&cache, "d", [("x", bad as f32)])
                .await,
            "sources[0] weight",
        );
    }
    assert_invalid(
        client.sorted_set_put_element(&cache, "", "v", 1.0).await,
        "sorted_set_name",
    );
    assert_invalid(
        client
            .sorted_set_put_elements(&cache, "z", Vec::<(&str, f64)>::new())
            .await,
        "elements",
    );
    assert_invalid(
        client
            .sorted_set_get_scores(&cache, "z", none.clone())
            .await,
        "values",
    );
    assert_invalid(
        client.sorted_set_remove_elements(&cache, "z", none).await,
        "values",
    );
    assert_invalid(
        client.sorted_set_length(&cache, "").await,
        "sorted_set_name",
    );
    assert_invalid(
        client.sorted_set_get_rank(&cache, "", "v").await,
        "sorted_set_name",
    );

    assert_invalid(
        client
            .sorted_set_fetch_by_rank(&cache, "z", asc, 5, 2)
            .await,
        "start_rank",
    );
    assert_invalid(
        client
            .sorted_set_fetch_by_rank(&cache, "z", asc, -2, -5)
            .await,
        "start_rank",
    );
    assert_invalid(client.send_request(request().count(0)).await, "count");
    assert_invalid(
        client
            .send_request(
                request()
                    .min_score(ScoreBound::Inclusive(2.0))
                    .max_score(ScoreBound::Inclusive(1.0)),
            )
            .await,
        "min_score",
    );
    assert_invalid(
        client
            .send_request(
                SortedSetLengthByScoreRequest::new(&cache, "z")
                    .min_score(ScoreBound::Inclusive(5.0))
                    .max_score(ScoreBound::Inclusive(4.0)),
            )
            .await,
        "min_score",
    );
    assert_invalid(
        client
            .sorted_set_union_store(&cache, "d", Vec::<(&str, f32)>::new())
            .await,
        "sources",
    );
    assert_invalid(
        client
            .sorted_set_union_store(&cache, "d", [("", 1.0)])
            .await,
        "sources[0] name",
    );
    assert_invalid(
        client
            .send_request(
                SortedSetUnionStoreRequest::new(&cache, "d", [("x", 1.0)])
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
