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
use tokio::sync::watch;

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
    /// The write generation in which the request began.
    generation: u64,
    /// Tells this flight apart from a newer one of the same key.
    id: u64,
    /// `None` until the request has succeeded.
    reply: watch::Receiver<Option<Vec<Bytes>>>,
}

/// The coalescing state of one client (shared by its clones).
#[derive(Default)]
pub(crate) struct Coalescer {
    generation: AtomicU64,
    next_id: AtomicU64,
    // A lock that is never held across an await, and never contended on wasm32 (one thread).
    flights: Mutex<HashMap<FlightKey, Flight>>,
}

impl Coalescer {
    /// Runs `send` as `role` says: shared, after a write mark, or alone.
    pub(crate) async fn run<F: Future<Output = Reply>>(
        &self,
        role: Role,
        send: impl FnOnce() -> F,
    ) -> Reply {
        match role {
            Role::Shareable(key) => self.shared(key, send).await,
            Role::Write => {
                self.generation.fetch_add(1, Ordering::SeqCst);
                send().await
            }
            Role::Alone => send().await,
        }
    }

    async fn shared<F: Future<Output = Reply>>(
        &self,
        key: FlightKey,
        send: impl FnOnce() -> F,
    ) -> Reply {
        let generation = self.generation.load(Ordering::SeqCst);
        let joined = self
            .lock()
            .get(&key)
            .filter(|flight| flight.generation == generation)
            .map(|flight| flight.reply.clone());
        if let Some(mut reply) = joined {
            // `Err` here means the request ended without a value: it failed, or its caller
            // dropped it. Then this `get` asks for itself.
            if let Ok(messages) = reply.wait_for(Option::is_some).await
                && let Some(messages) = messages.as_ref()
            {
                return Ok(messages.clone());
            }
            return send().await;
        }
        let (publish, reply) = watch::channel(None);
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        self.lock().insert(
            key.clone(),
            Flight {
                generation,
                id,
                reply,
            },
        );
        // Removes the flight when the request ends or its caller drops it; dropping `publish`
        // without a value tells the waiting `get`s to send their own.
        let _landing = Landing {
            coalescer: self,
            key,
            id,
        };
        let outcome = send().await;
        if let Ok(messages) = &outcome {
            publish.send_replace(Some(messages.clone()));
        }
        outcome
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<FlightKey, Flight>> {
        // Nothing panics while holding the lock, so a poisoned one still holds a sound map.
        self.flights
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Takes a flight out of the map, unless a newer flight of the same key replaced it.
struct Landing<'a> {
    coalescer: &'a Coalescer,
    key: FlightKey,
    id: u64,
}

impl Drop for Landing<'_> {
    fn drop(&mut self) {
        let mut flights = self.coalescer.lock();
        if flights
            .get(&self.key)
            .is_some_and(|flight| flight.id == self.id)
        {
            flights.remove(&self.key);
        }
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

    fn key(k: &str) -> FlightKey {
        FlightKey {
            cache: Some("c".into()),
            message: Bytes::copy_from_slice(k.as_bytes()),
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
        let coalescer = Rc::new(Coalescer::default());
        let sent = Rc::new(Cell::new(0));
        let local = LocalSet::new();
        let mut calls = Vec::new();
        for i in 0..10 {
            let (coalescer, sent) = (coalescer.clone(), sent.clone());
            let k = if i < 8 { "a" } else { "b" };
            calls.push(local.spawn_local(async move {
                let send = || request(sent, Duration::from_millis(50), Some("v"));
                coalescer.run(Role::Shareable(key(k)), send).await
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
        let coalescer = Rc::new(Coalescer::default());
        let sent = Rc::new(Cell::new(0));
        let local = LocalSet::new();
        let (c, s) = (coalescer.clone(), sent.clone());
        let old = local.spawn_local(async move {
            let send = || request(s, Duration::from_millis(100), Some("old"));
            c.run(Role::Shareable(key("k")), send).await
        });
        let (c, s) = (coalescer.clone(), sent.clone());
        let newer = local.spawn_local(async move {
            sleep(Duration::from_millis(10)).await;
            c.run(Role::Write, || async { Ok(Vec::new()) })
                .await
                .unwrap();
            let send = || request(s, Duration::from_millis(100), Some("new"));
            c.run(Role::Shareable(key("k")), send).await
        });
        // A third get after the write joins the newer request, not the old one.
        let (c, s) = (coalescer.clone(), sent.clone());
        let third = local.spawn_local(async move {
            sleep(Duration::from_millis(20)).await;
            let send = || request(s, Duration::from_millis(100), Some("unused"));
            c.run(Role::Shareable(key("k")), send).await
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
        let coalescer = Rc::new(Coalescer::default());
        let sent = Rc::new(Cell::new(0));
        let local = LocalSet::new();
        let (c, s) = (coalescer.clone(), sent.clone());
        let failing = local.spawn_local(async move {
            let send = || request(s, Duration::from_millis(50), None);
            c.run(Role::Shareable(key("k")), send).await
        });
        let (c, s) = (coalescer.clone(), sent.clone());
        let waiter = local.spawn_local(async move {
            sleep(Duration::from_millis(10)).await;
            let send = || request(s, Duration::from_millis(50), Some("v"));
            c.run(Role::Shareable(key("k")), send).await
        });
        local.await;
        assert!(failing.await.unwrap().is_err());
        assert_eq!(answer(&waiter.await.unwrap()), b"v");
        assert_eq!(sent.get(), 2);
    }

    #[tokio::test(flavor = "current_thread", start_paused = true)]
    async fn a_dropped_request_releases_its_waiters() {
        let coalescer = Rc::new(Coalescer::default());
        let sent = Rc::new(Cell::new(0));
        let local = LocalSet::new();
        let (c, s) = (coalescer.clone(), sent.clone());
        let dropped = local.spawn_local(async move {
            let send = || request(s, Duration::from_secs(10), Some("never"));
            c.run(Role::Shareable(key("k")), send).await
        });
        let (c, s) = (coalescer.clone(), sent.clone());
        let waiter = local.spawn_local(async move {
            sleep(Duration::from_millis(10)).await;
            let send = || request(s, Duration::from_millis(50), Some("v"));
            c.run(Role::Shareable(key("k")), send).await
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
