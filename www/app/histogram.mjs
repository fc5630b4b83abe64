// A latency histogram with logarithmic buckets (each 2% wider than the last), so recording is
// O(1) and percentiles cost one pass over a few hundred buckets, however long the run: the
// benchmark redraws its percentile chart several times a second while calls keep landing.

const GROWTH = 1.02;
const LOG_GROWTH = Math.log(GROWTH);
/** The smallest latency told apart (ms); browsers round performance.now() to ~0.1 ms anyway. */
const FLOOR_MS = 0.01;
/** Latencies above this (ms) land in the last bucket. */
const CEILING_MS = 120_000;
const BUCKETS = Math.ceil(Math.log(CEILING_MS / FLOOR_MS) / LOG_GROWTH) + 1;

function bucketOf(ms) {
  if (!(ms > FLOOR_MS)) return 0;
  return Math.min(BUCKETS - 1, Math.floor(Math.log(ms / FLOOR_MS) / LOG_GROWTH));
}

/** The upper edge of a bucket: percentiles report it, so they never understate. */
function upperEdge(bucket) {
  return FLOOR_MS * GROWTH ** (bucket + 1);
}

export class LatencyHistogram {
  constructor() {
    this.counts = new Uint32Array(BUCKETS);
    this.count = 0;
    this.max = 0;
  }

  record(ms) {
    this.counts[bucketOf(ms)]++;
    this.count++;
    if (ms > this.max) this.max = ms;
  }

  /** Latency (ms) at or under which `p` percent of the calls finished; 0 with no calls. */
  percentile(p) {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.count));
    let seen = 0;
    for (let bucket = 0; bucket < BUCKETS; bucket++) {
      seen += this.counts[bucket];
      if (seen >= rank) return Math.min(upperEdge(bucket), this.max);
    }
    return this.max;
  }

  /** `[[p, ms], ...]` for each percentile asked. */
  percentiles(ps) {
    return ps.map((p) => [p, this.percentile(p)]);
  }
}
