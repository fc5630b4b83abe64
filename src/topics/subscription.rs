//! [`Subscription`]: the values of one topic, kept flowing across broken streams.
//!
//! One stream at a time. When it breaks (an error the server or network may recover from, a
//! normal end, or silence longer than the configured limit, which catches half-open
//! connections), the subscription waits a jittered, growing delay and opens a new stream at
//! the sequence number after the last one seen, in its page. The server replays what it still
//! holds, or sends a discontinuity. On top, values arriving twice are dropped and a jump the
//! server did not announce is reported as a discontinuity, so a caller never sees a value
//! twice or a silent gap. Errors that retrying cannot fix end the subscription once, and so
//! does a break that no new stream has mended within `subscription_resume_limit`.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use futures_util::{Stream, StreamExt};
use web_time::Instant;

use crate::call::{Invoker, MessageStream, SubscriptionSlot, with_deadline};
use crate::error::{CacheError, CacheResult, ErrorCode};
use crate::platform::sleep;

use super::backoff::Backoff;
use super::subscribe::subscribe_call;
use super::value::{Discontinuity, SubscriptionItem, SubscriptionValue, decode_item};

/// A place in a topic: a sequence number and its page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Position {
    pub sequence: u64,
    pub page: u64,
}

#[cfg(native)]
type Items = Pin<Box<dyn Stream<Item = CacheResult<SubscriptionItem>> + Send>>;
/// On the web target a stream holds JavaScript values, which stay on their thread.
#[cfg(web)]
type Items = Pin<Box<dyn Stream<Item = CacheResult<SubscriptionItem>>>>;

/// The values published to one topic, as a [`futures_util::Stream`] of
/// [`SubscriptionValue`]s. The stream ends only when the subscription fails for good
/// ([`Subscription::error`] says why). Dropping it unsubscribes: the stream is cancelled on
/// the wire and the client's subscription count goes down.
pub struct Subscription {
    items: Items,
    error: Option<CacheError>,
    cache_name: String,
    topic: String,
}

impl std::fmt::Debug for Subscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscription")
            .field("cache_name", &self.cache_name)
            .field("topic", &self.topic)
            .field("error", &self.error)
            .finish_non_exhaustive()
    }
}

impl Subscription {
    /// Takes a slot and opens the first stream; its errors come back as they are.
    pub(super) async fn open(
        invoker: Arc<Invoker>,
        cache_name: String,
        topic: String,
        resume_at: Option<Position>,
    ) -> CacheResult<Subscription> {
        let slot = invoker.subscription_slot()?;
        let call = subscribe_call(&cache_name, &topic, resume_at);
        let stream = Box::pin(invoker.open_stream(&call)).await?;
        let seed = Arc::as_ptr(&invoker) as u64
            ^ web_time::SystemTime::now()
                .duration_since(web_time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos() as u64);
        let resumer = Resumer {
            silence_limit: invoker.config().subscription_silence_limit(),
            resume_limit: invoker.config().subscription_resume_limit(),
            broken: None,
            invoker,
            cache_name: cache_name.clone(),
            topic: topic.clone(),
            stream: Some(stream),
            messages_on_stream: 0,
            // Resuming at N means N - 1 was seen; 0 asks for the newest values.
            last: resume_at.filter(|at| at.sequence > 0).map(|at| Position {
                sequence: at.sequence - 1,
                page: at.page,
            }),
            pending: None,
            backoff: Backoff::new(seed),
            finished: false,
            _slot: slot,
        };
        let items = futures_util::stream::unfold(resumer, |mut resumer| async move {
            let item = resumer.next().await?;
            Some((item, resumer))
        });
        Ok(Subscription {
            // Fused: `unfold` must not be polled after it ended, and callers may poll on.
            items: Box::pin(items.fuse()),
            error: None,
            cache_name,
            topic,
        })
    }

    /// The next item of any kind: a value, a discontinuity or a heartbeat. `None` once the
    /// subscription has ended; the error that ended it comes once, just before.
    pub async fn next_item(&mut self) -> Option<CacheResult<SubscriptionItem>> {
        std::future::poll_fn(|cx| self.items.as_mut().poll_next(cx)).await
    }

    /// Why the value stream ended, once it has.
    pub fn error(&self) -> Option<&CacheError> {
        self.error.as_ref()
    }
}

impl Stream for Subscription {
    type Item = SubscriptionValue;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<SubscriptionValue>> {
        let this = self.get_mut();
        if this.error.is_some() {
            return Poll::Ready(None);
        }
        loop {
            match this.items.as_mut().poll_next(cx) {
                Poll::Pending => return Poll::Pending,
                Poll::Ready(None) => return Poll::Ready(None),
                Poll::Ready(Some(Ok(SubscriptionItem::Value(value)))) => {
                    return Poll::Ready(Some(value));
                }
                Poll::Ready(Some(Ok(_))) => continue,
                Poll::Ready(Some(Err(error))) => {
                    this.error = Some(error);
                    return Poll::Ready(None);
                }
            }
        }
    }
}

/// The state behind a subscription: the current stream and where the topic is.
struct Resumer {
    invoker: Arc<Invoker>,
    cache_name: String,
    topic: String,
    silence_limit: std::time::Duration,
    resume_limit: std::time::Duration,
    /// Since when no stream has worked, and how: set at a break, cleared once a new stream
    /// delivers.
    broken: Option<Break>,
    stream: Option<MessageStream>,
    messages_on_stream: u64,
    /// The last value (or discontinuity) passed on.
    last: Option<Position>,
    /// A value held back while the discontinuity before it is passed on.
    pending: Option<SubscriptionItem>,
    backoff: Backoff,
    finished: bool,
    _slot: SubscriptionSlot,
}

/// A subscription without a working stream.
struct Break {
    since: Instant,
    attempts: u32,
    /// The latest failure: the error that broke or refused a stream, or `None` when the
    /// server ended it normally.
    last_error: Option<CacheError>,
}

impl Resumer {
    async fn next(&mut self) -> Option<CacheResult<SubscriptionItem>> {
        if let Some(item) = self.pending.take() {
            return Some(Ok(item));
        }
        while !self.finished {
            let Some(stream) = self.stream.as_mut() else {
                if let Some(error) = self.reconnect().await {
                    self.finished = true;
                    return Some(Err(error));
                }
                continue;
            };
            let outcome = match with_deadline(self.silence_limit, stream.next()).await {
                Some(outcome) => outcome,
                None => Err(CacheError::new(
                    ErrorCode::TimeoutError,
                    format!(
                        "the subscription received nothing for {} ms",
                        self.silence_limit.as_millis()
                    ),
                )),
            };
            let message = match outcome {
                Ok(Some(message)) => message,
                // The server ended the stream normally: resume on a new one.
                Ok(None) => {
                    self.broke(None);
                    continue;
                }
                Err(error) => {
                    // A stream that was open ends with UNAUTHENTICATED when the token it was
                    // opened with expires; a refreshed credential opens the next one, and
                    // only a refusal at that opening ends the subscription.
                    if ends_subscription(&error)
                        && error.error_code != ErrorCode::AuthenticationError
                    {
                        self.stream = None;
                        self.finished = true;
                        return Some(Err(error));
                    }
                    self.broke(Some(error));
                    continue;
                }
            };
            self.messages_on_stream += 1;
            // A stream that delivers more than its opening message works: the next break
            // starts again from the shortest wait and with the whole resume limit.
            if self.messages_on_stream > 1 {
                self.backoff.reset();
                self.broken = None;
            }
            match decode_item(&message) {
                Ok(item) => {
                    if let Some(item) = self.admit(item) {
                        return Some(Ok(item));
                    }
                }
                // Nonsense from the server: drop this stream and resume after the last good
                // value.
                Err(why) => self.broke(Some(crate::call::malformed(why))),
            }
        }
        None
    }

    /// Drops the current stream; the resume clock starts at the first break.
    fn broke(&mut self, error: Option<CacheError>) {
        self.stream = None;
        let broken = self.broken.get_or_insert_with(|| Break {
            since: Instant::now(),
            attempts: 0,
            last_error: None,
        });
        broken.last_error = error;
    }

    /// Opens a new stream after the last position, after the backoff delay. Returns an error
    /// that ends the subscription: one retrying cannot fix, or the last failure once the
    /// resume limit has passed. Other failures leave it without a stream, to try again.
    async fn reconnect(&mut self) -> Option<CacheError> {
        let broken = self.broken.get_or_insert_with(|| Break {
            since: Instant::now(),
            attempts: 0,
            last_error: None,
        });
        let elapsed = broken.since.elapsed();
        if elapsed >= self.resume_limit {
            return Some(gave_up(broken, self.resume_limit));
        }
        // The last attempt starts at the limit at the latest.
        let wait = self.backoff.next_delay().min(self.resume_limit - elapsed);
        broken.attempts += 1;
        sleep(wait).await;
        let resume_at = self.last.map(|last| Position {
            sequence: last.sequence + 1,
            page: last.page,
        });
        let call = subscribe_call(&self.cache_name, &self.topic, resume_at);
        match Box::pin(self.invoker.open_stream(&call)).await {
            Ok(stream) => {
                self.stream = Some(stream);
                self.messages_on_stream = 0;
                None
            }
            Err(error) => {
                if ends_subscription(&error) {
                    return Some(error);
                }
                if let Some(broken) = &mut self.broken {
                    broken.last_error = Some(error);
                }
                None
            }
        }
    }

    /// What to pass on for an item from the server: duplicates are dropped, and a jump the
    /// server did not announce is reported as a discontinuity before the value.
    fn admit(&mut self, item: SubscriptionItem) -> Option<SubscriptionItem> {
        match &item {
            SubscriptionItem::Heartbeat => Some(item),
            SubscriptionItem::Discontinuity(gap) => {
                self.last = Some(Position {
                    sequence: gap.new_sequence_number,
                    page: gap.new_sequence_page,
                });
                Some(item)
            }
            SubscriptionItem::Value(value) => {
                let at = Position {
                    sequence: value.topic_sequence_number,
                    page: value.topic_sequence_page,
                };
                let previous = self.last.replace(at);
                match previous {
                    Some(last) if last.page == at.page && at.sequence <= last.sequence => {
                        // Seen already (replayed after a resume).
                        self.last = Some(last);
                        None
                    }
                    Some(last) if last.page != at.page || at.sequence != last.sequence + 1 => {
                        self.pending = Some(item);
                        Some(SubscriptionItem::Discontinuity(Discontinuity {
                            last_sequence_number: Some(last.sequence),
                            new_sequence_number: at.sequence.saturating_sub(1),
                            new_sequence_page: at.page,
                        }))
                    }
                    _ => Some(item),
                }
            }
        }
    }
}

/// The error that ends a subscription no new stream could mend in time: the last failure's
/// code and status (the server unavailable when streams only ended), with the count of tries.
fn gave_up(broken: &mut Break, limit: std::time::Duration) -> CacheError {
    let why = match broken.last_error.take() {
        Some(error) => error,
        None => CacheError::new(
            ErrorCode::ServerUnavailable,
            "every new stream ended before delivering anything",
        ),
    };
    let mut error = CacheError::new(
        why.error_code,
        format!(
            "the subscription could not be resumed within subscription_resume_limit ({} ms, {} attempts); last failure: {}",
            limit.as_millis(),
            broken.attempts,
            why.message
        ),
    );
    error.status = why.status;
    error
}

/// Errors that retrying cannot fix end a subscription; everything else is resumed.
fn ends_subscription(error: &CacheError) -> bool {
    matches!(
        error.error_code,
        ErrorCode::AuthenticationError
            | ErrorCode::PermissionError
            | ErrorCode::CacheNotFoundError
            | ErrorCode::CancelledError
            | ErrorCode::InvalidArgumentError
            | ErrorCode::BadRequestError
            | ErrorCode::ConnectionError
    )
}
