//! Tokens minted by edgecache's own `AuthClient`, used by its own `CacheClient`: a matrix of
//! principals × operations × keys in and out of scope, each cell allowed or refused with
//! `PERMISSION_ERROR` as the server's access table says (read, write, or both for
//! conditional writes, increments and pops), and the store checked after each write: the
//! item is there when the call was allowed and absent when it was refused. Run with `--nocapture` for the counts.

mod common;

use std::time::Duration;

use edgecache::auth::{DisposableTokenScope, DisposableTokenScopes, ExpiresIn};
use edgecache::{AuthClient, CacheClient, CacheResult, CredentialProvider, ErrorCode};
use edgecache_server::{AuthSecret, ServerConfig};

const SECRET: &str = "the secret of the SDK auth matrix, 32+ bytes";
const CACHE: &str = "m";

#[derive(Clone, Copy, Debug, PartialEq)]
enum Access {
    Read,
    Write,
    ReadWrite,
}

#[derive(Clone, Copy, Debug)]
enum Op {
    Get,
    KeyExists,
    ItemGetTtl,
    ListFetch,
    DictionaryFetch,
    SetFetch,
    SortedSetLength,
    Set,
    Delete,
    ListPushBack,
    DictionarySetField,
    SetAddElement,
    SortedSetPutElement,
    Increment,
    DictionaryIncrement,
    ListPopFront,
    UpdateTtl,
}

const OPS: [(Op, Access); 17] = [
    (Op::Get, Access::Read),
    (Op::KeyExists, Access::Read),
    (Op::ItemGetTtl, Access::Read),
    (Op::ListFetch, Access::Read),
    (Op::DictionaryFetch, Access::Read),
    (Op::SetFetch, Access::Read),
    (Op::SortedSetLength, Access::Read),
    (Op::Set, Access::Write),
    (Op::Delete, Access::Write),
    (Op::ListPushBack, Access::Write),
    (Op::DictionarySetField, Access::Write),
    (Op::SetAddElement, Access::Write),
    (Op::SortedSetPutElement, Access::Write),
    (Op::Increment, Access::ReadWrite),
    (Op::DictionaryIncrement, Access::ReadWrite),
    (Op::ListPopFront, Access::ReadWrite),
    (Op::UpdateTtl, Access::ReadWrite),
];

/// Whether the operation leaves an item behind when it succeeds.
fn creates(op: Op) -> bool {
    matches!(
        op,
        Op::Set
            | Op::ListPushBack
            | Op::DictionarySetField
            | Op::SetAddElement
            | Op::SortedSetPutElement
            | Op::Increment
            | Op::DictionaryIncrement
    )
}

async fn call(client: &CacheClient, op: Op, key: &str) -> CacheResult<()> {
    let c = CACHE;
    match op {
        Op::Get => client.get(c, key).await.map(drop),
        Op::KeyExists => client.key_exists(c, key).await.map(drop),
        Op::ItemGetTtl => client.item_get_ttl(c, key).await.map(drop),
        Op::ListFetch => client.list_fetch(c, key).await.map(drop),
        Op::DictionaryFetch => client.dictionary_fetch(c, key).await.map(drop),
        Op::SetFetch => client.set_fetch(c, key).await.map(drop),
        Op::SortedSetLength => client.sorted_set_length(c, key).await.map(drop),
        Op::Set => client.set(c, key, "v").await.map(drop),
        Op::Delete => client.delete(c, key).await.map(drop),
        Op::ListPushBack => client.list_push_back(c, key, "v").await.map(drop),
        Op::DictionarySetField => client
            .dictionary_set_field(c, key, "f", "v")
            .await
            .map(drop),
        Op::SetAddElement => client.set_add_element(c, key, "e").await.map(drop),
        Op::SortedSetPutElement => client
            .sorted_set_put_element(c, key, "e", 1.0)
            .await
            .map(drop),
        Op::Increment => client.increment(c, key, 1).await.map(drop),
        Op::DictionaryIncrement => client.dictionary_increment(c, key, "f", 1).await.map(drop),
        Op::ListPopFront => client.list_pop_front(c, key).await.map(drop),
        Op::UpdateTtl => client
            .update_ttl(c, key, Duration::from_secs(60))
            .await
            .map(drop),
    }
}

/// One principal: its scope, and which (key, access) it allows.
struct Principal {
    name: &'static str,
    scope: DisposableTokenScope<&'static str>,
    /// Keys to try: one inside the scope where it has one, one outside.
    keys: [&'static str; 2],
    allows: fn(&str, Access) -> bool,
}

fn principals() -> Vec<Principal> {
    vec![
        Principal {
            name: "read-write one cache",
            scope: DisposableTokenScopes::cache_read_write(CACHE),
            keys: ["rw-a:", "rw-b:"],
            allows: |_, _| true,
        },
        Principal {
            name: "read-only one key",
            scope: DisposableTokenScopes::cache_key_read_only(CACHE, "ro-key"),
            keys: ["ro-key", "ro-other:"],
            allows: |key, access| key == "ro-key" && access == Access::Read,
        },
        Principal {
            name: "write-only a key prefix",
            scope: DisposableTokenScopes::cache_key_prefix_write_only(CACHE, "wo:"),
            keys: ["wo:", "wx:"],
            allows: |key, access| key.starts_with("wo:") && access == Access::Write,
        },
        Principal {
            name: "subscribe-only one topic",
            scope: DisposableTokenScopes::topic_subscribe_only(CACHE, "t"),
            keys: ["sub-a:", "sub-b:"],
            allows: |_, _| false,
        },
    ]
}

#[tokio::test]
async fn tokens_from_the_sdk_are_held_to_their_scope_on_every_operation() {
    let secret = AuthSecret::new(SECRET).unwrap();
    let server = common::server_with(ServerConfig::new().auth_secret(secret.clone()).cache(CACHE));
    let local = format!("http://127.0.0.1:{}", server.addr().port());
    let super_user = CredentialProvider::from_string(edgecache_server::mint_super_user_key(
        &secret,
        "127.0.0.1:1",
        None,
    ))
    .unwrap()
    .endpoint_override(&local);
    let client_for = |credentials: CredentialProvider| {
        CacheClient::builder()
            .default_ttl(Duration::from_secs(60))
            .credential_provider(credentials)
            .build()
            .unwrap()
    };
    let admin = client_for(super_user.clone());
    let auth = AuthClient::builder()
        .credential_provider(super_user)
        .build()
        .unwrap();

    let (mut allowed, mut refused) = (0, 0);
    for principal in principals() {
        let token = auth
            .generate_disposable_token(principal.scope, ExpiresIn::minutes(5))
            .await
            .unwrap();
        let client = client_for(
            CredentialProvider::from_disposable_token(token.auth_token())
                .unwrap()
                .endpoint_override(&local),
        );
        for key_base in principal.keys {
            for (op, access) in OPS {
                // A fresh item per cell, except the single key a key-scoped token names.
                let key = if key_base.ends_with(':') {
                    format!("{key_base}{op:?}")
                } else {
                    key_base.to_owned()
                };
                let outcome = call(&client, op, &key).await;
                let cell = format!("{} × {op:?} on {key}", principal.name);
                let allows = (principal.allows)(&key, access);
                if allows {
                    outcome.unwrap_or_else(|e| panic!("{cell}: expected allowed, got {e:?}"));
                    allowed += 1;
                } else {
                    let err = outcome.expect_err(&cell);
                    assert_eq!(
                        err.error_code,
                        ErrorCode::PermissionError,
                        "{cell}: {err:?}"
                    );
                    refused += 1;
                }
                // The store shows what happened: an allowed write left its item, a refused
                // one nothing.
                if creates(op) {
                    let exists = admin.key_exists(CACHE, key.as_str()).await.unwrap().exists;
                    assert_eq!(exists, allows, "{cell}: item present = {exists}");
                }
            }
        }
    }
    println!(
        "auth matrix: {} cells, {allowed} allowed, {refused} refused with PERMISSION_ERROR",
        allowed + refused
    );
    assert_eq!(allowed + refused, 4 * 2 * OPS.len());
    // 34 for read-write, 7 reads of the one key, 6 writes under the prefix.
    assert_eq!(allowed, 34 + 7 + 6);
}
