//! Every cache RPC of the schema has a client method: call each method once against a real
//! server, then check the server's per-path request counters against every RPC of the cache,
//! ping and control services listed in `edgecache_proto::FILE_DESCRIPTOR_SET`.

mod common;

use std::time::Duration;

use edgecache::CacheClient;
use edgecache::cache::*;
use prost::Message;

/// The services `CacheClient` speaks. Topics and the token and API-key services
/// (`cache_client.pubsub.Pubsub`, `token.Token`, `auth.Auth`) belong to other clients.
const CACHE_CLIENT_SERVICES: &[&str] = &[
    "cache_client.Scs",
    "cache_client.Ping",
    "control_client.ScsControl",
];

/// Every RPC path the schema declares for those services, e.g. `/cache_client.Scs/Get`.
fn schema_paths() -> Vec<String> {
    let set = prost_types::FileDescriptorSet::decode(edgecache_proto::FILE_DESCRIPTOR_SET)
        .expect("descriptor set decodes");
    let mut paths = Vec::new();
    for file in &set.file {
        for service in &file.service {
            let name = format!("{}.{}", file.package(), service.name());
            if !CACHE_CLIENT_SERVICES.contains(&name.as_str()) {
                continue;
            }
            for method in &service.method {
                paths.push(format!(
                    "/{}.{}/{}",
                    file.package(),
                    service.name(),
                    method.name()
                ));
            }
        }
    }
    paths
}

/// Calls every scalar method once.
async fn scalars(client: &CacheClient, c: &str) {
    client.set(c, "k", "1").await.unwrap();
    client.get(c, "k").await.unwrap();
    client.set_if_absent(c, "k", "v").await.unwrap();
    client.set_if_present(c, "k", "1").await.unwrap();
    client.set_if_equal(c, "k", "1", "1").await.unwrap();
    client.set_if_not_equal(c, "k", "1", "x").await.unwrap();
    client
        .set_if_present_and_not_equal(c, "k", "1", "x")
        .await
        .unwrap();
    client
        .set_if_absent_or_equal(c, "k", "1", "1")
        .await
        .unwrap();
    client.set_if_not_exists(c, "k", "v").await.unwrap();
    client.increment(c, "k", 1).await.unwrap();
    client.keys_exist(c, ["k", "x"]).await.unwrap();
    client.key_exists(c, "k").await.unwrap();
}

/// Calls the remaining scalar methods once.
async fn more_scalars(client: &CacheClient, c: &str) {
    let ms = Duration::from_millis;
    client.get_with_hash(c, "k").await.unwrap();
    client.set_with_hash(c, "h", "v").await.unwrap();
    client
        .set_if_hash(c, "h", "w", SetIfHashCondition::AbsentOrHashEqual(vec![0]))
        .await
        .unwrap();
    client.item_get_ttl(c, "k").await.unwrap();
    client.item_get_type(c, "k").await.unwrap();
    client.update_ttl(c, "k", ms(60_000)).await.unwrap();
    client.increase_ttl(c, "k", ms(120_000)).await.unwrap();
    client.decrease_ttl(c, "k", ms(30_000)).await.unwrap();
    client
        .set_batch(c, [("b1", "1"), ("b2", "2")])
        .await
        .unwrap();
    client.get_batch(c, ["b1", "b2"]).await.unwrap();
    client.delete(c, "k").await.unwrap();
}

/// Calls every dictionary method once.
async fn dictionaries(client: &CacheClient, c: &str) {
    client.dictionary_set_field(c, "d", "f", "v").await.unwrap();
    client
        .dictionary_set_fields(c, "d", [("g", "1")])
        .await
        .unwrap();
    client.dictionary_get_field(c, "d", "f").await.unwrap();
    client
        .dictionary_get_fields(c, "d", ["f", "g"])
        .await
        .unwrap();
    client.dictionary_fetch(c, "d").await.unwrap();
    client.dictionary_increment(c, "d", "g", 2).await.unwrap();
    client.dictionary_length(c, "d").await.unwrap();
    client.dictionary_remove_field(c, "d", "f").await.unwrap();
    client
        .dictionary_remove_fields(c, "d", ["g"])
        .await
        .unwrap();
}

/// Calls every set method once.
async fn sets(client: &CacheClient, c: &str) {
    client.set_add_element(c, "s", "a").await.unwrap();
    client
        .set_add_elements(c, "s", ["b", "c", "d"])
        .await
        .unwrap();
    client.set_fetch(c, "s").await.unwrap();
    client.set_contains_element(c, "s", "a").await.unwrap();
    client
        .set_contains_elements(c, "s", ["a", "z"])
        .await
        .unwrap();
    client.set_length(c, "s").await.unwrap();
    client.set_sample(c, "s", 2).await.unwrap();
    client.set_pop(c, "s", 1).await.unwrap();
    client.set_remove_element(c, "s", "a").await.unwrap();
    client.set_remove_elements(c, "s", ["b"]).await.unwrap();
}

/// Calls every list method once.
async fn lists(client: &CacheClient, c: &str) {
    client.list_push_front(c, "l", "a").await.unwrap();
    client.list_push_back(c, "l", "b").await.unwrap();
    client.list_concatenate_front(c, "l", ["c"]).await.unwrap();
    client
        .list_concatenate_back(c, "l", ["d", "e", "f"])
        .await
        .unwrap();
    client.list_fetch(c, "l").await.unwrap();
    client.list_length(c, "l").await.unwrap();
    client.list_pop_front(c, "l").await.unwrap();
    client.list_pop_back(c, "l").await.unwrap();
    client.list_remove_value(c, "l", "a").await.unwrap();
    client.list_retain(c, "l", 0, 2).await.unwrap();
    client.list_erase(c, "l", [(0, 1)]).await.unwrap();
}

/// Calls every sorted-set method once.
async fn sorted_sets(client: &CacheClient, c: &str) {
    client
        .sorted_set_put_element(c, "z", "a", 1.0)
        .await
        .unwrap();
    client
        .sorted_set_put_elements(c, "z", [("b", 2.0), ("c", 3.0)])
        .await
        .unwrap();
    client
        .sorted_set_fetch_by_rank(c, "z", SortedSetOrder::Ascending, 0, -1)
        .await
        .unwrap();
    client
        .sorted_set_fetch_by_score(c, "z", SortedSetOrder::Descending)
        .await
        .unwrap();
    client.sorted_set_get_score(c, "z", "a").await.unwrap();
    client
        .sorted_set_get_scores(c, "z", ["a", "b"])
        .await
        .unwrap();
    client.sorted_set_get_rank(c, "z", "b").await.unwrap();
    client
        .sorted_set_increment_score(c, "z", "a", 0.5)
        .await
        .unwrap();
    client.sorted_set_length(c, "z").await.unwrap();
    client
        .send_request(
            SortedSetLengthByScoreRequest::new(c, "z")
                .min_score(ScoreBound::Inclusive(1.0))
                .max_score(None),
        )
        .await
        .unwrap();
    client
        .sorted_set_union_store(c, "u", [("z", 2.0)])
        .await
        .unwrap();
    client.sorted_set_remove_element(c, "z", "a").await.unwrap();
    client
        .sorted_set_remove_elements(c, "z", ["b"])
        .await
        .unwrap();
}

#[tokio::test]
async fn every_rpc_in_the_schema_has_a_client_method() {
    let server = common::server();
    let client = common::client(&server);
    let c = common::unique_cache("coverage");
    server.reset_stats();

    // Control plane and ping.
    client.create_cache(&c).await.unwrap();
    client.list_caches().await.unwrap();
    client.ping().await.unwrap();
    // Each family in its own boxed future: a debug build's frame holding every call at once
    // would overflow the test thread's stack.
    Box::pin(scalars(&client, &c)).await;
    Box::pin(more_scalars(&client, &c)).await;
    Box::pin(dictionaries(&client, &c)).await;
    Box::pin(sets(&client, &c)).await;
    Box::pin(lists(&client, &c)).await;
    Box::pin(sorted_sets(&client, &c)).await;
    client.flush_cache(&c).await.unwrap();
    client.delete_cache(&c).await.unwrap();

    let stats = server.stats();
    let paths = schema_paths();
    assert_eq!(
        paths.len(),
        52,
        "the schema has 47 data RPCs, 4 control RPCs and Ping"
    );
    let missing: Vec<&String> = paths.iter().filter(|p| stats.requests(p) == 0).collect();
    assert!(
        missing.is_empty(),
        "RPCs no client method sent: {missing:?}\nseen: {:?}",
        stats.requests_by_path
    );
    // Every call succeeded, so no error status was answered.
    let errors: u64 = stats
        .responses_by_status
        .iter()
        .filter(|(code, _)| code.as_str() != "0")
        .map(|(_, n)| n)
        .sum();
    assert_eq!(errors, 0, "{:?}", stats.responses_by_status);
}
