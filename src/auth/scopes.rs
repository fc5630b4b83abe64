//! Ready-made scopes with the official SDKs' names: [`PermissionScopes`] for whole caches and
//! topics, [`DisposableTokenScopes`] adding single keys and key prefixes.

use super::permissions::{
    CacheItemSelector, CachePermission, CacheRole, CacheSelector, DisposableTokenCachePermission,
    DisposableTokenCachePermissions, DisposableTokenScope, Permission, Permissions,
    TopicPermission, TopicRole, TopicSelector,
};

/// Scopes on whole caches and topics.
///
/// ```
/// use edgecache::auth::{CacheSelector, PermissionScopes};
///
/// let scope = PermissionScopes::cache_read_only("products");
/// assert_eq!(scope.permissions.len(), 1);
/// let everywhere = PermissionScopes::cache_read_write(CacheSelector::AllCaches);
/// # let _ = everywhere;
/// ```
pub struct PermissionScopes;

fn cache(role: CacheRole, cache_selector: impl Into<CacheSelector>) -> Permissions {
    Permissions {
        permissions: vec![Permission::CachePermission(CachePermission {
            role,
            cache_selector: cache_selector.into(),
        })],
    }
}

fn topic(
    role: TopicRole,
    cache_selector: impl Into<CacheSelector>,
    topic_selector: impl Into<TopicSelector>,
) -> Permissions {
    Permissions {
        permissions: vec![Permission::TopicPermission(TopicPermission {
            role,
            cache_selector: cache_selector.into(),
            topic_selector: topic_selector.into(),
        })],
    }
}

impl PermissionScopes {
    /// Read and write the caches selected.
    pub fn cache_read_write(cache_selector: impl Into<CacheSelector>) -> Permissions {
        cache(CacheRole::ReadWrite, cache_selector)
    }

    /// Read the caches selected.
    pub fn cache_read_only(cache_selector: impl Into<CacheSelector>) -> Permissions {
        cache(CacheRole::ReadOnly, cache_selector)
    }

    /// Write (plainly) to the caches selected.
    pub fn cache_write_only(cache_selector: impl Into<CacheSelector>) -> Permissions {
        cache(CacheRole::WriteOnly, cache_selector)
    }

    /// Publish and subscribe to the topics selected.
    pub fn topic_publish_subscribe(
        cache_selector: impl Into<CacheSelector>,
        topic_selector: impl Into<TopicSelector>,
    ) -> Permissions {
        topic(TopicRole::PublishSubscribe, cache_selector, topic_selector)
    }

    /// Subscribe to the topics selected.
    pub fn topic_subscribe_only(
        cache_selector: impl Into<CacheSelector>,
        topic_selector: impl Into<TopicSelector>,
    ) -> Permissions {
        topic(TopicRole::SubscribeOnly, cache_selector, topic_selector)
    }

    /// Publish to the topics selected.
    pub fn topic_publish_only(
        cache_selector: impl Into<CacheSelector>,
        topic_selector: impl Into<TopicSelector>,
    ) -> Permissions {
        topic(TopicRole::PublishOnly, cache_selector, topic_selector)
    }
}

/// Scopes for disposable tokens: those of [`PermissionScopes`], plus single keys and key
/// prefixes.
///
/// ```
/// use edgecache::auth::DisposableTokenScopes;
///
/// let scope = DisposableTokenScopes::cache_key_prefix_read_write("sessions", "user-42:");
/// # let _ = scope;
/// ```
pub struct DisposableTokenScopes;

fn items<K>(
    role: CacheRole,
    cache_selector: impl Into<CacheSelector>,
    item_selector: CacheItemSelector<K>,
) -> DisposableTokenScope<K> {
    DisposableTokenScope::DisposableTokenPermissions(DisposableTokenCachePermissions {
        permissions: vec![DisposableTokenCachePermission {
            role,
            cache_selector: cache_selector.into(),
            item_selector,
        }],
    })
}

impl DisposableTokenScopes {
    /// Read and write one key.
    pub fn cache_key_read_write<K>(
        cache_selector: impl Into<CacheSelector>,
        key: K,
    ) -> DisposableTokenScope<K> {
        items(
            CacheRole::ReadWrite,
            cache_selector,
            CacheItemSelector::CacheItemKey { key },
        )
    }

    /// Read one key.
    pub fn cache_key_read_only<K>(
        cache_selector: impl Into<CacheSelector>,
        key: K,
    ) -> DisposableTokenScope<K> {
        items(
            CacheRole::ReadOnly,
            cache_selector,
            CacheItemSelector::CacheItemKey { key },
        )
    }

    /// Write one key.
    pub fn cache_key_write_only<K>(
        cache_selector: impl Into<CacheSelector>,
        key: K,
    ) -> DisposableTokenScope<K> {
        items(
            CacheRole::WriteOnly,
            cache_selector,
            CacheItemSelector::CacheItemKey { key },
        )
    }

    /// Read and write every key starting with `key_prefix`.
    pub fn cache_key_prefix_read_write<K>(
        cache_selector: impl Into<CacheSelector>,
        key_prefix: K,
    ) -> DisposableTokenScope<K> {
        items(
            CacheRole::ReadWrite,
            cache_selector,
            CacheItemSelector::CacheItemKeyPrefix { key_prefix },
        )
    }

    /// Read every key starting with `key_prefix`.
    pub fn cache_key_prefix_read_only<K>(
        cache_selector: impl Into<CacheSelector>,
        key_prefix: K,
    ) -> DisposableTokenScope<K> {
        items(
            CacheRole::ReadOnly,
            cache_selector,
            CacheItemSelector::CacheItemKeyPrefix { key_prefix },
        )
    }

    /// Write every key starting with `key_prefix`.
    pub fn cache_key_prefix_write_only<K>(
        cache_selector: impl Into<CacheSelector>,
        key_prefix: K,
    ) -> DisposableTokenScope<K> {
        items(
            CacheRole::WriteOnly,
            cache_selector,
            CacheItemSelector::CacheItemKeyPrefix { key_prefix },
        )
    }

    /// Read and write the caches selected.
    pub fn cache_read_write<K>(
        cache_selector: impl Into<CacheSelector>,
    ) -> DisposableTokenScope<K> {
        PermissionScopes::cache_read_write(cache_selector).into()
    }

    /// Read the caches selected.
    pub fn cache_read_only<K>(cache_selector: impl Into<CacheSelector>) -> DisposableTokenScope<K> {
        PermissionScopes::cache_read_only(cache_selector).into()
    }

    /// Write to the caches selected.
    pub fn cache_write_only<K>(
        cache_selector: impl Into<CacheSelector>,
    ) -> DisposableTokenScope<K> {
        PermissionScopes::cache_write_only(cache_selector).into()
    }

    /// Publish and subscribe to the topics selected.
    pub fn topic_publish_subscribe<K>(
        cache_selector: impl Into<CacheSelector>,
        topic_selector: impl Into<TopicSelector>,
    ) -> DisposableTokenScope<K> {
        PermissionScopes::topic_publish_subscribe(cache_selector, topic_selector).into()
    }

    /// Subscribe to the topics selected.
    pub fn topic_subscribe_only<K>(
        cache_selector: impl Into<CacheSelector>,
        topic_selector: impl Into<TopicSelector>,
    ) -> DisposableTokenScope<K> {
        PermissionScopes::topic_subscribe_only(cache_selector, topic_selector).into()
    }

    /// Publish to the topics selected.
    pub fn topic_publish_only<K>(
        cache_selector: impl Into<CacheSelector>,
        topic_selector: impl Into<TopicSelector>,
    ) -> DisposableTokenScope<K> {
        PermissionScopes::topic_publish_only(cache_selector, topic_selector).into()
    }
}
