import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve, sep } from 'node:path';
import ts from 'typescript';

/**
 * The one-way imports between Starling's parts (docs/ARCHITECTURE.md draws them). A part may
 * import itself and the parts listed here, nothing else of the project.
 */
export const allowedImports: Record<Part, readonly Part[]> = {
  util: [],
  contract: [],
  starlark: ['util'],
  host: ['starlark', 'contract', 'util'],
  cluster: ['contract', 'util'],
  reconciler: ['host', 'starlark', 'cluster', 'contract', 'util'],
  app: ['reconciler', 'host', 'starlark', 'cluster', 'contract', 'util'],
  cli: ['app', 'reconciler', 'host', 'starlark', 'cluster', 'contract', 'util'],
  renderer: ['contract'],
};

export type Part =
  'util' | 'contract' | 'starlark' | 'host' | 'cluster' | 'reconciler' | 'app' | 'cli' | 'renderer';

/**
 * Inside the engine, one stage per folder, each importing only earlier stages (files directly in
 * src-main/starlark/ are the embedding API and may import every stage; no stage imports them).
 * runtime comes before compile because compiled closures call the runtime's operations, while the
 * runtime reaches compiled code only through values' own methods. debug (breakpoints, stepping,
 * evaluate-in-frame) comes last: it compiles expressions and reads compiled frames.
 */
export const starlarkStages = ['syntax', 'resolve', 'runtime', 'lib', 'compile', 'debug'] as const;

/**
 * The engine's public entries, the only files of src-main/starlark other parts may import: the
 * embedding API (index.ts), the `proto` module (proto.ts, apart so that hosts without it do not
 * bundle it) and the debugger's API (debug/index.ts, for the host's debug sessions). Everything
 * else is the engine's own, free to change with its stages.
 */
export const starlarkEntries = ['index', 'proto', 'debug/index'] as const;

/** Parts that must run anywhere (renderer, workers): no Node built-ins, no Electron. */
const portableParts: ReadonlySet<Part> = new Set(['util', 'starlark', 'contract', 'renderer']);
/** Parts that may not use npm packages at all: the engine, and util, which the engine uses. */
const selfContainedParts: ReadonlySet<Part> = new Set(['util', 'starlark']);
/** Only the Electron shell may import Electron. */
const electronParts: ReadonlySet<Part> = new Set(['app']);

export interface Violation {
  file: string;
  specifier: string;
  message: string;
}

const root = resolve(import.meta.dirname, '../..');
const nodeBuiltins = new Set(builtinModules);

/** The part a project file belongs to, or undefined for files outside the parts (tests, configs). */
export function partOf(file: string): Part | undefined {
  const rel = relative(root, resolve(root, file)).split(sep);
  if (rel[0] === 'src-renderer') return 'renderer';
  // `src-main/<part>` alone is the part's folder, imported through its index.ts.
  if (rel[0] === 'src-main' && rel.length >= 2) {
    const part = rel[1] as Part;
    if (part in allowedImports) return part;
  }
  return undefined;
}

function scriptOf(file: string, source: string): string {
  if (!file.endsWith('.svelte')) return source;
  return [...source.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
}

/** Every module specifier a file imports, re-exports or imports dynamically. */
export function importsOf(file: string, source: string): string[] {
  const info = ts.preProcessFile(scriptOf(file, source), true, true);
  return info.importedFiles.map((f) => f.fileName);
}

function isTestFile(file: string): boolean {
  return /\.test\.ts$/.test(file);
}

/** Checks one file's imports against the rules. `file` is relative to the repository root. */
export function checkFile(file: string, source: string): Violation[] {
  const from = partOf(file);
  if (!from) return [];
  const violations: Violation[] = [];
  const testFile = isTestFile(file);
  for (const specifier of importsOf(file, source)) {
    const report = (message: string) => violations.push({ file, specifier, message });
    if (specifier.startsWith('.')) {
      const target = resolve(root, dirname(file), specifier);
      const to = partOf(relative(root, target));
      if (!to) {
        // Static assets (the app icon under resources/) may be imported by the renderer.
        const asset = /^resources\/.*\.(svg|png|ico)$/.test(
          relative(root, target).split(sep).join('/'),
        );
        if (!relative(root, target).startsWith('..') && !(asset && from === 'renderer')) {
          report(`${from} imports ${relative(root, target)}, which belongs to no part`);
        }
      } else if (to !== from && !allowedImports[from].includes(to)) {
        report(
          `${from} must not import ${to} (allowed: ${allowedImports[from].join(', ') || 'nothing'})`,
        );
      } else if (to === 'starlark' && from !== 'starlark' && !isStarlarkEntry(target)) {
        const entries = starlarkEntries.map((e) => `starlark/${e}`).join(', ');
        report(
          `${from} must import the engine through its public entries (${entries}), not ${relative(root, target)}`,
        );
      } else if (from === 'starlark' && to === 'starlark') {
        const problem = checkStage(file, relative(root, target));
        if (problem) report(problem);
      }
      continue;
    }
    const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
    const isBuiltin = specifier.startsWith('node:') || nodeBuiltins.has(bare.split('/')[0] ?? '');
    if (testFile && (specifier === 'vitest' || isBuiltin)) continue;
    if (isBuiltin && portableParts.has(from)) {
      report(`${from} must run outside Node: it cannot import the Node built-in "${specifier}"`);
    } else if (specifier === 'electron' || specifier.startsWith('electron/')) {
      if (!electronParts.has(from)) report(`only app may import Electron, not ${from}`);
    } else if (!isBuiltin && selfContainedParts.has(from)) {
      report(`${from} is self-contained: it cannot import the package "${specifier}"`);
    }
  }
  return violations;
}

function isStarlarkEntry(target: string): boolean {
  const rel = relative(join(root, 'src-main/starlark'), target).split(sep).join('/');
  // A folder import (`../starlark`, `../starlark/debug`) means the folder's index.ts.
  const file = (rel === '' ? 'index' : rel).replace(/\.(ts|js)$/, '');
  return starlarkEntries.some((e) => file === e || `${file}/index` === e);
}

/** The engine stage of a file under src-main/starlark, or undefined for the top-level API files. */
function stageOf(file: string): string | undefined {
  const rel = relative(join(root, 'src-main/starlark'), resolve(root, file)).split(sep);
  return rel.length > 1 ? rel[0] : undefined;
}

function checkStage(fromFile: string, toFile: string): string | undefined {
  const from = stageOf(fromFile);
  const to = stageOf(toFile);
  if (from === undefined || from === to) return undefined;
  if (to === undefined) return `starlark/${from} must not import the engine's top-level API`;
  const order: readonly string[] = starlarkStages;
  const fi = order.indexOf(from);
  const ti = order.indexOf(to);
  if (fi < 0 || ti < 0)
    return `starlark/${fi < 0 ? from : to} is not a stage (${order.join(' → ')})`;
  if (ti > fi)
    return `starlark/${from} must not import the later stage starlark/${to} (${order.join(' → ')})`;
  return undefined;
}

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|svelte)$/.test(entry.name)) yield path;
  }
}

/** Checks every source file of src-main and src-renderer. */
export function checkTree(): Violation[] {
  const violations: Violation[] = [];
  for (const top of ['src-main', 'src-renderer']) {
    for (const path of sourceFiles(join(root, top))) {
      violations.push(...checkFile(relative(root, path), readFileSync(path, 'utf8')));
    }
  }
  return violations;
}
