// Command-line options of the runner scripts: the same names as `edgecache-bench point`.
import { parseArgs } from 'node:util';

/**
 * Parses `--name value` options. `spec` maps each name to `[kind, fallback]`: kind 'number'
 * or 'string'; a fallback of `undefined` leaves the option out, `REQUIRED` makes it required.
 * Returns camelCased names: `--in-flight 5` gives `{ inFlight: 5 }`.
 */
export function options(spec, argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(Object.keys(spec).map((name) => [name, { type: 'string' }])),
    strict: true,
  });
  const out = {};
  for (const [name, [kind, fallback]] of Object.entries(spec)) {
    const raw = values[name];
    if (raw === undefined) {
      if (fallback === REQUIRED) throw new Error(`--${name} is required`);
      if (fallback !== undefined) out[camel(name)] = fallback;
    } else if (kind === 'number') {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n) || n < 0) {
        throw new Error(`--${name} must be a non-negative number, got ${JSON.stringify(raw)}`);
      }
      out[camel(name)] = n;
    } else {
      out[camel(name)] = raw;
    }
  }
  return out;
}

export const REQUIRED = Symbol('required');

function camel(name) {
  return name.replace(/-(\w)/g, (_, c) => c.toUpperCase());
}

/** Ends the process if it outlives `ms`: every run here is bounded in time. */
export function watchdog(ms, what) {
  setTimeout(() => {
    console.error(`${what}: watchdog fired after ${ms} ms`);
    process.exit(3);
  }, ms).unref();
}

/** The parameters every point runner takes, named as `edgecache-bench point`'s. */
export const POINT_OPTIONS = {
  port: ['number', REQUIRED],
  'in-flight': ['number', REQUIRED],
  mix: ['string', 'get-set'],
  series: ['string', 'main'],
  'value-size': ['number', 100],
  cap: ['number', undefined],
  repeat: ['number', 0],
  'warmup-ms': ['number', 1000],
  'secs-ms': ['number', 3000],
};

/** Checks the values `edgecache-bench` would also refuse. */
export function checkPoint(o) {
  if (!['get-set', 'get-only'].includes(o.mix)) throw new Error(`--mix must be get-set or get-only, got ${JSON.stringify(o.mix)}`);
  if (!['main', 'size', 'cap'].includes(o.series)) throw new Error(`--series must be main, size or cap, got ${JSON.stringify(o.series)}`);
  if (o.inFlight < 1) throw new Error('--in-flight must be at least 1');
  if (o.secsMs < 1) throw new Error('--secs-ms must be at least 1');
  return o;
}
