/** A deterministic synthetic archive for benchmarks: varied courts, dates, tasks, stages and people; bodies from the seed's paragraphs. */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { splitFrontmatter } from '../../src/lib/article-files';
import { articleId } from '../../src/lib/ids';
import { articleFile } from '../../src/lib/importer/markdown';
import { STAGES, TASKS } from '../../src/schema/campaign';
import type { ArticleFrontmatter } from '../../src/schema/article';

const COURTS = [
  '最高人民法院',
  '重庆市高级人民法院',
  '四川省高级人民法院',
  '广东省高级人民法院',
  '重庆市第一中级人民法院',
  '重庆市第五中级人民法院',
  '成都市中级人民法院',
  '重庆市渝中区人民法院',
  '重庆市江北区人民法院',
  '重庆市沙坪坝区人民法院',
  '成都市武侯区人民法院',
  '广州市天河区人民法院',
];
const SURNAMES = [...'王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕'];
const GIVEN = [...'军伟强磊洋勇艳杰涛明超秀娟英华慧建国平志远文清立新东辰永利书德红玉兰'];
const TITLES = ['党组书记、院长', '党组副书记、副院长', '党组成员、副院长', '党组成员、政治部主任', '院党组副书记', '审判委员会专职委员'];
const MEETINGS = ['队伍教育整顿动员部署会议', '队伍教育整顿推进会', '学习教育环节总结会', '查纠整改环节部署会', '英模事迹报告会', '党组理论学习中心组学习会'];

/** A small, fast, seeded pseudo-random generator (mulberry32), so every run writes the same archive. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed bulletin's paragraphs, from the archive's own copy of it. */
export async function seedParagraphs(seedArticle: string): Promise<string[]> {
  const { body } = splitFrontmatter(await readFile(seedArticle, 'utf8'));
  return body.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
}

/** A generator of synthetic articles from `seed`: article `i` (numbered from 0), dated at random over 2021–2025 unless `date` is given. */
function generator(paragraphs: readonly string[], seed: number) {
  const next = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)] as T;
  const person = () => ({ name: `${pick(SURNAMES)}${pick(GIVEN)}${next() < 0.5 ? pick(GIVEN) : ''}`, title: pick(TITLES) });
  const start = Date.UTC(2021, 0, 1);
  const days = 5 * 365;
  return (i: number, fixedDate?: string) => {
    const randomDate = new Date(start + Math.floor(next() * days) * 86_400_000).toISOString().slice(0, 10);
    const date = fixedDate ?? randomDate;
    const court = pick(COURTS);
    const meeting = pick(MEETINGS);
    const title = `${court.replace(/人民法院$/, '法院')}召开${meeting}（第${i + 1}号）`;
    const body: string[] = [];
    const target = 1700 + Math.floor(next() * 400);
    for (let length = 0; length < target; ) {
      const paragraph = pick(paragraphs);
      body.push(paragraph);
      length += paragraph.length;
    }
    const frontmatter: ArticleFrontmatter = {
      title,
      date,
      court,
      speaker: next() < 0.3 ? { ...person(), onBehalfOf: person() } : person(),
      ...(next() < 0.6 ? { host: person() } : {}),
      tasks: TASKS.filter(() => next() < 0.5),
      stages: STAGES.filter(() => next() < 0.5),
      ...(next() < 0.7 ? { meeting: { name: meeting, format: pick(['视频', '现场', '视频+现场'] as const) } } : {}),
      originalTitle: title,
      summary: (body[0] ?? '').slice(0, 100),
    };
    return { id: articleId({ date, court, originalTitle: title }), date, text: articleFile(frontmatter, body) };
  };
}

/** Writes one article as `<dir>/<year>/<id>.md`; returns that path. */
async function writeArticle(dir: string, article: { id: string; date: string; text: string }): Promise<string> {
  const file = join(dir, article.date.slice(0, 4), `${article.id}.md`);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, article.text);
  return file;
}

/** Writes `count` articles under `dir` (emptied first), dated over 2021–2025. */
export async function writeSyntheticArchive(dir: string, count: number, paragraphs: readonly string[]): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  const article = generator(paragraphs, 20210305);
  for (let i = 0; i < count; i += 1) await writeArticle(dir, article(i));
}

/** Adds to an archive of `count` synthetic articles a newer one (dated 2025-12-31), as a new bulletin arrives; returns its file. */
export async function addNewestArticle(dir: string, count: number, paragraphs: readonly string[]): Promise<string> {
  return writeArticle(dir, generator(paragraphs, 20261126)(count, '2025-12-31'));
}
