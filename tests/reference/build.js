// Builds the Go reference interpreter (go.starlark.net at the version Choreo uses, behind
// Starling's command line) into a cache outside the clone, keyed by the go.starlark.net version
// and a hash of this folder's sources and the Go toolchain, so it is rebuilt only when one of
// them changes. Used by the differential tests, `npm run bench` and `.ci/run`.
//
//   node tests/reference/build.js      prints the path of the built binary
//
// Plain JavaScript, so it runs without a TypeScript loader.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/** The go.starlark.net version the reference requires (its go.mod is the source of truth). */
export function referenceVersion() {
  const goMod = readFileSync(join(here, 'go.mod'), 'utf8');
  const m = /go\.starlark\.net (v\S+)/.exec(goMod);
  if (!m) throw new Error(`${join(here, 'go.mod')}: no go.starlark.net requirement`);
  return m[1];
}

function cacheRoot() {
  return process.env.STARLING_CACHE || join(homedir(), '.cache', 'starling');
}

function sourceHash() {
  const hash = createHash('sha256');
  hash.update(execFileSync('go', ['version'], { cwd: here, encoding: 'utf8' }));
  const files = readdirSync(here).filter((f) => /\.go$|^go\.(mod|sum)$/.test(f));
  for (const f of files.sort()) hash.update(`${f}\0`).update(readFileSync(join(here, f)));
  return hash.digest('hex').slice(0, 16);
}

/** Builds the reference if its sources changed since the cached build; returns the binary's path. */
export function buildReference() {
  const dir = join(cacheRoot(), 'reference', referenceVersion());
  const binary = join(dir, `starlark-reference-${sourceHash()}`);
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const tmp = `${binary}.${process.pid}.tmp`;
  execFileSync('go', ['build', '-trimpath', '-o', tmp, '.'], { cwd: here, stdio: 'inherit' });
  renameSync(tmp, binary);
  return binary;
}

/** The directory of go.starlark.net's source in the Go module cache (downloaded if missing). */
export function goStarlarkDir() {
  const out = execFileSync(
    'go',
    ['mod', 'download', '-json', `go.starlark.net@${referenceVersion()}`],
    { cwd: here, encoding: 'utf8' },
  );
  const dir = JSON.parse(out).Dir;
  if (!dir) throw new Error(`go mod download go.starlark.net@${referenceVersion()}: no Dir`);
  return dir;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`${buildReference()}\n`);
}
