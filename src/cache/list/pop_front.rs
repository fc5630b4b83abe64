//! `ListPopFront`: remove and return the front element of a list.

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::list_pop_front_response::List;

use super::NAME;
use crate::cache::{
    IntoBytes, MomentoRequest, Prepared, RequestDefaults, Value, key, value_conversions,
};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Removes the front element of a list and returns it. Never retried.
#[derive(Clone, Debug)]
pub struct ListPopFrontRequest {
    cache_name: String,
    list_name: Vec<u8>,
}

impl ListPopFrontRequest {
    /// Pops the front element of `list_name`.
    pub fn new(cache_name: impl Into<String>, list_name: impl IntoBytes) -> Self {
        ListPopFrontRequest {
            cache_name: cache_name.into(),
            list_name: list_name.into_bytes(),
        }
    }
}

/// The removed element, or a miss. `Vec<u8>` and `String` convert from it with `TryFrom`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListPopFrontResponse {
    /// The list existed.
    Hit {
        /// The removed element.
        value: Value,
        /// The list's length after the pop.
        list_length: u32,
    },
    /// No list under the key.
    Miss,
}

value_conversions!(ListPopFrontResponse, "ListPopFront");

impl MomentoRequest for ListPopFrontRequest {
    type Response = ListPopFrontResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<ListPopFrontResponse>> {
        let request = wire::ListPopFrontRequest {
            list_name: key(NAME, self.list_name)?,
        };
        Prepared::unary(
            rpc::LIST_POP_FRONT,
            &self.cache_name,
            request,
            |reply: wire::ListPopFrontResponse| match reply.list {
                Some(List::Found(found)) => Ok(ListPopFrontResponse::Hit {
                    value: Value(found.front),
                    list_length: found.list_length,
                }),
                Some(List::Missing(_)) => Ok(ListPopFrontResponse::Miss),
                None => Err(CacheError::unexpected_reply(
                    "list-pop-front answer has no result",
                )),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::test_support::{answer, prepare};
    use edgecache_proto::cache_client::list_pop_front_response::{Found, Missing};

    #[test]
    fn hit_miss_and_nothing() {
        let reply = wire::ListPopFrontResponse {
            list: Some(List::Found(Found {
                front: b"x".to_vec(),
                list_length: 2,
            })),
        };
        let hit = answer(prepare(ListPopFrontRequest::new("c", "l")), reply).unwrap();
        assert_eq!(hit.value().unwrap().as_str().unwrap(), "x");
        assert_eq!(String::try_from(hit).unwrap(), "x");
        let reply = wire::ListPopFrontResponse {
            list: Some(List::Missing(Missing {})),
        };
        let miss = answer(prepare(ListPopFrontRequest::new("c", "l")), reply).unwrap();
        assert!(
            Vec::<u8>::try_from(miss)
                .unwrap_err()
                .message
                .starts_with("miss:")
        );
        let reply = wire::ListPopFrontResponse::default();
        assert!(answer(prepare(ListPopFrontRequest::new("c", "l")), reply).is_err());
    }
}
