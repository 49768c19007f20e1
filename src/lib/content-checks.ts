/** Checks across articles that the schema alone cannot make: same title twice on a day, future dates, raw HTML. */
import type { ArticleFile } from './article-files';
import type { ArticleProblem } from '../schema/validate';

/** Markup that must never sit raw in a bulletin body: it would run, or embed another page. */
const DANGEROUS_HTML: readonly [RegExp, string][] = [
  [/<script\b/i, '<script>'],
  [/<iframe\b/i, '<iframe>'],
  [/<(?:object|embed)\b/i, '<object>/<embed>'],
  [/<[a-z][^>]*\son[a-z]+\s*=/i, 'an event-handler attribute (on…=)'],
  [/\]\(\s*javascript:/i, 'a javascript: link'],
];

/** The 1-based line of `index` in `text`. */
function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

/**
 * Problems across the archive: the same title on the same date twice (the second and later files are
 * named), a date after `today` (China time, `YYYY-MM-DD`), and raw script, iframe or event-handler
 * markup in a body. `bodyLine` is the line of the file where each body starts, for the message.
 */
export function checkArticles(
  articles: readonly ArticleFile[],
  today: string,
): ArticleProblem[] {
  const problems: ArticleProblem[] = [];
  const titles = new Map<string, string>();
  for (const article of articles) {
    const { file, path, data, body } = article;
    const key = `${data.date}\n${data.title}`;
    const first = titles.get(key);
    if (first) {
      problems.push({ file, field: 'title', message: `expected a title not used twice on ${data.date}, got the title of ${first}` });
    } else {
      titles.set(key, path);
    }
    if (data.date > today) {
      problems.push({ file, field: 'date', message: `expected a date not after today (${today}), got ${data.date}` });
    }
    for (const [pattern, what] of DANGEROUS_HTML) {
      const match = pattern.exec(body);
      if (match) {
        const line = article.bodyLine + lineOf(body, match.index) - 1;
        problems.push({
          file,
          field: '(body)',
          message: `expected plain text, got ${what} at line ${line} (write it as text, e.g. &lt;script&gt;)`,
        });
      }
    }
  }
  return problems;
}
