//! What the collection families share: the TTL policy of writes, optional whole-number
//! options, and arrays of values in answers. Each family's options object carries what the
//! official SDKs' call options do (`startIndex`, `truncateFrontToSize`, `order`, ...).

use wasm_bindgen::JsValue;

use super::convert::{self, Obj};
use super::request::Args;
use crate::cache::CollectionTtl;
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

/// An optional whole-number option.
pub(super) fn option_integer(options: &JsValue, name: &str) -> CacheResult<Option<i64>> {
    let value = convert::member(options, name)?;
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    convert::integer(name, &value, None).map(Some)
}

/// An optional index or rank option, as the protocol's 32-bit signed integer; errors name
/// the Rust argument (`rust_name`), as the request builders did when they took `i64`.
pub(super) fn option_index(
    options: &JsValue,
    name: &str,
    rust_name: &str,
) -> CacheResult<Option<i32>> {
    option_integer(options, name)?
        .map(|n| crate::cache::fit_i32(rust_name, n))
        .transpose()
}

/// An optional size option: a whole number from 0 up.
pub(super) fn option_size(options: &JsValue, name: &str) -> CacheResult<Option<usize>> {
    option_integer(options, name)?
        .map(|n| {
            usize::try_from(n)
                .map_err(|_| CacheError::invalid_argument(name, "must not be negative"))
        })
        .transpose()
}

/// A required count argument.
pub(super) fn count(args: &Args, index: u32, name: &str) -> CacheResult<usize> {
    let n = convert::integer(name, &args.at(index), None)?;
    usize::try_from(n).map_err(|_| CacheError::invalid_argument(name, "must not be negative"))
}

/// Values as an array of `Uint8Array`s.
pub(super) fn values_value(values: &[Vec<u8>]) -> JsValue {
    convert::array(values, |v| convert::bytes_value(v))
}

/// `{type: "Hit", length}`.
pub(super) fn length_hit(length: u32) -> JsValue {
    Obj::typed("Hit").set("length", &length.into()).done()
}
