import { afterAll, beforeAll, expect, it } from 'vitest';
import type { KubeObject } from '../../../src-main/contract';
import { KubeApi, type Gvk } from '../../../src-main/reconciler/runtime/kube-api';
import { applyCrds } from '../../../src-main/reconciler/runtime/setup';
import { applyChangesNothing } from '../../../src-main/reconciler/runtime/unchanged-apply';
import type { JsonObject } from '../../../src-main/reconciler/runtime/values';
import {
  customResourceDefinition,
  listMap,
  objectOf,
  stringSet,
} from '../../fixtures/custom-resources';
import { project, type Connect } from './support';

const group = 'unchanged.starling.dev';
const widget: Gvk = { group, version: 'v1alpha1', kind: 'Widget' };
const configMap: Gvk = { group: '', version: 'v1', kind: 'ConfigMap' };

/** A kind with every shape of field a field set records differently. */
const widgetCrd = {
  object: customResourceDefinition({
    group,
    kind: 'Widget',
    spec: objectOf({
      size: { type: 'integer' },
      note: { type: 'string' },
      labels: { type: 'object', additionalProperties: { type: 'string' } },
      extra: { type: 'object', additionalProperties: { type: 'string' } },
      pinned: {
        type: 'object',
        'x-kubernetes-map-type': 'atomic',
        additionalProperties: { type: 'string' },
      },
      ports: listMap(['name'], { name: { type: 'string' }, port: { type: 'integer' } }),
      tags: stringSet,
      args: { type: 'array', items: { type: 'string' } },
    }),
  }),
};

/**
 * `applyChangesNothing` against a real server: for each case the prediction is made from the
 * object as read, then the apply is sent anyway and its resourceVersion says whether the server
 * changed the object. A prediction of "unchanged" must always hold; the cases named "changes"
 * must be predicted as changes (and are changes).
 */
export function unchangedApplyBehaviour(connect: Connect): void {
  let cluster: Awaited<ReturnType<Connect>>;
  let api: KubeApi;
  const namespace = `unchanged-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    cluster = await connect();
    api = new KubeApi(cluster.connection);
    await applyCrds(api, project({ crds: [widgetCrd] }));
    await api.apply(
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
      { manager: 'test' },
      { builtin: 'test' },
    );
  });
  afterAll(async () => {
    if (api) {
      const ns = { group: '', version: 'v1', kind: 'Namespace' };
      await api.delete(ns, undefined, namespace, {}, { builtin: 'test' }).catch(() => undefined);
    }
    await cluster?.close();
  });

  const spec = () => ({
    size: 3,
    note: 'n',
    labels: { a: '1', b: '2' },
    extra: {},
    ports: [
      { name: 'http', port: 80 },
      { name: 'https', port: 443 },
    ],
    tags: ['red', 'blue'],
    args: ['--one', '--two'],
  });

  const widgetObject = (name: string, s: JsonObject = spec()): JsonObject => ({
    apiVersion: `${group}/v1alpha1`,
    kind: 'Widget',
    metadata: { name, namespace, labels: { app: 'w' } },
    spec: s,
  });

  const apply = (obj: JsonObject, manager: string, status = false) =>
    api.apply(
      structuredClone(obj),
      { manager, ...(status ? { subresource: 'status' as const } : {}) },
      { builtin: 'test' },
    );

  const read = async (gvk: Gvk, name: string) =>
    (await api.get(gvk, namespace, name, { builtin: 'test' })) as KubeObject;

  /** Predicts, applies, and checks the prediction against what the server did. */
  async function expectApply(
    gvk: Gvk,
    obj: JsonObject,
    manager: string,
    expected: 'unchanged' | 'changes',
    status = false,
  ): Promise<KubeObject> {
    const name = (obj.metadata as { name: string }).name;
    const live = await read(gvk, name);
    const predicted = applyChangesNothing(
      obj,
      live as JsonObject,
      manager,
      status ? 'status' : undefined,
    );
    const result = await apply(obj, manager, status);
    const same = result.metadata?.resourceVersion === live.metadata?.resourceVersion;
    expect({ predicted, serverUnchanged: same }).toEqual({
      predicted: expected === 'unchanged',
      serverUnchanged: expected === 'unchanged',
    });
    return result;
  }

  it('predicts an unchanged apply of every shape of field as unchanged', async () => {
    const w = widgetObject('same');
    await apply(w, 'm');
    await expectApply(widget, w, 'm', 'unchanged');
    // status through the status subresource, with a condition list
    const status = {
      apiVersion: `${group}/v1alpha1`,
      kind: 'Widget',
      metadata: { name: 'same', namespace },
      status: {
        children: 3,
        conditions: [{ type: 'Ready', status: 'True', reason: 'Ready', message: '' }],
      },
    };
    await apply(status, 'm', true);
    await expectApply(widget, status, 'm', 'unchanged', true);
  });

  it('predicts a child with an ownerReference and a uid as unchanged', async () => {
    const owner = await apply(widgetObject('owner'), 'test');
    const child: JsonObject = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'owner-a',
        namespace,
        ownerReferences: [
          {
            apiVersion: `${group}/v1alpha1`,
            kind: 'Widget',
            name: 'owner',
            uid: owner.metadata!.uid!,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      data: { part: 'a' },
    };
    await apply(child, 'm');
    await expectApply(configMap, child, 'm', 'unchanged');
    const uid = (await read(configMap, 'owner-a')).metadata!.uid!;
    await expectApply(
      configMap,
      { ...child, metadata: { ...(child.metadata as JsonObject), uid } },
      'm',
      'unchanged',
    );
  });

  it('predicts a changed value as a change', async () => {
    const w = widgetObject('value');
    await apply(w, 'm');
    await expectApply(widget, widgetObject('value', { ...spec(), size: 4 }), 'm', 'changes');
    await expectApply(
      widget,
      widgetObject('value', { ...spec(), size: 4, labels: { a: '1', b: '3' } }),
      'm',
      'changes',
    );
    await expectApply(
      widget,
      widgetObject('value', {
        ...spec(),
        size: 4,
        labels: { a: '1', b: '3' },
        ports: [
          { name: 'http', port: 8080 },
          { name: 'https', port: 443 },
        ],
      }),
      'm',
      'changes',
    );
  });

  it('predicts a field the manager stops applying as a change (the server removes it)', async () => {
    await apply(widgetObject('removed'), 'm');
    const { note: _note, ...withoutNote } = spec();
    const result = await expectApply(widget, widgetObject('removed', withoutNote), 'm', 'changes');
    expect((result.spec as JsonObject).note).toBeUndefined();
    const fewerTags = { ...withoutNote, tags: ['red'] };
    await expectApply(widget, widgetObject('removed', fewerTags), 'm', 'changes');
    const fewerPorts = { ...fewerTags, ports: [{ name: 'http', port: 80 }] };
    await expectApply(widget, widgetObject('removed', fewerPorts), 'm', 'changes');
    const fewerLabels = { ...fewerPorts, labels: { a: '1' } };
    await expectApply(widget, widgetObject('removed', fewerLabels), 'm', 'changes');
  });

  it("predicts taking back a field another manager changed, or applying another manager's field, as a change", async () => {
    const w = widgetObject('others');
    await apply(w, 'm');
    // another applier forces a different value: m no longer owns spec.size
    await apply(widgetObject('others', { size: 9 }), 'other');
    await expectApply(widget, w, 'm', 'changes');
    // an update (not an apply) of a value m owns
    await cluster.connection.http.request({
      method: 'PATCH',
      path: `/apis/${group}/v1alpha1/namespaces/${namespace}/widgets/others`,
      query: { fieldManager: 'editor' },
      contentType: 'application/merge-patch+json',
      body: { spec: { note: 'edited' } },
    });
    await expectApply(widget, w, 'm', 'changes');
    // another manager owns a field with the value m now applies too: m's field set grows
    const shared = widgetObject('shared');
    const { size: _size, ...withoutSize } = spec();
    await apply(widgetObject('shared', withoutSize), 'm');
    await apply(widgetObject('shared', { size: 3 }), 'other');
    await expectApply(widget, shared, 'm', 'changes');
    // ...and once both own it with the same value, applying it again changes nothing
    await expectApply(widget, shared, 'm', 'unchanged');
  });

  it('predicts a changed status or condition as a change', async () => {
    await apply(widgetObject('status'), 'm');
    const status = (message: string) => ({
      apiVersion: `${group}/v1alpha1`,
      kind: 'Widget',
      metadata: { name: 'status', namespace },
      status: { conditions: [{ type: 'Ready', status: 'False', reason: 'Failed', message }] },
    });
    await apply(status('one'), 'm', true);
    await expectApply(widget, status('two'), 'm', 'changes', true);
    // the main resource's entry is not the status entry
    expect(
      applyChangesNothing(status('two'), (await read(widget, 'status')) as JsonObject, 'm'),
    ).toBe(false);
  });

  it('sends what it cannot prove unchanged: reordered lists, atomic maps', async () => {
    const pinned = { ...spec(), pinned: { x: 'y' } };
    await apply(widgetObject('order', pinned), 'm');
    const variants: JsonObject[] = [
      pinned, // a leaf for a non-empty map: atomic, or granular and applied empty before
      { ...pinned, tags: ['blue', 'red'] },
      {
        ...pinned,
        ports: [
          { name: 'https', port: 443 },
          { name: 'http', port: 80 },
        ],
      },
      { ...pinned, args: ['--two', '--one'] },
      { ...pinned, pinned: { x: 'z' } },
    ];
    for (const s of variants) {
      const obj = widgetObject('order', s);
      const live = await read(widget, 'order');
      expect(applyChangesNothing(obj, live as JsonObject, 'm')).toBe(false);
      await apply(obj, 'm');
    }
  });
}
