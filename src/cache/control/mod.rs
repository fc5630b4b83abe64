//! Caches themselves: create, delete, list, flush; and ping.

mod create_cache;
mod delete_cache;
mod flush_cache;
mod list_caches;
mod ping;

pub use create_cache::{CreateCacheRequest, CreateCacheResponse};
pub use delete_cache::{DeleteCacheRequest, DeleteCacheResponse};
pub use flush_cache::{FlushCacheRequest, FlushCacheResponse};
pub use list_caches::{CacheInfo, ListCachesRequest, ListCachesResponse};
pub use ping::{PingRequest, PingResponse};
