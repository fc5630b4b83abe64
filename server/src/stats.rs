//! Request, connection and topic counters (atomics), the in-flight guard and the body that
//! releases it.

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::task::{Context, Poll};

use bytes::Bytes;
use http::HeaderMap;
use http_body::{Body, Frame, SizeHint};
use serde::{Deserialize, Serialize};

use crate::conn::ConnState;
use crate::topics::TopicCounters;

/// Distinct RPC paths tracked by name; further paths are counted under [`OTHER_PATHS`].
const MAX_TRACKED_PATHS: usize = 256;
/// Key for requests beyond the first 256 distinct paths (or paths over 200 bytes).
pub const OTHER_PATHS: &str = "(other)";
/// Key in `responses_by_status` for responses that ended without a gRPC status
/// (client cancelled, connection closed, stalled request abandoned).
pub const INCOMPLETE: &str = "incomplete";

/// A point-in-time copy of the server's counters, also served as `GET /stats` JSON.
///
/// A subscription stream counts as one request in flight for as long as it is open.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct StatsSnapshot {
    /// gRPC requests received (all transports, including rejected and faulted ones).
    pub total_requests: u64,
    /// gRPC requests whose response body is not fully sent yet.
    pub in_flight: u64,
    /// Highest `in_flight` seen.
    pub max_in_flight: u64,
    /// Highest number of requests in flight on a single connection.
    pub max_in_flight_per_connection: u64,
    /// TCP connections accepted.
    pub connections_accepted: u64,
    /// TCP connections currently open.
    pub connections_open: u64,
    /// Requests per path, e.g. `"/cache_client.Scs/Get": 3`.
    pub requests_by_path: BTreeMap<String, u64>,
    /// Finished responses per gRPC status code (`"0"`, `"14"`, ...) plus `"incomplete"`.
    pub responses_by_status: BTreeMap<String, u64>,
    /// Topics that exist now (created by their first publish or subscribe).
    pub topics: u64,
    /// Subscriptions open now.
    pub subscribers: u64,
    /// Subscriptions opened.
    pub subscriptions_opened: u64,
    /// Messages published (accepted by Publish).
    pub messages_published: u64,
    /// Messages sent to subscribers (one per message per subscriber).
    pub messages_delivered: u64,
    /// Discontinuities sent to subscribers.
    pub discontinuities_sent: u64,
    /// Heartbeats sent to subscribers.
    pub heartbeats_sent: u64,
}

impl StatsSnapshot {
    /// Requests seen for `path` (e.g. `"/cache_client.Scs/Set"`).
    pub fn requests(&self, path: &str) -> u64 {
        self.requests_by_path.get(path).copied().unwrap_or(0)
    }

    /// Responses that finished with gRPC status `code`.
    pub fn responses_with_status(&self, code: i32) -> u64 {
        self.responses_by_status
            .get(&code.to_string())
            .copied()
            .unwrap_or(0)
    }
}

/// Live counters shared by all connections of one server.
#[derive(Debug, Default)]
pub(crate) struct Stats {
    total: AtomicU64,
    in_flight: AtomicU64,
    max_in_flight: AtomicU64,
    max_in_flight_per_conn: AtomicU64,
    conns_accepted: AtomicU64,
    conns_open: AtomicU64,
    next_conn_id: AtomicU64,
    by_path: RwLock<HashMap<Box<str>, Arc<AtomicU64>>>,
    by_status: [AtomicU64; 17],
    incomplete: AtomicU64,
    open: Mutex<HashMap<u64, Arc<ConnState>>>,
    topics: Arc<TopicCounters>,
}

impl Stats {
    /// Counters that also report the topic engine's `topics` counters.
    pub(crate) fn new(topics: Arc<TopicCounters>) -> Self {
        Stats {
            topics,
            ..Stats::default()
        }
    }

    pub(crate) fn snapshot(&self) -> StatsSnapshot {
        let requests_by_path = self
            .by_path
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
            .map(|(path, n)| (path.to_string(), n.load(Ordering::Relaxed)))
            .filter(|(_, n)| *n > 0)
            .collect();
        let mut responses_by_status: BTreeMap<String, u64> = self
            .by_status
            .iter()
            .enumerate()
            .map(|(code, n)| (code.to_string(), n.load(Ordering::Relaxed)))
            .filter(|(_, n)| *n > 0)
            .collect();
        let incomplete = self.incomplete.load(Ordering::Relaxed);
        if incomplete > 0 {
            responses_by_status.insert(INCOMPLETE.to_string(), incomplete);
        }
        let topics = &self.topics;
        StatsSnapshot {
            total_requests: self.total.load(Ordering::Relaxed),
            in_flight: self.in_flight.load(Ordering::Relaxed),
            max_in_flight: self.max_in_flight.load(Ordering::Relaxed),
            max_in_flight_per_connection: self.max_in_flight_per_conn.load(Ordering::Relaxed),
            connections_accepted: self.conns_accepted.load(Ordering::Relaxed),
            connections_open: self.conns_open.load(Ordering::Relaxed),
            requests_by_path,
            responses_by_status,
            topics: TopicCounters::get(&topics.topics),
            subscribers: TopicCounters::get(&topics.subscribers),
            subscriptions_opened: TopicCounters::get(&topics.subscriptions_opened),
            messages_published: TopicCounters::get(&topics.published),
            messages_delivered: TopicCounters::get(&topics.delivered),
            discontinuities_sent: TopicCounters::get(&topics.discontinuities),
            heartbeats_sent: TopicCounters::get(&topics.heartbeats),
        }
    }

    /// Zeroes the counters; gauges (in flight, open connections, topics, subscribers) stay,
    /// and the maxima restart from the current gauges.
    pub(crate) fn reset(&self) {
        self.topics.reset();
        self.total.store(0, Ordering::Relaxed);
        self.conns_accepted.store(0, Ordering::Relaxed);
        self.incomplete.store(0, Ordering::Relaxed);
        for n in &self.by_status {
            n.store(0, Ordering::Relaxed);
        }
        for n in self
            .by_path
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .values()
        {
            n.store(0, Ordering::Relaxed);
        }
        self.max_in_flight
            .store(self.in_flight.load(Ordering::Relaxed), Ordering::Relaxed);
        let per_conn = self
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .values()
            .map(|c| c.in_flight.load(Ordering::Relaxed))
            .max()
            .unwrap_or(0);
        self.max_in_flight_per_conn
            .store(per_conn, Ordering::Relaxed);
    }

    /// Registers an accepted connection; the guard unregisters it when dropped.
    pub(crate) fn open_connection(self: &Arc<Self>, peer: SocketAddr) -> ConnGuard {
        let id = self.next_conn_id.fetch_add(1, Ordering::Relaxed);
        let conn = Arc::new(ConnState::new(id, peer));
        self.conns_accepted.fetch_add(1, Ordering::Relaxed);
        self.conns_open.fetch_add(1, Ordering::Relaxed);
        self.open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(id, conn.clone());
        ConnGuard {
            stats: self.clone(),
            conn,
        }
    }

    /// Counts a gRPC request that just arrived and marks it in flight until the
    /// returned guard is dropped.
    pub(crate) fn begin_request(
        self: &Arc<Self>,
        path: &str,
        conn: Option<Arc<ConnState>>,
    ) -> InFlightGuard {
        self.total.fetch_add(1, Ordering::Relaxed);
        self.path_counter(path).fetch_add(1, Ordering::Relaxed);
        let now = self.in_flight.fetch_add(1, Ordering::Relaxed) + 1;
        self.max_in_flight.fetch_max(now, Ordering::Relaxed);
        if let Some(conn) = &conn {
            let now = conn.in_flight.fetch_add(1, Ordering::Relaxed) + 1;
            self.max_in_flight_per_conn
                .fetch_max(now, Ordering::Relaxed);
        }
        InFlightGuard {
            stats: self.clone(),
            conn,
            status_recorded: false,
        }
    }

    fn path_counter(&self, path: &str) -> Arc<AtomicU64> {
        if let Some(n) = self
            .by_path
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(path)
        {
            return n.clone();
        }
        let mut paths = self.by_path.write().unwrap_or_else(PoisonError::into_inner);
        let key = if paths.len() < MAX_TRACKED_PATHS && path.len() <= 200 {
            path
        } else {
            OTHER_PATHS
        };
        paths.entry(key.into()).or_default().clone()
    }

    /// Records the gRPC status a response finished with (`None` = incomplete).
    pub(crate) fn record_status(&self, code: Option<i32>) {
        let slot = code
            .and_then(|c| usize::try_from(c).ok())
            .and_then(|c| self.by_status.get(c));
        match slot {
            Some(n) => n.fetch_add(1, Ordering::Relaxed),
            None => self.incomplete.fetch_add(1, Ordering::Relaxed),
        };
    }
}

/// Keeps a connection counted as open.
#[derive(Debug)]
pub(crate) struct ConnGuard {
    stats: Arc<Stats>,
    pub(crate) conn: Arc<ConnState>,
}

impl Drop for ConnGuard {
    fn drop(&mut self) {
        self.stats.conns_open.fetch_sub(1, Ordering::Relaxed);
        self.stats
            .open
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(&self.conn.id);
    }
}

/// Keeps one request counted as in flight; records its final gRPC status
/// (or "incomplete" when dropped before one was seen).
#[derive(Debug)]
pub(crate) struct InFlightGuard {
    stats: Arc<Stats>,
    conn: Option<Arc<ConnState>>,
    status_recorded: bool,
}

impl InFlightGuard {
    /// Records the response's gRPC status once; later calls are ignored.
    pub(crate) fn record_status(&mut self, code: Option<i32>) {
        if !self.status_recorded {
            self.status_recorded = true;
            self.stats.record_status(code);
        }
    }
}

impl Drop for InFlightGuard {
    fn drop(&mut self) {
        self.record_status(None);
        self.stats.in_flight.fetch_sub(1, Ordering::Relaxed);
        if let Some(conn) = &self.conn {
            conn.in_flight.fetch_sub(1, Ordering::Relaxed);
        }
    }
}

/// Reads `grpc-status` from headers or trailers.
pub(crate) fn grpc_status(headers: &HeaderMap) -> Option<i32> {
    headers
        .get("grpc-status")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok())
}

/// Response body that keeps its request in flight until the body ends (or is
/// dropped) and records the final gRPC status.
pub(crate) struct TrackedBody {
    inner: tonic::body::Body,
    guard: Option<InFlightGuard>,
}

impl TrackedBody {
    /// `status` is the status already known from the response headers (trailers-only).
    pub(crate) fn new(
        inner: tonic::body::Body,
        mut guard: InFlightGuard,
        status: Option<i32>,
    ) -> Self {
        if status.is_some() {
            guard.record_status(status);
        }
        Self {
            inner,
            guard: Some(guard),
        }
    }
}

impl Body for TrackedBody {
    type Data = Bytes;
    type Error = tonic::Status;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, tonic::Status>>> {
        let this = &mut *self;
        let polled = Pin::new(&mut this.inner).poll_frame(cx);
        match &polled {
            Poll::Ready(Some(Ok(frame))) => {
                if let Some(trailers) = frame.trailers_ref() {
                    let status = grpc_status(trailers);
                    if let Some(guard) = this.guard.as_mut() {
                        guard.record_status(status);
                    }
                    this.guard = None;
                }
            }
            Poll::Ready(Some(Err(_))) | Poll::Ready(None) => this.guard = None,
            Poll::Pending => {}
        }
        polled
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}
