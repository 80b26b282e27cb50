import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIO } from './io';
import { main } from './starling';

const dir = mkdtempSync(join(tmpdir(), 'starling-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function capture(): CliIO & { out: string; err: string } {
  const io = {
    out: '',
    err: '',
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
  };
  return io;
}

function project(name: string, files: Record<string, string>): string {
  const root = join(dir, name);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

const config = `metadata: {name: a}
spec:
  for: {group: "", version: v1, kind: ConfigMap, selector: {}}
`;

describe('starling check', { timeout: 60_000 }, () => {
  it('prints nothing but a summary for a project without problems, and exits 0', async () => {
    const root = project('fine', {
      'reconcilers/a/config.yaml': config,
      'reconcilers/a/a.star':
        'def reconcile(self):\n    return reconcile_result(self, False, 0, "", False)\n',
    });
    const io = capture();
    expect(await main(['check', root], io)).toBe(0);
    expect(io.out).toBe('');
    expect(io.err).toBe(
      `${root}: 1 reconciler, 0 libraries, 0 CRDs, 0 inputs; 0 errors, 0 warnings\n`,
    );
  });

  it('prints errors and warnings with file:line:col and hints, and exits 1', async () => {
    const root = project('broken', {
      'reconcilers/a/config.yaml': config,
      'reconcilers/a/a.star':
        'def reconcile(self):\n    return reconcile_result(self, False, 0, err_msg="", fatal=False)\n\nx = nope\n',
    });
    const io = capture();
    expect(await main(['check', root], io)).toBe(1);
    // Outside the working directory, paths stay absolute (formatProblem's tests show relative ones).
    const file = join(root, 'reconcilers/a/a.star');
    expect(io.out.split('\n')).toEqual([
      `${file}:2:45: warning: reconcile_result has no parameter err_msg in Choreo (it is msg): Choreo fails this call; Starling reads it as msg`,
      '  hint: write msg= instead of err_msg=',
      `${file}:4:5: error: undefined: nope`,
      expect.stringMatching(
        /^ {2}hint: a reconciler sees the Starlark universe, the reconcile builtins/,
      ),
      '',
    ]);
    expect(io.err).toMatch(/; 1 error, 1 warning\n$/);
  });

  it('warnings alone exit 0 and are printed', async () => {
    const root = project('warned', {
      'reconcilers/a/config.yaml': config,
      'reconcilers/a/a.star':
        'def reconcile(self):\n    return reconcile_result(self, False, 0, "", False, 1)\n',
    });
    const io = capture();
    expect(await main(['check', root], io)).toBe(0);
    expect(io.out).toMatch(/^.*a\.star:2:12: warning: reconcile_result takes 5 arguments/);
  });

  it('a wrong command line is a usage error (exit 2)', async () => {
    const io = capture();
    expect(await main(['check'], io)).toBe(2);
    expect(io.err).toContain('give one project folder');
    expect(await main(['check', '--nope', 'x'], capture())).toBe(2);
  });
});
