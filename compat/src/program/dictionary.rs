//! Dictionaries: fields set, read, counted, incremented and removed.
use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use super::{CACHE, Checks, sorted};
use crate::sdk;
use sdk::cache::{
    CollectionTtl, DictionaryFetchResponse, DictionaryGetFieldResponse,
    DictionaryGetFieldsResponse, DictionaryLengthResponse, DictionarySetFieldRequest,
};
use sdk::{CacheClient, MomentoResult};

const DICT: &str = "profile";

pub async fn run(client: &CacheClient, checks: &mut Checks) -> MomentoResult<()> {
    client
        .dictionary_set_field(CACHE, DICT, "name", "Ada")
        .await?;
    let request = DictionarySetFieldRequest::new(CACHE, DICT, "born", "1815")
        .ttl(CollectionTtl::refresh_on_update(Duration::from_secs(60)));
    client.send_request(request).await?;
    client
        .dictionary_set_fields(CACHE, DICT, vec![("city", "London"), ("visits", "0")])
        .await?;
    let more = HashMap::from([("title", "Countess")]);
    client.dictionary_set_fields(CACHE, DICT, more).await?;

    let all: HashMap<String, String> = client.dictionary_fetch(CACHE, DICT).await?.try_into()?;
    checks.equal("dictionary_fetch as HashMap<String, String>", all.len(), 5);
    checks.equal(
        "dictionary_fetch name",
        all.get("name").cloned(),
        Some("Ada".to_string()),
    );
    match client.dictionary_fetch(CACHE, DICT).await? {
        DictionaryFetchResponse::Hit { value } => {
            let map: HashMap<Vec<u8>, Vec<u8>> = value.into();
            checks.equal("dictionary_fetch Hit { value }", map.len(), 5);
        }
        DictionaryFetchResponse::Miss => checks.equal("dictionary_fetch Hit", "miss", "hit"),
    }
    let missing = client.dictionary_fetch(CACHE, "absent").await?;
    checks.equal(
        "dictionary_fetch of an absent dictionary",
        missing,
        DictionaryFetchResponse::Miss,
    );

    let city: String = client
        .dictionary_get_field(CACHE, DICT, "city")
        .await?
        .try_into()?;
    checks.equal("dictionary_get_field", city, "London".to_string());
    let absent = client.dictionary_get_field(CACHE, DICT, "absent").await?;
    checks.equal(
        "dictionary_get_field of an absent field",
        absent,
        DictionaryGetFieldResponse::Miss,
    );
    let some: HashMap<String, String> = client
        .dictionary_get_fields(CACHE, DICT, vec!["name", "absent", "city"])
        .await?
        .try_into()?;
    checks.equal(
        "dictionary_get_fields as HashMap<String, String> (hits only)",
        sorted(some),
        BTreeMap::from([
            ("name".to_string(), "Ada".to_string()),
            ("city".to_string(), "London".to_string()),
        ]),
    );

    let hits = match client
        .dictionary_get_fields(CACHE, DICT, vec!["name", "absent", "city"])
        .await?
    {
        DictionaryGetFieldsResponse::Hit { responses, .. } => responses
            .iter()
            .map(|r| matches!(r, DictionaryGetFieldResponse::Hit { .. }))
            .collect(),
        DictionaryGetFieldsResponse::Miss => vec![],
    };
    checks.equal(
        "dictionary_get_fields Hit { responses, .. }",
        hits,
        vec![true, false, true],
    );

    let visits = client
        .dictionary_increment(CACHE, DICT, "visits", 3)
        .await?;
    checks.equal("dictionary_increment", visits.value, 3);

    let length = match client.dictionary_length(CACHE, DICT).await? {
        DictionaryLengthResponse::Hit { length } => length,
        DictionaryLengthResponse::Miss => 0,
    };
    checks.equal("dictionary_length", length, 5);

    client.dictionary_remove_field(CACHE, DICT, "title").await?;
    client
        .dictionary_remove_fields(CACHE, DICT, vec!["born", "visits"])
        .await?;
    let length: u32 = client.dictionary_length(CACHE, DICT).await?.try_into()?;
    checks.equal("dictionary_length after removals", length, 2);
    Ok(())
}
