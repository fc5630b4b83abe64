//! The per-call deadline: whatever the call is doing when its time runs out (queued behind
//! the cap, connecting, waiting for a reply, retrying) is dropped, and it settles at once.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use pin_project_lite::pin_project;

use crate::platform::sleep;

pin_project! {
    /// `work` raced against a timer. A struct rather than an `async fn`, so that the work
    /// future is stored once, in place (an `async fn` would keep it twice: as its argument and
    /// pinned), which keeps every call's future small.
    pub(crate) struct Deadline<W, T> {
        #[pin]
        work: W,
        #[pin]
        timer: T,
    }
}

impl<W: Future, T: Future<Output = ()>> Future for Deadline<W, T> {
    /// `None` means the deadline fired first.
    type Output = Option<W::Output>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.project();
        // The timer first: a call whose time is up must not start more work (for example
        // take a freed slot of the in-flight cap and send) before it settles.
        if this.timer.poll(cx).is_ready() {
            return Poll::Ready(None);
        }
        this.work.poll(cx).map(Some)
    }
}

/// Runs `work` for at most `limit`, counted from now; `None` means the deadline fired first,
/// which is never before `limit` has passed by the clock (the platform's `sleep` checks the
/// clock rather than trusting its timer).
pub(crate) fn with_deadline<W: Future>(
    limit: Duration,
    work: W,
) -> Deadline<W, impl Future<Output = ()>> {
    Deadline {
        work,
        timer: sleep(limit),
    }
}

#[cfg(all(test, native))]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn returns_the_value_when_work_finishes_first() {
        let value = with_deadline(Duration::from_secs(1), async {
            tokio::time::sleep(Duration::from_millis(10)).await;
            7
        })
        .await;
        assert_eq!(value, Some(7));
    }

    #[tokio::test(start_paused = true)]
    async fn fires_at_the_deadline_and_drops_the_work() {
        let started = tokio::time::Instant::now();
        let value = with_deadline(Duration::from_millis(50), std::future::pending::<()>()).await;
        assert_eq!(value, None);
        assert_eq!(started.elapsed(), Duration::from_millis(50));
    }
}
