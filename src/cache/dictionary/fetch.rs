//! `DictionaryFetch`: read every field of a dictionary.

use std::collections::HashMap;

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::dictionary_fetch_response::Dictionary;

use super::NAME;
use crate::cache::{IntoBytes, MomentoRequest, Prepared, RequestDefaults, key, miss_error, utf8};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Reads every field/value pair of a dictionary.
#[derive(Clone, Debug)]
pub struct DictionaryFetchRequest {
    cache_name: String,
    dictionary_name: Vec<u8>,
}

impl DictionaryFetchRequest {
    /// Reads the whole dictionary `dictionary_name`.
    pub fn new(cache_name: impl Into<String>, dictionary_name: impl IntoBytes) -> Self {
        DictionaryFetchRequest {
            cache_name: cache_name.into(),
            dictionary_name: dictionary_name.into_bytes(),
        }
    }
}

/// The dictionary's contents, or a miss.
///
/// `HashMap<Vec<u8>, Vec<u8>>` and `HashMap<String, String>` convert from it with `TryFrom`;
/// a miss (or non-UTF-8 text) is then an error, see [`crate::cache::dictionary`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DictionaryFetchResponse {
    /// The dictionary exists.
    Hit {
        /// Every field and its value.
        items: HashMap<Vec<u8>, Vec<u8>>,
    },
    /// No dictionary under the key.
    Miss,
}

impl TryFrom<DictionaryFetchResponse> for HashMap<Vec<u8>, Vec<u8>> {
    type Error = CacheError;

    fn try_from(response: DictionaryFetchResponse) -> CacheResult<Self> {
        match response {
            DictionaryFetchResponse::Hit { items } => Ok(items),
            DictionaryFetchResponse::Miss => Err(miss_error("DictionaryFetch")),
        }
    }
}

impl TryFrom<DictionaryFetchResponse> for HashMap<String, String> {
    type Error = CacheError;

    fn try_from(response: DictionaryFetchResponse) -> CacheResult<Self> {
        HashMap::<Vec<u8>, Vec<u8>>::try_from(response)?
            .into_iter()
            .map(|(field, value)| Ok((utf8("field", field)?, utf8("value", value)?)))
            .collect()
    }
}

impl MomentoRequest for DictionaryFetchRequest {
    type Response = DictionaryFetchResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<DictionaryFetchResponse>> {
        let request = wire::DictionaryFetchRequest {
            dictionary_name: key(NAME, self.dictionary_name)?,
        };
        Prepared::unary(
            rpc::DICTIONARY_FETCH,
            &self.cache_name,
            request,
            |reply: wire::DictionaryFetchResponse| match reply.dictionary {
                Some(Dictionary::Found(found)) => Ok(DictionaryFetchResponse::Hit {
                    items: found
                        .items
                        .into_iter()
                        .map(|pair| (pair.field, pair.value))
                        .collect(),
                }),
                Some(Dictionary::Missing(_)) => Ok(DictionaryFetchResponse::Miss),
                None => Err(CacheError::unexpected_reply(
                    "dictionary-fetch answer has no result",
                )),
            },
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    #[test]
    fn conversions() {
        let hit = DictionaryFetchResponse::Hit {
            items: HashMap::from([(b"f".to_vec(), b"v".to_vec())]),
        };
        let text: HashMap<String, String> = hit.clone().try_into().unwrap();
        assert_eq!(text, HashMap::from([("f".into(), "v".into())]));
        let raw: HashMap<Vec<u8>, Vec<u8>> = hit.try_into().unwrap();
        assert_eq!(raw.len(), 1);

        let err = HashMap::<String, String>::try_from(DictionaryFetchResponse::Miss).unwrap_err();
        assert_eq!(err.code, ErrorCode::UnknownError);
        assert!(err.message.starts_with("miss:"));

        let binary = DictionaryFetchResponse::Hit {
            items: HashMap::from([(b"f".to_vec(), vec![0xff])]),
        };
        let err = HashMap::<String, String>::try_from(binary).unwrap_err();
        assert!(err.message.contains("not valid UTF-8"), "{}", err.message);
    }

    #[test]
    fn wire_round_trip() {
        use crate::cache::test_support::{answer, prepare, rejected, sent};
        use edgecache_proto::cache_client::dictionary_fetch_response::{Found, Missing};

        let (path, request): (_, wire::DictionaryFetchRequest) =
            sent(&prepare(DictionaryFetchRequest::new("c", "d")));
        assert_eq!(path, "/cache_client.Scs/DictionaryFetch");
        assert_eq!(request.dictionary_name, b"d");
        let found = wire::DictionaryFetchResponse {
            dictionary: Some(Dictionary::Found(Found {
                items: vec![wire::DictionaryFieldValuePair {
                    field: b"f".to_vec(),
                    value: b"v".to_vec(),
                }],
            })),
        };
        let hit = answer(prepare(DictionaryFetchRequest::new("c", "d")), found).unwrap();
        assert_eq!(
            hit,
            DictionaryFetchResponse::Hit {
                items: HashMap::from([(b"f".to_vec(), b"v".to_vec())])
            }
        );
        let missing = wire::DictionaryFetchResponse {
            dictionary: Some(Dictionary::Missing(Missing {})),
        };
        let miss = answer(prepare(DictionaryFetchRequest::new("c", "d")), missing).unwrap();
        assert_eq!(miss, DictionaryFetchResponse::Miss);
        let nothing = wire::DictionaryFetchResponse::default();
        assert!(answer(prepare(DictionaryFetchRequest::new("c", "d")), nothing).is_err());
        rejected(DictionaryFetchRequest::new("c", ""), "dictionary_name");
    }
}
