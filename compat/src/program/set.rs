//! Sets: add, fetch, remove.
use std::collections::HashSet;

use super::{CACHE, Checks};
use crate::sdk;
use sdk::cache::{CollectionTtl, SetAddElementsRequest, SetFetchResponse};
use sdk::{CacheClient, MomentoResult};

const SET: &str = "tags";

pub async fn run(client: &CacheClient, checks: &mut Checks) -> MomentoResult<()> {
    client
        .set_add_elements(CACHE, SET, vec!["red", "green"])
        .await?;
    let request = SetAddElementsRequest::new(CACHE, SET, vec!["blue"])
        .ttl(CollectionTtl::initialize_only(None));
    client.send_request(request).await?;

    let mut members: Vec<String> = client.set_fetch(CACHE, SET).await?.try_into()?;
    members.sort();
    checks.equal(
        "set_fetch as Vec<String>",
        members,
        vec!["blue".to_string(), "green".to_string(), "red".to_string()],
    );
    match client.set_fetch(CACHE, SET).await? {
        SetFetchResponse::Hit { values } => {
            let members: HashSet<Vec<u8>> = values.into();
            checks.equal(
                "set_fetch Hit { values }",
                members.contains(b"red".as_slice()),
                true,
            );
        }
        SetFetchResponse::Miss => checks.equal("set_fetch Hit", "miss", "hit"),
    }
    checks.equal(
        "set_fetch of an absent set",
        client.set_fetch(CACHE, "absent").await?,
        SetFetchResponse::Miss,
    );

    client
        .set_remove_elements(CACHE, SET, vec!["red", "blue"])
        .await?;
    let members: Vec<String> = client.set_fetch(CACHE, SET).await?.try_into()?;
    checks.equal(
        "set after set_remove_elements",
        members,
        vec!["green".to_string()],
    );
    Ok(())
}
