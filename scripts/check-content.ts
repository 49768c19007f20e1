/** `npm run check` (content part): validates every article under CONTENT_DIR and lists all problems at once. */
import { relative } from 'node:path';
import { readArchive } from '../src/lib/article-files';
import { resolveContentDir } from '../src/lib/content-dir';
import { formatProblems } from '../src/schema/validate';

const dir = resolveContentDir(process.env, process.cwd());
const { articles, problems } = await readArchive(dir);
if (problems.length > 0) {
  const shown = problems.map((p) => ({ ...p, file: relative(process.cwd(), p.file) }));
  console.error(`${problems.length} problem(s) in the articles under ${dir}:\n${formatProblems(shown)}`);
  process.exitCode = 1;
} else {
  console.log(`${articles.length} article(s) valid in ${dir}`);
}
