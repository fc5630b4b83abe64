//! What travels on a topic: published values, and the items a subscription yields.

use edgecache_proto::cache_client::pubsub as proto;

use crate::error::{CacheError, ErrorCode};

/// A published value: text or bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ValueKind {
    /// Published as a string.
    Text(String),
    /// Published as bytes.
    Binary(Vec<u8>),
}

impl ValueKind {
    pub(crate) fn into_proto(self) -> proto::TopicValue {
        proto::TopicValue {
            kind: Some(match self {
                ValueKind::Text(text) => proto::topic_value::Kind::Text(text),
                ValueKind::Binary(bytes) => proto::topic_value::Kind::Binary(bytes),
            }),
        }
    }
}

/// Anything [`crate::TopicClient::publish`] takes as a value: strings are published as text,
/// byte slices and vectors as bytes.
pub trait IntoTopicValue {
    /// The value as text or bytes.
    fn into_topic_value(self) -> ValueKind;
}

impl IntoTopicValue for ValueKind {
    fn into_topic_value(self) -> ValueKind {
        self
    }
}

impl IntoTopicValue for String {
    fn into_topic_value(self) -> ValueKind {
        ValueKind::Text(self)
    }
}

impl IntoTopicValue for &str {
    fn into_topic_value(self) -> ValueKind {
        ValueKind::Text(self.to_owned())
    }
}

impl IntoTopicValue for &String {
    fn into_topic_value(self) -> ValueKind {
        ValueKind::Text(self.clone())
    }
}

impl IntoTopicValue for Vec<u8> {
    fn into_topic_value(self) -> ValueKind {
        ValueKind::Binary(self)
    }
}

impl IntoTopicValue for &[u8] {
    fn into_topic_value(self) -> ValueKind {
        ValueKind::Binary(self.to_vec())
    }
}

impl<const N: usize> IntoTopicValue for &[u8; N] {
    fn into_topic_value(self) -> ValueKind {
        ValueKind::Binary(self.to_vec())
    }
}

/// One value received on a subscription.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SubscriptionValue {
    /// The value, as it was published.
    pub kind: ValueKind,
    /// Its place in the topic: one more than the value before it, within a page.
    pub topic_sequence_number: u64,
    /// The topic's sequence page; a new page means the topic was reset.
    pub topic_sequence_page: u64,
    /// The token id of the publisher's disposable token; empty otherwise.
    pub publisher_id: String,
}

impl TryFrom<SubscriptionValue> for String {
    type Error = CacheError;

    /// The text of a text value, or of a binary value that is valid UTF-8.
    fn try_from(value: SubscriptionValue) -> Result<Self, Self::Error> {
        match value.kind {
            ValueKind::Text(text) => Ok(text),
            ValueKind::Binary(bytes) => String::from_utf8(bytes).map_err(|_| {
                CacheError::new(
                    ErrorCode::UnknownError,
                    "the topic value is binary and not valid UTF-8",
                )
            }),
        }
    }
}

impl From<SubscriptionValue> for Vec<u8> {
    fn from(value: SubscriptionValue) -> Self {
        match value.kind {
            ValueKind::Text(text) => text.into_bytes(),
            ValueKind::Binary(bytes) => bytes,
        }
    }
}

/// The subscription skipped values: the topic was reset, or the subscriber fell behind what
/// the server keeps. Values continue after `new_sequence_number`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Discontinuity {
    /// The last sequence number known before the gap, when known.
    pub last_sequence_number: Option<u64>,
    /// The next value has the sequence number after this one.
    pub new_sequence_number: u64,
    /// The page the values continue in.
    pub new_sequence_page: u64,
}

/// Everything a subscription yields, for callers that want more than the values.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SubscriptionItem {
    /// A published value.
    Value(SubscriptionValue),
    /// Values were skipped here; the subscription goes on.
    Discontinuity(Discontinuity),
    /// The server says the stream is alive; carries nothing.
    Heartbeat,
}

/// A decoded `_SubscriptionItem`, or why it makes no sense.
pub(crate) fn decode_item(message: &[u8]) -> Result<SubscriptionItem, String> {
    use proto::subscription_item::Kind;
    let item = <proto::SubscriptionItem as prost::Message>::decode(message)
        .map_err(|e| format!("a subscription item is not valid protobuf: {e}"))?;
    match item.kind {
        Some(Kind::Item(item)) => {
            let kind = match item.value.and_then(|value| value.kind) {
                Some(proto::topic_value::Kind::Text(text)) => ValueKind::Text(text),
                Some(proto::topic_value::Kind::Binary(bytes)) => ValueKind::Binary(bytes),
                None => return Err("a topic item has no value".into()),
            };
            Ok(SubscriptionItem::Value(SubscriptionValue {
                kind,
                topic_sequence_number: item.topic_sequence_number,
                topic_sequence_page: item.sequence_page,
                publisher_id: item.publisher_id,
            }))
        }
        Some(Kind::Discontinuity(gap)) => Ok(SubscriptionItem::Discontinuity(Discontinuity {
            last_sequence_number: (gap.last_topic_sequence != 0).then_some(gap.last_topic_sequence),
            new_sequence_number: gap.new_topic_sequence,
            new_sequence_page: gap.new_sequence_page,
        })),
        Some(Kind::Heartbeat(_)) => Ok(SubscriptionItem::Heartbeat),
        None => Err("a subscription item has no kind".into()),
    }
}

#[cfg(test)]
mod tests {
    use prost::Message;

    use super::*;

    fn encode(kind: proto::subscription_item::Kind) -> Vec<u8> {
        proto::SubscriptionItem { kind: Some(kind) }.encode_to_vec()
    }

    #[test]
    fn items_decode_with_every_field() {
        let bytes = encode(proto::subscription_item::Kind::Item(proto::TopicItem {
            topic_sequence_number: 7,
            value: Some(ValueKind::Binary(vec![0, 255]).into_proto()),
            publisher_id: "p".into(),
            sequence_page: 3,
        }));
        assert_eq!(
            decode_item(&bytes).unwrap(),
            SubscriptionItem::Value(SubscriptionValue {
                kind: ValueKind::Binary(vec![0, 255]),
                topic_sequence_number: 7,
                topic_sequence_page: 3,
                publisher_id: "p".into(),
            })
        );
        let gap = encode(proto::subscription_item::Kind::Discontinuity(
            proto::Discontinuity {
                last_topic_sequence: 0,
                new_topic_sequence: 9,
                new_sequence_page: 4,
            },
        ));
        assert_eq!(
            decode_item(&gap).unwrap(),
            SubscriptionItem::Discontinuity(Discontinuity {
                last_sequence_number: None,
                new_sequence_number: 9,
                new_sequence_page: 4,
            })
        );
        let beat = encode(proto::subscription_item::Kind::Heartbeat(
            proto::Heartbeat {},
        ));
        assert_eq!(decode_item(&beat).unwrap(), SubscriptionItem::Heartbeat);
    }

    #[test]
    fn nonsense_is_an_error_not_a_panic() {
        assert!(decode_item(&[0xff, 0xff, 0xff]).is_err());
        assert!(decode_item(&[]).is_err(), "no kind");
        let valueless = encode(proto::subscription_item::Kind::Item(
            proto::TopicItem::default(),
        ));
        assert!(decode_item(&valueless).is_err());
    }

    #[test]
    fn values_convert_like_the_momento_crate() {
        let value = |kind| SubscriptionValue {
            kind,
            topic_sequence_number: 1,
            topic_sequence_page: 1,
            publisher_id: String::new(),
        };
        assert_eq!(
            String::try_from(value(ValueKind::Binary(b"hi".to_vec()))).unwrap(),
            "hi"
        );
        assert!(String::try_from(value(ValueKind::Binary(vec![0xff]))).is_err());
        assert_eq!(Vec::<u8>::from(value(ValueKind::Text("ab".into()))), b"ab");
        assert_eq!("x".into_topic_value(), ValueKind::Text("x".into()));
        assert_eq!(b"xy".into_topic_value(), ValueKind::Binary(b"xy".to_vec()));
    }
}
