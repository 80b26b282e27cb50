/**
 * The local cluster served over a MessagePort (the client is ../port-transport.ts): each request
 * message becomes a socket-free request to the same ApiServer code HTTPS requests reach
 * (`LocalCluster.handle`), so authentication aside every answer, error and watch is the same.
 * The port is the credential: only the process that started the cluster holds it, so requests
 * are served as the cluster's token holder. Answers leave after their writes' commit, as the
 * HTTPS server's CommittedResponse does.
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import type { MessagePort } from 'node:worker_threads';
import type { PortRequestMessage, PortResponseMessage } from '../port-transport';
import type { LocalCluster } from './local-cluster';

/** Serves `port` until it closes; returns what stops serving (open watches are ended). */
export function servePort(cluster: LocalCluster, port: MessagePort): () => void {
  const open = new Map<number, { req: Readable; res: PortResponse }>();
  const post = (m: PortResponseMessage) => port.postMessage(m);
  const onMessage = (m: PortRequestMessage) => {
    if (m.type === 'cancel') {
      const r = open.get(m.id);
      open.delete(m.id);
      r?.res.cancel();
      r?.req.emit('close');
      return;
    }
    const req = new Readable({ read() {}, autoDestroy: false, emitClose: false });
    const headers: Record<string, string> = { authorization: `Bearer ${cluster.token}` };
    for (const [k, v] of Object.entries(m.headers)) headers[k.toLowerCase()] = v;
    Object.assign(req, { method: m.method, url: m.path, headers });
    if (m.body !== undefined) req.push(Buffer.from(m.body));
    req.push(null);
    const res = new PortResponse(m.id, post, cluster, () => open.delete(m.id));
    open.set(m.id, { req, res });
    void cluster.handle(req as unknown as IncomingMessage, res as unknown as ServerResponse);
  };
  port.on('message', onMessage);
  const stop = () => {
    port.off('message', onMessage);
    for (const { req, res } of open.values()) {
      res.cancel();
      req.emit('close');
    }
    open.clear();
  };
  port.on('close', stop);
  return stop;
}

/** The part of ServerResponse the API server's handlers use, posting to the port. */
class PortResponse extends EventEmitter {
  statusCode = 200;
  headersSent = false;
  writableEnded = false;
  readonly writableLength = 0;
  readonly #headers = new Map<string, number | string | readonly string[]>();
  #cancelled = false;

  constructor(
    readonly id: number,
    readonly post: (m: PortResponseMessage) => void,
    readonly cluster: LocalCluster,
    readonly done: () => void,
  ) {
    super();
  }

  setHeader(name: string, value: number | string | readonly string[]): this {
    this.#headers.set(name.toLowerCase(), value);
    return this;
  }

  getHeader(name: string): number | string | readonly string[] | undefined {
    return this.#headers.get(name.toLowerCase());
  }

  removeHeader(name: string): void {
    this.#headers.delete(name.toLowerCase());
  }

  writeHead(status: number, headers?: OutgoingHttpHeaders): this {
    this.statusCode = status;
    for (const [k, v] of Object.entries(headers ?? {}))
      if (v !== undefined) this.setHeader(k, v as string);
    return this;
  }

  flushHeaders(): void {
    if (this.headersSent || this.#cancelled) return;
    this.headersSent = true;
    this.post({ type: 'head', id: this.id, status: this.statusCode });
  }

  write(chunk: string | Uint8Array): boolean {
    if (this.writableEnded || this.#cancelled) return false;
    this.flushHeaders();
    this.post({ type: 'chunk', id: this.id, data: text(chunk) });
    return true;
  }

  end(chunk?: string | Uint8Array | (() => void)): this {
    if (this.writableEnded) return this;
    this.writableEnded = true;
    const body = chunk === undefined || typeof chunk === 'function' ? '' : text(chunk);
    this.cluster.log.afterCommit(
      () => {
        if (!this.#cancelled) {
          if (!this.headersSent) {
            this.headersSent = true;
            this.post({ type: 'response', id: this.id, status: this.statusCode, body });
          } else {
            if (body) this.post({ type: 'chunk', id: this.id, data: body });
            this.post({ type: 'end', id: this.id });
          }
        }
        this.#finish();
      },
      () => this.destroy(),
    );
    return this;
  }

  destroy(): void {
    if (!this.#cancelled)
      this.post({ type: 'failed', id: this.id, message: 'the local cluster dropped the request' });
    this.writableEnded = true;
    this.#finish();
  }

  /** The client went away: nothing more is posted. */
  cancel(): void {
    this.#cancelled = true;
    this.writableEnded = true;
    this.#finish();
  }

  #finished = false;
  #finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.done();
    this.emit('finish');
    this.emit('close');
  }
}

function text(chunk: string | Uint8Array): string {
  return typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
}
