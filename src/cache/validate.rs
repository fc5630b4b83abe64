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

/// A list argument the protocol needs at least one entry in.
pub(crate) fn non_empty<T>(argument: &str, items: Vec<T>) -> CacheResult<Vec<T>> {
    if items.is_empty() {
        return Err(CacheError::invalid_argument(
            argument,
            "must hold at least one entry, got none",
        ));
    }
    Ok(items)
}

/// A count or size that must fit the protocol's `uint32`.
pub(crate) fn fit_u32(argument: &str, value: usize) -> CacheResult<u32> {
    u32::try_from(value).map_err(|_| {
        CacheError::invalid_argument(
            argument,
            format!("must be at most {}, got {value}", u32::MAX),
        )
    })
}

/// An index that must fit the protocol's `sint32`.
// Indexes and ranks are `i32` in the Rust API; only the JavaScript bindings, which read
// them as wider integers, narrow them here.
#[cfg_attr(native, allow(dead_code))]
pub(crate) fn fit_i32(argument: &str, value: i64) -> CacheResult<i32> {
    i32::try_from(value).map_err(|_| {
        CacheError::invalid_argument(
            argument,
            format!("must be between {} and {}, got {value}", i32::MIN, i32::MAX),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

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

    #[test]
    fn shared_checks_name_the_argument() {
        let err = non_empty::<u8>("fields", vec![]).unwrap_err();
        assert_eq!(err.error_code, ErrorCode::InvalidArgumentError);
        assert!(err.message.starts_with("fields must hold at least one"));
        assert_eq!(non_empty("fields", vec![1]).unwrap(), [1]);

        assert_eq!(fit_u32("count", 7).unwrap(), 7);
        let err = fit_u32("count", usize::MAX).unwrap_err();
        assert!(
            err.message
                .starts_with("count must be at most 4294967295, got")
        );

        assert_eq!(fit_i32("start_index", -3).unwrap(), -3);
        let err = fit_i32("start_index", 1 << 40).unwrap_err();
        assert!(err.message.contains("start_index must be between"));
        assert!(err.message.contains(&(1i64 << 40).to_string()));
    }
}
