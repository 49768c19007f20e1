/** `npm run verify`: checks the built site in dist/ (or --dist DIR) as it will be served under BASE on SITE. */
import { parseArgs } from 'node:util';
import { readArchive } from '../src/lib/article-files';
import { resolveContentDir } from '../src/lib/content-dir';
import { createUrls } from '../src/lib/urls';
import { verifySite } from './lib/verify';

const { values } = parseArgs({ options: { dist: { type: 'string', default: 'dist' } } });
const base = process.env['BASE'] || '/';
const site = process.env['SITE'] || 'http://localhost:4321';
const contentDir = resolveContentDir(process.env, process.cwd());
const started = performance.now();

const { articles } = await readArchive(contentDir);
const urls = createUrls(base);
const articlePaths = articles.filter((a) => !a.data.draft).map((a) => urls.article(a.id));
const problems = await verifySite({ dist: values.dist, base: urls.home(), site, articlePaths });
const seconds = ((performance.now() - started) / 1000).toFixed(1);
if (problems.length > 0) {
  console.error(`${problems.length} problem(s) in ${values.dist}:`);
  for (const problem of problems) console.error(`${problem.file}: ${problem.message}`);
  process.exitCode = 1;
} else {
  console.log(`${values.dist} verified: links, HTML, feed, sitemap and budgets all fine (${articlePaths.length} articles, ${seconds} s)`);
}
