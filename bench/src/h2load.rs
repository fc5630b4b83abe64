//! The raw limit: nghttp2's `h2load` replaying one pre-encoded gRPC-web Get over h2c, on one
//! connection with N concurrent streams, pinned to the client core.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;
use prost::Message;

use crate::load::{CACHE, key};
use crate::model::{Mix, Point, Runner, Series};
use crate::sys;

/// The request body: the 5-byte gRPC frame header + `_GetRequest { cache_key }`.
pub fn get_request_body(value_size: usize) -> Vec<u8> {
    let message = edgecache_proto::cache_client::GetRequest {
        cache_key: key(value_size, 0).into_bytes(),
    }
    .encode_to_vec();
    let mut body = Vec::with_capacity(5 + message.len());
    body.push(0);
    body.extend_from_slice(&(message.len() as u32).to_be_bytes());
    body.extend_from_slice(&message);
    body
}

/// `h2load --version`'s first line, or why there is none.
pub fn version(h2load: &str) -> String {
    Command::new(h2load)
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "not found".into())
}

pub struct H2loadRun<'a> {
    pub h2load: &'a str,
    pub port: u16,
    pub value_size: usize,
    pub in_flight: usize,
    pub repeat: usize,
    pub series: Series,
    pub warmup: Duration,
    pub secs: Duration,
    pub pin: bool,
    pub scratch: &'a Path,
}

/// Runs h2load for warm-up + window and reads its per-request log into a histogram.
pub fn run(spec: &H2loadRun<'_>) -> Result<Point, String> {
    let body_path = spec.scratch.join(format!("get-{}.bin", spec.value_size));
    std::fs::write(&body_path, get_request_body(spec.value_size))
        .map_err(|e| format!("writing {}: {e}", body_path.display()))?;
    let log_path: PathBuf = spec.scratch.join("h2load.log");
    let _ = std::fs::remove_file(&log_path);
    let mut command = if spec.pin {
        let mut c = Command::new("taskset");
        c.args(["-c", "1", spec.h2load]);
        c
    } else {
        Command::new(spec.h2load)
    };
    command
        .args(["-c", "1", "-t", "1"])
        .arg(format!("-m{}", spec.in_flight))
        // h2load takes whole numbers with a unit ("0.5" is refused).
        .arg(format!("-D{}ms", spec.secs.as_millis()))
        .arg(format!(
            "--warm-up-time={}ms",
            spec.warmup.as_millis().max(1)
        ))
        .arg("-d")
        .arg(&body_path)
        .args(["-H", "content-type: application/grpc-web+proto"])
        .args(["-H", "x-grpc-web: 1"])
        .args(["-H", &format!("cache: {CACHE}")])
        .arg(format!("--log-file={}", log_path.display()))
        .arg(format!(
            "http://127.0.0.1:{}/cache_client.Scs/Get",
            spec.port
        ))
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let started = Instant::now();
    let child = command
        .spawn()
        .map_err(|e| format!("starting {}: {e}", spec.h2load))?;
    let pid = child.id();
    // CPU over the measured window: sample h2load's /proc/PID/stat at both ends of it.
    std::thread::sleep(spec.warmup);
    let cpu_start = sys::pid_cpu_split(pid).unwrap_or_default();
    std::thread::sleep(spec.secs.saturating_sub(Duration::from_millis(20)));
    let cpu_end = sys::pid_cpu_split(pid).unwrap_or(cpu_start);
    let output = wait_bounded(child, spec.warmup + spec.secs + Duration::from_secs(30))?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() {
        return Err(format!(
            "h2load failed ({}): {}{}",
            output.status,
            stdout,
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    let summary = Summary::parse(&stdout).ok_or_else(|| {
        format!(
            "unexpected h2load output after {:?}:\n{stdout}",
            started.elapsed()
        )
    })?;
    let mut histogram =
        Histogram::<u64>::new_with_bounds(1, 60_000_000, 3).map_err(|e| e.to_string())?;
    let log = std::fs::read_to_string(&log_path).unwrap_or_default();
    for line in log.lines() {
        // start (µs since epoch) \t HTTP status \t µs until the end of the response
        let mut fields = line.split('\t').skip(2);
        if let Some(us) = fields.next().and_then(|m| m.trim().parse::<u64>().ok()) {
            let _ = histogram.record(us.clamp(1, 60_000_000));
        }
    }
    let us = |q: f64| histogram.value_at_quantile(q) as f64;
    let secs = spec.secs.as_secs_f64();
    Ok(Point {
        series: spec.series,
        runner: Runner::H2load,
        mix: Mix::GetOnly,
        value_size: spec.value_size,
        in_flight: spec.in_flight,
        cap: None,
        repeat: spec.repeat,
        secs,
        ops: summary.succeeded,
        // h2load counts errored requests among the failed ones.
        errors: summary.failed,
        ops_per_s: summary.req_per_s,
        p50_us: us(0.5),
        p90_us: us(0.9),
        p99_us: us(0.99),
        p999_us: us(0.999),
        max_us: histogram.max() as f64,
        client_cpu_s: (cpu_end.0 + cpu_end.1) - (cpu_start.0 + cpu_start.1),
        client_sys_s: cpu_end.1 - cpu_start.1,
        server_cpu_s: 0.0,
        server_max_in_flight: None,
        client_rss_kib: None,
        renderer_cpu_s: None,
        browser_cpu_s: None,
    })
}

/// Waits for a child at most `limit`, killing it (by its own pid) past that.
pub fn wait_bounded(
    mut child: std::process::Child,
    limit: Duration,
) -> Result<std::process::Output, String> {
    let deadline = Instant::now() + limit;
    loop {
        match child.try_wait() {
            Ok(Some(_)) => return child.wait_with_output().map_err(|e| e.to_string()),
            Ok(None) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(20));
            }
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("still running after {limit:?}; killed"));
            }
            Err(e) => return Err(e.to_string()),
        }
    }
}

/// The figures of h2load's closing summary.
#[derive(Debug, PartialEq)]
struct Summary {
    req_per_s: f64,
    succeeded: u64,
    failed: u64,
}

impl Summary {
    /// Reads `finished in 3.00s, 45123.00 req/s, ...` and
    /// `requests: T total, S started, D done, OK succeeded, F failed, E errored, 0 timeout`.
    fn parse(stdout: &str) -> Option<Summary> {
        let finished = stdout.lines().find(|l| l.starts_with("finished in"))?;
        let req_per_s = finished
            .split(", ")
            .find(|p| p.ends_with(" req/s"))?
            .trim_end_matches(" req/s")
            .parse()
            .ok()?;
        let requests = stdout.lines().find(|l| l.starts_with("requests:"))?;
        let count = |name: &str| -> Option<u64> {
            requests
                .trim_start_matches("requests:")
                .split(',')
                .map(str::trim)
                .find(|p| p.ends_with(name))?
                .split_whitespace()
                .next()?
                .parse()
                .ok()
        };
        Some(Summary {
            req_per_s,
            succeeded: count(" succeeded")?,
            failed: count(" failed")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_is_a_grpc_frame_around_the_get_request() {
        let body = get_request_body(100);
        // field 1, length-delimited, "k100-0"
        assert_eq!(&body[..5], &[0, 0, 0, 0, 8]);
        assert_eq!(&body[5..], b"\x0a\x06k100-0");
    }

    #[test]
    fn parses_the_summary() {
        let out = "finished in 3.00s, 45123.50 req/s, 5.00MB/s\n\
                   requests: 135370 total, 135420 started, 135370 done, 135360 succeeded, 10 failed, 0 errored, 0 timeout\n";
        assert_eq!(
            Summary::parse(out),
            Some(Summary {
                req_per_s: 45123.5,
                succeeded: 135360,
                failed: 10,
            })
        );
    }
}
