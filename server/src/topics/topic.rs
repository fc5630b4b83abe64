//! One topic: its page, its numbering, its history, and the signal that wakes its subscribers.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use tokio::sync::watch;

use super::history::HistoryWindow;
use super::{Delivery, Discontinuity, Message, Payload, ResumeAt};

/// The topic was closed (its cache was deleted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Closed;

pub(crate) struct Topic {
    page: u64,
    state: Mutex<TopicState>,
    /// Bumped after every publish and on close; subscribers wait on it.
    wake: watch::Sender<()>,
}

struct TopicState {
    /// Number the next published message gets (the first is 1).
    next_sequence: u64,
    /// Consecutive recent messages, oldest first.
    history: VecDeque<Arc<Message>>,
    closed: bool,
}

impl TopicState {
    /// Number of the oldest message still held (the next number when none is).
    fn oldest(&self) -> u64 {
        self.history
            .front()
            .map_or(self.next_sequence, |message| message.sequence)
    }
}

impl Topic {
    pub(crate) fn new(page: u64) -> Self {
        Topic {
            page,
            state: Mutex::new(TopicState {
                next_sequence: 1,
                history: VecDeque::new(),
                closed: false,
            }),
            wake: watch::Sender::new(()),
        }
    }

    pub(crate) fn page(&self) -> u64 {
        self.page
    }

    fn state(&self) -> MutexGuard<'_, TopicState> {
        // Every change under the lock is a push, a pop or a flag; a panic elsewhere cannot leave
        // the state half-written, so a poisoned lock is still usable.
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Numbers and keeps a message, admits it to the server-wide history window, and wakes the
    /// subscribers. Returns the message and what the window let go of (to forget once no lock
    /// is held), or `Closed`.
    pub(crate) fn publish(
        self: &Arc<Self>,
        payload: Payload,
        publisher_id: String,
        keep: usize,
        window: &Mutex<HistoryWindow>,
    ) -> Result<(Arc<Message>, Vec<super::history::Evicted>), Closed> {
        let (message, evicted) = {
            let mut state = self.state();
            if state.closed {
                return Err(Closed);
            }
            let message = Arc::new(Message {
                sequence: state.next_sequence,
                page: self.page,
                payload,
                publisher_id,
            });
            state.next_sequence += 1;
            state.history.push_back(message.clone());
            while state.history.len() > keep.max(1) {
                state.history.pop_front();
            }
            // Admitted while the topic is locked, so the window sees each topic's messages in
            // number order.
            let evicted = window
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .admit(self, &message);
            (message, evicted)
        };
        self.wake.send_replace(());
        Ok((message, evicted))
    }

    /// Lets go of every held message up to and including `sequence`.
    pub(crate) fn forget_through(&self, sequence: u64) {
        let mut state = self.state();
        while state
            .history
            .front()
            .is_some_and(|message| message.sequence <= sequence)
        {
            state.history.pop_front();
        }
    }

    /// Ends the topic: held messages are dropped and every subscriber's next read fails.
    pub(crate) fn close(&self) {
        {
            let mut state = self.state();
            state.closed = true;
            state.history.clear();
        }
        self.wake.send_replace(());
    }

    /// A receiver that sees every later publish and the close.
    pub(crate) fn watch(&self) -> watch::Receiver<()> {
        self.wake.subscribe()
    }

    /// Where a new subscription's cursor starts, and the discontinuity it gets first, if any
    /// (the rules are in the module docs of `topics`).
    pub(crate) fn start(&self, resume: ResumeAt) -> (u64, Option<Discontinuity>) {
        let state = self.state();
        let oldest = state.oldest();
        let next = state.next_sequence;
        let gap = |last_sequence: u64, resume_from: u64| {
            Some(Discontinuity {
                last_sequence,
                new_sequence: resume_from - 1,
                page: self.page,
            })
        };
        if resume.sequence == 0 {
            return (next, None);
        }
        if resume.page != 0 && resume.page != self.page {
            return (oldest, gap(0, oldest));
        }
        let wanted = resume.sequence;
        if wanted < oldest {
            (oldest, gap(wanted - 1, oldest))
        } else if wanted > next {
            (next, gap(wanted - 1, next))
        } else {
            (wanted, None)
        }
    }

    /// Appends to `out` up to `max` deliveries from `cursor` on and advances it: a
    /// discontinuity first when the history has moved past the cursor.
    pub(crate) fn read_from(
        &self,
        cursor: &mut u64,
        max: usize,
        out: &mut VecDeque<Delivery>,
    ) -> Result<(), Closed> {
        let state = self.state();
        if state.closed {
            return Err(Closed);
        }
        let oldest = state.oldest();
        if *cursor < oldest {
            out.push_back(Delivery::Discontinuity(Discontinuity {
                last_sequence: *cursor - 1,
                new_sequence: oldest - 1,
                page: self.page,
            }));
            *cursor = oldest;
        }
        let skip = usize::try_from(*cursor - oldest).unwrap_or(usize::MAX);
        for message in state.history.iter().skip(skip).take(max) {
            out.push_back(Delivery::Message(message.clone()));
            *cursor = message.sequence + 1;
        }
        Ok(())
    }

    /// Number of the next message (for tests and stats).
    #[cfg(test)]
    pub(crate) fn next_sequence(&self) -> u64 {
        self.state().next_sequence
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: u64 = 77;

    fn window() -> Mutex<HistoryWindow> {
        Mutex::new(HistoryWindow::new(usize::MAX))
    }

    fn topic_with(count: u64, keep: usize) -> Arc<Topic> {
        let topic = Arc::new(Topic::new(PAGE));
        let window = window();
        for i in 0..count {
            topic
                .publish(
                    Payload::Text(format!("m{}", i + 1)),
                    String::new(),
                    keep,
                    &window,
                )
                .unwrap();
        }
        topic
    }

    fn read_all(topic: &Topic, cursor: &mut u64) -> Vec<Delivery> {
        let mut out = VecDeque::new();
        topic.read_from(cursor, usize::MAX, &mut out).unwrap();
        out.into()
    }

    fn sequences(deliveries: &[Delivery]) -> Vec<u64> {
        deliveries
            .iter()
            .filter_map(|d| match d {
                Delivery::Message(m) => Some(m.sequence),
                Delivery::Discontinuity(_) => None,
            })
            .collect()
    }

    fn gap(last_sequence: u64, new_sequence: u64) -> Option<Discontinuity> {
        Some(Discontinuity {
            last_sequence,
            new_sequence,
            page: PAGE,
        })
    }

    #[test]
    fn numbers_start_at_one_and_are_consecutive() {
        let topic = topic_with(5, 100);
        assert_eq!(topic.next_sequence(), 6);
        let mut cursor = 1;
        let got = read_all(&topic, &mut cursor);
        assert_eq!(sequences(&got), [1, 2, 3, 4, 5]);
        assert!(
            got.iter()
                .all(|d| matches!(d, Delivery::Message(m) if m.page == PAGE))
        );
        assert_eq!(cursor, 6);
        assert!(read_all(&topic, &mut cursor).is_empty());
    }

    #[test]
    fn start_rules() {
        // Messages 1..=10 published, 6..=10 kept.
        let topic = topic_with(10, 5);
        let at = |sequence, page| topic.start(ResumeAt { sequence, page });
        assert_eq!(at(0, 0), (11, None), "0 = newest only");
        assert_eq!(at(0, 999), (11, None), "0 ignores the page");
        assert_eq!(at(7, 0), (7, None), "inside the history, page unknown");
        assert_eq!(at(7, PAGE), (7, None), "inside the history, same page");
        assert_eq!(at(6, PAGE), (6, None), "oldest kept");
        assert_eq!(at(11, PAGE), (11, None), "the next number: nothing missed");
        assert_eq!(at(3, PAGE), (6, gap(2, 5)), "older than the history");
        assert_eq!(at(15, PAGE), (11, gap(14, 10)), "beyond the next number");
        assert_eq!(
            at(7, 999),
            (6, gap(0, 5)),
            "another page: the whole history"
        );
    }

    #[test]
    fn empty_topic_starts() {
        let topic = topic_with(0, 5);
        assert_eq!(
            topic.start(ResumeAt {
                sequence: 1,
                page: 0
            }),
            (1, None)
        );
        assert_eq!(
            topic.start(ResumeAt {
                sequence: 1,
                page: 5
            }),
            (1, gap(0, 0))
        );
    }

    #[test]
    fn a_cursor_behind_the_history_gets_a_discontinuity_then_the_oldest() {
        let topic = topic_with(3, 5);
        let mut cursor = 2;
        assert_eq!(sequences(&read_all(&topic, &mut cursor)), [2, 3]);
        // Eight more: 4..=11, of which 7..=11 are kept.
        let window = window();
        for _ in 0..8 {
            topic
                .publish(Payload::Binary(vec![1].into()), String::new(), 5, &window)
                .unwrap();
        }
        let got = read_all(&topic, &mut cursor);
        assert_eq!(
            got[0],
            Delivery::Discontinuity(Discontinuity {
                last_sequence: 3,
                new_sequence: 6,
                page: PAGE
            })
        );
        assert_eq!(sequences(&got), [7, 8, 9, 10, 11]);
    }

    #[test]
    fn reads_are_bounded_by_max() {
        let topic = topic_with(10, 100);
        let mut cursor = 1;
        let mut out = VecDeque::new();
        topic.read_from(&mut cursor, 4, &mut out).unwrap();
        assert_eq!(out.len(), 4);
        assert_eq!(cursor, 5);
    }

    #[test]
    fn forget_through_and_close() {
        let topic = topic_with(6, 100);
        topic.forget_through(4);
        let mut cursor = 1;
        let got = read_all(&topic, &mut cursor);
        assert_eq!(sequences(&got), [5, 6]);
        topic.close();
        let mut out = VecDeque::new();
        assert_eq!(topic.read_from(&mut cursor, 10, &mut out), Err(Closed));
        let published = topic.publish(Payload::Text(String::new()), String::new(), 5, &window());
        assert!(matches!(published, Err(Closed)));
    }

    #[tokio::test]
    async fn publishes_and_close_wake_watchers() {
        let topic = topic_with(0, 5);
        let mut watcher = topic.watch();
        topic
            .publish(Payload::Text("x".into()), String::new(), 5, &window())
            .unwrap();
        watcher.changed().await.unwrap();
        topic.close();
        watcher.changed().await.unwrap();
    }
}
