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

/// Every field of a dictionary with its value: the `Hit` of [`DictionaryFetchResponse`].
/// Reads like the map it holds, and converts into `HashMap<Vec<u8>, Vec<u8>>` (`From`) or
/// `HashMap<String, String>` (`TryFrom`, failing on text that is not UTF-8).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DictionaryValue(HashMap<Vec<u8>, Vec<u8>>);

impl DictionaryValue {
    /// Wraps field/value pairs.
    pub fn new(items: HashMap<Vec<u8>, Vec<u8>>) -> Self {
        DictionaryValue(items)
    }

    /// The fields and values.
    pub fn items(&self) -> &HashMap<Vec<u8>, Vec<u8>> {
        &self.0
    }

    /// The fields and values, owned.
    pub fn into_items(self) -> HashMap<Vec<u8>, Vec<u8>> {
        self.0
    }
}

impl std::ops::Deref for DictionaryValue {
    type Target = HashMap<Vec<u8>, Vec<u8>>;

    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl From<HashMap<Vec<u8>, Vec<u8>>> for DictionaryValue {
    fn from(items: HashMap<Vec<u8>, Vec<u8>>) -> Self {
        DictionaryValue(items)
    }
}

impl From<DictionaryValue> for HashMap<Vec<u8>, Vec<u8>> {
    fn from(value: DictionaryValue) -> Self {
        value.0
    }
}

impl TryFrom<DictionaryValue> for HashMap<String, String> {
    type Error = CacheError;

    fn try_from(value: DictionaryValue) -> CacheResult<Self> {
        value
            .0
            .into_iter()
            .map(|(field, value)| Ok((utf8("field", field)?, utf8("value", value)?)))
            .collect()
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
        value: DictionaryValue,
    },
    /// No dictionary under the key.
    Miss,
}

impl TryFrom<DictionaryFetchResponse> for HashMap<Vec<u8>, Vec<u8>> {
    type Error = CacheError;

    fn try_from(response: DictionaryFetchResponse) -> CacheResult<Self> {
        match response {
            DictionaryFetchResponse::Hit { value } => Ok(value.0),
            DictionaryFetchResponse::Miss => Err(miss_error("DictionaryFetch")),
        }
    }
}

impl TryFrom<DictionaryFetchResponse> for HashMap<String, String> {
    type Error = CacheError;

    fn try_from(response: DictionaryFetchResponse) -> CacheResult<Self> {
        DictionaryValue(HashMap::try_from(response)?).try_into()
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
                    value: DictionaryValue(
                        found
                            .items
                            .into_iter()
                            .map(|pair| (pair.field, pair.value))
                            .collect(),
                    ),
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
            value: HashMap::from([(b"f".to_vec(), b"v".to_vec())]).into(),
        };
        let text: HashMap<String, String> = hit.clone().try_into().unwrap();
        assert_eq!(text, HashMap::from([("f".into(), "v".into())]));
        let raw: HashMap<Vec<u8>, Vec<u8>> = hit.try_into().unwrap();
        assert_eq!(raw.len(), 1);

        let err = HashMap::<String, String>::try_from(DictionaryFetchResponse::Miss).unwrap_err();
        assert_eq!(err.error_code, ErrorCode::UnknownError);
        assert!(err.message.starts_with("miss:"));

        let binary = DictionaryFetchResponse::Hit {
            value: HashMap::from([(b"f".to_vec(), vec![0xff])]).into(),
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
                value: HashMap::from([(b"f".to_vec(), b"v".to_vec())]).into()
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
