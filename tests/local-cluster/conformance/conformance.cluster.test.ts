// The conformance suite: every scenario runs against Starling's local cluster and against the
// real test API server (kube-apiserver, etcd and kube-controller-manager of tests/cluster) with
// the same assertions, so a pass means both behave the same where a client can see it.
import { testCluster } from '../../cluster/fixtures';
import { ApiClient } from '../support/api-client';
import { applyScenarios } from './apply.scenarios';
import { badInputScenarios } from './bad-input.scenarios';
import { customResourceScenarios } from './custom-resources.scenarios';
import { lifecycleScenarios } from './lifecycle.scenarios';
import { objectScenarios } from './objects.scenarios';
import { localTarget, useTargets, type TargetSource } from './targets';

const realTarget: TargetSource = {
  name: 'kube-apiserver',
  async open() {
    const connection = testCluster();
    const client = await ApiClient.fromKubeconfig(connection.kubeconfig, connection.context);
    return { client, close: async () => client.close() };
  },
};

const sources = [localTarget, realTarget];
const targets = useTargets(sources);
const names = sources.map((s) => s.name);

objectScenarios(targets, names);
lifecycleScenarios(targets, names);
applyScenarios(targets, names);
customResourceScenarios(targets, names);
badInputScenarios(targets, names);
