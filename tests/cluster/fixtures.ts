// What a *.cluster.test.ts file uses to reach the shared test cluster (started by
// ./global-setup.ts for the `cluster` vitest project).
import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { afterAll, beforeAll, inject } from 'vitest';
import { restartApiServer as restart, type TestClusterConnection } from './test-cluster';

export type { TestClusterConnection } from './test-cluster';

/** The shared cluster's connection: kubeconfig path, context, server URL, token, kubectl. */
export function testCluster(): TestClusterConnection {
  return inject('testCluster');
}

/** A KubeConfig for the shared cluster, its context `starling-test` current. */
export function testKubeConfig(): KubeConfig {
  const connection = testCluster();
  const config = new KubeConfig();
  config.loadFromFile(connection.kubeconfig);
  config.setCurrentContext(connection.context);
  return config;
}

export interface TestNamespace {
  /** The namespace's name; read it inside tests and hooks (it is set by a beforeAll hook). */
  readonly name: string;
}

/**
 * Gives the calling test file a fresh namespace: created (named `<prefix>-<random>`) before its
 * tests and deleted after them. Call it at the top level of the file.
 */
export function useNamespace(prefix = 'test'): TestNamespace {
  let name: string | undefined;
  const core = () => testKubeConfig().makeApiClient(CoreV1Api);
  beforeAll(async () => {
    const created = await core().createNamespace({
      body: {
        metadata: { generateName: `${prefix}-`, labels: { 'starling.test/owner': 'vitest' } },
      },
    });
    name = created.metadata!.name!;
  });
  afterAll(async () => {
    // The namespace controller deletes the contents; there is no need to wait for it.
    if (name) await core().deleteNamespace({ name });
  });
  return {
    get name() {
      if (!name)
        throw new Error('useNamespace(): the namespace exists only inside tests and hooks');
      return name;
    },
  };
}

/**
 * Restarts the shared cluster's kube-apiserver on the same port and resolves once it is ready
 * again; no object is lost. Every file using the shared cluster sees the outage, so a suite that
 * restarts often should start a cluster of its own (TestCluster.start) instead.
 */
export function restartApiServer(): Promise<void> {
  return restart(testCluster());
}
