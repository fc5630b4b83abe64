//! The dictionary family for JavaScript (`cache::dictionary`).

use js_sys::Array;
use wasm_bindgen::JsValue;

use super::collection::{collection_ttl, length_hit};
use super::convert::{self, Obj, typed};
use super::operations::family;
use super::request::{hit_bytes, js, success};
use crate::cache::*;

family! {
    "dictionary";
    let (cache, dictionary) = |a| (a.cache()?, a.bytes(1, "dictionaryName")?);
    "dictionaryFetch", "CacheDictionaryFetch", 2 => |_, _| {
        Ok(js(DictionaryFetchRequest::new(cache, dictionary), |r| match r {
            DictionaryFetchResponse::Hit { value } => {
                let pairs = convert::array(value.items(), |(k, v)| {
                    Array::of2(&convert::bytes_value(k), &convert::bytes_value(v)).into()
                });
                Obj::typed("Hit").set("items", &pairs).done()
            }
            DictionaryFetchResponse::Miss => typed("Miss"),
        }))
    },
    "dictionaryGetField", "CacheDictionaryGetField", 3 => |a, _| {
        let field = a.bytes(2, "field")?;
        let field_js = field.clone();
        let request = DictionaryGetFieldRequest::new(cache, dictionary, field);
        Ok(js(request, move |r| {
            let answer = match &r {
                DictionaryGetFieldResponse::Hit { value } => {
                    Obj::typed("Hit").set("value", &convert::bytes_value(value.as_bytes()))
                }
                DictionaryGetFieldResponse::Miss => Obj::typed("Miss"),
            };
            answer.set("field", &convert::bytes_value(&field_js)).done()
        }))
    },
    "dictionaryGetFields", "CacheDictionaryGetFields", 3 => |a, _| {
        let fields = a.bytes_list(2, "fields")?;
        Ok(js(DictionaryGetFieldsRequest::new(cache, dictionary, fields), |r| match r {
            DictionaryGetFieldsResponse::Hit { fields, responses } => Obj::typed("Hit")
                .set("fields", &convert::array(&fields, |f| convert::bytes_value(f)))
                .set("responses", &convert::array(&responses, field_value))
                .done(),
            DictionaryGetFieldsResponse::Miss => typed("Miss"),
        }))
    },
    "dictionarySetField", "CacheDictionarySetField", 4 => |a, o| {
        let (field, value) = (a.bytes(2, "field")?, a.bytes(3, "value")?);
        let request = DictionarySetFieldRequest::new(cache, dictionary, field, value);
        Ok(js(request.ttl(collection_ttl(o)?), success))
    },
    "dictionarySetFields", "CacheDictionarySetFields", 3 => |a, o| {
        let elements = convert::pairs("elements", &a.at(2), |v| convert::bytes("elements", v))?;
        let request = DictionarySetFieldsRequest::new(cache, dictionary, elements);
        Ok(js(request.ttl(collection_ttl(o)?), success))
    },
    "dictionaryIncrement", "CacheDictionaryIncrement", 4 => |a, o| {
        let amount = convert::integer("amount", &a.at(3), Some(1))?;
        let field = a.bytes(2, "field")?;
        let request = DictionaryIncrementRequest::new(cache, dictionary, field, amount);
        Ok(js(request.ttl(collection_ttl(o)?), |r| {
            Obj::typed("Success").set("value", &(r.value as f64).into()).done()
        }))
    },
    "dictionaryRemoveField", "CacheDictionaryRemoveField", 3 => |a, _| {
        let field = a.bytes(2, "field")?;
        Ok(js(DictionaryRemoveFieldRequest::new(cache, dictionary, field), success))
    },
    "dictionaryRemoveFields", "CacheDictionaryRemoveFields", 3 => |a, _| {
        let fields = a.bytes_list(2, "fields")?;
        Ok(js(DictionaryRemoveFieldsRequest::new(cache, dictionary, fields), success))
    },
    "dictionaryLength", "CacheDictionaryLength", 2 => |_, _| {
        Ok(js(DictionaryLengthRequest::new(cache, dictionary), |r| match r {
            DictionaryLengthResponse::Hit { length } => length_hit(length),
            DictionaryLengthResponse::Miss => typed("Miss"),
        }))
    },
}

fn field_value(response: &DictionaryGetFieldResponse) -> JsValue {
    match response {
        DictionaryGetFieldResponse::Hit { value } => hit_bytes(value.as_bytes()),
        DictionaryGetFieldResponse::Miss => typed("Miss"),
    }
}
