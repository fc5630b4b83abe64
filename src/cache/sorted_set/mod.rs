//! Sorted sets: distinct values, each with an `f64` score, kept in score order.
//!
//! Elements with equal scores are ordered by value. [`SortedSetOrder::Descending`] reverses
//! the order, and ranks then count from the highest score. Every write takes a
//! [`CollectionTtl`](crate::cache::CollectionTtl) through `.ttl(..)` (union store uses only
//! its TTL); reads answer `Hit { .. }` or `Miss`.
//!
//! Scores, amounts and weights must be finite; score bounds are `Option<ScoreBound>`s, `None`
//! for no limit, as in the `momento` crate. Ranks and counts are `i32` and offsets `u32`, the protocol's
//! types and the `momento` crate's.
//!
//! A fetch answer converts with `TryFrom` into `Vec<(String, f64)>` or `Vec<(Vec<u8>, f64)>`;
//! a `Miss` (or values that are not UTF-8, for `String`) is then an error with
//! [`ErrorCode::UnknownError`](crate::ErrorCode::UnknownError) whose message starts with
//! `"miss:"`.
//!
//! ```
//! # tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap().block_on(async {
//! # let server = edgecache_server::spawn(edgecache_server::ServerConfig::new()).unwrap();
//! # let client = edgecache::CacheClient::builder()
//! #     .default_ttl(std::time::Duration::from_secs(60))
//! #     .credential_provider(edgecache::CredentialProvider::local_at("127.0.0.1", server.addr().port()))
//! #     .build()?;
//! # client.create_cache("cache").await?;
//! use edgecache::cache::{ScoreBound, SortedSetFetchByScoreRequest, SortedSetOrder};
//!
//! client
//!     .sorted_set_put_elements("cache", "board", [("ada", 120.0), ("bob", 80.5), ("cy", 99.0)])
//!     .await?;
//! // The best two scores above 90, highest first.
//! let top: Vec<(String, f64)> = client
//!     .send_request(
//!         SortedSetFetchByScoreRequest::new("cache", "board")
//!             .order(SortedSetOrder::Descending)
//!             .min_score(ScoreBound::Exclusive(90.0))
//!             .count(2),
//!     )
//!     .await?
//!     .try_into()?;
//! assert_eq!(top, [("ada".to_string(), 120.0), ("cy".to_string(), 99.0)]);
//! # Ok::<(), edgecache::CacheError>(()) }).unwrap();
//! ```

mod fetch;
mod fetch_by_rank;
mod fetch_by_score;
mod get_rank;
mod get_scores;
mod increment_score;
mod length;
mod length_by_score;
mod put_elements;
mod remove_elements;
mod union_store;

pub use fetch::{SortedSetElements, SortedSetFetchResponse};
pub use fetch_by_rank::SortedSetFetchByRankRequest;
pub use fetch_by_score::SortedSetFetchByScoreRequest;
pub use get_rank::{SortedSetGetRankRequest, SortedSetGetRankResponse};
pub use get_scores::{
    SortedSetElement, SortedSetGetScoreRequest, SortedSetGetScoreResponse,
    SortedSetGetScoresRequest, SortedSetGetScoresResponse,
};
pub use increment_score::{SortedSetIncrementScoreRequest, SortedSetIncrementScoreResponse};
pub use length::{SortedSetLengthRequest, SortedSetLengthResponse};
pub use length_by_score::{SortedSetLengthByScoreRequest, SortedSetLengthByScoreResponse};
pub use put_elements::{
    SortedSetPutElementRequest, SortedSetPutElementResponse, SortedSetPutElementsRequest,
    SortedSetPutElementsResponse,
};
pub use remove_elements::{
    SortedSetRemoveElementRequest, SortedSetRemoveElementResponse, SortedSetRemoveElementsRequest,
    SortedSetRemoveElementsResponse,
};
pub use union_store::{
    SortedSetAggregateFunction, SortedSetUnionStoreRequest, SortedSetUnionStoreResponse,
};

use crate::error::{CacheError, CacheResult};

/// The argument name of every sorted set's key.
const NAME: &str = "sorted_set_name";

/// Which end comes first: the lowest score or the highest.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SortedSetOrder {
    /// Lowest score first; rank 0 is the lowest score.
    #[default]
    Ascending,
    /// Highest score first; rank 0 is the highest score.
    Descending,
}

impl SortedSetOrder {
    /// The `SortedSetFetch` order field.
    fn fetch_wire(self) -> i32 {
        use edgecache_proto::cache_client::sorted_set_fetch_request::Order;
        match self {
            SortedSetOrder::Ascending => Order::Ascending as i32,
            SortedSetOrder::Descending => Order::Descending as i32,
        }
    }

    /// The `SortedSetGetRank` order field (a distinct enum with the same numbers).
    fn rank_wire(self) -> i32 {
        use edgecache_proto::cache_client::sorted_set_get_rank_request::Order;
        match self {
            SortedSetOrder::Ascending => Order::Ascending as i32,
            SortedSetOrder::Descending => Order::Descending as i32,
        }
    }
}

/// One end of a score range. As in the `momento` crate, a side with no limit is `None` where
/// a request takes an `Option<ScoreBound>`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ScoreBound {
    /// Scores equal to the bound are in the range.
    Inclusive(f64),
    /// Scores equal to the bound are not in the range.
    Exclusive(f64),
}

/// A plain score is an inclusive bound.
impl From<f64> for ScoreBound {
    fn from(score: f64) -> Self {
        ScoreBound::Inclusive(score)
    }
}

impl ScoreBound {
    fn score(self) -> f64 {
        match self {
            ScoreBound::Inclusive(score) | ScoreBound::Exclusive(score) => score,
        }
    }
}

/// A score, amount or weight: finite.
fn finite(argument: &str, value: f64) -> CacheResult<f64> {
    if !value.is_finite() {
        let got = shown(value).unwrap_or_default();
        return Err(CacheError::invalid_argument(
            argument,
            format!("must be a finite number, got {got}"),
        ));
    }
    Ok(value)
}

/// A score as an error message shows it: exactly when it is whole (within 2^53) or not
/// finite, else `None`. Printing any other float would link Rust's float formatting, which
/// is about 8 KB of the gzipped npm package.
fn shown(value: f64) -> Option<String> {
    if value.is_nan() {
        Some("NaN".to_owned())
    } else if value.is_infinite() {
        Some(if value > 0.0 { "inf" } else { "-inf" }.to_owned())
    } else if value.fract() == 0.0 && value.abs() <= 9_007_199_254_740_992.0 {
        // Whole and within i64, so the conversion is exact.
        Some((value as i64).to_string())
    } else {
        None
    }
}

/// Checks a `min_score`/`max_score` pair: finite bounds, and min not above max.
type Bound = Option<ScoreBound>;

fn score_range(min: Bound, max: Bound) -> CacheResult<(Bound, Bound)> {
    let low = min.map(|b| finite("min_score", b.score())).transpose()?;
    let high = max.map(|b| finite("max_score", b.score())).transpose()?;
    if let (Some(low), Some(high)) = (low, high)
        && low > high
    {
        let problem = match (shown(low), shown(high)) {
            (Some(low), Some(high)) => {
                format!("must not be greater than max_score, got {low} > {high}")
            }
            _ => "must not be greater than max_score".to_owned(),
        };
        return Err(CacheError::invalid_argument("min_score", problem));
    }
    Ok((min, max))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds() {
        assert_eq!(ScoreBound::from(1.5), ScoreBound::Inclusive(1.5));
        let (one, minus_five) = (ScoreBound::Exclusive(1.0), ScoreBound::Inclusive(-5.0));
        assert!(score_range(Some(one), Some(one)).is_ok());
        assert!(score_range(None, Some(minus_five)).is_ok());
        let inclusive = |score: f64| Some(ScoreBound::from(score));
        let err = score_range(inclusive(2.0), inclusive(1.0)).unwrap_err();
        assert_eq!(
            err.message,
            "min_score must not be greater than max_score, got 2 > 1"
        );
        let err = score_range(inclusive(2.5), inclusive(-1.0)).unwrap_err();
        assert_eq!(err.message, "min_score must not be greater than max_score");
        let err = score_range(inclusive(f64::NAN), None).unwrap_err();
        assert!(
            err.message
                .starts_with("min_score must be a finite number, got NaN")
        );
        let err = score_range(None, Some(ScoreBound::Exclusive(f64::INFINITY))).unwrap_err();
        assert!(
            err.message
                .starts_with("max_score must be a finite number, got inf")
        );
        let err = finite("score", f64::NEG_INFINITY).unwrap_err();
        assert_eq!(err.message, "score must be a finite number, got -inf");
    }
}
