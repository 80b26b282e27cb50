import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Starling checkout or package this code runs from (the folder with its package.json). */
export function packageRoot(from = fileURLToPath(import.meta.url)): string {
  let dir = dirname(from);
  while (true) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'starling')
          return dir;
      } catch {
        // not ours; keep looking
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the Starling package this code belongs to');
    dir = parent;
  }
}

/** Where `starling web` keeps its settings: $STARLING_HOME, else ~/.config/starling. */
export function webDataDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env['STARLING_HOME']) return env['STARLING_HOME'];
  return join(env['XDG_CONFIG_HOME'] || join(homedir(), '.config'), 'starling');
}
