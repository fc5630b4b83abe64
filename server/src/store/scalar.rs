//! Scalar operations: get/set, conditional and hashed sets, increment, and the key-level
//! operations (delete, exists, TTL, type) that work on items of any type.
//!
//! Choices where the protocol leaves behaviour open:
//! - Presence (`present`, `absent`, `KeysExist`) counts items of any type. Conditions that
//!   compare the stored value (equal, not equal, hash conditions) need a scalar and report
//!   `WrongType` against a collection; a condition that holds replaces the collection, as `Set`.
//! - `Increment` on an existing counter keeps the counter's TTL; the request TTL only applies
//!   to a counter it creates.
//! - `UpdateTtl` increase/decrease compare strictly: a TTL equal to the remaining one is
//!   `NotSet`.
//! - The hash of `GetWithHash`/`SetIfHash` is SHA-256 of the value bytes.

use std::time::{Duration, Instant};

use bytes::Bytes;
use sha2::{Digest, Sha256};

use super::item::{Item, ItemType, Value};
use super::{Store, StoreError, Write};

const KEY: &str = "cache_key";

/// `SetIf` conditions (protocol table 3.1a); values are the `value_to_check` bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetCondition {
    Present,
    PresentAndNotEqual(Bytes),
    Absent,
    Equal(Bytes),
    AbsentOrEqual(Bytes),
    NotEqual(Bytes),
}

/// `SetIfHash` conditions; values are the `hash_to_check` bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HashCondition {
    PresentAndNotHashEqual(Bytes),
    PresentAndHashEqual(Bytes),
    AbsentOrHashEqual(Bytes),
    AbsentOrNotHashEqual(Bytes),
    Unconditional,
}

/// `UpdateTtl` requests (protocol table 3.1b), in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TtlUpdate {
    IncreaseTo(u64),
    DecreaseTo(u64),
    OverwriteTo(u64),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TtlUpdateOutcome {
    Set,
    NotSet,
    Missing,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueWithHash {
    pub value: Bytes,
    pub hash: Bytes,
}

/// One entry of a `SetBatch`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SetItem {
    pub key: Bytes,
    pub value: Bytes,
    pub ttl_ms: u64,
}

/// The opaque hash handed to clients by `GetWithHash` and `SetIfHash`.
pub(crate) fn value_hash(value: &[u8]) -> Bytes {
    Bytes::copy_from_slice(Sha256::digest(value).as_slice())
}

/// Parses a counter stored as a base-10 UTF-8 integer.
pub(crate) fn parse_counter(value: &[u8]) -> Result<i64, StoreError> {
    std::str::from_utf8(value)
        .ok()
        .and_then(|text| text.parse::<i64>().ok())
        .ok_or_else(|| StoreError::precondition("the stored value is not a base-10 64-bit integer"))
}

pub(crate) fn add_to_counter(current: i64, amount: i64) -> Result<i64, StoreError> {
    current.checked_add(amount).ok_or_else(|| {
        StoreError::precondition(format!(
            "incrementing {current} by {amount} overflows a 64-bit signed integer"
        ))
    })
}

impl SetCondition {
    fn holds(&self, current: Option<&Item>) -> Result<bool, StoreError> {
        let stored = |item: &Item| item.scalar().cloned();
        Ok(match (self, current) {
            (SetCondition::Present, found) => found.is_some(),
            (SetCondition::Absent, found) => found.is_none(),
            (SetCondition::PresentAndNotEqual(_) | SetCondition::Equal(_), None) => false,
            (SetCondition::AbsentOrEqual(_) | SetCondition::NotEqual(_), None) => true,
            (SetCondition::PresentAndNotEqual(check), Some(item))
            | (SetCondition::NotEqual(check), Some(item)) => stored(item)? != check,
            (SetCondition::Equal(check), Some(item))
            | (SetCondition::AbsentOrEqual(check), Some(item)) => stored(item)? == check,
        })
    }
}

impl HashCondition {
    fn holds(&self, current: Option<&Item>) -> Result<bool, StoreError> {
        let hash = |item: &Item| item.scalar().map(|value| value_hash(value));
        Ok(match (self, current) {
            (HashCondition::Unconditional, _) => true,
            (
                HashCondition::PresentAndNotHashEqual(_) | HashCondition::PresentAndHashEqual(_),
                None,
            ) => false,
            (
                HashCondition::AbsentOrHashEqual(_) | HashCondition::AbsentOrNotHashEqual(_),
                None,
            ) => true,
            (HashCondition::PresentAndNotHashEqual(check), Some(item))
            | (HashCondition::AbsentOrNotHashEqual(check), Some(item)) => hash(item)? != check,
            (HashCondition::PresentAndHashEqual(check), Some(item))
            | (HashCondition::AbsentOrHashEqual(check), Some(item)) => hash(item)? == check,
        })
    }
}

impl TtlUpdate {
    fn field(self) -> &'static str {
        match self {
            TtlUpdate::IncreaseTo(_) => "increase_to_milliseconds",
            TtlUpdate::DecreaseTo(_) => "decrease_to_milliseconds",
            TtlUpdate::OverwriteTo(_) => "overwrite_to_milliseconds",
        }
    }

    fn millis(self) -> u64 {
        match self {
            TtlUpdate::IncreaseTo(ms) | TtlUpdate::DecreaseTo(ms) | TtlUpdate::OverwriteTo(ms) => {
                ms
            }
        }
    }

    fn applies(self, remaining: Duration) -> bool {
        let requested = Duration::from_millis(self.millis());
        match self {
            TtlUpdate::IncreaseTo(_) => requested > remaining,
            TtlUpdate::DecreaseTo(_) => requested < remaining,
            TtlUpdate::OverwriteTo(_) => true,
        }
    }
}

impl Store {
    /// The scalar value under `key`; `WrongType` if the key holds a collection.
    pub fn get(&self, cache: &str, key: &Bytes) -> Result<Option<Bytes>, StoreError> {
        match self.read(cache, KEY, key)? {
            Some(item) => item.scalar().cloned().map(Some),
            None => Ok(None),
        }
    }

    pub fn get_with_hash(
        &self,
        cache: &str,
        key: &Bytes,
    ) -> Result<Option<ValueWithHash>, StoreError> {
        Ok(self.get(cache, key)?.map(|value| ValueWithHash {
            hash: value_hash(&value),
            value,
        }))
    }

    /// One result per key, in order. The outer error is for the cache itself; per-key problems
    /// (empty key, wrong type) are reported in place so the rest of the batch still answers.
    pub fn get_batch(
        &self,
        cache: &str,
        keys: &[Bytes],
    ) -> Result<Vec<Result<Option<Bytes>, StoreError>>, StoreError> {
        self.cache_id(cache)?;
        Ok(keys.iter().map(|key| self.get(cache, key)).collect())
    }

    /// Stores a scalar, replacing any item of any type.
    pub fn set(
        &self,
        cache: &str,
        key: Bytes,
        value: Bytes,
        ttl_ms: u64,
    ) -> Result<(), StoreError> {
        self.update(cache, KEY, key, |_, now| {
            let expires_at = self.expiry_for("ttl_milliseconds", ttl_ms, now)?;
            Ok((Write::Put(Item::new(Value::Scalar(value), expires_at)), ()))
        })
    }

    /// One independent `set` per item, in order; the outer error is for the cache itself.
    pub fn set_batch(
        &self,
        cache: &str,
        items: Vec<SetItem>,
    ) -> Result<Vec<Result<(), StoreError>>, StoreError> {
        self.cache_id(cache)?;
        Ok(items
            .into_iter()
            .map(|item| self.set(cache, item.key, item.value, item.ttl_ms))
            .collect())
    }

    /// Stores `value` if `condition` holds; returns whether it stored.
    pub fn set_if(
        &self,
        cache: &str,
        key: Bytes,
        value: Bytes,
        ttl_ms: u64,
        condition: &SetCondition,
    ) -> Result<bool, StoreError> {
        self.update(cache, KEY, key, |current, now| {
            let expires_at = self.expiry_for("ttl_milliseconds", ttl_ms, now)?;
            if condition.holds(current)? {
                Ok((
                    Write::Put(Item::new(Value::Scalar(value), expires_at)),
                    true,
                ))
            } else {
                Ok((Write::Keep, false))
            }
        })
    }

    /// Stores `value` if `condition` holds; returns the new value's hash when it stored.
    pub fn set_if_hash(
        &self,
        cache: &str,
        key: Bytes,
        value: Bytes,
        ttl_ms: u64,
        condition: &HashCondition,
    ) -> Result<Option<Bytes>, StoreError> {
        self.update(cache, KEY, key, |current, now| {
            let expires_at = self.expiry_for("ttl_milliseconds", ttl_ms, now)?;
            if condition.holds(current)? {
                let hash = value_hash(&value);
                Ok((
                    Write::Put(Item::new(Value::Scalar(value), expires_at)),
                    Some(hash),
                ))
            } else {
                Ok((Write::Keep, None))
            }
        })
    }

    pub fn set_if_not_exists(
        &self,
        cache: &str,
        key: Bytes,
        value: Bytes,
        ttl_ms: u64,
    ) -> Result<bool, StoreError> {
        self.set_if(cache, key, value, ttl_ms, &SetCondition::Absent)
    }

    /// Removes the item whatever its type; deleting a missing key succeeds.
    pub fn delete(&self, cache: &str, key: Bytes) -> Result<(), StoreError> {
        self.update(cache, KEY, key, |current, _| {
            Ok((
                if current.is_some() {
                    Write::Remove
                } else {
                    Write::Keep
                },
                (),
            ))
        })
    }

    /// Whether each key holds a live item of any type, index-aligned with `keys`.
    pub fn keys_exist(&self, cache: &str, keys: &[Bytes]) -> Result<Vec<bool>, StoreError> {
        self.cache_id(cache)?;
        keys.iter()
            .map(|key| self.read(cache, KEY, key).map(|item| item.is_some()))
            .collect()
    }

    /// Adds `amount` to the integer stored under `key`, creating it with `amount` if missing.
    pub fn increment(
        &self,
        cache: &str,
        key: Bytes,
        amount: i64,
        ttl_ms: u64,
    ) -> Result<i64, StoreError> {
        self.update(cache, KEY, key, |current, now| {
            let requested = self.expiry_for("ttl_milliseconds", ttl_ms, now)?;
            let (total, expires_at) = match current {
                Some(item) => (
                    add_to_counter(parse_counter(item.scalar()?)?, amount)?,
                    item.expires_at(),
                ),
                None => (amount, requested),
            };
            let stored = Bytes::from(total.to_string());
            Ok((
                Write::Put(Item::new(Value::Scalar(stored), expires_at)),
                total,
            ))
        })
    }

    /// Changes the TTL of an item of any type.
    pub fn update_ttl(
        &self,
        cache: &str,
        key: Bytes,
        update: TtlUpdate,
    ) -> Result<TtlUpdateOutcome, StoreError> {
        self.update(cache, KEY, key, |current, now| {
            let expires_at = self.expiry_for(update.field(), update.millis(), now)?;
            Ok(match current {
                None => (Write::Keep, TtlUpdateOutcome::Missing),
                Some(item) if update.applies(item.remaining(now)) => (
                    Write::Put(item.with_expiry(expires_at)),
                    TtlUpdateOutcome::Set,
                ),
                Some(_) => (Write::Keep, TtlUpdateOutcome::NotSet),
            })
        })
    }

    /// Time left before the item expires.
    pub fn item_ttl(&self, cache: &str, key: &Bytes) -> Result<Option<Duration>, StoreError> {
        let now = Instant::now();
        Ok(self.read(cache, KEY, key)?.map(|item| item.remaining(now)))
    }

    pub fn item_type(&self, cache: &str, key: &Bytes) -> Result<Option<ItemType>, StoreError> {
        Ok(self.read(cache, KEY, key)?.map(|item| item.item_type()))
    }
}

#[cfg(test)]
mod tests {
    use std::thread::sleep;

    use super::super::CollectionTtl;
    use super::super::test_support::*;
    use super::*;

    const MINUTE: u64 = 60_000;

    #[test]
    fn get_set_hit_miss_and_replace_any_type() {
        let store = store();
        assert_eq!(store.get(CACHE, &b("k")).unwrap(), None);
        store.set(CACHE, b("k"), b("v1"), MINUTE).unwrap();
        assert_eq!(store.get(CACHE, &b("k")).unwrap(), Some(b("v1")));
        store.set(CACHE, b("k"), b("v2"), MINUTE).unwrap();
        assert_eq!(store.get(CACHE, &b("k")).unwrap(), Some(b("v2")));

        store
            .list_push(
                CACHE,
                b("l"),
                super::super::ListEnd::Back,
                vec![b("x")],
                TTL,
                0,
            )
            .unwrap();
        store.set(CACHE, b("l"), b("scalar"), MINUTE).unwrap();
        assert_eq!(store.get(CACHE, &b("l")).unwrap(), Some(b("scalar")));
    }

    #[test]
    fn get_on_collection_is_wrong_type() {
        let store = store();
        store.set_union(CACHE, b("s"), vec![b("a")], TTL).unwrap();
        assert_eq!(
            store.get(CACHE, &b("s")),
            Err(StoreError::WrongType {
                expected: ItemType::Scalar,
                found: ItemType::Set
            })
        );
    }

    #[test]
    fn items_expire_after_their_ttl() {
        let store = store();
        store.set(CACHE, b("k"), b("v"), 50).unwrap();
        assert!(store.get(CACHE, &b("k")).unwrap().is_some());
        sleep(Duration::from_millis(80));
        assert_eq!(store.get(CACHE, &b("k")).unwrap(), None);
        assert_eq!(store.item_ttl(CACHE, &b("k")).unwrap(), None);
        assert_eq!(store.keys_exist(CACHE, &[b("k")]).unwrap(), [false]);
    }

    #[test]
    fn oversize_item_is_rejected_and_not_stored() {
        let store = store_with(crate::store::StoreConfig {
            max_item_size_bytes: 10,
            ..Default::default()
        });
        assert_eq!(
            store.set(CACHE, b("key"), b("12345678"), MINUTE),
            Err(StoreError::ItemTooLarge {
                size: 11,
                limit: 10
            })
        );
        assert_eq!(store.get(CACHE, &b("key")).unwrap(), None);
        store.set(CACHE, b("key"), b("1234567"), MINUTE).unwrap();
    }

    #[test]
    fn batches_answer_per_item_in_order() {
        let store = store();
        let results = store
            .set_batch(
                CACHE,
                vec![
                    SetItem {
                        key: b("a"),
                        value: b("1"),
                        ttl_ms: MINUTE,
                    },
                    SetItem {
                        key: Bytes::new(),
                        value: b("2"),
                        ttl_ms: MINUTE,
                    },
                    SetItem {
                        key: b("c"),
                        value: b("3"),
                        ttl_ms: 0,
                    },
                    SetItem {
                        key: b("d"),
                        value: b("4"),
                        ttl_ms: MINUTE,
                    },
                ],
            )
            .unwrap();
        assert!(results[0].is_ok() && results[3].is_ok());
        assert!(matches!(results[1], Err(StoreError::InvalidArgument(_))));
        assert!(matches!(results[2], Err(StoreError::InvalidArgument(_))));

        let got = store
            .get_batch(CACHE, &[b("d"), b("missing"), b("a")])
            .unwrap();
        assert_eq!(got, vec![Ok(Some(b("4"))), Ok(None), Ok(Some(b("1")))]);
        assert!(store.get_batch("nope", &[b("a")]).is_err());
    }

    #[test]
    fn set_if_conditions() {
        let store = store();
        let set_if = |cond: SetCondition| store.set_if(CACHE, b("k"), b("new"), MINUTE, &cond);
        // Absent key.
        assert!(!set_if(SetCondition::Present).unwrap());
        assert!(!set_if(SetCondition::PresentAndNotEqual(b("x"))).unwrap());
        assert!(!set_if(SetCondition::Equal(b("x"))).unwrap());
        assert_eq!(store.get(CACHE, &b("k")).unwrap(), None);
        assert!(set_if(SetCondition::Absent).unwrap());
        assert_eq!(store.get(CACHE, &b("k")).unwrap(), Some(b("new")));
        store.delete(CACHE, b("k")).unwrap();
        assert!(set_if(SetCondition::AbsentOrEqual(b("x"))).unwrap());
        store.delete(CACHE, b("k")).unwrap();
        assert!(set_if(SetCondition::NotEqual(b("x"))).unwrap());

        // Present key holding "new".
        assert!(!set_if(SetCondition::Absent).unwrap());
        assert!(set_if(SetCondition::Present).unwrap());
        assert!(!set_if(SetCondition::PresentAndNotEqual(b("new"))).unwrap());
        assert!(set_if(SetCondition::PresentAndNotEqual(b("old"))).unwrap());
        assert!(set_if(SetCondition::Equal(b("new"))).unwrap());
        assert!(!set_if(SetCondition::Equal(b("old"))).unwrap());
        assert!(set_if(SetCondition::AbsentOrEqual(b("new"))).unwrap());
        assert!(!set_if(SetCondition::AbsentOrEqual(b("old"))).unwrap());
        assert!(!set_if(SetCondition::NotEqual(b("new"))).unwrap());
        assert!(set_if(SetCondition::NotEqual(b("old"))).unwrap());

        store
            .set_if(
                CACHE,
                b("k"),
                b("other"),
                MINUTE,
                &SetCondition::Equal(b("new")),
            )
            .unwrap();
        assert_eq!(store.get(CACHE, &b("k")).unwrap(), Some(b("other")));
        assert!(
            !store
                .set_if_not_exists(CACHE, b("k"), b("v"), MINUTE)
                .unwrap()
        );
        assert!(
            store
                .set_if_not_exists(CACHE, b("k2"), b("v"), MINUTE)
                .unwrap()
        );
    }

    #[test]
    fn set_if_on_collection() {
        let store = store();
        store.set_union(CACHE, b("s"), vec![b("a")], TTL).unwrap();
        assert!(matches!(
            store.set_if(CACHE, b("s"), b("v"), MINUTE, &SetCondition::Equal(b("a"))),
            Err(StoreError::WrongType { .. })
        ));
        assert!(
            !store
                .set_if(CACHE, b("s"), b("v"), MINUTE, &SetCondition::Absent)
                .unwrap()
        );
        assert!(
            store
                .set_if(CACHE, b("s"), b("v"), MINUTE, &SetCondition::Present)
                .unwrap()
        );
        assert_eq!(store.get(CACHE, &b("s")).unwrap(), Some(b("v")));
    }

    #[test]
    fn set_if_hash_and_get_with_hash() {
        let store = store();
        let stored = store
            .set_if_hash(
                CACHE,
                b("k"),
                b("v1"),
                MINUTE,
                &HashCondition::Unconditional,
            )
            .unwrap()
            .unwrap();
        let fetched = store.get_with_hash(CACHE, &b("k")).unwrap().unwrap();
        assert_eq!(fetched.value, b("v1"));
        assert_eq!(fetched.hash, stored);
        assert_eq!(stored.len(), 32);

        let bogus = b("not-a-hash");
        let try_set = |cond: HashCondition| {
            store
                .set_if_hash(CACHE, b("k"), b("v2"), MINUTE, &cond)
                .unwrap()
        };
        assert!(try_set(HashCondition::PresentAndHashEqual(bogus.clone())).is_none());
        assert!(try_set(HashCondition::AbsentOrHashEqual(bogus.clone())).is_none());
        assert!(try_set(HashCondition::PresentAndNotHashEqual(stored.clone())).is_none());
        assert!(try_set(HashCondition::AbsentOrNotHashEqual(stored.clone())).is_none());
        let new_hash = try_set(HashCondition::PresentAndHashEqual(stored.clone())).unwrap();
        assert_ne!(new_hash, stored);
        assert_eq!(store.get(CACHE, &b("k")).unwrap(), Some(b("v2")));
        assert!(try_set(HashCondition::PresentAndNotHashEqual(bogus.clone())).is_some());
        assert!(try_set(HashCondition::AbsentOrNotHashEqual(bogus.clone())).is_some());
        assert!(try_set(HashCondition::AbsentOrHashEqual(new_hash.clone())).is_some());

        assert_eq!(store.get_with_hash(CACHE, &b("none")).unwrap(), None);
        let absent = store
            .set_if_hash(
                CACHE,
                b("none"),
                b("v"),
                MINUTE,
                &HashCondition::PresentAndHashEqual(bogus.clone()),
            )
            .unwrap();
        assert!(absent.is_none());
        let absent = store
            .set_if_hash(
                CACHE,
                b("none"),
                b("v"),
                MINUTE,
                &HashCondition::AbsentOrHashEqual(bogus),
            )
            .unwrap();
        assert!(absent.is_some());
    }

    #[test]
    fn delete_and_keys_exist() {
        let store = store();
        store.set(CACHE, b("a"), b("1"), MINUTE).unwrap();
        store
            .dictionary_set(CACHE, b("d"), vec![(b("f"), b("v"))], TTL)
            .unwrap();
        assert_eq!(
            store.keys_exist(CACHE, &[b("a"), b("b"), b("d")]).unwrap(),
            [true, false, true]
        );
        store.delete(CACHE, b("a")).unwrap();
        store.delete(CACHE, b("d")).unwrap();
        store.delete(CACHE, b("never")).unwrap();
        assert_eq!(
            store.keys_exist(CACHE, &[b("a"), b("d")]).unwrap(),
            [false, false]
        );
        assert!(store.keys_exist(CACHE, &[Bytes::new()]).is_err());
    }

    #[test]
    fn increment_creates_adds_and_rejects() {
        let store = store();
        assert_eq!(store.increment(CACHE, b("n"), 5, MINUTE).unwrap(), 5);
        assert_eq!(store.increment(CACHE, b("n"), -7, MINUTE).unwrap(), -2);
        assert_eq!(store.get(CACHE, &b("n")).unwrap(), Some(b("-2")));

        store.set(CACHE, b("text"), b("abcxyz"), MINUTE).unwrap();
        assert!(matches!(
            store.increment(CACHE, b("text"), 1, MINUTE),
            Err(StoreError::FailedPrecondition(_))
        ));
        store
            .set(CACHE, b("big"), Bytes::from(i64::MAX.to_string()), MINUTE)
            .unwrap();
        assert!(matches!(
            store.increment(CACHE, b("big"), 1, MINUTE),
            Err(StoreError::FailedPrecondition(_))
        ));
        assert_eq!(
            store.get(CACHE, &b("big")).unwrap(),
            Some(Bytes::from(i64::MAX.to_string()))
        );
        store
            .list_push(
                CACHE,
                b("l"),
                super::super::ListEnd::Front,
                vec![b("1")],
                TTL,
                0,
            )
            .unwrap();
        assert!(matches!(
            store.increment(CACHE, b("l"), 1, MINUTE),
            Err(StoreError::WrongType { .. })
        ));
    }

    #[test]
    fn increment_keeps_existing_ttl() {
        let store = store();
        store.increment(CACHE, b("n"), 1, 100).unwrap();
        store.increment(CACHE, b("n"), 1, MINUTE).unwrap();
        assert!(store.item_ttl(CACHE, &b("n")).unwrap().unwrap() <= Duration::from_millis(100));
    }

    #[test]
    fn concurrent_increments_are_not_lost() {
        let store = store();
        let threads: Vec<_> = (0..4)
            .map(|_| {
                let store = store.clone();
                std::thread::spawn(move || {
                    for _ in 0..250 {
                        store.increment(CACHE, b("n"), 1, MINUTE).unwrap();
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().unwrap();
        }
        assert_eq!(store.get(CACHE, &b("n")).unwrap(), Some(b("1000")));
    }

    #[test]
    fn update_ttl_outcomes() {
        let store = store();
        assert_eq!(
            store
                .update_ttl(CACHE, b("k"), TtlUpdate::OverwriteTo(MINUTE))
                .unwrap(),
            TtlUpdateOutcome::Missing
        );
        store.set(CACHE, b("k"), b("v"), 10_000).unwrap();
        assert_eq!(
            store
                .update_ttl(CACHE, b("k"), TtlUpdate::IncreaseTo(5_000))
                .unwrap(),
            TtlUpdateOutcome::NotSet
        );
        assert_eq!(
            store
                .update_ttl(CACHE, b("k"), TtlUpdate::IncreaseTo(20_000))
                .unwrap(),
            TtlUpdateOutcome::Set
        );
        assert!(store.item_ttl(CACHE, &b("k")).unwrap().unwrap() > Duration::from_secs(15));
        assert_eq!(
            store
                .update_ttl(CACHE, b("k"), TtlUpdate::DecreaseTo(30_000))
                .unwrap(),
            TtlUpdateOutcome::NotSet
        );
        assert_eq!(
            store
                .update_ttl(CACHE, b("k"), TtlUpdate::DecreaseTo(2_000))
                .unwrap(),
            TtlUpdateOutcome::Set
        );
        assert!(store.item_ttl(CACHE, &b("k")).unwrap().unwrap() <= Duration::from_secs(2));
        assert_eq!(
            store
                .update_ttl(CACHE, b("k"), TtlUpdate::OverwriteTo(MINUTE))
                .unwrap(),
            TtlUpdateOutcome::Set
        );
        assert!(store.item_ttl(CACHE, &b("k")).unwrap().unwrap() > Duration::from_secs(50));
        let err = store
            .update_ttl(CACHE, b("k"), TtlUpdate::IncreaseTo(0))
            .unwrap_err();
        assert!(
            err.to_string().contains("increase_to_milliseconds"),
            "{err}"
        );

        // Works on collections, and a shortened TTL really expires the item.
        store.set_union(CACHE, b("s"), vec![b("a")], TTL).unwrap();
        assert_eq!(
            store
                .update_ttl(CACHE, b("s"), TtlUpdate::DecreaseTo(30))
                .unwrap(),
            TtlUpdateOutcome::Set
        );
        sleep(Duration::from_millis(60));
        assert_eq!(store.set_length(CACHE, &b("s")).unwrap(), None);
    }

    #[test]
    fn item_ttl_and_type() {
        let store = store();
        assert_eq!(store.item_ttl(CACHE, &b("k")).unwrap(), None);
        assert_eq!(store.item_type(CACHE, &b("k")).unwrap(), None);
        store.set(CACHE, b("k"), b("v"), 5_000).unwrap();
        let ttl = store.item_ttl(CACHE, &b("k")).unwrap().unwrap();
        assert!(ttl <= Duration::from_secs(5) && ttl > Duration::from_secs(4));
        let ttl = CollectionTtl::new(MINUTE, false);
        store
            .dictionary_set(CACHE, b("d"), vec![(b("f"), b("v"))], ttl)
            .unwrap();
        store.set_union(CACHE, b("s"), vec![b("a")], ttl).unwrap();
        store
            .list_push(
                CACHE,
                b("l"),
                super::super::ListEnd::Back,
                vec![b("a")],
                ttl,
                0,
            )
            .unwrap();
        store
            .sorted_set_put(CACHE, b("z"), vec![(b("a"), 1.0)], ttl)
            .unwrap();
        let kind = |key: &str| store.item_type(CACHE, &b(key)).unwrap().unwrap();
        assert_eq!(kind("k"), ItemType::Scalar);
        assert_eq!(kind("d"), ItemType::Dictionary);
        assert_eq!(kind("s"), ItemType::Set);
        assert_eq!(kind("l"), ItemType::List);
        assert_eq!(kind("z"), ItemType::SortedSet);
    }
}
