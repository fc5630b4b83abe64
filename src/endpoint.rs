//! Endpoint URLs, checked once when a client is built: scheme, host, port, and the rule that
//! plain `http://` goes only to loopback unless explicitly allowed.

use std::net::IpAddr;

use http::Uri;

use crate::error::CacheError;

/// Where one transport sends its requests.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Origin {
    /// `https://` (TLS) rather than `http://`.
    pub(crate) tls: bool,
    /// The host without brackets: a name, or an IPv4 or IPv6 address.
    pub(crate) host: String,
    pub(crate) port: u16,
    /// `scheme://authority` plus any path prefix, without a trailing `/`.
    pub(crate) url: String,
}

impl Origin {
    /// Parses an endpoint URL. `argument` names it in errors.
    pub(crate) fn parse(
        argument: &str,
        url: &str,
        allow_insecure_http: bool,
    ) -> Result<Origin, CacheError> {
        let uri: Uri = url.parse().map_err(|e| {
            CacheError::invalid_argument(argument, format!("is not a valid URL ({url:?}): {e}"))
        })?;
        let tls = match uri.scheme_str() {
            Some("https") => true,
            Some("http") => false,
            Some(other) => {
                return Err(CacheError::invalid_argument(
                    argument,
                    format!("must use http or https, not {other:?}"),
                ));
            }
            None => {
                return Err(CacheError::invalid_argument(
                    argument,
                    format!("has no scheme: {url:?}"),
                ));
            }
        };
        let host = uri
            .host()
            .filter(|h| !h.is_empty())
            .ok_or_else(|| CacheError::invalid_argument(argument, format!("has no host: {url:?}")))?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        if uri.query().is_some() {
            return Err(CacheError::invalid_argument(
                argument,
                format!("must not have a query: {url:?}"),
            ));
        }
        if !tls && !allow_insecure_http && !is_loopback(&host) {
            return Err(CacheError::invalid_argument(
                argument,
                format!(
                    "uses plain http:// to {host}, which is not loopback; use https:// or call CredentialProvider::allow_insecure_http()"
                ),
            ));
        }
        let port = uri.port_u16().unwrap_or(if tls { 443 } else { 80 });
        let authority = uri.authority().map(|a| a.as_str()).unwrap_or_default();
        let prefix = uri.path().trim_end_matches('/');
        Ok(Origin {
            tls,
            url: format!(
                "{}://{authority}{prefix}",
                if tls { "https" } else { "http" }
            ),
            host,
            port,
        })
    }
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_https_and_loopback_http() {
        let origin = Origin::parse("endpoint", "https://web.cache.example.com", false).unwrap();
        assert!(origin.tls);
        assert_eq!(
            (origin.host.as_str(), origin.port),
            ("web.cache.example.com", 443)
        );
        assert_eq!(origin.url, "https://web.cache.example.com");

        for url in [
            "http://127.0.0.1:8080",
            "http://localhost:1",
            "http://[::1]:9",
            "http://127.9.9.9",
        ] {
            assert!(Origin::parse("endpoint", url, false).is_ok(), "{url}");
        }
        let ipv6 = Origin::parse("endpoint", "http://[::1]:9", false).unwrap();
        assert_eq!((ipv6.host.as_str(), ipv6.port), ("::1", 9));
        let prefixed = Origin::parse("endpoint", "https://h/prefix/", false).unwrap();
        assert_eq!(prefixed.url, "https://h/prefix");
    }

    #[test]
    fn refuses_plain_http_to_other_hosts_unless_allowed() {
        let err = Origin::parse("cache_endpoint", "http://10.0.0.5:8080", false).unwrap_err();
        assert!(
            err.message.starts_with("cache_endpoint uses plain http://"),
            "{}",
            err.message
        );
        assert!(Origin::parse("cache_endpoint", "http://10.0.0.5:8080", true).is_ok());
    }

    #[test]
    fn rejects_malformed_urls_by_argument_name() {
        for url in [
            "ftp://x",
            "://",
            "no-scheme",
            "https://",
            "https://h?x=1",
            "http://exa mple",
        ] {
            let err = Origin::parse("cache_endpoint", url, true).unwrap_err();
            assert!(
                err.message.starts_with("cache_endpoint"),
                "{url}: {}",
                err.message
            );
        }
    }
}
