//! Scalar items: get/set/delete, counters, TTLs, item types and the conditional sets.
use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use super::{CACHE, Checks, sorted};
use crate::sdk;
use sdk::cache::{
    DecreaseTtlResponse, GetResponse, IncreaseTtlResponse, IncrementRequest, ItemGetTtlResponse,
    ItemGetTypeResponse, ItemType, SetIfAbsentOrEqualResponse, SetIfAbsentRequest,
    SetIfAbsentResponse, SetIfEqualResponse, SetIfNotEqualResponse,
    SetIfPresentAndNotEqualResponse, SetIfPresentResponse, SetRequest, UpdateTtlResponse,
};
use sdk::{CacheClient, MomentoResult};

pub async fn run(client: &CacheClient, checks: &mut Checks) -> MomentoResult<()> {
    client.set(CACHE, "greeting", "hello").await?;
    let value: String = client.get(CACHE, "greeting").await?.try_into()?;
    checks.equal("get as String", value, "hello".to_string());
    let bytes: Vec<u8> = client.get(CACHE, "greeting").await?.try_into()?;
    checks.equal("get as Vec<u8>", bytes, b"hello".to_vec());
    match client.get(CACHE, "greeting").await? {
        GetResponse::Hit { value } => {
            let text: String = value.try_into()?;
            checks.equal("get Hit { value }", text, "hello".to_string());
        }
        GetResponse::Miss => checks.equal("get Hit { value }", "miss", "hit"),
    }
    checks.equal(
        "get of an absent key",
        client.get(CACHE, "absent").await?,
        GetResponse::Miss,
    );

    let request = SetRequest::new(CACHE, "short", b"lived".to_vec()).ttl(Duration::from_secs(30));
    client.send_request(request).await?;
    let remaining: Duration = client.item_get_ttl(CACHE, "short").await?.try_into()?;
    checks.equal(
        "item_get_ttl within (25 s, 30 s]",
        remaining > Duration::from_secs(25) && remaining <= Duration::from_secs(30),
        true,
    );
    let miss = matches!(
        client.item_get_ttl(CACHE, "absent").await?,
        ItemGetTtlResponse::Miss
    );
    checks.equal("item_get_ttl of an absent key is Miss", miss, true);

    client.delete(CACHE, "greeting").await?;
    checks.equal(
        "get after delete",
        client.get(CACHE, "greeting").await?,
        GetResponse::Miss,
    );

    checks.equal("increment", client.increment(CACHE, "n", 5).await?.value, 5);
    let request = IncrementRequest::new(CACHE, "n", -2).ttl(Duration::from_secs(60));
    checks.equal(
        "IncrementRequest with ttl",
        client.send_request(request).await?.value,
        3,
    );

    checks.equal(
        "key_exists",
        client.key_exists(CACHE, "n").await?.exists,
        true,
    );
    let exist: Vec<bool> = client.keys_exist(CACHE, vec!["n", "absent"]).await?.into();
    checks.equal("keys_exist as Vec<bool>", exist, vec![true, false]);
    let exist: HashMap<String, bool> = client.keys_exist(CACHE, vec!["n", "absent"]).await?.into();
    checks.equal(
        "keys_exist as HashMap<String, bool>",
        sorted(exist),
        BTreeMap::from([("n".to_string(), true), ("absent".to_string(), false)]),
    );

    let key_type = match client.item_get_type(CACHE, "n").await? {
        ItemGetTypeResponse::Hit { key_type } => Some(key_type),
        ItemGetTypeResponse::Miss => None,
    };
    checks.equal("item_get_type", key_type, Some(ItemType::Scalar));

    ttls(client, checks).await?;
    conditional_sets(client, checks).await
}

async fn ttls(client: &CacheClient, checks: &mut Checks) -> MomentoResult<()> {
    client.set(CACHE, "ttl", "x").await?;
    let minute = Duration::from_secs(60);
    checks.equal(
        "update_ttl",
        client.update_ttl(CACHE, "ttl", minute).await?,
        UpdateTtlResponse::Set,
    );
    checks.equal(
        "update_ttl of an absent key",
        client.update_ttl(CACHE, "absent", minute).await?,
        UpdateTtlResponse::Miss,
    );
    checks.equal(
        "increase_ttl to a longer TTL",
        client.increase_ttl(CACHE, "ttl", minute * 2).await?,
        IncreaseTtlResponse::Set,
    );
    checks.equal(
        "increase_ttl to a shorter TTL",
        client.increase_ttl(CACHE, "ttl", minute).await?,
        IncreaseTtlResponse::NotSet,
    );
    checks.equal(
        "increase_ttl of an absent key",
        client.increase_ttl(CACHE, "absent", minute).await?,
        IncreaseTtlResponse::Miss,
    );
    checks.equal(
        "decrease_ttl to a shorter TTL",
        client.decrease_ttl(CACHE, "ttl", minute).await?,
        DecreaseTtlResponse::Set,
    );
    checks.equal(
        "decrease_ttl to a longer TTL",
        client.decrease_ttl(CACHE, "ttl", minute * 3).await?,
        DecreaseTtlResponse::NotSet,
    );
    checks.equal(
        "decrease_ttl of an absent key",
        client.decrease_ttl(CACHE, "absent", minute).await?,
        DecreaseTtlResponse::Miss,
    );
    Ok(())
}

async fn conditional_sets(client: &CacheClient, checks: &mut Checks) -> MomentoResult<()> {
    checks.equal(
        "set_if_absent on an absent key",
        client.set_if_absent(CACHE, "lock", "a").await?,
        SetIfAbsentResponse::Stored,
    );
    let request = SetIfAbsentRequest::new(CACHE, "lock", "b").ttl(Duration::from_secs(30));
    checks.equal(
        "SetIfAbsentRequest on a present key",
        client.send_request(request).await?,
        SetIfAbsentResponse::NotStored,
    );
    checks.equal(
        "set_if_present",
        client.set_if_present(CACHE, "lock", "c").await?,
        SetIfPresentResponse::Stored,
    );
    checks.equal(
        "set_if_present on an absent key",
        client.set_if_present(CACHE, "absent", "c").await?,
        SetIfPresentResponse::NotStored,
    );
    checks.equal(
        "set_if_equal",
        client.set_if_equal(CACHE, "lock", "d", "c").await?,
        SetIfEqualResponse::Stored,
    );
    checks.equal(
        "set_if_equal with another value",
        client.set_if_equal(CACHE, "lock", "e", "c").await?,
        SetIfEqualResponse::NotStored,
    );
    checks.equal(
        "set_if_not_equal",
        client.set_if_not_equal(CACHE, "lock", "f", "x").await?,
        SetIfNotEqualResponse::Stored,
    );
    checks.equal(
        "set_if_not_equal with the same value",
        client.set_if_not_equal(CACHE, "lock", "g", "f").await?,
        SetIfNotEqualResponse::NotStored,
    );
    checks.equal(
        "set_if_present_and_not_equal",
        client
            .set_if_present_and_not_equal(CACHE, "lock", "h", "x")
            .await?,
        SetIfPresentAndNotEqualResponse::Stored,
    );
    checks.equal(
        "set_if_absent_or_equal on an absent key",
        client
            .set_if_absent_or_equal(CACHE, "other", "i", "x")
            .await?,
        SetIfAbsentOrEqualResponse::Stored,
    );
    checks.equal(
        "set_if_absent_or_equal with another value",
        client
            .set_if_absent_or_equal(CACHE, "lock", "j", "x")
            .await?,
        SetIfAbsentOrEqualResponse::NotStored,
    );
    let value: String = client.get(CACHE, "lock").await?.try_into()?;
    checks.equal("value after the conditional sets", value, "h".to_string());
    Ok(())
}
