// Publishes `count` text values `${prefix}0`, `${prefix}1`, ... to a topic, one after another,
// from a process of its own: its connection to the server is its own, so a fault that drops a
// subscriber's connection cannot take a publish with it.
//
//   node publish.mjs URL CACHE TOPIC COUNT PREFIX
import * as ec from 'edgecache';

const [url, cache, topic, count, prefix] = process.argv.slice(2);
const endpoint = new URL(url);
const client = new ec.TopicClient({
  credentialProvider: ec.CredentialProvider.forMomentoLocal({ hostname: endpoint.hostname, port: Number(endpoint.port) }),
});
for (let i = 0; i < Number(count); i++) {
  const response = await client.publish(cache, topic, `${prefix}${i}`);
  if (!(response instanceof ec.TopicPublish.Success)) {
    console.error(`publish ${i}: ${response}`);
    process.exit(1);
  }
}
