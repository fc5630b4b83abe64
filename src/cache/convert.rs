//! Turning responses into plain Rust values: text from bytes, and the `TryFrom`
//! conversions of hit-or-miss responses into collections.

use crate::error::{CacheError, CacheResult, ErrorCode};

/// The error for converting a miss into the collection it would have held.
///
/// Conversions of a `Miss` fail with [`ErrorCode::UnknownError`] and a message that starts
/// with `"miss:"`; match on the response first to treat a miss differently.
pub(crate) fn miss_error(operation: &str) -> CacheError {
    CacheError::new(
        ErrorCode::UnknownError,
        format!("miss: the {operation} answer is a miss, so there is nothing to convert"),
    )
}

/// Bytes read back as text. Failures use [`ErrorCode::UnknownError`] and name what was not
/// text.
pub(crate) fn utf8(what: &str, bytes: Vec<u8>) -> CacheResult<String> {
    String::from_utf8(bytes).map_err(|e| {
        CacheError::new(
            ErrorCode::UnknownError,
            format!("{what} is not valid UTF-8: {e}"),
        )
    })
}

/// Every entry as text, or the error naming the first that is not.
pub(crate) fn utf8_all(what: &str, items: Vec<Vec<u8>>) -> CacheResult<Vec<String>> {
    items
        .into_iter()
        .enumerate()
        .map(|(i, bytes)| utf8(&format!("{what} {i}"), bytes))
        .collect()
}

/// `TryFrom` conversions from a `Hit { values: Vec<Vec<u8>> } | Miss` response into
/// `Vec<Vec<u8>>` and `Vec<String>` (plus any extra collection built from those).
macro_rules! values_conversions {
    ($response:ident, $operation:literal $(, $extra:ty)*) => {
        impl TryFrom<$response> for Vec<Vec<u8>> {
            type Error = $crate::error::CacheError;

            /// The values on a hit; a miss is an error (see the response's docs).
            fn try_from(response: $response) -> Result<Self, Self::Error> {
                match response {
                    $response::Hit { values } => Ok(values.into()),
                    $response::Miss => Err($crate::cache::miss_error($operation)),
                }
            }
        }

        impl TryFrom<$response> for Vec<String> {
            type Error = $crate::error::CacheError;

            /// The values as text on a hit; a miss or non-UTF-8 value is an error.
            fn try_from(response: $response) -> Result<Self, Self::Error> {
                $crate::cache::utf8_all("value", Vec::<Vec<u8>>::try_from(response)?)
            }
        }

        $(
            impl TryFrom<$response> for $extra {
                type Error = $crate::error::CacheError;

                /// The values on a hit, collected; a miss or non-UTF-8 text is an error.
                fn try_from(response: $response) -> Result<Self, Self::Error> {
                    Ok(Vec::try_from(response)?.into_iter().collect())
                }
            }
        )*
    };
}
pub(crate) use values_conversions;

/// For a `Hit { value: Value, .. } | Miss` response: a `value()` accessor, `Option<Value>`
/// from it, and `TryFrom` into `Vec<u8>` and `String` (a miss is then an error).
macro_rules! value_conversions {
    ($response:ident, $operation:literal) => {
        impl $response {
            /// The value on a hit.
            pub fn value(&self) -> Option<&$crate::cache::Value> {
                match self {
                    $response::Hit { value, .. } => Some(value),
                    $response::Miss => None,
                }
            }
        }

        impl From<$response> for Option<$crate::cache::Value> {
            fn from(response: $response) -> Self {
                match response {
                    $response::Hit { value, .. } => Some(value),
                    $response::Miss => None,
                }
            }
        }

        impl TryFrom<$response> for Vec<u8> {
            type Error = $crate::error::CacheError;

            /// The value's bytes on a hit; a miss is an error.
            fn try_from(response: $response) -> Result<Self, Self::Error> {
                Option::<$crate::cache::Value>::from(response)
                    .map($crate::cache::Value::into_bytes)
                    .ok_or_else(|| $crate::cache::miss_error($operation))
            }
        }

        impl TryFrom<$response> for String {
            type Error = $crate::error::CacheError;

            /// The value as text on a hit; a miss or non-UTF-8 value is an error.
            fn try_from(response: $response) -> Result<Self, Self::Error> {
                $crate::cache::utf8("value", Vec::<u8>::try_from(response)?)
            }
        }
    };
}
pub(crate) use value_conversions;

/// `TryFrom<$response> for $target` for a `Hit { $field, .. } | Miss` response, as the
/// `momento` crate offers (`u32` from a length, `Duration` from a TTL, ...).
macro_rules! hit_conversion {
    ($response:ident, $field:ident: $target:ty, $operation:literal) => {
        impl TryFrom<$response> for $target {
            type Error = $crate::error::CacheError;

            /// The hit's answer; a miss is an error (see the response's docs).
            fn try_from(response: $response) -> Result<Self, Self::Error> {
                match response {
                    $response::Hit { $field, .. } => Ok($field),
                    $response::Miss => Err($crate::cache::miss_error($operation)),
                }
            }
        }
    };
}
pub(crate) use hit_conversion;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversion_errors() {
        let miss = miss_error("ListFetch");
        assert_eq!(miss.error_code, ErrorCode::UnknownError);
        assert!(miss.message.starts_with("miss:") && miss.message.contains("ListFetch"));
        assert_eq!(utf8("value", b"ok".to_vec()).unwrap(), "ok");
        let err = utf8_all("value", vec![b"a".to_vec(), vec![0xff]]).unwrap_err();
        assert_eq!(err.error_code, ErrorCode::UnknownError);
        assert!(err.message.starts_with("value 1 is not valid UTF-8"));
    }
}
