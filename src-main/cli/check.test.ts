import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, scratchFolder } from './cli-tests';

const { dir, write } = scratchFolder('check');

function project(name: string, files: Record<string, string>): string {
  for (const [path, text] of Object.entries(files)) write(join(name, path), text);
  return join(dir, name);
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
    const run = await runCli(['check', root]);
    expect(run.status).toBe(0);
    expect(run.out).toBe('');
    expect(run.err).toBe(
      `${root}: 1 reconciler, 0 libraries, 0 CRDs, 0 inputs; 0 errors, 0 warnings\n`,
    );
  });

  it('prints errors and warnings with file:line:col and hints, and exits 1', async () => {
    const root = project('broken', {
      'reconcilers/a/config.yaml': config,
      'reconcilers/a/a.star':
        'def reconcile(self):\n    return reconcile_result(self, False, 0, err_msg="", fatal=False)\n\nx = nope\n',
    });
    const run = await runCli(['check', root]);
    expect(run.status).toBe(1);
    // Outside the working directory, paths stay absolute (formatProblem's tests show relative ones).
    const file = join(root, 'reconcilers/a/a.star');
    expect(run.out.split('\n')).toEqual([
      `${file}:2:45: warning: reconcile_result has no parameter err_msg in Choreo (it is msg): Choreo fails this call; Starling reads it as msg`,
      '  hint: write msg= instead of err_msg=',
      `${file}:4:5: error: undefined: nope`,
      expect.stringMatching(
        /^ {2}hint: a reconciler sees the Starlark universe, the reconcile builtins/,
      ),
      '',
    ]);
    expect(run.err).toMatch(/; 1 error, 1 warning\n$/);
  });

  it('warnings alone exit 0 and are printed', async () => {
    const root = project('warned', {
      'reconcilers/a/config.yaml': config,
      'reconcilers/a/a.star':
        'def reconcile(self):\n    return reconcile_result(self, False, 0, "", False, 1)\n',
    });
    const run = await runCli(['check', root]);
    expect(run.status).toBe(0);
    expect(run.out).toMatch(/^.*a\.star:2:12: warning: reconcile_result takes 5 arguments/);
  });

  it('a wrong command line is a usage error (exit 2)', async () => {
    const run = await runCli(['check']);
    expect(run.status).toBe(2);
    expect(run.err).toContain('give one project folder');
    expect((await runCli(['check', '--nope', 'x'])).status).toBe(2);
  });
});
