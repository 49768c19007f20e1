/** The index chunks the site writes (and, where Pagefind writes a shard, ahead of it): named and encoded as Pagefind writes them (checked against Pagefind itself). */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedParagraphs } from '../../scripts/lib/synthetic';
import { indexChunks, INDEX_FOLDER, writeChunks } from '../../src/integrations/search-chunks';
import { holdsJust } from '../../src/integrations/pagefind-files';
import type { PagefindRecord } from '../../src/integrations/search-fragments';
import { RESULT_DIGEST_FIELD, resultDigestWord } from '../../src/integrations/search-index-writer';
import { indexWords } from '../../src/lib/search-text';
import { filesOf, writeWithPagefind } from '../helpers/pagefind';
import { SEED_ARTICLE } from '../helpers/paths';

const LANGUAGE = 'und-x-t';
/** Small chunks, so that a few records make many. */
const CHUNK_SIZE = 600;

let work: string;
let records: PagefindRecord[];
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'search-chunks-'));
  const paragraphs = await seedParagraphs(SEED_ARTICLE);
  const texts = paragraphs.map((paragraph, i) => `${paragraph}\n${paragraphs[(i * 7) % paragraphs.length] ?? ''}`);
  // Plain words among the pairs: digits, Latin in any case, a word that sorts before every encoded pair.
  texts.push('2021年3月5日，COVID-19 防控 Ab12 a 0 zoo');
  records = texts.map((text, i) => record(`/articles/${i}/`, indexWords(text), text));
  // A record without words is left out of the index, and the pages after it numbered without it.
  records.splice(3, 0, record('/articles/empty/', ' ', ''));
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** A record as the index writer makes them. */
function record(url: string, content: string, text: string): PagefindRecord {
  return {
    url,
    language: LANGUAGE,
    content,
    meta: { [RESULT_DIGEST_FIELD]: resultDigestWord({ meta: { title: url }, text }) },
    filters: { year: ['2021'], shard: ['t'] },
    sort: { date: '2021-03-05' },
  };
}

describe('the index chunks the site writes', () => {
  it('are named and encoded exactly as Pagefind writes them', async () => {
    const own = join(work, 'own');
    await writeWithPagefind(records, own, LANGUAGE, CHUNK_SIZE);
    const chunks = (await indexChunks(LANGUAGE, records, CHUNK_SIZE)) ?? [];
    const theirs = await filesOf(join(own, INDEX_FOLDER));
    expect(chunks.length).toBeGreaterThan(5);
    expect(chunks.map((chunk) => chunk.file).sort()).toEqual([...theirs.keys()]);
    for (const chunk of chunks) {
      expect(gunzipSync(theirs.get(chunk.file) ?? Buffer.alloc(0)).equals(Buffer.concat([Buffer.from('pagefind_dcd'), chunk.cbor])), chunk.file).toBe(true);
    }
  });

  it('are cut as Pagefind cuts them among the digest words too, which sort after every other word', async () => {
    // 300 records of two words each: their 300 digest words, three places each, count 900, more than a
    // chunk of 600 holds, so at least one chunk begins among them (counted one each, they would not).
    const many = Array.from({ length: 300 }, (_, i) => record(`/articles/d${i}/`, `n${i} m${i % 7}`, `正文${i}`));
    const own = join(work, 'digests');
    await writeWithPagefind(many, own, LANGUAGE, CHUNK_SIZE);
    const chunks = (await indexChunks(LANGUAGE, many, CHUNK_SIZE)) ?? [];
    expect(chunks.map((chunk) => chunk.file).sort()).toEqual([...(await filesOf(join(own, INDEX_FOLDER))).keys()]);
  });

  it('are left as written by Pagefind, whose index is otherwise the same', async () => {
    const own = join(work, 'own-again');
    await writeWithPagefind(records, own, LANGUAGE, CHUNK_SIZE);
    const ahead = join(work, 'ahead');
    const written = await writeChunks(ahead, (await indexChunks(LANGUAGE, records, CHUNK_SIZE)) ?? []);
    const before = await filesOf(join(ahead, INDEX_FOLDER));
    await writeWithPagefind(records, ahead, LANGUAGE, CHUNK_SIZE);
    expect(holdsJust(ahead, INDEX_FOLDER, written)).toBe(true);
    expect(await filesOf(join(ahead, INDEX_FOLDER))).toEqual(before);
    // Compressed otherwise, the same contents; and the rest of the shard (its metadata, which names
    // every chunk, the filters, the fragments) is what Pagefind writes alone.
    const theirs = await filesOf(join(own, INDEX_FOLDER));
    for (const [file, bytes] of before) expect(gunzipSync(bytes).equals(gunzipSync(theirs.get(file) ?? Buffer.alloc(0))), file).toBe(true);
    for (const folder of ['', 'fragment', 'filter']) expect(await filesOf(join(ahead, folder)), folder).toEqual(await filesOf(join(own, folder)));
  });

  it('are shown to be named otherwise when Pagefind cuts its index otherwise, writing chunks of its own beside them', async () => {
    const folder = join(work, 'otherwise');
    const written = await writeChunks(folder, (await indexChunks(LANGUAGE, records, CHUNK_SIZE / 2)) ?? []);
    await writeWithPagefind(records, folder, LANGUAGE, CHUNK_SIZE);
    expect(holdsJust(folder, INDEX_FOLDER, written)).toBe(false);
  });

  it('are foreseen only for records of words of lowercase ASCII letters and digits, each once, with a digest word as their only metadata', async () => {
    const plain = records.slice(0, 2);
    const changed = (changes: Partial<PagefindRecord>) => [...plain, { ...(plain[1] as PagefindRecord), ...changes }];
    expect(await indexChunks(LANGUAGE, plain, CHUNK_SIZE)).toBeDefined();
    const content = plain[1]?.content ?? '';
    for (const [what, list] of [
      ['a capital letter', changed({ content: `${content} Abc` })],
      ['an accent', changed({ content: `${content} žal` })],
      ['a word twice', changed({ content: `${content} abc abc` })],
      ['a tab between words', changed({ content: `${content}\tabc` })],
      ['two metadata fields', changed({ meta: { ...plain[1]?.meta, title: '标题' } })],
      ['metadata of ASCII', changed({ meta: { [RESULT_DIGEST_FIELD]: 'abc' } })],
      ['no metadata', changed({ meta: {} })],
    ] as const) {
      expect(await indexChunks(LANGUAGE, list, CHUNK_SIZE), what).toBeUndefined();
    }
  });
});
