//! Topics: a client built like the cache client, publish (text and bytes, by the shortcut
//! and by request), subscribe, and the values a subscription streams.
use futures::StreamExt;

use super::{CACHE, Checks};
use crate::sdk;
use sdk::topics::{
    PublishRequest, SubscribeRequest, Subscription, SubscriptionValue, TopicPublishResponse,
    ValueKind, configurations,
};
use sdk::{CredentialProvider, MomentoErrorCode, MomentoResult, TopicClient};

const TOPIC: &str = "news";

pub async fn run(
    credential_provider: CredentialProvider,
    checks: &mut Checks,
) -> MomentoResult<()> {
    let client = TopicClient::builder()
        .configuration(configurations::Laptop::latest())
        .credential_provider(credential_provider)
        .build()?;

    let mut subscription: Subscription = client.subscribe(CACHE, TOPIC).await?;
    let published = client.publish(CACHE, TOPIC, "hello").await?;
    checks.equal("publish text", published, TopicPublishResponse {});
    client.publish(CACHE, TOPIC, vec![0xffu8, 0xfe]).await?;
    let request = PublishRequest::new(CACHE, TOPIC, String::from("by request"));
    client.send_request(request).await?;

    let first: SubscriptionValue = next(&mut subscription).await;
    checks.equal(
        "first value",
        (first.kind.clone(), first.topic_sequence_number),
        (ValueKind::Text("hello".to_string()), 1),
    );
    let text: String = first.try_into()?;
    checks.equal(
        "String::try_from(SubscriptionValue)",
        text,
        "hello".to_string(),
    );
    let second = next(&mut subscription).await;
    checks.equal(
        "second value",
        (second.kind.clone(), second.topic_sequence_number),
        (ValueKind::Binary(vec![0xff, 0xfe]), 2),
    );
    let not_text: MomentoResult<String> = second.try_into();
    checks.equal(
        "String::try_from of bytes that are not UTF-8 fails",
        not_text.is_err(),
        true,
    );
    let third = next(&mut subscription).await;
    checks.equal(
        "third value, published by PublishRequest",
        third.kind,
        ValueKind::Text("by request".to_string()),
    );

    // Resuming at a sequence number replays what the server still holds from there.
    let mut replay = client
        .send_request(SubscribeRequest::new(
            CACHE,
            TOPIC,
            Some(2),
            Some(third.topic_sequence_page),
        ))
        .await?;
    let replayed = next(&mut replay).await;
    checks.equal(
        "SubscribeRequest resuming at 2",
        (replayed.kind, replayed.topic_sequence_number),
        (ValueKind::Binary(vec![0xff, 0xfe]), 2),
    );

    let missing = client
        .publish("no-such-cache", TOPIC, "x")
        .await
        .unwrap_err();
    checks.equal(
        "publish to a missing cache",
        missing.error_code,
        MomentoErrorCode::CacheNotFoundError,
    );
    Ok(())
}

/// The next value; the programs' overall timeout bounds the wait.
async fn next(subscription: &mut Subscription) -> SubscriptionValue {
    subscription
        .next()
        .await
        .expect("the subscription stays open")
}
