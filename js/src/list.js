// The list family's responses.
import { M, P, S, hitValue, lengthOf, namespace, success, text, typesOf } from './responses.js';

const valuesList = {
  valueListUint8Array() {
    return this._values;
  },
  valueListString() {
    return this._values.map(text);
  },
  valueList() {
    return this.valueListString();
  },
  value() {
    return this.valueListString();
  },
};
const listLength = [
  S,
  ['listLength'],
  {
    listLength() {
      return this._listLength;
    },
  },
];
export const CacheListFetch = namespace('CacheListFetch', { Hit: [P, ['values'], valuesList], Miss: [M] }, ['value']);
export const CacheListLength = namespace(
  'CacheListLength',
  {
    Hit: [
      P,
      ['length'],
      {
        ...lengthOf,
        value() {
          return this._length;
        },
      },
    ],
    Miss: [M],
  },
  ['value'],
);
export const CacheListPushBack = namespace('CacheListPushBack', { Success: listLength });
export const CacheListPushFront = namespace('CacheListPushFront', { Success: listLength });
export const CacheListConcatenateBack = namespace('CacheListConcatenateBack', { Success: listLength });
export const CacheListConcatenateFront = namespace('CacheListConcatenateFront', { Success: listLength });
export const CacheListPopBack = namespace('CacheListPopBack', { Hit: [P, ['value'], hitValue], Miss: [M] }, ['value']);
export const CacheListPopFront = namespace('CacheListPopFront', { Hit: [P, ['value'], hitValue], Miss: [M] }, [
  'value',
]);
export const CacheListRemoveValue = namespace('CacheListRemoveValue', success);
export const CacheListRetain = namespace('CacheListRetain', success);

export const CacheListFetchResponse = typesOf(CacheListFetch);
export const CacheListLengthResponse = typesOf(CacheListLength);
export const CacheListPushBackResponse = typesOf(CacheListPushBack);
export const CacheListPushFrontResponse = typesOf(CacheListPushFront);
export const CacheListConcatenateBackResponse = typesOf(CacheListConcatenateBack);
export const CacheListConcatenateFrontResponse = typesOf(CacheListConcatenateFront);
export const CacheListPopBackResponse = typesOf(CacheListPopBack);
export const CacheListPopFrontResponse = typesOf(CacheListPopFront);
export const CacheListRemoveValueResponse = typesOf(CacheListRemoveValue);
export const CacheListRetainResponse = typesOf(CacheListRetain);
