// CPU time of a process tree from /proc (Linux): Chromium spreads one page's work over its
// browser, network-service and renderer processes, so its client CPU is the whole tree's.
import { readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** [ppid, user s, system s] of a pid, or null once it has gone. */
function stat(pid) {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses; the fixed fields follow the last ')'.
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return [Number(fields[1]), Number(fields[11]) / TICKS_PER_SECOND, Number(fields[12]) / TICKS_PER_SECOND];
  } catch {
    return null;
  }
}

/** { user, system } CPU seconds of every live descendant of `root` (and `root` itself unless told). */
export function treeCpuSeconds(root, { includeRoot = true } = {}) {
  const children = new Map();
  const times = new Map();
  let pids = [];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name)).map(Number);
  } catch {
    return { user: 0, system: 0 };
  }
  for (const pid of pids) {
    const s = stat(pid);
    if (!s) continue;
    times.set(pid, s);
    if (!children.has(s[0])) children.set(s[0], []);
    children.get(s[0]).push(pid);
  }
  let user = 0;
  let system = 0;
  const queue = [root];
  while (queue.length) {
    const pid = queue.pop();
    const s = times.get(pid);
    if (s && (includeRoot || pid !== root)) {
      user += s[1];
      system += s[2];
    }
    queue.push(...(children.get(pid) ?? []));
  }
  return { user, system };
}
