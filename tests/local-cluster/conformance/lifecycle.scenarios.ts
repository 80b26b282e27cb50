// Conformance: watch event sequences, finalizers and deletionTimestamp, owner-reference garbage
// collection (background, foreground, orphan) and namespace deletion.
import { describe, expect, it } from 'vitest';
import type { WatchEvent } from '../support/api-client';
import { eventually, uniqueName, type Target } from './targets';

const summary = (events: WatchEvent[]) =>
  events
    .filter((e) => e.type !== 'BOOKMARK')
    .map((e) => `${e.type} ${e.object.metadata.name} ${JSON.stringify(e.object.data ?? {})}`);

export function lifecycleScenarios(targets: Record<string, Target>, names: string[]): void {
  describe.each(names)('watch on %s', (name) => {
    const t = () => targets[name]!;
    const cms = () => `/api/v1/namespaces/${t().namespace}/configmaps`;

    it('replays events after a resourceVersion in order', async () => {
      const n = uniqueName('w');
      const created = (await t().client.post(cms(), { metadata: { name: n }, data: { v: '1' } }))
        .body;
      await t().client.patch(`${cms()}/${n}`, 'application/merge-patch+json', { data: { v: '2' } });
      await t().client.delete(`${cms()}/${n}`);
      const watch = await t().client.watch(cms(), {
        resourceVersion: created.metadata.resourceVersion,
        fieldSelector: `metadata.name=${n}`,
      });
      try {
        const events = await watch.until((es) => es.some((e) => e.type === 'DELETED'));
        expect(summary(events)).toEqual([`MODIFIED ${n} {"v":"2"}`, `DELETED ${n} {"v":"2"}`]);
        const versions = events.map((e) => Number(e.object.metadata.resourceVersion));
        expect(versions[1]!).toBeGreaterThan(versions[0]!);
      } finally {
        watch.close();
      }
    });

    it('starts with ADDED events for what exists when no resourceVersion is given', async () => {
      const label = uniqueName('initial');
      await t().client.post(cms(), { metadata: { name: `${label}-a`, labels: { set: label } } });
      await t().client.post(cms(), { metadata: { name: `${label}-b`, labels: { set: label } } });
      const watch = await t().client.watch(cms(), { labelSelector: `set=${label}` });
      try {
        const events = await watch.until((es) => es.length >= 2);
        expect(events.map((e) => `${e.type} ${e.object.metadata.name}`).sort()).toEqual([
          `ADDED ${label}-a`,
          `ADDED ${label}-b`,
        ]);
      } finally {
        watch.close();
      }
    });

    it('reports objects entering and leaving a label selector as ADDED and DELETED', async () => {
      const n = uniqueName('sel');
      const list = await t().client.get(cms());
      const watch = await t().client.watch(cms(), {
        resourceVersion: list.body.metadata.resourceVersion,
        labelSelector: `mark=${n}`,
      });
      try {
        await t().client.post(cms(), { metadata: { name: n }, data: { v: '0' } });
        await t().client.patch(`${cms()}/${n}`, 'application/merge-patch+json', {
          metadata: { labels: { mark: n } },
          data: { v: '1' },
        });
        await t().client.patch(`${cms()}/${n}`, 'application/merge-patch+json', {
          data: { v: '2' },
        });
        await t().client.patch(`${cms()}/${n}`, 'application/merge-patch+json', {
          metadata: { labels: { mark: null } },
          data: { v: '3' },
        });
        const events = await watch.until((es) => es.some((e) => e.type === 'DELETED'));
        // leaving the selection is reported with the last state that matched
        expect(summary(events)).toEqual([
          `ADDED ${n} {"v":"1"}`,
          `MODIFIED ${n} {"v":"2"}`,
          `DELETED ${n} {"v":"2"}`,
        ]);
      } finally {
        watch.close();
      }
    });
  });

  describe.each(names)('finalizers on %s', (name) => {
    const t = () => targets[name]!;
    const cms = () => `/api/v1/namespaces/${t().namespace}/configmaps`;

    it('keeps an object with finalizers until they are removed', async () => {
      const n = uniqueName('fin');
      const created = (
        await t().client.post(cms(), { metadata: { name: n, finalizers: ['example.com/hold'] } })
      ).body;
      const watch = await t().client.watch(cms(), {
        resourceVersion: created.metadata.resourceVersion,
        fieldSelector: `metadata.name=${n}`,
      });
      try {
        const deleting = await t().client.delete(`${cms()}/${n}`);
        expect(deleting.status).toBe(200);
        expect(deleting.body.kind).toBe('ConfigMap');
        expect(deleting.body.metadata.deletionTimestamp).toBeTruthy();
        expect(deleting.body.metadata.deletionGracePeriodSeconds).toBe(0);
        const still = await t().client.get(`${cms()}/${n}`);
        expect(still.status).toBe(200);
        const blocked = await t().client.patch(`${cms()}/${n}`, 'application/merge-patch+json', {
          metadata: { deletionTimestamp: null },
        });
        expect(blocked.body.metadata.deletionTimestamp).toBe(
          deleting.body.metadata.deletionTimestamp,
        );
        const released = await t().client.patch(`${cms()}/${n}`, 'application/json-patch+json', [
          { op: 'remove', path: '/metadata/finalizers' },
        ]);
        expect(released.status).toBe(200);
        expect((await t().client.get(`${cms()}/${n}`)).status).toBe(404);
        const events = await watch.until((es) => es.some((e) => e.type === 'DELETED'));
        expect(events.filter((e) => e.type !== 'BOOKMARK').map((e) => e.type)).toEqual([
          'MODIFIED',
          'DELETED',
        ]);
      } finally {
        watch.close();
      }
    });

    it('refuses new objects in a terminating namespace', async () => {
      const ns = uniqueName('term');
      await t().client.post('/api/v1/namespaces', { metadata: { name: ns } });
      await t().client.post(`/api/v1/namespaces/${ns}/configmaps`, {
        metadata: { name: 'held', finalizers: ['example.com/hold'] },
      });
      const deleting = await t().client.delete(`/api/v1/namespaces/${ns}`);
      expect(deleting.status).toBe(200);
      expect(deleting.body.status.phase).toBe('Terminating');
      const refused = await t().client.post(`/api/v1/namespaces/${ns}/configmaps`, {
        metadata: { name: 'late' },
      });
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({
        reason: 'Forbidden',
        message: `configmaps "late" is forbidden: unable to create new content in namespace ${ns} because it is being terminated`,
      });
      await eventually(async () => {
        const held = await t().client.get(`/api/v1/namespaces/${ns}/configmaps/held`);
        return held.body.metadata?.deletionTimestamp ? true : undefined;
      });
      expect((await t().client.get(`/api/v1/namespaces/${ns}`)).status).toBe(200);
      await t().client.patch(
        `/api/v1/namespaces/${ns}/configmaps/held`,
        'application/merge-patch+json',
        { metadata: { finalizers: null } },
      );
      await eventually(
        async () =>
          (await t().client.get(`/api/v1/namespaces/${ns}`)).status === 404 ? true : undefined,
        60_000,
        'the namespace to go',
      );
    });
  });

  describe.each(names)('garbage collection on %s', (name) => {
    const t = () => targets[name]!;
    const cms = () => `/api/v1/namespaces/${t().namespace}/configmaps`;
    const owned = (owner: { metadata: { name: string; uid: string } }, block?: boolean) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      name: owner.metadata.name,
      uid: owner.metadata.uid,
      ...(block === undefined ? {} : { blockOwnerDeletion: block }),
    });
    const gone = (path: string) =>
      eventually(
        async () => ((await t().client.get(path)).status === 404 ? true : undefined),
        30_000,
        `${path} to be deleted`,
      );

    it('deletes dependents in the background once the owner is gone', async () => {
      const owner = (await t().client.post(cms(), { metadata: { name: uniqueName('owner') } }))
        .body;
      const dep = uniqueName('dep');
      await t().client.post(cms(), { metadata: { name: dep, ownerReferences: [owned(owner)] } });
      await t().client.delete(`${cms()}/${owner.metadata.name}`);
      await gone(`${cms()}/${dep}`);
    });

    it('keeps a dependent that still has a live owner, dropping the dangling reference', async () => {
      const a = (await t().client.post(cms(), { metadata: { name: uniqueName('owner-a') } })).body;
      const b = (await t().client.post(cms(), { metadata: { name: uniqueName('owner-b') } })).body;
      const dep = uniqueName('dep2');
      await t().client.post(cms(), {
        metadata: { name: dep, ownerReferences: [owned(a), owned(b)] },
      });
      await t().client.delete(`${cms()}/${a.metadata.name}`);
      const refs = await eventually(async () => {
        const got = (await t().client.get(`${cms()}/${dep}`)).body;
        const r = got.metadata.ownerReferences;
        return r?.length === 1 ? r : undefined;
      });
      expect(refs[0].uid).toBe(b.metadata.uid);
    });

    it('deletes in the foreground: the owner waits for blocking dependents', async () => {
      const owner = (await t().client.post(cms(), { metadata: { name: uniqueName('fg') } })).body;
      const dep = uniqueName('fgdep');
      await t().client.post(cms(), {
        metadata: {
          name: dep,
          finalizers: ['example.com/hold'],
          ownerReferences: [owned(owner, true)],
        },
      });
      const res = await t().client.delete(`${cms()}/${owner.metadata.name}`, {
        body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground' },
      });
      expect(res.status).toBe(200);
      expect(res.body.metadata.finalizers).toEqual(['foregroundDeletion']);
      expect(res.body.metadata.deletionTimestamp).toBeTruthy();
      await eventually(async () =>
        (await t().client.get(`${cms()}/${dep}`)).body.metadata.deletionTimestamp
          ? true
          : undefined,
      );
      expect((await t().client.get(`${cms()}/${owner.metadata.name}`)).status).toBe(200);
      await t().client.patch(`${cms()}/${dep}`, 'application/merge-patch+json', {
        metadata: { finalizers: null },
      });
      await gone(`${cms()}/${dep}`);
      await gone(`${cms()}/${owner.metadata.name}`);
    });

    it('orphans dependents: the references go, the dependents stay', async () => {
      const owner = (await t().client.post(cms(), { metadata: { name: uniqueName('orph') } })).body;
      const dep = uniqueName('orphdep');
      await t().client.post(cms(), { metadata: { name: dep, ownerReferences: [owned(owner)] } });
      await t().client.delete(`${cms()}/${owner.metadata.name}`, {
        query: { propagationPolicy: 'Orphan' },
      });
      await gone(`${cms()}/${owner.metadata.name}`);
      const kept = (await t().client.get(`${cms()}/${dep}`)).body;
      expect(kept.metadata.ownerReferences).toBeUndefined();
    });

    it('collects a dependent whose owner never existed', async () => {
      const dep = uniqueName('dangling');
      await t().client.post(cms(), {
        metadata: {
          name: dep,
          ownerReferences: [
            {
              apiVersion: 'v1',
              kind: 'ConfigMap',
              name: 'ghost',
              uid: '4d1e5a3c-0000-4000-8000-000000000000',
            },
          ],
        },
      });
      await gone(`${cms()}/${dep}`);
    });
  });
}
