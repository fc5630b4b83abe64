//! `ListRemove`: remove every element equal to a value.

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::list_remove_request::Remove;
use edgecache_proto::cache_client::list_remove_response::List;

use super::NAME;
use crate::cache::{IntoBytes, MomentoRequest, Prepared, RequestDefaults, key};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Removes every element of a list that is byte-equal to a value. Removing nothing is fine.
#[derive(Clone, Debug)]
pub struct ListRemoveValueRequest {
    cache_name: String,
    list_name: Vec<u8>,
    value: Vec<u8>,
}

impl ListRemoveValueRequest {
    /// Removes each occurrence of `value` from `list_name`.
    pub fn new(
        cache_name: impl Into<String>,
        list_name: impl IntoBytes,
        value: impl IntoBytes,
    ) -> Self {
        ListRemoveValueRequest {
            cache_name: cache_name.into(),
            list_name: list_name.into_bytes(),
            value: value.into_bytes(),
        }
    }
}

/// The removal is done; also when there was no list. Empty, as in the `momento` crate: read
/// the length afterwards with `list_length`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListRemoveValueResponse {}

impl MomentoRequest for ListRemoveValueRequest {
    type Response = ListRemoveValueResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<ListRemoveValueResponse>> {
        let request = wire::ListRemoveRequest {
            list_name: key(NAME, self.list_name)?,
            remove: Some(Remove::AllElementsWithValue(self.value)),
        };
        Prepared::unary(
            rpc::LIST_REMOVE,
            &self.cache_name,
            request,
            |reply: wire::ListRemoveResponse| match reply.list {
                Some(List::Found(_) | List::Missing(_)) => Ok(ListRemoveValueResponse {}),
                None => Err(CacheError::unexpected_reply(
                    "list-remove answer has no result",
                )),
            },
        )
    }
}
