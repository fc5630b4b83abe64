//! `DictionarySet`: store field/value pairs in a dictionary, creating it if needed.

use edgecache_proto::cache_client as wire;

use super::NAME;
use crate::cache::{
    CollectionTtl, IntoBytes, MomentoRequest, Prepared, RequestDefaults, key, non_empty,
};
use crate::error::CacheResult;
use crate::rpc;

/// Stores field/value pairs in a dictionary, overwriting fields that exist.
#[derive(Clone, Debug)]
pub struct DictionarySetFieldsRequest {
    cache_name: String,
    dictionary_name: Vec<u8>,
    elements: Vec<(Vec<u8>, Vec<u8>)>,
    ttl: CollectionTtl,
}

impl DictionarySetFieldsRequest {
    /// Stores each `(field, value)` of `elements` (at least one) in `dictionary_name`. A
    /// `HashMap` works as well as a list of pairs.
    pub fn new<F: IntoBytes, V: IntoBytes>(
        cache_name: impl Into<String>,
        dictionary_name: impl IntoBytes,
        elements: impl IntoIterator<Item = (F, V)>,
    ) -> Self {
        DictionarySetFieldsRequest {
            cache_name: cache_name.into(),
            dictionary_name: dictionary_name.into_bytes(),
            elements: elements
                .into_iter()
                .map(|(f, v)| (f.into_bytes(), v.into_bytes()))
                .collect(),
            ttl: CollectionTtl::default(),
        }
    }

    /// The dictionary's TTL policy; [`CollectionTtl::default`] when unset or `None`.
    pub fn ttl(mut self, ttl: impl Into<Option<CollectionTtl>>) -> Self {
        self.ttl = ttl.into().unwrap_or_default();
        self
    }
}

/// The fields were stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DictionarySetFieldsResponse {}

impl MomentoRequest for DictionarySetFieldsRequest {
    type Response = DictionarySetFieldsResponse;

    fn prepare(
        self,
        defaults: &RequestDefaults,
    ) -> CacheResult<Prepared<DictionarySetFieldsResponse>> {
        let (ttl_milliseconds, refresh_ttl) = self.ttl.to_wire(defaults)?;
        let request = wire::DictionarySetRequest {
            dictionary_name: key(NAME, self.dictionary_name)?,
            items: non_empty("elements", self.elements)?
                .into_iter()
                .map(|(field, value)| wire::DictionaryFieldValuePair { field, value })
                .collect(),
            ttl_milliseconds,
            refresh_ttl,
        };
        Prepared::unary(
            rpc::DICTIONARY_SET,
            &self.cache_name,
            request,
            |_: wire::DictionarySetResponse| Ok(DictionarySetFieldsResponse {}),
        )
    }
}

/// Stores one field of a dictionary.
#[derive(Clone, Debug)]
pub struct DictionarySetFieldRequest {
    inner: DictionarySetFieldsRequest,
}

impl DictionarySetFieldRequest {
    /// Stores `value` under `field` in `dictionary_name`.
    pub fn new(
        cache_name: impl Into<String>,
        dictionary_name: impl IntoBytes,
        field: impl IntoBytes,
        value: impl IntoBytes,
    ) -> Self {
        DictionarySetFieldRequest {
            inner: DictionarySetFieldsRequest::new(cache_name, dictionary_name, [(field, value)]),
        }
    }

    /// The dictionary's TTL policy; [`CollectionTtl::default`] when unset or `None`.
    pub fn ttl(mut self, ttl: impl Into<Option<CollectionTtl>>) -> Self {
        self.inner = self.inner.ttl(ttl);
        self
    }
}

/// The field was stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DictionarySetFieldResponse {}

impl MomentoRequest for DictionarySetFieldRequest {
    type Response = DictionarySetFieldResponse;

    fn prepare(
        self,
        defaults: &RequestDefaults,
    ) -> CacheResult<Prepared<DictionarySetFieldResponse>> {
        Ok(self
            .inner
            .prepare(defaults)?
            .map(|_| DictionarySetFieldResponse {}))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;
    use std::time::Duration;

    use super::*;
    use crate::cache::test_support::{prepare, rejected, sent};

    #[test]
    fn pairs_and_collection_ttl_on_the_wire() {
        let prepared = prepare(DictionarySetFieldRequest::new("c", "d", "f", "v"));
        let (path, request): (_, wire::DictionarySetRequest) = sent(&prepared);
        assert_eq!(path, "/cache_client.Scs/DictionarySet");
        assert_eq!(request.items[0].field, b"f");
        assert_eq!(request.items[0].value, b"v");
        assert_eq!(
            (request.ttl_milliseconds, request.refresh_ttl),
            (60_000, true)
        );

        let map = HashMap::from([("a", "1"), ("b", "2")]);
        let prepared = prepare(
            DictionarySetFieldsRequest::new("c", "d", map)
                .ttl(CollectionTtl::initialize_only(Duration::from_secs(2))),
        );
        let (_, request): (_, wire::DictionarySetRequest) = sent(&prepared);
        assert_eq!(request.items.len(), 2);
        assert_eq!(
            (request.ttl_milliseconds, request.refresh_ttl),
            (2_000, false)
        );
    }

    #[test]
    fn bad_input() {
        rejected(
            DictionarySetFieldsRequest::new("c", "d", Vec::<(&str, &str)>::new()),
            "elements",
        );
        rejected(
            DictionarySetFieldRequest::new("c", "", "f", "v"),
            "dictionary_name",
        );
        rejected(
            DictionarySetFieldRequest::new("c", "d", "f", "v")
                .ttl(CollectionTtl::of(Duration::ZERO)),
            "ttl",
        );
    }
}
