//! Which failed calls are tried again. Only calls that are safe to repeat qualify, and only on
//! statuses that say the request may not have been applied.

use crate::error::CacheError;
use crate::rpc::Idempotency;

/// Whether and how a failed call is retried. Every retry stays within the call's deadline.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum RetryStrategy {
    /// Never retry.
    None,
    /// Retry eligible calls immediately, a fixed number of times.
    FixedCount(FixedCountRetryStrategy),
}

/// Retries an eligible failed call up to `max_attempts` times after the first try, so a call
/// makes at most `1 + max_attempts` requests. This matches the official SDKs' `FixedCount(3)`.
///
/// Eligible calls are those safe to repeat: reads, and writes whose repetition leaves the same
/// state (set, delete, dictionary set, set add, …). They are retried on `UNAVAILABLE` and
/// `INTERNAL`, and reads also on `CANCELLED`. Increments, conditional writes, list pushes and
/// pops, and TTL updates are never retried.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FixedCountRetryStrategy {
    /// Retries after the first try.
    pub max_attempts: u32,
}

const MAX_RETRIES: u32 = 10;

impl RetryStrategy {
    /// The official SDKs' default: three retries.
    pub const fn default_fixed_count() -> Self {
        RetryStrategy::FixedCount(FixedCountRetryStrategy { max_attempts: 3 })
    }

    pub(crate) fn validate(&self) -> Result<(), CacheError> {
        match self {
            RetryStrategy::FixedCount(FixedCountRetryStrategy { max_attempts })
                if *max_attempts > MAX_RETRIES =>
            {
                Err(CacheError::invalid_argument(
                    "max_attempts",
                    format!("must be at most {MAX_RETRIES}, got {max_attempts}"),
                ))
            }
            _ => Ok(()),
        }
    }

    /// Whether a call that has failed `failures` times (the latest with gRPC status `code`)
    /// may be sent again.
    pub(crate) fn should_retry(&self, idempotency: Idempotency, code: i32, failures: u32) -> bool {
        let RetryStrategy::FixedCount(FixedCountRetryStrategy { max_attempts }) = self else {
            return false;
        };
        failures <= *max_attempts && is_retryable(idempotency, code)
    }
}

const CANCELLED: i32 = 1;
const INTERNAL: i32 = 13;
const UNAVAILABLE: i32 = 14;

fn is_retryable(idempotency: Idempotency, code: i32) -> bool {
    match idempotency {
        Idempotency::Read => matches!(code, UNAVAILABLE | INTERNAL | CANCELLED),
        Idempotency::IdempotentWrite => matches!(code, UNAVAILABLE | INTERNAL),
        Idempotency::NotIdempotent => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const THREE: RetryStrategy = RetryStrategy::default_fixed_count();

    #[test]
    fn reads_retry_on_unavailable_internal_and_cancelled() {
        for code in [UNAVAILABLE, INTERNAL, CANCELLED] {
            assert!(
                THREE.should_retry(Idempotency::Read, code, 1),
                "code {code}"
            );
        }
        for code in [2, 3, 4, 5, 8, 9, 16] {
            assert!(
                !THREE.should_retry(Idempotency::Read, code, 1),
                "code {code}"
            );
        }
    }

    #[test]
    fn idempotent_writes_do_not_retry_on_cancelled() {
        assert!(THREE.should_retry(Idempotency::IdempotentWrite, UNAVAILABLE, 1));
        assert!(THREE.should_retry(Idempotency::IdempotentWrite, INTERNAL, 1));
        assert!(!THREE.should_retry(Idempotency::IdempotentWrite, CANCELLED, 1));
    }

    #[test]
    fn non_idempotent_calls_never_retry() {
        for code in [UNAVAILABLE, INTERNAL, CANCELLED] {
            assert!(!THREE.should_retry(Idempotency::NotIdempotent, code, 1));
        }
    }

    #[test]
    fn stops_after_max_attempts_retries() {
        assert!(THREE.should_retry(Idempotency::Read, UNAVAILABLE, 3));
        assert!(!THREE.should_retry(Idempotency::Read, UNAVAILABLE, 4));
        assert!(!RetryStrategy::None.should_retry(Idempotency::Read, UNAVAILABLE, 1));
    }
}
