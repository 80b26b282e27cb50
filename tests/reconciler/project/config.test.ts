import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../../src-main/reconciler/project/index';
import { brief, helloCrd, makeProject, okReconcile, type TempProject } from './fixtures';

let project: TempProject | undefined;
afterEach(async () => {
  await project?.dispose();
  project = undefined;
});

async function problemsOf(files: Record<string, string>): Promise<string[]> {
  project = await makeProject(files);
  return brief((await loadProject(project.dir)).problems, project.dir);
}

describe('config, CRD and input problems', () => {
  it('a config without name or for, with an unknown field and wrong types', async () => {
    expect(
      await problemsOf({
        'crds/example.com_helloworlds.yaml': helloCrd,
        'reconcilers/a/config.yaml': `apiVersion: choreo.kform.dev/v1alpha1
kind: Reconciler
spec:
  conditionType: [Ready]
  specUpdate: "yes"
  watch: []
`,
        'reconcilers/a/a.star': okReconcile,
        'reconcilers/b/config.yaml': `metadata: {name: b}
spec:
  for: {group: example.com, kind: HelloWorld, selector: {}}
  owns: {group: apps}
`,
        'reconcilers/b/b.star': okReconcile,
        'reconcilers/c/config.yaml': 'metadata: {name: c}\n',
        'reconcilers/c/c.star': okReconcile,
        'reconcilers/d/config.yaml': 'metadata: {name: d}\nspec: {for: {}}\n',
        'reconcilers/d/main.tpl': '{{ . }}',
      }),
    ).toEqual([
      'reconcilers/a/config.yaml:1:1 error the reconciler has no metadata.name',
      // A missing field is reported where its parent's value starts.
      'reconcilers/a/config.yaml:4:3 error missing spec.for',
      'reconcilers/a/config.yaml:4:18 error spec.conditionType must be a string',
      'reconcilers/a/config.yaml:5:15 error spec.specUpdate must be true or false',
      'reconcilers/a/config.yaml:6:3 warning unknown field spec.watch is ignored',
      'reconcilers/b/config.yaml:3:8 error spec.for has no version',
      'reconcilers/b/config.yaml:4:9 error spec.owns must be a list of {group, version, kind}',
      'reconcilers/c/config.yaml:1:1 error the reconciler has no spec',
      'reconcilers/d/config.yaml:1:1 error template reconcilers (main.tpl) are not supported: Starling runs Starlark reconcilers',
      'reconcilers/d/config.yaml:2:13 error spec.for has no version',
      'reconcilers/d/config.yaml:2:13 error spec.for has no kind',
    ]);
  });

  it('CRD problems: missing fields, no storage version, a non-CRD in crds/', async () => {
    expect(
      await problemsOf({
        'crds/bad.yaml': `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: things.x.dev}
spec:
  names: {kind: Thing}
  scope: Global
  versions:
    - name: v1
---
apiVersion: v1
kind: ConfigMap
metadata: {name: oops}
`,
      }),
    ).toEqual([
      'crds/bad.yaml:5:3 error CRD: missing spec.group (the API group, e.g. example.com)',
      'crds/bad.yaml:5:10 error CRD: missing spec.names.plural (e.g. helloworlds)',
      'crds/bad.yaml:6:10 error CRD: spec.scope must be Namespaced or Cluster, not "Global"',
      'crds/bad.yaml:8:5 error CRD: exactly one version must have storage: true',
      'crds/bad.yaml:10:1 warning crds/ holds CustomResourceDefinitions (apiextensions.k8s.io/v1); this v1 ConfigMap is ignored',
    ]);
  });

  it('inputs without apiVersion, kind or name; Choreo objects in in/; duplicate keys', async () => {
    expect(
      await problemsOf({
        'crds/example.com_helloworlds.yaml': helloCrd,
        'in/a.yaml': `kind: HelloWorld
metadata: {}
---
apiVersion: choreo.kform.dev/v1alpha1
kind: Reconciler
metadata: {name: old-style}
---
apiVersion: example.com/v1alpha1
kind: HelloWorld
metadata:
  name: one
  name: two
`,
        'in/notes.txt': 'not read',
      }),
    ).toEqual([
      'in/a.yaml:1:1 error an input needs apiVersion, metadata.name',
      'in/a.yaml:4:1 warning Reconciler objects in in/ are not applied: Starling reads reconcilers from reconcilers/ and libraries from crds/',
      'in/a.yaml:12:3 warning duplicate key "name": the last one wins',
    ]);
    const { project: loaded } = await loadProject(project!.dir);
    expect(loaded.inputs.map((i) => i.name)).toEqual(['two']);
  });

  it('two libraries loaded by the same name', async () => {
    expect(
      await problemsOf({
        'crds/a_b.star': 'x = 1\n',
        'crds/a.b.star': 'x = 2\n',
      }),
    ).toEqual([
      expect.stringMatching(/^crds\/a_b\.star:1:1 error two libraries are loaded as "a\.b\.star"$/),
    ]);
  });

  it('a missing project folder', async () => {
    const { problems } = await loadProject('/nonexistent/starling/project');
    expect(problems).toEqual([
      expect.objectContaining({
        file: '/nonexistent/starling/project',
        line: 1,
        col: 1,
        severity: 'error',
        message: '/nonexistent/starling/project is not a folder',
      }),
    ]);
  });
});

describe('all problems at once', () => {
  it('one load reports problems from every file', async () => {
    const problems = await problemsOf({
      'crds/example.com_helloworlds.yaml': helloCrd,
      'crds/broken.yaml': 'a: [\n',
      'crds/x_lib.star': 'def f(\n',
      'reconcilers/a/config.yaml':
        'metadata: {name: a}\nspec: {for: {group: example.com, version: v1alpha1, kind: Nope, selector: {}}}\n',
      'reconcilers/a/a.star': 'def reconcile(self):\n    return nope\n',
      'reconcilers/b/config.yaml':
        'metadata: {name: b}\nspec: {for: {group: example.com, version: v1alpha1, kind: HelloWorld, selector: {match: {"x(": "1"}}}}\n',
      'reconcilers/b/b.star': 'load("missing.star", "m")\n',
      'in/i.yaml': 'apiVersion: v1\nkind: ConfigMapp\nmetadata: {name: c}\n',
    });
    const files = new Set(problems.map((p) => p.split(':')[0]));
    expect([...files].sort()).toEqual([
      'crds/broken.yaml',
      'crds/x_lib.star',
      'in/i.yaml',
      'reconcilers/a/a.star',
      'reconcilers/a/config.yaml',
      'reconcilers/b/b.star',
      'reconcilers/b/config.yaml',
    ]);
    expect(problems).toContain('in/i.yaml:1:1 error unknown kind v1 ConfigMapp');
    expect(problems).toContain(
      'reconcilers/b/b.star:1:1 error no reconcile function: Choreo calls reconcile(self) for every object',
    );
  });
});
