//! `SetPop`: remove and return some elements of a set.

use std::collections::HashSet;

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::set_pop_response::Set;

use super::NAME;
use crate::cache::{
    IntoBytes, MomentoRequest, Prepared, RequestDefaults, fit_u32, key, values_conversions,
};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Removes up to `count` elements chosen by the server and returns them. Popping the last
/// elements deletes the set. Never retried.
#[derive(Clone, Debug)]
pub struct SetPopRequest {
    cache_name: String,
    set_name: Vec<u8>,
    count: usize,
}

impl SetPopRequest {
    /// Pops up to `count` (from 1 to `u32::MAX`) elements of `set_name`.
    pub fn new(cache_name: impl Into<String>, set_name: impl IntoBytes, count: usize) -> Self {
        SetPopRequest {
            cache_name: cache_name.into(),
            set_name: set_name.into_bytes(),
            count,
        }
    }
}

/// The removed elements, or a miss. Converts with `TryFrom`, see [`crate::cache::set`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetPopResponse {
    /// The set existed.
    Hit {
        /// The removed elements.
        values: Vec<Vec<u8>>,
    },
    /// No set under the key.
    Miss,
}

values_conversions!(SetPopResponse, "SetPop", HashSet<Vec<u8>>, HashSet<String>);

impl MomentoRequest for SetPopRequest {
    type Response = SetPopResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<SetPopResponse>> {
        if self.count == 0 {
            return Err(CacheError::invalid_argument(
                "count",
                "must be at least 1, got 0",
            ));
        }
        let request = wire::SetPopRequest {
            set_name: key(NAME, self.set_name)?,
            count: fit_u32("count", self.count)?,
        };
        Prepared::unary(
            rpc::SET_POP,
            &self.cache_name,
            request,
            |reply: wire::SetPopResponse| match reply.set {
                Some(Set::Found(found)) => Ok(SetPopResponse::Hit {
                    values: found.elements,
                }),
                Some(Set::Missing(_)) => Ok(SetPopResponse::Miss),
                None => Err(CacheError::unexpected_reply("set-pop answer has no result")),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::test_support::{prepare, rejected, sent};

    #[test]
    fn count_range() {
        rejected(SetPopRequest::new("c", "s", 0), "count");
        #[cfg(target_pointer_width = "64")]
        rejected(SetPopRequest::new("c", "s", u32::MAX as usize + 1), "count");
        let (_, request): (_, wire::SetPopRequest) =
            sent(&prepare(SetPopRequest::new("c", "s", u32::MAX as usize)));
        assert_eq!(request.count, u32::MAX);
    }
}
