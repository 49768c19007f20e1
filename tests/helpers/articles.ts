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

/** The file of a bulletin (dated 2023-05-01) that build tests add to an archive already built. */
export const ADDED_ARTICLE = [
  '---',
  'title: 新增的一篇通报',
  'date: 2023-05-01',
  'court: 重庆市第一中级人民法院',
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
