/**
 * Where a host worker's code comes from. Built code (the CLI under out/cli, the Electron app)
 * has `host-worker.js` beside its entry point or one folder up from the chunk this file was
 * bundled into. Code running from TypeScript sources (vitest, tsx) has no built worker: the
 * worker's entry is bundled with esbuild (a dev dependency) into a cache keyed by the sources'
 * sizes and modification times, so the bundle is made once and reused until a source changes.
 * A worker with extensions (worker/start.ts) is another entry found and bundled the same way.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Where a worker entry's code is found, built or from source. */
export interface WorkerEntry {
  /** The built file, beside the built entry point or one folder up: `host-worker.js`. */
  readonly builtName: string;
  /** `import.meta.url` of a module bundled beside the built worker (where to look for it). */
  readonly here: string;
  /** The entry's TypeScript source, bundled when running from sources. */
  readonly source: string;
  /** Folders whose .ts files the bundle is made of (their sizes and mtimes key the cache). */
  readonly sourceDirs: readonly string[];
}

const hostDir = dirname(fileURLToPath(import.meta.url));

const fromSource = new Map<string, Promise<URL>>();

/** The host's own worker: runs with the builtins the host gives (no worker extensions). */
export function defaultWorkerScript(): Promise<URL> {
  return workerScript({
    builtName: 'host-worker.js',
    here: import.meta.url,
    source: join(hostDir, 'worker/main.ts'),
    sourceDirs: [hostDir, join(hostDir, '../starlark'), join(hostDir, '../util')],
  });
}

/**
 * A worker entry's script: beside the built code, or bundled from the sources (for workers with
 * extensions of their own, e.g. the reconciler's: see worker/start.ts).
 */
export function workerScript(entry: WorkerEntry): Promise<URL> {
  if (!entry.here.endsWith('.ts')) {
    for (const rel of [`./${entry.builtName}`, `../${entry.builtName}`]) {
      const url = new URL(rel, entry.here);
      if (existsSync(url)) return Promise.resolve(url);
    }
    return Promise.reject(
      new Error(
        `${entry.builtName} not found beside ${fileURLToPath(entry.here)} (pass workerScript to StarlarkHost)`,
      ),
    );
  }
  let bundle = fromSource.get(entry.source);
  if (bundle === undefined) {
    bundle = bundleFromSource(entry);
    fromSource.set(entry.source, bundle);
  }
  return bundle;
}

async function bundleFromSource(entry: WorkerEntry): Promise<URL> {
  const hash = createHash('sha256');
  hash.update(`${entry.source}\n`);
  for (const dir of entry.sourceDirs)
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
      entryPoints: [entry.source],
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
