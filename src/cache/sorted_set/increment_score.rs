//! `SortedSetIncrement`: add to the score of a value.

use edgecache_proto::cache_client as wire;

use super::{NAME, finite};
use crate::cache::{CollectionTtl, IntoBytes, MomentoRequest, Prepared, RequestDefaults, key};
use crate::error::CacheResult;
use crate::rpc;

/// Adds `amount` to the score of a value, adding the value (and creating the sorted set)
/// with score `amount` when absent. Never retried.
#[derive(Clone, Debug)]
pub struct SortedSetIncrementScoreRequest {
    cache_name: String,
    sorted_set_name: Vec<u8>,
    value: Vec<u8>,
    amount: f64,
    ttl: CollectionTtl,
}

impl SortedSetIncrementScoreRequest {
    /// Adds `amount` (finite, possibly negative) to the score of `value` in
    /// `sorted_set_name`.
    pub fn new(
        cache_name: impl Into<String>,
        sorted_set_name: impl IntoBytes,
        value: impl IntoBytes,
        amount: f64,
    ) -> Self {
        SortedSetIncrementScoreRequest {
            cache_name: cache_name.into(),
            sorted_set_name: sorted_set_name.into_bytes(),
            value: value.into_bytes(),
            amount,
            ttl: CollectionTtl::default(),
        }
    }

    /// The sorted set's TTL policy; [`CollectionTtl::default`] when unset or `None`.
    pub fn ttl(mut self, ttl: impl Into<Option<CollectionTtl>>) -> Self {
        self.ttl = ttl.into().unwrap_or_default();
        self
    }
}

/// The score after the increment.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SortedSetIncrementScoreResponse {
    /// The value's new score.
    pub score: f64,
}

impl MomentoRequest for SortedSetIncrementScoreRequest {
    type Response = SortedSetIncrementScoreResponse;

    fn prepare(
        self,
        defaults: &RequestDefaults,
    ) -> CacheResult<Prepared<SortedSetIncrementScoreResponse>> {
        let (ttl_milliseconds, refresh_ttl) = self.ttl.to_wire(defaults)?;
        let request = wire::SortedSetIncrementRequest {
            set_name: key(NAME, self.sorted_set_name)?,
            value: self.value,
            amount: finite("amount", self.amount)?,
            ttl_milliseconds,
            refresh_ttl,
        };
        Prepared::unary(
            rpc::SORTED_SET_INCREMENT,
            &self.cache_name,
            request,
            |reply: wire::SortedSetIncrementResponse| {
                Ok(SortedSetIncrementScoreResponse { score: reply.score })
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::test_support::{answer, prepare, rejected, sent};

    #[test]
    fn wire_round_trip_and_bad_amounts() {
        let prepared = prepare(SortedSetIncrementScoreRequest::new("c", "z", "v", 1.5));
        let (path, request): (_, wire::SortedSetIncrementRequest) = sent(&prepared);
        assert_eq!(path, "/cache_client.Scs/SortedSetIncrement");
        assert_eq!(request.amount, 1.5);
        let reply = wire::SortedSetIncrementResponse { score: 3.0 };
        assert_eq!(answer(prepared, reply).unwrap().score, 3.0);
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            rejected(
                SortedSetIncrementScoreRequest::new("c", "z", "v", bad),
                "amount",
            );
        }
    }
}
