//! The scalar family for JavaScript (`cache::scalar`): plain, conditional, hash-conditional
//! and batched reads and writes, counters, existence, type and TTL. The `type` strings are
//! the official SDKs' response classes (`Hit`, `Miss`, `Success`, `Stored`, ...).

use std::time::Duration;

use wasm_bindgen::JsValue;

use super::convert::{self, Obj, typed};
use super::operations::family;
use super::request::{Args, JsRequest, hit_bytes, js, success};
use crate::cache::*;
use crate::error::CacheResult;

family! {
    "scalar";
    let cache = |a| a.cache()?;
    "get", "CacheGet", 2 => |a, _| get(cache, a),
    "set", "CacheSet", 3 => |a, o| set(cache, a, o),
    "delete", "CacheDelete", 2 => |a, _| delete(cache, a),
    "increment", "CacheIncrement", 3 => |a, o| increment(cache, a, o),
    "setIfNotExists", "CacheSetIfNotExists", 3 => |a, o| {
        set_if(cache, a, o, SetIfCondition::Absent)
    },
    "setIfAbsent", "CacheSetIfAbsent", 3 => |a, o| set_if(cache, a, o, SetIfCondition::Absent),
    "setIfPresent", "CacheSetIfPresent", 3 => |a, o| set_if(cache, a, o, SetIfCondition::Present),
    "setIfEqual", "CacheSetIfEqual", 4 => |a, o| {
        set_if(cache, a, o, SetIfCondition::Equal(a.bytes(3, "equal")?))
    },
    "setIfNotEqual", "CacheSetIfNotEqual", 4 => |a, o| {
        set_if(cache, a, o, SetIfCondition::NotEqual(a.bytes(3, "notEqual")?))
    },
    "setIfPresentAndNotEqual", "CacheSetIfPresentAndNotEqual", 4 => |a, o| {
        set_if(cache, a, o, SetIfCondition::PresentAndNotEqual(a.bytes(3, "notEqual")?))
    },
    "setIfAbsentOrEqual", "CacheSetIfAbsentOrEqual", 4 => |a, o| {
        set_if(cache, a, o, SetIfCondition::AbsentOrEqual(a.bytes(3, "equal")?))
    },
    "getBatch", "CacheGetBatch", 2 => |a, _| get_batch(cache, a),
    "setBatch", "CacheSetBatch", 2 => |a, o| set_batch(cache, a, o),
    "keyExists", "CacheKeyExists", 2 => |a, _| key_exists(cache, a),
    "keysExist", "CacheKeysExist", 2 => |a, _| keys_exist(cache, a),
    "itemGetType", "CacheItemGetType", 2 => |a, _| item_get_type(cache, a),
    "itemGetTtl", "CacheItemGetTtl", 2 => |a, _| item_get_ttl(cache, a),
    "updateTtl", "CacheUpdateTtl", 3 => |a, _| update_ttl(cache, a, TtlUpdate::Overwrite),
    "increaseTtl", "CacheIncreaseTtl", 3 => |a, _| update_ttl(cache, a, TtlUpdate::IncreaseTo),
    "decreaseTtl", "CacheDecreaseTtl", 3 => |a, _| update_ttl(cache, a, TtlUpdate::DecreaseTo),
    "getWithHash", "CacheGetWithHash", 2 => |a, _| get_with_hash(cache, a),
    "setWithHash", "CacheSetWithHash", 3 => |a, o| {
        set_if_hash(cache, a, o, SetIfHashCondition::Unconditional)
    },
    "setIfPresentAndHashEqual", "CacheSetIfPresentAndHashEqual", 4 => |a, o| {
        let hash = a.bytes(3, "hashEqual")?;
        set_if_hash(cache, a, o, SetIfHashCondition::PresentAndHashEqual(hash))
    },
    "setIfPresentAndHashNotEqual", "CacheSetIfPresentAndHashNotEqual", 4 => |a, o| {
        let hash = a.bytes(3, "hashNotEqual")?;
        set_if_hash(cache, a, o, SetIfHashCondition::PresentAndNotHashEqual(hash))
    },
    "setIfAbsentOrHashEqual", "CacheSetIfAbsentOrHashEqual", 4 => |a, o| {
        let hash = a.bytes(3, "hashEqual")?;
        set_if_hash(cache, a, o, SetIfHashCondition::AbsentOrHashEqual(hash))
    },
    "setIfAbsentOrHashNotEqual", "CacheSetIfAbsentOrHashNotEqual", 4 => |a, o| {
        let hash = a.bytes(3, "hashNotEqual")?;
        set_if_hash(cache, a, o, SetIfHashCondition::AbsentOrNotHashEqual(hash))
    },
}

/// The `ttl` option of scalar writes, in seconds.
fn ttl(options: &JsValue) -> CacheResult<Option<Duration>> {
    convert::seconds("ttl", &convert::member(options, "ttl")?)
}

fn get_value(response: GetResponse) -> JsValue {
    match response {
        GetResponse::Hit { value } => hit_bytes(value.as_bytes()),
        GetResponse::Miss => typed("Miss"),
    }
}

fn outcome_value<T>(outcome: CacheResult<T>, ok: impl FnOnce(T) -> JsValue) -> JsValue {
    outcome.map_or_else(|e| convert::error_value(&e), ok)
}

fn keys_value(keys: &[Vec<u8>]) -> JsValue {
    convert::array(keys, |k| convert::bytes_value(k))
}

fn get(cache: String, args: &Args) -> CacheResult<JsRequest> {
    Ok(js(GetRequest::new(cache, args.bytes(1, "key")?), get_value))
}

fn set(cache: String, args: &Args, options: &JsValue) -> CacheResult<JsRequest> {
    let request = SetRequest::new(cache, args.bytes(1, "key")?, args.bytes(2, "value")?);
    Ok(js(request.ttl(ttl(options)?), success))
}

fn delete(cache: String, args: &Args) -> CacheResult<JsRequest> {
    Ok(js(
        DeleteRequest::new(cache, args.bytes(1, "key")?),
        success,
    ))
}

fn increment(cache: String, args: &Args, options: &JsValue) -> CacheResult<JsRequest> {
    let amount = convert::integer("amount", &args.at(2), Some(1))?;
    let request = IncrementRequest::new(cache, args.bytes(1, "field")?, amount);
    Ok(js(request.ttl(ttl(options)?), |r| {
        Obj::typed("Success")
            .set("value", &(r.value as f64).into())
            .done()
    }))
}

fn set_if(
    cache: String,
    args: &Args,
    options: &JsValue,
    condition: SetIfCondition,
) -> CacheResult<JsRequest> {
    let request = SetIfRequest::new(
        cache,
        args.bytes(1, "key")?,
        args.bytes(2, "value")?,
        condition,
    );
    Ok(js(request.ttl(ttl(options)?), |r| {
        typed(match r {
            SetIfResponse::Stored => "Stored",
            SetIfResponse::NotStored => "NotStored",
        })
    }))
}

fn get_batch(cache: String, args: &Args) -> CacheResult<JsRequest> {
    let request = GetBatchRequest::new(cache, args.bytes_list(1, "keys")?);
    Ok(js(request, |response| {
        let keys = convert::array(&response.results, |(key, _)| convert::bytes_value(key));
        let results = convert::array(response.results, |(_, outcome)| {
            outcome_value(outcome, get_value)
        });
        Obj::typed("Success")
            .set("results", &results)
            .set("keys", &keys)
            .done()
    }))
}

fn set_batch(cache: String, args: &Args, options: &JsValue) -> CacheResult<JsRequest> {
    let items = convert::batch_items("items", &args.at(1))?;
    let request = SetBatchRequest::with_item_ttls(cache, items).ttl(ttl(options)?);
    Ok(js(request, |response| {
        let results = convert::array(response.results, |(_, outcome)| {
            outcome_value(outcome, success)
        });
        Obj::typed("Success").set("results", &results).done()
    }))
}

/// An array of one flag, as the official `CacheKeyExists.Success` is constructed.
fn key_exists(cache: String, args: &Args) -> CacheResult<JsRequest> {
    let request = KeyExistsRequest::new(cache, args.bytes(1, "key")?);
    Ok(js(request, |r| {
        Obj::typed("Success")
            .set("exists", &convert::array([r.exists], JsValue::from))
            .done()
    }))
}

fn keys_exist(cache: String, args: &Args) -> CacheResult<JsRequest> {
    let keys = args.bytes_list(1, "keys")?;
    let key_values = keys.clone();
    Ok(js(KeysExistRequest::new(cache, keys), move |r| {
        Obj::typed("Success")
            .set("exists", &convert::array(r.exists, JsValue::from))
            .set("keys", &keys_value(&key_values))
            .done()
    }))
}

fn item_get_type(cache: String, args: &Args) -> CacheResult<JsRequest> {
    let request = ItemGetTypeRequest::new(cache, args.bytes(1, "key")?);
    Ok(js(request, |r| match r {
        // The official SDKs' `ItemType` enum values.
        ItemGetTypeResponse::Hit { key_type } => Obj::typed("Hit")
            .set(
                "itemType",
                &match key_type {
                    ItemType::Scalar => 0,
                    ItemType::Dictionary => 1,
                    ItemType::List => 2,
                    ItemType::Set => 3,
                    ItemType::SortedSet => 4,
                }
                .into(),
            )
            .done(),
        ItemGetTypeResponse::Miss => typed("Miss"),
    }))
}

fn item_get_ttl(cache: String, args: &Args) -> CacheResult<JsRequest> {
    let request = ItemGetTtlRequest::new(cache, args.bytes(1, "key")?);
    Ok(js(request, |r| match r {
        ItemGetTtlResponse::Hit { remaining_ttl } => Obj::typed("Hit")
            .set(
                "remainingTtlMillis",
                &(remaining_ttl.as_millis() as f64).into(),
            )
            .done(),
        ItemGetTtlResponse::Miss => typed("Miss"),
    }))
}

fn update_ttl(
    cache: String,
    args: &Args,
    update: fn(Duration) -> TtlUpdate,
) -> CacheResult<JsRequest> {
    let ttl = convert::millis("ttlMilliseconds", &args.at(2))?;
    let request = TtlChangeRequest::new(cache, args.bytes(1, "key")?, update(ttl));
    Ok(js(request, |r| {
        typed(match r {
            TtlChange::Set => "Set",
            TtlChange::NotSet => "NotSet",
            TtlChange::Miss => "Miss",
        })
    }))
}

fn get_with_hash(cache: String, args: &Args) -> CacheResult<JsRequest> {
    let request = GetWithHashRequest::new(cache, args.bytes(1, "key")?);
    Ok(js(request, |r| match r {
        GetWithHashResponse::Hit { value, hash } => Obj::typed("Hit")
            .set("value", &convert::bytes_value(value.as_bytes()))
            .set("hash", &convert::bytes_value(&hash))
            .done(),
        GetWithHashResponse::Miss => typed("Miss"),
    }))
}

fn set_if_hash(
    cache: String,
    args: &Args,
    options: &JsValue,
    condition: SetIfHashCondition,
) -> CacheResult<JsRequest> {
    let request = SetIfHashRequest::new(
        cache,
        args.bytes(1, "key")?,
        args.bytes(2, "value")?,
        condition,
    );
    Ok(js(request.ttl(ttl(options)?), |r| match r {
        SetIfHashResponse::Stored { new_hash } => Obj::typed("Stored")
            .set("hash", &convert::bytes_value(&new_hash))
            .done(),
        SetIfHashResponse::NotStored => typed("NotStored"),
    }))
}
