/** Where the article files live: `content/` by default, or the folder named by `CONTENT_DIR`. */
import { isAbsolute, resolve } from 'node:path';

/** The folder used when `CONTENT_DIR` is not set, relative to the project root. */
export const DEFAULT_CONTENT_DIR = 'content';

/** The absolute content folder for `env.CONTENT_DIR` (absolute, or relative to `cwd`). */
export function resolveContentDir(env: Readonly<Record<string, string | undefined>>, cwd: string): string {
  const dir = env['CONTENT_DIR']?.trim() || DEFAULT_CONTENT_DIR;
  return isAbsolute(dir) ? dir : resolve(cwd, dir);
}
