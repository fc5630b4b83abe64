//! Scopes as `permission_messages.Permissions`, checked on the way: the same rules the
//! service applies, so a bad scope fails here with a typed error before anything is sent.

use edgecache_proto::permission_messages as wire;
use wire::permissions_type::{
    self as pt, All, CacheItemSelector as WireItem, cache_item_selector, cache_permissions,
    cache_selector, topic_permissions, topic_selector,
};

use super::permissions::{
    CacheItemSelector, CacheRole, CacheSelector, DisposableTokenCachePermission,
    DisposableTokenScope, Permission, Permissions, TopicPermission, TopicRole, TopicSelector,
};
use crate::cache::cache_name;
use crate::error::{CacheError, CacheResult};

/// The most statements one credential may hold.
pub(crate) const MAX_STATEMENTS: usize = 20;

fn cache_role(role: CacheRole) -> wire::CacheRole {
    match role {
        CacheRole::ReadWrite => wire::CacheRole::CacheReadWrite,
        CacheRole::ReadOnly => wire::CacheRole::CacheReadOnly,
        CacheRole::WriteOnly => wire::CacheRole::CacheWriteOnly,
    }
}

fn topic_role(role: TopicRole) -> wire::TopicRole {
    match role {
        TopicRole::PublishSubscribe => wire::TopicRole::TopicReadWrite,
        TopicRole::SubscribeOnly => wire::TopicRole::TopicReadOnly,
        TopicRole::PublishOnly => wire::TopicRole::TopicWriteOnly,
    }
}

fn one_cache(selector: &CacheSelector) -> CacheResult<Option<pt::CacheSelector>> {
    Ok(match selector {
        CacheSelector::AllCaches => None,
        CacheSelector::CacheName { name } => Some(pt::CacheSelector {
            kind: Some(cache_selector::Kind::CacheName(cache_name(name)?)),
        }),
    })
}

fn not_empty(argument: &str, value: &[u8]) -> CacheResult<()> {
    if value.is_empty() {
        return Err(CacheError::invalid_argument(argument, "must not be empty"));
    }
    Ok(())
}

fn cache_statement(
    role: CacheRole,
    selector: &CacheSelector,
    item: Option<cache_permissions::CacheItem>,
) -> CacheResult<wire::PermissionsType> {
    let cache = match one_cache(selector)? {
        None => cache_permissions::Cache::AllCaches(All {}),
        Some(one) => cache_permissions::Cache::CacheSelector(one),
    };
    Ok(wire::PermissionsType {
        kind: Some(pt::Kind::CachePermissions(pt::CachePermissions {
            role: cache_role(role) as i32,
            cache: Some(cache),
            cache_item: item,
        })),
    })
}

fn topic_statement(permission: &TopicPermission) -> CacheResult<wire::PermissionsType> {
    let cache = match one_cache(&permission.cache_selector)? {
        None => topic_permissions::Cache::AllCaches(All {}),
        Some(one) => topic_permissions::Cache::CacheSelector(one),
    };
    let selected =
        |kind| topic_permissions::Topic::TopicSelector(pt::TopicSelector { kind: Some(kind) });
    let topic = match &permission.topic_selector {
        TopicSelector::AllTopics => topic_permissions::Topic::AllTopics(All {}),
        TopicSelector::TopicName { name } => {
            not_empty("topic_name", name.as_bytes())?;
            selected(topic_selector::Kind::TopicName(name.clone()))
        }
        TopicSelector::TopicNamePrefix { name_prefix } => {
            not_empty("topic_name_prefix", name_prefix.as_bytes())?;
            selected(topic_selector::Kind::TopicNamePrefix(name_prefix.clone()))
        }
    };
    Ok(wire::PermissionsType {
        kind: Some(pt::Kind::TopicPermissions(pt::TopicPermissions {
            role: topic_role(permission.role) as i32,
            cache: Some(cache),
            topic: Some(topic),
        })),
    })
}

fn item_statement<K: Clone + Into<Vec<u8>>>(
    permission: &DisposableTokenCachePermission<K>,
) -> CacheResult<wire::PermissionsType> {
    let selected = |kind| cache_permissions::CacheItem::ItemSelector(WireItem { kind: Some(kind) });
    let item = match &permission.item_selector {
        CacheItemSelector::AllCacheItems => cache_permissions::CacheItem::AllItems(All {}),
        CacheItemSelector::CacheItemKey { key } => {
            let key: Vec<u8> = key.clone().into();
            not_empty("key", &key)?;
            selected(cache_item_selector::Kind::Key(key))
        }
        CacheItemSelector::CacheItemKeyPrefix { key_prefix } => {
            let prefix: Vec<u8> = key_prefix.clone().into();
            not_empty("key_prefix", &prefix)?;
            selected(cache_item_selector::Kind::KeyPrefix(prefix))
        }
    };
    cache_statement(permission.role, &permission.cache_selector, Some(item))
}

/// Whole-cache and topic statements. `all_items` is spelled out on cache statements when
/// `disposable`: the service refuses a disposable scope that leaves it unset next to topic
/// statements, since that shape is ambiguous (see docs/auth.md).
fn plain(permissions: &Permissions, disposable: bool) -> CacheResult<Vec<wire::PermissionsType>> {
    permissions
        .permissions
        .iter()
        .map(|permission| match permission {
            Permission::CachePermission(cache) => cache_statement(
                cache.role,
                &cache.cache_selector,
                disposable.then_some(cache_permissions::CacheItem::AllItems(All {})),
            ),
            Permission::TopicPermission(topic) => topic_statement(topic),
        })
        .collect()
}

fn explicit(statements: Vec<wire::PermissionsType>) -> CacheResult<wire::Permissions> {
    if statements.is_empty() {
        return Err(CacheError::invalid_argument(
            "scope",
            "must hold at least one permission",
        ));
    }
    if statements.len() > MAX_STATEMENTS {
        return Err(CacheError::invalid_argument(
            "scope",
            format!(
                "may hold at most {MAX_STATEMENTS} permissions, got {}",
                statements.len()
            ),
        ));
    }
    Ok(wire::Permissions {
        kind: Some(wire::permissions::Kind::Explicit(
            wire::ExplicitPermissions {
                permissions: statements,
            },
        )),
    })
}

/// A disposable token's scope on the wire.
pub(crate) fn disposable<K: Clone + Into<Vec<u8>>>(
    scope: &DisposableTokenScope<K>,
) -> CacheResult<wire::Permissions> {
    let statements = match scope {
        DisposableTokenScope::Permissions(permissions) => plain(permissions, true)?,
        DisposableTokenScope::DisposableTokenPermissions(items) => items
            .permissions
            .iter()
            .map(item_statement)
            .collect::<CacheResult<_>>()?,
        DisposableTokenScope::Mixed { cache, topics } => cache
            .iter()
            .map(item_statement)
            .chain(topics.iter().map(topic_statement))
            .collect::<CacheResult<_>>()?,
    };
    explicit(statements)
}

/// An API key's scope on the wire.
pub(crate) fn api_key(permissions: &Permissions) -> CacheResult<wire::Permissions> {
    explicit(plain(permissions, false)?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::{DisposableTokenScopes, PermissionScopes};
    use crate::error::ErrorCode;

    fn statements(permissions: wire::Permissions) -> Vec<pt::Kind> {
        match permissions.kind {
            Some(wire::permissions::Kind::Explicit(e)) => {
                e.permissions.into_iter().map(|p| p.kind.unwrap()).collect()
            }
            other => panic!("not explicit: {other:?}"),
        }
    }

    #[test]
    fn key_prefix_scope_carries_the_prefix_bytes_and_the_cache() {
        let scope = DisposableTokenScopes::cache_key_prefix_read_only("c", "user:");
        let [pt::Kind::CachePermissions(cache)] = &statements(disposable(&scope).unwrap())[..]
        else {
            panic!("one cache statement");
        };
        assert_eq!(cache.role, wire::CacheRole::CacheReadOnly as i32);
        assert_eq!(
            cache.cache,
            Some(cache_permissions::Cache::CacheSelector(pt::CacheSelector {
                kind: Some(cache_selector::Kind::CacheName("c".into()))
            }))
        );
        assert_eq!(
            cache.cache_item,
            Some(cache_permissions::CacheItem::ItemSelector(WireItem {
                kind: Some(cache_item_selector::Kind::KeyPrefix(b"user:".to_vec()))
            }))
        );
    }

    #[test]
    fn whole_cache_in_a_disposable_scope_says_all_items_but_not_in_an_api_key() {
        let permissions = PermissionScopes::cache_read_write("c");
        let in_token = disposable::<Vec<u8>>(&permissions.clone().into()).unwrap();
        let [pt::Kind::CachePermissions(cache)] = &statements(in_token)[..] else {
            panic!("one cache statement");
        };
        assert_eq!(
            cache.cache_item,
            Some(cache_permissions::CacheItem::AllItems(All {}))
        );
        let [pt::Kind::CachePermissions(cache)] = &statements(api_key(&permissions).unwrap())[..]
        else {
            panic!("one cache statement");
        };
        assert_eq!(cache.cache_item, None);
    }

    #[test]
    fn topic_roles_map_to_the_protocol_names() {
        for (scope, role) in [
            (
                PermissionScopes::topic_subscribe_only("c", "t"),
                wire::TopicRole::TopicReadOnly,
            ),
            (
                PermissionScopes::topic_publish_only("c", "t"),
                wire::TopicRole::TopicWriteOnly,
            ),
            (
                PermissionScopes::topic_publish_subscribe("c", "t"),
                wire::TopicRole::TopicReadWrite,
            ),
        ] {
            let [pt::Kind::TopicPermissions(topic)] = &statements(api_key(&scope).unwrap())[..]
            else {
                panic!("one topic statement");
            };
            assert_eq!(topic.role, role as i32);
        }
    }

    #[test]
    fn bad_scopes_are_typed_errors_naming_the_problem() {
        let too_many = Permissions {
            permissions: (0..=MAX_STATEMENTS)
                .flat_map(|i| PermissionScopes::cache_read_only(format!("c{i}")).permissions)
                .collect(),
        };
        let cases: Vec<(DisposableTokenScope<&str>, &str)> = vec![
            (Permissions::default().into(), "at least one"),
            (too_many.into(), "at most 20"),
            (
                DisposableTokenScopes::cache_key_read_write("c", ""),
                "key must not be empty",
            ),
            (
                DisposableTokenScopes::cache_key_prefix_write_only("c", ""),
                "key_prefix must not be empty",
            ),
            (DisposableTokenScopes::cache_read_only(""), "cache_name"),
            (
                DisposableTokenScopes::topic_subscribe_only("c", ""),
                "topic_name must not be empty",
            ),
        ];
        for (scope, expected) in cases {
            let err = disposable(&scope).unwrap_err();
            assert_eq!(err.error_code, ErrorCode::InvalidArgumentError);
            assert!(
                err.message.contains(expected),
                "{}: {expected}",
                err.message
            );
        }
    }

    #[test]
    fn mixed_scope_keeps_the_key_restriction_next_to_topics() {
        let DisposableTokenScope::DisposableTokenPermissions(items) =
            DisposableTokenScopes::cache_key_prefix_read_write("c", "p:")
        else {
            unreachable!()
        };
        let scope = DisposableTokenScope::Mixed {
            cache: items.permissions,
            topics: vec![TopicPermission {
                role: TopicRole::SubscribeOnly,
                cache_selector: "c".into(),
                topic_selector: "news".into(),
            }],
        };
        let kinds = statements(disposable(&scope).unwrap());
        assert_eq!(kinds.len(), 2);
        let pt::Kind::CachePermissions(cache) = &kinds[0] else {
            panic!("cache first")
        };
        assert!(matches!(
            cache.cache_item,
            Some(cache_permissions::CacheItem::ItemSelector(_))
        ));
        assert!(matches!(kinds[1], pt::Kind::TopicPermissions(_)));
    }
}
