import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { maxMessageBytes } from './api/messages';
import type { ApiRouter } from './api/router';
import { ApiSession } from './api/session';
import { contentSecurityPolicyHeader } from './security';

export interface WebServerOptions {
  router: ApiRouter;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  /** 0 (the default) picks a free port. */
  port?: number;
  /** A fixed token (tests); default: 32 random bytes. */
  token?: string;
}

const cookieName = 'starling_token';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * `starling web`: the built renderer and the contract over a WebSocket, on 127.0.0.1 only. Every
 * request must carry the token: in the URL (`?token=…`, as printed) or in the cookie the first
 * such request sets. The Host header must name this server (no DNS rebinding), and a WebSocket's
 * Origin must be this server (no other site's page can connect).
 */
export class WebServer {
  readonly port: number;
  readonly token: string;
  readonly #server: http.Server;
  readonly #wss: WebSocketServer;
  readonly #sessions = new Set<ApiSession>();

  private constructor(server: http.Server, wss: WebSocketServer, token: string) {
    this.#server = server;
    this.#wss = wss;
    this.token = token;
    this.port = (server.address() as AddressInfo).port;
  }

  static async start(options: WebServerOptions): Promise<WebServer> {
    const token = options.token ?? randomBytes(32).toString('base64url');
    const root = resolve(options.rendererDir);
    const wss = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
    const server = http.createServer();
    await new Promise<void>((done, fail) => {
      server.once('error', fail);
      server.listen(options.port ?? 0, '127.0.0.1', () => done());
    });
    const web = new WebServer(server, wss, token);
    server.on('request', (req, res) => web.#serve(req, res, root));
    server.on('upgrade', (req, socket, head) => {
      const refusal =
        web.#refusal(req) ??
        (new URL(req.url ?? '/', 'http://x').pathname === '/api'
          ? web.#badOrigin(req)
          : 'not found');
      if (refusal) {
        socket.end(
          `HTTP/1.1 ${refusal === 'not found' ? '404 Not Found' : '401 Unauthorized'}\r\nConnection: close\r\n\r\n`,
        );
        return;
      }
      wss.handleUpgrade(req, socket, head, (ws) => web.#connect(ws, options.router));
    });
    return web;
  }

  /** The address to open, token included. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/?token=${this.token}`;
  }

  /** How many browser tabs are connected. */
  get connections(): number {
    return this.#sessions.size;
  }

  #connect(ws: WebSocket, router: ApiRouter): void {
    const session = new ApiSession(router, (message) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    });
    this.#sessions.add(session);
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      let message: unknown;
      try {
        message = JSON.parse(data.toString());
      } catch {
        ws.close(1007, 'messages must be JSON');
        return;
      }
      session.receive(message);
    });
    ws.on('close', () => {
      session.dispose();
      this.#sessions.delete(session);
    });
  }

  /** Why a request is refused (a wrong Host or a missing token), or undefined. */
  #refusal(req: http.IncomingMessage): string | undefined {
    const host = req.headers.host ?? '';
    if (host !== `127.0.0.1:${this.port}` && host !== `localhost:${this.port}`) return 'wrong host';
    const url = new URL(req.url ?? '/', `http://${host}`);
    const given = url.searchParams.get('token') ?? cookieOf(req.headers.cookie, cookieName);
    return given !== undefined && given !== null && sameSecret(given, this.token)
      ? undefined
      : 'no token';
  }

  #badOrigin(req: http.IncomingMessage): string | undefined {
    const origin = req.headers.origin;
    const allowed = [`http://127.0.0.1:${this.port}`, `http://localhost:${this.port}`];
    return origin && allowed.includes(origin) ? undefined : 'wrong origin';
  }

  #serve(req: http.IncomingMessage, res: http.ServerResponse, root: string): void {
    res.setHeader('Content-Security-Policy', contentSecurityPolicyHeader);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    const refusal = this.#refusal(req);
    if (refusal) {
      res.writeHead(refusal === 'wrong host' ? 421 : 401, {
        'Content-Type': 'text/plain; charset=utf-8',
      });
      res.end(
        refusal === 'wrong host'
          ? 'Starling serves only http://127.0.0.1 and http://localhost.\n'
          : 'Starling: open the address `starling web` printed; it carries the access token.\n',
      );
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.searchParams.has('token')) {
      res.setHeader('Set-Cookie', `${cookieName}=${this.token}; HttpOnly; SameSite=Strict; Path=/`);
    }
    const pathname = decodeURIComponent(url.pathname);
    const file = normalize(join(root, pathname === '/' ? 'index.html' : pathname));
    if (!file.startsWith(root + sep)) {
      res.writeHead(404).end();
      return;
    }
    let size: number;
    try {
      const stat = statSync(file);
      if (!stat.isFile()) throw new Error('not a file');
      size = stat.size;
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found\n');
      return;
    }
    res.writeHead(200, {
      'Content-Type': contentTypes[extname(file)] ?? 'application/octet-stream',
      'Content-Length': size,
      'Cache-Control': file.endsWith('.html') ? 'no-store' : 'private, max-age=3600',
    });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  }

  async close(): Promise<void> {
    for (const session of this.#sessions) session.dispose();
    this.#sessions.clear();
    for (const client of this.#wss.clients) client.terminate();
    this.#wss.close();
    this.#server.closeAllConnections();
    await new Promise<void>((done) => this.#server.close(() => done()));
  }
}

function cookieOf(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
