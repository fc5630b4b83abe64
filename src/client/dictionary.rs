//! Shortcuts for dictionaries. Each uses the default [`CollectionTtl`]; build the request to
//! set one.

use super::CacheClient;
use crate::cache::*;
use crate::error::CacheResult;

impl CacheClient {
    /// Reads every field of a dictionary.
    pub async fn dictionary_fetch(
        &self,
        cache_name: impl Into<String>,
        dictionary_name: impl IntoBytes,
    ) -> CacheResult<DictionaryFetchResponse> {
        self.send_request(DictionaryFetchRequest::new(cache_name, dictionary_name))
            .await
    }

    /// Reads one field of a dictionary.
    pub async fn dictionary_get_field(
        &self,
        cache_name: impl Into<String>,
        dictionary_name: impl IntoBytes,
        field: impl IntoBytes,
    ) -> CacheResult<DictionaryGetFieldResponse> {
        self.send_request(DictionaryGetFieldRequest::new(
            cache_name,
            dictionary_name,
            field,
        ))
        .await
    }

    /// Reads several fields of a dictionary.
    pub async fn dictionary_get_fields<F: IntoBytes>(
        &self,
        cache_name: impl Into<String>,
        dictionary_name: impl IntoBytes,
        fields: impl IntoIterator<Item = F>,
    ) -> CacheResult<DictionaryGetFieldsResponse> {
        self.send_request(DictionaryGetFieldsRequest::new(
            cache_name,
            dictionary_name,
            fields,
        ))
        .await
    }

    /// Stores one field of a dictionary.
    pub async fn dictionary_set_field(
        &self,
        cache_name: impl Into<String>,
        dictionary_name: impl IntoBytes,
        field: impl IntoBytes,
        value: impl IntoBytes,
    ) -> CacheResult<DictionarySetFieldResponse> {
        self.send_request(DictionarySetFieldRequest::new(
            cache_name,
            dictionary_name,
            field,
            value,
        ))
        .await
    }

    /// Stores several fields of a dictionary.
    pub async fn dictionary_set_fields<F: IntoBytes, V: IntoBytes>(
        &self,
        cache_name: impl Into<String>,
        dictionary_name: impl IntoBytes,
        elements: impl IntoIterator<Item = (F, V)>,
    ) -> CacheResult<DictionarySetFieldsResponse> {
        self.send_request(DictionarySetFieldsRequest::new(
            cache_name,
            dictionary_name,
            elements,
        ))
        .await
    }

    /// Adds `amount` to the counter in a dictionary field.
    pub async fn dictionary_increment(
        &self,
        cache_name: impl Into<String>,
        dictionary_name: impl IntoBytes,
        field: impl IntoBytes,
        amount: i64,
    ) -> CacheResult<DictionaryIncrementResponse> {
        self.send_request(DictionaryIncrementRequest::new(
            cache_name,
            dictionary_name,
            field,
            amount,
        ))
        .await
    }

    /// Removes one field of a dictionary.
    pub async fn dictionary_remove_field(
        &self,
        cache_name: impl Into<String>,
        dictionary_name: impl IntoBytes,
        field: impl IntoBytes,
    ) -> CacheResult<DictionaryRemoveFieldResponse> {
        self.send_request(DictionaryRemoveFieldRequest::new(
            cache_name,
            dictionary_name,
            field,
        ))
        .await
    }

    /// Removes several fields of a dictionary.
    pub async fn dictionary_remove_fields<F: IntoBytes>(
        &self,
        cache_name: impl Into<String>,
        dictionary_name: impl IntoBytes,
        fields: impl IntoIterator<Item = F>,
    ) -> CacheResult<DictionaryRemoveFieldsResponse> {
        self.send_request(DictionaryRemoveFieldsRequest::new(
            cache_name,
            dictionary_name,
            fields,
        ))
        .await
    }

    /// Counts the fields of a dictionary.
    pub async fn dictionary_length(
        &self,
        cache_name: impl Into<String>,
        dictionary_name: impl IntoBytes,
    ) -> CacheResult<DictionaryLengthResponse> {
        self.send_request(DictionaryLengthRequest::new(cache_name, dictionary_name))
            .await
    }
}
