import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { goStarlarkVersion } from '../../starlark/index';

/**
 * go.starlark.net's own source tree in the Go module cache, at the version the engine
 * reproduces. `starling test` reads its starlarktest/assert.star at run time (nothing of
 * go.starlark.net is shipped or committed). Found in $GOMODCACHE (or ~/go/pkg/mod) when it is
 * there, else downloaded with `go mod download`.
 */
export function goStarlarkDir(): string {
  const module = `go.starlark.net@${goStarlarkVersion}`;
  const cache =
    process.env['GOMODCACHE'] || join(process.env['GOPATH'] || join(homedir(), 'go'), 'pkg/mod');
  const known = join(cache, module);
  if (existsSync(join(known, 'starlarktest/assert.star'))) return known;
  try {
    const out = execFileSync('go', ['mod', 'download', '-json', module], {
      cwd: tmpdir(),
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const dir = (JSON.parse(out) as { Dir?: string }).Dir;
    if (dir) return dir;
  } catch {
    // reported below
  }
  throw new Error(
    `go.starlark.net ${goStarlarkVersion} is not in the Go module cache; ` +
      `run \`go mod download ${module}\` (Go is needed for exec-mode tests that load assert.star)`,
  );
}

let assertSource: string | undefined;

/** The text of go.starlark.net's starlarktest/assert.star. */
export function assertStarSource(): string {
  return (assertSource ??= readFileSync(join(goStarlarkDir(), 'starlarktest/assert.star'), 'utf8'));
}
