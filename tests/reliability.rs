//! The native fault matrix: a slow, failing, dropping or restarting server must give every
//! call a prompt, typed answer, and no write may be reported stored that was not.
//! Each test prints its measured figures (run with `--nocapture`) for docs/reliability.md.

mod common;

use std::cell::{Cell, RefCell};
use std::time::Duration;

use edgecache::{CacheResult, ErrorCode};
use edgecache_server::FaultConfig;
use futures_util::future::join_all;
use web_time::Instant;

/// How late a call may settle after its deadline: timers, the event loop and the glue. Every
/// timing check in the project holds to it.
const SETTLE_SLACK: Duration = Duration::from_millis(25);

/// These tests measure timing; running them one at a time keeps one test's load from
/// delaying another's timers.
async fn one_at_a_time() -> tokio::sync::MutexGuard<'static, ()> {
    static LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());
    LOCK.lock().await
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
    Set,
    Increment,
}

/// Awaits a call and how long it took from its first poll (when a native call starts its
/// deadline); keeps only whether it succeeded.
async fn timed<T>(call: impl Future<Output = CacheResult<T>>) -> (CacheResult<()>, Duration) {
    let started = Instant::now();
    let result = call.await.map(drop);
    (result, started.elapsed())
}

#[tokio::test(flavor = "current_thread")]
async fn latency_with_jitter_never_exceeds_the_deadline() {
    let _serial = one_at_a_time().await;
    let server = common::server();
    let deadline = Duration::from_millis(200);
    let client = common::client_with(&server, common::config(deadline, 50));
    let cache = common::fresh_cache(&client, "latency").await;
    // Most calls finish; the jitter pushes some past the deadline.
    server
        .faults()
        .set(FaultConfig::none().with_latency(20, 250))
        .unwrap();
    let calls = (0..500).map(|i| {
        let client = client.clone();
        let cache = cache.clone();
        async move {
            let started = Instant::now();
            let result = client.get(&cache, format!("k{i}")).await;
            (result, started.elapsed())
        }
    });
    let results = join_all(calls).await;
    let mut times: Vec<Duration> = results.iter().map(|(_, t)| *t).collect();
    times.sort();
    let timeouts = results
        .iter()
        .filter(|(r, _)| {
            r.as_ref()
                .is_err_and(|e| e.error_code == ErrorCode::TimeoutError)
        })
        .count();
    let ok = results.iter().filter(|(r, _)| r.is_ok()).count();
    assert_eq!(
        ok + timeouts,
        500,
        "every call either succeeds or times out"
    );
    assert!(
        ok > 0 && timeouts > 0,
        "the jitter should straddle the deadline: {ok} ok, {timeouts} timeouts"
    );
    let max = *times.last().unwrap();
    assert!(max < deadline + SETTLE_SLACK, "slowest call took {max:?}");
    println!(
        "latency 20 ms + jitter 0-250 ms, deadline 200 ms, 500 calls: {ok} ok, {timeouts} timeouts, p50 {:?}, p99.9 {:?}, max {max:?}",
        percentile(&times, 0.5),
        percentile(&times, 0.999)
    );
}

#[tokio::test(flavor = "current_thread")]
async fn error_bursts_retry_only_idempotent_calls_within_the_deadline() {
    let _serial = one_at_a_time().await;
    let server = common::server();
    // Each try takes 40 ms, so three fit in the 150 ms deadline and a fourth cannot: a set
    // whose first three tries fail must time out at its deadline rather than retry past it.
    let deadline = Duration::from_millis(150);
    let latency_ms = 40;
    let client = common::client_with(&server, common::config(deadline, 100));
    let cache = common::fresh_cache(&client, "bursts").await;
    server
        .faults()
        .set(
            FaultConfig::none()
                .with_latency(latency_ms, 0)
                .with_errors(30.0, 14),
        )
        .unwrap();
    server.reset_stats();
    let n = 300;
    // Rounds of a set and an increment, 25 rounds at a time: enough to overlap, few enough
    // that no call waits for the cap.
    let mut outcomes = Vec::with_capacity(2 * n);
    for batch in (0..n).collect::<Vec<_>>().chunks(25) {
        let calls = batch.iter().flat_map(|&i| {
            let set = timed(client.set(&cache, format!("k{i}"), "v"));
            let increment = timed(client.increment(&cache, "counter", 1));
            [
                futures_util::future::Either::Left(async move { (Op::Set, set.await) }),
                futures_util::future::Either::Right(
                    async move { (Op::Increment, increment.await) },
                ),
            ]
        });
        outcomes.extend(join_all(calls).await);
    }
    server.faults().clear();
    let stats = server.stats();
    let set_requests = stats.requests("/cache_client.Scs/Set");
    let incr_requests = stats.requests("/cache_client.Scs/Increment");

    let count = |op: Op, code: Option<ErrorCode>| {
        outcomes
            .iter()
            .filter(|(o, (r, _))| *o == op && r.as_ref().err().map(|e| e.error_code) == code)
            .count()
    };
    let set_ok = count(Op::Set, None);
    let set_timeouts = count(Op::Set, Some(ErrorCode::TimeoutError));
    let incr_ok = count(Op::Increment, None) as u64;
    let incr_failed = count(Op::Increment, Some(ErrorCode::ServerUnavailable));
    let incr_timeouts = count(Op::Increment, Some(ErrorCode::TimeoutError)) as u64;
    for (op, (result, elapsed)) in &outcomes {
        // Within the deadline: no call, retried or not, settles after it (the 25 ms is the
        // allowance for timers and scheduling every timing check in the project uses).
        assert!(
            *elapsed < deadline + SETTLE_SLACK,
            "a {op:?} settled after {elapsed:?}, past its {deadline:?} deadline: {result:?}"
        );
        match (op, result) {
            (_, Ok(())) => {}
            // A timeout is the deadline firing, never an early give-up.
            (_, Err(e)) if e.error_code == ErrorCode::TimeoutError => assert!(
                *elapsed >= deadline,
                "a {op:?} timed out after {elapsed:?}, before its {deadline:?} deadline"
            ),
            // Four tries cannot fit in the deadline, so a set never runs out of retries.
            (Op::Set, Err(e)) => panic!("a set failed with {e} after {elapsed:?}"),
            (Op::Increment, Err(e)) => {
                assert_eq!(e.error_code, ErrorCode::ServerUnavailable, "{e}")
            }
        }
    }
    // Sets retry: more requests than calls, and at most four per call.
    assert!(
        set_requests > n as u64 && set_requests <= 4 * n as u64,
        "{set_requests} set requests for {n} calls"
    );
    // A set times out only when its first three tries fail (2.7 %, about 8 of 300).
    assert!(set_ok >= n - 30, "{set_ok} of {n} sets succeeded");
    assert!(
        set_ok + set_timeouts == n,
        "every set succeeds or reaches its deadline"
    );
    // Increments never retry: exactly one request per call.
    assert_eq!(incr_requests, n as u64);
    // The counter holds exactly the increments that reported success: none was applied twice.
    // An increment that timed out (only on a badly overloaded machine: it needs 40 ms of its
    // 150) may or may not have been applied.
    let stored = client.get(&cache, "counter").await.unwrap();
    let stored: u64 = stored.value().unwrap().as_str().unwrap().parse().unwrap();
    assert!(
        (incr_ok..=incr_ok + incr_timeouts).contains(&stored),
        "counter {stored}, {incr_ok} increments reported applied, {incr_timeouts} timed out"
    );
    let slowest = outcomes.iter().map(|(_, (_, t))| *t).max().unwrap();
    println!(
        "30% UNAVAILABLE after {latency_ms} ms, deadline {deadline:?}, {n} sets + {n} increments: sets {set_ok} ok / {set_timeouts} timed out using {set_requests} requests (retried); increments {incr_ok} ok / {incr_failed} failed / {incr_timeouts} timed out using {incr_requests} requests (never retried); counter = {stored}; slowest call {slowest:?}"
    );
}

#[tokio::test(flavor = "current_thread")]
async fn dropped_connections_lose_no_reported_write() {
    let _serial = one_at_a_time().await;
    let server = common::server();
    let client = common::client_with(&server, common::config(Duration::from_secs(5), 20));
    let cache = common::fresh_cache(&client, "drops").await;
    server
        .faults()
        .set(FaultConfig::none().with_drop_connection_after(Some(25)))
        .unwrap();
    let calls = (0..400).map(|i| {
        let client = client.clone();
        let cache = cache.clone();
        async move {
            (
                i,
                client.set(&cache, format!("k{i}"), format!("v{i}")).await,
            )
        }
    });
    let results = join_all(calls).await;
    let reported: Vec<usize> = results
        .iter()
        .filter(|(_, r)| r.is_ok())
        .map(|(i, _)| *i)
        .collect();
    for (_, result) in &results {
        if let Err(e) = result {
            assert_eq!(e.error_code, ErrorCode::ServerUnavailable, "{e}");
        }
    }
    server.faults().clear();
    for i in &reported {
        let value = client.get(&cache, format!("k{i}")).await.unwrap();
        assert_eq!(
            value.value().unwrap().as_str().unwrap(),
            format!("v{i}"),
            "k{i} was reported stored"
        );
    }
    let connections = server.stats().connections_accepted;
    assert!(
        connections > 10,
        "the client reconnected after each drop: {connections}"
    );
    println!(
        "connection dropped every 25 requests, 400 sets (20 in flight): {} reported stored, all read back; {connections} connections",
        reported.len()
    );
}

/// One write during the restart test.
struct Outcome {
    key: String,
    result: CacheResult<()>,
    started: Instant,
    settled: Instant,
}

#[tokio::test(flavor = "current_thread")]
async fn a_killed_server_fails_calls_fast_and_is_found_again_after_its_restart() {
    let _serial = one_at_a_time().await;
    let cache = "restart";
    let mut server = common::process::ServerProcess::start(0, &[cache]).await;
    let port = server.port;
    let deadline = Duration::from_millis(500);
    let config = common::config(deadline, 20);
    let client = edgecache::CacheClient::builder()
        .default_ttl(Duration::from_secs(60))
        .configuration(config)
        .credential_provider(edgecache::CredentialProvider::local_at("127.0.0.1", port))
        .build()
        .unwrap();
    client.set(cache, "before", "v").await.unwrap();

    // Twenty writers set fresh keys until told to stop; one more task kills the server,
    // keeps its port closed for a second and starts a new process on it.
    let outcomes = RefCell::new(Vec::<Outcome>::new());
    let stop = Cell::new(false);
    let writer = |w: usize| {
        let (client, outcomes, stop) = (&client, &outcomes, &stop);
        async move {
            let mut sequence = 0;
            while !stop.get() && outcomes.borrow().len() < 200_000 {
                let key = format!("w{w}-{sequence}");
                sequence += 1;
                let started = Instant::now();
                let result = client.set(cache, &key, &key).await.map(drop);
                let failed = result.is_err();
                let settled = Instant::now();
                outcomes.borrow_mut().push(Outcome {
                    key,
                    result,
                    started,
                    settled,
                });
                // A refused call comes back at once: pace the loop while the port is closed.
                if failed {
                    tokio::time::sleep(Duration::from_millis(5)).await;
                }
            }
        }
    };
    let down_for = Duration::from_secs(1);
    let restart = async {
        tokio::time::sleep(Duration::from_millis(300)).await;
        server.kill().await;
        let killed_at = Instant::now();
        tokio::time::sleep(down_for).await;
        let spawned_at = Instant::now();
        server = common::process::ServerProcess::start(port, &[cache]).await;
        let listening_at = Instant::now();
        // Until a write started after the restart succeeds (at most 3 s), then a little more.
        let recovered_by = spawned_at + Duration::from_secs(3);
        while Instant::now() < recovered_by
            && !outcomes
                .borrow()
                .iter()
                .any(|o| o.started > spawned_at && o.result.is_ok())
        {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
        stop.set(true);
        (killed_at, spawned_at, listening_at)
    };
    let (_, (killed_at, spawned_at, listening_at)) =
        tokio::join!(join_all((0..20).map(writer)), restart);
    let outcomes = outcomes.into_inner();

    for o in &outcomes {
        if let Err(e) = &o.result {
            assert!(
                matches!(
                    e.error_code,
                    ErrorCode::ServerUnavailable | ErrorCode::TimeoutError
                ),
                "{}: {e}",
                o.key
            );
        }
    }
    // While the port is closed every call fails, and fails fast: a refused connection is
    // known at once, so a call must not wait out its 500 ms deadline. 50 ms leaves room for
    // a loaded machine and still tells the two apart tenfold.
    let fail_fast = Duration::from_millis(50);
    let while_down: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.started > killed_at && o.settled < spawned_at)
        .collect();
    assert!(
        while_down.len() >= 20,
        "only {} calls were made while the server was down",
        while_down.len()
    );
    let slowest_down = while_down
        .iter()
        .map(|o| o.settled - o.started)
        .max()
        .unwrap();
    for o in &while_down {
        let took = o.settled - o.started;
        let code = o.result.as_ref().map_err(|e| e.error_code);
        assert_eq!(
            code,
            Err(ErrorCode::ServerUnavailable),
            "{} while the server was down",
            o.key
        );
        assert!(
            took < fail_fast,
            "{} took {took:?} to fail while the server was down",
            o.key
        );
    }
    // The client finds the new process by itself.
    let after: Vec<&Outcome> = outcomes
        .iter()
        .filter(|o| o.started > spawned_at && o.result.is_ok())
        .collect();
    let first_success = after
        .iter()
        .map(|o| o.settled - spawned_at)
        .min()
        .expect("a call succeeded after the restart");
    assert!(
        first_success < Duration::from_secs(1),
        "first success {first_success:?} after the restart"
    );
    // The new process holds only what was written to it: every write reported after the
    // restart reads back.
    for o in &after {
        let read = client.get(cache, &o.key).await.unwrap();
        assert_eq!(read.value().unwrap().as_str().unwrap(), o.key);
    }
    println!(
        "server killed (SIGKILL) and restarted on the same port: {} calls; down {:?}, {} failed while down, all SERVER_UNAVAILABLE, slowest in {slowest_down:?}; first success {first_success:?} after the new process started ({:?} after it listened); {} writes after the restart, all read back",
        outcomes.len(),
        spawned_at - killed_at,
        while_down.len(),
        first_success.saturating_sub(listening_at - spawned_at),
        after.len()
    );
}

#[tokio::test(flavor = "current_thread")]
async fn the_cap_holds_for_a_hundred_thousand_requests() {
    let _serial = one_at_a_time().await;
    let server = common::server();
    let cap = 50;
    let client = common::client_with(&server, common::config(Duration::from_secs(30), cap));
    let cache = common::fresh_cache(&client, "cap-load").await;
    client.set(&cache, "k", "v").await.unwrap();
    server.reset_stats();
    let started = Instant::now();
    // 1,000 callers at once, 100 requests each.
    let callers = (0..1000).map(|_| {
        let client = client.clone();
        let cache = cache.clone();
        async move {
            for _ in 0..100 {
                client.get(&cache, "k").await.unwrap();
            }
        }
    });
    join_all(callers).await;
    let stats = server.stats();
    assert_eq!(stats.requests("/cache_client.Scs/Get"), 100_000);
    assert!(
        stats.max_in_flight <= cap as u64,
        "server saw {} in flight",
        stats.max_in_flight
    );
    println!(
        "1,000 callers x 100 gets, cap {cap}: server max in flight {}, {} connection(s) open, {:.1} s",
        stats.max_in_flight,
        stats.connections_open,
        started.elapsed().as_secs_f64()
    );
}
