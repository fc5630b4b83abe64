//! The preset configurations, one type per environment. `v1()` is frozen: its values never
//! change, so a deployment pinned to it behaves the same across upgrades. `latest()` carries
//! the currently recommended values and may move between releases.
//!
//! Deadlines match the native Momento SDKs (Laptop 15 s, InRegion 1.1 s, LowLatency 0.5 s,
//! Lambda 1.1 s) and the web SDK (Browser 5 s). Caps come from published tuning of
//! single-event-loop clients: 100 is one HTTP/2 connection's stream limit; 5 in flight kept
//! p99.9 under 5 ms; 6 is Cloudflare Workers' limit on simultaneous outgoing connections.
//!
//! Topic subscriptions: each preset allows as many open at once as its in-flight cap, for the
//! same reasons (a subscription holds one HTTP/2 stream, or on the edge one outgoing
//! connection); a subscription silent for 15 s (three of the usual 5 s heartbeat intervals)
//! is resumed on a new stream. A broken subscription keeps trying to resume for 60 s (twelve
//! of the longest 5 s reconnect waits, long enough to ride out a server restart or a rolling
//! deploy) before it ends with a typed error.

use std::time::Duration;

use super::{
    Configuration, DEFAULT_MAX_RESPONSE_BYTES, Framing, Keepalive, ReadConcern, RetryStrategy,
};

const KEEPALIVE: Keepalive = Keepalive {
    interval: Duration::from_secs(5),
    timeout: Duration::from_secs(1),
};

const SILENCE_LIMIT: Duration = Duration::from_secs(15);

const RESUME_LIMIT: Duration = Duration::from_secs(60);

const fn preset(
    timeout: Duration,
    max_concurrent_requests: usize,
    keepalive: Option<Keepalive>,
) -> Configuration {
    Configuration {
        timeout,
        max_concurrent_requests,
        retry_strategy: RetryStrategy::default_fixed_count(),
        keepalive,
        framing: Framing::Binary,
        max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
        root_certificates: Vec::new(),
        read_concern: ReadConcern::Balanced,
        max_concurrent_subscriptions: max_concurrent_requests,
        subscription_silence_limit: SILENCE_LIMIT,
        request_coalescing: false,
        subscription_resume_limit: RESUME_LIMIT,
    }
}

macro_rules! presets {
    ($($(#[$doc:meta])* $name:ident => $v1:expr;)*) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug)]
        pub struct $name;

        impl $name {
            /// The frozen first version of this preset. Its values never change.
            pub fn v1() -> Configuration {
                $v1
            }

            /// The currently recommended values for this preset. They may change between
            /// releases; pin [`Self::v1`] to avoid that.
            pub fn latest() -> Configuration {
                Self::v1()
            }
        }
    )*};
}

presets! {
    /// A development machine talking to a distant region: a generous 15 s deadline.
    Laptop => preset(Duration::from_secs(15), 100, Some(KEEPALIVE));
    /// A service in the same region as the cache: 1.1 s deadline, up to 100 in flight.
    InRegion => preset(Duration::from_millis(1100), 100, Some(KEEPALIVE));
    /// Latency first: 0.5 s deadline and only 5 in flight, which kept p99.9 under 5 ms.
    LowLatency => preset(Duration::from_millis(500), 5, Some(KEEPALIVE));
    /// AWS Lambda: 1.1 s deadline and no keepalive, since a frozen function cannot answer pings.
    Lambda => preset(Duration::from_millis(1100), 100, None);
    /// Browsers: the web SDK's 5 s deadline; the browser owns connections and keepalive.
    Browser => preset(Duration::from_secs(5), 100, None);
    /// Edge workers such as Cloudflare Workers: 1.1 s deadline and at most 6 in flight, the
    /// platform's limit on simultaneous outgoing connections.
    Edge => preset(Duration::from_millis(1100), 6, None);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(ms: u64) -> Duration {
        Duration::from_millis(ms)
    }

    #[test]
    fn every_preset_has_its_documented_values() {
        // (name, v1, deadline, cap, keepalive)
        let presets = [
            ("Laptop", Laptop::v1(), ms(15_000), 100, true),
            ("InRegion", InRegion::v1(), ms(1_100), 100, true),
            ("LowLatency", LowLatency::v1(), ms(500), 5, true),
            ("Lambda", Lambda::v1(), ms(1_100), 100, false),
            ("Browser", Browser::v1(), ms(5_000), 100, false),
            ("Edge", Edge::v1(), ms(1_100), 6, false),
        ];
        for (name, config, deadline, cap, keepalive) in presets {
            assert_eq!(config.timeout(), deadline, "{name} deadline");
            assert_eq!(config.max_concurrent_requests(), cap, "{name} cap");
            assert_eq!(config.keepalive().is_some(), keepalive, "{name} keepalive");
            assert_eq!(
                config.retry_strategy(),
                &RetryStrategy::default_fixed_count(),
                "{name} retries"
            );
            assert_eq!(config.framing(), Framing::Binary, "{name} framing");
            assert!(config.to_builder().build().is_ok(), "{name} validates");
            assert_eq!(
                config.max_concurrent_subscriptions(),
                cap,
                "{name} subscriptions"
            );
            assert_eq!(config.subscription_silence_limit(), ms(15_000), "{name}");
            assert_eq!(config.subscription_resume_limit(), ms(60_000), "{name}");
        }
        assert_eq!(Laptop::v1().keepalive(), Some(KEEPALIVE));
    }

    #[test]
    fn edge_never_exceeds_the_workers_connection_limit() {
        assert!(Edge::latest().max_concurrent_requests() <= 6);
    }

    #[test]
    fn latest_currently_equals_v1() {
        assert_eq!(Laptop::latest(), Laptop::v1());
        assert_eq!(InRegion::latest(), InRegion::v1());
        assert_eq!(LowLatency::latest(), LowLatency::v1());
        assert_eq!(Lambda::latest(), Lambda::v1());
        assert_eq!(Browser::latest(), Browser::v1());
        assert_eq!(Edge::latest(), Edge::v1());
    }
}
