//! Decoding reply messages into protobuf types.

use bytes::Bytes;
use prost::Message;

use crate::call::malformed;
use crate::error::CacheResult;

/// Exactly one reply message, as a unary RPC must send.
pub(crate) fn decode_one<M: Message + Default>(messages: Vec<Bytes>) -> CacheResult<M> {
    let count = messages.len();
    let mut messages = messages.into_iter();
    match (messages.next(), count) {
        (Some(message), 1) => M::decode(message).map_err(malformed),
        _ => Err(malformed(format!(
            "expected one reply message, got {count}"
        ))),
    }
}

/// Every message of a streamed reply.
pub(crate) fn decode_all<M: Message + Default>(messages: Vec<Bytes>) -> CacheResult<Vec<M>> {
    messages
        .into_iter()
        .map(|m| M::decode(m).map_err(malformed))
        .collect()
}
