/**
 * A step-run through `starling dap`: one reconcile of one live object on Starling's local cluster,
 * debugged as an editor would — a breakpoint in reconcile() and one in a library, a variable
 * read, continue — ending with the planned changes as a `starling.dryRun` output event, and
 * nothing written to the cluster.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { StepRunOutput } from '../../../src-main/contract/runtime';
import { ClusterConnection } from '../../../src-main/cluster/connection';
import { kubeConfigForContext, loadKubeconfigs } from '../../../src-main/cluster/kubeconfig';
import { startLocalCluster, type RunningLocalCluster } from '../../../src-main/cluster/local/index';
import { loadProject } from '../../../src-main/reconciler/project';
import { KubeApi } from '../../../src-main/reconciler/runtime/kube-api';
import { applyCrds, applyInputs } from '../../../src-main/reconciler/runtime/setup';
import { DapClient, type Body } from '../../host/support/dap-client';

const dir = mkdtempSync(join(tmpdir(), 'starling-step-run-'));
const project = join(dir, 'project');
const kubeconfig = join(dir, 'kubeconfig');
const starPath = join(project, 'reconcilers/widget/widget.star');
const libraryPath = join(project, 'crds/example.com_widgets.star');
const reconciler = 'example.com.widgets.parts';

function write(path: string, text: string): void {
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, text);
}

write(
  join(project, 'crds/example.com_widgets.yaml'),
  `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  names: { kind: Widget, listKind: WidgetList, plural: widgets, singular: widget }
  scope: Namespaced
  versions:
    - name: v1alpha1
      served: true
      storage: true
      subresources: { status: {} }
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec: { type: object, x-kubernetes-preserve-unknown-fields: true }
            status: { type: object, x-kubernetes-preserve-unknown-fields: true }
`,
);
write(
  libraryPath,
  `def part(self, n):
    name = self["metadata"]["name"] + "-" + str(n)
    return {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": name, "namespace": self["metadata"]["namespace"]},
        "data": {"part": str(n)},
    }
`,
);
write(
  join(project, 'reconcilers/widget/config.yaml'),
  `apiVersion: choreo.kform.dev/v1alpha1
kind: Reconciler
metadata:
  name: ${reconciler}
spec:
  conditionType: Ready
  for: { group: example.com, version: v1alpha1, kind: Widget, selector: {} }
  owns:
    - { group: "", version: v1, kind: ConfigMap }
`,
);
write(
  starPath,
  `load("example.com.widgets.star", "part")

def reconcile(self):
    parts = self["spec"]["parts"]
    for n in range(parts):
        client_create(part(self, n))
    self["status"] = {"parts": parts}
    return reconcile_result(self, False, 0, "", False)
`,
);
write(
  join(project, 'in/example.com.widgets.w.yaml'),
  `apiVersion: example.com/v1alpha1
kind: Widget
metadata: { name: w, namespace: default }
spec: { parts: 2 }
`,
);

let local: RunningLocalCluster;
let connection: ClusterConnection;
let api: KubeApi;
const widget = { group: 'example.com', version: 'v1alpha1', kind: 'Widget' };

beforeAll(async () => {
  local = await startLocalCluster({
    dataDir: join(dir, 'cluster'),
    port: 0,
    kubeconfigPath: kubeconfig,
  });
  const merged = loadKubeconfigs([kubeconfig]);
  connection = new ClusterConnection(
    local.contextName,
    kubeConfigForContext(merged, local.contextName),
  );
  api = new KubeApi(connection);
  const { project: loaded, problems } = await loadProject(project);
  expect(problems.filter((p) => p.severity === 'error')).toEqual([]);
  await applyCrds(api, loaded);
  await applyInputs(api, loaded);
});

afterAll(async () => {
  connection?.dispose();
  await local?.close();
  rmSync(dir, { recursive: true, force: true });
});

let client: DapClient | undefined;
afterEach(() => {
  client?.child.kill('SIGKILL');
  client = undefined;
});

async function launch(args: Body, breakpoints: Record<string, number[]>): Promise<DapClient> {
  const c = (client = new DapClient());
  await c.request('initialize', {
    adapterID: 'starlark',
    linesStartAt1: true,
    columnsStartAt1: true,
  });
  await c.next('initialized');
  const launched = c.request('launch', args);
  for (const [path, lines] of Object.entries(breakpoints)) {
    const set = await c.request('setBreakpoints', {
      source: { path },
      breakpoints: lines.map((line) => ({ line })),
    });
    expect(set.breakpoints.map((b: Body) => b.verified)).toEqual(lines.map(() => true));
  }
  await c.request('configurationDone');
  await launched;
  return c;
}

/** Every object's namespace/name and resourceVersion of a kind, to compare before and after. */
async function snapshot(gvk: typeof widget): Promise<string[]> {
  const list = await api.list(gvk, 'default', { builtin: 'test' });
  return list.items.map((o) => `${o.metadata?.name}@${o.metadata?.resourceVersion}`).sort();
}

describe('a step-run of one reconcile through starling dap', { timeout: 90_000 }, () => {
  test('stops in reconcile() and in its library, shows variables, ends with the planned changes and writes nothing', async () => {
    const configMap = { group: '', version: 'v1', kind: 'ConfigMap' };
    const before = { widgets: await snapshot(widget), configMaps: await snapshot(configMap) };
    const c = await launch(
      { project, reconciler, namespace: 'default', name: 'w', kubeconfig },
      { [starPath]: [6], [libraryPath]: [3] },
    );

    const first = await c.next('stopped');
    expect(first.reason).toBe('breakpoint');
    const threadId = first.threadId as number;
    const { stackFrames } = await c.request('stackTrace', { threadId });
    expect(stackFrames.map((f: Body) => [f.name, f.line, f.source.path])).toEqual([
      ['reconcile', 6, starPath],
    ]);
    const { scopes } = await c.request('scopes', { frameId: stackFrames[0].id });
    const { variables } = await c.request('variables', {
      variablesReference: scopes[0].variablesReference,
    });
    const locals = Object.fromEntries(variables.map((v: Body) => [v.name, v.value]));
    expect(locals.parts).toBe('2');
    expect(locals.n).toBe('0');
    const name = await c.request('evaluate', {
      expression: 'self["metadata"]["name"]',
      frameId: stackFrames[0].id,
    });
    expect(name.result).toBe('"w"');

    await c.request('continue', { threadId });
    const inLibrary = await c.next('stopped');
    const trace = await c.request('stackTrace', { threadId: inLibrary.threadId });
    expect(trace.stackFrames.map((f: Body) => [f.name, f.line, f.source.path])).toEqual([
      ['part', 3, libraryPath],
      ['reconcile', 6, starPath],
    ]);

    await c.request('setBreakpoints', { source: { path: starPath }, breakpoints: [] });
    await c.request('setBreakpoints', { source: { path: libraryPath }, breakpoints: [] });
    await c.request('continue', { threadId });
    const dryRun = await c.next('output');
    expect(dryRun.category).toBe('starling.dryRun');
    const output = JSON.parse(dryRun.output as string) as StepRunOutput;
    expect(dryRun.data).toEqual(output);
    expect(output).toMatchObject({ reconciler, object: 'default/w', dryRun: true });
    expect(output.result.outcome).toBe('done');
    const planned = output.result.diffs.map((d) => `${d.action} ${d.child.kind} ${d.child.name}`);
    expect(planned).toEqual([
      'apply ConfigMap w-0',
      'apply ConfigMap w-1',
      'apply Widget w',
      'apply Widget w',
    ]);
    const child = output.result.diffs[0]!.diff;
    expect(child).toContain('part: "0"');
    expect(output.result.diffs.map((d) => d.diff).join('\n')).toContain('parts: 2');
    expect((await c.next('exited')).exitCode).toBe(0);
    await c.next('terminated');

    expect({ widgets: await snapshot(widget), configMaps: await snapshot(configMap) }).toEqual(
      before,
    );
    const live = await api.get(widget, 'default', 'w', { builtin: 'test' });
    expect(live?.status).toBeUndefined();
    expect(live?.metadata?.finalizers).toBeUndefined();
    await c.request('disconnect');
    expect(await c.exit).toBe(0);
  });

  test("a launch naming an unknown reconciler ends at once with a message listing the project's", async () => {
    const c = await launch(
      { project, reconciler: 'nope', name: 'w', namespace: 'default', kubeconfig },
      {},
    );
    const error = await c.next('output');
    expect(error.category).toBe('stderr');
    expect(error.output).toContain('no reconciler nope');
    expect(error.output).toContain(reconciler);
    expect((await c.next('exited')).exitCode).toBe(1);
  });
});
