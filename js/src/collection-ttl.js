// `CollectionTtl`: the TTL policy of a collection write, as the official SDKs define it.

/**
 * A collection write's TTL: `ttlSeconds` (null: the client's default) and whether writes to an
 * existing collection reset it (`refreshTtl`).
 */
export class CollectionTtl {
  constructor(ttlSeconds = null, refreshTtl = true) {
    this._ttlSeconds = ttlSeconds ?? null;
    this._refreshTtl = refreshTtl;
  }
  ttlSeconds() {
    return this._ttlSeconds;
  }
  ttlMilliseconds() {
    return this._ttlSeconds === null ? null : this._ttlSeconds * 1000;
  }
  refreshTtl() {
    return this._refreshTtl;
  }
  static fromCacheTtl() {
    return new CollectionTtl(null, true);
  }
  static of(ttlSeconds) {
    return new CollectionTtl(ttlSeconds, true);
  }
  static refreshTtlIfProvided(ttlSeconds) {
    return new CollectionTtl(ttlSeconds ?? null, ttlSeconds != null);
  }
  withRefreshTtlOnUpdates() {
    return new CollectionTtl(this._ttlSeconds, true);
  }
  withNoRefreshTtlOnUpdates() {
    return new CollectionTtl(this._ttlSeconds, false);
  }
  toString() {
    return `ttl: ${this._ttlSeconds}, refreshTtl: ${this._refreshTtl}`;
  }
}
