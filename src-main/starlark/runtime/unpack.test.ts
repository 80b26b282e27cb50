import { describe, expect, it } from 'vitest';
import { unpackArgs, unpackPositional, wantString } from './unpack';
import { None } from './value';

describe('unpackArgs', () => {
  const params = [['sep?', wantString], 'maxsplit?'] as const;

  it('binds positional and keyword arguments', () => {
    expect(unpackArgs('split', [','], [['maxsplit', 2]], params)).toEqual([',', 2]);
    expect(unpackArgs('split', [], [], params)).toEqual([undefined, undefined]);
  });

  it("reports errors in go.starlark.net's words", () => {
    expect(() => unpackArgs('split', [1], [], params)).toThrow(
      'split: for parameter sep: got int, want string',
    );
    expect(() => unpackArgs('split', [',', 1, 2], [], params)).toThrow(
      'split: got 3 arguments, want at most 2',
    );
    expect(() => unpackArgs('split', [','], [['sep', '.']], params)).toThrow(
      'split: got multiple values for keyword argument "sep"',
    );
    expect(() => unpackArgs('split', [], [['sepp', '.']], params)).toThrow(
      'split: unexpected keyword argument "sepp" (did you mean sep?)',
    );
    expect(() => unpackArgs('get', [], [], ['key', 'default?'])).toThrow(
      'get: missing argument for key',
    );
  });

  it('treats None as absent for ?? parameters', () => {
    expect(unpackArgs('f', [None], [], ['x??'])).toEqual([undefined]);
  });

  it('checks positional counts', () => {
    expect(() => unpackPositional('len', [], [], 1, 1)).toThrow('len: got 0 arguments, want 1');
    expect(() => unpackPositional('f', [1, 2, 3], [], 1, 2)).toThrow(
      'f: got 3 arguments, want at most 2',
    );
    expect(() => unpackPositional('f', [1], [['k', 1]], 1, 2)).toThrow(
      'f: unexpected keyword arguments',
    );
  });
});
