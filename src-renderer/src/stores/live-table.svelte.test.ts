import { flushSync } from 'svelte';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../api/client';
import { MemoryCarrier } from '../test/memory-carrier';
import { LiveTableStore } from './live-table.svelte';

const ref = { context: 'c', group: '', version: 'v1', resource: 'configmaps', namespace: 'ns' };

/** A view that reads the table's rows for as long as it lives. */
function view(store: LiveTableStore, seen: number[]) {
  return $effect.root(() => {
    $effect(() => {
      seen.push(store.rows.length);
    });
  });
}

describe('LiveTableStore', () => {
  it('watches while at least one view reads it, and stops when the last one goes', () => {
    const carrier = new MemoryCarrier();
    const store = new LiveTableStore(new ApiClient(carrier), ref);
    expect(carrier.subscriptions('resources:table')).toEqual([]);

    const seenA: number[] = [];
    const seenB: number[] = [];
    const stopA = view(store, seenA);
    flushSync();
    const stopB = view(store, seenB);
    flushSync();
    const subscriptions = carrier.subscriptions('resources:table');
    expect(subscriptions).toHaveLength(1);
    expect(subscriptions[0]?.params).toEqual(ref);

    const id = subscriptions[0]!.id;
    carrier.push({ type: 'reply', id, reply: { result: null } });
    const row = (name: string) => ({
      key: `ns/${name}`,
      uid: name,
      name,
      namespace: 'ns',
      resourceVersion: '1',
      cells: [name],
    });
    carrier.push({
      type: 'event',
      id,
      event: { type: 'reset', columns: [], rows: [row('a')], resourceVersion: '1' },
    });
    flushSync();
    carrier.push({
      type: 'event',
      id,
      event: { type: 'changed', upserted: [row('b')], deleted: ['ns/a'], resourceVersion: '2' },
    });
    flushSync();
    expect(store.rows.map((r) => r.name)).toEqual(['b']);
    expect(seenA).toEqual([0, 1, 1]);

    stopA();
    flushSync();
    expect(carrier.subscriptions('resources:table')).toHaveLength(1);
    stopB();
    flushSync();
    expect(carrier.subscriptions('resources:table')).toHaveLength(0);
    expect(carrier.sent.at(-1)).toEqual({ type: 'unsubscribe', id });
  });

  it('shows why the watch is retrying, and clears it when live again', () => {
    const store = new LiveTableStore(new ApiClient(new MemoryCarrier()), ref);
    store.apply({
      type: 'status',
      state: 'retrying',
      error: { name: 'ConnectionError', message: 'cannot reach', hint: 'is it running?' },
    });
    expect(store.problem).toEqual({ message: 'cannot reach', hint: 'is it running?' });
    store.apply({ type: 'status', state: 'live' });
    expect(store.problem).toBeUndefined();
  });
});
