//! `ListConcatenateBack`: append values to a list, creating it if needed.

use edgecache_proto::cache_client as wire;

use super::Insert;
use crate::cache::{
    CollectionTtl, IntoBytes, MomentoRequest, Prepared, RequestDefaults, non_empty,
};
use crate::error::CacheResult;
use crate::rpc;

/// Appends values to a list, keeping their order, optionally cutting the list's front
/// down to a size afterwards. Never retried.
#[derive(Clone, Debug)]
pub struct ListConcatenateBackRequest {
    cache_name: String,
    list_name: Vec<u8>,
    values: Vec<Vec<u8>>,
    truncate_front_to_size: Option<u32>,
    ttl: CollectionTtl,
}

impl ListConcatenateBackRequest {
    /// Appends `values` (at least one) to `list_name`.
    pub fn new<V: IntoBytes>(
        cache_name: impl Into<String>,
        list_name: impl IntoBytes,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        ListConcatenateBackRequest {
            cache_name: cache_name.into(),
            list_name: list_name.into_bytes(),
            values: values.into_iter().map(IntoBytes::into_bytes).collect(),
            truncate_front_to_size: None,
            ttl: CollectionTtl::default(),
        }
    }

    /// After the insert, removes elements from the front until at most `size` (at least 1)
    /// remain. No truncation when unset.
    pub fn truncate_front_to_size(mut self, size: impl Into<Option<u32>>) -> Self {
        self.truncate_front_to_size = size.into();
        self
    }

    /// The list's TTL policy; [`CollectionTtl::default`] when unset or `None`.
    pub fn ttl(mut self, ttl: impl Into<Option<CollectionTtl>>) -> Self {
        self.ttl = ttl.into().unwrap_or_default();
        self
    }
}

/// The values were added.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListConcatenateBackResponse {
    /// The list's length after the insert and any truncation.
    pub list_length: u32,
}

impl MomentoRequest for ListConcatenateBackRequest {
    type Response = ListConcatenateBackResponse;

    fn prepare(
        self,
        defaults: &RequestDefaults,
    ) -> CacheResult<Prepared<ListConcatenateBackResponse>> {
        let values = non_empty("values", self.values)?;
        let insert = Insert::check(
            self.list_name,
            self.ttl,
            "truncate_front_to_size",
            self.truncate_front_to_size,
            defaults,
        )?;
        let request = wire::ListConcatenateBackRequest {
            list_name: insert.list_name,
            values,
            ttl_milliseconds: insert.ttl_milliseconds,
            refresh_ttl: insert.refresh_ttl,
            truncate_front_to_size: insert.truncate_to_size,
        };
        Prepared::unary(
            rpc::LIST_CONCATENATE_BACK,
            &self.cache_name,
            request,
            |reply: wire::ListConcatenateBackResponse| {
                Ok(ListConcatenateBackResponse {
                    list_length: reply.list_length,
                })
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;
    use crate::cache::test_support::{prepare, rejected, sent};

    #[test]
    fn wire_form_and_bad_input() {
        let prepared = prepare(
            ListConcatenateBackRequest::new("c", "l", ["a", "b"])
                .ttl(CollectionTtl::initialize_only(Duration::from_secs(1))),
        );
        let (path, request): (_, wire::ListConcatenateBackRequest) = sent(&prepared);
        assert_eq!(path, "/cache_client.Scs/ListConcatenateBack");
        assert_eq!(request.values, [b"a".to_vec(), b"b".to_vec()]);
        assert_eq!(request.truncate_front_to_size, 0);
        assert_eq!(
            (request.ttl_milliseconds, request.refresh_ttl),
            (1_000, false)
        );
        rejected(
            ListConcatenateBackRequest::new("c", "l", Vec::<&str>::new()),
            "values",
        );
        rejected(
            ListConcatenateBackRequest::new("c", "l", ["a"]).truncate_front_to_size(0),
            "truncate_front_to_size",
        );
    }
}
