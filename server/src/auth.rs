//! API-key check on the `authorization` header, in constant time.

use http::HeaderMap;
use subtle::ConstantTimeEq;

/// The expected `authorization` value. Its `Debug` output never shows the key.
#[derive(Clone)]
pub(crate) struct ApiKey(Box<[u8]>);

impl std::fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ApiKey(<redacted>)")
    }
}

impl ApiKey {
    pub(crate) fn new(key: &str) -> Self {
        Self(key.as_bytes().into())
    }

    /// Whether `headers` carry `authorization` equal to the key, byte for byte
    /// (no `Bearer ` prefix, as Momento clients send it).
    pub(crate) fn accepts(&self, headers: &HeaderMap) -> bool {
        let mut values = headers.get_all(http::header::AUTHORIZATION).iter();
        match (values.next(), values.next()) {
            (Some(value), None) => bool::from(value.as_bytes().ct_eq(&self.0)),
            _ => false,
        }
    }
}

/// gRPC paths that need no key: `cache_client.Ping` (clients send no key on Ping).
pub(crate) fn is_public_grpc_path(path: &str) -> bool {
    path.starts_with("/cache_client.Ping/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_match_only() {
        let key = ApiKey::new("secret");
        let mut headers = HeaderMap::new();
        assert!(!key.accepts(&headers));
        headers.insert("authorization", "secret".parse().unwrap());
        assert!(key.accepts(&headers));
        headers.insert("authorization", "Bearer secret".parse().unwrap());
        assert!(!key.accepts(&headers));
        headers.insert("authorization", "secre".parse().unwrap());
        assert!(!key.accepts(&headers));
        headers.insert("authorization", "secret".parse().unwrap());
        headers.append("authorization", "secret".parse().unwrap());
        assert!(!key.accepts(&headers));
        assert!(!format!("{key:?}").contains("secret"));
    }

    #[test]
    fn ping_is_public() {
        assert!(is_public_grpc_path("/cache_client.Ping/Ping"));
        assert!(!is_public_grpc_path("/cache_client.Scs/Get"));
        assert!(!is_public_grpc_path(
            "/control_client.ScsControl/CreateCache"
        ));
    }
}
