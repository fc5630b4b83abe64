//! The `cache_client.pubsub.Pubsub` implementation: Publish and Subscribe over the topic hub.
//!
//! Cache and topic come from the request body (several SDKs send no `cache` header on these
//! calls). A `grpc-timeout` on Subscribe bounds nothing here: a subscription lasts until the
//! client cancels it, its connection closes, its cache is deleted, the token that opened it
//! expires, or a fault ends it. Both calls are held to the caller's topic permissions, and a
//! message carries its publisher's token id as `publisher_id`.

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use edgecache_proto::cache_client::pubsub::pubsub_server::Pubsub;
use edgecache_proto::cache_client::pubsub::{
    PublishRequest, SubscriptionRequest, TopicValue, topic_value,
};
use edgecache_proto::common::Empty;
use tonic::{Request, Response, Status};

use super::PubsubService;
use super::status::unset_oneof;
use super::subscription_stream::{self, SubscribeStream};
use crate::auth::{self, Grant, Need, Resource};
use crate::conn::ConnState;
use crate::topics::{Payload, ResumeAt};

/// The id subscribers see as `publisher_id`: the token id of the publisher's disposable token
/// (or API key), empty when it has none.
fn publisher_id(grant: &Grant) -> String {
    grant.token_id().to_owned()
}

/// How long until the credential of a request stops working.
fn credential_lifetime(grant: &Grant) -> Option<Duration> {
    grant.expires_at().map(|epoch| {
        (UNIX_EPOCH + Duration::from_secs(epoch))
            .duration_since(SystemTime::now())
            .unwrap_or_default()
    })
}

fn payload(value: Option<TopicValue>) -> Result<Payload, Status> {
    match value.and_then(|value| value.kind) {
        Some(topic_value::Kind::Text(text)) => Ok(Payload::Text(text)),
        Some(topic_value::Kind::Binary(bytes)) => Ok(Payload::Binary(bytes.into())),
        None => Err(unset_oneof("value")),
    }
}

#[tonic::async_trait]
impl Pubsub for PubsubService {
    async fn publish(&self, request: Request<PublishRequest>) -> Result<Response<Empty>, Status> {
        let grant = auth::grant_of(&request);
        let request = request.into_inner();
        grant.check(
            Need::Write,
            Resource::Topic {
                cache: &request.cache_name,
                topic: &request.topic,
            },
        )?;
        let publisher_id = publisher_id(&grant);
        let payload = payload(request.value)?;
        self.topics
            .publish(&request.cache_name, &request.topic, payload, publisher_id)?;
        Ok(Response::new(Empty {}))
    }

    type SubscribeStream = SubscribeStream;

    async fn subscribe(
        &self,
        request: Request<SubscriptionRequest>,
    ) -> Result<Response<Self::SubscribeStream>, Status> {
        let conn = request.extensions().get::<Arc<ConnState>>().cloned();
        let grant = auth::grant_of(&request);
        let request = request.into_inner();
        grant.check(
            Need::Read,
            Resource::Topic {
                cache: &request.cache_name,
                topic: &request.topic,
            },
        )?;
        let resume = ResumeAt {
            sequence: request.resume_at_topic_sequence_number,
            page: request.sequence_page,
        };
        let subscription = self
            .topics
            .subscribe(&request.cache_name, &request.topic, resume)?;
        Ok(Response::new(subscription_stream::open(
            subscription,
            self.topics.config().heartbeat_interval,
            self.faults.clone(),
            conn,
            self.topics.counters().clone(),
            credential_lifetime(&grant),
        )))
    }
}
