/**
 * Where a host worker's code comes from. Built code (the CLI under out/cli, the Electron app)
 * has `host-worker.js` beside its entry point or one folder up from the chunk this file was
 * bundled into. Code running from TypeScript sources (vitest, tsx) has no built worker: the
 * worker's entry is bundled with esbuild (a dev dependency) into a cache keyed by the sources'
 * sizes and modification times, so the bundle is made once and reused until a source changes.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const builtName = 'host-worker.js';

let fromSource: Promise<URL> | undefined;

/** The worker script of this build: beside the built code, or bundled from the sources. */
export function defaultWorkerScript(): Promise<URL> {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) {
    for (const rel of [`./${builtName}`, `../${builtName}`]) {
      const url = new URL(rel, here);
      if (existsSync(url)) return Promise.resolve(url);
    }
    return Promise.reject(
      new Error(
        `${builtName} not found beside ${fileURLToPath(here)} (pass workerScript to StarlarkHost)`,
      ),
    );
  }
  fromSource ??= bundleFromSource();
  return fromSource;
}

async function bundleFromSource(): Promise<URL> {
  const hostDir = dirname(fileURLToPath(import.meta.url));
  const sources = [hostDir, join(hostDir, '../starlark')];
  const hash = createHash('sha256');
  for (const dir of sources)
    for (const file of tsFiles(dir)) {
      const st = statSync(file);
      hash.update(`${file}\0${st.size}\0${st.mtimeMs}\n`);
    }
  const key = hash.digest('hex').slice(0, 16);
  const cache = join(
    process.env.STARLING_CACHE ?? join(homedir(), '.cache/starling'),
    'host-worker',
  );
  const out = join(cache, `${key}.mjs`);
  if (!existsSync(out)) {
    mkdirSync(cache, { recursive: true });
    const { build } = await import('esbuild');
    const tmp = `${out}.${process.pid}.tmp`;
    await build({
      entryPoints: [join(hostDir, 'worker/main.ts')],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outfile: tmp,
      sourcemap: 'inline',
      logLevel: 'error',
    });
    renameSync(tmp, out); // atomic: parallel test processes never load a half-written file
  }
  return pathToFileURL(out);
}

function* tsFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* tsFiles(path);
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) yield path;
  }
}
