//! `ListFetch`: read a slice of a list (all of it by default).

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::list_fetch_request::{EndIndex, StartIndex};
use edgecache_proto::cache_client::list_fetch_response::List;
use edgecache_proto::common::Unbounded;

use super::NAME;
use crate::cache::{
    IntoBytes, MomentoRequest, Prepared, RequestDefaults, Values, key, values_conversions,
};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Reads the elements of a list between `start_index` (inclusive) and `end_index`
/// (exclusive), with the slicing rules of [`crate::cache::list`].
#[derive(Clone, Debug)]
pub struct ListFetchRequest {
    cache_name: String,
    list_name: Vec<u8>,
    start_index: Option<i32>,
    end_index: Option<i32>,
}

impl ListFetchRequest {
    /// Reads all of `list_name`, unless a start or end index is set.
    pub fn new(cache_name: impl Into<String>, list_name: impl IntoBytes) -> Self {
        ListFetchRequest {
            cache_name: cache_name.into(),
            list_name: list_name.into_bytes(),
            start_index: None,
            end_index: None,
        }
    }

    /// The first index read (inclusive; negative counts from the end); 0 when unset.
    pub fn start_index(mut self, index: impl Into<Option<i32>>) -> Self {
        self.start_index = index.into();
        self
    }

    /// The index reading stops before (exclusive; negative counts from the end); the length
    /// when unset.
    pub fn end_index(mut self, index: impl Into<Option<i32>>) -> Self {
        self.end_index = index.into();
        self
    }
}

/// The slice, or a miss. Converts with `TryFrom`, see [`crate::cache::list`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListFetchResponse {
    /// The list exists (the slice may be empty).
    Hit {
        /// The selected elements, in list order.
        values: Values,
    },
    /// No list under the key.
    Miss,
}

values_conversions!(ListFetchResponse, "ListFetch");

impl MomentoRequest for ListFetchRequest {
    type Response = ListFetchResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<ListFetchResponse>> {
        let (start, end) = (self.start_index, self.end_index);
        let request = wire::ListFetchRequest {
            list_name: key(NAME, self.list_name)?,
            start_index: Some(start.map_or(StartIndex::UnboundedStart(Unbounded {}), |i| {
                StartIndex::InclusiveStart(i)
            })),
            end_index: Some(end.map_or(EndIndex::UnboundedEnd(Unbounded {}), |i| {
                EndIndex::ExclusiveEnd(i)
            })),
        };
        Prepared::unary(
            rpc::LIST_FETCH,
            &self.cache_name,
            request,
            |reply: wire::ListFetchResponse| match reply.list {
                Some(List::Found(found)) => Ok(ListFetchResponse::Hit {
                    values: found.values.into(),
                }),
                Some(List::Missing(_)) => Ok(ListFetchResponse::Miss),
                None => Err(CacheError::unexpected_reply(
                    "list-fetch answer has no result",
                )),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::test_support::{prepare, sent};

    #[test]
    fn both_bounds_are_always_sent() {
        let (path, request): (_, wire::ListFetchRequest) =
            sent(&prepare(ListFetchRequest::new("c", "l")));
        assert_eq!(path, "/cache_client.Scs/ListFetch");
        assert_eq!(
            request.start_index,
            Some(StartIndex::UnboundedStart(Unbounded {}))
        );
        assert_eq!(
            request.end_index,
            Some(EndIndex::UnboundedEnd(Unbounded {}))
        );

        let (_, request): (_, wire::ListFetchRequest) = sent(&prepare(
            ListFetchRequest::new("c", "l")
                .start_index(-7)
                .end_index(-2),
        ));
        assert_eq!(request.start_index, Some(StartIndex::InclusiveStart(-7)));
        assert_eq!(request.end_index, Some(EndIndex::ExclusiveEnd(-2)));

        // start 5, end 0 is a valid (empty) slice, not an error.
        prepare(ListFetchRequest::new("c", "l").start_index(5).end_index(0));
    }

    #[test]
    fn conversions() {
        let hit = ListFetchResponse::Hit {
            values: vec![b"a".to_vec(), b"b".to_vec()].into(),
        };
        assert_eq!(Vec::<String>::try_from(hit).unwrap(), ["a", "b"]);
        assert!(Vec::<Vec<u8>>::try_from(ListFetchResponse::Miss).is_err());
    }
}
