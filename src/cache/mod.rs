//! Every operation as a request type with its typed response, one file each, grouped by family.
//! [`crate::CacheClient`]'s methods are one-line shortcuts that build these and send them;
//! build one yourself to set options, then pass it to [`crate::CacheClient::send_request`].

mod bytes;
mod prepared;
mod validate;

pub mod control;
pub mod scalar;

pub use self::bytes::IntoBytes;
pub use control::*;
pub use prepared::{MomentoRequest, Prepared, RequestDefaults};
pub use scalar::*;

pub(crate) use validate::{cache_name, key, ttl_millis};
