//! Lists: pushes, concatenations, slices, pops, removal and retain.
use super::{CACHE, Checks};
use crate::sdk;
use sdk::cache::{
    CollectionTtl, ListConcatenateFrontRequest, ListFetchRequest, ListFetchResponse,
    ListLengthResponse, ListPopFrontResponse, ListPushBackRequest, ListPushFrontRequest,
    ListRemoveValueResponse, ListRetainResponse,
};
use sdk::{CacheClient, MomentoResult};

const LIST: &str = "queue";

pub async fn run(client: &CacheClient, checks: &mut Checks) -> MomentoResult<()> {
    client.list_push_back(CACHE, LIST, "c").await?;
    client.list_push_front(CACHE, LIST, "b").await?;
    client
        .list_concatenate_back(CACHE, LIST, vec!["d", "e"])
        .await?;
    client
        .list_concatenate_front(CACHE, LIST, vec!["a"])
        .await?;
    let request = ListPushBackRequest::new(CACHE, LIST, "f").truncate_front_to_size(Some(6));
    client.send_request(request).await?;

    let values: Vec<String> = client.list_fetch(CACHE, LIST).await?.try_into()?;
    checks.equal(
        "list_fetch as Vec<String>",
        values,
        strings(&["a", "b", "c", "d", "e", "f"]),
    );
    match client.list_fetch(CACHE, LIST).await? {
        ListFetchResponse::Hit { values } => {
            let bytes: Vec<Vec<u8>> = values.into();
            checks.equal("list_fetch Hit { values }", bytes.len(), 6);
        }
        ListFetchResponse::Miss => checks.equal("list_fetch Hit", "miss", "hit"),
    }
    let (start, end): (i32, i32) = (1, -1);
    let slice: Vec<String> = client
        .send_request(
            ListFetchRequest::new(CACHE, LIST)
                .start_index(start)
                .end_index(end),
        )
        .await?
        .try_into()?;
    checks.equal(
        "ListFetchRequest with start_index and end_index",
        slice,
        strings(&["b", "c", "d", "e"]),
    );

    let length = match client.list_length(CACHE, LIST).await? {
        ListLengthResponse::Hit { length } => length,
        ListLengthResponse::Miss => 0,
    };
    checks.equal("list_length", length, 6);

    let front: String = client.list_pop_front(CACHE, LIST).await?.try_into()?;
    checks.equal("list_pop_front", front, "a".to_string());
    let back: String = client.list_pop_back(CACHE, LIST).await?.try_into()?;
    checks.equal("list_pop_back", back, "f".to_string());
    let absent = matches!(
        client.list_pop_front(CACHE, "absent").await?,
        ListPopFrontResponse::Miss
    );
    checks.equal("list_pop_front of an absent list is Miss", absent, true);

    let removed: ListRemoveValueResponse = client.list_remove_value(CACHE, LIST, "c").await?;
    checks.equal("list_remove_value", removed, ListRemoveValueResponse {});
    let retained = client.list_retain(CACHE, LIST, 0, 2).await?;
    let retained_length = match retained {
        ListRetainResponse::Hit { length } => Some(length),
        ListRetainResponse::Miss => None,
    };
    checks.equal("list_retain length", retained_length, Some(2));
    let values: Vec<String> = client.list_fetch(CACHE, LIST).await?.try_into()?;
    checks.equal(
        "list after list_remove_value and list_retain",
        values,
        strings(&["b", "d"]),
    );

    // Truncation sizes are `u32`; a collection TTL is an `Option<CollectionTtl>`.
    let (keep_back, keep_front): (u32, u32) = (3, 2);
    let ttl: Option<CollectionTtl> = Some(CollectionTtl::default());
    let request = ListConcatenateFrontRequest::new(CACHE, "truncated", vec!["x", "y", "z", "w"])
        .truncate_back_to_size(keep_back)
        .ttl(ttl);
    client.send_request(request).await?;
    let request = ListPushFrontRequest::new(CACHE, "truncated", "v")
        .truncate_back_to_size(Some(keep_front))
        .ttl(None);
    client.send_request(request).await?;
    let values: Vec<String> = client.list_fetch(CACHE, "truncated").await?.try_into()?;
    checks.equal(
        "truncate_back_to_size (u32) with ttl(Option<CollectionTtl>)",
        values,
        strings(&["v", "x"]),
    );
    Ok(())
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}
