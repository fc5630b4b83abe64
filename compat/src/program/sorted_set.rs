//! Sorted sets: puts, fetches by rank and by score, ranks, scores, lengths, union.
use std::collections::HashMap;
use std::time::Duration;

use super::{CACHE, Checks};
use crate::sdk;
use sdk::cache::{
    CollectionTtl, ScoreBound, SortedSetElement, SortedSetFetchByScoreRequest,
    SortedSetFetchResponse, SortedSetGetRankResponse, SortedSetGetScoreResponse,
    SortedSetLengthByScoreRequest, SortedSetLengthResponse, SortedSetOrder,
    SortedSetUnionStoreRequest,
};
use sdk::{CacheClient, MomentoResult};

const BOARD: &str = "board";

pub async fn run(client: &CacheClient, checks: &mut Checks) -> MomentoResult<()> {
    client
        .sorted_set_put_element(CACHE, BOARD, "ada", 3.0)
        .await?;
    client
        .sorted_set_put_elements(CACHE, BOARD, vec![("bob", 1.0), ("cy", 2.0), ("di", 4.0)])
        .await?;

    let all: Vec<(String, f64)> = client
        .sorted_set_fetch_by_rank(CACHE, BOARD, SortedSetOrder::Ascending, None, None)
        .await?
        .try_into()?;
    checks.equal(
        "sorted_set_fetch_by_rank",
        all,
        pairs(&[("bob", 1.0), ("cy", 2.0), ("ada", 3.0), ("di", 4.0)]),
    );
    let top: Vec<(String, f64)> = client
        .sorted_set_fetch_by_rank(CACHE, BOARD, SortedSetOrder::Descending, Some(0), Some(2))
        .await?
        .try_into()?;
    checks.equal(
        "sorted_set_fetch_by_rank, descending, ranks 0..2",
        top,
        pairs(&[("di", 4.0), ("ada", 3.0)]),
    );
    match client
        .sorted_set_fetch_by_score(CACHE, BOARD, SortedSetOrder::Ascending)
        .await?
    {
        SortedSetFetchResponse::Hit { value } => {
            let elements: Vec<(Vec<u8>, f64)> = value.into();
            checks.equal("sorted_set_fetch_by_score Hit { value }", elements.len(), 4);
        }
        SortedSetFetchResponse::Miss => checks.equal("sorted_set_fetch_by_score", "miss", "hit"),
    }
    let (offset, count): (u32, i32) = (1, 2);
    let request = SortedSetFetchByScoreRequest::new(CACHE, BOARD)
        .min_score(ScoreBound::Inclusive(1.0))
        .max_score(ScoreBound::Exclusive(4.0))
        .order(SortedSetOrder::Ascending)
        .offset(offset)
        .count(count);
    let middle: Vec<(String, f64)> = client.send_request(request).await?.try_into()?;
    checks.equal(
        "SortedSetFetchByScoreRequest with bounds, offset and count",
        middle,
        pairs(&[("cy", 2.0), ("ada", 3.0)]),
    );

    let rank = match client.sorted_set_get_rank(CACHE, BOARD, "ada").await? {
        SortedSetGetRankResponse::Hit { rank } => Some(rank),
        SortedSetGetRankResponse::Miss => None,
    };
    checks.equal("sorted_set_get_rank", rank, Some(2));
    let score = match client.sorted_set_get_score(CACHE, BOARD, "cy").await? {
        SortedSetGetScoreResponse::Hit { score } => Some(score),
        SortedSetGetScoreResponse::Miss => None,
    };
    checks.equal("sorted_set_get_score", score, Some(2.0));
    let scores: Vec<SortedSetElement<String>> = client
        .sorted_set_get_scores(CACHE, BOARD, vec!["cy", "nobody", "ada"])
        .await?
        .try_into()?;
    checks.equal(
        "sorted_set_get_scores as Vec<SortedSetElement<String>> (hits only)",
        scores
            .into_iter()
            .map(|e| (e.value, e.score))
            .collect::<Vec<_>>(),
        pairs(&[("cy", 2.0), ("ada", 3.0)]),
    );
    let incremented = client
        .sorted_set_increment_score(CACHE, BOARD, "bob", 10.0)
        .await?;
    checks.equal("sorted_set_increment_score", incremented.score, 11.0);

    let length = match client.sorted_set_length(CACHE, BOARD).await? {
        SortedSetLengthResponse::Hit { length } => length,
        SortedSetLengthResponse::Miss => 0,
    };
    checks.equal("sorted_set_length", length, 4);
    let between: u32 = client
        .send_request(
            SortedSetLengthByScoreRequest::new(CACHE, BOARD)
                .min_score(ScoreBound::Inclusive(2.0))
                .max_score(Some(ScoreBound::Inclusive(4.0))),
        )
        .await?
        .try_into()?;
    checks.equal("SortedSetLengthByScoreRequest with bounds", between, 3);
    let above: u32 = client
        .send_request(
            SortedSetLengthByScoreRequest::new(CACHE, BOARD)
                .min_score(Some(ScoreBound::Exclusive(2.0)))
                .max_score(None),
        )
        .await?
        .try_into()?;
    checks.equal("SortedSetLengthByScoreRequest, max_score(None)", above, 3);
    checks.equal(
        "ScoreBound has two variants",
        [ScoreBound::Inclusive(1.5), ScoreBound::Exclusive(2.5)].map(score_of),
        [1.5, 2.5],
    );
    let any: u32 = client
        .sorted_set_length_by_score(CACHE, BOARD)
        .await?
        .try_into()?;
    checks.equal("sorted_set_length_by_score", any, 4);

    client
        .sorted_set_remove_elements(CACHE, BOARD, vec!["di"])
        .await?;
    client
        .sorted_set_put_elements(CACHE, "board-2", vec![("ada", 1.0), ("eve", 5.0)])
        .await?;
    let union = client
        .send_request(
            SortedSetUnionStoreRequest::new(
                CACHE,
                "board-union",
                vec![(BOARD, 1.0), ("board-2", 2.0)],
            )
            .ttl(CollectionTtl::new(Some(Duration::from_secs(600)), false)),
        )
        .await?;
    checks.equal(
        "SortedSetUnionStoreRequest with ttl(CollectionTtl) length",
        union.length,
        4,
    );
    let copy = client
        .sorted_set_union_store(CACHE, "board-copy", vec![("board-2", 1.0)])
        .await?;
    checks.equal("sorted_set_union_store length", copy.length, 2);
    let merged: HashMap<String, f64> = Vec::<(String, f64)>::try_from(
        client
            .sorted_set_fetch_by_rank(CACHE, "board-union", SortedSetOrder::Ascending, None, None)
            .await?,
    )?
    .into_iter()
    .collect();
    checks.equal(
        "union score of ada (3 x 1 + 1 x 2)",
        merged.get("ada").copied(),
        Some(5.0),
    );
    Ok(())
}

/// Compiles only when `ScoreBound` has exactly the `momento` crate's variants.
fn score_of(bound: ScoreBound) -> f64 {
    match bound {
        ScoreBound::Inclusive(score) => score,
        ScoreBound::Exclusive(score) => score,
    }
}

fn pairs(items: &[(&str, f64)]) -> Vec<(String, f64)> {
    items.iter().map(|(v, s)| (v.to_string(), *s)).collect()
}
