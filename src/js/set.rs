//! The set family for JavaScript (`cache::set`).

use wasm_bindgen::JsValue;

use super::collection::{collection_ttl, count, length_hit, values_value};
use super::convert::{self, Obj, typed};
use super::operations::family;
use super::request::{js, success};
use crate::cache::*;

family! {
    "set";
    let (cache, set) = |a| (a.cache()?, a.bytes(1, "setName")?);
    "setAddElement", "CacheSetAddElement", 3 => |a, o| {
        let request = SetAddElementRequest::new(cache, set, a.bytes(2, "element")?);
        Ok(js(request.ttl(collection_ttl(o)?), success))
    },
    "setAddElements", "CacheSetAddElements", 3 => |a, o| {
        let request = SetAddElementsRequest::new(cache, set, a.bytes_list(2, "elements")?);
        Ok(js(request.ttl(collection_ttl(o)?), success))
    },
    "setFetch", "CacheSetFetch", 2 => |_, _| {
        Ok(js(SetFetchRequest::new(cache, set), |r| match r {
            SetFetchResponse::Hit { values } => elements_hit(&values),
            SetFetchResponse::Miss => typed("Miss"),
        }))
    },
    "setContainsElement", "CacheSetContainsElement", 3 => |a, _| {
        let request = SetContainsElementRequest::new(cache, set, a.bytes(2, "element")?);
        Ok(js(request, |r| match r {
            SetContainsElementResponse::Hit { contains } => {
                Obj::typed("Hit").set("containsElement", &contains.into()).done()
            }
            SetContainsElementResponse::Miss => typed("Miss"),
        }))
    },
    "setContainsElements", "CacheSetContainsElements", 3 => |a, _| {
        let request = SetContainsElementsRequest::new(cache, set, a.bytes_list(2, "elements")?);
        Ok(js(request, |r| match r {
            SetContainsElementsResponse::Hit { elements, contains } => Obj::typed("Hit")
                .set("elements", &values_value(&elements))
                .set("contains", &convert::array(contains, JsValue::from))
                .done(),
            SetContainsElementsResponse::Miss => typed("Miss"),
        }))
    },
    "setRemoveElement", "CacheSetRemoveElement", 3 => |a, _| {
        Ok(js(SetRemoveElementRequest::new(cache, set, a.bytes(2, "element")?), success))
    },
    "setRemoveElements", "CacheSetRemoveElements", 3 => |a, _| {
        let elements = a.bytes_list(2, "elements")?;
        Ok(js(SetRemoveElementsRequest::new(cache, set, elements), success))
    },
    "setSample", "CacheSetSample", 3 => |a, _| {
        Ok(js(SetSampleRequest::new(cache, set, count(a, 2, "limit")?), |r| match r {
            SetSampleResponse::Hit { values } => elements_hit(&values),
            SetSampleResponse::Miss => typed("Miss"),
        }))
    },
    "setPop", "CacheSetPop", 3 => |a, _| {
        Ok(js(SetPopRequest::new(cache, set, count(a, 2, "count")?), |r| match r {
            SetPopResponse::Hit { values } => elements_hit(&values),
            SetPopResponse::Miss => typed("Miss"),
        }))
    },
    "setLength", "CacheSetLength", 2 => |_, _| {
        Ok(js(SetLengthRequest::new(cache, set), |r| match r {
            SetLengthResponse::Hit { length } => length_hit(length),
            SetLengthResponse::Miss => typed("Miss"),
        }))
    },
}

fn elements_hit(values: &[Vec<u8>]) -> JsValue {
    Obj::typed("Hit")
        .set("elements", &values_value(values))
        .done()
}
