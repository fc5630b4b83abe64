//! RPC paths and signatures as Momento's generated clients send them. Each
//! client method is called once against a local service that only records the
//! request path, so the paths come from `momento-protos` at run time and not
//! from reading its source.

use std::collections::BTreeMap;
use std::future::{Ready, ready};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use momento_protos::auth::auth_client::AuthClient;
use momento_protos::cache_client::pubsub::pubsub_client::PubsubClient;
use momento_protos::cache_client::scs_client::ScsClient;
use momento_protos::control_client::scs_control_client::ScsControlClient;
use momento_protos::token::token_client::TokenClient;
use prost::Name;
use tonic::body::Body;
use tonic::codegen::{Service, http};

use crate::samples::RpcSignature;

/// The error every recorded call ends with; nothing is sent anywhere.
const NOT_SENT: &str = "recorded, not sent";

/// A gRPC "channel" that records request paths and answers every call with an error.
#[derive(Clone, Default)]
struct PathRecorder(Arc<Mutex<Vec<String>>>);

impl Service<http::Request<Body>> for PathRecorder {
    type Response = http::Response<Body>;
    type Error = &'static str;
    type Future = Ready<Result<Self::Response, Self::Error>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<Body>) -> Self::Future {
        let mut paths = self.0.lock().expect("recorder lock");
        paths.push(request.uri().path().to_string());
        ready(Err(NOT_SENT))
    }
}

impl PathRecorder {
    /// The one path recorded for one call, after checking the call failed
    /// with the recorder's own error.
    fn single_path<R>(&self, method: &str, reply: Result<R, tonic::Status>) -> String {
        match reply {
            Ok(_) => panic!("{method}: the recorder answered nothing, yet the call succeeded"),
            Err(status) => assert!(
                status.message().contains(NOT_SENT),
                "{method}: unexpected failure: {status:?}"
            ),
        }
        let paths = self.0.lock().expect("recorder lock");
        assert_eq!(
            paths.len(),
            1,
            "{method}: expected one request, recorded {paths:?}"
        );
        paths[0].clone()
    }
}

macro_rules! reply_type {
    (unary, $message:ty) => { $message };
    (stream, $message:ty) => { tonic::Streaming<$message> };
}

macro_rules! is_stream {
    (unary) => {
        false
    };
    (stream) => {
        true
    };
}

/// Calls every listed method of Momento's generated clients. The request and
/// reply types are checked by the compiler against their client; the paths
/// are recorded; ours names the protobuf types through `prost::Name`.
macro_rules! record_rpcs {
    ($($client:ident {
        $($kind:ident $method:ident($($request:ident)::+) -> $($response:ident)::+;)*
    })*) => {{
        let mut rpcs = BTreeMap::new();
        $($(
            let recorder = PathRecorder::default();
            let reply: Result<
                tonic::Response<reply_type!($kind, momento_protos::$($response)::+)>,
                tonic::Status,
            > = $client::new(recorder.clone())
                .$method(momento_protos::$($request)::+::default())
                .await;
            let method = concat!(stringify!($client), "::", stringify!($method));
            let path = recorder.single_path(method, reply);
            let signature = RpcSignature {
                request: <edgecache_proto::$($request)::+ as Name>::full_name(),
                response: <edgecache_proto::$($response)::+ as Name>::full_name(),
                server_streaming: is_stream!($kind),
            };
            assert!(rpcs.insert(path.clone(), signature).is_none(), "{path} is listed twice");
        )*)*
        rpcs
    }};
}

/// Every RPC of every service we implement, as `momento-protos` sends it:
/// path to signature.
#[rustfmt::skip]
#[allow(deprecated)] // SetIfNotExists: deprecated in the protocol, still served.
pub async fn momento_rpcs() -> BTreeMap<String, RpcSignature> {
    record_rpcs! {
        ScsClient {
            unary get(cache_client::GetRequest) -> cache_client::GetResponse;
            unary get_with_hash(cache_client::GetWithHashRequest) -> cache_client::GetWithHashResponse;
            stream get_batch(cache_client::GetBatchRequest) -> cache_client::GetResponse;
            unary set(cache_client::SetRequest) -> cache_client::SetResponse;
            stream set_batch(cache_client::SetBatchRequest) -> cache_client::SetResponse;
            unary set_if(cache_client::SetIfRequest) -> cache_client::SetIfResponse;
            unary set_if_hash(cache_client::SetIfHashRequest) -> cache_client::SetIfHashResponse;
            unary set_if_not_exists(cache_client::SetIfNotExistsRequest) -> cache_client::SetIfNotExistsResponse;
            unary delete(cache_client::DeleteRequest) -> cache_client::DeleteResponse;
            unary keys_exist(cache_client::KeysExistRequest) -> cache_client::KeysExistResponse;
            unary increment(cache_client::IncrementRequest) -> cache_client::IncrementResponse;
            unary update_ttl(cache_client::UpdateTtlRequest) -> cache_client::UpdateTtlResponse;
            unary item_get_ttl(cache_client::ItemGetTtlRequest) -> cache_client::ItemGetTtlResponse;
            unary item_get_type(cache_client::ItemGetTypeRequest) -> cache_client::ItemGetTypeResponse;
            unary dictionary_get(cache_client::DictionaryGetRequest) -> cache_client::DictionaryGetResponse;
            unary dictionary_fetch(cache_client::DictionaryFetchRequest) -> cache_client::DictionaryFetchResponse;
            unary dictionary_set(cache_client::DictionarySetRequest) -> cache_client::DictionarySetResponse;
            unary dictionary_increment(cache_client::DictionaryIncrementRequest) -> cache_client::DictionaryIncrementResponse;
            unary dictionary_delete(cache_client::DictionaryDeleteRequest) -> cache_client::DictionaryDeleteResponse;
            unary dictionary_length(cache_client::DictionaryLengthRequest) -> cache_client::DictionaryLengthResponse;
            unary set_fetch(cache_client::SetFetchRequest) -> cache_client::SetFetchResponse;
            unary set_sample(cache_client::SetSampleRequest) -> cache_client::SetSampleResponse;
            unary set_union(cache_client::SetUnionRequest) -> cache_client::SetUnionResponse;
            unary set_difference(cache_client::SetDifferenceRequest) -> cache_client::SetDifferenceResponse;
            unary set_contains(cache_client::SetContainsRequest) -> cache_client::SetContainsResponse;
            unary set_length(cache_client::SetLengthRequest) -> cache_client::SetLengthResponse;
            unary set_pop(cache_client::SetPopRequest) -> cache_client::SetPopResponse;
            unary list_push_front(cache_client::ListPushFrontRequest) -> cache_client::ListPushFrontResponse;
            unary list_push_back(cache_client::ListPushBackRequest) -> cache_client::ListPushBackResponse;
            unary list_pop_front(cache_client::ListPopFrontRequest) -> cache_client::ListPopFrontResponse;
            unary list_pop_back(cache_client::ListPopBackRequest) -> cache_client::ListPopBackResponse;
            unary list_erase(cache_client::ListEraseRequest) -> cache_client::ListEraseResponse;
            unary list_remove(cache_client::ListRemoveRequest) -> cache_client::ListRemoveResponse;
            unary list_fetch(cache_client::ListFetchRequest) -> cache_client::ListFetchResponse;
            unary list_length(cache_client::ListLengthRequest) -> cache_client::ListLengthResponse;
            unary list_concatenate_front(cache_client::ListConcatenateFrontRequest) -> cache_client::ListConcatenateFrontResponse;
            unary list_concatenate_back(cache_client::ListConcatenateBackRequest) -> cache_client::ListConcatenateBackResponse;
            unary list_retain(cache_client::ListRetainRequest) -> cache_client::ListRetainResponse;
            unary sorted_set_put(cache_client::SortedSetPutRequest) -> cache_client::SortedSetPutResponse;
            unary sorted_set_fetch(cache_client::SortedSetFetchRequest) -> cache_client::SortedSetFetchResponse;
            unary sorted_set_get_score(cache_client::SortedSetGetScoreRequest) -> cache_client::SortedSetGetScoreResponse;
            unary sorted_set_remove(cache_client::SortedSetRemoveRequest) -> cache_client::SortedSetRemoveResponse;
            unary sorted_set_increment(cache_client::SortedSetIncrementRequest) -> cache_client::SortedSetIncrementResponse;
            unary sorted_set_get_rank(cache_client::SortedSetGetRankRequest) -> cache_client::SortedSetGetRankResponse;
            unary sorted_set_length(cache_client::SortedSetLengthRequest) -> cache_client::SortedSetLengthResponse;
            unary sorted_set_length_by_score(cache_client::SortedSetLengthByScoreRequest) -> cache_client::SortedSetLengthByScoreResponse;
            unary sorted_set_union_store(cache_client::SortedSetUnionStoreRequest) -> cache_client::SortedSetUnionStoreResponse;
        }
        ScsControlClient {
            unary create_cache(control_client::CreateCacheRequest) -> control_client::CreateCacheResponse;
            unary delete_cache(control_client::DeleteCacheRequest) -> control_client::DeleteCacheResponse;
            unary list_caches(control_client::ListCachesRequest) -> control_client::ListCachesResponse;
            unary flush_cache(control_client::FlushCacheRequest) -> control_client::FlushCacheResponse;
        }
        PubsubClient {
            unary publish(cache_client::pubsub::PublishRequest) -> common::Empty;
            stream subscribe(cache_client::pubsub::SubscriptionRequest) -> cache_client::pubsub::SubscriptionItem;
        }
        TokenClient {
            unary generate_disposable_token(token::GenerateDisposableTokenRequest) -> token::GenerateDisposableTokenResponse;
        }
        AuthClient {
            unary generate_api_token(auth::GenerateApiTokenRequest) -> auth::GenerateApiTokenResponse;
            unary refresh_api_token(auth::RefreshApiTokenRequest) -> auth::RefreshApiTokenResponse;
        }
    }
}
