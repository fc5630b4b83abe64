//! Byte-level encodings the protocol relies on (see `docs/protocol.md`, "Encoding").

use edgecache_proto::cache_client::{
    GetWithHashResponse, ListFetchRequest, SetRequest, SortedSetFetchRequest,
    get_with_hash_response, list_fetch_request, sorted_set_fetch_request,
};
use edgecache_proto::common::Unbounded;
use prost::Message;

#[test]
fn set_request_worked_example() {
    let req = SetRequest {
        cache_key: b"foo".to_vec(),
        cache_body: b"FOO".to_vec(),
        ttl_milliseconds: 60_000,
    };
    let expected = [
        0x0a, 0x03, 0x66, 0x6f, 0x6f, 0x12, 0x03, 0x46, 0x4f, 0x4f, 0x18, 0xe0, 0xd4, 0x03,
    ];
    let bytes = req.encode_to_vec();
    assert_eq!(bytes, expected);
    assert_eq!(SetRequest::decode(&expected[..]).unwrap(), req);

    // As a gRPC frame: uncompressed flag, big-endian length 14, then the message.
    let mut frame = vec![0u8];
    frame.extend_from_slice(&(bytes.len() as u32).to_be_bytes());
    frame.extend_from_slice(&bytes);
    assert_eq!(&frame[..5], &[0x00, 0x00, 0x00, 0x00, 0x0e]);
}

#[test]
fn implicit_presence_skips_defaults() {
    assert!(SetRequest::default().encode_to_vec().is_empty());
}

#[test]
fn empty_oneof_member_is_tag_plus_zero_length() {
    let missing = GetWithHashResponse {
        result: Some(get_with_hash_response::Result::Missing(
            get_with_hash_response::Missing {},
        )),
    };
    assert_eq!(missing.encode_to_vec(), [0x12, 0x00]);
    assert_eq!(
        GetWithHashResponse::decode(&[0x12, 0x00][..]).unwrap(),
        missing
    );

    // "No member set" stays distinguishable from "empty member set".
    let unset = GetWithHashResponse::decode(&[][..]).unwrap();
    assert_eq!(unset.result, None);
}

#[test]
fn oneof_scalar_member_set_to_default_is_still_sent() {
    let req = ListFetchRequest {
        list_name: Vec::new(),
        start_index: Some(list_fetch_request::StartIndex::InclusiveStart(0)),
        end_index: Some(list_fetch_request::EndIndex::UnboundedEnd(Unbounded {})),
    };
    // field 3 varint 0; field 4 empty message.
    assert_eq!(req.encode_to_vec(), [0x18, 0x00, 0x22, 0x00]);
}

#[test]
fn sint32_indices_are_zigzag_encoded() {
    let req = ListFetchRequest {
        list_name: b"l".to_vec(),
        start_index: Some(list_fetch_request::StartIndex::InclusiveStart(-1)),
        end_index: Some(list_fetch_request::EndIndex::ExclusiveEnd(-2)),
    };
    // -1 -> 1 and -2 -> 3; an int32 would take ten bytes each.
    let expected = [0x0a, 0x01, b'l', 0x18, 0x01, 0x28, 0x03];
    assert_eq!(req.encode_to_vec(), expected);
    assert_eq!(ListFetchRequest::decode(&expected[..]).unwrap(), req);

    let by_score = sorted_set_fetch_request::ByScore {
        count: -1,
        ..Default::default()
    };
    // field 6 varint, zigzag(-1) = 1.
    assert_eq!(by_score.encode_to_vec(), [0x30, 0x01]);

    let fetch = SortedSetFetchRequest {
        range: Some(sorted_set_fetch_request::Range::ByIndex(
            sorted_set_fetch_request::ByIndex {
                start: Some(sorted_set_fetch_request::by_index::Start::InclusiveStartIndex(-3)),
                end: None,
            },
        )),
        ..Default::default()
    };
    // field 4 (by_index) length 2 { field 2 varint zigzag(-3) = 5 }.
    assert_eq!(fetch.encode_to_vec(), [0x22, 0x02, 0x10, 0x05]);
}
