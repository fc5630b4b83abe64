//! Collection operations for JavaScript: dictionaries, lists, sets and sorted sets (see
//! `ops.rs` for the scalar ones). Each family's options object carries what the official SDKs'
//! call options do (`startIndex`, `truncateFrontToSize`, `order`, `minScore`, ...).

use std::time::Duration;

use js_sys::Array;
use wasm_bindgen::JsValue;

use super::convert::{self, Obj, typed};
use super::ops::{Args, JsRequest, hit_bytes, js, success};
use crate::cache::*;
use crate::error::{CacheError, CacheResult};

/// A collection write's TTL policy: `ttl` in seconds (the client's default when absent) and
/// `refreshTtl` (default true), which the JavaScript `CollectionTtl` is flattened into.
pub(super) fn collection_ttl(options: &JsValue) -> CacheResult<CollectionTtl> {
    let ttl = convert::seconds("ttl", &convert::member(options, "ttl")?)?;
    let refresh = convert::member(options, "refreshTtl")?;
    let refresh = match refresh.as_bool() {
        Some(refresh) => refresh,
        None if refresh.is_undefined() || refresh.is_null() => true,
        None => {
            return Err(CacheError::invalid_argument(
                "refreshTtl",
                "must be a boolean",
            ));
        }
    };
    Ok(CollectionTtl::new(ttl, refresh))
}

fn field_value(response: &DictionaryGetFieldResponse) -> JsValue {
    match response {
        DictionaryGetFieldResponse::Hit { value } => hit_bytes(value.as_bytes()),
        DictionaryGetFieldResponse::Miss => typed("Miss"),
    }
}

fn unknown() -> CacheError {
    CacheError::invalid_argument("operation", "is not one this client supports")
}

/// Builds one collection operation (its name starts with the family's).
pub(super) fn request(op: &str, args: &Args, options: &JsValue) -> CacheResult<JsRequest> {
    let cache = args.cache()?;
    if op.starts_with("dictionary") {
        dictionary(op, cache, args, options)
    } else if op.starts_with("list") {
        list(op, cache, args, options)
    } else if op.starts_with("sortedSet") {
        sorted_set(op, cache, args, options)
    } else if op.starts_with("set") {
        set(op, cache, args, options)
    } else {
        Err(unknown())
    }
}

fn dictionary(op: &str, cache: String, args: &Args, options: &JsValue) -> CacheResult<JsRequest> {
    let dictionary = args.bytes(1, "dictionaryName")?;
    Ok(match op {
        "dictionaryFetch" => js(
            DictionaryFetchRequest::new(cache, dictionary),
            |r| match r {
                DictionaryFetchResponse::Hit { items } => {
                    let pairs = convert::array(&items, |(k, v)| {
                        Array::of2(&convert::bytes_value(k), &convert::bytes_value(v)).into()
                    });
                    Obj::typed("Hit").set("items", &pairs).done()
                }
                DictionaryFetchResponse::Miss => typed("Miss"),
            },
        ),
        "dictionaryGetField" => {
            let field = args.bytes(2, "field")?;
            let field_js = field.clone();
            js(
                DictionaryGetFieldRequest::new(cache, dictionary, field),
                move |r| {
                    let answer = match &r {
                        DictionaryGetFieldResponse::Hit { value } => {
                            Obj::typed("Hit").set("value", &convert::bytes_value(value.as_bytes()))
                        }
                        DictionaryGetFieldResponse::Miss => Obj::typed("Miss"),
                    };
                    answer.set("field", &convert::bytes_value(&field_js)).done()
                },
            )
        }
        "dictionaryGetFields" => js(
            DictionaryGetFieldsRequest::new(cache, dictionary, args.bytes_list(2, "fields")?),
            |r| match r {
                DictionaryGetFieldsResponse::Hit { fields, responses } => Obj::typed("Hit")
                    .set(
                        "fields",
                        &convert::array(&fields, |f| convert::bytes_value(f)),
                    )
                    .set("responses", &convert::array(&responses, field_value))
                    .done(),
                DictionaryGetFieldsResponse::Miss => typed("Miss"),
            },
        ),
        "dictionarySetField" => js(
            DictionarySetFieldRequest::new(
                cache,
                dictionary,
                args.bytes(2, "field")?,
                args.bytes(3, "value")?,
            )
            .ttl(collection_ttl(options)?),
            success,
        ),
        "dictionarySetFields" => {
            let elements =
                convert::pairs("elements", &args.at(2), |v| convert::bytes("elements", v))?;
            js(
                DictionarySetFieldsRequest::new(cache, dictionary, elements)
                    .ttl(collection_ttl(options)?),
                success,
            )
        }
        "dictionaryIncrement" => {
            let amount = convert::integer("amount", &args.at(3), Some(1))?;
            let request =
                DictionaryIncrementRequest::new(cache, dictionary, args.bytes(2, "field")?, amount);
            js(request.ttl(collection_ttl(options)?), |r| {
                Obj::typed("Success")
                    .set("value", &(r.value as f64).into())
                    .done()
            })
        }
        "dictionaryRemoveField" => js(
            DictionaryRemoveFieldRequest::new(cache, dictionary, args.bytes(2, "field")?),
            success,
        ),
        "dictionaryRemoveFields" => js(
            DictionaryRemoveFieldsRequest::new(cache, dictionary, args.bytes_list(2, "fields")?),
            success,
        ),
        "dictionaryLength" => js(
            DictionaryLengthRequest::new(cache, dictionary),
            |r| match r {
                DictionaryLengthResponse::Hit { length } => {
                    Obj::typed("Hit").set("length", &length.into()).done()
                }
                DictionaryLengthResponse::Miss => typed("Miss"),
            },
        ),
        _ => return Err(unknown()),
    })
}

/// An optional whole-number option.
fn option_integer(options: &JsValue, name: &str) -> CacheResult<Option<i64>> {
    let value = convert::member(options, name)?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    convert::integer(name, &value, None).map(Some)
}

/// An optional size option: a whole number from 0 up.
fn option_size(options: &JsValue, name: &str) -> CacheResult<Option<usize>> {
    option_integer(options, name)?
        .map(|n| {
            usize::try_from(n)
                .map_err(|_| CacheError::invalid_argument(name, "must not be negative"))
        })
        .transpose()
}

/// A required count argument.
fn count(args: &Args, index: u32, name: &str) -> CacheResult<usize> {
    let n = convert::integer(name, &args.at(index), None)?;
    usize::try_from(n).map_err(|_| CacheError::invalid_argument(name, "must not be negative"))
}

fn length_value(length: u32) -> JsValue {
    Obj::typed("Success")
        .set("listLength", &length.into())
        .done()
}

fn values_value(values: &[Vec<u8>]) -> JsValue {
    convert::array(values, |v| convert::bytes_value(v))
}

fn list(op: &str, cache: String, args: &Args, options: &JsValue) -> CacheResult<JsRequest> {
    let list = args.bytes(1, "listName")?;
    let truncate_front = || option_size(options, "truncateFrontToSize");
    let truncate_back = || option_size(options, "truncateBackToSize");
    Ok(match op {
        "listFetch" => js(
            ListFetchRequest::new(cache, list)
                .start_index(option_integer(options, "startIndex")?)
                .end_index(option_integer(options, "endIndex")?),
            |r| match r {
                ListFetchResponse::Hit { values } => Obj::typed("Hit")
                    .set("values", &values_value(&values))
                    .done(),
                ListFetchResponse::Miss => typed("Miss"),
            },
        ),
        "listLength" => js(ListLengthRequest::new(cache, list), |r| match r {
            ListLengthResponse::Hit { length } => {
                Obj::typed("Hit").set("length", &length.into()).done()
            }
            ListLengthResponse::Miss => typed("Miss"),
        }),
        "listPushBack" => js(
            ListPushBackRequest::new(cache, list, args.bytes(2, "value")?)
                .truncate_front_to_size(truncate_front()?)
                .ttl(collection_ttl(options)?),
            |r| length_value(r.list_length),
        ),
        "listPushFront" => js(
            ListPushFrontRequest::new(cache, list, args.bytes(2, "value")?)
                .truncate_back_to_size(truncate_back()?)
                .ttl(collection_ttl(options)?),
            |r| length_value(r.list_length),
        ),
        "listConcatenateBack" => js(
            ListConcatenateBackRequest::new(cache, list, args.bytes_list(2, "values")?)
                .truncate_front_to_size(truncate_front()?)
                .ttl(collection_ttl(options)?),
            |r| length_value(r.list_length),
        ),
        "listConcatenateFront" => js(
            ListConcatenateFrontRequest::new(cache, list, args.bytes_list(2, "values")?)
                .truncate_back_to_size(truncate_back()?)
                .ttl(collection_ttl(options)?),
            |r| length_value(r.list_length),
        ),
        "listPopBack" => js(ListPopBackRequest::new(cache, list), |r| match r {
            ListPopBackResponse::Hit { value, .. } => hit_bytes(value.as_bytes()),
            ListPopBackResponse::Miss => typed("Miss"),
        }),
        "listPopFront" => js(ListPopFrontRequest::new(cache, list), |r| match r {
            ListPopFrontResponse::Hit { value, .. } => hit_bytes(value.as_bytes()),
            ListPopFrontResponse::Miss => typed("Miss"),
        }),
        // The official SDKs answer Success whether or not the list existed.
        "listRemoveValue" => js(
            ListRemoveValueRequest::new(cache, list, args.bytes(2, "value")?),
            success,
        ),
        "listRetain" => js(
            ListRetainRequest::new(cache, list)
                .start_index(option_integer(options, "startIndex")?)
                .end_index(option_integer(options, "endIndex")?)
                .ttl(collection_ttl(options)?),
            success,
        ),
        _ => return Err(unknown()),
    })
}

fn elements_hit(values: &[Vec<u8>]) -> JsValue {
    Obj::typed("Hit")
        .set("elements", &values_value(values))
        .done()
}

fn set(op: &str, cache: String, args: &Args, options: &JsValue) -> CacheResult<JsRequest> {
    let set = args.bytes(1, "setName")?;
    Ok(match op {
        "setAddElement" => js(
            SetAddElementRequest::new(cache, set, args.bytes(2, "element")?)
                .ttl(collection_ttl(options)?),
            success,
        ),
        "setAddElements" => js(
            SetAddElementsRequest::new(cache, set, args.bytes_list(2, "elements")?)
                .ttl(collection_ttl(options)?),
            success,
        ),
        "setFetch" => js(SetFetchRequest::new(cache, set), |r| match r {
            SetFetchResponse::Hit { values } => elements_hit(&values),
            SetFetchResponse::Miss => typed("Miss"),
        }),
        "setSample" => js(
            SetSampleRequest::new(cache, set, count(args, 2, "limit")?),
            |r| match r {
                SetSampleResponse::Hit { values } => elements_hit(&values),
                SetSampleResponse::Miss => typed("Miss"),
            },
        ),
        "setPop" => js(
            SetPopRequest::new(cache, set, count(args, 2, "count")?),
            |r| match r {
                SetPopResponse::Hit { values } => elements_hit(&values),
                SetPopResponse::Miss => typed("Miss"),
            },
        ),
        "setLength" => js(SetLengthRequest::new(cache, set), |r| match r {
            SetLengthResponse::Hit { length } => {
                Obj::typed("Hit").set("length", &length.into()).done()
            }
            SetLengthResponse::Miss => typed("Miss"),
        }),
        "setContainsElement" => js(
            SetContainsElementRequest::new(cache, set, args.bytes(2, "element")?),
            |r| match r {
                SetContainsElementResponse::Hit { contains } => Obj::typed("Hit")
                    .set("containsElement", &contains.into())
                    .done(),
                SetContainsElementResponse::Miss => typed("Miss"),
            },
        ),
        "setContainsElements" => js(
            SetContainsElementsRequest::new(cache, set, args.bytes_list(2, "elements")?),
            |r| match r {
                SetContainsElementsResponse::Hit { elements, contains } => Obj::typed("Hit")
                    .set("elements", &values_value(&elements))
                    .set("contains", &convert::array(contains, JsValue::from))
                    .done(),
                SetContainsElementsResponse::Miss => typed("Miss"),
            },
        ),
        "setRemoveElement" => js(
            SetRemoveElementRequest::new(cache, set, args.bytes(2, "element")?),
            success,
        ),
        "setRemoveElements" => js(
            SetRemoveElementsRequest::new(cache, set, args.bytes_list(2, "elements")?),
            success,
        ),
        _ => return Err(unknown()),
    })
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
fn score_bound(options: &JsValue, name: &str) -> CacheResult<ScoreBound> {
    let value = convert::member(options, name)?;
    if value.is_undefined() || value.is_null() {
        return Ok(ScoreBound::Unbounded);
    }
    convert::number(name, &value).map(ScoreBound::Inclusive)
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
        SortedSetFetchResponse::Hit { elements } => Obj::typed("Hit")
            .set("elements", &scored_value(&elements))
            .done(),
        SortedSetFetchResponse::Miss => typed("Miss"),
    }
}

fn sorted_set(op: &str, cache: String, args: &Args, options: &JsValue) -> CacheResult<JsRequest> {
    let sorted_set = args.bytes(1, "sortedSetName")?;
    Ok(match op {
        "sortedSetPutElement" => {
            let score = convert::number("score", &args.at(3))?;
            js(
                SortedSetPutElementRequest::new(cache, sorted_set, args.bytes(2, "value")?, score)
                    .ttl(collection_ttl(options)?),
                success,
            )
        }
        "sortedSetPutElements" => {
            let elements =
                convert::pairs("elements", &args.at(2), |v| convert::number("elements", v))?;
            js(
                SortedSetPutElementsRequest::new(cache, sorted_set, elements)
                    .ttl(collection_ttl(options)?),
                success,
            )
        }
        "sortedSetFetchByRank" => js(
            SortedSetFetchByRankRequest::new(cache, sorted_set)
                .order(order(options)?)
                .start_rank(option_integer(options, "startRank")?)
                .end_rank(option_integer(options, "endRank")?),
            fetched,
        ),
        "sortedSetFetchByScore" => js(
            SortedSetFetchByScoreRequest::new(cache, sorted_set)
                .order(order(options)?)
                .min_score(score_bound(options, "minScore")?)
                .max_score(score_bound(options, "maxScore")?)
                .offset(option_size(options, "offset")?)
                .count(option_size(options, "count")?),
            fetched,
        ),
        "sortedSetGetRank" => js(
            SortedSetGetRankRequest::new(cache, sorted_set, args.bytes(2, "value")?)
                .order(order(options)?),
            |r| match r {
                SortedSetGetRankResponse::Hit { rank } => {
                    Obj::typed("Hit").set("rank", &(rank as f64).into()).done()
                }
                SortedSetGetRankResponse::Miss => typed("Miss"),
            },
        ),
        "sortedSetGetScore" => {
            let value = args.bytes(2, "value")?;
            let value_js = value.clone();
            js(
                SortedSetGetScoreRequest::new(cache, sorted_set, value),
                move |r| {
                    let answer = score_value(&r);
                    let _ = js_sys::Reflect::set(
                        &answer,
                        &"value".into(),
                        &convert::bytes_value(&value_js),
                    );
                    answer
                },
            )
        }
        "sortedSetGetScores" => js(
            SortedSetGetScoresRequest::new(cache, sorted_set, args.bytes_list(2, "values")?),
            |r| match r {
                SortedSetGetScoresResponse::Hit { values, responses } => Obj::typed("Hit")
                    .set("values", &values_value(&values))
                    .set("responses", &convert::array(&responses, score_value))
                    .done(),
                SortedSetGetScoresResponse::Miss => typed("Miss"),
            },
        ),
        "sortedSetIncrementScore" => {
            let amount = match args.at(3) {
                v if v.is_undefined() || v.is_null() => 1.0,
                v => convert::number("amount", &v)?,
            };
            js(
                SortedSetIncrementScoreRequest::new(
                    cache,
                    sorted_set,
                    args.bytes(2, "value")?,
                    amount,
                )
                .ttl(collection_ttl(options)?),
                |r| Obj::typed("Success").set("score", &r.score.into()).done(),
            )
        }
        "sortedSetRemoveElement" => js(
            SortedSetRemoveElementRequest::new(cache, sorted_set, args.bytes(2, "value")?),
            success,
        ),
        "sortedSetRemoveElements" => js(
            SortedSetRemoveElementsRequest::new(cache, sorted_set, args.bytes_list(2, "values")?),
            success,
        ),
        "sortedSetLength" => js(
            SortedSetLengthRequest::new(cache, sorted_set),
            |r| match r {
                SortedSetLengthResponse::Hit { length } => {
                    Obj::typed("Hit").set("length", &length.into()).done()
                }
                SortedSetLengthResponse::Miss => typed("Miss"),
            },
        ),
        "sortedSetLengthByScore" => js(
            SortedSetLengthByScoreRequest::new(cache, sorted_set)
                .min_score(score_bound(options, "minScore")?)
                .max_score(score_bound(options, "maxScore")?),
            |r| match r {
                SortedSetLengthByScoreResponse::Hit { length } => {
                    Obj::typed("Hit").set("length", &length.into()).done()
                }
                SortedSetLengthByScoreResponse::Miss => typed("Miss"),
            },
        ),
        "sortedSetUnionStore" => {
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
            let ttl: Option<Duration> = collection_ttl(options)?.ttl();
            js(
                SortedSetUnionStoreRequest::new(cache, sorted_set, sources)
                    .aggregate(aggregate)
                    .ttl(ttl),
                |r| Obj::typed("Success").set("length", &r.length.into()).done(),
            )
        }
        _ => return Err(unknown()),
    })
}
