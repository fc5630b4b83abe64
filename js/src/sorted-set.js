// The sorted-set family's responses, with `SortedSetOrder` and `SortedSetAggregate`.
import { M, P, S, lengthHit, lengthOf, namespace, success, text, toResponse, typesOf } from './responses.js';

const scoredText = (elements) => elements.map(({ value, score }) => ({ value: text(value), score }));
export const CacheSortedSetFetch = namespace(
  'CacheSortedSetFetch',
  {
    Hit: [
      P,
      ['elements'],
      {
        valueArrayUint8Elements() {
          return this._elements;
        },
        valueArrayStringElements() {
          return scoredText(this._elements);
        },
        valueArray() {
          return scoredText(this._elements);
        },
        value() {
          return scoredText(this._elements);
        },
      },
    ],
    Miss: [M],
  },
  ['value'],
);
export const CacheSortedSetGetRank = namespace(
  'CacheSortedSetGetRank',
  {
    Hit: [
      P,
      ['rank'],
      {
        rank() {
          return this._rank;
        },
      },
    ],
    Miss: [M],
  },
  ['rank'],
);
const scoredValue = {
  valueString() {
    return text(this._value);
  },
  valueUint8Array() {
    return this._value;
  },
};
export const CacheSortedSetGetScore = namespace(
  'CacheSortedSetGetScore',
  {
    Hit: [
      P,
      ['score', 'value'],
      {
        ...scoredValue,
        score() {
          return this._score;
        },
      },
    ],
    Miss: [M, ['value'], { ...scoredValue, score: () => undefined }],
  },
  ['score'],
);
const scoresOf = (response) =>
  response._responses.flatMap((r) => (r.type === 'Hit' ? [[r.valueString(), r.score()]] : []));
export const CacheSortedSetGetScores = namespace(
  'CacheSortedSetGetScores',
  {
    Hit: [
      P,
      ['values', 'responses'],
      {
        responses() {
          return this._responses;
        },
        valueMapString() {
          return new Map(scoresOf(this));
        },
        valueMap() {
          return new Map(scoresOf(this));
        },
        valueRecordString() {
          return Object.fromEntries(scoresOf(this));
        },
        valueRecord() {
          return Object.fromEntries(scoresOf(this));
        },
        value() {
          return Object.fromEntries(scoresOf(this));
        },
      },
      (raw) => [
        raw.values,
        raw.responses.map((r, i) => toResponse(CacheSortedSetGetScore, { ...r, value: raw.values[i] })),
      ],
    ],
    Miss: [M],
  },
  ['value'],
);
export const CacheSortedSetIncrementScore = namespace(
  'CacheSortedSetIncrementScore',
  {
    Success: [
      S,
      ['score'],
      {
        score() {
          return this._score;
        },
      },
    ],
  },
  ['score'],
);
export const CacheSortedSetPutElement = namespace('CacheSortedSetPutElement', success);
export const CacheSortedSetPutElements = namespace('CacheSortedSetPutElements', success);
export const CacheSortedSetRemoveElement = namespace('CacheSortedSetRemoveElement', success);
export const CacheSortedSetRemoveElements = namespace('CacheSortedSetRemoveElements', success);
export const CacheSortedSetLength = namespace('CacheSortedSetLength', lengthHit, ['length']);
export const CacheSortedSetLengthByScore = namespace('CacheSortedSetLengthByScore', lengthHit, ['length']);
export const CacheSortedSetUnionStore = namespace('CacheSortedSetUnionStore', { Success: [S, ['length'], lengthOf] });

/** The order of sorted-set reads. */
export const SortedSetOrder = Object.freeze({ Ascending: 'ASC', Descending: 'DESC' });
/** How `sortedSetUnionStore` combines the scores of an element found in several sources. */
export const SortedSetAggregate = Object.freeze({ SUM: 0, MIN: 1, MAX: 2, 0: 'SUM', 1: 'MIN', 2: 'MAX' });

export const CacheSortedSetFetchResponse = typesOf(CacheSortedSetFetch);
export const CacheSortedSetGetRankResponse = typesOf(CacheSortedSetGetRank);
export const CacheSortedSetGetScoreResponse = typesOf(CacheSortedSetGetScore);
export const CacheSortedSetGetScoresResponse = typesOf(CacheSortedSetGetScores);
export const CacheSortedSetIncrementScoreResponse = typesOf(CacheSortedSetIncrementScore);
export const CacheSortedSetPutElementResponse = typesOf(CacheSortedSetPutElement);
export const CacheSortedSetPutElementsResponse = typesOf(CacheSortedSetPutElements);
export const CacheSortedSetRemoveElementResponse = typesOf(CacheSortedSetRemoveElement);
export const CacheSortedSetRemoveElementsResponse = typesOf(CacheSortedSetRemoveElements);
export const CacheSortedSetLengthResponse = typesOf(CacheSortedSetLength);
export const CacheSortedSetLengthByScoreResponse = typesOf(CacheSortedSetLengthByScore);
export const CacheSortedSetUnionStoreResponse = typesOf(CacheSortedSetUnionStore);
