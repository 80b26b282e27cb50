import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { RevisionLog, StorageLockedError, type StoreEvent } from './revision-log';

let dir: string;
let log: RevisionLog;
const at = (text: string) => (rev: number) => JSON.stringify({ text, rev });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'revision-log-'));
  log = new RevisionLog(join(dir, 'state.db'));
});

afterEach(() => {
  log.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('RevisionLog', () => {
  it('gives every write the next revision and keeps the newest value per key', () => {
    log.transaction((tx) => tx.put('/core/configmaps/ns/a', at('a1'), 'ADDED'));
    log.transaction((tx) => tx.put('/core/configmaps/ns/b', at('b1'), 'ADDED'));
    log.transaction((tx) => tx.put('/core/configmaps/ns/a', at('a2')));
    expect(log.revision).toBe(3);
    expect(log.get('/core/configmaps/ns/a')).toEqual({
      key: '/core/configmaps/ns/a',
      rev: 3,
      value: '{"text":"a2","rev":3}',
    });
  });

  it('lists a prefix in key order, after a key, with a limit', () => {
    for (const name of ['c', 'a', 'b'])
      log.transaction((tx) => tx.put(`/core/configmaps/ns/${name}`, at(name), 'ADDED'));
    log.transaction((tx) => tx.put('/core/configmaps/other/z', at('z'), 'ADDED'));
    expect(log.range('/core/configmaps/ns/').map((r) => r.key)).toEqual([
      '/core/configmaps/ns/a',
      '/core/configmaps/ns/b',
      '/core/configmaps/ns/c',
    ]);
    expect(
      log
        .range('/core/configmaps/', { after: '/core/configmaps/ns/a', limit: 2 })
        .map((r) => r.key),
    ).toEqual(['/core/configmaps/ns/b', '/core/configmaps/ns/c']);
    expect(log.count('/core/configmaps/')).toBe(4);
    expect([...log.scan('/core/configmaps/ns/')].map((r) => r.key)).toEqual(
      log.range('/core/configmaps/ns/').map((r) => r.key),
    );
  });

  it('replays events after a revision and refuses revisions compacted away', () => {
    log.transaction((tx) => tx.put('/k/r/a', at('1'), 'ADDED'));
    log.transaction((tx) => tx.put('/k/r/a', at('2')));
    log.transaction((tx) => tx.delete('/k/r/a', at('3')));
    expect(log.eventsSince(1, '/k/r/')?.map((e) => `${e.type}@${e.rev}`)).toEqual([
      'MODIFIED@2',
      'DELETED@3',
    ]);
    log.compact(2);
    expect(log.eventsSince(1, '/k/r/')).toBeUndefined();
    expect(log.eventsSince(2, '/k/r/')?.map((e) => e.rev)).toEqual([3]);
  });

  it('compacts in chunks, each one a consistent state, with requests served in between', async () => {
    for (let i = 0; i < 10; i++)
      log.transaction((tx) => tx.put(`/k/r/${i}`, at(String(i)), 'ADDED'));
    expect(log.compact(8, 3)).toBe(false);
    expect(log.compactedRevision).toBe(3);
    expect(log.eventsSince(2, '/k/r/')).toBeUndefined();
    expect(log.eventsSince(3, '/k/r/')?.map((e) => e.rev)).toEqual([4, 5, 6, 7, 8, 9, 10]);
    let servedBetween = false;
    setImmediate(() => (servedBetween = log.compactedRevision < 8));
    await log.compactInChunks(8, 2);
    expect(servedBetween).toBe(true);
    expect(log.compactedRevision).toBe(8);
    expect(log.eventsSince(8, '/k/r/')?.map((e) => e.rev)).toEqual([9, 10]);
    expect(log.get('/k/r/0')?.rev).toBe(1);
  });

  it('tells listeners after the commit, with the previous value, and not at all on rollback', () => {
    const seen: StoreEvent[] = [];
    log.subscribe((e) => seen.push(e));
    log.transaction((tx) => tx.put('/k/r/a', at('1'), 'ADDED'));
    expect(() =>
      log.transaction((tx) => {
        tx.put('/k/r/a', at('2'));
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    expect(log.get('/k/r/a')?.rev).toBe(1);
    expect(log.revision).toBe(1);
    log.transaction((tx) => tx.put('/k/r/a', at('3')));
    expect(seen.map((e) => [e.type, e.rev, e.prev])).toEqual([
      ['ADDED', 1, undefined],
      ['MODIFIED', 2, '{"text":"1","rev":1}'],
    ]);
  });

  it('keeps state and the revision counter across reopening, and after compaction', () => {
    log.transaction((tx) => tx.put('/k/r/a', at('1'), 'ADDED'));
    log.transaction((tx) => tx.delete('/k/r/a', at('2')));
    log.compact(2);
    log.close();
    log = new RevisionLog(join(dir, 'state.db'));
    expect(log.revision).toBe(2);
    expect(log.compactedRevision).toBe(2);
    expect(log.get('/k/r/a')).toBeUndefined();
  });

  it('refuses a second owner of the same database', () => {
    log.transaction((tx) => tx.put('/k/r/a', at('1'), 'ADDED'));
    expect(() => new RevisionLog(join(dir, 'state.db'))).toThrow(StorageLockedError);
  });

  it('with group commit, commits the writes of one turn together and tells listeners after', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {});
    log.close();
    log = new RevisionLog(join(dir, 'state.db'), { groupCommit: true });
    const seen: number[] = [];
    const durable: number[] = [];
    log.subscribe((e) => seen.push(e.rev));
    log.transaction((tx) => tx.put('/k/r/a', at('1'), 'ADDED'));
    expect(() =>
      log.transaction((tx) => {
        tx.put('/k/r/b', at('2'), 'ADDED');
        throw new Error('rolled back');
      }),
    ).toThrow('rolled back');
    log.transaction((tx) => tx.put('/k/r/c', at('3'), 'ADDED'));
    log.afterCommit(
      () => {
        throw new Error('one answer fails');
      },
      () => durable.push(-1),
    );
    log.afterCommit(
      () => durable.push(log.committedRevision),
      () => durable.push(-1),
    );
    // Written and readable, but not yet committed: nobody has been told.
    expect([log.revision, log.committedRevision]).toEqual([2, 0]);
    expect(log.get('/k/r/c')?.rev).toBe(2);
    expect(log.get('/k/r/b')).toBeUndefined();
    expect([seen, durable]).toEqual([[], []]);
    await new Promise((resolve) => setImmediate(resolve));
    // The waiter that threw is logged; the others still ran.
    expect([seen, durable]).toEqual([[1, 2], [2]]);
    expect(logged).toHaveBeenCalledWith('starling local: after a commit:', expect.any(Error));
    logged.mockRestore();
    // Nothing open: afterCommit answers at once.
    log.afterCommit(
      () => durable.push(log.committedRevision),
      () => durable.push(-1),
    );
    expect(durable).toEqual([2, 2]);
  });

  it('with group commit, commits on demand and when closed', () => {
    log.close();
    log = new RevisionLog(join(dir, 'state.db'), { groupCommit: true });
    const seen: number[] = [];
    log.subscribe((e) => seen.push(e.rev));
    log.transaction((tx) => tx.put('/k/r/a', at('1'), 'ADDED'));
    log.commit();
    expect([seen, log.committedRevision]).toEqual([[1], 1]);
    log.transaction((tx) => tx.put('/k/r/b', at('2'), 'ADDED'));
    log.close();
    log = new RevisionLog(join(dir, 'state.db'));
    expect([log.revision, log.get('/k/r/b')?.rev]).toEqual([2, 2]);
  });
});
