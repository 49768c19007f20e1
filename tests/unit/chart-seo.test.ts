import { describe, expect, it } from 'vitest';
import { layoutBarChart } from '../../src/lib/chart';
import { jsonForScript, newsArticleJsonLd } from '../../src/lib/seo';

describe('monthly bar chart layout', () => {
  it('scales the tallest bar to the plot height and labels each year once', () => {
    const chart = layoutBarChart(
      [
        { year: 2021, month: 11, count: 2 },
        { year: 2021, month: 12, count: 0 },
        { year: 2022, month: 1, count: 4 },
      ],
      300,
      124,
      24,
    );
    expect(chart.max).toBe(4);
    expect(chart.bars.map((b) => b.height)).toEqual([50, 0, 100]);
    expect(chart.bars[2]?.y).toBe(0);
    expect(chart.bars.every((b) => b.x >= 0 && b.x + b.width <= 300)).toBe(true);
    expect(chart.yearLabels.map((l) => l.year)).toEqual([2021, 2022]);
  });
});

describe('structured data', () => {
  it('describes a bulletin as a NewsArticle in China time', () => {
    const record = newsArticleJsonLd({
      title: '标题',
      date: '2021-03-05',
      court: '重庆市高级人民法院',
      summary: '摘要',
      speaker: { name: '戴军' },
      tags: ['十四五'],
      url: 'https://archive.example.org/articles/x/',
      siteName: '档案',
    });
    expect(record).toMatchObject({
      '@type': 'NewsArticle',
      headline: '标题',
      datePublished: '2021-03-05T00:00:00+08:00',
      publisher: { name: '重庆市高级人民法院' },
    });
  });

  it('cannot be broken out of its script element by article text', () => {
    const json = jsonForScript({ headline: '</script><script>alert(1)</script>' });
    expect(json).not.toContain('<');
    expect(JSON.parse(json)).toEqual({ headline: '</script><script>alert(1)</script>' });
  });
});
