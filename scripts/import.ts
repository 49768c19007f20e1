/** `npm run import -- [options] <file|dir>...`: turns raw bulletin texts into validated articles. */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveContentDir } from '../src/lib/content-dir';
import { collectInputs, importFile, summarizeOutcomes, type FileOutcome } from '../src/lib/importer/import';

const usage = `Usage: npm run import -- [options] <file|dir>...

Reads raw bulletin texts (.txt; folders are searched) and writes <out>/<year>/<id>.md.
  --out DIR          archive folder (default: CONTENT_DIR, or content/)
  --year YYYY        year for texts that give only month and day
  --court NAME       full official court name, for texts that say only 我院/本院
  --source-url URL   original address, stored as the source (a /YYYY/MM/ path gives year and month)
  --dry-run          show what would be written, write nothing
  --force            replace an existing article whose content differs
  --json             print a machine-readable report on stdout
  --help             show this help`;

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      year: { type: 'string' },
      court: { type: 'string' },
      'source-url': { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      force: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
} catch (error) {
  console.error(`${(error as Error).message}\n\n${usage}`);
  process.exit(2);
}
const { values, positionals } = parsed;
if (values.help || positionals.length === 0) {
  console.log(usage);
  process.exit(values.help ? 0 : 2);
}
if (values.year !== undefined && !/^\d{4}$/.test(values.year)) {
  console.error(`--year expects four digits, got "${values.year}"`);
  process.exit(2);
}
if (values['source-url'] !== undefined && !URL.canParse(values['source-url'])) {
  console.error(`--source-url expects a URL, got "${values['source-url']}"`);
  process.exit(2);
}

const out = values.out ?? resolveContentDir(process.env, process.cwd());
const files = await collectInputs(positionals);
const outcomes: FileOutcome[] = [];
const progress = !values.json && files.length > 1 && process.stderr.isTTY;
for (const [index, file] of files.entries()) {
  if (progress) process.stderr.write(`\r[${index + 1}/${files.length}] ${relative(process.cwd(), file)}\x1b[K`);
  outcomes.push(
    await importFile(file, {
      out,
      dryRun: values['dry-run'],
      force: values.force,
      ...(values.year ? { year: Number(values.year) } : {}),
      ...(values.court ? { court: values.court } : {}),
      ...(values['source-url'] ? { sourceUrl: values['source-url'] } : {}),
    }),
  );
}
if (progress) process.stderr.write('\r\x1b[K');

const counts = summarizeOutcomes(outcomes);
if (values.json) {
  console.log(JSON.stringify({ out, dryRun: values['dry-run'], counts, files: outcomes }, null, 2));
} else {
  const show = (path: string) => relative(process.cwd(), path);
  for (const outcome of outcomes) {
    const name = show(outcome.file);
    if (outcome.status === 'failed') console.log(`failed     ${name}: ${outcome.reason}`);
    else if (outcome.status === 'skipped') console.log(`skipped    ${name}: ${outcome.reason}`);
    else console.log(`${outcome.status.padEnd(10)} ${name} → ${show(outcome.path)}`);
    if (outcome.status !== 'failed') for (const note of outcome.review) console.log(`  review: ${note}`);
  }
  const parts = Object.entries(counts).filter(([, n]) => n > 0).map(([status, n]) => `${n} ${status}`);
  console.log(`${files.length} file(s): ${parts.join(', ') || 'nothing to do'}${values['dry-run'] ? ' (dry run: nothing written)' : ''}`);
}
process.exitCode = counts.failed > 0 ? 1 : 0;
