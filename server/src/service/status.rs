//! Mapping of store errors and request-shape problems onto gRPC statuses and `err` trailers.

use tonic::metadata::MetadataValue;
use tonic::{Code, Status};

use crate::store::StoreError;
use crate::topics::TopicError;

/// Adds the machine-readable `err` metadata entry that Momento clients read first.
fn with_err(code: Code, message: String, err: &'static str) -> Status {
    let mut status = Status::new(code, message);
    status
        .metadata_mut()
        .insert("err", MetadataValue::from_static(err));
    status
}

impl From<StoreError> for Status {
    fn from(error: StoreError) -> Self {
        let message = error.to_string();
        match error {
            StoreError::CacheNotFound { .. } => Status::not_found(message),
            StoreError::AlreadyExists { .. } => Status::already_exists(message),
            StoreError::InvalidArgument(_) => Status::invalid_argument(message),
            StoreError::FailedPrecondition(_) => Status::failed_precondition(message),
            StoreError::WrongType { .. } => {
                with_err(Code::FailedPrecondition, message, "invalid_type")
            }
            StoreError::ItemTooLarge { .. } => {
                with_err(Code::ResourceExhausted, message, "item_size_limit_exceeded")
            }
            StoreError::ElementTooLarge { .. } => with_err(
                Code::ResourceExhausted,
                message,
                "element_size_limit_exceeded",
            ),
            StoreError::Internal(_) => Status::internal(message),
        }
    }
}

impl From<TopicError> for Status {
    fn from(error: TopicError) -> Self {
        let message = error.to_string();
        match error {
            TopicError::EmptyCacheName | TopicError::EmptyTopicName => {
                Status::invalid_argument(message)
            }
            TopicError::CacheNotFound { .. } => Status::not_found(message),
            TopicError::MessageTooLarge { .. } => with_err(
                Code::ResourceExhausted,
                message,
                "request_size_limit_exceeded",
            ),
            TopicError::TooManySubscriptions { .. } => with_err(
                Code::ResourceExhausted,
                message,
                "topic_subscriptions_limit_exceeded",
            ),
        }
    }
}

/// The status for a required oneof that the request left unset.
pub(crate) fn unset_oneof(name: &str) -> Status {
    Status::invalid_argument(format!("invalid argument: `{name}` must be set"))
}

/// The status for an enum field holding a number the schema does not define.
pub(crate) fn unknown_enum(name: &str, value: i32) -> Status {
    Status::invalid_argument(format!("invalid argument: unknown `{name}` value {value}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::ItemType;

    fn err_of(status: &Status) -> Option<&str> {
        status.metadata().get("err").and_then(|v| v.to_str().ok())
    }

    #[test]
    fn codes_and_err_metadata() {
        let s = Status::from(StoreError::CacheNotFound { cache: "c".into() });
        assert_eq!(s.code(), Code::NotFound);
        assert!(s.message().contains('c'));
        let s = Status::from(StoreError::AlreadyExists { cache: "c".into() });
        assert_eq!(s.code(), Code::AlreadyExists);
        let s = Status::from(StoreError::InvalidArgument("x".into()));
        assert_eq!(s.code(), Code::InvalidArgument);
        let s = Status::from(StoreError::FailedPrecondition("x".into()));
        assert_eq!((s.code(), err_of(&s)), (Code::FailedPrecondition, None));
        let s = Status::from(StoreError::WrongType {
            expected: ItemType::List,
            found: ItemType::Set,
        });
        assert_eq!(
            (s.code(), err_of(&s)),
            (Code::FailedPrecondition, Some("invalid_type"))
        );
        let s = Status::from(StoreError::ItemTooLarge { size: 2, limit: 1 });
        assert_eq!(
            (s.code(), err_of(&s)),
            (Code::ResourceExhausted, Some("item_size_limit_exceeded"))
        );
        let s = Status::from(StoreError::ElementTooLarge { size: 2, limit: 1 });
        assert_eq!(
            (s.code(), err_of(&s)),
            (Code::ResourceExhausted, Some("element_size_limit_exceeded"))
        );
        assert_eq!(unset_oneof("condition").code(), Code::InvalidArgument);
    }

    #[test]
    fn topic_errors() {
        let s = Status::from(TopicError::EmptyTopicName);
        assert_eq!((s.code(), err_of(&s)), (Code::InvalidArgument, None));
        let s = Status::from(TopicError::EmptyCacheName);
        assert_eq!(s.code(), Code::InvalidArgument);
        let s = Status::from(TopicError::CacheNotFound { cache: "c".into() });
        assert_eq!((s.code(), err_of(&s)), (Code::NotFound, None));
        let s = Status::from(TopicError::MessageTooLarge {
            size: 5000,
            limit: 4096,
        });
        assert_eq!(
            (s.code(), err_of(&s)),
            (Code::ResourceExhausted, Some("request_size_limit_exceeded"))
        );
        assert!(s.message().contains("4096"), "{}", s.message());
        let s = Status::from(TopicError::TooManySubscriptions {
            cache: "c".into(),
            limit: 100,
        });
        assert_eq!(
            (s.code(), err_of(&s)),
            (
                Code::ResourceExhausted,
                Some("topic_subscriptions_limit_exceeded")
            )
        );
        // The text clients search when the `err` trailer is missing.
        assert!(s.message().contains("subscribers"), "{}", s.message());
        assert!(unknown_enum("order", 7).message().contains('7'));
    }
}
