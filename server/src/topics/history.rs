//! The server-wide history window: the most recent published bytes, over all topics together.
//!
//! Each topic bounds its own history by count; this window bounds the sum, so the memory topics
//! hold does not grow with the number of topics. It remembers, in publish order, which message
//! of which topic each byte belongs to, and lets go of the oldest once over its limit.

use std::collections::VecDeque;
use std::sync::{Arc, Weak};

use super::Message;
use super::topic::Topic;

/// Bytes a message is charged on top of its payload and publisher id (bookkeeping, and so
/// that empty messages still count).
pub(crate) const MESSAGE_OVERHEAD: usize = 64;

/// A message the window let go of: its topic should forget it (and everything older).
pub(crate) struct Evicted {
    pub(crate) topic: Weak<Topic>,
    pub(crate) sequence: u64,
}

pub(crate) struct HistoryWindow {
    limit: usize,
    used: usize,
    entries: VecDeque<Entry>,
}

struct Entry {
    topic: Weak<Topic>,
    sequence: u64,
    weight: usize,
}

impl HistoryWindow {
    pub(crate) fn new(limit: usize) -> Self {
        HistoryWindow {
            limit,
            used: 0,
            entries: VecDeque::new(),
        }
    }

    /// What a message is charged.
    pub(crate) fn weight(message: &Message) -> usize {
        message.payload.len() + message.publisher_id.len() + MESSAGE_OVERHEAD
    }

    /// Records a new message and returns the oldest ones that no longer fit. The newest
    /// message always stays, so a live subscriber can still read it.
    pub(crate) fn admit(&mut self, topic: &Arc<Topic>, message: &Message) -> Vec<Evicted> {
        let weight = Self::weight(message);
        self.entries.push_back(Entry {
            topic: Arc::downgrade(topic),
            sequence: message.sequence,
            weight,
        });
        self.used += weight;
        let mut evicted = Vec::new();
        while self.used > self.limit && self.entries.len() > 1 {
            let Some(oldest) = self.entries.pop_front() else {
                break;
            };
            self.used -= oldest.weight;
            evicted.push(Evicted {
                topic: oldest.topic,
                sequence: oldest.sequence,
            });
        }
        evicted
    }

    #[cfg(test)]
    pub(crate) fn used(&self) -> usize {
        self.used
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::topics::Payload;

    fn message(sequence: u64, size: usize) -> Message {
        Message {
            sequence,
            page: 1,
            payload: Payload::Binary(vec![0; size].into()),
            publisher_id: String::new(),
        }
    }

    #[test]
    fn lets_go_of_the_oldest_bytes_first() {
        let a = Arc::new(Topic::new(1));
        let b = Arc::new(Topic::new(2));
        let unit = 100 + MESSAGE_OVERHEAD;
        let mut window = HistoryWindow::new(3 * unit);
        assert!(window.admit(&a, &message(1, 100)).is_empty());
        assert!(window.admit(&b, &message(1, 100)).is_empty());
        assert!(window.admit(&a, &message(2, 100)).is_empty());
        assert_eq!(window.used(), 3 * unit);
        let evicted = window.admit(&b, &message(2, 100));
        assert_eq!(evicted.len(), 1);
        assert!(Weak::ptr_eq(&evicted[0].topic, &Arc::downgrade(&a)));
        assert_eq!(evicted[0].sequence, 1);
        assert_eq!(window.used(), 3 * unit);
    }

    #[test]
    fn the_newest_message_always_stays() {
        let a = Arc::new(Topic::new(1));
        let mut window = HistoryWindow::new(10);
        assert!(window.admit(&a, &message(1, 1000)).is_empty());
        let evicted = window.admit(&a, &message(2, 0));
        assert_eq!(evicted.len(), 1);
        assert_eq!(evicted[0].sequence, 1);
        assert_eq!(window.used(), MESSAGE_OVERHEAD);
    }
}
