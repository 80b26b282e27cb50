import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { loadProject } from '../../../src-main/reconciler/project/index';
import { brief, helloCrd, makeProject, okReconcile, type TempProject } from './fixtures';

let project: TempProject | undefined;
afterEach(async () => {
  await project?.dispose();
  project = undefined;
});

async function load(files: Record<string, string>) {
  project = await makeProject({ 'crds/example.com_helloworlds.yaml': helloCrd, ...files });
  const result = await loadProject(project.dir);
  return { ...result, brief: brief(result.problems, project.dir) };
}

const nodeCrd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: nodes.infra.dev}
spec:
  group: infra.dev
  names: {kind: Node, plural: nodes}
  scope: Cluster
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties: {partition: {type: string}}
`;

/** Each trap: the project's files (beside helloCrd) and what loading it reports. */
const traps: {
  name: string;
  files: Record<string, string>;
  problems: string[];
  /** More to check on what loadProject returned. */
  also?: (loaded: Awaited<ReturnType<typeof load>>) => void;
}[] = [
  {
    name: 'reconcile_result with err_msg, too many or too few arguments, an unknown keyword',
    files: {
      'reconcilers/a/config.yaml': `metadata: {name: a}
spec:
  for: {group: example.com, version: v1alpha1, kind: HelloWorld, selector: {}}
`,
      'reconcilers/a/a.star': `def reconcile(self):
    if self:
        return reconcile_result(self, requeue=False, requeueAfter=0, err_msg="", fatal=False)
    if not self:
        return reconcile_result(self, False, 0, "Ready", "", False)
    if len(self) > 2:
        return reconcile_result(self, False)
    return reconcile_result(self, False, 0, "", fatl=False)
`,
    },
    problems: [
      'reconcilers/a/a.star:3:70 warning reconcile_result has no parameter err_msg in Choreo (it is msg): Choreo fails this call; Starling reads it as msg',
      'reconcilers/a/a.star:5:16 warning reconcile_result takes 5 arguments (self, requeue, requeueAfter, msg, fatal), got 6: this call fails when it runs',
      'reconcilers/a/a.star:7:16 warning reconcile_result is missing requeueAfter, msg, fatal: Choreo requires all five arguments, so this call fails when it runs',
      'reconcilers/a/a.star:8:12 warning reconcile_result is missing fatal: Choreo requires all five arguments, so this call fails when it runs',
      'reconcilers/a/a.star:8:49 warning reconcile_result has no parameter fatl: this call fails when it runs',
    ],
    also: ({ problems: full }) => {
      expect(full.find((p) => p.message.includes('fatl'))?.hint).toBe('did you mean fatal?');
    },
  },
  {
    name: 'a For without selector reconciles nothing; a selector on owns is ignored',
    files: {
      'reconcilers/a/config.yaml': `metadata: {name: a}
spec:
  for:
    group: example.com
    version: v1alpha1
    kind: HelloWorld
  owns:
    - group: ""
      version: v1
      kind: ConfigMap
      selector: {}
`,
      'reconcilers/a/a.star': okReconcile,
    },
    problems: [
      'reconcilers/a/config.yaml:3:3 warning spec.for has no selector, so this reconciler reconciles no HelloWorld (as in Choreo: a missing selector matches nothing)',
      'reconcilers/a/config.yaml:11:7 warning a selector on owns is ignored: every child the reconciler owns counts',
    ],
  },
  {
    name: 'watches: a literal on the right, matchExpressions, no selector, an empty match',
    files: {
      'crds/infra.dev_nodes.yaml': nodeCrd,
      'reconcilers/a/config.yaml': `metadata: {name: a}
spec:
  for: {group: infra.dev, version: v1, kind: Node, selector: {}}
  watches:
    - group: example.com
      version: v1alpha1
      kind: HelloWorld
      selector:
        match:
          metadata.name: kubenet.default
          spec.partition: spec.partition
          status.ready: "true"
        matchExpressions:
          - {expression: metadata.name, operator: Exists}
    - group: example.com
      version: v1alpha1
      kind: HelloWorld
    - group: example.com
      version: v1alpha1
      kind: HelloWorld
      selector: {}
`,
      'reconcilers/a/a.star': okReconcile,
    },
    problems: [
      'reconcilers/a/config.yaml:10:26 warning watch on example.com/v1alpha1 HelloWorld: "kubenet.default" is not an expression on the For object (Node), so Choreo never matches this watch; Starling requeues every Node when the watched object\'s metadata.name is "kubenet.default"',
      'reconcilers/a/config.yaml:12:25 warning watch on example.com/v1alpha1 HelloWorld: "true" is not an expression on the For object (Node), so Choreo never matches this watch; Starling requeues every Node when the watched object\'s status.ready is "true"',
      'reconcilers/a/config.yaml:13:9 warning matchExpressions in a watch are ignored (as in Choreo): only match links the watched object to the For objects',
      'reconcilers/a/config.yaml:15:7 error a watch needs a selector whose match links the watched object to the For objects',
      'reconcilers/a/config.yaml:21:7 error a watch needs a selector with at least one match entry',
    ],
    also: ({ project: loaded }) => {
      // The config has errors, so the reconciler is left out, but all of it was checked.
      expect(loaded.reconcilers).toEqual([]);
    },
  },
  {
    name: 'a For selector beside watches: Choreo tests it on the watched object',
    files: {
      'crds/infra.dev_nodes.yaml': nodeCrd,
      'reconcilers/a/config.yaml': `metadata: {name: a}
spec:
  for:
    group: infra.dev
    version: v1
    kind: Node
    selector:
      match:
        spec.partition: blue
  watches:
    - group: example.com
      version: v1alpha1
      kind: HelloWorld
      selector:
        match:
          metadata.name: spec.partition
`,
      'reconcilers/a/a.star': okReconcile,
      'reconcilers/b/config.yaml': `metadata: {name: b}
spec:
  for: {group: infra.dev, version: v1, kind: Node, selector: {}}
  watches:
    - group: example.com
      version: v1alpha1
      kind: HelloWorld
      selector: {match: {metadata.name: spec.partition}}
`,
      'reconcilers/b/b.star': okReconcile,
    },
    problems: [
      'reconcilers/a/config.yaml:11:7 warning watch on example.com/v1alpha1 HelloWorld: Choreo tests the For selector on the watched HelloWorld, not on the Nodes the watch links, so in Choreo it requeues them only when the HelloWorld itself matches the For selector; Starling tests the For selector on each Node',
    ],
  },
  {
    name: 'a non-string match value is compared as a string, with a warning',
    files: {
      'reconcilers/a/config.yaml': `metadata: {name: a}
spec:
  for:
    group: example.com
    version: v1alpha1
    kind: HelloWorld
    selector:
      match:
        spec.replicas: 3
        spec.enabled: yes
`,
      'reconcilers/a/a.star': okReconcile,
    },
    problems: [
      'reconcilers/a/config.yaml:9:24 warning match value 3 is not a string: Choreo cannot read this config; Starling compares with "3"',
      'reconcilers/a/config.yaml:10:23 warning match value true is not a string: Choreo cannot read this config; Starling compares with "true"',
    ],
    also: ({ project: loaded }) => {
      expect(loaded.reconcilers[0]!.for.selector!.match).toEqual({
        'spec.replicas': '3',
        'spec.enabled': 'true',
      });
    },
  },
];

describe("Choreo's traps are warnings", () => {
  it.each(traps)('$name', async ({ files, problems, also }) => {
    const loaded = await load(files);
    expect(loaded.brief).toEqual(problems);
    also?.(loaded);
  });
});

describe('docs/choreo-compat.md', () => {
  it('names the warning of every Choreo bug starling check warns about', () => {
    const doc = readFileSync(new URL('../../../docs/choreo-compat.md', import.meta.url), 'utf8');
    const section = doc.slice(doc.indexOf('## Reconcilers'));
    for (const warning of [
      'reconcile_result has no parameter err_msg in Choreo (it is msg)',
      'is not an expression on the For object (…), so Choreo never matches this watch',
      '3 is not a string',
      'Choreo tests the For selector on the watched',
    ]) {
      expect(section.replace(/\s+/g, ' ')).toContain(warning);
    }
  });
});
