//! Per-connection state seen by the request path: peer address, counters and the kill switch.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::Notify;

/// One accepted TCP connection. Put into every request's extensions.
#[derive(Debug)]
pub(crate) struct ConnState {
    pub(crate) id: u64,
    pub(crate) peer: SocketAddr,
    /// Requests that arrived on this connection so far.
    pub(crate) requests: AtomicU64,
    /// Requests on this connection whose response is not fully sent yet.
    pub(crate) in_flight: AtomicU64,
    kill: Notify,
}

impl ConnState {
    pub(crate) fn new(id: u64, peer: SocketAddr) -> Self {
        Self {
            id,
            peer,
            requests: AtomicU64::new(0),
            in_flight: AtomicU64::new(0),
            kill: Notify::new(),
        }
    }

    /// Counts a new request and returns its 1-based number on this connection.
    pub(crate) fn next_request(&self) -> u64 {
        self.requests.fetch_add(1, Ordering::Relaxed) + 1
    }

    /// Asks the connection task to close the socket abruptly.
    pub(crate) fn kill(&self) {
        self.kill.notify_one();
    }

    /// Resolves once `kill` was called (even if it was called earlier).
    pub(crate) async fn killed(&self) {
        self.kill.notified().await;
    }

    /// Whether the peer is on loopback (IPv4-mapped addresses included).
    pub(crate) fn peer_is_loopback(&self) -> bool {
        self.peer.ip().to_canonical().is_loopback()
    }
}
