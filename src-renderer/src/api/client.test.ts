import { describe, expect, it } from 'vitest';
import { MemoryCarrier } from '../test/memory-carrier';
import { ApiClient } from './client';
import { StarlingError } from './errors';

describe('ApiClient', () => {
  it('resolves replies and turns {error} back into a StarlingError with its fields', async () => {
    const carrier = new MemoryCarrier();
    const api = new ApiClient(carrier);
    const info = api.invoke('app:info');
    const failing = api.invoke('resources:delete', {
      context: 'c',
      group: '',
      version: 'v1',
      resource: 'configmaps',
      namespace: 'ns',
      name: 'x',
    });
    const [first, second] = carrier.sent;
    carrier.push({
      type: 'reply',
      id: first!.id,
      reply: { result: { version: '1', mode: 'web', platform: 'linux' } },
    });
    carrier.push({
      type: 'reply',
      id: second!.id,
      reply: {
        error: {
          name: 'KubernetesApiError',
          message: 'cluster "c": ConfigMap "ns/x": not found',
          code: 404,
          reason: 'NotFound',
          target: { cluster: 'c', kind: 'ConfigMap', namespace: 'ns', name: 'x' },
          hint: 'refresh',
        },
      },
    });
    expect(await info).toEqual({ version: '1', mode: 'web', platform: 'linux' });
    const error = await failing.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StarlingError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'KubernetesApiError',
      message: 'cluster "c": ConfigMap "ns/x": not found',
      code: 404,
      reason: 'NotFound',
      target: { cluster: 'c', kind: 'ConfigMap', namespace: 'ns', name: 'x' },
      hint: 'refresh',
    });
  });

  it('delivers stream events until closed, and reports a stream that could not start', () => {
    const carrier = new MemoryCarrier();
    const api = new ApiClient(carrier);
    const events: unknown[] = [];
    const errors: string[] = [];
    const sub = api.subscribe('contexts:changed', null, {
      event: (e) => events.push(e),
      error: (e) => errors.push(e.message),
    });
    const id = carrier.sent[0]!.id;
    carrier.push({ type: 'reply', id, reply: { result: null } });
    carrier.push({ type: 'event', id, event: { contexts: [], problems: [] } });
    sub.close();
    carrier.push({ type: 'event', id, event: { contexts: [1], problems: [] } });
    expect(events).toEqual([{ contexts: [], problems: [] }]);
    expect(carrier.sent.at(-1)).toEqual({ type: 'unsubscribe', id });

    api.subscribe(
      'resources:kinds-changed',
      { context: 'gone' },
      { event: () => undefined, error: (e) => errors.push(e.message) },
    );
    const second = carrier.sent.at(-1)!.id;
    carrier.push({
      type: 'reply',
      id: second,
      reply: {
        error: { name: 'KubeconfigError', message: 'context "gone" is not in the kubeconfig' },
      },
    });
    expect(errors).toEqual(['context "gone" is not in the kubeconfig']);
  });
});
