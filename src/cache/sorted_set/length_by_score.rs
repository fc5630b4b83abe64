//! `SortedSetLengthByScore`: how many elements have a score in a range.

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::sorted_set_length_by_score_request::{Max, Min};
use edgecache_proto::cache_client::sorted_set_length_by_score_response::SortedSet;
use edgecache_proto::common::Unbounded;

use super::{NAME, ScoreBound, score_range};
use crate::cache::{IntoBytes, MomentoRequest, Prepared, RequestDefaults, hit_conversion, key};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Counts the elements of a sorted set whose score lies between `min_score` and `max_score`
/// (each inclusive, exclusive or unbounded). Rejected before sending: non-finite bounds and a
/// minimum above the maximum.
#[derive(Clone, Debug)]
pub struct SortedSetLengthByScoreRequest {
    cache_name: String,
    sorted_set_name: Vec<u8>,
    min_score: Option<ScoreBound>,
    max_score: Option<ScoreBound>,
}

impl SortedSetLengthByScoreRequest {
    /// Counts every element of `sorted_set_name`, unless bounds are set.
    pub fn new(cache_name: impl Into<String>, sorted_set_name: impl IntoBytes) -> Self {
        SortedSetLengthByScoreRequest {
            cache_name: cache_name.into(),
            sorted_set_name: sorted_set_name.into_bytes(),
            min_score: None,
            max_score: None,
        }
    }

    /// The lowest score counted; `None` (the default) for no limit.
    pub fn min_score(mut self, bound: impl Into<Option<ScoreBound>>) -> Self {
        self.min_score = bound.into();
        self
    }

    /// The highest score counted; `None` (the default) for no limit.
    pub fn max_score(mut self, bound: impl Into<Option<ScoreBound>>) -> Self {
        self.max_score = bound.into();
        self
    }
}

/// The number of elements in the range, or a miss.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortedSetLengthByScoreResponse {
    /// The sorted set exists.
    Hit {
        /// How many of its elements are in the range.
        length: u32,
    },
    /// No sorted set under the key.
    Miss,
}

hit_conversion!(SortedSetLengthByScoreResponse, length: u32, "SortedSetLengthByScore");

impl MomentoRequest for SortedSetLengthByScoreRequest {
    type Response = SortedSetLengthByScoreResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<SortedSetLengthByScoreResponse>> {
        let (min, max) = score_range(self.min_score, self.max_score)?;
        let request = wire::SortedSetLengthByScoreRequest {
            set_name: key(NAME, self.sorted_set_name)?,
            min: Some(match min {
                None => Min::UnboundedMin(Unbounded {}),
                Some(ScoreBound::Inclusive(score)) => Min::InclusiveMin(score),
                Some(ScoreBound::Exclusive(score)) => Min::ExclusiveMin(score),
            }),
            max: Some(match max {
                None => Max::UnboundedMax(Unbounded {}),
                Some(ScoreBound::Inclusive(score)) => Max::InclusiveMax(score),
                Some(ScoreBound::Exclusive(score)) => Max::ExclusiveMax(score),
            }),
        };
        Prepared::unary(
            rpc::SORTED_SET_LENGTH_BY_SCORE,
            &self.cache_name,
            request,
            |reply: wire::SortedSetLengthByScoreResponse| match reply.sorted_set {
                Some(SortedSet::Found(found)) => Ok(SortedSetLengthByScoreResponse::Hit {
                    length: found.length,
                }),
                Some(SortedSet::Missing(_)) => Ok(SortedSetLengthByScoreResponse::Miss),
                None => Err(CacheError::unexpected_reply(
                    "sorted-set-length-by-score answer has no result",
                )),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::test_support::{prepare, rejected, sent};

    #[test]
    fn bounds_on_the_wire() {
        let (path, request): (_, wire::SortedSetLengthByScoreRequest) = sent(&prepare(
            SortedSetLengthByScoreRequest::new("c", "z")
                .min_score(ScoreBound::Exclusive(1.0))
                .max_score(ScoreBound::Inclusive(2.0)),
        ));
        assert_eq!(path, "/cache_client.Scs/SortedSetLengthByScore");
        assert_eq!(request.min, Some(Min::ExclusiveMin(1.0)));
        assert_eq!(request.max, Some(Max::InclusiveMax(2.0)));
        let (_, request): (_, wire::SortedSetLengthByScoreRequest) =
            sent(&prepare(SortedSetLengthByScoreRequest::new("c", "z")));
        assert_eq!(request.min, Some(Min::UnboundedMin(Unbounded {})));
        rejected(
            SortedSetLengthByScoreRequest::new("c", "z").max_score(ScoreBound::Inclusive(f64::NAN)),
            "max_score",
        );
        rejected(
            SortedSetLengthByScoreRequest::new("c", "z")
                .min_score(ScoreBound::Inclusive(5.0))
                .max_score(ScoreBound::Exclusive(4.0)),
            "min_score",
        );
    }
}
