//! The request path every call takes, as a pipeline of small pieces:
//! deadline (whole call) → retry loop → in-flight cap (per attempt) → one gRPC-web exchange.
//!
//! Two call shapes go through it: unary (one reply, read whole) and server-streaming
//! (`stream.rs`: messages read as they arrive; the deadline and the cap cover only opening
//! the stream, up to its first message).
//!
//! With request coalescing on, `coalesce.rs` sits inside the deadline: a `get` may wait for an
//! identical one already on the wire instead of sending its own.

mod coalesce;
mod deadline;
mod exchange;
mod in_flight;
mod retry;
mod stream;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use bytes::Bytes;
use coalesce::Coalescer;
use web_time::Instant;

use crate::config::Configuration;
use crate::credential::CredentialProvider;
use crate::endpoint::Origin;
use crate::error::{CacheError, CacheResult, ErrorCode};
use crate::platform::{HttpRequest, Transport};
use crate::rpc::{Plane, Rpc};

pub(crate) use deadline::with_deadline;
use exchange::Exchange;
pub(crate) use exchange::{interpret_response, malformed};
use in_flight::InFlightCap;
pub(crate) use stream::{MessageStream, SubscriptionSlot};

/// One encoded call, ready to send (and resend).
pub(crate) struct Call {
    pub rpc: Rpc,
    /// The `cache` header, for data-plane calls.
    pub cache: Option<String>,
    /// The encoded protobuf request message.
    pub message: Bytes,
}

/// Sends calls for one client: owns its transports, cap and configuration.
pub(crate) struct Invoker {
    config: Configuration,
    exchange: Exchange,
    data: Arc<Transport>,
    control: Arc<Transport>,
    cap: InFlightCap,
    coalescer: Coalescer,
    streams: stream::StreamLimit,
    first_request_sent: AtomicBool,
}

impl Invoker {
    /// Checks the endpoints and sets everything up without any I/O.
    pub(crate) fn new(
        config: Configuration,
        credentials: &CredentialProvider,
    ) -> CacheResult<Self> {
        let insecure = credentials.insecure_http_allowed();
        let data_origin = Origin::parse("cache_endpoint", credentials.cache_endpoint(), insecure)?;
        let control_origin =
            Origin::parse("control_endpoint", credentials.control_endpoint(), insecure)?;
        let data = Arc::new(Transport::new(data_origin.clone(), &config));
        // One origin, one connection: a local server serves both planes.
        let control = if control_origin == data_origin {
            Arc::clone(&data)
        } else {
            Arc::new(Transport::new(control_origin, &config))
        };
        Ok(Invoker {
            exchange: Exchange::new(
                config.framing(),
                config.read_concern(),
                credentials.api_key().clone(),
            ),
            cap: InFlightCap::new(config.max_concurrent_requests()),
            coalescer: Coalescer::new(config.request_coalescing()),
            streams: stream::StreamLimit::new(config.max_concurrent_subscriptions()),
            config,
            data,
            control,
            first_request_sent: AtomicBool::new(false),
        })
    }

    pub(crate) fn config(&self) -> &Configuration {
        &self.config
    }

    /// Opens the data connection now.
    pub(crate) async fn connect(&self) -> CacheResult<()> {
        let timeout = self.config.timeout();
        with_deadline(timeout, self.data.connect())
            .await
            .ok_or_else(|| timeout_error("connect", timeout))?
            .map_err(exchange::transport_error)
    }

    /// Sends a call and returns its reply messages, within the configured deadline counted
    /// from `started` (when the caller made the call, which can be before its first poll).
    pub(crate) async fn invoke(&self, call: &Call, started: Instant) -> CacheResult<Vec<Bytes>> {
        let timeout = self.config.timeout();
        let deadline = started + timeout;
        let remaining = deadline.saturating_duration_since(Instant::now());
        let work = self.coalescer.run(call, || self.attempts(call, deadline));
        with_deadline(remaining, work)
            .await
            .unwrap_or_else(|| Err(timeout_error(call.rpc.path, timeout)))
    }

    /// Tries the call, and again while the retry strategy allows it.
    async fn attempts(&self, call: &Call, deadline: Instant) -> CacheResult<Vec<Bytes>> {
        let body = self.exchange.frame(&call.message);
        retry::with_retries(self.config.retry_strategy(), call.rpc.idempotency, || {
            self.attempt(call, body.clone(), deadline)
        })
        .await
    }

    /// One attempt: a slot of the in-flight cap (held until the last reply message), then one
    /// exchange.
    async fn attempt(
        &self,
        call: &Call,
        body: Bytes,
        deadline: Instant,
    ) -> CacheResult<Vec<Bytes>> {
        let _permit = self.cap.acquire().await?;
        // Timers can fire late (a busy event loop runs their callbacks after other work): a
        // call whose deadline passed while it waited for the cap settles now instead of
        // sending a request nobody will wait for.
        if Instant::now() >= deadline {
            return Err(timeout_error(call.rpc.path, self.config.timeout()));
        }
        let request = self.request(call, body, deadline);
        // Natively, replies of many messages are read as they arrive instead of as one body.
        #[cfg(native)]
        if call.rpc.shape == crate::rpc::Shape::ServerStreaming {
            return self.read_all(call, request).await;
        }
        self.exchange
            .interpret(self.transport(call).send(request).await)
    }

    fn transport(&self, call: &Call) -> &Transport {
        match call.rpc.plane {
            Plane::Control => &self.control,
            Plane::Data | Plane::Ping => &self.data,
        }
    }

    fn request(&self, call: &Call, body: Bytes, deadline: Instant) -> HttpRequest {
        let first = !self.first_request_sent.swap(true, Ordering::Relaxed);
        let remaining = deadline.saturating_duration_since(Instant::now());
        self.exchange.request(call, body, Some(remaining), first)
    }
}

fn timeout_error(what: &str, timeout: std::time::Duration) -> CacheError {
    CacheError::new(
        ErrorCode::TimeoutError,
        format!(
            "{what} did not complete within the {} ms deadline",
            timeout.as_millis()
        ),
    )
}
