//! `SortedSetLength`: how many elements a sorted set has.

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::sorted_set_length_response::SortedSet;

use super::NAME;
use crate::cache::{IntoBytes, MomentoRequest, Prepared, RequestDefaults, hit_conversion, key};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Counts the elements of a sorted set.
#[derive(Clone, Debug)]
pub struct SortedSetLengthRequest {
    cache_name: String,
    sorted_set_name: Vec<u8>,
}

impl SortedSetLengthRequest {
    /// Counts the elements of `sorted_set_name`.
    pub fn new(cache_name: impl Into<String>, sorted_set_name: impl IntoBytes) -> Self {
        SortedSetLengthRequest {
            cache_name: cache_name.into(),
            sorted_set_name: sorted_set_name.into_bytes(),
        }
    }
}

/// The number of elements, or a miss.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortedSetLengthResponse {
    /// The sorted set exists.
    Hit {
        /// Its number of elements.
        length: u32,
    },
    /// No sorted set under the key.
    Miss,
}

hit_conversion!(SortedSetLengthResponse, length: u32, "SortedSetLength");

impl MomentoRequest for SortedSetLengthRequest {
    type Response = SortedSetLengthResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<SortedSetLengthResponse>> {
        let request = wire::SortedSetLengthRequest {
            set_name: key(NAME, self.sorted_set_name)?,
        };
        Prepared::unary(
            rpc::SORTED_SET_LENGTH,
            &self.cache_name,
            request,
            |reply: wire::SortedSetLengthResponse| match reply.sorted_set {
                Some(SortedSet::Found(found)) => Ok(SortedSetLengthResponse::Hit {
                    length: found.length,
                }),
                Some(SortedSet::Missing(_)) => Ok(SortedSetLengthResponse::Miss),
                None => Err(CacheError::unexpected_reply(
                    "sorted-set-length answer has no result",
                )),
            },
        )
    }
}
