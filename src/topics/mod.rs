//! Topics: publish values to named topics inside a cache, and subscribe to them.
//!
//! [`crate::TopicClient`] follows the `momento` crate's names: `publish(cache, topic, value)`
//! and `subscribe(cache, topic)`, whose [`Subscription`] is a `futures` `Stream` of
//! [`SubscriptionValue`]s. Where a subscription's stream breaks, it resumes by itself at the
//! sequence number after the last one seen, so values come once and in order, or a
//! [`Discontinuity`] says what was skipped ([`Subscription::next_item`] shows those and the
//! heartbeats). The same code runs natively and on the web target.

mod backoff;
mod client;
mod publish;
mod subscribe;
mod subscription;
mod value;

pub use client::{TopicClient, TopicClientBuilder};
pub use publish::{PublishRequest, TopicPublishResponse};
pub use subscribe::SubscribeRequest;
pub use subscription::Subscription;
pub use value::{Discontinuity, IntoTopicValue, SubscriptionItem, SubscriptionValue, ValueKind};

/// [`TopicRequest`] under the `momento` crate's `topics::MomentoRequest` name.
pub use self::TopicRequest as MomentoRequest;
/// The configuration a [`TopicClient`] takes: the same type as the cache client's, here under
/// the `momento` crate's `topics::Configuration` path.
pub use crate::config::Configuration;

/// The presets under the `momento` crate's `topics::configurations` path: the same
/// presets as the cache client's, whose subscription limits apply to topics.
pub mod configurations {
    pub use crate::config::{InRegion, Lambda, Laptop, LowLatency};
}

use std::future::Future;

use crate::error::CacheResult;

/// A Topics request with all its options, for [`TopicClient::send_request`].
pub trait TopicRequest {
    /// What the request returns.
    type Response;

    /// Sends the request with `client`.
    #[cfg(native)]
    fn send(self, client: &TopicClient)
    -> impl Future<Output = CacheResult<Self::Response>> + Send;

    /// Sends the request with `client` (on the web target, JavaScript values in flight keep
    /// the future on its thread).
    #[cfg(web)]
    fn send(self, client: &TopicClient) -> impl Future<Output = CacheResult<Self::Response>>;
}
