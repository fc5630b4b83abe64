//! Scalar items: one value per key.

mod delete;
mod get;
mod get_batch;
mod get_with_hash;
mod increment;
mod item_get_ttl;
mod item_get_type;
mod keys_exist;
mod set;
mod set_batch;
mod set_if;
mod set_if_hash;
mod set_if_kinds;
mod set_if_not_exists;
mod update_ttl;

pub use delete::{DeleteRequest, DeleteResponse};
pub use get::{GetRequest, GetResponse, Value};
pub use get_batch::{GetBatchRequest, GetBatchResponse};
pub use get_with_hash::{GetWithHashRequest, GetWithHashResponse};
pub use increment::{IncrementRequest, IncrementResponse};
pub use item_get_ttl::{ItemGetTtlRequest, ItemGetTtlResponse};
pub use item_get_type::{ItemGetTypeRequest, ItemGetTypeResponse, ItemType};
pub use keys_exist::{KeyExistsRequest, KeyExistsResponse, KeysExistRequest, KeysExistResponse};
pub use set::{SetRequest, SetResponse};
pub use set_batch::{SetBatchRequest, SetBatchResponse};
pub use set_if::{SetIfCondition, SetIfRequest, SetIfResponse};
pub use set_if_hash::{SetIfHashCondition, SetIfHashRequest, SetIfHashResponse};
pub use set_if_kinds::{
    SetIfAbsentOrEqualRequest, SetIfAbsentOrEqualResponse, SetIfAbsentRequest, SetIfAbsentResponse,
    SetIfEqualRequest, SetIfEqualResponse, SetIfNotEqualRequest, SetIfNotEqualResponse,
    SetIfPresentAndNotEqualRequest, SetIfPresentAndNotEqualResponse, SetIfPresentRequest,
    SetIfPresentResponse,
};
pub use set_if_not_exists::{SetIfNotExistsRequest, SetIfNotExistsResponse};
pub use update_ttl::{
    DecreaseTtlRequest, DecreaseTtlResponse, IncreaseTtlRequest, IncreaseTtlResponse,
    UpdateTtlRequest, UpdateTtlResponse,
};
#[cfg(web)]
pub(crate) use update_ttl::{TtlChange, TtlChangeRequest, TtlUpdate};
