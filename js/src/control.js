// The control family's responses: cache management (`createCache`, `listCaches`, ...).
import { P, S, namespace, typesOf } from './responses.js';

export const CreateCache = namespace('CreateCache', { Success: [S], AlreadyExists: [P] });
export const DeleteCache = namespace('DeleteCache', { Success: [S] });
export const CacheFlush = namespace('CacheFlush', { Success: [S] });
export const ListCaches = namespace('ListCaches', {
  Success: [
    S,
    ['caches'],
    {
      getCaches() {
        return this._caches;
      },
      toString() {
        return `Success: ${this._caches.map((c) => c.getName()).join(', ')}`;
      },
    },
    (raw) => [raw.caches.map((name) => new CacheInfo(name))],
  ],
});

/** One cache in a `listCaches` answer. */
export class CacheInfo {
  constructor(name) {
    this._name = name;
  }
  getName() {
    return this._name;
  }
}

export const CreateCacheResponse = typesOf(CreateCache);
export const DeleteCacheResponse = typesOf(DeleteCache);
export const FlushCacheResponse = typesOf(CacheFlush);
export const ListCachesResponse = typesOf(ListCaches);
