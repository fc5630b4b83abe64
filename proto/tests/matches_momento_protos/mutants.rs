//! Proof that the message check can fail: deliberately wrong copies of real
//! messages, one per kind of mistake, each of which the check must reject.
//! Each copy keeps the struct name, so only the mistake differs.

use edgecache_proto::cache_client::pubsub::TopicValue;
use edgecache_proto::cache_client::{GetRequest, GetResponse, SetRequest};

use crate::pairs::check_message;
use crate::samples::Schema;

/// `_SetRequest` with the TTL in a different field number.
mod renumbered {
    #[derive(Clone, PartialEq, ::prost::Message)]
    pub struct SetRequest {
        #[prost(bytes = "vec", tag = "1")]
        pub cache_key: Vec<u8>,
        #[prost(bytes = "vec", tag = "2")]
        pub cache_body: Vec<u8>,
        #[prost(uint64, tag = "4")]
        pub ttl_milliseconds: u64,
    }
}

/// `_SetRequest` with the TTL narrowed to 32 bits.
mod narrowed {
    #[derive(Clone, PartialEq, ::prost::Message)]
    pub struct SetRequest {
        #[prost(bytes = "vec", tag = "1")]
        pub cache_key: Vec<u8>,
        #[prost(bytes = "vec", tag = "2")]
        pub cache_body: Vec<u8>,
        #[prost(uint32, tag = "3")]
        pub ttl_milliseconds: u32,
    }
}

/// `_SetRequest` with the TTL zigzag-encoded.
mod zigzag {
    #[derive(Clone, PartialEq, ::prost::Message)]
    pub struct SetRequest {
        #[prost(bytes = "vec", tag = "1")]
        pub cache_key: Vec<u8>,
        #[prost(bytes = "vec", tag = "2")]
        pub cache_body: Vec<u8>,
        #[prost(sint64, tag = "3")]
        pub ttl_milliseconds: i64,
    }
}

/// `_GetRequest` with the key declared as text.
mod key_as_text {
    #[derive(Clone, PartialEq, ::prost::Message)]
    pub struct GetRequest {
        #[prost(string, tag = "1")]
        pub cache_key: String,
    }
}

/// `_GetRequest` with a field our schema lacks.
mod extra_field {
    #[derive(Clone, PartialEq, ::prost::Message)]
    pub struct GetRequest {
        #[prost(bytes = "vec", tag = "1")]
        pub cache_key: Vec<u8>,
        #[prost(uint32, tag = "2")]
        pub shard: u32,
    }
}

/// `_GetResponse` with the error message as bytes.
mod message_as_bytes {
    #[derive(Clone, PartialEq, ::prost::Message)]
    pub struct GetResponse {
        #[prost(enumeration = "edgecache_proto::cache_client::ECacheResult", tag = "1")]
        pub result: i32,
        #[prost(bytes = "vec", tag = "2")]
        pub cache_body: Vec<u8>,
        #[prost(bytes = "vec", tag = "3")]
        pub message: Vec<u8>,
    }
}

/// `_GetResponse` with `Hit` and `Miss` swapped.
mod reordered {
    #[derive(Clone, PartialEq, ::prost::Message)]
    pub struct GetResponse {
        #[prost(enumeration = "ECacheResult", tag = "1")]
        pub result: i32,
        #[prost(bytes = "vec", tag = "2")]
        pub cache_body: Vec<u8>,
        #[prost(string, tag = "3")]
        pub message: String,
    }

    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, ::prost::Enumeration)]
    #[repr(i32)]
    pub enum ECacheResult {
        Invalid = 0,
        Ok = 1,
        Miss = 2,
        Hit = 3,
    }
}

/// `_TopicValue` without its `binary` arm.
mod missing_arm {
    #[derive(Clone, PartialEq, ::prost::Message)]
    pub struct TopicValue {
        #[prost(oneof = "topic_value::Kind", tags = "1")]
        pub kind: Option<topic_value::Kind>,
    }

    pub mod topic_value {
        #[derive(Clone, PartialEq, ::prost::Oneof)]
        pub enum Kind {
            #[prost(string, tag = "1")]
            Text(String),
        }
    }
}

#[test]
fn each_kind_of_schema_mistake_is_caught() {
    let schema = Schema::ours();
    let verdicts = [
        (
            "field number",
            check_message::<SetRequest, renumbered::SetRequest>(&schema),
        ),
        (
            "64 vs 32 bits",
            check_message::<SetRequest, narrowed::SetRequest>(&schema),
        ),
        (
            "uint64 vs sint64",
            check_message::<SetRequest, zigzag::SetRequest>(&schema),
        ),
        (
            "bytes vs string",
            check_message::<GetRequest, key_as_text::GetRequest>(&schema),
        ),
        (
            "missing field",
            check_message::<GetRequest, extra_field::GetRequest>(&schema),
        ),
        (
            "string vs bytes",
            check_message::<GetResponse, message_as_bytes::GetResponse>(&schema),
        ),
        (
            "enum numbering",
            check_message::<GetResponse, reordered::GetResponse>(&schema),
        ),
        (
            "missing oneof arm",
            check_message::<TopicValue, missing_arm::TopicValue>(&schema),
        ),
    ];
    for (mistake, verdict) in verdicts {
        match verdict {
            Err(report) => eprintln!("{mistake}: caught: {report}"),
            Ok(samples) => panic!("{mistake}: passed all {samples} samples"),
        }
    }
}

#[test]
fn the_real_pairs_pass_the_same_check() {
    // The control for the test above: the untouched types pass.
    let schema = Schema::ours();
    assert_eq!(
        check_message::<SetRequest, momento_protos::cache_client::SetRequest>(&schema),
        Ok(1)
    );
    assert_eq!(
        check_message::<GetResponse, momento_protos::cache_client::GetResponse>(&schema),
        Ok(1)
    );
    assert_eq!(
        check_message::<TopicValue, momento_protos::cache_client::pubsub::TopicValue>(&schema),
        Ok(2)
    );
}
