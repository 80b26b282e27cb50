import { describe } from 'vitest';
import { localConnection } from './support';
import { unchangedApplyBehaviour } from './unchanged-apply-suite';

describe("unchanged applies on Starling's local cluster", () =>
  unchangedApplyBehaviour(localConnection));
