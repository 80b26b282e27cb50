// Conformance: the verbs on built-in objects and the Status errors they give.
import { describe, expect, it } from 'vitest';
import { uniqueName, type Target } from './targets';

export function objectScenarios(targets: Record<string, Target>, names: string[]): void {
  describe.each(names)('objects on %s', (name) => {
    const t = () => targets[name]!;
    const cms = () => `/api/v1/namespaces/${t().namespace}/configmaps`;

    it('creates with server-set metadata and returns 201', async () => {
      const res = await t().client.post(cms(), {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: uniqueName('cm') },
        data: { a: '1' },
      });
      expect(res.status).toBe(201);
      const meta = res.body.metadata;
      expect(meta.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(meta.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      expect(meta.resourceVersion).toMatch(/^\d+$/);
      expect(meta.generation).toBeUndefined();
      expect(meta.managedFields).toEqual([
        {
          manager: 'conformance',
          operation: 'Update',
          apiVersion: 'v1',
          time: meta.creationTimestamp,
          fieldsType: 'FieldsV1',
          fieldsV1: { 'f:data': { '.': {}, 'f:a': {} } },
        },
      ]);
    });

    it('generates names from generateName', async () => {
      const res = await t().client.post(cms(), { metadata: { generateName: 'gen-' } });
      expect(res.status).toBe(201);
      expect(res.body.metadata.name).toMatch(/^gen-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(res.body.metadata.generateName).toBe('gen-');
    });

    it('reports a missing object as 404 NotFound with its kind and name', async () => {
      const res = await t().client.get(`${cms()}/nothing-here`);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: 'configmaps "nothing-here" not found',
        reason: 'NotFound',
        details: { name: 'nothing-here', kind: 'configmaps' },
        code: 404,
      });
    });

    it('reports a duplicate as 409 AlreadyExists', async () => {
      const n = uniqueName('dup');
      await t().client.post(cms(), { metadata: { name: n } });
      const res = await t().client.post(cms(), { metadata: { name: n } });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({
        reason: 'AlreadyExists',
        message: `configmaps "${n}" already exists`,
        details: { name: n, kind: 'configmaps' },
        code: 409,
      });
    });

    it('refuses a stale resourceVersion with 409 Conflict', async () => {
      const n = uniqueName('stale');
      const created = (await t().client.post(cms(), { metadata: { name: n }, data: { a: '1' } }))
        .body;
      await t().client.put(`${cms()}/${n}`, { ...created, data: { a: '2' } });
      const res = await t().client.put(`${cms()}/${n}`, { ...created, data: { a: '3' } });
      expect(res.status).toBe(409);
      expect(res.body).toMatchObject({
        reason: 'Conflict',
        message: `Operation cannot be fulfilled on configmaps "${n}": the object has been modified; please apply your changes to the latest version and try again`,
        details: { name: n, kind: 'configmaps' },
      });
    });

    it('keeps the resourceVersion when an update changes nothing', async () => {
      const n = uniqueName('noop');
      const created = (await t().client.post(cms(), { metadata: { name: n }, data: { a: '1' } }))
        .body;
      const same = await t().client.put(`${cms()}/${n}`, created);
      expect(same.status).toBe(200);
      expect(same.body.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
      const patched = await t().client.patch(`${cms()}/${n}`, 'application/merge-patch+json', {
        data: { a: '1' },
      });
      expect(patched.body.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
    });

    it('rejects an invalid name with 422 Invalid and a field cause', async () => {
      const res = await t().client.post(cms(), { metadata: { name: 'Bad_Name' } });
      expect(res.status).toBe(422);
      expect(res.body.reason).toBe('Invalid');
      expect(res.body.message).toMatch(
        /^ConfigMap "Bad_Name" is invalid: metadata\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of/,
      );
      expect(res.body.details).toMatchObject({ name: 'Bad_Name', kind: 'ConfigMap' });
      expect(res.body.details.causes[0]).toMatchObject({
        reason: 'FieldValueInvalid',
        field: 'metadata.name',
      });
    });

    it('requires a name or generateName', async () => {
      const res = await t().client.post(cms(), { metadata: {} });
      expect(res.status).toBe(422);
      expect(res.body.message).toBe(
        'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
      );
    });

    it('refuses to create in a namespace that does not exist', async () => {
      const res = await t().client.post('/api/v1/namespaces/no-such-namespace/configmaps', {
        metadata: { name: 'x' },
      });
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({
        reason: 'NotFound',
        message: 'namespaces "no-such-namespace" not found',
        details: { name: 'no-such-namespace', kind: 'namespaces' },
      });
    });

    it('refuses a body whose namespace differs from the URL', async () => {
      const res = await t().client.post(cms(), { metadata: { name: 'x', namespace: 'elsewhere' } });
      expect(res.status).toBe(400);
      expect(res.body.reason).toBe('BadRequest');
      expect(res.body.message).toBe(
        'the namespace of the provided object does not match the namespace sent on the request',
      );
    });

    it('refuses a name that differs from the URL on update', async () => {
      const n = uniqueName('named');
      const created = (await t().client.post(cms(), { metadata: { name: n } })).body;
      const res = await t().client.put(`${cms()}/${n}`, {
        ...created,
        metadata: { ...created.metadata, name: 'other' },
      });
      expect(res.status).toBe(400);
      expect(res.body.message).toBe(
        `the name of the object (other) does not match the name on the URL (${n})`,
      );
    });

    it('answers an unsupported content type with 415', async () => {
      const res = await t().client.post(cms(), 'name: x', { raw: true, contentType: 'text/plain' });
      expect(res.status).toBe(415);
      expect(res.body.reason).toBe('UnsupportedMediaType');
    });

    it('answers malformed JSON with 400 and stores nothing', async () => {
      const before = (await t().client.get(cms())).body.items.length;
      const res = await t().client.post(cms(), '{"metadata": {"name": "half"', { raw: true });
      expect(res.status).toBe(400);
      expect(res.body.kind).toBe('Status');
      expect((await t().client.get(cms())).body.items.length).toBe(before);
    });

    it('answers an unknown resource with 404', async () => {
      const res = await t().client.get(`/api/v1/namespaces/${t().namespace}/nosuchthings`);
      expect(res.status).toBe(404);
      expect(res.body.reason).toBe('NotFound');
    });

    it('does a dry-run create without storing it', async () => {
      const n = uniqueName('dry');
      const res = await t().client.post(
        cms(),
        { metadata: { name: n } },
        { query: { dryRun: 'All' } },
      );
      expect(res.status).toBe(201);
      expect(res.body.metadata.name).toBe(n);
      expect(res.body.metadata.uid).toBeTruthy();
      expect(res.body.metadata.resourceVersion).toBeUndefined();
      expect((await t().client.get(`${cms()}/${n}`)).status).toBe(404);
    });

    it('deletes a configmap answering a Success Status with its uid', async () => {
      const n = uniqueName('del');
      const created = (await t().client.post(cms(), { metadata: { name: n } })).body;
      const res = await t().client.delete(`${cms()}/${n}`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Success',
        details: { name: n, kind: 'configmaps', uid: created.metadata.uid },
      });
    });

    it('checks delete preconditions', async () => {
      const n = uniqueName('pre');
      await t().client.post(cms(), { metadata: { name: n } });
      const res = await t().client.delete(`${cms()}/${n}`, {
        body: {
          kind: 'DeleteOptions',
          apiVersion: 'v1',
          preconditions: { uid: '00000000-0000-0000-0000-000000000000' },
        },
      });
      expect(res.status).toBe(409);
      expect(res.body.reason).toBe('Conflict');
      expect(res.body.message).toMatch(
        new RegExp(
          `^Operation cannot be fulfilled on ConfigMap "${n}": the UID in the precondition \\(00000000-0000-0000-0000-000000000000\\) does not match the UID in record \\([0-9a-f-]{36}\\)\\. The object might have been deleted and then recreated$`,
        ),
      );
    });

    it('turns stringData into base64 data and defaults the secret type', async () => {
      const n = uniqueName('secret');
      const res = await t().client.post(`/api/v1/namespaces/${t().namespace}/secrets`, {
        metadata: { name: n },
        stringData: { password: 'hunter2' },
      });
      expect(res.status).toBe(201);
      expect(res.body.data).toEqual({ password: Buffer.from('hunter2').toString('base64') });
      expect(res.body.stringData).toBeUndefined();
      expect(res.body.type).toBe('Opaque');
    });

    it('applies JSON patches and reports a failed test operation', async () => {
      const n = uniqueName('jp');
      await t().client.post(cms(), { metadata: { name: n }, data: { a: '1' } });
      const ok = await t().client.patch(`${cms()}/${n}`, 'application/json-patch+json', [
        { op: 'test', path: '/data/a', value: '1' },
        { op: 'add', path: '/data/b', value: '2' },
        { op: 'remove', path: '/data/a' },
      ]);
      expect(ok.status).toBe(200);
      expect(ok.body.data).toEqual({ b: '2' });
      const failed = await t().client.patch(`${cms()}/${n}`, 'application/json-patch+json', [
        { op: 'test', path: '/data/b', value: 'x' },
      ]);
      expect(failed.status).toBe(422);
      expect(failed.body.reason).toBe('Invalid');
    });

    it('lists in chunks with continue tokens and a remaining count', async () => {
      const label = uniqueName('chunk');
      for (let i = 0; i < 5; i++) {
        await t().client.post(cms(), {
          metadata: { name: `${label}-${i}`, labels: { chunk: label } },
        });
      }
      const first = await t().client.get(cms(), { query: { limit: 2 } });
      expect(first.body.items).toHaveLength(2);
      expect(first.body.metadata.continue).toBeTruthy();
      const total = (await t().client.get(cms())).body.items.length;
      expect(first.body.metadata.remainingItemCount).toBe(total - 2);
      const names: string[] = first.body.items.map(
        (i: { metadata: { name: string } }) => i.metadata.name,
      );
      let token = first.body.metadata.continue;
      while (token) {
        const next = await t().client.get(cms(), { query: { limit: 2, continue: token } });
        names.push(...next.body.items.map((i: { metadata: { name: string } }) => i.metadata.name));
        token = next.body.metadata.continue;
      }
      expect(names).toHaveLength(total);
      expect([...names].sort()).toEqual(names);
      const selected = await t().client.get(cms(), { query: { labelSelector: `chunk=${label}` } });
      expect(
        selected.body.items.map((i: { metadata: { name: string } }) => i.metadata.name),
      ).toEqual([0, 1, 2, 3, 4].map((i) => `${label}-${i}`));
      const byName = await t().client.get(cms(), {
        query: { fieldSelector: `metadata.name=${label}-3` },
      });
      expect(byName.body.items).toHaveLength(1);
    });

    it('refuses a field selector on an unsupported field', async () => {
      const res = await t().client.get(cms(), { query: { fieldSelector: 'data.a=1' } });
      expect(res.status).toBe(400);
      expect(res.body.reason).toBe('BadRequest');
      expect(res.body.message).toContain('"data.a" is not a known field selector');
    });
  });
}
