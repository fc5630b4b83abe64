//! `Ping`: is the service there?

use edgecache_proto::cache_client as wire;

use crate::cache::{MomentoRequest, Prepared, RequestDefaults};
use crate::error::CacheResult;
use crate::rpc;

/// Checks that the data endpoint answers. Sent without credentials, as the web SDK does.
#[derive(Clone, Debug, Default)]
pub struct PingRequest {}

/// The service answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PingResponse {}

impl MomentoRequest for PingRequest {
    type Response = PingResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<PingResponse>> {
        Prepared::without_cache(rpc::PING, wire::PingRequest {}, |_: wire::PingResponse| {
            Ok(PingResponse {})
        })
    }
}
