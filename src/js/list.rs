//! The list family for JavaScript (`cache::list`).

use wasm_bindgen::JsValue;

use super::collection::{collection_ttl, length_hit, option_index, option_size, values_value};
use super::convert::{Obj, typed};
use super::operations::family;
use super::request::{hit_bytes, js, success};
use crate::cache::*;
use crate::error::CacheResult;

family! {
    "list";
    let (cache, list) = |a| (a.cache()?, a.bytes(1, "listName")?);
    "listFetch", "CacheListFetch", 2 => |_, o| {
        let request = ListFetchRequest::new(cache, list)
            .start_index(option_index(o, "startIndex", "start_index")?)
            .end_index(option_index(o, "endIndex", "end_index")?);
        Ok(js(request, |r| match r {
            ListFetchResponse::Hit { values } => {
                Obj::typed("Hit").set("values", &values_value(&values)).done()
            }
            ListFetchResponse::Miss => typed("Miss"),
        }))
    },
    "listLength", "CacheListLength", 2 => |_, _| {
        Ok(js(ListLengthRequest::new(cache, list), |r| match r {
            ListLengthResponse::Hit { length } => length_hit(length),
            ListLengthResponse::Miss => typed("Miss"),
        }))
    },
    "listPushFront", "CacheListPushFront", 3 => |a, o| {
        let request = ListPushFrontRequest::new(cache, list, a.bytes(2, "value")?)
            .truncate_back_to_size(truncate_back(o)?)
            .ttl(collection_ttl(o)?);
        Ok(js(request, |r| length_value(r.list_length)))
    },
    "listPushBack", "CacheListPushBack", 3 => |a, o| {
        let request = ListPushBackRequest::new(cache, list, a.bytes(2, "value")?)
            .truncate_front_to_size(truncate_front(o)?)
            .ttl(collection_ttl(o)?);
        Ok(js(request, |r| length_value(r.list_length)))
    },
    "listConcatenateBack", "CacheListConcatenateBack", 3 => |a, o| {
        let request = ListConcatenateBackRequest::new(cache, list, a.bytes_list(2, "values")?)
            .truncate_front_to_size(truncate_front(o)?)
            .ttl(collection_ttl(o)?);
        Ok(js(request, |r| length_value(r.list_length)))
    },
    "listConcatenateFront", "CacheListConcatenateFront", 3 => |a, o| {
        let request = ListConcatenateFrontRequest::new(cache, list, a.bytes_list(2, "values")?)
            .truncate_back_to_size(truncate_back(o)?)
            .ttl(collection_ttl(o)?);
        Ok(js(request, |r| length_value(r.list_length)))
    },
    "listPopBack", "CacheListPopBack", 2 => |_, _| {
        Ok(js(ListPopBackRequest::new(cache, list), |r| match r {
            ListPopBackResponse::Hit { value, .. } => hit_bytes(value.as_bytes()),
            ListPopBackResponse::Miss => typed("Miss"),
        }))
    },
    "listPopFront", "CacheListPopFront", 2 => |_, _| {
        Ok(js(ListPopFrontRequest::new(cache, list), |r| match r {
            ListPopFrontResponse::Hit { value, .. } => hit_bytes(value.as_bytes()),
            ListPopFrontResponse::Miss => typed("Miss"),
        }))
    },
    // The official SDKs answer Success whether or not the list existed.
    "listRemoveValue", "CacheListRemoveValue", 3 => |a, _| {
        Ok(js(ListRemoveValueRequest::new(cache, list, a.bytes(2, "value")?), success))
    },
    "listRetain", "CacheListRetain", 2 => |_, o| {
        let request = ListRetainRequest::new(cache, list)
            .start_index(option_index(o, "startIndex", "start_index")?)
            .end_index(option_index(o, "endIndex", "end_index")?)
            .ttl(collection_ttl(o)?);
        Ok(js(request, success))
    },
}

fn truncate_front(options: &JsValue) -> CacheResult<Option<u32>> {
    truncate_size(options, "truncateFrontToSize")
}

fn truncate_back(options: &JsValue) -> CacheResult<Option<u32>> {
    truncate_size(options, "truncateBackToSize")
}

/// A truncation size: the Rust API takes a `u32`, as the `momento` crate does.
fn truncate_size(options: &JsValue, name: &str) -> CacheResult<Option<u32>> {
    option_size(options, name)?
        .map(|size| fit_u32(name, size))
        .transpose()
}

fn length_value(length: u32) -> JsValue {
    Obj::typed("Success")
        .set("listLength", &length.into())
        .done()
}
