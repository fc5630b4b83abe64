//! Resolving the listen host and binding a TCP listener with SO_REUSEADDR.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use tokio::net::{TcpListener, TcpSocket};

use crate::error::ServerError;

/// Turns `host` (IP literal, optionally in brackets, or a name) and `port` into an address.
pub(crate) async fn resolve(host: &str, port: u16) -> Result<SocketAddr, ServerError> {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return Ok(SocketAddr::new(ip, port));
    }
    if host.is_empty() {
        return Err(ServerError::InvalidConfig("the host is empty".to_string()));
    }
    let mut addrs = tokio::net::lookup_host((host, port))
        .await
        .map_err(|source| ServerError::Resolve {
            host: host.to_string(),
            source,
        })?;
    addrs.next().ok_or_else(|| ServerError::Resolve {
        host: host.to_string(),
        source: io::Error::new(io::ErrorKind::NotFound, "no addresses"),
    })
}

/// Binds with SO_REUSEADDR so a restarted server can take the same port at once.
pub(crate) fn bind(addr: SocketAddr) -> Result<TcpListener, ServerError> {
    let bind_err = |source| ServerError::Bind { addr, source };
    let socket = if addr.is_ipv4() {
        TcpSocket::new_v4()
    } else {
        TcpSocket::new_v6()
    }
    .map_err(bind_err)?;
    socket.set_reuseaddr(true).map_err(bind_err)?;
    socket.bind(addr).map_err(bind_err)?;
    socket.listen(1024).map_err(bind_err)
}

/// The host part of the server URL: the configured host, with unspecified addresses
/// (0.0.0.0, ::) replaced by loopback so the URL is connectable, IPv6 in brackets.
pub(crate) fn url_host(host: &str, bound: SocketAddr) -> String {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<IpAddr>() {
        Ok(ip) => {
            let ip = match ip {
                IpAddr::V4(v4) if v4.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
                IpAddr::V6(v6) if v6.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
                other => other,
            };
            match ip {
                IpAddr::V4(v4) => v4.to_string(),
                IpAddr::V6(v6) => format!("[{v6}]"),
            }
        }
        Err(_) if bare.is_empty() => bound.ip().to_string(),
        Err(_) => bare.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_hosts() {
        let bound: SocketAddr = "127.0.0.1:1".parse().unwrap();
        assert_eq!(url_host("127.0.0.1", bound), "127.0.0.1");
        assert_eq!(url_host("0.0.0.0", bound), "127.0.0.1");
        assert_eq!(url_host("::1", bound), "[::1]");
        assert_eq!(url_host("[::]", bound), "[::1]");
        assert_eq!(url_host("localhost", bound), "localhost");
    }
}
