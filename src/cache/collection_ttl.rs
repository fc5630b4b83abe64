//! [`CollectionTtl`], the TTL policy of every collection write.

use std::time::Duration;

use crate::cache::RequestDefaults;
use crate::error::CacheResult;

/// How a collection write treats the collection's TTL.
///
/// A collection's TTL belongs to the whole collection. A write that creates the collection
/// always gives it `ttl`; a write to an existing collection resets its TTL to `ttl` only when
/// `refresh` is true. A `ttl` of `None` means the client's default TTL.
///
/// The default, like the `momento` crate's, is the client's default TTL, refreshed on every
/// write.
///
/// ```
/// use std::time::Duration;
/// use edgecache::cache::CollectionTtl;
///
/// let default = CollectionTtl::default();
/// assert_eq!((default.ttl(), default.refresh()), (None, true));
///
/// let ten_minutes = CollectionTtl::of(Duration::from_secs(600));
/// assert!(ten_minutes.refresh());
///
/// // Set the TTL when the collection is created, then leave it alone.
/// let fixed = ten_minutes.with_no_refresh_ttl_on_updates();
/// assert!(!fixed.refresh());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct CollectionTtl {
    ttl: Option<Duration>,
    refresh: bool,
}

impl CollectionTtl {
    /// `ttl` (the client's default when `None`), refreshed on every write when `refresh` is
    /// true.
    pub const fn new(ttl: Option<Duration>, refresh: bool) -> Self {
        CollectionTtl { ttl, refresh }
    }

    /// `ttl`, refreshed on every write.
    pub const fn of(ttl: Duration) -> Self {
        Self::new(Some(ttl), true)
    }

    /// `ttl` (the client's default when `None`), refreshed on every write.
    pub fn refresh_on_update(ttl: impl Into<Option<Duration>>) -> Self {
        Self::new(ttl.into(), true)
    }

    /// The client's default TTL, refreshed on every write. Same as [`CollectionTtl::default`].
    pub const fn from_cache_ttl() -> Self {
        Self::new(None, true)
    }

    /// Refreshes the TTL only when one is given here. With `None`, a new collection gets the
    /// client's default TTL and an existing one keeps its TTL.
    pub fn refresh_ttl_if_provided(ttl: impl Into<Option<Duration>>) -> Self {
        let ttl = ttl.into();
        Self::new(ttl, ttl.is_some())
    }

    /// The `momento` crate's name for [`Self::refresh_ttl_if_provided`].
    pub fn refresh_if_provided(ttl: impl Into<Option<Duration>>) -> Self {
        Self::refresh_ttl_if_provided(ttl)
    }

    /// `ttl` (the client's default when `None`), set when the collection is created and never
    /// refreshed.
    pub fn initialize_only(ttl: impl Into<Option<Duration>>) -> Self {
        Self::new(ttl.into(), false)
    }

    /// The same TTL, refreshed on every write.
    pub const fn with_refresh_ttl_on_updates(self) -> Self {
        Self::new(self.ttl, true)
    }

    /// The same TTL, set only when the collection is created.
    pub const fn with_no_refresh_ttl_on_updates(self) -> Self {
        Self::new(self.ttl, false)
    }

    /// The `momento` crate's name for [`Self::with_refresh_ttl_on_updates`].
    pub const fn with_refresh_on_update(self) -> Self {
        self.with_refresh_ttl_on_updates()
    }

    /// The `momento` crate's name for [`Self::with_no_refresh_ttl_on_updates`].
    pub const fn with_no_refresh_on_update(self) -> Self {
        self.with_no_refresh_ttl_on_updates()
    }

    /// The same refresh behaviour with another TTL (the client's default when `None`).
    pub fn with_ttl(self, ttl: impl Into<Option<Duration>>) -> Self {
        Self::new(ttl.into(), self.refresh)
    }

    /// The TTL; `None` means the client's default.
    pub const fn ttl(&self) -> Option<Duration> {
        self.ttl
    }

    /// Whether writes to an existing collection reset its TTL.
    pub const fn refresh(&self) -> bool {
        self.refresh
    }

    /// `(ttl_milliseconds, refresh_ttl)` as the wire carries them.
    pub(crate) fn to_wire(self, defaults: &RequestDefaults) -> CacheResult<(u64, bool)> {
        Ok((defaults.ttl_millis(self.ttl)?, self.refresh))
    }
}

impl Default for CollectionTtl {
    fn default() -> Self {
        Self::from_cache_ttl()
    }
}

/// A plain TTL means [`CollectionTtl::of`]: that TTL, refreshed on every write.
impl From<Duration> for CollectionTtl {
    fn from(ttl: Duration) -> Self {
        Self::of(ttl)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorCode;

    fn defaults() -> RequestDefaults {
        RequestDefaults {
            default_ttl: Duration::from_secs(60),
        }
    }

    #[test]
    fn constructors_follow_the_momento_crate() {
        let d = Duration::from_secs(5);
        assert_eq!(CollectionTtl::default(), CollectionTtl::new(None, true));
        assert_eq!(CollectionTtl::from_cache_ttl(), CollectionTtl::default());
        assert_eq!(CollectionTtl::of(d), CollectionTtl::new(Some(d), true));
        assert_eq!(CollectionTtl::from(d), CollectionTtl::of(d));
        assert_eq!(
            CollectionTtl::refresh_ttl_if_provided(d),
            CollectionTtl::new(Some(d), true)
        );
        assert_eq!(
            CollectionTtl::refresh_ttl_if_provided(None),
            CollectionTtl::new(None, false)
        );
        assert_eq!(
            CollectionTtl::initialize_only(d),
            CollectionTtl::new(Some(d), false)
        );
        let fixed = CollectionTtl::of(d).with_no_refresh_ttl_on_updates();
        assert!(!fixed.refresh());
        assert!(fixed.with_refresh_ttl_on_updates().refresh());
        assert_eq!(
            CollectionTtl::default().with_ttl(d).ttl(),
            Some(Duration::from_secs(5))
        );
    }

    #[test]
    fn wire_form_uses_the_client_default() {
        assert_eq!(
            CollectionTtl::default().to_wire(&defaults()).unwrap(),
            (60_000, true)
        );
        assert_eq!(
            CollectionTtl::initialize_only(Duration::from_millis(300))
                .to_wire(&defaults())
                .unwrap(),
            (300, false)
        );
        let err = CollectionTtl::of(Duration::ZERO)
            .to_wire(&defaults())
            .unwrap_err();
        assert_eq!(err.error_code, ErrorCode::InvalidArgumentError);
        assert!(err.message.starts_with("ttl "), "{}", err.message);
    }
}
