//! Command-line flags of the `edgecache-server` binary and their mapping to [`ServerConfig`].

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};

use crate::auth::AuthSecret;
use crate::config::{AdminConfig, ServerConfig, TlsConfig};
use crate::error::ServerError;
use crate::faults::{DropKind, FaultConfig};
use crate::store::StoreConfig;
use crate::topics::TopicConfig;

const MIB: u64 = 1024 * 1024;

/// A local, in-memory, Momento-compatible cache server (gRPC, gRPC-web, CORS).
#[derive(Parser)]
#[command(
    name = "edgecache-server",
    version,
    about,
    args_conflicts_with_subcommands = true
)]
pub struct Cli {
    /// Run a tool instead of the server.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Host or IP address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,

    /// Port to listen on (0 = pick a free one; the listening line shows it).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,

    /// Serve TLS (h2 and http/1.1 via ALPN); without --cert/--key a self-signed
    /// certificate for localhost, 127.0.0.1 and ::1 is generated at start.
    #[arg(long)]
    pub tls: bool,

    /// PEM certificate chain (implies --tls).
    #[arg(long, value_name = "PATH", requires = "key")]
    pub cert: Option<PathBuf>,

    /// PEM private key (implies --tls).
    #[arg(long, value_name = "PATH", requires = "cert")]
    pub key: Option<PathBuf>,

    /// Write the certificate in use (e.g. the generated one) as PEM to this file (TLS only).
    #[arg(long, value_name = "PATH")]
    pub write_cert: Option<PathBuf>,

    /// Check credentials: every request except Ping needs a key or token signed with the
    /// secret in this file (at least 32 bytes; surrounding whitespace is ignored), and is
    /// held to its permissions. Make keys with `edgecache-server mint-key`.
    #[arg(long, value_name = "PATH")]
    pub auth_secret_file: Option<PathBuf>,

    /// The endpoint written into the keys and tokens the server issues (default: the
    /// address it listens on).
    #[arg(long, value_name = "HOST:PORT")]
    pub endpoint: Option<String>,

    /// A fixed super-user key: every request except Ping needs a credential, and
    /// `authorization: KEY` is one (also for the admin endpoints). Combines with
    /// --auth-secret-file.
    #[arg(
        long,
        value_name = "KEY",
        env = "EDGECACHE_API_KEY",
        hide_env_values = true
    )]
    pub api_key: Option<String>,

    /// Create this cache at start (repeatable), so clients need no CreateCache call.
    #[arg(long = "cache", value_name = "NAME")]
    pub caches: Vec<String>,

    /// Memory budget of the store, in MiB.
    #[arg(long, default_value_t = 256, value_parser = clap::value_parser!(u64).range(1..=1_048_576))]
    pub max_memory_mb: u64,

    /// Largest item (key + value), in MiB.
    #[arg(long, default_value_t = 5, value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub max_item_size_mb: u64,

    /// Topics: a subscription that has sent nothing for this long sends a heartbeat, in ms.
    #[arg(long, default_value_t = 5000, value_name = "MS", value_parser = clap::value_parser!(u64).range(1..))]
    pub topic_heartbeat_ms: u64,

    /// Topics: messages kept per topic so resuming subscribers can catch up.
    #[arg(long, default_value_t = 1000, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub topic_history: u64,

    /// Topics: MiB of messages kept for resuming, over all topics together.
    #[arg(long, default_value_t = 64, value_name = "MIB", value_parser = clap::value_parser!(u64).range(1..=65_536))]
    pub topic_history_mb: u64,

    /// Topics: largest message a publish may carry, in bytes (the hosted service allows 4 KiB).
    #[arg(long, default_value_t = 4096, value_name = "BYTES", value_parser = clap::value_parser!(u64).range(0..=10_000_000))]
    pub topic_max_message_bytes: u64,

    /// Topics: concurrent subscriptions per cache (more are refused with RESOURCE_EXHAUSTED).
    #[arg(long, default_value_t = 100, value_name = "N", value_parser = clap::value_parser!(u64).range(0..=1_000_000))]
    pub topic_max_subscriptions: u64,

    /// Serve /stats and /admin/* on this separate plain-HTTP port instead of the main one.
    #[arg(long, value_name = "PORT")]
    pub admin_port: Option<u16>,

    /// Host of the admin port. A non-loopback value also lets non-loopback peers
    /// use the admin endpoints (loopback only by default).
    #[arg(long, default_value = "127.0.0.1")]
    pub admin_host: String,

    /// Fault: fixed delay added to every gRPC request, in ms.
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,

    /// Fault: random extra delay up to this many ms.
    #[arg(long, default_value_t = 0)]
    pub jitter_ms: u64,

    /// Fault: percentage (0-100) of gRPC requests answered with --error-code.
    #[arg(long, default_value_t = 0.0, value_parser = parse_percent)]
    pub error_percent: f64,

    /// Fault: gRPC status code of injected errors (1-16, 14 = UNAVAILABLE).
    #[arg(long, default_value_t = 14, value_parser = clap::value_parser!(i32).range(1..=16))]
    pub error_code: i32,

    /// Fault: accept gRPC requests but never answer (until cleared via /admin).
    #[arg(long)]
    pub stall: bool,

    /// Fault: a connection serves N requests; request N+1 closes it abruptly (reset), or
    /// request N starts a graceful close (goaway, N >= 1).
    #[arg(long, value_name = "N")]
    pub drop_connection_after: Option<u64>,

    /// Fault: how a dropped connection ends: reset (TCP RST) or goaway (HTTP/2 GOAWAY with the
    /// last stream taken in; what was taken in is answered, open subscriptions end).
    #[arg(long, default_value = "reset", value_name = "reset|goaway")]
    pub drop_connection_kind: DropKind,

    /// Fault: every subscription stream ends normally after N items.
    #[arg(long, value_name = "N")]
    pub stream_end_after_items: Option<u64>,

    /// Fault: a subscription stream that has sent N items drops its connection (see
    /// --drop-connection-kind) when it has its next message to send.
    #[arg(long, value_name = "N")]
    pub stream_drop_connection_after_items: Option<u64>,

    /// Fault: subscription streams send no periodic heartbeats (the first message still goes out).
    #[arg(long)]
    pub stop_heartbeats: bool,
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// Tools run instead of the server.
#[derive(Subcommand)]
pub enum Command {
    /// Print a new API key on one line, in the v1 format the official SDKs read
    /// (`CredentialProvider.fromString`), signed with the auth secret.
    MintKey(MintKey),
}

/// Flags of `mint-key`.
#[derive(Args)]
pub struct MintKey {
    /// The secret file the server is started with (`--auth-secret-file`).
    #[arg(long, value_name = "PATH")]
    pub auth_secret_file: PathBuf,

    /// Make a super-user key (every RPC, cache management and token minting included).
    /// Scoped keys and tokens come from the server's auth RPCs.
    #[arg(long, required = true)]
    pub super_user: bool,

    /// The key stops working after this many seconds (default: never).
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub expires_in_seconds: Option<u64>,

    /// The endpoint written into the key: where clients connect.
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
    pub endpoint: String,
}

impl MintKey {
    /// The key line `mint-key` prints.
    pub fn run(&self) -> Result<String, ServerError> {
        let secret = AuthSecret::from_file(&self.auth_secret_file)?;
        Ok(crate::auth::mint_super_user_key(
            &secret,
            &self.endpoint,
            self.expires_in_seconds,
        ))
    }
}

fn parse_percent(s: &str) -> Result<f64, String> {
    let v: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if (0.0..=100.0).contains(&v) {
        Ok(v)
    } else {
        Err(format!("{v} is not between 0 and 100"))
    }
}

impl Cli {
    /// The secret named by `--auth-secret-file`, read and checked.
    pub fn auth_secret(&self) -> Result<Option<AuthSecret>, ServerError> {
        self.auth_secret_file
            .as_ref()
            .map(AuthSecret::from_file)
            .transpose()
    }

    /// The server configuration these flags describe (all but the auth secret, which
    /// [`Self::auth_secret`] reads from its file).
    pub fn to_config(&self) -> ServerConfig {
        let tls = match (&self.cert, &self.key) {
            (Some(cert), Some(key)) => Some(TlsConfig::Files {
                cert: cert.clone(),
                key: key.clone(),
            }),
            _ if self.tls => Some(TlsConfig::SelfSigned),
            _ => None,
        };
        let store = StoreConfig {
            max_memory_bytes: self.max_memory_mb.saturating_mul(MIB),
            max_item_size_bytes: usize::try_from(self.max_item_size_mb.saturating_mul(MIB))
                .unwrap_or(usize::MAX),
            ..StoreConfig::default()
        };
        let topics = TopicConfig {
            heartbeat_interval: Duration::from_millis(self.topic_heartbeat_ms),
            history_per_topic: to_usize(self.topic_history),
            history_bytes: to_usize(self.topic_history_mb.saturating_mul(MIB)),
            max_message_bytes: to_usize(self.topic_max_message_bytes),
            max_subscriptions_per_cache: to_usize(self.topic_max_subscriptions),
        };
        ServerConfig {
            host: self.host.clone(),
            port: self.port,
            tls,
            api_key: self.api_key.clone(),
            auth_secret: None,
            endpoint: self.endpoint.clone(),
            store,
            topics,
            admin: AdminConfig {
                port: self.admin_port,
                host: self.admin_host.clone(),
            },
            faults: FaultConfig {
                latency_ms: self.latency_ms,
                jitter_ms: self.jitter_ms,
                error_percent: self.error_percent,
                error_code: self.error_code,
                stall: self.stall,
                drop_connection_after: self.drop_connection_after,
                drop_connection_kind: self.drop_connection_kind,
                stream_end_after_items: self.stream_end_after_items,
                stream_drop_connection_after_items: self.stream_drop_connection_after_items,
                stop_heartbeats: self.stop_heartbeats,
            },
            caches: self.caches.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let cli = Cli::try_parse_from(["edgecache-server"]).unwrap();
        let config = cli.to_config();
        assert_eq!(config.host, "127.0.0.1");
        assert_eq!(config.port, 8080);
        assert!(config.tls.is_none());
        assert_eq!(config.store.max_memory_bytes, 256 * MIB);
        assert_eq!(config.store.max_item_size_bytes, 5 * MIB as usize);
        assert_eq!(config.faults, FaultConfig::default());
        assert_eq!(config.admin, AdminConfig::default());
        assert_eq!(config.topics, TopicConfig::default());
    }

    #[test]
    fn topic_and_stream_fault_flags() {
        let cli = Cli::try_parse_from([
            "edgecache-server",
            "--topic-heartbeat-ms",
            "250",
            "--topic-history",
            "10",
            "--topic-history-mb",
            "2",
            "--topic-max-message-bytes",
            "100",
            "--topic-max-subscriptions",
            "7",
            "--drop-connection-after",
            "4",
            "--drop-connection-kind",
            "goaway",
            "--stream-end-after-items",
            "5",
            "--stream-drop-connection-after-items",
            "6",
            "--stop-heartbeats",
        ])
        .unwrap();
        let config = cli.to_config();
        assert_eq!(
            config.topics,
            TopicConfig {
                heartbeat_interval: Duration::from_millis(250),
                history_per_topic: 10,
                history_bytes: 2 * MIB as usize,
                max_message_bytes: 100,
                max_subscriptions_per_cache: 7,
            }
        );
        assert_eq!(config.faults.drop_connection_after, Some(4));
        assert_eq!(config.faults.drop_connection_kind, DropKind::Goaway);
        assert_eq!(config.faults.stream_end_after_items, Some(5));
        assert_eq!(config.faults.stream_drop_connection_after_items, Some(6));
        assert!(config.faults.stop_heartbeats);
    }

    #[test]
    fn flags() {
        let cli = Cli::try_parse_from([
            "edgecache-server",
            "--port",
            "0",
            "--cert",
            "c.pem",
            "--key",
            "k.pem",
            "--error-percent",
            "12.5",
            "--error-code",
            "8",
            "--drop-connection-after",
            "3",
            "--admin-port",
            "9000",
        ])
        .unwrap();
        let config = cli.to_config();
        assert_eq!(config.port, 0);
        assert!(matches!(config.tls, Some(TlsConfig::Files { .. })));
        assert_eq!(config.faults.error_percent, 12.5);
        assert_eq!(config.faults.error_code, 8);
        assert_eq!(config.faults.drop_connection_after, Some(3));
        assert_eq!(config.admin.port, Some(9000));
    }

    #[test]
    fn mint_key_flags() {
        let cli = Cli::try_parse_from([
            "edgecache-server",
            "mint-key",
            "--auth-secret-file",
            "secret",
            "--super-user",
            "--expires-in-seconds",
            "60",
        ])
        .unwrap();
        let Some(Command::MintKey(mint)) = cli.command else {
            panic!("not mint-key");
        };
        assert_eq!(mint.expires_in_seconds, Some(60));
        assert_eq!(mint.endpoint, "127.0.0.1:8080");
        assert!(mint.run().is_err(), "no such secret file");
    }

    #[test]
    fn bad_flags_are_rejected() {
        for args in [
            &["x", "--port", "70000"][..],
            &["x", "--error-percent", "101"],
            &["x", "--error-code", "0"],
            &["x", "--cert", "c.pem"],
            &["x", "--bogus"],
            &["x", "--topic-heartbeat-ms", "0"],
            &["x", "--topic-history", "0"],
            &["x", "--drop-connection-kind", "fin"],
            &["x", "mint-key", "--auth-secret-file", "s"],
            &["x", "mint-key", "--super-user"],
            &[
                "x",
                "mint-key",
                "--auth-secret-file",
                "s",
                "--super-user",
                "--expires-in-seconds",
                "0",
            ],
            &[
                "x",
                "--port",
                "1",
                "mint-key",
                "--auth-secret-file",
                "s",
                "--super-user",
            ],
        ] {
            assert!(Cli::try_parse_from(args).is_err(), "{args:?} accepted");
        }
    }
}
