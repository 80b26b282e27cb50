// Starts Starling's local cluster in this process for one test file, in a temp directory of its
// own, and gives an ApiClient for it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startLocalCluster,
  type RunningLocalCluster,
  type StartLocalClusterOptions,
} from '../../../src-main/cluster/local/index';
import { ApiClient } from './api-client';

export interface LocalTestCluster {
  running: RunningLocalCluster;
  client: ApiClient;
  dir: string;
  kubeconfig: string;
  close(options?: { keepData?: boolean }): Promise<void>;
}

export async function startTestLocalCluster(
  tuning?: StartLocalClusterOptions['tuning'],
  dir = mkdtempSync(join(tmpdir(), 'starling-local-')),
): Promise<LocalTestCluster> {
  const kubeconfig = join(dir, 'kubeconfig');
  const running = await startLocalCluster({
    dataDir: join(dir, 'data'),
    kubeconfigPath: kubeconfig,
    tuning,
  });
  const client = await ApiClient.fromKubeconfig(kubeconfig, running.contextName);
  return {
    running,
    client,
    dir,
    kubeconfig,
    async close(options = {}) {
      client.close();
      await running.close();
      if (!options.keepData) rmSync(dir, { recursive: true, force: true });
    },
  };
}
