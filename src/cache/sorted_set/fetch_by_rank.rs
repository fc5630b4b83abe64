//! `SortedSetFetch` by rank: read the elements between two ranks.

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::sorted_set_fetch_request::by_index::{End, Start};
use edgecache_proto::cache_client::sorted_set_fetch_request::{ByIndex, Range};
use edgecache_proto::common::Unbounded;

use super::{NAME, SortedSetFetchResponse, SortedSetOrder};
use crate::cache::{IntoBytes, MomentoRequest, Prepared, RequestDefaults, key};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Reads the elements ranked from `start_rank` (inclusive, 0 by default) to `end_rank`
/// (exclusive, the size by default), counted in the requested order. Negative ranks count
/// from the end; out-of-range ranks are clamped. Rejected before sending: a start above the
/// end when both are non-negative, and a start at or above the end when both are negative.
#[derive(Clone, Debug)]
pub struct SortedSetFetchByRankRequest {
    cache_name: String,
    sorted_set_name: Vec<u8>,
    order: SortedSetOrder,
    start_rank: Option<i32>,
    end_rank: Option<i32>,
}

impl SortedSetFetchByRankRequest {
    /// Reads all of `sorted_set_name` in ascending order, unless options say otherwise.
    pub fn new(cache_name: impl Into<String>, sorted_set_name: impl IntoBytes) -> Self {
        SortedSetFetchByRankRequest {
            cache_name: cache_name.into(),
            sorted_set_name: sorted_set_name.into_bytes(),
            order: SortedSetOrder::Ascending,
            start_rank: None,
            end_rank: None,
        }
    }

    /// The order elements are ranked and returned in; ascending by default.
    pub fn order(mut self, order: SortedSetOrder) -> Self {
        self.order = order;
        self
    }

    /// The first rank read (inclusive; negative counts from the end); 0 when unset.
    pub fn start_rank(mut self, rank: impl Into<Option<i32>>) -> Self {
        self.start_rank = rank.into();
        self
    }

    /// The rank reading stops before (exclusive; negative counts from the end); the size
    /// when unset.
    pub fn end_rank(mut self, rank: impl Into<Option<i32>>) -> Self {
        self.end_rank = rank.into();
        self
    }
}

/// The ranks as `sint32`, rejecting ranges the JavaScript SDK rejects.
fn ranks(start: Option<i32>, end: Option<i32>) -> CacheResult<(Option<i32>, Option<i32>)> {
    if let (Some(s), Some(e)) = (start, end) {
        if s >= 0 && e >= 0 && s > e {
            return Err(CacheError::invalid_argument(
                "start_rank",
                format!("must not be greater than end_rank, got {s} > {e}"),
            ));
        }
        if s < 0 && e < 0 && s >= e {
            return Err(CacheError::invalid_argument(
                "start_rank",
                format!("must be less than end_rank when both are negative, got {s} >= {e}"),
            ));
        }
    }
    Ok((start, end))
}

impl MomentoRequest for SortedSetFetchByRankRequest {
    type Response = SortedSetFetchResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<SortedSetFetchResponse>> {
        let (start, end) = ranks(self.start_rank, self.end_rank)?;
        let by_index = ByIndex {
            start: Some(start.map_or(Start::UnboundedStart(Unbounded {}), |r| {
                Start::InclusiveStartIndex(r)
            })),
            end: Some(end.map_or(End::UnboundedEnd(Unbounded {}), |r| {
                End::ExclusiveEndIndex(r)
            })),
        };
        let request = wire::SortedSetFetchRequest {
            set_name: key(NAME, self.sorted_set_name)?,
            order: self.order.fetch_wire(),
            with_scores: true,
            range: Some(Range::ByIndex(by_index)),
        };
        Prepared::unary(
            rpc::SORTED_SET_FETCH,
            &self.cache_name,
            request,
            SortedSetFetchResponse::from_wire,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::test_support::{prepare, rejected, sent};
    use edgecache_proto::cache_client::sorted_set_fetch_request::Order;

    #[test]
    fn ranks_on_the_wire() {
        let prepared = prepare(
            SortedSetFetchByRankRequest::new("c", "z")
                .order(SortedSetOrder::Descending)
                .start_rank(-5)
                .end_rank(-2),
        );
        let (path, request): (_, wire::SortedSetFetchRequest) = sent(&prepared);
        assert_eq!(path, "/cache_client.Scs/SortedSetFetch");
        assert_eq!(request.order, Order::Descending as i32);
        assert!(request.with_scores);
        assert_eq!(
            request.range,
            Some(Range::ByIndex(ByIndex {
                start: Some(Start::InclusiveStartIndex(-5)),
                end: Some(End::ExclusiveEndIndex(-2)),
            }))
        );
        let (_, request): (_, wire::SortedSetFetchRequest) =
            sent(&prepare(SortedSetFetchByRankRequest::new("c", "z")));
        assert_eq!(
            request.range,
            Some(Range::ByIndex(ByIndex {
                start: Some(Start::UnboundedStart(Unbounded {})),
                end: Some(End::UnboundedEnd(Unbounded {})),
            }))
        );
    }

    #[test]
    fn bad_ranges() {
        let request = |s: i32, e: i32| {
            SortedSetFetchByRankRequest::new("c", "z")
                .start_rank(s)
                .end_rank(e)
        };
        rejected(request(5, 2), "start_rank");
        rejected(request(-2, -5), "start_rank");
        rejected(request(-2, -2), "start_rank");
        prepare(request(3, 3));
        prepare(request(-5, 2));
        prepare(request(5, -2));
        rejected(SortedSetFetchByRankRequest::new("c", ""), "sorted_set_name");
    }
}
