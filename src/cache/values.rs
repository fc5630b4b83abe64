//! [`Values`], the elements a list or set fetch returns.

use std::collections::HashSet;

use crate::cache::utf8_all;
use crate::error::{CacheError, CacheResult};

/// The elements of a list (in order) or of a set: the `Hit { values }` of
/// [`ListFetchResponse`](crate::cache::ListFetchResponse) and
/// [`SetFetchResponse`](crate::cache::SetFetchResponse).
///
/// Reads like the `Vec<Vec<u8>>` it holds; converts into `Vec<Vec<u8>>` or
/// `HashSet<Vec<u8>>` with `From`, and into `Vec<String>` or `HashSet<String>` with `TryFrom`
/// (failing on an element that is not UTF-8), as the `momento` crate's fetch values do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Values(Vec<Vec<u8>>);

impl Values {
    /// Wraps elements.
    pub fn new(values: Vec<Vec<u8>>) -> Self {
        Values(values)
    }

    /// The elements, owned.
    pub fn into_vec(self) -> Vec<Vec<u8>> {
        self.0
    }
}

impl std::ops::Deref for Values {
    type Target = Vec<Vec<u8>>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl From<Vec<Vec<u8>>> for Values {
    fn from(values: Vec<Vec<u8>>) -> Self {
        Values(values)
    }
}

impl From<Values> for Vec<Vec<u8>> {
    fn from(values: Values) -> Self {
        values.0
    }
}

impl From<Values> for HashSet<Vec<u8>> {
    fn from(values: Values) -> Self {
        values.0.into_iter().collect()
    }
}

impl TryFrom<Values> for Vec<String> {
    type Error = CacheError;

    fn try_from(values: Values) -> CacheResult<Self> {
        utf8_all("value", values.0)
    }
}

impl TryFrom<Values> for HashSet<String> {
    type Error = CacheError;

    fn try_from(values: Values) -> CacheResult<Self> {
        Ok(utf8_all("value", values.0)?.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions() {
        let values = Values::new(vec![b"a".to_vec(), b"b".to_vec(), b"a".to_vec()]);
        assert_eq!(values.len(), 3);
        assert_eq!(
            Vec::<String>::try_from(values.clone()).unwrap(),
            ["a", "b", "a"]
        );
        assert_eq!(
            HashSet::<String>::try_from(values.clone()).unwrap().len(),
            2
        );
        assert_eq!(HashSet::<Vec<u8>>::from(values.clone()).len(), 2);
        assert_eq!(Vec::<Vec<u8>>::from(values).len(), 3);
        let err = Vec::<String>::try_from(Values::new(vec![vec![0xff]])).unwrap_err();
        assert!(
            err.message.starts_with("value 0 is not valid UTF-8"),
            "{}",
            err.message
        );
    }
}
