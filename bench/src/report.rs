//! Turns a [`RunResults`] into `docs/benchmarks.md` plus its SVG plots. A point's row shows
//! the figures of one repeat, the one with the median throughput, beside the range of
//! throughput over all repeats; target rows pair repeats (see `verdict`).

use std::fmt::Write as _;
use std::path::Path;

use edgecache::configurations::{Browser, Edge, InRegion, Lambda, Laptop, LowLatency};

use crate::model::{ColdStart, MemoryCheck, Mix, Point, RunResults, Runner, Series};
use crate::plot::{self, Family};
use crate::run::{BURST, ms};
use crate::verdict::{Bound, Spread, Verdict, by_repeat, paired};

/// One point over its repetitions: the figures of the repeat with the median throughput
/// (so a row never mixes repeats), the throughput range and the errors of all of them.
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

/// Groups the points of one series by (runner, mix, size, in flight, cap).
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
        .map(|mut g| {
            let ops: Vec<f64> = g.iter().map(|p| p.ops_per_s).collect();
            g.sort_by(|a, b| a.ops_per_s.total_cmp(&b.ops_per_s));
            // The lower middle for an even count: a figure that was measured, not averaged.
            let p = g[(g.len() - 1) / 2];
            Agg {
                runner: p.runner,
                mix: p.mix,
                value_size: p.value_size,
                in_flight: p.in_flight,
                cap: p.cap,
                runs: g.len(),
                ops_per_s: p.ops_per_s,
                p50_us: p.p50_us,
                p90_us: p.p90_us,
                p99_us: p.p99_us,
                p999_us: p.p999_us,
                max_us: p.max_us,
                client_cpu_s: p.client_cpu_s,
                cpu_us_per_op: p.cpu_us_per_op(),
                sys_us_per_op: p.sys_us_per_op(),
                server_cpu_s: p.server_cpu_s,
                server_max_in_flight: p.server_max_in_flight,
                errors: g.iter().map(|p| p.errors).sum(),
                browser_cpu_us_per_op: p
                    .browser_cpu_s
                    .filter(|_| p.ops > 0)
                    .map(|c| c * 1e6 / p.ops as f64),
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

/// One row of the targets table: every figure from the same repeats.
pub struct Target {
    pub name: &'static str,
    pub ours: String,
    pub peer: String,
    /// The judged figure (a ratio, or the figure itself), as "median (min–max)".
    pub judged: String,
    pub bound: Option<Bound>,
    /// The judged figure over the repeats, for the verdict and the plot.
    pub spread: Option<Spread>,
    pub verdict: Verdict,
}

impl Target {
    fn judged(
        name: &'static str,
        ours: String,
        peer: String,
        spread: Option<Spread>,
        bound: Bound,
        fmt: fn(f64) -> String,
    ) -> Target {
        Target {
            name,
            ours,
            peer,
            judged: spread.map_or("–".into(), |s| s.show(fmt)),
            bound: Some(bound),
            spread,
            verdict: bound.judge(spread),
        }
    }
}

fn times(x: f64) -> String {
    format!("{x:.2}×")
}

fn ops_s(x: f64) -> String {
    format!("{} ops/s", ops(x))
}

/// A ratio between two runners' figures at one level, repeat by repeat.
fn paired_ratio(
    points: &[Point],
    ours: Runner,
    peer: Runner,
    mix: Mix,
    level: usize,
    figure: fn(&Point) -> f64,
) -> (Option<Spread>, Option<Spread>, Option<Spread>) {
    let a = by_repeat(points, ours, mix, level);
    let b = by_repeat(points, peer, mix, level);
    let pairs = paired(&a, &b);
    (
        Spread::of(pairs.iter().map(|(a, _)| figure(a))),
        Spread::of(pairs.iter().map(|(_, b)| figure(b))),
        Spread::of(
            pairs
                .iter()
                .filter(|(_, b)| figure(b) > 0.0)
                .map(|(a, b)| figure(a) / figure(b)),
        ),
    )
}

/// A throughput ratio target between two runners (p99.9 beside each throughput).
fn ratio_target(
    points: &[Point],
    name: &'static str,
    ours: Runner,
    peer: Runner,
    mix: Mix,
    level: usize,
    at_least: f64,
) -> Target {
    let (a, b, ratio) = paired_ratio(points, ours, peer, mix, level, |p| p.ops_per_s);
    let (a_p999, b_p999, _) = paired_ratio(points, ours, peer, mix, level, |p| p.p999_us);
    let side = |ops: Option<Spread>, p999: Option<Spread>| match (ops, p999) {
        (Some(o), Some(l)) => format!("{}; p99.9 {}", o.show(ops_s), l.show(ms)),
        _ => "–".into(),
    };
    Target::judged(
        name,
        side(a, a_p999),
        side(b, b_p999),
        ratio,
        Bound::AtLeast(at_least),
        times,
    )
}

fn targets(points: &[Point], memory: &[MemoryCheck], cold: &[ColdStart]) -> Vec<Target> {
    let mut out = vec![
        ratio_target(
            points,
            "throughput vs the momento crate, 50 in flight (get/set) ≥ 1.5×",
            Runner::Edgecache,
            Runner::Momento,
            Mix::GetSet,
            TARGET_LEVEL,
            1.5,
        ),
        {
            let (a, b, ratio) = paired_ratio(
                points,
                Runner::Edgecache,
                Runner::Momento,
                Mix::GetSet,
                TARGET_LEVEL,
                |p| p.p999_us,
            );
            Target::judged(
                "p99.9 vs the momento crate, 50 in flight: no worse (ratio ≤ 1)",
                a.map_or("–".into(), |s| s.show(ms)),
                b.map_or("–".into(), |s| s.show(ms)),
                ratio,
                Bound::AtMost(1.0),
                times,
            )
        },
        ratio_target(
            points,
            "throughput vs h2load, 50 in flight (get only) ≥ 0.85×",
            Runner::Edgecache,
            Runner::H2load,
            Mix::GetOnly,
            TARGET_LEVEL,
            0.85,
        ),
        {
            let e5 = by_repeat(points, Runner::Edgecache, Mix::GetSet, 5);
            let m5 = by_repeat(points, Runner::Momento, Mix::GetSet, 5);
            let spread = Spread::of(e5.values().map(|p| p.p999_us));
            Target::judged(
                "p99.9 at 5 in flight on loopback ≤ 1 ms",
                spread.map_or("–".into(), |s| s.show(ms)),
                Spread::of(m5.values().map(|p| p.p999_us))
                    .map_or("–".into(), |s| format!("{} (momento)", s.show(ms))),
                spread,
                Bound::AtMost(1000.0),
                ms,
            )
        },
        memory_target(
            memory,
            Runner::Edgecache,
            "native: RSS growth over 10⁶ ops after warm-up ≤ 5%",
            |m| Some(m.growth_percent),
            |m| format!("{} → {} KiB", m.rss_after_warmup_kib, m.rss_end_kib),
        ),
    ];
    out.extend(js_targets(points, memory, cold));
    out
}

/// A memory check: one long run, so its one figure is the whole range.
fn memory_target(
    memory: &[MemoryCheck],
    runner: Runner,
    name: &'static str,
    growth: fn(&MemoryCheck) -> Option<f64>,
    sizes: fn(&MemoryCheck) -> String,
) -> Target {
    let check = memory.iter().find(|m| m.runner == runner);
    let spread = check.and_then(growth).and_then(|g| Spread::of([g]));
    Target::judged(
        name,
        check.map_or("–".into(), |m| {
            format!("{} over {} ops", sizes(m), ops(m.ops as f64))
        }),
        "–".into(),
        spread,
        Bound::AtMost(5.0),
        |g| format!("{g:+.2}%"),
    )
}

fn js_targets(points: &[Point], memory: &[MemoryCheck], cold: &[ColdStart]) -> Vec<Target> {
    let js = |name, ours, peer, at_least| {
        ratio_target(
            points,
            name,
            ours,
            peer,
            Mix::GetSet,
            TARGET_LEVEL,
            at_least,
        )
    };
    let mut out = vec![
        js(
            "Node (headline): edgecache (wasm) vs @gomomento/sdk, the official Node SDK (grpc-js), 50 in flight ≥ 1.0×",
            Runner::NodeEdgecache,
            Runner::NodeSdk,
            1.0,
        ),
        js(
            "Node: edgecache (wasm) vs @gomomento/sdk-web through the xhr2 polyfill, 50 in flight ≥ 3×",
            Runner::NodeEdgecache,
            Runner::NodeSdkWeb,
            3.0,
        ),
        js(
            "Chromium, http (HTTP/1.1): edgecache vs @gomomento/sdk-web, 50 in flight ≥ 2×",
            Runner::ChromiumEdgecacheHttp,
            Runner::ChromiumSdkWebHttp,
            2.0,
        ),
        js(
            "Chromium, TLS (HTTP/2): edgecache vs @gomomento/sdk-web, 50 in flight ≥ 2×",
            Runner::ChromiumEdgecacheH2,
            Runner::ChromiumSdkWebH2,
            2.0,
        ),
    ];
    let cold_of = |r| cold.iter().find(|c| c.runner == r);
    let name = "Node cold start (import, create, first get): edgecache ≤ ⅓ of @gomomento/sdk-web";
    let (e, w) = (cold_of(Runner::NodeEdgecache), cold_of(Runner::NodeSdkWeb));
    // Cold starts are separate processes, not paired repeats: the range divides the extremes
    // (our slowest by their fastest, our fastest by their slowest).
    let samples = |c: Option<&ColdStart>| c.and_then(|c| Spread::of(c.samples_ms.iter().copied()));
    let ratio = match (samples(e), samples(w)) {
        (Some(e), Some(w)) if w.min > 0.0 => Some(Spread {
            median: e.median / w.median,
            min: e.min / w.max,
            max: e.max / w.min,
            runs: e.runs.min(w.runs),
        }),
        _ => None,
    };
    let cold_ms = |x: f64| format!("{x:.0} ms");
    out.push(Target::judged(
        name,
        samples(e).map_or("–".into(), |s| s.show(cold_ms)),
        samples(w).map_or("–".into(), |s| {
            format!(
                "{}{}",
                s.show(cold_ms),
                samples(cold_of(Runner::NodeSdk))
                    .map_or(String::new(), |s| format!("; sdk: {}", s.show(cold_ms)))
            )
        }),
        ratio,
        Bound::AtMost(1.0 / 3.0),
        times,
    ));
    out.push(memory_target(
        memory,
        Runner::NodeEdgecache,
        "Node: wasm memory growth over 10⁶ ops after warm-up ≤ 5%",
        |m| m.wasm_growth_percent,
        |m| {
            format!(
                "{} → {} KiB",
                m.wasm_after_warmup_bytes.unwrap_or(0) / 1024,
                m.wasm_end_bytes.unwrap_or(0) / 1024
            )
        },
    ));
    out.push(memory_target(
        memory,
        Runner::NodeEdgecache,
        "Node: process RSS growth over 10⁶ ops after warm-up ≤ 5%",
        |m| Some(m.growth_percent),
        |m| format!("{} → {} KiB", m.rss_after_warmup_kib, m.rss_end_kib),
    ));
    out
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
    let targets = targets(&results.points, &results.memory, &results.cold_start);
    plot::targets(&docs.join(plot::TARGETS), &targets)?;
    let md = markdown(results, &targets, &main, &sizes, &caps);
    std::fs::write(docs.join("benchmarks.md"), md)?;
    Ok(())
}

fn markdown(
    results: &RunResults,
    targets: &[Target],
    main: &[Agg],
    sizes: &[Agg],
    caps: &[Agg],
) -> String {
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
        "| run | {} (commit `{}`), {:.0} s wall{} |",
        results.started,
        results.git_revision,
        results.wall_secs,
        if results.git_revision.ends_with("-dirty") {
            ": **measured from a tree with uncommitted changes, so no commit holds exactly \
             the code measured**"
        } else {
            ""
        }
    );
    let _ = writeln!(w, "| machine | {} |", results.machine);
    if results.build_profile == "dev" {
        let _ = writeln!(
            w,
            "| native build | **dev profile**: the edgecache SDK unoptimized (opt-level 0) while \
             its dependencies, the momento crate among them, and the server are at opt-level 2, \
             so the native rows understate edgecache; the JavaScript rows use the release \
             wasm package either way |"
        );
    }
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
        "| points | {:.1} s warm-up + {:.1} s measured each; main sweep repeated {}× with the \
         clients interleaved (every client at a level, then the next level, then the next \
         repeat); medians and ranges reported{} |",
        results.warmup_secs,
        results.point_secs,
        results.repeats,
        if reduced(results) {
            ": **a reduced-duration run, below the method's ≥ 3 s warm-up, ≥ 10 s windows and \
             ≥ 5 repeats**"
        } else {
            ""
        }
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
    let _ = writeln!(
        w,
        "## Targets: median and range over {} interleaved repeats\n",
        results.repeats
    );
    let _ = writeln!(
        w,
        "Each repeat measures every client at a level back to back (ours, then the peer, then \
         the next client), so the two sides of a ratio in repeat *i* saw the same machine \
         state; a ratio's median and range (min–max) are taken over those per-repeat ratios, \
         and every figure in a row comes from the same repeats. The verdict reads the whole \
         range: **met** only when every repeat clears the target, **missed** only when every \
         repeat misses it, otherwise *within noise* (the run cannot tell). A memory check is \
         one long run, so its one figure is its range. Cold starts are separate processes: \
         their ratio's range divides the extremes (our slowest by the peer's fastest, and our \
         fastest by the peer's slowest).\n"
    );
    let _ = writeln!(w, "![targets]({})\n", plot::TARGETS);
    let _ = writeln!(
        w,
        "| target | ours | peer | judged: median (range) | verdict |\n|---|---:|---:|---:|---|"
    );
    for t in targets {
        let _ = writeln!(
            w,
            "| {} | {} | {} | {} | {} |",
            t.name,
            t.ours,
            t.peer,
            t.judged,
            t.verdict.label()
        );
    }
    let _ = writeln!(w);

    // ---- CPU per operation: the client's own cost, independent of who saturates first; it
    // leads the native comparison because the server's core saturates first, and then
    // throughput measures the server.
    let mut levels: Vec<usize> = main.iter().map(|a| a.in_flight).collect();
    levels.sort_unstable();
    levels.dedup();
    let _ = writeln!(w, "### Client CPU per operation\n");
    let _ = writeln!(
        w,
        "The native comparison leads with the client's CPU time per operation (user + kernel, \
         from `getrusage`, in the repeat with the median throughput): from a few requests in \
         flight the server's core is saturated, and throughput then measures the server, not \
         the client. The throughput ratios follow.\n"
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

    // ---- ratios per level
    let _ = writeln!(w, "### Ratios at every level\n");
    let _ = writeln!(
        w,
        "| in flight | edgecache / momento ops/s | edgecache / momento p99.9 | edgecache (get only) / h2load ops/s |\n|---|---:|---:|---:|"
    );
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

/// Whether a full run used less than the method asks for (warm-up, window, repeats).
pub fn reduced(results: &RunResults) -> bool {
    !results.smoke
        && (results.warmup_secs < 3.0 || results.point_secs < 10.0 || results.repeats < 5)
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

    fn point(runner: Runner, repeat: usize, ops_per_s: f64, p999_us: f64) -> Point {
        Point {
            series: Series::Main,
            runner,
            mix: Mix::GetSet,
            value_size: 100,
            in_flight: TARGET_LEVEL,
            cap: None,
            repeat,
            secs: 1.0,
            ops: ops_per_s as u64,
            errors: 0,
            ops_per_s,
            p50_us: 1.0,
            p90_us: 1.0,
            p99_us: 1.0,
            p999_us,
            max_us: p999_us,
            client_cpu_s: 0.0,
            client_sys_s: 0.0,
            server_cpu_s: 0.0,
            server_max_in_flight: None,
            client_rss_kib: None,
            renderer_cpu_s: None,
            browser_cpu_s: None,
        }
    }

    #[test]
    fn a_target_row_pairs_repeats_and_judges_the_whole_range() {
        let points = vec![
            point(Runner::Edgecache, 0, 300.0, 900.0),
            point(Runner::Momento, 0, 100.0, 1000.0),
            point(Runner::Edgecache, 1, 140.0, 1100.0),
            point(Runner::Momento, 1, 100.0, 1000.0),
            // No peer in repeat 2: left out of both sides.
            point(Runner::Edgecache, 2, 1.0, 5.0),
        ];
        let rows = targets(&points, &[], &[]);
        let throughput = &rows[0];
        assert_eq!(throughput.spread.map(|s| (s.min, s.max)), Some((1.4, 3.0)));
        assert_eq!(throughput.verdict, Verdict::WithinNoise);
        assert_eq!(throughput.judged, "2.20× (1.40×–3.00×)");
        let p999 = &rows[1];
        assert_eq!(p999.spread.map(|s| (s.min, s.max)), Some((0.9, 1.1)));
        assert_eq!(p999.verdict, Verdict::WithinNoise);
        // Every JavaScript row and the memory rows: nothing measured.
        assert!(rows[4..].iter().all(|t| t.verdict == Verdict::NotMeasured));
    }

    #[test]
    fn a_row_shows_one_repeat_the_median_one() {
        let points = vec![
            point(Runner::Edgecache, 0, 300.0, 10.0),
            point(Runner::Edgecache, 1, 100.0, 30.0),
            point(Runner::Edgecache, 2, 200.0, 20.0),
        ];
        let agg = &aggregate(&points, Series::Main)[0];
        assert_eq!((agg.ops_per_s, agg.p999_us), (200.0, 20.0));
        assert_eq!(agg.ops_range, (100.0, 300.0));
        assert_eq!(agg.runs, 3);
    }

    #[test]
    fn medians_and_thousands() {
        assert_eq!(ops(1234567.4), "1,234,567");
        assert_eq!(ops(999.0), "999");
        assert_eq!(size(102400), "100 KB");
    }
}
