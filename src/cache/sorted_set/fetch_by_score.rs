//! `SortedSetFetch` by score: read the elements whose score is in a range.

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::sorted_set_fetch_request::by_score::{Max, Min, Score};
use edgecache_proto::cache_client::sorted_set_fetch_request::{ByScore, Range};
use edgecache_proto::common::Unbounded;

use super::{NAME, ScoreBound, SortedSetFetchResponse, SortedSetOrder, score_range};
use crate::cache::{IntoBytes, MomentoRequest, Prepared, RequestDefaults, key};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Reads the elements whose score lies between `min_score` and `max_score` (each inclusive,
/// exclusive or unbounded), in the requested order, skipping `offset` of them and returning
/// at most `count`. Rejected before sending: non-finite bounds, a minimum above the maximum,
/// and a count of 0.
#[derive(Clone, Debug)]
pub struct SortedSetFetchByScoreRequest {
    cache_name: String,
    sorted_set_name: Vec<u8>,
    order: SortedSetOrder,
    min_score: Option<ScoreBound>,
    max_score: Option<ScoreBound>,
    offset: Option<u32>,
    count: Option<i32>,
}

impl SortedSetFetchByScoreRequest {
    /// Reads all of `sorted_set_name` in ascending order, unless options say otherwise.
    pub fn new(cache_name: impl Into<String>, sorted_set_name: impl IntoBytes) -> Self {
        SortedSetFetchByScoreRequest {
            cache_name: cache_name.into(),
            sorted_set_name: sorted_set_name.into_bytes(),
            order: SortedSetOrder::Ascending,
            min_score: None,
            max_score: None,
            offset: None,
            count: None,
        }
    }

    /// The order elements are returned in (and `offset`/`count` apply in); ascending by
    /// default.
    pub fn order(mut self, order: SortedSetOrder) -> Self {
        self.order = order;
        self
    }

    /// The lowest score selected; `None` (the default) for no limit.
    pub fn min_score(mut self, bound: impl Into<Option<ScoreBound>>) -> Self {
        self.min_score = bound.into();
        self
    }

    /// The highest score selected; `None` (the default) for no limit.
    pub fn max_score(mut self, bound: impl Into<Option<ScoreBound>>) -> Self {
        self.max_score = bound.into();
        self
    }

    /// How many selected elements to skip before returning any; 0 by default.
    pub fn offset(mut self, offset: impl Into<Option<u32>>) -> Self {
        self.offset = offset.into();
        self
    }

    /// The most elements to return (at least 1); all by default.
    pub fn count(mut self, count: impl Into<Option<i32>>) -> Self {
        self.count = count.into();
        self
    }
}

fn bound(bound: Option<ScoreBound>) -> Option<Score> {
    match bound? {
        ScoreBound::Inclusive(score) => Some(Score {
            score,
            exclusive: false,
        }),
        ScoreBound::Exclusive(score) => Some(Score {
            score,
            exclusive: true,
        }),
    }
}

/// `count` as the wire's `sint32`, where -1 means all.
fn count(count: Option<i32>) -> CacheResult<i32> {
    match count {
        None => Ok(-1),
        Some(n) if n >= 1 => Ok(n),
        Some(n) => Err(CacheError::invalid_argument(
            "count",
            format!("must be between 1 and {}, got {n}", i32::MAX),
        )),
    }
}

impl MomentoRequest for SortedSetFetchByScoreRequest {
    type Response = SortedSetFetchResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<SortedSetFetchResponse>> {
        let (min, max) = score_range(self.min_score, self.max_score)?;
        let by_score = ByScore {
            min: Some(bound(min).map_or(Min::UnboundedMin(Unbounded {}), Min::MinScore)),
            max: Some(bound(max).map_or(Max::UnboundedMax(Unbounded {}), Max::MaxScore)),
            offset: self.offset.unwrap_or(0),
            count: count(self.count)?,
        };
        let request = wire::SortedSetFetchRequest {
            set_name: key(NAME, self.sorted_set_name)?,
            order: self.order.fetch_wire(),
            with_scores: true,
            range: Some(Range::ByScore(by_score)),
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

    fn by_score(request: SortedSetFetchByScoreRequest) -> ByScore {
        let (_, request): (_, wire::SortedSetFetchRequest) = sent(&prepare(request));
        match request.range {
            Some(Range::ByScore(by_score)) => by_score,
            other => panic!("expected by_score, got {other:?}"),
        }
    }

    #[test]
    fn defaults_send_unbounded_all() {
        let sent = by_score(SortedSetFetchByScoreRequest::new("c", "z"));
        assert_eq!(sent.min, Some(Min::UnboundedMin(Unbounded {})));
        assert_eq!(sent.max, Some(Max::UnboundedMax(Unbounded {})));
        assert_eq!((sent.offset, sent.count), (0, -1));
    }

    #[test]
    fn bounds_offset_and_count() {
        let sent = by_score(
            SortedSetFetchByScoreRequest::new("c", "z")
                .min_score(ScoreBound::Inclusive(1.0))
                .max_score(ScoreBound::Exclusive(5.0))
                .offset(2)
                .count(3),
        );
        assert_eq!(
            sent.min,
            Some(Min::MinScore(Score {
                score: 1.0,
                exclusive: false
            }))
        );
        assert_eq!(
            sent.max,
            Some(Max::MaxScore(Score {
                score: 5.0,
                exclusive: true
            }))
        );
        assert_eq!((sent.offset, sent.count), (2, 3));
    }

    #[test]
    fn bad_input() {
        let request = || SortedSetFetchByScoreRequest::new("c", "z");
        rejected(request().count(0), "count");
        rejected(request().count(-1), "count");
        rejected(
            request()
                .min_score(ScoreBound::Inclusive(3.0))
                .max_score(ScoreBound::Inclusive(2.0)),
            "min_score",
        );
        rejected(
            request().min_score(ScoreBound::Inclusive(f64::NAN)),
            "min_score",
        );
        rejected(
            request().max_score(ScoreBound::Inclusive(f64::NEG_INFINITY)),
            "max_score",
        );
    }
}
