//! Topics: the publish/subscribe engine behind `cache_client.pubsub.Pubsub`.
//!
//! A [`TopicHub`] holds the topics of every cache. Each topic numbers its messages 1, 2, 3, …
//! within a *sequence page*, keeps a bounded history of recent messages, and wakes its
//! subscribers when something is published. A subscriber is only a cursor into that history, so
//! a slow subscriber costs no memory of its own: when the history moves past its cursor it gets
//! a discontinuity instead of a queue that grows.
//!
//! Behaviour, where the protocol leaves room (all of it observable on the wire):
//!
//! - **Pages.** A topic's page is chosen when the topic is created: the creation time in
//!   milliseconds since the Unix epoch times 1024 plus a random number below 1024. Pages of a
//!   later server run are therefore greater, runs never share one, and every page stays below
//!   2^53 so JavaScript clients, which read `uint64` fields as numbers, carry it exactly. A topic
//!   is created by its first publish or subscribe and lives until its cache is deleted or the
//!   server stops; a deleted and re-created cache gets topics with new, greater pages.
//! - **History.** A message stays replayable while it is among the last
//!   [`TopicConfig::history_per_topic`] messages of its topic *and* among the last
//!   [`TopicConfig::history_bytes`] bytes published to all topics together (payload, publisher
//!   id and a fixed 64-byte overhead per message), so the memory held by topics is bounded
//!   however many topics there are.
//! - **The stream** (see `service::subscription_stream`) opens with a heartbeat, sent at once,
//!   then sends what follows, then a heartbeat after every heartbeat interval of silence.
//! - **Where a subscription starts.** `resume_at_topic_sequence_number` N is the first message
//!   the subscriber wants:
//!   - N = 0: only messages published from now on.
//!   - N still in the history (or N = the next number): replay from N, then live messages.
//!   - `sequence_page` P names another page (the topic was reset, or P is unknown here): a
//!     discontinuity `{last: 0, new: oldest - 1, page}` first, then the whole retained history
//!     of the current page. P = 0 means "the current page".
//!   - N older than the history: a discontinuity `{last: N - 1, new: oldest - 1, page}`, then
//!     the history from its oldest message.
//!   - N beyond the next number: a discontinuity `{last: N - 1, new: next - 1, page}`, then live
//!     messages.
//!
//!   So `new_topic_sequence` is always the number *after which* messages continue: the next
//!   message the subscriber gets is `new + 1`.
//! - **Resuming at an already delivered number.** The official SDKs disagree: the JavaScript
//!   SDKs resume at the last number seen + 1, the Rust and Go SDKs at the last number seen. The
//!   server takes N literally (the first message wanted), which gives exactly-once delivery to
//!   clients that resume at last + 1 (edgecache's and the JavaScript ones); a client that
//!   resumes at the last number seen gets that one message again.
//! - **Slow subscribers.** A subscriber whose cursor falls out of the history gets a
//!   discontinuity `{last: cursor - 1, new: oldest - 1, page}` and continues from the oldest
//!   retained message.
//! - **Limits.** Payloads over [`TopicConfig::max_message_bytes`] (4 KiB, the documented hosted
//!   limit, by default) are refused; so is a subscription beyond
//!   [`TopicConfig::max_subscriptions_per_cache`] (100 by default).

mod history;
mod hub;
mod subscription;
mod topic;

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use bytes::Bytes;

pub use hub::TopicHub;
pub use subscription::Subscription;

/// Settings of the topic engine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TopicConfig {
    /// A subscription that has sent nothing for this long sends a heartbeat.
    pub heartbeat_interval: Duration,
    /// Messages per topic kept for resuming subscribers.
    pub history_per_topic: usize,
    /// Bytes of history kept across all topics together.
    pub history_bytes: usize,
    /// Largest payload (text bytes in UTF-8, or binary bytes) a publish may carry.
    pub max_message_bytes: usize,
    /// Concurrent subscriptions per cache; one more is refused with `RESOURCE_EXHAUSTED`.
    pub max_subscriptions_per_cache: usize,
}

impl TopicConfig {
    /// Checks the settings: a heartbeat interval of at least 1 ms and a history of at least one
    /// message per topic (the history is also what live subscribers read from).
    pub fn validate(&self) -> Result<(), String> {
        if self.heartbeat_interval < Duration::from_millis(1) {
            return Err("the topic heartbeat interval must be at least 1 ms".into());
        }
        if self.history_per_topic == 0 {
            return Err("the topic history must keep at least 1 message per topic".into());
        }
        Ok(())
    }
}

impl Default for TopicConfig {
    fn default() -> Self {
        TopicConfig {
            heartbeat_interval: Duration::from_secs(5),
            history_per_topic: 1000,
            history_bytes: 64 * 1024 * 1024,
            max_message_bytes: 4096,
            max_subscriptions_per_cache: 100,
        }
    }
}

/// A published value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Payload {
    /// UTF-8 text.
    Text(String),
    /// Raw bytes.
    Binary(Bytes),
}

impl Payload {
    /// Size that the message-size limit applies to.
    pub fn len(&self) -> usize {
        match self {
            Payload::Text(text) => text.len(),
            Payload::Binary(bytes) => bytes.len(),
        }
    }

    /// Whether the payload has no bytes (allowed: an empty message is still a message).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A message as it is kept in a topic's history and delivered to subscribers.
#[derive(Debug, PartialEq, Eq)]
pub struct Message {
    /// Its number within `page`.
    pub sequence: u64,
    /// The topic's page when it was published.
    pub page: u64,
    /// The value.
    pub payload: Payload,
    /// Who published it (empty when the publisher has no identity).
    pub publisher_id: String,
}

/// "Messages may be missing here": the next message delivered is number `new_sequence + 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Discontinuity {
    /// Last number the subscriber is known to have had (0 when unknown, e.g. another page).
    pub last_sequence: u64,
    /// Messages continue after this number.
    pub new_sequence: u64,
    /// The topic's current page.
    pub page: u64,
}

/// What a subscription hands its stream next.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Delivery {
    /// A published message.
    Message(Arc<Message>),
    /// Some messages are not coming; see [`Discontinuity`].
    Discontinuity(Discontinuity),
}

/// Where a subscription asks to start (`resume_at_topic_sequence_number`, `sequence_page`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ResumeAt {
    /// First message wanted; 0 = only messages published from now on.
    pub sequence: u64,
    /// The page `sequence` belongs to; 0 = the current page.
    pub page: u64,
}

/// Why a publish or subscribe was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TopicError {
    /// `cache_name` is empty or only whitespace.
    EmptyCacheName,
    /// `topic` is empty or only whitespace.
    EmptyTopicName,
    /// No cache of this name (also: deleted while the subscription was open).
    CacheNotFound { cache: String },
    /// The payload is over [`TopicConfig::max_message_bytes`].
    MessageTooLarge { size: usize, limit: usize },
    /// The cache already has [`TopicConfig::max_subscriptions_per_cache`] subscriptions.
    TooManySubscriptions { cache: String, limit: usize },
}

impl fmt::Display for TopicError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TopicError::EmptyCacheName => {
                f.write_str("invalid argument: cache_name must not be empty")
            }
            TopicError::EmptyTopicName => f.write_str("invalid argument: topic must not be empty"),
            TopicError::CacheNotFound { cache } => write!(f, "cache not found: {cache}"),
            // Clients without the `err` trailer look for "request limit" in the text.
            TopicError::MessageTooLarge { size, limit } => write!(
                f,
                "request limit exceeded: the topic message is {size} bytes, the limit is {limit} bytes"
            ),
            // ... and for "subscribers".
            TopicError::TooManySubscriptions { cache, limit } => write!(
                f,
                "too many subscribers: cache {cache} already has {limit} subscriptions (limit: {limit})"
            ),
        }
    }
}

impl std::error::Error for TopicError {}

/// Counters of the topic engine, read by `/stats`.
#[derive(Debug, Default)]
pub(crate) struct TopicCounters {
    pub(crate) topics: AtomicU64,
    pub(crate) subscribers: AtomicU64,
    pub(crate) subscriptions_opened: AtomicU64,
    pub(crate) published: AtomicU64,
    pub(crate) delivered: AtomicU64,
    pub(crate) discontinuities: AtomicU64,
    pub(crate) heartbeats: AtomicU64,
}

impl TopicCounters {
    pub(crate) fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }

    pub(crate) fn sub(counter: &AtomicU64, n: u64) {
        counter.fetch_sub(n, Ordering::Relaxed);
    }

    pub(crate) fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }

    /// Zeroes the counters; the gauges (topics, subscribers) stay.
    pub(crate) fn reset(&self) {
        for counter in [
            &self.subscriptions_opened,
            &self.published,
            &self.delivered,
            &self.discontinuities,
            &self.heartbeats,
        ] {
            counter.store(0, Ordering::Relaxed);
        }
    }
}

/// Checks a cache or topic name the way the SDKs do: not empty after trimming.
fn non_blank(name: &str) -> bool {
    !name.trim().is_empty()
}
