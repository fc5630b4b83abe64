//! Dictionary operations: field/value maps stored under one key.
//!
//! A dictionary whose last field is deleted is itself deleted, like a set (protocol 3.0 leaves
//! this open for dictionaries). A dictionary field counts together with its value against the
//! element-size limit.

use bytes::Bytes;

use super::item::{Item, Value};
use super::scalar::{add_to_counter, parse_counter};
use super::{CollectionTtl, Store, StoreError, Write};

const KEY: &str = "dictionary_name";

impl Store {
    /// Values of `fields`, index-aligned; `None` for a missing dictionary.
    pub fn dictionary_get(
        &self,
        cache: &str,
        name: &Bytes,
        fields: &[Bytes],
    ) -> Result<Option<Vec<Option<Bytes>>>, StoreError> {
        let Some(item) = self.read(cache, KEY, name)? else {
            return Ok(None);
        };
        let map = item.dictionary()?;
        Ok(Some(
            fields.iter().map(|field| map.get(field).cloned()).collect(),
        ))
    }

    /// Every field/value pair, in no particular order.
    pub fn dictionary_fetch(
        &self,
        cache: &str,
        name: &Bytes,
    ) -> Result<Option<Vec<(Bytes, Bytes)>>, StoreError> {
        let Some(item) = self.read(cache, KEY, name)? else {
            return Ok(None);
        };
        Ok(Some(
            item.dictionary()?
                .iter()
                .map(|(field, value)| (field.clone(), value.clone()))
                .collect(),
        ))
    }

    /// Inserts or overwrites fields, creating the dictionary if needed.
    pub fn dictionary_set(
        &self,
        cache: &str,
        name: Bytes,
        pairs: Vec<(Bytes, Bytes)>,
        ttl: CollectionTtl,
    ) -> Result<(), StoreError> {
        for (field, value) in &pairs {
            self.check_element(field.len().saturating_add(value.len()))?;
        }
        self.update(cache, KEY, name, |current, now| {
            let expires_at = self.collection_expiry(current, ttl, now)?;
            let mut map = match current {
                Some(item) => item.dictionary()?.clone(),
                None if pairs.is_empty() => return Ok((Write::Keep, ())),
                None => Default::default(),
            };
            map.extend(pairs);
            Ok((
                Write::Put(Item::new(Value::Dictionary(map), expires_at)),
                (),
            ))
        })
    }

    /// Adds `amount` to an integer field, creating the field (and dictionary) if missing.
    pub fn dictionary_increment(
        &self,
        cache: &str,
        name: Bytes,
        field: Bytes,
        amount: i64,
        ttl: CollectionTtl,
    ) -> Result<i64, StoreError> {
        self.update(cache, KEY, name, |current, now| {
            let expires_at = self.collection_expiry(current, ttl, now)?;
            let mut map = match current {
                Some(item) => item.dictionary()?.clone(),
                None => Default::default(),
            };
            let total = match map.get(&field) {
                Some(stored) => add_to_counter(parse_counter(stored)?, amount)?,
                None => amount,
            };
            let stored = Bytes::from(total.to_string());
            self.check_element(field.len().saturating_add(stored.len()))?;
            map.insert(field, stored);
            Ok((
                Write::Put(Item::new(Value::Dictionary(map), expires_at)),
                total,
            ))
        })
    }

    /// Removes `fields`; a dictionary left empty is deleted. A missing dictionary is fine.
    pub fn dictionary_delete_fields(
        &self,
        cache: &str,
        name: Bytes,
        fields: &[Bytes],
    ) -> Result<(), StoreError> {
        self.update(cache, KEY, name, |current, _| {
            let Some(item) = current else {
                return Ok((Write::Keep, ()));
            };
            let mut map = item.dictionary()?.clone();
            let before = map.len();
            for field in fields {
                map.remove(field);
            }
            let write = if map.is_empty() {
                Write::Remove
            } else if map.len() == before {
                Write::Keep
            } else {
                Write::Put(Item::new(Value::Dictionary(map), item.expires_at()))
            };
            Ok((write, ()))
        })
    }

    /// Removes the whole dictionary; `WrongType` if the key holds something else.
    pub fn dictionary_delete_all(&self, cache: &str, name: Bytes) -> Result<(), StoreError> {
        self.update(cache, KEY, name, |current, _| match current {
            Some(item) => {
                item.dictionary()?;
                Ok((Write::Remove, ()))
            }
            None => Ok((Write::Keep, ())),
        })
    }

    pub fn dictionary_length(
        &self,
        cache: &str,
        name: &Bytes,
    ) -> Result<Option<usize>, StoreError> {
        match self.read(cache, KEY, name)? {
            Some(item) => Ok(Some(item.dictionary()?.len())),
            None => Ok(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::thread::sleep;
    use std::time::Duration;

    use super::super::test_support::*;
    use super::super::{ItemType, StoreConfig};
    use super::*;

    fn sorted(mut pairs: Vec<(Bytes, Bytes)>) -> Vec<(Bytes, Bytes)> {
        pairs.sort();
        pairs
    }

    #[test]
    fn set_get_fetch_length() {
        let store = store();
        assert_eq!(
            store.dictionary_get(CACHE, &b("d"), &[b("a")]).unwrap(),
            None
        );
        assert_eq!(store.dictionary_fetch(CACHE, &b("d")).unwrap(), None);
        assert_eq!(store.dictionary_length(CACHE, &b("d")).unwrap(), None);

        store
            .dictionary_set(CACHE, b("d"), vec![(b("a"), b("1")), (b("b"), b("2"))], TTL)
            .unwrap();
        store
            .dictionary_set(CACHE, b("d"), vec![(b("b"), b("3")), (b("c"), b("4"))], TTL)
            .unwrap();
        assert_eq!(
            store
                .dictionary_get(CACHE, &b("d"), &[b("c"), b("zz"), b("b")])
                .unwrap(),
            Some(vec![Some(b("4")), None, Some(b("3"))])
        );
        assert_eq!(
            sorted(store.dictionary_fetch(CACHE, &b("d")).unwrap().unwrap()),
            vec![(b("a"), b("1")), (b("b"), b("3")), (b("c"), b("4"))]
        );
        assert_eq!(store.dictionary_length(CACHE, &b("d")).unwrap(), Some(3));
    }

    #[test]
    fn empty_set_creates_nothing() {
        let store = store();
        store.dictionary_set(CACHE, b("d"), vec![], TTL).unwrap();
        assert_eq!(store.item_type(CACHE, &b("d")).unwrap(), None);
    }

    #[test]
    fn collection_ttl_refresh_rules() {
        let store = store();
        store
            .dictionary_set(
                CACHE,
                b("d"),
                vec![(b("a"), b("1"))],
                CollectionTtl::new(100, false),
            )
            .unwrap();
        store
            .dictionary_set(
                CACHE,
                b("d"),
                vec![(b("b"), b("2"))],
                CollectionTtl::new(60_000, false),
            )
            .unwrap();
        assert!(store.item_ttl(CACHE, &b("d")).unwrap().unwrap() <= Duration::from_millis(100));
        store
            .dictionary_increment(CACHE, b("d"), b("n"), 1, CollectionTtl::new(60_000, true))
            .unwrap();
        assert!(store.item_ttl(CACHE, &b("d")).unwrap().unwrap() > Duration::from_secs(50));

        store
            .dictionary_set(
                CACHE,
                b("e"),
                vec![(b("a"), b("1"))],
                CollectionTtl::new(50, true),
            )
            .unwrap();
        sleep(Duration::from_millis(80));
        assert_eq!(store.dictionary_length(CACHE, &b("e")).unwrap(), None);
    }

    #[test]
    fn increment_fields() {
        let store = store();
        assert_eq!(
            store
                .dictionary_increment(CACHE, b("d"), b("n"), 3, TTL)
                .unwrap(),
            3
        );
        assert_eq!(
            store
                .dictionary_increment(CACHE, b("d"), b("n"), -10, TTL)
                .unwrap(),
            -7
        );
        store
            .dictionary_set(CACHE, b("d"), vec![(b("word"), b("five"))], TTL)
            .unwrap();
        assert!(matches!(
            store.dictionary_increment(CACHE, b("d"), b("word"), 1, TTL),
            Err(StoreError::FailedPrecondition(_))
        ));
        store
            .dictionary_set(
                CACHE,
                b("d"),
                vec![(b("min"), Bytes::from(i64::MIN.to_string()))],
                TTL,
            )
            .unwrap();
        assert!(matches!(
            store.dictionary_increment(CACHE, b("d"), b("min"), -1, TTL),
            Err(StoreError::FailedPrecondition(_))
        ));
        assert_eq!(
            store.dictionary_get(CACHE, &b("d"), &[b("n")]).unwrap(),
            Some(vec![Some(b("-7"))])
        );
    }

    #[test]
    fn delete_fields_and_all() {
        let store = store();
        store
            .dictionary_set(CACHE, b("d"), vec![(b("a"), b("1")), (b("b"), b("2"))], TTL)
            .unwrap();
        store
            .dictionary_delete_fields(CACHE, b("d"), &[b("a"), b("zz")])
            .unwrap();
        assert_eq!(store.dictionary_length(CACHE, &b("d")).unwrap(), Some(1));
        store
            .dictionary_delete_fields(CACHE, b("d"), &[b("b")])
            .unwrap();
        assert_eq!(store.item_type(CACHE, &b("d")).unwrap(), None);

        store
            .dictionary_set(CACHE, b("d"), vec![(b("a"), b("1"))], TTL)
            .unwrap();
        store.dictionary_delete_all(CACHE, b("d")).unwrap();
        assert_eq!(store.dictionary_length(CACHE, &b("d")).unwrap(), None);
        store.dictionary_delete_all(CACHE, b("missing")).unwrap();
        store
            .dictionary_delete_fields(CACHE, b("missing"), &[b("a")])
            .unwrap();
    }

    #[test]
    fn wrong_type_and_limits() {
        let store = store_with(StoreConfig {
            max_element_size_bytes: 8,
            max_item_size_bytes: 15,
            ..StoreConfig::default()
        });
        store.set(CACHE, b("s"), b("v"), 60_000).unwrap();
        assert_eq!(
            store.dictionary_set(CACHE, b("s"), vec![(b("a"), b("1"))], TTL),
            Err(StoreError::WrongType {
                expected: ItemType::Dictionary,
                found: ItemType::Scalar
            })
        );
        assert!(matches!(
            store.dictionary_length(CACHE, &b("s")),
            Err(StoreError::WrongType { .. })
        ));
        assert!(matches!(
            store.dictionary_delete_all(CACHE, b("s")),
            Err(StoreError::WrongType { .. })
        ));
        assert_eq!(
            store.dictionary_set(CACHE, b("d"), vec![(b("field"), b("value"))], TTL),
            Err(StoreError::ElementTooLarge { size: 10, limit: 8 })
        );
        store
            .dictionary_set(CACHE, b("d"), vec![(b("f1"), b("1234"))], TTL)
            .unwrap();
        store
            .dictionary_set(CACHE, b("d"), vec![(b("f2"), b("1234"))], TTL)
            .unwrap();
        assert!(matches!(
            store.dictionary_set(CACHE, b("d"), vec![(b("f3"), b("1234"))], TTL),
            Err(StoreError::ItemTooLarge { .. })
        ));
        assert_eq!(store.dictionary_length(CACHE, &b("d")).unwrap(), Some(2));
    }
}
