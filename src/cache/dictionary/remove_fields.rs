//! `DictionaryDelete`: remove fields of a dictionary, or one.

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::dictionary_delete_request::{Delete, Some as Fields};

use super::NAME;
use crate::cache::{IntoBytes, MomentoRequest, Prepared, RequestDefaults, key, non_empty};
use crate::error::CacheResult;
use crate::rpc;

/// Removes fields from a dictionary. Absent fields and dictionaries are fine. To remove the
/// whole dictionary, [`crate::CacheClient::delete`] its key.
#[derive(Clone, Debug)]
pub struct DictionaryRemoveFieldsRequest {
    cache_name: String,
    dictionary_name: Vec<u8>,
    fields: Vec<Vec<u8>>,
}

impl DictionaryRemoveFieldsRequest {
    /// Removes `fields` (at least one) from `dictionary_name`.
    pub fn new<F: IntoBytes>(
        cache_name: impl Into<String>,
        dictionary_name: impl IntoBytes,
        fields: impl IntoIterator<Item = F>,
    ) -> Self {
        DictionaryRemoveFieldsRequest {
            cache_name: cache_name.into(),
            dictionary_name: dictionary_name.into_bytes(),
            fields: fields.into_iter().map(IntoBytes::into_bytes).collect(),
        }
    }
}

/// The fields are gone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DictionaryRemoveFieldsResponse {}

impl MomentoRequest for DictionaryRemoveFieldsRequest {
    type Response = DictionaryRemoveFieldsResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<DictionaryRemoveFieldsResponse>> {
        let request = wire::DictionaryDeleteRequest {
            dictionary_name: key(NAME, self.dictionary_name)?,
            delete: Some(Delete::Some(Fields {
                fields: non_empty("fields", self.fields)?,
            })),
        };
        Prepared::unary(
            rpc::DICTIONARY_DELETE,
            &self.cache_name,
            request,
            |_: wire::DictionaryDeleteResponse| Ok(DictionaryRemoveFieldsResponse {}),
        )
    }
}

/// Removes one field from a dictionary.
#[derive(Clone, Debug)]
pub struct DictionaryRemoveFieldRequest {
    inner: DictionaryRemoveFieldsRequest,
}

impl DictionaryRemoveFieldRequest {
    /// Removes `field` from `dictionary_name`.
    pub fn new(
        cache_name: impl Into<String>,
        dictionary_name: impl IntoBytes,
        field: impl IntoBytes,
    ) -> Self {
        DictionaryRemoveFieldRequest {
            inner: DictionaryRemoveFieldsRequest::new(cache_name, dictionary_name, [field]),
        }
    }
}

/// The field is gone.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DictionaryRemoveFieldResponse {}

impl MomentoRequest for DictionaryRemoveFieldRequest {
    type Response = DictionaryRemoveFieldResponse;

    fn prepare(
        self,
        defaults: &RequestDefaults,
    ) -> CacheResult<Prepared<DictionaryRemoveFieldResponse>> {
        Ok(self
            .inner
            .prepare(defaults)?
            .map(|_| DictionaryRemoveFieldResponse {}))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::test_support::{prepare, rejected, sent};

    #[test]
    fn sends_some_fields() {
        let prepared = prepare(DictionaryRemoveFieldRequest::new("c", "d", "f"));
        let (path, request): (_, wire::DictionaryDeleteRequest) = sent(&prepared);
        assert_eq!(path, "/cache_client.Scs/DictionaryDelete");
        assert_eq!(
            request.delete,
            Some(Delete::Some(Fields {
                fields: vec![b"f".to_vec()]
            }))
        );
        rejected(
            DictionaryRemoveFieldsRequest::new("c", "d", Vec::<String>::new()),
            "fields",
        );
    }
}
