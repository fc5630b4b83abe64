//! How a client behaves: its deadline, in-flight cap, retries, keepalive, framing and read
//! concern.
//! Start from a preset in [`crate::configurations`] and adjust it with [`ConfigurationBuilder`].

mod presets;
mod read_concern;
mod retry;

use std::time::Duration;

pub use presets::{Browser, Edge, InRegion, Lambda, Laptop, LowLatency};
pub use read_concern::ReadConcern;
pub use retry::{FixedCountRetryStrategy, RetryStrategy};

use crate::error::CacheError;
pub use crate::grpc_web::Framing;

/// HTTP/2 keepalive pings on the native connection. The `fetch` transport ignores it: the
/// JavaScript runtime owns its connections.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Keepalive {
    /// Time between pings on an idle connection.
    pub interval: Duration,
    /// How long to wait for a ping's answer before the connection counts as dead.
    pub timeout: Duration,
}

/// A complete client configuration. Presets build these; see [`crate::configurations`].
///
/// ```
/// use std::time::Duration;
/// use edgecache::configurations::InRegion;
///
/// let config = InRegion::latest();
/// assert_eq!(config.timeout(), Duration::from_millis(1100));
///
/// let custom = config.to_builder().max_concurrent_requests(20).build().unwrap();
/// assert_eq!(custom.max_concurrent_requests(), 20);
/// ```
#[derive(Clone, Debug, PartialEq)]
pub struct Configuration {
    timeout: Duration,
    max_concurrent_requests: usize,
    retry_strategy: RetryStrategy,
    keepalive: Option<Keepalive>,
    framing: Framing,
    max_response_bytes: usize,
    root_certificates: Vec<Vec<u8>>,
    read_concern: ReadConcern,
    max_concurrent_subscriptions: usize,
    subscription_silence_limit: Duration,
    request_coalescing: bool,
    subscription_resume_limit: Duration,
}

/// The largest response body a client accepts by default: the official SDKs' 10,486,000-byte
/// message limit plus framing.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 10_486_000 + 1024;

impl Configuration {
    /// A builder starting from the [`Laptop`] preset.
    pub fn builder() -> ConfigurationBuilder {
        Laptop::latest().to_builder()
    }

    /// A builder starting from this configuration.
    pub fn to_builder(&self) -> ConfigurationBuilder {
        ConfigurationBuilder {
            config: self.clone(),
        }
    }

    /// The deadline of each call, counted from the moment it is made (time spent queued behind
    /// the in-flight cap included).
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The most calls this client has on the wire at once; further calls wait their turn in
    /// FIFO order.
    pub fn max_concurrent_requests(&self) -> usize {
        self.max_concurrent_requests
    }

    /// Which failed calls are tried again, and how often.
    pub fn retry_strategy(&self) -> &RetryStrategy {
        &self.retry_strategy
    }

    /// HTTP/2 keepalive on the native connection, if any.
    pub fn keepalive(&self) -> Option<Keepalive> {
        self.keepalive
    }

    /// Binary or text gRPC-web framing.
    pub fn framing(&self) -> Framing {
        self.framing
    }

    /// The largest response body accepted before the call fails.
    pub fn max_response_bytes(&self) -> usize {
        self.max_response_bytes
    }

    /// Extra trusted root certificates (DER) for the native TLS connection.
    pub fn root_certificates(&self) -> &[Vec<u8>] {
        &self.root_certificates
    }

    /// How fresh data-plane reads must be.
    pub fn read_concern(&self) -> ReadConcern {
        self.read_concern
    }

    /// The most topic subscriptions a [`crate::TopicClient`] (and its clones) holds open at
    /// once; one more fails with [`crate::ErrorCode::ClientResourceExhausted`]. Open
    /// subscriptions do not count against [`Self::max_concurrent_requests`] while they wait
    /// for messages.
    pub fn max_concurrent_subscriptions(&self) -> usize {
        self.max_concurrent_subscriptions
    }

    /// How long a subscription may receive nothing (not even a heartbeat) before it counts
    /// as dead and is resumed on a new stream. Servers send heartbeats every few seconds
    /// (edgecache-server: 5 s by default), so the presets allow three intervals.
    pub fn subscription_silence_limit(&self) -> Duration {
        self.subscription_silence_limit
    }

    /// Whether concurrent `get`s of the same key from this client (and its clones) share one
    /// request. Reads stay your own writes': a `get` issued after this client started any
    /// write never shares a request that began before that write. Only successful replies
    /// are shared; when the shared request fails, each waiting `get` sends its own. Off in
    /// every `v1()` preset.
    pub fn request_coalescing(&self) -> bool {
        self.request_coalescing
    }

    /// How long a broken subscription keeps trying to get a working stream back before it
    /// ends with the last failure's error (a typed [`crate::CacheError`] whose message counts
    /// the attempts). The clock starts when a stream breaks and restarts once a new stream
    /// delivers; the last attempt starts no later than this limit after the break, so the
    /// subscription ends at most one [`Self::timeout`] after it. The presets allow 60 s.
    pub fn subscription_resume_limit(&self) -> Duration {
        self.subscription_resume_limit
    }
}

/// Adjusts a [`Configuration`]; [`ConfigurationBuilder::build`] checks the values.
#[derive(Clone, Debug)]
pub struct ConfigurationBuilder {
    config: Configuration,
}

impl ConfigurationBuilder {
    /// Sets the per-call deadline.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.config.timeout = timeout;
        self
    }

    /// Sets the in-flight cap.
    pub fn max_concurrent_requests(mut self, max: usize) -> Self {
        self.config.max_concurrent_requests = max;
        self
    }

    /// Sets the retry strategy.
    pub fn retry_strategy(mut self, strategy: RetryStrategy) -> Self {
        self.config.retry_strategy = strategy;
        self
    }

    /// Sets or clears HTTP/2 keepalive.
    pub fn keepalive(mut self, keepalive: Option<Keepalive>) -> Self {
        self.config.keepalive = keepalive;
        self
    }

    /// Chooses binary or text framing.
    pub fn framing(mut self, framing: Framing) -> Self {
        self.config.framing = framing;
        self
    }

    /// Sets the largest response body accepted.
    pub fn max_response_bytes(mut self, max: usize) -> Self {
        self.config.max_response_bytes = max;
        self
    }

    /// Trusts one more root certificate (DER) on the native TLS connection, for example a
    /// local server's self-signed one. Browsers and edge runtimes decide trust themselves and
    /// ignore this.
    pub fn add_root_certificate(mut self, der: impl Into<Vec<u8>>) -> Self {
        self.config.root_certificates.push(der.into());
        self
    }

    /// Sets how fresh data-plane reads must be.
    pub fn read_concern(mut self, read_concern: ReadConcern) -> Self {
        self.config.read_concern = read_concern;
        self
    }

    /// Sets the most topic subscriptions open at once.
    pub fn max_concurrent_subscriptions(mut self, max: usize) -> Self {
        self.config.max_concurrent_subscriptions = max;
        self
    }

    /// Sets how long a silent subscription waits before it is resumed.
    pub fn subscription_silence_limit(mut self, limit: Duration) -> Self {
        self.config.subscription_silence_limit = limit;
        self
    }

    /// Turns request coalescing on or off; see [`Configuration::request_coalescing`].
    pub fn request_coalescing(mut self, on: bool) -> Self {
        self.config.request_coalescing = on;
        self
    }

    /// Sets how long a broken subscription keeps trying to resume before it ends.
    pub fn subscription_resume_limit(mut self, limit: Duration) -> Self {
        self.config.subscription_resume_limit = limit;
        self
    }

    /// Checks the values and returns the configuration.
    pub fn build(self) -> Result<Configuration, CacheError> {
        let config = self.config;
        if config.timeout.is_zero() {
            return Err(CacheError::invalid_argument(
                "timeout",
                "must be greater than zero",
            ));
        }
        if config.timeout > MAX_TIMEOUT {
            return Err(CacheError::invalid_argument(
                "timeout",
                format!(
                    "must be at most {} s, got {} s",
                    MAX_TIMEOUT.as_secs(),
                    config.timeout.as_secs()
                ),
            ));
        }
        if config.max_concurrent_requests == 0 {
            return Err(CacheError::invalid_argument(
                "max_concurrent_requests",
                "must be at least 1",
            ));
        }
        if config.max_concurrent_requests > MAX_CONCURRENT_REQUESTS {
            return Err(CacheError::invalid_argument(
                "max_concurrent_requests",
                format!(
                    "must be at most {MAX_CONCURRENT_REQUESTS}, got {}",
                    config.max_concurrent_requests
                ),
            ));
        }
        if let Some(keepalive) = config.keepalive
            && (keepalive.interval.is_zero() || keepalive.timeout.is_zero())
        {
            return Err(CacheError::invalid_argument(
                "keepalive",
                "interval and timeout must be greater than zero",
            ));
        }
        if config.max_response_bytes < 1024 {
            return Err(CacheError::invalid_argument(
                "max_response_bytes",
                format!("must be at least 1024, got {}", config.max_response_bytes),
            ));
        }
        if !(1..=MAX_CONCURRENT_REQUESTS).contains(&config.max_concurrent_subscriptions) {
            return Err(CacheError::invalid_argument(
                "max_concurrent_subscriptions",
                format!(
                    "must be between 1 and {MAX_CONCURRENT_REQUESTS}, got {}",
                    config.max_concurrent_subscriptions
                ),
            ));
        }
        if config.subscription_silence_limit.is_zero()
            || config.subscription_silence_limit > MAX_TIMEOUT
        {
            return Err(CacheError::invalid_argument(
                "subscription_silence_limit",
                format!(
                    "must be greater than zero and at most {} s",
                    MAX_TIMEOUT.as_secs()
                ),
            ));
        }
        if config.subscription_resume_limit.is_zero()
            || config.subscription_resume_limit > MAX_TIMEOUT
        {
            return Err(CacheError::invalid_argument(
                "subscription_resume_limit",
                format!(
                    "must be greater than zero and at most {} s",
                    MAX_TIMEOUT.as_secs()
                ),
            ));
        }
        config.retry_strategy.validate()?;
        Ok(config)
    }
}

/// Deadlines above a day are almost certainly unit mistakes.
const MAX_TIMEOUT: Duration = Duration::from_secs(24 * 60 * 60);
/// The semaphore behind the cap holds at most this many permits.
const MAX_CONCURRENT_REQUESTS: usize = 100_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builder_rejects_bad_values_by_name() {
        let cases = [
            (Configuration::builder().timeout(Duration::ZERO), "timeout"),
            (
                Configuration::builder().timeout(Duration::from_secs(90_000)),
                "timeout",
            ),
            (
                Configuration::builder().max_concurrent_requests(0),
                "max_concurrent_requests",
            ),
            (
                Configuration::builder().max_concurrent_requests(1_000_000),
                "max_concurrent_requests",
            ),
            (
                Configuration::builder().keepalive(Some(Keepalive {
                    interval: Duration::ZERO,
                    timeout: Duration::from_secs(1),
                })),
                "keepalive",
            ),
            (
                Configuration::builder().max_response_bytes(10),
                "max_response_bytes",
            ),
            (
                Configuration::builder().max_concurrent_subscriptions(0),
                "max_concurrent_subscriptions",
            ),
            (
                Configuration::builder().subscription_silence_limit(Duration::ZERO),
                "subscription_silence_limit",
            ),
            (
                Configuration::builder().subscription_resume_limit(Duration::ZERO),
                "subscription_resume_limit",
            ),
            (
                Configuration::builder().subscription_resume_limit(Duration::from_secs(90_000)),
                "subscription_resume_limit",
            ),
            (
                Configuration::builder().retry_strategy(RetryStrategy::FixedCount(
                    FixedCountRetryStrategy { max_attempts: 1000 },
                )),
                "max_attempts",
            ),
        ];
        for (builder, argument) in cases {
            let err = builder.build().unwrap_err();
            assert_eq!(err.error_code, crate::ErrorCode::InvalidArgumentError);
            assert!(
                err.message.starts_with(argument),
                "{argument}: {}",
                err.message
            );
        }
    }

    #[test]
    fn builder_keeps_what_it_is_given() {
        let config = Configuration::builder()
            .timeout(Duration::from_millis(250))
            .max_concurrent_requests(7)
            .retry_strategy(RetryStrategy::None)
            .keepalive(None)
            .framing(Framing::Text)
            .add_root_certificate(vec![1, 2, 3])
            .read_concern(ReadConcern::Consistent)
            .max_concurrent_subscriptions(3)
            .subscription_silence_limit(Duration::from_secs(2))
            .request_coalescing(true)
            .subscription_resume_limit(Duration::from_secs(9))
            .build()
            .unwrap();
        assert_eq!(config.max_concurrent_subscriptions(), 3);
        assert!(config.request_coalescing());
        assert!(!Laptop::v1().request_coalescing());
        assert_eq!(config.subscription_silence_limit(), Duration::from_secs(2));
        assert_eq!(config.subscription_resume_limit(), Duration::from_secs(9));
        assert_eq!(config.timeout(), Duration::from_millis(250));
        assert_eq!(config.max_concurrent_requests(), 7);
        assert_eq!(config.retry_strategy(), &RetryStrategy::None);
        assert_eq!(config.keepalive(), None);
        assert_eq!(config.framing(), Framing::Text);
        assert_eq!(config.root_certificates(), &[vec![1, 2, 3]]);
        assert_eq!(config.read_concern(), ReadConcern::Consistent);
        assert_eq!(Laptop::latest().read_concern(), ReadConcern::Balanced);
    }
}
