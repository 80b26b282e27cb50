import { describe, expect, it } from 'vitest';
import type { ServerMessage, TableEvent } from '../../contract';
import { ApiRouter, stableJson, type LiveStream, type StreamSink } from './router';
import { ApiSession } from './session';

/** A stream source that records its life and lets the test push events. */
class CountingSource implements LiveStream<TableEvent> {
  static started = 0;
  static disposed = 0;
  readonly sinks = new Set<StreamSink<TableEvent>>();
  constructor() {
    CountingSource.started++;
  }
  listen(sink: StreamSink<TableEvent>): () => void {
    sink.event({ type: 'reset', columns: [], rows: [], resourceVersion: '1' });
    this.sinks.add(sink);
    return () => this.sinks.delete(sink);
  }
  push(event: TableEvent): void {
    for (const s of this.sinks) s.event(event);
  }
  dispose(): void {
    CountingSource.disposed++;
  }
}

function connect(router: ApiRouter) {
  const received: ServerMessage[] = [];
  const session = new ApiSession(router, (m) => received.push(m));
  return { session, received };
}

const flush = () => new Promise((r) => setTimeout(r, 0));
const params = { context: 'c', group: '', version: 'v1', resource: 'namespaces' };

describe('ApiRouter and ApiSession', () => {
  it('answers an invocation with {result}, and a thrown error with {error} and its fields', async () => {
    const router = new ApiRouter()
      .handle('app:info', () => ({ version: '1', mode: 'web', platform: 'linux' }))
      .handle('contexts:select', (name) => {
        throw Object.assign(new Error(`no context "${name}"`), {
          name: 'KubeconfigError',
          hint: 'check the kubeconfig',
          target: { cluster: name },
          request: { headers: { authorization: 'Bearer secret' } },
        });
      });
    const { session, received } = connect(router);
    session.receive({ type: 'invoke', id: 1, channel: 'app:info', args: [] });
    session.receive({ type: 'invoke', id: 2, channel: 'contexts:select', args: ['nope'] });
    await flush();
    expect(received).toContainEqual({
      type: 'reply',
      id: 1,
      reply: { result: { version: '1', mode: 'web', platform: 'linux' } },
    });
    expect(received).toContainEqual({
      type: 'reply',
      id: 2,
      reply: {
        error: {
          name: 'KubeconfigError',
          message: 'no context "nope"',
          hint: 'check the kubeconfig',
          target: { cluster: 'nope' },
        },
      },
    });
    expect(JSON.stringify(received)).not.toContain('secret');
  });

  it('refuses malformed messages and unknown channels with a reason', async () => {
    const { session, received } = connect(new ApiRouter());
    session.receive({ type: 'invoke', id: 3, channel: 'contexts:list', args: 'x' });
    session.receive({ type: 'invoke', id: 4, channel: 'contexts:list', args: [] });
    session.receive({ type: 'subscribe', id: 5, channel: 'contexts:changed', params: null });
    session.receive('garbage');
    await flush();
    expect(received).toEqual([
      {
        type: 'reply',
        id: 3,
        reply: { error: { name: 'ProtocolError', message: 'args must be an array' } },
      },
      expect.objectContaining({
        id: 4,
        reply: { error: expect.objectContaining({ name: 'UnknownChannelError' }) },
      }),
      expect.objectContaining({
        id: 5,
        reply: { error: expect.objectContaining({ name: 'UnknownChannelError' }) },
      }),
    ]);
  });

  it('starts one source for equal params, replays to latecomers, stops it when the last one goes', async () => {
    CountingSource.started = CountingSource.disposed = 0;
    let source: CountingSource | undefined;
    const router = new ApiRouter().stream('resources:table', () => (source = new CountingSource()));
    const a = connect(router);
    const b = connect(router);
    a.session.receive({ type: 'subscribe', id: 1, channel: 'resources:table', params });
    // The same params with another key order share the source.
    b.session.receive({
      type: 'subscribe',
      id: 7,
      channel: 'resources:table',
      params: { resource: 'namespaces', version: 'v1', group: '', context: 'c' },
    });
    await flush();
    expect(CountingSource.started).toBe(1);
    expect(router.runningStreams).toBe(1);
    // Each subscriber gets the acknowledgement first, then the current state.
    expect(a.received.map((m) => m.type)).toEqual(['reply', 'event']);
    expect(b.received[1]).toMatchObject({ type: 'event', id: 7, event: { type: 'reset' } });

    source!.push({ type: 'changed', upserted: [], deleted: ['u1'], resourceVersion: '2' });
    expect(a.received.at(-1)).toMatchObject({ id: 1, event: { deleted: ['u1'] } });
    expect(b.received.at(-1)).toMatchObject({ id: 7, event: { deleted: ['u1'] } });

    a.session.receive({ type: 'unsubscribe', id: 1 });
    await flush();
    expect(CountingSource.disposed).toBe(0);
    b.session.dispose();
    await flush();
    expect(CountingSource.disposed).toBe(1);
    expect(router.runningStreams).toBe(0);

    // A new subscriber starts a fresh source.
    a.session.receive({ type: 'subscribe', id: 2, channel: 'resources:table', params });
    await flush();
    expect(CountingSource.started).toBe(2);
  });

  it('reports a source that cannot start to the subscriber, and frees it', async () => {
    const router = new ApiRouter().stream('resources:table', () => {
      throw Object.assign(new Error('context "x" is not in the kubeconfig'), {
        target: { cluster: 'x' },
      });
    });
    const { session, received } = connect(router);
    session.receive({ type: 'subscribe', id: 1, channel: 'resources:table', params });
    await flush();
    expect(received).toEqual([
      {
        type: 'reply',
        id: 1,
        reply: {
          error: {
            name: 'Error',
            message: 'context "x" is not in the kubeconfig',
            target: { cluster: 'x' },
          },
        },
      },
    ]);
    expect(router.runningStreams).toBe(0);
    expect(session.subscriptionCount).toBe(0);
  });

  it('tells subscribers when a source ends, after the acknowledgement', async () => {
    const router = new ApiRouter().stream('resources:table', () => ({
      listen: (sink) => {
        sink.end(new Error('the kind was deleted'));
        return () => undefined;
      },
      dispose: () => undefined,
    }));
    const { session, received } = connect(router);
    session.receive({ type: 'subscribe', id: 9, channel: 'resources:table', params });
    await flush();
    expect(received).toEqual([
      { type: 'reply', id: 9, reply: { result: null } },
      { type: 'ended', id: 9, error: { name: 'Error', message: 'the kind was deleted' } },
    ]);
    await flush();
    expect(router.runningStreams).toBe(0);
  });

  it('keys params by content, not key order', () => {
    expect(stableJson({ b: 1, a: { d: 2, c: 3 } })).toBe(stableJson({ a: { c: 3, d: 2 }, b: 1 }));
    expect(stableJson({ a: 1 })).not.toBe(stableJson({ a: 2 }));
  });
});
