//! Per-connection state seen by the request path: peer address, counters, and the two ways a
//! fault (or a shutdown) ends a connection: abruptly, or by announcing it is going away.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};

use tokio::sync::{Notify, watch};

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
    going_away: watch::Sender<bool>,
}

impl ConnState {
    pub(crate) fn new(id: u64, peer: SocketAddr) -> Self {
        Self {
            id,
            peer,
            requests: AtomicU64::new(0),
            in_flight: AtomicU64::new(0),
            kill: Notify::new(),
            going_away: watch::Sender::new(false),
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

    /// Asks the connection to close gracefully: HTTP/2 sends GOAWAY, requests already taken
    /// in are answered, and open streams that watch [`ConnState::going_away`] end.
    pub(crate) fn go_away(&self) {
        self.going_away.send_replace(true);
    }

    /// Whether `go_away` was called.
    pub(crate) fn is_going_away(&self) -> bool {
        *self.going_away.borrow()
    }

    /// Resolves once `go_away` was called (even if it was called earlier).
    pub(crate) async fn going_away(&self) {
        let mut rx = self.going_away.subscribe();
        // The sender lives as long as `self`, so waiting cannot fail while we borrow it.
        let _ = rx.wait_for(|going| *going).await;
    }

    /// Whether the peer is on loopback (IPv4-mapped addresses included).
    pub(crate) fn peer_is_loopback(&self) -> bool {
        self.peer.ip().to_canonical().is_loopback()
    }
}
