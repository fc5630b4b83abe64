//! `SetFetch`: read every element of a set.

use std::collections::HashSet;

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::set_fetch_response::Set;

use super::NAME;
use crate::cache::{
    IntoBytes, MomentoRequest, Prepared, RequestDefaults, Values, key, values_conversions,
};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Reads every element of a set.
#[derive(Clone, Debug)]
pub struct SetFetchRequest {
    cache_name: String,
    set_name: Vec<u8>,
}

impl SetFetchRequest {
    /// Reads the whole set `set_name`.
    pub fn new(cache_name: impl Into<String>, set_name: impl IntoBytes) -> Self {
        SetFetchRequest {
            cache_name: cache_name.into(),
            set_name: set_name.into_bytes(),
        }
    }
}

/// The set's elements, or a miss. Converts with `TryFrom`, see [`crate::cache::set`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetFetchResponse {
    /// The set exists.
    Hit {
        /// Its elements, in no particular order.
        values: Values,
    },
    /// No set under the key.
    Miss,
}

values_conversions!(
    SetFetchResponse,
    "SetFetch",
    HashSet<Vec<u8>>,
    HashSet<String>
);

impl MomentoRequest for SetFetchRequest {
    type Response = SetFetchResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<SetFetchResponse>> {
        let request = wire::SetFetchRequest {
            set_name: key(NAME, self.set_name)?,
        };
        Prepared::unary(
            rpc::SET_FETCH,
            &self.cache_name,
            request,
            |reply: wire::SetFetchResponse| match reply.set {
                Some(Set::Found(found)) => Ok(SetFetchResponse::Hit {
                    values: found.elements.into(),
                }),
                Some(Set::Missing(_)) => Ok(SetFetchResponse::Miss),
                None => Err(CacheError::unexpected_reply(
                    "set-fetch answer has no result",
                )),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn conversions() {
        let hit = SetFetchResponse::Hit {
            values: vec![b"a".to_vec(), b"b".to_vec()].into(),
        };
        let set: HashSet<String> = hit.clone().try_into().unwrap();
        assert_eq!(set, HashSet::from(["a".to_string(), "b".to_string()]));
        let list: Vec<Vec<u8>> = hit.clone().try_into().unwrap();
        assert_eq!(list.len(), 2);
        let raw: HashSet<Vec<u8>> = hit.try_into().unwrap();
        assert!(raw.contains(&b"a"[..]));
        let err = Vec::<String>::try_from(SetFetchResponse::Miss).unwrap_err();
        assert_eq!(err.error_code, ErrorCode::UnknownError);
        assert!(err.message.contains("SetFetch"));
        let binary = SetFetchResponse::Hit {
            values: vec![vec![0xc3]].into(),
        };
        assert!(HashSet::<String>::try_from(binary).is_err());
    }
}
