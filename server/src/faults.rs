//! Fault injection settings for gRPC requests and the run-time controller that changes them.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tokio::sync::watch;

/// Faults applied to every gRPC request (never to `/stats`, `/admin/*` or `/health`).
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
    /// A connection serves at most N requests: request N+1 on it closes the TCP
    /// connection abruptly (RST) without an answer, also failing whatever else is
    /// in flight on it. Counts every request the connection carried since it opened.
    pub drop_connection_after: Option<u64>,
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

    /// Closes a connection abruptly when request `n + 1` arrives on it.
    pub fn with_drop_connection_after(mut self, n: Option<u64>) -> Self {
        self.drop_connection_after = n;
        self
    }

    /// Whether any fault is active.
    pub fn is_active(&self) -> bool {
        self.latency_ms > 0
            || self.jitter_ms > 0
            || self.error_percent > 0.0
            || self.stall
            || self.drop_connection_after.is_some()
    }

    /// Checks the ranges: `error_percent` in 0–100, `error_code` in 1–16.
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
