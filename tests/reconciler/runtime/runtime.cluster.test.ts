import { describe } from 'vitest';
import { ClusterConnection } from '../../../src-main/cluster/connection';
import { testKubeConfig } from '../../cluster/fixtures';
import { reconcileBehaviour } from './reconcile-suite';
import { runtimeBehaviour } from './behaviour-suite';

const testCluster = async () => {
  const connection = new ClusterConnection('starling-test', testKubeConfig());
  return { connection, close: async () => connection.dispose() };
};

describe('on the real test API server', () => {
  describe('a reconcile', () => reconcileBehaviour(testCluster));
  describe('the runtime', () => runtimeBehaviour(testCluster));
});
