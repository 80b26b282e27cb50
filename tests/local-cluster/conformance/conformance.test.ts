// The conformance suite against Starling's local cluster alone. conformance.cluster.test.ts runs
// the same scenarios against the real test API server too.
import { applyScenarios } from './apply.scenarios';
import { lifecycleScenarios } from './lifecycle.scenarios';
import { objectScenarios } from './objects.scenarios';
import { localTarget, useTargets } from './targets';

const targets = useTargets([localTarget]);
const names = [localTarget.name];

objectScenarios(targets, names);
lifecycleScenarios(targets, names);
applyScenarios(targets, names);
