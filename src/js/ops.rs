//! Every operation JavaScript can invoke: its arguments checked, the Rust request built, and
//! the way its answer becomes `{type, ...}`. The `type` strings are the official SDKs'
//! response classes (`Hit`, `Miss`, `Success`, `Stored`, ...); the JavaScript wrapper maps them
//! onto its `CacheGet.Hit`-style classes.
//!
//! Each operation only *builds* a [`JsRequest`], synchronously; one `send_request` call then
//! sends whichever it is. That keeps a single copy of the call path in the `.wasm` instead of
//! one async state machine per operation.

use std::time::Duration;

use js_sys::Array;
use wasm_bindgen::JsValue;

use super::convert::{self, Obj, typed};
use crate::cache::*;
use crate::error::{CacheError, CacheResult};

/// Prepares a request whose answer is already converted to JavaScript.
type PrepareJs = Box<dyn FnOnce(&RequestDefaults) -> CacheResult<Prepared<JsValue>>>;

/// One operation ready to send: its request prepared, its answer converted to JavaScript.
pub(super) struct JsRequest(PrepareJs);

impl MomentoRequest for JsRequest {
    type Response = JsValue;

    fn prepare(self, defaults: &RequestDefaults) -> CacheResult<Prepared<JsValue>> {
        (self.0)(defaults)
    }
}

/// `request`, whose answer `to_js` converts.
pub(super) fn js<R>(
    request: R,
    to_js: impl FnOnce(R::Response) -> JsValue + Send + 'static,
) -> JsRequest
where
    R: MomentoRequest + 'static,
    R::Response: 'static,
{
    JsRequest(Box::new(move |defaults| {
        Ok(request.prepare(defaults)?.map(to_js))
    }))
}

/// `{type: "Success"}` whatever the answer.
pub(super) fn success<T>(_: T) -> JsValue {
    typed("Success")
}

/// Positional arguments, read one by one with their official names.
pub(super) struct Args(pub(super) Array);

impl Args {
    pub(super) fn at(&self, index: u32) -> JsValue {
        self.0.get(index)
    }

    pub(super) fn cache(&self) -> CacheResult<String> {
        convert::string("cacheName", &self.at(0))
    }

    pub(super) fn bytes(&self, index: u32, name: &str) -> CacheResult<Vec<u8>> {
        convert::bytes(name, &self.at(index))
    }

    pub(super) fn bytes_list(&self, index: u32, name: &str) -> CacheResult<Vec<Vec<u8>>> {
        convert::bytes_list(name, &self.at(index))
    }
}

/// The `ttl` option of scalar writes, in seconds.
fn ttl(options: &JsValue) -> CacheResult<Option<Duration>> {
    convert::seconds("ttl", &convert::member(options, "ttl")?)
}

pub(super) fn hit_bytes(value: &[u8]) -> JsValue {
    Obj::typed("Hit")
        .set("value", &convert::bytes_value(value))
        .done()
}

fn get_value(response: GetResponse) -> JsValue {
    match response {
        GetResponse::Hit { value } => hit_bytes(value.as_bytes()),
        GetResponse::Miss => typed("Miss"),
    }
}

fn set_if_value(response: SetIfResponse) -> JsValue {
    typed(match response {
        SetIfResponse::Stored => "Stored",
        SetIfResponse::NotStored => "NotStored",
    })
}

fn outcome_value<T>(outcome: CacheResult<T>, ok: impl FnOnce(T) -> JsValue) -> JsValue {
    outcome.map_or_else(|e| convert::error_value(&e), ok)
}

fn keys_value(keys: &[Vec<u8>]) -> JsValue {
    convert::array(keys, |k| convert::bytes_value(k))
}

/// The condition of each `setIf*` operation, from its compared value (argument 3).
fn set_if_condition(op: &str, args: &Args) -> CacheResult<SetIfCondition> {
    Ok(match op {
        "setIfAbsent" | "setIfNotExists" => SetIfCondition::Absent,
        "setIfPresent" => SetIfCondition::Present,
        "setIfEqual" => SetIfCondition::Equal(args.bytes(3, "equal")?),
        "setIfNotEqual" => SetIfCondition::NotEqual(args.bytes(3, "notEqual")?),
        "setIfPresentAndNotEqual" => SetIfCondition::PresentAndNotEqual(args.bytes(3, "notEqual")?),
        _ => SetIfCondition::AbsentOrEqual(args.bytes(3, "equal")?),
    })
}

/// Builds operation `op`. Unknown operations and bad arguments are `INVALID_ARGUMENT_ERROR`s.
pub(super) fn request(op: &str, args: &Args, options: &JsValue) -> CacheResult<JsRequest> {
    // Every operation's last argument is an optional options object; anything else is a
    // mistake worth naming even for operations that read no option.
    if !(options.is_undefined() || options.is_null() || options.is_object()) {
        return Err(CacheError::invalid_argument(
            "options",
            "must be an object when given",
        ));
    }
    Ok(match op {
        "get" => js(
            GetRequest::new(args.cache()?, args.bytes(1, "key")?),
            get_value,
        ),
        "set" => js(
            SetRequest::new(
                args.cache()?,
                args.bytes(1, "key")?,
                args.bytes(2, "value")?,
            )
            .ttl(ttl(options)?),
            success,
        ),
        "delete" => js(
            DeleteRequest::new(args.cache()?, args.bytes(1, "key")?),
            success,
        ),
        "increment" => {
            let amount = convert::integer("amount", &args.at(2), Some(1))?;
            let request = IncrementRequest::new(args.cache()?, args.bytes(1, "field")?, amount);
            js(request.ttl(ttl(options)?), |r| {
                Obj::typed("Success")
                    .set("value", &(r.value as f64).into())
                    .done()
            })
        }
        "setIfAbsent"
        | "setIfNotExists"
        | "setIfPresent"
        | "setIfEqual"
        | "setIfNotEqual"
        | "setIfPresentAndNotEqual"
        | "setIfAbsentOrEqual" => js(
            SetIfRequest::new(
                args.cache()?,
                args.bytes(1, "key")?,
                args.bytes(2, "value")?,
                set_if_condition(op, args)?,
            )
            .ttl(ttl(options)?),
            set_if_value,
        ),
        "getBatch" => js(
            GetBatchRequest::new(args.cache()?, args.bytes_list(1, "keys")?),
            |response| {
                let keys = convert::array(&response.results, |(key, _)| convert::bytes_value(key));
                let results = convert::array(response.results, |(_, outcome)| {
                    outcome_value(outcome, get_value)
                });
                Obj::typed("Success")
                    .set("results", &results)
                    .set("keys", &keys)
                    .done()
            },
        ),
        "setBatch" => {
            let items = convert::pairs("items", &args.at(1), |v| convert::bytes("items", v))?;
            js(
                SetBatchRequest::new(args.cache()?, items).ttl(ttl(options)?),
                |response| {
                    let results = convert::array(response.results, |(_, outcome)| {
                        outcome_value(outcome, success)
                    });
                    Obj::typed("Success").set("results", &results).done()
                },
            )
        }
        // An array of one flag, as the official `CacheKeyExists.Success` is constructed.
        "keyExists" => js(
            KeyExistsRequest::new(args.cache()?, args.bytes(1, "key")?),
            |r| {
                Obj::typed("Success")
                    .set("exists", &convert::array([r.exists], JsValue::from))
                    .done()
            },
        ),
        "keysExist" => {
            let keys = args.bytes_list(1, "keys")?;
            let key_values = keys.clone();
            js(KeysExistRequest::new(args.cache()?, keys), move |r| {
                Obj::typed("Success")
                    .set("exists", &convert::array(r.exists, JsValue::from))
                    .set("keys", &keys_value(&key_values))
                    .done()
            })
        }
        "itemGetType" => js(
            ItemGetTypeRequest::new(args.cache()?, args.bytes(1, "key")?),
            |r| match r {
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
            },
        ),
        "itemGetTtl" => js(
            ItemGetTtlRequest::new(args.cache()?, args.bytes(1, "key")?),
            |r| match r {
                ItemGetTtlResponse::Hit { remaining_ttl } => Obj::typed("Hit")
                    .set(
                        "remainingTtlMillis",
                        &(remaining_ttl.as_millis() as f64).into(),
                    )
                    .done(),
                ItemGetTtlResponse::Miss => typed("Miss"),
            },
        ),
        "updateTtl" | "increaseTtl" | "decreaseTtl" => {
            let ttl = convert::millis("ttlMilliseconds", &args.at(2))?;
            let update = match op {
                "updateTtl" => TtlUpdate::Overwrite(ttl),
                "increaseTtl" => TtlUpdate::IncreaseTo(ttl),
                _ => TtlUpdate::DecreaseTo(ttl),
            };
            js(
                UpdateTtlRequest::new(args.cache()?, args.bytes(1, "key")?, update),
                |r| {
                    typed(match r {
                        UpdateTtlResponse::Set => "Set",
                        UpdateTtlResponse::NotSet => "NotSet",
                        UpdateTtlResponse::Miss => "Miss",
                    })
                },
            )
        }
        "createCache" => js(CreateCacheRequest::new(args.cache()?), |r| {
            typed(match r {
                CreateCacheResponse::Created => "Success",
                CreateCacheResponse::AlreadyExists => "AlreadyExists",
            })
        }),
        "deleteCache" => js(DeleteCacheRequest::new(args.cache()?), success),
        "flushCache" => js(FlushCacheRequest::new(args.cache()?), success),
        "listCaches" => js(ListCachesRequest::new(), |r| {
            let names = convert::array(r.caches, |info| JsValue::from(info.name));
            Obj::typed("Success").set("caches", &names).done()
        }),
        "ping" => js(PingRequest::default(), success),
        op if ["dictionary", "list", "set", "sortedSet"]
            .iter()
            .any(|family| op.starts_with(family)) =>
        {
            super::collections::request(op, args, options)?
        }
        _ => {
            return Err(CacheError::invalid_argument(
                "operation",
                "is not one this client supports",
            ));
        }
    })
}
