//! The `control_client.ScsControl` implementation: cache create, delete, list and flush.
//! Deletion goes through the topic hub, which ends the cache's subscriptions with NOT_FOUND.

use edgecache_proto::control_client::scs_control_server::ScsControl;
use edgecache_proto::control_client::{
    Cache, CacheLimits, CreateCacheRequest, CreateCacheResponse, DeleteCacheRequest,
    DeleteCacheResponse, FlushCacheRequest, FlushCacheResponse, ListCachesRequest,
    ListCachesResponse, TopicLimits,
};
use tonic::{Request, Response, Status};

use super::ControlService;
use crate::store::StoreConfig;
use crate::topics::TopicConfig;

fn cache_name(name: &str) -> Result<&str, Status> {
    if name.trim().is_empty() {
        return Err(Status::invalid_argument("cache_name must not be empty"));
    }
    Ok(name)
}

/// Limits reported by ListCaches. Neither the store nor the topics enforce rate limits, so rates
/// and throughput report the largest value.
fn limits(config: &StoreConfig, topics: &TopicConfig) -> (CacheLimits, TopicLimits) {
    let item_kb = u32::try_from(config.max_item_size_bytes / 1024).unwrap_or(u32::MAX);
    (
        CacheLimits {
            max_traffic_rate: u32::MAX,
            max_throughput_kbps: u32::MAX,
            max_item_size_kb: item_kb,
            max_ttl_seconds: config.max_ttl.as_secs(),
        },
        TopicLimits {
            max_publish_rate: u32::MAX,
            max_subscription_count: u32::try_from(topics.max_subscriptions_per_cache)
                .unwrap_or(u32::MAX),
            max_publish_message_size_kb: u32::try_from(topics.max_message_bytes / 1024)
                .unwrap_or(u32::MAX),
        },
    )
}

#[tonic::async_trait]
impl ScsControl for ControlService {
    async fn create_cache(
        &self,
        request: Request<CreateCacheRequest>,
    ) -> Result<Response<CreateCacheResponse>, Status> {
        let request = request.into_inner();
        self.store.create_cache(cache_name(&request.cache_name)?)?;
        Ok(Response::new(CreateCacheResponse {}))
    }

    async fn delete_cache(
        &self,
        request: Request<DeleteCacheRequest>,
    ) -> Result<Response<DeleteCacheResponse>, Status> {
        let request = request.into_inner();
        self.topics.delete_cache(cache_name(&request.cache_name)?)?;
        Ok(Response::new(DeleteCacheResponse {}))
    }

    /// Everything fits in one page, so `next_token` is always empty.
    async fn list_caches(
        &self,
        _request: Request<ListCachesRequest>,
    ) -> Result<Response<ListCachesResponse>, Status> {
        let (cache_limits, topic_limits) = limits(self.store.config(), self.topics.config());
        let cache = self
            .store
            .list_caches()
            .into_iter()
            .map(|cache_name| Cache {
                cache_name,
                cache_limits: Some(cache_limits),
                topic_limits: Some(topic_limits),
                cache_id: String::new(),
            })
            .collect();
        Ok(Response::new(ListCachesResponse {
            cache,
            next_token: String::new(),
        }))
    }

    async fn flush_cache(
        &self,
        request: Request<FlushCacheRequest>,
    ) -> Result<Response<FlushCacheResponse>, Status> {
        let request = request.into_inner();
        self.store.flush_cache(cache_name(&request.cache_name)?)?;
        Ok(Response::new(FlushCacheResponse {}))
    }
}
