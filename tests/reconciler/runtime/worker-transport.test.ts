import { describe } from 'vitest';
import { connectToScratchLocalCluster } from '../../../src-main/cluster/local/index';
import { reconcileBehaviour } from './reconcile-suite';
import { runtimeBehaviour } from './behaviour-suite';
import { unchangedApplyBehaviour } from './unchanged-apply-suite';

// The reconciler suites once more, with the local cluster in a worker thread reached over a
// MessagePort (what `starling run --local` and the benchmark use) instead of HTTPS.
const workerConnection = () => connectToScratchLocalCluster('local', 'starling-runtime-worker-');

describe("on Starling's local cluster in a worker thread (MessagePort transport)", () => {
  describe('a reconcile', () => reconcileBehaviour(workerConnection));
  describe('the runtime', () => runtimeBehaviour(workerConnection));
  describe('unchanged applies', () => unchangedApplyBehaviour(workerConnection));
});
