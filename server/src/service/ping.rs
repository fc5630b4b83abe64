//! The `cache_client.Ping` implementation: always OK, no cache or credentials involved.

use edgecache_proto::cache_client::ping_server::Ping;
use edgecache_proto::cache_client::{PingRequest, PingResponse};
use tonic::{Request, Response, Status};

use super::PingService;

#[tonic::async_trait]
impl Ping for PingService {
    async fn ping(&self, _request: Request<PingRequest>) -> Result<Response<PingResponse>, Status> {
        Ok(Response::new(PingResponse {}))
    }
}
