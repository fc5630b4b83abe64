//! Command-line flags of the `edgecache-server` binary and their mapping to [`ServerConfig`].

use std::path::PathBuf;

use clap::Parser;

use crate::config::{AdminConfig, ServerConfig, TlsConfig};
use crate::faults::FaultConfig;
use crate::store::StoreConfig;

const MIB: u64 = 1024 * 1024;

/// A local, in-memory, Momento-compatible cache server (gRPC, gRPC-web, CORS).
#[derive(Parser)]
#[command(name = "edgecache-server", version, about)]
pub struct Cli {
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

    /// Require `authorization: KEY` on every request except Ping (and on admin endpoints).
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

    /// Fault: a connection serves N requests; request N+1 closes it abruptly.
    #[arg(long, value_name = "N")]
    pub drop_connection_after: Option<u64>,
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
    /// The server configuration these flags describe.
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
        ServerConfig {
            host: self.host.clone(),
            port: self.port,
            tls,
            api_key: self.api_key.clone(),
            store,
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
    fn bad_flags_are_rejected() {
        for args in [
            &["x", "--port", "70000"][..],
            &["x", "--error-percent", "101"],
            &["x", "--error-code", "0"],
            &["x", "--cert", "c.pem"],
            &["x", "--bogus"],
        ] {
            assert!(Cli::try_parse_from(args).is_err(), "{args:?} accepted");
        }
    }
}
