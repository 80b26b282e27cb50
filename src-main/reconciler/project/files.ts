import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/** The files directly in a folder (sorted by name), or none when the folder does not exist. */
export async function filesIn(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isFile() || e.isSymbolicLink())
      .map((e) => e.name)
      .sort();
  } catch (e) {
    if (isMissing(e)) return [];
    throw e;
  }
}

/** The folders directly in a folder (sorted by name), leaving out hidden ones. */
export async function foldersIn(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((e) => e.isDirectory() && !e.name.startsWith('.'))
      .map((e) => e.name)
      .sort();
  } catch (e) {
    if (isMissing(e)) return [];
    throw e;
  }
}

export function isYamlFile(name: string): boolean {
  return name.endsWith('.yaml') || name.endsWith('.yml');
}

export async function readText(path: string): Promise<string> {
  return readFile(path, 'utf8');
}

export function isMissing(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

export { join };
