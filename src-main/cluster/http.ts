import http from 'node:http';
import https from 'node:https';
import { createInterface } from 'node:readline';
import type { KubeConfig } from '@kubernetes/client-node';
import type { ErrorTarget } from '../contract';
import { ClusterError, describeTarget, errorFromStatus, type KubeStatus } from './errors';

export interface KubeRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Defaults to application/json; SSA sends application/apply-patch+yaml. */
  contentType?: string;
  accept?: string;
  /** What the request is about, for its errors; the cluster is filled in. */
  target?: Omit<ErrorTarget, 'cluster'>;
  signal?: AbortSignal;
  /** Milliseconds until a request that got no answer fails (not for watches). */
  timeoutMs?: number;
}

/** A request as it goes over a transport: credentials and the query already in place. */
export interface WireRequest {
  method: string;
  /** The path with its query string. */
  path: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
  /** Milliseconds until a request that got no answer fails (not for streams). */
  timeoutMs?: number;
}

export interface WireResponse {
  status: number;
  /** The body; for a stream that was answered 2xx, '' (its lines went to `onLine`). */
  body: string;
}

/**
 * How requests reach an API server: HTTPS (`HttpsTransport`), or a MessagePort to Starling's
 * local cluster in this process (`PortTransport`, port-transport.ts). A transport rejects only
 * when the server could not be reached or the connection broke; any answer resolves.
 */
export interface KubeTransport {
  /** Where requests go, for messages (`https://host:port`, `in-process`). */
  readonly origin: string;
  request(req: WireRequest): Promise<WireResponse>;
  /** A 2xx answer's body goes line by line to `onLine` until the server ends it; aborting resolves. */
  stream(req: WireRequest, onLine: (line: string) => void): Promise<WireResponse>;
  dispose(): void;
}

/**
 * Requests to one context's API server, over HTTPS with that context's credentials or over an
 * in-process transport, with failures turned into `ClusterError`s naming the cluster and object.
 */
export class KubeHttp {
  readonly context: string;
  readonly transport: KubeTransport;

  /** `source`: the context's KubeConfig (HTTPS), or a transport (the in-process local cluster). */
  constructor(source: KubeConfig | KubeTransport, context: string) {
    this.context = context;
    this.transport = isTransport(source) ? source : new HttpsTransport(source, context);
  }

  /** A JSON request; resolves with the parsed body, rejects with a `ClusterError`. */
  async request<T>(req: KubeRequest): Promise<T> {
    const response = await this.#send(req, (wire) => this.transport.request(wire));
    const text = response.body;
    if (!text) return undefined as T;
    try {
      return JSON.parse(text) as T;
    } catch {
      throw new ClusterError(
        `${describeTarget(this.#target(req))}: the API server sent a body that is not JSON`,
        this.#target(req),
      );
    }
  }

  /**
   * A streaming request (a watch): calls `onLine` for every line of the body. Resolves when the
   * server ends the stream, rejects on an HTTP error or a broken connection; aborting resolves.
   */
  async stream(req: KubeRequest, onLine: (line: string) => void): Promise<void> {
    await this.#send(req, (wire) => this.transport.stream(wire, onLine));
  }

  async #send(
    req: KubeRequest,
    send: (wire: WireRequest) => Promise<WireResponse>,
  ): Promise<WireResponse> {
    const query = new URLSearchParams();
    for (const [k, v] of Object.entries(req.query ?? {})) {
      if (v !== undefined) query.set(k, String(v));
    }
    const qs = query.toString();
    const body =
      req.body === undefined
        ? undefined
        : typeof req.body === 'string'
          ? req.body
          : JSON.stringify(req.body);
    const headers: Record<string, string> = { Accept: req.accept ?? 'application/json' };
    if (body !== undefined) headers['Content-Type'] = req.contentType ?? 'application/json';
    let response: WireResponse;
    try {
      response = await send({
        method: req.method ?? 'GET',
        path: qs ? `${req.path}?${qs}` : req.path,
        headers,
        ...(body !== undefined ? { body } : {}),
        ...(req.signal ? { signal: req.signal } : {}),
        ...(req.timeoutMs !== undefined ? { timeoutMs: req.timeoutMs } : {}),
      });
    } catch (err) {
      throw this.#connectionError(err as Error, req);
    }
    if (response.status >= 200 && response.status < 300) return response;
    throw errorFromStatus(response.status, parseStatus(response.body), this.#target(req));
  }

  #target(req: KubeRequest): ErrorTarget {
    return { cluster: this.context, ...req.target };
  }

  #connectionError(err: Error, req: KubeRequest): ClusterError {
    if (err instanceof ClusterError) return err;
    const target = this.#target(req);
    const code = (err as NodeJS.ErrnoException).code;
    const why = code ? `${code}: ${err.message}` : err.message;
    return new ClusterError(
      `${describeTarget(target)}: cannot reach the API server at ${this.transport.origin} (${why})`,
      target,
      {
        name: 'ConnectionError',
        hint:
          code === 'ECONNREFUSED'
            ? 'is the cluster running? start it, then reconnect'
            : 'check the network and the server address in the kubeconfig',
      },
    );
  }

  dispose(): void {
    this.transport.dispose();
  }
}

function isTransport(source: KubeConfig | KubeTransport): source is KubeTransport {
  return typeof (source as KubeTransport).stream === 'function';
}

/**
 * HTTPS with one context's credentials. client-node's KubeConfig supplies the TLS material and
 * the Authorization header (tokens, client certificates, exec credential plugins); one keep-alive
 * agent per TLS identity. Credentials live only in here.
 */
export class HttpsTransport implements KubeTransport {
  readonly server: URL;
  readonly #kc: KubeConfig;
  readonly #context: string;
  #agent: { key: string; agent: http.Agent } | undefined;

  constructor(kc: KubeConfig, context: string) {
    this.#kc = kc;
    this.#context = context;
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new ClusterError('no cluster in the kubeconfig', { cluster: context });
    this.server = new URL(cluster.server);
  }

  get origin(): string {
    return this.server.origin;
  }

  async request(req: WireRequest): Promise<WireResponse> {
    const response = await this.#send(req, false);
    return { status: response.statusCode ?? 0, body: await readBody(response) };
  }

  async stream(req: WireRequest, onLine: (line: string) => void): Promise<WireResponse> {
    const response = await this.#send(req, true);
    const status = response.statusCode ?? 0;
    if (status < 200 || status >= 300) return { status, body: await readBody(response) };
    await new Promise<void>((resolveStream, reject) => {
      const lines = createInterface({ input: response, crlfDelay: Infinity });
      lines.on('line', (line) => {
        if (line) onLine(line);
      });
      const fail = (err: Error) => {
        if (req.signal?.aborted) resolveStream();
        else reject(err);
      };
      response.on('error', fail);
      // readline re-emits its input's errors; without a listener they would be thrown.
      lines.on('error', fail);
      response.on('aborted', () => fail(new Error('the connection was closed')));
      lines.on('close', () => resolveStream());
    });
    return { status, body: '' };
  }

  async #send(req: WireRequest, streaming: boolean): Promise<http.IncomingMessage> {
    const options: https.RequestOptions = { headers: {} };
    try {
      await this.#kc.applyToHTTPSOptions(options);
    } catch (err) {
      throw new ClusterError(
        `${describeTarget({ cluster: this.#context })}: could not get credentials: ${(err as Error).message.trim()}`,
        { cluster: this.#context },
        {
          name: 'CredentialError',
          hint: 'check the user of this context (its exec plugin or certificate files) and try again',
        },
      );
    }
    const url = new URL(this.server.href.replace(/\/$/, '') + req.path);
    const headers: Record<string, string> = {
      ...(options.headers as Record<string, string>),
      ...req.headers,
    };
    if (req.body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(req.body));
    if (options.auth) {
      headers['Authorization'] = `Basic ${Buffer.from(options.auth).toString('base64')}`;
    }
    const isHttps = url.protocol === 'https:';
    const agent = this.#agentFor(options, isHttps);
    return new Promise((resolveResponse, reject) => {
      const request = (isHttps ? https : http).request(url, {
        method: req.method,
        headers,
        agent,
        signal: req.signal,
      });
      if (!streaming) {
        request.setTimeout(req.timeoutMs ?? 30_000, () =>
          request.destroy(
            new Error(`no answer within ${Math.round((req.timeoutMs ?? 30_000) / 1000)} s`),
          ),
        );
      }
      request.on('error', reject);
      request.on('response', resolveResponse);
      request.end(req.body);
    });
  }

  #agentFor(options: https.RequestOptions, isHttps: boolean): http.Agent {
    const tls = {
      ca: options.ca,
      cert: options.cert,
      key: options.key,
      rejectUnauthorized: options.rejectUnauthorized,
      servername: options.servername,
    };
    const key = [isHttps, tls.ca, tls.cert, tls.key, tls.rejectUnauthorized, tls.servername]
      .map((v) => String(v ?? ''))
      .join('\0');
    if (this.#agent?.key === key) return this.#agent.agent;
    this.#agent?.agent.destroy();
    const agent = isHttps
      ? new https.Agent({ keepAlive: true, maxSockets: 32, ...withoutUndefined(tls) })
      : new http.Agent({ keepAlive: true, maxSockets: 32 });
    this.#agent = { key, agent };
    return agent;
  }

  dispose(): void {
    this.#agent?.agent.destroy();
    this.#agent = undefined;
  }
}

function readBody(response: http.IncomingMessage): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (c: Buffer) => chunks.push(c));
    response.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
  });
}

function parseStatus(text: string): KubeStatus | undefined {
  try {
    const value = JSON.parse(text) as KubeStatus;
    return value && typeof value === 'object' && value.kind === 'Status' ? value : undefined;
  } catch {
    return text ? { message: text.trim().slice(0, 500) } : undefined;
  }
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
