//! The in-flight cap: at most N calls on the wire per client, the rest queued in FIFO order.
//! tokio's semaphore is fair (FIFO) and single-thread safe, and compiles to wasm32.

use tokio::sync::{Semaphore, SemaphorePermit};

use crate::error::{CacheError, CacheResult, ErrorCode};

pub(crate) struct InFlightCap {
    permits: Semaphore,
}

impl InFlightCap {
    pub(crate) fn new(max_concurrent_requests: usize) -> Self {
        InFlightCap {
            permits: Semaphore::new(max_concurrent_requests),
        }
    }

    /// Waits for a slot; the slot frees when the permit drops.
    pub(crate) async fn acquire(&self) -> CacheResult<SemaphorePermit<'_>> {
        self.permits.acquire().await.map_err(|_| {
            // The semaphore is never closed; this is here so no path can panic.
            CacheError::new(
                ErrorCode::ClientResourceExhausted,
                "the in-flight cap was shut down",
            )
        })
    }
}

#[cfg(all(test, native))]
mod tests {
    use std::cell::Cell;
    use std::rc::Rc;
    use std::time::Duration;

    use super::*;

    #[tokio::test(flavor = "current_thread", start_paused = true)]
    async fn never_more_than_the_cap_and_first_come_first_served() {
        let cap = Rc::new(InFlightCap::new(3));
        let in_flight = Rc::new(Cell::new(0usize));
        let max_seen = Rc::new(Cell::new(0usize));
        let order = Rc::new(std::cell::RefCell::new(Vec::new()));
        let local = tokio::task::LocalSet::new();
        for id in 0..20 {
            let (cap, in_flight, max_seen, order) = (
                cap.clone(),
                in_flight.clone(),
                max_seen.clone(),
                order.clone(),
            );
            local.spawn_local(async move {
                let _permit = cap.acquire().await.unwrap();
                order.borrow_mut().push(id);
                in_flight.set(in_flight.get() + 1);
                max_seen.set(max_seen.get().max(in_flight.get()));
                tokio::time::sleep(Duration::from_millis(10)).await;
                in_flight.set(in_flight.get() - 1);
            });
        }
        local.await;
        assert_eq!(max_seen.get(), 3);
        assert_eq!(*order.borrow(), (0..20).collect::<Vec<_>>());
    }
}
