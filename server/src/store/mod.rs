//! The in-memory storage engine: a cache registry over one bounded moka map of typed items.
//!
//! Every item lives in a single `moka::sync::Cache` keyed by (cache generation id, key bytes).
//! Memory is bounded by a weigher that approximates each entry's bytes, and every entry expires
//! at the instant its item carries. Read-modify-write operations go through moka's per-key
//! `and_compute_with`, so concurrent increments or pushes on one key are serialised.
//!
//! Collections are copy-on-write: a write clones the element handles (`Bytes` are
//! reference-counted, so payloads are shared) and stores a new item. That costs O(elements) per
//! write, bounded by the item-size limit, and means readers never see a half-applied write.
//!
//! Choices where the protocol leaves behaviour open:
//! - A collection that becomes empty (dictionary, set, list or sorted set) is deleted.
//! - `ttl_milliseconds` of 0 or above `max_ttl` is rejected as an invalid argument.

mod dictionary;
mod error;
mod item;
mod list;
mod range;
mod scalar;
mod set;
mod sorted_set;
mod zset;

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{Duration, Instant};

use bytes::Bytes;
use moka::ops::compute::Op;

pub use error::StoreError;
pub use item::ItemType;
pub use list::{ListEnd, ListErase};
pub use scalar::{
    HashCondition, SetCondition, SetItem, TtlUpdate, TtlUpdateOutcome, ValueWithHash,
};
pub use set::SetDifference;
pub use sorted_set::{Aggregate, SortedSetRemove};
pub use zset::{ScoreBound, SortOrder};

use item::{Item, ItemExpiry};

/// Limits of the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreConfig {
    /// Upper bound on the approximate bytes held by all caches together.
    pub max_memory_bytes: u64,
    /// Largest item: key plus value, or key plus every element of a collection.
    pub max_item_size_bytes: usize,
    /// Largest single collection element (a dictionary field counts together with its value).
    pub max_element_size_bytes: usize,
    /// Longest TTL a write may ask for.
    pub max_ttl: Duration,
}

impl Default for StoreConfig {
    fn default() -> Self {
        StoreConfig {
            max_memory_bytes: 256 * 1024 * 1024,
            max_item_size_bytes: 5 * 1024 * 1024,
            max_element_size_bytes: 128 * 1024,
            max_ttl: Duration::from_secs(24 * 60 * 60),
        }
    }
}

/// The TTL arguments that collection writes carry (protocol section 3.0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CollectionTtl {
    /// TTL for a collection this write creates, and for an existing one when `refresh` is set.
    pub ttl_ms: u64,
    /// Whether an existing collection's TTL is reset to `ttl_ms`.
    pub refresh: bool,
}

impl CollectionTtl {
    pub fn new(ttl_ms: u64, refresh: bool) -> Self {
        CollectionTtl { ttl_ms, refresh }
    }
}

/// Key of one entry in the shared map. The cache id changes on flush and on re-creation, which
/// makes the old generation's data unreachable at once.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct DataKey {
    cache_id: u64,
    key: Bytes,
}

#[derive(Debug, Default)]
struct Registry {
    by_name: HashMap<String, u64>,
    next_id: u64,
}

impl Registry {
    fn fresh_id(&mut self) -> u64 {
        self.next_id = self.next_id.wrapping_add(1);
        self.next_id
    }
}

struct Inner {
    config: StoreConfig,
    caches: RwLock<Registry>,
    data: moka::sync::Cache<DataKey, Item>,
}

/// What a read-modify-write closure wants done with the key.
pub(crate) enum Write {
    /// Leave the stored item (or its absence) as it is.
    Keep,
    /// Store this item, replacing whatever was there.
    Put(Item),
    /// Delete the item.
    Remove,
}

/// The storage engine. Cheap to clone; all clones share the same data.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store")
            .field("config", &self.inner.config)
            .field("entries", &self.inner.data.entry_count())
            .finish()
    }
}

impl Default for Store {
    fn default() -> Self {
        Store::new(StoreConfig::default())
    }
}

impl Store {
    pub fn new(config: StoreConfig) -> Self {
        let data = moka::sync::Cache::builder()
            .max_capacity(config.max_memory_bytes)
            .weigher(|key: &DataKey, item: &Item| item.weight(key.key.len()))
            .expire_after(ItemExpiry)
            .support_invalidation_closures()
            .build();
        Store {
            inner: Arc::new(Inner {
                config,
                caches: RwLock::new(Registry::default()),
                data,
            }),
        }
    }

    pub fn config(&self) -> &StoreConfig {
        &self.inner.config
    }

    /// Creates an empty cache. Fails with `AlreadyExists` when the name is taken.
    pub fn create_cache(&self, name: &str) -> Result<(), StoreError> {
        validate_cache_name(name)?;
        let mut registry = self.registry_mut();
        if registry.by_name.contains_key(name) {
            return Err(StoreError::AlreadyExists {
                cache: name.to_owned(),
            });
        }
        let id = registry.fresh_id();
        registry.by_name.insert(name.to_owned(), id);
        Ok(())
    }

    /// Deletes a cache and all its data.
    pub fn delete_cache(&self, name: &str) -> Result<(), StoreError> {
        validate_cache_name(name)?;
        let old = self
            .registry_mut()
            .by_name
            .remove(name)
            .ok_or_else(|| cache_not_found(name))?;
        self.reclaim(old);
        Ok(())
    }

    /// Drops every item of a cache but keeps the cache.
    pub fn flush_cache(&self, name: &str) -> Result<(), StoreError> {
        validate_cache_name(name)?;
        let old = {
            let mut registry = self.registry_mut();
            let fresh = registry.fresh_id();
            let slot = registry
                .by_name
                .get_mut(name)
                .ok_or_else(|| cache_not_found(name))?;
            std::mem::replace(slot, fresh)
        };
        self.reclaim(old);
        Ok(())
    }

    /// Whether a cache of this name exists.
    pub fn has_cache(&self, name: &str) -> bool {
        self.cache_id(name).is_ok()
    }

    /// Names of all caches, sorted.
    pub fn list_caches(&self) -> Vec<String> {
        let registry = self
            .inner
            .caches
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        let mut names: Vec<String> = registry.by_name.keys().cloned().collect();
        names.sort();
        names
    }

    /// Approximate bytes held, as the eviction policy sees them. Pending eviction work is done
    /// first so the figure reflects the bound.
    pub fn weighted_size(&self) -> u64 {
        self.inner.data.run_pending_tasks();
        self.inner.data.weighted_size()
    }

    /// Number of stored entries, after pending maintenance.
    pub fn entry_count(&self) -> u64 {
        self.inner.data.run_pending_tasks();
        self.inner.data.entry_count()
    }

    fn registry_mut(&self) -> std::sync::RwLockWriteGuard<'_, Registry> {
        // A panic elsewhere while holding the lock cannot leave the map half-written (every
        // change is a single insert/remove), so a poisoned lock is still usable.
        self.inner
            .caches
            .write()
            .unwrap_or_else(PoisonError::into_inner)
    }

    fn cache_id(&self, cache: &str) -> Result<u64, StoreError> {
        let registry = self
            .inner
            .caches
            .read()
            .unwrap_or_else(PoisonError::into_inner);
        registry
            .by_name
            .get(cache)
            .copied()
            .ok_or_else(|| cache_not_found(cache))
    }

    /// Frees an old generation's entries in the background. If moka refuses the predicate the
    /// entries are still unreachable and eviction or expiry reclaims them.
    fn reclaim(&self, old_id: u64) {
        let _ = self
            .inner
            .data
            .invalidate_entries_if(move |key: &DataKey, _| key.cache_id == old_id);
    }

    /// Validates a TTL argument and turns it into an absolute expiry.
    pub(crate) fn expiry_for(
        &self,
        field: &str,
        ttl_ms: u64,
        now: Instant,
    ) -> Result<Instant, StoreError> {
        let max = self.inner.config.max_ttl;
        if ttl_ms == 0 {
            return Err(StoreError::invalid(format!(
                "{field} must be greater than 0"
            )));
        }
        let ttl = Duration::from_millis(ttl_ms);
        if ttl > max {
            return Err(StoreError::invalid(format!(
                "{field} is {ttl_ms} ms, above the maximum TTL of {} ms",
                max.as_millis()
            )));
        }
        now.checked_add(ttl)
            .ok_or_else(|| StoreError::invalid(format!("{field} is too large")))
    }

    /// Expiry for a collection write: a new collection, or a refreshing write, gets the request
    /// TTL; otherwise the existing expiry is kept. The TTL is validated even when unused so a
    /// bad argument is reported consistently.
    pub(crate) fn collection_expiry(
        &self,
        existing: Option<&Item>,
        ttl: CollectionTtl,
        now: Instant,
    ) -> Result<Instant, StoreError> {
        let requested = self.expiry_for("ttl_milliseconds", ttl.ttl_ms, now)?;
        Ok(match existing {
            Some(item) if !ttl.refresh => item.expires_at(),
            _ => requested,
        })
    }

    pub(crate) fn check_element(&self, size: usize) -> Result<(), StoreError> {
        let limit = self.inner.config.max_element_size_bytes;
        if size > limit {
            return Err(StoreError::ElementTooLarge { size, limit });
        }
        Ok(())
    }

    /// Reads the live item under `key`, if any.
    pub(crate) fn read(
        &self,
        cache: &str,
        key_field: &str,
        key: &Bytes,
    ) -> Result<Option<Item>, StoreError> {
        validate_key(key_field, key)?;
        let cache_id = self.cache_id(cache)?;
        let now = Instant::now();
        let data_key = DataKey {
            cache_id,
            key: key.clone(),
        };
        Ok(self
            .inner
            .data
            .get(&data_key)
            .filter(|item| item.is_live(now)))
    }

    /// Atomically reads and rewrites the item under `key`. `apply` sees the live item (expired
    /// ones count as absent) and the current time, and says what to store plus what to return.
    /// Items it asks to store are checked against the item-size limit here, in one place.
    pub(crate) fn update<T>(
        &self,
        cache: &str,
        key_field: &str,
        key: Bytes,
        apply: impl FnOnce(Option<&Item>, Instant) -> Result<(Write, T), StoreError>,
    ) -> Result<T, StoreError> {
        validate_key(key_field, &key)?;
        let cache_id = self.cache_id(cache)?;
        let key_len = key.len();
        let limit = self.inner.config.max_item_size_bytes;
        let mut output = None;
        self.inner
            .data
            .entry(DataKey { cache_id, key })
            .and_try_compute_with(|entry| {
                let now = Instant::now();
                let current = entry
                    .as_ref()
                    .map(moka::Entry::value)
                    .filter(|item| item.is_live(now));
                let (write, value) = apply(current, now)?;
                let op = match write {
                    Write::Keep => Op::Nop,
                    Write::Remove => Op::Remove,
                    Write::Put(item) => {
                        let size = key_len.saturating_add(item.payload_bytes());
                        if size > limit {
                            return Err(StoreError::ItemTooLarge { size, limit });
                        }
                        Op::Put(item)
                    }
                };
                output = Some(value);
                Ok::<_, StoreError>(op)
            })?;
        output.ok_or_else(|| StoreError::Internal("the update closure did not run".into()))
    }
}

fn cache_not_found(cache: &str) -> StoreError {
    StoreError::CacheNotFound {
        cache: cache.to_owned(),
    }
}

fn validate_cache_name(name: &str) -> Result<(), StoreError> {
    if name.trim().is_empty() {
        return Err(StoreError::invalid("cache name must not be empty"));
    }
    Ok(())
}

pub(crate) fn validate_key(field: &str, key: &[u8]) -> Result<(), StoreError> {
    if key.is_empty() {
        return Err(StoreError::invalid(format!("{field} must not be empty")));
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod test_support {
    use super::*;

    pub(crate) const CACHE: &str = "cache";
    pub(crate) const TTL: CollectionTtl = CollectionTtl {
        ttl_ms: 60_000,
        refresh: true,
    };

    pub(crate) fn store() -> Store {
        store_with(StoreConfig::default())
    }

    pub(crate) fn store_with(config: StoreConfig) -> Store {
        let store = Store::new(config);
        store.create_cache(CACHE).unwrap();
        store
    }

    pub(crate) fn b(text: &str) -> Bytes {
        Bytes::copy_from_slice(text.as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::*;
    use super::*;

    #[test]
    fn cache_registry_lifecycle() {
        let store = Store::default();
        assert!(store.list_caches().is_empty());
        store.create_cache("b").unwrap();
        store.create_cache("a").unwrap();
        assert_eq!(store.list_caches(), ["a", "b"]);
        assert_eq!(
            store.create_cache("a"),
            Err(StoreError::AlreadyExists { cache: "a".into() })
        );
        store.delete_cache("a").unwrap();
        assert_eq!(
            store.delete_cache("a"),
            Err(StoreError::CacheNotFound { cache: "a".into() })
        );
        assert_eq!(
            store.flush_cache("a"),
            Err(StoreError::CacheNotFound { cache: "a".into() })
        );
        assert!(matches!(
            store.create_cache("  "),
            Err(StoreError::InvalidArgument(_))
        ));
        assert_eq!(store.list_caches(), ["b"]);
    }

    #[test]
    fn data_ops_on_unknown_cache_fail() {
        let store = Store::default();
        assert_eq!(
            store.get("nope", &b("k")),
            Err(StoreError::CacheNotFound {
                cache: "nope".into()
            })
        );
        assert!(matches!(
            store.set("nope", b("k"), b("v"), 1000),
            Err(StoreError::CacheNotFound { .. })
        ));
    }

    #[test]
    fn flush_and_delete_hide_data_at_once() {
        let store = store();
        store.set(CACHE, b("k"), b("v"), 60_000).unwrap();
        store.flush_cache(CACHE).unwrap();
        assert_eq!(store.get(CACHE, &b("k")).unwrap(), None);
        store.set(CACHE, b("k"), b("v2"), 60_000).unwrap();
        assert_eq!(store.get(CACHE, &b("k")).unwrap(), Some(b("v2")));

        store.delete_cache(CACHE).unwrap();
        store.create_cache(CACHE).unwrap();
        assert_eq!(store.get(CACHE, &b("k")).unwrap(), None);
    }

    #[test]
    fn caches_are_isolated() {
        let store = store();
        store.create_cache("other").unwrap();
        store.set(CACHE, b("k"), b("v"), 60_000).unwrap();
        assert_eq!(store.get("other", &b("k")).unwrap(), None);
        store.flush_cache("other").unwrap();
        assert_eq!(store.get(CACHE, &b("k")).unwrap(), Some(b("v")));
    }

    #[test]
    fn eviction_keeps_memory_bounded() {
        let limit = 64 * 1024;
        let store = store_with(StoreConfig {
            max_memory_bytes: limit,
            ..StoreConfig::default()
        });
        let value = Bytes::from(vec![7u8; 1024]);
        for i in 0..1000 {
            store
                .set(CACHE, b(&format!("key-{i}")), value.clone(), 60_000)
                .unwrap();
        }
        let size = store.weighted_size();
        assert!(size <= limit, "weighted size {size} exceeds {limit}");
        assert!(size > 0);
        assert!(store.entry_count() < 1000);
    }

    #[test]
    fn moka_itself_expires_and_reclaims_items() {
        let store = store();
        store.set(CACHE, b("short"), b("v"), 30).unwrap();
        store.set(CACHE, b("long"), b("v"), 60_000).unwrap();
        let key = |k: &str| DataKey {
            cache_id: store.cache_id(CACHE).unwrap(),
            key: b(k),
        };
        std::thread::sleep(Duration::from_millis(60));
        // Asking moka directly (not `read`, which also checks the expiry) proves the per-item
        // expiry is wired into the cache.
        assert!(!store.inner.data.contains_key(&key("short")));
        assert!(store.inner.data.contains_key(&key("long")));
        // Moka's timer wheel frees expired entries with about one second of granularity.
        let deadline = Instant::now() + Duration::from_secs(5);
        while store.entry_count() > 1 && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(100));
        }
        assert_eq!(store.entry_count(), 1);
    }

    #[test]
    fn flush_reclaims_the_old_generation() {
        let store = store();
        for i in 0..10 {
            store
                .set(CACHE, b(&format!("k{i}")), b("v"), 60_000)
                .unwrap();
        }
        assert_eq!(store.entry_count(), 10);
        store.flush_cache(CACHE).unwrap();
        assert_eq!(store.entry_count(), 0);
        assert_eq!(store.weighted_size(), 0);
    }

    #[test]
    fn ttl_validation_names_the_field_and_limit() {
        let store = store();
        let zero = store.set(CACHE, b("k"), b("v"), 0).unwrap_err();
        assert!(zero.to_string().contains("ttl_milliseconds"), "{zero}");
        let long = store
            .set(CACHE, b("k"), b("v"), 24 * 3600 * 1000 + 1)
            .unwrap_err();
        let text = long.to_string();
        assert!(
            text.contains("ttl_milliseconds") && text.contains("86400000"),
            "{text}"
        );
        store.set(CACHE, b("k"), b("v"), 24 * 3600 * 1000).unwrap();
    }

    #[test]
    fn empty_key_is_rejected() {
        let store = store();
        let err = store.set(CACHE, Bytes::new(), b("v"), 1000).unwrap_err();
        assert!(err.to_string().contains("cache_key"), "{err}");
        assert!(matches!(
            store.list_length(CACHE, &Bytes::new()),
            Err(StoreError::InvalidArgument(_))
        ));
    }

    #[test]
    fn store_is_send_sync_clone() {
        fn assert_traits<T: Send + Sync + Clone + 'static>() {}
        assert_traits::<Store>();
    }
}
