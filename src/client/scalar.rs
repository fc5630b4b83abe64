//! Shortcuts for scalar items.

use std::time::Duration;

use super::CacheClient;
use crate::cache::*;
use crate::error::CacheResult;

impl CacheClient {
    /// Reads a value.
    pub async fn get(
        &self,
        cache_name: impl Into<String>,
        key: impl IntoBytes,
    ) -> CacheResult<GetResponse> {
        self.send_request(GetRequest::new(cache_name, key)).await
    }

    /// Stores a value with the default TTL.
    pub async fn set(
        &self,
        cache_name: impl Into<String>,
        key: impl IntoBytes,
        value: impl IntoBytes,
    ) -> CacheResult<SetResponse> {
        self.send_request(SetRequest::new(cache_name, key, value))
            .await
    }

    /// Removes an item of any type.
    pub async fn delete(
        &self,
        cache_name: impl Into<String>,
        key: impl IntoBytes,
    ) -> CacheResult<DeleteResponse> {
        self.send_request(DeleteRequest::new(cache_name, key)).await
    }

    /// Stores a value only if the key does not exist.
    pub async fn set_if_absent(
        &self,
        cache_name: impl Into<String>,
        key: impl IntoBytes,
        value: impl IntoBytes,
    ) -> CacheResult<SetIfAbsentResponse> {
        self.send_request(SetIfAbsentRequest::new(cache_name, key, value))
            .await
    }

    /// Stores a value only if the key exists.
    pub async fn set_if_present(
        &self,
        cache_name: impl Into<String>,
        key: impl IntoBytes,
        value: impl IntoBytes,
    ) -> CacheResult<SetIfPresentResponse> {
        self.send_request(SetIfPresentRequest::new(cache_name, key, value))
            .await
    }

    /// Stores a value only if the key holds exactly `equal`.
    pub async fn set_if_equal(
        &self,
        cache_name: impl Into<String>,
        key: impl IntoBytes,
        value: impl IntoBytes,
        equal: impl IntoBytes,
    ) -> CacheResult<SetIfEqualResponse> {
        self.send_request(SetIfEqualRequest::new(cache_name, key, value, equal))
            .await
    }

    /// Stores a value if the key is absent or holds something other than `not_equal`.
    pub async fn set_if_not_equal(
        &self,
        cache_name: impl Into<String>,
        key: impl IntoBytes,
        value: impl IntoBytes,
        not_equal: impl IntoBytes,
    ) -> CacheResult<SetIfNotEqualResponse> {
        self.send_request(SetIfNotEqualRequest::new(cache_name, key, value, not_equal))
            .await
    }

    /// Stores a value if the key exists and holds something other than `not_equal`.
    pub async fn set_if_present_and_not_equal(
        &self,
        cache_name: impl Into<String>,
        key: impl IntoBytes,
        value: impl IntoBytes,
        not_equal: impl IntoBytes,
    ) -> CacheResult<SetIfPresentAndNotEqualResponse> {
        self.send_request(SetIfPresentAndNotEqualRequest::new(
            cache_name, key, value, not_equal,
        ))
        .await
    }

    /// Stores a value if the key is absent or holds exactly `equal`.
    pub async fn set_if_absent_or_equal(
        &self,
        cache_name: impl Into<String>,
        key: impl IntoBytes,
        value: impl IntoBytes,
        equal: impl IntoBytes,
    ) -> CacheResult<SetIfAbsentOrEqualResponse> {
        self.send_request(SetIfAbsentOrEqualRequest::new(
            cache_name, key, value, equal,
        ))
        .await
    }

    /// Adds `amount` to a counter, creating it when absent.
    pub async fn increment(
        &self,
        cache_name: impl Into<String>,
        key: impl IntoBytes,
        amount: i64,
    ) -> CacheResult<IncrementResponse> {
        self.send_request(IncrementRequest::new(cache_name, key, amount))
            .await
    }

    /// Which of `keys` exist, in order.
    pub async fn keys_exist<K: IntoBytes>(
        &self,
        cache_name: impl Into<String>,
        keys: impl IntoIterator<Item = K>,
    ) -> CacheResult<KeysExistResponse> {
        self.send_request(KeysExistRequest::new(cache_name, keys))
            .await
    }

    /// Whether `key` exists.
    pub async fn key_exists(
        &self,
        cache_name: impl Into<String>,
        key: impl IntoBytes,
    ) -> CacheResult<KeyExistsResponse> {
        self.send_request(KeyExistsRequest::new(cache_name, key))
            .await
    }

    /// The TTL left on an item.
    pub async fn item_get_ttl(
        &self,
        cache_name: impl Into<String>,
        key: impl IntoBytes,
    ) -> CacheResult<ItemGetTtlResponse> {
        self.send_request(ItemGetTtlRequest::new(cache_name, key))
            .await
    }

    /// The type of an item.
    pub async fn item_get_type(
        &self,
        cache_name: impl Into<String>,
        key: impl IntoBytes,
    ) -> CacheResult<ItemGetTypeResponse> {
        self.send_request(ItemGetTypeRequest::new(cache_name, key))
            .await
    }

    /// Sets an item's TTL, whatever it was.
    pub async fn update_ttl(
        &self,
        cache_name: impl Into<String>,
        key: impl IntoBytes,
        ttl: Duration,
    ) -> CacheResult<UpdateTtlResponse> {
        self.send_request(UpdateTtlRequest::new(cache_name, key, ttl))
            .await
    }

    /// Raises an item's TTL to `ttl` if that is longer than what is left.
    pub async fn increase_ttl(
        &self,
        cache_name: impl Into<String>,
        key: impl IntoBytes,
        ttl: Duration,
    ) -> CacheResult<IncreaseTtlResponse> {
        self.send_request(IncreaseTtlRequest::new(cache_name, key, ttl))
            .await
    }

    /// Lowers an item's TTL to `ttl` if that is shorter than what is left.
    pub async fn decrease_ttl(
        &self,
        cache_name: impl Into<String>,
        key: impl IntoBytes,
        ttl: Duration,
    ) -> CacheResult<DecreaseTtlResponse> {
        self.send_request(DecreaseTtlRequest::new(cache_name, key, ttl))
            .await
    }

    /// Reads several keys in one call.
    pub async fn get_batch<K: IntoBytes>(
        &self,
        cache_name: impl Into<String>,
        keys: impl IntoIterator<Item = K>,
    ) -> CacheResult<GetBatchResponse> {
        self.send_request(GetBatchRequest::new(cache_name, keys))
            .await
    }

    /// Stores several items in one call, with the default TTL.
    pub async fn set_batch<K: IntoBytes, V: IntoBytes>(
        &self,
        cache_name: impl Into<String>,
        items: impl IntoIterator<Item = (K, V)>,
    ) -> CacheResult<SetBatchResponse> {
        self.send_request(SetBatchRequest::new(cache_name, items))
            .await
    }

    /// Reads a value and the server's hash of it.
    pub async fn get_with_hash(
        &self,
        cache_name: impl Into<String>,
        key: impl IntoBytes,
    ) -> CacheResult<GetWithHashResponse> {
        self.send_request(GetWithHashRequest::new(cache_name, key))
            .await
    }

    /// Stores a value if `condition` on the current value's hash holds.
    pub async fn set_if_hash(
        &self,
        cache_name: impl Into<String>,
        key: impl IntoBytes,
        value: impl IntoBytes,
        condition: SetIfHashCondition,
    ) -> CacheResult<SetIfHashResponse> {
        self.send_request(SetIfHashRequest::new(cache_name, key, value, condition))
            .await
    }

    /// Stores a value unconditionally and returns its hash.
    pub async fn set_with_hash(
        &self,
        cache_name: impl Into<String>,
        key: impl IntoBytes,
        value: impl IntoBytes,
    ) -> CacheResult<SetIfHashResponse> {
        self.set_if_hash(cache_name, key, value, SetIfHashCondition::Unconditional)
            .await
    }

    /// Stores a value if the key is absent, through the deprecated `SetIfNotExists` RPC;
    /// prefer [`CacheClient::set_if_absent`].
    pub async fn set_if_not_exists(
        &self,
        cache_name: impl Into<String>,
        key: impl IntoBytes,
        value: impl IntoBytes,
    ) -> CacheResult<SetIfNotExistsResponse> {
        self.send_request(SetIfNotExistsRequest::new(cache_name, key, value))
            .await
    }
}
