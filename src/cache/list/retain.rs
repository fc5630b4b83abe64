//! `ListRetain`: keep only a slice of a list.

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::list_retain_request::{EndIndex, StartIndex};
use edgecache_proto::cache_client::list_retain_response::List;
use edgecache_proto::common::Unbounded;

use super::NAME;
use crate::cache::{
    CollectionTtl, IntoBytes, MomentoRequest, Prepared, RequestDefaults, hit_conversion, key,
};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Keeps the elements of a list between `start_index` (inclusive) and `end_index`
/// (exclusive), with the slicing rules of [`crate::cache::list`], and drops the rest. An empty
/// slice empties the list. Never retried.
#[derive(Clone, Debug)]
pub struct ListRetainRequest {
    cache_name: String,
    list_name: Vec<u8>,
    start_index: Option<i32>,
    end_index: Option<i32>,
    ttl: CollectionTtl,
}

impl ListRetainRequest {
    /// Keeps all of `list_name`, unless a start or end index is set.
    pub fn new(cache_name: impl Into<String>, list_name: impl IntoBytes) -> Self {
        ListRetainRequest {
            cache_name: cache_name.into(),
            list_name: list_name.into_bytes(),
            start_index: None,
            end_index: None,
            ttl: CollectionTtl::default(),
        }
    }

    /// The first index kept (inclusive; negative counts from the end); 0 when unset.
    pub fn start_index(mut self, index: impl Into<Option<i32>>) -> Self {
        self.start_index = index.into();
        self
    }

    /// The index keeping stops before (exclusive; negative counts from the end); the length
    /// when unset.
    pub fn end_index(mut self, index: impl Into<Option<i32>>) -> Self {
        self.end_index = index.into();
        self
    }

    /// The list's TTL policy; [`CollectionTtl::default`] when unset or `None`.
    pub fn ttl(mut self, ttl: impl Into<Option<CollectionTtl>>) -> Self {
        self.ttl = ttl.into().unwrap_or_default();
        self
    }
}

/// The list's new length, or a miss when there was no list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListRetainResponse {
    /// The list existed.
    Hit {
        /// Its length after the retain.
        length: u32,
    },
    /// No list under the key.
    Miss,
}

hit_conversion!(ListRetainResponse, length: u32, "ListRetain");

impl MomentoRequest for ListRetainRequest {
    type Response = ListRetainResponse;

    fn prepare(self, defaults: &RequestDefaults) -> CacheResult<Prepared<ListRetainResponse>> {
        let (start, end) = (self.start_index, self.end_index);
        let (ttl_milliseconds, refresh_ttl) = self.ttl.to_wire(defaults)?;
        let request = wire::ListRetainRequest {
            list_name: key(NAME, self.list_name)?,
            start_index: Some(start.map_or(StartIndex::UnboundedStart(Unbounded {}), |i| {
                StartIndex::InclusiveStart(i)
            })),
            end_index: Some(end.map_or(EndIndex::UnboundedEnd(Unbounded {}), |i| {
                EndIndex::ExclusiveEnd(i)
            })),
            ttl_milliseconds,
            refresh_ttl,
        };
        Prepared::unary(
            rpc::LIST_RETAIN,
            &self.cache_name,
            request,
            |reply: wire::ListRetainResponse| match reply.list {
                Some(List::Found(found)) => Ok(ListRetainResponse::Hit {
                    length: found.list_length,
                }),
                Some(List::Missing(_)) => Ok(ListRetainResponse::Miss),
                None => Err(CacheError::unexpected_reply(
                    "list-retain answer has no result",
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
    fn bounds_and_ttl_on_the_wire() {
        let (path, request): (_, wire::ListRetainRequest) = sent(&prepare(
            ListRetainRequest::new("c", "l")
                .start_index(2)
                .end_index(None),
        ));
        assert_eq!(path, "/cache_client.Scs/ListRetain");
        assert_eq!(request.start_index, Some(StartIndex::InclusiveStart(2)));
        assert_eq!(
            request.end_index,
            Some(EndIndex::UnboundedEnd(Unbounded {}))
        );
        assert_eq!(
            (request.ttl_milliseconds, request.refresh_ttl),
            (60_000, true)
        );
    }
}
