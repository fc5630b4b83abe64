//! One open subscription: a cursor into its topic's history, and the guard that keeps it counted.

use std::collections::VecDeque;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::watch;

use super::topic::Topic;
use super::{Delivery, Discontinuity, TopicCounters, TopicError};

/// Messages taken from the topic per lock; also all a subscription ever holds of its own.
const READ_BATCH: usize = 16;

/// An open subscription. Dropping it unsubscribes: the counts go down however the stream that
/// owns it ends (the client cancels, the connection drops, an error, the server stops).
pub struct Subscription {
    cache: String,
    topic: Arc<Topic>,
    /// Number of the next message to deliver.
    cursor: u64,
    ready: VecDeque<Delivery>,
    wake: watch::Receiver<()>,
    _counted: Counted,
}

impl std::fmt::Debug for Subscription {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Subscription")
            .field("cache", &self.cache)
            .field("page", &self.topic.page())
            .field("cursor", &self.cursor)
            .finish_non_exhaustive()
    }
}

impl Subscription {
    /// Opens a subscription at `cursor`, delivering `first` before anything else. The caller has
    /// already counted it in `cache_subscribers` and `counters.subscribers`.
    pub(crate) fn new(
        cache: String,
        topic: Arc<Topic>,
        cursor: u64,
        first: Option<Discontinuity>,
        cache_subscribers: Arc<AtomicUsize>,
        counters: Arc<TopicCounters>,
    ) -> Self {
        // Watch before the first read, so no publish between the two is missed.
        let wake = topic.watch();
        Subscription {
            cache,
            topic,
            cursor,
            ready: first.map(Delivery::Discontinuity).into_iter().collect(),
            wake,
            _counted: Counted {
                cache_subscribers,
                counters,
            },
        }
    }

    /// The topic's page.
    pub fn page(&self) -> u64 {
        self.topic.page()
    }

    /// The next delivery if one is ready now, without waiting.
    pub fn try_next(&mut self) -> Result<Option<Delivery>, TopicError> {
        if self.ready.is_empty() {
            self.refill()?;
        }
        Ok(self.ready.pop_front())
    }

    /// Waits for the next delivery. Cancel-safe: dropping the future loses nothing.
    pub async fn next(&mut self) -> Result<Delivery, TopicError> {
        loop {
            if let Some(delivery) = self.try_next()? {
                return Ok(delivery);
            }
            if self.wake.changed().await.is_err() {
                // The topic itself is gone; it is only dropped after being closed.
                return Err(self.not_found());
            }
        }
    }

    fn refill(&mut self) -> Result<(), TopicError> {
        self.topic
            .read_from(&mut self.cursor, READ_BATCH, &mut self.ready)
            .map_err(|_| self.not_found())
    }

    fn not_found(&self) -> TopicError {
        TopicError::CacheNotFound {
            cache: self.cache.clone(),
        }
    }
}

/// Keeps one subscription counted, per cache and server-wide, until dropped.
struct Counted {
    cache_subscribers: Arc<AtomicUsize>,
    counters: Arc<TopicCounters>,
}

impl Drop for Counted {
    fn drop(&mut self) {
        self.cache_subscribers.fetch_sub(1, Ordering::Relaxed);
        TopicCounters::sub(&self.counters.subscribers, 1);
    }
}
