/**
 * The merge oracle: the API server's own field manager (k8s.io/apimachinery managedfields over
 * structured-merge-diff, Kubernetes 1.37.2) behind a small Go command (oracle/main.go). Tests run
 * the same write sequences through it and through Starling's merge package and compare.
 *
 * The binary is built once into ${STARLING_CACHE:-~/.cache/starling}/merge-oracle/, keyed by the
 * hash of its sources (oracle/build.js), so only the first run pays for `go build`.
 */

import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll } from 'vitest';
import { buildOracle } from './oracle/build.js';

/**
 * The oracle for the calling test file: started before its tests (the first run builds the binary,
 * so it happens in a hook, which may take longer than a test) and stopped after them.
 */
export function useMergeOracle(): MergeOracle {
  const oracle = new MergeOracle();
  beforeAll(() => oracle.start());
  afterAll(() => oracle.dispose());
  return oracle;
}

export interface OracleOp {
  op: 'apply' | 'update';
  manager: string;
  force?: boolean;
  subresource?: string;
  reset?: string[][];
  object: unknown;
}

export interface OracleRequest {
  definitions: Record<string, unknown>;
  root: string;
  group: string;
  version: string;
  kind: string;
  ops: OracleOp[];
}

export interface OracleResult {
  /** The second the operation ran in (RFC 3339): the time of the entries it wrote. */
  now?: string;
  object?: Record<string, unknown>;
  code?: number;
  reason?: string;
  message?: string;
  causes?: { reason?: string; message?: string; field?: string }[];
}

export interface PatchRequest {
  type: 'json' | 'merge' | 'strategic';
  /** For strategic patches: the built-in kind ('ConfigMap', 'events.k8s.io/Event', …). */
  kind?: string;
  doc: unknown;
  patch: unknown;
}

export interface PatchResult {
  doc?: unknown;
  code?: number;
  reason?: string;
  message?: string;
}

export interface CodecRequest {
  group: string;
  version: string;
  kind: string;
  object: unknown;
}

export interface CodecResult {
  /** The object as the Go type writes it, as JSON text (key order matters). */
  object?: string;
  /** Unknown fields, as strict decoding names them. */
  unknown?: string[];
  error?: string;
}

export interface CustomResourceRequest {
  /** The CRD version's openAPIV3Schema. */
  schema: unknown;
  object: unknown;
  old?: unknown;
}

export interface CustomResourceResult {
  object?: Record<string, unknown>;
  unknown?: string[];
  error?: string;
  errors?: { type: string; field: string; body: string }[];
}

/** Field errors as the server reports them (type, field, ErrorBody()), or the oracle's own failure. */
export interface FieldErrorsResult {
  errors?: { type: string; field: string; body: string }[];
  error?: string;
}

/**
 * The oracle process, started by `start` (or the first request); `run` sends one request and waits
 * for its results.
 */
export class MergeOracle {
  private child: ChildProcess | undefined;
  private readonly waiting: ((line: string) => void)[] = [];

  /** Builds the oracle if its sources changed, and starts it. */
  start(): ChildProcess {
    if (this.child) return this.child;
    const child = spawn(buildOracle(), [], { stdio: ['pipe', 'pipe', 'inherit'] });
    createInterface({ input: child.stdout! }).on('line', (line) => this.waiting.shift()?.(line));
    this.child = child;
    return child;
  }

  async run(req: OracleRequest): Promise<OracleResult[]> {
    const reply = await this.send<{ results?: OracleResult[] }>(req);
    return reply.results ?? [];
  }

  /** Applies one patch as kube-apiserver's patch handler does (before decoding the result). */
  async patch(req: PatchRequest): Promise<PatchResult> {
    const reply = await this.send<{ patch: PatchResult }>({ patch: req });
    return reply.patch;
  }

  /** Decodes a built-in object as kube-apiserver decodes a request body, and encodes it back. */
  async codec(req: CodecRequest): Promise<CodecResult> {
    const reply = await this.send<{
      codec: { object?: unknown; unknown?: string[]; error?: string };
    }>({
      codec: req,
    });
    const r: CodecResult = {};
    // JSON.parse keeps the order of (non-numeric) keys, which is what the comparison is about.
    if (reply.codec.object !== undefined) r.object = JSON.stringify(reply.codec.object);
    if (reply.codec.unknown) r.unknown = reply.codec.unknown.map((u) => JSON.parse(u) as string);
    if (reply.codec.error) r.error = reply.codec.error;
    return r;
  }

  /** Decodes, defaults and validates a custom resource as kube-apiserver does. */
  async customResource(req: CustomResourceRequest): Promise<CustomResourceResult> {
    const reply = await this.send<{ customResource: CustomResourceResult }>({
      customResource: req,
    });
    return reply.customResource;
  }

  /** CRD validation on create, or with `old` on update (`status`: a status subresource write). */
  async crd(object: unknown, old?: unknown, status?: boolean): Promise<FieldErrorsResult> {
    const reply = await this.send<{ crd: FieldErrorsResult }>({ crd: { object, old, status } });
    return reply.crd;
  }

  /**
   * ObjectMeta validation on create (`name`: the kind's name rule) or, with `old`, on update, as
   * the API server's strategies call it (ValidateObjectMetaDeclaratively).
   */
  async objectMeta(
    meta: unknown,
    options: { old?: unknown; namespaced: boolean; name?: 'subdomain' | 'label' | 'path' },
  ): Promise<FieldErrorsResult> {
    const reply = await this.send<{ objectMeta: FieldErrorsResult }>({
      objectMeta: { meta, old: options.old, namespaced: options.namespaced, name: options.name },
    });
    return reply.objectMeta;
  }

  private send<T>(req: unknown): Promise<T> {
    return new Promise((resolve, reject) => {
      this.waiting.push((line) => {
        const reply = JSON.parse(line) as T & { fatal?: string };
        if (reply.fatal !== undefined) reject(new Error(`merge oracle: ${reply.fatal}`));
        else resolve(reply);
      });
      this.start().stdin!.write(JSON.stringify(req) + '\n');
    });
  }

  dispose(): void {
    this.child?.stdin!.end();
    this.child?.kill();
    this.child = undefined;
  }
}
