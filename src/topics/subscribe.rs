//! `Subscribe`: opens a subscription, optionally resuming at a sequence number.

use prost::Message;

use edgecache_proto::cache_client::pubsub as proto;

use crate::call::Call;
use crate::error::{CacheError, CacheResult};

use super::subscription::{Position, Subscription};
use super::{TopicClient, TopicRequest};

/// A subscribe with its options; [`TopicClient::subscribe`] is the short form.
#[derive(Clone, Debug)]
pub struct SubscribeRequest {
    cache_name: String,
    topic: String,
    resume_at: Option<Position>,
}

impl SubscribeRequest {
    /// Subscribes to `topic` in `cache_name`. With a sequence number (and the page it was
    /// in), the server replays from that number if it still holds it, or says with a
    /// discontinuity what is gone; without one, the subscription starts with the next value.
    pub fn new(
        cache_name: impl Into<String>,
        topic: impl Into<String>,
        resume_at_topic_sequence_number: Option<u64>,
        resume_at_topic_sequence_page: Option<u64>,
    ) -> Self {
        SubscribeRequest {
            cache_name: cache_name.into(),
            topic: topic.into(),
            resume_at: resume_at_topic_sequence_number.map(|sequence| Position {
                sequence,
                page: resume_at_topic_sequence_page.unwrap_or(0),
            }),
        }
    }
}

impl TopicRequest for SubscribeRequest {
    type Response = Subscription;

    async fn send(self, client: &TopicClient) -> CacheResult<Subscription> {
        let cache_name = crate::cache::cache_name(&self.cache_name)?;
        let topic = topic_name(self.topic)?;
        Subscription::open(client.invoker.clone(), cache_name, topic, self.resume_at).await
    }
}

/// The `Subscribe` call that starts at `resume_at` (the newest values when `None`).
pub(super) fn subscribe_call(cache_name: &str, topic: &str, resume_at: Option<Position>) -> Call {
    let resume_at = resume_at.unwrap_or(Position {
        sequence: 0,
        page: 0,
    });
    let message = proto::SubscriptionRequest {
        cache_name: cache_name.to_owned(),
        topic: topic.to_owned(),
        resume_at_topic_sequence_number: resume_at.sequence,
        sequence_page: resume_at.page,
    }
    .encode_to_vec();
    Call {
        rpc: crate::rpc::SUBSCRIBE,
        cache: Some(cache_name.to_owned()),
        message: message.into(),
    }
}

/// A topic name must have something in it.
pub(super) fn topic_name(topic: String) -> CacheResult<String> {
    if topic.trim().is_empty() {
        return Err(CacheError::invalid_argument(
            "topic",
            "must not be empty or blank",
        ));
    }
    Ok(topic)
}
