//! The load generator that runs inside a child process pinned to one core: N workers looping
//! on one `current_thread` tokio event loop, each timing its own calls into one shared
//! HDR histogram. Workers are plain `tokio::spawn` tasks, as an application would spawn them,
//! so they share one run queue with the clients' own connection tasks. (Shared state uses
//! atomics and an uncontended mutex: there is only one thread.)

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use hdrhistogram::Histogram;

use crate::model::{MemoryCheck, Mix, Point, Runner, Series};
use crate::sys;

/// The cache every runner uses; the server creates it at start (`--cache bench`).
pub const CACHE: &str = "bench";
/// Longest latency the histogram holds: 60 s in nanoseconds.
const MAX_NS: u64 = 60_000_000_000;

/// The key every runner reads, `k<size>-<i>`; h2load replays `key(size, 0)`.
pub fn key(value_size: usize, i: usize) -> String {
    format!("k{value_size}-{i}")
}

/// Distinct keys per value size (all pre-populated before measuring).
pub fn key_count(value_size: usize) -> usize {
    if value_size >= 64 * 1024 { 100 } else { 1000 }
}

/// A client under test. Each runner's worker loop is compiled for its own client type, so
/// a worker holds only that client's futures (an enum of both would make every worker future
/// as large as the largest one and add copies to both sides).
trait Client: Send + Sync + 'static {
    /// A get that must hit.
    fn get(&self, key: &str) -> impl Future<Output = Result<(), String>> + Send;
    fn set(&self, key: &str, value: Vec<u8>) -> impl Future<Output = Result<(), String>> + Send;
}

/// A v2-shaped API key (`t: "g"` claim) that the momento crate accepts. The local server
/// runs without `--api-key`, so the key is never checked.
const MOMENTO_FAKE_KEY: &str = "eyJhbGciOiJub25lIn0.eyJ0IjoiZyJ9.bG9jYWw";

const TTL: Duration = Duration::from_secs(3600);

/// This repository's SDK with Laptop's 15 s deadline (the same as the momento crate's Laptop
/// below), so slow points show up as latency rather than timeouts; `cap` is under test.
fn edgecache_client(port: u16, cap: usize) -> Result<edgecache::CacheClient, String> {
    let configuration = edgecache::configurations::Laptop::latest()
        .to_builder()
        .max_concurrent_requests(cap)
        .build()
        .map_err(|e| e.to_string())?;
    edgecache::CacheClient::builder()
        .default_ttl(TTL)
        .configuration(configuration)
        .credential_provider(edgecache::CredentialProvider::local_at("127.0.0.1", port))
        .build()
        .map_err(|e| e.to_string())
}

/// The momento crate over h2c. Must be built inside the runtime (tonic spawns a task).
fn momento_client(port: u16) -> Result<momento::CacheClient, String> {
    let credentials = momento::CredentialProvider::from_api_key_v2(MOMENTO_FAKE_KEY, "localhost")
        .map_err(|e| e.to_string())?
        .insecure_endpoint_override(&format!("http://127.0.0.1:{port}"));
    momento::CacheClient::builder()
        .default_ttl(TTL)
        .configuration(momento::cache::configurations::Laptop::latest())
        .credential_provider(credentials)
        .build()
        .map_err(|e| e.to_string())
}

impl Client for edgecache::CacheClient {
    async fn get(&self, key: &str) -> Result<(), String> {
        match edgecache::CacheClient::get(self, CACHE, key).await {
            Ok(edgecache::cache::GetResponse::Hit { .. }) => Ok(()),
            Ok(edgecache::cache::GetResponse::Miss) => Err(format!("miss on {key}")),
            Err(e) => Err(e.to_string()),
        }
    }

    async fn set(&self, key: &str, value: Vec<u8>) -> Result<(), String> {
        edgecache::CacheClient::set(self, CACHE, key, value)
            .await
            .map(drop)
            .map_err(|e| e.to_string())
    }
}

impl Client for momento::CacheClient {
    async fn get(&self, key: &str) -> Result<(), String> {
        match momento::CacheClient::get(self, CACHE, key).await {
            Ok(momento::cache::GetResponse::Hit { .. }) => Ok(()),
            Ok(momento::cache::GetResponse::Miss) => Err(format!("miss on {key}")),
            Err(e) => Err(e.to_string()),
        }
    }

    async fn set(&self, key: &str, value: Vec<u8>) -> Result<(), String> {
        momento::CacheClient::set(self, CACHE, key, value)
            .await
            .map(drop)
            .map_err(|e| e.to_string())
    }
}

/// xorshift64*: a few instructions per draw, deterministic per worker.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

/// The key set, value and client every worker shares.
struct Workload<C> {
    client: C,
    keys: Vec<String>,
    value: Vec<u8>,
    mix: Mix,
}

impl<C: Client> Workload<C> {
    /// One operation drawn from the mix.
    async fn one(&self, rng: &mut Rng) -> Result<(), String> {
        let r = rng.next();
        let key = &self.keys[(r % self.keys.len() as u64) as usize];
        if self.mix == Mix::GetSet && (r >> 40) % 100 < 20 {
            self.client.set(key, self.value.clone()).await
        } else {
            self.client.get(key).await
        }
    }

    /// Writes every key once, 64 at a time, so every get is a hit.
    async fn populate(self: &Arc<Self>) -> Result<(), String> {
        let lanes = 64.min(self.keys.len());
        let mut handles = Vec::with_capacity(lanes);
        for lane in 0..lanes {
            let work = Arc::clone(self);
            handles.push(tokio::spawn(async move {
                for key in work.keys.iter().skip(lane).step_by(lanes) {
                    work.client.set(key, work.value.clone()).await?;
                }
                Ok::<(), String>(())
            }));
        }
        for handle in handles {
            handle.await.map_err(|e| e.to_string())??;
        }
        Ok(())
    }
}

/// What the workers of one point share.
struct Window {
    measure_from: Instant,
    end: Instant,
    histogram: Mutex<Histogram<u64>>,
    ops: AtomicU64,
    errors: AtomicU64,
    first_error: Mutex<Option<String>>,
}

/// Parameters of one point, as the orchestrator passes them on the command line.
#[derive(Clone, Debug)]
pub struct PointSpec {
    pub series: Series,
    pub runner: Runner,
    pub mix: Mix,
    pub value_size: usize,
    pub in_flight: usize,
    pub cap: Option<usize>,
    pub repeat: usize,
    pub warmup: Duration,
    pub secs: Duration,
}

/// Locks a mutex that is never contended (one thread) and never poisoned in practice.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a current_thread runtime")
}

fn new_histogram() -> Histogram<u64> {
    Histogram::new_with_bounds(1, MAX_NS, 3).expect("valid histogram bounds")
}

async fn workload<C: Client>(
    client: C,
    mix: Mix,
    value_size: usize,
) -> Result<Arc<Workload<C>>, String> {
    let keys = (0..key_count(value_size))
        .map(|i| key(value_size, i))
        .collect();
    let value = (0..value_size).map(|i| b'a' + (i % 26) as u8).collect();
    let work = Arc::new(Workload {
        client,
        keys,
        value,
        mix,
    });
    work.populate().await?;
    Ok(work)
}

/// Runs one point in this process (meant to be pinned to one core) and returns its figures.
pub fn run_point(spec: &PointSpec, port: u16) -> Result<Point, String> {
    let cap = spec.cap.unwrap_or(spec.in_flight.max(1));
    runtime().block_on(async {
        match spec.runner {
            Runner::Edgecache => point_inner(spec, cap, edgecache_client(port, cap)?).await,
            Runner::Momento => point_inner(spec, cap, momento_client(port)?).await,
            other => Err(format!("{} is not an in-process client", other.label())),
        }
    })
}

async fn point_inner<C: Client>(spec: &PointSpec, cap: usize, client: C) -> Result<Point, String> {
    let work = workload(client, spec.mix, spec.value_size).await?;
    let start = Instant::now();
    let window = Arc::new(Window {
        measure_from: start + spec.warmup,
        end: start + spec.warmup + spec.secs,
        histogram: Mutex::new(new_histogram()),
        ops: AtomicU64::new(0),
        errors: AtomicU64::new(0),
        first_error: Mutex::new(None),
    });
    let mut handles = Vec::with_capacity(spec.in_flight);
    for id in 0..spec.in_flight {
        let (work, window) = (Arc::clone(&work), Arc::clone(&window));
        handles.push(tokio::spawn(async move {
            let mut rng = Rng::new(id as u64 + 1);
            loop {
                let t0 = Instant::now();
                if t0 >= window.end {
                    break;
                }
                let result = work.one(&mut rng).await;
                let t1 = Instant::now();
                // A failed call is an error, not an operation: a client whose calls all fail
                // shows zero throughput, not the speed of its failures.
                if t1 >= window.measure_from && t1 <= window.end {
                    match result {
                        Ok(()) => {
                            window.ops.fetch_add(1, Relaxed);
                            let ns = (t1 - t0).as_nanos().clamp(1, MAX_NS as u128) as u64;
                            let _ = lock(&window.histogram).record(ns);
                        }
                        Err(e) => {
                            window.errors.fetch_add(1, Relaxed);
                            lock(&window.first_error).get_or_insert(e);
                        }
                    }
                }
            }
        }));
    }
    tokio::time::sleep_until(window.measure_from.into()).await;
    println!("{}", crate::run::WINDOW_START);
    let cpu_start = sys::self_cpu_seconds();
    tokio::time::sleep_until(window.end.into()).await;
    let cpu_end = sys::self_cpu_seconds();
    println!("{}", crate::run::WINDOW_END);
    for handle in handles {
        handle.await.map_err(|e| e.to_string())?;
    }
    if let Some(error) = lock(&window.first_error).as_ref() {
        eprintln!(
            "  {} errors in the window; first: {error}",
            window.errors.load(Relaxed)
        );
    }
    let histogram = lock(&window.histogram);
    let us = |q: f64| histogram.value_at_quantile(q) as f64 / 1e3;
    let secs = spec.secs.as_secs_f64();
    let ops = window.ops.load(Relaxed);
    Ok(Point {
        series: spec.series,
        runner: spec.runner,
        mix: spec.mix,
        value_size: spec.value_size,
        in_flight: spec.in_flight,
        cap: match spec.runner {
            Runner::Edgecache => Some(cap),
            _ => None,
        },
        repeat: spec.repeat,
        secs,
        ops,
        errors: window.errors.load(Relaxed),
        ops_per_s: ops as f64 / secs,
        p50_us: us(0.5),
        p90_us: us(0.9),
        p99_us: us(0.99),
        p999_us: us(0.999),
        max_us: histogram.max() as f64 / 1e3,
        client_cpu_s: (cpu_end.0 + cpu_end.1) - (cpu_start.0 + cpu_start.1),
        client_sys_s: cpu_end.1 - cpu_start.1,
        server_cpu_s: 0.0,
        server_max_in_flight: None,
        client_rss_kib: Some(sys::rss_kib()),
        renderer_cpu_s: None,
        browser_cpu_s: None,
    })
}

/// Parameters of the memory check.
#[derive(Clone, Debug)]
pub struct MemorySpec {
    pub runner: Runner,
    pub in_flight: usize,
    pub warmup_ops: u64,
    pub ops: u64,
    /// Hard bound on the whole check.
    pub max_time: Duration,
}

/// Runs `warmup_ops`, notes RSS, runs `ops` more sampling RSS every tenth, and reports growth.
pub fn run_memory(spec: &MemorySpec, port: u16) -> Result<MemoryCheck, String> {
    runtime().block_on(async {
        match spec.runner {
            Runner::Edgecache => memory_inner(spec, edgecache_client(port, spec.in_flight)?).await,
            Runner::Momento => memory_inner(spec, momento_client(port)?).await,
            other => Err(format!("{} is not an in-process client", other.label())),
        }
    })
}

async fn memory_inner<C: Client>(spec: &MemorySpec, client: C) -> Result<MemoryCheck, String> {
    struct State {
        issued: AtomicU64,
        completed: AtomicU64,
        errors: AtomicU64,
        measured_from: Mutex<Option<Instant>>,
        samples: Mutex<Vec<(u64, u64)>>,
        rss_after_warmup: AtomicU64,
    }
    let work = workload(client, Mix::GetSet, 100).await?;
    let total = spec.warmup_ops + spec.ops;
    let every = (spec.ops / 10).max(1);
    let hard_end = Instant::now() + spec.max_time;
    let state = Arc::new(State {
        issued: AtomicU64::new(0),
        completed: AtomicU64::new(0),
        errors: AtomicU64::new(0),
        measured_from: Mutex::new(None),
        samples: Mutex::new(Vec::new()),
        rss_after_warmup: AtomicU64::new(0),
    });
    let warmup_ops = spec.warmup_ops;
    let mut handles = Vec::new();
    for id in 0..spec.in_flight {
        let (work, state) = (Arc::clone(&work), Arc::clone(&state));
        handles.push(tokio::spawn(async move {
            let mut rng = Rng::new(id as u64 + 1);
            while state.issued.fetch_add(1, Relaxed) < total && Instant::now() < hard_end {
                if work.one(&mut rng).await.is_err() {
                    state.errors.fetch_add(1, Relaxed);
                }
                let done = state.completed.fetch_add(1, Relaxed) + 1;
                if done == warmup_ops {
                    state.rss_after_warmup.store(sys::rss_kib(), Relaxed);
                    *lock(&state.measured_from) = Some(Instant::now());
                    lock(&state.samples).push((0, sys::rss_kib()));
                } else if done > warmup_ops && (done - warmup_ops).is_multiple_of(every) {
                    lock(&state.samples).push((done - warmup_ops, sys::rss_kib()));
                }
            }
        }));
    }
    for handle in handles {
        handle.await.map_err(|e| e.to_string())?;
    }
    let completed = state.completed.load(Relaxed);
    if completed < total {
        return Err(format!(
            "only {completed} of {total} operations finished within {:?}",
            spec.max_time
        ));
    }
    let errors = state.errors.load(Relaxed);
    if errors > 0 {
        eprintln!("  memory check: {errors} operations failed");
    }
    let secs = lock(&state.measured_from).map_or(0.0, |t| t.elapsed().as_secs_f64());
    let after = state.rss_after_warmup.load(Relaxed);
    let end = sys::rss_kib();
    Ok(MemoryCheck {
        runner: spec.runner,
        in_flight: spec.in_flight,
        warmup_ops: spec.warmup_ops,
        ops: spec.ops,
        secs,
        samples: lock(&state.samples).clone(),
        rss_after_warmup_kib: after,
        rss_end_kib: end,
        growth_percent: if after == 0 {
            0.0
        } else {
            (end as f64 - after as f64) * 100.0 / after as f64
        },
        wasm_samples: Vec::new(),
        wasm_after_warmup_bytes: None,
        wasm_end_bytes: None,
        wasm_growth_percent: None,
        errors,
    })
}
