//! The topics family for JavaScript (`crate::topics`): the `TopicClient` operations, and a
//! subscription's items handed to one JavaScript function as they arrive.
//!
//! A subscription runs as a task of its own: it reads the [`Subscription`] (which resumes
//! broken streams by itself) and calls `onEvent` with `{type: "Item" | "Discontinuity" |
//! "Heartbeat" | "Error" | "End", ...}`. `unsubscribe()` stops the task, which drops the
//! subscription: the stream is cancelled and its slot under the client's limit freed before
//! any call made after `unsubscribe()` runs (tasks run in the order they were woken).

use std::pin::pin;

use futures_util::future::{Either, select};
use js_sys::{Array, Function, Promise, Uint8Array};
use tokio::sync::oneshot;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{future_to_promise, spawn_local};

use super::config;
use super::convert::{self, Obj, typed};
use super::credentials::WasmCredentials;
use super::operations::{self, Family, Operation};
use super::request::Args;
use crate::error::{CacheError, CacheResult};
use crate::topics::{
    PublishRequest, SubscribeRequest, Subscription, SubscriptionItem, TopicClient, ValueKind,
};

/// One topics operation, built from its JavaScript arguments.
pub(super) enum JsTopicRequest {
    Publish(PublishRequest),
    Subscribe(SubscribeRequest),
}

/// The `TopicClient` operations. `subscribe`'s options object is the callbacks, which the
/// JavaScript layer keeps; Rust sees one `onEvent` function instead.
pub(super) const FAMILY: Family<JsTopicRequest> = Family {
    name: "topics",
    operations: &[
        Operation {
            name: "publish",
            response: "TopicPublish",
            arity: 3,
        },
        Operation {
            name: "subscribe",
            response: "TopicSubscribe",
            arity: 2,
        },
    ],
    build: |name, args, _options| {
        let cache = convert::string("cacheName", &args.at(0))?;
        let topic = convert::string("topicName", &args.at(1))?;
        match name {
            "publish" => Ok(JsTopicRequest::Publish(PublishRequest::new(
                cache,
                topic,
                topic_value(&args.at(2))?,
            ))),
            "subscribe" => Ok(JsTopicRequest::Subscribe(SubscribeRequest::new(
                cache, topic, None, None,
            ))),
            _ => Err(operations::unknown()),
        }
    },
};

/// A value to publish: a string is text, a `Uint8Array` bytes, anything else an error.
fn topic_value(value: &JsValue) -> CacheResult<ValueKind> {
    if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
        return Ok(ValueKind::Binary(crate::platform::js_bytes::from_js(bytes)));
    }
    if value.is_string() {
        return convert::string("value", value).map(ValueKind::Text);
    }
    Err(CacheError::invalid_argument(
        "value",
        "must be a string or a Uint8Array",
    ))
}

/// A topic client for JavaScript. Cheap to construct: no I/O until the first call.
#[wasm_bindgen]
pub struct WasmTopicClient {
    client: TopicClient,
}

#[wasm_bindgen]
impl WasmTopicClient {
    /// Builds a client from a configuration object (the shape `preset` returns) and a
    /// credential. Throws `{type: "Error", code, message}` on invalid settings.
    #[wasm_bindgen(constructor)]
    pub fn new(
        configuration: &JsValue,
        credentials: &WasmCredentials,
    ) -> Result<WasmTopicClient, JsValue> {
        config::from_js(configuration)
            .and_then(|configuration| {
                TopicClient::builder()
                    .configuration(configuration)
                    .credential_provider(credentials.provider().clone())
                    .build()
            })
            .map(|client| WasmTopicClient { client })
            .map_err(|e| convert::error_value(&e))
    }

    /// Runs operation `op` with positional `args`. Resolves to `{type, ...}`; never rejects.
    /// A subscription resolves to `{type: "Subscription", subscription}` once the stream's
    /// first message is in, and from then on calls `on_event` with each item.
    pub fn invoke(
        &self,
        op: &str,
        args: Array,
        options: JsValue,
        on_event: Option<Function>,
    ) -> Promise {
        let client = self.client.clone();
        let request = operations::find(operations::TOPIC_CLIENT, op)
            .ok_or_else(operations::unknown)
            .and_then(|(family, _)| (family.build)(op, &Args(args), &options));
        future_to_promise(async move {
            let answer = match request {
                Err(e) => Err(e),
                Ok(JsTopicRequest::Publish(request)) => {
                    client.send_request(request).await.map(|_| typed("Success"))
                }
                Ok(JsTopicRequest::Subscribe(request)) => client
                    .send_request(request)
                    .await
                    .map(|subscription| start(subscription, on_event)),
            };
            Ok(answer.unwrap_or_else(|e| convert::error_value(&e)))
        })
    }

    /// How many subscriptions of this client are open now.
    #[wasm_bindgen(getter, js_name = openSubscriptions)]
    pub fn open_subscriptions(&self) -> u32 {
        self.client.open_subscriptions() as u32
    }
}

/// An open subscription, as JavaScript holds it.
#[wasm_bindgen]
pub struct WasmSubscription {
    /// Dropping the sender stops the subscription's task.
    stop: Option<oneshot::Sender<()>>,
}

#[wasm_bindgen]
impl WasmSubscription {
    /// Ends the subscription (once; later calls do nothing). `on_event` hears `End` after it.
    pub fn unsubscribe(&mut self) {
        self.stop = None;
    }

    /// Whether `unsubscribe()` has not been called yet.
    #[wasm_bindgen(getter, js_name = isSubscribed)]
    pub fn is_subscribed(&self) -> bool {
        self.stop.as_ref().is_some_and(|stop| !stop.is_closed())
    }
}

/// Starts the task that hands `subscription`'s items to `on_event`.
fn start(subscription: Subscription, on_event: Option<Function>) -> JsValue {
    let (stop, mut stopped) = oneshot::channel::<()>();
    spawn_local(async move {
        let mut subscription = subscription;
        let emit = |event: JsValue| {
            if let Some(on_event) = &on_event {
                // A throwing callback is the caller's bug; it must not end the subscription.
                let _ = on_event.call1(&JsValue::UNDEFINED, &event);
            }
        };
        loop {
            let next = match select(pin!(subscription.next_item()), &mut stopped).await {
                Either::Left((next, _)) => next,
                Either::Right(_) => None,
            };
            match next {
                Some(Ok(item)) => emit(item_value(item)),
                Some(Err(error)) => emit(convert::error_value(&error)),
                None => break,
            }
        }
        // Cancels the stream and frees the slot before `End` is heard.
        drop(subscription);
        emit(typed("End"));
    });
    Obj::typed("Subscription")
        .set(
            "subscription",
            &WasmSubscription { stop: Some(stop) }.into(),
        )
        .done()
}

/// Sequence numbers as JavaScript numbers (exact up to 2^53, as in the official SDKs).
fn number(n: u64) -> JsValue {
    JsValue::from_f64(n as f64)
}

fn item_value(item: SubscriptionItem) -> JsValue {
    match item {
        SubscriptionItem::Value(value) => Obj::typed("Item")
            .set(
                "value",
                &match &value.kind {
                    ValueKind::Text(text) => JsValue::from_str(text),
                    ValueKind::Binary(bytes) => convert::bytes_value(bytes),
                },
            )
            .set("sequenceNumber", &number(value.topic_sequence_number))
            .set("sequencePage", &number(value.topic_sequence_page))
            .set("tokenId", &value.publisher_id.as_str().into())
            .done(),
        SubscriptionItem::Discontinuity(gap) => Obj::typed("Discontinuity")
            .set(
                "lastSequenceNumber",
                &gap.last_sequence_number.map_or(JsValue::NULL, number),
            )
            .set("newSequenceNumber", &number(gap.new_sequence_number))
            .set("newSequencePage", &number(gap.new_sequence_page))
            .done(),
        SubscriptionItem::Heartbeat => typed("Heartbeat"),
    }
}
