//! The control family for JavaScript (`cache::control`): cache management and ping.

use super::convert::{self, Obj, typed};
use super::operations::family;
use super::request::{js, success};
use crate::cache::*;

family! {
    "control";
    "createCache", "CreateCache", 1 => |a, _| {
        Ok(js(CreateCacheRequest::new(a.cache()?), |r| {
            typed(match r {
                CreateCacheResponse::Created => "Success",
                CreateCacheResponse::AlreadyExists => "AlreadyExists",
            })
        }))
    },
    "deleteCache", "DeleteCache", 1 => |a, _| {
        Ok(js(DeleteCacheRequest::new(a.cache()?), success))
    },
    "listCaches", "ListCaches", 0 => |_, _| {
        Ok(js(ListCachesRequest::new(), |r| {
            let names = convert::array(r.caches, |info| info.name.into());
            Obj::typed("Success").set("caches", &names).done()
        }))
    },
    "flushCache", "CacheFlush", 1 => |a, _| {
        Ok(js(FlushCacheRequest::new(a.cache()?), success))
    },
    // No response namespace: `ping()` resolves to nothing and throws its error.
    "ping", "", 0 => |_, _| {
        Ok(js(PingRequest::default(), success))
    },
}
