//! Reading `permission_messages.Permissions` from a token request into a [`Scope`], with
//! every shape the server refuses as `INVALID_ARGUMENT` (the message names the statement and
//! the field):
//!
//! - nothing set, an empty list, more than [`MAX_STATEMENTS`] statements;
//! - an unset selector, an empty name, key or prefix, a `*PermitNone` or unknown role;
//! - the same cache and items (or cache and topics) twice;
//! - for disposable tokens, a super user, and a cache permission without an item selector
//!   next to topic permissions. Momento's JS SDKs send exactly that shape when a disposable
//!   scope mixes key-scoped cache permissions with topic permissions: they drop the key or
//!   prefix, which would widen the grant to the whole cache. The server cannot tell such a
//!   request from one that meant the whole cache, so it refuses both; a client that means
//!   the whole cache next to topics says so with `all_items`.
//!
//! Function permissions are checked for shape and then dropped: this server has no
//! functions, so they could grant nothing.

use edgecache_proto::permission_messages::permissions_type::{
    self, cache_item_selector, cache_permissions, cache_selector, function_permissions,
    function_selector, topic_permissions, topic_selector,
};
use edgecache_proto::permission_messages::{
    CacheRole, FunctionRole, Permissions, SuperUserPermissions, TopicRole, permissions,
};
use tonic::Status;

use super::scope::{CacheSelector, ItemSelector, Role, Scope, Statement, TopicSelector};

/// Most permission statements in one key or token (Momento's documented limit).
pub(crate) const MAX_STATEMENTS: usize = 20;

/// What the permissions are for: the rules differ slightly.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Purpose {
    DisposableToken,
    ApiKey,
}

fn invalid(message: impl Into<String>) -> Status {
    Status::invalid_argument(message.into())
}

/// The scope `permissions` describe, or `INVALID_ARGUMENT` saying what is wrong.
pub(crate) fn scope_from_proto(
    permissions: Option<&Permissions>,
    purpose: Purpose,
) -> Result<Scope, Status> {
    let kind = permissions
        .ok_or_else(|| invalid("permissions must be set"))?
        .kind
        .as_ref()
        .ok_or_else(|| invalid("permissions: neither super_user nor explicit is set"))?;
    let statements = match kind {
        permissions::Kind::SuperUser(value) => {
            if *value != SuperUserPermissions::SuperUser as i32 {
                return Err(invalid(format!(
                    "permissions.super_user: unknown value {value}"
                )));
            }
            if purpose == Purpose::DisposableToken {
                return Err(invalid("a disposable token cannot be a super user"));
            }
            return Ok(Scope::SuperUser);
        }
        permissions::Kind::Explicit(explicit) => &explicit.permissions,
    };
    if statements.is_empty() {
        return Err(invalid("permissions: the list of permissions is empty"));
    }
    if statements.len() > MAX_STATEMENTS {
        return Err(invalid(format!(
            "permissions: {} permissions; at most {MAX_STATEMENTS} are allowed",
            statements.len()
        )));
    }
    let mut read = Vec::with_capacity(statements.len());
    let mut items_left_unsaid = None;
    let mut has_topics = false;
    for (index, statement) in statements.iter().enumerate() {
        let at = |field: &str| format!("permissions[{index}].{field}");
        match statement.kind.as_ref() {
            None => {
                return Err(invalid(format!(
                    "permissions[{index}]: none of cache_permissions, topic_permissions or function_permissions is set"
                )));
            }
            Some(permissions_type::Kind::CachePermissions(cache)) => {
                let role =
                    cache_role(cache.role).map_err(|e| invalid(format!("{}: {e}", at("role"))))?;
                let selector = cache_selector_of(cache.cache.as_ref().map(|c| match c {
                    cache_permissions::Cache::AllCaches(_) => None,
                    cache_permissions::Cache::CacheSelector(s) => Some(s),
                }))
                .map_err(|e| invalid(format!("{}: {e}", at("cache"))))?;
                let items = match cache.cache_item.as_ref() {
                    None => {
                        items_left_unsaid.get_or_insert(index);
                        ItemSelector::All
                    }
                    Some(cache_permissions::CacheItem::AllItems(_)) => ItemSelector::All,
                    Some(cache_permissions::CacheItem::ItemSelector(item)) => match &item.kind {
                        None => {
                            return Err(invalid(format!(
                                "{}: neither key nor key_prefix is set",
                                at("item_selector")
                            )));
                        }
                        Some(cache_item_selector::Kind::Key(key)) if key.is_empty() => {
                            return Err(invalid(format!("{} is empty", at("item_selector.key"))));
                        }
                        Some(cache_item_selector::Kind::KeyPrefix(prefix)) if prefix.is_empty() => {
                            return Err(invalid(format!(
                                "{} is empty",
                                at("item_selector.key_prefix")
                            )));
                        }
                        Some(cache_item_selector::Kind::Key(key)) => ItemSelector::Key(key.clone()),
                        Some(cache_item_selector::Kind::KeyPrefix(prefix)) => {
                            ItemSelector::KeyPrefix(prefix.clone())
                        }
                    },
                };
                read.push((
                    index,
                    Statement::Cache {
                        role,
                        cache: selector,
                        items,
                    },
                ));
            }
            Some(permissions_type::Kind::TopicPermissions(topic)) => {
                has_topics = true;
                let role =
                    topic_role(topic.role).map_err(|e| invalid(format!("{}: {e}", at("role"))))?;
                let selector = cache_selector_of(topic.cache.as_ref().map(|c| match c {
                    topic_permissions::Cache::AllCaches(_) => None,
                    topic_permissions::Cache::CacheSelector(s) => Some(s),
                }))
                .map_err(|e| invalid(format!("{}: {e}", at("cache"))))?;
                let topics = match topic.topic.as_ref() {
                    None => {
                        return Err(invalid(format!(
                            "{}: neither all_topics nor topic_selector is set",
                            at("topic")
                        )));
                    }
                    Some(topic_permissions::Topic::AllTopics(_)) => TopicSelector::All,
                    Some(topic_permissions::Topic::TopicSelector(selector)) => match &selector.kind
                    {
                        None => {
                            return Err(invalid(format!(
                                "{}: neither topic_name nor topic_name_prefix is set",
                                at("topic_selector")
                            )));
                        }
                        Some(topic_selector::Kind::TopicName(name)) if name.is_empty() => {
                            return Err(invalid(format!(
                                "{} is empty",
                                at("topic_selector.topic_name")
                            )));
                        }
                        Some(topic_selector::Kind::TopicNamePrefix(prefix))
                            if prefix.is_empty() =>
                        {
                            return Err(invalid(format!(
                                "{} is empty",
                                at("topic_selector.topic_name_prefix")
                            )));
                        }
                        Some(topic_selector::Kind::TopicName(name)) => {
                            TopicSelector::Name(name.clone())
                        }
                        Some(topic_selector::Kind::TopicNamePrefix(prefix)) => {
                            TopicSelector::NamePrefix(prefix.clone())
                        }
                    },
                };
                read.push((
                    index,
                    Statement::Topic {
                        role,
                        cache: selector,
                        topics,
                    },
                ));
            }
            Some(permissions_type::Kind::FunctionPermissions(function)) => {
                check_function_statement(function)
                    .map_err(|e| invalid(format!("permissions[{index}].{e}")))?;
            }
        }
    }
    for (later, (j, statement)) in read.iter().enumerate() {
        if let Some((i, _)) = read[..later]
            .iter()
            .find(|(_, earlier)| same_resources(earlier, statement))
        {
            return Err(invalid(format!(
                "permissions[{j}] names the same resources as permissions[{i}]; give each one role"
            )));
        }
    }
    if let (Purpose::DisposableToken, Some(index), true) = (purpose, items_left_unsaid, has_topics)
    {
        return Err(invalid(format!(
            "permissions[{index}]: a cache permission without cache_item, next to topic permissions, is ambiguous in a disposable token (some SDKs send this shape after dropping a key or key-prefix restriction); set all_items or item_selector, or mint separate tokens for the cache and the topics"
        )));
    }
    Ok(Scope::Explicit(read.into_iter().map(|(_, s)| s).collect()))
}

fn same_resources(a: &Statement, b: &Statement) -> bool {
    match (a, b) {
        (
            Statement::Cache { cache, items, .. },
            Statement::Cache {
                cache: c, items: i, ..
            },
        ) => cache == c && items == i,
        (
            Statement::Topic { cache, topics, .. },
            Statement::Topic {
                cache: c,
                topics: t,
                ..
            },
        ) => cache == c && topics == t,
        _ => false,
    }
}

fn cache_role(value: i32) -> Result<Role, String> {
    match CacheRole::try_from(value) {
        Ok(CacheRole::CacheReadWrite) => Ok(Role::ReadWrite),
        Ok(CacheRole::CacheReadOnly) => Ok(Role::ReadOnly),
        Ok(CacheRole::CacheWriteOnly) => Ok(Role::WriteOnly),
        Ok(CacheRole::CachePermitNone) => Err("CachePermitNone grants nothing".into()),
        Err(_) => Err(format!("unknown cache role {value}")),
    }
}

fn topic_role(value: i32) -> Result<Role, String> {
    match TopicRole::try_from(value) {
        Ok(TopicRole::TopicReadWrite) => Ok(Role::ReadWrite),
        Ok(TopicRole::TopicReadOnly) => Ok(Role::ReadOnly),
        Ok(TopicRole::TopicWriteOnly) => Ok(Role::WriteOnly),
        Ok(TopicRole::TopicPermitNone) => Err("TopicPermitNone grants nothing".into()),
        Err(_) => Err(format!("unknown topic role {value}")),
    }
}

/// `None` = the oneof is unset; `Some(None)` = all caches; `Some(Some(s))` = a selector.
fn cache_selector_of(
    selector: Option<Option<&permissions_type::CacheSelector>>,
) -> Result<CacheSelector, String> {
    match selector {
        None => Err("neither all_caches nor cache_selector is set".into()),
        Some(None) => Ok(CacheSelector::All),
        Some(Some(selector)) => match &selector.kind {
            None => Err("cache_selector has no cache_name".into()),
            Some(cache_selector::Kind::CacheName(name)) if name.trim().is_empty() => {
                Err("cache_selector.cache_name is empty".into())
            }
            Some(cache_selector::Kind::CacheName(name)) => Ok(CacheSelector::Name(name.clone())),
        },
    }
}

fn check_function_statement(
    function: &permissions_type::FunctionPermissions,
) -> Result<(), String> {
    FunctionRole::try_from(function.role)
        .map_err(|_| format!("role: unknown function role {}", function.role))?;
    cache_selector_of(function.cache.as_ref().map(|c| match c {
        function_permissions::Cache::AllCaches(_) => None,
        function_permissions::Cache::CacheSelector(s) => Some(s),
    }))
    .map_err(|e| format!("cache: {e}"))?;
    match function.function.as_ref() {
        None => Err("function: neither all_functions nor function_selector is set".into()),
        Some(function_permissions::Function::AllFunctions(_)) => Ok(()),
        Some(function_permissions::Function::FunctionSelector(selector)) => match &selector.kind {
            None => Err(
                "function_selector: neither function_name nor function_name_prefix is set".into(),
            ),
            Some(
                function_selector::Kind::FunctionName(name)
                | function_selector::Kind::FunctionNamePrefix(name),
            ) if name.is_empty() => Err("function_selector: the name is empty".into()),
            Some(_) => Ok(()),
        },
    }
}

#[cfg(test)]
mod tests {
    use edgecache_proto::permission_messages::permissions_type::{
        All, CacheItemSelector, CachePermissions, TopicPermissions,
    };
    use edgecache_proto::permission_messages::{ExplicitPermissions, PermissionsType};

    use super::*;

    fn explicit(kinds: Vec<permissions_type::Kind>) -> Permissions {
        Permissions {
            kind: Some(permissions::Kind::Explicit(ExplicitPermissions {
                permissions: kinds
                    .into_iter()
                    .map(|kind| PermissionsType { kind: Some(kind) })
                    .collect(),
            })),
        }
    }

    fn named(name: &str) -> permissions_type::CacheSelector {
        permissions_type::CacheSelector {
            kind: Some(cache_selector::Kind::CacheName(name.into())),
        }
    }

    pub(crate) fn cache(
        role: CacheRole,
        name: &str,
        item: Option<cache_permissions::CacheItem>,
    ) -> permissions_type::Kind {
        permissions_type::Kind::CachePermissions(CachePermissions {
            role: role as i32,
            cache: Some(cache_permissions::Cache::CacheSelector(named(name))),
            cache_item: item,
        })
    }

    fn key_prefix(prefix: &str) -> Option<cache_permissions::CacheItem> {
        Some(cache_permissions::CacheItem::ItemSelector(
            CacheItemSelector {
                kind: Some(cache_item_selector::Kind::KeyPrefix(
                    prefix.as_bytes().to_vec(),
                )),
            },
        ))
    }

    fn topic(role: TopicRole, cache: &str, name: &str) -> permissions_type::Kind {
        permissions_type::Kind::TopicPermissions(TopicPermissions {
            role: role as i32,
            cache: Some(topic_permissions::Cache::CacheSelector(named(cache))),
            topic: Some(topic_permissions::Topic::TopicSelector(
                permissions_type::TopicSelector {
                    kind: Some(topic_selector::Kind::TopicName(name.into())),
                },
            )),
        })
    }

    fn refusal(permissions: Option<&Permissions>, purpose: Purpose) -> String {
        let status = scope_from_proto(permissions, purpose).unwrap_err();
        assert_eq!(status.code(), tonic::Code::InvalidArgument, "{status:?}");
        status.message().to_owned()
    }

    #[test]
    fn reads_a_mixed_scope_with_explicit_items() {
        let scope = scope_from_proto(
            Some(&explicit(vec![
                cache(CacheRole::CacheReadWrite, "c", key_prefix("user:")),
                cache(
                    CacheRole::CacheReadOnly,
                    "d",
                    Some(cache_permissions::CacheItem::AllItems(All {})),
                ),
                topic(TopicRole::TopicReadOnly, "c", "t"),
            ])),
            Purpose::DisposableToken,
        )
        .unwrap();
        let Scope::Explicit(statements) = scope else {
            panic!("explicit");
        };
        assert_eq!(statements.len(), 3);
        assert_eq!(
            statements[0],
            Statement::Cache {
                role: Role::ReadWrite,
                cache: CacheSelector::Name("c".into()),
                items: ItemSelector::KeyPrefix(b"user:".to_vec()),
            }
        );
    }

    #[test]
    fn refuses_shapes_that_grant_nothing_or_too_much() {
        let disposable = Purpose::DisposableToken;
        assert!(refusal(None, disposable).contains("must be set"));
        assert!(refusal(Some(&Permissions { kind: None }), disposable).contains("neither"));
        assert!(refusal(Some(&explicit(vec![])), disposable).contains("empty"));
        let many = (0..21)
            .map(|i| cache(CacheRole::CacheReadOnly, &format!("c{i}"), None))
            .collect();
        assert!(refusal(Some(&explicit(many)), disposable).contains("21 permissions; at most 20"));
        let super_user = Permissions {
            kind: Some(permissions::Kind::SuperUser(0)),
        };
        assert!(refusal(Some(&super_user), disposable).contains("super user"));
        assert_eq!(
            scope_from_proto(Some(&super_user), Purpose::ApiKey).unwrap(),
            Scope::SuperUser
        );
        assert!(
            refusal(
                Some(&explicit(vec![cache(
                    CacheRole::CachePermitNone,
                    "c",
                    None
                )])),
                disposable
            )
            .contains("permissions[0].role: CachePermitNone")
        );
        assert!(
            refusal(
                Some(&explicit(vec![cache(CacheRole::CacheReadOnly, "", None)])),
                disposable
            )
            .contains("cache_name is empty")
        );
        assert!(
            refusal(
                Some(&explicit(vec![cache(
                    CacheRole::CacheReadOnly,
                    "c",
                    key_prefix("")
                )])),
                disposable
            )
            .contains("key_prefix is empty")
        );
        let twice = explicit(vec![
            cache(CacheRole::CacheReadOnly, "c", key_prefix("a")),
            cache(CacheRole::CacheReadWrite, "c", key_prefix("a")),
        ]);
        assert!(
            refusal(Some(&twice), disposable)
                .contains("permissions[1] names the same resources as permissions[0]")
        );
        assert!(
            refusal(
                Some(&explicit(vec![permissions_type::Kind::CachePermissions(
                    CachePermissions {
                        role: 9,
                        ..Default::default()
                    }
                )])),
                disposable
            )
            .contains("unknown cache role 9")
        );
    }

    #[test]
    fn an_unsaid_item_scope_next_to_topics_is_refused_in_disposable_tokens_only() {
        let mixed = explicit(vec![
            cache(CacheRole::CacheReadWrite, "c", None),
            topic(TopicRole::TopicReadOnly, "c", "t"),
        ]);
        let message = refusal(Some(&mixed), Purpose::DisposableToken);
        assert!(
            message.starts_with("permissions[0]: a cache permission without cache_item"),
            "{message}"
        );
        assert!(scope_from_proto(Some(&mixed), Purpose::ApiKey).is_ok());
        let said = explicit(vec![
            cache(
                CacheRole::CacheReadWrite,
                "c",
                Some(cache_permissions::CacheItem::AllItems(All {})),
            ),
            topic(TopicRole::TopicReadOnly, "c", "t"),
        ]);
        assert!(scope_from_proto(Some(&said), Purpose::DisposableToken).is_ok());
        let cache_only = explicit(vec![cache(CacheRole::CacheReadWrite, "c", None)]);
        assert!(scope_from_proto(Some(&cache_only), Purpose::DisposableToken).is_ok());
    }
}
