//! The wait before a subscription reconnects: exponential, capped, with jitter so that many
//! subscribers cut off together do not come back together.

use std::time::Duration;

const FIRST: Duration = Duration::from_millis(100);
const MOST: Duration = Duration::from_secs(5);

/// The delays of one subscription's reconnects; back to the first once a stream works.
pub(crate) struct Backoff {
    failures: u32,
    /// xorshift state: one random number per reconnect is all this needs, so a tiny
    /// generator here instead of a `rand` dependency on every target (spread, not secrecy).
    seed: u64,
}

impl Backoff {
    pub(crate) fn new(seed: u64) -> Self {
        Backoff {
            failures: 0,
            seed: seed | 1,
        }
    }

    /// A stream delivered messages: the next break starts from the shortest wait.
    pub(crate) fn reset(&mut self) {
        self.failures = 0;
    }

    /// How long to wait before the next attempt: between half and all of
    /// `FIRST * 2^failures`, at most `MOST`.
    pub(crate) fn next_delay(&mut self) -> Duration {
        let ceiling = FIRST.saturating_mul(1 << self.failures.min(16)).min(MOST);
        self.failures = self.failures.saturating_add(1);
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 7;
        self.seed ^= self.seed << 17;
        let half = ceiling / 2;
        let spread = half.as_micros() as u64 + 1;
        half + Duration::from_micros(self.seed % spread)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_grow_stay_capped_and_spread() {
        let mut backoff = Backoff::new(42);
        let delays: Vec<_> = (0..12).map(|_| backoff.next_delay()).collect();
        assert!(
            delays[0] >= FIRST / 2 && delays[0] <= FIRST,
            "{:?}",
            delays[0]
        );
        assert!(delays[3] >= FIRST * 4 && delays[3] <= FIRST * 8);
        assert!(delays.iter().all(|d| *d <= MOST));
        assert!(delays[11] >= MOST / 2);
        backoff.reset();
        assert!(backoff.next_delay() <= FIRST);
        // Different subscribers wait different times.
        let firsts: std::collections::HashSet<_> = (1..50)
            .map(|seed| Backoff::new(seed * 7919).next_delay())
            .collect();
        assert!(firsts.len() > 10, "{} distinct of 49", firsts.len());
    }
}
