//! The per-call deadline: whatever the call is doing when its time runs out (queued behind
//! the cap, connecting, waiting for a reply, retrying) is dropped, and it settles at once.

use std::pin::pin;
use std::time::Duration;

use futures_util::future::{Either, select};

use crate::platform::sleep;

/// Runs `work` for at most `limit`; `None` means the deadline fired first.
pub(crate) async fn with_deadline<T>(limit: Duration, work: impl Future<Output = T>) -> Option<T> {
    match select(pin!(work), pin!(sleep(limit))).await {
        Either::Left((value, _)) => Some(value),
        Either::Right(((), _)) => None,
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
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
