// Conformance: bad input — unknown and duplicate fields under each fieldValidation, values of
// the wrong type, malformed JSON and YAML, oversized bodies, bodies of another kind, unknown
// resources, broken patches and invalid CRDs. Each is a Status a user can act on, nothing is
// stored, and the server keeps serving.
import { describe, expect, it } from 'vitest';
import type { ApiResponse } from '../support/api-client';
import { uniqueName, type Target } from './targets';

function warnings(res: ApiResponse): string[] {
  const header = res.headers.warning;
  if (header === undefined) return [];
  const text = Array.isArray(header) ? header.join(', ') : header;
  return [...text.matchAll(/299 - "((?:[^"\\]|\\.)*)"/g)].map((m) => JSON.parse(`"${m[1]}"`));
}

function failure(code: number, reason: string, message: string) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    code,
  };
}

const crdGroup = 'bad-input.starling.dev';
const goodCrdSpec = {
  group: crdGroup,
  scope: 'Namespaced',
  names: { plural: 'things', singular: 'thing', kind: 'Thing', listKind: 'ThingList' },
  versions: [
    { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } },
  ],
};
const crdName = `things.${crdGroup}`;

function crd(spec: object, name = crdName) {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name },
    spec: { ...goodCrdSpec, ...spec },
  };
}

function withSchema(openAPIV3Schema: unknown) {
  return { versions: [{ ...goodCrdSpec.versions[0], schema: { openAPIV3Schema } }] };
}

function invalidCrd(name: string, causes: { reason: string; message: string; field: string }[]) {
  const text = causes.map((c) => `${c.field}: ${c.message}`);
  return {
    ...failure(
      422,
      'Invalid',
      `CustomResourceDefinition.apiextensions.k8s.io "${name}" is invalid: ${text.length === 1 ? text[0] : `[${text.join(', ')}]`}`,
    ),
    details: { name, group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', causes },
  };
}

export function badInputScenarios(targets: Record<string, Target>, names: string[]): void {
  describe.each(names)('bad input on %s', (name) => {
    const t = () => targets[name]!;
    const cms = () => `/api/v1/namespaces/${t().namespace}/configmaps`;
    const cm = (n: string, extra: object = {}) => ({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: n },
      ...extra,
    });
    const missing = async (n: string) => (await t().client.get(`${cms()}/${n}`)).status === 404;

    it('warns about unknown fields by default, refuses them with Strict, drops them with Ignore', async () => {
      const n = uniqueName('u');
      const warned = await t().client.post(
        cms(),
        cm(n, { data: { a: '1' }, bogus: 1, metadata: { name: n, nope: 2 } }),
      );
      expect(warned.status).toBe(201);
      expect(warnings(warned)).toEqual(['unknown field "metadata.nope"', 'unknown field "bogus"']);
      expect(warned.body.bogus).toBeUndefined();
      const s = uniqueName('u');
      const strict = await t().client.post(
        cms(),
        cm(s, { bogus: 1, metadata: { name: s, nope: 2 } }),
        { query: { fieldValidation: 'Strict' } },
      );
      expect(strict.body).toEqual(
        failure(
          400,
          'BadRequest',
          'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: unknown field "metadata.nope", unknown field "bogus"',
        ),
      );
      expect(await missing(s)).toBe(true);
      const ignored = await t().client.post(cms(), cm(uniqueName('u'), { bogus: 1 }), {
        query: { fieldValidation: 'Ignore' },
      });
      expect(ignored.status).toBe(201);
      expect(ignored.headers.warning).toBeUndefined();
    });

    it('reports duplicate fields: refused with Strict, a warning otherwise', async () => {
      const body = (n: string) =>
        `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${n}"},"data":{"a":"1"},"data":{"b":"2"}}`;
      const s = uniqueName('d');
      const strict = await t().client.post(cms(), body(s), {
        raw: true,
        query: { fieldValidation: 'Strict' },
      });
      expect(strict.body).toEqual(
        failure(
          400,
          'BadRequest',
          'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: duplicate field "data"',
        ),
      );
      expect(await missing(s)).toBe(true);
      const warned = await t().client.post(cms(), body(uniqueName('d')), { raw: true });
      expect(warned.status).toBe(201);
      expect(warnings(warned)).toEqual(['duplicate field "data"']);
    });

    it("refuses values of the wrong type with Go's decoding message", async () => {
      const data = await t().client.post(cms(), cm(uniqueName('t'), { data: { a: 1 } }));
      expect(data.body).toEqual(
        failure(
          400,
          'BadRequest',
          'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal number into Go struct field ConfigMap.data of type string',
        ),
      );
      const n = uniqueName('t');
      const labels = await t().client.post(cms(), cm(n, { metadata: { name: n, labels: 'x' } }));
      expect(labels.body.message).toBe(
        'ConfigMap in version "v1" cannot be handled as a ConfigMap: json: cannot unmarshal string into Go struct field ObjectMeta.metadata.labels of type map[string]string',
      );
      const secret = await t().client.post(`/api/v1/namespaces/${t().namespace}/secrets`, {
        metadata: { name: uniqueName('s') },
        data: { a: 'not base64!' },
      });
      expect(secret.body).toEqual(
        failure(
          400,
          'BadRequest',
          'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3',
        ),
      );
    });

    it('refuses malformed JSON and YAML, quoting the start of the body', async () => {
      const comma = await t().client.post(
        cms(),
        '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"j1"},"data":{"a":"1",}}',
        { raw: true },
      );
      expect(comma.body).toEqual(
        failure(
          400,
          'BadRequest',
          `the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: invalid character '}' looking for beginning of object key string ({"apiVersion":"v1","kind":"Con ...)`,
        ),
      );
      const empty = await t().client.post(cms(), '', { raw: true });
      expect(empty.body.message).toBe(
        "the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: unexpected end of JSON input (<empty>)",
      );
      const array = await t().client.post(cms(), '[1,2]', { raw: true });
      expect(array.status).toBe(400);
      expect(array.body.message).toMatch(
        /^the object provided is unrecognized \(must be of type ConfigMap\): couldn't get version\/kind; json parse error: json: cannot unmarshal array into Go value of type struct/,
      );
      const yaml = await t().client.post(
        cms(),
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y1\ndata: {a: "1"\n',
        { raw: true, contentType: 'application/yaml' },
      );
      expect(yaml.status).toBe(400);
      expect(yaml.body.reason).toBe('BadRequest');
      // The YAML parsers word the syntax error differently; the line and the quoted body agree.
      expect(yaml.body.message).toMatch(
        /^the object provided is unrecognized \(must be of type ConfigMap\): yaml: line \d+: .* \(61706956657273696f6e3a2076310a6b696e643a20436f6e6669674d6170 \.\.\.\)$/,
      );
      const good = await t().client.post(
        cms(),
        'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y2\ndata:\n  a: "1"\n',
        { raw: true, contentType: 'application/yaml' },
      );
      expect(good.status).toBe(201);
      expect(good.body.data).toEqual({ a: '1' });
    });

    it('refuses bodies over 3 MiB and data over 1 MiB, and keeps serving', async () => {
      const huge = uniqueName('big');
      const tooLarge = await t().client.post(
        cms(),
        cm(huge, { data: { a: 'x'.repeat(3 * 1024 * 1024 + 10) } }),
      );
      expect(tooLarge.body).toEqual(
        failure(413, 'RequestEntityTooLarge', 'Request entity too large: limit is 3145728'),
      );
      const big = uniqueName('big');
      const tooLong = await t().client.post(
        cms(),
        cm(big, { data: { a: 'x'.repeat(1024 * 1024 + 10) } }),
      );
      expect(tooLong.body).toEqual({
        ...failure(
          422,
          'Invalid',
          `ConfigMap "${big}" is invalid: []: Too long: may not be more than 1048576 bytes`,
        ),
        details: {
          name: big,
          kind: 'ConfigMap',
          causes: [
            {
              reason: 'FieldValueTooLong',
              message: 'Too long: may not be more than 1048576 bytes',
              field: '[]',
            },
          ],
        },
      });
      const secret = uniqueName('big');
      const secretTooLong = await t().client.post(`/api/v1/namespaces/${t().namespace}/secrets`, {
        metadata: { name: secret },
        data: { a: Buffer.alloc(1024 * 1024 + 1).toString('base64') },
      });
      expect(secretTooLong.body.message).toBe(
        `Secret "${secret}" is invalid: data: Too long: may not be more than 1048576 bytes`,
      );
      expect(await missing(huge)).toBe(true);
      expect(await missing(big)).toBe(true);
      expect(
        await t()
          .client.post(cms(), cm(uniqueName('after')))
          .then((r) => r.status),
      ).toBe(201);
    });

    it('refuses a body of another kind or API version', async () => {
      const secret = await t().client.post(cms(), {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: uniqueName('k') },
      });
      expect(secret.body).toEqual(
        failure(
          400,
          'BadRequest',
          'Secret in version "v1" cannot be handled as a ConfigMap: converting (v1.Secret) to (core.ConfigMap): unknown conversion',
        ),
      );
      const unknown = await t().client.post(cms(), {
        apiVersion: 'v1',
        kind: 'Gizmo',
        metadata: { name: uniqueName('k') },
      });
      expect(unknown.body.message).toBe(
        'Gizmo in version "v1" cannot be handled as a ConfigMap: no kind "Gizmo" is registered for version "v1" in scheme "pkg/runtime/scheme.go:111"',
      );
      const version = await t().client.post(cms(), {
        apiVersion: 'nope/v9',
        kind: 'ConfigMap',
        metadata: { name: uniqueName('k') },
      });
      expect(version.body.message).toBe(
        'ConfigMap in version "v9" cannot be handled as a ConfigMap: no kind "ConfigMap" is registered for version "nope/v9" in scheme "pkg/runtime/scheme.go:111"',
      );
      const implied = await t().client.post(cms(), { metadata: { name: uniqueName('k') } });
      expect(implied.status).toBe(201);
      expect(implied.body.kind).toBe('ConfigMap');
    });

    it('answers unknown resources and API groups with 404', async () => {
      const notFound = failure(404, 'NotFound', 'the server could not find the requested resource');
      for (const path of [
        '/api/v1/gizmos',
        `/api/v1/namespaces/${t().namespace}/gizmos`,
        `/api/v1/namespaces/${t().namespace}/gizmos/x`,
        '/apis/apiextensions.k8s.io/v1/gizmos',
        '/apis/apiextensions.k8s.io/v7/gizmos',
      ]) {
        const res = await t().client.get(path);
        expect({ path, body: res.body }).toEqual({ path, body: { ...notFound, details: {} } });
      }
      for (const path of ['/apis/nope.example.com/v1/gizmos', '/apis/nope.example.com', '/nope']) {
        const res = await t().client.get(path);
        expect({ path, status: res.status, text: res.text }).toEqual({
          path,
          status: 404,
          text: '404 page not found\n',
        });
      }
    });

    it('refuses broken patches and leaves the object as it was', async () => {
      const n = uniqueName('p');
      const created = await t().client.post(cms(), cm(n, { data: { a: '1' } }));
      const path = `${cms()}/${n}`;
      const notArray = await t().client.patch(path, 'application/json-patch+json', '{"op":"add"}', {
        raw: true,
      });
      expect(notArray.body).toEqual(
        failure(
          400,
          'BadRequest',
          'error decoding patch: json: cannot unmarshal object into Go value of type []handlers.jsonPatchOp',
        ),
      );
      const unknownOp = await t().client.patch(path, 'application/json-patch+json', [
        { op: 'frob', path: '/data/a' },
      ]);
      expect(unknownOp.status).toBe(422);
      expect(unknownOp.body.reason).toBe('Invalid');
      const malformed = await t().client.patch(path, 'application/merge-patch+json', '{"data": ', {
        raw: true,
      });
      expect(malformed.body).toEqual(failure(400, 'BadRequest', 'invalid JSON patch'));
      const wrongType = await t().client.patch(path, 'application/merge-patch+json', {
        data: { a: 5 },
      });
      expect(wrongType.status).toBe(422);
      expect(wrongType.body.message).toMatch(
        /^ "" is invalid: patch: Invalid value: "\{\\"apiVersion\\":\\"v1\\",\\"data\\":\{\\"a\\":5\},.*": json: cannot unmarshal number into Go struct field ConfigMap.data of type string$/,
      );
      const strict = await t().client.patch(
        path,
        'application/merge-patch+json',
        { zap: 5 },
        { query: { fieldValidation: 'Strict' } },
      );
      expect(strict.status).toBe(422);
      expect(strict.body.message).toMatch(
        /,\\"zap\\":5\}": strict decoding error: unknown field "zap"$/,
      );
      const text = await t().client.patch(path, 'text/plain', 'x', { raw: true });
      expect(text.body).toEqual({
        ...failure(415, 'UnsupportedMediaType', '415: Unsupported Media Type'),
        details: {},
      });
      const after = await t().client.get(path);
      expect(after.body.data).toEqual({ a: '1' });
      expect(after.body.metadata.resourceVersion).toBe(created.body.metadata.resourceVersion);
    });

    it('refuses apply patches with duplicate keys under Strict, or that are not YAML', async () => {
      const n = uniqueName('ap');
      const duplicate = await t().client.apply(
        `${cms()}/${n}`,
        `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${n}}\ndata: {a: "1", a: "2"}\n`,
        'conformance-apply',
        { raw: true, query: { fieldValidation: 'Strict' } },
      );
      expect(duplicate.body).toEqual(
        failure(
          400,
          'BadRequest',
          'error strict decoding patch: error converting YAML to JSON: yaml: unmarshal errors:\n  line 4: key "a" already set in map',
        ),
      );
      const broken = await t().client.apply(
        `${cms()}/${n}`,
        `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${n}}\ndata: [\n`,
        'conformance-apply',
        { raw: true },
      );
      expect(broken.status).toBe(400);
      expect(broken.body.message).toMatch(/^error encoding patch: yaml: line \d+: /);
      expect(await missing(n)).toBe(true);
    });

    describe('invalid CRDs', () => {
      const crds = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';

      it('refuses names, groups, scopes and plurals the API server refuses', async () => {
        const plural = await t().client.post(
          crds,
          crd({ names: { ...goodCrdSpec.names, plural: 'Things' } }),
        );
        expect(plural.body).toEqual(
          invalidCrd(crdName, [
            {
              reason: 'FieldValueInvalid',
              message: `Invalid value: "${crdName}": must be spec.names.plural+"."+spec.group`,
              field: 'metadata.name',
            },
            {
              reason: 'FieldValueInvalid',
              message:
                "Invalid value: \"Things\": a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')",
              field: 'spec.names.plural',
            },
          ]),
        );
        const group = await t().client.post(crds, crd({ group: 'bad' }, 'things.bad'));
        expect(group.body).toEqual(
          invalidCrd('things.bad', [
            {
              reason: 'FieldValueInvalid',
              message: 'Invalid value: "bad": should be a domain with at least one dot',
              field: 'spec.group',
            },
          ]),
        );
        const scope = await t().client.post(crds, crd({ scope: 'Galactic' }));
        expect(scope.body.message).toBe(
          `CustomResourceDefinition.apiextensions.k8s.io "${crdName}" is invalid: spec.scope: Unsupported value: "Galactic": supported values: "Cluster", "Namespaced"`,
        );
        const wrongName = await t().client.post(crds, crd({}, `wrong.${crdGroup}`));
        expect(wrongName.body.message).toBe(
          `CustomResourceDefinition.apiextensions.k8s.io "wrong.${crdGroup}" is invalid: metadata.name: Invalid value: "wrong.${crdGroup}": must be spec.names.plural+"."+spec.group`,
        );
      });

      it('refuses versions without a storage version or a schema, and schemas that are not structural', async () => {
        const noStorage = await t().client.post(
          crds,
          crd({ versions: [{ ...goodCrdSpec.versions[0], storage: false }] }),
        );
        expect(noStorage.status).toBe(422);
        expect(noStorage.body.details.causes.map((c: { field: string }) => c.field)).toEqual([
          'spec.versions',
          'status.storedVersions',
        ]);
        expect(noStorage.body.details.causes[1].message).toBe(
          'Invalid value: null: must have at least one stored version',
        );
        const noSchema = await t().client.post(
          crds,
          crd({ versions: [{ ...goodCrdSpec.versions[0], schema: undefined }] }),
        );
        expect(noSchema.body).toEqual(
          invalidCrd(crdName, [
            {
              reason: 'FieldValueRequired',
              message: 'Required value',
              field: 'spec.versions[0].schema.openAPIV3Schema',
            },
          ]),
        );
        const untyped = await t().client.post(
          crds,
          crd(
            withSchema({
              type: 'object',
              properties: { spec: { properties: { a: { type: 'string' } } } },
            }),
          ),
        );
        expect(untyped.body).toEqual(
          invalidCrd(crdName, [
            {
              reason: 'FieldValueRequired',
              message: 'Required value: must not be empty for specified object fields',
              field: 'spec.validation.openAPIV3Schema.properties[spec].type',
            },
          ]),
        );
        const badDefault = await t().client.post(
          crds,
          crd(
            withSchema({
              type: 'object',
              properties: {
                spec: { type: 'object', properties: { a: { type: 'integer', default: 'x' } } },
              },
            }),
          ),
        );
        expect(badDefault.body).toEqual(
          invalidCrd(crdName, [
            {
              reason: 'FieldValueTypeInvalid',
              message: 'Invalid value: "string":  in body must be of type integer: "string"',
              field: 'spec.validation.openAPIV3Schema.properties[spec].properties[a].default',
            },
          ]),
        );
        expect((await t().client.get(`${crds}/${crdName}`)).status).toBe(404);
      });
    });
  });
}
