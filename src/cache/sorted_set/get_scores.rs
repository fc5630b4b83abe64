//! `SortedSetGetScore`: read the scores of some values, or one.

use std::collections::HashMap;

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::sorted_set_get_score_response::{
    SortedSet, SortedSetGetScoreResponsePart,
};

use super::NAME;
use crate::cache::{
    IntoBytes, MomentoRequest, Prepared, RequestDefaults, hit_conversion, key, miss_error,
    non_empty, utf8,
};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Reads the scores of several values of a sorted set. Each value gets its own hit or miss,
/// in request order.
#[derive(Clone, Debug)]
pub struct SortedSetGetScoresRequest {
    cache_name: String,
    sorted_set_name: Vec<u8>,
    values: Vec<Vec<u8>>,
}

impl SortedSetGetScoresRequest {
    /// Reads the scores of `values` (at least one) in `sorted_set_name`.
    pub fn new<V: IntoBytes>(
        cache_name: impl Into<String>,
        sorted_set_name: impl IntoBytes,
        values: impl IntoIterator<Item = V>,
    ) -> Self {
        SortedSetGetScoresRequest {
            cache_name: cache_name.into(),
            sorted_set_name: sorted_set_name.into_bytes(),
            values: values.into_iter().map(IntoBytes::into_bytes).collect(),
        }
    }
}

/// One answer per requested value, or a miss when the sorted set does not exist.
///
/// `HashMap<Vec<u8>, f64>` and `HashMap<String, f64>` of the values that hit convert from it
/// with `TryFrom`; a miss is then an error, see [`crate::cache::sorted_set`].
#[derive(Clone, Debug, PartialEq)]
pub enum SortedSetGetScoresResponse {
    /// The sorted set exists.
    Hit {
        /// The requested values, in request order.
        values: Vec<Vec<u8>>,
        /// `responses[i]` answers `values[i]`.
        responses: Vec<SortedSetGetScoreResponse>,
    },
    /// No sorted set under the key.
    Miss,
}

impl SortedSetGetScoresResponse {
    fn hits(self) -> CacheResult<impl Iterator<Item = (Vec<u8>, f64)>> {
        match self {
            SortedSetGetScoresResponse::Hit { values, responses } => Ok(values
                .into_iter()
                .zip(responses)
                .filter_map(|(value, response)| match response {
                    SortedSetGetScoreResponse::Hit { score } => Some((value, score)),
                    SortedSetGetScoreResponse::Miss => None,
                })),
            SortedSetGetScoresResponse::Miss => Err(miss_error("SortedSetGetScores")),
        }
    }
}

impl TryFrom<SortedSetGetScoresResponse> for HashMap<Vec<u8>, f64> {
    type Error = CacheError;

    /// The values that hit and their scores.
    fn try_from(response: SortedSetGetScoresResponse) -> CacheResult<Self> {
        Ok(response.hits()?.collect())
    }
}

impl TryFrom<SortedSetGetScoresResponse> for HashMap<String, f64> {
    type Error = CacheError;

    /// The values that hit, as text, and their scores.
    fn try_from(response: SortedSetGetScoresResponse) -> CacheResult<Self> {
        response
            .hits()?
            .map(|(value, score)| Ok((utf8("value", value)?, score)))
            .collect()
    }
}

/// One value of a sorted set with its score, as the `momento` crate names the pair.
#[derive(Clone, Debug, PartialEq)]
pub struct SortedSetElement<V> {
    /// The value.
    pub value: V,
    /// Its score.
    pub score: f64,
}

impl TryFrom<SortedSetGetScoresResponse> for Vec<SortedSetElement<Vec<u8>>> {
    type Error = CacheError;

    /// The values that hit with their scores, in request order.
    fn try_from(response: SortedSetGetScoresResponse) -> CacheResult<Self> {
        Ok(response
            .hits()?
            .map(|(value, score)| SortedSetElement { value, score })
            .collect())
    }
}

impl TryFrom<SortedSetGetScoresResponse> for Vec<SortedSetElement<String>> {
    type Error = CacheError;

    /// The values that hit, as text, with their scores, in request order.
    fn try_from(response: SortedSetGetScoresResponse) -> CacheResult<Self> {
        response
            .hits()?
            .map(|(value, score)| {
                Ok(SortedSetElement {
                    value: utf8("value", value)?,
                    score,
                })
            })
            .collect()
    }
}

impl MomentoRequest for SortedSetGetScoresRequest {
    type Response = SortedSetGetScoresResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<SortedSetGetScoresResponse>> {
        let values = non_empty("values", self.values)?;
        let request = wire::SortedSetGetScoreRequest {
            set_name: key(NAME, self.sorted_set_name)?,
            values: values.clone(),
        };
        Prepared::unary(
            rpc::SORTED_SET_GET_SCORE,
            &self.cache_name,
            request,
            move |reply: wire::SortedSetGetScoreResponse| match reply.sorted_set {
                Some(SortedSet::Found(found)) => {
                    if found.elements.len() != values.len() {
                        return Err(CacheError::unexpected_reply(format!(
                            "{} answers for {} values",
                            found.elements.len(),
                            values.len()
                        )));
                    }
                    let responses = found
                        .elements
                        .into_iter()
                        .map(SortedSetGetScoreResponse::from_part)
                        .collect::<CacheResult<_>>()?;
                    Ok(SortedSetGetScoresResponse::Hit { values, responses })
                }
                Some(SortedSet::Missing(_)) => Ok(SortedSetGetScoresResponse::Miss),
                None => Err(CacheError::unexpected_reply(
                    "sorted-set-get-score answer has no result",
                )),
            },
        )
    }
}

/// Reads the score of one value of a sorted set.
#[derive(Clone, Debug)]
pub struct SortedSetGetScoreRequest {
    inner: SortedSetGetScoresRequest,
}

impl SortedSetGetScoreRequest {
    /// Reads the score of `value` in `sorted_set_name`.
    pub fn new(
        cache_name: impl Into<String>,
        sorted_set_name: impl IntoBytes,
        value: impl IntoBytes,
    ) -> Self {
        SortedSetGetScoreRequest {
            inner: SortedSetGetScoresRequest::new(cache_name, sorted_set_name, [value]),
        }
    }
}

/// The value's score, or a miss (when the value or the whole sorted set is absent).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum SortedSetGetScoreResponse {
    /// The value is a member.
    Hit {
        /// Its score.
        score: f64,
    },
    /// The value (or the sorted set) does not exist.
    Miss,
}

hit_conversion!(SortedSetGetScoreResponse, score: f64, "SortedSetGetScore");

impl SortedSetGetScoreResponse {
    /// The score on a hit.
    pub fn score(&self) -> Option<f64> {
        match self {
            SortedSetGetScoreResponse::Hit { score } => Some(*score),
            SortedSetGetScoreResponse::Miss => None,
        }
    }

    fn from_part(part: SortedSetGetScoreResponsePart) -> CacheResult<Self> {
        match wire::ECacheResult::try_from(part.result) {
            Ok(wire::ECacheResult::Hit) => Ok(SortedSetGetScoreResponse::Hit { score: part.score }),
            Ok(wire::ECacheResult::Miss) => Ok(SortedSetGetScoreResponse::Miss),
            _ => Err(CacheError::unexpected_reply(format!(
                "sorted-set score result {}",
                part.result
            ))),
        }
    }
}

impl MomentoRequest for SortedSetGetScoreRequest {
    type Response = SortedSetGetScoreResponse;

    fn prepare(
        self,
        defaults: &RequestDefaults,
    ) -> CacheResult<Prepared<SortedSetGetScoreResponse>> {
        // The inner decoder has already checked there is exactly one answer.
        Ok(self.inner.prepare(defaults)?.map(|reply| match reply {
            SortedSetGetScoresResponse::Hit { responses, .. } => responses
                .into_iter()
                .next()
                .unwrap_or(SortedSetGetScoreResponse::Miss),
            SortedSetGetScoresResponse::Miss => SortedSetGetScoreResponse::Miss,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::test_support::{answer, prepare, rejected};
    use edgecache_proto::cache_client::sorted_set_get_score_response::SortedSetFound;

    fn found(parts: Vec<(wire::ECacheResult, f64)>) -> wire::SortedSetGetScoreResponse {
        wire::SortedSetGetScoreResponse {
            sorted_set: Some(SortedSet::Found(SortedSetFound {
                elements: parts
                    .into_iter()
                    .map(|(result, score)| SortedSetGetScoreResponsePart {
                        result: result as i32,
                        score,
                    })
                    .collect(),
            })),
        }
    }

    #[test]
    fn per_value_answers() {
        let prepared = prepare(SortedSetGetScoresRequest::new("c", "z", ["a", "b"]));
        let reply = found(vec![
            (wire::ECacheResult::Miss, 0.0),
            (wire::ECacheResult::Hit, 2.5),
        ]);
        let response = answer(prepared, reply).unwrap();
        let scores: HashMap<String, f64> = response.clone().try_into().unwrap();
        assert_eq!(scores, HashMap::from([("b".to_string(), 2.5)]));
        let elements: Vec<SortedSetElement<String>> = response.clone().try_into().unwrap();
        let b = SortedSetElement {
            value: "b".to_string(),
            score: 2.5,
        };
        assert_eq!(elements, [b]);
        let elements: Vec<SortedSetElement<Vec<u8>>> = response.try_into().unwrap();
        assert_eq!(elements[0].value, b"b");
        let miss: CacheResult<Vec<SortedSetElement<String>>> =
            SortedSetGetScoresResponse::Miss.try_into();
        assert!(miss.unwrap_err().message.starts_with("miss:"));

        let prepared = prepare(SortedSetGetScoreRequest::new("c", "z", "a"));
        let reply = found(vec![(wire::ECacheResult::Hit, -1.0)]);
        assert_eq!(answer(prepared, reply).unwrap().score(), Some(-1.0));

        let prepared = prepare(SortedSetGetScoresRequest::new("c", "z", ["a", "b"]));
        assert!(answer(prepared, found(vec![(wire::ECacheResult::Hit, 1.0)])).is_err());
        let prepared = prepare(SortedSetGetScoreRequest::new("c", "z", "a"));
        assert!(answer(prepared, found(vec![(wire::ECacheResult::Invalid, 1.0)])).is_err());

        rejected(
            SortedSetGetScoresRequest::new("c", "z", Vec::<&str>::new()),
            "values",
        );
    }
}
