//! `SortedSetPut`: add values with scores, or overwrite their scores.

use edgecache_proto::cache_client as wire;

use super::{NAME, finite};
use crate::cache::{
    CollectionTtl, IntoBytes, MomentoRequest, Prepared, RequestDefaults, key, non_empty,
};
use crate::error::CacheResult;
use crate::rpc;

/// Adds `(value, score)` elements to a sorted set, creating it if needed; a value already
/// present gets the new score.
#[derive(Clone, Debug)]
pub struct SortedSetPutElementsRequest {
    cache_name: String,
    sorted_set_name: Vec<u8>,
    elements: Vec<(Vec<u8>, f64)>,
    ttl: CollectionTtl,
}

impl SortedSetPutElementsRequest {
    /// Puts each `(value, score)` of `elements` (at least one; finite scores) in
    /// `sorted_set_name`. A `HashMap` works as well as a list of pairs.
    pub fn new<V: IntoBytes>(
        cache_name: impl Into<String>,
        sorted_set_name: impl IntoBytes,
        elements: impl IntoIterator<Item = (V, f64)>,
    ) -> Self {
        SortedSetPutElementsRequest {
            cache_name: cache_name.into(),
            sorted_set_name: sorted_set_name.into_bytes(),
            elements: elements
                .into_iter()
                .map(|(v, score)| (v.into_bytes(), score))
                .collect(),
            ttl: CollectionTtl::default(),
        }
    }

    /// The sorted set's TTL policy; [`CollectionTtl::default`] when unset or `None`.
    pub fn ttl(mut self, ttl: impl Into<Option<CollectionTtl>>) -> Self {
        self.ttl = ttl.into().unwrap_or_default();
        self
    }
}

/// The elements are in the sorted set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SortedSetPutElementsResponse {}

impl MomentoRequest for SortedSetPutElementsRequest {
    type Response = SortedSetPutElementsResponse;

    fn prepare(
        self,
        defaults: &RequestDefaults,
    ) -> CacheResult<Prepared<SortedSetPutElementsResponse>> {
        let elements = non_empty("elements", self.elements)?
            .into_iter()
            .enumerate()
            .map(|(i, (value, score))| {
                Ok(wire::SortedSetElement {
                    value,
                    score: finite(&format!("elements[{i}] score"), score)?,
                })
            })
            .collect::<CacheResult<_>>()?;
        let (ttl_milliseconds, refresh_ttl) = self.ttl.to_wire(defaults)?;
        let request = wire::SortedSetPutRequest {
            set_name: key(NAME, self.sorted_set_name)?,
            elements,
            ttl_milliseconds,
            refresh_ttl,
        };
        Prepared::unary(
            rpc::SORTED_SET_PUT,
            &self.cache_name,
            request,
            |_: wire::SortedSetPutResponse| Ok(SortedSetPutElementsResponse {}),
        )
    }
}

/// Adds one value with a score to a sorted set, or overwrites its score.
#[derive(Clone, Debug)]
pub struct SortedSetPutElementRequest {
    score: f64,
    inner: SortedSetPutElementsRequest,
}

impl SortedSetPutElementRequest {
    /// Puts `value` with `score` (finite) in `sorted_set_name`.
    pub fn new(
        cache_name: impl Into<String>,
        sorted_set_name: impl IntoBytes,
        value: impl IntoBytes,
        score: f64,
    ) -> Self {
        SortedSetPutElementRequest {
            score,
            inner: SortedSetPutElementsRequest::new(cache_name, sorted_set_name, [(value, score)]),
        }
    }

    /// The sorted set's TTL policy; [`CollectionTtl::default`] when unset or `None`.
    pub fn ttl(mut self, ttl: impl Into<Option<CollectionTtl>>) -> Self {
        self.inner = self.inner.ttl(ttl);
        self
    }
}

/// The element is in the sorted set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SortedSetPutElementResponse {}

impl MomentoRequest for SortedSetPutElementRequest {
    type Response = SortedSetPutElementResponse;

    fn prepare(
        self,
        defaults: &RequestDefaults,
    ) -> CacheResult<Prepared<SortedSetPutElementResponse>> {
        // Checked here too so the error names `score`, the argument the caller gave.
        finite("score", self.score)?;
        Ok(self
            .inner
            .prepare(defaults)?
            .map(|_| SortedSetPutElementResponse {}))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::test_support::{prepare, rejected, sent};

    #[test]
    fn elements_on_the_wire_and_bad_scores() {
        let prepared = prepare(SortedSetPutElementsRequest::new(
            "c",
            "z",
            [("a", 1.0), ("b", -2.5)],
        ));
        let (path, request): (_, wire::SortedSetPutRequest) = sent(&prepared);
        assert_eq!(path, "/cache_client.Scs/SortedSetPut");
        assert_eq!(request.elements[1].value, b"b");
        assert_eq!(request.elements[1].score, -2.5);
        assert_eq!(
            (request.ttl_milliseconds, request.refresh_ttl),
            (60_000, true)
        );

        let err = rejected(
            SortedSetPutElementsRequest::new("c", "z", [("a", 1.0), ("b", f64::NAN)]),
            "elements[1] score",
        );
        assert!(err.message.ends_with("got NaN"));
        rejected(
            SortedSetPutElementRequest::new("c", "z", "a", f64::INFINITY),
            "score",
        );
        rejected(
            SortedSetPutElementsRequest::new("c", "z", Vec::<(&str, f64)>::new()),
            "elements",
        );
    }
}
