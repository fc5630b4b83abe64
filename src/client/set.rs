//! Shortcuts for sets. Writes use the default [`CollectionTtl`]; build the request to set one.

use super::CacheClient;
use crate::cache::*;
use crate::error::CacheResult;

impl CacheClient {
    /// Adds one element to a set.
    pub async fn set_add_element(
        &self,
        cache_name: impl Into<String>,
        set_name: impl IntoBytes,
        element: impl IntoBytes,
    ) -> CacheResult<SetAddElementResponse> {
        self.send_request(SetAddElementRequest::new(cache_name, set_name, element))
            .await
    }

    /// Adds elements to a set.
    pub async fn set_add_elements<E: IntoBytes>(
        &self,
        cache_name: impl Into<String>,
        set_name: impl IntoBytes,
        elements: impl IntoIterator<Item = E>,
    ) -> CacheResult<SetAddElementsResponse> {
        self.send_request(SetAddElementsRequest::new(cache_name, set_name, elements))
            .await
    }

    /// Removes one element from a set.
    pub async fn set_remove_element(
        &self,
        cache_name: impl Into<String>,
        set_name: impl IntoBytes,
        element: impl IntoBytes,
    ) -> CacheResult<SetRemoveElementResponse> {
        self.send_request(SetRemoveElementRequest::new(cache_name, set_name, element))
            .await
    }

    /// Removes elements from a set.
    pub async fn set_remove_elements<E: IntoBytes>(
        &self,
        cache_name: impl Into<String>,
        set_name: impl IntoBytes,
        elements: impl IntoIterator<Item = E>,
    ) -> CacheResult<SetRemoveElementsResponse> {
        self.send_request(SetRemoveElementsRequest::new(
            cache_name, set_name, elements,
        ))
        .await
    }

    /// Reads every element of a set.
    pub async fn set_fetch(
        &self,
        cache_name: impl Into<String>,
        set_name: impl IntoBytes,
    ) -> CacheResult<SetFetchResponse> {
        self.send_request(SetFetchRequest::new(cache_name, set_name))
            .await
    }

    /// Whether one element is in a set.
    pub async fn set_contains_element(
        &self,
        cache_name: impl Into<String>,
        set_name: impl IntoBytes,
        element: impl IntoBytes,
    ) -> CacheResult<SetContainsElementResponse> {
        self.send_request(SetContainsElementRequest::new(
            cache_name, set_name, element,
        ))
        .await
    }

    /// Which of `elements` are in a set.
    pub async fn set_contains_elements<E: IntoBytes>(
        &self,
        cache_name: impl Into<String>,
        set_name: impl IntoBytes,
        elements: impl IntoIterator<Item = E>,
    ) -> CacheResult<SetContainsElementsResponse> {
        self.send_request(SetContainsElementsRequest::new(
            cache_name, set_name, elements,
        ))
        .await
    }

    /// Counts the elements of a set.
    pub async fn set_length(
        &self,
        cache_name: impl Into<String>,
        set_name: impl IntoBytes,
    ) -> CacheResult<SetLengthResponse> {
        self.send_request(SetLengthRequest::new(cache_name, set_name))
            .await
    }

    /// Removes and returns up to `count` elements of a set.
    pub async fn set_pop(
        &self,
        cache_name: impl Into<String>,
        set_name: impl IntoBytes,
        count: usize,
    ) -> CacheResult<SetPopResponse> {
        self.send_request(SetPopRequest::new(cache_name, set_name, count))
            .await
    }

    /// Reads up to `limit` random elements of a set.
    pub async fn set_sample(
        &self,
        cache_name: impl Into<String>,
        set_name: impl IntoBytes,
        limit: usize,
    ) -> CacheResult<SetSampleResponse> {
        self.send_request(SetSampleRequest::new(cache_name, set_name, limit))
            .await
    }
}
