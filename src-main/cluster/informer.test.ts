import { describe, expect, it } from 'vitest';
import { ClusterError } from './errors';
import { Informer, type ListWatch, type WatchEvent } from './informer';

interface Item {
  name: string;
  rv: string;
}

type WatchScript = (emit: (e: WatchEvent<Item>) => void, signal: AbortSignal) => Promise<void>;

/** A ListWatch that plays scripted lists and watches, recording what the informer asked for. */
class ScriptedSource implements ListWatch<Item> {
  lists: { items: Item[]; resourceVersion: string }[] = [];
  watches: WatchScript[] = [];
  calls: string[] = [];
  async list() {
    this.calls.push('list');
    const next = this.lists.shift();
    if (!next) throw new Error('no more lists scripted');
    return next;
  }
  async watch(rv: string, onEvent: (e: WatchEvent<Item>) => void, signal: AbortSignal) {
    this.calls.push(`watch@${rv}`);
    const next =
      this.watches.shift() ??
      (() => new Promise<void>((r) => signal.addEventListener('abort', () => r())));
    await next(onEvent, signal);
  }
  keyOf = (i: Item) => i.name;
  versionOf = (i: Item) => i.rv;
}

const gone = () =>
  new ClusterError('too old resource version', { cluster: 't' }, { code: 410, reason: 'Expired' });

describe('Informer', () => {
  it('lists, then applies watch events and drops the ones the list already holds', async () => {
    const source = new ScriptedSource();
    source.lists.push({ items: [{ name: 'a', rv: '10' }], resourceVersion: '10' });
    source.watches.push(async (emit) => {
      emit({ type: 'ADDED', object: { name: 'a', rv: '10' } }); // replayed: dropped
      emit({ type: 'ADDED', object: { name: 'b', rv: '11' } });
      emit({ type: 'MODIFIED', object: { name: 'a', rv: '12' } });
      emit({ type: 'MODIFIED', object: { name: 'a', rv: '12' } }); // repeated: dropped
      emit({ type: 'DELETED', object: { name: 'b', rv: '13' } });
      await new Promise(() => undefined);
    });
    const informer = new Informer(source, { initialDelayMs: 1 });
    const seen: string[] = [];
    informer.on('reset', (items) => seen.push(`reset ${items.map((i) => i.name).join(',')}`));
    informer.on('added', (i) => seen.push(`added ${i.name}@${i.rv}`));
    informer.on('modified', (i, p) => seen.push(`modified ${i.name}@${p.rv}->${i.rv}`));
    informer.on('deleted', (i) => seen.push(`deleted ${i.name}`));
    informer.start();
    await informer.whenSynced();
    await expect.poll(() => seen.length).toBe(4);
    expect(seen).toEqual(['reset a', 'added b@11', 'modified a@10->12', 'deleted b']);
    expect(informer.items()).toEqual([{ name: 'a', rv: '12' }]);
    expect(informer.resourceVersion).toBe('13');
    informer.dispose();
  });

  it('restarts the watch after any error, from the last version it saw, with backoff', async () => {
    const source = new ScriptedSource();
    source.lists.push({ items: [], resourceVersion: '5' });
    source.watches.push(async (emit) => {
      emit({ type: 'ADDED', object: { name: 'x', rv: '6' } });
      throw new Error('ECONNRESET');
    });
    source.watches.push(async () => {
      throw new ClusterError('internal error', { cluster: 't' }, { code: 500 });
    });
    source.watches.push(async (emit) => {
      emit({ type: 'BOOKMARK', resourceVersion: '9' });
      // the server closes the watch normally: the informer watches again from the bookmark
    });
    const informer = new Informer(source, { initialDelayMs: 1 });
    const states: string[] = [];
    informer.on('status', (s) =>
      states.push(s.state === 'retrying' ? `retrying: ${s.error.message}` : s.state),
    );
    informer.start();
    await expect.poll(() => source.calls.length).toBeGreaterThanOrEqual(5);
    expect(source.calls.slice(0, 5)).toEqual(['list', 'watch@5', 'watch@6', 'watch@6', 'watch@9']);
    expect(states).toContain('retrying: ECONNRESET');
    expect(states).toContain('retrying: internal error');
    expect(informer.get('x')).toEqual({ name: 'x', rv: '6' });
    informer.dispose();
  });

  it('lists again on 410 Gone and resets the cache to the new list', async () => {
    const source = new ScriptedSource();
    source.lists.push({ items: [{ name: 'old', rv: '3' }], resourceVersion: '3' });
    source.lists.push({ items: [{ name: 'new', rv: '40' }], resourceVersion: '40' });
    source.watches.push(async () => {
      throw gone();
    });
    const informer = new Informer(source, { initialDelayMs: 1 });
    const resets: string[][] = [];
    informer.on('reset', (items) => resets.push(items.map((i) => i.name)));
    informer.start();
    await expect.poll(() => resets.length).toBe(2);
    expect(resets).toEqual([['old'], ['new']]);
    expect(source.calls.slice(0, 4)).toEqual(['list', 'watch@3', 'list', 'watch@40']);
    expect(informer.items().map((i) => i.name)).toEqual(['new']);
    informer.dispose();
  });

  it('retries a failing list until it succeeds', async () => {
    const source = new ScriptedSource();
    let failures = 2;
    const list = source.list.bind(source);
    source.list = async () => {
      if (failures-- > 0) {
        source.calls.push('list-failed');
        throw new Error('connection refused');
      }
      return list();
    };
    source.lists.push({ items: [{ name: 'a', rv: '1' }], resourceVersion: '1' });
    const informer = new Informer(source, { initialDelayMs: 1 }).start();
    await informer.whenSynced();
    expect(source.calls.slice(0, 3)).toEqual(['list-failed', 'list-failed', 'list']);
    informer.dispose();
  });

  it('stops watching and forgets everything on dispose', async () => {
    const source = new ScriptedSource();
    source.lists.push({ items: [{ name: 'a', rv: '1' }], resourceVersion: '1' });
    let aborted = false;
    source.watches.push(
      (_emit, signal) =>
        new Promise((resolve) => {
          signal.addEventListener('abort', () => {
            aborted = true;
            resolve();
          });
        }),
    );
    const informer = new Informer(source).start();
    await informer.whenSynced();
    await expect.poll(() => source.calls).toContain('watch@1');
    informer.dispose();
    expect(aborted).toBe(true);
    expect(informer.items()).toEqual([]);
  });
});
