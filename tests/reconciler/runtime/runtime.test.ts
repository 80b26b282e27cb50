import { describe } from 'vitest';
import { reconcileBehaviour } from './reconcile-suite';
import { runtimeBehaviour } from './behaviour-suite';
import { localConnection } from './support';

describe("on Starling's local cluster", () => {
  describe('a reconcile', () => reconcileBehaviour(localConnection));
  describe('the runtime', () => runtimeBehaviour(localConnection));
});
