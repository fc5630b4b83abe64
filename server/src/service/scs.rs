//! The `cache_client.Scs` trait implementation: resolves the cache header, checks the
//! caller's grant against every item the request touches, then delegates each RPC to its
//! family handler.

use std::pin::Pin;
use std::sync::Arc;

use edgecache_proto::cache_client::scs_server::Scs;
use edgecache_proto::cache_client::*;
use futures_util::{Stream, StreamExt, stream};
use tonic::{Request, Response, Status};

use super::{ScsService, cache_name, dictionary, list, scalar, set, sorted_set};
use crate::auth::{self, access};
use crate::conn::ConnState;
use crate::faults::{DropKind, StreamFaults};

/// A finished batch, replayed as a server stream.
type BatchStream<T> = Pin<Box<dyn Stream<Item = Result<T, Status>> + Send>>;

/// The batch's answers as a stream, cut as the stream faults in force now say: ended
/// normally after `stream_end_after_items` answers, or its connection dropped after
/// `stream_drop_connection_after_items`.
fn batch<T: Send + 'static>(
    responses: Vec<T>,
    faults: StreamFaults,
    conn: Option<Arc<ConnState>>,
) -> Response<BatchStream<T>> {
    let count = responses.len();
    let mut answers: BatchStream<T> = Box::pin(stream::iter(responses.into_iter().map(Ok)));
    if let Some(n) = faults.end_after_items {
        answers = Box::pin(answers.take(usize::try_from(n).unwrap_or(usize::MAX)));
    }
    if let (Some(n), Some(conn)) = (faults.drop_connection_after_items, conn) {
        let n = usize::try_from(n).unwrap_or(usize::MAX);
        if n < count {
            let kind = faults.drop_kind;
            let cut = stream::once(async move {
                match kind {
                    DropKind::Reset => {
                        conn.kill();
                        // The connection task drops this stream together with the socket.
                        std::future::pending().await
                    }
                    DropKind::Goaway => {
                        conn.go_away();
                        Err(Status::unavailable(
                            "edgecache-server: the connection is going away",
                        ))
                    }
                }
            });
            answers = Box::pin(answers.take(n).chain(cut));
        }
    }
    Response::new(answers)
}

/// Generates the trait impl: one unary method per `name(Request) -> Response => handler` line,
/// plus the two hand-written streaming methods. The macro emits the `async_trait` attribute
/// itself so the attribute sees the expanded methods.
macro_rules! scs_service {
    ($($method:ident($req:ty) -> $resp:ty => $handler:path;)*) => {
        #[tonic::async_trait]
        impl Scs for ScsService {
            $(
                async fn $method(
                    &self,
                    request: Request<$req>,
                ) -> Result<Response<$resp>, Status> {
                    let cache = cache_name(&request)?;
                    let grant = auth::grant_of(&request);
                    let request = request.into_inner();
                    access::check(&grant, &cache, &request)?;
                    $handler(&self.store, &cache, request).map(Response::new)
                }
            )*

            type GetBatchStream = BatchStream<GetResponse>;

            async fn get_batch(
                &self,
                request: Request<GetBatchRequest>,
            ) -> Result<Response<Self::GetBatchStream>, Status> {
                let conn = request.extensions().get::<Arc<ConnState>>().cloned();
                let cache = cache_name(&request)?;
                let grant = auth::grant_of(&request);
                let request = request.into_inner();
                access::check(&grant, &cache, &request)?;
                let answers = scalar::get_batch(&self.store, &cache, request.items)?;
                Ok(batch(answers, self.faults.stream_faults(), conn))
            }

            type SetBatchStream = BatchStream<SetResponse>;

            async fn set_batch(
                &self,
                request: Request<SetBatchRequest>,
            ) -> Result<Response<Self::SetBatchStream>, Status> {
                let conn = request.extensions().get::<Arc<ConnState>>().cloned();
                let cache = cache_name(&request)?;
                let grant = auth::grant_of(&request);
                let request = request.into_inner();
                access::check(&grant, &cache, &request)?;
                let answers = scalar::set_batch(&self.store, &cache, request.items)?;
                Ok(batch(answers, self.faults.stream_faults(), conn))
            }
        }
    };
}

scs_service! {
    get(GetRequest) -> GetResponse => scalar::get;
    get_with_hash(GetWithHashRequest) -> GetWithHashResponse => scalar::get_with_hash;
    set(SetRequest) -> SetResponse => scalar::set;
    set_if(SetIfRequest) -> SetIfResponse => scalar::set_if;
    set_if_hash(SetIfHashRequest) -> SetIfHashResponse => scalar::set_if_hash;
    set_if_not_exists(SetIfNotExistsRequest) -> SetIfNotExistsResponse => scalar::set_if_not_exists;
    delete(DeleteRequest) -> DeleteResponse => scalar::delete;
    keys_exist(KeysExistRequest) -> KeysExistResponse => scalar::keys_exist;
    increment(IncrementRequest) -> IncrementResponse => scalar::increment;
    update_ttl(UpdateTtlRequest) -> UpdateTtlResponse => scalar::update_ttl;
    item_get_ttl(ItemGetTtlRequest) -> ItemGetTtlResponse => scalar::item_get_ttl;
    item_get_type(ItemGetTypeRequest) -> ItemGetTypeResponse => scalar::item_get_type;

    dictionary_get(DictionaryGetRequest) -> DictionaryGetResponse => dictionary::dictionary_get;
    dictionary_fetch(DictionaryFetchRequest) -> DictionaryFetchResponse => dictionary::dictionary_fetch;
    dictionary_set(DictionarySetRequest) -> DictionarySetResponse => dictionary::dictionary_set;
    dictionary_increment(DictionaryIncrementRequest) -> DictionaryIncrementResponse => dictionary::dictionary_increment;
    dictionary_delete(DictionaryDeleteRequest) -> DictionaryDeleteResponse => dictionary::dictionary_delete;
    dictionary_length(DictionaryLengthRequest) -> DictionaryLengthResponse => dictionary::dictionary_length;

    set_fetch(SetFetchRequest) -> SetFetchResponse => set::set_fetch;
    set_sample(SetSampleRequest) -> SetSampleResponse => set::set_sample;
    set_union(SetUnionRequest) -> SetUnionResponse => set::set_union;
    set_difference(SetDifferenceRequest) -> SetDifferenceResponse => set::set_difference;
    set_contains(SetContainsRequest) -> SetContainsResponse => set::set_contains;
    set_length(SetLengthRequest) -> SetLengthResponse => set::set_length;
    set_pop(SetPopRequest) -> SetPopResponse => set::set_pop;

    list_push_front(ListPushFrontRequest) -> ListPushFrontResponse => list::list_push_front;
    list_push_back(ListPushBackRequest) -> ListPushBackResponse => list::list_push_back;
    list_pop_front(ListPopFrontRequest) -> ListPopFrontResponse => list::list_pop_front;
    list_pop_back(ListPopBackRequest) -> ListPopBackResponse => list::list_pop_back;
    list_erase(ListEraseRequest) -> ListEraseResponse => list::list_erase;
    list_remove(ListRemoveRequest) -> ListRemoveResponse => list::list_remove;
    list_fetch(ListFetchRequest) -> ListFetchResponse => list::list_fetch;
    list_length(ListLengthRequest) -> ListLengthResponse => list::list_length;
    list_concatenate_front(ListConcatenateFrontRequest) -> ListConcatenateFrontResponse => list::list_concatenate_front;
    list_concatenate_back(ListConcatenateBackRequest) -> ListConcatenateBackResponse => list::list_concatenate_back;
    list_retain(ListRetainRequest) -> ListRetainResponse => list::list_retain;

    sorted_set_put(SortedSetPutRequest) -> SortedSetPutResponse => sorted_set::sorted_set_put;
    sorted_set_fetch(SortedSetFetchRequest) -> SortedSetFetchResponse => sorted_set::sorted_set_fetch;
    sorted_set_get_score(SortedSetGetScoreRequest) -> SortedSetGetScoreResponse => sorted_set::sorted_set_get_score;
    sorted_set_remove(SortedSetRemoveRequest) -> SortedSetRemoveResponse => sorted_set::sorted_set_remove;
    sorted_set_increment(SortedSetIncrementRequest) -> SortedSetIncrementResponse => sorted_set::sorted_set_increment;
    sorted_set_get_rank(SortedSetGetRankRequest) -> SortedSetGetRankResponse => sorted_set::sorted_set_get_rank;
    sorted_set_length(SortedSetLengthRequest) -> SortedSetLengthResponse => sorted_set::sorted_set_length;
    sorted_set_length_by_score(SortedSetLengthByScoreRequest) -> SortedSetLengthByScoreResponse => sorted_set::sorted_set_length_by_score;
    sorted_set_union_store(SortedSetUnionStoreRequest) -> SortedSetUnionStoreResponse => sorted_set::sorted_set_union_store;
}
