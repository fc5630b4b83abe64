//! List operations: ordered sequences with pushes, pops, slices and truncation at both ends.
//!
//! A list emptied by a pop, retain, remove or erase is deleted, so its length query answers
//! missing afterwards (protocol 3.0 leaves this open for lists). `ListErase` ranges are
//! (begin_index, count) pairs that all refer to positions before the erase; overlapping ranges
//! merge, and parts past the end are ignored.

use std::collections::VecDeque;

use bytes::Bytes;

use super::item::{Item, Value};
use super::range;
use super::{CollectionTtl, Store, StoreError, Write};

const KEY: &str = "list_name";

/// Which end of a list an operation works on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListEnd {
    Front,
    Back,
}

/// What `list_erase` removes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ListErase {
    All,
    /// (begin_index, count) pairs.
    Ranges(Vec<(u32, u32)>),
}

fn truncate(list: &mut VecDeque<Bytes>, inserted_at: ListEnd, size: u32) {
    let Ok(size) = usize::try_from(size) else {
        return;
    };
    if size == 0 || list.len() <= size {
        return;
    }
    // Front inserts trim the back and back inserts trim the front, keeping the new elements.
    match inserted_at {
        ListEnd::Front => list.truncate(size),
        ListEnd::Back => {
            let excess = list.len() - size;
            list.drain(..excess);
        }
    }
}

/// The outcome of rewriting an existing list: delete it when empty, else store it.
fn rewrite(list: VecDeque<Bytes>, expires_at: std::time::Instant) -> (Write, usize) {
    let len = list.len();
    if list.is_empty() {
        (Write::Remove, 0)
    } else {
        (Write::Put(Item::new(Value::List(list), expires_at)), len)
    }
}

impl Store {
    /// Inserts `values` at `end` (keeping their order), then trims the opposite end to
    /// `truncate_to` elements when it is non-zero. Returns the resulting length.
    pub fn list_push(
        &self,
        cache: &str,
        name: Bytes,
        end: ListEnd,
        values: Vec<Bytes>,
        ttl: CollectionTtl,
        truncate_to: u32,
    ) -> Result<usize, StoreError> {
        for value in &values {
            self.check_element(value.len())?;
        }
        self.update(cache, KEY, name, |current, now| {
            let expires_at = self.collection_expiry(current, ttl, now)?;
            let mut list = match current {
                Some(item) => item.list()?.clone(),
                None if values.is_empty() => return Ok((Write::Keep, 0)),
                None => VecDeque::new(),
            };
            match end {
                ListEnd::Front => {
                    for value in values.into_iter().rev() {
                        list.push_front(value);
                    }
                }
                ListEnd::Back => list.extend(values),
            }
            truncate(&mut list, end, truncate_to);
            Ok(rewrite(list, expires_at))
        })
    }

    /// Removes one element from `end`; returns it with the length afterwards.
    pub fn list_pop(
        &self,
        cache: &str,
        name: Bytes,
        end: ListEnd,
    ) -> Result<Option<(Bytes, usize)>, StoreError> {
        self.update(cache, KEY, name, |current, _| {
            let Some(item) = current else {
                return Ok((Write::Keep, None));
            };
            let mut list = item.list()?.clone();
            let popped = match end {
                ListEnd::Front => list.pop_front(),
                ListEnd::Back => list.pop_back(),
            };
            let Some(popped) = popped else {
                // Empty lists are never stored; treat one as missing rather than fail.
                return Ok((Write::Remove, None));
            };
            let (write, len) = rewrite(list, item.expires_at());
            Ok((write, Some((popped, len))))
        })
    }

    /// The Python-style slice `[start:end]`; `None` bounds are unbounded.
    pub fn list_fetch(
        &self,
        cache: &str,
        name: &Bytes,
        start: Option<i32>,
        end: Option<i32>,
    ) -> Result<Option<Vec<Bytes>>, StoreError> {
        let Some(item) = self.read(cache, KEY, name)? else {
            return Ok(None);
        };
        let list = item.list()?;
        let slice = range::slice(list.len(), start, end);
        Ok(Some(list.range(slice).cloned().collect()))
    }

    /// Keeps only the slice `[start:end]`; returns the length afterwards.
    pub fn list_retain(
        &self,
        cache: &str,
        name: Bytes,
        start: Option<i32>,
        end: Option<i32>,
        ttl: CollectionTtl,
    ) -> Result<Option<usize>, StoreError> {
        self.update(cache, KEY, name, |current, now| {
            let expires_at = self.collection_expiry(current, ttl, now)?;
            let Some(item) = current else {
                return Ok((Write::Keep, None));
            };
            let list = item.list()?;
            let slice = range::slice(list.len(), start, end);
            let (write, len) = rewrite(list.range(slice).cloned().collect(), expires_at);
            Ok((write, Some(len)))
        })
    }

    /// Removes every element equal to `value`; returns the length afterwards.
    pub fn list_remove_value(
        &self,
        cache: &str,
        name: Bytes,
        value: &[u8],
    ) -> Result<Option<usize>, StoreError> {
        self.update(cache, KEY, name, |current, _| {
            let Some(item) = current else {
                return Ok((Write::Keep, None));
            };
            let list = item.list()?;
            if !list.iter().any(|element| element == value) {
                return Ok((Write::Keep, Some(list.len())));
            }
            let kept = list.iter().filter(|e| *e != value).cloned().collect();
            let (write, len) = rewrite(kept, item.expires_at());
            Ok((write, Some(len)))
        })
    }

    pub fn list_length(&self, cache: &str, name: &Bytes) -> Result<Option<usize>, StoreError> {
        match self.read(cache, KEY, name)? {
            Some(item) => Ok(Some(item.list()?.len())),
            None => Ok(None),
        }
    }

    /// Erases index ranges or the whole list; returns the length afterwards.
    pub fn list_erase(
        &self,
        cache: &str,
        name: Bytes,
        erase: &ListErase,
    ) -> Result<Option<usize>, StoreError> {
        self.update(cache, KEY, name, |current, _| {
            let Some(item) = current else {
                return Ok((Write::Keep, None));
            };
            let list = item.list()?;
            let ranges = match erase {
                ListErase::All => return Ok((Write::Remove, Some(0))),
                ListErase::Ranges(ranges) => ranges,
            };
            let mut erased = vec![false; list.len()];
            for &(begin, count) in ranges {
                let begin = usize::try_from(begin).unwrap_or(usize::MAX).min(list.len());
                let count = usize::try_from(count).unwrap_or(usize::MAX);
                let end = begin.saturating_add(count).min(list.len());
                if let Some(marks) = erased.get_mut(begin..end) {
                    marks.fill(true);
                }
            }
            let kept = list
                .iter()
                .zip(&erased)
                .filter(|(_, gone)| !**gone)
                .map(|(element, _)| element.clone())
                .collect();
            let (write, len) = rewrite(kept, item.expires_at());
            Ok((write, Some(len)))
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

    fn list_of(items: &[&str]) -> Vec<Bytes> {
        items.iter().map(|s| b(s)).collect()
    }

    fn digits(store: &Store) {
        let values = (0..10).map(|i| b(&i.to_string())).collect();
        store
            .list_push(CACHE, b("l"), ListEnd::Back, values, TTL, 0)
            .unwrap();
    }

    fn fetch(store: &Store, start: Option<i32>, end: Option<i32>) -> Vec<Bytes> {
        store
            .list_fetch(CACHE, &b("l"), start, end)
            .unwrap()
            .unwrap()
    }

    fn nums(values: &[i32]) -> Vec<Bytes> {
        values.iter().map(|i| b(&i.to_string())).collect()
    }

    #[test]
    fn push_and_concatenate_both_ends() {
        let store = store();
        assert_eq!(
            store
                .list_push(
                    CACHE,
                    b("l"),
                    ListEnd::Back,
                    list_of(&["1", "2", "3"]),
                    TTL,
                    0
                )
                .unwrap(),
            3
        );
        assert_eq!(
            store
                .list_push(
                    CACHE,
                    b("l"),
                    ListEnd::Front,
                    list_of(&["4", "5", "6"]),
                    TTL,
                    0
                )
                .unwrap(),
            6
        );
        assert_eq!(
            fetch(&store, None, None),
            list_of(&["4", "5", "6", "1", "2", "3"])
        );
        assert_eq!(
            store
                .list_push(CACHE, b("l"), ListEnd::Back, list_of(&["x"]), TTL, 0)
                .unwrap(),
            7
        );
        assert_eq!(
            store
                .list_push(CACHE, b("l"), ListEnd::Front, list_of(&["y"]), TTL, 0)
                .unwrap(),
            8
        );
        assert_eq!(fetch(&store, Some(0), Some(1)), list_of(&["y"]));
        assert_eq!(fetch(&store, Some(-1), None), list_of(&["x"]));
        assert_eq!(
            store
                .list_push(CACHE, b("new"), ListEnd::Back, vec![], TTL, 0)
                .unwrap(),
            0
        );
        assert_eq!(store.list_length(CACHE, &b("new")).unwrap(), None);
    }

    #[test]
    fn truncation_keeps_the_new_elements() {
        let store = store();
        store
            .list_push(
                CACHE,
                b("l"),
                ListEnd::Back,
                list_of(&["1", "2", "3"]),
                TTL,
                0,
            )
            .unwrap();
        let len = store
            .list_push(
                CACHE,
                b("l"),
                ListEnd::Back,
                list_of(&["4", "5", "6"]),
                TTL,
                5,
            )
            .unwrap();
        assert_eq!(len, 5);
        assert_eq!(
            fetch(&store, None, None),
            list_of(&["2", "3", "4", "5", "6"])
        );
        let len = store
            .list_push(CACHE, b("l"), ListEnd::Front, list_of(&["0"]), TTL, 3)
            .unwrap();
        assert_eq!(len, 3);
        assert_eq!(fetch(&store, None, None), list_of(&["0", "2", "3"]));
        let len = store
            .list_push(CACHE, b("l"), ListEnd::Back, list_of(&["a", "b"]), TTL, 10)
            .unwrap();
        assert_eq!(len, 5);
    }

    #[test]
    fn fetch_follows_python_slices() {
        let store = store();
        assert_eq!(store.list_fetch(CACHE, &b("l"), None, None).unwrap(), None);
        digits(&store);
        assert_eq!(fetch(&store, Some(5), None), nums(&[5, 6, 7, 8, 9]));
        assert_eq!(fetch(&store, Some(-5), None), nums(&[5, 6, 7, 8, 9]));
        assert_eq!(fetch(&store, Some(0), Some(-5)), nums(&[0, 1, 2, 3, 4]));
        assert_eq!(fetch(&store, Some(2), Some(-6)), nums(&[2, 3]));
        assert_eq!(fetch(&store, Some(-7), Some(-2)), nums(&[3, 4, 5, 6, 7]));
        assert!(fetch(&store, Some(5), Some(0)).is_empty());
        assert!(fetch(&store, Some(-2), Some(-6)).is_empty());
        assert_eq!(fetch(&store, Some(8), Some(100)), nums(&[8, 9]));

        store
            .list_push(CACHE, b("one"), ListEnd::Back, list_of(&["a"]), TTL, 0)
            .unwrap();
        let one = |s, e| store.list_fetch(CACHE, &b("one"), s, e).unwrap().unwrap();
        assert_eq!(one(Some(-1), Some(1)), list_of(&["a"]));
        assert!(one(Some(0), Some(-1)).is_empty());
    }

    #[test]
    fn retain_keeps_the_slice_and_deletes_when_empty() {
        let store = store();
        assert_eq!(
            store.list_retain(CACHE, b("l"), None, None, TTL).unwrap(),
            None
        );
        digits(&store);
        assert_eq!(
            store
                .list_retain(CACHE, b("l"), Some(-7), Some(-2), TTL)
                .unwrap(),
            Some(5)
        );
        assert_eq!(fetch(&store, None, None), nums(&[3, 4, 5, 6, 7]));
        assert_eq!(
            store
                .list_retain(CACHE, b("l"), Some(-2), Some(-6), TTL)
                .unwrap(),
            Some(0)
        );
        assert_eq!(store.list_length(CACHE, &b("l")).unwrap(), None);
    }

    #[test]
    fn pop_both_ends() {
        let store = store();
        assert_eq!(store.list_pop(CACHE, b("l"), ListEnd::Front).unwrap(), None);
        store
            .list_push(
                CACHE,
                b("l"),
                ListEnd::Back,
                list_of(&["a", "b", "c"]),
                TTL,
                0,
            )
            .unwrap();
        assert_eq!(
            store.list_pop(CACHE, b("l"), ListEnd::Front).unwrap(),
            Some((b("a"), 2))
        );
        assert_eq!(
            store.list_pop(CACHE, b("l"), ListEnd::Back).unwrap(),
            Some((b("c"), 1))
        );
        assert_eq!(
            store.list_pop(CACHE, b("l"), ListEnd::Back).unwrap(),
            Some((b("b"), 0))
        );
        assert_eq!(store.list_length(CACHE, &b("l")).unwrap(), None);
        assert_eq!(store.list_pop(CACHE, b("l"), ListEnd::Back).unwrap(), None);
    }

    #[test]
    fn remove_value_and_length() {
        let store = store();
        assert_eq!(store.list_remove_value(CACHE, b("l"), b"a").unwrap(), None);
        store
            .list_push(
                CACHE,
                b("l"),
                ListEnd::Back,
                list_of(&["a", "b", "a", "c", "a"]),
                TTL,
                0,
            )
            .unwrap();
        assert_eq!(
            store.list_remove_value(CACHE, b("l"), b"a").unwrap(),
            Some(2)
        );
        assert_eq!(
            store.list_remove_value(CACHE, b("l"), b"zz").unwrap(),
            Some(2)
        );
        assert_eq!(store.list_length(CACHE, &b("l")).unwrap(), Some(2));
        assert_eq!(fetch(&store, None, None), list_of(&["b", "c"]));
        store.list_remove_value(CACHE, b("l"), b"b").unwrap();
        assert_eq!(
            store.list_remove_value(CACHE, b("l"), b"c").unwrap(),
            Some(0)
        );
        assert_eq!(store.list_length(CACHE, &b("l")).unwrap(), None);
    }

    #[test]
    fn erase_ranges_and_all() {
        let store = store();
        assert_eq!(
            store.list_erase(CACHE, b("l"), &ListErase::All).unwrap(),
            None
        );
        digits(&store);
        let erased = store
            .list_erase(
                CACHE,
                b("l"),
                &ListErase::Ranges(vec![(1, 2), (2, 2), (8, 100), (50, 1)]),
            )
            .unwrap();
        assert_eq!(erased, Some(5));
        assert_eq!(fetch(&store, None, None), nums(&[0, 4, 5, 6, 7]));
        assert_eq!(
            store.list_erase(CACHE, b("l"), &ListErase::All).unwrap(),
            Some(0)
        );
        assert_eq!(store.list_length(CACHE, &b("l")).unwrap(), None);
        digits(&store);
        let all = store
            .list_erase(CACHE, b("l"), &ListErase::Ranges(vec![(0, u32::MAX)]))
            .unwrap();
        assert_eq!(all, Some(0));
        assert_eq!(store.list_length(CACHE, &b("l")).unwrap(), None);
    }

    #[test]
    fn ttl_rules() {
        let store = store();
        store
            .list_push(
                CACHE,
                b("l"),
                ListEnd::Back,
                list_of(&["a"]),
                CollectionTtl::new(50, true),
                0,
            )
            .unwrap();
        store
            .list_push(
                CACHE,
                b("l"),
                ListEnd::Back,
                list_of(&["b"]),
                CollectionTtl::new(60_000, false),
                0,
            )
            .unwrap();
        sleep(Duration::from_millis(80));
        assert_eq!(store.list_length(CACHE, &b("l")).unwrap(), None);

        store
            .list_push(
                CACHE,
                b("m"),
                ListEnd::Back,
                list_of(&["a"]),
                CollectionTtl::new(50, true),
                0,
            )
            .unwrap();
        store
            .list_retain(CACHE, b("m"), None, None, CollectionTtl::new(60_000, true))
            .unwrap();
        sleep(Duration::from_millis(80));
        assert_eq!(store.list_length(CACHE, &b("m")).unwrap(), Some(1));
    }

    #[test]
    fn wrong_type_and_limits() {
        let store = store_with(StoreConfig {
            max_element_size_bytes: 4,
            max_item_size_bytes: 9,
            ..StoreConfig::default()
        });
        store
            .dictionary_set(CACHE, b("d"), vec![(b("f"), b("v"))], TTL)
            .unwrap();
        assert_eq!(
            store.list_push(CACHE, b("d"), ListEnd::Back, list_of(&["a"]), TTL, 0),
            Err(StoreError::WrongType {
                expected: ItemType::List,
                found: ItemType::Dictionary
            })
        );
        assert!(matches!(
            store.list_fetch(CACHE, &b("d"), None, None),
            Err(StoreError::WrongType { .. })
        ));
        assert!(matches!(
            store.list_push(CACHE, b("l"), ListEnd::Back, list_of(&["12345"]), TTL, 0),
            Err(StoreError::ElementTooLarge { .. })
        ));
        store
            .list_push(
                CACHE,
                b("l"),
                ListEnd::Back,
                list_of(&["1234", "1234"]),
                TTL,
                0,
            )
            .unwrap();
        assert!(matches!(
            store.list_push(CACHE, b("l"), ListEnd::Back, list_of(&["1"]), TTL, 0),
            Err(StoreError::ItemTooLarge { size: 10, limit: 9 })
        ));
        // Truncation happens before the size check, so a trimmed list fits.
        assert_eq!(
            store
                .list_push(CACHE, b("l"), ListEnd::Back, list_of(&["1"]), TTL, 2)
                .unwrap(),
            2
        );
    }
}
