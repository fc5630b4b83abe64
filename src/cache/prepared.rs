//! How a request becomes a call: validated and encoded up front, with the decoder for its
//! reply kept alongside.

use std::time::Duration;

use bytes::Bytes;
use prost::Message;

use crate::call::Call;
use crate::call_decode::{decode_all, decode_one};
use crate::error::{CacheError, CacheResult};
use crate::rpc::Rpc;

/// A request that [`crate::CacheClient::send_request`] can send.
pub trait MomentoRequest {
    /// What a successful call returns.
    type Response;

    /// Validates and encodes the request. Called by the client; not meant for direct use.
    #[doc(hidden)]
    fn prepare(self, defaults: &RequestDefaults) -> CacheResult<Prepared<Self::Response>>;
}

/// Client-wide values a request falls back on.
#[doc(hidden)]
#[derive(Clone, Debug)]
pub struct RequestDefaults {
    pub(crate) default_ttl: Duration,
}

impl RequestDefaults {
    /// `ttl`, or the client's default TTL, in milliseconds.
    pub(crate) fn ttl_millis(&self, ttl: Option<Duration>) -> CacheResult<u64> {
        super::ttl_millis("ttl", ttl.unwrap_or(self.default_ttl))
    }
}

/// Turns the call's outcome (reply messages or error) into the typed response.
type Decoder<T> = Box<dyn FnOnce(CacheResult<Vec<Bytes>>) -> CacheResult<T> + Send>;

/// An encoded call and the decoder for its reply.
#[doc(hidden)]
pub struct Prepared<T> {
    pub(crate) call: Call,
    pub(crate) decode: Decoder<T>,
}

/// The largest request the official SDKs send: about 10 MiB.
const MAX_REQUEST_BYTES: usize = 10_486_000;

fn encode(message: &impl Message) -> CacheResult<Bytes> {
    let len = message.encoded_len();
    if len > MAX_REQUEST_BYTES {
        return Err(CacheError::invalid_argument(
            "request",
            format!("is {len} bytes, above the {MAX_REQUEST_BYTES}-byte limit"),
        ));
    }
    Ok(Bytes::from(message.encode_to_vec()))
}

impl<T: 'static> Prepared<T> {
    /// A data-plane call with one reply message.
    pub(crate) fn unary<Reply: Message + Default + 'static>(
        rpc: Rpc,
        cache: &str,
        request: impl Message,
        convert: impl FnOnce(Reply) -> CacheResult<T> + Send + 'static,
    ) -> CacheResult<Self> {
        Self::new(rpc, Some(super::cache_name(cache)?), request, move |m| {
            convert(decode_one(m?)?)
        })
    }

    /// A data-plane call whose reply is a stream of messages.
    pub(crate) fn streaming<Reply: Message + Default + 'static>(
        rpc: Rpc,
        cache: &str,
        request: impl Message,
        convert: impl FnOnce(Vec<Reply>) -> CacheResult<T> + Send + 'static,
    ) -> CacheResult<Self> {
        Self::new(rpc, Some(super::cache_name(cache)?), request, move |m| {
            convert(decode_all(m?)?)
        })
    }

    /// A call without a `cache` header (control plane, ping), with one reply message.
    pub(crate) fn without_cache<Reply: Message + Default + 'static>(
        rpc: Rpc,
        request: impl Message,
        convert: impl FnOnce(Reply) -> CacheResult<T> + Send + 'static,
    ) -> CacheResult<Self> {
        Self::new(rpc, None, request, move |m| convert(decode_one(m?)?))
    }

    fn new(
        rpc: Rpc,
        cache: Option<String>,
        request: impl Message,
        decode: impl FnOnce(CacheResult<Vec<Bytes>>) -> CacheResult<T> + Send + 'static,
    ) -> CacheResult<Self> {
        Ok(Prepared {
            call: Call {
                rpc,
                cache,
                message: encode(&request)?,
            },
            decode: Box::new(decode),
        })
    }

    /// Lets an error status stand for a successful answer instead, such as `ALREADY_EXISTS`
    /// for cache creation.
    pub(crate) fn recover(
        self,
        recover: impl FnOnce(CacheError) -> CacheResult<T> + Send + 'static,
    ) -> Self {
        let decode = self.decode;
        Prepared {
            call: self.call,
            decode: Box::new(move |outcome| decode(outcome).or_else(recover)),
        }
    }

    /// Maps the typed response once decoded.
    pub(crate) fn map<U: 'static>(self, f: impl FnOnce(T) -> U + Send + 'static) -> Prepared<U> {
        let decode = self.decode;
        Prepared {
            call: self.call,
            decode: Box::new(move |outcome| decode(outcome).map(f)),
        }
    }
}
