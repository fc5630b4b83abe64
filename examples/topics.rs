//! Topics: a subscriber and a publisher on one topic, against an embedded edgecache-server.
//!
//! With `MOMENTO_API_KEY` set (plus `MOMENTO_ENDPOINT` for a v2 key) it talks to Momento and
//! uses the cache named by `MOMENTO_CACHE` (default `topics-example`), which must exist.
//! Without it, `cargo run --example topics` starts a local server on a free loopback port.

use edgecache::configurations::Laptop;
use edgecache::topics::{SubscriptionItem, ValueKind};
use edgecache::{CacheClient, CredentialProvider, TopicClient};
use futures_util::StreamExt;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let cache = std::env::var("MOMENTO_CACHE").unwrap_or_else(|_| "topics-example".into());
    // Keeping the handle keeps the embedded server running until the end of `main`.
    let (credentials, _server) = match std::env::var("MOMENTO_API_KEY") {
        Ok(_) => (CredentialProvider::from_env_var("MOMENTO_API_KEY")?, None),
        Err(_) => {
            let server = edgecache_server::spawn(edgecache_server::ServerConfig::new())?;
            println!(
                "no MOMENTO_API_KEY: embedded edgecache-server at {}",
                server.url()
            );
            let credentials = CredentialProvider::local_at("127.0.0.1", server.addr().port());
            // A topic lives in a cache: create one on the fresh server.
            CacheClient::builder()
                .default_ttl(std::time::Duration::from_secs(60))
                .credential_provider(credentials.clone())
                .build()?
                .create_cache(&cache)
                .await?;
            (credentials, Some(server))
        }
    };

    let topics = TopicClient::builder()
        .configuration(Laptop::latest())
        .credential_provider(credentials)
        .build()?;

    // `subscribe` returns once the server has opened the stream.
    let mut subscription = topics.subscribe(&cache, "greetings").await?;
    let publisher = topics.clone();
    let cache_name = cache.clone();
    let publishing = tokio::spawn(async move {
        publisher.publish(&cache_name, "greetings", "hello").await?;
        publisher
            .publish(&cache_name, "greetings", b"\x00\x01 bytes".as_slice())
            .await?;
        publisher.publish(&cache_name, "greetings", "bye").await
    });

    // The subscription is a Stream of values; each has its place in the topic.
    for _ in 0..2 {
        let value = subscription.next().await.ok_or("the subscription ended")?;
        match &value.kind {
            ValueKind::Text(text) => println!("#{} text:   {text}", value.topic_sequence_number),
            ValueKind::Binary(bytes) => {
                println!("#{} binary: {bytes:?}", value.topic_sequence_number)
            }
        }
    }
    // `next_item` also shows heartbeats and discontinuities.
    loop {
        match subscription
            .next_item()
            .await
            .ok_or("the subscription ended")??
        {
            SubscriptionItem::Value(value) => {
                println!("#{} {:?}", value.topic_sequence_number, value.kind);
                break;
            }
            other => println!("{other:?}"),
        }
    }
    publishing.await??;
    println!("open subscriptions: {}", topics.open_subscriptions());
    drop(subscription);
    println!("after drop:         {}", topics.open_subscriptions());
    Ok(())
}
