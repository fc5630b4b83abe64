// The playground's forms: caches, items, a dictionary and a sorted set, each button one SDK
// call whose response is shown (and announced) by results.mjs.
import { backendCaches } from './clients.mjs';
import { showException, showResponse } from './results.mjs';

const $ = (id) => document.getElementById(id);
const value = (id) => $(id).value;
/** A number input as a number, or undefined when empty (so the SDK's default applies). */
const optionalNumber = (id) => (value(id).trim() === '' ? undefined : Number(value(id)));

/** Fills a two-column table body with rows, and shows the table. */
function fillTable(id, rows) {
  const table = $(id);
  const body = table.tBodies[0];
  body.replaceChildren(
    ...rows.map((cells) => {
      const row = document.createElement('tr');
      for (const cell of cells) {
        const td = document.createElement('td');
        td.textContent = String(cell);
        row.append(td);
      }
      return row;
    }),
  );
  table.hidden = false;
}

function showCaches(names) {
  const list = $('cache-list');
  list.replaceChildren(
    ...names.map((name) => {
      const li = document.createElement('li');
      li.textContent = name;
      return li;
    }),
  );
  $('cache-names').replaceChildren(...names.map((name) => Object.assign(document.createElement('option'), { value: name })));
}

/** The calls behind each `data-action`, given the current client and the form values. */
function actions(client) {
  const cache = value('cache-name');
  return {
    // The page's token cannot manage caches: its backend, which holds the key, does.
    'create-cache': () => [`createCache(${JSON.stringify(cache)})`, backendCaches.createCache(cache)],
    'delete-cache': () => [`deleteCache(${JSON.stringify(cache)})`, backendCaches.deleteCache(cache)],
    'list-caches': () => [
      'listCaches()',
      backendCaches.listCaches(),
      (r) => {
        const names = r.getCaches().map((c) => c.getName());
        showCaches(names);
        return names.length ? names.join(', ') : '(no caches)';
      },
    ],
    set: () => {
      const key = value('item-key');
      const ttl = optionalNumber('item-ttl');
      return [`set(${JSON.stringify(key)}, ttl ${ttl ?? 'default'} s)`, client.set(cache, key, value('item-value'), ttl === undefined ? {} : { ttl })];
    },
    get: () => {
      const key = value('item-key');
      return [`get(${JSON.stringify(key)})`, client.get(cache, key), (r) => (r.type === 'Hit' ? JSON.stringify(r.valueString()) : undefined)];
    },
    delete: () => {
      const key = value('item-key');
      return [`delete(${JSON.stringify(key)})`, client.delete(cache, key)];
    },
    'dict-set': () => {
      const [dict, field] = [value('dict-name'), value('dict-field')];
      return [`dictionarySetField(${JSON.stringify(dict)}, ${JSON.stringify(field)})`, client.dictionarySetField(cache, dict, field, value('dict-value'))];
    },
    'dict-fetch': () => {
      const dict = value('dict-name');
      return [
        `dictionaryFetch(${JSON.stringify(dict)})`,
        client.dictionaryFetch(cache, dict),
        (r) => {
          if (r.type !== 'Hit') {
            $('dict-table').hidden = true;
            return undefined;
          }
          const entries = Object.entries(r.valueRecord());
          fillTable('dict-table', entries);
          return `${entries.length} field${entries.length === 1 ? '' : 's'}`;
        },
      ];
    },
    'dict-remove': () => {
      const [dict, field] = [value('dict-name'), value('dict-field')];
      return [`dictionaryRemoveField(${JSON.stringify(dict)}, ${JSON.stringify(field)})`, client.dictionaryRemoveField(cache, dict, field)];
    },
    'zset-put': () => {
      const [set, element, score] = [value('zset-name'), value('zset-element'), optionalNumber('zset-score')];
      return [`sortedSetPutElement(${JSON.stringify(set)}, ${JSON.stringify(element)}, ${score})`, client.sortedSetPutElement(cache, set, element, score)];
    },
    'zset-by-rank': () => {
      const set = value('zset-name');
      const options = { order: value('zset-order'), startRank: optionalNumber('zset-start'), endRank: optionalNumber('zset-end') };
      return [`sortedSetFetchByRank(${JSON.stringify(set)}, ${describeOptions(options)})`, client.sortedSetFetchByRank(cache, set, options), showElements];
    },
    'zset-by-score': () => {
      const set = value('zset-name');
      const options = { order: value('zset-order'), minScore: optionalNumber('zset-min'), maxScore: optionalNumber('zset-max') };
      return [`sortedSetFetchByScore(${JSON.stringify(set)}, ${describeOptions(options)})`, client.sortedSetFetchByScore(cache, set, options), showElements];
    },
  };
}

function describeOptions(options) {
  const set = Object.entries(options).filter(([, v]) => v !== undefined);
  return `{ ${set.map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join(', ')} }`;
}

function showElements(r) {
  if (r.type !== 'Hit') {
    $('zset-table').hidden = true;
    return undefined;
  }
  const elements = r.valueArray();
  fillTable('zset-table', elements.map((e) => [e.value, e.score]));
  return `${elements.length} element${elements.length === 1 ? '' : 's'}`;
}

/** Runs one action: the call, its timing, and its response or exception shown. */
async function run(action, getClient) {
  let label = action;
  try {
    const [call, promise, describe] = actions(getClient())[action]();
    label = call;
    const started = performance.now();
    const response = await promise;
    showResponse(call, response, { ms: performance.now() - started, describe });
  } catch (error) {
    showException(label, error);
  }
}

/** Wires every playground form; `getClient()` returns the client of the current preset. */
export function setUpPlayground(getClient) {
  for (const form of ['cache-form', 'item-form', 'dict-form', 'zset-form', 'zset-fetch-form'].map($)) {
    // Enter in a field (or the first button) runs the form's submit action.
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const button = event.submitter ?? form.querySelector('button[type="submit"]');
      run(button.dataset.action, getClient);
    });
    for (const button of form.querySelectorAll('button[type="button"][data-action]')) {
      button.addEventListener('click', () => run(button.dataset.action, getClient));
    }
  }
}
