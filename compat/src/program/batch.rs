//! Batches: set_batch and get_batch, read through the HashMaps momento offers.
use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use super::{CACHE, Checks, sorted};
use crate::sdk;
use sdk::cache::{GetBatchRequest, GetResponse, SetBatchRequest, SetResponse};
use sdk::{CacheClient, MomentoResult};

pub async fn run(client: &CacheClient, checks: &mut Checks) -> MomentoResult<()> {
    let stored: HashMap<String, SetResponse> = client
        .set_batch(CACHE, vec![("b1", "one"), ("b2", "two")])
        .await?
        .try_into()?;
    let mut keys: Vec<String> = stored.into_keys().collect();
    keys.sort();
    checks.equal(
        "set_batch keys",
        keys,
        vec!["b1".to_string(), "b2".to_string()],
    );

    let items = HashMap::from([("b3".to_string(), "three".to_string())]);
    let request = SetBatchRequest::new(CACHE, items).ttl(Duration::from_secs(60));
    let stored: HashMap<Vec<u8>, SetResponse> = client.send_request(request).await?.into();
    checks.equal("SetBatchRequest with ttl", stored.len(), 1);

    let values: HashMap<String, String> = client
        .get_batch(CACHE, vec!["b1", "b2", "absent"])
        .await?
        .try_into()?;
    checks.equal(
        "get_batch as HashMap<String, String> (hits only)",
        sorted(values),
        BTreeMap::from([
            ("b1".to_string(), "one".to_string()),
            ("b2".to_string(), "two".to_string()),
        ]),
    );
    let responses: HashMap<String, GetResponse> = client
        .send_request(GetBatchRequest::new(CACHE, vec!["b3", "absent"]))
        .await?
        .try_into()?;
    checks.equal(
        "get_batch as HashMap<String, GetResponse>",
        responses.get("absent"),
        Some(&GetResponse::Miss),
    );
    let bytes: HashMap<Vec<u8>, Vec<u8>> = client.get_batch(CACHE, vec!["b3"]).await?.into();
    checks.equal(
        "get_batch as HashMap<Vec<u8>, Vec<u8>>",
        sorted(bytes),
        BTreeMap::from([(b"b3".to_vec(), b"three".to_vec())]),
    );
    Ok(())
}
