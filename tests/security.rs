//! Credentials, TLS and endpoints: keys are required when the server asks, never shown, and
//! connections are verified.

mod common;

use std::time::Duration;

use edgecache::configurations::Laptop;
use edgecache::{CacheClient, CredentialProvider, ErrorCode};
use edgecache_server::ServerConfig;

const KEY: &str = "local-test-key-123";

#[tokio::test]
async fn a_server_with_an_api_key_rejects_clients_without_it() {
    let server = common::server_with(ServerConfig::new().api_key(KEY));
    let anonymous = common::client(&server);
    let err = anonymous.create_cache("c").await.unwrap_err();
    assert_eq!(err.error_code, ErrorCode::AuthenticationError, "{err}");

    let wrong = CacheClient::builder()
        .default_ttl(Duration::from_secs(60))
        .credential_provider(
            common::credentials(&server)
                .with_api_key("wrong-key")
                .unwrap(),
        )
        .build()
        .unwrap();
    let err = wrong.create_cache("c").await.unwrap_err();
    assert_eq!(err.error_code, ErrorCode::AuthenticationError);
    assert!(!err.to_string().contains("wrong-key") && !format!("{err:?}").contains("wrong-key"));

    let keyed = CacheClient::builder()
        .default_ttl(Duration::from_secs(60))
        .credential_provider(common::credentials(&server).with_api_key(KEY).unwrap())
        .build()
        .unwrap();
    keyed.create_cache("c").await.unwrap();
    keyed.set("c", "k", "v").await.unwrap();
    assert!(!format!("{keyed:?}").contains(KEY));
    // Ping needs no key, as with the hosted service.
    anonymous.ping().await.unwrap();
}

#[tokio::test]
async fn tls_with_a_trusted_certificate_uses_http2() {
    let server = common::server_with(ServerConfig::new().tls_self_signed());
    let der = server.certificate_der().unwrap().to_vec();
    let config = Laptop::latest()
        .to_builder()
        .add_root_certificate(der)
        .build()
        .unwrap();
    let client = CacheClient::builder()
        .default_ttl(Duration::from_secs(60))
        .configuration(config)
        .credential_provider(
            CredentialProvider::local()
                .endpoint_override(&format!("https://localhost:{}", server.addr().port())),
        )
        .build()
        .unwrap();
    client.create_cache("tls").await.unwrap();
    client.set("tls", "k", "v").await.unwrap();
    assert!(client.get("tls", "k").await.unwrap().value().is_some());
    assert_eq!(server.stats().connections_accepted, 1);
}

#[tokio::test]
async fn tls_certificates_are_verified_by_default() {
    let server = common::server_with(ServerConfig::new().tls_self_signed());
    let client = CacheClient::builder()
        .default_ttl(Duration::from_secs(60))
        .configuration(
            Laptop::latest()
                .to_builder()
                .retry_strategy(edgecache::RetryStrategy::None)
                .build()
                .unwrap(),
        )
        .credential_provider(
            CredentialProvider::local()
                .endpoint_override(&format!("https://localhost:{}", server.addr().port())),
        )
        .build()
        .unwrap();
    let err = client.ping().await.unwrap_err();
    assert_eq!(err.error_code, ErrorCode::ServerUnavailable, "{err}");
    assert!(err.message.contains("TLS"), "{err}");
}

#[tokio::test]
async fn plain_http_beyond_loopback_is_refused_before_any_io() {
    let result = CacheClient::builder()
        .default_ttl(Duration::from_secs(60))
        .credential_provider(
            CredentialProvider::local().endpoint_override("http://192.0.2.10:8080"),
        )
        .build();
    let err = result.unwrap_err();
    assert_eq!(err.error_code, ErrorCode::InvalidArgumentError);
    assert!(err.message.contains("not loopback"), "{err}");
}

#[tokio::test]
async fn an_unreachable_server_is_unavailable_not_a_hang() {
    // Bind and drop a listener to find a port nobody listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = CacheClient::builder()
        .default_ttl(Duration::from_secs(60))
        .configuration(
            Laptop::latest()
                .to_builder()
                .timeout(Duration::from_secs(2))
                .build()
                .unwrap(),
        )
        .credential_provider(CredentialProvider::local_at("127.0.0.1", port))
        .build()
        .unwrap();
    let err = client.get("c", "k").await.unwrap_err();
    assert_eq!(err.error_code, ErrorCode::ServerUnavailable, "{err}");
}
