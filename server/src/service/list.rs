//! List-family handlers. Unset slice bounds are treated as unbounded.

use edgecache_proto::cache_client::{
    ListConcatenateBackRequest, ListConcatenateBackResponse, ListConcatenateFrontRequest,
    ListConcatenateFrontResponse, ListEraseRequest, ListEraseResponse, ListFetchRequest,
    ListFetchResponse, ListLengthRequest, ListLengthResponse, ListPopBackRequest,
    ListPopBackResponse, ListPopFrontRequest, ListPopFrontResponse, ListPushBackRequest,
    ListPushBackResponse, ListPushFrontRequest, ListPushFrontResponse, ListRemoveRequest,
    ListRemoveResponse, ListRetainRequest, ListRetainResponse, list_erase_request,
    list_erase_response, list_fetch_request, list_fetch_response, list_length_response,
    list_pop_back_response, list_pop_front_response, list_remove_request, list_remove_response,
    list_retain_request, list_retain_response,
};
use tonic::Status;

use super::status::unset_oneof;
use super::{all_bytes, all_vecs, collection_ttl, len32, to_bytes, to_vec};
use crate::store::{ListEnd, ListErase, Store};

pub(super) fn list_push_front(
    store: &Store,
    cache: &str,
    req: ListPushFrontRequest,
) -> Result<ListPushFrontResponse, Status> {
    let length = store.list_push(
        cache,
        to_bytes(req.list_name),
        ListEnd::Front,
        vec![to_bytes(req.value)],
        collection_ttl(req.ttl_milliseconds, req.refresh_ttl),
        req.truncate_back_to_size,
    )?;
    Ok(ListPushFrontResponse {
        list_length: len32(length),
    })
}

pub(super) fn list_push_back(
    store: &Store,
    cache: &str,
    req: ListPushBackRequest,
) -> Result<ListPushBackResponse, Status> {
    let length = store.list_push(
        cache,
        to_bytes(req.list_name),
        ListEnd::Back,
        vec![to_bytes(req.value)],
        collection_ttl(req.ttl_milliseconds, req.refresh_ttl),
        req.truncate_front_to_size,
    )?;
    Ok(ListPushBackResponse {
        list_length: len32(length),
    })
}

pub(super) fn list_concatenate_front(
    store: &Store,
    cache: &str,
    req: ListConcatenateFrontRequest,
) -> Result<ListConcatenateFrontResponse, Status> {
    let length = store.list_push(
        cache,
        to_bytes(req.list_name),
        ListEnd::Front,
        all_bytes(req.values),
        collection_ttl(req.ttl_milliseconds, req.refresh_ttl),
        req.truncate_back_to_size,
    )?;
    Ok(ListConcatenateFrontResponse {
        list_length: len32(length),
    })
}

pub(super) fn list_concatenate_back(
    store: &Store,
    cache: &str,
    req: ListConcatenateBackRequest,
) -> Result<ListConcatenateBackResponse, Status> {
    let length = store.list_push(
        cache,
        to_bytes(req.list_name),
        ListEnd::Back,
        all_bytes(req.values),
        collection_ttl(req.ttl_milliseconds, req.refresh_ttl),
        req.truncate_front_to_size,
    )?;
    Ok(ListConcatenateBackResponse {
        list_length: len32(length),
    })
}

pub(super) fn list_pop_front(
    store: &Store,
    cache: &str,
    req: ListPopFrontRequest,
) -> Result<ListPopFrontResponse, Status> {
    use list_pop_front_response::{Found, List, Missing};
    let list = match store.list_pop(cache, to_bytes(req.list_name), ListEnd::Front)? {
        Some((front, length)) => List::Found(Found {
            front: to_vec(front),
            list_length: len32(length),
        }),
        None => List::Missing(Missing {}),
    };
    Ok(ListPopFrontResponse { list: Some(list) })
}

pub(super) fn list_pop_back(
    store: &Store,
    cache: &str,
    req: ListPopBackRequest,
) -> Result<ListPopBackResponse, Status> {
    use list_pop_back_response::{Found, List, Missing};
    let list = match store.list_pop(cache, to_bytes(req.list_name), ListEnd::Back)? {
        Some((back, length)) => List::Found(Found {
            back: to_vec(back),
            list_length: len32(length),
        }),
        None => List::Missing(Missing {}),
    };
    Ok(ListPopBackResponse { list: Some(list) })
}

pub(super) fn list_fetch(
    store: &Store,
    cache: &str,
    req: ListFetchRequest,
) -> Result<ListFetchResponse, Status> {
    use list_fetch_request::{EndIndex, StartIndex};
    use list_fetch_response::{Found, List, Missing};
    let start = match req.start_index {
        Some(StartIndex::InclusiveStart(index)) => Some(index),
        Some(StartIndex::UnboundedStart(_)) | None => None,
    };
    let end = match req.end_index {
        Some(EndIndex::ExclusiveEnd(index)) => Some(index),
        Some(EndIndex::UnboundedEnd(_)) | None => None,
    };
    let list = match store.list_fetch(cache, &to_bytes(req.list_name), start, end)? {
        Some(values) => List::Found(Found {
            values: all_vecs(values),
        }),
        None => List::Missing(Missing {}),
    };
    Ok(ListFetchResponse { list: Some(list) })
}

pub(super) fn list_retain(
    store: &Store,
    cache: &str,
    req: ListRetainRequest,
) -> Result<ListRetainResponse, Status> {
    use list_retain_request::{EndIndex, StartIndex};
    use list_retain_response::{Found, List, Missing};
    let start = match req.start_index {
        Some(StartIndex::InclusiveStart(index)) => Some(index),
        Some(StartIndex::UnboundedStart(_)) | None => None,
    };
    let end = match req.end_index {
        Some(EndIndex::ExclusiveEnd(index)) => Some(index),
        Some(EndIndex::UnboundedEnd(_)) | None => None,
    };
    let ttl = collection_ttl(req.ttl_milliseconds, req.refresh_ttl);
    let list = match store.list_retain(cache, to_bytes(req.list_name), start, end, ttl)? {
        Some(length) => List::Found(Found {
            list_length: len32(length),
        }),
        None => List::Missing(Missing {}),
    };
    Ok(ListRetainResponse { list: Some(list) })
}

pub(super) fn list_remove(
    store: &Store,
    cache: &str,
    req: ListRemoveRequest,
) -> Result<ListRemoveResponse, Status> {
    use list_remove_response::{Found, List, Missing};
    let list_remove_request::Remove::AllElementsWithValue(value) =
        req.remove.ok_or_else(|| unset_oneof("remove"))?;
    let list = match store.list_remove_value(cache, to_bytes(req.list_name), &value)? {
        Some(length) => List::Found(Found {
            list_length: len32(length),
        }),
        None => List::Missing(Missing {}),
    };
    Ok(ListRemoveResponse { list: Some(list) })
}

pub(super) fn list_length(
    store: &Store,
    cache: &str,
    req: ListLengthRequest,
) -> Result<ListLengthResponse, Status> {
    use list_length_response::{Found, List, Missing};
    let list = match store.list_length(cache, &to_bytes(req.list_name))? {
        Some(length) => List::Found(Found {
            length: len32(length),
        }),
        None => List::Missing(Missing {}),
    };
    Ok(ListLengthResponse { list: Some(list) })
}

pub(super) fn list_erase(
    store: &Store,
    cache: &str,
    req: ListEraseRequest,
) -> Result<ListEraseResponse, Status> {
    use list_erase_response::{Found, List, Missing};
    let erase = match req.erase.ok_or_else(|| unset_oneof("erase"))? {
        list_erase_request::Erase::All(_) => ListErase::All,
        list_erase_request::Erase::Some(ranges) => ListErase::Ranges(
            ranges
                .ranges
                .into_iter()
                .map(|range| (range.begin_index, range.count))
                .collect(),
        ),
    };
    let list = match store.list_erase(cache, to_bytes(req.list_name), &erase)? {
        Some(length) => List::Found(Found {
            list_length: len32(length),
        }),
        None => List::Missing(Missing {}),
    };
    Ok(ListEraseResponse { list: Some(list) })
}
