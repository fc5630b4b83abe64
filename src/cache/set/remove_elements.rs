//! `SetDifference`: remove elements from a set.

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::set_difference_request::subtrahend::{
    Set as Elements, SubtrahendSet,
};
use edgecache_proto::cache_client::set_difference_request::{Difference, Subtrahend};
use edgecache_proto::cache_client::set_difference_response::Set;

use super::NAME;
use crate::cache::{IntoBytes, MomentoRequest, Prepared, RequestDefaults, key, non_empty};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Removes elements from a set. Absent elements and sets are fine; a set left empty is
/// deleted.
#[derive(Clone, Debug)]
pub struct SetRemoveElementsRequest {
    cache_name: String,
    set_name: Vec<u8>,
    elements: Vec<Vec<u8>>,
}

impl SetRemoveElementsRequest {
    /// Removes `elements` (at least one) from `set_name`.
    pub fn new<E: IntoBytes>(
        cache_name: impl Into<String>,
        set_name: impl IntoBytes,
        elements: impl IntoIterator<Item = E>,
    ) -> Self {
        SetRemoveElementsRequest {
            cache_name: cache_name.into(),
            set_name: set_name.into_bytes(),
            elements: elements.into_iter().map(IntoBytes::into_bytes).collect(),
        }
    }
}

/// The elements are not in the set (whether or not the set existed).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetRemoveElementsResponse {}

impl MomentoRequest for SetRemoveElementsRequest {
    type Response = SetRemoveElementsResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<SetRemoveElementsResponse>> {
        let subtrahend = Subtrahend {
            subtrahend_set: Some(SubtrahendSet::Set(Elements {
                elements: non_empty("elements", self.elements)?,
            })),
        };
        let request = wire::SetDifferenceRequest {
            set_name: key(NAME, self.set_name)?,
            difference: Some(Difference::Subtrahend(subtrahend)),
        };
        Prepared::unary(
            rpc::SET_DIFFERENCE,
            &self.cache_name,
            request,
            |reply: wire::SetDifferenceResponse| match reply.set {
                // Found and missing both mean the elements are gone.
                Some(Set::Found(_) | Set::Missing(_)) => Ok(SetRemoveElementsResponse {}),
                None => Err(CacheError::unexpected_reply(
                    "set-difference answer has no result",
                )),
            },
        )
    }
}

/// Removes one element from a set.
#[derive(Clone, Debug)]
pub struct SetRemoveElementRequest {
    inner: SetRemoveElementsRequest,
}

impl SetRemoveElementRequest {
    /// Removes `element` from `set_name`.
    pub fn new(
        cache_name: impl Into<String>,
        set_name: impl IntoBytes,
        element: impl IntoBytes,
    ) -> Self {
        SetRemoveElementRequest {
            inner: SetRemoveElementsRequest::new(cache_name, set_name, [element]),
        }
    }
}

/// The element is not in the set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SetRemoveElementResponse {}

impl MomentoRequest for SetRemoveElementRequest {
    type Response = SetRemoveElementResponse;

    fn prepare(
        self,
        defaults: &RequestDefaults,
    ) -> CacheResult<Prepared<SetRemoveElementResponse>> {
        Ok(self
            .inner
            .prepare(defaults)?
            .map(|_| SetRemoveElementResponse {}))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cache::test_support::{answer, prepare, rejected, sent};
    use edgecache_proto::cache_client::set_difference_response::{Found, Missing};

    #[test]
    fn subtrahend_on_the_wire_and_both_answers_succeed() {
        let prepared = prepare(SetRemoveElementRequest::new("c", "s", "e"));
        let (path, request): (_, wire::SetDifferenceRequest) = sent(&prepared);
        assert_eq!(path, "/cache_client.Scs/SetDifference");
        let Some(Difference::Subtrahend(Subtrahend {
            subtrahend_set: Some(SubtrahendSet::Set(set)),
        })) = request.difference
        else {
            panic!("expected a subtrahend set");
        };
        assert_eq!(set.elements, [b"e".to_vec()]);
        for set in [Set::Found(Found {}), Set::Missing(Missing {})] {
            let prepared = prepare(SetRemoveElementRequest::new("c", "s", "e"));
            let reply = wire::SetDifferenceResponse { set: Some(set) };
            assert!(answer(prepared, reply).is_ok());
        }
        let prepared = prepare(SetRemoveElementRequest::new("c", "s", "e"));
        assert!(answer(prepared, wire::SetDifferenceResponse::default()).is_err());
        rejected(
            SetRemoveElementsRequest::new("c", "s", Vec::<&str>::new()),
            "elements",
        );
    }
}
