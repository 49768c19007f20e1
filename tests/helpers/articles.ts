/** Small article objects for unit tests of pure logic. */
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
