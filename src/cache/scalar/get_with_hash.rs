//! `GetWithHash`: read one value with the server's hash of it.

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::get_with_hash_response::Result as Outcome;

use crate::cache::{IntoBytes, MomentoRequest, Prepared, RequestDefaults, Value, key};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Reads the value under a key together with its hash, for a later
/// [`SetIfHashRequest`](crate::cache::SetIfHashRequest). Hashes are opaque bytes computed by
/// the server.
///
/// ```
/// # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
/// # let server = edgecache_server::spawn(edgecache_server::ServerConfig::new()).unwrap();
/// # let client = edgecache::CacheClient::builder()
/// #     .default_ttl(std::time::Duration::from_secs(60))
/// #     .credential_provider(edgecache::CredentialProvider::local_at("127.0.0.1", server.addr().port()))
/// #     .build()?;
/// # client.create_cache("cache").await?;
/// # client.set("cache", "doc", "draft").await?;
/// use edgecache::cache::{GetWithHashResponse, SetIfHashCondition, SetIfHashResponse};
///
/// // Optimistic concurrency: update the value only if nobody changed it meanwhile.
/// if let GetWithHashResponse::Hit { value, hash } = client.get_with_hash("cache", "doc").await? {
///     let updated = format!("{}!", value.as_str().unwrap_or_default());
///     let condition = SetIfHashCondition::PresentAndHashEqual(hash);
///     match client.set_if_hash("cache", "doc", updated, condition).await? {
///         SetIfHashResponse::Stored { .. } => println!("updated"),
///         SetIfHashResponse::NotStored => println!("someone else got there first"),
///     }
/// }
/// # Ok::<(), edgecache::CacheError>(()) }).unwrap();
/// ```
#[derive(Clone, Debug)]
pub struct GetWithHashRequest {
    cache_name: String,
    key: Vec<u8>,
}

impl GetWithHashRequest {
    /// Reads `key` from `cache_name`.
    pub fn new(cache_name: impl Into<String>, key: impl IntoBytes) -> Self {
        GetWithHashRequest {
            cache_name: cache_name.into(),
            key: key.into_bytes(),
        }
    }
}

/// The value and its hash, or a miss.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GetWithHashResponse {
    /// The key holds a value.
    Hit {
        /// The stored value.
        value: Value,
        /// The server's hash of the value.
        hash: Vec<u8>,
    },
    /// The key holds nothing.
    Miss,
}

impl GetWithHashResponse {
    /// The value on a hit.
    pub fn value(&self) -> Option<&Value> {
        match self {
            GetWithHashResponse::Hit { value, .. } => Some(value),
            GetWithHashResponse::Miss => None,
        }
    }

    /// The hash on a hit.
    pub fn hash(&self) -> Option<&[u8]> {
        match self {
            GetWithHashResponse::Hit { hash, .. } => Some(hash),
            GetWithHashResponse::Miss => None,
        }
    }
}

impl MomentoRequest for GetWithHashRequest {
    type Response = GetWithHashResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<GetWithHashResponse>> {
        let request = wire::GetWithHashRequest {
            cache_key: key("key", self.key)?,
        };
        Prepared::unary(
            rpc::GET_WITH_HASH,
            &self.cache_name,
            request,
            |reply: wire::GetWithHashResponse| match reply.result {
                Some(Outcome::Found(found)) => Ok(GetWithHashResponse::Hit {
                    value: Value(found.value),
                    hash: found.hash,
                }),
                Some(Outcome::Missing(_)) => Ok(GetWithHashResponse::Miss),
                None => Err(CacheError::unexpected_reply(
                    "get-with-hash answer has no result",
                )),
            },
        )
    }
}

// The shortcut lives here, next to its request; it belongs with the other scalar shortcuts in
// `client/scalar.rs`.

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::test_support::{answer, prepare, rejected, sent};
    use edgecache_proto::cache_client::get_with_hash_response::{Found, Missing};

    #[test]
    fn hit_miss_and_nothing() {
        let (path, request): (_, wire::GetWithHashRequest) =
            sent(&prepare(GetWithHashRequest::new("c", "k")));
        assert_eq!(path, "/cache_client.Scs/GetWithHash");
        assert_eq!(request.cache_key, b"k");
        let found = wire::GetWithHashResponse {
            result: Some(Outcome::Found(Found {
                value: b"v".to_vec(),
                hash: vec![1, 2],
            })),
        };
        let hit = answer(prepare(GetWithHashRequest::new("c", "k")), found).unwrap();
        assert_eq!(hit.hash(), Some(&[1u8, 2][..]));
        assert_eq!(hit.value().unwrap().as_bytes(), b"v");
        let missing = wire::GetWithHashResponse {
            result: Some(Outcome::Missing(Missing {})),
        };
        let miss = answer(prepare(GetWithHashRequest::new("c", "k")), missing).unwrap();
        assert_eq!(miss, GetWithHashResponse::Miss);
        let nothing = wire::GetWithHashResponse::default();
        assert!(answer(prepare(GetWithHashRequest::new("c", "k")), nothing).is_err());
        rejected(GetWithHashRequest::new("c", ""), "key");
    }
}
