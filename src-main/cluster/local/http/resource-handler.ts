import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PatchType } from '../api/field-management';
import { isPlainObject, type KubeObject } from '../api/objects';
import type {
  DeleteOptions,
  ListOptions,
  ObjectRegistry,
  PropagationPolicy,
  Scope,
  WriteOptions,
  WriteResult,
} from '../api/registry';
import { apiVersionOf, type ResourceCatalog, type ResourceType } from '../api/resource-types';
import {
  ApiError,
  type FieldError,
  badRequest,
  conflict,
  invalid,
  methodNotAllowed,
  modifiedSinceRead,
  notFound,
} from '../api/status';
import { applyJsonPatch, applyMergePatch, type Json } from '../merge/index';
import { scaleOf, withScale } from './scale';
import { servedObject, servedText } from '../api/encoding';
import type { WatchHub } from '../api/watch';
import {
  decodeApplyBody,
  decodeJson,
  decodeObjectBody,
  decodePatchBody,
  mediaType,
  readBody,
  sendJson,
} from './request';
import { table, wantsTable, type TableInclude } from './tables';

/** Where a resource request points: `/api/v1/...` or `/apis/{group}/{version}/...`, parsed. */
export interface ResourcePath {
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  /** The legacy `/watch/` path prefix. */
  watchPrefix: boolean;
}

export function parseResourcePath(
  catalog: ResourceCatalog,
  group: string,
  version: string,
  segments: string[],
): ResourcePath | undefined {
  let rest = segments;
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const inner = catalog.find(group, version, rest[2]!);
    if (inner?.namespaced) {
      namespace = rest[1];
      rest = rest.slice(2);
    }
  }
  const [resource, name, subresource, ...extra] = rest;
  if (!resource || extra.length > 0) return undefined;
  const type = catalog.find(group, version, resource);
  if (!type) return undefined;
  const path: ResourcePath = { type, watchPrefix };
  if (namespace !== undefined) path.namespace = namespace;
  if (name !== undefined) path.name = name;
  if (subresource !== undefined) path.subresource = subresource;
  return path;
}

const patchTypes: Record<string, PatchType | 'apply'> = {
  'application/json-patch+json': 'json',
  'application/merge-patch+json': 'merge',
  'application/strategic-merge-patch+json': 'strategic',
  'application/apply-patch+yaml': 'apply',
};

function flag(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  return value === 'true' || value === '1';
}

function optionalInt(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  const n = Number(value);
  if (!Number.isInteger(n))
    throw badRequest(`invalid ${name}: ${JSON.stringify(value)} is not an integer`);
  return n;
}

export class ResourceHandler {
  constructor(
    private readonly registry: ObjectRegistry,
    private readonly watches: WatchHub,
  ) {}

  async handle(
    req: IncomingMessage,
    res: ServerResponse,
    path: ResourcePath,
    query: URLSearchParams,
  ): Promise<void> {
    const { type } = path;
    if (
      type.namespaced &&
      path.namespace === undefined &&
      req.method !== 'GET' &&
      !path.watchPrefix
    ) {
      // Namespaced objects are written under /namespaces/{ns}/ only.
      throw notFound({ group: type.group, resource: type.resource, name: path.name ?? '' });
    }
    const scope: Scope = { type };
    if (path.namespace !== undefined) scope.namespace = path.namespace;
    const sub = path.subresource;
    if (sub !== undefined) {
      const isNamespaceFinalize =
        sub === 'finalize' && type.group === '' && type.resource === 'namespaces';
      const isScale = sub === 'scale' && type.scale !== undefined;
      if (!(sub === 'status' && type.statusSubresource) && !isNamespaceFinalize && !isScale) {
        // A subresource the kind does not have is a path nothing serves.
        throw new ApiError(404, 'NotFound', 'the server could not find the requested resource', {});
      }
      if (sub === 'status') scope.subresource = 'status';
    }
    const warnings: string[] = [];
    try {
      await this.serve(req, res, path, query, scope, warnings);
    } finally {
      // Warnings go out with the answer, whether the request succeeded or not.
      if (warnings.length > 0 && !res.headersSent) {
        res.setHeader(
          'Warning',
          warnings.map((w) => `299 - ${JSON.stringify(w)}`),
        );
      }
    }
  }

  private async serve(
    req: IncomingMessage,
    res: ServerResponse,
    path: ResourcePath,
    query: URLSearchParams,
    scope: Scope,
    warnings: string[],
  ): Promise<void> {
    const type = path.type;
    const sub = path.subresource;
    const method = req.method ?? 'GET';
    if (path.name === undefined) {
      switch (method) {
        case 'GET':
          if (path.watchPrefix || flag(query, 'watch')) return this.watch(req, res, scope, query);
          return this.list(req, res, scope, query);
        case 'POST': {
          const raw = await readBody(req);
          const options = this.writeOptions(req, query, warnings);
          const body = decodeObjectBody(req, raw, type, options.fieldValidation);
          return this.respondWrite(res, this.registry.create(scope, body, options), warnings);
        }
        case 'DELETE':
          return this.deleteCollection(req, res, scope, query);
        default:
          throw methodNotAllowed(`the server does not allow this method on the requested resource`);
      }
    }
    const name = path.name;
    if (sub === 'scale') return this.scale(req, res, scope, name, query, warnings);
    switch (method) {
      case 'GET': {
        if (path.watchPrefix) {
          query.set('fieldSelector', `metadata.name=${name}`);
          return this.watch(req, res, scope, query);
        }
        const stored = this.registry.getStored(scope, name);
        if (!stored) throw notFound({ group: type.group, resource: type.resource, name });
        if (wantsTable(req.headers.accept)) {
          return sendJson(
            res,
            200,
            table(
              type,
              [JSON.parse(stored.value) as KubeObject],
              stored.value && String(stored.rev),
            ),
          );
        }
        return sendJson(res, 200, servedText(type, stored));
      }
      case 'PUT': {
        const raw = await readBody(req);
        const options = this.writeOptions(req, query, warnings);
        const body = decodeObjectBody(req, raw, type, options.fieldValidation);
        if (sub === 'finalize')
          return this.respondWrite(
            res,
            this.finalizeNamespace(name, body.value, options),
            warnings,
          );
        return this.respondWrite(res, this.registry.update(scope, name, body, options), warnings);
      }
      case 'PATCH':
        return this.patch(req, res, scope, name, query, warnings);
      case 'DELETE':
        return this.delete(req, res, scope, name, query);
      default:
        throw methodNotAllowed(`the server does not allow this method on the requested resource`);
    }
  }

  /**
   * The query options of a write, validated as the API server validates Create/Update/PatchOptions
   * (422 Invalid naming the options kind).
   */
  private writeOptions(
    req: IncomingMessage,
    query: URLSearchParams,
    warnings: string[],
    kind: 'CreateOptions' | 'UpdateOptions' | 'PatchOptions' = req.method === 'POST'
      ? 'CreateOptions'
      : req.method === 'PUT'
        ? 'UpdateOptions'
        : 'PatchOptions',
    patchType?: PatchType | 'apply',
  ): WriteOptions {
    const errors: FieldError[] = [];
    const dryRun = query.getAll('dryRun');
    const requested = query.get('fieldManager') ?? '';
    if (patchType === 'apply' && requested === '') {
      errors.push({
        type: 'FieldValueRequired',
        field: 'fieldManager',
        detail: 'Required value: is required for apply patch',
      });
    }
    if (patchType !== undefined && patchType !== 'apply' && query.get('force') !== null) {
      errors.push({
        type: 'FieldValueForbidden',
        field: 'force',
        detail: 'Forbidden: may not be specified for non-apply patch',
      });
    }
    if (requested.length > 128) {
      errors.push({
        type: 'FieldValueTooLong',
        field: 'fieldManager',
        detail: 'Too long: may not be more than 128 bytes',
      });
    }
    if (dryRun.some((d) => d !== 'All')) {
      const shown = `[]string{${dryRun.map((d) => JSON.stringify(d)).join(', ')}}`;
      errors.push({
        type: 'FieldValueNotSupported',
        field: 'dryRun',
        detail: `Unsupported value: ${shown}: supported values: "All"`,
      });
    }
    const validation = query.get('fieldValidation') ?? '';
    if (!['', 'Ignore', 'Strict', 'Warn'].includes(validation)) {
      errors.push({
        type: 'FieldValueNotSupported',
        field: 'fieldValidation',
        detail: `Unsupported value: ${JSON.stringify(validation)}: supported values: "", "Ignore", "Strict", "Warn"`,
      });
    }
    if (errors.length > 0) throw invalid(kind, 'meta.k8s.io', '', errors);
    return {
      dryRun: dryRun.length > 0,
      manager: requested || managerFromUserAgent(req.headers['user-agent']),
      fieldValidation: (validation || 'Warn') as WriteOptions['fieldValidation'],
      force: flag(query, 'force'),
      warnings,
    };
  }

  private respondWrite(res: ServerResponse, result: WriteResult, warnings: string[]): void {
    if (warnings.length > 0) {
      res.setHeader(
        'Warning',
        warnings.map((w) => `299 - ${JSON.stringify(w)}`),
      );
    }
    sendJson(res, result.code, result.body);
  }

  private listOptions(query: URLSearchParams): ListOptions {
    const options: ListOptions = {};
    const labelSelector = query.get('labelSelector');
    const fieldSelector = query.get('fieldSelector');
    const limit = optionalInt(query, 'limit');
    const cont = query.get('continue');
    if (labelSelector) options.labelSelector = labelSelector;
    if (fieldSelector) options.fieldSelector = fieldSelector;
    if (limit !== undefined) options.limit = limit;
    if (cont) options.continue = cont;
    return options;
  }

  private list(
    req: IncomingMessage,
    res: ServerResponse,
    scope: Scope,
    query: URLSearchParams,
  ): void {
    const result = this.registry.list(scope, this.listOptions(query));
    const type = scope.type;
    const metadata: Record<string, unknown> = { resourceVersion: result.resourceVersion };
    if (result.continue) metadata.continue = result.continue;
    if (result.remainingItemCount !== undefined)
      metadata.remainingItemCount = result.remainingItemCount;
    if (wantsTable(req.headers.accept)) {
      const objects = result.items.map((i) => servedObject(type, i));
      const extra: Record<string, unknown> = {};
      if (result.continue) extra.continue = result.continue;
      return sendJson(
        res,
        200,
        table(type, objects, result.resourceVersion, extra, { include: includeObject(query) }),
      );
    }
    const head = `{"kind":"${type.listKind}","apiVersion":"${apiVersionOf(type)}","metadata":${JSON.stringify(metadata)},"items":[`;
    const items = result.items.map((i) => servedText(type, i)).join(',');
    sendJson(res, 200, `${head}${items}]}`);
  }

  private watch(
    req: IncomingMessage,
    res: ServerResponse,
    scope: Scope,
    query: URLSearchParams,
  ): void {
    const selection = this.registry.selection(scope, this.listOptions(query));
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked',
    });
    res.flushHeaders();
    const request: Parameters<WatchHub['open']>[0] = {
      scope,
      selection,
      allowBookmarks: flag(query, 'allowWatchBookmarks'),
      sendInitialEvents: flag(query, 'sendInitialEvents'),
    };
    const rv = query.get('resourceVersion');
    if (rv !== null) request.resourceVersion = rv;
    if (wantsTable(req.headers.accept)) {
      // As the API server does: column definitions with the first event only.
      let headers = true;
      const include = includeObject(query);
      request.render = (value) => {
        const rendered = table(
          scope.type,
          [JSON.parse(value) as KubeObject],
          '',
          {},
          { headers, include },
        );
        headers = false;
        return JSON.stringify(rendered);
      };
    }
    const timeout = optionalInt(query, 'timeoutSeconds');
    if (timeout !== undefined) request.timeoutSeconds = timeout;
    const stop = this.watches.open(request, {
      write: (chunk) => {
        if (!res.writableEnded) res.write(chunk);
        return res.writableLength;
      },
      close: () => {
        if (!res.writableEnded) res.end();
      },
    });
    req.on('close', stop);
    res.on('close', stop);
  }

  private async patch(
    req: IncomingMessage,
    res: ServerResponse,
    scope: Scope,
    name: string,
    query: URLSearchParams,
    warnings: string[],
  ): Promise<void> {
    const kind = patchTypes[mediaType(req)];
    if (!kind) throw new ApiError(415, 'UnsupportedMediaType', '415: Unsupported Media Type', {});
    if (kind === 'strategic' && scope.type.definedBy !== undefined) {
      throw new ApiError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml`,
      );
    }
    const body = await readBody(req);
    const options = this.writeOptions(req, query, warnings, 'PatchOptions', kind);
    if (kind === 'apply') {
      return this.respondWrite(
        res,
        this.registry.apply(scope, name, decodeApplyBody(body), options),
        options.warnings ?? [],
      );
    }
    const patch = decodePatchBody(body, options.fieldValidation);
    return this.respondWrite(
      res,
      this.registry.patch(scope, name, kind, patch, options),
      options.warnings ?? [],
    );
  }

  private deleteOptions(req: IncomingMessage, body: Buffer, query: URLSearchParams): DeleteOptions {
    const raw = body.length > 0 ? decodeJson(body) : {};
    if (!isPlainObject(raw)) throw badRequest('the DeleteOptions body is not a JSON object');
    const dryRun = [
      ...query.getAll('dryRun'),
      ...(Array.isArray(raw.dryRun) ? (raw.dryRun as string[]) : []),
    ];
    const policy = (query.get('propagationPolicy') ?? raw.propagationPolicy) as string | undefined;
    const orphan = query.get('orphanDependents') ?? raw.orphanDependents;
    const options: DeleteOptions = { dryRun: dryRun.includes('All') };
    if (policy !== undefined && policy !== null) {
      if (policy !== 'Orphan' && policy !== 'Background' && policy !== 'Foreground') {
        throw badRequest(
          `propagationPolicy: Unsupported value: ${JSON.stringify(policy)}: supported values: "Foreground", "Background", "Orphan"`,
        );
      }
      options.propagationPolicy = policy as PropagationPolicy;
    } else if (orphan === true || orphan === 'true') {
      options.propagationPolicy = 'Orphan';
    }
    if (isPlainObject(raw.preconditions))
      options.preconditions = raw.preconditions as DeleteOptions['preconditions'];
    return options;
  }

  private async delete(
    req: IncomingMessage,
    res: ServerResponse,
    scope: Scope,
    name: string,
    query: URLSearchParams,
  ): Promise<void> {
    const options = this.deleteOptions(req, await readBody(req), query);
    const result = this.registry.delete(scope, name, options);
    if ('status' in result) return sendJson(res, 200, result.status);
    sendJson(res, 200, result.body);
  }

  private async deleteCollection(
    req: IncomingMessage,
    res: ServerResponse,
    scope: Scope,
    query: URLSearchParams,
  ): Promise<void> {
    const options = this.deleteOptions(req, await readBody(req), query);
    const deleted = this.registry.deleteCollection(scope, this.listOptions(query), options);
    const type = scope.type;
    sendJson(res, 200, {
      kind: type.listKind,
      apiVersion: apiVersionOf(type),
      metadata: { resourceVersion: String(this.registry.log.revision) },
      items: deleted.map((o) => this.registry.asServed(type, o)),
    });
  }

  /** GET, PUT and PATCH of a custom resource's `scale` subresource. */
  private async scale(
    req: IncomingMessage,
    res: ServerResponse,
    scope: Scope,
    name: string,
    query: URLSearchParams,
    warnings: string[],
  ): Promise<void> {
    const type = scope.type;
    const current = this.registry.asServed(type, this.registry.get(scope, name));
    if (req.method === 'GET') return sendJson(res, 200, scaleOf(type, current));
    let scale: unknown;
    if (req.method === 'PUT') {
      scale = decodeJson(await readBody(req));
      const rv =
        isPlainObject(scale) && isPlainObject(scale.metadata)
          ? scale.metadata.resourceVersion
          : undefined;
      if (rv && rv !== current.metadata.resourceVersion) {
        throw conflict({ group: type.group, resource: type.resource, name }, modifiedSinceRead);
      }
    } else if (req.method === 'PATCH') {
      const kind = patchTypes[mediaType(req)];
      if (kind !== 'merge' && kind !== 'json') {
        throw new ApiError(
          415,
          'UnsupportedMediaType',
          `the server does not support this patch type for the scale subresource`,
        );
      }
      const patch = decodeJson(await readBody(req));
      const doc = scaleOf(type, current, true) as Json;
      scale =
        kind === 'merge' ? applyMergePatch(doc, patch as Json) : applyJsonPatch(doc, patch as Json);
    } else {
      throw methodNotAllowed('the server does not allow this method on the requested resource');
    }
    const next = withScale(type, current, scale);
    const written = this.registry.update(
      scope,
      name,
      { value: next },
      this.writeOptions(req, query, warnings),
    );
    sendJson(res, 200, scaleOf(type, this.registry.asServed(type, written.object)));
  }

  /** PUT namespaces/{name}/finalize: the namespace controller's way to drop spec.finalizers. */
  private finalizeNamespace(name: string, body: unknown, options: WriteOptions): WriteResult {
    const scope = { type: this.namespaceType() };
    const current = this.registry.get(scope, name);
    const finalizers =
      isPlainObject(body) && isPlainObject(body.spec) ? body.spec.finalizers : undefined;
    const next = {
      ...current,
      spec: {
        ...(current.spec as object),
        finalizers: Array.isArray(finalizers) ? finalizers : [],
      },
    };
    return this.registry.systemUpdate(scope, current, next, options);
  }

  private namespaceType(): ResourceType {
    return this.registry.namespaceType;
  }
}

function includeObject(query: URLSearchParams): TableInclude {
  const value = query.get('includeObject') ?? 'Metadata';
  if (value !== 'Metadata' && value !== 'Object' && value !== 'None') {
    throw badRequest(`unrecognized includeObject value: ${JSON.stringify(value)}`);
  }
  return value;
}

/** The API server's default field manager: the user agent up to its first slash. */
export function managerFromUserAgent(userAgent: string | undefined): string {
  const prefix = (userAgent ?? '').split('/')[0]!.trim();
  return prefix.slice(0, 128) || 'unknown';
}
