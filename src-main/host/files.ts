/**
 * Starlark files on disk, for the commands that run a file (`starling exec`, `starling dap`):
 * reading one with Go's wording of failures, and load() of files relative to the loading file.
 */
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LoadedModule } from './host';

const fsReasons: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EISDIR: 'is a directory',
  ENOTDIR: 'not a directory',
};

/** A source file's text; a failure reads as Go's ("open x.star: no such file or directory"). */
export function readStarlarkFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as { code?: string }).code ?? '';
    throw new Error(`open ${path}: ${fsReasons[code] ?? (e as Error).message}`);
  }
}

/** load() of a file relative to the file that loads it (RunRequest.load). */
export function loadRelative(module: string, from: string): LoadedModule {
  const path = join(dirname(from), module);
  return { path, source: readStarlarkFile(path) };
}
