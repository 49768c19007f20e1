import { describe, expect, it } from 'vitest';
import { extractSearchRecord, pageDate } from '../../src/lib/search-record';

const page = [
  '<!DOCTYPE html><html lang="zh-CN"><head><title>ignored 标题</title>',
  '<meta name="archive:title" content="“害群之马”&amp;清除 &quot;a&gt;b&quot;">',
  '<meta name="archive:date" content="2021-03-05">',
  '<meta name="archive:court" content="重庆市高级人民法院">',
  '<meta name="archive:summary" content="摘要">',
  '<meta name="archive:year" content="2021">',
  '<meta name="archive:task" content="学习教育"><meta name="archive:task" content="查纠整改">',
  '<meta name="archive:person" content="戴军"><meta name="archive:person" content="戴军">',
  '<meta name="description" content="not a field">',
  '</head><body><nav>导航</nav>',
  '<article class="bulletin" data-search-body data-x="a>b"><header><h1>标题</h1>',
  '<dl class="facts" data-search-ignore><dt>法院</dt><dd><a href="/">重庆</a></dd></dl></header>',
  '<div class="body"><p>教育<strong>整顿</strong>动员<br>部署&#x26;会议</p><!-- 注释 --><p>第二段<img src="x.png" alt="图"></p>',
  '<script>const s = "脚本";</script><ul><li>一<li>二</ul></div>',
  '<footer data-search-ignore>原标题</footer></article><footer>页脚</footer></body></html>',
].join('');

describe('search records', () => {
  it('reads the visible text of the marked body, joining inline elements and ending lines at blocks', () => {
    const record = extractSearchRecord(page);
    expect(record?.text).toBe(['标题', '教育整顿动员', '部署&会议', '第二段', '一', '二'].join('\n'));
  });

  it('reads result fields, filters and the sort date from the archive meta tags, decoded', () => {
    const record = extractSearchRecord(page);
    expect(record?.meta).toEqual({ title: '“害群之马”&清除 "a>b"', date: '2021-03-05', court: '重庆市高级人民法院', summary: '摘要' });
    expect(record?.filters).toEqual({ court: ['重庆市高级人民法院'], year: ['2021'], task: ['学习教育', '查纠整改'], person: ['戴军'] });
    expect(record?.sort).toEqual({ date: '2021-03-05' });
  });

  it('reads the date alone, as the indexer plans its shards', () => {
    expect(pageDate(page)).toBe('2021-03-05');
    expect(pageDate('<html><head></head></html>')).toBeUndefined();
  });

  it('has no record for a page without a marked body', () => {
    expect(extractSearchRecord('<html><body><p>正文</p></body></html>')).toBeUndefined();
  });

  it('decodes character references, and takes script bodies for text, not markup', () => {
    const html = [
      '<head><script type="application/ld+json">{"a":"<div data-search-body>假的</div>"}</script></head>',
      '<body><main data-search-body><p>甲&mdash;乙&#99999999;丙&#x5f20;\n丁</p>',
      '<script>if (a < b) document.write("</main>外")</script><p>末</p></main></body>',
    ].join('');
    expect(extractSearchRecord(html)?.text).toBe('甲—乙\ufffd丙张 丁\n末');
  });

  it('reads attributes and end tags in any case, and names written with character references', () => {
    // Only tags that may hold what is looked for have their attributes parsed: these must all be found.
    const html = [
      '<head><meta name="&#97;rchive:court" content="甲院"><meta NAME="archive:year" CONTENT="2022">',
      '<SCRIPT>document.write("<meta name=archive:task content=假>")</script>',
      '<style>p { color: red }</STYLE></head>',
      '<body><div DATA-SEARCH-BODY><p>正文</p><p Data-Search-Ignore>不要</p>',
      '<script>"<p>假</p>"</SCRIPT><p>末</p></div><p>外</p></body>',
    ].join('');
    const record = extractSearchRecord(html);
    expect(record?.filters).toEqual({ court: ['甲院'], year: ['2022'] });
    expect(record?.text).toBe('正文\n末');
  });
});
