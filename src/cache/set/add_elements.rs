//! `SetUnion`: add elements to a set, creating it if needed.

use edgecache_proto::cache_client as wire;

use super::NAME;
use crate::cache::{
    CollectionTtl, IntoBytes, MomentoRequest, Prepared, RequestDefaults, key, non_empty,
};
use crate::error::CacheResult;
use crate::rpc;

/// Adds elements to a set; elements already present are left as they are.
#[derive(Clone, Debug)]
pub struct SetAddElementsRequest {
    cache_name: String,
    set_name: Vec<u8>,
    elements: Vec<Vec<u8>>,
    ttl: CollectionTtl,
}

impl SetAddElementsRequest {
    /// Adds `elements` (at least one) to `set_name`.
    pub fn new<E: IntoBytes>(
        cache_name: impl Into<String>,
        set_name: impl IntoBytes,
        elements: impl IntoIterator<Item = E>,
    ) -> Self {
        SetAddElementsRequest {
            cache_name: cache_name.into(),
            set_name: set_name.into_bytes(),
            elements: elements.into_iter().map(IntoBytes::into_bytes).collect(),
            ttl: CollectionTtl::default(),
        }
    }

    /// The set's TTL policy; [`CollectionTtl::default`] when unset or `None`.
    pub fn ttl(mut self, ttl: impl Into<Option<CollectionTtl>>) -> Self {
        self.ttl = ttl.into().unwrap_or_default();
        self
    }
}

/// The elements are in the set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetAddElementsResponse {}

impl MomentoRequest for SetAddElementsRequest {
    type Response = SetAddElementsResponse;

    fn prepare(self, defaults: &RequestDefaults) -> CacheResult<Prepared<SetAddElementsResponse>> {
        let (ttl_milliseconds, refresh_ttl) = self.ttl.to_wire(defaults)?;
        let request = wire::SetUnionRequest {
            set_name: key(NAME, self.set_name)?,
            elements: non_empty("elements", self.elements)?,
            ttl_milliseconds,
            refresh_ttl,
        };
        Prepared::unary(
            rpc::SET_UNION,
            &self.cache_name,
            request,
            |_: wire::SetUnionResponse| Ok(SetAddElementsResponse {}),
        )
    }
}

/// Adds one element to a set.
#[derive(Clone, Debug)]
pub struct SetAddElementRequest {
    inner: SetAddElementsRequest,
}

impl SetAddElementRequest {
    /// Adds `element` to `set_name`.
    pub fn new(
        cache_name: impl Into<String>,
        set_name: impl IntoBytes,
        element: impl IntoBytes,
    ) -> Self {
        SetAddElementRequest {
            inner: SetAddElementsRequest::new(cache_name, set_name, [element]),
        }
    }

    /// The set's TTL policy; [`CollectionTtl::default`] when unset or `None`.
    pub fn ttl(mut self, ttl: impl Into<Option<CollectionTtl>>) -> Self {
        self.inner = self.inner.ttl(ttl);
        self
    }
}

/// The element is in the set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetAddElementResponse {}

impl MomentoRequest for SetAddElementRequest {
    type Response = SetAddElementResponse;

    fn prepare(self, defaults: &RequestDefaults) -> CacheResult<Prepared<SetAddElementResponse>> {
        Ok(self
            .inner
            .prepare(defaults)?
            .map(|_| SetAddElementResponse {}))
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::cache::test_support::{prepare, rejected, sent};

    #[test]
    fn union_with_collection_ttl() {
        let prepared = prepare(
            SetAddElementRequest::new("c", "s", "e")
                .ttl(CollectionTtl::of(Duration::from_millis(1500))),
        );
        let (path, request): (_, wire::SetUnionRequest) = sent(&prepared);
        assert_eq!(path, "/cache_client.Scs/SetUnion");
        assert_eq!(request.elements, [b"e".to_vec()]);
        assert_eq!(
            (request.ttl_milliseconds, request.refresh_ttl),
            (1500, true)
        );
        rejected(
            SetAddElementsRequest::new("c", "s", Vec::<Vec<u8>>::new()),
            "elements",
        );
        rejected(SetAddElementRequest::new("c", "", "e"), "set_name");
    }
}
