//! `SortedSetRemove`: remove values from a sorted set, or one.

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::sorted_set_remove_request::{RemoveElements, Some as Values};

use super::NAME;
use crate::cache::{IntoBytes, MomentoRequest, Prepared, RequestDefaults, key, non_empty};
use crate::error::CacheResult;
use crate::rpc;

/// Removes values from a sorted set. Absent values and sets are fine. To remove the whole
/// sorted set, [`crate::CacheClient::delete`] its key.
#[derive(Clone, Debug)]
pub struct SortedSetRemoveElementsRequest {
    cache_name: String,
    sorted_set_name: Vec<u8>,
    values: Vec<Vec<u8>>,
}

impl SortedSetRemoveElementsRequest {
    /// Removes `values` (at least one) from `sorted_set_name`.
    pub fn new<V: IntoBytes>(
        cache_name: impl Into<String>,
        sorted_set_name: impl IntoBytes,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        SortedSetRemoveElementsRequest {
            cache_name: cache_name.into(),
            sorted_set_name: sorted_set_name.into_bytes(),
            values: values.into_iter().map(IntoBytes::into_bytes).collect(),
        }
    }
}

/// The values are gone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SortedSetRemoveElementsResponse {}

impl MomentoRequest for SortedSetRemoveElementsRequest {
    type Response = SortedSetRemoveElementsResponse;

    fn prepare(
        self,
        _: &RequestDefaults,
    ) -> CacheResult<Prepared<SortedSetRemoveElementsResponse>> {
        let request = wire::SortedSetRemoveRequest {
            set_name: key(NAME, self.sorted_set_name)?,
            remove_elements: Some(RemoveElements::Some(Values {
                values: non_empty("values", self.values)?,
            })),
        };
        Prepared::unary(
            rpc::SORTED_SET_REMOVE,
            &self.cache_name,
            request,
            |_: wire::SortedSetRemoveResponse| Ok(SortedSetRemoveElementsResponse {}),
        )
    }
}

/// Removes one value from a sorted set.
#[derive(Clone, Debug)]
pub struct SortedSetRemoveElementRequest {
    inner: SortedSetRemoveElementsRequest,
}

impl SortedSetRemoveElementRequest {
    /// Removes `value` from `sorted_set_name`.
    pub fn new(
        cache_name: impl Into<String>,
        sorted_set_name: impl IntoBytes,
        value: impl IntoBytes,
    ) -> Self {
        SortedSetRemoveElementRequest {
            inner: SortedSetRemoveElementsRequest::new(cache_name, sorted_set_name, [value]),
        }
    }
}

/// The value is gone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SortedSetRemoveElementResponse {}

impl MomentoRequest for SortedSetRemoveElementRequest {
    type Response = SortedSetRemoveElementResponse;

    fn prepare(
        self,
        defaults: &RequestDefaults,
    ) -> CacheResult<Prepared<SortedSetRemoveElementResponse>> {
        Ok(self
            .inner
            .prepare(defaults)?
            .map(|_| SortedSetRemoveElementResponse {}))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::test_support::{prepare, rejected, sent};

    #[test]
    fn sends_some_values() {
        let (path, request): (_, wire::SortedSetRemoveRequest) =
            sent(&prepare(SortedSetRemoveElementRequest::new("c", "z", "v")));
        assert_eq!(path, "/cache_client.Scs/SortedSetRemove");
        assert_eq!(
            request.remove_elements,
            Some(RemoveElements::Some(Values {
                values: vec![b"v".to_vec()]
            }))
        );
        rejected(
            SortedSetRemoveElementsRequest::new("c", "z", Vec::<&str>::new()),
            "values",
        );
    }
}
