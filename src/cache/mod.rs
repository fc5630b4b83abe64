//! Every operation as a request type with its typed response, one file each, grouped by family.
//! [`crate::CacheClient`]'s methods are one-line shortcuts that build these and send them;
//! build one yourself to set options, then pass it to [`crate::CacheClient::send_request`].

mod bytes;
mod collection_ttl;
mod convert;
mod prepared;
#[cfg(test)]
pub(crate) mod test_support;
mod validate;
mod values;

pub mod control;
pub mod dictionary;
pub mod list;
pub mod scalar;
pub mod set;
pub mod sorted_set;

/// The presets, also at this path as in the `momento` crate (`cache::configurations::Laptop`).
pub use crate::configurations;

pub use self::bytes::IntoBytes;
pub use collection_ttl::CollectionTtl;
pub use control::*;
pub use dictionary::*;
pub use list::*;
pub use prepared::{MomentoRequest, Prepared, RequestDefaults};
pub use scalar::*;
pub use set::*;
pub use sorted_set::*;
pub use values::Values;

pub(crate) use convert::{
    hit_conversion, miss_error, utf8, utf8_all, value_conversions, values_conversions,
};
#[cfg(web)]
pub(crate) use validate::fit_i32;
pub(crate) use validate::{cache_name, fit_u32, key, non_empty, ttl_millis};
