// Vitest global setup of the `cluster` project: one test cluster per test run, shared by every
// *.cluster.test.ts file. Test files reach it through ./fixtures.
import type { TestProject } from 'vitest/node';
import { TestCluster, type TestClusterConnection } from './test-cluster';

declare module 'vitest' {
  export interface ProvidedContext {
    testCluster: TestClusterConnection;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cluster = await TestCluster.start({
    log: (message) => console.log(`test cluster: ${message}`),
  });
  project.provide('testCluster', cluster.connection);
  return () => cluster.stop();
}
