//! JavaScript bindings (wasm32 only): the low layer of the npm package.
//!
//! Rust exports four small things (plus [`set_http_exchange`], the transport hook the Node
//! entry uses), and the hand-written JavaScript layer (`js/src/`) builds the
//! `@gomomento/sdk-web`-compatible classes (`CacheClient`, `CacheGet.Hit`, `Configurations`,
//! ...) on top of them:
//!
//! - [`WasmCacheClient`]: one client, with a single `invoke(op, args, options, abort,
//!   observer)` method that resolves to a plain object `{type, ...}`, or `{type: "Error",
//!   code, message}`. It never rejects: every failure, a wrong argument type from JavaScript
//!   included, is a value.
//! - [`operations::cache_operations`]: the one list of operations (`operations.rs`, with one
//!   file per family), from which the JavaScript layer defines the client's methods.
//! - `WasmTopicClient` and `WasmAuthClient` (`topics.rs`, `auth.rs`): the same shape for the
//!   `TopicClient` and `AuthClient`, each driven by its own operation list.
//! - [`WasmCredentials`]: a parsed credential. The API key stays inside wasm memory; JavaScript
//!   only ever sees the endpoints.
//! - [`preset`](config::preset): the values of the Rust presets
//!   (`edgecache::configurations::*`) as a plain object, so the JavaScript `Configurations`
//!   never re-types a number.
//!
//! One dispatching method instead of one export per operation keeps the generated glue and
//! the export table small (the whole package is size-budgeted), and keeps every argument
//! check in Rust.

mod auth;
mod collection;
mod config;
mod control;
mod convert;
mod credentials;
mod dictionary;
mod list;
mod observe;
mod operations;
mod request;
mod scalar;
mod set;
mod sorted_set;
#[cfg(test)]
mod tests;
mod topics;

use std::pin::pin;

use futures_util::future::{Either, select};
use js_sys::{Array, Promise};
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, future_to_promise};

use crate::client::CacheClient;
use crate::error::{CacheError, CacheResult, ErrorCode};

use credentials::WasmCredentials;
use observe::Observer;
use request::{Args, JsRequest};

/// Sends every later call of every client through `exchange` instead of the global `fetch`
/// (`undefined` restores `fetch`). The npm package's Node entry registers its `node:http2`
/// exchange this way; the function's contract is in `src/platform/web/mod.rs`.
#[wasm_bindgen(js_name = setHttpExchange)]
pub fn set_http_exchange(exchange: Option<js_sys::Function>) {
    crate::platform::Transport::set_http_exchange(exchange);
}

/// A cache client for JavaScript. Cheap to construct: no I/O happens until the first call.
#[wasm_bindgen]
pub struct WasmCacheClient {
    client: CacheClient,
}

#[wasm_bindgen]
impl WasmCacheClient {
    /// Builds a client from a configuration object (the shape [`preset`] returns), a
    /// credential and the default TTL in seconds. Throws `{type: "Error", code, message}` on
    /// invalid settings.
    #[wasm_bindgen(constructor)]
    pub fn new(
        configuration: &JsValue,
        credentials: &WasmCredentials,
        default_ttl_seconds: &JsValue,
    ) -> Result<WasmCacheClient, JsValue> {
        let build = || {
            let configuration = config::from_js(configuration)?;
            let default_ttl = convert::seconds("defaultTtlSeconds", default_ttl_seconds)?
                .ok_or_else(|| {
                    CacheError::invalid_argument("defaultTtlSeconds", "must be a positive number")
                })?;
            CacheClient::builder()
                .configuration(configuration)
                .credential_provider(credentials.provider().clone())
                .default_ttl(default_ttl)
                .build()
        };
        build()
            .map(|client| WasmCacheClient { client })
            .map_err(|e| convert::error_value(&e))
    }

    /// The configuration this client runs with, in the shape [`preset`] returns.
    #[wasm_bindgen(getter)]
    pub fn configuration(&self) -> JsValue {
        config::to_js(self.client.configuration())
    }

    /// Runs operation `op` with positional `args` and the call's `options` object. Resolves to
    /// `{type, ...}`; never rejects. When `abort` settles first, the call is dropped (its
    /// `fetch` aborted, its in-flight slot released) and it resolves to `CANCELLED_ERROR`.
    /// An `observer` function hears about the call as it is sent and answered (see
    /// `observe.rs`); it is how the JavaScript middlewares see calls.
    pub fn invoke(
        &self,
        op: &str,
        args: Array,
        options: JsValue,
        abort: Option<Promise>,
        observer: Option<js_sys::Function>,
    ) -> Promise {
        // The deadline runs from now: the caller's clock starts with the call, and the
        // future below first runs only after the current JavaScript task.
        let started = web_time::Instant::now();
        let observer = observer.map(Observer::new);
        let request =
            operations::request(op, &Args(args), &options).map(|request| match &observer {
                Some(observer) => observer.watch(request),
                None => request,
            });
        run(self.client.clone(), request, started, abort, observer)
    }
}

/// Sends `request` with `client` and settles the promise with its `{type, ...}` answer. The
/// one async path of the package: cache and auth calls share it, so the `.wasm` holds a
/// single copy of the call pipeline.
fn run(
    client: CacheClient,
    request: CacheResult<JsRequest>,
    started: web_time::Instant,
    abort: Option<Promise>,
    observer: Option<Observer>,
) -> Promise {
    future_to_promise(async move {
        let call = async move { client.send_request_since(request?, started).await };
        let outcome = match abort {
            None => call.await,
            Some(abort) => match select(pin!(call), JsFuture::from(abort)).await {
                Either::Left((outcome, _)) => outcome,
                Either::Right(_) => Err(CacheError::new(
                    ErrorCode::CancelledError,
                    "the call was aborted by its AbortSignal",
                )),
            },
        };
        if let Some(observer) = observer {
            observer.answered();
        }
        Ok(outcome.unwrap_or_else(|e| convert::error_value(&e)))
    })
}
