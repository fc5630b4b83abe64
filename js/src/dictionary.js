// The dictionary family's responses.
import { M, P, counter, hitValue, namespace, success, text, toResponse, typesOf } from './responses.js';

const pairsToEntries = (items, decode) => items.map(([k, v]) => [text(k), decode(v)]);
const same = (v) => v;
const dictionaryValues = {
  value() {
    return this.valueRecordStringString();
  },
  valueRecord() {
    return this.valueRecordStringString();
  },
  valueRecordStringString() {
    return Object.fromEntries(pairsToEntries(this._pairs(), text));
  },
  valueRecordStringUint8Array() {
    return Object.fromEntries(pairsToEntries(this._pairs(), same));
  },
  valueMap() {
    return this.valueMapStringString();
  },
  valueMapStringString() {
    return new Map(pairsToEntries(this._pairs(), text));
  },
  valueMapStringUint8Array() {
    return new Map(pairsToEntries(this._pairs(), same));
  },
};
const fieldAccessors = {
  fieldString() {
    return text(this._field);
  },
  fieldUint8Array() {
    return this._field;
  },
};

export const CacheDictionaryFetch = namespace(
  'CacheDictionaryFetch',
  {
    Hit: [
      P,
      ['items'],
      {
        ...dictionaryValues,
        _pairs() {
          return this._items;
        },
      },
    ],
    Miss: [M],
  },
  ['value'],
);
export const CacheDictionaryGetField = namespace(
  'CacheDictionaryGetField',
  {
    Hit: [P, ['value', 'field'], { ...hitValue, ...fieldAccessors }],
    Miss: [M, ['field'], { ...fieldAccessors, value: () => undefined }],
  },
  ['value'],
);
export const CacheDictionaryGetFields = namespace(
  'CacheDictionaryGetFields',
  {
    Hit: [
      P,
      ['fields', 'responses'],
      {
        ...dictionaryValues,
        _pairs() {
          return this._responses.flatMap((r) => (r.type === 'Hit' ? [[r.fieldUint8Array(), r.valueUint8Array()]] : []));
        },
      },
      (raw) => [
        raw.fields,
        raw.responses.map((r, i) => toResponse(CacheDictionaryGetField, { ...r, field: raw.fields[i] })),
      ],
    ],
    Miss: [M],
  },
  ['value'],
);
/** One answer per requested field, in request order. */
Object.defineProperty(CacheDictionaryGetFields.Hit.prototype, 'responses', {
  get() {
    return this._responses;
  },
});
export const CacheDictionarySetField = namespace('CacheDictionarySetField', success);
export const CacheDictionarySetFields = namespace('CacheDictionarySetFields', success);
export const CacheDictionaryIncrement = namespace('CacheDictionaryIncrement', { Success: counter }, ['value']);
export const CacheDictionaryRemoveField = namespace('CacheDictionaryRemoveField', success);
export const CacheDictionaryRemoveFields = namespace('CacheDictionaryRemoveFields', success);
export const CacheDictionaryLength = namespace(
  'CacheDictionaryLength',
  {
    Hit: [
      P,
      ['length'],
      {
        length() {
          return this._length;
        },
        value() {
          return this._length;
        },
      },
    ],
    Miss: [M],
  },
  ['value'],
);

export const CacheDictionaryFetchResponse = typesOf(CacheDictionaryFetch);
export const CacheDictionaryGetFieldResponse = typesOf(CacheDictionaryGetField);
export const CacheDictionaryGetFieldsResponse = typesOf(CacheDictionaryGetFields);
export const CacheDictionarySetFieldResponse = typesOf(CacheDictionarySetField);
export const CacheDictionarySetFieldsResponse = typesOf(CacheDictionarySetFields);
export const CacheDictionaryIncrementResponse = typesOf(CacheDictionaryIncrement);
export const CacheDictionaryRemoveFieldResponse = typesOf(CacheDictionaryRemoveField);
export const CacheDictionaryRemoveFieldsResponse = typesOf(CacheDictionaryRemoveFields);
export const CacheDictionaryLengthResponse = typesOf(CacheDictionaryLength);
