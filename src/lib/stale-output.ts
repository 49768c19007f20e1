/**
 * Which files of an output folder a build left over from earlier builds. The build keeps its output
 * folder (so Astro's incremental build can leave unchanged pages where they are instead of deleting and
 * copying back every file), and removes the rest afterwards: pages no longer built, old assets.
 */

/**
 * A file of the output folder: its path relative to the folder, with `/`, and when its inode last
 * changed (ctime: set when the file is made or written, even by a copy that keeps the source's mtime, as
 * copies do on macOS and Windows).
 */
export interface OutputFile {
  path: string;
  changedMs: number;
}

/**
 * The files that are neither an output of this build (`built`, relative paths) nor changed since it
 * started (`since`, ms, read off a file made then, so on the same clock), nor one of the `kept` paths
 * (relative; a path ending in `/` keeps that folder), which other steps of the build manage themselves.
 */
export function staleFiles(files: readonly OutputFile[], built: ReadonlySet<string>, since: number, kept: readonly string[] = []): string[] {
  return files.filter((file) => isUnlisted(file.path, built, kept) && file.changedMs < since).map((file) => file.path);
}

/**
 * Whether `path` is neither an output of this build nor one of `kept` (or inside one of its folders,
 * those ending in `/`): only such files can be stale, and only their times need reading.
 */
export function isUnlisted(path: string, built: ReadonlySet<string>, kept: readonly string[]): boolean {
  return !built.has(path) && !kept.some((entry) => (entry.endsWith('/') ? path.startsWith(entry) : path === entry));
}
