import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { ClusterConnection } from '../../../src-main/cluster/connection';
import { startLocalClusterInProcess } from '../../../src-main/cluster/local/index';
import { reconcileBehaviour } from './reconcile-suite';
import { runtimeBehaviour } from './behaviour-suite';
import { unchangedApplyBehaviour } from './unchanged-apply-suite';

// The reconciler suites once more, with the local cluster in a worker thread reached over a
// MessagePort (what `starling run --local` and the benchmark use) instead of HTTPS.
async function workerConnection() {
  const dataDir = mkdtempSync(join(tmpdir(), 'starling-runtime-worker-'));
  const local = await startLocalClusterInProcess({ dataDir });
  const connection = new ClusterConnection('local', local.transport);
  return {
    connection,
    async close() {
      connection.dispose();
      await local.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

describe("on Starling's local cluster in a worker thread (MessagePort transport)", () => {
  describe('a reconcile', () => reconcileBehaviour(workerConnection));
  describe('the runtime', () => runtimeBehaviour(workerConnection));
  describe('unchanged applies', () => unchangedApplyBehaviour(workerConnection));
});
