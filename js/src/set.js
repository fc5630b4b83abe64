// The set family's responses.
import { M, P, lengthHit, namespace, success, text, typesOf } from './responses.js';

const elementsSet = {
  valueArrayUint8Array() {
    return this._elements;
  },
  valueArrayString() {
    return this._elements.map(text);
  },
  valueArray() {
    return this.valueArrayString();
  },
  value() {
    return this.valueArrayString();
  },
  valueSetUint8Array() {
    return new Set(this._elements);
  },
  valueSetString() {
    return new Set(this.valueArrayString());
  },
  valueSet() {
    return this.valueSetString();
  },
};
const elementsHit = { Hit: [P, ['elements'], elementsSet], Miss: [M] };

export const CacheSetAddElement = namespace('CacheSetAddElement', success);
export const CacheSetAddElements = namespace('CacheSetAddElements', success);
export const CacheSetRemoveElement = namespace('CacheSetRemoveElement', success);
export const CacheSetRemoveElements = namespace('CacheSetRemoveElements', success);
export const CacheSetFetch = namespace('CacheSetFetch', elementsHit, ['value']);
export const CacheSetSample = namespace('CacheSetSample', elementsHit, ['value']);
export const CacheSetPop = namespace('CacheSetPop', elementsHit, ['value']);
export const CacheSetLength = namespace('CacheSetLength', lengthHit, ['length']);
export const CacheSetContainsElement = namespace(
  'CacheSetContainsElement',
  {
    Hit: [
      P,
      ['containsElement'],
      {
        containsElement() {
          return this._containsElement;
        },
      },
    ],
    Miss: [M],
  },
  ['containsElement'],
);
export const CacheSetContainsElements = namespace(
  'CacheSetContainsElements',
  {
    Hit: [
      P,
      ['elements', 'contains'],
      {
        containsElements() {
          return Object.fromEntries(this._elements.map((e, i) => [text(e), this._contains[i]]));
        },
      },
    ],
    Miss: [M],
  },
  ['containsElements'],
);

export const CacheSetAddElementResponse = typesOf(CacheSetAddElement);
export const CacheSetAddElementsResponse = typesOf(CacheSetAddElements);
export const CacheSetRemoveElementResponse = typesOf(CacheSetRemoveElement);
export const CacheSetRemoveElementsResponse = typesOf(CacheSetRemoveElements);
export const CacheSetFetchResponse = typesOf(CacheSetFetch);
export const CacheSetSampleResponse = typesOf(CacheSetSample);
export const CacheSetPopResponse = typesOf(CacheSetPop);
export const CacheSetLengthResponse = typesOf(CacheSetLength);
export const CacheSetContainsElementResponse = typesOf(CacheSetContainsElement);
export const CacheSetContainsElementsResponse = typesOf(CacheSetContainsElements);
