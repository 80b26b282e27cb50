/**
 * Requests to Starling's local cluster running in this process (usually in its own worker
 * thread) over a MessagePort instead of HTTPS: no TLS, no HTTP parsing, no sockets. Requests
 * and answers are structured-clone messages; a watch's body arrives as chunks of JSON lines.
 * The server side is src-main/cluster/local/port-server.ts; both follow `PortMessage`.
 */
import type { MessagePort } from 'node:worker_threads';
import type { KubeTransport, WireRequest, WireResponse } from './http';

/** What travels from the client to the local cluster. */
export type PortRequestMessage =
  | {
      type: 'request';
      id: number;
      method: string;
      path: string;
      headers: Record<string, string>;
      body?: string;
    }
  | { type: 'cancel'; id: number };

/** What travels back: a whole answer, or a stream's head, chunks and end. */
export type PortResponseMessage =
  | { type: 'response'; id: number; status: number; body: string }
  | { type: 'head'; id: number; status: number }
  | { type: 'chunk'; id: number; data: string }
  | { type: 'end'; id: number }
  | { type: 'failed'; id: number; message: string };

interface Pending {
  onResponse(status: number, body: string): void;
  onHead(status: number): void;
  onChunk(data: string): void;
  onEnd(): void;
  onFailed(err: Error): void;
}

export class PortTransport implements KubeTransport {
  readonly origin = 'the in-process local cluster';
  readonly #port: MessagePort;
  readonly #pending = new Map<number, Pending>();
  #nextId = 1;
  #closed = false;

  constructor(port: MessagePort) {
    this.#port = port;
    port.on('message', (m: PortResponseMessage) => this.#receive(m));
    port.on('close', () => this.#failAll('the local cluster stopped'));
  }

  request(req: WireRequest): Promise<WireResponse> {
    return new Promise((resolve, reject) => {
      const chunks: string[] = [];
      let status = 0;
      const id = this.#send(req, {
        onResponse: (s, body) => settle(() => resolve({ status: s, body })),
        onHead: (s) => (status = s),
        onChunk: (data) => chunks.push(data),
        onEnd: () => settle(() => resolve({ status, body: chunks.join('') })),
        onFailed: (err) => settle(() => reject(err)),
      });
      if (id < 0) return reject(closedError('the local cluster stopped'));
      const timeoutMs = req.timeoutMs ?? 30_000;
      const timer = setTimeout(() => {
        this.#cancel(id);
        settle(() => reject(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)));
      }, timeoutMs);
      const settle = (fn: () => void) => {
        clearTimeout(timer);
        req.signal?.removeEventListener('abort', abort);
        this.#pending.delete(id);
        fn();
      };
      const abort = () => {
        this.#cancel(id);
        settle(() => reject(new Error('the request was aborted')));
      };
      if (req.signal?.aborted) abort();
      else req.signal?.addEventListener('abort', abort, { once: true });
    });
  }

  stream(req: WireRequest, onLine: (line: string) => void): Promise<WireResponse> {
    return new Promise((resolve, reject) => {
      let status = 0;
      let rest = '';
      const error: string[] = [];
      const id = this.#send(req, {
        onResponse: (s, body) => settle(() => resolve({ status: s, body })),
        onHead: (s) => (status = s),
        onChunk: (data) => {
          if (status < 200 || status >= 300) {
            error.push(data);
            return;
          }
          const lines = (rest + data).split('\n');
          rest = lines.pop()!;
          for (const line of lines) if (line) onLine(line);
        },
        onEnd: () =>
          settle(() => {
            if (rest && status >= 200 && status < 300) onLine(rest);
            resolve({ status, body: error.join('') });
          }),
        onFailed: (err) => settle(() => reject(err)),
      });
      const settle = (fn: () => void) => {
        req.signal?.removeEventListener('abort', abort);
        this.#pending.delete(id);
        fn();
      };
      const abort = () => {
        this.#cancel(id);
        settle(() => resolve({ status, body: '' }));
      };
      if (id < 0) return reject(closedError('the local cluster stopped'));
      if (req.signal?.aborted) abort();
      else req.signal?.addEventListener('abort', abort, { once: true });
    });
  }

  /** Posts a request; -1 when the port is closed. */
  #send(req: WireRequest, pending: Pending): number {
    if (this.#closed) return -1;
    const id = this.#nextId++;
    this.#pending.set(id, pending);
    const message: PortRequestMessage = {
      type: 'request',
      id,
      method: req.method,
      path: req.path,
      headers: req.headers,
      ...(req.body !== undefined ? { body: req.body } : {}),
    };
    this.#port.postMessage(message);
    return id;
  }

  #cancel(id: number): void {
    if (this.#closed) return;
    const message: PortRequestMessage = { type: 'cancel', id };
    this.#port.postMessage(message);
  }

  #receive(m: PortResponseMessage): void {
    const p = this.#pending.get(m.id);
    if (!p) return;
    switch (m.type) {
      case 'response':
        return p.onResponse(m.status, m.body);
      case 'head':
        return p.onHead(m.status);
      case 'chunk':
        return p.onChunk(m.data);
      case 'end':
        return p.onEnd();
      case 'failed':
        return p.onFailed(closedError(m.message));
    }
  }

  #failAll(why: string): void {
    this.#closed = true;
    for (const p of [...this.#pending.values()]) p.onFailed(closedError(why));
    this.#pending.clear();
  }

  dispose(): void {
    if (this.#closed) return;
    this.#failAll('the connection was closed');
    this.#port.close();
  }
}

function closedError(message: string): Error {
  return Object.assign(new Error(message), { code: 'ECONNRESET' });
}
