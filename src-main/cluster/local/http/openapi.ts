import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  apiVersionOf,
  type JsonSchema,
  type ResourceCatalog,
  type ResourceType,
} from '../api/resource-types';
import { ApiError } from '../api/status';
import { builtinSchemas, objectMetaSchema } from './builtin-schemas';
import { sendJson } from './request';

/**
 * OpenAPI documents: v3 per group version (what `kubectl explain` and kubectl's field-validation
 * check read) and a v2 document with every definition. Schemas come from the built-in kind
 * descriptions and from each CRD version's openAPIV3Schema. Documents are rebuilt lazily when
 * the catalog changes.
 */

const metaRef = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const listMetaRef = 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta';

function definitionName(type: ResourceType): string {
  if (type.group === '') return `io.k8s.api.core.${type.version}.${type.kind}`;
  if (type.group === 'apiextensions.k8s.io') {
    return `io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.${type.version}.${type.kind}`;
  }
  return `${type.group.split('.').reverse().join('.')}.${type.version}.${type.kind}`;
}

function gvPath(type: { group: string; version: string }): string {
  return type.group ? `apis/${type.group}/${type.version}` : `api/${type.version}`;
}

function kindSchema(type: ResourceType, ref: (name: string) => string): JsonSchema {
  const own = type.schema ??
    builtinSchemas[`${type.group}/${type.kind}`] ?? {
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
    };
  const properties = { ...((own.properties as Record<string, unknown>) ?? {}) };
  properties.apiVersion = {
    type: 'string',
    description: 'APIVersion defines the versioned schema of this representation of an object.',
  };
  properties.kind = {
    type: 'string',
    description: 'Kind is a string value representing the REST resource this object represents.',
  };
  properties.metadata = {
    allOf: [{ $ref: ref(metaRef) }],
    description: "Standard object's metadata.",
  };
  return {
    ...own,
    type: 'object',
    properties,
    'x-kubernetes-group-version-kind': [
      { group: type.group, kind: type.kind, version: type.version },
    ],
  };
}

function listSchema(type: ResourceType, ref: (name: string) => string): JsonSchema {
  return {
    type: 'object',
    description: `${type.listKind} is a list of ${type.kind}`,
    required: ['items'],
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { allOf: [{ $ref: ref(listMetaRef) }] },
      items: { type: 'array', items: { allOf: [{ $ref: ref(definitionName(type)) }] } },
    },
    'x-kubernetes-group-version-kind': [
      { group: type.group, kind: type.listKind, version: type.version },
    ],
  };
}

const writeParameters = ['dryRun', 'fieldManager', 'fieldValidation'].map((name) => ({
  name,
  in: 'query',
  schema: { type: 'string', uniqueItems: true },
}));

function paths(type: ResourceType): Record<string, unknown> {
  const gvk = { group: type.group, version: type.version, kind: type.kind };
  const base = `/${gvPath(type)}${type.namespaced ? '/namespaces/{namespace}' : ''}/${type.resource}`;
  const op = (action: string) => ({
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': gvk,
    parameters: writeParameters,
    responses: { '200': { description: 'OK' } },
  });
  return {
    [base]: { post: op('post'), get: { ...op('list'), parameters: [] } },
    [`${base}/{name}`]: {
      put: op('put'),
      patch: op('patch'),
      get: { ...op('get'), parameters: [] },
      delete: { ...op('delete'), parameters: [] },
    },
  };
}

const protobufV2 = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
const protobufV2Deprecated = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';

/** gnostic's openapi_v2.Document with swagger "2.0", an Info and empty Paths, as protobuf. */
const emptyV2Protobuf = (() => {
  const field = (n: number, bytes: Buffer) =>
    Buffer.concat([Buffer.from([(n << 3) | 2, bytes.length]), bytes]);
  const info = Buffer.concat([
    field(1, Buffer.from('Kubernetes')),
    field(2, Buffer.from('v1.37.2')),
  ]);
  return Buffer.concat([field(1, Buffer.from('2.0')), field(2, info), field(8, Buffer.alloc(0))]);
})();

export class OpenApiPublisher {
  private v3 = new Map<string, string>();
  private v2: string | undefined;
  private built = false;

  constructor(private readonly catalog: ResourceCatalog) {
    catalog.onChange(() => {
      this.built = false;
      this.v2 = undefined;
    });
  }

  serve(
    req: IncomingMessage,
    res: ServerResponse,
    segments: string[],
    _query: URLSearchParams,
  ): void {
    const [version, ...rest] = segments;
    if (version === 'v2' && rest.length === 0) return this.serveV2(req, res);
    if (version === 'v3') {
      this.build();
      if (rest.length === 0) {
        const paths: Record<string, { serverRelativeURL: string }> = {};
        for (const [path, doc] of this.v3) {
          paths[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hashOf(doc)}` };
        }
        return sendJson(res, 200, { paths });
      }
      const doc = this.v3.get(rest.join('/'));
      if (doc) {
        res.setHeader('Etag', `"${hashOf(doc)}"`);
        return sendJson(res, 200, doc);
      }
    }
    throw new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
  }

  private build(): void {
    if (this.built) return;
    const byGv = new Map<string, ResourceType[]>();
    for (const type of this.catalog.all()) {
      const key = gvPath(type);
      byGv.set(key, [...(byGv.get(key) ?? []), type]);
    }
    const ref = (name: string) => `#/components/schemas/${name}`;
    this.v3 = new Map();
    for (const [path, types] of byGv) {
      const schemas: Record<string, JsonSchema> = {
        [metaRef]: objectMetaSchema(ref),
        [listMetaRef]: {
          type: 'object',
          properties: {
            continue: { type: 'string' },
            remainingItemCount: { type: 'integer', format: 'int64' },
            resourceVersion: { type: 'string' },
          },
        },
      };
      let allPaths: Record<string, unknown> = {};
      for (const type of types) {
        schemas[definitionName(type)] = kindSchema(type, ref);
        schemas[`${definitionName(type)}List`] = listSchema(type, ref);
        allPaths = { ...allPaths, ...paths(type) };
      }
      const doc = {
        openapi: '3.0.0',
        info: { title: 'Kubernetes', version: 'v1.37.2' },
        paths: allPaths,
        components: { schemas },
      };
      this.v3.set(path, JSON.stringify(doc));
    }
    this.built = true;
  }

  private serveV2(req: IncomingMessage, res: ServerResponse): void {
    const accept = req.headers.accept ?? '';
    // The first acceptable type wins, as kube-openapi's handler negotiates.
    const first = (accept.split(',')[0] ?? '').trim();
    const protobuf = (t: string) => t.startsWith(protobufV2) || t.startsWith(protobufV2Deprecated);
    const json = /application\/json|\*\/\*/.test(accept);
    if (protobuf(first) || (!json && accept.split(',').some((t) => protobuf(t.trim())))) {
      // kubectl falls back to v2 only for kinds whose v3 document lacks them (kinds this server
      // does not serve); an empty v2 document lets it go on to its own "no matches for kind" error.
      res.writeHead(200, {
        'Content-Type': `${protobufV2}`,
        'Content-Length': emptyV2Protobuf.length,
      });
      res.end(emptyV2Protobuf);
      return;
    }
    if (accept && !/application\/json|\*\/\*/.test(accept)) {
      throw new ApiError(
        406,
        'NotAcceptable',
        `only the following media types are accepted: application/json, ${protobufV2}`,
        {},
      );
    }
    if (!this.v2) {
      const ref = (name: string) => `#/definitions/${name}`;
      const definitions: Record<string, JsonSchema> = { [metaRef]: objectMetaSchema(ref) };
      for (const type of this.catalog.all()) {
        definitions[definitionName(type)] = kindSchema(type, ref);
        definitions[`${definitionName(type)}List`] = listSchema(type, ref);
      }
      this.v2 = JSON.stringify({
        swagger: '2.0',
        info: { title: 'Kubernetes', version: 'v1.37.2' },
        paths: {},
        definitions,
      });
    }
    sendJson(res, 200, this.v2);
  }
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32).toUpperCase();
}

export { apiVersionOf };
