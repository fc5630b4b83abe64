// Loggers with `@gomomento/sdk-web`'s names and levels. The client logs its creation at debug
// and each call at trace (operation, cache and outcome; never a key, a value or a credential),
// through the configuration's logger factory.

/** Log levels, a numeric enum with reverse names: a logger prints its level and above. */
export const DefaultMomentoLoggerLevel = Object.freeze(
  Object.fromEntries(
    [
      ['TRACE', 5],
      ['DEBUG', 10],
      ['INFO', 20],
      ['WARN', 30],
      ['ERROR', 40],
    ].flatMap(([name, level]) => [
      [name, level],
      [level, name],
    ]),
  ),
);

const LEVELS = [
  ['trace', 5, 'log'],
  ['debug', 10, 'log'],
  ['info', 20, 'log'],
  ['warn', 30, 'warn'],
  ['error', 40, 'error'],
];

/**
 * Prints `[time] LEVEL (Momento: name): message` to the console for messages at its level and
 * above.
 */
export class DefaultMomentoLogger {
  constructor(loggerName, level = DefaultMomentoLoggerLevel.INFO) {
    this.loggerName =
      typeof loggerName === 'string' || loggerName instanceof String
        ? String(loggerName)
        : String(loggerName?.constructor?.name);
    this.level = level;
  }
}
for (const [method, level, output] of LEVELS) {
  DefaultMomentoLogger.prototype[method] = function (msg, ...args) {
    if (this.level > level) return;
    const name = DefaultMomentoLoggerLevel[level];
    console[output](`[${new Date().toISOString()}] ${name} (Momento: ${this.loggerName}): ${msg}${args.join(',')}`);
  };
}

/** Makes `DefaultMomentoLogger`s at one level (default INFO). */
export class DefaultMomentoLoggerFactory {
  constructor(level = DefaultMomentoLoggerLevel.INFO) {
    this.level = level;
  }
  getLogger(loggerName) {
    return new DefaultMomentoLogger(loggerName, this.level);
  }
}

/** Logs nothing. */
export class NoopMomentoLogger {}
for (const [method] of LEVELS) NoopMomentoLogger.prototype[method] = () => {};

/** Makes `NoopMomentoLogger`s. */
export class NoopMomentoLoggerFactory {
  getLogger() {
    return new NoopMomentoLogger();
  }
}
