//! Set operations: unordered collections of distinct byte strings.
//!
//! A set emptied by a difference or a pop is deleted (protocol 3.0). `SetDifference` with a
//! minuend, which no SDK sends, replaces the stored set with `minuend - stored`
//! (schema comment "cache = request - stored"); it needs an existing set because the request
//! carries no TTL to create one with, and an empty result deletes the set.

use std::collections::HashSet;

use bytes::Bytes;
use rand::seq::IteratorRandom;

use super::item::{Item, Value};
use super::{CollectionTtl, Store, StoreError, Write};

const KEY: &str = "set_name";

/// What `set_difference` subtracts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SetDifference {
    /// Remove these elements from the stored set.
    Subtract(Vec<Bytes>),
    /// Subtract the set from itself, deleting it.
    Identity,
    /// Replace the stored set with these elements minus the stored ones.
    Minuend(Vec<Bytes>),
}

impl Store {
    /// Adds elements, creating the set if needed.
    pub fn set_union(
        &self,
        cache: &str,
        name: Bytes,
        elements: Vec<Bytes>,
        ttl: CollectionTtl,
    ) -> Result<(), StoreError> {
        for element in &elements {
            self.check_element(element.len())?;
        }
        self.update(cache, KEY, name, |current, now| {
            let expires_at = self.collection_expiry(current, ttl, now)?;
            let mut set = match current {
                Some(item) => item.set()?.clone(),
                None if elements.is_empty() => return Ok((Write::Keep, ())),
                None => HashSet::new(),
            };
            set.extend(elements);
            Ok((Write::Put(Item::new(Value::Set(set), expires_at)), ()))
        })
    }

    /// Applies a difference; returns whether the set existed.
    pub fn set_difference(
        &self,
        cache: &str,
        name: Bytes,
        difference: SetDifference,
    ) -> Result<bool, StoreError> {
        self.update(cache, KEY, name, |current, _| {
            let Some(item) = current else {
                return Ok((Write::Keep, false));
            };
            let stored = item.set()?;
            let remaining: HashSet<Bytes> = match difference {
                SetDifference::Identity => HashSet::new(),
                SetDifference::Subtract(elements) => {
                    let removed: HashSet<&Bytes> = elements.iter().collect();
                    stored
                        .iter()
                        .filter(|element| !removed.contains(element))
                        .cloned()
                        .collect()
                }
                SetDifference::Minuend(elements) => elements
                    .into_iter()
                    .filter(|element| !stored.contains(element))
                    .collect(),
            };
            let write = if remaining.is_empty() {
                Write::Remove
            } else {
                Write::Put(Item::new(Value::Set(remaining), item.expires_at()))
            };
            Ok((write, true))
        })
    }

    /// Every element, in no particular order.
    pub fn set_fetch(&self, cache: &str, name: &Bytes) -> Result<Option<Vec<Bytes>>, StoreError> {
        match self.read(cache, KEY, name)? {
            Some(item) => Ok(Some(item.set()?.iter().cloned().collect())),
            None => Ok(None),
        }
    }

    /// Up to `limit` distinct elements chosen at random.
    pub fn set_sample(
        &self,
        cache: &str,
        name: &Bytes,
        limit: u64,
    ) -> Result<Option<Vec<Bytes>>, StoreError> {
        let Some(item) = self.read(cache, KEY, name)? else {
            return Ok(None);
        };
        let set = item.set()?;
        // choose_multiple allocates `amount` up front, so never ask for more than exists.
        let limit = usize::try_from(limit).unwrap_or(usize::MAX).min(set.len());
        Ok(Some(
            set.iter().cloned().choose_multiple(&mut rand::rng(), limit),
        ))
    }

    /// Membership of each element, index-aligned.
    pub fn set_contains(
        &self,
        cache: &str,
        name: &Bytes,
        elements: &[Bytes],
    ) -> Result<Option<Vec<bool>>, StoreError> {
        let Some(item) = self.read(cache, KEY, name)? else {
            return Ok(None);
        };
        let set = item.set()?;
        Ok(Some(elements.iter().map(|e| set.contains(e)).collect()))
    }

    pub fn set_length(&self, cache: &str, name: &Bytes) -> Result<Option<usize>, StoreError> {
        match self.read(cache, KEY, name)? {
            Some(item) => Ok(Some(item.set()?.len())),
            None => Ok(None),
        }
    }

    /// Removes and returns up to `count` random elements; a set left empty is deleted.
    pub fn set_pop(
        &self,
        cache: &str,
        name: Bytes,
        count: u32,
    ) -> Result<Option<Vec<Bytes>>, StoreError> {
        self.update(cache, KEY, name, |current, _| {
            let Some(item) = current else {
                return Ok((Write::Keep, None));
            };
            let mut set = item.set()?.clone();
            let count = usize::try_from(count).unwrap_or(usize::MAX).min(set.len());
            if count == 0 {
                return Ok((Write::Keep, Some(Vec::new())));
            }
            let popped = set.iter().cloned().choose_multiple(&mut rand::rng(), count);
            for element in &popped {
                set.remove(element);
            }
            let write = if set.is_empty() {
                Write::Remove
            } else {
                Write::Put(Item::new(Value::Set(set), item.expires_at()))
            };
            Ok((write, Some(popped)))
        })
    }
}

#[cfg(test)]
mod tests {
    use std::thread::sleep;
    use std::time::Duration;

    use super::super::test_support::*;
    use super::super::{ItemType, StoreConfig};
    use super::*;

    fn sorted(mut elements: Vec<Bytes>) -> Vec<Bytes> {
        elements.sort();
        elements
    }

    fn five(store: &Store) {
        store
            .set_union(
                CACHE,
                b("s"),
                ["1", "2", "3", "4", "5"].map(b).to_vec(),
                TTL,
            )
            .unwrap();
    }

    #[test]
    fn union_fetch_length_contains() {
        let store = store();
        assert_eq!(store.set_fetch(CACHE, &b("s")).unwrap(), None);
        assert_eq!(store.set_length(CACHE, &b("s")).unwrap(), None);
        assert_eq!(store.set_contains(CACHE, &b("s"), &[b("1")]).unwrap(), None);
        store
            .set_union(CACHE, b("s"), vec![b("1"), b("2"), b("3")], TTL)
            .unwrap();
        store.set_union(CACHE, b("s"), vec![b("2")], TTL).unwrap();
        assert_eq!(
            sorted(store.set_fetch(CACHE, &b("s")).unwrap().unwrap()),
            vec![b("1"), b("2"), b("3")]
        );
        assert_eq!(store.set_length(CACHE, &b("s")).unwrap(), Some(3));
        assert_eq!(
            store
                .set_contains(CACHE, &b("s"), &[b("3"), b("9"), b("1")])
                .unwrap(),
            Some(vec![true, false, true])
        );
        store.set_union(CACHE, b("empty"), vec![], TTL).unwrap();
        assert_eq!(store.set_length(CACHE, &b("empty")).unwrap(), None);
    }

    #[test]
    fn difference_variants() {
        let store = store();
        assert!(
            !store
                .set_difference(CACHE, b("s"), SetDifference::Subtract(vec![b("1")]))
                .unwrap()
        );
        five(&store);
        assert!(
            store
                .set_difference(CACHE, b("s"), SetDifference::Subtract(vec![b("1"), b("9")]))
                .unwrap()
        );
        assert_eq!(store.set_length(CACHE, &b("s")).unwrap(), Some(4));
        assert!(
            store
                .set_difference(
                    CACHE,
                    b("s"),
                    SetDifference::Minuend(vec![b("2"), b("7"), b("8")])
                )
                .unwrap()
        );
        assert_eq!(
            sorted(store.set_fetch(CACHE, &b("s")).unwrap().unwrap()),
            vec![b("7"), b("8")]
        );
        assert!(
            store
                .set_difference(CACHE, b("s"), SetDifference::Subtract(vec![b("7"), b("8")]))
                .unwrap()
        );
        assert_eq!(store.item_type(CACHE, &b("s")).unwrap(), None);

        five(&store);
        assert!(
            store
                .set_difference(CACHE, b("s"), SetDifference::Identity)
                .unwrap()
        );
        assert_eq!(store.set_length(CACHE, &b("s")).unwrap(), None);
    }

    #[test]
    fn sample_limits() {
        let store = store();
        assert_eq!(store.set_sample(CACHE, &b("s"), 3).unwrap(), None);
        five(&store);
        assert_eq!(store.set_sample(CACHE, &b("s"), 0).unwrap(), Some(vec![]));
        let three = store.set_sample(CACHE, &b("s"), 3).unwrap().unwrap();
        assert_eq!(three.len(), 3);
        let distinct: HashSet<_> = three.iter().collect();
        assert_eq!(distinct.len(), 3);
        assert_eq!(
            store.set_sample(CACHE, &b("s"), 5).unwrap().unwrap().len(),
            5
        );
        assert_eq!(
            store
                .set_sample(CACHE, &b("s"), u64::MAX)
                .unwrap()
                .unwrap()
                .len(),
            5
        );
    }

    #[test]
    fn pop_removes_and_deletes_when_empty() {
        let store = store();
        assert_eq!(store.set_pop(CACHE, b("s"), 1).unwrap(), None);
        five(&store);
        let two = store.set_pop(CACHE, b("s"), 2).unwrap().unwrap();
        assert_eq!(two.len(), 2);
        assert_eq!(store.set_length(CACHE, &b("s")).unwrap(), Some(3));
        assert_eq!(
            store.set_contains(CACHE, &b("s"), &two).unwrap(),
            Some(vec![false, false])
        );
        assert_eq!(store.set_pop(CACHE, b("s"), 0).unwrap(), Some(vec![]));
        let rest = store.set_pop(CACHE, b("s"), 10).unwrap().unwrap();
        assert_eq!(rest.len(), 3);
        assert_eq!(store.set_length(CACHE, &b("s")).unwrap(), None);
    }

    #[test]
    fn ttl_refresh_and_expiry() {
        let store = store();
        store
            .set_union(CACHE, b("s"), vec![b("1")], CollectionTtl::new(50, false))
            .unwrap();
        store
            .set_union(
                CACHE,
                b("s"),
                vec![b("2")],
                CollectionTtl::new(60_000, false),
            )
            .unwrap();
        sleep(Duration::from_millis(80));
        assert_eq!(store.set_length(CACHE, &b("s")).unwrap(), None);

        store
            .set_union(CACHE, b("t"), vec![b("1")], CollectionTtl::new(50, false))
            .unwrap();
        store
            .set_union(
                CACHE,
                b("t"),
                vec![b("2")],
                CollectionTtl::new(60_000, true),
            )
            .unwrap();
        sleep(Duration::from_millis(80));
        assert_eq!(store.set_length(CACHE, &b("t")).unwrap(), Some(2));
    }

    #[test]
    fn wrong_type_and_limits() {
        let store = store_with(StoreConfig {
            max_element_size_bytes: 4,
            ..StoreConfig::default()
        });
        store.set(CACHE, b("k"), b("v"), 60_000).unwrap();
        assert_eq!(
            store.set_union(CACHE, b("k"), vec![b("1")], TTL),
            Err(StoreError::WrongType {
                expected: ItemType::Set,
                found: ItemType::Scalar
            })
        );
        assert!(matches!(
            store.set_pop(CACHE, b("k"), 1),
            Err(StoreError::WrongType { .. })
        ));
        assert!(matches!(
            store.set_union(CACHE, b("s"), vec![b("12345")], TTL),
            Err(StoreError::ElementTooLarge { size: 5, limit: 4 })
        ));
    }
}
