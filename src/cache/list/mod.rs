//! Lists: ordered sequences stored under one key.
//!
//! Every write takes a [`CollectionTtl`] through `.ttl(..)`; reads answer `Hit { .. }` or
//! `Miss`.
//!
//! **Indexes** (fetch and retain) follow Python slices: `start_index` is inclusive and
//! defaults to 0, `end_index` is exclusive and defaults to the length, negative values count
//! from the end (-1 is the last element), bounds past either end are clamped, and a start at
//! or after the end selects nothing. Indexes are `i32`, the protocol's type and the
//! `momento` crate's, and truncation sizes are `u32` as there.
//!
//! **Truncation**: pushing or concatenating at the front can cut the back down to a size, and
//! the other way round; the reported `list_length` is the length after truncation.
//!
//! A fetch answer converts with `TryFrom` into `Vec<Vec<u8>>` or `Vec<String>`, and a pop
//! answer into `Vec<u8>` or `String`; a `Miss` (or bytes that are not UTF-8, for `String`)
//! is then an error with [`ErrorCode::UnknownError`](crate::ErrorCode::UnknownError) whose
//! message starts with `"miss:"`.
//!
//! ```
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! # let server = edgecache_server::spawn(edgecache_server::ServerConfig::new()).unwrap();
//! # let client = edgecache::CacheClient::builder()
//! #     .default_ttl(std::time::Duration::from_secs(60))
//! #     .credential_provider(edgecache::CredentialProvider::local_at("127.0.0.1", server.addr().port()))
//! #     .build()?;
//! # client.create_cache("cache").await?;
//! use edgecache::cache::{ListFetchRequest, ListPushBackRequest};
//!
//! client.list_concatenate_back("cache", "recent", ["a", "b", "c"]).await?;
//! // Keep only the 3 newest entries.
//! client
//!     .send_request(ListPushBackRequest::new("cache", "recent", "d").truncate_front_to_size(3))
//!     .await?;
//! let last_two: Vec<String> = client
//!     .send_request(ListFetchRequest::new("cache", "recent").start_index(-2))
//!     .await?
//!     .try_into()?;
//! assert_eq!(last_two, ["c", "d"]);
//! # Ok::<(), edgecache::CacheError>(()) }).unwrap();
//! ```

mod concatenate_back;
mod concatenate_front;
mod erase;
mod fetch;
mod length;
mod pop_back;
mod pop_front;
mod push_back;
mod push_front;
mod remove_value;
mod retain;

pub use concatenate_back::{ListConcatenateBackRequest, ListConcatenateBackResponse};
pub use concatenate_front::{ListConcatenateFrontRequest, ListConcatenateFrontResponse};
pub use erase::{ListEraseRequest, ListEraseResponse};
pub use fetch::{ListFetchRequest, ListFetchResponse};
pub use length::{ListLengthRequest, ListLengthResponse};
pub use pop_back::{ListPopBackRequest, ListPopBackResponse};
pub use pop_front::{ListPopFrontRequest, ListPopFrontResponse};
pub use push_back::{ListPushBackRequest, ListPushBackResponse};
pub use push_front::{ListPushFrontRequest, ListPushFrontResponse};
pub use remove_value::{ListRemoveValueRequest, ListRemoveValueResponse};
pub use retain::{ListRetainRequest, ListRetainResponse};

use crate::cache::{CollectionTtl, RequestDefaults, key};
use crate::error::{CacheError, CacheResult};

/// The argument name of every list's key.
const NAME: &str = "list_name";

/// The checked parts every push and concatenate sends.
struct Insert {
    list_name: Vec<u8>,
    ttl_milliseconds: u64,
    refresh_ttl: bool,
    /// 0 when no truncation was asked for.
    truncate_to_size: u32,
}

impl Insert {
    /// Checks the list name, the TTL policy and the truncation size (named `truncate_argument`;
    /// 0 is rejected because the protocol reads it as "no truncation").
    fn check(
        list_name: Vec<u8>,
        ttl: CollectionTtl,
        truncate_argument: &str,
        truncate: Option<u32>,
        defaults: &RequestDefaults,
    ) -> CacheResult<Self> {
        let truncate_to_size = match truncate {
            None => 0,
            Some(0) => {
                return Err(CacheError::invalid_argument(
                    truncate_argument,
                    "must be at least 1, got 0",
                ));
            }
            Some(size) => size,
        };
        let (ttl_milliseconds, refresh_ttl) = ttl.to_wire(defaults)?;
        Ok(Insert {
            list_name: key(NAME, list_name)?,
            ttl_milliseconds,
            refresh_ttl,
            truncate_to_size,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::test_support::defaults;

    #[test]
    fn truncation_sizes() {
        let check = |size| {
            Insert::check(
                b"l".to_vec(),
                CollectionTtl::default(),
                "truncate_back_to_size",
                size,
                &defaults(),
            )
        };
        assert_eq!(check(None).unwrap().truncate_to_size, 0);
        assert_eq!(check(Some(5)).unwrap().truncate_to_size, 5);
        let err = check(Some(0)).err().unwrap();
        assert!(
            err.message
                .starts_with("truncate_back_to_size must be at least 1")
        );
    }
}
