//! What a token or key may do: roles on caches, cache items and topics, with the `momento`
//! crate's names. [`super::PermissionScopes`] and [`super::DisposableTokenScopes`] build the
//! common shapes.

/// What a cache permission allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CacheRole {
    /// Reads and writes, conditional writes and increments included.
    ReadWrite,
    /// Reads only.
    ReadOnly,
    /// Plain writes only: no conditional writes, increments or pops (they also read).
    WriteOnly,
}

/// What a topic permission allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TopicRole {
    /// Publish and subscribe.
    PublishSubscribe,
    /// Subscribe only.
    SubscribeOnly,
    /// Publish only.
    PublishOnly,
}

/// Which caches a permission covers.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum CacheSelector {
    /// Every cache.
    AllCaches,
    /// One cache, by name.
    CacheName {
        /// The cache's name.
        name: String,
    },
}

impl From<&str> for CacheSelector {
    fn from(name: &str) -> Self {
        CacheSelector::CacheName {
            name: name.to_owned(),
        }
    }
}

impl From<String> for CacheSelector {
    fn from(name: String) -> Self {
        CacheSelector::CacheName { name }
    }
}

/// Which topics a permission covers.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum TopicSelector {
    /// Every topic.
    AllTopics,
    /// One topic, by name.
    TopicName {
        /// The topic's name.
        name: String,
    },
    /// Every topic whose name starts with `name_prefix` (the protocol has it; the official
    /// SDKs do not offer it).
    TopicNamePrefix {
        /// The start of the topics' names.
        name_prefix: String,
    },
}

impl From<&str> for TopicSelector {
    fn from(name: &str) -> Self {
        TopicSelector::TopicName {
            name: name.to_owned(),
        }
    }
}

impl From<String> for TopicSelector {
    fn from(name: String) -> Self {
        TopicSelector::TopicName { name }
    }
}

/// A role on whole caches.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct CachePermission {
    /// What it allows.
    pub role: CacheRole,
    /// Which caches.
    pub cache_selector: CacheSelector,
}

/// A role on topics.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TopicPermission {
    /// What it allows.
    pub role: TopicRole,
    /// In which caches.
    pub cache_selector: CacheSelector,
    /// Which topics.
    pub topic_selector: TopicSelector,
}

/// One permission statement.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Permission {
    /// On caches.
    CachePermission(CachePermission),
    /// On topics.
    TopicPermission(TopicPermission),
}

/// A list of permission statements; what it allows is their union.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Permissions {
    /// The statements (at most 20 in a disposable token).
    pub permissions: Vec<Permission>,
}

impl Permissions {
    /// Read and write on every cache, publish and subscribe on every topic: all data-plane
    /// calls, no cache management.
    pub fn all_data_read_write() -> Self {
        Permissions {
            permissions: vec![
                Permission::CachePermission(CachePermission {
                    role: CacheRole::ReadWrite,
                    cache_selector: CacheSelector::AllCaches,
                }),
                Permission::TopicPermission(TopicPermission {
                    role: TopicRole::PublishSubscribe,
                    cache_selector: CacheSelector::AllCaches,
                    topic_selector: TopicSelector::AllTopics,
                }),
            ],
        }
    }
}

/// Which items of a cache a disposable-token permission covers. A collection (dictionary,
/// list, set, sorted set) is the item named by its collection name.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum CacheItemSelector<K = Vec<u8>> {
    /// Every item.
    AllCacheItems,
    /// One key.
    CacheItemKey {
        /// The key.
        key: K,
    },
    /// Every key starting with `key_prefix`.
    CacheItemKeyPrefix {
        /// The start of the keys.
        key_prefix: K,
    },
}

/// A role on some items of some caches.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DisposableTokenCachePermission<K = Vec<u8>> {
    /// What it allows.
    pub role: CacheRole,
    /// Which caches.
    pub cache_selector: CacheSelector,
    /// Which items.
    pub item_selector: CacheItemSelector<K>,
}

/// A list of item-level cache permissions.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct DisposableTokenCachePermissions<K = Vec<u8>> {
    /// The statements.
    pub permissions: Vec<DisposableTokenCachePermission<K>>,
}

/// What a disposable token allows.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum DisposableTokenScope<K = Vec<u8>> {
    /// Whole-cache and topic permissions.
    Permissions(Permissions),
    /// Item-level cache permissions.
    DisposableTokenPermissions(DisposableTokenCachePermissions<K>),
    /// Item-level cache permissions together with topic permissions, in one token (beyond
    /// the `momento` crate, which cannot express this shape): for example one key prefix
    /// read-write and one topic subscribe-only.
    Mixed {
        /// The item-level cache statements.
        cache: Vec<DisposableTokenCachePermission<K>>,
        /// The topic statements.
        topics: Vec<TopicPermission>,
    },
}

impl<K> From<Permissions> for DisposableTokenScope<K> {
    fn from(permissions: Permissions) -> Self {
        DisposableTokenScope::Permissions(permissions)
    }
}

impl<K> From<DisposableTokenCachePermissions<K>> for DisposableTokenScope<K> {
    fn from(permissions: DisposableTokenCachePermissions<K>) -> Self {
        DisposableTokenScope::DisposableTokenPermissions(permissions)
    }
}
