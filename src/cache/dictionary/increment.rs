//! `DictionaryIncrement`: add to a counter stored in a dictionary field.

use edgecache_proto::cache_client as wire;

use super::NAME;
use crate::cache::{CollectionTtl, IntoBytes, MomentoRequest, Prepared, RequestDefaults, key};
use crate::error::CacheResult;
use crate::rpc;

/// Adds `amount` to the base-10 integer stored in a dictionary field, creating the field (and
/// the dictionary) with `amount` when absent. A field that does not hold an integer fails with
/// `FailedPreconditionError`. Never retried.
#[derive(Clone, Debug)]
pub struct DictionaryIncrementRequest {
    cache_name: String,
    dictionary_name: Vec<u8>,
    field: Vec<u8>,
    amount: i64,
    ttl: CollectionTtl,
}

impl DictionaryIncrementRequest {
    /// Adds `amount` (which may be negative) to `field` of `dictionary_name`.
    pub fn new(
        cache_name: impl Into<String>,
        dictionary_name: impl IntoBytes,
        field: impl IntoBytes,
        amount: i64,
    ) -> Self {
        DictionaryIncrementRequest {
            cache_name: cache_name.into(),
            dictionary_name: dictionary_name.into_bytes(),
            field: field.into_bytes(),
            amount,
            ttl: CollectionTtl::default(),
        }
    }

    /// The dictionary's TTL policy; [`CollectionTtl::default`] when unset or `None`.
    pub fn ttl(mut self, ttl: impl Into<Option<CollectionTtl>>) -> Self {
        self.ttl = ttl.into().unwrap_or_default();
        self
    }
}

/// The field's value after the increment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DictionaryIncrementResponse {
    /// The stored value after adding.
    pub value: i64,
}

impl MomentoRequest for DictionaryIncrementRequest {
    type Response = DictionaryIncrementResponse;

    fn prepare(
        self,
        defaults: &RequestDefaults,
    ) -> CacheResult<Prepared<DictionaryIncrementResponse>> {
        let (ttl_milliseconds, refresh_ttl) = self.ttl.to_wire(defaults)?;
        let request = wire::DictionaryIncrementRequest {
            dictionary_name: key(NAME, self.dictionary_name)?,
            field: self.field,
            amount: self.amount,
            ttl_milliseconds,
            refresh_ttl,
        };
        Prepared::unary(
            rpc::DICTIONARY_INCREMENT,
            &self.cache_name,
            request,
            |reply: wire::DictionaryIncrementResponse| {
                Ok(DictionaryIncrementResponse { value: reply.value })
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
        let prepared = prepare(DictionaryIncrementRequest::new("c", "d", "n", -3));
        let (path, request): (_, wire::DictionaryIncrementRequest) = sent(&prepared);
        assert_eq!(path, "/cache_client.Scs/DictionaryIncrement");
        assert_eq!((request.field.as_slice(), request.amount), (&b"n"[..], -3));
        let reply = wire::DictionaryIncrementResponse { value: 7 };
        assert_eq!(answer(prepared, reply).unwrap().value, 7);
        rejected(
            DictionaryIncrementRequest::new("c", "", "n", 1),
            "dictionary_name",
        );
    }
}
