/**
 * Astro integration: the search index (`search-index-writer.ts`), written by a process of its own
 * (`search-index-process.ts`) rather than Astro's, which by the end of a build holds the whole site.
 *
 * The process starts as the build is set up, loading its code while the articles are validated, and is
 * given them once they are, to plan the shards and to begin with shards guessed from their sources
 * while Astro syncs its content and bundles the site
 * (`search-guess.ts`). Astro's prerenderer is wrapped so that each article page's HTML is handed to
 * the process as soon as it is rendered; a shard whose pages are all in is written while Astro renders
 * the rest, with the processor time Astro leaves. Once the build is done, the process writes the shards
 * still missing (those of pages left in place by an incremental build, for one) and puts them into
 * `<dist>/pagefind/`, while the integrations placed between this one's two halves do their part of the
 * build's end.
 */
import type { AstroIntegration, AstroPrerenderer } from 'astro';
import type { ChildProcess } from 'node:child_process';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { articleIdFromPagePath } from '../lib/urls';
import { forkForAnswer } from './child-job.mjs';
import type { IndexReport, PlannedArticle } from './search-index-writer';
import { PAGEFIND_FORMAT } from './search-meta';

/** What Astro's prerenderer gives for a page. */
type AstroPrerenderResult = Awaited<ReturnType<AstroPrerenderer['render']>>;

/** What the index process is sent, in this order (see `search-index-process.ts`). */
export type IndexMessage =
  | { type: 'begin'; cacheDir: string; outDir: string; articles: PlannedArticle[] }
  | { type: 'page'; path: string; html: Uint8Array }
  | { type: 'end'; outDir: string; paths: string[] };

/** Its one answer, after `end`. */
export type IndexAnswer = { report: IndexReport; error?: undefined } | { error: string };

const INDEX_PROCESS = fileURLToPath(new URL('./search-index-process.ts', import.meta.url));

/** The index process's scheduling priority (`nice`): below Astro's, whose rendering is what a build waits for. */
const INDEX_NICENESS = 10;

/**
 * The most young-generation space the index process's heap takes, in MB for each of its semi-spaces
 * (V8's default is 16 on 64-bit machines). Most of what the index makes lives as long as its shard
 * (records, words, places), and each scavenge copies what lives: with larger semi-spaces there are
 * fewer. At 10,000 bulletins, 150 scavenges in 3.4 s of the process's time against 506–521 in
 * 4.6–5.7 s (docs/performance.md, "Twenty-third session"). The young generation may then take up to
 * about 150 MB more of the process's memory (V8 sizes it at three semi-spaces).
 */
const INDEX_SEMI_SPACE_MB = 64;

/** The index process, seen from Astro's. */
class IndexProcess {
  readonly #child: ChildProcess;
  readonly #answer: Promise<IndexAnswer>;
  #begun = false;

  /**
   * Starts the process, which loads its code meanwhile; {@link begin} then gives it its work. A process
   * never begun (the article check failed, say) waits for its channel to close, as Astro's process ends.
   */
  constructor() {
    const { child, answer } = forkForAnswer<IndexAnswer>(INDEX_PROCESS, 'the search index process', {
      execArgv: [`--max-semi-space-size=${INDEX_SEMI_SPACE_MB}`, '--import', import.meta.resolve('tsx')],
    });
    this.#child = child;
    this.#answer = answer;
    // The build waits for every page Astro renders; the index can wait. So the index takes the
    // processor time Astro leaves (its Pagefind processes too: they inherit the priority), and has
    // every core once the pages are done (docs/performance.md, "The index below Astro").
    try {
      if (child.pid !== undefined) setPriority(child.pid, INDEX_NICENESS);
    } catch {
      // Where the priority cannot be set (the process already ended, say), the index runs beside Astro.
    }
    // Until the end it must not keep Astro's process alive: should the build fail, Astro ends, and
    // the index process with it (it exits when its channel closes).
    this.#child.unref();
    this.#child.channel?.unref();
    // Awaited by finish(); this only keeps an early end from counting as unhandled meanwhile.
    this.#answer.catch(() => {});
  }

  /** Begins the index in `outDir`, with its cache in `cacheDir`, from `articles`; once only. */
  begin(cacheDir: string, outDir: string, articles: PlannedArticle[]): this {
    if (!this.#begun) this.#send({ type: 'begin', cacheDir, outDir, articles });
    this.#begun = true;
    return this;
  }

  /** Sends `message`; if the process has ended, finish() reports why. */
  #send(message: IndexMessage): void {
    this.#child.send(message, () => {});
  }

  /** Hands over the HTML of the page at `path` (`articles/<id>/`) as Astro rendered it. */
  page(path: string, html: Uint8Array): void {
    this.#send({ type: 'page', path, html });
  }

  /**
   * Once every page of the build (`paths`) is written into `outDir`: asks for the rest of the index,
   * without waiting for it (nor keeping Astro's process alive for it, should the build fail meanwhile).
   */
  askForRest(outDir: string, paths: string[]): void {
    this.#send({ type: 'end', outDir, paths });
  }

  /** Waits for the rest of the index (asked for by {@link askForRest}), and reports. */
  async report(): Promise<IndexReport> {
    this.#child.ref();
    this.#child.channel?.ref();
    const answer = await this.#answer;
    if (answer.error !== undefined) throw new Error(answer.error);
    return answer.report;
  }
}

/** A page's path within the site (`articles/<id>/`), from its URL path under `base`; undefined outside it. */
function pathInSite(pathname: string, base: string): string | undefined {
  const root = base.endsWith('/') ? base : `${base}/`;
  return pathname.startsWith(root) ? decodeURI(pathname.slice(root.length)) : undefined;
}

/**
 * Astro's prerenderer, also handing each article page's HTML to `index` as it is rendered: the very
 * bytes Astro then writes. (The site has no adapter, whose own prerenderer this would not wrap.)
 */
export function handingOver(astro: AstroPrerenderer, base: string, index: Pick<IndexProcess, 'page'>): AstroPrerenderer {
  return {
    ...astro,
    async render(request, options) {
      const rendered = await handOver(await astro.render(request, options), request, base, index);
      // A turn of this process's event loop after every page, for the pages handed over to go out.
      // Astro hands its pages to a writer thread without waiting (patches/astro+7.3.5.patch), so
      // rendering never waits for the event loop otherwise, and the pages sent would wait here until
      // the pages were done, or (with a turn after article pages only) until the next article page: at
      // 10,000 bulletins, half of them were handed over in the last 2 s of 20, after the listing pages
      // rendered meanwhile.
      await nextTurn();
      return rendered;
    },
  };
}

/**
 * Where the patch to Astro (patches/astro+7.3.5.patch) puts, on the `Response` of a page rendered
 * whole, the bytes of its body: Astro's build writes them without reading the body back, and so does
 * {@link handOver}.
 */
export const RENDERED_BYTES = Symbol.for('court-archive.renderedBytes');

/** The bytes of `response`'s body as Astro rendered them, when Astro gives them (see {@link RENDERED_BYTES}). */
export function renderedBytes(response: Response): Uint8Array | undefined {
  return (response as Response & { [RENDERED_BYTES]?: Uint8Array })[RENDERED_BYTES];
}

/**
 * Hands `rendered` to `index` if it is an article page, and gives it back: the same response when Astro
 * gave the bytes of its body, a copy otherwise (its body read).
 */
async function handOver(rendered: AstroPrerenderResult, request: Request, base: string, index: Pick<IndexProcess, 'page'>): Promise<AstroPrerenderResult> {
  const response = rendered instanceof Response ? rendered : rendered.response;
  const path = pathInSite(new URL(request.url).pathname, base);
  if (response.status !== 200 || path === undefined || articleIdFromPagePath(path) === undefined) return rendered;
  const bytes = renderedBytes(response);
  if (bytes !== undefined) {
    index.page(path, bytes);
    return rendered;
  }
  const html = new Uint8Array(await response.arrayBuffer());
  index.page(path, html);
  const copy = new Response(html, { status: response.status, statusText: response.statusText, headers: response.headers });
  return rendered instanceof Response ? copy : { ...rendered, response: copy };
}

/** The two halves of the search index integration, placed apart in the configuration. */
export interface SearchIndexIntegrations {
  /** Starts the index process as the build is set up, begins it once the articles are validated, hands it the pages, and asks for the rest once they are done. */
  begin: AstroIntegration;
  /** Waits for the index and reports it: last, so that the integrations between run meanwhile. */
  end: AstroIntegration;
}

/**
 * The integration; `SEARCH_INDEX=off` leaves it out (see astro.config.mjs). `articles` gives the
 * articles validated before the build (`validate-content.ts`), from which the shards are planned while
 * the pages are rendered. Astro runs the integrations' `astro:build:done` hooks one after another, in
 * the configuration's order: `begin` sends the index process the final list of pages without waiting
 * for it, so the integrations placed between `begin` and `end` (the sitemap, pruning the output folder;
 * none of which touches `pagefind/`) run while the index writes what is left, rather than after it.
 */
export function searchIndex(articles: () => readonly PlannedArticle[]): SearchIndexIntegrations {
  let cacheDir = '';
  let outDir = '';
  let base = '/';
  let building = false;
  let index: IndexProcess | undefined;
  /** When `begin` asked for the rest of the index. */
  let askedAt: number | undefined;
  const begin: AstroIntegration = {
    name: 'court-archive:search-index',
    hooks: {
      'astro:config:setup': ({ command }) => {
        building = command === 'build';
        // Started first, so that it loads its code (about 1.5 s of processor time) while the articles
        // are validated, when Astro's process keeps one core busy and the other has nothing to do.
        if (building) index = new IndexProcess();
      },
      'astro:config:done': ({ config }) => {
        cacheDir = join(fileURLToPath(config.cacheDir), 'search-index');
        outDir = fileURLToPath(config.outDir);
        base = config.base;
        // As soon as the articles are validated: the index begins from their sources while Astro
        // syncs its content and bundles the site.
        if (building) index?.begin(cacheDir, outDir, [...articles()]);
      },
      'astro:build:start': ({ setPrerenderer }) => {
        const indexing = (index ??= new IndexProcess()).begin(cacheDir, outDir, [...articles()]);
        setPrerenderer((astro) => handingOver(astro, base, indexing));
      },
      'astro:build:done': ({ dir, pages }) => {
        askedAt = performance.now();
        index = (index ?? new IndexProcess()).begin(cacheDir, fileURLToPath(dir), []);
        index.askForRest(fileURLToPath(dir), pages.map((p) => p.pathname));
      },
    },
  };
  const end: AstroIntegration = {
    name: 'court-archive:search-index-done',
    hooks: {
      'astro:build:done': async ({ logger }) => {
        if (index === undefined || askedAt === undefined) {
          throw new Error('the search index was never asked for: its `begin` integration must come before `end`');
        }
        const report = await index.report();
        const seconds = ((performance.now() - askedAt) / 1000).toFixed(1);
        logger.info(
          `indexed ${report.pages} article page(s) for search in ${seconds} s after the pages: ${report.shards} shard(s), ` +
            `${report.built.length} built (${report.built.join(', ') || 'none'}), ${report.reused.length} reused from the cache; ` +
            `${report.builtEarly.length} of those built while the pages were rendered, from the ${report.handedOver} page(s) handed over as rendered; ` +
            `${report.guessed.length} from the Markdown sources before their pages were rendered (${report.guessedWrong} guessed wrong and written again)`,
        );
        if (report.byPagefind.length > 0) {
          // A warning: every shard goes this way once Pagefind is another version, and the build then takes
          // 28–30 % more processor time (docs/performance.md, "Nineteenth session").
          logger.warn(
            `the search index of ${report.byPagefind.join(', ')} was written by Pagefind, which takes longer: ` +
              `a bulletin holds words or facts the site does not foresee, or Pagefind is not version ${PAGEFIND_FORMAT} ` +
              '(see src/integrations/search-chunks.ts and search-meta.ts)',
          );
        }
        if (report.namedOtherwise.length > 0) {
          logger.warn(
            `Pagefind named the result fragments or index chunks of ${report.namedOtherwise.join(', ')} otherwise than expected, so each of those shards was written twice; ` +
              'see src/integrations/search-fragments.ts and search-chunks.ts',
          );
        }
      },
    },
  };
  return { begin, end };
}
