//! Errors returned when a server cannot be configured or started.

use std::fmt;
use std::io;
use std::net::SocketAddr;

/// Why a server could not start.
#[derive(Debug)]
pub enum ServerError {
    /// A configuration value is invalid (the message says which).
    InvalidConfig(String),
    /// The host name could not be resolved.
    Resolve {
        /// The host as configured.
        host: String,
        /// The resolver's error (or "no addresses").
        source: io::Error,
    },
    /// Binding or listening failed (e.g. address in use, permission denied).
    Bind {
        /// The address the server tried to listen on.
        addr: SocketAddr,
        /// The OS error.
        source: io::Error,
    },
    /// TLS setup failed: unreadable or invalid certificate or key.
    Tls(String),
    /// The background runtime or thread could not be created.
    Runtime(io::Error),
}

impl fmt::Display for ServerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ServerError::InvalidConfig(msg) => write!(f, "invalid configuration: {msg}"),
            ServerError::Resolve { host, source } => {
                write!(f, "cannot resolve host {host:?}: {source}")
            }
            ServerError::Bind { addr, source } => write!(f, "cannot listen on {addr}: {source}"),
            ServerError::Tls(msg) => write!(f, "TLS setup failed: {msg}"),
            ServerError::Runtime(e) => write!(f, "cannot start the server runtime: {e}"),
        }
    }
}

impl std::error::Error for ServerError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ServerError::Resolve { source, .. } | ServerError::Bind { source, .. } => Some(source),
            ServerError::Runtime(e) => Some(e),
            ServerError::InvalidConfig(_) | ServerError::Tls(_) => None,
        }
    }
}
