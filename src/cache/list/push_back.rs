//! `ListPushBack`: append one value to a list, creating it if needed.

use edgecache_proto::cache_client as wire;

use super::Insert;
use crate::cache::{CollectionTtl, IntoBytes, MomentoRequest, Prepared, RequestDefaults};
use crate::error::CacheResult;
use crate::rpc;

/// Appends a value to a list, optionally cutting the list's front down to a size
/// afterwards. Never retried.
#[derive(Clone, Debug)]
pub struct ListPushBackRequest {
    cache_name: String,
    list_name: Vec<u8>,
    value: Vec<u8>,
    truncate_front_to_size: Option<u32>,
    ttl: CollectionTtl,
}

impl ListPushBackRequest {
    /// Appends `value` to `list_name`.
    pub fn new(
        cache_name: impl Into<String>,
        list_name: impl IntoBytes,
        value: impl IntoBytes,
    ) -> Self {
        ListPushBackRequest {
            cache_name: cache_name.into(),
            list_name: list_name.into_bytes(),
            value: value.into_bytes(),
            truncate_front_to_size: None,
            ttl: CollectionTtl::default(),
        }
    }

    /// After the push, removes elements from the front until at most `size` (at least 1)
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

/// The value was added.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListPushBackResponse {
    /// The list's length after the push and any truncation.
    pub list_length: u32,
}

impl MomentoRequest for ListPushBackRequest {
    type Response = ListPushBackResponse;

    fn prepare(self, defaults: &RequestDefaults) -> CacheResult<Prepared<ListPushBackResponse>> {
        let insert = Insert::check(
            self.list_name,
            self.ttl,
            "truncate_front_to_size",
            self.truncate_front_to_size,
            defaults,
        )?;
        let request = wire::ListPushBackRequest {
            list_name: insert.list_name,
            value: self.value,
            ttl_milliseconds: insert.ttl_milliseconds,
            refresh_ttl: insert.refresh_ttl,
            truncate_front_to_size: insert.truncate_to_size,
        };
        Prepared::unary(
            rpc::LIST_PUSH_BACK,
            &self.cache_name,
            request,
            |reply: wire::ListPushBackResponse| {
                Ok(ListPushBackResponse {
                    list_length: reply.list_length,
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
    fn wire_round_trip() {
        let prepared = prepare(ListPushBackRequest::new("c", "l", "v").truncate_front_to_size(3));
        let (path, request): (_, wire::ListPushBackRequest) = sent(&prepared);
        assert_eq!(path, "/cache_client.Scs/ListPushBack");
        assert_eq!(request.value, b"v");
        assert_eq!(request.truncate_front_to_size, 3);
        assert_eq!(
            (request.ttl_milliseconds, request.refresh_ttl),
            (60_000, true)
        );
        let reply = wire::ListPushBackResponse { list_length: 3 };
        assert_eq!(answer(prepared, reply).unwrap().list_length, 3);
        rejected(
            ListPushBackRequest::new("c", "l", "v").truncate_front_to_size(0),
            "truncate_front_to_size",
        );
        rejected(ListPushBackRequest::new("c", "", "v"), "list_name");
    }
}
