//! Scalar-family handlers: Get, Set, conditional sets, Increment, TTL and type queries.

use edgecache_proto::cache_client::{
    DeleteRequest, DeleteResponse, ECacheResult, GetRequest, GetResponse, GetWithHashRequest,
    GetWithHashResponse, IncrementRequest, IncrementResponse, ItemGetTtlRequest,
    ItemGetTtlResponse, ItemGetTypeRequest, ItemGetTypeResponse, KeysExistRequest,
    KeysExistResponse, SetIfHashRequest, SetIfHashResponse, SetIfNotExistsRequest,
    SetIfNotExistsResponse, SetIfRequest, SetIfResponse, SetRequest, SetResponse, UpdateTtlRequest,
    UpdateTtlResponse, get_with_hash_response, item_get_ttl_response, item_get_type_response,
    set_if_hash_request, set_if_hash_response, set_if_not_exists_response, set_if_request,
    set_if_response, update_ttl_request, update_ttl_response,
};
use tonic::Status;

use super::status::unset_oneof;
use super::{all_bytes, to_bytes, to_vec};
use crate::store::{
    HashCondition, SetCondition, SetItem, Store, StoreError, TtlUpdate, TtlUpdateOutcome,
};

pub(super) fn get_response(outcome: Result<Option<bytes::Bytes>, StoreError>) -> GetResponse {
    match outcome {
        Ok(Some(value)) => GetResponse {
            result: ECacheResult::Hit as i32,
            cache_body: to_vec(value),
            message: String::new(),
        },
        Ok(None) => GetResponse {
            result: ECacheResult::Miss as i32,
            ..Default::default()
        },
        Err(error) => GetResponse {
            result: ECacheResult::Invalid as i32,
            cache_body: Vec::new(),
            message: error.to_string(),
        },
    }
}

pub(super) fn set_response(outcome: Result<(), StoreError>) -> SetResponse {
    match outcome {
        Ok(()) => SetResponse {
            result: ECacheResult::Ok as i32,
            message: String::new(),
        },
        Err(error) => SetResponse {
            result: ECacheResult::Invalid as i32,
            message: error.to_string(),
        },
    }
}

pub(super) fn get(store: &Store, cache: &str, req: GetRequest) -> Result<GetResponse, Status> {
    let value = store.get(cache, &to_bytes(req.cache_key))?;
    Ok(get_response(Ok(value)))
}

pub(super) fn get_with_hash(
    store: &Store,
    cache: &str,
    req: GetWithHashRequest,
) -> Result<GetWithHashResponse, Status> {
    let result = match store.get_with_hash(cache, &to_bytes(req.cache_key))? {
        Some(found) => get_with_hash_response::Result::Found(get_with_hash_response::Found {
            value: to_vec(found.value),
            hash: to_vec(found.hash),
        }),
        None => get_with_hash_response::Result::Missing(get_with_hash_response::Missing {}),
    };
    Ok(GetWithHashResponse {
        result: Some(result),
    })
}

/// One `GetResponse` per requested key, in request order.
pub(super) fn get_batch(
    store: &Store,
    cache: &str,
    keys: Vec<GetRequest>,
) -> Result<Vec<GetResponse>, Status> {
    let keys: Vec<_> = keys.into_iter().map(|k| to_bytes(k.cache_key)).collect();
    Ok(store
        .get_batch(cache, &keys)?
        .into_iter()
        .map(get_response)
        .collect())
}

pub(super) fn set(store: &Store, cache: &str, req: SetRequest) -> Result<SetResponse, Status> {
    store.set(
        cache,
        to_bytes(req.cache_key),
        to_bytes(req.cache_body),
        req.ttl_milliseconds,
    )?;
    Ok(set_response(Ok(())))
}

/// One `SetResponse` per item, in request order.
pub(super) fn set_batch(
    store: &Store,
    cache: &str,
    items: Vec<SetRequest>,
) -> Result<Vec<SetResponse>, Status> {
    let items = items
        .into_iter()
        .map(|item| SetItem {
            key: to_bytes(item.cache_key),
            value: to_bytes(item.cache_body),
            ttl_ms: item.ttl_milliseconds,
        })
        .collect();
    Ok(store
        .set_batch(cache, items)?
        .into_iter()
        .map(set_response)
        .collect())
}

fn set_condition(condition: set_if_request::Condition) -> SetCondition {
    use set_if_request::Condition as C;
    match condition {
        C::Present(_) => SetCondition::Present,
        C::PresentAndNotEqual(c) => SetCondition::PresentAndNotEqual(to_bytes(c.value_to_check)),
        C::Absent(_) => SetCondition::Absent,
        C::Equal(c) => SetCondition::Equal(to_bytes(c.value_to_check)),
        C::AbsentOrEqual(c) => SetCondition::AbsentOrEqual(to_bytes(c.value_to_check)),
        C::NotEqual(c) => SetCondition::NotEqual(to_bytes(c.value_to_check)),
    }
}

pub(super) fn set_if(
    store: &Store,
    cache: &str,
    req: SetIfRequest,
) -> Result<SetIfResponse, Status> {
    let condition = set_condition(req.condition.ok_or_else(|| unset_oneof("condition"))?);
    let stored = store.set_if(
        cache,
        to_bytes(req.cache_key),
        to_bytes(req.cache_body),
        req.ttl_milliseconds,
        &condition,
    )?;
    let result = if stored {
        set_if_response::Result::Stored(set_if_response::Stored {})
    } else {
        set_if_response::Result::NotStored(set_if_response::NotStored {})
    };
    Ok(SetIfResponse {
        result: Some(result),
    })
}

fn hash_condition(condition: set_if_hash_request::Condition) -> HashCondition {
    use set_if_hash_request::Condition as C;
    match condition {
        C::PresentAndNotHashEqual(c) => {
            HashCondition::PresentAndNotHashEqual(to_bytes(c.hash_to_check))
        }
        C::PresentAndHashEqual(c) => HashCondition::PresentAndHashEqual(to_bytes(c.hash_to_check)),
        C::AbsentOrHashEqual(c) => HashCondition::AbsentOrHashEqual(to_bytes(c.hash_to_check)),
        C::AbsentOrNotHashEqual(c) => {
            HashCondition::AbsentOrNotHashEqual(to_bytes(c.hash_to_check))
        }
        C::Unconditional(_) => HashCondition::Unconditional,
    }
}

pub(super) fn set_if_hash(
    store: &Store,
    cache: &str,
    req: SetIfHashRequest,
) -> Result<SetIfHashResponse, Status> {
    let condition = hash_condition(req.condition.ok_or_else(|| unset_oneof("condition"))?);
    let stored = store.set_if_hash(
        cache,
        to_bytes(req.cache_key),
        to_bytes(req.cache_body),
        req.ttl_milliseconds,
        &condition,
    )?;
    let result = match stored {
        Some(hash) => set_if_hash_response::Result::Stored(set_if_hash_response::Stored {
            new_hash: to_vec(hash),
        }),
        None => set_if_hash_response::Result::NotStored(set_if_hash_response::NotStored {}),
    };
    Ok(SetIfHashResponse {
        result: Some(result),
    })
}

pub(super) fn set_if_not_exists(
    store: &Store,
    cache: &str,
    req: SetIfNotExistsRequest,
) -> Result<SetIfNotExistsResponse, Status> {
    let stored = store.set_if_not_exists(
        cache,
        to_bytes(req.cache_key),
        to_bytes(req.cache_body),
        req.ttl_milliseconds,
    )?;
    let result = if stored {
        set_if_not_exists_response::Result::Stored(set_if_not_exists_response::Stored {})
    } else {
        set_if_not_exists_response::Result::NotStored(set_if_not_exists_response::NotStored {})
    };
    Ok(SetIfNotExistsResponse {
        result: Some(result),
    })
}

pub(super) fn delete(
    store: &Store,
    cache: &str,
    req: DeleteRequest,
) -> Result<DeleteResponse, Status> {
    store.delete(cache, to_bytes(req.cache_key))?;
    Ok(DeleteResponse {})
}

pub(super) fn keys_exist(
    store: &Store,
    cache: &str,
    req: KeysExistRequest,
) -> Result<KeysExistResponse, Status> {
    let exists = store.keys_exist(cache, &all_bytes(req.cache_keys))?;
    Ok(KeysExistResponse { exists })
}

pub(super) fn increment(
    store: &Store,
    cache: &str,
    req: IncrementRequest,
) -> Result<IncrementResponse, Status> {
    let value = store.increment(
        cache,
        to_bytes(req.cache_key),
        req.amount,
        req.ttl_milliseconds,
    )?;
    Ok(IncrementResponse { value })
}

pub(super) fn update_ttl(
    store: &Store,
    cache: &str,
    req: UpdateTtlRequest,
) -> Result<UpdateTtlResponse, Status> {
    use update_ttl_request::UpdateTtl as U;
    let update = match req.update_ttl.ok_or_else(|| unset_oneof("update_ttl"))? {
        U::IncreaseToMilliseconds(ms) => TtlUpdate::IncreaseTo(ms),
        U::DecreaseToMilliseconds(ms) => TtlUpdate::DecreaseTo(ms),
        U::OverwriteToMilliseconds(ms) => TtlUpdate::OverwriteTo(ms),
    };
    let result = match store.update_ttl(cache, to_bytes(req.cache_key), update)? {
        TtlUpdateOutcome::Set => update_ttl_response::Result::Set(update_ttl_response::Set {}),
        TtlUpdateOutcome::NotSet => {
            update_ttl_response::Result::NotSet(update_ttl_response::NotSet {})
        }
        TtlUpdateOutcome::Missing => {
            update_ttl_response::Result::Missing(update_ttl_response::Missing {})
        }
    };
    Ok(UpdateTtlResponse {
        result: Some(result),
    })
}

pub(super) fn item_get_ttl(
    store: &Store,
    cache: &str,
    req: ItemGetTtlRequest,
) -> Result<ItemGetTtlResponse, Status> {
    let result = match store.item_ttl(cache, &to_bytes(req.cache_key))? {
        Some(remaining) => item_get_ttl_response::Result::Found(item_get_ttl_response::Found {
            remaining_ttl_millis: u64::try_from(remaining.as_millis()).unwrap_or(u64::MAX),
        }),
        None => item_get_ttl_response::Result::Missing(item_get_ttl_response::Missing {}),
    };
    Ok(ItemGetTtlResponse {
        result: Some(result),
    })
}

pub(super) fn item_get_type(
    store: &Store,
    cache: &str,
    req: ItemGetTypeRequest,
) -> Result<ItemGetTypeResponse, Status> {
    let result = match store.item_type(cache, &to_bytes(req.cache_key))? {
        Some(kind) => item_get_type_response::Result::Found(item_get_type_response::Found {
            item_type: kind.wire_value(),
        }),
        None => item_get_type_response::Result::Missing(item_get_type_response::Missing {}),
    };
    Ok(ItemGetTypeResponse {
        result: Some(result),
    })
}
