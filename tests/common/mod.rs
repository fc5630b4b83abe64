//! Shared setup for integration tests: a real edgecache-server on a loopback port, and
//! clients pointed at it.
#![allow(dead_code)]

pub mod process;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use edgecache::configurations::Laptop;
use edgecache::{CacheClient, Configuration, CredentialProvider};
use edgecache_server::{ServerConfig, ServerHandle};

/// A server on 127.0.0.1 with an ephemeral port, running on its own thread.
pub fn server() -> ServerHandle {
    server_with(ServerConfig::new())
}

pub fn server_with(config: ServerConfig) -> ServerHandle {
    edgecache_server::spawn(config).expect("edgecache-server starts")
}

pub fn credentials(server: &ServerHandle) -> CredentialProvider {
    CredentialProvider::local_at("127.0.0.1", server.addr().port())
}

/// A client with the Laptop preset (or `config`) and a 60 s default TTL.
pub fn client(server: &ServerHandle) -> CacheClient {
    client_with(server, Laptop::latest())
}

pub fn client_with(server: &ServerHandle, config: Configuration) -> CacheClient {
    CacheClient::builder()
        .default_ttl(Duration::from_secs(60))
        .configuration(config)
        .credential_provider(credentials(server))
        .build()
        .expect("client builds")
}

/// The Laptop preset with the given deadline and in-flight cap.
pub fn config(timeout: Duration, cap: usize) -> Configuration {
    Laptop::latest()
        .to_builder()
        .timeout(timeout)
        .max_concurrent_requests(cap)
        .build()
        .unwrap()
}

/// A cache name no other test in this process uses.
pub fn unique_cache(prefix: &str) -> String {
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    format!("{prefix}-{}", NEXT.fetch_add(1, Ordering::Relaxed))
}

/// Creates a fresh cache and returns its name.
pub async fn fresh_cache(client: &CacheClient, prefix: &str) -> String {
    let name = unique_cache(prefix);
    client.create_cache(&name).await.expect("cache is created");
    name
}
