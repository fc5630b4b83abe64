//! A JavaScript call ready to send: the Rust request, prepared, with its answer converted to a
//! plain `{type, ...}` object, and the positional arguments it is read from.
//!
//! Each operation only *builds* a [`JsRequest`], synchronously; one `send_request` call then
//! sends whichever it is. That keeps a single copy of the call path in the `.wasm` instead of
//! one async state machine per operation.

use js_sys::Array;
use wasm_bindgen::JsValue;

use super::convert::{self, Obj, typed};
use crate::cache::{MomentoRequest, Prepared, RequestDefaults};
use crate::error::CacheResult;

/// Prepares a request whose answer is already converted to JavaScript.
type PrepareJs = Box<dyn FnOnce(&RequestDefaults) -> CacheResult<Prepared<JsValue>>>;

/// One operation ready to send: its request prepared, its answer converted to JavaScript.
pub(super) struct JsRequest(PrepareJs);

impl JsRequest {
    /// A request prepared by `prepare`, which ignores the client's defaults (an auth call).
    pub(super) fn prepared_by(
        prepare: impl FnOnce() -> CacheResult<Prepared<JsValue>> + 'static,
    ) -> JsRequest {
        JsRequest(Box::new(move |_| prepare()))
    }

    /// The same request, with `around` applied to its prepared call before it is sent.
    pub(super) fn around(
        self,
        around: impl FnOnce(Prepared<JsValue>) -> Prepared<JsValue> + 'static,
    ) -> JsRequest {
        let prepare = self.0;
        JsRequest(Box::new(move |defaults| prepare(defaults).map(around)))
    }
}

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

/// `{type: "Hit", value}`.
pub(super) fn hit_bytes(value: &[u8]) -> JsValue {
    Obj::typed("Hit")
        .set("value", &convert::bytes_value(value))
        .done()
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
