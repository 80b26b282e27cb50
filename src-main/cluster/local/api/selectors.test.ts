import { describe, expect, it } from 'vitest';
import { matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from './selectors';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front', env: 'prod' };
  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app in (web, api)', true],
    ['app notin (web)', false],
    ['tier', true],
    ['!tier', false],
    ['!missing', true],
    ['app=web,env=dev', false],
    ['app=web, env in (prod)', true],
    ['missing!=x', true],
  ])('%s → %s', (selector, expected) => {
    expect(matchesLabels(parseLabelSelector(selector), labels)).toBe(expected);
  });

  it('rejects a malformed selector with a 400', () => {
    expect(() => parseLabelSelector('app in web')).toThrow(/unable to parse requirement/);
  });
});

describe('field selectors', () => {
  const object = { metadata: { name: 'a', namespace: 'ns' }, type: 'Opaque' };
  it('compares dotted fields for equality and inequality', () => {
    expect(
      matchesFields(parseFieldSelector('metadata.name=a,type!=kubernetes.io/tls'), object),
    ).toBe(true);
    expect(matchesFields(parseFieldSelector('metadata.namespace==other'), object)).toBe(false);
  });
  it('rejects a selector without an operator', () => {
    expect(() => parseFieldSelector('metadata.name')).toThrow(/invalid selector/);
  });
});
