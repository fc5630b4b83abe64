//! The retry stage: runs attempts of a call while the configured strategy allows another one.
//! It sits inside the deadline stage, so retries never extend a call past its deadline.

use crate::config::RetryStrategy;
use crate::error::CacheResult;
use crate::rpc::Idempotency;

/// Runs `attempt` until it succeeds, fails with a status the strategy does not retry for
/// this kind of call, or the strategy's count is used up.
pub(super) async fn with_retries<T, F, A>(
    strategy: &RetryStrategy,
    idempotency: Idempotency,
    mut attempt: F,
) -> CacheResult<T>
where
    F: FnMut() -> A,
    A: Future<Output = CacheResult<T>>,
{
    let mut failures = 0;
    loop {
        let error = match attempt().await {
            Ok(value) => return Ok(value),
            Err(error) => error,
        };
        failures += 1;
        let retryable = error
            .status
            .as_ref()
            .is_some_and(|status| strategy.should_retry(idempotency, status.code, failures));
        if !retryable {
            return Err(error);
        }
    }
}

#[cfg(all(test, native))]
mod tests {
    use std::cell::Cell;

    use super::*;
    use crate::error::{CacheError, ErrorCode};
    use crate::grpc_web::Status;

    fn failing(code: i32) -> CacheError {
        let mut error = CacheError::new(ErrorCode::UnknownError, "failed");
        error.status = Some(Status::new(code, "failed"));
        error
    }

    #[tokio::test]
    async fn retries_an_unavailable_read_until_the_count_is_used_up() {
        let tries = Cell::new(0);
        let result: CacheResult<()> = with_retries(
            &RetryStrategy::default_fixed_count(),
            Idempotency::Read,
            || {
                tries.set(tries.get() + 1);
                async { Err(failing(14)) }
            },
        )
        .await;
        assert!(result.is_err());
        assert_eq!(tries.get(), 4, "one try and three retries");
    }

    #[tokio::test]
    async fn stops_at_the_first_success_or_a_status_that_is_not_retried() {
        let tries = Cell::new(0);
        let result = with_retries(
            &RetryStrategy::default_fixed_count(),
            Idempotency::Read,
            || {
                tries.set(tries.get() + 1);
                let outcome = if tries.get() < 2 {
                    Err(failing(14))
                } else {
                    Ok(7)
                };
                async move { outcome }
            },
        )
        .await;
        assert_eq!(result.unwrap(), 7);
        assert_eq!(tries.get(), 2);

        tries.set(0);
        let result: CacheResult<()> = with_retries(
            &RetryStrategy::default_fixed_count(),
            Idempotency::NotIdempotent,
            || {
                tries.set(tries.get() + 1);
                async { Err(failing(14)) }
            },
        )
        .await;
        assert!(result.is_err());
        assert_eq!(
            tries.get(),
            1,
            "a write that would apply twice is never repeated"
        );
    }
}
