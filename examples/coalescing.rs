//! Request coalescing: turn it on with `ConfigurationBuilder::request_coalescing(true)`, and
//! see what it saves on a workload with repeated keys.
//!
//! `cargo run --release --example coalescing -- [--repeats 5] [--secs 2] [--in-flight 50]
//! [--write-percent 0]` starts an embedded edgecache-server on a loopback port and runs the
//! same Zipf-distributed load (1,000 keys, exponent 1) through two clients, coalescing on and
//! off, in interleaved repeats. Per repeat it prints calls/s, the requests the server
//! received and the client thread's CPU per call; at the end the median and range of each.
//! The Node twin is `scripts/coalescing-zipf.mjs`.

use std::cell::Cell;
use std::time::Duration;

use edgecache::configurations::Laptop;
use edgecache::{CacheClient, CredentialProvider};
use futures_util::future::join_all;
use web_time::Instant;

const CACHE: &str = "zipf";
const KEYS: usize = 1000;

struct Options {
    repeats: usize,
    secs: f64,
    in_flight: usize,
    write_percent: u32,
}

fn options() -> Result<Options, String> {
    let mut o = Options {
        repeats: 5,
        secs: 2.0,
        in_flight: 50,
        write_percent: 0,
    };
    let args: Vec<String> = std::env::args().skip(1).collect();
    for pair in args.chunks(2) {
        let value = pair.get(1).ok_or(format!("{} needs a value", pair[0]))?;
        let bad = || format!("{}: not a number: {value}", pair[0]);
        match pair[0].as_str() {
            "--repeats" => o.repeats = value.parse().map_err(|_| bad())?,
            "--secs" => o.secs = value.parse().map_err(|_| bad())?,
            "--in-flight" => o.in_flight = value.parse().map_err(|_| bad())?,
            "--write-percent" => o.write_percent = value.parse().map_err(|_| bad())?,
            other => return Err(format!("unknown option {other}")),
        }
    }
    Ok(o)
}

/// Zipf(1) over `KEYS` keys by inverse CDF: a table of cumulative weights and a binary
/// search. Written out here because it is six lines, and the workload needs nothing else.
struct Zipf {
    cdf: Vec<f64>,
}

impl Zipf {
    fn new(n: usize) -> Zipf {
        let mut total = 0.0;
        let mut cdf: Vec<f64> = (1..=n)
            .map(|k| {
                total += 1.0 / k as f64;
                total
            })
            .collect();
        cdf.iter_mut().for_each(|c| *c /= total);
        Zipf { cdf }
    }

    /// The key rank (0 = most popular) for a uniform draw `u` in [0, 1).
    fn rank(&self, u: f64) -> usize {
        self.cdf.partition_point(|&c| c < u).min(self.cdf.len() - 1)
    }
}

/// xorshift64: a deterministic stream of draws per worker.
struct Draws(u64);

impl Draws {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn uniform(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

struct Figures {
    calls_per_sec: f64,
    requests: u64,
    calls: u64,
    /// CPU of the client's thread per call, in µs (Linux only; 0 elsewhere).
    cpu_us_per_call: f64,
}

/// CPU time of this thread so far, in clock ticks (utime + stime of /proc/thread-self/stat).
/// The client runs on this thread (a current-thread runtime); the embedded server on others.
fn thread_cpu_ticks() -> u64 {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap_or_default();
    let after_name = stat.rsplit(')').next().unwrap_or_default();
    let fields: Vec<&str> = after_name.split_whitespace().collect();
    let field = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<u64>().ok())
            .unwrap_or(0)
    };
    field(11) + field(12)
}

/// Clock ticks per second of /proc figures: 100 on Linux.
const TICKS_PER_SEC: f64 = 100.0;

async fn run(
    client: &CacheClient,
    server: &edgecache_server::ServerHandle,
    zipf: &Zipf,
    o: &Options,
) -> Figures {
    server.reset_stats();
    let calls = Cell::new(0u64);
    let cpu_before = thread_cpu_ticks();
    let started = Instant::now();
    let end = started + Duration::from_secs_f64(o.secs);
    let workers = (0..o.in_flight).map(|w| {
        let calls = &calls;
        async move {
            let mut draws = Draws(0x9e37_79b9_7f4a_7c15 ^ (w as u64 + 1));
            while Instant::now() < end {
                let key = format!("k{}", zipf.rank(draws.uniform()));
                if (draws.next() % 100) < u64::from(o.write_percent) {
                    client.set(CACHE, key, "v").await.expect("set succeeds");
                } else {
                    let got = client.get(CACHE, key).await.expect("get succeeds");
                    assert!(got.value().is_some(), "every key was written first");
                }
                calls.set(calls.get() + 1);
            }
        }
    });
    join_all(workers).await;
    let elapsed = started.elapsed().as_secs_f64();
    let cpu = (thread_cpu_ticks() - cpu_before) as f64 / TICKS_PER_SEC;
    let stats = server.stats();
    Figures {
        calls_per_sec: calls.get() as f64 / elapsed,
        requests: stats.requests("/cache_client.Scs/Get") + stats.requests("/cache_client.Scs/Set"),
        calls: calls.get(),
        cpu_us_per_call: cpu * 1e6 / calls.get() as f64,
    }
}

fn median_and_range(mut xs: Vec<f64>) -> (f64, f64, f64) {
    xs.sort_by(f64::total_cmp);
    (xs[xs.len() / 2], xs[0], xs[xs.len() - 1])
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let o = options()?;
    let server = edgecache_server::spawn(edgecache_server::ServerConfig::new())?;
    let credentials = CredentialProvider::local_at("127.0.0.1", server.addr().port());
    let client = |coalescing: bool| {
        let config = Laptop::latest()
            .to_builder()
            .max_concurrent_requests(o.in_flight)
            .request_coalescing(coalescing)
            .build()?;
        CacheClient::builder()
            .default_ttl(Duration::from_secs(600))
            .configuration(config)
            .credential_provider(credentials.clone())
            .build()
    };
    let (on, off) = (client(true)?, client(false)?);
    off.create_cache(CACHE).await?;
    for k in 0..KEYS {
        off.set(CACHE, format!("k{k}"), "v").await?;
    }
    let zipf = Zipf::new(KEYS);
    let mut results: [Vec<Figures>; 2] = [Vec::new(), Vec::new()];
    for repeat in 0..o.repeats {
        // Interleaved, and the order swapped every repeat, so drift in the machine's load
        // falls on both sides alike.
        let order = if repeat % 2 == 0 { [0, 1] } else { [1, 0] };
        for side in order {
            let figures = run(if side == 0 { &on } else { &off }, &server, &zipf, &o).await;
            println!(
                "repeat {repeat} coalescing {}: {:.0} calls/s, {} calls, {} requests ({:.3} per call), {:.1} µs client CPU per call",
                if side == 0 { "on " } else { "off" },
                figures.calls_per_sec,
                figures.calls,
                figures.requests,
                figures.requests as f64 / figures.calls as f64,
                figures.cpu_us_per_call
            );
            results[side].push(figures);
        }
    }
    for (side, name) in [(0, "on "), (1, "off")] {
        let rate = median_and_range(results[side].iter().map(|f| f.calls_per_sec).collect());
        let per_call = median_and_range(
            results[side]
                .iter()
                .map(|f| f.requests as f64 / f.calls as f64)
                .collect(),
        );
        let cpu = median_and_range(results[side].iter().map(|f| f.cpu_us_per_call).collect());
        println!(
            "native, {} in flight, {}% writes, coalescing {name}: calls/s median {:.0} (range {:.0}-{:.0}); requests per call median {:.3} (range {:.3}-{:.3}); client CPU per call median {:.1} µs (range {:.1}-{:.1})",
            o.in_flight,
            o.write_percent,
            rate.0,
            rate.1,
            rate.2,
            per_call.0,
            per_call.1,
            per_call.2,
            cpu.0,
            cpu.1,
            cpu.2
        );
    }
    Ok(())
}
