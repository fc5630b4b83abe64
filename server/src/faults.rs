//! Fault injection settings for gRPC requests and streams, and the run-time controller that
//! changes them.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tokio::sync::watch;

/// Faults applied to every gRPC request (never to `/stats`, `/admin/*` or `/health`), and to
/// the subscription streams of `cache_client.pubsub.Pubsub/Subscribe`.
///
/// Order per request: connection drop, stall, latency, error, then auth and the handler.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct FaultConfig {
    /// Fixed delay before the request is handled.
    pub latency_ms: u64,
    /// Extra random delay, uniform in `0..=jitter_ms`.
    pub jitter_ms: u64,
    /// Share of requests (0–100) answered with `error_code` without running the handler.
    pub error_percent: f64,
    /// gRPC status code (1–16) of injected errors; default 14 (UNAVAILABLE).
    pub error_code: i32,
    /// Accept requests but do not answer until the stall is cleared (or the
    /// connection closes). Once cleared, held requests continue normally.
    pub stall: bool,
    /// A connection serves N requests, counting every request it carried since it opened;
    /// how it ends is [`FaultConfig::drop_connection_kind`]:
    /// - `reset`: request N+1 closes the TCP connection abruptly (RST) without an answer,
    ///   failing whatever else is in flight on it (N may be 0).
    /// - `goaway`: request N starts a graceful close, as a server does when it retires a
    ///   connection: HTTP/2 sends GOAWAY (first with the largest stream id, then, one PING
    ///   round trip later, with the last stream it took in), every request taken in is
    ///   answered, open subscription streams end with UNAVAILABLE, and the connection closes
    ///   (after at most 2 s of draining). Streams the client opens after the final GOAWAY are
    ///   not processed, so it can retry them elsewhere. HTTP/1.1 closes the connection after
    ///   the response to request N. N must be at least 1. A connection that carried N or more
    ///   requests before the fault was set starts its close at its next request.
    pub drop_connection_after: Option<u64>,
    /// How a dropped connection ends: `reset` (default) or `goaway`. Applies to
    /// `drop_connection_after` and `stream_drop_connection_after_items`.
    pub drop_connection_kind: DropKind,
    /// Each subscription stream ends normally (status OK) right after its N-th item. A
    /// `GetBatch`/`SetBatch` answer stream started while this is set ends after its N-th
    /// answer too.
    pub stream_end_after_items: Option<u64>,
    /// A subscription stream that has sent N items drops its connection (see
    /// `drop_connection_kind`) when it has its next message to send, instead of sending it.
    /// Items the transport had not written yet are lost with a reset connection, as they
    /// would be with a real drop. A `GetBatch`/`SetBatch` answer stream started while this
    /// is set with fewer answers than it has drops its connection after its N-th.
    pub stream_drop_connection_after_items: Option<u64>,
    /// Subscription streams send no periodic heartbeats (the first message of a new
    /// subscription still goes out at once), so an idle stream falls silent.
    pub stop_heartbeats: bool,
}

/// How a fault ends a connection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DropKind {
    /// Close the TCP connection abruptly (RST): nothing more is sent or answered.
    #[default]
    Reset,
    /// Close gracefully: GOAWAY with the last stream taken in, answer what was taken in,
    /// end open streams with UNAVAILABLE, then close.
    Goaway,
}

impl DropKind {
    /// The name used in JSON and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            DropKind::Reset => "reset",
            DropKind::Goaway => "goaway",
        }
    }
}

impl std::str::FromStr for DropKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "reset" => Ok(DropKind::Reset),
            "goaway" => Ok(DropKind::Goaway),
            other => Err(format!("`{other}` is not a drop kind (reset or goaway)")),
        }
    }
}

/// The stream faults a subscription reads each time it is about to send.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StreamFaults {
    pub(crate) end_after_items: Option<u64>,
    pub(crate) drop_connection_after_items: Option<u64>,
    pub(crate) drop_kind: DropKind,
    pub(crate) stop_heartbeats: bool,
}

impl Default for FaultConfig {
    fn default() -> Self {
        Self {
            latency_ms: 0,
            jitter_ms: 0,
            error_percent: 0.0,
            error_code: 14,
            stall: false,
            drop_connection_after: None,
            drop_connection_kind: DropKind::Reset,
            stream_end_after_items: None,
            stream_drop_connection_after_items: None,
            stop_heartbeats: false,
        }
    }
}

impl FaultConfig {
    /// No faults.
    pub fn none() -> Self {
        Self::default()
    }

    /// Sets a fixed latency and a random jitter on top.
    pub fn with_latency(mut self, latency_ms: u64, jitter_ms: u64) -> Self {
        self.latency_ms = latency_ms;
        self.jitter_ms = jitter_ms;
        self
    }

    /// Answers `percent` % of requests with gRPC status `code`.
    pub fn with_errors(mut self, percent: f64, code: i32) -> Self {
        self.error_percent = percent;
        self.error_code = code;
        self
    }

    /// Holds every request until the stall is cleared.
    pub fn with_stall(mut self, stall: bool) -> Self {
        self.stall = stall;
        self
    }

    /// Closes a connection abruptly when request `n + 1` arrives on it (see
    /// [`FaultConfig::drop_connection_after`] for the `goaway` kind).
    pub fn with_drop_connection_after(mut self, n: Option<u64>) -> Self {
        self.drop_connection_after = n;
        self
    }

    /// Sets how dropped connections end.
    pub fn with_drop_connection_kind(mut self, kind: DropKind) -> Self {
        self.drop_connection_kind = kind;
        self
    }

    /// Ends every subscription stream normally after `n` items.
    pub fn with_stream_end_after_items(mut self, n: Option<u64>) -> Self {
        self.stream_end_after_items = n;
        self
    }

    /// Drops a subscription stream's connection once it has sent `n` items.
    pub fn with_stream_drop_connection_after_items(mut self, n: Option<u64>) -> Self {
        self.stream_drop_connection_after_items = n;
        self
    }

    /// Stops (or restarts) the periodic heartbeats of subscription streams.
    pub fn with_stop_heartbeats(mut self, stop: bool) -> Self {
        self.stop_heartbeats = stop;
        self
    }

    /// Whether any fault is active.
    pub fn is_active(&self) -> bool {
        self.latency_ms > 0
            || self.jitter_ms > 0
            || self.error_percent > 0.0
            || self.stall
            || self.drop_connection_after.is_some()
            || self.stream_end_after_items.is_some()
            || self.stream_drop_connection_after_items.is_some()
            || self.stop_heartbeats
    }

    pub(crate) fn stream_faults(&self) -> StreamFaults {
        StreamFaults {
            end_after_items: self.stream_end_after_items,
            drop_connection_after_items: self.stream_drop_connection_after_items,
            drop_kind: self.drop_connection_kind,
            stop_heartbeats: self.stop_heartbeats,
        }
    }

    /// Checks the ranges: `error_percent` in 0–100, `error_code` in 1–16, and a `goaway`
    /// connection drop after at least one request.
    pub fn validate(&self) -> Result<(), FaultConfigError> {
        if !(0.0..=100.0).contains(&self.error_percent) {
            return Err(FaultConfigError(format!(
                "error_percent must be between 0 and 100, got {}",
                self.error_percent
            )));
        }
        if !(1..=16).contains(&self.error_code) {
            return Err(FaultConfigError(format!(
                "error_code must be a gRPC status code between 1 and 16, got {}",
                self.error_code
            )));
        }
        if self.drop_connection_kind == DropKind::Goaway && self.drop_connection_after == Some(0) {
            return Err(FaultConfigError(
                "drop_connection_after must be at least 1 when drop_connection_kind is goaway \
                 (the request that starts the close is answered)"
                    .to_string(),
            ));
        }
        Ok(())
    }
}

/// A fault setting that is out of range or malformed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FaultConfigError(pub String);

impl fmt::Display for FaultConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for FaultConfigError {}

/// Changes the faults of a running server. Cheap to clone; all clones act on the same server.
#[derive(Debug, Clone)]
pub struct FaultController {
    tx: Arc<watch::Sender<FaultConfig>>,
}

impl Default for FaultController {
    /// A controller with no faults.
    fn default() -> Self {
        Self {
            tx: Arc::new(watch::Sender::new(FaultConfig::default())),
        }
    }
}

impl FaultController {
    pub(crate) fn new(initial: FaultConfig) -> Result<Self, FaultConfigError> {
        initial.validate()?;
        Ok(Self {
            tx: Arc::new(watch::Sender::new(initial)),
        })
    }

    /// The faults currently in force.
    pub fn get(&self) -> FaultConfig {
        self.tx.borrow().clone()
    }

    /// The stream faults currently in force (read without copying the rest).
    pub(crate) fn stream_faults(&self) -> StreamFaults {
        self.tx.borrow().stream_faults()
    }

    /// Replaces all faults.
    pub fn set(&self, faults: FaultConfig) -> Result<(), FaultConfigError> {
        faults.validate()?;
        self.tx.send_replace(faults);
        Ok(())
    }

    /// Changes some faults, e.g. `faults.update(|f| f.stall = false)`; returns the result.
    pub fn update(
        &self,
        change: impl FnOnce(&mut FaultConfig),
    ) -> Result<FaultConfig, FaultConfigError> {
        let mut next = self.get();
        change(&mut next);
        self.set(next.clone())?;
        Ok(next)
    }

    /// Removes every fault (and releases stalled requests).
    pub fn clear(&self) {
        self.tx.send_replace(FaultConfig::default());
    }

    /// Merges a JSON object into the current faults: fields present replace, absent
    /// fields stay; `"drop_connection_after": null` turns that fault off.
    pub fn apply_json(&self, body: &[u8]) -> Result<FaultConfig, FaultConfigError> {
        let patch: serde_json::Value = serde_json::from_slice(body)
            .map_err(|e| FaultConfigError(format!("invalid JSON: {e}")))?;
        let serde_json::Value::Object(patch) = patch else {
            return Err(FaultConfigError("expected a JSON object".to_string()));
        };
        let mut current = serde_json::to_value(self.get())
            .map_err(|e| FaultConfigError(format!("cannot encode faults: {e}")))?;
        if let serde_json::Value::Object(fields) = &mut current {
            fields.extend(patch);
        }
        let next: FaultConfig = serde_json::from_value(current)
            .map_err(|e| FaultConfigError(format!("invalid fault settings: {e}")))?;
        self.set(next.clone())?;
        Ok(next)
    }

    pub(crate) fn subscribe(&self) -> watch::Receiver<FaultConfig> {
        self.tx.subscribe()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_faults_and_the_drop_kind_merge_from_json() {
        let faults = FaultController::default();
        let merged = faults
            .apply_json(
                br#"{"drop_connection_after": 3, "drop_connection_kind": "goaway",
                     "stream_end_after_items": 5, "stream_drop_connection_after_items": 7,
                     "stop_heartbeats": true}"#,
            )
            .unwrap();
        assert_eq!(
            merged,
            FaultConfig::none()
                .with_drop_connection_after(Some(3))
                .with_drop_connection_kind(DropKind::Goaway)
                .with_stream_end_after_items(Some(5))
                .with_stream_drop_connection_after_items(Some(7))
                .with_stop_heartbeats(true)
        );
        assert!(merged.is_active());
        let text = serde_json::to_string(&merged).unwrap();
        assert!(
            text.contains(r#""drop_connection_kind":"goaway""#),
            "{text}"
        );

        let err = faults
            .apply_json(br#"{"drop_connection_kind": "fin"}"#)
            .unwrap_err();
        assert!(
            err.0.contains("drop_connection_kind") || err.0.contains("variant"),
            "{err}"
        );
        // goaway after 0 requests is refused, and nothing changes.
        assert!(
            faults
                .apply_json(br#"{"drop_connection_after": 0}"#)
                .is_err()
        );
        assert_eq!(faults.get(), merged);
        assert_eq!(faults.stream_faults().drop_kind, DropKind::Goaway);
        assert_eq!("reset".parse::<DropKind>(), Ok(DropKind::Reset));
        assert!("RST".parse::<DropKind>().is_err());
    }
}
