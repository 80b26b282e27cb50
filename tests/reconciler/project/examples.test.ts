import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem, loadProject } from '../../../src-main/reconciler/project/index';

const examples = join(import.meta.dirname, '../../../resources/examples');

describe('the example projects', () => {
  const names = readdirSync(examples, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name);

  it('are all here', () => {
    expect(names).toEqual(expect.arrayContaining(['hello-world', 'partitions', 'topology']));
  });

  it.each(names)('%s loads with zero problems', async (name) => {
    const { project, problems } = await loadProject(join(examples, name));
    expect(problems.map((p) => formatProblem(p))).toEqual([]);
    expect(project.reconcilers.length).toBeGreaterThan(0);
    expect(project.inputs.length).toBeGreaterThan(0);
  });
});
