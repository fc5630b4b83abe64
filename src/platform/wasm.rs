//! wasm32 transport: every call is one `fetch`, and the JavaScript runtime multiplexes them
//! over its own connections. Timers are `setTimeout`.

use std::time::Duration;

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue};
use js_sys::{Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue, prelude::wasm_bindgen};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, Request, RequestInit, Response};

use super::{HttpRequest, HttpResponse, TransportError};
use crate::config::Configuration;
use crate::endpoint::Origin;

pub(crate) const AGENT: &str = concat!("js-edgecache:cache:", env!("CARGO_PKG_VERSION"));
pub(crate) const RUNTIME_VERSION: &str = "wasm32";

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`, present in browsers, workers, Node, Deno and Bun alike (unlike
    /// `window.fetch`, which only browsers' main threads have).
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &Request) -> js_sys::Promise;
}

/// Waits for `duration` with `setTimeout`.
pub(crate) async fn sleep(duration: Duration) {
    let millis = u32::try_from(duration.as_millis()).unwrap_or(u32::MAX);
    gloo_timers::future::TimeoutFuture::new(millis).await
}

/// Aborts the `fetch` when the call is dropped, for example when its deadline fires.
struct AbortOnDrop(Option<AbortController>);

impl AbortOnDrop {
    /// The exchange finished: there is nothing left to abort.
    fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        if let Some(controller) = self.0.take() {
            controller.abort();
        }
    }
}

fn js_error(context: &str, value: JsValue) -> TransportError {
    let detail = value
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| value.as_string())
        .unwrap_or_else(|| "unknown JavaScript error".to_owned());
    TransportError::Unavailable(format!("{context}: {detail}"))
}

pub(crate) struct Transport {
    origin: Origin,
    max_response_bytes: usize,
}

impl Transport {
    pub(crate) fn new(origin: Origin, config: &Configuration) -> Self {
        Transport {
            origin,
            max_response_bytes: config.max_response_bytes(),
        }
    }

    /// `fetch` manages its own connections; there is nothing to warm.
    pub(crate) async fn connect(&self) -> Result<(), TransportError> {
        Ok(())
    }

    pub(crate) async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let headers = Headers::new().map_err(|e| js_error("creating headers failed", e))?;
        for (name, value) in &request.headers {
            headers
                .append(name, value)
                .map_err(|e| js_error("a request header was refused", e))?;
        }
        let init = RequestInit::new();
        init.set_method("POST");
        init.set_headers(&headers);
        let body = Uint8Array::from(&request.body[..]);
        init.set_body(&body);
        let abort = AbortOnDrop(AbortController::new().ok());
        if let Some(controller) = &abort.0 {
            init.set_signal(Some(&controller.signal()));
        }
        let url = format!("{}{}", self.origin.url, request.path);
        let js_request = Request::new_with_str_and_init(&url, &init).map_err(|e| {
            TransportError::Misconfigured(format!("fetch refused the request: {e:?}"))
        })?;
        let response: Response = JsFuture::from(global_fetch(&js_request))
            .await
            .map_err(|e| js_error("fetch failed", e))?
            .dyn_into()
            .map_err(|_| {
                TransportError::Unavailable(
                    "fetch resolved to something that is not a Response".to_owned(),
                )
            })?;
        let headers = copy_headers(&response.headers());
        let announced = headers
            .get(http::header::CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<usize>().ok());
        if announced.is_some_and(|len| len > self.max_response_bytes) {
            return Err(TransportError::ResponseTooLarge {
                limit: self.max_response_bytes,
            });
        }
        let buffer = JsFuture::from(
            response
                .array_buffer()
                .map_err(|e| js_error("reading the response failed", e))?,
        )
        .await
        .map_err(|e| js_error("reading the response failed", e))?;
        let bytes = Uint8Array::new(&buffer);
        if bytes.length() as usize > self.max_response_bytes {
            return Err(TransportError::ResponseTooLarge {
                limit: self.max_response_bytes,
            });
        }
        abort.disarm();
        Ok(HttpResponse {
            status: response.status(),
            headers,
            body: Bytes::from(bytes.to_vec()),
            trailers: None,
        })
    }
}

/// Copies the readable response headers; names or values HTTP would not allow are skipped.
fn copy_headers(headers: &Headers) -> HeaderMap {
    let mut map = HeaderMap::new();
    let Ok(Some(entries)) = js_sys::try_iter(headers) else {
        return map;
    };
    for entry in entries.flatten() {
        let name = Reflect::get_u32(&entry, 0).ok().and_then(|v| v.as_string());
        let value = Reflect::get_u32(&entry, 1).ok().and_then(|v| v.as_string());
        if let (Some(name), Some(value)) = (name, value)
            && let (Ok(name), Ok(value)) =
                (HeaderName::try_from(name), HeaderValue::try_from(value))
        {
            map.append(name, value);
        }
    }
    map
}
