//! One request type per `SetIf` condition, named as in the `momento` crate
//! (`SetIfAbsentRequest`, ...). Each is a [`SetIfRequest`] with its condition fixed, so the
//! encoding and the never-retried rule live in one place.

use std::time::Duration;

use crate::cache::{
    IntoBytes, MomentoRequest, Prepared, RequestDefaults, SetIfCondition, SetIfRequest,
    SetIfResponse,
};
use crate::error::CacheResult;

/// Declares a request type that stores only when one condition holds. `$compared` names the
/// constructor's extra argument, for conditions that compare against a value.
macro_rules! set_if_kind {
    ($(#[$doc:meta])* $request:ident, $response:ident, $condition:ident) => {
        $(#[$doc])*
        #[derive(Clone, Debug)]
        pub struct $request(SetIfRequest);

        impl $request {
            /// Stores `value` under `key` if the condition holds.
            pub fn new(
                cache_name: impl Into<String>,
                key: impl IntoBytes,
                value: impl IntoBytes,
            ) -> Self {
                $request(SetIfRequest::new(cache_name, key, value, SetIfCondition::$condition))
            }
        }
        set_if_kind!(@common $request, $response);
    };
    ($(#[$doc:meta])* $request:ident, $response:ident, $condition:ident($compared:ident)) => {
        $(#[$doc])*
        #[derive(Clone, Debug)]
        pub struct $request(SetIfRequest);

        impl $request {
            /// Stores `value` under `key` if the condition on the current value holds.
            pub fn new(
                cache_name: impl Into<String>,
                key: impl IntoBytes,
                value: impl IntoBytes,
                $compared: impl IntoBytes,
            ) -> Self {
                let condition = SetIfCondition::$condition($compared.into_bytes());
                $request(SetIfRequest::new(cache_name, key, value, condition))
            }
        }
        set_if_kind!(@common $request, $response);
    };
    (@common $request:ident, $response:ident) => {
        impl $request {
            /// How long a stored item lives; the client's default TTL when unset.
            pub fn ttl(self, ttl: impl Into<Option<Duration>>) -> Self {
                $request(self.0.ttl(ttl))
            }
        }

        impl MomentoRequest for $request {
            type Response = $response;

            fn prepare(self, defaults: &RequestDefaults) -> CacheResult<Prepared<$response>> {
                self.0.prepare(defaults)
            }
        }

        /// `Stored` or `NotStored`: the same type as [`SetIfResponse`], under the `momento`
        /// crate's name for this operation.
        pub type $response = SetIfResponse;
    };
}

set_if_kind!(
    /// Stores a value only if the key does not exist.
    SetIfAbsentRequest,
    SetIfAbsentResponse,
    Absent
);
set_if_kind!(
    /// Stores a value only if the key exists.
    SetIfPresentRequest,
    SetIfPresentResponse,
    Present
);
set_if_kind!(
    /// Stores a value only if the key holds exactly `equal`.
    SetIfEqualRequest,
    SetIfEqualResponse,
    Equal(equal)
);
set_if_kind!(
    /// Stores a value only if the key is absent or holds something other than `not_equal`.
    SetIfNotEqualRequest,
    SetIfNotEqualResponse,
    NotEqual(not_equal)
);
set_if_kind!(
    /// Stores a value only if the key exists and holds something other than `not_equal`.
    SetIfPresentAndNotEqualRequest,
    SetIfPresentAndNotEqualResponse,
    PresentAndNotEqual(not_equal)
);
set_if_kind!(
    /// Stores a value only if the key is absent or holds exactly `equal`.
    SetIfAbsentOrEqualRequest,
    SetIfAbsentOrEqualResponse,
    AbsentOrEqual(equal)
);
