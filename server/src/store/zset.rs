//! `SortedSet`: elements ordered by (score, value bytes), with O(1) score lookup by value.

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};

use bytes::Bytes;

/// Iteration order of a sorted set. Descending is the exact reverse of ascending, ties included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortOrder {
    #[default]
    Ascending,
    Descending,
}

/// One end of a score range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ScoreBound {
    Unbounded,
    Inclusive(f64),
    Exclusive(f64),
}

impl ScoreBound {
    fn is_nan(self) -> bool {
        match self {
            ScoreBound::Unbounded => false,
            ScoreBound::Inclusive(s) | ScoreBound::Exclusive(s) => s.is_nan(),
        }
    }

    fn admits_as_min(self, score: f64) -> bool {
        match self {
            ScoreBound::Unbounded => true,
            ScoreBound::Inclusive(min) => score >= min,
            ScoreBound::Exclusive(min) => score > min,
        }
    }

    fn admits_as_max(self, score: f64) -> bool {
        match self {
            ScoreBound::Unbounded => true,
            ScoreBound::Inclusive(max) => score <= max,
            ScoreBound::Exclusive(max) => score < max,
        }
    }
}

/// A score that is never NaN, so `total_cmp` agrees with the numeric order. `-0.0` is folded
/// into `0.0` on the way in, otherwise `total_cmp` would rank it below `0.0`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Score(f64);

impl Score {
    fn new(score: f64) -> Self {
        Score(if score == 0.0 { 0.0 } else { score })
    }
}

impl PartialEq for Score {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Score {}

impl PartialOrd for Score {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Score {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.total_cmp(&other.0)
    }
}

#[derive(Debug, Clone, Default)]
pub(crate) struct SortedSet {
    scores: HashMap<Bytes, Score>,
    ordered: BTreeSet<(Score, Bytes)>,
}

impl SortedSet {
    pub(crate) fn len(&self) -> usize {
        self.scores.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.scores.is_empty()
    }

    pub(crate) fn score(&self, value: &[u8]) -> Option<f64> {
        self.scores.get(value).map(|s| s.0)
    }

    /// Inserts or re-scores `value`. Callers reject NaN before getting here; a NaN that slips
    /// through is stored as 0 rather than corrupting the order.
    pub(crate) fn insert(&mut self, value: Bytes, score: f64) {
        let score = Score::new(if score.is_nan() { 0.0 } else { score });
        if let Some(old) = self.scores.insert(value.clone(), score) {
            self.ordered.remove(&(old, value.clone()));
        }
        self.ordered.insert((score, value));
    }

    pub(crate) fn remove(&mut self, value: &[u8]) -> bool {
        match self.scores.remove_entry(value) {
            Some((value, score)) => {
                self.ordered.remove(&(score, value));
                true
            }
            None => false,
        }
    }

    pub(crate) fn iter_ascending(&self) -> impl DoubleEndedIterator<Item = (&Bytes, f64)> {
        self.ordered.iter().map(|(score, value)| (value, score.0))
    }

    /// Elements in `order`, as owned pairs.
    fn in_order(&self, order: SortOrder) -> Box<dyn Iterator<Item = (&Bytes, f64)> + '_> {
        match order {
            SortOrder::Ascending => Box::new(self.iter_ascending()),
            SortOrder::Descending => Box::new(self.iter_ascending().rev()),
        }
    }

    /// Zero-based rank of `value` when the set is walked in `order`.
    pub(crate) fn rank(&self, value: &[u8], order: SortOrder) -> Option<usize> {
        let (stored, score) = self.scores.get_key_value(value)?;
        let below = self.ordered.range(..(*score, stored.clone())).count();
        Some(match order {
            SortOrder::Ascending => below,
            SortOrder::Descending => self.len().saturating_sub(below).saturating_sub(1),
        })
    }

    /// The elements whose rank (in `order`) falls in `ranks`.
    pub(crate) fn by_rank(
        &self,
        order: SortOrder,
        ranks: std::ops::Range<usize>,
    ) -> Vec<(Bytes, f64)> {
        let count = ranks.end.saturating_sub(ranks.start);
        self.in_order(order)
            .skip(ranks.start)
            .take(count)
            .map(|(value, score)| (value.clone(), score))
            .collect()
    }

    /// The elements within `[min, max]` (each end as the bound says), in `order`, after skipping
    /// `offset` of them and keeping at most `limit` (all when `None`).
    pub(crate) fn by_score(
        &self,
        order: SortOrder,
        min: ScoreBound,
        max: ScoreBound,
        offset: usize,
        limit: Option<usize>,
    ) -> Vec<(Bytes, f64)> {
        self.matching(order, min, max)
            .skip(offset)
            .take(limit.unwrap_or(usize::MAX))
            .map(|(value, score)| (value.clone(), score))
            .collect()
    }

    pub(crate) fn count_by_score(&self, min: ScoreBound, max: ScoreBound) -> usize {
        self.matching(SortOrder::Ascending, min, max).count()
    }

    fn matching(
        &self,
        order: SortOrder,
        min: ScoreBound,
        max: ScoreBound,
    ) -> impl Iterator<Item = (&Bytes, f64)> {
        // The walk starts at the end the order begins with, skips what lies beyond that end's
        // bound and stops at the first element past the other bound.
        self.in_order(order)
            .skip_while(move |(_, score)| match order {
                SortOrder::Ascending => !min.admits_as_min(*score),
                SortOrder::Descending => !max.admits_as_max(*score),
            })
            .take_while(move |(_, score)| match order {
                SortOrder::Ascending => max.admits_as_max(*score),
                SortOrder::Descending => min.admits_as_min(*score),
            })
    }
}

/// Whether either bound is NaN, which no score can be compared with.
pub(crate) fn bounds_have_nan(min: ScoreBound, max: ScoreBound) -> bool {
    min.is_nan() || max.is_nan()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> SortedSet {
        let mut z = SortedSet::default();
        for (value, score) in [("b", 1.0), ("a", 1.0), ("c", 0.5), ("d", 3.0), ("e", -2.0)] {
            z.insert(Bytes::from(value), score);
        }
        z
    }

    fn values(elements: &[(Bytes, f64)]) -> Vec<&str> {
        elements
            .iter()
            .map(|(v, _)| std::str::from_utf8(v).unwrap())
            .collect()
    }

    #[test]
    fn orders_by_score_then_value_bytes() {
        let z = sample();
        let all = z.by_rank(SortOrder::Ascending, 0..z.len());
        assert_eq!(values(&all), ["e", "c", "a", "b", "d"]);
        let desc = z.by_rank(SortOrder::Descending, 0..z.len());
        assert_eq!(values(&desc), ["d", "b", "a", "c", "e"]);
    }

    #[test]
    fn reinsert_moves_the_element() {
        let mut z = sample();
        z.insert(Bytes::from("e"), 10.0);
        assert_eq!(z.len(), 5);
        assert_eq!(z.score(b"e"), Some(10.0));
        assert_eq!(z.rank(b"e", SortOrder::Ascending), Some(4));
        assert_eq!(z.rank(b"e", SortOrder::Descending), Some(0));
        assert!(z.remove(b"e"));
        assert!(!z.remove(b"e"));
        assert_eq!(z.len(), 4);
        assert_eq!(z.rank(b"e", SortOrder::Ascending), None);
    }

    #[test]
    fn negative_zero_equals_zero() {
        let mut z = SortedSet::default();
        z.insert(Bytes::from("b"), -0.0);
        z.insert(Bytes::from("a"), 0.0);
        assert_eq!(z.rank(b"a", SortOrder::Ascending), Some(0));
        assert_eq!(
            z.count_by_score(ScoreBound::Inclusive(0.0), ScoreBound::Inclusive(0.0)),
            2
        );
    }

    #[test]
    fn score_ranges_respect_bounds_order_offset_and_limit() {
        let z = sample();
        let inc = z.by_score(
            SortOrder::Ascending,
            ScoreBound::Inclusive(0.5),
            ScoreBound::Inclusive(1.0),
            0,
            None,
        );
        assert_eq!(values(&inc), ["c", "a", "b"]);
        let exc = z.by_score(
            SortOrder::Ascending,
            ScoreBound::Exclusive(0.5),
            ScoreBound::Exclusive(3.0),
            0,
            None,
        );
        assert_eq!(values(&exc), ["a", "b"]);
        let desc = z.by_score(
            SortOrder::Descending,
            ScoreBound::Unbounded,
            ScoreBound::Inclusive(1.0),
            1,
            Some(2),
        );
        assert_eq!(values(&desc), ["a", "c"]);
        let past = z.by_score(
            SortOrder::Ascending,
            ScoreBound::Unbounded,
            ScoreBound::Unbounded,
            99,
            None,
        );
        assert!(past.is_empty());
        assert_eq!(
            z.count_by_score(ScoreBound::Exclusive(1.0), ScoreBound::Unbounded),
            1
        );
        assert!(bounds_have_nan(
            ScoreBound::Inclusive(f64::NAN),
            ScoreBound::Unbounded
        ));
    }
}
