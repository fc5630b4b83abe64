//! Configurations as plain JavaScript objects: the presets go out through [`preset`], and a
//! client's configuration comes back in through [`from_js`], checked by the Rust builder.
//!
//! The object: `{timeoutMillis, maxConcurrentRequests, retryMaxAttempts,
//! keepaliveIntervalMillis, keepaliveTimeoutMillis, framing, maxResponseBytes, readConcern}`,
//! where the keepalive members are `null` when the preset has none, `framing` is `"binary"` or
//! `"text"`, `readConcern` is `"balanced"` or `"consistent"` (the official `ReadConcern`
//! values), and `requestCoalescing` is a boolean (absent means `false`).

use std::time::Duration;

use wasm_bindgen::prelude::*;

use super::convert::{self, Obj};
use crate::config::{
    Browser, Configuration, Edge, FixedCountRetryStrategy, Framing, InRegion, Keepalive, Lambda,
    Laptop, LowLatency, ReadConcern, RetryStrategy,
};
use crate::error::{CacheError, CacheResult};

/// The values of a Rust preset: `name` is `Laptop`, `InRegion`, `LowLatency`, `Lambda`,
/// `Browser` or `Edge`; `version` is `v1` or `latest`. Throws `{type: "Error", code, message}`
/// for any other name.
#[wasm_bindgen]
pub fn preset(name: &str, version: &str) -> Result<JsValue, JsValue> {
    type Preset = (&'static str, fn() -> Configuration, fn() -> Configuration);
    let presets: [Preset; 6] = [
        ("Laptop", Laptop::v1, Laptop::latest),
        ("InRegion", InRegion::v1, InRegion::latest),
        ("LowLatency", LowLatency::v1, LowLatency::latest),
        ("Lambda", Lambda::v1, Lambda::latest),
        ("Browser", Browser::v1, Browser::latest),
        ("Edge", Edge::v1, Edge::latest),
    ];
    let (_, v1, latest) = presets.iter().find(|(n, _, _)| *n == name).ok_or_else(|| {
        convert::error_value(&CacheError::invalid_argument("preset", "is not known"))
    })?;
    match version {
        "v1" => Ok(to_js(&v1())),
        "latest" => Ok(to_js(&latest())),
        _ => Err(convert::error_value(&CacheError::invalid_argument(
            "version",
            "must be v1 or latest",
        ))),
    }
}

fn millis(d: Duration) -> JsValue {
    (d.as_millis() as f64).into()
}

/// The configuration as a plain object.
pub(super) fn to_js(config: &Configuration) -> JsValue {
    let retries = match config.retry_strategy() {
        RetryStrategy::FixedCount(FixedCountRetryStrategy { max_attempts }) => *max_attempts,
        RetryStrategy::None => 0,
    };
    let keepalive = config.keepalive();
    Obj::new()
        .set("timeoutMillis", &millis(config.timeout()))
        .set(
            "maxConcurrentRequests",
            &(config.max_concurrent_requests() as f64).into(),
        )
        .set("retryMaxAttempts", &retries.into())
        .set(
            "keepaliveIntervalMillis",
            &keepalive.map_or(JsValue::NULL, |k| millis(k.interval)),
        )
        .set(
            "keepaliveTimeoutMillis",
            &keepalive.map_or(JsValue::NULL, |k| millis(k.timeout)),
        )
        .set(
            "framing",
            &match config.framing() {
                Framing::Binary => "binary",
                Framing::Text => "text",
            }
            .into(),
        )
        .set(
            "maxResponseBytes",
            &(config.max_response_bytes() as f64).into(),
        )
        .set(
            "readConcern",
            &match config.read_concern() {
                ReadConcern::Balanced => "balanced",
                ReadConcern::Consistent => "consistent",
            }
            .into(),
        )
        .set("requestCoalescing", &config.request_coalescing().into())
        .done()
}

fn field(config: &JsValue, name: &str) -> CacheResult<JsValue> {
    convert::member(config, name)
        .map_err(|_| CacheError::invalid_argument("configuration", "must be a Configuration"))
}

/// A whole number member, at least 0.
fn whole(config: &JsValue, name: &str) -> CacheResult<u64> {
    let n = convert::integer(name, &field(config, name)?, None)?;
    u64::try_from(n).map_err(|_| CacheError::invalid_argument(name, "must not be negative"))
}

fn usize_of(name: &str, n: u64) -> CacheResult<usize> {
    usize::try_from(n).map_err(|_| CacheError::invalid_argument(name, "is too large"))
}

/// Reads the plain object back into a checked configuration.
pub(super) fn from_js(config: &JsValue) -> CacheResult<Configuration> {
    if !config.is_object() {
        return Err(CacheError::invalid_argument(
            "configuration",
            "must be a Configuration",
        ));
    }
    let retries = whole(config, "retryMaxAttempts")?;
    let retry_strategy = if retries == 0 {
        RetryStrategy::None
    } else {
        RetryStrategy::FixedCount(FixedCountRetryStrategy {
            max_attempts: u32::try_from(retries)
                .map_err(|_| CacheError::invalid_argument("retryMaxAttempts", "is too large"))?,
        })
    };
    let interval = field(config, "keepaliveIntervalMillis")?;
    let keepalive = if interval.is_null() || interval.is_undefined() {
        None
    } else {
        Some(Keepalive {
            interval: Duration::from_millis(whole(config, "keepaliveIntervalMillis")?),
            timeout: Duration::from_millis(whole(config, "keepaliveTimeoutMillis")?),
        })
    };
    let framing = match convert::string("framing", &field(config, "framing")?)?.as_str() {
        "binary" => Framing::Binary,
        "text" => Framing::Text,
        _ => {
            return Err(CacheError::invalid_argument(
                "framing",
                "must be \"binary\" or \"text\"",
            ));
        }
    };
    let read_concern =
        match convert::string("readConcern", &field(config, "readConcern")?)?.as_str() {
            "balanced" => ReadConcern::Balanced,
            "consistent" => ReadConcern::Consistent,
            _ => {
                return Err(CacheError::invalid_argument(
                    "readConcern",
                    "must be ReadConcern.BALANCED or ReadConcern.CONSISTENT",
                ));
            }
        };
    let coalescing = field(config, "requestCoalescing")?;
    let request_coalescing = if coalescing.is_undefined() {
        false
    } else {
        coalescing.as_bool().ok_or_else(|| {
            CacheError::invalid_argument("requestCoalescing", "must be true or false")
        })?
    };
    let max_concurrent = whole(config, "maxConcurrentRequests")?;
    let max_response = whole(config, "maxResponseBytes")?;
    let max_concurrent = usize_of("maxConcurrentRequests", max_concurrent)?;
    Configuration::builder()
        .timeout(Duration::from_millis(whole(config, "timeoutMillis")?))
        .max_concurrent_requests(max_concurrent)
        // The package has no subscriptions yet, so no setting of its own: the presets' rule,
        // as many subscriptions as requests in flight, keeps the round trip exact.
        .max_concurrent_subscriptions(max_concurrent)
        .retry_strategy(retry_strategy)
        .keepalive(keepalive)
        .framing(framing)
        .max_response_bytes(usize_of("maxResponseBytes", max_response)?)
        .read_concern(read_concern)
        .request_coalescing(request_coalescing)
        .build()
}
