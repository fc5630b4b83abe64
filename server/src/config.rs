//! Server configuration: listen address, TLS, credentials, storage and topic limits, admin
//! and faults.

use std::net::IpAddr;
use std::path::PathBuf;

use crate::auth::AuthSecret;
use crate::faults::FaultConfig;
use crate::store::StoreConfig;
use crate::topics::TopicConfig;

/// Everything needed to start a server. `ServerConfig::default()` listens on
/// `127.0.0.1` on an ephemeral port, plain HTTP, no auth, no faults.
/// Its `Debug` output hides the API key.
#[derive(Clone)]
pub struct ServerConfig {
    /// Host name or IP address to listen on (`127.0.0.1`, `::1`, `0.0.0.0`, `localhost`).
    pub host: String,
    /// TCP port; 0 picks a free one (read it back with `addr()`).
    pub port: u16,
    /// Serve TLS (h2 and http/1.1 through ALPN) instead of plain HTTP.
    pub tls: Option<TlsConfig>,
    /// A fixed super-user key: when set, every gRPC request except `cache_client.Ping`
    /// must carry a credential, and `authorization: <key>` is one (compared byte for byte).
    pub api_key: Option<String>,
    /// The secret that signs and checks keys and tokens (`--auth-secret-file`). When set,
    /// every gRPC request except `cache_client.Ping` must carry a key or token it signed,
    /// and each is held to its permissions.
    pub auth_secret: Option<AuthSecret>,
    /// The endpoint written into the keys and tokens the server issues (`host:port`);
    /// `None` = the address it listens on.
    pub endpoint: Option<String>,
    /// Limits of the in-memory store.
    pub store: StoreConfig,
    /// Heartbeats, history and limits of Topics.
    pub topics: TopicConfig,
    /// Where `/stats` and `/admin/*` are served and who may use them.
    pub admin: AdminConfig,
    /// Faults injected into gRPC requests from the start (changeable at run time).
    pub faults: FaultConfig,
    /// Caches created at start (clients may still create more with `CreateCache`).
    pub caches: Vec<String>,
}

impl std::fmt::Debug for ServerConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerConfig")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("tls", &self.tls)
            .field("api_key", &self.api_key.as_ref().map(|_| "<redacted>"))
            .field("auth_secret", &self.auth_secret)
            .field("endpoint", &self.endpoint)
            .field("store", &self.store)
            .field("topics", &self.topics)
            .field("admin", &self.admin)
            .field("faults", &self.faults)
            .field("caches", &self.caches)
            .finish()
    }
}

impl Default for ServerConfig {
    fn default() -> Self {
        Self {
            host: "127.0.0.1".to_string(),
            port: 0,
            tls: None,
            api_key: None,
            auth_secret: None,
            endpoint: None,
            store: StoreConfig::default(),
            topics: TopicConfig::default(),
            admin: AdminConfig::default(),
            faults: FaultConfig::default(),
            caches: Vec::new(),
        }
    }
}

impl ServerConfig {
    /// Same as `Default`: 127.0.0.1, ephemeral port.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the listen host.
    pub fn host(mut self, host: impl Into<String>) -> Self {
        self.host = host.into();
        self
    }

    /// Sets the listen port (0 = ephemeral).
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Serves TLS with a certificate generated at start for localhost, 127.0.0.1 and ::1.
    pub fn tls_self_signed(mut self) -> Self {
        self.tls = Some(TlsConfig::SelfSigned);
        self
    }

    /// Serves TLS with a PEM certificate chain and private key read from files.
    pub fn tls_files(mut self, cert: impl Into<PathBuf>, key: impl Into<PathBuf>) -> Self {
        self.tls = Some(TlsConfig::Files {
            cert: cert.into(),
            key: key.into(),
        });
        self
    }

    /// Requires `authorization: <key>` on every gRPC request except Ping.
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// Checks every request's credential against keys and tokens signed with `secret`.
    pub fn auth_secret(mut self, secret: AuthSecret) -> Self {
        self.auth_secret = Some(secret);
        self
    }

    /// Sets the endpoint written into issued keys and tokens (default: the listen address).
    pub fn endpoint(mut self, endpoint: impl Into<String>) -> Self {
        self.endpoint = Some(endpoint.into());
        self
    }

    /// Sets the store limits.
    pub fn store(mut self, store: StoreConfig) -> Self {
        self.store = store;
        self
    }

    /// Sets the Topics settings.
    pub fn topics(mut self, topics: TopicConfig) -> Self {
        self.topics = topics;
        self
    }

    /// Sets the admin endpoint configuration.
    pub fn admin(mut self, admin: AdminConfig) -> Self {
        self.admin = admin;
        self
    }

    /// Creates `name` at start, so clients can use it without `CreateCache`.
    pub fn cache(mut self, name: impl Into<String>) -> Self {
        self.caches.push(name.into());
        self
    }

    /// Sets the faults active from the start.
    pub fn faults(mut self, faults: FaultConfig) -> Self {
        self.faults = faults;
        self
    }
}

/// Where the server's certificate comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TlsConfig {
    /// Generate a self-signed certificate at start for `localhost`, `127.0.0.1` and `::1`.
    SelfSigned,
    /// PEM files: certificate chain (leaf first) and private key (PKCS#8, PKCS#1 or SEC1).
    Files {
        /// Certificate chain PEM file.
        cert: PathBuf,
        /// Private key PEM file.
        key: PathBuf,
    },
}

/// Admin endpoints (`GET /stats`, `GET/POST /admin/faults`, `POST /admin/reset`,
/// `POST /admin/stats/reset`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AdminConfig {
    /// Serve the admin endpoints on their own plain-HTTP port instead of the main
    /// port (0 = ephemeral). `None` = on the main port.
    pub port: Option<u16>,
    /// Host for the admin port. It also decides who may call the admin endpoints:
    /// when it is a loopback address only loopback peers are answered (others get
    /// 403); any other value (e.g. `0.0.0.0`) lets every peer in.
    pub host: String,
}

impl Default for AdminConfig {
    fn default() -> Self {
        Self {
            port: None,
            host: "127.0.0.1".to_string(),
        }
    }
}

impl AdminConfig {
    /// Whether peers outside loopback may call the admin endpoints.
    pub fn allows_remote_peers(&self) -> bool {
        let host = self.host.trim_start_matches('[').trim_end_matches(']');
        if host.eq_ignore_ascii_case("localhost") {
            return false;
        }
        match host.parse::<IpAddr>() {
            Ok(ip) => !ip.to_canonical().is_loopback(),
            Err(_) => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_api_key_and_secret() {
        let text = format!(
            "{:?}",
            ServerConfig::default()
                .api_key("s3cr3t-key")
                .auth_secret(AuthSecret::new("a-secret-of-thirty-two-bytes-or-more").unwrap())
        );
        assert!(!text.contains("s3cr3t-key"), "{text}");
        assert!(!text.contains("thirty-two"), "{text}");
        assert!(text.contains("<redacted>"));
    }
}
