import { describe } from 'vitest';
import { ClusterConnection } from '../../../src-main/cluster/connection';
import { testKubeConfig } from '../../cluster/fixtures';
import { unchangedApplyBehaviour } from './unchanged-apply-suite';

describe('unchanged applies on the real test API server', () =>
  unchangedApplyBehaviour(async () => {
    const connection = new ClusterConnection('starling-test', testKubeConfig());
    return { connection, close: async () => connection.dispose() };
  }));
