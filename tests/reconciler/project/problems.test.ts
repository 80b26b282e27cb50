import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../../src-main/reconciler/project/index';
import {
  brief,
  helloCrd,
  makeProject,
  okReconcile,
  reconcilerConfig,
  type TempProject,
} from './fixtures';

let project: TempProject | undefined;
afterEach(async () => {
  await project?.dispose();
  project = undefined;
});

/** Loads a project made of the hello CRD plus `files`; returns its problems, briefly. */
async function problemsOf(files: Record<string, string>): Promise<string[]> {
  project = await makeProject({ 'crds/example.com_helloworlds.yaml': helloCrd, ...files });
  const { problems } = await loadProject(project.dir);
  return brief(problems, project.dir);
}

function hello(name: string, star = okReconcile, extra = ''): Record<string, string> {
  return {
    [`reconcilers/${name}/config.yaml`]: reconcilerConfig(name, extra),
    [`reconcilers/${name}/${name}.star`]: star,
  };
}

describe('loadProject reports every problem at file:line:col', () => {
  it('bad YAML, with the parser line:col, and keeps the other documents of the file', async () => {
    const problems = await problemsOf({
      ...hello('a'),
      'in/objects.yaml': `apiVersion: example.com/v1alpha1
kind: HelloWorld
metadata: {name: one}
---
apiVersion: example.com/v1alpha1
kind: HelloWorld
metadata: {name: [two}
`,
    });
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems)
      expect(p).toMatch(/^in\/objects\.yaml:7:2[23] error invalid YAML: Flow/);
    // The first document still loads.
    const { project: loaded } = await loadProject(project!.dir);
    expect(loaded.inputs.map((i) => i.name)).toEqual(['one']);
  });

  it('unknown kinds in inputs and in a reconciler config, with a did-you-mean', async () => {
    const problems = await problemsOf({
      ...hello(
        'a',
        okReconcile,
        `  owns:
    - group: example.com
      version: v1alpha1
      kind: HelloWorlds
    - group: apps
      version: v1
      kind: Deployment
`,
      ),
      'in/x.yaml': `apiVersion: example.com/v1beta9
kind: HelloWorld
metadata: {name: x}
---
apiVersion: nowhere.dev/v1
kind: Thing
metadata: {name: why}
`,
    });
    expect(problems).toEqual([
      'in/x.yaml:1:1 error example.com/v1beta9 HelloWorld: version v1beta9 is not served',
      'in/x.yaml:5:1 error unknown kind nowhere.dev/v1 Thing',
      'reconcilers/a/config.yaml:12:7 error unknown kind example.com/v1alpha1 HelloWorlds',
    ]);
  });

  it('duplicate reconciler names', async () => {
    const problems = await problemsOf({
      ...hello('a'),
      'reconcilers/b/config.yaml': reconcilerConfig('a'),
      'reconcilers/b/b.star': okReconcile,
    });
    expect(problems).toEqual(['reconcilers/b/config.yaml:1:1 error duplicate reconciler name a']);
  });

  it('a reconciler folder with zero or several .star files', async () => {
    const problems = await problemsOf({
      'reconcilers/none/config.yaml': reconcilerConfig('none'),
      'reconcilers/two/config.yaml': reconcilerConfig('two'),
      'reconcilers/two/one.star': okReconcile,
      'reconcilers/two/other.star': okReconcile,
      'reconcilers/lonely/x.star': okReconcile,
    });
    expect(problems).toEqual([
      'reconcilers/lonely/x.star:1:1 warning x.star is not loaded: there is no config.yaml beside it',
      'reconcilers/none/config.yaml:1:1 error no .star file beside config.yaml',
      'reconcilers/two/config.yaml:1:1 error several .star files beside config.yaml (one.star, other.star): a reconciler has one',
    ]);
  });

  it('nested reconciler folders are found', async () => {
    project = await makeProject({
      'crds/example.com_helloworlds.yaml': helloCrd,
      'reconcilers/vendor/x/y/config.yaml': reconcilerConfig('deep'),
      'reconcilers/vendor/x/y/code.star': okReconcile,
    });
    const { project: loaded, problems } = await loadProject(project.dir);
    expect(problems).toEqual([]);
    expect(loaded.reconcilers.map((r) => r.name)).toEqual(['deep']);
  });

  it('a missing reconcile, a reconcile with the wrong arity, one bound by load', async () => {
    const problems = await problemsOf({
      ...hello('missing', 'def other(self):\n    pass\n'),
      ...hello('two', 'def reconcile(self, other):\n    pass\n'),
      ...hello('zero', 'def reconcile():\n    pass\n'),
      ...hello('kwonly', 'def reconcile(self, *, mode):\n    pass\n'),
      ...hello('fine', 'def reconcile(self, extra = 1, *args, **kwargs):\n    pass\n'),
      ...hello('star', 'def reconcile(*args):\n    pass\n'),
      ...hello('loaded', 'load("example.com.helloworlds.star", "reconcile")\n'),
      'crds/example.com_helloworlds.star': 'def reconcile(self):\n    pass\n',
    });
    expect(problems).toEqual([
      'reconcilers/kwonly/kwonly.star:1:5 error reconcile has required keyword-only parameters (mode), which Choreo never passes',
      'reconcilers/loaded/loaded.star:1:1 error reconcile is bound by load(), which makes it local to this file: Choreo cannot call it',
      'reconcilers/missing/missing.star:1:1 error no reconcile function: Choreo calls reconcile(self) for every object',
      'reconcilers/two/two.star:1:5 error reconcile has 2 required parameters, but Choreo calls it with one (the object)',
      'reconcilers/zero/zero.star:1:5 error reconcile takes no parameters, but Choreo calls it with the object',
    ]);
  });

  it('load of an unknown library, and of a name the library does not define', async () => {
    const problems = await problemsOf({
      ...hello(
        'a',
        `load("example.com.helloworld.star", "build")
load("example.com.helloworlds.star", "buidl", "nothing")
${okReconcile}`,
      ),
      'crds/example.com_helloworlds.star': 'def build(x):\n    return x\n',
    });
    expect(problems).toEqual([
      'reconcilers/a/a.star:1:6 error load of unknown library "example.com.helloworld.star"',
      // go.starlark.net places a loaded name just inside its quotes.
      'reconcilers/a/a.star:2:39 error load: name buidl not found in module example.com.helloworlds.star',
      'reconcilers/a/a.star:2:48 error load: name nothing not found in module example.com.helloworlds.star',
    ]);
  });

  it('load cycles, once per cycle', async () => {
    const problems = await problemsOf({
      ...hello('a', `load("x.a.star", "a")\n${okReconcile}`),
      'crds/x_a.star': 'load("x.b.star", "b")\ndef a():\n    return b()\n',
      'crds/x_b.star': 'load("x.c.star", "c")\ndef b():\n    return c()\n',
      'crds/x_c.star': 'load("x.a.star", "a")\ndef c():\n    return a()\n',
    });
    expect(problems).toEqual([
      'crds/x_c.star:1:6 error load cycle: "x.a.star" → "x.b.star" → "x.c.star" → "x.a.star"',
    ]);
  });

  it('syntax errors (one per file) and every resolve error, from the engine', async () => {
    const problems = await problemsOf({
      ...hello('syntax', 'def reconcile(self)\n    pass\n'),
      ...hello(
        'resolve',
        'def reconcile(self):\n    x = undefined_one\n    return reconcile_resul(self, False, 0, "", False)\n',
      ),
      'crds/example.com_helloworlds.star': 'def f(:\n',
    });
    const { problems: full } = await loadProject(project!.dir);
    expect(full.find((p) => p.message.startsWith('undefined: reconcile_resul'))?.hint).toBe(
      'did you mean reconcile_result, a reconcile builtin?',
    );
    expect(problems).toEqual([
      "crds/example.com_helloworlds.star:1:8 error got ':', want ')'",
      'reconcilers/resolve/resolve.star:2:9 error undefined: undefined_one',
      'reconcilers/resolve/resolve.star:3:12 error undefined: reconcile_resul (did you mean reconcile?)',
      "reconcilers/syntax/syntax.star:2:1 error got newline, want ':'",
    ]);
  });

  it('invalid CEL in a selector, at its place in config.yaml', async () => {
    const problems = await problemsOf({
      'reconcilers/a/a.star': okReconcile,
      'reconcilers/a/config.yaml': `metadata: {name: a}
spec:
  for:
    group: example.com
    version: v1alpha1
    kind: HelloWorld
    selector:
      match:
        spec.(x: "1"
        "status.ok ==": "true"
      matchExpressions:
        - expression: metadata.name.size( > 1
          operator: Exists
        - expression: metadata.name
          operator: GreaterThan
          values: ["a"]
`,
    });
    expect(problems).toEqual([
      expect.stringMatching(
        /^reconcilers\/a\/config\.yaml:9:14 error invalid CEL expression "spec\.\(x"/,
      ),
      // Inside the quotes, at the end of the expression.
      'reconcilers/a/config.yaml:10:22 error invalid CEL expression "status.ok ==": Unexpected token: EOF',
      'reconcilers/a/config.yaml:12:43 error invalid CEL expression "metadata.name.size( > 1": Unexpected token: GT',
      'reconcilers/a/config.yaml:14:23 error GreaterThan: the value must be an integer, got "a"',
    ]);
  });
});
