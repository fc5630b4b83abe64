// What every response namespace is built from: the official SDKs' base classes (`is_success`,
// `is_miss`, `innerException()`, ...), `namespace()`, which makes a namespace such as
// `CacheGet` from a table of its variants, and `toResponse()`, which turns a raw `{type, ...}`
// answer from Rust into the right variant.
import { errorValue, sdkError } from './errors.js';

export class ResponseBase {
  toString() {
    return this.constructor.name;
  }
}
export class SuccessBase extends ResponseBase {
  constructor() {
    super();
    this.is_success = true;
  }
}
export class MissBase extends ResponseBase {
  constructor() {
    super();
    this.is_miss = true;
  }
}
export class ErrorBase extends ResponseBase {
  constructor(innerException) {
    super();
    this._innerException = innerException;
  }
  message() {
    return this._innerException.wrappedErrorMessage();
  }
  innerException() {
    return this._innerException;
  }
  errorCode() {
    return this._innerException.errorCode();
  }
  toString() {
    return this.message();
  }
}

const decoder = new TextDecoder();
export const text = (bytes) => decoder.decode(bytes);
export const shorten = (s) => (s.length > 32 ? `${s.slice(0, 32)}...` : s);

/** Every response namespace, by its official name: what the operation list names. */
export const RESPONSES = {};

/**
 * The response namespace called `name`, such as `CacheGet`: a class per variant, plus `Error`
 * (and registered in `RESPONSES`). `variants`
 * maps each type to `[base, fields, methods, convert]`: the constructor takes `fields` in
 * order and keeps each as `_field`; a raw object from Rust supplies them by name, or through
 * `convert(raw)` when they need converting. `absent` names accessors every other variant
 * answers with `undefined`.
 */
export function namespace(name, variants, absent = []) {
  const ns = {};
  const none = Object.fromEntries(absent.map((name) => [name, () => undefined]));
  for (const [type, [Base, names = [], methods = none, convert]] of Object.entries({
    ...variants,
    Error: [ErrorBase, [], none],
  })) {
    const Variant = {
      [type]: class extends Base {
        constructor(...args) {
          super(...(Base === ErrorBase ? args : []));
          names.forEach((name, i) => {
            this[`_${name}`] = args[i];
          });
          this.type = type;
        }
      },
    }[type];
    Object.assign(Variant.prototype, methods);
    Variant.fromRaw = (raw) => new Variant(...(convert ? convert(raw) : names.map((name) => raw[name])));
    ns[type] = Variant;
  }
  return (RESPONSES[name] = Object.freeze(ns));
}

/** The response of namespace `ns` for a raw `{type, ...}` from Rust. */
export function toResponse(ns, raw) {
  const Variant = raw?.type !== 'Error' && Object.hasOwn(ns, raw?.type) ? ns[raw.type] : undefined;
  if (Variant) return Variant.fromRaw(raw);
  const error = raw?.type === 'Error' ? raw : errorValue('UNKNOWN_ERROR', `unexpected answer ${raw?.type}`);
  return new ns.Error(sdkError(error));
}

/** The `{type: "Hit" | ...}` values of a namespace, like the official SDKs' enums. */
export const typesOf = (ns) => Object.freeze(Object.fromEntries(Object.keys(ns).map((t) => [t, t])));

export const S = SuccessBase;
export const M = MissBase;
export const P = ResponseBase;

export const hitValue = {
  value() {
    return text(this._value);
  },
  valueString() {
    return text(this._value);
  },
  valueUint8Array() {
    return this._value;
  },
  toString() {
    return `Hit: ${shorten(this.valueString())}`;
  },
};
export const stored = { Stored: [P], NotStored: [P] };

/** A namespace whose only answer is `Success`. */
export const success = { Success: [S] };

/** `length()`, for the `Hit` of a length read. */
export const lengthOf = {
  length() {
    return this._length;
  },
};
export const lengthHit = { Hit: [P, ['length'], lengthOf], Miss: [M] };

/** The `Success` of a counter: `value()`. */
export const counter = [
  S,
  ['value'],
  {
    value() {
      return this._value;
    },
    valueNumber() {
      return this._value;
    },
    toString() {
      return `Success: value: ${this._value}`;
    },
  },
];
