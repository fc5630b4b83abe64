//! How long a minted credential lives ([`ExpiresIn`]) and when it stops working
//! ([`ExpiresAt`]).

use std::time::Duration;

use web_time::{SystemTime, UNIX_EPOCH};

/// How long a token or key should live, from when it is minted.
///
/// ```
/// use edgecache::auth::ExpiresIn;
///
/// assert_eq!(ExpiresIn::minutes(30).to_seconds(), 1800);
/// assert!(!ExpiresIn::never().does_expire());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExpiresIn {
    valid_for: Option<Duration>,
}

impl ExpiresIn {
    /// Never expires. Disposable tokens always expire, so they refuse this.
    pub fn never() -> Self {
        ExpiresIn { valid_for: None }
    }

    /// Lives for `seconds`.
    pub fn seconds(seconds: u64) -> Self {
        Self::duration(Duration::from_secs(seconds))
    }

    /// Lives for `minutes`.
    pub fn minutes(minutes: u64) -> Self {
        Self::seconds(minutes.saturating_mul(60))
    }

    /// Lives for `hours`.
    pub fn hours(hours: u64) -> Self {
        Self::seconds(hours.saturating_mul(3600))
    }

    /// Lives for `days`.
    pub fn days(days: u64) -> Self {
        Self::seconds(days.saturating_mul(86_400))
    }

    /// Lives until the epoch second `epoch_seconds` (counted from now; a time already past
    /// gives a zero lifetime, which minting refuses).
    pub fn epoch(epoch_seconds: i64) -> Self {
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let until = u64::try_from(epoch_seconds).unwrap_or(0);
        Self::seconds(until.saturating_sub(now))
    }

    /// Lives for `duration`, counted in whole seconds (rounded down).
    pub fn duration(duration: Duration) -> Self {
        ExpiresIn {
            valid_for: Some(Duration::from_secs(duration.as_secs())),
        }
    }

    /// Whether it expires at all.
    pub fn does_expire(&self) -> bool {
        self.valid_for.is_some()
    }

    /// The lifetime in seconds; `u64::MAX` for [`Self::never`].
    pub fn to_seconds(&self) -> u64 {
        self.valid_for.map_or(u64::MAX, |d| d.as_secs())
    }

    pub(crate) fn valid_for(&self) -> Option<Duration> {
        self.valid_for
    }
}

/// When a minted credential stops working.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ExpiresAt {
    valid_until: Option<u64>,
}

impl ExpiresAt {
    /// From the epoch second the service reports; 0 means never.
    pub fn from_epoch(valid_until: u64) -> Self {
        ExpiresAt {
            valid_until: (valid_until != 0).then_some(valid_until),
        }
    }

    /// Whether it expires at all.
    pub fn does_expire(&self) -> bool {
        self.valid_until.is_some()
    }

    /// The epoch second from which it is refused, if it expires.
    pub fn epoch(&self) -> Option<u64> {
        self.valid_until
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_and_saturation() {
        assert_eq!(ExpiresIn::hours(25).to_seconds(), 90_000);
        assert_eq!(ExpiresIn::days(1).to_seconds(), 86_400);
        assert_eq!(ExpiresIn::minutes(u64::MAX).to_seconds(), u64::MAX);
        assert_eq!(
            ExpiresIn::duration(Duration::from_millis(2999)).to_seconds(),
            2
        );
    }

    #[test]
    fn epoch_in_the_past_is_zero_and_in_the_future_counts_down() {
        assert_eq!(ExpiresIn::epoch(1).to_seconds(), 0);
        assert_eq!(ExpiresIn::epoch(-5).to_seconds(), 0);
        let now = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .unwrap()
            .as_secs() as i64;
        let left = ExpiresIn::epoch(now + 100).to_seconds();
        assert!((99..=100).contains(&left), "{left}");
    }

    #[test]
    fn expires_at_zero_means_never() {
        assert!(!ExpiresAt::from_epoch(0).does_expire());
        assert_eq!(ExpiresAt::from_epoch(7).epoch(), Some(7));
    }
}
