/** Small article objects for unit tests of pure logic, and an article file for build tests. */
import type { ArticleSummary } from '../../src/lib/archive';

let counter = 0;

/** An article with sensible defaults; override only what the test is about. */
export function makeArticle(overrides: Partial<ArticleSummary> = {}): ArticleSummary {
  counter += 1;
  return {
    id: `a${String(counter).padStart(4, '0')}`,
    title: `标题${counter}`,
    date: '2021-03-05',
    court: '重庆市高级人民法院',
    summary: '摘要',
    tasks: [],
    stages: [],
    speaker: { name: '戴军' },
    ...overrides,
  };
}

/** The court of {@link ADDED_ARTICLE}. */
export const ADDED_COURT = '重庆市第一中级人民法院';

/** The file of a bulletin (dated 2023-05-01) that build tests add to an archive already built. */
export const ADDED_ARTICLE = [
  '---',
  'title: 新增的一篇通报',
  'date: 2023-05-01',
  `court: ${ADDED_COURT}`,
  'speaker: { name: 钱一, title: 党组书记、院长 }',
  'tasks: [清除害群之马]',
  'stages: []',
  'originalTitle: 新增通报',
  'summary: 新增的一篇通报。',
  '---',
  '',
  '刮骨疗毒，新增一篇。',
  '',
].join('\n');

/**
 * The files of `count` small bulletins of one court, one a day from `start` (`YYYY-MM-DD`), named
 * `<date>-<prefix><n>.md` in their year's folder: enough of them give a listing older pages (a front
 * page keeps up to 39). `body` and `mdx` let a test vary single bulletins.
 */
export function bulletinSeries(options: {
  count: number;
  start: string;
  court: string;
  prefix: string;
  tasks?: string[];
  body?: (n: number) => string;
  mdx?: (n: number) => boolean;
}): Record<string, string> {
  const { count, start, court, prefix, tasks = ['整治顽瘴痼疾'], body = (n) => `第${n}期通报正文。`, mdx = () => false } = options;
  const files: Record<string, string> = {};
  const first = new Date(`${start}T00:00:00Z`);
  for (let n = 1; n <= count; n += 1) {
    const date = new Date(first.getTime() + (n - 1) * 86_400_000).toISOString().slice(0, 10);
    files[`${date.slice(0, 4)}/${date}-${prefix}${String(n).padStart(2, '0')}.${mdx(n) ? 'mdx' : 'md'}`] = [
      '---',
      `title: ${court}第${n}期工作通报`,
      `date: ${date}`,
      `court: ${court}`,
      'speaker: { name: 赵文清, title: 党组书记、院长 }',
      `tasks: [${tasks.join(', ')}]`,
      'stages: []',
      `originalTitle: ${court}工作通报第${n}期`,
      `summary: ${court}第${n}期工作通报。`,
      '---',
      '',
      body(n),
      '',
    ].join('\n');
  }
  return files;
}
