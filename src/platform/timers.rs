//! Timers on wasm32: one `setTimeout` for all pending sleeps of this module instance.
//!
//! Every call races a deadline, so a timer per call would cost a `setTimeout`, a
//! `clearTimeout` and a wasm-bindgen closure (with its finalizer registration) per call, for
//! a timer that almost never fires. Here the pending sleeps wait in an ordered map and only
//! the earliest one is armed in JavaScript: a call that registers a later deadline than the
//! armed one (the usual case: equal timeouts, issued in order) makes no JavaScript call at
//! all. Written by hand because the wasm timer crates (gloo-timers, futures-timer's wasm
//! mode) arm one JavaScript timer per future; gloo-timers still arms the single one here.
//!
//! When nothing is pending, nothing is armed, so an idle client never keeps Node's event
//! loop alive.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use gloo_timers::callback::Timeout;
use web_time::Instant;

/// The longest delay `setTimeout` honours; an earliest deadline further away is re-armed
/// when this one fires.
const MAX_TIMER_MS: u64 = i32::MAX as u64;

/// A pending sleep: its deadline in whole milliseconds since [`Timers::origin`], then a
/// sequence number that tells equal deadlines apart.
type Key = (u64, u64);

struct Timers {
    /// The clock's zero; deadlines are kept as milliseconds after it.
    origin: Instant,
    pending: BTreeMap<Key, Option<Waker>>,
    next_id: u64,
    /// The JavaScript timer, if armed, and when it goes off (ms after `origin`).
    armed: Option<(u64, Timeout)>,
}

thread_local! {
    static TIMERS: RefCell<Timers> = RefCell::new(Timers {
        origin: Instant::now(),
        pending: BTreeMap::new(),
        next_id: 0,
        armed: None,
    });
}

impl Timers {
    fn now_ms(&self) -> u64 {
        u64::try_from(self.origin.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// Makes sure the JavaScript timer fires no later than the earliest pending deadline, and
    /// that none is armed when nothing is pending.
    fn rearm(&mut self) {
        let Some(&(earliest, _)) = self.pending.keys().next() else {
            // Dropping a gloo `Timeout` clears it.
            self.armed = None;
            return;
        };
        if self.armed.as_ref().is_some_and(|(at, _)| *at <= earliest) {
            return;
        }
        // JavaScript timers take at most 2^31 - 1 ms; a longer delay would fire at once.
        let now = self.now_ms();
        let delay = earliest.saturating_sub(now).min(MAX_TIMER_MS);
        let millis = u32::try_from(delay).unwrap_or(u32::MAX);
        self.armed = Some((now + delay, Timeout::new(millis, fire)));
    }
}

/// The JavaScript timer went off: wake every sleep that is due (it leaves the map, which is
/// how it knows), then arm for the next one.
fn fire() {
    let due: Vec<Option<Waker>> = TIMERS.with(|timers| {
        let mut timers = timers.borrow_mut();
        // The timer that called us is spent. Its deadline counts as reached even if the clock
        // reads a little earlier (a runtime that fires early, or one whose clock only moves
        // between events), so every firing makes progress.
        let armed_for = timers.armed.take().map_or(0, |(at, _)| at);
        let now = timers.now_ms().max(armed_for);
        let later = timers.pending.split_off(&(now.saturating_add(1), 0));
        let due = std::mem::replace(&mut timers.pending, later);
        timers.rearm();
        due.into_values().collect()
    });
    // Woken outside the borrow: a waker may poll (and so register or drop sleeps) at once.
    due.into_iter().flatten().for_each(Waker::wake);
}

/// Completes `duration` after it was created (not after its first poll).
pub(crate) struct Sleep {
    key: Key,
}

/// A future that completes once `duration` has passed.
pub(crate) fn sleep(duration: Duration) -> Sleep {
    TIMERS.with(|timers| {
        let mut timers = timers.borrow_mut();
        let millis = u64::try_from(duration.as_millis()).unwrap_or(u64::MAX);
        let key = (timers.now_ms().saturating_add(millis), timers.next_id);
        timers.next_id += 1;
        timers.pending.insert(key, None);
        timers.rearm();
        Sleep { key }
    })
}

impl Future for Sleep {
    type Output = ();

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        TIMERS.with(
            |timers| match timers.borrow_mut().pending.get_mut(&self.key) {
                // Gone from the map: `fire` took it, so it is due.
                None => Poll::Ready(()),
                Some(waker) => {
                    if !waker.as_ref().is_some_and(|w| w.will_wake(cx.waker())) {
                        *waker = Some(cx.waker().clone());
                    }
                    Poll::Pending
                }
            },
        )
    }
}

impl Drop for Sleep {
    fn drop(&mut self) {
        // `try_with`: a sleep may be dropped while the thread's storage is torn down.
        let _ = TIMERS.try_with(|timers| {
            let mut timers = timers.borrow_mut();
            if timers.pending.remove(&self.key).is_some() && timers.pending.is_empty() {
                timers.rearm();
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use futures_util::future::{Either, select};
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    fn pending_count() -> usize {
        TIMERS.with(|timers| timers.borrow().pending.len())
    }

    fn armed() -> bool {
        TIMERS.with(|timers| timers.borrow().armed.is_some())
    }

    #[wasm_bindgen_test]
    async fn sleeps_end_in_deadline_order_and_leave_nothing_armed() {
        let started = Instant::now();
        let long = sleep(Duration::from_millis(60));
        let short = sleep(Duration::from_millis(20));
        match select(long, short).await {
            Either::Right(((), long)) => {
                let short_took = started.elapsed();
                assert!(short_took >= Duration::from_millis(19), "{short_took:?}");
                assert!(short_took < Duration::from_millis(55), "{short_took:?}");
                long.await;
            }
            Either::Left(_) => panic!("the 60 ms sleep ended before the 20 ms one"),
        }
        assert!(started.elapsed() >= Duration::from_millis(59));
        assert_eq!(pending_count(), 0);
        assert!(!armed(), "nothing pending, nothing armed");
    }

    #[wasm_bindgen_test]
    async fn a_dropped_sleep_is_forgotten_and_disarms_when_it_was_the_last() {
        let dropped = sleep(Duration::from_secs(60));
        assert_eq!(pending_count(), 1);
        assert!(armed());
        drop(dropped);
        assert_eq!(pending_count(), 0);
        assert!(!armed(), "an idle module must not hold the event loop open");
    }

    #[wasm_bindgen_test]
    async fn an_earlier_sleep_registered_later_still_fires_on_time() {
        let started = Instant::now();
        let _late = sleep(Duration::from_secs(60));
        sleep(Duration::from_millis(15)).await;
        let took = started.elapsed();
        assert!(
            took < Duration::from_secs(1),
            "waited for the later timer: {took:?}"
        );
        assert_eq!(pending_count(), 1, "the 60 s sleep is still pending");
    }

    #[wasm_bindgen_test]
    async fn many_equal_sleeps_all_complete() {
        let sleeps: Vec<_> = (0..200).map(|_| sleep(Duration::from_millis(5))).collect();
        futures_util::future::join_all(sleeps).await;
        assert_eq!(pending_count(), 0);
    }
}
