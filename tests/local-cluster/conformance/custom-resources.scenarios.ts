// Conformance: custom resources through their schema — validation with field paths, pruning,
// defaulting (on writes and on reads of objects stored before a default existed),
// x-kubernetes-preserve-unknown-fields, int-or-string, embedded resources, the status and scale
// subresources, fieldValidation, and patches whose results the schema judges.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ApiResponse } from '../support/api-client';
import { eventually, installCrd, uniqueName, type Target } from './targets';

const group = 'conformance.starling.dev';

export const widgetsCrd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `widgets.${group}` },
  spec: {
    group,
    scope: 'Namespaced',
    names: { plural: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        subresources: {
          status: {},
          scale: { specReplicasPath: '.spec.replicas', statusReplicasPath: '.status.replicas' },
        },
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['mode'],
                properties: {
                  replicas: { type: 'integer', minimum: 0, default: 1 },
                  mode: { type: 'string', enum: ['fast', 'slow'], default: 'fast' },
                  label: { type: 'string', maxLength: 5 },
                  size: { 'x-kubernetes-int-or-string': true },
                  tags: {
                    type: 'array',
                    items: { type: 'string' },
                    'x-kubernetes-list-type': 'set',
                  },
                  free: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                  template: {
                    type: 'object',
                    'x-kubernetes-embedded-resource': true,
                    'x-kubernetes-preserve-unknown-fields': true,
                  },
                },
              },
              status: {
                type: 'object',
                properties: { replicas: { type: 'integer' }, ready: { type: 'boolean' } },
              },
            },
          },
        },
      },
    ],
  },
};

/** A CRD whose schema a test changes (a default added after objects were stored). */
function gadgetsCrd(withColor: boolean) {
  const properties: Record<string, unknown> = { size: { type: 'integer' } };
  if (withColor) properties.color = { type: 'string', default: 'blue' };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `gadgets.${group}` },
    spec: {
      group,
      scope: 'Namespaced',
      names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget', listKind: 'GadgetList' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: { spec: { type: 'object', properties } },
            },
          },
        },
      ],
    },
  };
}

type Cause = { reason: string; message: string; field: string };

/** The 422 Invalid of a Widget, with its causes in the order given. */
function invalidWidget(name: string, causes: Cause[]) {
  const text = causes.map((c) => `${c.field}: ${c.message}`);
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: `Widget.${group} "${name}" is invalid: ${text.length === 1 ? text[0] : `[${text.join(', ')}]`}`,
    reason: 'Invalid',
    details: { name, group, kind: 'Widget', causes },
    code: 422,
  };
}

function warnings(res: ApiResponse): string[] {
  const header = res.headers.warning;
  if (header === undefined) return [];
  const text = Array.isArray(header) ? header.join(', ') : header;
  return [...text.matchAll(/299 - "((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`));
}

export function customResourceScenarios(targets: Record<string, Target>, names: string[]): void {
  describe.each(names)('custom resources through their schema on %s', (name) => {
    const t = () => targets[name]!;
    const widgets = () => `/apis/${group}/v1/namespaces/${t().namespace}/widgets`;
    const widget = (n: string, spec: unknown, extra: object = {}) => ({
      apiVersion: `${group}/v1`,
      kind: 'Widget',
      metadata: { name: n },
      spec,
      ...extra,
    });

    beforeAll(async () => {
      await installCrd(t().client, widgetsCrd);
    });

    it('defaults on create and keeps preserved and int-or-string fields', async () => {
      const plain = await t().client.post(widgets(), widget(uniqueName('w'), {}));
      expect(plain.status).toBe(201);
      expect(plain.body.spec).toEqual({ mode: 'fast', replicas: 1 });
      const rich = await t().client.post(
        widgets(),
        widget(uniqueName('w'), { free: { any: { deep: [1, 'x'] } }, size: '50%' }),
      );
      expect(rich.status).toBe(201);
      expect(rich.body.spec).toEqual({
        free: { any: { deep: [1, 'x'] } },
        mode: 'fast',
        replicas: 1,
        size: '50%',
      });
      const number = await t().client.post(widgets(), widget(uniqueName('w'), { size: 3 }));
      expect(number.body.spec.size).toBe(3);
    });

    it('prunes unknown fields with a warning by default, silently with Ignore', async () => {
      const n = uniqueName('w');
      const warned = await t().client.post(widgets(), widget(n, { bogus: 1 }, { extra: 2 }));
      expect(warned.status).toBe(201);
      expect(warnings(warned)).toEqual(['unknown field "extra"', 'unknown field "spec.bogus"']);
      expect(warned.body.spec).toEqual({ mode: 'fast', replicas: 1 });
      expect(warned.body.extra).toBeUndefined();
      const stored = await t().client.get(`${widgets()}/${n}`);
      expect(stored.body.spec).toEqual({ mode: 'fast', replicas: 1 });
      const ignored = await t().client.post(widgets(), widget(uniqueName('w'), { bogus: 1 }), {
        query: { fieldValidation: 'Ignore' },
      });
      expect(ignored.status).toBe(201);
      expect(ignored.headers.warning).toBeUndefined();
      expect(ignored.body.spec).toEqual({ mode: 'fast', replicas: 1 });
    });

    it('refuses unknown fields with fieldValidation=Strict and stores nothing', async () => {
      const n = uniqueName('w');
      const res = await t().client.post(widgets(), widget(n, { bogus: 1 }, { extra: 2 }), {
        query: { fieldValidation: 'Strict' },
      });
      expect(res.status).toBe(400);
      expect(res.body).toMatchObject({
        reason: 'BadRequest',
        message:
          'Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field "extra", unknown field "spec.bogus"',
      });
      expect((await t().client.get(`${widgets()}/${n}`)).status).toBe(404);
    });

    it('reports schema violations as 422 Invalid with a cause per field', async () => {
      const n = uniqueName('w');
      const res = await t().client.post(
        widgets(),
        widget(n, { replicas: -1, mode: 'medium', label: 'toolong', size: true, tags: ['x', 'x'] }),
      );
      expect(res.status).toBe(422);
      const causes = res.body.details.causes as Cause[];
      // The schema's own errors come in no fixed order (Go map iteration); the scale check
      // follows them and the list-type invariants come last.
      expect(causes.slice(0, 4).sort((a, b) => a.field.localeCompare(b.field))).toEqual([
        {
          reason: 'FieldValueTooLong',
          message: 'Too long: may not be more than 5 bytes',
          field: 'spec.label',
        },
        {
          reason: 'FieldValueNotSupported',
          message: 'Unsupported value: "medium": supported values: "fast", "slow"',
          field: 'spec.mode',
        },
        {
          reason: 'FieldValueInvalid',
          message: 'Invalid value: -1: spec.replicas in body should be greater than or equal to 0',
          field: 'spec.replicas',
        },
        {
          reason: 'FieldValueTypeInvalid',
          message:
            'Invalid value: "boolean": spec.size in body must be of type integer,string: "boolean"',
          field: 'spec.size',
        },
      ]);
      expect(causes.slice(4)).toEqual([
        {
          reason: 'FieldValueInvalid',
          message: 'Invalid value: -1: should be a non-negative integer',
          field: '.spec.replicas',
        },
        { reason: 'FieldValueDuplicate', message: 'Duplicate value: "x"', field: 'spec.tags[1]' },
      ]);
      expect(res.body.message).toBe(invalidWidget(n, causes).message);
      expect((await t().client.get(`${widgets()}/${n}`)).status).toBe(404);
    });

    it("words a value of the wrong type in the schema's terms", async () => {
      const n = uniqueName('w');
      const res = await t().client.post(widgets(), widget(n, { replicas: 'two' }));
      expect(res.body).toEqual(
        invalidWidget(n, [
          {
            reason: 'FieldValueTypeInvalid',
            message:
              'Invalid value: "string": spec.replicas in body must be of type integer: "string"',
            field: 'spec.replicas',
          },
          {
            reason: 'FieldValueInvalid',
            message:
              'Invalid value: 0: .spec.replicas accessor error: two is of the type string, expected int64',
            field: '.spec.replicas',
          },
        ]),
      );
    });

    it('validates embedded resources and prunes their metadata', async () => {
      const n = uniqueName('w');
      const missing = await t().client.post(
        widgets(),
        widget(n, { template: { metadata: { name: 'x' } } }),
      );
      expect(missing.body).toEqual(
        invalidWidget(n, [
          {
            reason: 'FieldValueRequired',
            message: 'Required value',
            field: 'spec.template.apiVersion',
          },
          { reason: 'FieldValueRequired', message: 'Required value', field: 'spec.template.kind' },
        ]),
      );
      const template = {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'x', bogus: 1 },
        data: { a: 'b' },
      };
      const ok = await t().client.post(widgets(), widget(n, { template }));
      expect(ok.status).toBe(201);
      expect(warnings(ok)).toEqual(['unknown field "spec.template.metadata.bogus"']);
      expect(ok.body.spec.template).toEqual({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'x' },
        data: { a: 'b' },
      });
    });

    it('keeps status out of main writes and validates writes to /status', async () => {
      const n = uniqueName('w');
      const created = await t().client.post(
        widgets(),
        widget(n, { mode: 'slow' }, { status: { replicas: 3 } }),
      );
      expect(created.status).toBe(201);
      expect(created.body.status).toBeUndefined();
      const bad = await t().client.patch(
        `${widgets()}/${n}/status`,
        'application/merge-patch+json',
        { status: { replicas: 'x' } },
      );
      expect(bad.body).toEqual(
        invalidWidget(n, [
          {
            reason: 'FieldValueTypeInvalid',
            message: 'Invalid value: "string": replicas in body must be of type integer: "string"',
            field: 'status.replicas',
          },
          {
            reason: 'FieldValueInvalid',
            message:
              'Invalid value: 0: .status.replicas accessor error: x is of the type string, expected int64',
            field: '.status.replicas',
          },
        ]),
      );
      const ok = await t().client.patch(
        `${widgets()}/${n}/status`,
        'application/merge-patch+json',
        { status: { replicas: 2, ready: true }, spec: { mode: 'fast' } },
      );
      expect(ok.status).toBe(200);
      expect(ok.body.spec).toEqual({ mode: 'slow', replicas: 1 });
      expect(ok.body.status).toEqual({ replicas: 2, ready: true });
    });

    it('reads and writes replicas through the scale subresource, judged by the schema', async () => {
      const n = uniqueName('w');
      await t().client.post(widgets(), widget(n, { replicas: 2 }));
      const scale = await t().client.get(`${widgets()}/${n}/scale`);
      expect(scale.body).toMatchObject({
        kind: 'Scale',
        apiVersion: 'autoscaling/v1',
        metadata: { name: n, namespace: t().namespace },
        spec: { replicas: 2 },
        status: { replicas: 0 },
      });
      const scaled = await t().client.patch(
        `${widgets()}/${n}/scale`,
        'application/merge-patch+json',
        { spec: { replicas: 4 } },
      );
      expect(scaled.status).toBe(200);
      expect(scaled.body.spec).toEqual({ replicas: 4 });
      expect((await t().client.get(`${widgets()}/${n}`)).body.spec.replicas).toBe(4);
      const negative = await t().client.put(`${widgets()}/${n}/scale`, {
        ...scaled.body,
        spec: { replicas: -1 },
      });
      expect(negative.body).toEqual(
        invalidWidget(n, [
          {
            reason: 'FieldValueInvalid',
            message:
              'Invalid value: -1: spec.replicas in body should be greater than or equal to 0',
            field: 'spec.replicas',
          },
          {
            reason: 'FieldValueInvalid',
            message: 'Invalid value: -1: should be a non-negative integer',
            field: '.spec.replicas',
          },
        ]),
      );
    });

    it('judges the result of every patch type by the schema', async () => {
      const n = uniqueName('w');
      await t().client.post(widgets(), widget(n, { mode: 'slow' }));
      const path = `${widgets()}/${n}`;
      const negative = await t().client.patch(path, 'application/merge-patch+json', {
        spec: { replicas: -5 },
      });
      expect(negative.status).toBe(422);
      expect(negative.body.details.causes.map((c: Cause) => c.field)).toEqual([
        'spec.replicas',
        '.spec.replicas',
      ]);
      const wrongType = await t().client.patch(path, 'application/json-patch+json', [
        { op: 'replace', path: '/spec/mode', value: 7 },
      ]);
      expect(wrongType.body).toEqual(
        invalidWidget(n, [
          {
            reason: 'FieldValueTypeInvalid',
            message:
              'Invalid value: "integer": spec.mode in body must be of type string: "integer"',
            field: 'spec.mode',
          },
          {
            reason: 'FieldValueNotSupported',
            message: 'Unsupported value: 7: supported values: "fast", "slow"',
            field: 'spec.mode',
          },
        ]),
      );
      const strict = await t().client.patch(
        path,
        'application/merge-patch+json',
        { spec: { nope: 1 } },
        { query: { fieldValidation: 'Strict' } },
      );
      expect(strict.status).toBe(422);
      expect(strict.body.reason).toBe('Invalid');
      expect(strict.body.message).toMatch(
        /^ "" is invalid: patch: Invalid value: ".*\\"spec\\":\{\\"mode\\":\\"slow\\",\\"nope\\":1,\\"replicas\\":1\}.*": strict decoding error: unknown field "spec.nope"$/,
      );
      const strategic = await t().client.patch(path, 'application/strategic-merge-patch+json', {
        spec: { replicas: 2 },
      });
      expect(strategic.status).toBe(415);
      expect(strategic.body.message).toBe(
        'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml',
      );
      const after = await t().client.get(path);
      expect(after.body.spec).toEqual({ mode: 'slow', replicas: 1 });
      expect(after.body.metadata.generation).toBe(1);
    });

    it('defaults what server-side apply leaves out', async () => {
      const n = uniqueName('w');
      const applied = await t().client.apply(
        `${widgets()}/${n}`,
        `apiVersion: ${group}/v1\nkind: Widget\nmetadata:\n  name: ${n}\nspec:\n  replicas: 2\n`,
        'conformance-apply',
        { raw: true },
      );
      expect(applied.status).toBe(201);
      expect(applied.body.spec).toEqual({ mode: 'fast', replicas: 2 });
    });

    it('requires a resourceVersion to update a custom resource', async () => {
      const n = uniqueName('w');
      await t().client.post(widgets(), widget(n, {}));
      const res = await t().client.put(`${widgets()}/${n}`, widget(n, { mode: 'slow' }));
      expect(res.body).toEqual({
        kind: 'Status',
        apiVersion: 'v1',
        metadata: {},
        status: 'Failure',
        message: `widgets.${group} "${n}" is invalid: metadata.resourceVersion: Invalid value: 0: must be specified for an update`,
        reason: 'Invalid',
        details: {
          name: n,
          group,
          kind: 'widgets',
          causes: [
            {
              reason: 'FieldValueInvalid',
              message: 'Invalid value: 0: must be specified for an update',
              field: 'metadata.resourceVersion',
            },
          ],
        },
        code: 422,
      });
    });

    it('refuses a body of another kind or version', async () => {
      const otherKind = await t().client.post(widgets(), {
        apiVersion: `${group}/v1`,
        kind: 'Gizmo',
        metadata: { name: 'z' },
        spec: {},
      });
      expect(otherKind.status).toBe(422);
      expect(otherKind.body.message).toBe(
        `Gizmo.${group} "z" is invalid: kind: Invalid value: "Gizmo": must be Widget`,
      );
      const otherVersion = await t().client.post(widgets(), {
        apiVersion: `${group}/v2`,
        kind: 'Widget',
        metadata: { name: 'z' },
      });
      expect(otherVersion.status).toBe(400);
      expect(otherVersion.body.message).toBe(
        `the API version in the data (${group}/v2) does not match the expected API version (${group}/v1)`,
      );
      expect((await t().client.get(`${widgets()}/z`)).status).toBe(404);
    });

    it('defaults on read what was stored before the default existed', async () => {
      await installCrd(t().client, gadgetsCrd(false));
      const gadgets = `/apis/${group}/v1/namespaces/${t().namespace}/gadgets`;
      const n = uniqueName('g');
      const created = await t().client.post(gadgets, {
        apiVersion: `${group}/v1`,
        kind: 'Gadget',
        metadata: { name: n },
        spec: { size: 1 },
      });
      expect(created.body.spec).toEqual({ size: 1 });
      const crdPath = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.${group}`;
      const updated = await t().client.patch(crdPath, 'application/merge-patch+json', {
        spec: { versions: gadgetsCrd(true).spec.versions },
      });
      expect(updated.status).toBe(200);
      const read = await eventually(
        async () => {
          const got = await t().client.get(`${gadgets}/${n}`);
          // While kube-apiserver swaps the CRD's handlers, a request can get an error: ask again.
          if (got.status !== 200) return undefined;
          return got.body.spec.color === undefined ? undefined : got.body;
        },
        30_000,
        'the new default on read',
      );
      expect(read.spec).toEqual({ size: 1, color: 'blue' });
      expect(read.metadata.resourceVersion).toBe(created.body.metadata.resourceVersion);
      // kube-apiserver swaps a CRD's handlers asynchronously: lists follow within moments.
      const listed = await eventually(
        async () => {
          const list = await t().client.get(gadgets);
          if (list.status !== 200) return undefined; // as above
          const items = list.body.items as {
            metadata: { name: string };
            spec: Record<string, unknown>;
          }[];
          const item = items.find((i) => i.metadata.name === n);
          return item?.spec.color === undefined ? undefined : item;
        },
        30_000,
        'the new default in a list',
      );
      expect(listed.spec).toEqual({ size: 1, color: 'blue' });
    });
  });
}
