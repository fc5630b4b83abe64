//! The server-streaming call shape. Opening a stream goes through the same stages as a unary
//! call (deadline, in-flight cap, one exchange) but they end with the stream's first message:
//! an open stream that waits for messages holds no slot of the cap and has no deadline. What
//! bounds streams instead is the client's subscription limit ([`SubscriptionSlot`]).

use std::sync::Arc;

use bytes::Bytes;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use web_time::Instant;

use super::exchange::{header_status, malformed, transport_error};
use super::{Call, Invoker, timeout_error, with_deadline};
use crate::error::{CacheError, CacheResult, ErrorCode};
use crate::grpc_web::{self, Framing, Status, StreamDecoder, StreamEvent};
use crate::platform::{ResponseBody, StreamedResponse};

/// The client-wide count of open streams, bounded by `max_concurrent_subscriptions`.
pub(crate) struct StreamLimit {
    slots: Arc<Semaphore>,
    max: usize,
}

impl StreamLimit {
    pub(crate) fn new(max: usize) -> Self {
        StreamLimit {
            slots: Arc::new(Semaphore::new(max)),
            max,
        }
    }
}

/// One subscription's place under the client's limit; the place frees when this drops, so
/// however a subscription ends (dropped, ended, failed) the count goes back down.
#[derive(Debug)]
pub(crate) struct SubscriptionSlot {
    _permit: OwnedSemaphorePermit,
}

impl Invoker {
    /// Takes a subscription slot, or fails at once when all are taken: a subscriber that
    /// waited here could wait forever.
    pub(crate) fn subscription_slot(&self) -> CacheResult<SubscriptionSlot> {
        let limit = &self.streams;
        Arc::clone(&limit.slots)
            .try_acquire_owned()
            .map(|permit| SubscriptionSlot { _permit: permit })
            .map_err(|_| {
                CacheError::new(
                    ErrorCode::ClientResourceExhausted,
                    format!(
                        "this client already has max_concurrent_subscriptions ({}) subscriptions open",
                        limit.max
                    ),
                )
            })
    }

    /// How many subscription slots are taken.
    pub(crate) fn open_subscriptions(&self) -> usize {
        self.streams.max - self.streams.slots.available_permits()
    }

    /// Opens a server-streaming call and waits for its first message (or its end), all
    /// within the configured deadline counted from now.
    pub(crate) async fn open_stream(&self, call: &Call) -> CacheResult<MessageStream> {
        let timeout = self.config.timeout();
        let deadline = Instant::now() + timeout;
        with_deadline(timeout, self.establish(call, deadline))
            .await
            .unwrap_or_else(|| Err(timeout_error(call.rpc.path, timeout)))
    }

    async fn establish(&self, call: &Call, deadline: Instant) -> CacheResult<MessageStream> {
        let _permit = self.cap.acquire().await?;
        if Instant::now() >= deadline {
            return Err(timeout_error(call.rpc.path, self.config.timeout()));
        }
        let first = !self
            .first_request_sent
            .swap(true, std::sync::atomic::Ordering::Relaxed);
        let body = self.exchange.frame(&call.message);
        let request = self.exchange.request(call, body, None, first);
        let response = self
            .transport(call)
            .open_stream(request)
            .await
            .map_err(transport_error)?;
        let mut stream = MessageStream::new(
            response,
            self.exchange.framing(),
            self.config.max_response_bytes(),
        )?;
        // The stream counts as open once its first message is in; until then it is an
        // ordinary call waiting for its reply.
        stream.first = stream.read().await?;
        Ok(stream)
    }
}

// Native only for now: the web transport streams subscriptions, and batches there keep the
// whole-body path until the npm package's runtimes are checked with it.
#[cfg(native)]
impl Invoker {
    /// One attempt of a server-streaming call that ends (a batch): its messages, read as
    /// they arrive, until the stream ends. The caller holds the in-flight slot and the
    /// deadline. Together they may be at most `max_response_bytes`, as one unary body may.
    pub(super) async fn read_all(
        &self,
        call: &Call,
        request: crate::platform::HttpRequest,
    ) -> CacheResult<Vec<Bytes>> {
        let response = self
            .transport(call)
            .open_stream(request)
            .await
            .map_err(transport_error)?;
        let limit = self.config.max_response_bytes();
        let mut stream = MessageStream::new(response, self.exchange.framing(), limit)?;
        let mut messages = Vec::new();
        let mut total = 0usize;
        while let Some(message) = stream.read().await? {
            total = total.saturating_add(message.len());
            if total > limit {
                let too_large = crate::platform::TransportError::ResponseTooLarge { limit };
                return Err(transport_error(too_large));
            }
            messages.push(message);
        }
        Ok(messages)
    }
}

/// The messages of one open stream, read as they arrive. Dropping it cancels the stream.
pub(crate) struct MessageStream {
    body: ResponseBody,
    decoder: StreamDecoder,
    /// The message read while the stream was opened, handed out first.
    first: Option<Bytes>,
    /// The stream has ended (with its status already reported).
    ended: bool,
}

impl MessageStream {
    /// Checks the response head: an HTTP error or a trailers-only status ends the call here.
    fn new(response: StreamedResponse, framing: Framing, max_message: usize) -> CacheResult<Self> {
        if !(200..300).contains(&response.status) {
            let code = grpc_web::status_from_http(response.status);
            return Err(CacheError::from_status(Status::new(
                code,
                format!("the server answered HTTP {}", response.status),
            )));
        }
        let head_status = header_status(&response.headers)?;
        if let Some(status) = &head_status
            && status.code != 0
        {
            return Err(CacheError::from_status(status.clone()));
        }
        let content_type = response
            .headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        let text = if content_type.starts_with("application/grpc-web-text") {
            true
        } else if content_type.starts_with("application/grpc") {
            false
        } else if head_status.is_some() {
            // A trailers-only OK: an empty stream, whatever the content type.
            framing == Framing::Text
        } else {
            return Err(malformed(format!(
                "unexpected content-type {content_type:?}"
            )));
        };
        Ok(MessageStream {
            body: response.body,
            decoder: StreamDecoder::new(text, max_message),
            first: None,
            ended: false,
        })
    }

    /// The next message; `Ok(None)` once the stream has ended with an OK status. A stream
    /// that ended with an error reports it once and then `Ok(None)`.
    pub(crate) async fn next(&mut self) -> CacheResult<Option<Bytes>> {
        if let Some(first) = self.first.take() {
            return Ok(Some(first));
        }
        self.read().await
    }

    async fn read(&mut self) -> CacheResult<Option<Bytes>> {
        if self.ended {
            return Ok(None);
        }
        let result = self.read_inner().await;
        if !matches!(result, Ok(Some(_))) {
            self.ended = true;
        }
        result
    }

    async fn read_inner(&mut self) -> CacheResult<Option<Bytes>> {
        loop {
            match self.decoder.next_event().map_err(malformed)? {
                Some(StreamEvent::Message(message)) => return Ok(Some(message)),
                Some(StreamEvent::Trailers(status)) => return ended_with(status),
                None => {}
            }
            match self.body.chunk().await {
                Some(chunk) => {
                    let chunk = chunk.map_err(transport_error)?;
                    self.decoder.push(&chunk).map_err(malformed)?;
                }
                None => {
                    self.decoder.finish().map_err(malformed)?;
                    let trailers = self.body.trailers().await.map_err(transport_error)?;
                    let status = trailers
                        .as_ref()
                        .map(header_status)
                        .transpose()?
                        .flatten()
                        .ok_or_else(|| {
                            malformed("the stream ended without a grpc-status (no trailers)")
                        })?;
                    return ended_with(status);
                }
            }
        }
    }
}

fn ended_with(status: Status) -> CacheResult<Option<Bytes>> {
    if status.code == 0 {
        Ok(None)
    } else {
        Err(CacheError::from_status(status))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credential::CredentialProvider;

    #[test]
    fn the_subscription_limit_is_exact_and_slots_come_back_when_dropped() {
        let config = crate::configurations::Laptop::latest()
            .to_builder()
            .max_concurrent_subscriptions(2)
            .build()
            .unwrap();
        let invoker = Invoker::new(config, &CredentialProvider::local()).unwrap();
        let a = invoker.subscription_slot().unwrap();
        let b = invoker.subscription_slot().unwrap();
        assert_eq!(invoker.open_subscriptions(), 2);
        let refused = invoker.subscription_slot().unwrap_err();
        assert_eq!(refused.error_code, ErrorCode::ClientResourceExhausted);
        assert!(refused.message.contains("max_concurrent_subscriptions (2)"));
        drop(a);
        assert_eq!(invoker.open_subscriptions(), 1);
        let c = invoker.subscription_slot().unwrap();
        drop((b, c));
        assert_eq!(invoker.open_subscriptions(), 0);
    }
}
