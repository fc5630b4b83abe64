//! `SortedSetGetRank`: the position of a value in a sorted set.

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::sorted_set_get_rank_response::Rank;

use super::{NAME, SortedSetOrder};
use crate::cache::{IntoBytes, MomentoRequest, Prepared, RequestDefaults, hit_conversion, key};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Reads the zero-based rank of a value in a sorted set, in ascending order unless told
/// otherwise.
#[derive(Clone, Debug)]
pub struct SortedSetGetRankRequest {
    cache_name: String,
    sorted_set_name: Vec<u8>,
    value: Vec<u8>,
    order: SortedSetOrder,
}

impl SortedSetGetRankRequest {
    /// Reads the rank of `value` in `sorted_set_name`.
    pub fn new(
        cache_name: impl Into<String>,
        sorted_set_name: impl IntoBytes,
        value: impl IntoBytes,
    ) -> Self {
        SortedSetGetRankRequest {
            cache_name: cache_name.into(),
            sorted_set_name: sorted_set_name.into_bytes(),
            value: value.into_bytes(),
            order: SortedSetOrder::Ascending,
        }
    }

    /// Which end has rank 0; ascending (the lowest score) by default.
    pub fn order(mut self, order: SortedSetOrder) -> Self {
        self.order = order;
        self
    }
}

/// The rank, or a miss (when the value or the whole sorted set is absent).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortedSetGetRankResponse {
    /// The value is a member.
    Hit {
        /// Its zero-based rank in the requested order.
        rank: u64,
    },
    /// The value (or the sorted set) does not exist.
    Miss,
}

hit_conversion!(SortedSetGetRankResponse, rank: u64, "SortedSetGetRank");

impl MomentoRequest for SortedSetGetRankRequest {
    type Response = SortedSetGetRankResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<SortedSetGetRankResponse>> {
        let request = wire::SortedSetGetRankRequest {
            set_name: key(NAME, self.sorted_set_name)?,
            value: self.value,
            order: self.order.rank_wire(),
        };
        Prepared::unary(
            rpc::SORTED_SET_GET_RANK,
            &self.cache_name,
            request,
            |reply: wire::SortedSetGetRankResponse| match reply.rank {
                Some(Rank::ElementRank(part)) => match wire::ECacheResult::try_from(part.result) {
                    Ok(wire::ECacheResult::Hit) => {
                        Ok(SortedSetGetRankResponse::Hit { rank: part.rank })
                    }
                    Ok(wire::ECacheResult::Miss) => Ok(SortedSetGetRankResponse::Miss),
                    _ => Err(CacheError::unexpected_reply(format!(
                        "sorted-set rank result {}",
                        part.result
                    ))),
                },
                Some(Rank::Missing(_)) => Ok(SortedSetGetRankResponse::Miss),
                None => Err(CacheError::unexpected_reply(
                    "sorted-set-get-rank answer has no result",
                )),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::test_support::{answer, prepare, sent};
    use edgecache_proto::cache_client::sorted_set_get_rank_request::Order;
    use edgecache_proto::cache_client::sorted_set_get_rank_response::{
        RankResponsePart, SortedSetMissing,
    };

    #[test]
    fn order_and_answers() {
        let request =
            || SortedSetGetRankRequest::new("c", "z", "v").order(SortedSetOrder::Descending);
        let (path, sent): (_, wire::SortedSetGetRankRequest) = sent(&prepare(request()));
        assert_eq!(path, "/cache_client.Scs/SortedSetGetRank");
        assert_eq!(sent.order, Order::Descending as i32);
        let part = |result: wire::ECacheResult| wire::SortedSetGetRankResponse {
            rank: Some(Rank::ElementRank(RankResponsePart {
                result: result as i32,
                rank: 4,
            })),
        };
        assert_eq!(
            answer(prepare(request()), part(wire::ECacheResult::Hit)).unwrap(),
            SortedSetGetRankResponse::Hit { rank: 4 }
        );
        assert_eq!(
            answer(prepare(request()), part(wire::ECacheResult::Miss)).unwrap(),
            SortedSetGetRankResponse::Miss
        );
        let missing = wire::SortedSetGetRankResponse {
            rank: Some(Rank::Missing(SortedSetMissing {})),
        };
        assert_eq!(
            answer(prepare(request()), missing).unwrap(),
            SortedSetGetRankResponse::Miss
        );
        assert!(answer(prepare(request()), part(wire::ECacheResult::Ok)).is_err());
    }
}
