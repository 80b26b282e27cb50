import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { kubeConfigForLocalCluster } from '../../src-main/cluster/kubeconfig';
import { startLocalCluster, type RunningLocalCluster } from '../../src-main/cluster/local/index';

/** Starling's local cluster in a fresh temp folder, with a client-node client for the test. */
export interface TestCluster {
  local: RunningLocalCluster;
  dataDir: string;
  kubeConfig: KubeConfig;
  core: CoreV1Api;
  access: { url: string; caData: string; token: string };
  close(): Promise<void>;
}

export async function startTestCluster(
  options: { port?: number; dataDir?: string } = {},
): Promise<TestCluster> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'starling-app-cluster-'));
  const local = await startLocalCluster({ dataDir, port: options.port ?? 0 });
  const kubeConfig = kubeConfigForLocalCluster(local, 'test');
  return {
    local,
    dataDir,
    kubeConfig,
    core: kubeConfig.makeApiClient(CoreV1Api),
    access: { url: local.url, caData: local.caData, token: local.token },
    async close() {
      await local.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
