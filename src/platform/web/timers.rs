//! Timers on wasm32: one `setTimeout` for all pending sleeps of this module instance, and a
//! sleep ends only once the clock says its deadline has passed.
//!
//! Every call races a deadline, so a timer per call would cost a `setTimeout`, a
//! `clearTimeout` and a wasm-bindgen closure (with its finalizer registration) per call, for
//! a timer that almost never fires. Here the pending sleeps wait in an ordered map and only
//! the earliest one is armed in JavaScript: a call that registers a later deadline than the
//! armed one (the usual case: equal timeouts, issued in order) makes no JavaScript call at
//! all. Written by hand because the wasm timer crates (gloo-timers, futures-timer's wasm
//! mode) arm one JavaScript timer per future; gloo-timers still arms the single one here.
//!
//! A JavaScript timer is not trusted to mean "due": `setTimeout` counts whole milliseconds
//! against the host's own clock (Node measures from its event loop's cached time), so it can
//! run a little before `performance.now()` reaches the deadline. Deadlines are kept at the
//! clock's full precision, and when the timer runs only the sleeps the clock says are due
//! end; the rest get one more short timer.
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

/// How far past the earliest deadline the armed timer may be set and still serve it:
/// `setTimeout`'s own resolution. Re-arming for a deadline a fraction of a millisecond
/// earlier would cost two JavaScript calls to gain nothing.
const TIMER_RESOLUTION: Duration = Duration::from_millis(1);

/// Sleeps longer than this wait this long: far enough to never matter, near enough that a
/// deadline stays representable.
const LONGEST_SLEEP: Duration = Duration::from_secs(100 * 365 * 24 * 60 * 60);

/// A pending sleep: when it is due, then a sequence number that tells equal deadlines apart.
type Key = (Instant, u64);

struct Timers {
    pending: BTreeMap<Key, Option<Waker>>,
    next_id: u64,
    /// The JavaScript timer, if armed, and when it is set to go off.
    armed: Option<(Instant, Timeout)>,
}

thread_local! {
    static TIMERS: RefCell<Timers> = const {
        RefCell::new(Timers {
            pending: BTreeMap::new(),
            next_id: 0,
            armed: None,
        })
    };
}

impl Timers {
    /// Makes sure the JavaScript timer goes off by the earliest pending deadline (within
    /// [`TIMER_RESOLUTION`]), and that none is armed when nothing is pending.
    fn rearm(&mut self) {
        let Some(&(earliest, _)) = self.pending.keys().next() else {
            // Dropping a gloo `Timeout` clears it.
            self.armed = None;
            return;
        };
        if self
            .armed
            .as_ref()
            .is_some_and(|(at, _)| *at <= earliest + TIMER_RESOLUTION)
        {
            return;
        }
        let now = Instant::now();
        let millis = whole_millis_until(earliest, now);
        // Dropping the replaced `Timeout` clears it.
        self.armed = Some((
            now + Duration::from_millis(millis),
            Timeout::new(u32::try_from(millis).unwrap_or(u32::MAX), fire),
        ));
    }
}

/// The delay to give `setTimeout` for `deadline`: rounded up to whole milliseconds, so the
/// timer is never set short, and capped where JavaScript would fire at once instead.
fn whole_millis_until(deadline: Instant, now: Instant) -> u64 {
    let delay = deadline.saturating_duration_since(now);
    u64::try_from(delay.as_nanos().div_ceil(1_000_000))
        .unwrap_or(MAX_TIMER_MS)
        .min(MAX_TIMER_MS)
}

/// The JavaScript timer went off: wake every sleep the clock says is due (it leaves the map,
/// which is how it knows), then arm for the next one, which may be one that was expected now
/// but is a fraction of a millisecond short of its deadline.
fn fire() {
    let due: Vec<Option<Waker>> = TIMERS.with(|timers| {
        let mut timers = timers.borrow_mut();
        // The timer that called us is spent.
        timers.armed = None;
        let now = Instant::now();
        let later = timers
            .pending
            .split_off(&(now + Duration::from_nanos(1), 0));
        let due = std::mem::replace(&mut timers.pending, later);
        timers.rearm();
        due.into_values().collect()
    });
    // Woken outside the borrow: a waker may poll (and so register or drop sleeps) at once.
    due.into_iter().flatten().for_each(Waker::wake);
}

/// Completes `duration` after it was created (not after its first poll), by the clock.
pub(crate) struct Sleep {
    key: Key,
}

/// A future that completes once `duration` has passed by `performance.now()`.
pub(crate) fn sleep(duration: Duration) -> Sleep {
    let deadline = Instant::now() + duration.min(LONGEST_SLEEP);
    TIMERS.with(|timers| {
        let mut timers = timers.borrow_mut();
        let key = (deadline, timers.next_id);
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
    use futures_util::future::{Either, join_all, select};
    use wasm_bindgen_test::wasm_bindgen_test;

    use super::*;

    fn pending_count() -> usize {
        TIMERS.with(|timers| timers.borrow().pending.len())
    }

    fn armed() -> bool {
        TIMERS.with(|timers| timers.borrow().armed.is_some())
    }

    /// Whether the sleep is still waiting (it leaves the map when it is found due).
    fn is_pending(sleep: &Sleep) -> bool {
        TIMERS.with(|timers| timers.borrow().pending.contains_key(&sleep.key))
    }

    #[wasm_bindgen_test]
    async fn sleeps_end_in_deadline_order_and_leave_nothing_armed() {
        let started = Instant::now();
        let long = sleep(Duration::from_millis(60));
        let short = sleep(Duration::from_millis(20));
        match select(long, short).await {
            Either::Right(((), long)) => {
                let short_took = started.elapsed();
                assert!(short_took >= Duration::from_millis(20), "{short_took:?}");
                assert!(short_took < Duration::from_millis(55), "{short_took:?}");
                long.await;
            }
            Either::Left(_) => panic!("the 60 ms sleep ended before the 20 ms one"),
        }
        assert!(started.elapsed() >= Duration::from_millis(60));
        assert_eq!(pending_count(), 0);
        assert!(!armed(), "nothing pending, nothing armed");
    }

    #[wasm_bindgen_test]
    async fn a_timer_that_runs_early_ends_nothing_and_arms_for_the_rest() {
        let started = Instant::now();
        let due = sleep(Duration::from_millis(30));
        // What a host timer that runs ahead of `performance.now()` does.
        fire();
        assert!(is_pending(&due), "ended 30 ms early");
        assert!(armed(), "nothing armed for the rest of the wait");
        due.await;
        assert!(started.elapsed() >= Duration::from_millis(30));
        assert!(!armed());
    }

    #[wasm_bindgen_test]
    async fn a_deadline_keeps_its_fraction_of_a_millisecond() {
        // 2.7 ms, 20 times over: whole milliseconds (the start rounded down, the length
        // rounded down) would let most of them end at 2 ms.
        for _ in 0..20 {
            let started = Instant::now();
            sleep(Duration::from_micros(2_700)).await;
            let took = started.elapsed();
            assert!(took >= Duration::from_micros(2_700), "ended after {took:?}");
        }
    }

    #[wasm_bindgen_test]
    async fn two_thousand_random_sleeps_at_once_never_end_early() {
        // A fixed-seed generator: the same lengths on every run, with sub-millisecond parts.
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next_micros = move || {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            1_000 + (seed >> 33) % 49_000
        };
        let sleeps = (0..2_000).map(|_| {
            let length = Duration::from_micros(next_micros());
            let started = Instant::now();
            let sleep = sleep(length);
            async move {
                sleep.await;
                (length, started.elapsed())
            }
        });
        let early: Vec<_> = join_all(sleeps)
            .await
            .into_iter()
            .filter(|(length, took)| took < length)
            .collect();
        assert!(early.is_empty(), "ended early (length, took): {early:?}");
        assert_eq!(pending_count(), 0);
        assert!(!armed());
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
        join_all(sleeps).await;
        assert_eq!(pending_count(), 0);
    }

    #[wasm_bindgen_test]
    fn timer_delays_round_up_to_whole_milliseconds() {
        let now = Instant::now();
        let at = |micros| whole_millis_until(now + Duration::from_micros(micros), now);
        assert_eq!(at(0), 0);
        assert_eq!(at(1), 1);
        assert_eq!(at(1_000), 1);
        assert_eq!(at(1_001), 2);
        assert_eq!(at(299_600), 300);
        assert_eq!(whole_millis_until(now, now + Duration::from_millis(5)), 0);
        assert_eq!(
            whole_millis_until(now + LONGEST_SLEEP, now),
            MAX_TIMER_MS,
            "setTimeout fires at once past 2^31 - 1 ms"
        );
    }
}
