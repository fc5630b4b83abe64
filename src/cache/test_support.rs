//! Unit-test helpers: prepare a request without a network, read back what it would send, and
//! feed its decoder a reply.

use std::time::Duration;

use bytes::Bytes;
use prost::Message;

use crate::cache::{MomentoRequest, Prepared, RequestDefaults};
use crate::error::{CacheError, CacheResult, ErrorCode};

/// A 60 s client default TTL.
pub(crate) fn defaults() -> RequestDefaults {
    RequestDefaults {
        default_ttl: Duration::from_secs(60),
    }
}

/// Prepares `request`, expecting it to pass validation.
pub(crate) fn prepare<R: MomentoRequest>(request: R) -> Prepared<R::Response> {
    match request.prepare(&defaults()) {
        Ok(prepared) => prepared,
        Err(e) => panic!("request rejected: {e}"),
    }
}

/// The validation error of `request`, which must be an invalid argument naming `argument`.
pub(crate) fn rejected<R: MomentoRequest>(request: R, argument: &str) -> CacheError {
    match request.prepare(&defaults()) {
        Ok(_) => panic!("request for {argument} was accepted"),
        Err(e) => {
            assert_eq!(e.error_code, ErrorCode::InvalidArgumentError, "{e}");
            assert!(
                e.message.starts_with(&format!("{argument} ")),
                "expected the message to name {argument}: {}",
                e.message
            );
            e
        }
    }
}

/// The RPC path and decoded request message `prepared` would send.
pub(crate) fn sent<M: Message + Default, T>(prepared: &Prepared<T>) -> (&'static str, M) {
    let message = M::decode(prepared.call.message.clone()).expect("request decodes");
    (prepared.call.rpc.path, message)
}

/// What `prepared` makes of `reply`.
pub(crate) fn answer<T>(prepared: Prepared<T>, reply: impl Message) -> CacheResult<T> {
    (prepared.decode)(Ok(vec![Bytes::from(reply.encode_to_vec())]))
}
