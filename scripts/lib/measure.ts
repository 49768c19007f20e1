/**
 * How the benchmarks measure: a command's wall time, the peak memory and processor time of every
 * process it starts, and a clean start for the next one.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

/** The measured run of one command. */
export interface Measured {
  seconds: number;
  /** Peak resident set of each process seen, by command name, in bytes (VmHWM from /proc). */
  peakBytes: Map<string, number>;
  /**
   * Processor time (user and system) of the command's own process, and of the others by command name,
   * in seconds, as last sampled: a process's last 100 ms, and any process shorter than that, are
   * missed, so these are a little low.
   */
  cpuSeconds: { root: number; byName: Map<string, number> };
  output: string;
  code: number | null;
}

/** A file of /proc, or '' if it is gone (its process ended). */
function readProc(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

/**
 * The fields of a `/proc/<pid>/stat` line after the command name (which may hold spaces and parentheses):
 * state, ppid, pgrp, session, tty, tpgid, flags, minflt, cminflt, majflt, cmajflt, utime, stime, …
 */
function statFields(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/**
 * The processes below `root` (children, grandchildren…), each with its `/proc/<pid>/stat` line ('' if
 * it has ended), read from /proc. Synchronously: the sampler has nothing else to do meanwhile, and with
 * promises the same reads took about 16 % of a core (every 100 ms, about 75 processes on the machine),
 * taken from the build being measured.
 */
function descendants(root: number): { pid: number; stat: string }[] {
  const parents = new Map<number, number[]>();
  const stats = new Map<number, string>();
  let entries: string[] = [];
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readProc(`/proc/${entry}/stat`);
    stats.set(Number(entry), stat);
    const ppid = Number(statFields(stat)[1]);
    const list = parents.get(ppid) ?? [];
    list.push(Number(entry));
    parents.set(ppid, list);
  }
  const out: { pid: number; stat: string }[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    out.push({ pid, stat: stats.get(pid) ?? '' });
    queue.push(...(parents.get(pid) ?? []));
  }
  return out;
}

/** Clock ticks per second, the unit of processor times in /proc (almost always 100). */
function clockTicks(): number {
  const ticks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout);
  return Number.isInteger(ticks) && ticks > 0 ? ticks : 100;
}

/** A process's processor time so far, user and system, in clock ticks, from its `/proc/<pid>/stat` line. */
export function cpuTicksOf(stat: string): number {
  const fields = statFields(stat);
  return Number(fields[11] ?? 0) + Number(fields[12] ?? 0);
}

/** Runs `command args` with `env`, sampling memory and processor time every 100 ms; Linux only (reads /proc). */
export async function measure(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Measured> {
  const started = performance.now();
  const child = spawn(command, args, { env, cwd });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const peakBytes = new Map<string, number>();
  /** The last processor time seen of each process, by pid and start time (a pid can be reused), with its name. */
  const ticks = new Map<string, { name: string; root: boolean; ticks: number }>();
  const sample = () => {
    for (const { pid, stat } of descendants(child.pid ?? 0)) {
      const status = readProc(`/proc/${pid}/status`);
      const name = /^Name:\s+(.+)$/m.exec(status)?.[1] ?? '?';
      const hwm = Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0) * 1024;
      if (hwm > (peakBytes.get(name) ?? 0)) peakBytes.set(name, hwm);
      if (stat === '') continue;
      const startTime = statFields(stat)[19];
      ticks.set(`${pid}@${startTime}`, { name, root: pid === child.pid, ticks: cpuTicksOf(stat) });
    }
  };
  const timer = setInterval(sample, 100);
  const code = await new Promise<number | null>((done) => child.on('close', done));
  clearInterval(timer);
  const perSecond = clockTicks();
  const cpuSeconds = { root: 0, byName: new Map<string, number>() };
  for (const { name, root, ticks: used } of ticks.values()) {
    if (root) cpuSeconds.root += used / perSecond;
    else cpuSeconds.byName.set(name, (cpuSeconds.byName.get(name) ?? 0) + used / perSecond);
  }
  return { seconds: (performance.now() - started) / 1000, peakBytes, cpuSeconds, output, code };
}

/**
 * How long to wait after deleting files before timing a build that creates files: the longest the
 * kernel keeps a deleted file's inode from reuse (see {@link settleDeletions}), plus a second.
 */
export const SETTLE_SECONDS = 361;

/**
 * Waits until files deleted before now no longer slow down the creation of new ones, so that a timed
 * build does not pay for the deletions that prepared it. On ext4 without a journal, as on this
 * project's machines, the kernel does not reuse the inode of a file deleted less than 60 s ago, or
 * 360 s while its inode table block is not written back (`recently_deleted` in Linux's
 * `fs/ext4/ialloc.c`), and each new file looks past every such inode before it gets one. Measured on
 * the pages of 10,000 bulletins built after their previous output was deleted: 36–65 s in the kernel
 * straight away, 16–41 s after `sync` and 65 s (so `sync` is not enough), 13 s after 365 s, as for a
 * build that follows no deletion (docs/performance.md).
 */
export async function settleDeletions(seconds = SETTLE_SECONDS): Promise<void> {
  await sleep(seconds * 1000);
}
