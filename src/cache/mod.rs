//! Every operation as a request type with its typed response, one file each, grouped by family.
//! [`crate::CacheClient`]'s methods are one-line shortcuts that build these and send them;
//! build one yourself to set options, then pass it to [`crate::CacheClient::send_request`].

mod bytes;
mod collection_ttl;
mod prepared;
mod validate;

pub mod control;
pub mod dictionary;
pub mod list;
pub mod scalar;
pub mod set;
pub mod sorted_set;

pub use self::bytes::IntoBytes;
pub use collection_ttl::CollectionTtl;
pub use control::*;
pub use dictionary::*;
pub use list::*;
pub use prepared::{MomentoRequest, Prepared, RequestDefaults};
pub use scalar::*;
pub use set::*;
pub use sorted_set::*;

pub(crate) use validate::{cache_name, key, ttl_millis};

#[cfg(test)]
pub(crate) use collection_ttl::test_support;
pub(crate) use collection_ttl::{
    fit_i32, fit_u32, miss_error, non_empty, utf8, utf8_all, values_conversions,
};
