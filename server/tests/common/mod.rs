//! Shared harness for the `rpc_*` tests: a real tonic server on a loopback port, and generated
//! clients that send the `cache` header.

// Each test binary uses a different subset of these helpers.
#![allow(dead_code)]

use std::net::SocketAddr;

use edgecache_proto::cache_client::ping_client::PingClient;
use edgecache_proto::cache_client::scs_client::ScsClient;
use edgecache_proto::control_client::scs_control_client::ScsControlClient;
use edgecache_server::FaultController;
use edgecache_server::service::grpc_routes;
use edgecache_server::store::{Store, StoreConfig};
use edgecache_server::topics::{TopicConfig, TopicHub};
use tonic::codegen::InterceptedService;
use tonic::metadata::{Ascii, MetadataValue};
use tonic::service::Interceptor;
use tonic::transport::server::TcpIncoming;
use tonic::transport::{Channel, Endpoint, Server};
use tonic::{Code, Request, Status};

/// The cache every test server starts with.
pub const CACHE: &str = "test-cache";
pub const MINUTE_MS: u64 = 60_000;

/// Adds `cache: <name>` to every request, or nothing when the name is `None`.
#[derive(Clone)]
pub struct CacheHeader(Option<MetadataValue<Ascii>>);

impl Interceptor for CacheHeader {
    fn call(&mut self, mut request: Request<()>) -> Result<Request<()>, Status> {
        if let Some(value) = &self.0 {
            request.metadata_mut().insert("cache", value.clone());
        }
        Ok(request)
    }
}

pub type Scs = ScsClient<InterceptedService<Channel, CacheHeader>>;

pub struct TestServer {
    pub addr: SocketAddr,
    pub store: Store,
    channel: Channel,
}

impl TestServer {
    pub async fn start() -> Self {
        Self::start_with(StoreConfig::default()).await
    }

    pub async fn start_with(config: StoreConfig) -> Self {
        let store = Store::new(config);
        store.create_cache(CACHE).expect("create the test cache");
        let incoming = TcpIncoming::bind(([127, 0, 0, 1], 0).into()).expect("bind loopback");
        let addr = incoming.local_addr().expect("local address");
        let topics = TopicHub::new(store.clone(), TopicConfig::default());
        let routes = grpc_routes(store.clone(), topics, FaultController::default());
        tokio::spawn(async move {
            Server::builder()
                .add_routes(routes)
                .serve_with_incoming(incoming)
                .await
                .expect("test server failed");
        });
        let channel = Endpoint::from_shared(format!("http://{addr}"))
            .expect("endpoint")
            .connect()
            .await
            .expect("connect to test server");
        TestServer {
            addr,
            store,
            channel,
        }
    }

    /// A data client for the test cache.
    pub fn scs(&self) -> Scs {
        self.scs_for(Some(CACHE))
    }

    /// A data client for `cache`, or one that sends no `cache` header at all.
    pub fn scs_for(&self, cache: Option<&str>) -> Scs {
        let header = cache.map(|name| name.parse().expect("ASCII cache name"));
        ScsClient::with_interceptor(self.channel.clone(), CacheHeader(header))
            .max_decoding_message_size(10_486_000)
            .max_encoding_message_size(10_486_000)
    }

    pub fn control(&self) -> ScsControlClient<Channel> {
        ScsControlClient::new(self.channel.clone())
    }

    pub fn ping(&self) -> PingClient<Channel> {
        PingClient::new(self.channel.clone())
    }
}

/// The `err` trailer of a failed call.
pub fn err_meta(status: &Status) -> Option<String> {
    status
        .metadata()
        .get("err")
        .and_then(|value| value.to_str().ok())
        .map(str::to_owned)
}

/// Asserts the call failed with `code` and returns the status for further checks.
#[track_caller]
pub fn expect_code<T: std::fmt::Debug>(result: Result<T, Status>, code: Code) -> Status {
    match result {
        Ok(value) => panic!("expected {code:?}, got success: {value:?}"),
        Err(status) => {
            assert_eq!(status.code(), code, "unexpected status: {status:?}");
            status
        }
    }
}

pub fn b(text: &str) -> Vec<u8> {
    text.as_bytes().to_vec()
}

pub fn bs(texts: &[&str]) -> Vec<Vec<u8>> {
    texts.iter().map(|t| b(t)).collect()
}

pub fn sorted(mut values: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    values.sort();
    values
}
