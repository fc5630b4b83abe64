// One Topics program, written against @gomomento/sdk-web's API and run unchanged with either
// package (`sdk` is the module): it subscribes, publishes text and bytes, checks errors and
// unsubscribes, and returns a transcript of what it saw. Heartbeats are counted, not listed:
// when they come is the server's timing, not the client's behaviour. Every wait is bounded.
//
//   const lines = await topicsTranscript(sdk, { host, port, cache, topic });

const WAIT_MS = 10_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(condition, what) {
  const started = Date.now();
  while (!condition()) {
    if (Date.now() - started > WAIT_MS) throw new Error(`${what}: nothing after ${WAIT_MS} ms`);
    await sleep(10);
  }
}

const describe = (r) => (r.type === 'Error' ? `Error ${r.errorCode()}` : r.type);

function describeItem(item) {
  const value = item.value();
  const shown = typeof value === 'string' ? `text ${JSON.stringify(value)}` : `bytes [${[...value]}]`;
  return `item #${item.sequenceNumber()} ${shown} (valueString ${JSON.stringify(item.valueString())}, ${item.valueUint8Array().length} bytes)`;
}

export async function topicsTranscript(sdk, { host, port, cache, topic }) {
  const lines = [];
  const base = `http://${host}:${port}`;
  const credentialProvider = sdk.CredentialProvider.forMomentoLocal({
    hostname: host,
    port,
    endpointOverrides: { cacheEndpoint: base, controlEndpoint: base, tokenEndpoint: base, secureConnection: false },
  });
  const loggerFactory = new sdk.DefaultMomentoLoggerFactory(sdk.DefaultMomentoLoggerLevel.ERROR);
  const client = new sdk.TopicClient({ configuration: sdk.TopicConfigurations.Browser.latest(loggerFactory), credentialProvider });

  lines.push(`subscribe to an unknown cache: ${describe(await client.subscribe(`${cache}-absent`, topic, {}))}`);

  const items = [];
  let heartbeats = 0;
  let ends = 0;
  const subscription = await client.subscribe(cache, topic, {
    onItem: (item) => items.push(describeItem(item)),
    onError: (error) => lines.push(`onError ${error.errorCode()}`),
    onDiscontinuity: (gap) => lines.push(`onDiscontinuity to #${gap.newSequenceNumber()}`),
    onHeartbeat: () => heartbeats++,
    onSubscriptionEnd: () => ends++,
  });
  lines.push(`subscribe: ${describe(subscription)}`);
  for (const value of ['hello', new Uint8Array([0, 1, 255]), 'héllo ✓']) {
    lines.push(`publish: ${describe(await client.publish(cache, topic, value))}`);
  }
  await until(() => items.length >= 3, 'three items');
  lines.push(...items);
  lines.push(`publish to an empty topic name: ${describe(await client.publish(cache, '', 'x'))}`);
  lines.push(`heartbeats seen: ${heartbeats > 0}`);

  subscription.unsubscribe();
  lines.push(`publish after unsubscribe: ${describe(await client.publish(cache, topic, 'late'))}`);
  await sleep(300);
  lines.push(`items after unsubscribe: ${items.length}`);
  lines.push(`onSubscriptionEnd calls: ${ends}`);
  return lines;
}
