//! `SetContains`: test elements for membership, or one.

use std::collections::HashMap;

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::set_contains_response::Set;

use super::NAME;
use crate::cache::{IntoBytes, MomentoRequest, Prepared, RequestDefaults, key, non_empty};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Asks which of some elements are in a set.
#[derive(Clone, Debug)]
pub struct SetContainsElementsRequest {
    cache_name: String,
    set_name: Vec<u8>,
    elements: Vec<Vec<u8>>,
}

impl SetContainsElementsRequest {
    /// Tests each of `elements` (at least one) against `set_name`.
    pub fn new<E: IntoBytes>(
        cache_name: impl Into<String>,
        set_name: impl IntoBytes,
        elements: impl IntoIterator<Item = E>,
    ) -> Self {
        SetContainsElementsRequest {
            cache_name: cache_name.into(),
            set_name: set_name.into_bytes(),
            elements: elements.into_iter().map(IntoBytes::into_bytes).collect(),
        }
    }
}

/// Membership per element, or a miss when the set does not exist.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetContainsElementsResponse {
    /// The set exists.
    Hit {
        /// The tested elements, in request order.
        elements: Vec<Vec<u8>>,
        /// `contains[i]` is true when `elements[i]` is a member.
        contains: Vec<bool>,
    },
    /// No set under the key.
    Miss,
}

impl SetContainsElementsResponse {
    /// Each tested element and whether it is a member; empty on a miss.
    pub fn contains_map(&self) -> HashMap<Vec<u8>, bool> {
        match self {
            SetContainsElementsResponse::Hit { elements, contains } => elements
                .iter()
                .cloned()
                .zip(contains.iter().copied())
                .collect(),
            SetContainsElementsResponse::Miss => HashMap::new(),
        }
    }
}

impl MomentoRequest for SetContainsElementsRequest {
    type Response = SetContainsElementsResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<SetContainsElementsResponse>> {
        let elements = non_empty("elements", self.elements)?;
        let request = wire::SetContainsRequest {
            set_name: key(NAME, self.set_name)?,
            elements: elements.clone(),
        };
        Prepared::unary(
            rpc::SET_CONTAINS,
            &self.cache_name,
            request,
            move |reply: wire::SetContainsResponse| match reply.set {
                Some(Set::Found(found)) if found.contains.len() == elements.len() => {
                    Ok(SetContainsElementsResponse::Hit {
                        elements,
                        contains: found.contains,
                    })
                }
                Some(Set::Found(found)) => Err(CacheError::unexpected_reply(format!(
                    "{} answers for {} elements",
                    found.contains.len(),
                    elements.len()
                ))),
                Some(Set::Missing(_)) => Ok(SetContainsElementsResponse::Miss),
                None => Err(CacheError::unexpected_reply(
                    "set-contains answer has no result",
                )),
            },
        )
    }
}

/// Asks whether one element is in a set.
#[derive(Clone, Debug)]
pub struct SetContainsElementRequest {
    inner: SetContainsElementsRequest,
}

impl SetContainsElementRequest {
    /// Tests `element` against `set_name`.
    pub fn new(
        cache_name: impl Into<String>,
        set_name: impl IntoBytes,
        element: impl IntoBytes,
    ) -> Self {
        SetContainsElementRequest {
            inner: SetContainsElementsRequest::new(cache_name, set_name, [element]),
        }
    }
}

/// Whether the element is a member, or a miss when the set does not exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SetContainsElementResponse {
    /// The set exists.
    Hit {
        /// True when the element is a member.
        contains: bool,
    },
    /// No set under the key.
    Miss,
}

impl MomentoRequest for SetContainsElementRequest {
    type Response = SetContainsElementResponse;

    fn prepare(
        self,
        defaults: &RequestDefaults,
    ) -> CacheResult<Prepared<SetContainsElementResponse>> {
        // The inner decoder has already checked there is exactly one flag.
        Ok(self.inner.prepare(defaults)?.map(|reply| match reply {
            SetContainsElementsResponse::Hit { contains, .. } => SetContainsElementResponse::Hit {
                contains: contains.first() == Some(&true),
            },
            SetContainsElementsResponse::Miss => SetContainsElementResponse::Miss,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::test_support::{answer, prepare, rejected};
    use edgecache_proto::cache_client::set_contains_response::Found;

    fn found(contains: Vec<bool>) -> wire::SetContainsResponse {
        wire::SetContainsResponse {
            set: Some(Set::Found(Found { contains })),
        }
    }

    #[test]
    fn answers_are_aligned_with_the_request() {
        let prepared = prepare(SetContainsElementsRequest::new("c", "s", ["a", "b"]));
        let response = answer(prepared, found(vec![true, false])).unwrap();
        let map = response.contains_map();
        assert!(map[&b"a".to_vec()]);
        assert!(!map[&b"b".to_vec()]);

        let prepared = prepare(SetContainsElementsRequest::new("c", "s", ["a", "b"]));
        assert!(answer(prepared, found(vec![true])).is_err());

        let prepared = prepare(SetContainsElementRequest::new("c", "s", "a"));
        assert_eq!(
            answer(prepared, found(vec![true])).unwrap(),
            SetContainsElementResponse::Hit { contains: true }
        );
        rejected(
            SetContainsElementsRequest::new("c", "s", Vec::<&str>::new()),
            "elements",
        );
    }
}
