//! `Publish`: one value to one topic.

use prost::Message;
use web_time::Instant;

use edgecache_proto::cache_client::pubsub as proto;

use crate::call::Call;
use crate::error::CacheResult;

use super::{IntoTopicValue, TopicClient, TopicRequest, ValueKind};

/// A publish with its arguments; [`TopicClient::publish`] is the short form.
#[derive(Clone, Debug)]
pub struct PublishRequest {
    cache_name: String,
    topic: String,
    value: ValueKind,
}

impl PublishRequest {
    /// Publishes `value` to `topic` in `cache_name`.
    pub fn new(
        cache_name: impl Into<String>,
        topic: impl Into<String>,
        value: impl IntoTopicValue,
    ) -> Self {
        PublishRequest {
            cache_name: cache_name.into(),
            topic: topic.into(),
            value: value.into_topic_value(),
        }
    }
}

/// The server took the value in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TopicPublishResponse {}

impl TopicRequest for PublishRequest {
    type Response = TopicPublishResponse;

    async fn send(self, client: &TopicClient) -> CacheResult<TopicPublishResponse> {
        let started = Instant::now();
        let cache_name = crate::cache::cache_name(&self.cache_name)?;
        let topic = super::subscribe::topic_name(self.topic)?;
        let message = proto::PublishRequest {
            cache_name: cache_name.clone(),
            topic,
            value: Some(self.value.into_proto()),
        }
        .encode_to_vec();
        let call = Call {
            rpc: crate::rpc::PUBLISH,
            cache: Some(cache_name),
            message: message.into(),
        };
        // Boxed for the same reason as cache calls: the transport's state machine is large.
        Box::pin(client.invoker.invoke(&call, started)).await?;
        Ok(TopicPublishResponse {})
    }
}
