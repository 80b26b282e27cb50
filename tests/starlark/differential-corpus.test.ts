import { beforeAll, describe, expect, it } from 'vitest';
import { buildReference } from '../reference/build.js';
import { corpusPrograms, finalErrorLine, runReference } from './corpus';

// The corpus is checked against the reference before it is used to judge Starling: each
// program must do on go.starlark.net what its name and `# want-error:` say.
const programs = corpusPrograms();
let reference = '';
beforeAll(() => {
  reference = buildReference();
});

describe('the differential corpus, on the reference', () => {
  it('has 100 programs or more, errors of every kind among them', () => {
    expect(programs.length).toBeGreaterThanOrEqual(100);
    for (const kind of ['error-syntax-', 'error-resolve-', 'error-runtime-']) {
      expect(programs.filter((p) => p.name.startsWith(kind)).length).toBeGreaterThanOrEqual(8);
    }
  });

  for (const program of programs) {
    it(program.name, () => {
      const r = runReference(reference, program);
      if (program.name.startsWith('error-')) {
        expect(program.wantError, 'an error- program needs a # want-error: line').toBeDefined();
        expect(r.status).toBe(1);
        expect(finalErrorLine(r.stderr)).toMatch(program.wantError!);
      } else {
        expect(r.stderr).toBe('');
        expect(r.status).toBe(0);
        expect(r.stdout).not.toBe('');
      }
    });
  }
});
