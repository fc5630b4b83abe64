//! What a key or token allows: super user, or a list of permission statements in Momento's
//! model (cache roles on caches and items, topic roles on caches and topics), and the two
//! questions asked of it: may it do this, and does it cover that other scope.
//!
//! A list grants the union of its statements: a read needs one statement that reads the
//! resource, a write one that writes it, a read-modify-write both (from the same statement or
//! two). This is also why a write-only role cannot run conditional writes or increments.

use serde::{Deserialize, Serialize};

/// Everything a credential allows. Serialized into the token's `scope` claim.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Scope {
    /// Every RPC, control plane included.
    SuperUser,
    /// Data-plane RPCs within these statements only.
    Explicit(Vec<Statement>),
}

/// One permission statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Statement {
    Cache {
        role: Role,
        cache: CacheSelector,
        items: ItemSelector,
    },
    Topic {
        role: Role,
        cache: CacheSelector,
        topics: TopicSelector,
    },
}

/// Read-write, read-only or write-only (topics: publish-subscribe, subscribe-only,
/// publish-only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Role {
    ReadWrite,
    ReadOnly,
    WriteOnly,
}

impl Role {
    pub(crate) fn reads(self) -> bool {
        matches!(self, Role::ReadWrite | Role::ReadOnly)
    }

    pub(crate) fn writes(self) -> bool {
        matches!(self, Role::ReadWrite | Role::WriteOnly)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum CacheSelector {
    All,
    Name(String),
}

/// Which items of a cache; keys are bytes, carried as base64url text in the claims.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum ItemSelector {
    All,
    Key(#[serde(with = "base64url")] Vec<u8>),
    KeyPrefix(#[serde(with = "base64url")] Vec<u8>),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum TopicSelector {
    All,
    Name(String),
    NamePrefix(String),
}

/// What an RPC needs of one resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Need {
    Read,
    Write,
    /// Reads and writes: conditional writes, increments, pops.
    ReadWrite,
}

impl Need {
    fn reads(self) -> bool {
        matches!(self, Need::Read | Need::ReadWrite)
    }

    fn writes(self) -> bool {
        matches!(self, Need::Write | Need::ReadWrite)
    }
}

/// A resource of the data plane.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Resource<'a> {
    /// An item (a scalar or a collection, named by its key) of a cache.
    Item {
        cache: &'a str,
        key: &'a [u8],
    },
    Topic {
        cache: &'a str,
        topic: &'a str,
    },
}

impl CacheSelector {
    fn matches(&self, cache: &str) -> bool {
        match self {
            CacheSelector::All => true,
            CacheSelector::Name(name) => name == cache,
        }
    }

    fn covers(&self, other: &CacheSelector) -> bool {
        match (self, other) {
            (CacheSelector::All, _) => true,
            (CacheSelector::Name(mine), CacheSelector::Name(theirs)) => mine == theirs,
            (CacheSelector::Name(_), CacheSelector::All) => false,
        }
    }
}

impl ItemSelector {
    fn matches(&self, key: &[u8]) -> bool {
        match self {
            ItemSelector::All => true,
            ItemSelector::Key(mine) => mine == key,
            ItemSelector::KeyPrefix(prefix) => key.starts_with(prefix),
        }
    }

    fn covers(&self, other: &ItemSelector) -> bool {
        match (self, other) {
            (ItemSelector::All, _) => true,
            (_, ItemSelector::All) => false,
            (ItemSelector::Key(mine), ItemSelector::Key(theirs)) => mine == theirs,
            (ItemSelector::Key(_), ItemSelector::KeyPrefix(_)) => false,
            (
                ItemSelector::KeyPrefix(prefix),
                ItemSelector::Key(key) | ItemSelector::KeyPrefix(key),
            ) => key.starts_with(prefix),
        }
    }
}

impl TopicSelector {
    fn matches(&self, topic: &str) -> bool {
        match self {
            TopicSelector::All => true,
            TopicSelector::Name(name) => name == topic,
            TopicSelector::NamePrefix(prefix) => topic.starts_with(prefix.as_str()),
        }
    }

    fn covers(&self, other: &TopicSelector) -> bool {
        match (self, other) {
            (TopicSelector::All, _) => true,
            (_, TopicSelector::All) => false,
            (TopicSelector::Name(mine), TopicSelector::Name(theirs)) => mine == theirs,
            (TopicSelector::Name(_), TopicSelector::NamePrefix(_)) => false,
            (
                TopicSelector::NamePrefix(prefix),
                TopicSelector::Name(name) | TopicSelector::NamePrefix(name),
            ) => name.starts_with(prefix.as_str()),
        }
    }
}

impl Statement {
    fn role(&self) -> Role {
        match self {
            Statement::Cache { role, .. } | Statement::Topic { role, .. } => *role,
        }
    }

    fn matches(&self, resource: Resource<'_>) -> bool {
        match (self, resource) {
            (Statement::Cache { cache, items, .. }, Resource::Item { cache: c, key }) => {
                cache.matches(c) && items.matches(key)
            }
            (Statement::Topic { cache, topics, .. }, Resource::Topic { cache: c, topic }) => {
                cache.matches(c) && topics.matches(topic)
            }
            _ => false,
        }
    }

    /// Whether this statement alone reaches every resource `other` reaches (roles aside).
    fn reaches(&self, other: &Statement) -> bool {
        match (self, other) {
            (
                Statement::Cache { cache, items, .. },
                Statement::Cache {
                    cache: c, items: i, ..
                },
            ) => cache.covers(c) && items.covers(i),
            (
                Statement::Topic { cache, topics, .. },
                Statement::Topic {
                    cache: c,
                    topics: t,
                    ..
                },
            ) => cache.covers(c) && topics.covers(t),
            _ => false,
        }
    }
}

impl Scope {
    /// Whether `need` on `resource` is allowed.
    pub(crate) fn allows(&self, need: Need, resource: Resource<'_>) -> bool {
        match self {
            Scope::SuperUser => true,
            Scope::Explicit(statements) => {
                let granted = |capable: fn(Role) -> bool| {
                    statements
                        .iter()
                        .any(|s| capable(s.role()) && s.matches(resource))
                };
                (!need.reads() || granted(Role::reads)) && (!need.writes() || granted(Role::writes))
            }
        }
    }

    /// Whether everything `other` allows is allowed by `self`: a key may only hand out
    /// tokens within its own scope. Each capability (read, write) of each requested
    /// statement must be reached by one statement of `self` with that capability.
    pub(crate) fn covers(&self, other: &Scope) -> bool {
        match (self, other) {
            (Scope::SuperUser, _) => true,
            (Scope::Explicit(_), Scope::SuperUser) => false,
            (Scope::Explicit(mine), Scope::Explicit(theirs)) => theirs.iter().all(|wanted| {
                let reached = |capable: fn(Role) -> bool| {
                    mine.iter()
                        .any(|held| capable(held.role()) && held.reaches(wanted))
                };
                (!wanted.role().reads() || reached(Role::reads))
                    && (!wanted.role().writes() || reached(Role::writes))
            }),
        }
    }

    pub(crate) fn is_super_user(&self) -> bool {
        matches!(self, Scope::SuperUser)
    }
}

/// Bytes as unpadded base64url text inside the JSON claims.
mod base64url {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;
    use serde::{Deserialize, Deserializer, Serializer};

    pub(super) fn serialize<S: Serializer>(bytes: &[u8], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&URL_SAFE_NO_PAD.encode(bytes))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(deserializer)?;
        URL_SAFE_NO_PAD
            .decode(text.as_bytes())
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache(role: Role, cache: Option<&str>, items: ItemSelector) -> Statement {
        Statement::Cache {
            role,
            cache: cache.map_or(CacheSelector::All, |n| CacheSelector::Name(n.into())),
            items,
        }
    }

    fn topic(role: Role, cache: &str, topics: TopicSelector) -> Statement {
        Statement::Topic {
            role,
            cache: CacheSelector::Name(cache.into()),
            topics,
        }
    }

    fn item<'a>(cache: &'a str, key: &'a str) -> Resource<'a> {
        Resource::Item {
            cache,
            key: key.as_bytes(),
        }
    }

    #[test]
    fn roles_decide_reads_and_writes() {
        let prefix = ItemSelector::KeyPrefix(b"user:".to_vec());
        let read_only = Scope::Explicit(vec![cache(Role::ReadOnly, Some("c"), prefix.clone())]);
        assert!(read_only.allows(Need::Read, item("c", "user:1")));
        assert!(!read_only.allows(Need::Write, item("c", "user:1")));
        assert!(!read_only.allows(Need::Read, item("c", "admin")));
        assert!(!read_only.allows(Need::Read, item("d", "user:1")));

        let write_only = Scope::Explicit(vec![cache(Role::WriteOnly, None, ItemSelector::All)]);
        assert!(write_only.allows(Need::Write, item("any", "k")));
        assert!(!write_only.allows(Need::ReadWrite, item("any", "k")));

        // Read and write from two statements make a read-modify-write.
        let both = Scope::Explicit(vec![
            cache(Role::WriteOnly, Some("c"), ItemSelector::Key(b"k".to_vec())),
            cache(Role::ReadOnly, Some("c"), ItemSelector::All),
        ]);
        assert!(both.allows(Need::ReadWrite, item("c", "k")));
        assert!(!both.allows(Need::ReadWrite, item("c", "j")));
    }

    #[test]
    fn cache_and_topic_statements_do_not_mix() {
        let scope = Scope::Explicit(vec![
            cache(Role::ReadWrite, Some("c"), ItemSelector::All),
            topic(
                Role::ReadOnly,
                "c",
                TopicSelector::NamePrefix("news/".into()),
            ),
        ]);
        let t = |topic| Resource::Topic { cache: "c", topic };
        assert!(scope.allows(Need::Read, t("news/eu")));
        assert!(!scope.allows(Need::Write, t("news/eu")));
        assert!(!scope.allows(Need::Read, t("sport")));
        assert!(
            !Scope::Explicit(vec![topic(Role::ReadWrite, "c", TopicSelector::All)])
                .allows(Need::Read, item("c", "k"))
        );
        assert!(Scope::SuperUser.allows(Need::ReadWrite, t("anything")));
    }

    #[test]
    fn coverage_of_one_scope_by_another() {
        let key = |k: &str| ItemSelector::Key(k.as_bytes().to_vec());
        let prefix = |p: &str| ItemSelector::KeyPrefix(p.as_bytes().to_vec());
        let held = Scope::Explicit(vec![
            cache(Role::ReadWrite, Some("c"), prefix("user:")),
            topic(Role::ReadOnly, "c", TopicSelector::All),
        ]);
        let wanted = |statements| Scope::Explicit(statements);
        for ok in [
            vec![cache(Role::ReadOnly, Some("c"), key("user:1"))],
            vec![cache(Role::ReadWrite, Some("c"), prefix("user:1"))],
            vec![topic(Role::ReadOnly, "c", TopicSelector::Name("t".into()))],
        ] {
            assert!(held.covers(&wanted(ok.clone())), "{ok:?}");
        }
        for too_much in [
            vec![cache(Role::ReadOnly, Some("c"), prefix("us"))],
            vec![cache(Role::ReadOnly, Some("c"), ItemSelector::All)],
            vec![cache(Role::ReadOnly, None, key("user:1"))],
            vec![cache(Role::ReadOnly, Some("d"), key("user:1"))],
            vec![topic(Role::ReadWrite, "c", TopicSelector::All)],
            vec![topic(Role::ReadOnly, "d", TopicSelector::All)],
        ] {
            assert!(!held.covers(&wanted(too_much.clone())), "{too_much:?}");
        }
        assert!(!held.covers(&Scope::SuperUser));
        assert!(Scope::SuperUser.covers(&held));
    }

    #[test]
    fn claims_round_trip_as_json() {
        let scope = Scope::Explicit(vec![
            cache(
                Role::WriteOnly,
                Some("c"),
                ItemSelector::KeyPrefix(vec![0, 255, b'/']),
            ),
            topic(Role::ReadWrite, "c", TopicSelector::Name("t".into())),
        ]);
        let json = serde_json::to_string(&scope).unwrap();
        assert_eq!(serde_json::from_str::<Scope>(&json).unwrap(), scope);
        assert_eq!(
            serde_json::to_string(&Scope::SuperUser).unwrap(),
            r#""super_user""#
        );
    }
}
