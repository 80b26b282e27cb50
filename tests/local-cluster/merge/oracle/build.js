// Builds the merge oracle (kube-apiserver's field manager, Kubernetes 1.37.2, behind a small
// command) into a cache outside the clone, keyed by a hash of this folder's sources and the Go
// toolchain, so it is rebuilt only when one of them changes. Used by the merge comparison tests
// and `.ci/run`.
//
//   node tests/local-cluster/merge/oracle/build.js      prints the path of the built binary
//
// Plain JavaScript, so it runs without a TypeScript loader.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

function sourceHash() {
  const hash = createHash('sha256');
  hash.update(execFileSync('go', ['version'], { encoding: 'utf8' }));
  const files = readdirSync(here).filter((f) => /\.go$|^go\.(mod|sum)$/.test(f));
  for (const f of files.sort()) hash.update(`${f}\0`).update(readFileSync(join(here, f)));
  return hash.digest('hex').slice(0, 16);
}

/** Builds the oracle if its sources changed since the cached build; returns the binary's path. */
export function buildOracle() {
  const dir = join(
    process.env.STARLING_CACHE || join(homedir(), '.cache', 'starling'),
    'merge-oracle',
  );
  const binary = join(dir, `merge-oracle-${sourceHash()}`);
  if (existsSync(binary)) return binary;
  mkdirSync(dir, { recursive: true });
  const tmp = `${binary}.${process.pid}.tmp`;
  execFileSync('nice', ['-n', '10', 'go', 'build', '-trimpath', '-o', tmp, '.'], {
    cwd: here,
    stdio: 'inherit',
  });
  renameSync(tmp, binary);
  return binary;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  process.stdout.write(`${buildOracle()}\n`);
}
