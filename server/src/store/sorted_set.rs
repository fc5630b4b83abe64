//! Sorted-set operations: puts, increments, rank and score queries, and union-store.
//!
//! Choices where the protocol leaves behaviour open:
//! - A sorted set whose last element is removed is deleted.
//! - NaN scores, increments, bounds and non-finite union weights are invalid arguments. An
//!   increment whose result would be NaN (infinity minus infinity) is rejected too.
//! - By-score ranges with `min > max` match nothing; `count = 0` returns no elements.
//! - Union-store treats missing sources as empty. A weighted score that is NaN (infinity times
//!   a zero weight) or a sum that is NaN (opposite infinities) counts as 0, as Redis does.

use std::collections::HashMap;

use bytes::Bytes;

use super::item::{Item, Value};
use super::range;
use super::zset::{ScoreBound, SortOrder, SortedSet, bounds_have_nan};
use super::{CollectionTtl, Store, StoreError, Write};

const KEY: &str = "set_name";

/// What `sorted_set_remove` removes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SortedSetRemove {
    All,
    Some(Vec<Bytes>),
}

/// How union-store combines the weighted scores of an element found in several sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Aggregate {
    #[default]
    Sum,
    Min,
    Max,
}

impl Aggregate {
    fn combine(self, a: f64, b: f64) -> f64 {
        match self {
            Aggregate::Sum => zero_if_nan(a + b),
            Aggregate::Min => a.min(b),
            Aggregate::Max => a.max(b),
        }
    }
}

fn zero_if_nan(score: f64) -> f64 {
    if score.is_nan() { 0.0 } else { score }
}

fn check_bounds(min: ScoreBound, max: ScoreBound) -> Result<(), StoreError> {
    if bounds_have_nan(min, max) {
        return Err(StoreError::invalid("score bounds must not be NaN"));
    }
    Ok(())
}

impl Store {
    /// Inserts elements or overwrites their scores, creating the set if needed.
    pub fn sorted_set_put(
        &self,
        cache: &str,
        name: Bytes,
        elements: Vec<(Bytes, f64)>,
        ttl: CollectionTtl,
    ) -> Result<(), StoreError> {
        for (value, score) in &elements {
            self.check_element(value.len())?;
            if score.is_nan() {
                return Err(StoreError::invalid("element scores must not be NaN"));
            }
        }
        self.update(cache, KEY, name, |current, now| {
            let expires_at = self.collection_expiry(current, ttl, now)?;
            let mut zset = match current {
                Some(item) => item.sorted_set()?.clone(),
                None if elements.is_empty() => return Ok((Write::Keep, ())),
                None => SortedSet::default(),
            };
            for (value, score) in elements {
                zset.insert(value, score);
            }
            Ok((
                Write::Put(Item::new(Value::SortedSet(zset), expires_at)),
                (),
            ))
        })
    }

    /// Elements whose rank in `order` is within the Python-style slice `[start:end]`.
    pub fn sorted_set_fetch_by_rank(
        &self,
        cache: &str,
        name: &Bytes,
        order: SortOrder,
        start: Option<i32>,
        end: Option<i32>,
    ) -> Result<Option<Vec<(Bytes, f64)>>, StoreError> {
        let Some(item) = self.read(cache, KEY, name)? else {
            return Ok(None);
        };
        let zset = item.sorted_set()?;
        Ok(Some(
            zset.by_rank(order, range::slice(zset.len(), start, end)),
        ))
    }

    /// Elements with scores within `min`/`max`, in `order`, skipping `offset` and returning at
    /// most `count` (a negative count means all).
    #[allow(clippy::too_many_arguments)]
    pub fn sorted_set_fetch_by_score(
        &self,
        cache: &str,
        name: &Bytes,
        order: SortOrder,
        min: ScoreBound,
        max: ScoreBound,
        offset: u32,
        count: i32,
    ) -> Result<Option<Vec<(Bytes, f64)>>, StoreError> {
        check_bounds(min, max)?;
        let Some(item) = self.read(cache, KEY, name)? else {
            return Ok(None);
        };
        let zset = item.sorted_set()?;
        let offset = usize::try_from(offset).unwrap_or(usize::MAX);
        let limit = usize::try_from(count).ok();
        Ok(Some(zset.by_score(order, min, max, offset, limit)))
    }

    /// Scores of `values`, index-aligned; `None` entries for non-members.
    pub fn sorted_set_get_scores(
        &self,
        cache: &str,
        name: &Bytes,
        values: &[Bytes],
    ) -> Result<Option<Vec<Option<f64>>>, StoreError> {
        let Some(item) = self.read(cache, KEY, name)? else {
            return Ok(None);
        };
        let zset = item.sorted_set()?;
        Ok(Some(values.iter().map(|v| zset.score(v)).collect()))
    }

    /// Removes some values or the whole set; a set left empty is deleted.
    pub fn sorted_set_remove(
        &self,
        cache: &str,
        name: Bytes,
        remove: &SortedSetRemove,
    ) -> Result<(), StoreError> {
        self.update(cache, KEY, name, |current, _| {
            let Some(item) = current else {
                return Ok((Write::Keep, ()));
            };
            let mut zset = item.sorted_set()?.clone();
            let values = match remove {
                SortedSetRemove::All => return Ok((Write::Remove, ())),
                SortedSetRemove::Some(values) => values,
            };
            let mut changed = false;
            for value in values {
                changed |= zset.remove(value);
            }
            let write = if zset.is_empty() {
                Write::Remove
            } else if changed {
                Write::Put(Item::new(Value::SortedSet(zset), item.expires_at()))
            } else {
                Write::Keep
            };
            Ok((write, ()))
        })
    }

    /// Adds `amount` to the score of `value`, creating it (and the set) at `amount`.
    pub fn sorted_set_increment(
        &self,
        cache: &str,
        name: Bytes,
        value: Bytes,
        amount: f64,
        ttl: CollectionTtl,
    ) -> Result<f64, StoreError> {
        if amount.is_nan() {
            return Err(StoreError::invalid("amount must not be NaN"));
        }
        self.check_element(value.len())?;
        self.update(cache, KEY, name, |current, now| {
            let expires_at = self.collection_expiry(current, ttl, now)?;
            let mut zset = match current {
                Some(item) => item.sorted_set()?.clone(),
                None => SortedSet::default(),
            };
            let score = zset.score(&value).map_or(amount, |old| old + amount);
            if score.is_nan() {
                return Err(StoreError::invalid(
                    "the increment would make the score NaN (opposite infinities)",
                ));
            }
            zset.insert(value, score);
            Ok((
                Write::Put(Item::new(Value::SortedSet(zset), expires_at)),
                score,
            ))
        })
    }

    /// `Some(None)` when the set exists but `value` is not a member.
    pub fn sorted_set_rank(
        &self,
        cache: &str,
        name: &Bytes,
        value: &[u8],
        order: SortOrder,
    ) -> Result<Option<Option<u64>>, StoreError> {
        let Some(item) = self.read(cache, KEY, name)? else {
            return Ok(None);
        };
        let rank = item.sorted_set()?.rank(value, order);
        Ok(Some(rank.map(|r| u64::try_from(r).unwrap_or(u64::MAX))))
    }

    pub fn sorted_set_length(
        &self,
        cache: &str,
        name: &Bytes,
    ) -> Result<Option<usize>, StoreError> {
        match self.read(cache, KEY, name)? {
            Some(item) => Ok(Some(item.sorted_set()?.len())),
            None => Ok(None),
        }
    }

    pub fn sorted_set_length_by_score(
        &self,
        cache: &str,
        name: &Bytes,
        min: ScoreBound,
        max: ScoreBound,
    ) -> Result<Option<usize>, StoreError> {
        check_bounds(min, max)?;
        match self.read(cache, KEY, name)? {
            Some(item) => Ok(Some(item.sorted_set()?.count_by_score(min, max))),
            None => Ok(None),
        }
    }

    /// Replaces `name` with the weighted union of `sources`; returns its length. An empty
    /// union deletes the destination. Sources are read one by one before the destination is
    /// written, so the union is not one atomic snapshot of all sources.
    pub fn sorted_set_union_store(
        &self,
        cache: &str,
        name: Bytes,
        sources: &[(Bytes, f32)],
        aggregate: Aggregate,
        ttl_ms: u64,
    ) -> Result<usize, StoreError> {
        if sources.is_empty() {
            return Err(StoreError::invalid(
                "sources must name at least one sorted set",
            ));
        }
        if let Some((_, weight)) = sources.iter().find(|(_, w)| !w.is_finite()) {
            return Err(StoreError::invalid(format!(
                "source weights must be finite, got {weight}"
            )));
        }
        self.expiry_for("ttl_milliseconds", ttl_ms, std::time::Instant::now())?;

        let mut combined: HashMap<Bytes, f64> = HashMap::new();
        for (source, weight) in sources {
            let Some(item) = self.read(cache, KEY, source)? else {
                continue;
            };
            for (value, score) in item.sorted_set()?.iter_ascending() {
                let weighted = zero_if_nan(score * f64::from(*weight));
                combined
                    .entry(value.clone())
                    .and_modify(|acc| *acc = aggregate.combine(*acc, weighted))
                    .or_insert(weighted);
            }
        }

        self.update(cache, KEY, name, |_, now| {
            if combined.is_empty() {
                return Ok((Write::Remove, 0));
            }
            let expires_at = self.expiry_for("ttl_milliseconds", ttl_ms, now)?;
            let mut zset = SortedSet::default();
            for (value, score) in combined {
                zset.insert(value, score);
            }
            let len = zset.len();
            Ok((
                Write::Put(Item::new(Value::SortedSet(zset), expires_at)),
                len,
            ))
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

    /// Eight elements a..h with scores 1..8.
    fn eight(store: &Store) {
        let elements = "abcdefgh"
            .chars()
            .zip(1..)
            .map(|(c, i)| (b(&c.to_string()), f64::from(i)))
            .collect();
        store.sorted_set_put(CACHE, b("z"), elements, TTL).unwrap();
    }

    fn names(elements: Option<Vec<(Bytes, f64)>>) -> String {
        elements
            .unwrap()
            .iter()
            .map(|(v, _)| String::from_utf8_lossy(v).into_owned())
            .collect()
    }

    fn by_rank(store: &Store, order: SortOrder, start: Option<i32>, end: Option<i32>) -> String {
        names(
            store
                .sorted_set_fetch_by_rank(CACHE, &b("z"), order, start, end)
                .unwrap(),
        )
    }

    fn by_score(
        store: &Store,
        order: SortOrder,
        min: ScoreBound,
        max: ScoreBound,
        offset: u32,
        count: i32,
    ) -> String {
        names(
            store
                .sorted_set_fetch_by_score(CACHE, &b("z"), order, min, max, offset, count)
                .unwrap(),
        )
    }

    use ScoreBound::{Exclusive, Inclusive, Unbounded};
    use SortOrder::{Ascending, Descending};

    #[test]
    fn put_overwrites_scores_and_orders_ties_by_value() {
        let store = store();
        store
            .sorted_set_put(
                CACHE,
                b("z"),
                vec![(b("b"), 1.0), (b("a"), 2.0), (b("c"), 1.0)],
                TTL,
            )
            .unwrap();
        assert_eq!(by_rank(&store, Ascending, None, None), "bca");
        store
            .sorted_set_put(CACHE, b("z"), vec![(b("a"), 0.0)], TTL)
            .unwrap();
        assert_eq!(by_rank(&store, Ascending, None, None), "abc");
        assert_eq!(by_rank(&store, Descending, None, None), "cba");
        assert_eq!(store.sorted_set_length(CACHE, &b("z")).unwrap(), Some(3));
        assert!(matches!(
            store.sorted_set_put(CACHE, b("z"), vec![(b("x"), f64::NAN)], TTL),
            Err(StoreError::InvalidArgument(_))
        ));
    }

    #[test]
    fn fetch_by_rank_protocol_examples() {
        let store = store();
        assert_eq!(
            store
                .sorted_set_fetch_by_rank(CACHE, &b("z"), Ascending, None, None)
                .unwrap(),
            None
        );
        eight(&store);
        assert_eq!(by_rank(&store, Ascending, Some(10), None), "");
        assert_eq!(by_rank(&store, Ascending, Some(5), Some(100)), "fgh");
        assert_eq!(by_rank(&store, Ascending, Some(-5), None), "defgh");
        assert_eq!(by_rank(&store, Ascending, None, Some(-2)), "abcdef");
        assert_eq!(by_rank(&store, Ascending, Some(-5), Some(-2)), "def");
        assert_eq!(by_rank(&store, Descending, Some(5), None), "cba");
        assert_eq!(by_rank(&store, Descending, Some(0), Some(2)), "hg");
    }

    #[test]
    fn fetch_by_score_bounds_offset_count() {
        let store = store();
        eight(&store);
        assert_eq!(
            by_score(&store, Ascending, Inclusive(2.0), Inclusive(4.0), 0, -1),
            "bcd"
        );
        assert_eq!(
            by_score(&store, Ascending, Exclusive(2.0), Exclusive(4.0), 0, -1),
            "c"
        );
        assert_eq!(
            by_score(&store, Descending, Inclusive(2.0), Unbounded, 0, -1),
            "hgfedcb"
        );
        assert_eq!(
            by_score(&store, Ascending, Unbounded, Unbounded, 2, 3),
            "cde"
        );
        assert_eq!(
            by_score(&store, Descending, Unbounded, Unbounded, 2, 3),
            "fed"
        );
        assert_eq!(by_score(&store, Ascending, Unbounded, Unbounded, 8, -1), "");
        assert_eq!(by_score(&store, Ascending, Unbounded, Unbounded, 0, 0), "");
        assert_eq!(
            by_score(&store, Ascending, Inclusive(5.0), Inclusive(1.0), 0, -1),
            ""
        );
        assert_eq!(
            by_score(&store, Ascending, Unbounded, Unbounded, u32::MAX, i32::MAX),
            ""
        );
        assert!(matches!(
            store.sorted_set_fetch_by_score(
                CACHE,
                &b("z"),
                Ascending,
                Inclusive(f64::NAN),
                Unbounded,
                0,
                -1
            ),
            Err(StoreError::InvalidArgument(_))
        ));
    }

    #[test]
    fn scores_ranks_lengths() {
        let store = store();
        assert_eq!(
            store
                .sorted_set_get_scores(CACHE, &b("z"), &[b("a")])
                .unwrap(),
            None
        );
        assert_eq!(
            store
                .sorted_set_rank(CACHE, &b("z"), b"a", Ascending)
                .unwrap(),
            None
        );
        assert_eq!(store.sorted_set_length(CACHE, &b("z")).unwrap(), None);
        assert_eq!(
            store
                .sorted_set_length_by_score(CACHE, &b("z"), Unbounded, Unbounded)
                .unwrap(),
            None
        );
        eight(&store);
        assert_eq!(
            store
                .sorted_set_get_scores(CACHE, &b("z"), &[b("c"), b("zz"), b("a")])
                .unwrap(),
            Some(vec![Some(3.0), None, Some(1.0)])
        );
        assert_eq!(
            store
                .sorted_set_rank(CACHE, &b("z"), b"c", Ascending)
                .unwrap(),
            Some(Some(2))
        );
        assert_eq!(
            store
                .sorted_set_rank(CACHE, &b("z"), b"c", Descending)
                .unwrap(),
            Some(Some(5))
        );
        assert_eq!(
            store
                .sorted_set_rank(CACHE, &b("z"), b"zz", Ascending)
                .unwrap(),
            Some(None)
        );
        assert_eq!(
            store
                .sorted_set_length_by_score(CACHE, &b("z"), Inclusive(2.0), Exclusive(5.0))
                .unwrap(),
            Some(3)
        );
        assert_eq!(
            store
                .sorted_set_length_by_score(CACHE, &b("z"), Exclusive(2.0), Unbounded)
                .unwrap(),
            Some(6)
        );
    }

    #[test]
    fn remove_some_and_all() {
        let store = store();
        store
            .sorted_set_remove(CACHE, b("z"), &SortedSetRemove::All)
            .unwrap();
        eight(&store);
        store
            .sorted_set_remove(CACHE, b("z"), &SortedSetRemove::Some(vec![b("a"), b("zz")]))
            .unwrap();
        assert_eq!(store.sorted_set_length(CACHE, &b("z")).unwrap(), Some(7));
        store
            .sorted_set_remove(CACHE, b("z"), &SortedSetRemove::All)
            .unwrap();
        assert_eq!(store.sorted_set_length(CACHE, &b("z")).unwrap(), None);
        store
            .sorted_set_put(CACHE, b("z"), vec![(b("a"), 1.0)], TTL)
            .unwrap();
        store
            .sorted_set_remove(CACHE, b("z"), &SortedSetRemove::Some(vec![b("a")]))
            .unwrap();
        assert_eq!(store.item_type(CACHE, &b("z")).unwrap(), None);
    }

    #[test]
    fn increment_creates_and_adds() {
        let store = store();
        assert_eq!(
            store
                .sorted_set_increment(CACHE, b("z"), b("a"), 2.5, TTL)
                .unwrap(),
            2.5
        );
        assert_eq!(
            store
                .sorted_set_increment(CACHE, b("z"), b("a"), -1.0, TTL)
                .unwrap(),
            1.5
        );
        assert_eq!(
            store
                .sorted_set_increment(CACHE, b("z"), b("b"), 1.0, TTL)
                .unwrap(),
            1.0
        );
        assert_eq!(by_rank(&store, Ascending, None, None), "ba");
        store
            .sorted_set_increment(CACHE, b("z"), b("c"), f64::INFINITY, TTL)
            .unwrap();
        assert!(matches!(
            store.sorted_set_increment(CACHE, b("z"), b("c"), f64::NEG_INFINITY, TTL),
            Err(StoreError::InvalidArgument(_))
        ));
        assert!(matches!(
            store.sorted_set_increment(CACHE, b("z"), b("c"), f64::NAN, TTL),
            Err(StoreError::InvalidArgument(_))
        ));
    }

    #[test]
    fn union_store_weights_and_aggregates() {
        let store = store();
        store
            .sorted_set_put(CACHE, b("s1"), vec![(b("a"), 1.0), (b("b"), 2.0)], TTL)
            .unwrap();
        store
            .sorted_set_put(CACHE, b("s2"), vec![(b("b"), 3.0), (b("c"), 4.0)], TTL)
            .unwrap();
        store
            .sorted_set_put(CACHE, b("dest"), vec![(b("old"), 9.0)], TTL)
            .unwrap();
        let sources = [(b("s1"), 2.0), (b("s2"), 1.0), (b("nope"), 5.0)];
        let scores = |store: &Store| {
            store
                .sorted_set_get_scores(CACHE, &b("dest"), &[b("a"), b("b"), b("c"), b("old")])
                .unwrap()
                .unwrap()
        };

        let len = store
            .sorted_set_union_store(CACHE, b("dest"), &sources, Aggregate::Sum, 60_000)
            .unwrap();
        assert_eq!(len, 3);
        assert_eq!(scores(&store), [Some(2.0), Some(7.0), Some(4.0), None]);
        store
            .sorted_set_union_store(CACHE, b("dest"), &sources, Aggregate::Min, 60_000)
            .unwrap();
        assert_eq!(scores(&store), [Some(2.0), Some(3.0), Some(4.0), None]);
        store
            .sorted_set_union_store(CACHE, b("dest"), &sources, Aggregate::Max, 60_000)
            .unwrap();
        assert_eq!(scores(&store), [Some(2.0), Some(4.0), Some(4.0), None]);

        let empty = store
            .sorted_set_union_store(
                CACHE,
                b("dest"),
                &[(b("nope"), 1.0)],
                Aggregate::Sum,
                60_000,
            )
            .unwrap();
        assert_eq!(empty, 0);
        assert_eq!(store.sorted_set_length(CACHE, &b("dest")).unwrap(), None);

        assert!(matches!(
            store.sorted_set_union_store(CACHE, b("dest"), &[], Aggregate::Sum, 60_000),
            Err(StoreError::InvalidArgument(_))
        ));
        assert!(matches!(
            store.sorted_set_union_store(
                CACHE,
                b("dest"),
                &[(b("s1"), f32::NAN)],
                Aggregate::Sum,
                60_000
            ),
            Err(StoreError::InvalidArgument(_))
        ));
    }

    #[test]
    fn union_store_sets_ttl_without_refresh_flag() {
        let store = store();
        store
            .sorted_set_put(CACHE, b("s1"), vec![(b("a"), 1.0)], TTL)
            .unwrap();
        store
            .sorted_set_union_store(CACHE, b("dest"), &[(b("s1"), 1.0)], Aggregate::Sum, 50)
            .unwrap();
        assert_eq!(store.sorted_set_length(CACHE, &b("dest")).unwrap(), Some(1));
        sleep(Duration::from_millis(80));
        assert_eq!(store.sorted_set_length(CACHE, &b("dest")).unwrap(), None);
    }

    #[test]
    fn ttl_refresh_rules() {
        let store = store();
        store
            .sorted_set_put(
                CACHE,
                b("z"),
                vec![(b("a"), 1.0)],
                CollectionTtl::new(50, true),
            )
            .unwrap();
        store
            .sorted_set_increment(
                CACHE,
                b("z"),
                b("a"),
                1.0,
                CollectionTtl::new(60_000, false),
            )
            .unwrap();
        sleep(Duration::from_millis(80));
        assert_eq!(store.sorted_set_length(CACHE, &b("z")).unwrap(), None);
    }

    #[test]
    fn wrong_type_and_limits() {
        let store = store_with(StoreConfig {
            max_element_size_bytes: 2,
            ..StoreConfig::default()
        });
        store.set_union(CACHE, b("s"), vec![b("a")], TTL).unwrap();
        assert_eq!(
            store.sorted_set_put(CACHE, b("s"), vec![(b("a"), 1.0)], TTL),
            Err(StoreError::WrongType {
                expected: ItemType::SortedSet,
                found: ItemType::Set
            })
        );
        assert!(matches!(
            store.sorted_set_union_store(CACHE, b("d"), &[(b("s"), 1.0)], Aggregate::Sum, 1000),
            Err(StoreError::WrongType { .. })
        ));
        assert!(matches!(
            store.sorted_set_put(CACHE, b("z"), vec![(b("abc"), 1.0)], TTL),
            Err(StoreError::ElementTooLarge { .. })
        ));
    }
}
