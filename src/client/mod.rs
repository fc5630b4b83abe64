//! [`CacheClient`]: the handle applications hold. Cheap to build (no I/O) and to clone.
//! Its shortcut methods live in one file per family; each builds a request and sends it.

mod control;
mod dictionary;
mod list;
mod scalar;
mod set;
mod sorted_set;

use std::sync::Arc;
use std::time::Duration;

use web_time::Instant;

use crate::cache::{MomentoRequest, RequestDefaults, ttl_millis};
use crate::call::Invoker;
use crate::config::{Configuration, Laptop};
use crate::credential::CredentialProvider;
use crate::error::{CacheError, CacheResult};

/// A client for one account (or local server). Clones share one connection and one in-flight
/// cap, so make one and pass clones around.
///
/// ```no_run
/// use std::time::Duration;
/// use edgecache::{CacheClient, CredentialProvider, configurations::Laptop};
///
/// # async fn run() -> edgecache::CacheResult<()> {
/// let client = CacheClient::builder()
///     .default_ttl(Duration::from_secs(60))
///     .configuration(Laptop::latest())
///     .credential_provider(CredentialProvider::local())
///     .build()?;
/// client.create_cache("demo").await?;
/// client.set("demo", "greeting", "hello").await?;
/// let value = client.get("demo", "greeting").await?;
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct CacheClient {
    inner: Arc<Inner>,
}

struct Inner {
    invoker: Invoker,
    defaults: RequestDefaults,
}

impl std::fmt::Debug for CacheClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CacheClient")
            .field("default_ttl", &self.inner.defaults.default_ttl)
            .field("configuration", self.inner.invoker.config())
            .finish_non_exhaustive()
    }
}

/// Builds a [`CacheClient`]. `default_ttl` and `credential_provider` are required; the
/// configuration defaults to [`Laptop::latest`].
#[derive(Clone, Debug, Default)]
pub struct CacheClientBuilder {
    default_ttl: Option<Duration>,
    configuration: Option<Configuration>,
    credential_provider: Option<CredentialProvider>,
}

impl CacheClientBuilder {
    /// The TTL of items written without one.
    pub fn default_ttl(mut self, ttl: Duration) -> Self {
        self.default_ttl = Some(ttl);
        self
    }

    /// Deadline, cap, retries and the rest; see [`crate::configurations`].
    pub fn configuration(mut self, configuration: impl Into<Configuration>) -> Self {
        self.configuration = Some(configuration.into());
        self
    }

    /// Where to connect and which key to present.
    pub fn credential_provider(mut self, credential_provider: CredentialProvider) -> Self {
        self.credential_provider = Some(credential_provider);
        self
    }

    /// Accepted so that code written for the `momento` crate compiles, where it sets how many
    /// gRPC channels the client opens. It changes nothing here: every call of a client and
    /// its clones is multiplexed on one HTTP/2 connection (one `fetch` origin on the web),
    /// and [`Configuration::max_concurrent_requests`] caps the calls in flight on it.
    pub fn with_num_connections(self, num_connections: usize) -> Self {
        let _ = num_connections;
        self
    }

    /// Checks the settings and returns the client. Does no I/O: the connection opens on the
    /// first call (or [`CacheClient::connect`]), so this is safe in a Worker's global scope.
    pub fn build(self) -> CacheResult<CacheClient> {
        let default_ttl = self
            .default_ttl
            .ok_or_else(|| CacheError::invalid_argument("default_ttl", "must be set"))?;
        ttl_millis("default_ttl", default_ttl)?;
        let credentials = self
            .credential_provider
            .ok_or_else(|| CacheError::invalid_argument("credential_provider", "must be set"))?;
        let configuration = self.configuration.unwrap_or_else(Laptop::latest);
        Ok(CacheClient {
            inner: Arc::new(Inner {
                invoker: Invoker::new(configuration, &credentials)?,
                defaults: RequestDefaults { default_ttl },
            }),
        })
    }
}

impl CacheClient {
    /// Starts building a client.
    pub fn builder() -> CacheClientBuilder {
        CacheClientBuilder::default()
    }

    /// The configuration this client runs with.
    pub fn configuration(&self) -> &Configuration {
        self.inner.invoker.config()
    }

    /// Opens the connection now, so the first call does not pay for it. Optional.
    pub async fn connect(&self) -> CacheResult<()> {
        self.inner.invoker.connect().await
    }

    /// Sends any request, with its options. The shortcut methods below all end up here.
    pub async fn send_request<R: MomentoRequest>(&self, request: R) -> CacheResult<R::Response> {
        self.send_request_since(request, Instant::now()).await
    }

    /// [`Self::send_request`] with the deadline counted from `started`: the JavaScript
    /// bindings start it when the call is made, not when its future first runs.
    pub(crate) async fn send_request_since<R: MomentoRequest>(
        &self,
        request: R,
        started: Instant,
    ) -> CacheResult<R::Response> {
        let prepared = request.prepare(&self.inner.defaults)?;
        // Boxed so every call's future is a few words: the transport's state machine is large
        // (about 16 KB in debug builds), and applications hold many calls at once.
        let outcome = Box::pin(self.inner.invoker.invoke(&prepared.call, started)).await;
        (prepared.decode)(outcome)
    }
}
