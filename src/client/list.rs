//! Shortcuts for lists. Writes use the default [`CollectionTtl`] and no truncation; build the
//! request to set either.

use super::CacheClient;
use crate::cache::*;
use crate::error::CacheResult;

impl CacheClient {
    /// Prepends one value to a list.
    pub async fn list_push_front(
        &self,
        cache_name: impl Into<String>,
        list_name: impl IntoBytes,
        value: impl IntoBytes,
    ) -> CacheResult<ListPushFrontResponse> {
        self.send_request(ListPushFrontRequest::new(cache_name, list_name, value))
            .await
    }

    /// Appends one value to a list.
    pub async fn list_push_back(
        &self,
        cache_name: impl Into<String>,
        list_name: impl IntoBytes,
        value: impl IntoBytes,
    ) -> CacheResult<ListPushBackResponse> {
        self.send_request(ListPushBackRequest::new(cache_name, list_name, value))
            .await
    }

    /// Prepends values to a list, keeping their order.
    pub async fn list_concatenate_front<V: IntoBytes>(
        &self,
        cache_name: impl Into<String>,
        list_name: impl IntoBytes,
        values: impl IntoIterator<Item = V>,
    ) -> CacheResult<ListConcatenateFrontResponse> {
        self.send_request(ListConcatenateFrontRequest::new(
            cache_name, list_name, values,
        ))
        .await
    }

    /// Appends values to a list.
    pub async fn list_concatenate_back<V: IntoBytes>(
        &self,
        cache_name: impl Into<String>,
        list_name: impl IntoBytes,
        values: impl IntoIterator<Item = V>,
    ) -> CacheResult<ListConcatenateBackResponse> {
        self.send_request(ListConcatenateBackRequest::new(
            cache_name, list_name, values,
        ))
        .await
    }

    /// Removes and returns the first element of a list.
    pub async fn list_pop_front(
        &self,
        cache_name: impl Into<String>,
        list_name: impl IntoBytes,
    ) -> CacheResult<ListPopFrontResponse> {
        self.send_request(ListPopFrontRequest::new(cache_name, list_name))
            .await
    }

    /// Removes and returns the last element of a list.
    pub async fn list_pop_back(
        &self,
        cache_name: impl Into<String>,
        list_name: impl IntoBytes,
    ) -> CacheResult<ListPopBackResponse> {
        self.send_request(ListPopBackRequest::new(cache_name, list_name))
            .await
    }

    /// Reads a whole list; [`ListFetchRequest`] reads a slice.
    pub async fn list_fetch(
        &self,
        cache_name: impl Into<String>,
        list_name: impl IntoBytes,
    ) -> CacheResult<ListFetchResponse> {
        self.send_request(ListFetchRequest::new(cache_name, list_name))
            .await
    }

    /// Counts the elements of a list.
    pub async fn list_length(
        &self,
        cache_name: impl Into<String>,
        list_name: impl IntoBytes,
    ) -> CacheResult<ListLengthResponse> {
        self.send_request(ListLengthRequest::new(cache_name, list_name))
            .await
    }

    /// Removes every element equal to `value` from a list.
    pub async fn list_remove_value(
        &self,
        cache_name: impl Into<String>,
        list_name: impl IntoBytes,
        value: impl IntoBytes,
    ) -> CacheResult<ListRemoveValueResponse> {
        self.send_request(ListRemoveValueRequest::new(cache_name, list_name, value))
            .await
    }

    /// Keeps only the slice `start_index..end_index` of a list (Python slice rules; `None`
    /// is unbounded).
    pub async fn list_retain(
        &self,
        cache_name: impl Into<String>,
        list_name: impl IntoBytes,
        start_index: impl Into<Option<i32>>,
        end_index: impl Into<Option<i32>>,
    ) -> CacheResult<ListRetainResponse> {
        self.send_request(
            ListRetainRequest::new(cache_name, list_name)
                .start_index(start_index)
                .end_index(end_index),
        )
        .await
    }

    /// Removes `(begin_index, count)` ranges of positions from a list;
    /// [`ListEraseRequest::all`] empties it.
    pub async fn list_erase(
        &self,
        cache_name: impl Into<String>,
        list_name: impl IntoBytes,
        ranges: impl IntoIterator<Item = (usize, usize)>,
    ) -> CacheResult<ListEraseResponse> {
        self.send_request(ListEraseRequest::ranges(cache_name, list_name, ranges))
            .await
    }
}
