//! `DictionaryLength`: how many fields a dictionary has.

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::dictionary_length_response::Dictionary;

use super::NAME;
use crate::cache::{IntoBytes, MomentoRequest, Prepared, RequestDefaults, hit_conversion, key};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Counts the fields of a dictionary.
#[derive(Clone, Debug)]
pub struct DictionaryLengthRequest {
    cache_name: String,
    dictionary_name: Vec<u8>,
}

impl DictionaryLengthRequest {
    /// Counts the fields of `dictionary_name`.
    pub fn new(cache_name: impl Into<String>, dictionary_name: impl IntoBytes) -> Self {
        DictionaryLengthRequest {
            cache_name: cache_name.into(),
            dictionary_name: dictionary_name.into_bytes(),
        }
    }
}

/// The number of fields, or a miss.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DictionaryLengthResponse {
    /// The dictionary exists.
    Hit {
        /// Its number of fields.
        length: u32,
    },
    /// No dictionary under the key.
    Miss,
}

hit_conversion!(DictionaryLengthResponse, length: u32, "DictionaryLength");

impl MomentoRequest for DictionaryLengthRequest {
    type Response = DictionaryLengthResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<DictionaryLengthResponse>> {
        let request = wire::DictionaryLengthRequest {
            dictionary_name: key(NAME, self.dictionary_name)?,
        };
        Prepared::unary(
            rpc::DICTIONARY_LENGTH,
            &self.cache_name,
            request,
            |reply: wire::DictionaryLengthResponse| match reply.dictionary {
                Some(Dictionary::Found(found)) => Ok(DictionaryLengthResponse::Hit {
                    length: found.length,
                }),
                Some(Dictionary::Missing(_)) => Ok(DictionaryLengthResponse::Miss),
                None => Err(CacheError::unexpected_reply(
                    "dictionary-length answer has no result",
                )),
            },
        )
    }
}
