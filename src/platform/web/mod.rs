//! wasm32 transport: every call is one `fetch`, and the JavaScript runtime multiplexes them
//! over its own connections; or, when the host registered one (the npm package's Node entry
//! does, with `node:http2`), one call of a JavaScript exchange function.

use std::cell::RefCell;

use bytes::Bytes;
use http::{HeaderMap, HeaderName, HeaderValue};
use js_sys::{Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue, prelude::wasm_bindgen};
use wasm_bindgen_futures::JsFuture;
use web_sys::{AbortController, Headers, Request, RequestInit, Response};

use super::{HttpRequest, HttpResponse, TransportError};
use crate::config::Configuration;
use crate::endpoint::Origin;

pub(crate) mod js_bytes;
mod stream;
mod timers;

pub(crate) use stream::ResponseBody;
pub(crate) use timers::sleep;

pub(crate) const AGENT: &str = concat!("js-edgecache:cache:", env!("CARGO_PKG_VERSION"));
pub(crate) const RUNTIME_VERSION: &str = "wasm32";

#[wasm_bindgen]
extern "C" {
    /// The global `fetch`, present in browsers, workers, Node, Deno and Bun alike (unlike
    /// `window.fetch`, which only browsers' main threads have).
    #[wasm_bindgen(js_name = fetch)]
    fn global_fetch(request: &Request) -> js_sys::Promise;

    /// The global `setTimeout` (every runtime has one; what it returns differs, so untyped).
    #[wasm_bindgen(js_name = setTimeout)]
    fn global_set_timeout(handler: &js_sys::Function, ms: i32) -> JsValue;

    /// A host-provided exchange: `(origin, path, headerLines, body, maxResponseBytes) =>
    /// Promise<{status, headers, body, trailers?}>`, where `headerLines`, `headers` and
    /// `trailers` are strings of `name\nvalue\n` lines (one string crosses the boundary, not
    /// one per name and value) and `body` a `Uint8Array`. The promise may carry `cancel()`,
    /// which must settle it; it is called when the call is dropped first. It must reject with
    /// `code` set to [`RESPONSE_TOO_LARGE`] (without buffering further) when the body would
    /// exceed `maxResponseBytes`.
    #[derive(Clone)]
    type HttpExchange;

    #[wasm_bindgen(method, catch, js_name = call)]
    fn exchange(
        this: &HttpExchange,
        this_arg: &JsValue,
        origin: &str,
        path: &str,
        header_lines: &str,
        body: &Uint8Array,
        max_response_bytes: f64,
    ) -> Result<JsValue, JsValue>;

    /// The same exchange asked for a streamed body (`streaming` is `true`): it resolves
    /// once the response head is in, to the reply `stream.rs` describes.
    #[wasm_bindgen(method, catch, js_name = call)]
    #[allow(clippy::too_many_arguments)]
    fn exchange_stream(
        this: &HttpExchange,
        this_arg: &JsValue,
        origin: &str,
        path: &str,
        header_lines: &str,
        body: &Uint8Array,
        max_response_bytes: f64,
        streaming: bool,
    ) -> Result<JsValue, JsValue>;

    /// What an exchange resolves to (or any value it wrongly resolves to: every field is read
    /// as a plain `JsValue` and checked here).
    type ExchangeReply;

    #[wasm_bindgen(method, getter)]
    fn status(this: &ExchangeReply) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn headers(this: &ExchangeReply) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn body(this: &ExchangeReply) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn trailers(this: &ExchangeReply) -> JsValue;

    /// What an exchange returns before it settles: a promise, perhaps with `cancel`.
    type PendingExchange;

    #[wasm_bindgen(method, getter)]
    fn cancel(this: &PendingExchange) -> JsValue;
}

/// The `code` of an exchange's rejection when the response body exceeded its limit.
const RESPONSE_TOO_LARGE: &str = "EDGECACHE_RESPONSE_TOO_LARGE";

thread_local! {
    /// The exchange every transport of this module uses instead of `fetch`, if any. One per
    /// module instance: the choice belongs to the host runtime, not to a client.
    static HTTP_EXCHANGE: RefCell<Option<HttpExchange>> = const { RefCell::new(None) };
}

/// Aborts the `fetch` when the call is dropped, for example when its deadline fires.
///
/// The abort runs in a task of its own, after the dropped call has settled: Node's `fetch`
/// (undici) spends a fraction of a millisecond aborting a request, and calls whose deadlines
/// fire together settle in one pass, so aborting in place made the last of 50 such calls
/// settle 30-40 ms past its deadline. A late abort costs nothing but the request's lifetime.
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
            let abort = Reflect::get(&controller, &JsValue::from_str("abort"))
                .ok()
                .and_then(|abort| abort.dyn_into::<js_sys::Function>().ok());
            match abort {
                Some(abort) => {
                    global_set_timeout(&abort.bind0(&controller), 0);
                }
                None => controller.abort(),
            }
        }
    }
}

/// Calls the pending exchange's `cancel()` when the call is dropped before it settled.
struct CancelOnDrop(Option<PendingExchange>);

impl Drop for CancelOnDrop {
    fn drop(&mut self) {
        if let Some(pending) = self.0.take()
            && let Some(cancel) = pending.cancel().dyn_ref::<js_sys::Function>()
        {
            let _ = cancel.call0(&pending);
        }
    }
}

/// The message of a thrown JavaScript value, with its `cause` when it has one: Node's `fetch`
/// rejects with a bare "fetch failed" and puts the reason (refused, certificate) there.
fn js_error_detail(value: &JsValue) -> String {
    let message = |value: &JsValue| {
        value
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
            .or_else(|| value.as_string())
    };
    let detail = message(value).unwrap_or_else(|| "unknown JavaScript error".to_owned());
    let cause = value
        .dyn_ref::<js_sys::Error>()
        .map(|e| e.cause())
        .filter(|cause| !cause.is_undefined() && !cause.is_null())
        .and_then(|cause| message(&cause));
    match cause {
        Some(cause) if cause != detail => format!("{detail} ({cause})"),
        _ => detail,
    }
}

fn js_error(context: &str, value: JsValue) -> TransportError {
    TransportError::Unavailable(format!("{context}: {}", js_error_detail(&value)))
}

pub(crate) struct Transport {
    origin: Origin,
    /// `scheme://authority` of `origin.url`: what a registered exchange keys its connection on.
    exchange_origin: String,
    /// The rest of `origin.url` (a path prefix, usually empty), put before each call's path.
    exchange_path_prefix: String,
    max_response_bytes: usize,
}

impl Transport {
    pub(crate) fn new(origin: Origin, config: &Configuration) -> Self {
        let after_scheme = origin.url.find("://").map_or(0, |at| at + 3);
        let path_start = origin.url[after_scheme..]
            .find('/')
            .map_or(origin.url.len(), |at| after_scheme + at);
        Transport {
            exchange_origin: origin.url[..path_start].to_owned(),
            exchange_path_prefix: origin.url[path_start..].to_owned(),
            origin,
            max_response_bytes: config.max_response_bytes(),
        }
    }

    /// Sends every later call of every client in this module through `exchange` instead of
    /// `fetch`; `None` goes back to `fetch`. Bound for JavaScript in `crate::js`.
    pub(crate) fn set_http_exchange(exchange: Option<js_sys::Function>) {
        HTTP_EXCHANGE.with(|slot| *slot.borrow_mut() = exchange.map(JsCast::unchecked_into));
    }

    /// Neither `fetch` nor an exchange exposes connecting alone; there is nothing to warm.
    pub(crate) async fn connect(&self) -> Result<(), TransportError> {
        Ok(())
    }

    pub(crate) async fn send(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        match HTTP_EXCHANGE.with(|slot| slot.borrow().clone()) {
            Some(exchange) => self.send_with_exchange(&exchange, request).await,
            None => self.send_with_fetch(request).await,
        }
    }

    async fn send_with_exchange(
        &self,
        exchange: &HttpExchange,
        request: HttpRequest,
    ) -> Result<HttpResponse, TransportError> {
        let (path, lines, body) = self.exchange_parts(&request);
        let pending = exchange
            .exchange(
                &JsValue::UNDEFINED,
                &self.exchange_origin,
                &path,
                &lines,
                &body,
                self.max_response_bytes as f64,
            )
            .map_err(|e| exchange_error(e, self.max_response_bytes))?;
        let mut cancel = CancelOnDrop(Some(pending.clone().unchecked_into()));
        // `resolve` adopts a promise and wraps anything else, so a wrong return cannot trap.
        let settled = JsFuture::from(Promise::resolve(&pending)).await;
        cancel.0 = None;
        let reply: ExchangeReply = settled
            .map_err(|e| exchange_error(e, self.max_response_bytes))?
            .unchecked_into();
        let status = reply_status(&reply)?;
        let body = reply.body().dyn_into::<Uint8Array>().map_err(|_| {
            TransportError::Unavailable(
                "the HTTP exchange resolved without a Uint8Array body".to_owned(),
            )
        })?;
        if body.length() as usize > self.max_response_bytes {
            return Err(TransportError::ResponseTooLarge {
                limit: self.max_response_bytes,
            });
        }
        Ok(HttpResponse {
            status,
            headers: header_lines(&reply.headers()),
            body: Bytes::from(js_bytes::from_js(&body)),
            trailers: reply
                .trailers()
                .as_string()
                .map(|lines| parse_header_lines(&lines)),
        })
    }

    /// The path, header lines and body of `request` as a host exchange takes them.
    fn exchange_parts(&self, request: &HttpRequest) -> (String, String, Uint8Array) {
        let mut lines = String::new();
        for (name, value) in &request.headers {
            // Names and values are valid HTTP (no newline can occur in either).
            lines.extend([*name, "\n", value, "\n"]);
        }
        // A copy the JavaScript side owns: a view of wasm memory could move under it.
        let body = js_bytes::to_js(&request.body);
        let path = format!("{}{}", self.exchange_path_prefix, request.path);
        (path, lines, body)
    }

    async fn send_with_fetch(&self, request: HttpRequest) -> Result<HttpResponse, TransportError> {
        let (js_request, abort) = self.fetch_request(&request)?;
        let response = fetch(&js_request).await?;
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
            body: Bytes::from(js_bytes::from_js(&bytes)),
            trailers: None,
        })
    }

    /// The `fetch` request for `request`, with the controller that aborts it when dropped.
    fn fetch_request(
        &self,
        request: &HttpRequest,
    ) -> Result<(Request, AbortOnDrop), TransportError> {
        let headers = Headers::new().map_err(|e| js_error("creating headers failed", e))?;
        for (name, value) in &request.headers {
            headers
                .append(name, value)
                .map_err(|e| js_error("a request header was refused", e))?;
        }
        let init = RequestInit::new();
        init.set_method("POST");
        init.set_headers(&headers);
        let body = js_bytes::to_js(&request.body);
        init.set_body(&body);
        let abort = AbortOnDrop(AbortController::new().ok());
        if let Some(controller) = &abort.0 {
            init.set_signal(Some(&controller.signal()));
        }
        let url = format!("{}{}", self.origin.url, request.path);
        let js_request = Request::new_with_str_and_init(&url, &init).map_err(|e| {
            TransportError::Misconfigured(format!("fetch refused the request: {e:?}"))
        })?;
        Ok((js_request, abort))
    }
}

/// Runs one `fetch` up to its response head.
async fn fetch(request: &Request) -> Result<Response, TransportError> {
    JsFuture::from(global_fetch(request))
        .await
        .map_err(|e| js_error("fetch failed", e))?
        .dyn_into()
        .map_err(|_| {
            TransportError::Unavailable(
                "fetch resolved to something that is not a Response".to_owned(),
            )
        })
}

/// The HTTP status an exchange resolved with, checked.
fn reply_status(reply: &ExchangeReply) -> Result<u16, TransportError> {
    reply
        .status()
        .as_f64()
        .filter(|s| (100.0..=999.0).contains(s))
        .map(|s| s as u16)
        .ok_or_else(|| {
            TransportError::Unavailable(
                "the HTTP exchange resolved without a valid status".to_owned(),
            )
        })
}

/// What a rejected (or throwing) exchange means: its `code` tells an oversize body apart.
fn exchange_error(value: JsValue, max_response_bytes: usize) -> TransportError {
    let code = Reflect::get(&value, &JsValue::from_str("code"))
        .ok()
        .and_then(|v| v.as_string());
    if code.as_deref() == Some(RESPONSE_TOO_LARGE) {
        return TransportError::ResponseTooLarge {
            limit: max_response_bytes,
        };
    }
    TransportError::Unavailable(format!(
        "the HTTP exchange failed: {}",
        js_error_detail(&value)
    ))
}

/// Reads a string of `name\nvalue\n` lines (anything else is no headers).
fn header_lines(lines: &JsValue) -> HeaderMap {
    lines
        .as_string()
        .map(|lines| parse_header_lines(&lines))
        .unwrap_or_default()
}

/// Parses `name\nvalue\n` lines; pairs HTTP would not allow are skipped.
fn parse_header_lines(lines: &str) -> HeaderMap {
    let mut map = HeaderMap::new();
    let mut parts = lines.split('\n');
    while let (Some(name), Some(value)) = (parts.next(), parts.next()) {
        if let (Ok(name), Ok(value)) = (HeaderName::try_from(name), HeaderValue::try_from(value)) {
            map.append(name, value);
        }
    }
    map
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

/// The exchange seam with JavaScript stand-ins for the Node transport (run in Node by
/// wasm-bindgen-test-runner, see `scripts/test-js`).
#[cfg(test)]
mod tests {
    use js_sys::Function;
    use wasm_bindgen_test::wasm_bindgen_test;

    use std::time::Duration;

    use super::*;
    use crate::config::Laptop;
    use crate::platform::sleep;

    /// Installs an exchange for one test and goes back to `fetch` however the test ends.
    struct Installed;

    impl Installed {
        fn new(body: &str) -> Self {
            let args = "origin, path, headers, body, max";
            Transport::set_http_exchange(Some(Function::new_with_args(args, body)));
            Installed
        }
    }

    impl Drop for Installed {
        fn drop(&mut self) {
            Transport::set_http_exchange(None);
        }
    }

    /// The smallest `max_response_bytes` a configuration accepts is 1024.
    const LIMIT: usize = 2048;

    fn transport(url: &str, max_response_bytes: usize) -> Transport {
        let config = Laptop::latest()
            .to_builder()
            .max_response_bytes(max_response_bytes)
            .build()
            .unwrap();
        Transport::new(Origin::parse("endpoint", url, true).unwrap(), &config)
    }

    fn request() -> HttpRequest {
        HttpRequest {
            path: "/cache_client.Scs/Get",
            headers: vec![("content-type", "application/grpc-web+proto".to_owned())],
            body: Bytes::from_static(&[0, 0, 0, 0, 1, 7]),
        }
    }

    #[wasm_bindgen_test]
    async fn the_exchange_gets_origin_path_headers_body_and_limit_and_its_reply_is_read() {
        // The stand-in echoes what it was given in headers and trailers.
        let _installed = Installed::new(
            "return Promise.resolve({ status: 200,
               headers: `x-origin\\n${origin}\\nx-path\\n${path}\\nx-limit\\n${max}\\n`
                        + headers + 'bad name\\nskipped\\n',
               body: new Uint8Array([...body].reverse()),
               trailers: 'grpc-status\\n0\\n' });",
        );
        let response = transport("http://127.0.0.1:9/prefix", 4000)
            .send(request())
            .await
            .unwrap();
        assert_eq!(response.status, 200);
        let header = |name: &str| response.headers.get(name).unwrap().to_str().unwrap();
        assert_eq!(header("x-origin"), "http://127.0.0.1:9");
        assert_eq!(header("x-path"), "/prefix/cache_client.Scs/Get");
        assert_eq!(header("x-limit"), "4000");
        assert_eq!(header("content-type"), "application/grpc-web+proto");
        assert_eq!(
            response.headers.len(),
            4,
            "the invalid header name is skipped"
        );
        assert_eq!(&response.body[..], &[7, 1, 0, 0, 0, 0]);
        let trailers = response.trailers.unwrap();
        assert_eq!(trailers.get("grpc-status").unwrap(), "0");
    }

    #[wasm_bindgen_test]
    async fn an_oversize_body_is_response_too_large_whichever_side_notices() {
        let _installed = Installed::new(
            "const e = new Error('too big'); e.code = 'EDGECACHE_RESPONSE_TOO_LARGE';
             return Promise.reject(e);",
        );
        let refused = transport("http://127.0.0.1:9", LIMIT).send(request()).await;
        assert!(matches!(
            refused,
            Err(TransportError::ResponseTooLarge { limit: LIMIT })
        ));
        drop(_installed);
        // An exchange that ignores the limit is caught on this side.
        let _installed = Installed::new(
            "return Promise.resolve({ status: 200, headers: '', body: new Uint8Array(2049) });",
        );
        let ignored = transport("http://127.0.0.1:9", LIMIT).send(request()).await;
        assert!(matches!(
            ignored,
            Err(TransportError::ResponseTooLarge { limit: LIMIT })
        ));
    }

    #[wasm_bindgen_test]
    async fn failures_and_malformed_replies_are_unavailable_with_their_reason() {
        let cases = [
            (
                "return Promise.reject(new Error('refused', { cause: new Error('ECONNREFUSED') }));",
                "refused (ECONNREFUSED)",
            ),
            (
                "throw new Error('thrown synchronously');",
                "thrown synchronously",
            ),
            (
                "return Promise.resolve({ status: 'two hundred', body: new Uint8Array() });",
                "without a valid status",
            ),
            (
                "return Promise.resolve({ status: 200, body: [1, 2] });",
                "without a Uint8Array body",
            ),
            ("return 42;", "without a valid status"),
        ];
        for (body, expected) in cases {
            let _installed = Installed::new(body);
            match transport("http://127.0.0.1:9", LIMIT).send(request()).await {
                Err(TransportError::Unavailable(message)) => {
                    assert!(message.contains(expected), "{body}: {message}")
                }
                Err(other) => panic!("{body}: {other:?}"),
                Ok(response) => panic!("{body}: resolved with status {}", response.status),
            }
        }
    }

    #[wasm_bindgen_test]
    async fn dropping_the_call_cancels_the_pending_exchange() {
        let _installed = Installed::new(
            "const pending = new Promise(() => {});
             pending.cancel = function () { globalThis.exchangeCancelled = this === pending; };
             return pending;",
        );
        let transport = transport("http://127.0.0.1:9", LIMIT);
        let pending = transport.send(request());
        let outcome = futures_util::future::select(
            Box::pin(pending),
            Box::pin(sleep(Duration::from_millis(10))),
        )
        .await;
        assert!(matches!(outcome, futures_util::future::Either::Right(_)));
        let cancelled = || Reflect::get(&js_sys::global(), &"exchangeCancelled".into()).unwrap();
        assert!(cancelled().is_undefined(), "not cancelled while pending");
        drop(outcome);
        assert_eq!(cancelled().as_bool(), Some(true));
    }

    #[wasm_bindgen_test]
    async fn a_settled_exchange_is_not_cancelled() {
        let _installed = Installed::new(
            "const reply = Promise.resolve({ status: 200, headers: 'a\\n1\\nb', body: new Uint8Array(0) });
             reply.cancel = () => { globalThis.settledCancelled = true; };
             return reply;",
        );
        let response = transport("http://127.0.0.1:9", LIMIT)
            .send(request())
            .await
            .unwrap();
        assert_eq!(
            response.headers.len(),
            1,
            "a name without its value line is left out"
        );
        assert!(
            Reflect::get(&js_sys::global(), &"settledCancelled".into())
                .unwrap()
                .is_undefined()
        );
    }
}
