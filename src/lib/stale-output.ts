/**
 * Which files of an output folder a build left over from earlier builds. The build keeps its output
 * folder (so Astro's incremental build can leave unchanged pages where they are instead of deleting and
 * copying back every file), and removes the rest afterwards: pages no longer built, old assets.
 */

/** A file of the output folder: its path relative to the folder, with `/`, and when it was last written. */
export interface OutputFile {
  path: string;
  mtimeMs: number;
}

/**
 * The files that are neither an output of this build (`built`, relative paths) nor written since it
 * started (`since`, ms), nor inside one of the `kept` folders (relative, ending in `/`), which other
 * steps of the build manage themselves.
 */
export function staleFiles(files: readonly OutputFile[], built: ReadonlySet<string>, since: number, kept: readonly string[] = []): string[] {
  return files
    .filter((file) => !built.has(file.path) && file.mtimeMs < since && !kept.some((folder) => file.path.startsWith(folder)))
    .map((file) => file.path);
}
