//! The answer shared by fetch by rank and fetch by score (`SortedSetFetch`).

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::sorted_set_fetch_response::SortedSet;
use edgecache_proto::cache_client::sorted_set_fetch_response::found::Elements;

use crate::cache::{miss_error, utf8};
use crate::error::{CacheError, CacheResult};

/// The `(value, score)` pairs a sorted-set fetch selected, in the requested order: the
/// `Hit { value }` of [`SortedSetFetchResponse`], named as in the `momento` crate.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SortedSetElements {
    /// `(value, score)` pairs in the requested order.
    pub elements: Vec<(Vec<u8>, f64)>,
}

impl SortedSetElements {
    /// Wraps `(value, score)` pairs.
    pub fn new(elements: Vec<(Vec<u8>, f64)>) -> Self {
        SortedSetElements { elements }
    }

    /// The pairs with each value as text; fails on a value that is not UTF-8.
    pub fn into_strings(self) -> CacheResult<Vec<(String, f64)>> {
        self.try_into()
    }

    /// How many pairs there are.
    pub fn len(&self) -> usize {
        self.elements.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.elements.is_empty()
    }
}

impl From<SortedSetElements> for Vec<(Vec<u8>, f64)> {
    fn from(value: SortedSetElements) -> Self {
        value.elements
    }
}

impl TryFrom<SortedSetElements> for Vec<(String, f64)> {
    type Error = CacheError;

    fn try_from(value: SortedSetElements) -> CacheResult<Self> {
        value
            .elements
            .into_iter()
            .map(|(value, score)| Ok((utf8("value", value)?, score)))
            .collect()
    }
}

/// The selected elements in the requested order, or a miss.
///
/// `Vec<(Vec<u8>, f64)>` and `Vec<(String, f64)>` convert from it with `TryFrom`; a miss is
/// then an error, see [`crate::cache::sorted_set`].
#[derive(Clone, Debug, PartialEq)]
pub enum SortedSetFetchResponse {
    /// The sorted set exists (the selection may be empty).
    Hit {
        /// `(value, score)` pairs in the requested order.
        value: SortedSetElements,
    },
    /// No sorted set under the key.
    Miss,
}

impl SortedSetFetchResponse {
    /// Reads a `SortedSetFetch` answer. This client always asks for scores, so an answer
    /// without them is unexpected.
    pub(crate) fn from_wire(reply: wire::SortedSetFetchResponse) -> CacheResult<Self> {
        match reply.sorted_set {
            Some(SortedSet::Found(found)) => match found.elements {
                Some(Elements::ValuesWithScores(values)) => Ok(SortedSetFetchResponse::Hit {
                    value: SortedSetElements::new(
                        values
                            .elements
                            .into_iter()
                            .map(|e| (e.value, e.score))
                            .collect(),
                    ),
                }),
                Some(Elements::Values(_)) | None => Err(CacheError::unexpected_reply(
                    "sorted-set-fetch answer has no scores",
                )),
            },
            Some(SortedSet::Missing(_)) => Ok(SortedSetFetchResponse::Miss),
            None => Err(CacheError::unexpected_reply(
                "sorted-set-fetch answer has no result",
            )),
        }
    }
}

impl TryFrom<SortedSetFetchResponse> for Vec<(Vec<u8>, f64)> {
    type Error = CacheError;

    fn try_from(response: SortedSetFetchResponse) -> CacheResult<Self> {
        match response {
            SortedSetFetchResponse::Hit { value } => Ok(value.elements),
            SortedSetFetchResponse::Miss => Err(miss_error("SortedSetFetch")),
        }
    }
}

impl TryFrom<SortedSetFetchResponse> for Vec<(String, f64)> {
    type Error = CacheError;

    fn try_from(response: SortedSetFetchResponse) -> CacheResult<Self> {
        SortedSetElements::new(Vec::try_from(response)?).try_into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use edgecache_proto::cache_client::sorted_set_fetch_response::found::{
        Values, ValuesWithScores,
    };
    use edgecache_proto::cache_client::sorted_set_fetch_response::{Found, Missing};

    fn found(elements: Option<Elements>) -> wire::SortedSetFetchResponse {
        wire::SortedSetFetchResponse {
            sorted_set: Some(SortedSet::Found(Found { elements })),
        }
    }

    #[test]
    fn from_wire() {
        let with_scores = found(Some(Elements::ValuesWithScores(ValuesWithScores {
            elements: vec![wire::SortedSetElement {
                value: b"a".to_vec(),
                score: 1.5,
            }],
        })));
        let hit = SortedSetFetchResponse::from_wire(with_scores).unwrap();
        assert_eq!(
            Vec::<(String, f64)>::try_from(hit).unwrap(),
            [("a".to_string(), 1.5)]
        );
        let miss = wire::SortedSetFetchResponse {
            sorted_set: Some(SortedSet::Missing(Missing {})),
        };
        let miss = SortedSetFetchResponse::from_wire(miss).unwrap();
        assert!(Vec::<(Vec<u8>, f64)>::try_from(miss).is_err());
        for odd in [
            found(None),
            found(Some(Elements::Values(Values { values: vec![] }))),
            wire::SortedSetFetchResponse::default(),
        ] {
            assert!(SortedSetFetchResponse::from_wire(odd).is_err());
        }
    }
}
