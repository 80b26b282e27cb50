import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ProjectWatcher, type ProjectReload } from '../../../src-main/reconciler/reload/index';
import { helloCrd, makeProject, okReconcile, reconcilerConfig, type TempProject } from './fixtures';

/**
 * Hot-reload decisions on real files: the watcher sees edits (in place and by rename, as editors
 * save), new folders, removals; says which reconcilers a change affects; keeps the last good
 * version when the new one fails.
 */
let project: TempProject | undefined;
let watcher: ProjectWatcher | undefined;
afterEach(async () => {
  watcher?.dispose();
  await project?.dispose();
  project = undefined;
  watcher = undefined;
});

const libY = 'def y():\n    return 1\n';
const libX = 'load("lib.y.star", "y")\ndef x():\n    return y()\n';

async function start(): Promise<{
  dir: string;
  w: ProjectWatcher;
  next: (rejected?: boolean) => Promise<ProjectReload>;
}> {
  project = await makeProject({
    'crds/example.com_helloworlds.yaml': helloCrd,
    'crds/lib_x.star': libX,
    'crds/lib_y.star': libY,
    'reconcilers/a/config.yaml': reconcilerConfig('a'),
    'reconcilers/a/a.star': `load("lib.x.star", "x")\n${okReconcile}`,
    'reconcilers/b/config.yaml': reconcilerConfig('b'),
    'reconcilers/b/b.star': okReconcile,
  });
  const w = await ProjectWatcher.start(project.dir, { debounceMs: 50 });
  watcher = w;
  const queue: ProjectReload[] = [];
  const waiting: ((r: ProjectReload) => void)[] = [];
  w.on('reload', (r) => {
    const take = waiting.shift();
    if (take) take(r);
    else queue.push(r);
  });
  // The next reload event; a write seen half-done (a truncated file) may be rejected first, so
  // tests wait for the kind of event they expect.
  const next = async (rejected = false): Promise<ProjectReload> => {
    for (;;) {
      const r = await nextEvent();
      if (r.rejected === rejected) return r;
    }
  };
  const nextEvent = () =>
    new Promise<ProjectReload>((resolve, reject) => {
      const queued = queue.shift();
      if (queued) return resolve(queued);
      const timer = setTimeout(() => reject(new Error('no reload event within 10 s')), 10_000);
      waiting.push((r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
  return { dir: project.dir, w, next };
}

/** Writes a file the way many editors save: a temporary file renamed over the old one. */
async function saveByRename(path: string, text: string): Promise<void> {
  const tmp = `${path}.tmp-save`;
  await writeFile(tmp, text);
  await rename(tmp, path);
}

describe('ProjectWatcher', { timeout: 60_000 }, () => {
  it('a library change affects every reconciler that loads it, transitively', async () => {
    const { dir, w, next } = await start();
    expect(w.project!.reconcilers.map((r) => [r.name, r.loads.sort()])).toEqual([
      ['a', ['lib.x.star', 'lib.y.star']],
      ['b', []],
    ]);
    await writeFile(join(dir, 'crds/lib_y.star'), 'def y():\n    return 2\n');
    const r = await next();
    expect(r).toMatchObject({
      rejected: false,
      changed: ['a', 'libraries'],
      reconcilers: { added: [], changed: ['a'], removed: [] },
      libraries: ['lib.y.star'],
      crds: false,
    });
    expect(w.project!.libraries.get('lib.y.star')!.source).toContain('return 2');
  });

  it('a .star saved by rename changes only its reconciler', async () => {
    const { dir, next } = await start();
    await saveByRename(join(dir, 'reconcilers/b/b.star'), `# edited\n${okReconcile}`);
    const r = await next();
    expect(r.changed).toEqual(['b']);
    expect(r.project.reconcilers.find((x) => x.name === 'b')!.source).toContain('# edited');
  });

  it('a failing version is rejected with its problems; the last good one stays in force', async () => {
    const { dir, w, next } = await start();
    await writeFile(join(dir, 'reconcilers/a/a.star'), 'def reconcile(self)\n');
    const bad = await next(true);
    expect(bad.rejected).toBe(true);
    expect(bad.changed).toEqual([]);
    expect(bad.problems).toEqual([
      expect.objectContaining({
        file: join(dir, 'reconcilers/a/a.star'),
        line: 2,
        col: 1,
        severity: 'error',
        message: "got newline, want ':'",
      }),
    ]);
    expect(bad.project.reconcilers.find((x) => x.name === 'a')!.source).toContain(
      'load("lib.x.star"',
    );
    expect(w.project).toBe(bad.project);
    expect(w.problems).toEqual(bad.problems);

    await writeFile(join(dir, 'reconcilers/a/a.star'), `# fixed\n${okReconcile}`);
    const good = await next();
    expect(good).toMatchObject({ rejected: false, changed: ['a'], problems: [] });
    expect(w.project!.reconcilers.find((x) => x.name === 'a')!.loads).toEqual([]);
  });

  it('new reconciler folders are watched; removed ones are reported', async () => {
    const { dir, next } = await start();
    await mkdir(join(dir, 'reconcilers/nested/c'), { recursive: true });
    await writeFile(join(dir, 'reconcilers/nested/c/c.star'), okReconcile);
    await writeFile(join(dir, 'reconcilers/nested/c/config.yaml'), reconcilerConfig('c'));
    let r = await next();
    // The folder may be seen before its files: wait for the version that has c.
    while (!r.reconcilers.added.includes('c')) r = await next();
    expect(r.reconcilers.added).toEqual(['c']);

    await writeFile(join(dir, 'reconcilers/nested/c/c.star'), `# c2\n${okReconcile}`);
    r = await next();
    expect(r.changed).toEqual(['c']);

    await rm(join(dir, 'reconcilers/b'), { recursive: true });
    r = await next();
    expect(r.reconcilers.removed).toEqual(['b']);
  });

  it('config and CRD changes; a change of formatting only is no change', async () => {
    const { dir, w, next } = await start();
    await writeFile(
      join(dir, 'reconcilers/b/config.yaml'),
      reconcilerConfig('b', '  conditionType: Ready\n'),
    );
    let r = await next();
    expect(r.changed).toEqual(['b']);

    await writeFile(
      join(dir, 'crds/example.com_helloworlds.yaml'),
      helloCrd.replace('plural: helloworlds}', 'plural: helloworlds, singular: helloworld}'),
    );
    r = await next();
    expect(r).toMatchObject({ changed: ['crds'], crds: true });

    // Same meaning, other formatting: no reload event.
    const events: ProjectReload[] = [];
    w.on('reload', (e) => events.push(e));
    await writeFile(
      join(dir, 'reconcilers/b/config.yaml'),
      `# a comment\n${reconcilerConfig('b', '  conditionType: "Ready"\n')}`,
    );
    await w.reload();
    expect(events).toEqual([]);
  });
});
