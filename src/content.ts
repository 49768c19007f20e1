/** The only module that reads the article collection: pages ask it for ready, sorted, grouped lists. */
import { getContainerRenderer as getMdxRenderer } from '@astrojs/mdx/container-renderer';
import { experimental_AstroContainer } from 'astro/container';
import { loadRenderers } from 'astro:container';
import { getCollection, render, type CollectionEntry } from 'astro:content';
import Figure from './components/Figure.astro';
import {
  groupByCourt,
  groupByPerson,
  groupByStage,
  groupByTask,
  groupByYearAndMonth,
  sortNewestFirst,
} from './lib/archive';
import { relatedArticles } from './lib/related';
import type { ArticleData } from './schema/article';

/** A bulletin as pages use it: its validated frontmatter and its id. */
export interface Article extends ArticleData {
  id: string;
}

/** The whole archive, read once per build and shared by every page. */
export interface Archive {
  /** Newest first. */
  articles: Article[];
  /** Oldest first, for previous/next navigation. */
  oldestFirst: Article[];
  /** Position of each article in `oldestFirst`. */
  indexById: Map<string, number>;
  /** Each article's source digest (Astro's, of the whole file), which changes with its text. */
  digests: Map<string, string>;
  related: Map<string, Article[]>;
  years: ReturnType<typeof groupByYearAndMonth<Article>>;
  courts: ReturnType<typeof groupByCourt<Article>>;
  tasks: ReturnType<typeof groupByTask<Article>>;
  stages: ReturnType<typeof groupByStage<Article>>;
  people: ReturnType<typeof groupByPerson<Article>>;
}

let entries: Map<string, CollectionEntry<'articles'>> | undefined;
let archive: Promise<Archive> | undefined;

/** The archive, loaded on first use. Drafts are left out of production builds. */
export function getArchive(): Promise<Archive> {
  archive ??= load();
  return archive;
}

async function load(): Promise<Archive> {
  const collection = await getCollection('articles', (entry) => !(import.meta.env.PROD && entry.data.draft));
  entries = new Map(collection.map((entry) => [entry.id, entry]));
  const articles = sortNewestFirst(collection.map((entry): Article => ({ ...entry.data, id: entry.id })));
  const oldestFirst = [...articles].reverse();
  return {
    articles,
    oldestFirst,
    indexById: new Map(oldestFirst.map((article, index) => [article.id, index])),
    digests: new Map(collection.map((entry) => [entry.id, String(entry.digest ?? '')])),
    related: relatedArticles(articles),
    years: groupByYearAndMonth(articles),
    courts: groupByCourt(articles),
    tasks: groupByTask(articles),
    stages: groupByStage(articles),
    people: groupByPerson(articles),
  };
}

/** Renders an article's body (Markdown or MDX) to a component plus its headings. */
export async function renderArticle(id: string) {
  await getArchive();
  const entry = entries?.get(id);
  if (!entry) throw new Error(`no article with id ${id}`);
  return render(entry);
}

let container: Promise<experimental_AstroContainer> | undefined;

/** An article's body as an HTML string (for the feed), rendered with the same components as its page. */
export async function renderArticleHtml(id: string): Promise<string> {
  container ??= loadRenderers([getMdxRenderer()]).then((renderers) => experimental_AstroContainer.create({ renderers }));
  const { Content } = await renderArticle(id);
  return (await container).renderToString(Content, { props: { components: { Figure } } });
}
