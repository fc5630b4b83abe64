//! `DictionaryGet`: read some fields of a dictionary, or one.

use std::collections::HashMap;

use edgecache_proto::cache_client as wire;
use edgecache_proto::cache_client::dictionary_get_response::{
    Dictionary, DictionaryGetResponsePart,
};

use super::NAME;
use crate::cache::{
    IntoBytes, MomentoRequest, Prepared, RequestDefaults, Value, key, miss_error, non_empty, utf8,
    value_conversions,
};
use crate::error::{CacheError, CacheResult};
use crate::rpc;

/// Reads several fields of a dictionary. Each field gets its own hit or miss, in request
/// order.
#[derive(Clone, Debug)]
pub struct DictionaryGetFieldsRequest {
    cache_name: String,
    dictionary_name: Vec<u8>,
    fields: Vec<Vec<u8>>,
}

impl DictionaryGetFieldsRequest {
    /// Reads `fields` (at least one) of `dictionary_name`.
    pub fn new<F: IntoBytes>(
        cache_name: impl Into<String>,
        dictionary_name: impl IntoBytes,
        fields: impl IntoIterator<Item = F>,
    ) -> Self {
        DictionaryGetFieldsRequest {
            cache_name: cache_name.into(),
            dictionary_name: dictionary_name.into_bytes(),
            fields: fields.into_iter().map(IntoBytes::into_bytes).collect(),
        }
    }
}

/// One answer per requested field, or a miss when the dictionary does not exist.
///
/// `HashMap<Vec<u8>, Vec<u8>>` and `HashMap<String, String>` of the fields that hit convert
/// from it with `TryFrom`; a miss is then an error, see [`crate::cache::dictionary`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DictionaryGetFieldsResponse {
    /// The dictionary exists.
    Hit {
        /// The requested fields, in request order.
        fields: Vec<Vec<u8>>,
        /// `responses[i]` answers `fields[i]`.
        responses: Vec<DictionaryGetFieldResponse>,
    },
    /// No dictionary under the key.
    Miss,
}

impl DictionaryGetFieldsResponse {
    fn hits(self) -> CacheResult<impl Iterator<Item = (Vec<u8>, Value)>> {
        match self {
            DictionaryGetFieldsResponse::Hit { fields, responses } => Ok(fields
                .into_iter()
                .zip(responses)
                .filter_map(|(field, response)| match response {
                    DictionaryGetFieldResponse::Hit { value } => Some((field, value)),
                    DictionaryGetFieldResponse::Miss => None,
                })),
            DictionaryGetFieldsResponse::Miss => Err(miss_error("DictionaryGetFields")),
        }
    }
}

impl TryFrom<DictionaryGetFieldsResponse> for HashMap<Vec<u8>, Vec<u8>> {
    type Error = CacheError;

    /// The fields that hit and their values.
    fn try_from(response: DictionaryGetFieldsResponse) -> CacheResult<Self> {
        Ok(response.hits()?.map(|(f, v)| (f, v.into_bytes())).collect())
    }
}

impl TryFrom<DictionaryGetFieldsResponse> for HashMap<String, String> {
    type Error = CacheError;

    /// The fields that hit and their values, as text.
    fn try_from(response: DictionaryGetFieldsResponse) -> CacheResult<Self> {
        response
            .hits()?
            .map(|(f, v)| Ok((utf8("field", f)?, utf8("value", v.into_bytes())?)))
            .collect()
    }
}

impl MomentoRequest for DictionaryGetFieldsRequest {
    type Response = DictionaryGetFieldsResponse;

    fn prepare(self, _: &RequestDefaults) -> CacheResult<Prepared<DictionaryGetFieldsResponse>> {
        let fields = non_empty("fields", self.fields)?;
        let request = wire::DictionaryGetRequest {
            dictionary_name: key(NAME, self.dictionary_name)?,
            fields: fields.clone(),
        };
        Prepared::unary(
            rpc::DICTIONARY_GET,
            &self.cache_name,
            request,
            move |reply: wire::DictionaryGetResponse| match reply.dictionary {
                Some(Dictionary::Found(found)) => {
                    if found.items.len() != fields.len() {
                        return Err(CacheError::unexpected_reply(format!(
                            "{} answers for {} fields",
                            found.items.len(),
                            fields.len()
                        )));
                    }
                    let responses = found
                        .items
                        .into_iter()
                        .map(DictionaryGetFieldResponse::from_part)
                        .collect::<CacheResult<_>>()?;
                    Ok(DictionaryGetFieldsResponse::Hit { fields, responses })
                }
                Some(Dictionary::Missing(_)) => Ok(DictionaryGetFieldsResponse::Miss),
                None => Err(CacheError::unexpected_reply(
                    "dictionary-get answer has no result",
                )),
            },
        )
    }
}

/// Reads one field of a dictionary.
#[derive(Clone, Debug)]
pub struct DictionaryGetFieldRequest {
    inner: DictionaryGetFieldsRequest,
}

impl DictionaryGetFieldRequest {
    /// Reads `field` of `dictionary_name`.
    pub fn new(
        cache_name: impl Into<String>,
        dictionary_name: impl IntoBytes,
        field: impl IntoBytes,
    ) -> Self {
        DictionaryGetFieldRequest {
            inner: DictionaryGetFieldsRequest::new(cache_name, dictionary_name, [field]),
        }
    }
}

/// The field's value, or a miss (when the field or the whole dictionary is absent).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DictionaryGetFieldResponse {
    /// The field exists.
    Hit {
        /// Its value.
        value: Value,
    },
    /// The field (or the dictionary) does not exist.
    Miss,
}

value_conversions!(DictionaryGetFieldResponse, "DictionaryGetField");

impl DictionaryGetFieldResponse {
    /// Reads one per-field part of a `DictionaryGet` answer.
    fn from_part(part: DictionaryGetResponsePart) -> CacheResult<Self> {
        match wire::ECacheResult::try_from(part.result) {
            Ok(wire::ECacheResult::Hit) => Ok(DictionaryGetFieldResponse::Hit {
                value: Value(part.cache_body),
            }),
            Ok(wire::ECacheResult::Miss) => Ok(DictionaryGetFieldResponse::Miss),
            _ => Err(CacheError::unexpected_reply(format!(
                "dictionary field result {}",
                part.result
            ))),
        }
    }
}

impl MomentoRequest for DictionaryGetFieldRequest {
    type Response = DictionaryGetFieldResponse;

    fn prepare(
        self,
        defaults: &RequestDefaults,
    ) -> CacheResult<Prepared<DictionaryGetFieldResponse>> {
        // The inner decoder has already checked there is exactly one answer.
        Ok(self.inner.prepare(defaults)?.map(|reply| match reply {
            DictionaryGetFieldsResponse::Hit { responses, .. } => responses
                .into_iter()
                .next()
                .unwrap_or(DictionaryGetFieldResponse::Miss),
            DictionaryGetFieldsResponse::Miss => DictionaryGetFieldResponse::Miss,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;
    use crate::cache::test_support::{answer, prepare, rejected, sent};
    use edgecache_proto::cache_client::dictionary_get_response::{Found, Missing};

    fn part(result: wire::ECacheResult, body: &[u8]) -> DictionaryGetResponsePart {
        DictionaryGetResponsePart {
            result: result as i32,
            cache_body: body.to_vec(),
        }
    }

    fn found(items: Vec<DictionaryGetResponsePart>) -> wire::DictionaryGetResponse {
        wire::DictionaryGetResponse {
            dictionary: Some(Dictionary::Found(Found { items })),
        }
    }

    #[test]
    fn request_and_per_field_answers() {
        let prepared = prepare(DictionaryGetFieldsRequest::new("c", "d", ["a", "b"]));
        let (path, request): (_, wire::DictionaryGetRequest) = sent(&prepared);
        assert_eq!(path, "/cache_client.Scs/DictionaryGet");
        assert_eq!(request.dictionary_name, b"d");
        assert_eq!(request.fields, [b"a".to_vec(), b"b".to_vec()]);

        let reply = found(vec![
            part(wire::ECacheResult::Hit, b"1"),
            part(wire::ECacheResult::Miss, b""),
        ]);
        let response = answer(prepared, reply).unwrap();
        let map: HashMap<String, String> = response.clone().try_into().unwrap();
        assert_eq!(map, HashMap::from([("a".into(), "1".into())]));
        match response {
            DictionaryGetFieldsResponse::Hit { responses, .. } => {
                assert_eq!(responses[1], DictionaryGetFieldResponse::Miss)
            }
            DictionaryGetFieldsResponse::Miss => panic!("expected a hit"),
        }
    }

    #[test]
    fn wrong_answer_counts_and_results_are_errors() {
        let prepared = prepare(DictionaryGetFieldsRequest::new("c", "d", ["a", "b"]));
        let err = answer(prepared, found(vec![part(wire::ECacheResult::Hit, b"1")])).unwrap_err();
        assert_eq!(err.error_code, ErrorCode::UnknownError);

        let prepared = prepare(DictionaryGetFieldRequest::new("c", "d", "a"));
        let err = answer(prepared, found(vec![part(wire::ECacheResult::Ok, b"")])).unwrap_err();
        assert_eq!(err.error_code, ErrorCode::UnknownError);

        let prepared = prepare(DictionaryGetFieldRequest::new("c", "d", "a"));
        let err = answer(prepared, wire::DictionaryGetResponse::default()).unwrap_err();
        assert_eq!(err.error_code, ErrorCode::UnknownError);
    }

    #[test]
    fn single_field() {
        let prepared = prepare(DictionaryGetFieldRequest::new("c", "d", "a"));
        let hit = answer(prepared, found(vec![part(wire::ECacheResult::Hit, b"v")])).unwrap();
        assert_eq!(String::try_from(hit).unwrap(), "v");

        let prepared = prepare(DictionaryGetFieldRequest::new("c", "d", "a"));
        let missing = wire::DictionaryGetResponse {
            dictionary: Some(Dictionary::Missing(Missing {})),
        };
        let miss = answer(prepared, missing).unwrap();
        assert_eq!(miss, DictionaryGetFieldResponse::Miss);
        assert!(
            String::try_from(miss)
                .unwrap_err()
                .message
                .starts_with("miss:")
        );
    }

    #[test]
    fn bad_input() {
        rejected(
            DictionaryGetFieldsRequest::new("c", "d", Vec::<&str>::new()),
            "fields",
        );
        rejected(
            DictionaryGetFieldRequest::new("c", "", "f"),
            "dictionary_name",
        );
        rejected(DictionaryGetFieldRequest::new("", "d", "f"), "cache_name");
    }
}
