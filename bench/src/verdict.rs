//! How a target is judged from repeated measurements: every figure of a target row comes from
//! the same repeats (ours and the peer's point of repeat *i* were measured back to back), and
//! the verdict looks at the whole range over the repeats, not only at the median. "met" and
//! "missed" need every repeat on the same side of the target; anything else is "within noise".

use std::collections::BTreeMap;

use crate::model::{Mix, Point, Runner, Series};

/// The median and the range (min–max) of one figure over the repeats.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Spread {
    pub median: f64,
    pub min: f64,
    pub max: f64,
    pub runs: usize,
}

impl Spread {
    /// `None` for no values (and NaNs are left out: a figure that could not be formed).
    pub fn of(values: impl IntoIterator<Item = f64>) -> Option<Spread> {
        let mut v: Vec<f64> = values.into_iter().filter(|x| !x.is_nan()).collect();
        if v.is_empty() {
            return None;
        }
        v.sort_by(f64::total_cmp);
        let mid = v.len() / 2;
        let median = if v.len() % 2 == 1 {
            v[mid]
        } else {
            (v[mid - 1] + v[mid]) / 2.0
        };
        Some(Spread {
            median,
            min: v[0],
            max: v[v.len() - 1],
            runs: v.len(),
        })
    }

    /// "median (min–max)" with `fmt` for each number; the median alone for one run.
    pub fn show(&self, fmt: impl Fn(f64) -> String) -> String {
        if self.runs > 1 {
            format!("{} ({}–{})", fmt(self.median), fmt(self.min), fmt(self.max))
        } else {
            fmt(self.median)
        }
    }
}

/// Which side of its threshold a figure must be on to meet its target.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Bound {
    AtLeast(f64),
    AtMost(f64),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Met,
    Missed,
    WithinNoise,
    NotMeasured,
}

impl Verdict {
    pub fn label(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Missed => "**missed**",
            Verdict::WithinNoise => "within noise",
            Verdict::NotMeasured => "not measured",
        }
    }
}

impl Bound {
    /// Met only when the whole range clears the threshold, missed only when the whole range
    /// misses it.
    pub fn judge(self, s: Option<Spread>) -> Verdict {
        let Some(s) = s else {
            return Verdict::NotMeasured;
        };
        let (clears, misses) = match self {
            Bound::AtLeast(t) => (s.min >= t, s.max < t),
            Bound::AtMost(t) => (s.max <= t, s.min > t),
        };
        if clears {
            Verdict::Met
        } else if misses {
            Verdict::Missed
        } else {
            Verdict::WithinNoise
        }
    }
}

/// The main sweep's (100-byte) points of one runner at one level, by repeat.
pub fn by_repeat(
    points: &[Point],
    runner: Runner,
    mix: Mix,
    in_flight: usize,
) -> BTreeMap<usize, &Point> {
    points
        .iter()
        .filter(|p| {
            p.series == Series::Main
                && p.runner == runner
                && p.mix == mix
                && p.value_size == 100
                && p.in_flight == in_flight
        })
        .map(|p| (p.repeat, p))
        .collect()
}

/// Ours and the peer's points measured in the same repeat, in repeat order. A repeat where
/// either side failed is left out of both.
pub fn paired<'a>(
    ours: &BTreeMap<usize, &'a Point>,
    peer: &BTreeMap<usize, &'a Point>,
) -> Vec<(&'a Point, &'a Point)> {
    ours.iter()
        .filter_map(|(r, &a)| peer.get(r).map(|&b| (a, b)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spread(values: &[f64]) -> Option<Spread> {
        Spread::of(values.iter().copied())
    }

    #[test]
    fn median_and_range() {
        let s = spread(&[3.0, 1.0, 2.0, 5.0, 4.0]).unwrap();
        assert_eq!((s.median, s.min, s.max, s.runs), (3.0, 1.0, 5.0, 5));
        assert_eq!(spread(&[4.0, 1.0]).unwrap().median, 2.5);
        assert_eq!(spread(&[]), None);
        assert_eq!(spread(&[f64::NAN]), None);
        assert_eq!(
            spread(&[1.0, 2.0, 3.0])
                .unwrap()
                .show(|x| format!("{x:.1}")),
            "2.0 (1.0–3.0)"
        );
        assert_eq!(spread(&[1.0]).unwrap().show(|x| format!("{x:.1}")), "1.0");
    }

    #[test]
    fn met_or_missed_only_when_the_whole_range_is_on_one_side() {
        let at_least = Bound::AtLeast(0.85);
        assert_eq!(at_least.judge(spread(&[0.86, 0.9, 1.2])), Verdict::Met);
        assert_eq!(at_least.judge(spread(&[0.85, 0.9])), Verdict::Met);
        assert_eq!(at_least.judge(spread(&[0.6, 0.84, 0.8])), Verdict::Missed);
        // The old method's case: a median just under the target, a range across it.
        assert_eq!(
            at_least.judge(spread(&[0.7, 0.84, 1.1])),
            Verdict::WithinNoise
        );
        let at_most = Bound::AtMost(1.0);
        assert_eq!(at_most.judge(spread(&[0.5, 1.0])), Verdict::Met);
        assert_eq!(at_most.judge(spread(&[1.01, 3.0])), Verdict::Missed);
        assert_eq!(at_most.judge(spread(&[0.9, 1.1])), Verdict::WithinNoise);
        assert_eq!(at_most.judge(None), Verdict::NotMeasured);
    }
}
