//! The (ours, theirs) type pairs: every message and enum of our schema next to
//! the `momento-protos` type of the same protobuf name, and the checks run on
//! each pair. A pair missing from these tables fails the completeness test.

use std::fmt::Debug;

use prost::{Message, Name};

use crate::samples::Schema;

/// One message type in both crates.
pub struct MessagePair {
    /// Protobuf full name, from our type's `prost::Name`.
    pub full_name: String,
    /// Runs every sample through both types; returns how many samples ran.
    pub check: fn(&Schema) -> Result<usize, String>,
}

/// One enum type in both crates: value number to protobuf value name.
pub struct EnumPair {
    pub full_name: &'static str,
    pub ours: fn(i32) -> Option<&'static str>,
    pub theirs: fn(i32) -> Option<&'static str>,
}

macro_rules! message_pairs {
    ($($($segment:ident)::+),* $(,)?) => {
        vec![$(
            MessagePair {
                full_name: <edgecache_proto::$($segment)::+ as Name>::full_name(),
                check: check_message::<
                    edgecache_proto::$($segment)::+,
                    momento_protos::$($segment)::+,
                >,
            }
        ),*]
    };
}

macro_rules! enum_pairs {
    ($($full_name:literal => $($segment:ident)::+),* $(,)?) => {
        vec![$(
            EnumPair {
                full_name: $full_name,
                ours: |n| edgecache_proto::$($segment)::+::try_from(n).ok().map(|v| v.as_str_name()),
                theirs: |n| momento_protos::$($segment)::+::try_from(n).ok().map(|v| v.as_str_name()),
            }
        ),*]
    };
}

/// Every message of every package we implement.
#[rustfmt::skip]
pub fn message_pairs() -> Vec<MessagePair> {
    message_pairs![
        // common
        common::Present, common::PresentAndNotEqual, common::Absent, common::Equal,
        common::AbsentOrEqual, common::NotEqual, common::Unbounded, common::Empty,
        common::PresentAndNotHashEqual, common::PresentAndHashEqual, common::AbsentOrHashEqual,
        common::AbsentOrNotHashEqual, common::Unconditional,
        // cache_client
        cache_client::GetRequest, cache_client::GetResponse, cache_client::GetWithHashRequest,
        cache_client::GetWithHashResponse, cache_client::get_with_hash_response::Found,
        cache_client::get_with_hash_response::Missing, cache_client::GetBatchRequest,
        cache_client::SetRequest, cache_client::SetResponse, cache_client::SetBatchRequest,
        cache_client::SetIfRequest, cache_client::SetIfResponse,
        cache_client::set_if_response::Stored, cache_client::set_if_response::NotStored,
        cache_client::SetIfHashRequest, cache_client::SetIfHashResponse,
        cache_client::set_if_hash_response::Stored, cache_client::set_if_hash_response::NotStored,
        cache_client::SetIfNotExistsRequest, cache_client::SetIfNotExistsResponse,
        cache_client::set_if_not_exists_response::Stored,
        cache_client::set_if_not_exists_response::NotStored, cache_client::DeleteRequest,
        cache_client::DeleteResponse, cache_client::KeysExistRequest,
        cache_client::KeysExistResponse, cache_client::IncrementRequest,
        cache_client::IncrementResponse, cache_client::UpdateTtlRequest,
        cache_client::UpdateTtlResponse, cache_client::update_ttl_response::Set,
        cache_client::update_ttl_response::NotSet, cache_client::update_ttl_response::Missing,
        cache_client::ItemGetTtlRequest, cache_client::ItemGetTtlResponse,
        cache_client::item_get_ttl_response::Found, cache_client::item_get_ttl_response::Missing,
        cache_client::ItemGetTypeRequest, cache_client::ItemGetTypeResponse,
        cache_client::item_get_type_response::Found, cache_client::item_get_type_response::Missing,
        cache_client::DictionaryGetRequest, cache_client::DictionaryGetResponse,
        cache_client::dictionary_get_response::DictionaryGetResponsePart,
        cache_client::dictionary_get_response::Found,
        cache_client::dictionary_get_response::Missing, cache_client::DictionaryFetchRequest,
        cache_client::DictionaryFieldValuePair, cache_client::DictionaryFetchResponse,
        cache_client::dictionary_fetch_response::Found,
        cache_client::dictionary_fetch_response::Missing, cache_client::DictionarySetRequest,
        cache_client::DictionarySetResponse, cache_client::DictionaryIncrementRequest,
        cache_client::DictionaryIncrementResponse, cache_client::DictionaryDeleteRequest,
        cache_client::dictionary_delete_request::Some, cache_client::dictionary_delete_request::All,
        cache_client::DictionaryDeleteResponse, cache_client::DictionaryLengthRequest,
        cache_client::DictionaryLengthResponse, cache_client::dictionary_length_response::Found,
        cache_client::dictionary_length_response::Missing, cache_client::SetFetchRequest,
        cache_client::SetFetchResponse, cache_client::set_fetch_response::Found,
        cache_client::set_fetch_response::Missing, cache_client::SetSampleRequest,
        cache_client::SetSampleResponse, cache_client::set_sample_response::Found,
        cache_client::set_sample_response::Missing, cache_client::SetUnionRequest,
        cache_client::SetUnionResponse, cache_client::SetDifferenceRequest,
        cache_client::set_difference_request::Minuend,
        cache_client::set_difference_request::Subtrahend,
        cache_client::set_difference_request::subtrahend::Set,
        cache_client::set_difference_request::subtrahend::Identity,
        cache_client::SetDifferenceResponse, cache_client::set_difference_response::Found,
        cache_client::set_difference_response::Missing, cache_client::SetContainsRequest,
        cache_client::SetContainsResponse, cache_client::set_contains_response::Found,
        cache_client::set_contains_response::Missing, cache_client::SetLengthRequest,
        cache_client::SetLengthResponse, cache_client::set_length_response::Found,
        cache_client::set_length_response::Missing, cache_client::SetPopRequest,
        cache_client::SetPopResponse, cache_client::set_pop_response::Found,
        cache_client::set_pop_response::Missing, cache_client::ListPushFrontRequest,
        cache_client::ListPushFrontResponse, cache_client::ListPushBackRequest,
        cache_client::ListPushBackResponse, cache_client::ListPopFrontRequest,
        cache_client::ListPopFrontResponse, cache_client::list_pop_front_response::Found,
        cache_client::list_pop_front_response::Missing, cache_client::ListPopBackRequest,
        cache_client::ListPopBackResponse, cache_client::list_pop_back_response::Found,
        cache_client::list_pop_back_response::Missing, cache_client::ListRange,
        cache_client::ListEraseRequest, cache_client::list_erase_request::All,
        cache_client::list_erase_request::ListRanges, cache_client::ListEraseResponse,
        cache_client::list_erase_response::Found, cache_client::list_erase_response::Missing,
        cache_client::ListRemoveRequest, cache_client::ListRemoveResponse,
        cache_client::list_remove_response::Found, cache_client::list_remove_response::Missing,
        cache_client::ListFetchRequest, cache_client::ListFetchResponse,
        cache_client::list_fetch_response::Found, cache_client::list_fetch_response::Missing,
        cache_client::ListLengthRequest, cache_client::ListLengthResponse,
        cache_client::list_length_response::Found, cache_client::list_length_response::Missing,
        cache_client::ListConcatenateFrontRequest, cache_client::ListConcatenateFrontResponse,
        cache_client::ListConcatenateBackRequest, cache_client::ListConcatenateBackResponse,
        cache_client::ListRetainRequest, cache_client::ListRetainResponse,
        cache_client::list_retain_response::Found, cache_client::list_retain_response::Missing,
        cache_client::SortedSetElement, cache_client::SortedSetPutRequest,
        cache_client::SortedSetPutResponse, cache_client::SortedSetFetchRequest,
        cache_client::sorted_set_fetch_request::ByIndex,
        cache_client::sorted_set_fetch_request::ByScore,
        cache_client::sorted_set_fetch_request::by_score::Score,
        cache_client::SortedSetFetchResponse, cache_client::sorted_set_fetch_response::Found,
        cache_client::sorted_set_fetch_response::found::ValuesWithScores,
        cache_client::sorted_set_fetch_response::found::Values,
        cache_client::sorted_set_fetch_response::Missing, cache_client::SortedSetGetScoreRequest,
        cache_client::SortedSetGetScoreResponse,
        cache_client::sorted_set_get_score_response::SortedSetGetScoreResponsePart,
        cache_client::sorted_set_get_score_response::SortedSetFound,
        cache_client::sorted_set_get_score_response::SortedSetMissing,
        cache_client::SortedSetRemoveRequest, cache_client::sorted_set_remove_request::All,
        cache_client::sorted_set_remove_request::Some, cache_client::SortedSetRemoveResponse,
        cache_client::SortedSetIncrementRequest, cache_client::SortedSetIncrementResponse,
        cache_client::SortedSetGetRankRequest, cache_client::SortedSetGetRankResponse,
        cache_client::sorted_set_get_rank_response::RankResponsePart,
        cache_client::sorted_set_get_rank_response::SortedSetMissing,
        cache_client::SortedSetLengthRequest, cache_client::SortedSetLengthResponse,
        cache_client::sorted_set_length_response::Found,
        cache_client::sorted_set_length_response::Missing,
        cache_client::SortedSetLengthByScoreRequest, cache_client::SortedSetLengthByScoreResponse,
        cache_client::sorted_set_length_by_score_response::Found,
        cache_client::sorted_set_length_by_score_response::Missing,
        cache_client::SortedSetUnionStoreRequest,
        cache_client::sorted_set_union_store_request::Source,
        cache_client::SortedSetUnionStoreResponse,
       
        // cache_client::pubsub
        cache_client::pubsub::PublishRequest, cache_client::pubsub::SubscriptionRequest,
        cache_client::pubsub::SubscriptionItem, cache_client::pubsub::TopicItem,
        cache_client::pubsub::TopicValue, cache_client::pubsub::Discontinuity,
        cache_client::pubsub::Heartbeat,
        // control_client
        control_client::CreateCacheRequest, control_client::CreateCacheResponse,
        control_client::DeleteCacheRequest, control_client::DeleteCacheResponse,
        control_client::ListCachesRequest, control_client::ListCachesResponse,
        control_client::Cache, control_client::CacheLimits, control_client::TopicLimits,
        control_client::FlushCacheRequest, control_client::FlushCacheResponse,
        // permission_messages
        permission_messages::Permissions, permission_messages::ExplicitPermissions,
        permission_messages::PermissionsType, permission_messages::permissions_type::All,
        permission_messages::permissions_type::CacheSelector,
        permission_messages::permissions_type::CacheItemSelector,
        permission_messages::permissions_type::CachePermissions,
        permission_messages::permissions_type::TopicSelector,
        permission_messages::permissions_type::TopicPermissions,
        permission_messages::permissions_type::FunctionSelector,
        permission_messages::permissions_type::FunctionPermissions,
        // token
        token::GenerateDisposableTokenRequest, token::generate_disposable_token_request::Expires,
        token::GenerateDisposableTokenResponse,
        // auth
        auth::GenerateApiTokenRequest, auth::generate_api_token_request::Never,
        auth::generate_api_token_request::Expires, auth::GenerateApiTokenResponse,
        auth::RefreshApiTokenRequest, auth::RefreshApiTokenResponse,
    ]
}

/// Every enum of every package we implement.
#[rustfmt::skip]
pub fn enum_pairs() -> Vec<EnumPair> {
    enum_pairs![
        "cache_client._ItemGetTypeResponse.ItemType" => cache_client::item_get_type_response::ItemType,
        "cache_client._SortedSetFetchRequest.Order" => cache_client::sorted_set_fetch_request::Order,
        "cache_client._SortedSetGetRankRequest.Order" => cache_client::sorted_set_get_rank_request::Order,
        "cache_client._SortedSetUnionStoreRequest.AggregateFunction" => cache_client::sorted_set_union_store_request::AggregateFunction,
        "cache_client.ECacheResult" => cache_client::ECacheResult,
        "permission_messages.CacheRole" => permission_messages::CacheRole,
        "permission_messages.TopicRole" => permission_messages::TopicRole,
        "permission_messages.FunctionRole" => permission_messages::FunctionRole,
        "permission_messages.SuperUserPermissions" => permission_messages::SuperUserPermissions,
    ]
}

/// Decodes each sample with both types and compares what they read.
///
/// `Debug` output names the struct, every field, every oneof arm and every
/// enum value, and prints each value in its declared type, so equal output
/// means both sides read the same fields under the same names, numbers and
/// types. Then each side's re-encoding must decode on the other side to an
/// equal value (ours to theirs, theirs to ours).
pub fn check_message<O, T>(schema: &Schema) -> Result<usize, String>
where
    O: Message + Name + Default + PartialEq + Debug,
    T: Message + Default + PartialEq + Debug,
{
    let name = O::full_name();
    let samples = schema.samples(&name);
    for (k, sample) in samples.iter().enumerate() {
        let at = format!("{name} (sample {k}, bytes {sample:02x?})");
        let ours =
            O::decode(sample.as_slice()).map_err(|e| format!("{at}: ours rejects it: {e}"))?;
        let theirs = T::decode(sample.as_slice())
            .map_err(|e| format!("{at}: momento-protos rejects it: {e}"))?;
        if !schema.messages[&name].field.is_empty() && ours == O::default() {
            return Err(format!("{at}: the sample sets no field"));
        }
        let (read_by_ours, read_by_theirs) = (format!("{ours:?}"), format!("{theirs:?}"));
        if read_by_ours != read_by_theirs {
            return Err(format!(
                "{at} reads differently\n    ours:           {read_by_ours}\n    momento-protos: {read_by_theirs}"
            ));
        }
        let theirs_from_ours = T::decode(ours.encode_to_vec().as_slice())
            .map_err(|e| format!("{at}: momento-protos rejects our encoding: {e}"))?;
        if theirs_from_ours != theirs {
            return Err(format!(
                "{at}: our encoding reads as {theirs_from_ours:?} in momento-protos"
            ));
        }
        let ours_from_theirs = O::decode(theirs.encode_to_vec().as_slice())
            .map_err(|e| format!("{at}: ours rejects the momento-protos encoding: {e}"))?;
        if ours_from_theirs != ours {
            return Err(format!(
                "{at}: the momento-protos encoding reads as {ours_from_theirs:?} in ours"
            ));
        }
    }
    Ok(samples.len())
}
