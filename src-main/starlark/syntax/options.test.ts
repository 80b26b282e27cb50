import { describe, expect, test } from 'vitest';
import { defaultFileOptions, optionsFromNames, optionsInText } from './options';

describe('file options', () => {
  test('are all off by default, as in Choreo', () => {
    expect(Object.values(defaultFileOptions).every((v) => v === false)).toBe(true);
  });

  test('turn on by the names users write', () => {
    expect(optionsFromNames(['while', 'GlobalReassign', 'toplevelcontrol'])).toEqual({
      ...defaultFileOptions,
      while: true,
      globalReassign: true,
      topLevelControl: true,
    });
  });

  test('reject an unknown name and list the valid ones', () => {
    expect(() => optionsFromNames(['whiel'])).toThrow(
      'unknown Starlark option "whiel" (options: set, while, recursion, globalreassign, toplevelcontrol, loadbindsglobally)',
    );
  });

  test('are found as option:NAME in a chunk of a test file', () => {
    expect(optionsInText('# option:set option:loadbindsglobally\nx = 1\n')).toEqual({
      ...defaultFileOptions,
      set: true,
      loadBindsGlobally: true,
    });
  });
});
