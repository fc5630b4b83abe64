//! The permission matrix: every RPC the server answers, called with each of eleven
//! credentials, is allowed or refused with exactly the status the credential's scope says;
//! after every refusal the store is read back unchanged.
//!
//! Credentials: a super user; disposable tokens for read-write on cache `c1`, read-only on
//! key `k`, write-only on keys starting with `k`, subscribe-only on topic `news/t1`,
//! publish-only on topics starting with `news/`; and credentials that are expired, badly
//! signed, unsigned (`alg: none`), signed with another server's secret, or absent.
//!
//! Each item RPC touches one key of `c1`: scalars `k`, dictionaries `kd`, sets `ks`, lists
//! `kl`, sorted sets `kz`. The expected outcome comes from this file's own model of the
//! scopes, written down independently of the server's code.
//!
//! Run with `--nocapture` to see the matrix and its counts.

mod auth_support;

use std::collections::BTreeMap;

use auth_support::*;
use edgecache_proto::auth::generate_api_token_request::{Expiry, Never};
use edgecache_proto::auth::{
    GenerateApiTokenRequest, GenerateApiTokenResponse, RefreshApiTokenRequest,
};
use edgecache_proto::cache_client::pubsub::{
    PublishRequest, SubscriptionRequest, TopicValue, topic_value,
};
use edgecache_proto::cache_client::*;
use edgecache_proto::common;
use edgecache_proto::control_client::{
    CreateCacheRequest, DeleteCacheRequest, FlushCacheRequest, ListCachesRequest,
    ListCachesResponse,
};
use edgecache_proto::permission_messages::{CacheRole, TopicRole};
use edgecache_server::ServerHandle;
use prost::Message;
use tonic::Code;
use tonic::transport::Channel;

const CACHE: &str = "c1";
const SPARE: &str = "c2";
const TOPIC: &str = "news/t1";
const TTL: u64 = 600_000;

/// What a row needs of its resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Need {
    Read,
    Write,
    ReadWrite,
}

/// What an RPC touches.
#[derive(Debug, Clone, Copy)]
enum Target {
    Item(&'static str, Need),
    Topic(Need),
    /// Cache management.
    Control,
    /// No credential needed.
    Ping,
    /// GenerateDisposableToken / GenerateApiToken: the credential travels in the body.
    Mint,
    /// RefreshApiToken: the credential is the key to renew.
    Refresh,
}

/// Encodes a row's request for a credential (which the token RPCs carry in the body).
type EncodeFor = Box<dyn Fn(&str) -> Vec<u8>>;

struct Row {
    path: &'static str,
    target: Target,
    /// The encoded request, given the credential (which the token RPCs carry in the body).
    message: EncodeFor,
}

fn row<M: Message + 'static>(path: &'static str, target: Target, message: M) -> Row {
    let bytes = message.encode_to_vec();
    Row {
        path,
        target,
        message: Box::new(move |_| bytes.clone()),
    }
}

fn b(text: &str) -> Vec<u8> {
    text.as_bytes().to_vec()
}

fn rows(refresh_token: String) -> Vec<Row> {
    use Need::*;
    use Target::Item;
    let scs = |name: &'static str| -> &'static str { name };
    vec![
        row(
            scs("/cache_client.Scs/Get"),
            Item("k", Read),
            GetRequest { cache_key: b("k") },
        ),
        row(
            "/cache_client.Scs/GetWithHash",
            Item("k", Read),
            GetWithHashRequest { cache_key: b("k") },
        ),
        row(
            "/cache_client.Scs/GetBatch",
            Item("k", Read),
            GetBatchRequest {
                items: vec![GetRequest { cache_key: b("k") }],
            },
        ),
        row(
            "/cache_client.Scs/Set",
            Item("k", Write),
            SetRequest {
                cache_key: b("k"),
                cache_body: b("2"),
                ttl_milliseconds: TTL,
            },
        ),
        row(
            "/cache_client.Scs/SetBatch",
            Item("k", Write),
            SetBatchRequest {
                items: vec![SetRequest {
                    cache_key: b("k"),
                    cache_body: b("2"),
                    ttl_milliseconds: TTL,
                }],
            },
        ),
        row(
            "/cache_client.Scs/SetIf",
            Item("k", ReadWrite),
            SetIfRequest {
                cache_key: b("k"),
                cache_body: b("2"),
                ttl_milliseconds: TTL,
                condition: Some(set_if_request::Condition::Present(common::Present {})),
            },
        ),
        row(
            "/cache_client.Scs/SetIfHash",
            Item("k", ReadWrite),
            SetIfHashRequest {
                cache_key: b("k"),
                cache_body: b("2"),
                ttl_milliseconds: TTL,
                condition: Some(set_if_hash_request::Condition::Unconditional(
                    common::Unconditional {},
                )),
            },
        ),
        row(
            "/cache_client.Scs/SetIfNotExists",
            Item("k", ReadWrite),
            SetIfNotExistsRequest {
                cache_key: b("k"),
                cache_body: b("2"),
                ttl_milliseconds: TTL,
            },
        ),
        row(
            "/cache_client.Scs/Delete",
            Item("k", Write),
            DeleteRequest { cache_key: b("k") },
        ),
        row(
            "/cache_client.Scs/KeysExist",
            Item("k", Read),
            KeysExistRequest {
                cache_keys: vec![b("k")],
            },
        ),
        row(
            "/cache_client.Scs/Increment",
            Item("k", ReadWrite),
            IncrementRequest {
                cache_key: b("k"),
                amount: 1,
                ttl_milliseconds: TTL,
            },
        ),
        row(
            "/cache_client.Scs/UpdateTtl",
            Item("k", ReadWrite),
            UpdateTtlRequest {
                cache_key: b("k"),
                update_ttl: Some(update_ttl_request::UpdateTtl::OverwriteToMilliseconds(
                    TTL * 3,
                )),
            },
        ),
        row(
            "/cache_client.Scs/ItemGetTtl",
            Item("k", Read),
            ItemGetTtlRequest { cache_key: b("k") },
        ),
        row(
            "/cache_client.Scs/ItemGetType",
            Item("k", Read),
            ItemGetTypeRequest { cache_key: b("k") },
        ),
        row(
            "/cache_client.Scs/DictionaryGet",
            Item("kd", Read),
            DictionaryGetRequest {
                dictionary_name: b("kd"),
                fields: vec![b("f")],
            },
        ),
        row(
            "/cache_client.Scs/DictionaryFetch",
            Item("kd", Read),
            DictionaryFetchRequest {
                dictionary_name: b("kd"),
            },
        ),
        row(
            "/cache_client.Scs/DictionarySet",
            Item("kd", Write),
            DictionarySetRequest {
                dictionary_name: b("kd"),
                items: vec![DictionaryFieldValuePair {
                    field: b("g"),
                    value: b("2"),
                }],
                ttl_milliseconds: TTL,
                refresh_ttl: true,
            },
        ),
        row(
            "/cache_client.Scs/DictionaryIncrement",
            Item("kd", ReadWrite),
            DictionaryIncrementRequest {
                dictionary_name: b("kd"),
                field: b("f"),
                amount: 1,
                ttl_milliseconds: TTL,
                refresh_ttl: true,
            },
        ),
        row(
            "/cache_client.Scs/DictionaryDelete",
            Item("kd", Write),
            DictionaryDeleteRequest {
                dictionary_name: b("kd"),
                delete: Some(dictionary_delete_request::Delete::All(
                    dictionary_delete_request::All {},
                )),
            },
        ),
        row(
            "/cache_client.Scs/DictionaryLength",
            Item("kd", Read),
            DictionaryLengthRequest {
                dictionary_name: b("kd"),
            },
        ),
        row(
            "/cache_client.Scs/SetFetch",
            Item("ks", Read),
            SetFetchRequest { set_name: b("ks") },
        ),
        row(
            "/cache_client.Scs/SetSample",
            Item("ks", Read),
            SetSampleRequest {
                set_name: b("ks"),
                limit: 1,
            },
        ),
        row(
            "/cache_client.Scs/SetUnion",
            Item("ks", Write),
            SetUnionRequest {
                set_name: b("ks"),
                elements: vec![b("c")],
                ttl_milliseconds: TTL,
                refresh_ttl: true,
            },
        ),
        row(
            "/cache_client.Scs/SetDifference",
            Item("ks", Write),
            SetDifferenceRequest {
                set_name: b("ks"),
                difference: Some(set_difference_request::Difference::Subtrahend(
                    set_difference_request::Subtrahend {
                        subtrahend_set: Some(
                            set_difference_request::subtrahend::SubtrahendSet::Set(
                                set_difference_request::subtrahend::Set {
                                    elements: vec![b("a")],
                                },
                            ),
                        ),
                    },
                )),
            },
        ),
        row(
            "/cache_client.Scs/SetContains",
            Item("ks", Read),
            SetContainsRequest {
                set_name: b("ks"),
                elements: vec![b("a")],
            },
        ),
        row(
            "/cache_client.Scs/SetLength",
            Item("ks", Read),
            SetLengthRequest { set_name: b("ks") },
        ),
        row(
            "/cache_client.Scs/SetPop",
            Item("ks", ReadWrite),
            SetPopRequest {
                set_name: b("ks"),
                count: 1,
            },
        ),
        row(
            "/cache_client.Scs/ListPushFront",
            Item("kl", Write),
            ListPushFrontRequest {
                list_name: b("kl"),
                value: b("z"),
                ttl_milliseconds: TTL,
                refresh_ttl: true,
                truncate_back_to_size: 0,
            },
        ),
        row(
            "/cache_client.Scs/ListPushBack",
            Item("kl", Write),
            ListPushBackRequest {
                list_name: b("kl"),
                value: b("z"),
                ttl_milliseconds: TTL,
                refresh_ttl: true,
                truncate_front_to_size: 0,
            },
        ),
        row(
            "/cache_client.Scs/ListPopFront",
            Item("kl", ReadWrite),
            ListPopFrontRequest { list_name: b("kl") },
        ),
        row(
            "/cache_client.Scs/ListPopBack",
            Item("kl", ReadWrite),
            ListPopBackRequest { list_name: b("kl") },
        ),
        row(
            "/cache_client.Scs/ListErase",
            Item("kl", Write),
            ListEraseRequest {
                list_name: b("kl"),
                erase: Some(list_erase_request::Erase::All(list_erase_request::All {})),
            },
        ),
        row(
            "/cache_client.Scs/ListRemove",
            Item("kl", Write),
            ListRemoveRequest {
                list_name: b("kl"),
                remove: Some(list_remove_request::Remove::AllElementsWithValue(b("a"))),
            },
        ),
        row(
            "/cache_client.Scs/ListFetch",
            Item("kl", Read),
            ListFetchRequest {
                list_name: b("kl"),
                start_index: None,
                end_index: None,
            },
        ),
        row(
            "/cache_client.Scs/ListLength",
            Item("kl", Read),
            ListLengthRequest { list_name: b("kl") },
        ),
        row(
            "/cache_client.Scs/ListConcatenateFront",
            Item("kl", Write),
            ListConcatenateFrontRequest {
                list_name: b("kl"),
                values: vec![b("y")],
                ttl_milliseconds: TTL,
                refresh_ttl: true,
                truncate_back_to_size: 0,
            },
        ),
        row(
            "/cache_client.Scs/ListConcatenateBack",
            Item("kl", Write),
            ListConcatenateBackRequest {
                list_name: b("kl"),
                values: vec![b("y")],
                ttl_milliseconds: TTL,
                refresh_ttl: true,
                truncate_front_to_size: 0,
            },
        ),
        row(
            "/cache_client.Scs/ListRetain",
            Item("kl", Write),
            ListRetainRequest {
                list_name: b("kl"),
                ttl_milliseconds: TTL,
                refresh_ttl: true,
                start_index: Some(list_retain_request::StartIndex::InclusiveStart(0)),
                end_index: Some(list_retain_request::EndIndex::ExclusiveEnd(1)),
            },
        ),
        row(
            "/cache_client.Scs/SortedSetPut",
            Item("kz", Write),
            SortedSetPutRequest {
                set_name: b("kz"),
                elements: vec![SortedSetElement {
                    value: b("c"),
                    score: 3.0,
                }],
                ttl_milliseconds: TTL,
                refresh_ttl: true,
            },
        ),
        row(
            "/cache_client.Scs/SortedSetFetch",
            Item("kz", Read),
            SortedSetFetchRequest {
                set_name: b("kz"),
                order: 0,
                with_scores: true,
                range: None,
            },
        ),
        row(
            "/cache_client.Scs/SortedSetGetScore",
            Item("kz", Read),
            SortedSetGetScoreRequest {
                set_name: b("kz"),
                values: vec![b("a")],
            },
        ),
        row(
            "/cache_client.Scs/SortedSetRemove",
            Item("kz", Write),
            SortedSetRemoveRequest {
                set_name: b("kz"),
                remove_elements: Some(sorted_set_remove_request::RemoveElements::All(
                    sorted_set_remove_request::All {},
                )),
            },
        ),
        row(
            "/cache_client.Scs/SortedSetIncrement",
            Item("kz", ReadWrite),
            SortedSetIncrementRequest {
                set_name: b("kz"),
                value: b("a"),
                amount: 1.0,
                ttl_milliseconds: TTL,
                refresh_ttl: true,
            },
        ),
        row(
            "/cache_client.Scs/SortedSetGetRank",
            Item("kz", Read),
            SortedSetGetRankRequest {
                set_name: b("kz"),
                value: b("a"),
                order: 0,
            },
        ),
        row(
            "/cache_client.Scs/SortedSetLength",
            Item("kz", Read),
            SortedSetLengthRequest { set_name: b("kz") },
        ),
        row(
            "/cache_client.Scs/SortedSetLengthByScore",
            Item("kz", Read),
            SortedSetLengthByScoreRequest {
                set_name: b("kz"),
                min: None,
                max: None,
            },
        ),
        row(
            "/cache_client.Scs/SortedSetUnionStore",
            Item("kz", ReadWrite),
            SortedSetUnionStoreRequest {
                set_name: b("kz"),
                sources: vec![sorted_set_union_store_request::Source {
                    set_name: b("kz"),
                    weight: 2.0,
                }],
                aggregate: 0,
                ttl_milliseconds: TTL,
            },
        ),
        row(
            "/control_client.ScsControl/CreateCache",
            Target::Control,
            CreateCacheRequest {
                cache_name: "c-new".into(),
            },
        ),
        row(
            "/control_client.ScsControl/DeleteCache",
            Target::Control,
            DeleteCacheRequest {
                cache_name: SPARE.into(),
            },
        ),
        row(
            "/control_client.ScsControl/ListCaches",
            Target::Control,
            ListCachesRequest {
                next_token: String::new(),
            },
        ),
        row(
            "/control_client.ScsControl/FlushCache",
            Target::Control,
            FlushCacheRequest {
                cache_name: CACHE.into(),
            },
        ),
        row("/cache_client.Ping/Ping", Target::Ping, PingRequest {}),
        row(
            "/cache_client.pubsub.Pubsub/Publish",
            Target::Topic(Write),
            PublishRequest {
                cache_name: CACHE.into(),
                topic: TOPIC.into(),
                value: Some(TopicValue {
                    kind: Some(topic_value::Kind::Text("hello".into())),
                }),
            },
        ),
        row(
            "/cache_client.pubsub.Pubsub/Subscribe",
            Target::Topic(Read),
            SubscriptionRequest {
                cache_name: CACHE.into(),
                topic: TOPIC.into(),
                resume_at_topic_sequence_number: 0,
                sequence_page: 0,
            },
        ),
        Row {
            path: "/token.Token/GenerateDisposableToken",
            target: Target::Mint,
            message: Box::new(|credential| {
                let mut request = disposable_request(
                    explicit(vec![cache_permission(
                        CacheRole::CacheReadOnly,
                        CACHE,
                        Items::Key("k"),
                    )]),
                    60,
                    "",
                );
                request.auth_token = credential.to_owned();
                request.encode_to_vec()
            }),
        },
        Row {
            path: "/auth.Auth/GenerateApiToken",
            target: Target::Mint,
            message: Box::new(|credential| api_key_request(credential).encode_to_vec()),
        },
        Row {
            path: "/auth.Auth/RefreshApiToken",
            target: Target::Refresh,
            message: Box::new(move |credential| {
                RefreshApiTokenRequest {
                    api_key: credential.to_owned(),
                    refresh_token: refresh_token.clone(),
                }
                .encode_to_vec()
            }),
        },
    ]
}

fn api_key_request(credential: &str) -> GenerateApiTokenRequest {
    GenerateApiTokenRequest {
        expiry: Some(Expiry::Never(Never {})),
        auth_token: credential.to_owned(),
        permissions: Some(explicit(vec![cache_permission(
            CacheRole::CacheReadOnly,
            CACHE,
            Items::Key("k"),
        )])),
        token_id: String::new(),
        description: String::new(),
    }
}

/// How the test models a credential.
enum Model {
    SuperUser,
    /// A disposable token: may it do this to this item or topic?
    Disposable(fn(Target) -> bool),
    Refused,
}

struct Credential {
    name: &'static str,
    /// `None`: no credential at all.
    value: Option<String>,
    model: Model,
}

fn expected(credential: &Credential, target: Target) -> Code {
    match (&credential.model, target) {
        (_, Target::Ping) => Code::Ok,
        (_, Target::Refresh) => Code::Unauthenticated,
        (Model::Refused, _) => Code::Unauthenticated,
        (Model::SuperUser, _) => Code::Ok,
        (Model::Disposable(_), Target::Control | Target::Mint) => Code::PermissionDenied,
        (Model::Disposable(allows), target) => {
            if allows(target) {
                Code::Ok
            } else {
                Code::PermissionDenied
            }
        }
    }
}

async fn credentials(channel: &Channel) -> Vec<Credential> {
    let key = super_user_key();
    let mint = |permissions| {
        let key = key.clone();
        async move {
            generate_disposable_token(
                channel,
                &key,
                disposable_request(permissions, 600, "matrix"),
            )
            .await
            .expect("minted")
            .api_key
        }
    };
    let cache = |role, items| explicit(vec![cache_permission(role, CACHE, items)]);
    let topic = |role, name, prefix| explicit(vec![topic_permission(role, CACHE, name, prefix)]);
    let mut all = vec![
        Credential {
            name: "super user",
            value: Some(key.clone()),
            model: Model::SuperUser,
        },
        Credential {
            name: "read-write c1",
            value: Some(mint(cache(CacheRole::CacheReadWrite, Items::All)).await),
            model: Model::Disposable(|t| matches!(t, Target::Item(..))),
        },
        Credential {
            name: "read-only key k",
            value: Some(mint(cache(CacheRole::CacheReadOnly, Items::Key("k"))).await),
            model: Model::Disposable(|t| matches!(t, Target::Item("k", Need::Read))),
        },
        Credential {
            name: "write-only prefix k",
            value: Some(mint(cache(CacheRole::CacheWriteOnly, Items::Prefix("k"))).await),
            model: Model::Disposable(
                |t| matches!(t, Target::Item(key, Need::Write) if key.starts_with('k')),
            ),
        },
        Credential {
            name: "subscribe-only news/t1",
            value: Some(mint(topic(TopicRole::TopicReadOnly, TOPIC, false)).await),
            model: Model::Disposable(|t| matches!(t, Target::Topic(Need::Read))),
        },
        Credential {
            name: "publish-only news/*",
            value: Some(mint(topic(TopicRole::TopicWriteOnly, "news/", true)).await),
            model: Model::Disposable(|t| matches!(t, Target::Topic(Need::Write))),
        },
    ];
    for (name, value) in bad_credentials() {
        let name = match name {
            "expired" => "expired",
            "bad signature" => "bad signature",
            "unsigned" => "unsigned",
            "other secret" => "other secret",
            _ => continue,
        };
        all.push(Credential {
            name,
            value: Some(value),
            model: Model::Refused,
        });
    }
    all.push(Credential {
        name: "no header",
        value: None,
        model: Model::Refused,
    });
    assert_eq!(all.len(), 11);
    all
}

async fn call(channel: &Channel, row: &Row, credential: &Credential) -> Code {
    let value = credential.value.as_deref();
    let in_body = matches!(row.target, Target::Mint | Target::Refresh);
    let message = (row.message)(if in_body {
        value.unwrap_or_default()
    } else {
        ""
    });
    let header = if in_body { None } else { value };
    let cache = row.path.starts_with("/cache_client.Scs/").then_some(CACHE);
    match raw_call(channel, row.path, message, cache, header).await {
        Ok(_) => Code::Ok,
        Err(status) => {
            let code = status.code();
            if code == Code::PermissionDenied {
                assert!(
                    status.message().starts_with("Insufficient permissions"),
                    "{status:?}"
                );
            }
            code
        }
    }
}

/// Calls with the super-user key; panics on failure.
async fn admin(
    channel: &Channel,
    path: &'static str,
    message: impl Message,
    cache: Option<&str>,
) -> Vec<Vec<u8>> {
    raw_call(
        channel,
        path,
        message.encode_to_vec(),
        cache,
        Some(&super_user_key()),
    )
    .await
    .unwrap_or_else(|e| panic!("{path}: {e:?}"))
}

/// Puts the store back in its starting state: `c1` holding one item of each type, `c2`
/// present, `c-new` absent.
async fn seed(channel: &Channel) {
    let _ = raw_call(
        channel,
        "/control_client.ScsControl/DeleteCache",
        DeleteCacheRequest {
            cache_name: "c-new".into(),
        }
        .encode_to_vec(),
        None,
        Some(&super_user_key()),
    )
    .await;
    let _ = raw_call(
        channel,
        "/control_client.ScsControl/CreateCache",
        CreateCacheRequest {
            cache_name: SPARE.into(),
        }
        .encode_to_vec(),
        None,
        Some(&super_user_key()),
    )
    .await;
    admin(
        channel,
        "/control_client.ScsControl/FlushCache",
        FlushCacheRequest {
            cache_name: CACHE.into(),
        },
        None,
    )
    .await;
    let c = Some(CACHE);
    admin(
        channel,
        "/cache_client.Scs/Set",
        SetRequest {
            cache_key: b("k"),
            cache_body: b("1"),
            ttl_milliseconds: TTL,
        },
        c,
    )
    .await;
    admin(
        channel,
        "/cache_client.Scs/DictionarySet",
        DictionarySetRequest {
            dictionary_name: b("kd"),
            items: vec![DictionaryFieldValuePair {
                field: b("f"),
                value: b("1"),
            }],
            ttl_milliseconds: TTL,
            refresh_ttl: true,
        },
        c,
    )
    .await;
    admin(
        channel,
        "/cache_client.Scs/SetUnion",
        SetUnionRequest {
            set_name: b("ks"),
            elements: vec![b("a"), b("b")],
            ttl_milliseconds: TTL,
            refresh_ttl: true,
        },
        c,
    )
    .await;
    admin(
        channel,
        "/cache_client.Scs/ListConcatenateBack",
        ListConcatenateBackRequest {
            list_name: b("kl"),
            values: vec![b("a"), b("b"), b("c")],
            ttl_milliseconds: TTL,
            refresh_ttl: true,
            truncate_front_to_size: 0,
        },
        c,
    )
    .await;
    admin(
        channel,
        "/cache_client.Scs/SortedSetPut",
        SortedSetPutRequest {
            set_name: b("kz"),
            elements: vec![
                SortedSetElement {
                    value: b("a"),
                    score: 1.0,
                },
                SortedSetElement {
                    value: b("b"),
                    score: 2.0,
                },
            ],
            ttl_milliseconds: TTL,
            refresh_ttl: true,
        },
        c,
    )
    .await;
}

/// Everything the matrix could change, read with the super-user key: each item's content
/// and remaining TTL (in whole minutes), the cache names, and the server's counts of topics,
/// published messages and subscriptions opened.
async fn snapshot(server: &ServerHandle, channel: &Channel) -> BTreeMap<String, String> {
    let c = Some(CACHE);
    let mut state = BTreeMap::new();
    let stats = server.stats();
    state.insert(
        "topics".into(),
        format!(
            "{} topics, {} published, {} subscriptions opened",
            stats.topics, stats.messages_published, stats.subscriptions_opened
        ),
    );
    let get = admin(
        channel,
        "/cache_client.Scs/Get",
        GetRequest { cache_key: b("k") },
        c,
    )
    .await;
    state.insert(
        "k".into(),
        format!("{:?}", GetResponse::decode(get[0].as_slice()).unwrap()),
    );
    let dictionary = admin(
        channel,
        "/cache_client.Scs/DictionaryFetch",
        DictionaryFetchRequest {
            dictionary_name: b("kd"),
        },
        c,
    )
    .await;
    let mut fields = match DictionaryFetchResponse::decode(dictionary[0].as_slice())
        .unwrap()
        .dictionary
    {
        Some(dictionary_fetch_response::Dictionary::Found(found)) => found
            .items
            .iter()
            .map(|i| format!("{:?}={:?}", i.field, i.value))
            .collect(),
        other => vec![format!("{other:?}")],
    };
    fields.sort();
    state.insert("kd".into(), fields.join(","));
    let set = admin(
        channel,
        "/cache_client.Scs/SetFetch",
        SetFetchRequest { set_name: b("ks") },
        c,
    )
    .await;
    let mut elements = match SetFetchResponse::decode(set[0].as_slice()).unwrap().set {
        Some(set_fetch_response::Set::Found(found)) => {
            found.elements.iter().map(|e| format!("{e:?}")).collect()
        }
        other => vec![format!("{other:?}")],
    };
    elements.sort();
    state.insert("ks".into(), elements.join(","));
    let list = admin(
        channel,
        "/cache_client.Scs/ListFetch",
        ListFetchRequest {
            list_name: b("kl"),
            start_index: None,
            end_index: None,
        },
        c,
    )
    .await;
    state.insert(
        "kl".into(),
        format!(
            "{:?}",
            ListFetchResponse::decode(list[0].as_slice()).unwrap()
        ),
    );
    let zset = admin(
        channel,
        "/cache_client.Scs/SortedSetFetch",
        SortedSetFetchRequest {
            set_name: b("kz"),
            order: 0,
            with_scores: true,
            range: None,
        },
        c,
    )
    .await;
    state.insert(
        "kz".into(),
        format!(
            "{:?}",
            SortedSetFetchResponse::decode(zset[0].as_slice()).unwrap()
        ),
    );
    for key in ["k", "kd", "ks", "kl", "kz"] {
        let ttl = admin(
            channel,
            "/cache_client.Scs/ItemGetTtl",
            ItemGetTtlRequest { cache_key: b(key) },
            c,
        )
        .await;
        let minutes = match ItemGetTtlResponse::decode(ttl[0].as_slice())
            .unwrap()
            .result
        {
            Some(item_get_ttl_response::Result::Found(found)) => {
                format!("{} min", found.remaining_ttl_millis / 60_000)
            }
            other => format!("{other:?}"),
        };
        state.insert(format!("ttl {key}"), minutes);
    }
    let caches = admin(
        channel,
        "/control_client.ScsControl/ListCaches",
        ListCachesRequest {
            next_token: String::new(),
        },
        None,
    )
    .await;
    let mut names: Vec<_> = ListCachesResponse::decode(caches[0].as_slice())
        .unwrap()
        .cache
        .into_iter()
        .map(|c| c.cache_name)
        .collect();
    names.sort();
    state.insert("caches".into(), names.join(","));
    state
}

fn mark(code: Code) -> &'static str {
    match code {
        Code::Ok => "ok",
        Code::PermissionDenied => "PD",
        Code::Unauthenticated => "UA",
        _ => "??",
    }
}

#[tokio::test]
async fn every_rpc_with_every_credential() {
    let server = server_with_secret(&[CACHE, SPARE]);
    let channel = channel(&server).await;
    let pair = raw_call(
        &channel,
        "/auth.Auth/GenerateApiToken",
        api_key_request(&super_user_key()).encode_to_vec(),
        None,
        None,
    )
    .await
    .expect("a key pair to refresh");
    let refresh_token = GenerateApiTokenResponse::decode(pair[0].as_slice())
        .unwrap()
        .refresh_token;
    let credentials = credentials(&channel).await;
    let rows = rows(refresh_token);

    seed(&channel).await;
    let mut baseline = snapshot(&server, &channel).await;
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut table = format!(
        "| RPC | {} |\n|---|{}\n",
        credentials
            .iter()
            .map(|c| c.name)
            .collect::<Vec<_>>()
            .join(" | "),
        "---|".repeat(credentials.len())
    );
    let mut mismatches = Vec::new();
    for row in &rows {
        let mut line = format!("| `{}` |", row.path.rsplit('/').next().unwrap_or(row.path));
        for credential in &credentials {
            let want = expected(credential, row.target);
            let got = call(&channel, row, credential).await;
            if got != want {
                mismatches.push(format!(
                    "{} with {}: expected {want:?}, got {got:?}",
                    row.path, credential.name
                ));
            }
            if got == Code::Ok {
                seed(&channel).await;
                baseline = snapshot(&server, &channel).await;
            } else {
                let after = snapshot(&server, &channel).await;
                assert_eq!(
                    after, baseline,
                    "{} with {} was refused but changed the store",
                    row.path, credential.name
                );
            }
            *counts.entry(mark(got)).or_default() += 1;
            line.push_str(&format!(" {} |", mark(got)));
        }
        table.push_str(&line);
        table.push('\n');
    }
    let cells = rows.len() * credentials.len();
    println!("{table}");
    println!(
        "permission matrix: {} RPCs x {} credentials = {cells} cells: {} allowed, {} PERMISSION_DENIED, {} UNAUTHENTICATED; the store was unchanged after all {} refusals",
        rows.len(),
        credentials.len(),
        counts.get("ok").copied().unwrap_or(0),
        counts.get("PD").copied().unwrap_or(0),
        counts.get("UA").copied().unwrap_or(0),
        cells - counts.get("ok").copied().unwrap_or(0),
    );
    assert!(
        mismatches.is_empty(),
        "{} cells differ:\n{}",
        mismatches.len(),
        mismatches.join("\n")
    );
}
