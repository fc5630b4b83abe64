//! Checks on arguments, made before anything is sent. Each error names the argument, the rule
//! and what was received (never the value itself when it could be large or secret).

use std::time::Duration;

use crate::error::{CacheError, CacheResult};

/// The longest cache name accepted; names travel in a header.
const MAX_CACHE_NAME_LEN: usize = 255;

/// A cache name: not blank, at most 255 characters of printable ASCII (it travels in the
/// `cache` header).
pub(crate) fn cache_name(name: &str) -> CacheResult<String> {
    if name.trim().is_empty() {
        return Err(CacheError::invalid_argument(
            "cache_name",
            "must not be empty or blank",
        ));
    }
    if name.len() > MAX_CACHE_NAME_LEN {
        return Err(CacheError::invalid_argument(
            "cache_name",
            format!(
                "must be at most {MAX_CACHE_NAME_LEN} bytes, got {}",
                name.len()
            ),
        ));
    }
    if let Some(bad) = name.chars().find(|c| !(' '..='~').contains(c)) {
        return Err(CacheError::invalid_argument(
            "cache_name",
            format!("must be printable ASCII, but contains {bad:?}"),
        ));
    }
    Ok(name.to_owned())
}

/// A key (or collection name): must not be empty.
pub(crate) fn key(argument: &str, key: Vec<u8>) -> CacheResult<Vec<u8>> {
    if key.is_empty() {
        return Err(CacheError::invalid_argument(argument, "must not be empty"));
    }
    Ok(key)
}

/// A TTL in whole milliseconds: at least 1 ms, and representable in 64 bits.
pub(crate) fn ttl_millis(argument: &str, ttl: Duration) -> CacheResult<u64> {
    let millis = ttl.as_millis();
    if millis == 0 {
        return Err(CacheError::invalid_argument(
            argument,
            format!("must be at least 1 ms, got {ttl:?}"),
        ));
    }
    u64::try_from(millis)
        .map_err(|_| CacheError::invalid_argument(argument, format!("is too large: {ttl:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cache_names() {
        assert_eq!(cache_name("my-cache").unwrap(), "my-cache");
        for (bad, why) in [
            ("", "empty"),
            ("   ", "empty"),
            ("caché", "printable ASCII"),
            ("a\nb", "printable ASCII"),
        ] {
            let err = cache_name(bad).unwrap_err();
            assert!(err.message.contains(why), "{bad:?}: {}", err.message);
        }
        assert!(
            cache_name(&"x".repeat(256))
                .unwrap_err()
                .message
                .contains("at most 255")
        );
    }

    #[test]
    fn keys_and_ttls() {
        assert!(
            key("key", Vec::new())
                .unwrap_err()
                .message
                .starts_with("key must not be empty")
        );
        assert_eq!(key("key", b"k".to_vec()).unwrap(), b"k");
        assert_eq!(ttl_millis("ttl", Duration::from_secs(60)).unwrap(), 60_000);
        assert!(ttl_millis("ttl", Duration::ZERO).is_err());
        assert!(ttl_millis("ttl", Duration::from_micros(999)).is_err());
        assert!(
            ttl_millis("ttl", Duration::MAX)
                .unwrap_err()
                .message
                .contains("too large")
        );
    }
}
