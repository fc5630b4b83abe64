//! Request coalescing: concurrent `get`s of the same key from one client share one request.
//!
//! Read-your-writes is kept by a write generation. Every write this client starts (any call
//! that is not a read, to any key) moves the generation on; a `get` joins a request already on
//! the wire only if that request began in the current generation. So a `get` issued after a
//! write never receives a reply the server may have produced before the write.
//!
//! Only successful replies are shared. When the shared request fails (or its caller drops
//! it), each waiting `get` sends its own request, with its own deadline and retries: a caller
//! never receives an error, for example a timeout, that belongs to an earlier caller's clock.
//!
//! A call counts as issued when it first runs (for an `async` call, its first poll; in
//! JavaScript, when the call is made).

use std::collections::HashMap;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use bytes::Bytes;
use tokio::sync::oneshot;

use super::Call;
use crate::error::CacheResult;
use crate::rpc::{self, Idempotency};

/// What a call's reply is: the messages of a unary call.
type Reply = CacheResult<Vec<Bytes>>;

/// Two `get`s may share a request only if they would send the same bytes to the same cache.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct FlightKey {
    cache: Option<String>,
    message: Bytes,
}

/// What the coalescer does with a call.
pub(crate) enum Role {
    /// A `get`: may share a request with others of the same key.
    Shareable(FlightKey),
    /// A write: moves the generation on, then goes out alone.
    Write,
    /// Any other read: goes out alone.
    Alone,
}

impl Role {
    pub(crate) fn of(call: &Call) -> Role {
        if call.rpc.path == rpc::GET.path {
            Role::Shareable(FlightKey {
                cache: call.cache.clone(),
                message: call.message.clone(),
            })
        } else if call.rpc.idempotency == Idempotency::Read {
            Role::Alone
        } else {
            Role::Write
        }
    }
}

/// A request on the wire that later `get`s of its key may wait for.
struct Flight {
    /// Tells this flight apart from a later one of the same key and generation.
    id: u64,
    /// The `get`s waiting for this request's reply.
    waiters: Vec<oneshot::Sender<Vec<Bytes>>>,
}

/// Flights by key and by the write generation in which they began: a `get` looks only at
/// flights of the current generation.
type Flights = HashMap<(FlightKey, u64), Flight>;

/// The coalescing state of one client (shared by its clones). When `on` is false every call
/// goes out alone, through the same single path.
#[derive(Default)]
pub(crate) struct Coalescer {
    on: bool,
    generation: AtomicU64,
    next_id: AtomicU64,
    // A lock that is never held across an await, and never contended on the web (one thread).
    flights: Mutex<Flights>,
}

/// How one call goes: it waits for an identical request, leads a new one, or goes alone.
enum Start<'a> {
    Join(oneshot::Receiver<Vec<Bytes>>),
    Lead(Landing<'a>),
    Alone,
}

impl Coalescer {
    pub(crate) fn new(on: bool) -> Coalescer {
        Coalescer {
            on,
            ..Coalescer::default()
        }
    }

    /// Runs `send` for `call`, or shares an identical request already on the wire.
    pub(crate) async fn run<F: Future<Output = Reply>>(
        &self,
        call: &Call,
        send: impl FnOnce() -> F,
    ) -> Reply {
        let start = if self.on {
            self.start(Role::of(call))
        } else {
            Start::Alone
        };
        let lead = match start {
            Start::Join(reply) => {
                // `Err` means the request ended without a reply to share: it failed, or its
                // caller dropped it. Then this `get` sends its own.
                if let Ok(messages) = reply.await {
                    return Ok(messages);
                }
                None
            }
            Start::Lead(landing) => Some(landing),
            Start::Alone => None,
        };
        // The one place a request is sent: the request future is large, and each await of it
        // would be another copy of its code in the .wasm.
        let outcome = send().await;
        // Dropping a waiter's sender without a reply tells it to send its own; a landing
        // dropped with its call (before this point) does the same.
        if let Some(landing) = lead {
            let waiters = landing.land();
            if let Ok(messages) = &outcome {
                for waiter in waiters {
                    let _ = waiter.send(messages.clone());
                }
            }
        }
        outcome
    }

    fn start(&self, role: Role) -> Start<'_> {
        let key = match role {
            Role::Shareable(key) => key,
            Role::Write => {
                self.generation.fetch_add(1, Ordering::SeqCst);
                return Start::Alone;
            }
            Role::Alone => return Start::Alone,
        };
        let key = (key, self.generation.load(Ordering::SeqCst));
        let mut flights = self.lock();
        if let Some(flight) = flights.get_mut(&key) {
            let (waiter, reply) = oneshot::channel();
            flight.waiters.push(waiter);
            return Start::Join(reply);
        }
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        flights.insert(
            key.clone(),
            Flight {
                id,
                waiters: Vec::new(),
            },
        );
        Start::Lead(Landing {
            coalescer: self,
            key,
            id,
        })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Flights> {
        // Nothing panics while holding the lock, so a poisoned one still holds a sound map.
        self.flights
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Takes a flight out of the map when its request ends, or when its call is dropped.
struct Landing<'a> {
    coalescer: &'a Coalescer,
    key: (FlightKey, u64),
    id: u64,
}

impl Landing<'_> {
    /// Removes the flight (if still this one's) and returns its waiters.
    fn land(&self) -> Vec<oneshot::Sender<Vec<Bytes>>> {
        let mut flights = self.coalescer.lock();
        match flights.get(&self.key) {
            Some(flight) if flight.id == self.id => flights
                .remove(&self.key)
                .map(|flight| flight.waiters)
                .unwrap_or_default(),
            _ => Vec::new(),
        }
    }
}

impl Drop for Landing<'_> {
    fn drop(&mut self) {
        drop(self.land());
    }
}

#[cfg(all(test, native))]
mod tests {
    use std::cell::Cell;
    use std::rc::Rc;
    use std::time::Duration;

    use tokio::task::LocalSet;
    use tokio::time::sleep;

    use super::*;
    use crate::error::{CacheError, ErrorCode};

    fn get(k: &'static str) -> Call {
        Call {
            rpc: rpc::GET,
            cache: Some("c".into()),
            message: Bytes::from_static(k.as_bytes()),
        }
    }

    fn write() -> Call {
        Call {
            rpc: rpc::SET,
            cache: Some("c".into()),
            message: Bytes::from_static(b"any"),
        }
    }

    /// A request that takes `delay`, counts itself in `sent`, and answers `value` (or fails).
    async fn request(sent: Rc<Cell<u32>>, delay: Duration, value: Option<&'static str>) -> Reply {
        sent.set(sent.get() + 1);
        sleep(delay).await;
        match value {
            Some(v) => Ok(vec![Bytes::from_static(v.as_bytes())]),
            None => Err(CacheError::new(ErrorCode::TimeoutError, "late")),
        }
    }

    fn answer(reply: &Reply) -> &[u8] {
        &reply.as_ref().expect("a reply")[0]
    }

    #[tokio::test(flavor = "current_thread", start_paused = true)]
    async fn concurrent_gets_of_one_key_share_one_request_and_other_keys_do_not() {
        let coalescer = Rc::new(Coalescer::new(true));
        let sent = Rc::new(Cell::new(0));
        let local = LocalSet::new();
        let mut calls = Vec::new();
        for i in 0..10 {
            let (coalescer, sent) = (coalescer.clone(), sent.clone());
            let k = if i < 8 { "a" } else { "b" };
            calls.push(local.spawn_local(async move {
                let send = || request(sent, Duration::from_millis(50), Some("v"));
                coalescer.run(&get(k), send).await
            }));
        }
        local.await;
        for call in calls {
            assert_eq!(answer(&call.await.unwrap()), b"v");
        }
        assert_eq!(sent.get(), 2, "one request for key a, one for key b");
        assert!(
            coalescer.lock().is_empty(),
            "finished flights leave the map"
        );
    }

    #[tokio::test(flavor = "current_thread", start_paused = true)]
    async fn a_get_after_a_write_does_not_join_an_older_request() {
        let coalescer = Rc::new(Coalescer::new(true));
        let sent = Rc::new(Cell::new(0));
        let local = LocalSet::new();
        let (c, s) = (coalescer.clone(), sent.clone());
        let old = local.spawn_local(async move {
            let send = || request(s, Duration::from_millis(100), Some("old"));
            c.run(&get("k"), send).await
        });
        let (c, s) = (coalescer.clone(), sent.clone());
        let newer = local.spawn_local(async move {
            sleep(Duration::from_millis(10)).await;
            c.run(&write(), || async { Ok(Vec::new()) }).await.unwrap();
            let send = || request(s, Duration::from_millis(100), Some("new"));
            c.run(&get("k"), send).await
        });
        // A third get after the write joins the newer request, not the old one.
        let (c, s) = (coalescer.clone(), sent.clone());
        let third = local.spawn_local(async move {
            sleep(Duration::from_millis(20)).await;
            let send = || request(s, Duration::from_millis(100), Some("unused"));
            c.run(&get("k"), send).await
        });
        local.await;
        assert_eq!(answer(&old.await.unwrap()), b"old");
        assert_eq!(answer(&newer.await.unwrap()), b"new");
        assert_eq!(answer(&third.await.unwrap()), b"new");
        assert_eq!(sent.get(), 2);
        assert!(coalescer.lock().is_empty());
    }

    #[tokio::test(flavor = "current_thread", start_paused = true)]
    async fn a_failed_request_is_not_shared_each_waiter_sends_its_own() {
        let coalescer = Rc::new(Coalescer::new(true));
        let sent = Rc::new(Cell::new(0));
        let local = LocalSet::new();
        let (c, s) = (coalescer.clone(), sent.clone());
        let failing = local.spawn_local(async move {
            let send = || request(s, Duration::from_millis(50), None);
            c.run(&get("k"), send).await
        });
        let (c, s) = (coalescer.clone(), sent.clone());
        let waiter = local.spawn_local(async move {
            sleep(Duration::from_millis(10)).await;
            let send = || request(s, Duration::from_millis(50), Some("v"));
            c.run(&get("k"), send).await
        });
        local.await;
        assert!(failing.await.unwrap().is_err());
        assert_eq!(answer(&waiter.await.unwrap()), b"v");
        assert_eq!(sent.get(), 2);
    }

    #[tokio::test(flavor = "current_thread", start_paused = true)]
    async fn a_dropped_request_releases_its_waiters() {
        let coalescer = Rc::new(Coalescer::new(true));
        let sent = Rc::new(Cell::new(0));
        let local = LocalSet::new();
        let (c, s) = (coalescer.clone(), sent.clone());
        let dropped = local.spawn_local(async move {
            let send = || request(s, Duration::from_secs(10), Some("never"));
            c.run(&get("k"), send).await
        });
        let (c, s) = (coalescer.clone(), sent.clone());
        let waiter = local.spawn_local(async move {
            sleep(Duration::from_millis(10)).await;
            let send = || request(s, Duration::from_millis(50), Some("v"));
            c.run(&get("k"), send).await
        });
        local
            .run_until(async {
                sleep(Duration::from_millis(20)).await;
                dropped.abort();
                let reply = waiter.await.unwrap();
                assert_eq!(answer(&reply), b"v");
            })
            .await;
        assert_eq!(sent.get(), 2);
        assert!(coalescer.lock().is_empty());
    }

    #[test]
    fn only_get_is_shared_and_every_non_read_counts_as_a_write() {
        let call = |rpc| Call {
            rpc,
            cache: Some("c".into()),
            message: Bytes::from_static(b"k"),
        };
        assert!(matches!(Role::of(&call(rpc::GET)), Role::Shareable(_)));
        assert!(matches!(Role::of(&call(rpc::GET_BATCH)), Role::Alone));
        for rpc in rpc::ALL
            .iter()
            .filter(|r| r.idempotency != Idempotency::Read)
        {
            assert!(matches!(Role::of(&call(*rpc)), Role::Write), "{}", rpc.path);
        }
    }
}
