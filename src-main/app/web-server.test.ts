import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ServerMessage } from '../contract';
import { ApiRouter } from './api/router';
import { contentSecurityPolicyHeader } from './security';
import { WebServer } from './web-server';

let dir: string;
let server: WebServer;
const token = 'test-token-0123456789';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'starling-web-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Starling</title>');
  writeFileSync(join(dir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmpdir(), 'starling-web-secret.txt'), 'outside');
  const router = new ApiRouter().handle('app:info', () => ({
    version: '9',
    mode: 'web',
    platform: 'test',
  }));
  server = await WebServer.start({ router, rendererDir: dir, token });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

function get(path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>(
    (done, fail) => {
      const req = http.request({ host: '127.0.0.1', port: server.port, path, headers }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => (body += c.toString()));
        res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
      });
      req.on('error', fail);
      req.end();
    },
  );
}

function openSocket(query: string, headers: Record<string, string>) {
  return new Promise<WebSocket>((done, fail) => {
    const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api${query}`, { headers });
    ws.once('open', () => done(ws));
    ws.once('unexpected-response', (_req, res) => fail(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', fail);
  });
}

describe('the web-mode server', () => {
  it('prints a 127.0.0.1 address that carries the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${token}`);
  });

  it('refuses requests without the token', async () => {
    expect((await get('/')).status).toBe(401);
    expect((await get('/?token=wrong')).status).toBe(401);
    expect((await get('/assets/app.js')).status).toBe(401);
    expect((await get('/assets/app.js', { Cookie: 'starling_token=nope' })).status).toBe(401);
  });

  it('serves the page with the token, sets the cookie, and sends the CSP', async () => {
    const page = await get(`/?token=${token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Starling</title>');
    expect(page.headers['content-security-policy']).toBe(contentSecurityPolicyHeader);
    expect(page.headers['set-cookie']?.[0]).toMatch(
      /^starling_token=test-token-0123456789; HttpOnly; SameSite=Strict/,
    );
    const asset = await get('/assets/app.js', { Cookie: `starling_token=${token}` });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toContain('text/javascript');
  });

  it('refuses other Host names and paths outside the renderer', async () => {
    expect((await get(`/?token=${token}`, { Host: 'evil.example:80' })).status).toBe(421);
    expect((await get(`/..%2fstarling-web-secret.txt?token=${token}`)).status).toBe(404);
    expect((await get(`/missing.js?token=${token}`)).status).toBe(404);
  });

  it('speaks the contract over a WebSocket that carries the token and comes from its own page', async () => {
    const origin = `http://127.0.0.1:${server.port}`;
    await expect(openSocket('', { Origin: origin })).rejects.toThrow('HTTP 401');
    await expect(openSocket(`?token=${token}`, { Origin: 'https://evil.example' })).rejects.toThrow(
      'HTTP 401',
    );
    const ws = await openSocket('', { Origin: origin, Cookie: `starling_token=${token}` });
    const reply = new Promise<ServerMessage>((done) =>
      ws.once('message', (d) => done(JSON.parse(d.toString()))),
    );
    ws.send(JSON.stringify({ type: 'invoke', id: 1, channel: 'app:info', args: [] }));
    expect(await reply).toEqual({
      type: 'reply',
      id: 1,
      reply: { result: { version: '9', mode: 'web', platform: 'test' } },
    });
    expect(server.connections).toBe(1);
    ws.close();
    await expect.poll(() => server.connections).toBe(0);
  });
});
