//! `Get`: read one value.

use edgecache_proto::cache_client as wire;

use crate::cache::{
    IntoBytes, MomentoRequest, Prepared, RequestDefaults, key, utf8, value_conversions,
};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Reads the value stored under a key.
///
/// ```no_run
/// # async fn run(client: edgecache::CacheClient) -> edgecache::CacheResult<()> {
/// use edgecache::cache::{GetRequest, GetResponse};
/// match client.send_request(GetRequest::new("cache", "key")).await? {
///     GetResponse::Hit { value } => println!("hit: {}", value.as_str().unwrap_or("<binary>")),
///     GetResponse::Miss => println!("miss"),
/// }
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
pub struct GetRequest {
    cache_name: String,
    key: Vec<u8>,
}

impl GetRequest {
    /// Reads `key` from `cache_name`.
    pub fn new(cache_name: impl Into<String>, key: impl IntoBytes) -> Self {
        GetRequest {
            cache_name: cache_name.into(),
            key: key.into_bytes(),
        }
    }
}

/// A stored value: bytes, readable as UTF-8 text when it is text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Value(pub(crate) Vec<u8>);

impl Value {
    /// The raw bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bytes, owned.
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }

    /// The value as text, if it is valid UTF-8.
    pub fn as_str(&self) -> Result<&str, std::str::Utf8Error> {
        std::str::from_utf8(&self.0)
    }
}

impl TryFrom<Value> for String {
    type Error = CacheError;

    /// The value as text; fails when it is not UTF-8.
    fn try_from(value: Value) -> Result<Self, Self::Error> {
        utf8("value", value.0)
    }
}

impl From<Value> for Vec<u8> {
    fn from(value: Value) -> Self {
        value.0
    }
}

/// The answer to a [`GetRequest`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GetResponse {
    /// The key holds a value.
    Hit {
        /// The stored value.
        value: Value,
    },
    /// The key holds nothing.
    Miss,
}

value_conversions!(GetResponse, "Get");

impl GetResponse {
    /// Reads one `_GetResponse`, as `Get` and each item of `GetBatch` carry it.
    pub(crate) fn from_wire(reply: wire::GetResponse) -> CacheResult<Self> {
        match wire::ECacheResult::try_from(reply.result) {
            Ok(wire::ECacheResult::Hit) => Ok(GetResponse::Hit {
                value: Value(reply.cache_body),
            }),
            Ok(wire::ECacheResult::Miss) => Ok(GetResponse::Miss),
            _ => Err(CacheError::unexpected_reply(format!(
                "get result {} ({})",
                reply.result,
                if reply.message.is_empty() {
                    "no message"
                } else {
                    &reply.message
                }
            ))),
        }
    }
}

impl MomentoRequest for GetRequest {
    type Response = GetResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<GetResponse>> {
        let request = wire::GetRequest {
            cache_key: key("key", self.key)?,
        };
        Prepared::unary(rpc::GET, &self.cache_name, request, GetResponse::from_wire)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hit_miss_and_anything_else() {
        let hit = wire::GetResponse {
            result: wire::ECacheResult::Hit as i32,
            cache_body: b"v".to_vec(),
            message: String::new(),
        };
        assert_eq!(
            GetResponse::from_wire(hit).unwrap(),
            GetResponse::Hit {
                value: Value(b"v".to_vec())
            }
        );
        let miss = wire::GetResponse {
            result: wire::ECacheResult::Miss as i32,
            ..Default::default()
        };
        assert_eq!(GetResponse::from_wire(miss).unwrap(), GetResponse::Miss);
        for result in [0, 1, 99] {
            let odd = wire::GetResponse {
                result,
                message: "boom".into(),
                ..Default::default()
            };
            let err = GetResponse::from_wire(odd).unwrap_err();
            assert_eq!(err.error_code, crate::ErrorCode::UnknownError);
            assert!(err.message.contains("boom"));
        }
    }

    #[test]
    fn value_conversions() {
        let value = Value(b"text".to_vec());
        assert_eq!(value.as_str().unwrap(), "text");
        assert_eq!(String::try_from(value.clone()).unwrap(), "text");
        assert!(Value(vec![0xff]).as_str().is_err());
        assert_eq!(Vec::<u8>::from(value), b"text");
    }
}
