//! The JavaScript side of the run: the scripts under `bench/js/` (Node and headless Chromium),
//! started as child processes pinned to core 1 like the native ones. They take the `point`
//! child's options and print the same `Point` JSON, so the orchestrator treats them alike.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::h2load::wait_bounded;
use crate::load::PointSpec;
use crate::model::{ColdStart, JsRunner, MemoryCheck, Runner};
use crate::sys;

/// What the JavaScript runners need, found once at the start of a run.
#[derive(Clone, Debug)]
pub struct JsSetup {
    pub node: String,
    /// `bench/js`, with its `node_modules` installed.
    pub dir: PathBuf,
    /// Debian's Chromium (or `$CHROMIUM_BIN`), if installed.
    pub chromium: Option<String>,
    /// Whether the package honours `EDGECACHE_NODE_TRANSPORT` (a forced-fetch row then).
    pub fetch_switch: bool,
}

/// Node clients measured for cold start, in report order.
pub const COLD_START: [Runner; 3] = [Runner::NodeEdgecache, Runner::NodeSdkWeb, Runner::NodeSdk];

impl JsSetup {
    /// Finds node, the installed `bench/js` and Chromium; an error says what is missing.
    pub fn detect(dir: &Path) -> Result<JsSetup, String> {
        let node = sys::which("node").ok_or("node is not on PATH")?;
        for package in [
            "edgecache",
            "@gomomento/sdk-web",
            "@gomomento/sdk",
            "hdr-histogram-js",
        ] {
            if !dir.join("node_modules").join(package).exists() {
                return Err(format!(
                    "{}/node_modules/{package} is missing: scripts/bench installs it (npm ci in bench/js, and scripts/build-pkg for pkg/)",
                    dir.display()
                ));
            }
        }
        let chromium = std::env::var("CHROMIUM_BIN")
            .ok()
            .or_else(|| Some("/usr/bin/chromium".into()))
            .filter(|p| Path::new(p).is_file());
        let package = dir.join("node_modules/edgecache");
        // Any of the package's own .js files may read the variable (its Node entry does).
        let fetch_switch = std::fs::read_dir(&package).is_ok_and(|dir| {
            dir.filter_map(Result::ok)
                .filter(|e| e.path().extension().is_some_and(|x| x == "js"))
                .any(|e| {
                    std::fs::read_to_string(e.path())
                        .is_ok_and(|s| s.contains("EDGECACHE_NODE_TRANSPORT"))
                })
        });
        Ok(JsSetup {
            node,
            dir: dir.to_path_buf(),
            chromium,
            fetch_switch,
        })
    }

    /// The JavaScript runners this machine can run, in report order.
    pub fn runners(&self) -> Vec<Runner> {
        Runner::ALL
            .into_iter()
            .filter(|r| match r.js() {
                None => false,
                Some(JsRunner::Node(_)) => *r != Runner::NodeEdgecacheFetch || self.fetch_switch,
                Some(JsRunner::Chromium(..)) => self.chromium.is_some(),
            })
            .collect()
    }

    /// "Node v20…, Chromium 1…, @gomomento/sdk-web 1.118.0, @gomomento/sdk 1.118.1" for the report.
    pub fn versions(&self) -> String {
        let output = |program: &str, arg: &str| {
            Command::new(program)
                .arg(arg)
                .output()
                .ok()
                .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
                .unwrap_or_default()
        };
        let package = |name: &str| {
            std::fs::read_to_string(
                self.dir
                    .join("node_modules")
                    .join(name)
                    .join("package.json"),
            )
            .ok()
            .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
            .and_then(|v| {
                v.get("version")
                    .and_then(|v| v.as_str())
                    .map(str::to_string)
            })
            .unwrap_or_else(|| "?".into())
        };
        let mut parts = vec![format!("Node {}", output(&self.node, "--version"))];
        if let Some(chromium) = &self.chromium {
            parts.push(output(chromium, "--version"));
        }
        for name in ["@gomomento/sdk-web", "@gomomento/sdk", "xhr2"] {
            parts.push(format!("{name} {}", package(name)));
        }
        parts.join(", ")
    }

    /// `node SCRIPT`, pinned to core 1 when `pin` (Chromium's processes inherit the pinning).
    fn node(&self, pin: bool, script: &str) -> Command {
        let mut command = if pin {
            let mut c = Command::new("taskset");
            c.args(["-c", "1"]).arg(&self.node);
            c
        } else {
            Command::new(&self.node)
        };
        command.arg(self.dir.join(script));
        command
    }

    /// The child that measures `spec` for a JavaScript runner; `https_port` is the TLS
    /// server's (for the Chromium h2 rows).
    pub fn point_command(
        &self,
        pin: bool,
        spec: &PointSpec,
        port: u16,
        https_port: Option<u16>,
    ) -> Result<Command, String> {
        let js = spec
            .runner
            .js()
            .ok_or_else(|| format!("{} is not a JavaScript runner", spec.runner.label()))?;
        let mut command = match js {
            JsRunner::Node(client) => {
                let mut c = self.node(pin, "point.mjs");
                c.args(["--client", client, "--port", &port.to_string()]);
                c
            }
            JsRunner::Chromium(client, scheme) => {
                let port = if scheme == "https" {
                    https_port.ok_or("no TLS server is running")?
                } else {
                    port
                };
                let mut c = self.node(pin, "chromium.mjs");
                c.args(["--client", client, "--scheme", scheme])
                    .args(["--port", &port.to_string()]);
                if let Some(chromium) = &self.chromium {
                    c.env("CHROMIUM_BIN", chromium);
                }
                c
            }
        };
        command
            .args(["--mix", &kebab(&spec.mix)])
            .args(["--series", &kebab(&spec.series)])
            .args(["--value-size", &spec.value_size.to_string()])
            .args(["--in-flight", &spec.in_flight.to_string()])
            .args(["--repeat", &spec.repeat.to_string()])
            .args(["--warmup-ms", &spec.warmup.as_millis().to_string()])
            .args(["--secs-ms", &spec.secs.as_millis().to_string()]);
        if let Some(cap) = spec.cap.filter(|_| spec.runner.is_edgecache()) {
            command.args(["--cap", &cap.to_string()]);
        }
        Ok(command)
    }

    /// Cold start of one Node client: `runs` fresh processes, medians.
    pub fn cold_start(
        &self,
        pin: bool,
        runner: Runner,
        port: u16,
        runs: usize,
    ) -> Result<ColdStart, String> {
        let Some(JsRunner::Node(client)) = runner.js() else {
            return Err(format!("{} is not a Node runner", runner.label()));
        };
        let mut command = self.node(pin, "coldstart.mjs");
        command
            .args(["--client", client, "--port", &port.to_string()])
            .args(["--runs", &runs.to_string()]);
        let json = run_for_json(command, Duration::from_secs(40 * (runs as u64 + 1)))?;
        serde_json::from_str(&json).map_err(|e| format!("cold start: {e}"))
    }

    /// The memory check of edgecache in Node (wasm linear memory and RSS).
    pub fn memory(
        &self,
        pin: bool,
        port: u16,
        warmup_ops: u64,
        ops: u64,
        max_secs: u64,
    ) -> Result<MemoryCheck, String> {
        let mut command = self.node(pin, "memory.mjs");
        command
            .args(["--port", &port.to_string(), "--in-flight", "50"])
            .args(["--warmup-ops", &warmup_ops.to_string()])
            .args(["--ops", &ops.to_string()])
            .args(["--max-secs", &max_secs.to_string()]);
        let json = run_for_json(command, Duration::from_secs(max_secs + 90))?;
        serde_json::from_str(&json).map_err(|e| format!("memory check: {e}"))
    }
}

/// Runs a child to completion (bounded) and returns the last JSON line it printed.
fn run_for_json(mut command: Command, limit: Duration) -> Result<String, String> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let child = command.spawn().map_err(|e| format!("starting node: {e}"))?;
    let output = wait_bounded(child, limit)?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .map(str::to_string)
        .ok_or_else(|| format!("exited ({}) without a result", output.status))
}

/// The kebab-case name clap and serde both use.
pub fn kebab<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}
