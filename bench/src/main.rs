//! `edgecache-bench`: edgecache vs the official `momento` crate vs h2load (the raw limit),
//! and the npm package vs the official JavaScript SDKs in Node and headless Chromium
//! (`bench/js`), against one local edgecache-server, each client on one core with one event
//! loop.
//!
//! `edgecache-bench all` runs everything and writes `bench/results/latest.json`,
//! `docs/benchmarks.md` and its plots; `scripts/bench` builds and calls it. `point` and
//! `memory` are the child processes `all` starts; `report` regenerates the docs from a
//! results file.

mod h2load;
mod js;
mod load;
mod model;
mod plot;
mod report;
mod report_js;
mod run;
mod sys;
mod verdict;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand, ValueEnum};

use model::{Mix, RunResults, Runner, Series};

#[derive(Parser)]
#[command(name = "edgecache-bench", about, version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run every point, write the results JSON and regenerate the docs and plots.
    All {
        /// One in-flight level, ~1 s a point, every runner; fails on any error or failed
        /// point; results under target/bench-smoke.
        #[arg(long)]
        smoke: bool,
        /// Run (and publish) from a tree with uncommitted changes; the report says so.
        #[arg(long)]
        allow_dirty: bool,
        /// The main sweep's in-flight levels (default 1,5,20,50,100,200,5000); fewer make a
        /// shorter run, and the report lists the levels it has.
        #[arg(long, value_delimiter = ',')]
        levels: Option<Vec<usize>>,
        /// Repetitions of the main sweep, clients interleaved (default 5).
        #[arg(long)]
        repeats: Option<usize>,
        /// Measured seconds per point (default 10).
        #[arg(long)]
        secs: Option<f64>,
        /// Warm-up seconds per point, not measured (default 3).
        #[arg(long)]
        warmup: Option<f64>,
        /// Where the results JSON goes (default bench/results, or target/bench-smoke).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Where benchmarks.md and the plots go (default docs/, or the out dir for --smoke).
        #[arg(long)]
        docs: Option<PathBuf>,
        /// The server binary (default target/release/edgecache-server).
        #[arg(long)]
        server_bin: Option<PathBuf>,
        /// An extra edgecache-server argument (repeatable), e.g. `--server-arg=--error-percent
        /// --server-arg=100` to see the smoke fail when every call fails.
        #[arg(long, allow_hyphen_values = true)]
        server_arg: Vec<String>,
        /// Operations of the memory check (after its warm-up).
        #[arg(long)]
        memory_ops: Option<u64>,
        /// Do not pin with taskset even where it exists.
        #[arg(long)]
        no_pin: bool,
        /// Native runners only: skip Node and Chromium (bench/js).
        #[arg(long, conflicts_with = "js_only")]
        no_js: bool,
        /// JavaScript runners only (a partial run: no native rows, sizes, cap sweep).
        #[arg(long)]
        js_only: bool,
        /// Operations of the memory check in Node (after its warm-up).
        #[arg(long)]
        js_memory_ops: Option<u64>,
        /// Fresh node processes per client for the cold-start medians.
        #[arg(long)]
        cold_start_runs: Option<usize>,
    },
    /// Regenerate the docs and plots from a results file.
    Report {
        #[arg(long, default_value_os_t = repo_path("bench/results/latest.json"))]
        results: PathBuf,
        #[arg(long, default_value_os_t = repo_path("docs"))]
        docs: PathBuf,
    },
    /// Replace the JavaScript rows of a results file with those of another run (e.g. a
    /// `--js-only` run), note where they came from, and regenerate the docs.
    MergeJs {
        /// The run whose JavaScript points, cold start and Node memory check are taken.
        #[arg(long)]
        from: PathBuf,
        #[arg(long, default_value_os_t = repo_path("bench/results/latest.json"))]
        into: PathBuf,
        #[arg(long, default_value_os_t = repo_path("docs"))]
        docs: PathBuf,
    },
    /// (child) Measure one point against a running server and print it as JSON.
    Point {
        #[arg(long)]
        port: u16,
        #[arg(long, value_enum)]
        runner: RunnerArg,
        #[arg(long, value_enum)]
        mix: MixArg,
        #[arg(long, value_enum, default_value = "main")]
        series: SeriesArg,
        #[arg(long, default_value_t = 100)]
        value_size: usize,
        #[arg(long)]
        in_flight: usize,
        #[arg(long)]
        cap: Option<usize>,
        #[arg(long, default_value_t = 0)]
        repeat: usize,
        #[arg(long, default_value_t = 1000)]
        warmup_ms: u64,
        #[arg(long, default_value_t = 3000)]
        secs_ms: u64,
    },
    /// (child) RSS over many operations after warm-up, printed as JSON.
    Memory {
        #[arg(long)]
        port: u16,
        #[arg(long, value_enum, default_value = "edgecache")]
        runner: RunnerArg,
        #[arg(long, default_value_t = 50)]
        in_flight: usize,
        #[arg(long, default_value_t = 100_000)]
        warmup_ops: u64,
        #[arg(long, default_value_t = 1_000_000)]
        ops: u64,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum RunnerArg {
    Edgecache,
    Momento,
}

#[derive(Clone, Copy, ValueEnum)]
enum MixArg {
    GetSet,
    GetOnly,
}

#[derive(Clone, Copy, ValueEnum)]
enum SeriesArg {
    Main,
    Size,
    Cap,
}

/// A path relative to the repository root (the parent of this crate).
fn repo_path(relative: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."))
        .join(relative)
}

/// Ends this (child) process if it outlives `limit`: every loop here is bounded in time.
fn watchdog(limit: Duration) {
    std::thread::spawn(move || {
        std::thread::sleep(limit);
        eprintln!("edgecache-bench: watchdog fired after {limit:?}");
        std::process::exit(3);
    });
}

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::All {
            smoke,
            allow_dirty,
            levels,
            repeats,
            secs,
            warmup,
            out,
            docs,
            server_bin,
            server_arg,
            memory_ops,
            no_pin,
            no_js,
            js_only,
            js_memory_ops,
            cold_start_runs,
        } => {
            // Published figures name the commit that produced them: refuse a dirty tree
            // unless told, and then the report says so.
            let revision = sys::git_revision(&repo_path("."));
            if !smoke && revision.ends_with("-dirty") && !allow_dirty {
                eprintln!(
                    "edgecache-bench: the tree has uncommitted changes ({revision}); commit them, \
                     or pass --allow-dirty (the report then says the run came from a dirty tree)"
                );
                return ExitCode::FAILURE;
            }
            let js_memory_ops = js_memory_ops.unwrap_or(if smoke { 5_000 } else { 1_000_000 });
            let js = if no_js {
                None
            } else {
                match js::JsSetup::detect(&repo_path("bench/js")) {
                    Ok(setup) => Some(setup),
                    Err(e) => {
                        eprintln!(
                            "edgecache-bench: the JavaScript runners cannot run: {e} (--no-js skips them)"
                        );
                        return ExitCode::FAILURE;
                    }
                }
            };
            // A smoke or partial run never overwrites the published results.
            let out = out.unwrap_or_else(|| {
                repo_path(if smoke {
                    "target/bench-smoke"
                } else if js_only {
                    "target/bench-js"
                } else {
                    "bench/results"
                })
            });
            let docs = docs.unwrap_or_else(|| {
                if smoke || js_only {
                    out.clone()
                } else {
                    repo_path("docs")
                }
            });
            let options = run::Options {
                smoke,
                repeats: repeats.unwrap_or(if smoke { 1 } else { 5 }).max(1),
                secs: Duration::from_secs_f64(secs.unwrap_or(if smoke { 1.0 } else { 10.0 })),
                warmup: Duration::from_secs_f64(warmup.unwrap_or(if smoke { 0.3 } else { 3.0 })),
                levels: levels.filter(|l| !l.is_empty()),
                out: out.clone(),
                server_bin: server_bin
                    .unwrap_or_else(|| repo_path("target/release/edgecache-server")),
                server_args: server_arg,
                h2load: sys::which("h2load"),
                pin: !no_pin && sys::taskset_available(),
                memory_ops: memory_ops.unwrap_or(if smoke { 20_000 } else { 1_000_000 }),
                memory_warmup_ops: if smoke { 5_000 } else { 100_000 },
                js,
                cold_start_runs: cold_start_runs.unwrap_or(if smoke { 1 } else { 9 }).max(1),
                js_memory_ops,
                // A tenth of the measured operations (100,000 for the full run's 10⁶).
                js_memory_warmup_ops: (js_memory_ops / 10).clamp(2_000, 100_000),
                js_memory_max_secs: if smoke { 120 } else { 1200 },
                js_only,
            };
            if let Err(e) =
                std::fs::create_dir_all(&out).and_then(|()| std::fs::create_dir_all(&docs))
            {
                eprintln!("edgecache-bench: {e}");
                return ExitCode::FAILURE;
            }
            let results = match run::run_all(&options) {
                Ok(results) => results,
                Err(e) => {
                    eprintln!("edgecache-bench: {e}");
                    return ExitCode::FAILURE;
                }
            };
            let name = if smoke { "smoke.json" } else { "latest.json" };
            let path = out.join(name);
            let written = serde_json::to_string_pretty(&results)
                .map_err(|e| e.to_string())
                .and_then(|json| std::fs::write(&path, json + "\n").map_err(|e| e.to_string()));
            if let Err(e) = written {
                eprintln!("edgecache-bench: writing {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
            println!("results: {}", path.display());
            if let Err(e) = report::write(&results, &docs) {
                eprintln!("edgecache-bench: report: {e}");
                return ExitCode::FAILURE;
            }
            println!("report: {}", docs.join("benchmarks.md").display());
            if smoke {
                smoke_check(&results, &docs, &options)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::Report { results, docs } => {
            let loaded: Result<RunResults, String> = std::fs::read_to_string(&results)
                .map_err(|e| format!("{}: {e}", results.display()))
                .and_then(|s| serde_json::from_str(&s).map_err(|e| e.to_string()));
            match loaded.and_then(|r| report::write(&r, &docs).map_err(|e| e.to_string())) {
                Ok(()) => {
                    println!("report: {}", docs.join("benchmarks.md").display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("edgecache-bench: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::MergeJs { from, into, docs } => {
            let load = |path: &Path| -> Result<RunResults, String> {
                std::fs::read_to_string(path)
                    .map_err(|e| format!("{}: {e}", path.display()))
                    .and_then(|s| {
                        serde_json::from_str(&s).map_err(|e| format!("{}: {e}", path.display()))
                    })
            };
            let merged = load(&into).and_then(|base| Ok(merge_js(base, load(&from)?)));
            let written = merged.and_then(|results| {
                let json = serde_json::to_string_pretty(&results).map_err(|e| e.to_string())?;
                std::fs::write(&into, json + "\n").map_err(|e| e.to_string())?;
                report::write(&results, &docs).map_err(|e| e.to_string())
            });
            match written {
                Ok(()) => {
                    println!("results: {}", into.display());
                    println!("report: {}", docs.join("benchmarks.md").display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("edgecache-bench merge-js: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Point {
            port,
            runner,
            mix,
            series,
            value_size,
            in_flight,
            cap,
            repeat,
            warmup_ms,
            secs_ms,
        } => {
            let spec = load::PointSpec {
                series: match series {
                    SeriesArg::Main => Series::Main,
                    SeriesArg::Size => Series::Size,
                    SeriesArg::Cap => Series::Cap,
                },
                runner: match runner {
                    RunnerArg::Edgecache => Runner::Edgecache,
                    RunnerArg::Momento => Runner::Momento,
                },
                mix: match mix {
                    MixArg::GetSet => Mix::GetSet,
                    MixArg::GetOnly => Mix::GetOnly,
                },
                value_size,
                in_flight: in_flight.max(1),
                cap,
                repeat,
                warmup: Duration::from_millis(warmup_ms),
                secs: Duration::from_millis(secs_ms.max(1)),
            };
            watchdog(spec.warmup + spec.secs + Duration::from_secs(45));
            match load::run_point(&spec, port) {
                Ok(point) => {
                    println!("{}", serde_json::to_string(&point).unwrap_or_default());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("edgecache-bench point: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Command::Memory {
            port,
            runner,
            in_flight,
            warmup_ops,
            ops,
        } => {
            let spec = load::MemorySpec {
                runner: match runner {
                    RunnerArg::Edgecache => Runner::Edgecache,
                    RunnerArg::Momento => Runner::Momento,
                },
                in_flight: in_flight.max(1),
                warmup_ops: warmup_ops.max(1),
                ops,
                max_time: Duration::from_secs(180),
            };
            watchdog(spec.max_time + Duration::from_secs(30));
            match load::run_memory(&spec, port) {
                Ok(check) => {
                    println!("{}", serde_json::to_string(&check).unwrap_or_default());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("edgecache-bench memory: {e}");
                    ExitCode::FAILURE
                }
            }
        }
    }
}

/// `base` with its JavaScript rows replaced by `js`'s, and a note saying they come from
/// another run (so no ratio between a native and a JavaScript row is read as same-run).
fn merge_js(mut base: RunResults, js: RunResults) -> RunResults {
    let is_js = |r: Runner| r.js().is_some();
    base.points.retain(|p| !is_js(p.runner));
    base.points
        .extend(js.points.into_iter().filter(|p| is_js(p.runner)));
    base.memory.retain(|m| !is_js(m.runner));
    base.memory
        .extend(js.memory.into_iter().filter(|m| is_js(m.runner)));
    base.cold_start = js.cold_start;
    base.js_versions = js.js_versions;
    base.notes.retain(|n| !n.starts_with(JS_MERGE_NOTE));
    base.notes.push(format!(
        "{JS_MERGE_NOTE} {} (`{}`{}, {:.1} s warm-up + {:.1} s points, {}× repeated, load \
         average {:.2} → {:.2}), not in the same run as the native rows: compare JavaScript \
         rows with each other only. `scripts/bench` measures everything in one run.",
        js.started,
        js.git_revision,
        if js.smoke { ", a smoke run" } else { "" },
        js.warmup_secs,
        js.point_secs,
        js.repeats,
        js.load_average_start,
        js.load_average_end
    ));
    base
}

const JS_MERGE_NOTE: &str = "The JavaScript rows come from a separate run:";

/// The smoke run fails on anything that went wrong: a point or check that failed, a runner
/// with no point, a point with no successful call, or any call that failed. No speed
/// assertions.
fn smoke_check(results: &RunResults, docs: &Path, options: &run::Options) -> ExitCode {
    let mut failures = results.failures.clone();
    let mut runners = if options.js_only {
        Vec::new()
    } else {
        vec![Runner::Edgecache, Runner::Momento, Runner::H2load]
    };
    runners.extend(options.js.iter().flat_map(js::JsSetup::runners));
    for runner in runners {
        let points: Vec<_> = results
            .points
            .iter()
            .filter(|p| p.runner == runner)
            .collect();
        if points.is_empty() {
            failures.push(format!("{}: no point measured", runner.label()));
        }
        for p in points {
            if p.ops == 0 || p.ops_per_s <= 0.0 || p.p999_us <= 0.0 || p.errors > 0 {
                failures.push(format!(
                    "{} at {} in flight: {} successful calls ({} ops/s), {} failed",
                    runner.label(),
                    p.in_flight,
                    p.ops,
                    p.ops_per_s,
                    p.errors
                ));
            }
        }
    }
    for m in results.memory.iter().filter(|m| m.errors > 0) {
        failures.push(format!(
            "memory check ({}): {} calls failed",
            m.runner.label(),
            m.errors
        ));
    }
    if !options.js_only && results.memory.iter().all(|m| m.rss_end_kib == 0) {
        failures.push("memory check: no RSS figure".into());
    }
    let mut files = vec![
        "benchmarks.md",
        plot::THROUGHPUT,
        plot::P999,
        plot::CAPS,
        plot::TARGETS,
    ];
    if options.js.is_some() {
        let node_memory = results
            .memory
            .iter()
            .find(|m| m.runner == Runner::NodeEdgecache);
        match node_memory {
            None => failures.push("memory check in Node: not measured".into()),
            Some(m) if m.rss_end_kib == 0 || m.ops == 0 => {
                failures.push("memory check in Node: no RSS figure".into())
            }
            Some(m) if m.wasm_end_bytes.unwrap_or(0) == 0 => {
                failures.push("memory check in Node: no wasm memory figure".into())
            }
            Some(_) => {}
        }
        for runner in js::COLD_START {
            match results.cold_start.iter().find(|c| c.runner == runner) {
                Some(c) if c.median_ms > 0.0 => {}
                _ => failures.push(format!("cold start {}: no figure", runner.label())),
            }
        }
        files.extend([plot::JS_THROUGHPUT, plot::JS_P999]);
    }
    for file in files {
        let size = std::fs::metadata(docs.join(file)).map_or(0, |m| m.len());
        if size == 0 {
            failures.push(format!("{file} was not written"));
        }
    }
    if failures.is_empty() {
        println!(
            "smoke OK: {} points, every runner's calls succeeded (none failed); report and plots written",
            results.points.len()
        );
        ExitCode::SUCCESS
    } else {
        for f in &failures {
            println!("smoke FAILED: {f}");
        }
        ExitCode::FAILURE
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::{Mix, Point, Series};

    fn point(runner: Runner, ops_per_s: f64) -> Point {
        Point {
            series: Series::Main,
            runner,
            mix: Mix::GetSet,
            value_size: 100,
            in_flight: 50,
            cap: None,
            repeat: 0,
            secs: 1.0,
            ops: 1,
            errors: 0,
            ops_per_s,
            p50_us: 1.0,
            p90_us: 1.0,
            p99_us: 1.0,
            p999_us: 1.0,
            max_us: 1.0,
            client_cpu_s: 0.0,
            client_sys_s: 0.0,
            server_cpu_s: 0.0,
            server_max_in_flight: None,
            client_rss_kib: None,
            renderer_cpu_s: None,
            browser_cpu_s: None,
        }
    }

    fn results(points: Vec<Point>) -> RunResults {
        RunResults {
            started: "then".into(),
            wall_secs: 1.0,
            smoke: false,
            machine: String::new(),
            git_revision: "abc".into(),
            pinned: true,
            load_average_start: 0.0,
            load_average_end: 0.0,
            repeats: 1,
            point_secs: 1.0,
            warmup_secs: 0.0,
            momento_version: String::new(),
            h2load_version: String::new(),
            js_versions: String::new(),
            points,
            memory: Vec::new(),
            cold_start: Vec::new(),
            notes: Vec::new(),
            build_profile: "release".into(),
            failures: Vec::new(),
        }
    }

    #[test]
    fn merging_keeps_native_rows_and_replaces_js_rows_once() {
        let base = results(vec![
            point(Runner::Edgecache, 1.0),
            point(Runner::NodeSdk, 2.0),
        ]);
        let js = results(vec![
            point(Runner::Momento, 3.0),
            point(Runner::NodeSdk, 4.0),
            point(Runner::ChromiumEdgecacheH2, 5.0),
        ]);
        let merged = merge_js(merge_js(base, js.clone()), js);
        let figures: Vec<(Runner, f64)> = merged
            .points
            .iter()
            .map(|p| (p.runner, p.ops_per_s))
            .collect();
        assert_eq!(
            figures,
            [
                (Runner::Edgecache, 1.0),
                (Runner::NodeSdk, 4.0),
                (Runner::ChromiumEdgecacheH2, 5.0)
            ]
        );
        assert_eq!(merged.notes.len(), 1);
        assert!(merged.notes[0].contains("not in the same run"));
    }
}
