/** The benchmark's own tools (scripts/lib): the synthetic archive it builds, and how it measures a command. */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpuTicksOf, measure } from '../../scripts/lib/measure';
import { addNewestArticle, seedParagraphs, writeSyntheticArchive } from '../../scripts/lib/synthetic';
import { readArchive } from '../../src/lib/article-files';
import { SEED_ARTICLE } from '../helpers/paths';

let work: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'bench-tools-'));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('the synthetic archive', () => {
  it('is valid, the same every time, and the added bulletin is the newest and comes out again', async () => {
    const paragraphs = await seedParagraphs(SEED_ARTICLE);
    const dir = join(work, 'archive');
    const contents = async () => (await readArchive(dir)).articles.map((a) => [a.path, a.data, a.body]);
    await writeSyntheticArchive(dir, 40, paragraphs);
    const first = await readArchive(dir);
    expect(first.problems).toEqual([]);
    expect(first.articles).toHaveLength(40);
    expect(new Set(first.articles.map((a) => a.data.date.slice(0, 4))).size).toBeGreaterThan(1);
    const written = await contents();

    await writeSyntheticArchive(dir, 40, paragraphs);
    expect(await contents()).toEqual(written);

    const added = await addNewestArticle(dir, 40, paragraphs);
    const withAdded = await readArchive(dir);
    expect(withAdded.problems).toEqual([]);
    expect(withAdded.articles).toHaveLength(41);
    const newest = withAdded.articles.reduce((a, b) => (b.data.date > a.data.date ? b : a));
    expect(newest.path).toBe(relative(dir, added));
    expect(await readFile(added, 'utf8')).toContain(newest.body);

    // The bench's baseline builds the first archive again by taking the added bulletin out.
    await rm(added);
    expect(await contents()).toEqual(written);
  });
});

describe('measuring', () => {
  it('reports a command’s exit code, its output and the peak memory of its processes', async () => {
    const script = "const kept = Buffer.alloc(64 * 2 ** 20, 1); setTimeout(() => { console.log('done', kept.length); process.exit(3); }, 400);";
    const run = await measure(process.execPath, ['-e', script], process.env, work);
    expect(run.code).toBe(3);
    expect(run.output).toContain('done');
    expect(Math.max(...run.peakBytes.values())).toBeGreaterThan(64 * 2 ** 20);
  });

  it('reports the processor time of the command’s process and of the processes it starts, by name', async () => {
    // Each process keeps a core busy until it has used 600 ms of processor time; the child is started first.
    const busy = 'const start = process.cpuUsage(); while (process.cpuUsage(start).user < 600000);';
    const script = `const { spawn } = require('node:child_process'); const child = spawn(process.execPath, ['-e', ${JSON.stringify(busy)}]); ${busy} child.on('close', () => {});`;
    const run = await measure(process.execPath, ['-e', script], process.env, work);
    expect(run.code).toBe(0);
    expect(run.cpuSeconds.root).toBeGreaterThan(0.3);
    expect(run.cpuSeconds.root).toBeLessThan(5);
    expect(run.cpuSeconds.byName.get('node')).toBeGreaterThan(0.3);
  });

  it('reads user and system time from a /proc stat line, whatever the command name holds', () => {
    // Fields after the name: state, ppid, pgrp, session, tty, tpgid, flags, minflt, cminflt, majflt, cmajflt, utime, stime, …
    const stat = '4242 (odd) name) S 1 4242 4242 0 -1 4194304 100 0 0 0 250 75 3 1 20 0 1 0 5000 0';
    expect(cpuTicksOf(stat)).toBe(325);
  });
});
