import { expect } from 'vitest';
import type { KubeObject } from '../../../src-main/contract';
import type { KubeApi } from '../../../src-main/reconciler/runtime/kube-api';

/** The state each example's README promises, checked on a cluster the example ran against. */
export const exampleChecks: Record<string, (api: KubeApi) => Promise<void>> = {
  async 'hello-world'(api) {
    const world = await api.get(
      { group: 'example.com', version: 'v1alpha1', kind: 'HelloWorld' },
      'default',
      'world',
      { builtin: 'test' },
    );
    expect(world?.spec).toMatchObject({ greeting: 'hello, world' });
    expect(readyCondition(world)).toMatchObject({ status: 'True', reason: 'Ready' });
    expect(world?.metadata?.finalizers).toEqual(['example.com.helloworlds.greeting']);
  },
};

export function readyCondition(obj: KubeObject | undefined, type = 'Ready') {
  const conditions = (obj?.status as { conditions?: Record<string, string>[] } | undefined)
    ?.conditions;
  return conditions?.find((c) => c.type === type);
}
