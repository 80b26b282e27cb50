import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { loadProject } from '../../../src-main/reconciler/project/index';
import {
  brief,
  helloCrd,
  makeProject,
  okReconcile,
  reconcilerConfig,
  writeFiles,
  type TempProject,
} from './fixtures';

/**
 * UpstreamRefs from a real git repository: a bare repository made here with the system git,
 * cloned by loadProject through a file path (no network).
 */
const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Starling Test',
  GIT_AUTHOR_EMAIL: 'test@starling.invalid',
  GIT_COMMITTER_NAME: 'Starling Test',
  GIT_COMMITTER_EMAIL: 'test@starling.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
  HOME: '/nonexistent',
};

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8' }).trim();
}

const libraryV1 = 'def greeting(name):\n    return "hello " + name\n';
const libraryV2 = 'def greeting(name):\n    return "hi " + name\n';

let upstream: TempProject; // the working repository
let bare: string; // its bare clone, which refs point at
let firstCommit: string;

beforeAll(async () => {
  upstream = await makeProject({
    'crds/example.com_helloworlds.yaml': helloCrd,
    'crds/example.com_helloworlds.star': libraryV1,
    'crds/example.com_others.star': 'x = 1\n',
    'reconcilers/up/config.yaml': reconcilerConfig('upstream.reconciler'),
    'reconcilers/up/up.star': okReconcile,
    'in/world.yaml':
      'apiVersion: example.com/v1alpha1\nkind: HelloWorld\nmetadata: {name: world}\n',
    'sub/crds/example.com_helloworlds.yaml': helloCrd,
  });
  git(upstream.dir, 'init', '--quiet', '--initial-branch=main');
  git(upstream.dir, 'add', '-A');
  git(upstream.dir, 'commit', '--quiet', '-m', 'v1');
  git(upstream.dir, 'tag', 'v1');
  firstCommit = git(upstream.dir, 'rev-parse', 'HEAD');
  await writeFiles(upstream.dir, { 'crds/example.com_helloworlds.star': libraryV2 });
  git(upstream.dir, 'commit', '--quiet', '-am', 'v2');
  git(upstream.dir, 'tag', 'v2');
  bare = `${upstream.dir}.git`;
  git(upstream.dir, 'clone', '--quiet', '--bare', upstream.dir, bare);
});

afterAll(async () => {
  await upstream?.dispose();
  if (bare) await rm(bare, { recursive: true, force: true });
});

let project: TempProject | undefined;
afterEach(async () => {
  await project?.dispose();
  project = undefined;
});

function ref(spec: string): string {
  return `apiVersion: choreo.kform.dev/v1alpha1\nkind: UpstreamRef\nmetadata: {name: up}\nspec:\n${spec}`;
}

describe('UpstreamRefs', () => {
  it('type crd by tag: the CRDs and libraries of that tag, only the included stems, cached in .starling/refs', async () => {
    project = await makeProject({
      'refs/up.yaml': ref(`  type: crd
  url: ${bare}
  ref: {type: tag, name: v1}
  includes: [example.com_helloworlds]
`),
      'reconcilers/a/config.yaml': reconcilerConfig('a'),
      'reconcilers/a/a.star': `load("example.com.helloworlds.star", "greeting")\n${okReconcile}`,
    });
    const { project: loaded, problems } = await loadProject(project.dir);
    expect(brief(problems, project.dir)).toEqual([]);
    expect(loaded.crds.map((c) => c.kind)).toEqual(['HelloWorld']);
    expect([...loaded.libraries.keys()]).toEqual(['example.com.helloworlds.star']);
    expect(loaded.libraries.get('example.com.helloworlds.star')!.source).toBe(libraryV1);
    expect(loaded.reconcilers.map((r) => r.name)).toEqual(['a']);
    expect(loaded.reconcilers[0]!.loads).toEqual(['example.com.helloworlds.star']);
    // type crd takes no reconcilers and no inputs
    expect(loaded.inputs).toEqual([]);
    const [upstreamRef] = loaded.refs;
    expect(upstreamRef).toMatchObject({ name: 'up', type: 'crd', commit: firstCommit });
    const cache = join(project.dir, '.starling', 'refs');
    expect(readdirSync(cache)).toHaveLength(1);
    expect(upstreamRef!.path).toBe(join(cache, readdirSync(cache)[0]!));

    // The second load uses the cache: it works without the repository.
    const moved = `${bare}.moved`;
    execFileSync('mv', [bare, moved]);
    try {
      const again = await loadProject(project.dir);
      expect(brief(again.problems, project.dir)).toEqual([]);
      expect(again.project.refs[0]!.commit).toBe(firstCommit);
    } finally {
      execFileSync('mv', [moved, bare]);
    }
  });

  it('type all by commit hash: the whole project, with a directory and a refs cache elsewhere', async () => {
    const cache = await makeProject({});
    try {
      project = await makeProject({
        'refs/up.yaml': ref(`  type: all
  url: ${bare}
  ref: {type: hash, name: ${firstCommit.slice(0, 12)}}
`),
      });
      const { project: loaded, problems } = await loadProject(project.dir, {
        refsCache: cache.dir,
      });
      expect(brief(problems, project.dir)).toEqual([]);
      expect(loaded.reconcilers.map((r) => r.name)).toEqual(['upstream.reconciler']);
      expect(loaded.inputs.map((i) => i.name)).toEqual(['world']);
      expect(loaded.libraries.get('example.com.helloworlds.star')!.source).toBe(libraryV1);
      expect(loaded.reconcilers[0]!.starPath.startsWith(cache.dir)).toBe(true);
      expect(existsSync(join(project.dir, '.starling'))).toBe(false);
    } finally {
      await cache.dispose();
    }
  });

  it('a local folder without ref is read in place, with spec.directory', async () => {
    project = await makeProject({
      'refs/up.yaml': ref(`  type: crd
  url: ${upstream.dir}
  directory: sub
`),
    });
    const { project: loaded, problems } = await loadProject(project.dir);
    expect(brief(problems, project.dir)).toEqual([]);
    expect(loaded.crds.map((c) => c.at.file)).toEqual([
      join(upstream.dir, 'sub/crds/example.com_helloworlds.yaml'),
    ]);
  });

  it('problems: an unknown tag, an unreachable URL, a bad type, a missing directory', async () => {
    project = await makeProject({
      'refs/a.yaml': ref(`  type: crd\n  url: ${bare}\n  ref: {type: tag, name: v9}\n`),
      'refs/b.yaml': ref(`  type: crd\n  url: ${bare}-missing\n  ref: {type: tag, name: v1}\n`),
      'refs/c.yaml': ref(`  type: full\n  url: ${bare}\n`),
      'refs/d.yaml': ref(`  type: crd\n  url: ${upstream.dir}\n  directory: nowhere\n`),
    });
    const { problems } = await loadProject(project.dir);
    expect(brief(problems, project.dir)).toEqual([
      `refs/a.yaml:7:26 error UpstreamRef: tag v9 not found in ${bare}`,
      expect.stringMatching(/^refs\/b\.yaml:6:8 error UpstreamRef: cannot clone .*-missing: /),
      'refs/c.yaml:5:9 error UpstreamRef: spec.type must be crd or all, not "full"',
      `refs/d.yaml:7:14 error UpstreamRef up: ${join(upstream.dir, 'nowhere')} is not a folder`,
    ]);
  });

  it('an all ref inside an all ref is an error; its crd refs are loaded', async () => {
    const middle = await makeProject({
      'refs/inner-all.yaml': ref(`  type: all\n  url: ${upstream.dir}\n`),
      'refs/inner-crd.yaml': ref(`  type: crd\n  url: ${upstream.dir}\n  directory: sub\n`),
    });
    try {
      project = await makeProject({
        'refs/outer.yaml': ref(`  type: all\n  url: ${middle.dir}\n`),
      });
      const { project: loaded, problems } = await loadProject(project.dir);
      expect(brief(problems, middle.dir).map((p) => p.replace(/^.*?refs\//, 'refs/'))).toEqual([
        'refs/inner-all.yaml:1:1 error UpstreamRef up: a ref of type all cannot be nested in another (up)',
      ]);
      expect(loaded.crds.map((c) => c.at.file)).toEqual([
        join(upstream.dir, 'sub/crds/example.com_helloworlds.yaml'),
      ]);
    } finally {
      await middle.dispose();
    }
  });
});
