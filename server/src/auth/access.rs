//! What each data-plane request touches, so that one check before the store runs covers
//! every RPC: every `cache_client.Scs` request type implements [`Touches`] (the service
//! macro does not compile without it), naming each item it reads or writes.
//!
//! An item is named by its key (collections by their name). Reads answer with item data or
//! metadata; writes change items without answering with their data; read-writes do both:
//! conditional writes (`SetIf*`, `UpdateTtl`), increments and pops. This is why a write-only
//! role, like Momento's, cannot run conditional writes.

use edgecache_proto::cache_client::*;
use tonic::Status;

use super::{Grant, Need, Resource};

/// The items a request reads or writes.
pub(crate) trait Touches {
    /// Calls `visit` once per item, with what the request needs of it.
    fn touches(&self, visit: &mut dyn FnMut(Need, &[u8]));
}

/// `PERMISSION_DENIED` for the first item of `request` the grant does not allow.
pub(crate) fn check<R: Touches>(grant: &Grant, cache: &str, request: &R) -> Result<(), Status> {
    if grant.scope().is_none() {
        return Ok(());
    }
    let mut verdict = Ok(());
    request.touches(&mut |need, key| {
        if verdict.is_ok() {
            verdict = grant.check(need, Resource::Item { cache, key });
        }
    });
    verdict
}

/// `impl Touches` for requests that touch one item named by one field.
macro_rules! one_item {
    ($need:ident: $($request:ty => $field:ident),* $(,)?) => {
        $(
            impl Touches for $request {
                fn touches(&self, visit: &mut dyn FnMut(Need, &[u8])) {
                    visit(Need::$need, &self.$field);
                }
            }
        )*
    };
}

one_item! { Read:
    GetRequest => cache_key,
    GetWithHashRequest => cache_key,
    ItemGetTtlRequest => cache_key,
    ItemGetTypeRequest => cache_key,
    DictionaryGetRequest => dictionary_name,
    DictionaryFetchRequest => dictionary_name,
    DictionaryLengthRequest => dictionary_name,
    SetFetchRequest => set_name,
    SetSampleRequest => set_name,
    SetContainsRequest => set_name,
    SetLengthRequest => set_name,
    ListFetchRequest => list_name,
    ListLengthRequest => list_name,
    SortedSetFetchRequest => set_name,
    SortedSetGetScoreRequest => set_name,
    SortedSetGetRankRequest => set_name,
    SortedSetLengthRequest => set_name,
    SortedSetLengthByScoreRequest => set_name,
}

one_item! { Write:
    SetRequest => cache_key,
    DeleteRequest => cache_key,
    DictionarySetRequest => dictionary_name,
    DictionaryDeleteRequest => dictionary_name,
    SetUnionRequest => set_name,
    SetDifferenceRequest => set_name,
    ListPushFrontRequest => list_name,
    ListPushBackRequest => list_name,
    ListConcatenateFrontRequest => list_name,
    ListConcatenateBackRequest => list_name,
    ListRemoveRequest => list_name,
    ListEraseRequest => list_name,
    ListRetainRequest => list_name,
    SortedSetPutRequest => set_name,
    SortedSetRemoveRequest => set_name,
}

one_item! { ReadWrite:
    SetIfRequest => cache_key,
    SetIfHashRequest => cache_key,
    SetIfNotExistsRequest => cache_key,
    IncrementRequest => cache_key,
    UpdateTtlRequest => cache_key,
    DictionaryIncrementRequest => dictionary_name,
    SetPopRequest => set_name,
    ListPopFrontRequest => list_name,
    ListPopBackRequest => list_name,
    SortedSetIncrementRequest => set_name,
}

impl Touches for KeysExistRequest {
    fn touches(&self, visit: &mut dyn FnMut(Need, &[u8])) {
        self.cache_keys
            .iter()
            .for_each(|key| visit(Need::Read, key));
    }
}

impl Touches for GetBatchRequest {
    fn touches(&self, visit: &mut dyn FnMut(Need, &[u8])) {
        self.items
            .iter()
            .for_each(|item| visit(Need::Read, &item.cache_key));
    }
}

impl Touches for SetBatchRequest {
    fn touches(&self, visit: &mut dyn FnMut(Need, &[u8])) {
        self.items
            .iter()
            .for_each(|item| visit(Need::Write, &item.cache_key));
    }
}

/// Reads every source set, writes the destination.
impl Touches for SortedSetUnionStoreRequest {
    fn touches(&self, visit: &mut dyn FnMut(Need, &[u8])) {
        visit(Need::Write, &self.set_name);
        self.sources
            .iter()
            .for_each(|source| visit(Need::Read, &source.set_name));
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::auth::scope::{CacheSelector, ItemSelector, Role, Scope, Statement};

    fn grant(role: Role, prefix: &str) -> Grant {
        let statement = Statement::Cache {
            role,
            cache: CacheSelector::Name("c".into()),
            items: ItemSelector::KeyPrefix(prefix.as_bytes().to_vec()),
        };
        Grant {
            scope: Some(Arc::new(Scope::Explicit(vec![statement]))),
            ..Grant::open()
        }
    }

    fn code<R: Touches>(grant: &Grant, request: &R) -> Option<tonic::Code> {
        check(grant, "c", request).err().map(|s| s.code())
    }

    #[test]
    fn every_key_of_a_multi_key_request_is_checked() {
        let reader = grant(Role::ReadOnly, "a");
        let exists = |keys: &[&str]| KeysExistRequest {
            cache_keys: keys.iter().map(|k| k.as_bytes().to_vec()).collect(),
        };
        assert_eq!(code(&reader, &exists(&["a1", "a2"])), None);
        assert_eq!(
            code(&reader, &exists(&["a1", "b2"])),
            Some(tonic::Code::PermissionDenied)
        );
        let union = SortedSetUnionStoreRequest {
            set_name: b"a-dest".to_vec(),
            sources: vec![sorted_set_union_store_request::Source {
                set_name: b"a-src".to_vec(),
                weight: 1.0,
            }],
            ..Default::default()
        };
        assert!(
            code(&reader, &union).is_some(),
            "the destination is written"
        );
        assert_eq!(code(&grant(Role::ReadWrite, "a"), &union), None);
    }

    #[test]
    fn write_only_cannot_run_conditional_writes_or_increments() {
        let writer = grant(Role::WriteOnly, "");
        let set = SetRequest {
            cache_key: b"k".to_vec(),
            ..Default::default()
        };
        assert_eq!(code(&writer, &set), None);
        let conditional = SetIfNotExistsRequest {
            cache_key: b"k".to_vec(),
            ..Default::default()
        };
        assert!(code(&writer, &conditional).is_some());
        let increment = IncrementRequest {
            cache_key: b"k".to_vec(),
            ..Default::default()
        };
        assert!(code(&writer, &increment).is_some());
        assert_eq!(code(&Grant::open(), &increment), None);
    }
}
