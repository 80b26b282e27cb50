// Conformance: server-side apply — managedFields after sequences of applies and updates, field
// ownership conflicts and force, removal of fields a manager stops applying, list-map-key merges.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  customResourceDefinition,
  listMap,
  objectOf,
  stringSet,
} from '../../fixtures/custom-resources';
import { installCrd, uniqueName, type Target } from './targets';

export const portsCrd = customResourceDefinition({
  group: 'conformance.starling.dev',
  kind: 'Gateway',
  version: 'v1',
  spec: objectOf({
    replicas: { type: 'integer' },
    mode: { type: 'string' },
    ports: listMap(['name'], { name: { type: 'string' }, port: { type: 'integer' } }),
    tags: stringSet,
  }),
  status: objectOf({ ready: { type: 'boolean' } }),
});

type Entry = { manager: string; operation: string; fieldsV1: unknown; subresource?: string };
const managers = (obj: { metadata: { managedFields?: Entry[] } }) =>
  (obj.metadata.managedFields ?? []).map((e) => ({
    manager: e.manager,
    operation: e.operation,
    fieldsV1: e.fieldsV1,
    ...(e.subresource ? { subresource: e.subresource } : {}),
  }));

export function applyScenarios(targets: Record<string, Target>, names: string[]): void {
  describe.each(names)('server-side apply on %s', (name) => {
    const t = () => targets[name]!;
    const cms = () => `/api/v1/namespaces/${t().namespace}/configmaps`;
    const gateways = () => `/apis/conformance.starling.dev/v1/namespaces/${t().namespace}/gateways`;
    const cm = (n: string, data: Record<string, string>) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: n },
      data,
    });

    beforeAll(async () => {
      await installCrd(t().client, portsCrd);
    });

    it('records an Apply entry per manager and reports a conflict in the real message shape', async () => {
      const n = uniqueName('ssa');
      const created = await t().client.apply(`${cms()}/${n}`, cm(n, { a: '1' }), 'alice');
      expect(created.status).toBe(201);
      expect(managers(created.body)).toEqual([
        { manager: 'alice', operation: 'Apply', fieldsV1: { 'f:data': { 'f:a': {} } } },
      ]);
      const bob = await t().client.apply(`${cms()}/${n}`, cm(n, { b: '2' }), 'bob');
      expect(bob.status).toBe(200);
      expect(bob.body.data).toEqual({ a: '1', b: '2' });
      expect(managers(bob.body)).toEqual([
        { manager: 'alice', operation: 'Apply', fieldsV1: { 'f:data': { 'f:a': {} } } },
        { manager: 'bob', operation: 'Apply', fieldsV1: { 'f:data': { 'f:b': {} } } },
      ]);
      const clash = await t().client.apply(`${cms()}/${n}`, cm(n, { a: 'bob-wants-this' }), 'bob');
      expect(clash.status).toBe(409);
      expect(clash.body).toMatchObject({
        kind: 'Status',
        status: 'Failure',
        reason: 'Conflict',
        code: 409,
        message: 'Apply failed with 1 conflict: conflict with "alice": .data.a',
      });
      expect(clash.body.details.causes).toEqual([
        { reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.data.a' },
      ]);
      const forced = await t().client.apply(
        `${cms()}/${n}`,
        cm(n, { a: 'bob-wants-this' }),
        'bob',
        { query: { force: true } },
      );
      expect(forced.status).toBe(200);
      expect(forced.body.data).toEqual({ a: 'bob-wants-this' });
      expect(managers(forced.body)).toEqual([
        { manager: 'bob', operation: 'Apply', fieldsV1: { 'f:data': { 'f:a': {} } } },
      ]);
    });

    it('removes a field its only manager stops applying, and keeps the resourceVersion on a no-op', async () => {
      const n = uniqueName('prune');
      await t().client.apply(`${cms()}/${n}`, cm(n, { a: '1', b: '2' }), 'alice');
      const after = await t().client.apply(`${cms()}/${n}`, cm(n, { a: '1' }), 'alice');
      expect(after.body.data).toEqual({ a: '1' });
      const again = await t().client.apply(`${cms()}/${n}`, cm(n, { a: '1' }), 'alice');
      expect(again.body.metadata.resourceVersion).toBe(after.body.metadata.resourceVersion);
    });

    it('shares a field between an applier and an updater', async () => {
      const n = uniqueName('mixed');
      await t().client.apply(`${cms()}/${n}`, cm(n, { a: '1' }), 'alice');
      const updated = await t().client.patch(
        `${cms()}/${n}`,
        'application/merge-patch+json',
        { data: { a: '2', c: '3' } },
        { query: { fieldManager: 'editor' } },
      );
      // alice's only field moved to the updater: her entry goes away
      expect(managers(updated.body)).toEqual([
        {
          manager: 'editor',
          operation: 'Update',
          fieldsV1: { 'f:data': { 'f:a': {}, 'f:c': {} } },
        },
      ]);
      const clash = await t().client.apply(`${cms()}/${n}`, cm(n, { a: '1' }), 'alice');
      expect(clash.status).toBe(409);
      expect(clash.body.message).toBe(
        'Apply failed with 1 conflict: conflict with "editor" using v1: .data.a',
      );
    });

    it('merges list-map items by key across managers and owns them by key', async () => {
      const n = uniqueName('gw');
      const gw = (spec: object) => ({
        apiVersion: 'conformance.starling.dev/v1',
        kind: 'Gateway',
        metadata: { name: n },
        spec,
      });
      const first = await t().client.apply(
        `${gateways()}/${n}`,
        gw({ ports: [{ name: 'http', port: 80 }], tags: ['a'] }),
        'alice',
      );
      expect(first.status).toBe(201);
      expect(first.body.metadata.generation).toBe(1);
      const second = await t().client.apply(
        `${gateways()}/${n}`,
        gw({ ports: [{ name: 'https', port: 443 }], tags: ['b'] }),
        'bob',
      );
      expect(second.body.spec).toEqual({
        ports: [
          { name: 'http', port: 80 },
          { name: 'https', port: 443 },
        ],
        tags: ['a', 'b'],
      });
      expect(second.body.metadata.generation).toBe(2);
      expect(managers(second.body)).toEqual([
        {
          manager: 'alice',
          operation: 'Apply',
          fieldsV1: {
            'f:spec': {
              'f:ports': { 'k:{"name":"http"}': { '.': {}, 'f:name': {}, 'f:port': {} } },
              'f:tags': { 'v:"a"': {} },
            },
          },
        },
        {
          manager: 'bob',
          operation: 'Apply',
          fieldsV1: {
            'f:spec': {
              'f:ports': { 'k:{"name":"https"}': { '.': {}, 'f:name': {}, 'f:port': {} } },
              'f:tags': { 'v:"b"': {} },
            },
          },
        },
      ]);
      const clash = await t().client.apply(
        `${gateways()}/${n}`,
        gw({ ports: [{ name: 'http', port: 8080 }] }),
        'bob',
      );
      expect(clash.status).toBe(409);
      expect(clash.body.message).toBe(
        'Apply failed with 1 conflict: conflict with "alice": .spec.ports[name="http"].port',
      );
      const dropped = await t().client.apply(
        `${gateways()}/${n}`,
        gw({ ports: [{ name: 'http', port: 80 }] }),
        'alice',
      );
      expect(dropped.body.spec).toEqual({
        ports: [
          { name: 'http', port: 80 },
          { name: 'https', port: 443 },
        ],
        tags: ['b'],
      });
    });

    it('records status writes with the status subresource and keeps status out of main writes', async () => {
      const n = uniqueName('st');
      const gw = {
        apiVersion: 'conformance.starling.dev/v1',
        kind: 'Gateway',
        metadata: { name: n },
        spec: { replicas: 1 },
        status: { ready: true },
      };
      const created = await t().client.apply(`${gateways()}/${n}`, gw, 'alice');
      expect(created.body.status).toBeUndefined();
      const status = await t().client.apply(
        `${gateways()}/${n}/status`,
        { ...gw, spec: undefined },
        'controller',
      );
      expect(status.status).toBe(200);
      expect(status.body.status).toEqual({ ready: true });
      expect(status.body.metadata.generation).toBe(1);
      expect(managers(status.body)).toEqual([
        { manager: 'alice', operation: 'Apply', fieldsV1: { 'f:spec': { 'f:replicas': {} } } },
        {
          manager: 'controller',
          operation: 'Apply',
          fieldsV1: { 'f:status': { 'f:ready': {} } },
          subresource: 'status',
        },
      ]);
    });

    it('refuses apply without a field manager and with a mismatched kind', async () => {
      const n = uniqueName('bad');
      const noManager = await t().client.request('PATCH', `${cms()}/${n}`, {
        body: cm(n, {}),
        contentType: 'application/apply-patch+yaml',
      });
      expect(noManager.status).toBe(422);
      expect(noManager.body).toMatchObject({
        reason: 'Invalid',
        message:
          'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
      });
      const wrongKind = await t().client.apply(
        `${cms()}/${n}`,
        { apiVersion: 'v1', kind: 'Secret', metadata: { name: n } },
        'alice',
      );
      expect(wrongKind.status).toBe(400);
      expect(wrongKind.body.message).toBe('invalid object type: /v1, Kind=Secret');
    });
  });
}
