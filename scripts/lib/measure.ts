/** Runs a command and measures it: wall time and the peak resident memory of every process it starts. */
import { spawn } from 'node:child_process';
import { readFile, readdir } from 'node:fs/promises';

/** The measured run of one command. */
export interface Measured {
  seconds: number;
  /** Peak resident set of each process seen, by command name, in bytes (VmHWM from /proc). */
  peakBytes: Map<string, number>;
  output: string;
  code: number | null;
}

/** The process ids below `root` (children, grandchildren…), read from /proc. */
async function descendants(root: number): Promise<number[]> {
  const parents = new Map<number, number[]>();
  for (const entry of await readdir('/proc').catch(() => [])) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = parents.get(ppid) ?? [];
    list.push(Number(entry));
    parents.set(ppid, list);
  }
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() as number;
    out.push(pid);
    queue.push(...(parents.get(pid) ?? []));
  }
  return out;
}

/** Runs `command args` with `env`, sampling memory every 100 ms; Linux only (reads /proc). */
export async function measure(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Measured> {
  const started = performance.now();
  const child = spawn(command, args, { env, cwd });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const peakBytes = new Map<string, number>();
  const sample = async () => {
    for (const pid of await descendants(child.pid ?? 0)) {
      const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => '');
      const name = /^Name:\s+(.+)$/m.exec(status)?.[1] ?? '?';
      const hwm = Number(/^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0) * 1024;
      if (hwm > (peakBytes.get(name) ?? 0)) peakBytes.set(name, hwm);
    }
  };
  const timer = setInterval(() => void sample(), 100);
  const code = await new Promise<number | null>((done) => child.on('close', done));
  clearInterval(timer);
  return { seconds: (performance.now() - started) / 1000, peakBytes, output, code };
}
