//! The sorted-set family for JavaScript (`cache::sorted_set`).

use wasm_bindgen::JsValue;

use super::collection::{collection_ttl, length_hit, option_index, option_size, values_value};
use super::convert::{self, Obj, typed};
use super::operations::family;
use super::request::{Args, JsRequest, js, success};
use crate::cache::*;
use crate::error::{CacheError, CacheResult};

family! {
    "sortedSet";
    let (cache, sorted_set) = |a| (a.cache()?, a.bytes(1, "sortedSetName")?);
    "sortedSetFetchByRank", "CacheSortedSetFetch", 2 => |_, o| {
        let request = SortedSetFetchByRankRequest::new(cache, sorted_set)
            .order(order(o)?)
            .start_rank(option_index(o, "startRank", "start_rank")?)
            .end_rank(option_index(o, "endRank", "end_rank")?);
        Ok(js(request, fetched))
    },
    "sortedSetFetchByScore", "CacheSortedSetFetch", 2 => |_, o| {
        let request = SortedSetFetchByScoreRequest::new(cache, sorted_set)
            .order(order(o)?)
            .min_score(score_bound(o, "minScore")?)
            .max_score(score_bound(o, "maxScore")?)
            .offset(option_size(o, "offset")?.map(|n| fit_u32("offset", n)).transpose()?)
            .count(option_index(o, "count", "count")?);
        Ok(js(request, fetched))
    },
    "sortedSetPutElement", "CacheSortedSetPutElement", 4 => |a, o| {
        let score = convert::number("score", &a.at(3))?;
        let value = a.bytes(2, "value")?;
        let request = SortedSetPutElementRequest::new(cache, sorted_set, value, score);
        Ok(js(request.ttl(collection_ttl(o)?), success))
    },
    "sortedSetPutElements", "CacheSortedSetPutElements", 3 => |a, o| {
        let elements = convert::pairs("elements", &a.at(2), |v| convert::number("elements", v))?;
        let request = SortedSetPutElementsRequest::new(cache, sorted_set, elements);
        Ok(js(request.ttl(collection_ttl(o)?), success))
    },
    "sortedSetGetRank", "CacheSortedSetGetRank", 3 => |a, o| {
        let request = SortedSetGetRankRequest::new(cache, sorted_set, a.bytes(2, "value")?)
            .order(order(o)?);
        Ok(js(request, |r| match r {
            SortedSetGetRankResponse::Hit { rank } => {
                Obj::typed("Hit").set("rank", &(rank as f64).into()).done()
            }
            SortedSetGetRankResponse::Miss => typed("Miss"),
        }))
    },
    "sortedSetGetScore", "CacheSortedSetGetScore", 3 => |a, _| {
        let value = a.bytes(2, "value")?;
        let value_js = value.clone();
        Ok(js(SortedSetGetScoreRequest::new(cache, sorted_set, value), move |r| {
            let answer = score_value(&r);
            let value = convert::bytes_value(&value_js);
            let _ = js_sys::Reflect::set(&answer, &"value".into(), &value);
            answer
        }))
    },
    "sortedSetGetScores", "CacheSortedSetGetScores", 3 => |a, _| {
        let values = a.bytes_list(2, "values")?;
        Ok(js(SortedSetGetScoresRequest::new(cache, sorted_set, values), |r| match r {
            SortedSetGetScoresResponse::Hit { values, responses } => Obj::typed("Hit")
                .set("values", &values_value(&values))
                .set("responses", &convert::array(&responses, score_value))
                .done(),
            SortedSetGetScoresResponse::Miss => typed("Miss"),
        }))
    },
    "sortedSetIncrementScore", "CacheSortedSetIncrementScore", 4 => |a, o| {
        let amount = match a.at(3) {
            v if v.is_undefined() || v.is_null() => 1.0,
            v => convert::number("amount", &v)?,
        };
        let value = a.bytes(2, "value")?;
        let request = SortedSetIncrementScoreRequest::new(cache, sorted_set, value, amount);
        Ok(js(request.ttl(collection_ttl(o)?), |r| {
            Obj::typed("Success").set("score", &r.score.into()).done()
        }))
    },
    "sortedSetRemoveElement", "CacheSortedSetRemoveElement", 3 => |a, _| {
        let value = a.bytes(2, "value")?;
        Ok(js(SortedSetRemoveElementRequest::new(cache, sorted_set, value), success))
    },
    "sortedSetRemoveElements", "CacheSortedSetRemoveElements", 3 => |a, _| {
        let values = a.bytes_list(2, "values")?;
        Ok(js(SortedSetRemoveElementsRequest::new(cache, sorted_set, values), success))
    },
    "sortedSetLength", "CacheSortedSetLength", 2 => |_, _| {
        Ok(js(SortedSetLengthRequest::new(cache, sorted_set), |r| match r {
            SortedSetLengthResponse::Hit { length } => length_hit(length),
            SortedSetLengthResponse::Miss => typed("Miss"),
        }))
    },
    "sortedSetLengthByScore", "CacheSortedSetLengthByScore", 2 => |_, o| {
        let request = SortedSetLengthByScoreRequest::new(cache, sorted_set)
            .min_score(score_bound(o, "minScore")?)
            .max_score(score_bound(o, "maxScore")?);
        Ok(js(request, |r| match r {
            SortedSetLengthByScoreResponse::Hit { length } => length_hit(length),
            SortedSetLengthByScoreResponse::Miss => typed("Miss"),
        }))
    },
    "sortedSetUnionStore", "CacheSortedSetUnionStore", 3 => |a, o| {
        union_store(cache, sorted_set, a, o)
    },
}

/// `order`: `"ASC"` (the default) or `"DESC"`, as the official `SortedSetOrder`.
fn order(options: &JsValue) -> CacheResult<SortedSetOrder> {
    let order = convert::member(options, "order")?;
    match order.as_string().as_deref() {
        None if order.is_undefined() || order.is_null() => Ok(SortedSetOrder::Ascending),
        Some("ASC") => Ok(SortedSetOrder::Ascending),
        Some("DESC") => Ok(SortedSetOrder::Descending),
        _ => Err(CacheError::invalid_argument(
            "order",
            "must be \"ASC\" or \"DESC\"",
        )),
    }
}

/// An inclusive score bound (`minScore` / `maxScore`); unbounded when absent.
fn score_bound(options: &JsValue, name: &str) -> CacheResult<Option<ScoreBound>> {
    let value = convert::member(options, name)?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    convert::number(name, &value).map(|score| Some(ScoreBound::Inclusive(score)))
}

/// Elements as `[{value, score}]`.
fn scored_value(elements: &[(Vec<u8>, f64)]) -> JsValue {
    convert::array(elements, |(value, score)| {
        Obj::new()
            .set("value", &convert::bytes_value(value))
            .set("score", &(*score).into())
            .done()
    })
}

fn score_value(response: &SortedSetGetScoreResponse) -> JsValue {
    match response {
        SortedSetGetScoreResponse::Hit { score } => {
            Obj::typed("Hit").set("score", &(*score).into()).done()
        }
        SortedSetGetScoreResponse::Miss => typed("Miss"),
    }
}

fn fetched(response: SortedSetFetchResponse) -> JsValue {
    match response {
        SortedSetFetchResponse::Hit { value } => Obj::typed("Hit")
            .set("elements", &scored_value(&value.elements))
            .done(),
        SortedSetFetchResponse::Miss => typed("Miss"),
    }
}

fn union_store(
    cache: String,
    sorted_set: Vec<u8>,
    args: &Args,
    options: &JsValue,
) -> CacheResult<JsRequest> {
    let sources = convert::list("sources", &args.at(2), |source| {
        let name = convert::bytes("sources", &convert::member(source, "sortedSetName")?)?;
        let weight = convert::number("sources", &convert::member(source, "weight")?)?;
        Ok((name, weight as f32))
    })?;
    let aggregate = match convert::member(options, "aggregate")?.as_f64() {
        None | Some(0.0) => SortedSetAggregateFunction::Sum,
        Some(1.0) => SortedSetAggregateFunction::Min,
        Some(2.0) => SortedSetAggregateFunction::Max,
        Some(_) => {
            return Err(CacheError::invalid_argument(
                "aggregate",
                "must be SortedSetAggregate.SUM, MIN or MAX",
            ));
        }
    };
    let request = SortedSetUnionStoreRequest::new(cache, sorted_set, sources)
        .aggregate(aggregate)
        .ttl(collection_ttl(options)?);
    Ok(js(request, |r| {
        Obj::typed("Success").set("length", &r.length.into()).done()
    }))
}
