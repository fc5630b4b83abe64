//! `StoreError`: every way a storage operation can fail, with human-readable messages.

use std::fmt;

use super::item::ItemType;

/// A failed storage operation. The service layer maps each variant to one gRPC status.
#[derive(Debug, Clone, PartialEq)]
pub enum StoreError {
    /// The named cache does not exist (or was deleted while the call ran).
    CacheNotFound { cache: String },
    /// `create_cache` on a name that is already taken.
    AlreadyExists { cache: String },
    /// A request argument is malformed or out of range.
    InvalidArgument(String),
    /// The stored data does not allow the operation, e.g. incrementing a non-integer.
    FailedPrecondition(String),
    /// The key holds an item of another type than the operation works on.
    WrongType { expected: ItemType, found: ItemType },
    /// The item (key plus every element) would exceed the per-item limit.
    ItemTooLarge { size: usize, limit: usize },
    /// One element of a collection (or a dictionary field plus its value) is over the limit.
    ElementTooLarge { size: usize, limit: usize },
    /// A broken invariant inside the store; never caused by the request itself.
    Internal(String),
}

impl StoreError {
    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        StoreError::InvalidArgument(message.into())
    }

    pub(crate) fn precondition(message: impl Into<String>) -> Self {
        StoreError::FailedPrecondition(message.into())
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::CacheNotFound { cache } => write!(f, "cache not found: {cache}"),
            StoreError::AlreadyExists { cache } => write!(f, "cache already exists: {cache}"),
            StoreError::InvalidArgument(message) => write!(f, "invalid argument: {message}"),
            StoreError::FailedPrecondition(message) => {
                write!(f, "failed precondition: {message}")
            }
            StoreError::WrongType { expected, found } => write!(
                f,
                "invalid type: the key holds a {found} item but the operation needs a {expected}"
            ),
            // Clients without the `err` trailer look for "item size" / "element size" in the text.
            StoreError::ItemTooLarge { size, limit } => write!(
                f,
                "item size limit exceeded: the item would be {size} bytes, the limit is {limit} bytes"
            ),
            StoreError::ElementTooLarge { size, limit } => write!(
                f,
                "element size limit exceeded: an element is {size} bytes, the limit is {limit} bytes"
            ),
            StoreError::Internal(message) => write!(f, "internal error: {message}"),
        }
    }
}

impl std::error::Error for StoreError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_carry_the_substrings_clients_search_for() {
        let item = StoreError::ItemTooLarge { size: 10, limit: 5 }.to_string();
        assert!(item.contains("item size"), "{item}");
        let element = StoreError::ElementTooLarge { size: 10, limit: 5 }.to_string();
        assert!(element.contains("element size"), "{element}");
        let wrong = StoreError::WrongType {
            expected: ItemType::List,
            found: ItemType::Dictionary,
        }
        .to_string();
        assert!(
            wrong.contains("dictionary") && wrong.contains("list"),
            "{wrong}"
        );
        let missing = StoreError::CacheNotFound { cache: "c1".into() }.to_string();
        assert!(missing.contains("c1"));
    }
}
