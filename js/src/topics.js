// Topics with `@gomomento/sdk-web`'s API: `TopicClient` (`publish`, `subscribe` with the
// `onItem`/`onError`/... callbacks), `TopicItem`, `TopicDiscontinuity`, `TopicHeartbeat`, the
// `TopicPublish` and `TopicSubscribe` response namespaces and `TopicConfigurations`. The
// methods come from the Rust list (`topicOperations()`); Rust opens the stream, resumes it
// when it breaks and hands each item over (src/js/topics.rs).
import { Configuration, presetClass } from './configuration.js';
import { CredentialProvider } from './credentials.js';
import { InvalidArgumentError, rethrow, sdkError } from './errors.js';
import { preset, topicOperations, WasmTopicClient, whenReady } from './init.js';
import { DefaultMomentoLoggerFactory } from './logging.js';
import { ErrorBase, namespace, P, RESPONSES, S, shorten, text, toResponse, typesOf } from './responses.js';

const encoder = new TextEncoder();

/** A value published to a topic, with its place in the topic. */
export class TopicItem {
  constructor(value, sequenceNumber, options = {}) {
    this._value = value;
    this._sequenceNumber = sequenceNumber;
    this._sequencePage = options.sequencePage ?? 0;
    this._tokenId = options.tokenId;
  }
  /** The value as published: a string or a Uint8Array. */
  value() {
    return this._value;
  }
  valueString() {
    return typeof this._value === 'string' ? this._value : text(this._value);
  }
  valueUint8Array() {
    return typeof this._value === 'string' ? encoder.encode(this._value) : this._value;
  }
  /** The publisher's disposable-token id, when it published with one. */
  tokenId() {
    return this._tokenId;
  }
  sequenceNumber() {
    return this._sequenceNumber;
  }
  /** The topic's sequence page (a new page means the topic was reset); not in sdk-web. */
  sequencePage() {
    return this._sequencePage;
  }
  toString() {
    return `TopicItem: ${shorten(this.valueString())}`;
  }
}

/** The server is alive and has nothing to deliver. */
export class TopicHeartbeat {
  toString() {
    return 'TopicHeartbeat';
  }
}

/** Values were skipped: the next item follows `newSequenceNumber` in `newSequencePage`. */
export class TopicDiscontinuity {
  constructor(lastSequenceNumber, newSequenceNumber, newSequencePage) {
    this._lastSequenceNumber = lastSequenceNumber;
    this._newSequenceNumber = newSequenceNumber;
    this._newSequencePage = newSequencePage;
  }
  lastSequenceNumber() {
    return this._lastSequenceNumber;
  }
  newSequenceNumber() {
    return this._newSequenceNumber;
  }
  newSequencePage() {
    return this._newSequencePage;
  }
  toString() {
    return `TopicDiscontinuity: last ${this._lastSequenceNumber}, new ${this._newSequenceNumber} (page ${this._newSequencePage})`;
  }
}

export const TopicPublish = namespace('TopicPublish', { Success: [S] });

const subscriptionMethods = {
  /** Ends the subscription: the stream is cancelled and `onSubscriptionEnd` runs once. */
  unsubscribe() {
    this._handle.unsubscribe();
  },
  get isSubscribed() {
    return this._handle.isSubscribed;
  },
  toString() {
    return 'Subscription';
  },
};
export const TopicSubscribe = namespace('TopicSubscribe', {
  Subscription: [P, ['handle'], undefined, (raw) => [raw.subscription]],
});
Object.defineProperties(
  TopicSubscribe.Subscription.prototype,
  Object.getOwnPropertyDescriptors(subscriptionMethods),
);

export const TopicPublishResponse = typesOf(TopicPublish);
export const TopicSubscribeResponse = typesOf(TopicSubscribe);

/**
 * A topic client's configuration: a client configuration (deadline, caps, retries, ...) built
 * from `props` as sdk-web's is (`loggerFactory`, `throwOnErrors`) on the Laptop preset.
 */
export class TopicClientConfiguration extends Configuration {
  constructor(props = {}) {
    super(rethrow(() => preset('Laptop', 'latest')), {
      loggerFactory: props.loggerFactory ?? new DefaultMomentoLoggerFactory(),
      throwOnErrors: props.throwOnErrors === true,
    });
  }
}

/**
 * sdk-web's topic presets (`Default`, `Laptop`, `Browser`) and this package's others
 * (`Edge` for Workers and edge functions, `Lambda`, `InRegion`): the same values as the
 * cache presets of those names, `Default` being `Laptop`.
 */
export const TopicConfigurations = Object.freeze({
  Default: presetClass('Default', 'Laptop'),
  Laptop: presetClass('Laptop', 'Laptop'),
  Browser: presetClass('Browser', 'Browser'),
  Edge: presetClass('Edge', 'Edge'),
  Lambda: presetClass('Lambda', 'Lambda'),
  InRegion: presetClass('InRegion', 'InRegion'),
});

/**
 * Publishes to and subscribes to topics, with `@gomomento/sdk-web`'s API. Construction does
 * no I/O. A subscription resumes by itself after a broken stream, at the sequence number
 * after the last one delivered, so items come once and in order or a `TopicDiscontinuity`
 * says what was skipped.
 */
export class TopicClient {
  constructor(props) {
    const { credentialProvider, configuration = TopicConfigurations.Default.latest() } = props ?? {};
    if (!(configuration instanceof Configuration)) {
      throw new InvalidArgumentError('configuration must be a TopicConfiguration, e.g. TopicConfigurations.Default.latest()');
    }
    const credentials = credentialProvider ?? CredentialProvider.fromEnvironmentVariable('MOMENTO_API_KEY');
    if (!(credentials instanceof CredentialProvider)) {
      throw new InvalidArgumentError('credentialProvider must be a CredentialProvider');
    }
    this._throwOnErrors = configuration.getThrowOnErrors() === true;
    this._client = rethrow(() => new WasmTopicClient(configuration.getSettings(), credentials._credentials));
  }

  /** How many of this client's subscriptions are open; not in sdk-web. */
  get openSubscriptions() {
    return this._client.openSubscriptions;
  }

  /** Nothing to release: unsubscribe ends each subscription. */
  close() {}
}

/** The function Rust calls with each event of a subscription, dispatching to `callbacks`. */
function dispatcher(callbacks, subscription) {
  const call = (name, ...args) => {
    const fn = callbacks?.[name];
    if (typeof fn === 'function') fn(...args);
  };
  return (event) => {
    switch (event.type) {
      case 'Item':
        return call(
          'onItem',
          new TopicItem(event.value, event.sequenceNumber, {
            sequencePage: event.sequencePage,
            tokenId: event.tokenId === '' ? undefined : event.tokenId,
          }),
        );
      case 'Discontinuity':
        return call(
          'onDiscontinuity',
          new TopicDiscontinuity(event.lastSequenceNumber ?? 0, event.newSequenceNumber, event.newSequencePage),
        );
      case 'Heartbeat':
        return call('onHeartbeat', new TopicHeartbeat());
      case 'Error':
        return call('onError', new TopicSubscribe.Error(sdkError(event)), subscription.current);
      case 'End':
        return call('onSubscriptionEnd');
    }
  };
}

function method(name, response, arity) {
  const ns = RESPONSES[response];
  return async function (...args) {
    if (ns === undefined) throw new Error(`edgecache: ${name} answers with ${response}, which is not defined`);
    const options = args[arity];
    args.length = arity;
    // The subscription object exists only once the call resolves; `onError` gets it then.
    const subscription = { current: undefined };
    const onEvent = name === 'subscribe' ? dispatcher(options, subscription) : undefined;
    const answer = toResponse(ns, await this._client.invoke(name, args, options, onEvent));
    if (answer instanceof TopicSubscribe.Subscription) subscription.current = answer;
    if (this._throwOnErrors && answer instanceof ErrorBase) throw answer.innerException();
    return answer;
  };
}

whenReady(() => {
  for (const [, name, response, arity] of topicOperations()) {
    Object.defineProperty(TopicClient.prototype, name, { writable: true, configurable: true, value: method(name, response, arity) });
  }
});
