import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeBulletin } from '../../src/lib/importer/decode';
import { extractBulletin, summarize, type ExtractOptions } from '../../src/lib/importer/extract';
import { escapeParagraph } from '../../src/lib/importer/markdown';
import { articleSchema } from '../../src/schema/article';
import { SEED_GROUND_TRUTH } from '../helpers/ground-truth';
import { SEED_TEXT } from '../helpers/paths';

const raw = (name: string) => fileURLToPath(new URL(`../fixtures/raw/${name}`, import.meta.url));

/** Decodes and reads a raw fixture, failing the test with the reason if it cannot be read. */
async function extract(path: string, options: ExtractOptions = {}) {
  const decoded = decodeBulletin(await readFile(path));
  if (!decoded.ok) throw new Error(decoded.reason);
  const result = extractBulletin(decoded.text, options);
  if (!result.ok) throw new Error(result.reason);
  return result.bulletin;
}

async function failure(path: string, options: ExtractOptions = {}): Promise<string> {
  const decoded = decodeBulletin(await readFile(path));
  if (!decoded.ok) return decoded.reason;
  const result = extractBulletin(decoded.text, options);
  if (result.ok) throw new Error('expected the text to be refused');
  return result.reason;
}

describe('reading the seed bulletin', () => {
  it('finds every ground-truth field of DOMAIN.md', async () => {
    const { frontmatter, review } = await extract(SEED_TEXT);
    expect(frontmatter).toMatchObject(SEED_GROUND_TRUTH);
    expect(frontmatter.summary).toBe(
      '3月5日,全市法院队伍教育整顿动员部署会议召开。受重庆市高法院党组书记、院长李永利委托,院党组副书记戴军作全市法院队伍教育整顿动员部署讲话。',
    );
    expect(frontmatter.tags).toEqual(['党史学习教育', '巡视整改', '扫黑除恶专项斗争', '成渝地区双城经济圈', '一区两群', '十四五', '建党100周年']);
    expect(review).toEqual([]);
    expect(articleSchema.safeParse(frontmatter).success).toBe(true);
  });

  it('keeps every paragraph of the body, in order, as written', async () => {
    const lines = (await readFile(SEED_TEXT, 'utf8')).split('\n').map((l) => l.trim()).filter(Boolean);
    const { paragraphs } = await extract(SEED_TEXT);
    expect(paragraphs).toEqual(lines.slice(2, lines.indexOf('原标题:')));
  });
});

describe('reading other bulletins', () => {
  it('reads a Traditional-script text after folding, keeping title and body as written', async () => {
    const { frontmatter, paragraphs } = await extract(raw('traditional.txt'));
    expect(frontmatter).toMatchObject({
      title: '廣東高院召開隊伍教育整頓推進會',
      originalTitle: '廣東高院推進隊伍教育整頓',
      date: '2021-03-12',
      court: '广东省高级人民法院',
      speaker: { name: '黎志远', title: '院党组书记、院长' },
      host: { name: '冯建华', title: '院党组成员、政治部主任' },
      tasks: ['清除害群之马', '整治顽瘴痼疾'],
      stages: ['查纠整改'],
    });
    expect(paragraphs[1]).toContain('堅決清除害群之馬');
  });

  it('needs --court for a court named only as 我院, and reads 3月9日下午 with a year clue', async () => {
    expect(await failure(raw('our-court.txt'))).toMatch(/我院.*--court/);
    const { frontmatter } = await extract(raw('our-court.txt'), { court: '重庆市第一中级人民法院' });
    expect(frontmatter).toMatchObject({
      court: '重庆市第一中级人民法院',
      date: '2021-03-09',
      originalTitle: '我院召开学习教育动员会',
      speaker: { name: '周明远', title: '党组书记、院长' },
      host: { name: '林书华', title: '党组成员、政治部主任' },
      tasks: ['筑牢政治忠诚'],
      stages: ['学习教育'],
    });
  });

  it('reads a full date 2021年3月9日, an intermediate court, and a meeting held both ways', async () => {
    const { frontmatter } = await extract(raw('full-date.txt'));
    expect(frontmatter).toMatchObject({
      date: '2021-03-09',
      court: '重庆市第一中级人民法院',
      meeting: { name: '队伍教育整顿推进会', format: '视频+现场' },
    });
  });

  it('reads 3月10日下午 with the year from --year or from the source URL, and refuses to guess it', async () => {
    expect(await failure(raw('afternoon.txt'))).toMatch(/3月10日.*--year/);
    expect((await extract(raw('afternoon.txt'), { year: 2021 })).frontmatter.date).toBe('2021-03-10');
    const url = 'https://court.example.org/article/detail/2022/03/id/5861211.shtml';
    const fromUrl = (await extract(raw('afternoon.txt'), { sourceUrl: url })).frontmatter;
    expect(fromUrl.date).toBe('2022-03-10');
    expect(fromUrl.source).toEqual({ name: 'court.example.org', url });
    expect(fromUrl.court).toBe('重庆市渝中区人民法院');
  });

  it('maps 四大任务 and 三大环节 to all tasks and stages, and reports 弘扬劳模精神 without mapping it', async () => {
    const { frontmatter, review } = await extract(raw('variants.txt'));
    expect(frontmatter.tasks).toHaveLength(4);
    expect(frontmatter.stages).toHaveLength(3);
    expect(review).toEqual([expect.stringContaining('弘扬劳模精神')]);
  });

  it('reads GBK-encoded text', async () => {
    const decoded = decodeBulletin(await readFile(raw('gbk.txt')));
    expect(decoded).toMatchObject({ ok: true, encoding: 'gb18030' });
    expect((await extract(raw('gbk.txt'))).frontmatter.title).toBe('市一中院召开教育整顿推进会（GBK）');
  });

  it.each([
    ['empty.txt', /empty/],
    ['title-only.txt', /no body/],
    ['no-date.txt', /no date/],
    ['no-year.txt', /--year/],
    ['binary.txt', /not text/],
    ['latin1.txt', /neither UTF-8 nor GBK/],
  ])('refuses %s with a clear reason', async (name, reason) => {
    expect(await failure(raw(name))).toMatch(reason);
  });
});

describe('summary and escaping', () => {
  it('takes one sentence, or two when they fit in 120 characters', () => {
    expect(summarize('第一句。第二句。第三句。')).toBe('第一句。第二句。');
    expect(summarize(`${'长'.repeat(100)}。${'短'.repeat(30)}。`)).toBe(`${'长'.repeat(100)}。`);
    expect(summarize('长'.repeat(130))).toHaveLength(120);
  });

  it('escapes Markdown and HTML so outside text is shown, never run', () => {
    expect(escapeParagraph('<script>alert("x")</script>')).toBe('&lt;script&gt;alert("x")&lt;/script&gt;');
    expect(escapeParagraph('[链接](javascript:alert(1)) *强调* {props} &amp;')).toBe(
      '\\[链接\\](javascript:alert(1)) \\*强调\\* \\{props\\} &amp;amp;',
    );
    expect(escapeParagraph('1. 不是列表')).toBe('1\\. 不是列表');
    expect(escapeParagraph('# 不是标题')).toBe('\\# 不是标题');
    expect(escapeParagraph('- 不是列表项')).toBe('\\- 不是列表项');
  });
});
