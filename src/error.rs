//! The one error type every call returns, its codes, and the mapping from gRPC statuses.

use std::fmt;

use crate::grpc_web::Status;

/// What went wrong, as a stable code. The names follow the `momento` crate; [`ErrorCode::as_str`]
/// gives the string the JavaScript SDKs use (`"NOT_FOUND_ERROR"` and so on).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// An argument was rejected, by this client before sending or by the server.
    InvalidArgumentError,
    /// The service answered with something this client does not understand.
    UnknownServiceError,
    /// The cache (or store) already exists.
    AlreadyExistsError,
    /// The cache does not exist.
    CacheNotFoundError,
    /// The store does not exist.
    StoreNotFoundError,
    /// The store item does not exist.
    ItemNotFoundError,
    /// The function does not exist.
    FunctionNotFoundError,
    /// The service failed unexpectedly.
    InternalServerError,
    /// The credential lacks a permission.
    PermissionError,
    /// The credential was rejected.
    AuthenticationError,
    /// The call was cancelled.
    CancelledError,
    /// No connection could be set up (for example a TLS or address problem).
    ConnectionError,
    /// A rate, throughput or size limit was exceeded.
    LimitExceededError,
    /// The request was malformed or not supported.
    BadRequestError,
    /// The call's deadline passed before it settled.
    TimeoutError,
    /// The service could not be reached or is temporarily unavailable.
    ServerUnavailable,
    /// A client-side resource ran out.
    ClientResourceExhausted,
    /// The stored item is not in a state the call needs (for example incrementing a non-number).
    FailedPreconditionError,
    /// Anything else.
    UnknownError,
}

impl ErrorCode {
    /// Every code, in the order of the protocol's table.
    pub const ALL: [ErrorCode; 19] = [
        ErrorCode::InvalidArgumentError,
        ErrorCode::UnknownServiceError,
        ErrorCode::AlreadyExistsError,
        ErrorCode::CacheNotFoundError,
        ErrorCode::StoreNotFoundError,
        ErrorCode::ItemNotFoundError,
        ErrorCode::FunctionNotFoundError,
        ErrorCode::InternalServerError,
        ErrorCode::PermissionError,
        ErrorCode::AuthenticationError,
        ErrorCode::CancelledError,
        ErrorCode::ConnectionError,
        ErrorCode::LimitExceededError,
        ErrorCode::BadRequestError,
        ErrorCode::TimeoutError,
        ErrorCode::ServerUnavailable,
        ErrorCode::ClientResourceExhausted,
        ErrorCode::FailedPreconditionError,
        ErrorCode::UnknownError,
    ];

    /// The code as the JavaScript SDKs spell it (`MomentoErrorCode` values).
    pub const fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidArgumentError => "INVALID_ARGUMENT_ERROR",
            ErrorCode::UnknownServiceError => "UNKNOWN_SERVICE_ERROR",
            ErrorCode::AlreadyExistsError => "ALREADY_EXISTS_ERROR",
            ErrorCode::CacheNotFoundError => "NOT_FOUND_ERROR",
            ErrorCode::StoreNotFoundError => "STORE_NOT_FOUND_ERROR",
            ErrorCode::ItemNotFoundError => "STORE_ITEM_NOT_FOUND_ERROR",
            ErrorCode::FunctionNotFoundError => "FUNCTION_NOT_FOUND_ERROR",
            ErrorCode::InternalServerError => "INTERNAL_SERVER_ERROR",
            ErrorCode::PermissionError => "PERMISSION_ERROR",
            ErrorCode::AuthenticationError => "AUTHENTICATION_ERROR",
            ErrorCode::CancelledError => "CANCELLED_ERROR",
            ErrorCode::ConnectionError => "CONNECTION_ERROR",
            ErrorCode::LimitExceededError => "LIMIT_EXCEEDED_ERROR",
            ErrorCode::BadRequestError => "BAD_REQUEST_ERROR",
            ErrorCode::TimeoutError => "TIMEOUT_ERROR",
            ErrorCode::ServerUnavailable => "SERVER_UNAVAILABLE",
            ErrorCode::ClientResourceExhausted => "CLIENT_RESOURCE_EXHAUSTED",
            ErrorCode::FailedPreconditionError => "FAILED_PRECONDITION_ERROR",
            ErrorCode::UnknownError => "UNKNOWN_ERROR",
        }
    }

    /// The code for a non-OK gRPC status, following the protocol's mapping table. `err` is the
    /// machine-readable cause the service may attach in trailers.
    pub(crate) fn from_status(code: i32, message: &str, err: Option<&str>) -> ErrorCode {
        match code {
            1 => ErrorCode::CancelledError,
            2 => ErrorCode::UnknownServiceError,
            3 => ErrorCode::InvalidArgumentError,
            4 => ErrorCode::TimeoutError,
            5 => match err {
                Some("item_not_found") => ErrorCode::ItemNotFoundError,
                Some("store_not_found") => ErrorCode::StoreNotFoundError,
                _ if message.contains("Store with name:") && message.contains("doesn't exist") => {
                    ErrorCode::StoreNotFoundError
                }
                _ => ErrorCode::CacheNotFoundError,
            },
            6 => ErrorCode::AlreadyExistsError,
            7 => ErrorCode::PermissionError,
            8 => ErrorCode::LimitExceededError,
            9 => ErrorCode::FailedPreconditionError,
            10 | 13 | 15 => ErrorCode::InternalServerError,
            11 | 12 => ErrorCode::BadRequestError,
            14 => ErrorCode::ServerUnavailable,
            16 => ErrorCode::AuthenticationError,
            _ => ErrorCode::UnknownError,
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error every edgecache call returns.
///
/// `error_code` says what kind of failure it was and is stable to match on; `message` says
/// what happened in words, naming the argument or limit involved. Neither ever holds the API
/// key. The field names are those of the `momento` crate's `MomentoError`.
///
/// ```
/// use edgecache::{CacheError, ErrorCode};
/// let err = CacheError::invalid_argument("cache_name", "must not be empty");
/// assert_eq!(err.error_code, ErrorCode::InvalidArgumentError);
/// assert_eq!(err.to_string(), "INVALID_ARGUMENT_ERROR: cache_name must not be empty");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct CacheError {
    /// What kind of failure this is.
    pub error_code: ErrorCode,
    /// A human-readable description.
    pub message: String,
    /// The gRPC status behind the error, when the service sent one.
    pub status: Option<Status>,
}

impl CacheError {
    /// An error with a code and message and no gRPC status.
    pub fn new(error_code: ErrorCode, message: impl Into<String>) -> Self {
        CacheError {
            error_code,
            message: message.into(),
            status: None,
        }
    }

    /// A rejected argument: `argument` names it and `problem` says what is wrong with it.
    pub fn invalid_argument(argument: &str, problem: impl fmt::Display) -> Self {
        Self::new(
            ErrorCode::InvalidArgumentError,
            format!("{argument} {problem}"),
        )
    }

    /// The service's answer was not what the protocol allows.
    pub(crate) fn unexpected_reply(what: impl fmt::Display) -> Self {
        Self::new(
            ErrorCode::UnknownError,
            format!("unexpected reply from the service: {what}"),
        )
    }

    /// The error for a non-OK gRPC status.
    pub(crate) fn from_status(status: Status) -> Self {
        let code = ErrorCode::from_status(status.code, &status.message, status.err.as_deref());
        let message = if status.message.is_empty() {
            format!("the service answered with gRPC status {}", status.code)
        } else {
            status.message.clone()
        };
        CacheError {
            error_code: code,
            message,
            status: Some(status),
        }
    }
}

impl fmt::Display for CacheError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.error_code, self.message)
    }
}

impl std::error::Error for CacheError {}

/// The result of every edgecache call.
pub type CacheResult<T> = Result<T, CacheError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nineteen_distinct_codes_with_distinct_strings() {
        let names: std::collections::HashSet<_> =
            ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(names.len(), 19);
    }

    #[test]
    fn status_mapping_follows_the_protocol_table() {
        let cases = [
            (1, ErrorCode::CancelledError),
            (2, ErrorCode::UnknownServiceError),
            (3, ErrorCode::InvalidArgumentError),
            (4, ErrorCode::TimeoutError),
            (5, ErrorCode::CacheNotFoundError),
            (6, ErrorCode::AlreadyExistsError),
            (7, ErrorCode::PermissionError),
            (8, ErrorCode::LimitExceededError),
            (9, ErrorCode::FailedPreconditionError),
            (10, ErrorCode::InternalServerError),
            (11, ErrorCode::BadRequestError),
            (12, ErrorCode::BadRequestError),
            (13, ErrorCode::InternalServerError),
            (14, ErrorCode::ServerUnavailable),
            (15, ErrorCode::InternalServerError),
            (16, ErrorCode::AuthenticationError),
            (17, ErrorCode::UnknownError),
            (-1, ErrorCode::UnknownError),
        ];
        for (status, code) in cases {
            assert_eq!(
                ErrorCode::from_status(status, "", None),
                code,
                "status {status}"
            );
        }
    }

    #[test]
    fn not_found_is_refined_by_err_metadata() {
        assert_eq!(
            ErrorCode::from_status(5, "", Some("item_not_found")),
            ErrorCode::ItemNotFoundError
        );
        assert_eq!(
            ErrorCode::from_status(5, "", Some("store_not_found")),
            ErrorCode::StoreNotFoundError
        );
        assert_eq!(
            ErrorCode::from_status(5, "Store with name: x doesn't exist", None),
            ErrorCode::StoreNotFoundError
        );
        assert_eq!(
            ErrorCode::from_status(5, "cache not found", Some("anything")),
            ErrorCode::CacheNotFoundError
        );
    }

    #[test]
    fn empty_status_message_still_says_something() {
        let err = CacheError::from_status(Status::new(14, ""));
        assert_eq!(err.error_code, ErrorCode::ServerUnavailable);
        assert!(err.message.contains("14"), "{}", err.message);
    }
}
