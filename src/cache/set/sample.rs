//! `SetSample`: read some random elements of a set.

use std::collections::HashSet;

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::set_sample_response::Set;

use super::NAME;
use crate::cache::{IntoBytes, MomentoRequest, Prepared, RequestDefaults, key, values_conversions};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Reads up to `limit` distinct elements of a set, chosen at random, without removing them.
/// A `limit` of 0 answers a hit with no elements; a `limit` at or above the size returns
/// every element.
#[derive(Clone, Debug)]
pub struct SetSampleRequest {
    cache_name: String,
    set_name: Vec<u8>,
    limit: usize,
}

impl SetSampleRequest {
    /// Samples up to `limit` elements of `set_name`.
    pub fn new(cache_name: impl Into<String>, set_name: impl IntoBytes, limit: usize) -> Self {
        SetSampleRequest {
            cache_name: cache_name.into(),
            set_name: set_name.into_bytes(),
            limit,
        }
    }
}

/// The sampled elements, or a miss. Converts with `TryFrom`, see [`crate::cache::set`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetSampleResponse {
    /// The set exists.
    Hit {
        /// The sampled elements.
        values: Vec<Vec<u8>>,
    },
    /// No set under the key.
    Miss,
}

values_conversions!(
    SetSampleResponse,
    "SetSample",
    HashSet<Vec<u8>>,
    HashSet<String>
);

impl MomentoRequest for SetSampleRequest {
    type Response = SetSampleResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<SetSampleResponse>> {
        let request = wire::SetSampleRequest {
            set_name: key(NAME, self.set_name)?,
            // usize is at most 64 bits on every supported target, so this is lossless.
            limit: self.limit as u64,
        };
        Prepared::unary(
            rpc::SET_SAMPLE,
            &self.cache_name,
            request,
            |reply: wire::SetSampleResponse| match reply.set {
                Some(Set::Found(found)) => Ok(SetSampleResponse::Hit {
                    values: found.elements,
                }),
                Some(Set::Missing(_)) => Ok(SetSampleResponse::Miss),
                None => Err(CacheError::unexpected_reply(
                    "set-sample answer has no result",
                )),
            },
        )
    }
}
