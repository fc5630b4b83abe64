//! What the JavaScript middlewares see of a call (see `js/src/middleware.js`): its RPC and
//! request size when it is sent, and the size of each reply message when they are decoded.
//! The call itself is unchanged, and calls made without middlewares skip all of this.

use std::sync::{Arc, Mutex};

use js_sys::Function;
use wasm_bindgen::JsValue;

use super::convert;
use super::request::JsRequest;

/// Reports one call to a JavaScript `hook(event, ...)`:
/// `hook("request", path, requestBytes)` as the call is sent (`path` is the RPC's, such as
/// `/cache_client.Scs/Get`), then `hook("response", replyBytes)` with the size of each reply
/// message once it has an answer. A call refused before sending (a bad argument) reports nothing.
pub(super) struct Observer {
    hook: Function,
    /// `None` until the call is sent; then the reply sizes, filled in by the decoder (which
    /// must be `Send`, hence cannot hold the hook).
    replies: Arc<Mutex<Option<Vec<u32>>>>,
}

impl Observer {
    pub(super) fn new(hook: Function) -> Observer {
        Observer {
            hook,
            replies: Arc::default(),
        }
    }

    /// `request`, reporting its sending to the hook and recording its reply sizes.
    pub(super) fn watch(&self, request: JsRequest) -> JsRequest {
        let hook = self.hook.clone();
        let replies = Arc::clone(&self.replies);
        request.around(move |mut prepared| {
            let call = &prepared.call;
            let (path, size) = (call.rpc.path, call.message.len() as f64);
            // A throwing hook is the middleware's problem, not the call's.
            let _ = hook.call3(
                &JsValue::NULL,
                &"request".into(),
                &path.into(),
                &size.into(),
            );
            if let Ok(mut sizes) = replies.lock() {
                *sizes = Some(Vec::new());
            }
            let decode = prepared.decode;
            prepared.decode = Box::new(move |outcome| {
                if let (Ok(messages), Ok(mut sizes)) = (&outcome, replies.lock()) {
                    *sizes = Some(messages.iter().map(|m| m.len() as u32).collect());
                }
                decode(outcome)
            });
            prepared
        })
    }

    /// Reports the reply sizes recorded for the call, if it was sent.
    pub(super) fn answered(&self) {
        let Some(sizes) = self.replies.lock().ok().and_then(|mut s| s.take()) else {
            return;
        };
        let sizes = convert::array(sizes, JsValue::from);
        let _ = self.hook.call2(&JsValue::NULL, &"response".into(), &sizes);
    }
}
