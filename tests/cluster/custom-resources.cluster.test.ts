// Acceptance: the test cluster is a real API server — custom resource definitions, watches and
// server-side apply with field managers behave as they do in a production cluster.
import {
  ApiException,
  ApiextensionsV1Api,
  CustomObjectsApi,
  KubernetesObjectApi,
  PatchStrategy,
  Watch,
  type KubernetesObject,
  type V1CustomResourceDefinition,
} from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testKubeConfig, useNamespace } from './fixtures';

const group = 'acceptance.starling.test';
const version = 'v1';
const plural = 'widgets';
const crdName = `${plural}.${group}`;

const namespace = useNamespace('custom-resources');
const config = testKubeConfig();
const extensions = config.makeApiClient(ApiextensionsV1Api);
const customObjects = config.makeApiClient(CustomObjectsApi);
const objects = KubernetesObjectApi.makeApiClient(config);

interface Widget extends KubernetesObject {
  spec?: { size?: number; color?: string };
}

const widgetDefinition: V1CustomResourceDefinition = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: crdName },
  spec: {
    group,
    scope: 'Namespaced',
    names: { plural, singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [
      {
        name: version,
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                properties: { size: { type: 'integer' }, color: { type: 'string' } },
              },
            },
          },
        },
      },
    ],
  },
};

function widget(name: string, spec: Widget['spec']): Widget {
  return {
    apiVersion: `${group}/${version}`,
    kind: 'Widget',
    metadata: { name, namespace: namespace.name },
    spec,
  };
}

/** Polls check every 100 ms until it returns a value other than undefined. */
async function eventually<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  await extensions.createCustomResourceDefinition({ body: widgetDefinition });
  await eventually('the CRD to be Established', async () => {
    const crd = await extensions.readCustomResourceDefinition({ name: crdName });
    const established = crd.status?.conditions?.find((c) => c.type === 'Established');
    return established?.status === 'True' ? crd : undefined;
  });
  // Established means served; discovery (which KubernetesObjectApi uses) may lag a moment.
  await eventually('Widget in discovery', () =>
    objects.list(`${group}/${version}`, 'Widget', namespace.name).catch(() => undefined),
  );
});

afterAll(async () => {
  await extensions.deleteCustomResourceDefinition({ name: crdName });
});

describe('custom resources on the test cluster', () => {
  it('creates and lists custom objects', async () => {
    await customObjects.createNamespacedCustomObject({
      group,
      version,
      namespace: namespace.name,
      plural,
      body: widget('listed', { size: 1 }),
    });
    const list = (await customObjects.listNamespacedCustomObject({
      group,
      version,
      namespace: namespace.name,
      plural,
    })) as { items: Widget[] };
    expect(list.items.map((w) => [w.metadata?.name, w.spec?.size])).toContainEqual(['listed', 1]);
  });

  it('watches custom objects being added, modified and deleted', async () => {
    const path = `/apis/${group}/${version}/namespaces/${namespace.name}/${plural}`;
    const start = (await customObjects.listNamespacedCustomObject({
      group,
      version,
      namespace: namespace.name,
      plural,
    })) as { metadata: { resourceVersion: string } };
    const events: string[] = [];
    const watching = await new Watch(config).watch(
      path,
      { resourceVersion: start.metadata.resourceVersion },
      (phase, object: Widget) =>
        events.push(`${phase} ${object.metadata?.name} ${object.spec?.size}`),
      () => {},
    );
    try {
      const body = widget('watched', { size: 1 });
      await customObjects.createNamespacedCustomObject({
        group,
        version,
        namespace: namespace.name,
        plural,
        body,
      });
      await customObjects.patchNamespacedCustomObject({
        group,
        version,
        namespace: namespace.name,
        plural,
        name: 'watched',
        body: [{ op: 'replace', path: '/spec/size', value: 2 }],
      });
      await customObjects.deleteNamespacedCustomObject({
        group,
        version,
        namespace: namespace.name,
        plural,
        name: 'watched',
      });
      await eventually('three watch events', async () => (events.length >= 3 ? events : undefined));
      expect(events).toEqual(['ADDED watched 1', 'MODIFIED watched 2', 'DELETED watched 2']);
    } finally {
      watching.abort();
    }
  });

  it('server-side applies with field managers and reports their conflict as a 409', async () => {
    const apply = (manager: string, spec: Widget['spec'], force = false) =>
      objects.patch(
        widget('applied', spec),
        undefined,
        undefined,
        manager,
        force,
        PatchStrategy.ServerSideApply,
      );

    const first = await apply('manager-a', { size: 3, color: 'red' });
    expect(first.spec).toEqual({ size: 3, color: 'red' });
    expect(first.metadata?.managedFields?.map((f) => [f.manager, f.operation])).toEqual([
      ['manager-a', 'Apply'],
    ]);

    const conflict = await apply('manager-b', { size: 4 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(conflict).toBeInstanceOf(ApiException);
    const apiError = conflict as ApiException<string>;
    expect(apiError.code).toBe(409);
    const status = JSON.parse(apiError.body) as { reason: string; message: string };
    expect(status.reason).toBe('Conflict');
    expect(status.message).toContain('Apply failed with 1 conflict: conflict with "manager-a"');
    expect(status.message).toContain('.spec.size');

    const forced = await apply('manager-b', { size: 4 }, true);
    expect(forced.spec).toEqual({ size: 4, color: 'red' });
    const owners = Object.fromEntries(
      (forced.metadata?.managedFields ?? []).map((f) => [f.manager, JSON.stringify(f.fieldsV1)]),
    );
    expect(owners['manager-b']).toContain('f:size');
    expect(owners['manager-a']).toContain('f:color');
    expect(owners['manager-a']).not.toContain('f:size');
  });
});
