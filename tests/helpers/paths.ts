/** Paths shared by the tests. */
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURE_ARCHIVE = fileURLToPath(new URL('../fixtures/archive/', import.meta.url));
export const CONTENT = fileURLToPath(new URL('../../content/', import.meta.url));
export const SEED_ARTICLE = fileURLToPath(new URL('../../content/2021/2021-03-05-e6e5bdee.md', import.meta.url));
/** The raw seed text, beside the project (see DEVELOPERS.md). */
export const SEED_TEXT = fileURLToPath(new URL('../../../shared/seed/000_37dc8f129976f0a0.txt', import.meta.url));
