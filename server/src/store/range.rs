//! Python-style slice resolution shared by list slices and sorted-set rank ranges.

use std::ops::Range;

/// Resolves `[start:end]` against a sequence of `len` elements the way Python slices do:
/// `None` means the matching end of the sequence, negative indexes count from the back, both
/// ends clamp to the sequence, and a start at or past the end gives an empty range.
pub(crate) fn slice(len: usize, start: Option<i32>, end: Option<i32>) -> Range<usize> {
    let resolve = |index: i32| -> usize {
        if index >= 0 {
            usize::try_from(index).unwrap_or(usize::MAX).min(len)
        } else {
            let back = usize::try_from(index.unsigned_abs()).unwrap_or(usize::MAX);
            len.saturating_sub(back)
        }
    };
    let first = start.map_or(0, resolve);
    let last = end.map_or(len, resolve);
    if first >= last {
        first..first
    } else {
        first..last
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(len: usize, start: Option<i32>, end: Option<i32>) -> Vec<usize> {
        slice(len, start, end).collect()
    }

    #[test]
    fn protocol_examples_on_ten_elements() {
        assert_eq!(apply(10, Some(5), None), [5, 6, 7, 8, 9]);
        assert_eq!(apply(10, Some(-5), None), [5, 6, 7, 8, 9]);
        assert_eq!(apply(10, Some(0), Some(-5)), [0, 1, 2, 3, 4]);
        assert_eq!(apply(10, Some(2), Some(-6)), [2, 3]);
        assert_eq!(apply(10, Some(-7), Some(-2)), [3, 4, 5, 6, 7]);
        assert!(apply(10, Some(5), Some(0)).is_empty());
        assert!(apply(10, Some(-2), Some(-6)).is_empty());
        assert_eq!(apply(10, None, None), (0..10).collect::<Vec<_>>());
    }

    #[test]
    fn one_element_and_clamping() {
        assert_eq!(apply(1, Some(-1), Some(1)), [0]);
        assert!(apply(1, Some(0), Some(-1)).is_empty());
        assert_eq!(apply(3, Some(-100), Some(100)), [0, 1, 2]);
        assert!(apply(3, Some(10), None).is_empty());
        assert!(apply(0, None, None).is_empty());
        assert_eq!(apply(4, Some(i32::MIN), Some(i32::MAX)), [0, 1, 2, 3]);
        assert!(apply(4, Some(i32::MAX), Some(i32::MIN)).is_empty());
    }
}
