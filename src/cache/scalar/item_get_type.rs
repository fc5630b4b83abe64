//! `ItemGetType`: what kind of item a key holds.

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::item_get_type_response::{
    ItemType as WireType, Result as Outcome,
};

use crate::cache::{IntoBytes, MomentoRequest, Prepared, RequestDefaults, hit_conversion, key};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Reads the type of the item under a key.
#[derive(Clone, Debug)]
pub struct ItemGetTypeRequest {
    cache_name: String,
    key: Vec<u8>,
}

impl ItemGetTypeRequest {
    /// Reads the type of `key`.
    pub fn new(cache_name: impl Into<String>, key: impl IntoBytes) -> Self {
        ItemGetTypeRequest {
            cache_name: cache_name.into(),
            key: key.into_bytes(),
        }
    }
}

/// The kinds of item a key can hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ItemType {
    /// A single value.
    Scalar,
    /// Field/value pairs.
    Dictionary,
    /// Distinct elements.
    Set,
    /// An ordered sequence.
    List,
    /// Elements ordered by score.
    SortedSet,
}

/// The item's type, or a miss.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemGetTypeResponse {
    /// The key holds an item of this type.
    Hit {
        /// What kind of item it is.
        key_type: ItemType,
    },
    /// No item under the key.
    Miss,
}

hit_conversion!(ItemGetTypeResponse, key_type: ItemType, "ItemGetType");

impl MomentoRequest for ItemGetTypeRequest {
    type Response = ItemGetTypeResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<ItemGetTypeResponse>> {
        let request = wire::ItemGetTypeRequest {
            cache_key: key("key", self.key)?,
        };
        Prepared::unary(
            rpc::ITEM_GET_TYPE,
            &self.cache_name,
            request,
            |reply: wire::ItemGetTypeResponse| match reply.result {
                Some(Outcome::Found(found)) => {
                    let key_type = match WireType::try_from(found.item_type) {
                        Ok(WireType::Scalar) => ItemType::Scalar,
                        Ok(WireType::Dictionary) => ItemType::Dictionary,
                        Ok(WireType::Set) => ItemType::Set,
                        Ok(WireType::List) => ItemType::List,
                        Ok(WireType::SortedSet) => ItemType::SortedSet,
                        Err(_) => {
                            return Err(CacheError::unexpected_reply(format!(
                                "unknown item type {}",
                                found.item_type
                            )));
                        }
                    };
                    Ok(ItemGetTypeResponse::Hit { key_type })
                }
                Some(Outcome::Missing(_)) => Ok(ItemGetTypeResponse::Miss),
                None => Err(CacheError::unexpected_reply(
                    "item-get-type answer has no result",
                )),
            },
        )
    }
}
