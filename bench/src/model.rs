//! What a run produces: one record per measured point, plus the memory check, written to
//! `bench/results/*.json` and read back by the report.

use serde::{Deserialize, Serialize};

/// Which load generator produced a point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Runner {
    /// This repository's SDK (gRPC-web over one h2c connection).
    Edgecache,
    /// The official `momento` crate (tonic gRPC over h2c).
    Momento,
    /// nghttp2's h2load replaying one pre-encoded gRPC-web Get: the raw limit.
    H2load,
}

impl Runner {
    pub fn label(self) -> &'static str {
        match self {
            Runner::Edgecache => "edgecache",
            Runner::Momento => "momento crate",
            Runner::H2load => "h2load (raw)",
        }
    }
}

/// The request mix.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Mix {
    /// 80% get (hits), 20% set.
    GetSet,
    /// 100% get (hits): the workload h2load can replay.
    GetOnly,
}

impl Mix {
    pub fn label(self) -> &'static str {
        match self {
            Mix::GetSet => "get 80% / set 20%",
            Mix::GetOnly => "get 100%",
        }
    }
}

/// Which part of the run a point belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Series {
    /// The in-flight sweep at 100-byte values (repeated; medians are reported).
    Main,
    /// 1 KB and 100 KB values.
    Size,
    /// 5,000 requests at once through the client's cap, cap swept.
    Cap,
}

/// One measured point.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Point {
    pub series: Series,
    pub runner: Runner,
    pub mix: Mix,
    pub value_size: usize,
    /// Requests issued concurrently (workers); for the 5,000 run, most wait in the cap.
    pub in_flight: usize,
    /// The client's in-flight cap (edgecache only).
    pub cap: Option<usize>,
    /// 0-based repetition.
    pub repeat: usize,
    /// Length of the measured window, seconds.
    pub secs: f64,
    /// Operations completed inside the window.
    pub ops: u64,
    /// Operations that failed (or gets that missed) inside the window.
    pub errors: u64,
    pub ops_per_s: f64,
    pub p50_us: f64,
    pub p90_us: f64,
    pub p99_us: f64,
    pub p999_us: f64,
    pub max_us: f64,
    /// CPU seconds (user + system) of the client process during the window.
    pub client_cpu_s: f64,
    /// The system (kernel) part of `client_cpu_s`: mostly loopback TCP.
    #[serde(default)]
    pub client_sys_s: f64,
    /// CPU seconds of the server process during the point.
    #[serde(default)]
    pub server_cpu_s: f64,
    /// Highest number of requests in flight the server saw during the point.
    #[serde(default)]
    pub server_max_in_flight: Option<u64>,
    /// RSS of the client at the end, KiB (not known for h2load).
    #[serde(default)]
    pub client_rss_kib: Option<u64>,
}

impl Point {
    /// Client CPU microseconds per operation.
    pub fn cpu_us_per_op(&self) -> f64 {
        if self.ops == 0 {
            0.0
        } else {
            self.client_cpu_s * 1e6 / self.ops as f64
        }
    }

    /// Client kernel (system) CPU microseconds per operation.
    pub fn sys_us_per_op(&self) -> f64 {
        if self.ops == 0 {
            0.0
        } else {
            self.client_sys_s * 1e6 / self.ops as f64
        }
    }
}

/// RSS over a long run after warm-up.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MemoryCheck {
    pub runner: Runner,
    pub in_flight: usize,
    pub warmup_ops: u64,
    pub ops: u64,
    pub secs: f64,
    /// (operations completed after warm-up, RSS KiB) samples.
    pub samples: Vec<(u64, u64)>,
    pub rss_after_warmup_kib: u64,
    pub rss_end_kib: u64,
    pub growth_percent: f64,
}

/// A whole run: metadata, every point, the memory check.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RunResults {
    pub started: String,
    pub wall_secs: f64,
    pub smoke: bool,
    pub machine: String,
    pub git_revision: String,
    pub pinned: bool,
    pub load_average_start: f64,
    pub load_average_end: f64,
    pub repeats: usize,
    pub point_secs: f64,
    pub warmup_secs: f64,
    pub momento_version: String,
    pub h2load_version: String,
    pub points: Vec<Point>,
    pub memory: Vec<MemoryCheck>,
}
