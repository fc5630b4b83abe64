//! Programs in the `momento` crate's style. `crate::sdk` is either `momento` or `edgecache`:
//! nothing in this directory names either crate, so the same source must compile against
//! both. Each check prints one line; `scripts/compat` runs both binaries against
//! edgecache-server and compares the two transcripts line for line.

mod auth;
mod batch;
mod control;
mod credentials;
mod dictionary;
mod list;
mod scalar;
mod set;
mod sorted_set;
mod topics;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Debug;
use std::time::Duration;

use crate::sdk;
use sdk::cache::configurations::Laptop;
use sdk::{CacheClient, CredentialProvider, MomentoResult};

/// A v2-shaped API key (claims `{"t":"g"}`), which both SDKs accept. The local server runs
/// without `--api-key`, so it is never checked.
pub const LOCAL_KEY: &str = "eyJhbGciOiJub25lIn0.eyJ0IjoiZyJ9.bG9jYWw";

/// The cache every program works in; each run has its own server.
pub const CACHE: &str = "compat";

/// Collects the transcript and stops the run at the first difference from what is expected.
#[derive(Default)]
pub struct Checks {
    count: usize,
}

impl Checks {
    /// Prints `label: actual` and fails the run unless `actual == expected`.
    pub fn equal<T: Debug + PartialEq>(&mut self, label: &str, actual: T, expected: T) {
        println!("{label}: {actual:?}");
        assert_eq!(actual, expected, "{label}");
        self.count += 1;
    }
}

/// A map in key order, so that the transcript does not depend on hashing.
pub fn sorted<K: Ord, V>(map: HashMap<K, V>) -> BTreeMap<K, V> {
    map.into_iter().collect()
}

pub fn main(sdk_name: &str) {
    let server = edgecache_server::spawn(edgecache_server::ServerConfig::new())
        .expect("edgecache-server starts on 127.0.0.1");
    let port = server.addr().port();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    let mut checks = Checks::default();
    let outcome = runtime.block_on(async {
        // Bounded: a hang in either SDK fails the run instead of stalling CI.
        tokio::time::timeout(Duration::from_secs(60), run(port, &mut checks)).await
    });
    match outcome {
        Ok(Ok(())) => eprintln!("{sdk_name}: {} checks passed", checks.count),
        Ok(Err(e)) => panic!("{sdk_name}: a call failed: {e}"),
        Err(_) => panic!("{sdk_name}: the programs did not finish within 60 s"),
    }
}

async fn run(port: u16, checks: &mut Checks) -> MomentoResult<()> {
    let credential_provider = CredentialProvider::from_api_key_v2(LOCAL_KEY, "localhost")?
        .insecure_endpoint_override(&format!("http://127.0.0.1:{port}"));
    let client = CacheClient::builder()
        .default_ttl(Duration::from_secs(60))
        .configuration(Laptop::latest())
        .credential_provider(credential_provider.clone())
        .with_num_connections(2)
        .build()?;
    credentials::run(checks)?;
    control::run(&client, checks).await?;
    scalar::run(&client, checks).await?;
    batch::run(&client, checks).await?;
    dictionary::run(&client, checks).await?;
    list::run(&client, checks).await?;
    set::run(&client, checks).await?;
    sorted_set::run(&client, checks).await?;
    topics::run(credential_provider, checks).await?;
    auth::run(checks).await?;
    Ok(())
}
