//! The orchestrator: starts edgecache-server pinned to core 0 (and, for Chromium's HTTP/2
//! rows, a second one in its TLS mode), runs every point as a child process pinned to core 1
//! (this binary's `point` mode, h2load, or a `bench/js` script in Node or Chromium), samples
//! the server's CPU and in-flight maximum around each measured window, and writes the results.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::h2load;
use crate::js::{self, JsSetup};
use crate::load::PointSpec;
use crate::model::{ColdStart, MemoryCheck, Mix, Point, RunResults, Runner, Series};
use crate::sys;

/// Printed by a `point` child when its measured window opens and closes.
pub const WINDOW_START: &str = "@window-start";
pub const WINDOW_END: &str = "@window-end";

/// In-flight levels of the main sweep; the last goes through the client's cap. 20 is there
/// for the cap sweep's "on the wire" column (a cap the presets could take).
const IN_FLIGHT: [usize; 7] = [1, 5, 20, 50, 100, 200, 5000];
/// The JavaScript runners' levels: each of their points costs a process (and a browser).
const JS_IN_FLIGHT: [usize; 6] = [1, 5, 50, 100, 200, 5000];
/// The "requested at once" level, and the cap the edgecache client uses for it (the
/// Laptop/InRegion preset's).
pub const BURST: usize = 5000;
const PRESET_CAP: usize = 100;
/// Caps swept with 5,000 requests issued at once.
const CAPS: [usize; 6] = [1, 5, 20, 50, 100, 200];
/// Secondary value sizes and their in-flight levels.
const SIZES: [usize; 2] = [1024, 100 * 1024];
const SIZE_IN_FLIGHT: [usize; 3] = [5, 50, 200];

#[derive(Clone, Debug)]
pub struct Options {
    pub smoke: bool,
    pub repeats: usize,
    pub secs: Duration,
    pub warmup: Duration,
    /// The main sweep's in-flight levels, when not all of [`IN_FLIGHT`].
    pub levels: Option<Vec<usize>>,
    pub out: PathBuf,
    pub server_bin: PathBuf,
    /// Extra arguments for every edgecache-server (e.g. a fault, to check the smoke fails).
    pub server_args: Vec<String>,
    pub h2load: Option<String>,
    pub pin: bool,
    pub memory_ops: u64,
    pub memory_warmup_ops: u64,
    /// The JavaScript runners (None: native only).
    pub js: Option<JsSetup>,
    /// Fresh `node` processes per client for the cold-start medians.
    pub cold_start_runs: usize,
    /// The JS memory check's operations, warm-up and time bound.
    pub js_memory_ops: u64,
    pub js_memory_warmup_ops: u64,
    pub js_memory_max_secs: u64,
    /// Only the JavaScript runners (a partial run; the docs say so).
    pub js_only: bool,
}

/// The edgecache-server child, killed (by its own pid) when dropped.
struct Server {
    child: Child,
    addr: SocketAddr,
    /// Where `/stats` and `/admin/*` answer over plain HTTP: `addr`, or for the TLS server
    /// its separate admin port.
    admin: SocketAddr,
}

impl Server {
    /// Starts the server; with `tls`, in its TLS mode (self-signed, ALPN h2) with the admin
    /// endpoints on a separate plain-HTTP port.
    fn start(bin: &Path, extra: &[String], pin: bool, tls: bool) -> Result<Server, String> {
        let mut command = if pin {
            let mut c = Command::new("taskset");
            c.args(["-c", "0"]).arg(bin);
            c
        } else {
            Command::new(bin)
        };
        command
            .args(["--host", "127.0.0.1", "--port", "0", "--cache", "bench"])
            .args(["--max-memory-mb", "2048"])
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(if tls {
                Stdio::piped()
            } else {
                Stdio::inherit()
            });
        if tls {
            command.args(["--tls", "--admin-port", "0"]);
        }
        let mut child = command
            .spawn()
            .map_err(|e| format!("starting {}: {e}", bin.display()))?;
        let stdout = child.stdout.take().ok_or("no server stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let addr = loop {
            let Some(Ok(line)) = lines.next() else {
                let _ = child.kill();
                let _ = child.wait();
                return Err("edgecache-server exited before listening".into());
            };
            if let Some(addr) = address_after(&line, "listening on ") {
                break addr.map_err(|e| format!("bad listening line {line:?}: {e}"))?;
            }
        };
        // Keep draining its stdout so it can never block on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        let admin = match child.stderr.take() {
            None => addr,
            Some(stderr) => {
                // "admin endpoints on http://127.0.0.1:PORT" comes on stderr; the rest of
                // stderr is passed on.
                let mut lines = BufReader::new(stderr).lines();
                let admin = loop {
                    let Some(Ok(line)) = lines.next() else {
                        let _ = child.kill();
                        let _ = child.wait();
                        return Err(
                            "edgecache-server --tls exited before naming its admin port".into()
                        );
                    };
                    if let Some(addr) = address_after(&line, "admin endpoints on ") {
                        break addr.map_err(|e| format!("bad admin line {line:?}: {e}"))?;
                    }
                    eprintln!("{line}");
                };
                std::thread::spawn(move || {
                    for line in lines.map_while(Result::ok) {
                        eprintln!("{line}");
                    }
                });
                admin
            }
        };
        Ok(Server { child, addr, admin })
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn cpu(&self) -> f64 {
        sys::pid_cpu_seconds(self.pid()).unwrap_or(0.0)
    }
}

/// The socket address in `http(s)://ADDR` after `marker` in a line, if the marker is there.
fn address_after(line: &str, marker: &str) -> Option<Result<SocketAddr, String>> {
    let url = line.split(marker).nth(1)?;
    let authority = url
        .trim_start_matches("https://")
        .trim_start_matches("http://")
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .trim_end_matches('/');
    Some(authority.parse::<SocketAddr>().map_err(|e| e.to_string()))
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What to measure, in order.
#[derive(Clone, Debug)]
enum Job {
    Point(PointSpec),
    H2load {
        series: Series,
        value_size: usize,
        in_flight: usize,
        repeat: usize,
    },
}

fn plan(options: &Options) -> Vec<Job> {
    let spec = |series, runner, mix, value_size, in_flight, cap, repeat| {
        Job::Point(PointSpec {
            series,
            runner,
            mix,
            value_size,
            in_flight,
            cap,
            repeat,
            warmup: options.warmup,
            secs: options.secs,
        })
    };
    let edgecache_cap = |n: usize| Some(if n >= BURST { PRESET_CAP } else { n });
    let native = |n: usize, repeat: usize| {
        [
            spec(
                Series::Main,
                Runner::Edgecache,
                Mix::GetSet,
                100,
                n,
                edgecache_cap(n),
                repeat,
            ),
            spec(
                Series::Main,
                Runner::Momento,
                Mix::GetSet,
                100,
                n,
                None,
                repeat,
            ),
            spec(
                Series::Main,
                Runner::Edgecache,
                Mix::GetOnly,
                100,
                n,
                edgecache_cap(n),
                repeat,
            ),
            Job::H2load {
                series: Series::Main,
                value_size: 100,
                in_flight: n,
                repeat,
            },
        ]
    };
    let js_runners: Vec<Runner> = options.js.iter().flat_map(JsSetup::runners).collect();
    let mut jobs = Vec::new();
    // The smoke run measures the level the targets are judged at, and only that one.
    let levels: &[usize] = match (&options.levels, options.smoke) {
        (Some(levels), _) => levels,
        (None, true) => &[50],
        (None, false) => &IN_FLIGHT,
    };
    for repeat in 0..options.repeats {
        for &n in levels {
            if !options.js_only {
                jobs.extend(native(n, repeat));
            }
            // The JavaScript clients at the same level, get/set only. The raw limits (no SDK,
            // no cap) are not run at the 5,000 burst: there is no cap to compare them through.
            if options.smoke || options.levels.is_some() || JS_IN_FLIGHT.contains(&n) {
                for &runner in js_runners.iter().filter(|r| n < BURST || !r.is_raw()) {
                    let cap = if runner.is_edgecache() {
                        edgecache_cap(n)
                    } else {
                        None
                    };
                    jobs.push(spec(Series::Main, runner, Mix::GetSet, 100, n, cap, repeat));
                }
            }
        }
    }
    if options.smoke || options.js_only {
        return jobs;
    }
    for &size in &SIZES {
        for &n in &SIZE_IN_FLIGHT {
            for runner in [Runner::Edgecache, Runner::Momento] {
                let cap = (runner == Runner::Edgecache).then_some(n);
                jobs.push(spec(Series::Size, runner, Mix::GetSet, size, n, cap, 0));
            }
        }
    }
    for &cap in &CAPS {
        jobs.push(spec(
            Series::Cap,
            Runner::Edgecache,
            Mix::GetSet,
            100,
            BURST,
            Some(cap),
            0,
        ));
    }
    jobs
}

/// Runs the whole plan and returns the results (also written by the caller).
pub fn run_all(options: &Options) -> Result<RunResults, String> {
    let began = Instant::now();
    let load_start = sys::load_average();
    let scratch = options.out.join("tmp");
    std::fs::create_dir_all(&scratch).map_err(|e| format!("{}: {e}", scratch.display()))?;
    let server = Server::start(
        &options.server_bin,
        &options.server_args,
        options.pin,
        false,
    )?;
    // Chromium negotiates HTTP/2 only over TLS: its h2 rows go to a second server, the same
    // binary in its TLS mode, pinned to the same core.
    let needs_tls = options.js.as_ref().is_some_and(|js| {
        js.runners()
            .iter()
            .any(|r| matches!(r.js(), Some(crate::model::JsRunner::Chromium(_, "https"))))
    });
    let tls_server = if needs_tls {
        Some(Server::start(
            &options.server_bin,
            &options.server_args,
            options.pin,
            true,
        )?)
    } else {
        None
    };
    if let Some(tls) = &tls_server {
        println!(
            "edgecache-server --tls pid {} at https://{} (admin http://{}), for Chromium's h2 rows",
            tls.pid(),
            tls.addr,
            tls.admin
        );
    }
    if let Some(js) = &options.js {
        let runners: Vec<&str> = js.runners().iter().map(|r| r.label()).collect();
        println!("JavaScript runners: {}", runners.join(", "));
        if !js.fetch_switch {
            println!(
                "  (this edgecache package has no EDGECACHE_NODE_TRANSPORT switch: no forced-fetch row)"
            );
        }
        if js.chromium.is_none() {
            println!("  (Chromium not installed: no Chromium rows)");
        }
    }
    println!(
        "edgecache-server pid {} at {}{}; load average {load_start:.2}",
        server.pid(),
        server.addr,
        if options.pin {
            " (server on core 0, clients on core 1)"
        } else {
            " (taskset unavailable: not pinned)"
        }
    );
    let h2load_version = options
        .h2load
        .as_deref()
        .map_or_else(|| "not installed".to_string(), h2load::version);
    let jobs = plan(options);
    let mut points = Vec::new();
    let mut failures = Vec::new();
    let total = jobs.len();
    for (i, job) in jobs.iter().enumerate() {
        let result = match job {
            Job::Point(spec) => {
                // Chromium's h2 rows are measured against the TLS server.
                let target = match (spec.runner.js(), &tls_server) {
                    (Some(crate::model::JsRunner::Chromium(_, "https")), Some(tls)) => tls,
                    _ => &server,
                };
                run_child_point(options, target, &server, tls_server.as_ref(), spec)
            }
            Job::H2load {
                series,
                value_size,
                in_flight,
                repeat,
            } => match &options.h2load {
                None => Err("h2load is not installed".into()),
                Some(bin) => run_h2load(
                    &server,
                    &h2load::H2loadRun {
                        h2load: bin,
                        port: server.addr.port(),
                        value_size: *value_size,
                        in_flight: *in_flight,
                        repeat: *repeat,
                        series: *series,
                        warmup: options.warmup,
                        secs: options.secs,
                        pin: options.pin,
                        scratch: &scratch,
                    },
                ),
            },
        };
        let label = describe(job, options.repeats);
        match result {
            Ok(point) => {
                println!(
                    "[{:>6.1}s] {:>3}/{total} {label}: {:>9.0} ops/s  p50 {}  p99.9 {}  max {}  cpu {:.2}s  server cpu {:.2}s{}",
                    began.elapsed().as_secs_f64(),
                    i + 1,
                    point.ops_per_s,
                    ms(point.p50_us),
                    ms(point.p999_us),
                    ms(point.max_us),
                    point.client_cpu_s,
                    point.server_cpu_s,
                    if point.errors > 0 {
                        format!("  ERRORS {}", point.errors)
                    } else {
                        String::new()
                    }
                );
                points.push(point);
            }
            Err(error) => {
                println!(
                    "[{:>6.1}s] {:>3}/{total} {label}: FAILED: {error}",
                    began.elapsed().as_secs_f64(),
                    i + 1
                );
                failures.push(format!("{}: {error}", label.trim()));
            }
        }
    }
    let mut memory = Vec::new();
    let native_memory = if options.js_only {
        Err("skipped (JavaScript runners only)".to_string())
    } else {
        run_child_memory(options, &server)
    };
    match native_memory {
        Ok(check) => {
            println!(
                "[{:>6.1}s] memory: {} ops after {} warm-up at {} in flight: RSS {} KiB -> {} KiB ({:+.2}%)",
                began.elapsed().as_secs_f64(),
                check.ops,
                check.warmup_ops,
                check.in_flight,
                check.rss_after_warmup_kib,
                check.rss_end_kib,
                check.growth_percent
            );
            memory.push(check);
        }
        Err(error) => {
            println!("memory check FAILED: {error}");
            if !options.js_only {
                failures.push(format!("memory check: {error}"));
            }
        }
    }
    let mut cold_start = Vec::new();
    if let Some(js) = &options.js {
        run_js_extras(
            options,
            js,
            &server,
            began,
            &mut cold_start,
            &mut memory,
            &mut failures,
        );
    }
    drop(tls_server);
    drop(server);
    let _ = std::fs::remove_dir_all(&scratch);
    Ok(RunResults {
        started: now_utc(),
        wall_secs: began.elapsed().as_secs_f64(),
        smoke: options.smoke,
        machine: sys::machine_description(),
        git_revision: sys::git_revision(Path::new(env!("CARGO_MANIFEST_DIR"))),
        pinned: options.pin,
        load_average_start: load_start,
        load_average_end: sys::load_average(),
        repeats: options.repeats,
        point_secs: options.secs.as_secs_f64(),
        warmup_secs: options.warmup.as_secs_f64(),
        momento_version: momento_version(),
        h2load_version,
        js_versions: options
            .js
            .as_ref()
            .map(JsSetup::versions)
            .unwrap_or_default(),
        points,
        memory,
        cold_start,
        notes: notes(options),
        build_profile: if cfg!(debug_assertions) {
            "dev"
        } else {
            "release"
        }
        .into(),
        failures,
    })
}

/// What a reader must know about how this run differs from the full method.
fn notes(options: &Options) -> Vec<String> {
    let mut notes = Vec::new();
    if options.js_only {
        notes.push("A partial run: the JavaScript runners only.".into());
    }
    if let Some(levels) = &options.levels {
        let levels: Vec<String> = levels.iter().map(usize::to_string).collect();
        notes.push(format!(
            "A partial sweep: the main sweep ran at {} in flight only (the full method adds \
             the other levels of 1, 5, 20, 50, 100, 200 and 5,000).",
            levels.join(", ")
        ));
    }
    notes
}

/// Cold start of each Node client, then the memory check of edgecache in Node.
fn run_js_extras(
    options: &Options,
    js: &JsSetup,
    server: &Server,
    began: Instant,
    cold_start: &mut Vec<ColdStart>,
    memory: &mut Vec<MemoryCheck>,
    failures: &mut Vec<String>,
) {
    let port = server.addr.port();
    for runner in js::COLD_START {
        match js.cold_start(options.pin, runner, port, options.cold_start_runs) {
            Ok(c) => {
                println!(
                    "[{:>6.1}s] cold start {}: median {:.1} ms over {} processes (import {:.1} ms, first get {:.1} ms)",
                    began.elapsed().as_secs_f64(),
                    runner.label(),
                    c.median_ms,
                    c.runs,
                    c.median_import_ms,
                    c.median_first_get_ms
                );
                cold_start.push(c);
            }
            Err(error) => {
                println!("cold start {} FAILED: {error}", runner.label());
                failures.push(format!("cold start {}: {error}", runner.label()));
            }
        }
    }
    println!(
        "[{:>6.1}s] memory in Node: {} ops after {} warm-up (progress every tenth)",
        began.elapsed().as_secs_f64(),
        options.js_memory_ops,
        options.js_memory_warmup_ops
    );
    match js.memory(
        options.pin,
        port,
        options.js_memory_warmup_ops,
        options.js_memory_ops,
        options.js_memory_max_secs,
    ) {
        Ok(check) => {
            println!(
                "[{:>6.1}s] memory in Node: RSS {} KiB -> {} KiB ({:+.2}%), wasm memory {} -> {} bytes",
                began.elapsed().as_secs_f64(),
                check.rss_after_warmup_kib,
                check.rss_end_kib,
                check.growth_percent,
                check
                    .wasm_after_warmup_bytes
                    .map_or("?".into(), |b| b.to_string()),
                check.wasm_end_bytes.map_or("?".into(), |b| b.to_string()),
            );
            memory.push(check);
        }
        Err(error) => {
            println!("memory check in Node FAILED: {error}");
            failures.push(format!("memory check in Node: {error}"));
        }
    }
}

fn describe(job: &Job, repeats: usize) -> String {
    let (series, runner, mix, size, n, cap, repeat) = match job {
        Job::Point(s) => (
            s.series,
            s.runner,
            s.mix,
            s.value_size,
            s.in_flight,
            s.cap,
            s.repeat,
        ),
        Job::H2load {
            series,
            value_size,
            in_flight,
            repeat,
        } => (
            *series,
            Runner::H2load,
            Mix::GetOnly,
            *value_size,
            *in_flight,
            None,
            *repeat,
        ),
    };
    let series = match series {
        Series::Main => format!("main {}/{repeats}", repeat + 1),
        Series::Size => "size".into(),
        Series::Cap => "cap sweep".into(),
    };
    let cap = cap.map(|c| format!(" cap {c}")).unwrap_or_default();
    format!(
        "{series:<10} {:<26} {:<17} {:>6} B  in flight {n:>4}{cap}",
        runner.label(),
        mix.label(),
        size
    )
}

/// A latency given in microseconds, in ms (or s from 1 s up).
pub fn ms(us: f64) -> String {
    if us >= 1_000_000.0 {
        format!("{:.2} s", us / 1e6)
    } else if us >= 1000.0 {
        format!("{:.1} ms", us / 1000.0)
    } else {
        format!("{:.2} ms", us / 1000.0)
    }
}

fn self_command(pin: bool) -> Result<Command, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    Ok(if pin {
        let mut c = Command::new("taskset");
        c.args(["-c", "1"]).arg(exe);
        c
    } else {
        Command::new(exe)
    })
}

/// Measures one point in a child: this binary's `point` mode, or a `bench/js` script.
/// `server` is the one the point loads (and is sampled); `plain` and `tls` are both servers.
fn run_child_point(
    options: &Options,
    server: &Server,
    plain: &Server,
    tls: Option<&Server>,
    spec: &PointSpec,
) -> Result<Point, String> {
    let mut command = match (spec.runner.js(), &options.js) {
        (None, _) => {
            let mut command = self_command(options.pin)?;
            command
                .arg("point")
                .args(["--port", &server.addr.port().to_string()])
                .args(["--runner", &enum_arg(&spec.runner)])
                .args(["--mix", &enum_arg(&spec.mix)])
                .args(["--series", &enum_arg(&spec.series)])
                .args(["--value-size", &spec.value_size.to_string()])
                .args(["--in-flight", &spec.in_flight.to_string()])
                .args(["--repeat", &spec.repeat.to_string()])
                .args(["--warmup-ms", &spec.warmup.as_millis().to_string()])
                .args(["--secs-ms", &spec.secs.as_millis().to_string()]);
            if let Some(cap) = spec.cap {
                command.args(["--cap", &cap.to_string()]);
            }
            command
        }
        (Some(_), Some(js)) => js.point_command(
            options.pin,
            spec,
            plain.addr.port(),
            tls.map(|t| t.addr.port()),
        )?,
        (Some(_), None) => return Err("the JavaScript runners are off in this run".into()),
    };
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let mut child = command
        .spawn()
        .map_err(|e| format!("starting point: {e}"))?;
    let stdout = child.stdout.take().ok_or("no child stdout")?;
    // The child's own watchdog ends it; this thread only reads. Chromium needs time to start.
    let limit = spec.warmup
        + spec.secs
        + Duration::from_secs(if spec.runner.js().is_some() { 120 } else { 60 });
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let deadline = Instant::now() + limit;
    let mut server_cpu = (0.0, 0.0);
    let mut max_in_flight = None;
    let mut json = None;
    loop {
        let remaining = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(remaining) {
            Ok(line) if line == WINDOW_START => {
                sys::reset_server_stats(server.admin);
                server_cpu.0 = server.cpu();
            }
            Ok(line) if line == WINDOW_END => {
                server_cpu.1 = server.cpu();
                max_in_flight = sys::server_stats(server.admin)
                    .and_then(|s| s.get("max_in_flight").and_then(|v| v.as_u64()));
            }
            Ok(line) if line.starts_with('{') => json = Some(line),
            Ok(other) => eprintln!("  {other}"),
            Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
            Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("point still running after {limit:?}; killed"));
            }
        }
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    let json = json.ok_or_else(|| format!("point exited ({status}) without a result"))?;
    let mut point: Point = serde_json::from_str(&json).map_err(|e| e.to_string())?;
    point.server_cpu_s = server_cpu.1 - server_cpu.0;
    point.server_max_in_flight = max_in_flight;
    Ok(point)
}

fn run_h2load(server: &Server, spec: &h2load::H2loadRun<'_>) -> Result<Point, String> {
    // Sample the server over the same window as h2load's own: from the end of warm-up.
    let addr = server.addr;
    let pid = server.pid();
    let (warmup, secs) = (spec.warmup, spec.secs);
    let sampler = std::thread::spawn(move || {
        std::thread::sleep(warmup);
        sys::reset_server_stats(addr);
        let start = sys::pid_cpu_seconds(pid).unwrap_or(0.0);
        std::thread::sleep(secs);
        let end = sys::pid_cpu_seconds(pid).unwrap_or(start);
        let max =
            sys::server_stats(addr).and_then(|s| s.get("max_in_flight").and_then(|v| v.as_u64()));
        (end - start, max)
    });
    let point = h2load::run(spec);
    let (server_cpu, max_in_flight) = sampler.join().unwrap_or((0.0, None));
    let mut point = point?;
    point.server_cpu_s = server_cpu;
    point.server_max_in_flight = max_in_flight;
    Ok(point)
}

fn run_child_memory(options: &Options, server: &Server) -> Result<MemoryCheck, String> {
    let mut command = self_command(options.pin)?;
    command
        .arg("memory")
        .args(["--port", &server.addr.port().to_string()])
        .args(["--in-flight", "50"])
        .args(["--warmup-ops", &options.memory_warmup_ops.to_string()])
        .args(["--ops", &options.memory_ops.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit());
    let child = command
        .spawn()
        .map_err(|e| format!("starting memory: {e}"))?;
    let output = h2load::wait_bounded(child, Duration::from_secs(240))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let json = stdout
        .lines()
        .rev()
        .find(|l| l.starts_with('{'))
        .ok_or_else(|| format!("memory check exited ({}) without a result", output.status))?;
    serde_json::from_str(json).map_err(|e| e.to_string())
}

/// The kebab-case name clap and serde both use.
fn enum_arg<T: serde::Serialize>(value: &T) -> String {
    js::kebab(value)
}

/// The momento crate version this binary was built with (from Cargo.lock's resolution).
fn momento_version() -> String {
    let lock = Path::new(env!("CARGO_MANIFEST_DIR")).join("../Cargo.lock");
    std::fs::read_to_string(lock)
        .ok()
        .and_then(|s| {
            let at = s.find("name = \"momento\"\nversion = \"")?;
            let rest = &s[at + "name = \"momento\"\nversion = \"".len()..];
            rest.split('"').next().map(str::to_string)
        })
        .unwrap_or_else(|| "0.70".into())
}

fn now_utc() -> String {
    Command::new("date")
        .args(["-u", "+%Y-%m-%d %H:%M UTC"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A JavaScript-only plan with every JavaScript runner available.
    fn js_plan() -> Vec<PointSpec> {
        let options = Options {
            smoke: false,
            repeats: 1,
            secs: Duration::from_secs(1),
            warmup: Duration::from_secs(1),
            levels: None,
            out: PathBuf::from("unused"),
            server_bin: PathBuf::from("unused"),
            server_args: Vec::new(),
            h2load: None,
            pin: false,
            memory_ops: 0,
            memory_warmup_ops: 0,
            js: Some(JsSetup {
                node: "node".into(),
                dir: PathBuf::from("unused"),
                chromium: Some("chromium".into()),
                fetch_switch: true,
            }),
            cold_start_runs: 0,
            js_memory_ops: 0,
            js_memory_warmup_ops: 0,
            js_memory_max_secs: 0,
            js_only: true,
        };
        plan(&options)
            .into_iter()
            .filter_map(|job| match job {
                Job::Point(spec) => Some(spec),
                Job::H2load { .. } => None,
            })
            .collect()
    }

    #[test]
    fn raw_limits_run_beside_the_js_clients_but_not_at_the_burst() {
        let specs = js_plan();
        let levels = |runner: Runner| -> Vec<usize> {
            specs
                .iter()
                .filter(|s| s.runner == runner)
                .map(|s| s.in_flight)
                .collect()
        };
        let below_burst: Vec<usize> = JS_IN_FLIGHT.into_iter().filter(|&n| n < BURST).collect();
        for raw in [
            Runner::NodeRawHttp2,
            Runner::ChromiumRawHttp,
            Runner::ChromiumRawH2,
        ] {
            assert_eq!(levels(raw), below_burst, "{}", raw.label());
            assert!(
                specs.iter().filter(|s| s.runner == raw).all(|s| {
                    s.mix == Mix::GetSet && s.cap.is_none() && s.series == Series::Main
                })
            );
        }
        assert_eq!(levels(Runner::ChromiumEdgecacheH2), JS_IN_FLIGHT.to_vec());
    }

    #[test]
    fn listening_and_admin_lines() {
        let plain = address_after(
            "edgecache-server listening on http://127.0.0.1:41139",
            "listening on ",
        );
        assert_eq!(plain, Some(Ok("127.0.0.1:41139".parse().unwrap())));
        let tls = address_after(
            "edgecache-server listening on https://127.0.0.1:443/ (tls)",
            "listening on ",
        );
        assert_eq!(tls, Some(Ok("127.0.0.1:443".parse().unwrap())));
        let admin = address_after(
            "edgecache-server: admin endpoints on http://127.0.0.1:35531",
            "admin endpoints on ",
        );
        assert_eq!(admin, Some(Ok("127.0.0.1:35531".parse().unwrap())));
        assert_eq!(address_after("something else", "listening on "), None);
        assert!(matches!(
            address_after("listening on http://nowhere", "listening on "),
            Some(Err(_))
        ));
    }
}
