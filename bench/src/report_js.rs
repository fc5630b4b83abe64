//! The JavaScript sections of `docs/benchmarks.md`: the npm package against the official
//! JavaScript SDKs in Node and headless Chromium, cold start, and memory in Node. Every
//! section says "not measured" where the run has no data for it.

use std::fmt::Write as _;

use crate::model::{ColdStart, MemoryCheck, Mix, Runner};
use crate::plot;
use crate::report::{Agg, JS_LINES, find, in_flight_label, ops, point_row, table_header};

/// The peers each of our JavaScript rows is compared with: (ours, peer, column title).
const PAIRS: [(Runner, Runner, &str); 5] = [
    (
        Runner::NodeEdgecache,
        Runner::NodeSdkWeb,
        "Node: vs sdk-web",
    ),
    (
        Runner::NodeEdgecache,
        Runner::NodeSdk,
        "Node: vs sdk (grpc-js)",
    ),
    (
        Runner::NodeEdgecacheFetch,
        Runner::NodeSdkWeb,
        "Node, fetch forced: vs sdk-web",
    ),
    (
        Runner::ChromiumEdgecacheHttp,
        Runner::ChromiumSdkWebHttp,
        "Chromium http: vs sdk-web",
    ),
    (
        Runner::ChromiumEdgecacheH2,
        Runner::ChromiumSdkWebH2,
        "Chromium h2: vs sdk-web",
    ),
];

/// Our JavaScript rows against the raw limit of the same transport: (ours, raw, column title).
const RAW_PAIRS: [(Runner, Runner, &str); 3] = [
    (
        Runner::NodeEdgecache,
        Runner::NodeRawHttp2,
        "Node: vs raw node:http2",
    ),
    (
        Runner::ChromiumEdgecacheHttp,
        Runner::ChromiumRawHttp,
        "Chromium http: vs raw fetch",
    ),
    (
        Runner::ChromiumEdgecacheH2,
        Runner::ChromiumRawH2,
        "Chromium h2: vs raw fetch",
    ),
];

/// What the setup section says about the JavaScript runners.
pub fn method(w: &mut String) {
    let _ = writeln!(
        w,
        "The JavaScript rows run the same workload from `bench/js/` (one `node` process per \
         point, pinned to core 1 like the native ones; Chromium inherits the pinning): \
         N workers looping on the one event loop, get 80% / set 20% of 100-byte values over \
         1,000 keys written first, latency per call into an HDR histogram (`hdr-histogram-js`, \
         3 significant digits). In Node: the `edgecache` npm package (wasm) with the transport \
         it picks by default (a row with `EDGECACHE_NODE_TRANSPORT=fetch` forces its fetch \
         transport when the package supports the switch), `@gomomento/sdk-web` (gRPC-web text over XMLHttpRequest: \
         the `xhr2` polyfill, as Node users must) and `@gomomento/sdk` (grpc-js over h2c); \
         client CPU is `process.cpuUsage()` over the window. In headless Chromium, spawned \
         directly (no Playwright, and no DevTools client attached to the measured page: \
         DevTools' network instrumentation would tax every request): the package's browser \
         entry and `@gomomento/sdk-web` bundled by esbuild, on a page served from another \
         loopback port that reports its window and figures back to it over HTTP, against the \
         server over plain http (the browser uses HTTP/1.1, about six connections) and against \
         a second server process, the same binary in its `--tls` mode (self-signed certificate \
         accepted; HTTP/2 through ALPN). Each point first opens a probe page that sends one \
         request to the server with DevTools' Network domain on, reads the protocol \
         Chromium used, and is closed before the measured page opens (in the same profile, \
         which reuses the probe's connection); an h2 point fails unless that protocol is h2. \
         Chromium's client CPU is its page's renderer process (every thread, user + kernel, \
         from `/proc` over the window); the CPU of every browser process (renderer, network \
         service, browser) is reported beside it. Each family has a raw limit, the analog of \
         h2load: no SDK, the same workload sending gRPC-web Get and Set requests encoded once \
         before the run, and checking only the HTTP status and the result field of the \
         response, over one `node:http2` session in Node and with the page's `fetch` in \
         Chromium (not run at the 5,000 burst, which goes through edgecache's cap). \
         Every client has a 15 s deadline (the raw limits none); only edgecache has an \
         in-flight cap (N, or 100 for the 5,000 run). Chromium's processes (browser, network \
         service, renderer) all share core 1, as a single-core client would. The figures are \
         taken when the window closes; a point does not wait more than 20 s for calls still \
         unanswered then (their count is printed), so a client that loses a call cannot hang \
         the run.\n"
    );
}

fn ratio(a: Option<f64>, b: Option<f64>) -> String {
    match (a, b) {
        (Some(a), Some(b)) if b > 0.0 => format!("{:.2}×", a / b),
        _ => "–".into(),
    }
}

/// One row per level of (ops/s, p99.9) ratios, ours / theirs, for each pair; "–" where a
/// level lacks either row.
fn ratio_table(w: &mut String, main: &[Agg], levels: &[usize], pairs: &[(Runner, Runner, &str)]) {
    let mut header = String::from("| in flight |");
    let mut rule = String::from("|---|");
    for (_, _, title) in pairs {
        let _ = write!(header, " {title} ops/s | p99.9 |");
        rule.push_str("---:|---:|");
    }
    let _ = writeln!(w, "{header}\n{rule}");
    for &n in levels {
        let mut row = format!("| {} |", in_flight_label(n));
        for &(ours, theirs, _) in pairs {
            let e = find(main, ours, Mix::GetSet, n);
            let p = find(main, theirs, Mix::GetSet, n);
            let _ = write!(
                row,
                " {} | {} |",
                ratio(e.map(|a| a.ops_per_s), p.map(|a| a.ops_per_s)),
                ratio(e.map(|a| a.p999_us), p.map(|a| a.p999_us))
            );
        }
        let _ = writeln!(w, "{row}");
    }
    let _ = writeln!(w);
}

/// Throughput and latency of every JavaScript row, with the ratios to the peers and to the
/// raw limits.
pub fn results(w: &mut String, main: &[Agg]) {
    let _ = writeln!(
        w,
        "## JavaScript: the npm package vs the official SDKs and the raw limits\n"
    );
    let js: Vec<&Agg> = main
        .iter()
        .filter(|a| JS_LINES.iter().any(|l| l.1 == a.runner && l.2 == a.mix))
        .collect();
    if js.is_empty() {
        let _ = writeln!(w, "Not measured in this run.\n");
        return;
    }
    let _ = writeln!(
        w,
        "![JavaScript throughput vs in flight]({})\n",
        plot::JS_THROUGHPUT
    );
    let _ = writeln!(w, "![JavaScript p99.9 vs in flight]({})\n", plot::JS_P999);

    let _ = writeln!(
        w,
        "### Ratios at every level (ops/s, and p99.9 ours / peer's)\n"
    );
    let mut levels: Vec<usize> = js.iter().map(|a| a.in_flight).collect();
    levels.sort_unstable();
    levels.dedup();
    ratio_table(w, main, &levels, &PAIRS);

    let _ = writeln!(
        w,
        "### edgecache / raw limit (ops/s, and p99.9 ours / raw)\n\nThe raw limit sends the \
         same requests with no SDK; 1.00× would mean the SDK costs nothing on that transport.\n"
    );
    ratio_table(w, main, &levels, &RAW_PAIRS);

    let _ = writeln!(w, "### Client CPU per operation\n");
    let _ = writeln!(
        w,
        "Node: the process's user + kernel CPU (µs per operation). Chromium: the page's \
         renderer process (user + kernel), then every browser process's CPU in parentheses.\n"
    );
    let mut header = String::from("| in flight |");
    let mut rule = String::from("|---|");
    for (label, _, _) in JS_LINES {
        let _ = write!(header, " {label} |");
        rule.push_str("---:|");
    }
    let _ = writeln!(w, "{header}\n{rule}");
    for &n in &levels {
        let mut row = format!("| {} |", in_flight_label(n));
        for (_, runner, mix) in JS_LINES {
            let cell = find(main, runner, mix, n).map_or("–".to_string(), |a| {
                match a.browser_cpu_us_per_op {
                    Some(all) => format!("{:.0} µs ({all:.0} µs)", a.cpu_us_per_op),
                    None => format!("{:.0} µs", a.cpu_us_per_op),
                }
            });
            let _ = write!(row, " {cell} |");
        }
        let _ = writeln!(w, "{row}");
    }
    let _ = writeln!(w);

    let _ = writeln!(
        w,
        "### Results per client (get 80% / set 20%, 100-byte values)\n"
    );
    for (label, runner, mix) in JS_LINES {
        let rows: Vec<&&Agg> = js
            .iter()
            .filter(|a| a.runner == runner && a.mix == mix)
            .collect();
        if rows.is_empty() {
            let _ = writeln!(w, "**{label}**: not measured.\n");
            continue;
        }
        let _ = writeln!(w, "**{label}**\n");
        table_header(w, &crate::report::POINT_COLUMNS);
        for a in rows {
            point_row(w, runner.label(), a);
        }
        let _ = writeln!(w);
    }
}

/// Cold start in Node, per client.
pub fn cold_start(w: &mut String, cold: &[ColdStart]) {
    let _ = writeln!(w, "## Cold start in Node\n");
    if cold.is_empty() {
        let _ = writeln!(w, "Not measured in this run.\n");
        return;
    }
    let _ = writeln!(
        w,
        "Each sample is a fresh `node` process that imports the SDK (for sdk-web, with the \
         `xhr2` and `navigator` globals it needs), creates a client and awaits its first get \
         against the local server; timed inside the process from just before the import. \
         Medians; one uncounted process first warms the OS file cache. \"since process \
         start\" adds Node's own start-up, the same for every client.\n"
    );
    let _ = writeln!(
        w,
        "| client | runs | import + create + first get | import | create | first get | since process start | vs sdk-web |\n|---|---:|---:|---:|---:|---:|---:|---:|"
    );
    let web = cold
        .iter()
        .find(|c| c.runner == Runner::NodeSdkWeb)
        .map(|c| c.median_ms);
    for c in cold {
        let _ = writeln!(
            w,
            "| {} | {} | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} ms | {} |",
            c.runner.label(),
            c.runs,
            c.median_ms,
            c.median_import_ms,
            c.median_create_ms,
            c.median_first_get_ms,
            c.median_since_process_start_ms,
            ratio(Some(c.median_ms), web)
        );
    }
    let _ = writeln!(w);
}

/// One memory check: the sentence and the table of samples.
pub fn memory(w: &mut String, m: &MemoryCheck) {
    let wasm = m.wasm_growth_percent.map_or(String::new(), |g| {
        format!(
            "; wasm linear memory {} KiB after warm-up, {} KiB at the end: **{g:+.2}%**",
            m.wasm_after_warmup_bytes.unwrap_or(0) / 1024,
            m.wasm_end_bytes.unwrap_or(0) / 1024
        )
    });
    let _ = writeln!(
        w,
        "{}, {} in flight, get/set, 100 B: {} operations after {} of warm-up took {:.1} s; \
         RSS {} KiB after warm-up, {} KiB at the end: **{:+.2}%**{wasm}.\n",
        m.runner.label(),
        m.in_flight,
        ops(m.ops as f64),
        ops(m.warmup_ops as f64),
        m.secs,
        m.rss_after_warmup_kib,
        m.rss_end_kib,
        m.growth_percent
    );
    if m.wasm_samples.is_empty() {
        let _ = writeln!(w, "| ops after warm-up | RSS KiB |\n|---:|---:|");
        for (n, rss) in &m.samples {
            let _ = writeln!(w, "| {} | {rss} |", ops(*n as f64));
        }
    } else {
        let _ = writeln!(
            w,
            "| ops after warm-up | RSS KiB | wasm memory KiB |\n|---:|---:|---:|"
        );
        for ((n, rss), (_, wasm)) in m.samples.iter().zip(&m.wasm_samples) {
            let _ = writeln!(w, "| {} | {rss} | {} |", ops(*n as f64), wasm / 1024);
        }
    }
    let _ = writeln!(w);
}

/// The note under the memory section when Node's check is missing.
pub fn memory_missing(w: &mut String, memory: &[MemoryCheck]) {
    if !memory.iter().any(|m| m.runner == Runner::NodeEdgecache) {
        let _ = writeln!(w, "edgecache in Node: not measured in this run.\n");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::Agg;

    #[test]
    fn ratios_need_both_figures() {
        assert_eq!(ratio(Some(3.0), Some(1.5)), "2.00×");
        assert_eq!(ratio(None, Some(1.0)), "–");
        assert_eq!(ratio(Some(1.0), Some(0.0)), "–");
    }

    fn agg(runner: Runner, in_flight: usize, ops_per_s: f64, p999_us: f64) -> Agg {
        Agg {
            runner,
            mix: Mix::GetSet,
            value_size: 100,
            in_flight,
            cap: None,
            runs: 1,
            ops_per_s,
            p50_us: p999_us / 2.0,
            p90_us: p999_us / 2.0,
            p99_us: p999_us,
            p999_us,
            max_us: p999_us,
            client_cpu_s: 1.0,
            cpu_us_per_op: 100.0,
            sys_us_per_op: 10.0,
            server_cpu_s: 0.5,
            server_max_in_flight: None,
            errors: 0,
            browser_cpu_us_per_op: None,
            ops_range: (ops_per_s, ops_per_s),
        }
    }

    #[test]
    fn raw_limits_get_their_own_ratio_table() {
        let main = [
            agg(Runner::ChromiumEdgecacheH2, 50, 300.0, 2000.0),
            agg(Runner::ChromiumRawH2, 50, 400.0, 1000.0),
        ];
        let mut md = String::new();
        results(&mut md, &main);
        let table = &md[md.find("### edgecache / raw limit").unwrap()..];
        let header = table
            .lines()
            .find(|l| l.starts_with("| in flight"))
            .unwrap();
        assert!(header.contains("Chromium h2: vs raw fetch ops/s"));
        let row = table.lines().find(|l| l.starts_with("| 50 |")).unwrap();
        // Node and Chromium http have no rows at 50: dashes; h2 has 300/400 and 2000/1000.
        assert_eq!(row, "| 50 | – | – | – | – | 0.75× | 2.00× |");
        assert!(md.contains("**raw fetch, Chromium, h2 (TLS, raw limit)**"));
    }

    #[test]
    fn missing_sections_say_so() {
        let mut md = String::new();
        results(&mut md, &[]);
        cold_start(&mut md, &[]);
        memory_missing(&mut md, &[]);
        assert_eq!(
            md.matches("not measured").count() + md.matches("Not measured").count(),
            3
        );
    }
}
