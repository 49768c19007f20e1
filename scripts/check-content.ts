/** `npm run check` (content part): validates every article under CONTENT_DIR and lists all problems at once. */
import { relative } from 'node:path';
import { readArchive } from '../src/lib/article-files';
import { checkArticles } from '../src/lib/content-checks';
import { resolveContentDir } from '../src/lib/content-dir';
import { chinaToday } from '../src/lib/dates';
import { formatProblems } from '../src/schema/validate';

const started = performance.now();
const dir = resolveContentDir(process.env, process.cwd());
const { articles, problems } = await readArchive(dir);
problems.push(...checkArticles(articles, chinaToday(new Date())));
const seconds = ((performance.now() - started) / 1000).toFixed(2);
if (problems.length > 0) {
  const shown = problems.map((p) => ({ ...p, file: relative(process.cwd(), p.file) }));
  console.error(`${problems.length} problem(s) in the articles under ${dir}:\n${formatProblems(shown)}`);
  process.exitCode = 1;
} else {
  console.log(`${articles.length} article(s) valid in ${dir} (${seconds} s)`);
}
