//! Set-family handlers.

use edgecache_proto::cache_client::{
    SetContainsRequest, SetContainsResponse, SetDifferenceRequest, SetDifferenceResponse,
    SetFetchRequest, SetFetchResponse, SetLengthRequest, SetLengthResponse, SetPopRequest,
    SetPopResponse, SetSampleRequest, SetSampleResponse, SetUnionRequest, SetUnionResponse,
    set_contains_response, set_difference_request, set_difference_response, set_fetch_response,
    set_length_response, set_pop_response, set_sample_response,
};
use tonic::Status;

use super::status::unset_oneof;
use super::{all_bytes, all_vecs, collection_ttl, len32, to_bytes};
use crate::store::{SetDifference, Store};

pub(super) fn set_union(
    store: &Store,
    cache: &str,
    req: SetUnionRequest,
) -> Result<SetUnionResponse, Status> {
    store.set_union(
        cache,
        to_bytes(req.set_name),
        all_bytes(req.elements),
        collection_ttl(req.ttl_milliseconds, req.refresh_ttl),
    )?;
    Ok(SetUnionResponse {})
}

pub(super) fn set_difference(
    store: &Store,
    cache: &str,
    req: SetDifferenceRequest,
) -> Result<SetDifferenceResponse, Status> {
    use set_difference_request::Difference;
    use set_difference_request::subtrahend::SubtrahendSet;
    let difference = match req.difference.ok_or_else(|| unset_oneof("difference"))? {
        Difference::Minuend(minuend) => SetDifference::Minuend(all_bytes(minuend.elements)),
        Difference::Subtrahend(subtrahend) => match subtrahend
            .subtrahend_set
            .ok_or_else(|| unset_oneof("subtrahend_set"))?
        {
            SubtrahendSet::Set(set) => SetDifference::Subtract(all_bytes(set.elements)),
            SubtrahendSet::Identity(_) => SetDifference::Identity,
        },
    };
    let set = if store.set_difference(cache, to_bytes(req.set_name), difference)? {
        set_difference_response::Set::Found(set_difference_response::Found {})
    } else {
        set_difference_response::Set::Missing(set_difference_response::Missing {})
    };
    Ok(SetDifferenceResponse { set: Some(set) })
}

pub(super) fn set_fetch(
    store: &Store,
    cache: &str,
    req: SetFetchRequest,
) -> Result<SetFetchResponse, Status> {
    let set = match store.set_fetch(cache, &to_bytes(req.set_name))? {
        Some(elements) => set_fetch_response::Set::Found(set_fetch_response::Found {
            elements: all_vecs(elements),
        }),
        None => set_fetch_response::Set::Missing(set_fetch_response::Missing {}),
    };
    Ok(SetFetchResponse { set: Some(set) })
}

pub(super) fn set_sample(
    store: &Store,
    cache: &str,
    req: SetSampleRequest,
) -> Result<SetSampleResponse, Status> {
    let set = match store.set_sample(cache, &to_bytes(req.set_name), req.limit)? {
        Some(elements) => set_sample_response::Set::Found(set_sample_response::Found {
            elements: all_vecs(elements),
        }),
        None => set_sample_response::Set::Missing(set_sample_response::Missing {}),
    };
    Ok(SetSampleResponse { set: Some(set) })
}

pub(super) fn set_contains(
    store: &Store,
    cache: &str,
    req: SetContainsRequest,
) -> Result<SetContainsResponse, Status> {
    let name = to_bytes(req.set_name);
    let set = match store.set_contains(cache, &name, &all_bytes(req.elements))? {
        Some(contains) => {
            set_contains_response::Set::Found(set_contains_response::Found { contains })
        }
        None => set_contains_response::Set::Missing(set_contains_response::Missing {}),
    };
    Ok(SetContainsResponse { set: Some(set) })
}

pub(super) fn set_length(
    store: &Store,
    cache: &str,
    req: SetLengthRequest,
) -> Result<SetLengthResponse, Status> {
    let set = match store.set_length(cache, &to_bytes(req.set_name))? {
        Some(length) => set_length_response::Set::Found(set_length_response::Found {
            length: len32(length),
        }),
        None => set_length_response::Set::Missing(set_length_response::Missing {}),
    };
    Ok(SetLengthResponse { set: Some(set) })
}

pub(super) fn set_pop(
    store: &Store,
    cache: &str,
    req: SetPopRequest,
) -> Result<SetPopResponse, Status> {
    let set = match store.set_pop(cache, to_bytes(req.set_name), req.count)? {
        Some(elements) => set_pop_response::Set::Found(set_pop_response::Found {
            elements: all_vecs(elements),
        }),
        None => set_pop_response::Set::Missing(set_pop_response::Missing {}),
    };
    Ok(SetPopResponse { set: Some(set) })
}
