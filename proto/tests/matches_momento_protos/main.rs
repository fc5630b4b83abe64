//! The schema against Momento's own generated types.
//!
//! `momento-protos` (pinned to =0.139.1 in `Cargo.toml`), the types Momento
//! generates from its own `.proto` files, is an independent copy of the
//! protocol. For every message and enum of every
//! package we implement, and for every RPC, this test checks that both crates
//! agree:
//!
//! - messages: samples built from our descriptor set, with every field set and
//!   each oneof arm in turn, decode to the same names and values on both sides,
//!   and each side's encoding decodes equal on the other (`pairs.rs`);
//! - enums: every value number has the same name on both sides;
//! - RPCs: Momento's generated clients send the same paths, with the same
//!   request and reply types and streaming, as our schema declares (`rpcs.rs`).
//!
//! The tables of pairs must be complete: a message, enum or RPC in our schema
//! that is missing from them fails the test, and so does an entry our schema
//! does not have. `mutants.rs` shows that each kind of mistake is caught.

mod mutants;
mod pairs;
mod rpcs;
mod samples;

use std::collections::BTreeSet;

use samples::Schema;

/// Declared by us but absent from momento-protos 0.139.1, which has no
/// `cacheping.proto`. Both messages are empty; the official JS SDKs call
/// `/cache_client.Ping/Ping` against edgecache-server in `server/conformance`.
const OUTSIDE_MOMENTO_PROTOS: &[&str] = &[
    "cache_client._PingRequest",
    "cache_client._PingResponse",
    "/cache_client.Ping/Ping",
];

/// Enum numbers probed for values that only `momento-protos` knows.
const ENUM_PROBE_RANGE: std::ops::RangeInclusive<i32> = -4..=64;

/// Names in our schema and names in a table must match one to one, apart
/// from [`OUTSIDE_MOMENTO_PROTOS`].
fn completeness(what: &str, mut ours: BTreeSet<String>, listed: &[String]) -> Vec<String> {
    ours.retain(|name| !OUTSIDE_MOMENTO_PROTOS.contains(&name.as_str()));
    let mut errors = Vec::new();
    let mut seen = BTreeSet::new();
    for name in listed {
        if !seen.insert(name.clone()) {
            errors.push(format!("{what} {name} is listed twice"));
        }
    }
    for name in ours.difference(&seen) {
        errors.push(format!(
            "{what} {name} is in our schema but missing from the table"
        ));
    }
    for name in seen.difference(&ours) {
        errors.push(format!(
            "{what} {name} is in the table but not in our schema"
        ));
    }
    errors
}

#[test]
fn every_message_reads_the_same_in_momento_protos() {
    let schema = Schema::ours();
    let pairs = pairs::message_pairs();
    let listed: Vec<String> = pairs.iter().map(|p| p.full_name.clone()).collect();
    let mut errors = completeness(
        "message",
        schema.messages.keys().cloned().collect(),
        &listed,
    );
    let mut samples = 0;
    for pair in &pairs {
        match (pair.check)(&schema) {
            Ok(n) => samples += n,
            Err(report) => errors.push(report),
        }
    }
    assert!(
        errors.is_empty(),
        "{} problems:\n  {}",
        errors.len(),
        errors.join("\n  ")
    );
    eprintln!(
        "{} messages agree with momento-protos over {samples} samples",
        pairs.len()
    );
}

#[test]
fn every_enum_value_has_the_same_name_in_momento_protos() {
    let schema = Schema::ours();
    let pairs = pairs::enum_pairs();
    let listed: Vec<String> = pairs.iter().map(|p| p.full_name.to_string()).collect();
    let mut errors = completeness("enum", schema.enums.keys().cloned().collect(), &listed);
    for pair in pairs
        .iter()
        .filter(|p| schema.enums.contains_key(p.full_name))
    {
        let declared = &schema.enums[pair.full_name].value;
        for value in declared {
            let expected = Some(value.name());
            if (pair.ours)(value.number()) != expected {
                errors.push(format!(
                    "{}: our Rust type does not name {}",
                    pair.full_name,
                    value.number()
                ));
            }
            let theirs = (pair.theirs)(value.number());
            if theirs != expected {
                errors.push(format!(
                    "{}: value {} is {:?} here and {theirs:?} in momento-protos",
                    pair.full_name,
                    value.number(),
                    value.name()
                ));
            }
        }
        for number in ENUM_PROBE_RANGE.filter(|n| !declared.iter().any(|v| v.number() == *n)) {
            if let Some(name) = (pair.theirs)(number) {
                errors.push(format!(
                    "{}: momento-protos has {name} = {number}, which our schema lacks",
                    pair.full_name
                ));
            }
        }
    }
    assert!(
        errors.is_empty(),
        "{} problems:\n  {}",
        errors.len(),
        errors.join("\n  ")
    );
    eprintln!("{} enums agree with momento-protos", pairs.len());
}

#[tokio::test(flavor = "current_thread")]
async fn every_rpc_is_sent_the_same_way_by_momento_protos_clients() {
    let mut ours = Schema::ours().rpcs;
    let theirs = rpcs::momento_rpcs().await;
    for path in OUTSIDE_MOMENTO_PROTOS.iter().filter(|p| p.starts_with('/')) {
        assert!(
            ours.contains_key(*path),
            "{path} is exempt but not in our schema"
        );
        assert!(!theirs.contains_key(*path), "{path} is exempt but listed");
        ours.remove(*path);
    }
    let mut errors = Vec::new();
    for (path, signature) in &ours {
        match theirs.get(path) {
            None => errors.push(format!("{path}: no momento-protos client method sends it")),
            Some(t) if t != signature => {
                errors.push(format!("{path}: ours {signature:?}, momento-protos {t:?}"))
            }
            Some(_) => {}
        }
    }
    for path in theirs.keys().filter(|p| !ours.contains_key(*p)) {
        errors.push(format!(
            "{path}: listed, but our schema does not declare it"
        ));
    }
    assert!(
        errors.is_empty(),
        "{} problems:\n  {}",
        errors.len(),
        errors.join("\n  ")
    );
    eprintln!("{} RPC paths agree with momento-protos", ours.len());
}

#[test]
fn ping_is_the_only_part_outside_momento_protos_and_carries_nothing() {
    let schema = Schema::ours();
    for name in OUTSIDE_MOMENTO_PROTOS
        .iter()
        .filter(|n| !n.starts_with('/'))
    {
        let message = schema
            .messages
            .get(*name)
            .unwrap_or_else(|| panic!("{name} is exempt but not in our schema"));
        assert!(
            message.field.is_empty(),
            "{name} is exempt from the check, so it must stay empty"
        );
    }
    let ping = &schema.rpcs["/cache_client.Ping/Ping"];
    assert_eq!(ping.request, "cache_client._PingRequest");
    assert_eq!(ping.response, "cache_client._PingResponse");
    assert!(!ping.server_streaming);
}
