import { describe, expect, it } from 'vitest';
import { evalToString } from '../runtime/methods/eval-for-tests';
import { json } from './json';
import { math } from './math';
import { module, struct } from './struct';
import { time } from './time';
import type { Value } from '../runtime/value';

const env = new Map<string, Value>([
  ['json', json],
  ['math', math],
  ['time', time],
  ['struct', struct],
  ['module', module],
]);

// Each case: a Starlark expression and what go.starlark.net at Choreo's version prints for it
// (its repr, or "error: " and the message), recorded from the Go reference.
const cases: [string, string][] = [
  ['struct(b=2, a=1)', 'struct(a = 1, b = 2)'],
  ['struct()', 'struct()'],
  [
    'struct(a="x", b=[1, "y"], c=struct(d=None))',
    'struct(a = "x", b = [1, "y"], c = struct(d = None))',
  ],
  ['struct(1)', 'error: struct: unexpected positional arguments'],
  ['struct(a=1).a', '1'],
  ['struct(a=1).b', 'error: struct has no .b attribute'],
  ['struct(abc=1).abd', 'error: struct has no .abd attribute (did you mean .abc?)'],
  ['struct(a=1) == struct(a=1)', 'True'],
  ['struct(a=1) == struct(a=2)', 'False'],
  ['struct(a=1) == struct(b=1)', 'False'],
  ['struct(a=1) != struct(a=1, b=2)', 'True'],
  ['struct(a=1) < struct(a=2)', 'error: struct < struct not implemented'],
  ['struct(a=1) + struct(b=2)', 'struct(a = 1, b = 2)'],
  ['struct(a=1, b=1) + struct(b=2)', 'struct(a = 1, b = 2)'],
  ['struct(a=1) + 1', 'error: unknown binary op: struct + int'],
  ['1 + struct(a=1)', 'error: unknown binary op: int + struct'],
  ['struct(a=[1]) + struct(a=2)', 'struct(a = 2)'],
  ['{struct(a=1): "x"}[struct(a=1)]', '"x"'],
  ['{struct(a=[1]): 1}', 'error: unhashable type: list'],
  ['hash(struct(a=1)) == hash(struct(a=1))', 'error: hash: got struct, want string or bytes'],
  ['type(struct())', '"struct"'],
  ['bool(struct())', 'True'],
  ['dir(struct(b=1, a=2))', '["a", "b"]'],
  ['hasattr(struct(a=1), "a")', 'True'],
  ['hasattr(struct(a=1), "b")', 'False'],
  ['getattr(struct(a=1), "b", 5)', '5'],
  ['[s for s in [struct(a=[1])] if s.a.append(2) == None]', '[struct(a = [1, 2])]'],
  ['freeze(struct(a=[1])).a.append(2)', 'error: append: cannot append to frozen list'],
  ['struct(x=1) in [struct(x=1)]', 'True'],
  ['module("m", a=1)', '<module "m">'],
  ['module("m", a=1).a', '1'],
  ['module("m").b', 'error: module has no .b field or method'],
  ['module("m", b=1).bb', 'error: module has no .bb field or method'],
  ['module(1)', 'error: module: for parameter 1: got int, want string'],
  ['module()', 'error: module: got 0 arguments, want 1'],
  ['module("m", "n")', 'error: module: got 2 arguments, want 1'],
  ['type(module("m"))', '"module"'],
  ['dir(module("m", z=1, a=2))', '["a", "z"]'],
  ['{module("m"): 1}', 'error: unhashable: module'],
  ['module("m") == module("m")', 'False'],
  ['bool(module("m"))', 'True'],
  ['module("é\\"x")', '<module "é\\"x">'],
  ['str(struct(a="x"))', '"struct(a = \\"x\\")"'],
  ['repr(struct(s=1.0, t=(1,)))', '"struct(s = 1.0, t = (1,))"'],
  [
    'json.encode(struct(x=time.parse_duration("1s")))',
    '"{\\"x\\":{\\"hours\\":0.0002777777777777778,\\"microseconds\\":1000000,\\"milliseconds\\":1000,\\"minutes\\":0.016666666666666666,\\"nanoseconds\\":1000000000,\\"seconds\\":1}}"',
  ],
];

describe('', () => {
  it.each(cases)('%s', (expr, want) => {
    expect(evalToString(expr, env)).toBe(want);
  });
});
