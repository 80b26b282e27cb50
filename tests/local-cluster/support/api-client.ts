/* eslint-disable @typescript-eslint/no-explicit-any -- API responses are arbitrary JSON that tests inspect field by field */
// A small HTTPS client for the Kubernetes API that shows tests exactly what a server answered:
// status code, headers, body. It reads a kubeconfig context (CA, token or client certificate)
// through @kubernetes/client-node, so the same tests run against any server.
import { Agent, request, type RequestOptions } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { KubeConfig } from '@kubernetes/client-node';

export interface ApiResponse<T = any> {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  body: T;
}

export interface RequestParams {
  body?: unknown;
  /** Defaults to application/json (or the patch type for PATCH when given). */
  contentType?: string;
  accept?: string;
  query?: Record<string, string | number | boolean | undefined>;
  /** Send `body` as is (a string or Buffer), without JSON encoding. */
  raw?: boolean;
  /** Leave out the Authorization header. */
  anonymous?: boolean;
}

export interface WatchEvent {
  type: string;
  object: any;
}

export class ApiClient {
  private readonly agent: Agent;

  private constructor(
    readonly server: string,
    private readonly options: RequestOptions,
  ) {
    this.agent = new Agent({ keepAlive: true, maxSockets: 16, ...options } as never);
  }

  static async fromKubeconfig(path: string, context: string): Promise<ApiClient> {
    const config = new KubeConfig();
    config.loadFromFile(path);
    config.setCurrentContext(context);
    const options: RequestOptions = {};
    await config.applyToHTTPSOptions(options);
    return new ApiClient(config.getCurrentCluster()!.server, options);
  }

  close(): void {
    this.agent.destroy();
  }

  private url(path: string, query?: RequestParams['query']): URL {
    const url = new URL(path, this.server);
    for (const [k, v] of Object.entries(query ?? {}))
      if (v !== undefined) url.searchParams.set(k, String(v));
    return url;
  }

  private headers(params: RequestParams): Record<string, string> {
    // The API server names the default field manager after the user agent's first word.
    const headers: Record<string, string> = {
      Accept: params.accept ?? 'application/json',
      'User-Agent': 'conformance/0 (Starling tests)',
    };
    const fromConfig = (this.options.headers ?? {}) as Record<string, string>;
    for (const [k, v] of Object.entries(fromConfig)) {
      if (params.anonymous && k.toLowerCase() === 'authorization') continue;
      headers[k] = v;
    }
    return headers;
  }

  request<T = any>(
    method: string,
    path: string,
    params: RequestParams = {},
  ): Promise<ApiResponse<T>> {
    const headers = this.headers(params);
    let payload: Buffer | undefined;
    if (params.body !== undefined) {
      payload = params.raw
        ? Buffer.from(params.body as string | Buffer)
        : Buffer.from(typeof params.body === 'string' ? params.body : JSON.stringify(params.body));
      headers['Content-Type'] = params.contentType ?? 'application/json';
      headers['Content-Length'] = String(payload.length);
    }
    const url = this.url(path, params.query);
    return new Promise((resolve, reject) => {
      const req = request(url, { ...this.options, method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: any = text;
          try {
            body = text ? JSON.parse(text) : undefined;
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      req.end(payload);
    });
  }

  get<T = any>(path: string, params?: RequestParams) {
    return this.request<T>('GET', path, params);
  }
  post<T = any>(path: string, body: unknown, params?: RequestParams) {
    return this.request<T>('POST', path, { ...params, body });
  }
  put<T = any>(path: string, body: unknown, params?: RequestParams) {
    return this.request<T>('PUT', path, { ...params, body });
  }
  patch<T = any>(path: string, contentType: string, body: unknown, params?: RequestParams) {
    return this.request<T>('PATCH', path, { ...params, body, contentType });
  }
  apply<T = any>(path: string, body: unknown, fieldManager: string, params: RequestParams = {}) {
    return this.request<T>('PATCH', path, {
      ...params,
      body,
      contentType: 'application/apply-patch+yaml',
      query: { fieldManager, ...params.query },
    });
  }
  delete<T = any>(path: string, params?: RequestParams) {
    return this.request<T>('DELETE', path, params);
  }

  /** Opens a watch; events collect in `events` as they arrive. */
  watch(path: string, query: RequestParams['query'] = {}): Promise<WatchStream> {
    const url = this.url(path, { ...query, watch: true });
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        { ...this.options, method: 'GET', headers: this.headers({}) },
        (res) => {
          const stream = new WatchStream(res.statusCode ?? 0, () => req.destroy());
          let buffer = '';
          res.on('data', (chunk: Buffer) => {
            buffer += chunk.toString('utf8');
            let nl: number;
            while ((nl = buffer.indexOf('\n')) >= 0) {
              const line = buffer.slice(0, nl).trim();
              buffer = buffer.slice(nl + 1);
              if (line) stream.push(JSON.parse(line) as WatchEvent);
            }
          });
          res.on('end', () => stream.end());
          res.on('error', () => stream.end());
          resolve(stream);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }
}

export class WatchStream {
  readonly events: WatchEvent[] = [];
  ended = false;
  private waiters: (() => void)[] = [];

  constructor(
    readonly status: number,
    private readonly abort: () => void,
  ) {}

  /** Called with each event as it arrives (benchmarks time delivery with it). */
  onEvent?: (event: WatchEvent) => void;

  push(event: WatchEvent): void {
    this.events.push(event);
    this.onEvent?.(event);
    this.wake();
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  /** Waits until `predicate` holds for the events so far (or the stream ends, or time runs out). */
  async until(
    predicate: (events: WatchEvent[]) => boolean,
    timeoutMs = 10_000,
  ): Promise<WatchEvent[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.events)) {
      if (this.ended)
        throw new Error(`watch ended before the expected events; got ${describe(this.events)}`);
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`timed out waiting for watch events; got ${describe(this.events)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.events;
  }

  close(): void {
    this.abort();
  }
}

function describe(events: WatchEvent[]): string {
  return JSON.stringify(events.map((e) => `${e.type} ${e.object?.metadata?.name ?? ''}`));
}

/** Polls until `check` returns a value other than undefined. */
export async function eventually<T>(
  check: () => Promise<T | undefined>,
  timeoutMs = 20_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
