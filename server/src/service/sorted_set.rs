//! Sorted-set-family handlers. Unset bounds are unbounded; an unset fetch range means every
//! element by rank.

use edgecache_proto::cache_client::{
    ECacheResult, SortedSetElement, SortedSetFetchRequest, SortedSetFetchResponse,
    SortedSetGetRankRequest, SortedSetGetRankResponse, SortedSetGetScoreRequest,
    SortedSetGetScoreResponse, SortedSetIncrementRequest, SortedSetIncrementResponse,
    SortedSetLengthByScoreRequest, SortedSetLengthByScoreResponse, SortedSetLengthRequest,
    SortedSetLengthResponse, SortedSetPutRequest, SortedSetPutResponse, SortedSetRemoveRequest,
    SortedSetRemoveResponse, SortedSetUnionStoreRequest, SortedSetUnionStoreResponse,
    sorted_set_fetch_request, sorted_set_fetch_response, sorted_set_get_rank_request,
    sorted_set_get_rank_response, sorted_set_get_score_response,
    sorted_set_length_by_score_request, sorted_set_length_by_score_response,
    sorted_set_length_response, sorted_set_remove_request, sorted_set_union_store_request,
};
use tonic::Status;

use super::status::{unknown_enum, unset_oneof};
use super::{all_bytes, collection_ttl, len32, to_bytes, to_vec};
use crate::store::{Aggregate, ScoreBound, SortOrder, SortedSetRemove, Store};

fn fetch_order(order: i32) -> Result<SortOrder, Status> {
    match sorted_set_fetch_request::Order::try_from(order) {
        Ok(sorted_set_fetch_request::Order::Ascending) => Ok(SortOrder::Ascending),
        Ok(sorted_set_fetch_request::Order::Descending) => Ok(SortOrder::Descending),
        Err(_) => Err(unknown_enum("order", order)),
    }
}

fn rank_order(order: i32) -> Result<SortOrder, Status> {
    match sorted_set_get_rank_request::Order::try_from(order) {
        Ok(sorted_set_get_rank_request::Order::Ascending) => Ok(SortOrder::Ascending),
        Ok(sorted_set_get_rank_request::Order::Descending) => Ok(SortOrder::Descending),
        Err(_) => Err(unknown_enum("order", order)),
    }
}

fn score_bound(score: sorted_set_fetch_request::by_score::Score) -> ScoreBound {
    if score.exclusive {
        ScoreBound::Exclusive(score.score)
    } else {
        ScoreBound::Inclusive(score.score)
    }
}

pub(super) fn sorted_set_put(
    store: &Store,
    cache: &str,
    req: SortedSetPutRequest,
) -> Result<SortedSetPutResponse, Status> {
    let elements = req
        .elements
        .into_iter()
        .map(|element| (to_bytes(element.value), element.score))
        .collect();
    store.sorted_set_put(
        cache,
        to_bytes(req.set_name),
        elements,
        collection_ttl(req.ttl_milliseconds, req.refresh_ttl),
    )?;
    Ok(SortedSetPutResponse {})
}

pub(super) fn sorted_set_fetch(
    store: &Store,
    cache: &str,
    req: SortedSetFetchRequest,
) -> Result<SortedSetFetchResponse, Status> {
    use sorted_set_fetch_request::{Range, by_index, by_score};
    use sorted_set_fetch_response::{Found, Missing, SortedSet, found};
    let order = fetch_order(req.order)?;
    let name = to_bytes(req.set_name);
    let fetched = match req.range {
        Some(Range::ByScore(range)) => {
            let min = match range.min {
                Some(by_score::Min::MinScore(score)) => score_bound(score),
                Some(by_score::Min::UnboundedMin(_)) | None => ScoreBound::Unbounded,
            };
            let max = match range.max {
                Some(by_score::Max::MaxScore(score)) => score_bound(score),
                Some(by_score::Max::UnboundedMax(_)) | None => ScoreBound::Unbounded,
            };
            store.sorted_set_fetch_by_score(
                cache,
                &name,
                order,
                min,
                max,
                range.offset,
                range.count,
            )?
        }
        Some(Range::ByIndex(range)) => {
            let start = match range.start {
                Some(by_index::Start::InclusiveStartIndex(index)) => Some(index),
                Some(by_index::Start::UnboundedStart(_)) | None => None,
            };
            let end = match range.end {
                Some(by_index::End::ExclusiveEndIndex(index)) => Some(index),
                Some(by_index::End::UnboundedEnd(_)) | None => None,
            };
            store.sorted_set_fetch_by_rank(cache, &name, order, start, end)?
        }
        None => store.sorted_set_fetch_by_rank(cache, &name, order, None, None)?,
    };
    let sorted_set = match fetched {
        None => SortedSet::Missing(Missing {}),
        Some(elements) if req.with_scores => SortedSet::Found(Found {
            elements: Some(found::Elements::ValuesWithScores(found::ValuesWithScores {
                elements: elements
                    .into_iter()
                    .map(|(value, score)| SortedSetElement {
                        value: to_vec(value),
                        score,
                    })
                    .collect(),
            })),
        }),
        Some(elements) => SortedSet::Found(Found {
            elements: Some(found::Elements::Values(found::Values {
                values: elements
                    .into_iter()
                    .map(|(value, _)| to_vec(value))
                    .collect(),
            })),
        }),
    };
    Ok(SortedSetFetchResponse {
        sorted_set: Some(sorted_set),
    })
}

pub(super) fn sorted_set_get_score(
    store: &Store,
    cache: &str,
    req: SortedSetGetScoreRequest,
) -> Result<SortedSetGetScoreResponse, Status> {
    use sorted_set_get_score_response::{
        SortedSet, SortedSetFound, SortedSetGetScoreResponsePart, SortedSetMissing,
    };
    let name = to_bytes(req.set_name);
    let sorted_set = match store.sorted_set_get_scores(cache, &name, &all_bytes(req.values))? {
        Some(scores) => SortedSet::Found(SortedSetFound {
            elements: scores
                .into_iter()
                .map(|score| match score {
                    Some(score) => SortedSetGetScoreResponsePart {
                        result: ECacheResult::Hit as i32,
                        score,
                    },
                    None => SortedSetGetScoreResponsePart {
                        result: ECacheResult::Miss as i32,
                        score: 0.0,
                    },
                })
                .collect(),
        }),
        None => SortedSet::Missing(SortedSetMissing {}),
    };
    Ok(SortedSetGetScoreResponse {
        sorted_set: Some(sorted_set),
    })
}

pub(super) fn sorted_set_remove(
    store: &Store,
    cache: &str,
    req: SortedSetRemoveRequest,
) -> Result<SortedSetRemoveResponse, Status> {
    use sorted_set_remove_request::RemoveElements;
    let remove = match req
        .remove_elements
        .ok_or_else(|| unset_oneof("remove_elements"))?
    {
        RemoveElements::All(_) => SortedSetRemove::All,
        RemoveElements::Some(some) => SortedSetRemove::Some(all_bytes(some.values)),
    };
    store.sorted_set_remove(cache, to_bytes(req.set_name), &remove)?;
    Ok(SortedSetRemoveResponse {})
}

pub(super) fn sorted_set_increment(
    store: &Store,
    cache: &str,
    req: SortedSetIncrementRequest,
) -> Result<SortedSetIncrementResponse, Status> {
    let score = store.sorted_set_increment(
        cache,
        to_bytes(req.set_name),
        to_bytes(req.value),
        req.amount,
        collection_ttl(req.ttl_milliseconds, req.refresh_ttl),
    )?;
    Ok(SortedSetIncrementResponse { score })
}

pub(super) fn sorted_set_get_rank(
    store: &Store,
    cache: &str,
    req: SortedSetGetRankRequest,
) -> Result<SortedSetGetRankResponse, Status> {
    use sorted_set_get_rank_response::{Rank, RankResponsePart, SortedSetMissing};
    let order = rank_order(req.order)?;
    let rank = match store.sorted_set_rank(cache, &to_bytes(req.set_name), &req.value, order)? {
        Some(Some(rank)) => Rank::ElementRank(RankResponsePart {
            result: ECacheResult::Hit as i32,
            rank,
        }),
        Some(None) => Rank::ElementRank(RankResponsePart {
            result: ECacheResult::Miss as i32,
            rank: 0,
        }),
        None => Rank::Missing(SortedSetMissing {}),
    };
    Ok(SortedSetGetRankResponse { rank: Some(rank) })
}

pub(super) fn sorted_set_length(
    store: &Store,
    cache: &str,
    req: SortedSetLengthRequest,
) -> Result<SortedSetLengthResponse, Status> {
    use sorted_set_length_response::{Found, Missing, SortedSet};
    let sorted_set = match store.sorted_set_length(cache, &to_bytes(req.set_name))? {
        Some(length) => SortedSet::Found(Found {
            length: len32(length),
        }),
        None => SortedSet::Missing(Missing {}),
    };
    Ok(SortedSetLengthResponse {
        sorted_set: Some(sorted_set),
    })
}

pub(super) fn sorted_set_length_by_score(
    store: &Store,
    cache: &str,
    req: SortedSetLengthByScoreRequest,
) -> Result<SortedSetLengthByScoreResponse, Status> {
    use sorted_set_length_by_score_request::{Max, Min};
    use sorted_set_length_by_score_response::{Found, Missing, SortedSet};
    let min = match req.min {
        Some(Min::InclusiveMin(score)) => ScoreBound::Inclusive(score),
        Some(Min::ExclusiveMin(score)) => ScoreBound::Exclusive(score),
        Some(Min::UnboundedMin(_)) | None => ScoreBound::Unbounded,
    };
    let max = match req.max {
        Some(Max::InclusiveMax(score)) => ScoreBound::Inclusive(score),
        Some(Max::ExclusiveMax(score)) => ScoreBound::Exclusive(score),
        Some(Max::UnboundedMax(_)) | None => ScoreBound::Unbounded,
    };
    let name = to_bytes(req.set_name);
    let sorted_set = match store.sorted_set_length_by_score(cache, &name, min, max)? {
        Some(length) => SortedSet::Found(Found {
            length: len32(length),
        }),
        None => SortedSet::Missing(Missing {}),
    };
    Ok(SortedSetLengthByScoreResponse {
        sorted_set: Some(sorted_set),
    })
}

pub(super) fn sorted_set_union_store(
    store: &Store,
    cache: &str,
    req: SortedSetUnionStoreRequest,
) -> Result<SortedSetUnionStoreResponse, Status> {
    use sorted_set_union_store_request::AggregateFunction;
    let aggregate = match AggregateFunction::try_from(req.aggregate) {
        Ok(AggregateFunction::Sum) => Aggregate::Sum,
        Ok(AggregateFunction::Min) => Aggregate::Min,
        Ok(AggregateFunction::Max) => Aggregate::Max,
        Err(_) => return Err(unknown_enum("aggregate", req.aggregate)),
    };
    let sources: Vec<_> = req
        .sources
        .into_iter()
        .map(|source| (to_bytes(source.set_name), source.weight))
        .collect();
    let length = store.sorted_set_union_store(
        cache,
        to_bytes(req.set_name),
        &sources,
        aggregate,
        req.ttl_milliseconds,
    )?;
    Ok(SortedSetUnionStoreResponse {
        length: len32(length),
    })
}
