//! Dictionary-family handlers.

use edgecache_proto::cache_client::{
    DictionaryDeleteRequest, DictionaryDeleteResponse, DictionaryFetchRequest,
    DictionaryFetchResponse, DictionaryFieldValuePair, DictionaryGetRequest, DictionaryGetResponse,
    DictionaryIncrementRequest, DictionaryIncrementResponse, DictionaryLengthRequest,
    DictionaryLengthResponse, DictionarySetRequest, DictionarySetResponse, ECacheResult,
    dictionary_delete_request, dictionary_fetch_response, dictionary_get_response,
    dictionary_length_response,
};
use tonic::Status;

use super::status::unset_oneof;
use super::{all_bytes, collection_ttl, len32, to_bytes, to_vec};
use crate::store::Store;

pub(super) fn dictionary_get(
    store: &Store,
    cache: &str,
    req: DictionaryGetRequest,
) -> Result<DictionaryGetResponse, Status> {
    use dictionary_get_response::{Dictionary, DictionaryGetResponsePart, Found, Missing};
    let name = to_bytes(req.dictionary_name);
    let dictionary = match store.dictionary_get(cache, &name, &all_bytes(req.fields))? {
        Some(values) => Dictionary::Found(Found {
            items: values
                .into_iter()
                .map(|value| match value {
                    Some(value) => DictionaryGetResponsePart {
                        result: ECacheResult::Hit as i32,
                        cache_body: to_vec(value),
                    },
                    None => DictionaryGetResponsePart {
                        result: ECacheResult::Miss as i32,
                        cache_body: Vec::new(),
                    },
                })
                .collect(),
        }),
        None => Dictionary::Missing(Missing {}),
    };
    Ok(DictionaryGetResponse {
        dictionary: Some(dictionary),
    })
}

pub(super) fn dictionary_fetch(
    store: &Store,
    cache: &str,
    req: DictionaryFetchRequest,
) -> Result<DictionaryFetchResponse, Status> {
    use dictionary_fetch_response::{Dictionary, Found, Missing};
    let dictionary = match store.dictionary_fetch(cache, &to_bytes(req.dictionary_name))? {
        Some(pairs) => Dictionary::Found(Found {
            items: pairs
                .into_iter()
                .map(|(field, value)| DictionaryFieldValuePair {
                    field: to_vec(field),
                    value: to_vec(value),
                })
                .collect(),
        }),
        None => Dictionary::Missing(Missing {}),
    };
    Ok(DictionaryFetchResponse {
        dictionary: Some(dictionary),
    })
}

pub(super) fn dictionary_set(
    store: &Store,
    cache: &str,
    req: DictionarySetRequest,
) -> Result<DictionarySetResponse, Status> {
    let pairs = req
        .items
        .into_iter()
        .map(|pair| (to_bytes(pair.field), to_bytes(pair.value)))
        .collect();
    store.dictionary_set(
        cache,
        to_bytes(req.dictionary_name),
        pairs,
        collection_ttl(req.ttl_milliseconds, req.refresh_ttl),
    )?;
    Ok(DictionarySetResponse {})
}

pub(super) fn dictionary_increment(
    store: &Store,
    cache: &str,
    req: DictionaryIncrementRequest,
) -> Result<DictionaryIncrementResponse, Status> {
    let value = store.dictionary_increment(
        cache,
        to_bytes(req.dictionary_name),
        to_bytes(req.field),
        req.amount,
        collection_ttl(req.ttl_milliseconds, req.refresh_ttl),
    )?;
    Ok(DictionaryIncrementResponse { value })
}

pub(super) fn dictionary_delete(
    store: &Store,
    cache: &str,
    req: DictionaryDeleteRequest,
) -> Result<DictionaryDeleteResponse, Status> {
    let name = to_bytes(req.dictionary_name);
    match req.delete.ok_or_else(|| unset_oneof("delete"))? {
        dictionary_delete_request::Delete::Some(some) => {
            store.dictionary_delete_fields(cache, name, &all_bytes(some.fields))?
        }
        dictionary_delete_request::Delete::All(_) => store.dictionary_delete_all(cache, name)?,
    }
    Ok(DictionaryDeleteResponse {})
}

pub(super) fn dictionary_length(
    store: &Store,
    cache: &str,
    req: DictionaryLengthRequest,
) -> Result<DictionaryLengthResponse, Status> {
    use dictionary_length_response::{Dictionary, Found, Missing};
    let dictionary = match store.dictionary_length(cache, &to_bytes(req.dictionary_name))? {
        Some(length) => Dictionary::Found(Found {
            length: len32(length),
        }),
        None => Dictionary::Missing(Missing {}),
    };
    Ok(DictionaryLengthResponse {
        dictionary: Some(dictionary),
    })
}
