//! Values crossing the JavaScript boundary: arguments checked into Rust types (a wrong type is
//! an `INVALID_ARGUMENT_ERROR` value, never a trap), and results built as plain objects.

use std::time::Duration;

use js_sys::{Array, JsString, Map, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};

use crate::error::{CacheError, CacheResult};
use crate::platform::js_bytes;

/// A plain object `{type, ...}` under construction.
pub(super) struct Obj(Object);

impl Obj {
    pub(super) fn new() -> Obj {
        Obj(Object::new())
    }

    pub(super) fn typed(type_: &str) -> Obj {
        Obj::new().set("type", &type_.into())
    }

    pub(super) fn set(self, key: &str, value: &JsValue) -> Obj {
        // Defining a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&self.0, &key.into(), value);
        self
    }

    pub(super) fn done(self) -> JsValue {
        self.0.into()
    }
}

/// `{type}` alone.
pub(super) fn typed(type_: &str) -> JsValue {
    Obj::typed(type_).done()
}

/// `{type: "Error", code, message, grpcCode?}`. `grpcCode` is the gRPC status behind the error,
/// when the service sent one. The message never holds the API key (see `credential.rs`).
pub(super) fn error_value(error: &CacheError) -> JsValue {
    let mut obj = Obj::typed("Error")
        .set("code", &error.error_code.as_str().into())
        .set("message", &error.message.as_str().into());
    if let Some(status) = &error.status {
        obj = obj.set("grpcCode", &status.code.into());
    }
    obj.done()
}

/// Bytes as a fresh `Uint8Array` (a copy out of wasm memory).
pub(super) fn bytes_value(bytes: &[u8]) -> JsValue {
    js_bytes::to_js(bytes).into()
}

/// An array of JavaScript values.
pub(super) fn array<T>(items: impl IntoIterator<Item = T>, f: impl Fn(T) -> JsValue) -> JsValue {
    items.into_iter().map(f).collect::<Array>().into()
}

fn is_absent(value: &JsValue) -> bool {
    value.is_undefined() || value.is_null()
}

/// A string argument.
pub(super) fn string(argument: &str, value: &JsValue) -> CacheResult<String> {
    text(argument, value)?.ok_or_else(|| CacheError::invalid_argument(argument, "must be a string"))
}

/// The UTF-8 of a JavaScript string, or `None` for a non-string. A string holding a lone
/// surrogate has no UTF-8 form: converting it would quietly turn the surrogate into U+FFFD,
/// so that two different keys would name the same item.
fn text(argument: &str, value: &JsValue) -> CacheResult<Option<String>> {
    let Some(string) = value.dyn_ref::<JsString>() else {
        return Ok(None);
    };
    let well_formed = is_well_formed(string).unwrap_or_else(|_| string.is_valid_utf16());
    if !well_formed {
        return Err(CacheError::invalid_argument(
            argument,
            "must be well-formed text, but holds a lone UTF-16 surrogate",
        ));
    }
    Ok(string.as_string())
}

#[wasm_bindgen]
extern "C" {
    /// `String.prototype.isWellFormed` (one native call); runtimes without it fall back to
    /// checking the code units from Rust.
    #[wasm_bindgen(catch, js_namespace = ["String", "prototype", "isWellFormed"], js_name = call)]
    fn is_well_formed(this: &JsString) -> Result<bool, JsValue>;
}

/// A key, value, field or element: a string (sent as UTF-8) or a `Uint8Array`.
pub(super) fn bytes(argument: &str, value: &JsValue) -> CacheResult<Vec<u8>> {
    if let Some(text) = text(argument, value)? {
        return Ok(text.into_bytes());
    }
    value
        .dyn_ref::<Uint8Array>()
        .map(js_bytes::from_js)
        .ok_or_else(|| CacheError::invalid_argument(argument, "must be a string or a Uint8Array"))
}

/// An array argument, element by element.
pub(super) fn list<T>(
    argument: &str,
    value: &JsValue,
    item: impl Fn(&JsValue) -> CacheResult<T>,
) -> CacheResult<Vec<T>> {
    if !Array::is_array(value) {
        return Err(CacheError::invalid_argument(argument, "must be an array"));
    }
    let array: &Array = value.unchecked_ref();
    array.iter().map(|v| item(&v)).collect()
}

/// An array of string or `Uint8Array` items.
pub(super) fn bytes_list(argument: &str, value: &JsValue) -> CacheResult<Vec<Vec<u8>>> {
    list(argument, value, |v| bytes(argument, v))
}

/// Key-value pairs as the official SDKs accept them: a `Map`, a record (a plain object), or an
/// array of `[key, value]` pairs or of `{key, value}` items.
pub(super) fn pairs<T>(
    argument: &str,
    value: &JsValue,
    second: impl Fn(&JsValue) -> CacheResult<T>,
) -> CacheResult<Vec<(Vec<u8>, T)>> {
    entries(argument, value)?
        .iter()
        .map(|(key, value, ttl)| {
            // Only `setBatch` items have a TTL of their own; one elsewhere would be lost.
            if !is_absent(ttl) {
                return Err(CacheError::invalid_argument(
                    argument,
                    "take no ttl per item",
                ));
            }
            Ok((bytes(argument, key)?, second(value)?))
        })
        .collect()
}

/// A `setBatch` item: key, value and the item's own TTL.
pub(super) type BatchItem = (Vec<u8>, Vec<u8>, Option<Duration>);

/// `setBatch` items: any form [`pairs`] accepts, where `{key, value, ttl}` items may carry a
/// TTL of their own in seconds, as in the official SDKs.
pub(super) fn batch_items(argument: &str, value: &JsValue) -> CacheResult<Vec<BatchItem>> {
    entries(argument, value)?
        .iter()
        .map(|(key, value, ttl)| {
            Ok((
                bytes(argument, key)?,
                bytes(argument, value)?,
                seconds("item ttl", ttl)?,
            ))
        })
        .collect()
}

/// The `[key, value, ttl]` entries of any form [`pairs`] accepts (one copy, whatever the
/// values); `ttl` is `undefined` but in `{key, value, ttl}` items.
fn entries(argument: &str, value: &JsValue) -> CacheResult<Vec<(JsValue, JsValue, JsValue)>> {
    let not_pairs = || {
        CacheError::invalid_argument(
            argument,
            "must be a Map, a record, or an array of [key, value] pairs or {key, value} items",
        )
    };
    let entries = if Array::is_array(value) {
        value.clone()
    } else if value.is_instance_of::<Map>() {
        array_from(value).map_err(|_| not_pairs())?
    } else if value.is_object() && !value.is_instance_of::<Uint8Array>() {
        object_entries(value).map_err(|_| not_pairs())?
    } else {
        return Err(not_pairs());
    };
    let entries: &Array = entries.unchecked_ref();
    entries
        .iter()
        .map(|entry| match entry.dyn_ref::<Array>() {
            Some(pair) if Array::is_array(pair) && pair.length() == 2 => {
                Ok((pair.get(0), pair.get(1), JsValue::UNDEFINED))
            }
            Some(_) => Err(not_pairs()),
            None if entry.is_object() => {
                let read = |name: &str| Reflect::get(&entry, &name.into()).map_err(|_| not_pairs());
                Ok((read("key")?, read("value")?, read("ttl")?))
            }
            None => Err(not_pairs()),
        })
        .collect()
}

#[wasm_bindgen]
extern "C" {
    /// `Array.from`, which can throw (a hostile iterator), so it is caught.
    #[wasm_bindgen(catch, js_namespace = Array, js_name = from)]
    fn array_from(value: &JsValue) -> Result<JsValue, JsValue>;
    /// `Object.entries`, which can throw (a throwing getter), so it is caught.
    #[wasm_bindgen(catch, js_namespace = Object, js_name = entries)]
    fn object_entries(value: &JsValue) -> Result<JsValue, JsValue>;
}

/// A finite number.
pub(super) fn number(argument: &str, value: &JsValue) -> CacheResult<f64> {
    value
        .as_f64()
        .filter(|n| n.is_finite())
        .ok_or_else(|| CacheError::invalid_argument(argument, "must be a finite number"))
}

/// The largest integer a JavaScript number holds exactly.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A whole number in JavaScript's safe integer range; `default` when absent.
pub(super) fn integer(argument: &str, value: &JsValue, default: Option<i64>) -> CacheResult<i64> {
    if let (true, Some(default)) = (is_absent(value), default) {
        return Ok(default);
    }
    let n = number(argument, value)?;
    if n.fract() != 0.0 || n.abs() > MAX_SAFE_INTEGER {
        return Err(CacheError::invalid_argument(
            argument,
            "must be a whole number within Number.MAX_SAFE_INTEGER",
        ));
    }
    // In range and whole, so the conversion is exact.
    Ok(n as i64)
}

/// A duration in seconds. Absent (or `0`, which the official SDKs read as "use the default")
/// gives `None`.
pub(super) fn seconds(argument: &str, value: &JsValue) -> CacheResult<Option<Duration>> {
    if is_absent(value) {
        return Ok(None);
    }
    let n = number(argument, value)?;
    if n == 0.0 {
        return Ok(None);
    }
    if n < 0.0 {
        return Err(CacheError::invalid_argument(
            argument,
            "must be a positive number of seconds",
        ));
    }
    Duration::try_from_secs_f64(n)
        .map(Some)
        .map_err(|_| CacheError::invalid_argument(argument, "is too large"))
}

/// A duration in whole milliseconds, at least 1.
pub(super) fn millis(argument: &str, value: &JsValue) -> CacheResult<Duration> {
    let n = integer(argument, value, None)?;
    u64::try_from(n)
        .ok()
        .filter(|&ms| ms > 0)
        .map(Duration::from_millis)
        .ok_or_else(|| CacheError::invalid_argument(argument, "must be a positive whole number"))
}

/// A member of an options object; absent when the object is absent.
pub(super) fn member(options: &JsValue, name: &str) -> CacheResult<JsValue> {
    if is_absent(options) {
        return Ok(JsValue::UNDEFINED);
    }
    if !options.is_object() {
        return Err(CacheError::invalid_argument("options", "must be an object"));
    }
    Reflect::get(options, &name.into())
        .map_err(|_| CacheError::invalid_argument("options", format!("cannot read {name}")))
}
