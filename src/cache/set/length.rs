//! `SetLength`: how many elements a set has.

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::set_length_response::Set;

use super::NAME;
use crate::cache::{IntoBytes, MomentoRequest, Prepared, RequestDefaults, hit_conversion, key};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Counts the elements of a set.
#[derive(Clone, Debug)]
pub struct SetLengthRequest {
    cache_name: String,
    set_name: Vec<u8>,
}

impl SetLengthRequest {
    /// Counts the elements of `set_name`.
    pub fn new(cache_name: impl Into<String>, set_name: impl IntoBytes) -> Self {
        SetLengthRequest {
            cache_name: cache_name.into(),
            set_name: set_name.into_bytes(),
        }
    }
}

/// The number of elements, or a miss.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetLengthResponse {
    /// The set exists.
    Hit {
        /// Its number of elements.
        length: u32,
    },
    /// No set under the key.
    Miss,
}

hit_conversion!(SetLengthResponse, length: u32, "SetLength");

impl MomentoRequest for SetLengthRequest {
    type Response = SetLengthResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<SetLengthResponse>> {
        let request = wire::SetLengthRequest {
            set_name: key(NAME, self.set_name)?,
        };
        Prepared::unary(
            rpc::SET_LENGTH,
            &self.cache_name,
            request,
            |reply: wire::SetLengthResponse| match reply.set {
                Some(Set::Found(found)) => Ok(SetLengthResponse::Hit {
                    length: found.length,
                }),
                Some(Set::Missing(_)) => Ok(SetLengthResponse::Miss),
                None => Err(CacheError::unexpected_reply(
                    "set-length answer has no result",
                )),
            },
        )
    }
}
