//! Shortcuts for sorted sets. Writes use the default [`CollectionTtl`]; build the request to
//! set one.

use super::CacheClient;
use crate::cache::*;
use crate::error::CacheResult;

impl CacheClient {
    /// Puts one value with a score in a sorted set.
    pub async fn sorted_set_put_element(
        &self,
        cache_name: impl Into<String>,
        sorted_set_name: impl IntoBytes,
        value: impl IntoBytes,
        score: f64,
    ) -> CacheResult<SortedSetPutElementResponse> {
        self.send_request(SortedSetPutElementRequest::new(
            cache_name,
            sorted_set_name,
            value,
            score,
        ))
        .await
    }

    /// Puts `(value, score)` elements in a sorted set.
    pub async fn sorted_set_put_elements<V: IntoBytes>(
        &self,
        cache_name: impl Into<String>,
        sorted_set_name: impl IntoBytes,
        elements: impl IntoIterator<Item = (V, f64)>,
    ) -> CacheResult<SortedSetPutElementsResponse> {
        self.send_request(SortedSetPutElementsRequest::new(
            cache_name,
            sorted_set_name,
            elements,
        ))
        .await
    }

    /// Reads the elements ranked `start_rank..end_rank` in `order` (`None` is unbounded;
    /// negative ranks count from the end).
    pub async fn sorted_set_fetch_by_rank(
        &self,
        cache_name: impl Into<String>,
        sorted_set_name: impl IntoBytes,
        order: SortedSetOrder,
        start_rank: impl Into<Option<i32>>,
        end_rank: impl Into<Option<i32>>,
    ) -> CacheResult<SortedSetFetchResponse> {
        self.send_request(
            SortedSetFetchByRankRequest::new(cache_name, sorted_set_name)
                .order(order)
                .start_rank(start_rank)
                .end_rank(end_rank),
        )
        .await
    }

    /// Reads every element in `order`; [`SortedSetFetchByScoreRequest`] sets score bounds,
    /// offset and count.
    pub async fn sorted_set_fetch_by_score(
        &self,
        cache_name: impl Into<String>,
        sorted_set_name: impl IntoBytes,
        order: SortedSetOrder,
    ) -> CacheResult<SortedSetFetchResponse> {
        self.send_request(
            SortedSetFetchByScoreRequest::new(cache_name, sorted_set_name).order(order),
        )
        .await
    }

    /// Reads the score of one value.
    pub async fn sorted_set_get_score(
        &self,
        cache_name: impl Into<String>,
        sorted_set_name: impl IntoBytes,
        value: impl IntoBytes,
    ) -> CacheResult<SortedSetGetScoreResponse> {
        self.send_request(SortedSetGetScoreRequest::new(
            cache_name,
            sorted_set_name,
            value,
        ))
        .await
    }

    /// Reads the scores of several values.
    pub async fn sorted_set_get_scores<V: IntoBytes>(
        &self,
        cache_name: impl Into<String>,
        sorted_set_name: impl IntoBytes,
        values: impl IntoIterator<Item = V>,
    ) -> CacheResult<SortedSetGetScoresResponse> {
        self.send_request(SortedSetGetScoresRequest::new(
            cache_name,
            sorted_set_name,
            values,
        ))
        .await
    }

    /// Reads the ascending rank of a value; [`SortedSetGetRankRequest`] sets the order.
    pub async fn sorted_set_get_rank(
        &self,
        cache_name: impl Into<String>,
        sorted_set_name: impl IntoBytes,
        value: impl IntoBytes,
    ) -> CacheResult<SortedSetGetRankResponse> {
        self.send_request(SortedSetGetRankRequest::new(
            cache_name,
            sorted_set_name,
            value,
        ))
        .await
    }

    /// Adds `amount` to the score of a value.
    pub async fn sorted_set_increment_score(
        &self,
        cache_name: impl Into<String>,
        sorted_set_name: impl IntoBytes,
        value: impl IntoBytes,
        amount: f64,
    ) -> CacheResult<SortedSetIncrementScoreResponse> {
        self.send_request(SortedSetIncrementScoreRequest::new(
            cache_name,
            sorted_set_name,
            value,
            amount,
        ))
        .await
    }

    /// Removes one value from a sorted set.
    pub async fn sorted_set_remove_element(
        &self,
        cache_name: impl Into<String>,
        sorted_set_name: impl IntoBytes,
        value: impl IntoBytes,
    ) -> CacheResult<SortedSetRemoveElementResponse> {
        self.send_request(SortedSetRemoveElementRequest::new(
            cache_name,
            sorted_set_name,
            value,
        ))
        .await
    }

    /// Removes values from a sorted set.
    pub async fn sorted_set_remove_elements<V: IntoBytes>(
        &self,
        cache_name: impl Into<String>,
        sorted_set_name: impl IntoBytes,
        values: impl IntoIterator<Item = V>,
    ) -> CacheResult<SortedSetRemoveElementsResponse> {
        self.send_request(SortedSetRemoveElementsRequest::new(
            cache_name,
            sorted_set_name,
            values,
        ))
        .await
    }

    /// Counts the elements of a sorted set.
    pub async fn sorted_set_length(
        &self,
        cache_name: impl Into<String>,
        sorted_set_name: impl IntoBytes,
    ) -> CacheResult<SortedSetLengthResponse> {
        self.send_request(SortedSetLengthRequest::new(cache_name, sorted_set_name))
            .await
    }

    /// Counts the elements of a sorted set by score, all of them here;
    /// [`SortedSetLengthByScoreRequest`] sets the bounds (as in the `momento` crate).
    pub async fn sorted_set_length_by_score(
        &self,
        cache_name: impl Into<String>,
        sorted_set_name: impl IntoBytes,
    ) -> CacheResult<SortedSetLengthByScoreResponse> {
        self.send_request(SortedSetLengthByScoreRequest::new(
            cache_name,
            sorted_set_name,
        ))
        .await
    }

    /// Replaces `sorted_set_name` with the sum of the `(source_name, weight)` sources;
    /// [`SortedSetUnionStoreRequest`] sets the aggregate function and TTL.
    pub async fn sorted_set_union_store<S: IntoBytes>(
        &self,
        cache_name: impl Into<String>,
        sorted_set_name: impl IntoBytes,
        sources: impl IntoIterator<Item = (S, f32)>,
    ) -> CacheResult<SortedSetUnionStoreResponse> {
        self.send_request(SortedSetUnionStoreRequest::new(
            cache_name,
            sorted_set_name,
            sources,
        ))
        .await
    }
}
