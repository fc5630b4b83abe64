//! `ListLength`: how many elements a list has.

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::list_length_response::List;

use super::NAME;
use crate::cache::{IntoBytes, MomentoRequest, Prepared, RequestDefaults, hit_conversion, key};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Counts the elements of a list.
#[derive(Clone, Debug)]
pub struct ListLengthRequest {
    cache_name: String,
    list_name: Vec<u8>,
}

impl ListLengthRequest {
    /// Counts the elements of `list_name`.
    pub fn new(cache_name: impl Into<String>, list_name: impl IntoBytes) -> Self {
        ListLengthRequest {
            cache_name: cache_name.into(),
            list_name: list_name.into_bytes(),
        }
    }
}

/// The number of elements, or a miss.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListLengthResponse {
    /// The list exists.
    Hit {
        /// Its number of elements.
        length: u32,
    },
    /// No list under the key.
    Miss,
}

hit_conversion!(ListLengthResponse, length: u32, "ListLength");

impl MomentoRequest for ListLengthRequest {
    type Response = ListLengthResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<ListLengthResponse>> {
        let request = wire::ListLengthRequest {
            list_name: key(NAME, self.list_name)?,
        };
        Prepared::unary(
            rpc::LIST_LENGTH,
            &self.cache_name,
            request,
            |reply: wire::ListLengthResponse| match reply.list {
                Some(List::Found(found)) => Ok(ListLengthResponse::Hit {
                    length: found.length,
                }),
                Some(List::Missing(_)) => Ok(ListLengthResponse::Miss),
                None => Err(CacheError::unexpected_reply(
                    "list-length answer has no result",
                )),
            },
        )
    }
}
