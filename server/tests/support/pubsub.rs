//! Helpers for the Topics tests: a Pubsub client, publishing, and reading subscription streams.

use std::net::SocketAddr;
use std::time::Duration;

use edgecache_proto::cache_client::pubsub::pubsub_client::PubsubClient;
use edgecache_proto::cache_client::pubsub::{
    PublishRequest, SubscriptionItem, SubscriptionRequest, TopicValue, subscription_item,
    topic_value,
};
use prost::Message;
use tonic::Streaming;
use tonic::transport::Channel;

use super::{CACHE, channel};

pub const PUBLISH: &str = "/cache_client.pubsub.Pubsub/Publish";
pub const SUBSCRIBE: &str = "/cache_client.pubsub.Pubsub/Subscribe";

pub type Pubsub = PubsubClient<Channel>;

/// A Pubsub client on its own h2c connection.
pub async fn pubsub(addr: SocketAddr) -> Pubsub {
    PubsubClient::new(channel(addr).await)
}

/// What a subscription stream delivered, in a form tests compare easily.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seen {
    Text { seq: u64, page: u64, text: String },
    Binary { seq: u64, page: u64, bytes: Vec<u8> },
    Gap { last: u64, new: u64, page: u64 },
    Heartbeat,
}

impl Seen {
    /// The sequence number of an item.
    pub fn seq(&self) -> Option<u64> {
        match self {
            Seen::Text { seq, .. } | Seen::Binary { seq, .. } => Some(*seq),
            _ => None,
        }
    }

    pub fn page(&self) -> Option<u64> {
        match self {
            Seen::Text { page, .. } | Seen::Binary { page, .. } | Seen::Gap { page, .. } => {
                Some(*page)
            }
            Seen::Heartbeat => None,
        }
    }
}

/// Reads one wire item; panics on a malformed one.
pub fn seen(item: SubscriptionItem) -> Seen {
    match item.kind.expect("kind is set") {
        subscription_item::Kind::Heartbeat(_) => Seen::Heartbeat,
        subscription_item::Kind::Discontinuity(d) => Seen::Gap {
            last: d.last_topic_sequence,
            new: d.new_topic_sequence,
            page: d.new_sequence_page,
        },
        subscription_item::Kind::Item(item) => {
            assert_eq!(
                item.publisher_id, "",
                "no publisher identity without tokens"
            );
            let seq = item.topic_sequence_number;
            let page = item.sequence_page;
            match item.value.and_then(|v| v.kind).expect("value is set") {
                topic_value::Kind::Text(text) => Seen::Text { seq, page, text },
                topic_value::Kind::Binary(bytes) => Seen::Binary { seq, page, bytes },
            }
        }
    }
}

/// Decodes one gRPC-web message of a subscription stream.
pub fn seen_bytes(message: &[u8]) -> Seen {
    seen(SubscriptionItem::decode(message).expect("a SubscriptionItem"))
}

pub fn text(value: &str) -> Option<TopicValue> {
    Some(TopicValue {
        kind: Some(topic_value::Kind::Text(value.to_owned())),
    })
}

pub fn binary(value: &[u8]) -> Option<TopicValue> {
    Some(TopicValue {
        kind: Some(topic_value::Kind::Binary(value.to_vec())),
    })
}

pub fn publish_request(topic: &str, value: Option<TopicValue>) -> PublishRequest {
    PublishRequest {
        cache_name: CACHE.to_owned(),
        topic: topic.to_owned(),
        value,
    }
}

pub fn subscribe_request(topic: &str, resume_at: u64, page: u64) -> SubscriptionRequest {
    SubscriptionRequest {
        cache_name: CACHE.to_owned(),
        topic: topic.to_owned(),
        resume_at_topic_sequence_number: resume_at,
        sequence_page: page,
    }
}

/// Publishes `value` as text to `topic` of the test cache.
pub async fn publish(client: &mut Pubsub, topic: &str, value: &str) {
    client
        .publish(publish_request(topic, text(value)))
        .await
        .expect("publish succeeds");
}

/// Subscribes from `resume_at` (0 = newest) on `page` (0 = current), and checks that the
/// stream opens with a heartbeat, as every subscription does; returns the stream after it.
pub async fn subscribe(
    client: &mut Pubsub,
    topic: &str,
    resume_at: u64,
    page: u64,
) -> Streaming<SubscriptionItem> {
    let mut stream = client
        .subscribe(subscribe_request(topic, resume_at, page))
        .await
        .expect("subscribe succeeds")
        .into_inner();
    assert_eq!(
        next(&mut stream).await,
        Seen::Heartbeat,
        "the opening heartbeat"
    );
    stream
}

/// The next message of a stream, within 5 s; panics on an error or the end of the stream.
pub async fn next(stream: &mut Streaming<SubscriptionItem>) -> Seen {
    let item = tokio::time::timeout(Duration::from_secs(5), stream.message())
        .await
        .expect("a message within 5 s")
        .expect("no error")
        .expect("the stream goes on");
    seen(item)
}

/// The next message that is not a heartbeat.
pub async fn next_data(stream: &mut Streaming<SubscriptionItem>) -> Seen {
    loop {
        let seen = next(stream).await;
        if seen != Seen::Heartbeat {
            return seen;
        }
    }
}

/// How the stream ends (within 5 s): `Ok(())` for a clean end, or the error.
pub async fn end(stream: &mut Streaming<SubscriptionItem>) -> Result<(), tonic::Status> {
    loop {
        match tokio::time::timeout(Duration::from_secs(5), stream.message())
            .await
            .expect("the stream ends within 5 s")
        {
            Ok(Some(_)) => continue,
            Ok(None) => return Ok(()),
            Err(status) => return Err(status),
        }
    }
}
