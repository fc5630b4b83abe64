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
    /// The npm package (wasm) in Node, with the transport it picks by default.
    NodeEdgecache,
    /// The npm package in Node with `EDGECACHE_NODE_TRANSPORT=fetch`.
    NodeEdgecacheFetch,
    /// `@gomomento/sdk-web` in Node: gRPC-web text over XMLHttpRequest (the xhr2 polyfill).
    NodeSdkWeb,
    /// `@gomomento/sdk` in Node: gRPC over HTTP/2 (grpc-js).
    NodeSdk,
    /// No SDK in Node: pre-encoded gRPC-web requests over one `node:http2` session (Node's
    /// raw limit).
    NodeRawHttp2,
    /// The npm package in headless Chromium over plain http (HTTP/1.1).
    ChromiumEdgecacheHttp,
    /// `@gomomento/sdk-web` in headless Chromium over plain http (HTTP/1.1).
    ChromiumSdkWebHttp,
    /// No SDK in headless Chromium: pre-encoded gRPC-web requests with `fetch` over plain
    /// http (the browser's raw limit, HTTP/1.1).
    ChromiumRawHttp,
    /// The npm package in headless Chromium against the server's TLS mode (HTTP/2).
    ChromiumEdgecacheH2,
    /// `@gomomento/sdk-web` in headless Chromium against the server's TLS mode (HTTP/2).
    ChromiumSdkWebH2,
    /// The browser's raw limit against the server's TLS mode (HTTP/2).
    ChromiumRawH2,
}

/// Where a JavaScript runner runs: the script under `bench/js/` and its arguments.
pub enum JsRunner {
    /// `point.mjs --client NAME`.
    Node(&'static str),
    /// `chromium.mjs --client NAME --scheme SCHEME`; `https` goes to the TLS server.
    Chromium(&'static str, &'static str),
}

impl Runner {
    /// Every runner, in the order the report lists them.
    pub const ALL: [Runner; 14] = [
        Runner::Edgecache,
        Runner::Momento,
        Runner::H2load,
        Runner::NodeEdgecache,
        Runner::NodeEdgecacheFetch,
        Runner::NodeSdkWeb,
        Runner::NodeSdk,
        Runner::NodeRawHttp2,
        Runner::ChromiumEdgecacheHttp,
        Runner::ChromiumSdkWebHttp,
        Runner::ChromiumRawHttp,
        Runner::ChromiumEdgecacheH2,
        Runner::ChromiumSdkWebH2,
        Runner::ChromiumRawH2,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Runner::Edgecache => "edgecache",
            Runner::Momento => "momento crate",
            Runner::H2load => "h2load (raw)",
            Runner::NodeEdgecache => "edgecache (Node)",
            Runner::NodeEdgecacheFetch => "edgecache, fetch (Node)",
            Runner::NodeSdkWeb => "sdk-web (Node)",
            Runner::NodeSdk => "sdk (Node)",
            Runner::NodeRawHttp2 => "raw node:http2 (Node)",
            Runner::ChromiumEdgecacheHttp => "edgecache (Chromium, http)",
            Runner::ChromiumSdkWebHttp => "sdk-web (Chromium, http)",
            Runner::ChromiumRawHttp => "raw fetch (Chromium, http)",
            Runner::ChromiumEdgecacheH2 => "edgecache (Chromium, h2)",
            Runner::ChromiumSdkWebH2 => "sdk-web (Chromium, h2)",
            Runner::ChromiumRawH2 => "raw fetch (Chromium, h2)",
        }
    }

    /// The script that measures this runner, or `None` for the native ones.
    pub fn js(self) -> Option<JsRunner> {
        Some(match self {
            Runner::Edgecache | Runner::Momento | Runner::H2load => return None,
            Runner::NodeEdgecache => JsRunner::Node("edgecache"),
            Runner::NodeEdgecacheFetch => JsRunner::Node("edgecache-fetch"),
            Runner::NodeSdkWeb => JsRunner::Node("sdk-web"),
            Runner::NodeSdk => JsRunner::Node("sdk"),
            Runner::NodeRawHttp2 => JsRunner::Node("raw-http2"),
            Runner::ChromiumEdgecacheHttp => JsRunner::Chromium("edgecache", "http"),
            Runner::ChromiumSdkWebHttp => JsRunner::Chromium("sdk-web", "http"),
            Runner::ChromiumRawHttp => JsRunner::Chromium("raw", "http"),
            Runner::ChromiumEdgecacheH2 => JsRunner::Chromium("edgecache", "https"),
            Runner::ChromiumSdkWebH2 => JsRunner::Chromium("sdk-web", "https"),
            Runner::ChromiumRawH2 => JsRunner::Chromium("raw", "https"),
        })
    }

    /// Whether this runner is a raw limit (no SDK: pre-encoded requests replayed).
    pub fn is_raw(self) -> bool {
        matches!(
            self,
            Runner::H2load | Runner::NodeRawHttp2 | Runner::ChromiumRawHttp | Runner::ChromiumRawH2
        )
    }

    /// Whether this runner is an edgecache client (and so has an in-flight cap).
    pub fn is_edgecache(self) -> bool {
        matches!(
            self,
            Runner::Edgecache
                | Runner::NodeEdgecache
                | Runner::NodeEdgecacheFetch
                | Runner::ChromiumEdgecacheHttp
                | Runner::ChromiumEdgecacheH2
        )
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
    /// Operations that completed successfully inside the window (the latency histogram
    /// holds these only).
    pub ops: u64,
    /// Operations that failed (or gets that missed) inside the window; not in `ops`.
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
    /// RSS of the client at the end, KiB (not known for h2load or Chromium).
    #[serde(default)]
    pub client_rss_kib: Option<u64>,
    /// Chromium: CPU seconds (user + system, every thread) of the page's renderer process
    /// over the window, from /proc; also in `client_cpu_s`.
    #[serde(default)]
    pub renderer_cpu_s: Option<f64>,
    /// Chromium: CPU seconds of every browser process (renderer, network, browser).
    #[serde(default)]
    pub browser_cpu_s: Option<f64>,
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
    /// JavaScript: (operations after warm-up, wasm linear memory bytes) samples.
    #[serde(default)]
    pub wasm_samples: Vec<(u64, u64)>,
    #[serde(default)]
    pub wasm_after_warmup_bytes: Option<u64>,
    #[serde(default)]
    pub wasm_end_bytes: Option<u64>,
    #[serde(default)]
    pub wasm_growth_percent: Option<f64>,
    /// Calls that failed during the check (warm-up included).
    #[serde(default)]
    pub errors: u64,
}

/// Cold start in Node: import the SDK, create a client, first get completes, each in a fresh
/// `node` process (medians of `runs`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ColdStart {
    pub runner: Runner,
    pub runs: usize,
    /// Import + create + first get, per process, ms.
    pub samples_ms: Vec<f64>,
    pub median_ms: f64,
    pub median_import_ms: f64,
    pub median_create_ms: f64,
    pub median_first_get_ms: f64,
    /// The same, counted from the process's start (Node's own start-up included).
    pub median_since_process_start_ms: f64,
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
    /// Node, Chromium and the JS peers' versions (empty when the JS side did not run).
    #[serde(default)]
    pub js_versions: String,
    pub points: Vec<Point>,
    pub memory: Vec<MemoryCheck>,
    #[serde(default)]
    pub cold_start: Vec<ColdStart>,
    /// Caveats the report prints under its setup table.
    #[serde(default)]
    pub notes: Vec<String>,
    /// The cargo profile of the native binaries ("release", or "dev" for a smoke or a run
    /// that could not build release binaries).
    #[serde(default)]
    pub build_profile: String,
    /// Points and checks that failed (what failed and why); the smoke fails on any.
    #[serde(default)]
    pub failures: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The JavaScript runners print these names in their `Point` JSON.
    #[test]
    fn runner_names_match_the_js_scripts() {
        let name = |r: Runner| {
            serde_json::to_value(r)
                .unwrap()
                .as_str()
                .unwrap()
                .to_string()
        };
        assert_eq!(name(Runner::NodeSdkWeb), "node-sdk-web");
        assert_eq!(name(Runner::NodeEdgecacheFetch), "node-edgecache-fetch");
        assert_eq!(name(Runner::ChromiumEdgecacheH2), "chromium-edgecache-h2");
        assert_eq!(name(Runner::ChromiumSdkWebHttp), "chromium-sdk-web-http");
        assert_eq!(name(Runner::NodeRawHttp2), "node-raw-http2");
        assert_eq!(name(Runner::ChromiumRawH2), "chromium-raw-h2");
        for runner in Runner::ALL {
            let expected = match runner.js() {
                None => continue,
                Some(JsRunner::Node(client)) => format!("node-{client}"),
                Some(JsRunner::Chromium(client, scheme)) => format!(
                    "chromium-{client}-{}",
                    if scheme == "https" { "h2" } else { "http" }
                ),
            };
            assert_eq!(name(runner), expected);
        }
    }

    /// Results written before the JavaScript runners existed still load.
    #[test]
    fn old_results_load_without_js_fields() {
        let json = r#"{"started":"","wall_secs":1.0,"smoke":true,"machine":"","git_revision":"",
            "pinned":false,"load_average_start":0.0,"load_average_end":0.0,"repeats":1,
            "point_secs":1.0,"warmup_secs":0.0,"momento_version":"","h2load_version":"",
            "points":[],"memory":[{"runner":"edgecache","in_flight":1,"warmup_ops":1,"ops":1,
            "secs":1.0,"samples":[],"rss_after_warmup_kib":1,"rss_end_kib":1,"growth_percent":0.0}]}"#;
        let results: RunResults = serde_json::from_str(json).unwrap();
        assert!(results.cold_start.is_empty());
        assert_eq!(results.memory[0].wasm_growth_percent, None);
    }
}
