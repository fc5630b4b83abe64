//! Turns a [`RunResults`] into `docs/benchmarks.md` plus its SVG plots. Repeated points are
//! reduced to their medians (each figure separately).

use std::fmt::Write as _;
use std::path::Path;

use edgecache::configurations::{Browser, Edge, InRegion, Lambda, Laptop, LowLatency};

use crate::model::{ColdStart, MemoryCheck, Mix, Point, RunResults, Runner, Series};
use crate::plot::{self, Family};
use crate::run::{BURST, ms};

/// The medians of one point's repetitions.
#[derive(Clone, Debug)]
pub struct Agg {
    pub runner: Runner,
    pub mix: Mix,
    pub value_size: usize,
    pub in_flight: usize,
    pub cap: Option<usize>,
    pub runs: usize,
    pub ops_per_s: f64,
    pub p50_us: f64,
    pub p90_us: f64,
    pub p99_us: f64,
    pub p999_us: f64,
    pub max_us: f64,
    pub client_cpu_s: f64,
    pub cpu_us_per_op: f64,
    pub sys_us_per_op: f64,
    pub server_cpu_s: f64,
    pub server_max_in_flight: Option<u64>,
    pub errors: u64,
    /// Chromium: every browser process's CPU per operation, µs.
    pub browser_cpu_us_per_op: Option<f64>,
    /// Lowest and highest ops/s among the repetitions.
    pub ops_range: (f64, f64),
}

fn median(mut values: Vec<f64>) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    values.sort_by(f64::total_cmp);
    let mid = values.len() / 2;
    if values.len() % 2 == 1 {
        values[mid]
    } else {
        (values[mid - 1] + values[mid]) / 2.0
    }
}

/// Groups the points of one series by (runner, mix, size, in flight, cap), medians each.
pub fn aggregate(points: &[Point], series: Series) -> Vec<Agg> {
    let mut groups: Vec<Vec<&Point>> = Vec::new();
    for p in points.iter().filter(|p| p.series == series) {
        let same = |q: &&Point| {
            q.runner == p.runner
                && q.mix == p.mix
                && q.value_size == p.value_size
                && q.in_flight == p.in_flight
                && q.cap == p.cap
        };
        match groups.iter_mut().find(|g| same(&g[0])) {
            Some(group) => group.push(p),
            None => groups.push(vec![p]),
        }
    }
    let mut out: Vec<Agg> = groups
        .into_iter()
        .map(|g| {
            let m = |f: fn(&Point) -> f64| median(g.iter().map(|p| f(p)).collect());
            let ops: Vec<f64> = g.iter().map(|p| p.ops_per_s).collect();
            Agg {
                runner: g[0].runner,
                mix: g[0].mix,
                value_size: g[0].value_size,
                in_flight: g[0].in_flight,
                cap: g[0].cap,
                runs: g.len(),
                ops_per_s: m(|p| p.ops_per_s),
                p50_us: m(|p| p.p50_us),
                p90_us: m(|p| p.p90_us),
                p99_us: m(|p| p.p99_us),
                p999_us: m(|p| p.p999_us),
                max_us: m(|p| p.max_us),
                client_cpu_s: m(|p| p.client_cpu_s),
                cpu_us_per_op: m(Point::cpu_us_per_op),
                sys_us_per_op: m(Point::sys_us_per_op),
                server_cpu_s: m(|p| p.server_cpu_s),
                server_max_in_flight: g.iter().filter_map(|p| p.server_max_in_flight).max(),
                errors: g.iter().map(|p| p.errors).sum(),
                browser_cpu_us_per_op: {
                    let per_op: Vec<f64> = g
                        .iter()
                        .filter(|p| p.ops > 0)
                        .filter_map(|p| p.browser_cpu_s.map(|c| c * 1e6 / p.ops as f64))
                        .collect();
                    (!per_op.is_empty()).then(|| median(per_op))
                },
                ops_range: (
                    ops.iter().copied().fold(f64::INFINITY, f64::min),
                    ops.iter().copied().fold(0.0, f64::max),
                ),
            }
        })
        .collect();
    out.sort_by(|a, b| {
        (a.value_size, a.in_flight, a.cap, a.runner, a.mix).cmp(&(
            b.value_size,
            b.in_flight,
            b.cap,
            b.runner,
            b.mix,
        ))
    });
    out
}

/// The lines drawn and tabulated for the main sweep: (label, runner, mix).
pub const MAIN_LINES: [(&str, Runner, Mix); 4] = [
    ("edgecache, get/set", Runner::Edgecache, Mix::GetSet),
    ("momento crate, get/set", Runner::Momento, Mix::GetSet),
    ("edgecache, get only", Runner::Edgecache, Mix::GetOnly),
    ("h2load (raw limit), get only", Runner::H2load, Mix::GetOnly),
];

/// The lines drawn and tabulated for the JavaScript clients (all get/set), each family's raw
/// limit (pre-encoded requests, no SDK) after its clients.
pub const JS_LINES: [(&str, Runner, Mix); 11] = [
    ("edgecache, Node", Runner::NodeEdgecache, Mix::GetSet),
    (
        "edgecache, Node, fetch forced",
        Runner::NodeEdgecacheFetch,
        Mix::GetSet,
    ),
    (
        "@gomomento/sdk-web, Node (xhr2)",
        Runner::NodeSdkWeb,
        Mix::GetSet,
    ),
    (
        "@gomomento/sdk, Node (grpc-js)",
        Runner::NodeSdk,
        Mix::GetSet,
    ),
    (
        "raw node:http2, Node (raw limit)",
        Runner::NodeRawHttp2,
        Mix::GetSet,
    ),
    (
        "edgecache, Chromium, http/1.1",
        Runner::ChromiumEdgecacheHttp,
        Mix::GetSet,
    ),
    (
        "@gomomento/sdk-web, Chromium, http/1.1",
        Runner::ChromiumSdkWebHttp,
        Mix::GetSet,
    ),
    (
        "raw fetch, Chromium, http/1.1 (raw limit)",
        Runner::ChromiumRawHttp,
        Mix::GetSet,
    ),
    (
        "edgecache, Chromium, h2 (TLS)",
        Runner::ChromiumEdgecacheH2,
        Mix::GetSet,
    ),
    (
        "@gomomento/sdk-web, Chromium, h2 (TLS)",
        Runner::ChromiumSdkWebH2,
        Mix::GetSet,
    ),
    (
        "raw fetch, Chromium, h2 (TLS, raw limit)",
        Runner::ChromiumRawH2,
        Mix::GetSet,
    ),
];

/// The in-flight level the throughput targets are judged at.
const TARGET_LEVEL: usize = 50;

pub fn find(aggs: &[Agg], runner: Runner, mix: Mix, in_flight: usize) -> Option<&Agg> {
    aggs.iter()
        .find(|a| a.runner == runner && a.mix == mix && a.in_flight == in_flight)
}

pub fn ops(v: f64) -> String {
    let n = v.round() as u64;
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn size(bytes: usize) -> String {
    if bytes >= 1024 {
        format!("{} KB", bytes / 1024)
    } else {
        format!("{bytes} B")
    }
}

pub fn in_flight_label(n: usize) -> String {
    if n >= BURST {
        format!("{} requested", ops(n as f64))
    } else {
        n.to_string()
    }
}

struct Target {
    name: &'static str,
    ours: String,
    peer: String,
    ratio: String,
    met: Option<bool>,
}

fn verdict(met: Option<bool>) -> &'static str {
    match met {
        Some(true) => "met",
        Some(false) => "**missed**",
        None => "not measured",
    }
}

fn targets(main: &[Agg], memory: &[MemoryCheck], cold: &[ColdStart]) -> Vec<Target> {
    let mut out = Vec::new();
    let e50 = find(main, Runner::Edgecache, Mix::GetSet, 50);
    let m50 = find(main, Runner::Momento, Mix::GetSet, 50);
    out.push(match (e50, m50) {
        (Some(e), Some(m)) => Target {
            name: "throughput vs the momento crate, 50 in flight (get/set) ≥ 1.5×",
            ours: format!("{} ops/s", ops(e.ops_per_s)),
            peer: format!("{} ops/s", ops(m.ops_per_s)),
            ratio: format!("{:.2}×", e.ops_per_s / m.ops_per_s),
            met: Some(e.ops_per_s >= 1.5 * m.ops_per_s),
        },
        _ => missing("throughput vs the momento crate, 50 in flight (get/set) ≥ 1.5×"),
    });
    out.push(match (e50, m50) {
        (Some(e), Some(m)) => Target {
            name: "p99.9 vs the momento crate, 50 in flight: no worse",
            ours: ms(e.p999_us),
            peer: ms(m.p999_us),
            ratio: format!("{:.2}×", e.p999_us / m.p999_us),
            met: Some(e.p999_us <= m.p999_us),
        },
        _ => missing("p99.9 vs the momento crate, 50 in flight: no worse"),
    });
    let g50 = find(main, Runner::Edgecache, Mix::GetOnly, 50);
    let h50 = find(main, Runner::H2load, Mix::GetOnly, 50);
    out.push(match (g50, h50) {
        (Some(e), Some(h)) => Target {
            name: "throughput vs h2load, 50 in flight (get only) ≥ 0.85×",
            ours: format!("{} ops/s", ops(e.ops_per_s)),
            peer: format!("{} ops/s", ops(h.ops_per_s)),
            ratio: format!("{:.2}×", e.ops_per_s / h.ops_per_s),
            met: Some(e.ops_per_s >= 0.85 * h.ops_per_s),
        },
        _ => missing("throughput vs h2load, 50 in flight (get only) ≥ 0.85×"),
    });
    let e5 = find(main, Runner::Edgecache, Mix::GetSet, 5);
    let m5 = find(main, Runner::Momento, Mix::GetSet, 5);
    out.push(match e5 {
        Some(e) => Target {
            name: "p99.9 at 5 in flight on loopback ≤ 1 ms",
            ours: ms(e.p999_us),
            peer: m5.map_or("–".into(), |m| format!("{} (momento)", ms(m.p999_us))),
            ratio: format!("{:.2}× the target", e.p999_us / 1000.0),
            met: Some(e.p999_us <= 1000.0),
        },
        None => missing("p99.9 at 5 in flight on loopback ≤ 1 ms"),
    });
    out.push(
        match memory.iter().find(|m| m.runner == Runner::Edgecache) {
            Some(m) => Target {
                name: "native: RSS growth over 10⁶ ops after warm-up ≤ 5%",
                ours: format!(
                    "{:+.2}% ({} → {} KiB)",
                    m.growth_percent, m.rss_after_warmup_kib, m.rss_end_kib
                ),
                peer: "–".into(),
                ratio: format!("{} ops", ops(m.ops as f64)),
                met: Some(m.growth_percent <= 5.0),
            },
            None => missing("native: RSS growth over 10⁶ ops after warm-up ≤ 5%"),
        },
    );
    out.extend(js_targets(main, memory, cold));
    out
}

/// A throughput ratio target between two runners at [`TARGET_LEVEL`].
fn ratio_target(
    main: &[Agg],
    name: &'static str,
    ours: Runner,
    peer: Runner,
    at_least: f64,
) -> Target {
    let e = find(main, ours, Mix::GetSet, TARGET_LEVEL);
    let p = find(main, peer, Mix::GetSet, TARGET_LEVEL);
    match (e, p) {
        (Some(e), Some(p)) if p.ops_per_s > 0.0 => Target {
            name,
            ours: format!("{} ops/s (p99.9 {})", ops(e.ops_per_s), ms(e.p999_us)),
            peer: format!("{} ops/s (p99.9 {})", ops(p.ops_per_s), ms(p.p999_us)),
            ratio: format!("{:.2}×", e.ops_per_s / p.ops_per_s),
            met: Some(e.ops_per_s >= at_least * p.ops_per_s),
        },
        _ => missing(name),
    }
}

fn js_targets(main: &[Agg], memory: &[MemoryCheck], cold: &[ColdStart]) -> Vec<Target> {
    let mut out = vec![
        ratio_target(
            main,
            "Node: edgecache (wasm) vs @gomomento/sdk-web, 50 in flight ≥ 3×",
            Runner::NodeEdgecache,
            Runner::NodeSdkWeb,
            3.0,
        ),
        ratio_target(
            main,
            "Node: edgecache (wasm) vs @gomomento/sdk (grpc-js), 50 in flight ≥ 1.0×",
            Runner::NodeEdgecache,
            Runner::NodeSdk,
            1.0,
        ),
        ratio_target(
            main,
            "Chromium, http (HTTP/1.1): edgecache vs @gomomento/sdk-web, 50 in flight ≥ 2×",
            Runner::ChromiumEdgecacheHttp,
            Runner::ChromiumSdkWebHttp,
            2.0,
        ),
        ratio_target(
            main,
            "Chromium, TLS (HTTP/2): edgecache vs @gomomento/sdk-web, 50 in flight ≥ 2×",
            Runner::ChromiumEdgecacheH2,
            Runner::ChromiumSdkWebH2,
            2.0,
        ),
    ];
    let cold_of = |r| cold.iter().find(|c| c.runner == r);
    let name = "Node cold start (import, create, first get): edgecache ≤ ⅓ of @gomomento/sdk-web";
    out.push(
        match (cold_of(Runner::NodeEdgecache), cold_of(Runner::NodeSdkWeb)) {
            (Some(e), Some(w)) if w.median_ms > 0.0 => Target {
                name,
                ours: format!("{:.0} ms", e.median_ms),
                peer: format!(
                    "{:.0} ms{}",
                    w.median_ms,
                    cold_of(Runner::NodeSdk)
                        .map_or(String::new(), |s| format!(" (sdk: {:.0} ms)", s.median_ms))
                ),
                ratio: format!("{:.2}×", e.median_ms / w.median_ms),
                met: Some(e.median_ms * 3.0 <= w.median_ms),
            },
            _ => missing(name),
        },
    );
    let node = memory.iter().find(|m| m.runner == Runner::NodeEdgecache);
    let name = "Node: wasm memory growth over 10⁶ ops after warm-up ≤ 5%";
    out.push(match node.and_then(|m| Some((m, m.wasm_growth_percent?))) {
        Some((m, growth)) => Target {
            name,
            ours: format!(
                "{growth:+.2}% ({} → {} KiB)",
                m.wasm_after_warmup_bytes.unwrap_or(0) / 1024,
                m.wasm_end_bytes.unwrap_or(0) / 1024
            ),
            peer: "–".into(),
            ratio: format!("{} ops", ops(m.ops as f64)),
            met: Some(growth <= 5.0),
        },
        None => missing(name),
    });
    let name = "Node: process RSS growth over 10⁶ ops after warm-up ≤ 5%";
    out.push(match node {
        Some(m) => Target {
            name,
            ours: format!(
                "{:+.2}% ({} → {} KiB)",
                m.growth_percent, m.rss_after_warmup_kib, m.rss_end_kib
            ),
            peer: "–".into(),
            ratio: format!("{} ops", ops(m.ops as f64)),
            met: Some(m.growth_percent <= 5.0),
        },
        None => missing(name),
    });
    out
}

fn missing(name: &'static str) -> Target {
    Target {
        name,
        ours: "–".into(),
        peer: "–".into(),
        ratio: "–".into(),
        met: None,
    }
}

pub fn table_header(md: &mut String, columns: &[&str]) {
    let _ = writeln!(md, "| {} |", columns.join(" | "));
    let _ = writeln!(
        md,
        "|{}",
        columns
            .iter()
            .enumerate()
            .map(|(i, _)| if i < 2 { "---|" } else { "---:|" })
            .collect::<String>()
    );
}

pub fn point_row(md: &mut String, label: &str, a: &Agg) {
    // No call completed inside the window: there is no latency to show.
    let ms = |us: f64| {
        if a.ops_per_s > 0.0 {
            ms(us)
        } else {
            "–".into()
        }
    };
    let _ = writeln!(
        md,
        "| {label} | {} | {} | {} | {} | {} | {} | {} | {} | {:.2} | {:.1} ({:.0}) | {:.2} | {} | {} |",
        in_flight_label(a.in_flight),
        ops(a.ops_per_s),
        if a.runs > 1 {
            format!("{}–{}", ops(a.ops_range.0), ops(a.ops_range.1))
        } else {
            "–".into()
        },
        ms(a.p50_us),
        ms(a.p90_us),
        ms(a.p99_us),
        ms(a.p999_us),
        ms(a.max_us),
        a.client_cpu_s,
        a.cpu_us_per_op,
        a.sys_us_per_op,
        a.server_cpu_s,
        a.server_max_in_flight.map_or("–".into(), |m| m.to_string()),
        a.errors
    );
}

pub const POINT_COLUMNS: [&str; 14] = [
    "client",
    "in flight",
    "ops/s",
    "range (runs)",
    "p50",
    "p90",
    "p99",
    "p99.9",
    "max",
    "client CPU s",
    "CPU µs/op (kernel)",
    "server CPU s",
    "server max in flight",
    "errors",
];

/// Writes `benchmarks.md` and the three plots into `docs`.
pub fn write(results: &RunResults, docs: &Path) -> Result<(), Box<dyn std::error::Error>> {
    let main = aggregate(&results.points, Series::Main);
    let sizes = aggregate(&results.points, Series::Size);
    let caps = aggregate(&results.points, Series::Cap);
    plot::throughput(&docs.join(plot::THROUGHPUT), &main, Family::Native)?;
    plot::p999(&docs.join(plot::P999), &main, Family::Native)?;
    plot::throughput(&docs.join(plot::JS_THROUGHPUT), &main, Family::Js)?;
    plot::p999(&docs.join(plot::JS_P999), &main, Family::Js)?;
    plot::caps(&docs.join(plot::CAPS), &caps)?;
    let md = markdown(results, &main, &sizes, &caps);
    std::fs::write(docs.join("benchmarks.md"), md)?;
    Ok(())
}

fn markdown(results: &RunResults, main: &[Agg], sizes: &[Agg], caps: &[Agg]) -> String {
    let mut md = String::new();
    let w = &mut md;
    let _ = writeln!(w, "# Benchmarks\n");
    let _ = writeln!(
        w,
        "<!-- Generated by `scripts/bench` (edgecache-bench) from `bench/results/latest.json`; \
         do not edit by hand. Profile notes come from `bench/PROFILE.md`. -->\n"
    );
    let _ = writeln!(
        w,
        "Our claim is *faster than the official clients on the same event loop*. It holds only \
         as a ratio measured in one run, against the same server, on the same machine, so that \
         is how it is reported here: edgecache, the official `momento` crate ({}) and \
         `h2load` (the raw limit of one HTTP/2 connection) against one `edgecache-server`, \
         in the same run; and the npm package (wasm) against `@gomomento/sdk-web` and \
         `@gomomento/sdk` in Node and in headless Chromium, and against the raw limit of each \
         (pre-encoded requests over `node:http2`, and over the page's `fetch`), against the \
         same server binary in the same run.\n",
        results.momento_version
    );
    let _ = writeln!(
        w,
        "```sh\nscripts/bench          # full run (25-40 min on 2 cores), rewrites this page\nscripts/bench --smoke  # two points per runner, ~2 s each, for CI\n```\n"
    );

    // ---- setup
    let _ = writeln!(w, "## Setup\n");
    let _ = writeln!(w, "| | |\n|---|---|");
    let _ = writeln!(
        w,
        "| run | {} (`{}`), {:.0} s wall |",
        results.started, results.git_revision, results.wall_secs
    );
    let _ = writeln!(w, "| machine | {} |", results.machine);
    let _ = writeln!(
        w,
        "| pinning | {} |",
        if results.pinned {
            "server on core 0, each client process on core 1 (`taskset`)"
        } else {
            "none (taskset unavailable)"
        }
    );
    let _ = writeln!(
        w,
        "| load average (1 min) | {:.2} at start, {:.2} at end (the run keeps up to two \
         processes busy, and the start figure still counts the build just before it){} |",
        results.load_average_start,
        results.load_average_end,
        // Above the run's own two busy processes, something else shared the cores.
        if results.load_average_start.max(results.load_average_end) > 2.5 {
            ": **other work was running on this machine; figures are noisy**"
        } else {
            ""
        }
    );
    let _ = writeln!(
        w,
        "| points | {:.1} s warm-up + {:.1} s measured each; main sweep repeated {}×, medians reported |",
        results.warmup_secs, results.point_secs, results.repeats
    );
    let _ = writeln!(w, "| h2load | {} |", results.h2load_version);
    let _ = writeln!(
        w,
        "| JavaScript | {} |",
        if results.js_versions.is_empty() {
            "not run"
        } else {
            &results.js_versions
        }
    );
    let _ = writeln!(w);
    for note in &results.notes {
        let _ = writeln!(w, "**Note.** {note}\n");
    }
    let _ = writeln!(
        w,
        "Every client runs N workers in a loop on one `current_thread` tokio event loop, in its \
         own process. Workload: 80% get (always a hit: keys are written first) and 20% set, \
         100-byte values over 1,000 keys; \"get only\" is the same with no sets, which is what \
         h2load can replay (one pre-encoded gRPC-web `Get`, `content-type: \
         application/grpc-web+proto`, over h2c, `-c 1 -m N`). Both SDKs use a 15 s deadline \
         (their `Laptop` presets) so slow points show up as latency, not timeouts. edgecache's \
         in-flight cap is set to N (not binding) up to 200; the \"5,000 requested\" run goes \
         through its preset cap of 100. The momento crate has no cap (tonic and h2 queue beyond \
         the server's 100 streams). Latency is measured per call from issue to completion \
         (HDR histogram, 3 significant digits), so for the 5,000 run it includes the wait in \
         the cap. Client CPU is `getrusage` over the measured window (h2load: its \
         `/proc/PID/stat`); server CPU and \"server max in flight\" are the server's over the \
         same window.\n"
    );
    crate::report_js::method(w);

    // ---- targets
    let _ = writeln!(w, "## Targets (medians of {} runs)\n", results.repeats);
    let _ = writeln!(
        w,
        "| target | ours | peer | ratio | verdict |\n|---|---:|---:|---:|---|"
    );
    for t in targets(main, &results.memory, &results.cold_start) {
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} |",
            t.name,
            t.ours,
            t.peer,
            t.ratio,
            verdict(t.met)
        );
    }
    let _ = writeln!(w);

    // ---- ratios per level
    let _ = writeln!(w, "### Ratios at every level\n");
    let _ = writeln!(
        w,
        "| in flight | edgecache / momento ops/s | edgecache / momento p99.9 | edgecache (get only) / h2load ops/s |\n|---|---:|---:|---:|"
    );
    let mut levels: Vec<usize> = main.iter().map(|a| a.in_flight).collect();
    levels.sort_unstable();
    levels.dedup();
    for &n in &levels {
        let e = find(main, Runner::Edgecache, Mix::GetSet, n);
        let m = find(main, Runner::Momento, Mix::GetSet, n);
        let g = find(main, Runner::Edgecache, Mix::GetOnly, n);
        let h = find(main, Runner::H2load, Mix::GetOnly, n);
        let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) if b > 0.0 => format!("{:.2}×", a / b),
            _ => "–".into(),
        };
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} |",
            in_flight_label(n),
            ratio(e.map(|a| a.ops_per_s), m.map(|a| a.ops_per_s)),
            ratio(e.map(|a| a.p999_us), m.map(|a| a.p999_us)),
            ratio(g.map(|a| a.ops_per_s), h.map(|a| a.ops_per_s)),
        );
    }
    let _ = writeln!(w);

    // ---- CPU per operation: the client's own cost, independent of who saturates first
    let _ = writeln!(w, "### Client CPU per operation\n");
    let _ = writeln!(
        w,
        "Throughput ratios only show the client's overhead while the client, not the server, \
         is the bottleneck; both share this machine's two cores. CPU time per operation \
         (user + kernel, from `getrusage`) shows it directly.\n"
    );
    let _ = writeln!(
        w,
        "| in flight | edgecache get/set | momento get/set | edgecache get only | h2load get only |\n|---|---:|---:|---:|---:|"
    );
    for &n in &levels {
        let cell = |runner, mix| {
            find(main, runner, mix, n).map_or("–".to_string(), |a| {
                format!("{:.1} µs ({:.0} kernel)", a.cpu_us_per_op, a.sys_us_per_op)
            })
        };
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} |",
            in_flight_label(n),
            cell(Runner::Edgecache, Mix::GetSet),
            cell(Runner::Momento, Mix::GetSet),
            cell(Runner::Edgecache, Mix::GetOnly),
            cell(Runner::H2load, Mix::GetOnly),
        );
    }
    let _ = writeln!(w);

    // ---- plots
    let _ = writeln!(w, "## Throughput and p99.9 against requests in flight\n");
    let _ = writeln!(w, "![throughput vs in flight]({})\n", plot::THROUGHPUT);
    let _ = writeln!(w, "![p99.9 vs in flight]({})\n", plot::P999);

    // ---- main table
    let _ = writeln!(w, "## Results: 100-byte values\n");
    for (label, runner, mix) in MAIN_LINES {
        let rows: Vec<&Agg> = main
            .iter()
            .filter(|a| a.runner == runner && a.mix == mix)
            .collect();
        if rows.is_empty() {
            continue;
        }
        let _ = writeln!(w, "**{label}** ({})\n", mix.label());
        table_header(w, &POINT_COLUMNS);
        for a in rows {
            point_row(w, runner.label(), a);
        }
        let _ = writeln!(w);
    }

    // ---- sizes
    if !sizes.is_empty() {
        let _ = writeln!(w, "## Larger values (get 80% / set 20%, one run each)\n");
        let mut value_sizes: Vec<usize> = sizes.iter().map(|a| a.value_size).collect();
        value_sizes.dedup();
        for vs in value_sizes {
            let _ = writeln!(w, "**{}**\n", size(vs));
            table_header(w, &POINT_COLUMNS);
            for a in sizes.iter().filter(|a| a.value_size == vs) {
                point_row(w, a.runner.label(), a);
            }
            let _ = writeln!(w);
        }
    }

    // ---- JavaScript
    crate::report_js::results(w, main);
    crate::report_js::cold_start(w, &results.cold_start);

    // ---- caps
    cap_section(w, main, caps);

    // ---- memory
    let _ = writeln!(w, "## Memory\n");
    for m in &results.memory {
        crate::report_js::memory(w, m);
    }
    crate::report_js::memory_missing(w, &results.memory);

    // ---- profile notes
    let notes = Path::new(env!("CARGO_MANIFEST_DIR")).join("PROFILE.md");
    if let Ok(text) = std::fs::read_to_string(notes) {
        let _ = writeln!(w, "{}", text.trim_end());
        let _ = writeln!(w);
    }
    md
}

/// The presets, read from the SDK itself so this table follows any change to them.
fn presets() -> Vec<(&'static str, edgecache::Configuration, &'static str)> {
    vec![
        (
            "Laptop",
            Laptop::latest(),
            "development against a distant region",
        ),
        (
            "InRegion",
            InRegion::latest(),
            "services in the cache's region",
        ),
        ("LowLatency", LowLatency::latest(), "latency first"),
        ("Lambda", Lambda::latest(), "AWS Lambda"),
        (
            "Browser",
            Browser::latest(),
            "browsers (fetch, HTTP/1.1 or h2)",
        ),
        ("Edge", Edge::latest(), "Cloudflare Workers (fetch)"),
    ]
}

fn cap_section(w: &mut String, main: &[Agg], caps: &[Agg]) {
    let _ = writeln!(w, "## The in-flight cap: 5,000 requests at once\n");
    if caps.is_empty() {
        let _ = writeln!(w, "(not measured in this run)\n");
        return;
    }
    let _ = writeln!(
        w,
        "{} workers issue get/set calls at once on one event loop through edgecache's cap; the \
         cap is swept. Latency counts the wait in the cap, so with everything queued p99.9 is \
         roughly 5,000 / throughput: the cap that gives the most throughput also gives the \
         lowest p99.9. \"on the wire p99.9\" is the p99.9 of the in-flight sweep at N = cap \
         (the latency a call sees once it holds a slot).\n",
        ops(BURST as f64)
    );
    let _ = writeln!(w, "![cap sweep]({})\n", plot::CAPS);
    let best = caps.iter().map(|a| a.ops_per_s).fold(0.0, f64::max);
    let _ = writeln!(
        w,
        "| cap | ops/s | % of best | p50 | p99 | p99.9 | max | client CPU µs/op | server max in flight | on the wire p99.9 (N = cap) |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
    );
    for a in caps {
        let cap = a.cap.unwrap_or(0);
        let wire =
            find(main, Runner::Edgecache, Mix::GetSet, cap).map_or("–".into(), |m| ms(m.p999_us));
        let _ = writeln!(
            w,
            "| {cap} | {} | {:.0}% | {} | {} | {} | {} | {:.1} | {} | {wire} |",
            ops(a.ops_per_s),
            100.0 * a.ops_per_s / best.max(1.0),
            ms(a.p50_us),
            ms(a.p99_us),
            ms(a.p999_us),
            ms(a.max_us),
            a.cpu_us_per_op,
            a.server_max_in_flight.map_or("–".into(), |m| m.to_string()),
        );
    }
    let _ = writeln!(w);
    // The smallest cap within 5% of the best throughput: past it, a bigger cap buys nothing.
    let knee = caps
        .iter()
        .filter(|a| a.ops_per_s >= 0.95 * best)
        .filter_map(|a| a.cap)
        .min();
    if let Some(knee) = knee {
        let _ = writeln!(
            w,
            "The smallest cap within 5% of the best throughput is **{knee}**.\n"
        );
    }

    let _ = writeln!(w, "### Why the presets are what they are\n");
    let _ = writeln!(
        w,
        "| preset | deadline | cap | for | 5,000 at once: ops/s (% of best), p99.9 | on the wire p99.9 at N = cap | what the data says |\n|---|---:|---:|---|---:|---:|---|"
    );
    for (name, config, purpose) in presets() {
        let cap = config.max_concurrent_requests();
        let deadline_ms = config.timeout().as_millis() as f64;
        let sweep = caps.iter().find(|a| a.cap == Some(cap));
        let wire = find(main, Runner::Edgecache, Mix::GetSet, cap);
        let burst = sweep.map_or("not swept".into(), |a| {
            format!(
                "{} ({:.0}%), {}",
                ops(a.ops_per_s),
                100.0 * a.ops_per_s / best.max(1.0),
                ms(a.p999_us)
            )
        });
        let says = match (name, sweep) {
            ("Browser" | "Edge", _) => format!(
                "Not a native figure: in a browser or Worker the platform's fetch limits \
                 concurrency ({}).",
                if name == "Edge" {
                    "Workers allow 6 simultaneous connections, so the cap must stay ≤ 6"
                } else {
                    "about 6 connections per origin over HTTP/1.1"
                }
            ),
            (_, Some(a)) => {
                let mut s = format!(
                    "{:.0}% of the best throughput",
                    100.0 * a.ops_per_s / best.max(1.0)
                );
                if a.p999_us > deadline_ms * 1000.0 {
                    let _ = write!(
                        s,
                        "; with 5,000 queued, p99.9 ({}) exceeds the {} s deadline, so calls \
                         queued that deep time out",
                        ms(a.p999_us),
                        deadline_ms / 1000.0
                    );
                } else {
                    let _ = write!(
                        s,
                        "; 5,000 queued calls finish inside the {} s deadline",
                        deadline_ms / 1000.0
                    );
                }
                if let Some(wire) = wire {
                    let _ = write!(s, "; on the wire p99.9 {}", ms(wire.p999_us));
                    if cap <= 5 {
                        let _ = write!(
                            s,
                            " ({} the 5 ms this preset promises",
                            if wire.p999_us < 5000.0 {
                                "within"
                            } else {
                                "over"
                            }
                        );
                        if let Some(raw) = find(main, Runner::H2load, Mix::GetOnly, cap) {
                            let _ = write!(
                                s,
                                "; h2load, the raw limit, had {} at {cap} in flight in the same run",
                                ms(raw.p999_us)
                            );
                        }
                        s.push(')');
                    }
                }
                if let Some(knee) = knee.filter(|&k| cap > k) {
                    let _ = write!(s, "; caps above {knee} add no throughput here");
                }
                s
            }
            (_, None) => "cap not swept".into(),
        };
        let _ = writeln!(
            w,
            "| `{name}` | {} s | {cap} | {purpose} | {burst} | {} | {says} |",
            deadline_ms / 1000.0,
            wire.map_or("–".into(), |a| ms(a.p999_us)),
        );
    }
    let _ = writeln!(w);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_thousands() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), 2.5);
        assert_eq!(ops(1234567.4), "1,234,567");
        assert_eq!(ops(999.0), "999");
        assert_eq!(size(102400), "100 KB");
    }
}
