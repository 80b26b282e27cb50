import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { loadProject, type Project } from '../../../src-main/reconciler/project/index';
import { compileJoin } from '../../../src-main/reconciler/selector/index';
import {
  Builtin,
  Thread,
  callFunction,
  execFile,
  fromStarlark,
  toStarlark,
  type Value,
} from '../../../src-main/starlark/index';

/**
 * The examples' Starlark, run by the engine with recording stand-ins for the builtins it calls:
 * what each reconcile queues and returns for the example inputs. (That the runtime turns this
 * into the state each README describes is the runtime's acceptance test, on real clusters.)
 */
const examples = join(import.meta.dirname, '../../../resources/examples');

interface Outcome {
  created: Record<string, unknown>[];
  result: Record<string, unknown>;
}

function reconcile(
  project: Project,
  name: string,
  obj: Record<string, unknown>,
  cluster: Record<string, unknown>[] = [],
): Outcome {
  const spec = project.reconcilers.find((r) => r.name === name)!;
  const created: Record<string, unknown>[] = [];
  const reply = (resource: unknown, error: string | null = null) =>
    toStarlark({ resource, error, fatal: false });
  const builtin = (fnName: string, fn: (args: unknown[]) => Value) =>
    new Builtin(fnName, (_t, args) => fn(args.map((a) => fromStarlark(a))));
  const builtins = new Map<string, Value>([
    [
      'client_create',
      builtin('client_create', ([o]) => (created.push(o as Record<string, unknown>), reply(o))),
    ],
    [
      'client_get',
      builtin('client_get', ([n, ns, o]) => {
        const { apiVersion, kind } = o as { apiVersion: string; kind: string };
        const found = cluster.find(
          (c) =>
            c.apiVersion === apiVersion &&
            c.kind === kind &&
            (c.metadata as { name: string }).name === n &&
            ((c.metadata as { namespace?: string }).namespace ?? '') === ns,
        );
        return found ? reply(found) : reply(null, `${kind} ${String(n)} not found`);
      }),
    ],
    ['get_resource', builtin('get_resource', ([apiVersion, kind]) => reply({ apiVersion, kind }))],
    [
      'is_conditionready',
      builtin('is_conditionready', ([o, type]) =>
        toStarlark(
          (
            (o as { status?: { conditions?: { type: string; status: string }[] } }).status
              ?.conditions ?? []
          ).some((c) => c.type === type && c.status === 'True'),
        ),
      ),
    ],
    [
      'reconcile_result',
      builtin('reconcile_result', ([self, requeue, requeueAfter, msg, fatal]) =>
        toStarlark({ obj: self, requeue, requeueAfter, msg, fatal }),
      ),
    ],
  ]);
  const thread = new Thread();
  thread.load = (_t, module) => {
    const lib = project.libraries.get(module)!;
    return execFile(thread, lib.path, lib.source, builtins);
  };
  const globals = execFile(thread, spec.starPath, spec.source, builtins);
  const result = fromStarlark(callFunction(thread, globals.get('reconcile')!, [toStarlark(obj)]));
  return { created, result: result as Record<string, unknown> };
}

function input(example: string, file: string): Record<string, unknown> {
  return parse(readFileSync(join(examples, example, file), 'utf8')) as Record<string, unknown>;
}

function parseAllDocs(example: string, file: string): Record<string, unknown>[] {
  const text = readFileSync(join(examples, example, file), 'utf8');
  return parseAllDocuments(text).map((d) => d.toJS() as Record<string, unknown>);
}

describe('the examples’ reconcilers', () => {
  it('hello-world writes spec.greeting and succeeds', async () => {
    const { project } = await loadProject(join(examples, 'hello-world'));
    const world = input('hello-world', 'in/example.com.helloworlds.world.yaml');
    const { created, result } = reconcile(project, 'example.com.helloworlds.greeting', world);
    expect(created).toEqual([]);
    expect(result).toMatchObject({ msg: '', fatal: false, requeue: false });
    expect(result.obj).toMatchObject({ spec: { greeting: 'hello, world' } });
  });

  it('topology queues a Node per node and a Link per link, through its library; fewer for the shrunk input', async () => {
    const { project } = await loadProject(join(examples, 'topology'));
    const name = 'topo.kubenet.dev.topologies.children';
    const full = reconcile(
      project,
      name,
      input('topology', 'in/topo.kubenet.dev.topologies.lab.yaml'),
    );
    expect(full.result).toMatchObject({ msg: '', fatal: false });
    expect(
      full.created.map((c) => `${String(c.kind)} ${(c.metadata as { name: string }).name}`),
    ).toEqual([
      'Node lab.spine1',
      'Node lab.leaf1',
      'Node lab.leaf2',
      'Link lab.leaf1-spine1',
      'Link lab.leaf2-spine1',
    ]);
    expect(full.created[0]).toEqual({
      apiVersion: 'infra.kubenet.dev/v1alpha1',
      kind: 'Node',
      metadata: { name: 'lab.spine1', namespace: 'default' },
      spec: { topology: 'lab', role: 'spine' },
    });
    const shrunk = reconcile(
      project,
      name,
      input('topology', 'shrunk/topo.kubenet.dev.topologies.lab.yaml'),
    );
    expect(shrunk.created.map((c) => (c.metadata as { name: string }).name)).toEqual([
      'lab.spine1',
      'lab.leaf1',
      'lab.leaf1-spine1',
    ]);
  });

  it('partitions: a Workload waits for its Partition to be Ready; the watch joins them by name', async () => {
    const { project } = await loadProject(join(examples, 'partitions'));
    const p1 = input('partitions', 'in/example.com.partitions.p1.yaml');
    const zoned = reconcile(project, 'example.com.partitions.zone', p1);
    expect(zoned.result).toMatchObject({
      msg: '',
      fatal: false,
      obj: { status: { zone: 'zone-p1' } },
    });

    const [web] = parseAllDocs('partitions', 'in/example.com.workloads.yaml');
    const placement = 'example.com.workloads.placement';
    const notReady = reconcile(project, placement, web!, [
      zoned.result.obj as Record<string, unknown>,
    ]);
    expect(notReady.result).toMatchObject({ msg: 'partition p1 is not Ready yet', fatal: false });
    const missing = reconcile(project, placement, web!, []);
    expect(missing.result).toMatchObject({ msg: 'partition p1: Partition p1 not found' });

    const ready = {
      ...(zoned.result.obj as Record<string, unknown>),
      status: { zone: 'zone-p1', conditions: [{ type: 'Ready', status: 'True' }] },
    };
    const placed = reconcile(project, placement, web!, [ready]);
    expect(placed.result).toMatchObject({ msg: '', obj: { status: { placedIn: 'zone-p1' } } });

    const watch = project.reconcilers.find((r) => r.name === placement)!.watches[0]!;
    const joined = compileJoin(watch);
    expect(joined(ready, web)).toBe(true);
    expect(joined(ready, { ...web, spec: { partition: 'p2' } })).toBe(false);
  });
});
