/** Writes an imported bulletin as a Markdown article file whose body can only ever render as the text it was. */
import yaml from 'js-yaml';
import type { ArticleFrontmatter } from '../../schema/article';

/**
 * One paragraph of outside text, escaped so that Markdown shows it literally: no HTML, no links, no
 * emphasis, no list or heading, no entity. (Imported bulletins are plain `.md`, so no MDX or JSX runs.)
 */
export function escapeParagraph(text: string): string {
  const escaped = text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]{}|~!#])/g, '\\$1');
  // Line-start syntax: headings, quotes, lists, thematic breaks, numbered lists.
  return escaped.replace(/^([-+=])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

/** The whole file: YAML frontmatter (keys in schema order), a blank line, then the paragraphs. */
export function articleFile(frontmatter: ArticleFrontmatter, paragraphs: readonly string[]): string {
  const head = yaml.dump(frontmatter, { lineWidth: -1, quotingType: "'", noCompatMode: true });
  return `---\n${head}---\n\n${paragraphs.map(escapeParagraph).join('\n\n')}\n`;
}
