import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { RevisionLog } from '../storage/revision-log';
import { committedResponses } from './committed-response';

let dir: string;
let log: RevisionLog;
let server: Server;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'committed-response-'));
  log = new RevisionLog(join(dir, 'state.db'), { groupCommit: true });
});

afterEach(async () => {
  await new Promise((resolve) => server.close(resolve));
  log.close();
  rmSync(dir, { recursive: true, force: true });
});

function fetchText(path: string): Promise<string> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    get({ host: '127.0.0.1', port, path }, (res) => {
      let text = '';
      res.on('data', (c: Buffer) => (text += c.toString()));
      res.on('end', () => resolve(text));
    }).on('error', reject);
  });
}

it('hands an answer to the socket only after the writes it could have seen are committed', async () => {
  const atEnd: { ended: boolean; committed: number }[] = [];
  server = createServer({ ServerResponse: committedResponses(log) }, (req, res) => {
    if (req.url === '/write') log.transaction((tx) => tx.put('/k/r/a', () => '{}', 'ADDED'));
    res.end(`${log.revision}`);
    atEnd.push({ ended: res.writableEnded, committed: log.committedRevision });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  expect(await fetchText('/write')).toBe('1');
  expect(await fetchText('/read')).toBe('1');
  expect(atEnd).toEqual([
    { ended: false, committed: 0 }, // held until the batch's commit
    { ended: true, committed: 1 }, // nothing open: sent at once
  ]);
});
