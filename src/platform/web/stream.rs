//! Streamed responses on the web target: the body is handed over chunk by chunk as the
//! runtime receives it, for server-streaming calls. Through `fetch` that is a
//! `ReadableStream` reader; through a host exchange (Node's `node:http2`) it is the
//! exchange's `read()`. Each chunk is copied into wasm memory once and given to the caller's
//! incremental decoder; nothing here keeps what was already read, so a long stream costs no
//! more memory than a short one.

use bytes::Bytes;
use http::HeaderMap;
use js_sys::{Promise, Reflect, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ReadableStreamDefaultReader, Response};

use super::{
    AbortOnDrop, ExchangeReply, HttpExchange, Transport, copy_headers, exchange_error,
    header_lines, js_bytes, js_error, parse_header_lines,
};
use crate::platform::{HttpRequest, StreamedResponse, TransportError};

/// The body of a streamed response, read as it arrives. Dropping it cancels the exchange
/// (the `fetch` is aborted; a host exchange's `cancel()` is called).
pub(crate) struct ResponseBody {
    source: Source,
    /// The HTTP trailers, once a host exchange has reported the end of the body.
    trailers: Option<HeaderMap>,
    ended: bool,
}

enum Source {
    Fetch {
        /// `None` for a response without a body (a trailers-only answer): an empty stream.
        reader: Option<ReadableStreamDefaultReader>,
        _abort: AbortOnDrop,
        /// Kept for the stream's life: Node's `fetch` (undici) holds a request's abort
        /// listener only as long as the `Request` object lives, so once it was collected,
        /// aborting left the stream open on the server.
        _request: web_sys::Request,
    },
    Exchange(StreamReply),
}

impl ResponseBody {
    /// The next chunk's bytes; `None` once the body has ended.
    pub(crate) async fn chunk(&mut self) -> Option<Result<Bytes, TransportError>> {
        if self.ended {
            return None;
        }
        let next = match &self.source {
            Source::Fetch { reader: None, .. } => Ok(Chunk::End(None)),
            Source::Fetch {
                reader: Some(reader),
                ..
            } => read_fetch(reader).await,
            Source::Exchange(reply) => read_exchange(reply).await,
        };
        match next {
            Ok(Chunk::Bytes(bytes)) => Some(Ok(bytes)),
            Ok(Chunk::End(trailers)) => {
                self.ended = true;
                self.trailers = trailers;
                None
            }
            Err(e) => {
                self.ended = true;
                Some(Err(e))
            }
        }
    }

    /// The HTTP trailers, once the body has ended: `fetch` never exposes them (gRPC-web
    /// carries its status inside the body), a host exchange may.
    pub(crate) async fn trailers(&mut self) -> Result<Option<HeaderMap>, TransportError> {
        Ok(self.trailers.take())
    }
}

impl Drop for ResponseBody {
    fn drop(&mut self) {
        if let Source::Exchange(reply) = &self.source
            && !self.ended
            && let Some(cancel) = reply.cancel().dyn_ref::<js_sys::Function>()
        {
            let _ = cancel.call0(reply);
        }
        // A `fetch` body is aborted by its `AbortOnDrop`.
    }
}

enum Chunk {
    Bytes(Bytes),
    End(Option<HeaderMap>),
}

async fn read_fetch(reader: &ReadableStreamDefaultReader) -> Result<Chunk, TransportError> {
    let result = JsFuture::from(reader.read())
        .await
        .map_err(|e| js_error("reading the response stream failed", e))?;
    let done = Reflect::get(&result, &JsValue::from_str("done"))
        .ok()
        .and_then(|v| v.as_bool())
        .unwrap_or(true);
    if done {
        return Ok(Chunk::End(None));
    }
    let value = Reflect::get(&result, &JsValue::from_str("value")).unwrap_or(JsValue::UNDEFINED);
    let bytes = value.dyn_into::<Uint8Array>().map_err(|_| {
        TransportError::Unavailable("the response stream gave a chunk that is not bytes".into())
    })?;
    Ok(Chunk::Bytes(Bytes::from(js_bytes::from_js(&bytes))))
}

async fn read_exchange(reply: &StreamReply) -> Result<Chunk, TransportError> {
    let read = reply.read().dyn_into::<js_sys::Function>().map_err(|_| {
        TransportError::Unavailable("the HTTP exchange's stream has no read()".into())
    })?;
    let pending = read
        .call0(reply)
        .map_err(|e| exchange_error(e, usize::MAX))?;
    // `resolve` adopts a promise and wraps anything else, so a wrong return cannot trap.
    let value = JsFuture::from(Promise::resolve(&pending))
        .await
        .map_err(|e| exchange_error(e, usize::MAX))?;
    if let Some(bytes) = value.dyn_ref::<Uint8Array>() {
        return Ok(Chunk::Bytes(Bytes::from(js_bytes::from_js(bytes))));
    }
    if let Some(lines) = value.as_string() {
        return Ok(Chunk::End(Some(parse_header_lines(&lines))));
    }
    if value.is_undefined() || value.is_null() {
        return Ok(Chunk::End(None));
    }
    Err(TransportError::Unavailable(
        "the HTTP exchange's read() gave neither bytes nor trailers".into(),
    ))
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// What a streaming exchange resolves to once the response head is in:
    /// `{status, headers, read, cancel}`. `read()` gives a promise of the next chunk (a
    /// `Uint8Array`), then of the trailer lines (a string, perhaps empty) once the body has
    /// ended; it rejects when the stream fails. `cancel()` resets the stream.
    #[wasm_bindgen(extends = ExchangeReply)]
    type StreamReply;

    #[wasm_bindgen(method, getter)]
    fn read(this: &StreamReply) -> JsValue;
    #[wasm_bindgen(method, getter)]
    fn cancel(this: &StreamReply) -> JsValue;
}

impl Transport {
    /// Sends a request whose response body is a stream: returns as soon as the response
    /// head is in, with the body to read as it arrives.
    pub(crate) async fn open_stream(
        &self,
        request: HttpRequest,
    ) -> Result<StreamedResponse, TransportError> {
        match super::HTTP_EXCHANGE.with(|slot| slot.borrow().clone()) {
            Some(exchange) => self.open_stream_with_exchange(&exchange, request).await,
            None => self.open_stream_with_fetch(request).await,
        }
    }

    async fn open_stream_with_exchange(
        &self,
        exchange: &HttpExchange,
        request: HttpRequest,
    ) -> Result<StreamedResponse, TransportError> {
        let (path, lines, body) = self.exchange_parts(&request);
        let pending = exchange
            .exchange_stream(
                &JsValue::UNDEFINED,
                &self.exchange_origin,
                &path,
                &lines,
                &body,
                self.max_response_bytes as f64,
                true,
            )
            .map_err(|e| exchange_error(e, self.max_response_bytes))?;
        let mut cancel = super::CancelOnDrop(Some(pending.clone().unchecked_into()));
        let settled = JsFuture::from(Promise::resolve(&pending)).await;
        cancel.0 = None;
        let reply: StreamReply = settled
            .map_err(|e| exchange_error(e, self.max_response_bytes))?
            .unchecked_into();
        let status = super::reply_status(&reply)?;
        let headers = header_lines(&reply.headers());
        Ok(StreamedResponse {
            status,
            headers,
            body: ResponseBody {
                source: Source::Exchange(reply),
                trailers: None,
                ended: false,
            },
        })
    }

    async fn open_stream_with_fetch(
        &self,
        request: HttpRequest,
    ) -> Result<StreamedResponse, TransportError> {
        let (js_request, abort) = self.fetch_request(&request)?;
        let response: Response = super::fetch(&js_request).await?;
        let headers = copy_headers(&response.headers());
        let status = response.status();
        let reader = response
            .body()
            .map(|stream| {
                stream
                    .get_reader()
                    .dyn_into::<ReadableStreamDefaultReader>()
                    .map_err(|_| {
                        TransportError::Unavailable(
                            "the response body has no default reader".to_owned(),
                        )
                    })
            })
            .transpose()?;
        Ok(StreamedResponse {
            status,
            headers,
            body: ResponseBody {
                source: Source::Fetch {
                    reader,
                    _abort: abort,
                    _request: js_request,
                },
                trailers: None,
                ended: false,
            },
        })
    }
}

/// Streamed bodies through a JavaScript stand-in exchange, and a real subscription through
/// `fetch` and through the package's `node:http2` exchange (run in Node by
/// wasm-bindgen-test-runner with `EDGECACHE_TEST_PORT` naming an edgecache-server).
#[cfg(test)]
mod tests {
    use std::time::Duration;

    use futures_util::StreamExt;
    use js_sys::Function;
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;
    use crate::config::Laptop;
    use crate::endpoint::Origin;
    use crate::topics::ValueKind;
    use crate::{CredentialProvider, TopicClient};

    struct Installed;

    impl Installed {
        fn new(exchange: Function) -> Self {
            Transport::set_http_exchange(Some(exchange));
            Installed
        }
    }

    impl Drop for Installed {
        fn drop(&mut self) {
            Transport::set_http_exchange(None);
        }
    }

    fn stand_in(body: &str) -> Function {
        Function::new_with_args("origin, path, headers, body, max, streaming", body)
    }

    fn transport() -> Transport {
        let origin = Origin::parse("endpoint", "http://127.0.0.1:9", true).unwrap();
        Transport::new(origin, &Laptop::latest())
    }

    fn request() -> HttpRequest {
        HttpRequest {
            path: "/cache_client.pubsub.Pubsub/Subscribe",
            headers: vec![("content-type", "application/grpc-web+proto".to_owned())],
            body: Bytes::from_static(&[0, 0, 0, 0, 0]),
        }
    }

    fn global(name: &str) -> JsValue {
        Reflect::get(&js_sys::global(), &name.into()).unwrap()
    }

    #[wasm_bindgen_test]
    async fn chunks_arrive_in_order_then_the_trailers_and_nothing_after() {
        let _installed = Installed::new(stand_in(
            "if (streaming !== true) throw new Error('not asked to stream');
             const chunks = [[1], [2, 3], [4, 5, 6]];
             return Promise.resolve({ status: 200, headers: 'content-type\\napplication/grpc-web+proto\\n',
               read: () => Promise.resolve(chunks.length ? new Uint8Array(chunks.shift())
                                                         : 'grpc-status\\n0\\n'),
               cancel: () => { globalThis.streamCancelled = true; } });",
        ));
        let mut response = transport().open_stream(request()).await.unwrap();
        assert_eq!(response.status, 200);
        assert_eq!(
            response.headers.get("content-type").unwrap(),
            "application/grpc-web+proto"
        );
        let mut got = Vec::new();
        while let Some(chunk) = response.body.chunk().await {
            got.push(chunk.unwrap().to_vec());
        }
        assert_eq!(got, [vec![1], vec![2, 3], vec![4, 5, 6]]);
        assert!(response.body.chunk().await.is_none(), "ended stays ended");
        let trailers = response.body.trailers().await.unwrap().unwrap();
        assert_eq!(trailers.get("grpc-status").unwrap(), "0");
        drop(response);
        assert!(
            global("streamCancelled").is_undefined(),
            "an ended stream is not cancelled"
        );
    }

    #[wasm_bindgen_test]
    async fn dropping_an_open_stream_cancels_it_and_failures_are_unavailable() {
        let _installed = Installed::new(stand_in(
            "let reads = 0;
             const reply = { status: 200, headers: '',
               read: () => ++reads === 1 ? Promise.resolve(new Uint8Array([9]))
                                         : Promise.reject(new Error('reset by peer')),
               cancel() { globalThis.openStreamCancelled = this === reply; } };
             return Promise.resolve(reply);",
        ));
        let mut response = transport().open_stream(request()).await.unwrap();
        assert_eq!(&response.body.chunk().await.unwrap().unwrap()[..], &[9]);
        drop(response);
        assert_eq!(global("openStreamCancelled").as_bool(), Some(true));

        let mut response = transport().open_stream(request()).await.unwrap();
        response.body.chunk().await.unwrap().unwrap();
        match response.body.chunk().await {
            Some(Err(TransportError::Unavailable(message))) => {
                assert!(message.contains("reset by peer"), "{message}")
            }
            other => panic!("{:?}", other.map(|c| c.map(|b| b.len()))),
        }
        assert!(response.body.chunk().await.is_none());
    }

    #[wasm_bindgen_test]
    async fn a_reply_without_status_or_with_a_wrong_chunk_is_an_error_not_a_trap() {
        let _installed = Installed::new(stand_in("return Promise.resolve({ headers: '' });"));
        assert!(matches!(
            transport().open_stream(request()).await,
            Err(TransportError::Unavailable(m)) if m.contains("valid status")
        ));
        drop(_installed);
        let _installed = Installed::new(stand_in(
            "return Promise.resolve({ status: 200, headers: '', read: () => Promise.resolve(42) });",
        ));
        let mut response = transport().open_stream(request()).await.unwrap();
        assert!(matches!(
            response.body.chunk().await,
            Some(Err(TransportError::Unavailable(m))) if m.contains("neither bytes nor trailers")
        ));
        drop(_installed);
        let _installed = Installed::new(stand_in(
            "return Promise.resolve({ status: 200, headers: '' });",
        ));
        let mut response = transport().open_stream(request()).await.unwrap();
        assert!(matches!(
            response.body.chunk().await,
            Some(Err(TransportError::Unavailable(m))) if m.contains("no read()")
        ));
    }

    /// The port of the edgecache-server the test run started, from Node's environment.
    fn server_port() -> u16 {
        let env = Reflect::get(&global("process"), &"env".into()).expect("runs in Node");
        Reflect::get(&env, &"EDGECACHE_TEST_PORT".into())
            .ok()
            .and_then(|p| p.as_string())
            .expect("EDGECACHE_TEST_PORT must name a running edgecache-server")
            .parse()
            .expect("EDGECACHE_TEST_PORT is a port number")
    }

    /// Subscribes, publishes text and bytes, and checks they arrive once, in order, with
    /// consecutive sequence numbers.
    async fn publish_and_receive(topic: &str) {
        let credentials = CredentialProvider::local_at("127.0.0.1", server_port());
        let cache = format!("web-stream-{topic}");
        crate::CacheClient::builder()
            .configuration(Laptop::latest())
            .credential_provider(credentials.clone())
            .default_ttl(Duration::from_secs(60))
            .build()
            .unwrap()
            .create_cache(&cache)
            .await
            .unwrap();
        let client = TopicClient::builder()
            .configuration(Laptop::latest())
            .credential_provider(credentials)
            .build()
            .unwrap();
        let mut subscription = client.subscribe(&cache, topic).await.unwrap();
        assert_eq!(client.open_subscriptions(), 1);
        client.publish(&cache, topic, "one").await.unwrap();
        client
            .publish(&cache, topic, vec![2u8, 0, 255])
            .await
            .unwrap();
        client.publish(&cache, topic, "three").await.unwrap();
        let mut got = Vec::new();
        for _ in 0..3 {
            let value = crate::call::with_deadline(Duration::from_secs(5), subscription.next())
                .await
                .expect("a value within 5 s")
                .expect("the subscription goes on");
            got.push((value.kind, value.topic_sequence_number));
        }
        let first = got[0].1;
        assert_eq!(
            got,
            [
                (ValueKind::Text("one".into()), first),
                (ValueKind::Binary(vec![2, 0, 255]), first + 1),
                (ValueKind::Text("three".into()), first + 2),
            ]
        );
        drop(subscription);
        assert_eq!(client.open_subscriptions(), 0);
    }

    #[wasm_bindgen_test]
    async fn a_subscription_streams_through_fetch() {
        publish_and_receive("web-stream-fetch").await;
    }

    #[wasm_bindgen_test]
    async fn a_subscription_streams_through_the_node_http2_exchange() {
        // The package's own exchange module, loaded from the source tree.
        let load = Function::new_no_args(
            "return import('node:url').then((url) =>
               import(url.pathToFileURL(process.cwd() + '/js/node-http2.js').href))
               .then((m) => m.http2Exchange);",
        );
        let exchange = JsFuture::from(
            load.call0(&JsValue::UNDEFINED)
                .unwrap()
                .unchecked_into::<Promise>(),
        )
        .await
        .expect("js/node-http2.js loads");
        let _installed = Installed::new(exchange.unchecked_into());
        publish_and_receive("web-stream-http2").await;
    }
}
