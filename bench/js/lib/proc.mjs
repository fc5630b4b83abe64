// CPU time of a process tree from /proc (Linux): Chromium spreads one page's work over its
// browser, network-service and renderer processes, so its CPU is read per process here and
// summed or picked by chromium.mjs.
import { readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** A file under /proc/PID, or '' once the process has gone. */
function procFile(pid, name) {
  try {
    return readFileSync(`/proc/${pid}/${name}`, 'utf8');
  } catch {
    return '';
  }
}

/** [ppid, user s, system s] of a pid, or null once it has gone. */
function stat(pid) {
  const text = procFile(pid, 'stat');
  return text ? parseStat(text) : null;
}

/** The CPUs a process may run on (`Cpus_allowed_list`), '' once it has gone. */
function allowedCpus(pid) {
  return /^Cpus_allowed_list:\s*(\S+)/m.exec(procFile(pid, 'status'))?.[1] ?? '';
}

/** The ppid, user and system seconds out of a /proc/PID/stat line. */
export function parseStat(text) {
  // The command name may hold spaces and parentheses; the fixed fields follow the last ')'.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return [Number(fields[1]), Number(fields[11]) / TICKS_PER_SECOND, Number(fields[12]) / TICKS_PER_SECOND];
}

/** Every live process as pid → [ppid, user s, system s]. */
function allProcesses() {
  const times = new Map();
  let pids = [];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  } catch {
    return times;
  }
  for (const pid of pids) {
    const s = stat(pid);
    if (s) times.set(pid, s);
  }
  return times;
}

/** The pids under `root` (not `root` itself), given pid → [ppid, …]. */
function descendants(root, times) {
  const children = new Map();
  for (const [pid, [ppid]] of times) {
    if (!children.has(ppid)) children.set(ppid, []);
    children.get(ppid).push(pid);
  }
  const out = [];
  const queue = [...(children.get(root) ?? [])];
  while (queue.length) {
    const pid = queue.pop();
    out.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return out;
}

/**
 * The `--type=` of a Chromium process from its /proc/PID/cmdline ('' for the browser). The
 * processes the zygote forks rewrite their title as one space-separated string, so both NUL
 * and spaces separate the arguments.
 */
export function processType(cmdline) {
  return /(?:^|[\s\0])--type=([^\s\0]+)/.exec(cmdline)?.[1] ?? '';
}

/**
 * The descendants of `root` as pid → { user, system, type, cpus }: CPU seconds so far, the
 * Chromium process type (`--type=renderer`, …; '' for the browser process itself) and the
 * CPUs it may run on (`Cpus_allowed_list`).
 */
export function processTree(root) {
  const times = allProcesses();
  const out = new Map();
  for (const pid of descendants(root, times)) {
    const [, user, system] = times.get(pid);
    const type = processType(procFile(pid, 'cmdline'));
    out.set(pid, { user, system, type, cpus: allowedCpus(pid) });
  }
  return out;
}

/**
 * CPU between two `processTree` samples, per process: a process that started in between
 * counts from zero; one that ended in between is lost (its time is no longer in /proc).
 * Returns pid → { user, system, type }.
 */
export function cpuBetween(start, end) {
  const out = new Map();
  for (const [pid, e] of end) {
    const s = start.get(pid) ?? { user: 0, system: 0 };
    out.set(pid, { user: e.user - s.user, system: e.system - s.system, type: e.type });
  }
  return out;
}

/** This process's `Cpus_allowed_list` (the pinning its children inherit). */
export function ownCpus() {
  return allowedCpus('self');
}
