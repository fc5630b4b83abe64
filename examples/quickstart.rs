//! The edgecache quickstart: set, get, a miss, a TTL running out, a counter and a typed error.
//!
//! With `MOMENTO_API_KEY` set (plus `MOMENTO_ENDPOINT` for a v2 key) it talks to Momento.
//! Without it, it starts an embedded edgecache-server on a free loopback port, so
//! `cargo run --example quickstart` works on a fresh machine with no account.

use std::time::Duration;

use edgecache::cache::{GetResponse, SetRequest};
use edgecache::configurations::Laptop;
use edgecache::{CacheClient, CredentialProvider};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Keeping the handle keeps the embedded server running until the end of `main`.
    let (credentials, _server) = match std::env::var("MOMENTO_API_KEY") {
        Ok(_) => (CredentialProvider::from_env_var("MOMENTO_API_KEY")?, None),
        Err(_) => {
            let server = edgecache_server::spawn(edgecache_server::ServerConfig::new())?;
            println!(
                "no MOMENTO_API_KEY: started an embedded edgecache-server at {}",
                server.url()
            );
            (
                CredentialProvider::local_at("127.0.0.1", server.addr().port()),
                Some(server),
            )
        }
    };

    let client = CacheClient::builder()
        .default_ttl(Duration::from_secs(60))
        .configuration(Laptop::latest())
        .credential_provider(credentials)
        .build()?;

    let cache = "quickstart";
    println!(
        "create_cache({cache:?})      -> {:?}",
        client.create_cache(cache).await?
    );

    client.set(cache, "greeting", "hello, edge").await?;
    match client.get(cache, "greeting").await? {
        GetResponse::Hit { value } => {
            println!("get(\"greeting\")           -> hit: {}", value.as_str()?)
        }
        GetResponse::Miss => println!("get(\"greeting\")           -> miss (unexpected)"),
    }
    println!(
        "get(\"nobody-wrote-this\")  -> {:?}",
        client.get(cache, "nobody-wrote-this").await?
    );

    let short = SetRequest::new(cache, "short-lived", "gone soon").ttl(Duration::from_millis(500));
    client.send_request(short).await?;
    println!(
        "item_get_ttl(\"short-lived\") -> {:?}",
        client.item_get_ttl(cache, "short-lived").await?
    );
    tokio::time::sleep(Duration::from_millis(700)).await;
    println!(
        "after 700 ms, get           -> {:?}",
        client.get(cache, "short-lived").await?
    );

    client.increment(cache, "visits", 1).await?;
    let visits = client.increment(cache, "visits", 41).await?;
    println!("increment(\"visits\")        -> {}", visits.value);

    // Errors are values with a stable code and a message that says what went wrong.
    client.set(cache, "not-a-number", "forty-two").await?;
    let err = client
        .increment(cache, "not-a-number", 1)
        .await
        .unwrap_err();
    println!(
        "increment(\"not-a-number\")  -> error {} ({})",
        err.error_code, err.message
    );
    let err = client.get("", "key").await.unwrap_err();
    println!(
        "get with an empty cache name -> error {} ({})",
        err.error_code, err.message
    );
    let err = client.get("no-such-cache", "key").await.unwrap_err();
    println!(
        "get from a missing cache   -> error {} ({})",
        err.error_code, err.message
    );

    client.delete_cache(cache).await?;
    println!("done.");
    Ok(())
}
