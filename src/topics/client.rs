//! [`TopicClient`]: the handle for publishing and subscribing. Cheap to build (no I/O) and to
//! clone; clones share one connection, one in-flight cap and one subscription limit.

use std::sync::Arc;

use crate::call::Invoker;
use crate::config::{Configuration, Laptop};
use crate::credential::CredentialProvider;
use crate::error::{CacheError, CacheResult};

use super::{
    IntoTopicValue, PublishRequest, SubscribeRequest, Subscription, TopicPublishResponse,
    TopicRequest,
};

/// Publishes to and subscribes to topics.
///
/// ```no_run
/// use futures_util::StreamExt;
/// use edgecache::{CredentialProvider, TopicClient, configurations::Laptop};
/// use edgecache::topics::ValueKind;
///
/// # async fn run() -> edgecache::CacheResult<()> {
/// let topics = TopicClient::builder()
///     .configuration(Laptop::latest())
///     .credential_provider(CredentialProvider::local())
///     .build()?;
/// let mut subscription = topics.subscribe("my-cache", "news").await?;
/// topics.publish("my-cache", "news", "hello").await?;
/// if let Some(value) = subscription.next().await {
///     assert_eq!(value.kind, ValueKind::Text("hello".into()));
/// }
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct TopicClient {
    pub(super) invoker: Arc<Invoker>,
}

impl std::fmt::Debug for TopicClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TopicClient")
            .field("configuration", self.invoker.config())
            .field("open_subscriptions", &self.invoker.open_subscriptions())
            .finish_non_exhaustive()
    }
}

/// Builds a [`TopicClient`]. `credential_provider` is required; the configuration defaults to
/// [`Laptop::latest`].
#[derive(Clone, Debug, Default)]
pub struct TopicClientBuilder {
    configuration: Option<Configuration>,
    credential_provider: Option<CredentialProvider>,
}

impl TopicClientBuilder {
    /// Deadline, caps, retries and the rest; see [`crate::configurations`].
    pub fn configuration(mut self, configuration: impl Into<Configuration>) -> Self {
        self.configuration = Some(configuration.into());
        self
    }

    /// Where to connect and which key to present.
    pub fn credential_provider(mut self, credential_provider: CredentialProvider) -> Self {
        self.credential_provider = Some(credential_provider);
        self
    }

    /// Checks the settings and returns the client. Does no I/O.
    pub fn build(self) -> CacheResult<TopicClient> {
        let credentials = self
            .credential_provider
            .ok_or_else(|| CacheError::invalid_argument("credential_provider", "must be set"))?;
        let configuration = self.configuration.unwrap_or_else(Laptop::latest);
        Ok(TopicClient {
            invoker: Arc::new(Invoker::new(configuration, &credentials)?),
        })
    }
}

impl TopicClient {
    /// Starts building a client.
    pub fn builder() -> TopicClientBuilder {
        TopicClientBuilder::default()
    }

    /// The configuration this client runs with.
    pub fn configuration(&self) -> &Configuration {
        self.invoker.config()
    }

    /// Publishes `value` (text for strings, bytes for byte slices and vectors) to `topic` in
    /// `cache_name`. Returns once the server has taken the value in; it does not wait for
    /// subscribers. Never retried: a repeat would deliver the value twice.
    pub async fn publish(
        &self,
        cache_name: impl Into<String>,
        topic: impl Into<String>,
        value: impl IntoTopicValue,
    ) -> CacheResult<TopicPublishResponse> {
        PublishRequest::new(cache_name, topic, value)
            .send(self)
            .await
    }

    /// Subscribes to `topic` in `cache_name`, from the next value published. Returns once the
    /// server has answered with the stream's first message, within the configured deadline;
    /// the subscription then lives until it is dropped or fails for good.
    pub async fn subscribe(
        &self,
        cache_name: impl Into<String>,
        topic: impl Into<String>,
    ) -> CacheResult<Subscription> {
        SubscribeRequest::new(cache_name, topic, None, None)
            .send(self)
            .await
    }

    /// Sends a request with all its options, such as a [`SubscribeRequest`] that resumes at
    /// a given sequence number.
    pub async fn send_request<R: TopicRequest>(&self, request: R) -> CacheResult<R::Response> {
        request.send(self).await
    }

    /// How many subscriptions of this client (and its clones) are open now.
    pub fn open_subscriptions(&self) -> usize {
        self.invoker.open_subscriptions()
    }
}
