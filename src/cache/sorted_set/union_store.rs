//! `SortedSetUnionStore`: store the weighted union of sorted sets.

use std::time::Duration;

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::sorted_set_union_store_request::{AggregateFunction, Source};

use super::{NAME, finite};
use crate::cache::{
    CollectionTtl, IntoBytes, MomentoRequest, Prepared, RequestDefaults, key, non_empty,
};
use crate::error::CacheResult;
use crate::rpc;

/// How the weighted scores of a value found in several sources combine.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SortedSetAggregateFunction {
    /// Their sum (the default).
    #[default]
    Sum,
    /// The lowest.
    Min,
    /// The highest.
    Max,
}

/// Replaces a sorted set with the union of source sorted sets: each source's scores are
/// multiplied by its weight (finite; zero and negative are fine), and the scores of a value
/// in several sources combine with the aggregate function. The destination is a source only if
/// listed. An empty union deletes the destination. At least one source is required.
#[derive(Clone, Debug)]
pub struct SortedSetUnionStoreRequest {
    cache_name: String,
    sorted_set_name: Vec<u8>,
    sources: Vec<(Vec<u8>, f32)>,
    aggregate: SortedSetAggregateFunction,
    ttl: Option<Duration>,
}

impl SortedSetUnionStoreRequest {
    /// Stores in `sorted_set_name` the union of each `(source_name, weight)` of `sources`.
    pub fn new<S: IntoBytes>(
        cache_name: impl Into<String>,
        sorted_set_name: impl IntoBytes,
        sources: impl IntoIterator<Item = (S, f32)>,
    ) -> Self {
        SortedSetUnionStoreRequest {
            cache_name: cache_name.into(),
            sorted_set_name: sorted_set_name.into_bytes(),
            sources: sources
                .into_iter()
                .map(|(name, weight)| (name.into_bytes(), weight))
                .collect(),
            aggregate: SortedSetAggregateFunction::Sum,
            ttl: None,
        }
    }

    /// How scores combine; [`SortedSetAggregateFunction::Sum`] by default.
    pub fn aggregate(mut self, aggregate: SortedSetAggregateFunction) -> Self {
        self.aggregate = aggregate;
        self
    }

    /// The destination's TTL; the client's default TTL when unset. A [`CollectionTtl`], as in
    /// the `momento` crate, of which only the TTL counts: the protocol has no refresh flag
    /// here, since the destination is replaced.
    pub fn ttl(mut self, ttl: impl Into<Option<CollectionTtl>>) -> Self {
        self.ttl = ttl.into().and_then(|ttl| ttl.ttl());
        self
    }
}

/// The destination's size afterwards.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SortedSetUnionStoreResponse {
    /// Elements in the destination; 0 when the union was empty (and the destination deleted).
    pub length: u32,
}

impl MomentoRequest for SortedSetUnionStoreRequest {
    type Response = SortedSetUnionStoreResponse;

    fn prepare(
        self,
        defaults: &RequestDefaults,
    ) -> CacheResult<Prepared<SortedSetUnionStoreResponse>> {
        let sources = non_empty("sources", self.sources)?
            .into_iter()
            .enumerate()
            .map(|(i, (name, weight))| {
                Ok(Source {
                    set_name: key(&format!("sources[{i}] name"), name)?,
                    weight: finite(&format!("sources[{i}] weight"), weight.into())? as f32,
                })
            })
            .collect::<CacheResult<_>>()?;
        let aggregate = match self.aggregate {
            SortedSetAggregateFunction::Sum => AggregateFunction::Sum,
            SortedSetAggregateFunction::Min => AggregateFunction::Min,
            SortedSetAggregateFunction::Max => AggregateFunction::Max,
        };
        let request = wire::SortedSetUnionStoreRequest {
            set_name: key(NAME, self.sorted_set_name)?,
            sources,
            aggregate: aggregate as i32,
            ttl_milliseconds: defaults.ttl_millis(self.ttl)?,
        };
        Prepared::unary(
            rpc::SORTED_SET_UNION_STORE,
            &self.cache_name,
            request,
            |reply: wire::SortedSetUnionStoreResponse| {
                Ok(SortedSetUnionStoreResponse {
                    length: reply.length,
                })
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::test_support::{answer, prepare, rejected, sent};

    #[test]
    fn sources_weights_and_aggregate() {
        let prepared = prepare(
            SortedSetUnionStoreRequest::new("c", "dest", [("a", 1.0), ("b", -0.5)])
                .aggregate(SortedSetAggregateFunction::Max)
                .ttl(CollectionTtl::of(Duration::from_secs(9))),
        );
        let (path, request): (_, wire::SortedSetUnionStoreRequest) = sent(&prepared);
        assert_eq!(path, "/cache_client.Scs/SortedSetUnionStore");
        assert_eq!(request.sources[1].set_name, b"b");
        assert_eq!(request.sources[1].weight, -0.5);
        assert_eq!(request.aggregate, AggregateFunction::Max as i32);
        assert_eq!(request.ttl_milliseconds, 9_000);
        let reply = wire::SortedSetUnionStoreResponse { length: 4 };
        assert_eq!(answer(prepared, reply).unwrap().length, 4);
    }

    #[test]
    fn bad_input() {
        rejected(
            SortedSetUnionStoreRequest::new("c", "d", Vec::<(&str, f32)>::new()),
            "sources",
        );
        rejected(
            SortedSetUnionStoreRequest::new("c", "d", [("a", f32::NAN)]),
            "sources[0] weight",
        );
        rejected(
            SortedSetUnionStoreRequest::new("c", "d", [("a", 1.0), ("", 1.0)]),
            "sources[1] name",
        );
        rejected(
            SortedSetUnionStoreRequest::new("c", "", [("a", 1.0)]),
            "sorted_set_name",
        );
    }
}
