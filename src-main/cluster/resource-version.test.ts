import { describe, expect, it } from 'vitest';
import { compareResourceVersions, isStaleWatchEvent } from './resource-version';

describe('compareResourceVersions', () => {
  it('compares decimal versions by value, not as text', () => {
    expect(compareResourceVersions('9', '10')).toBeLessThan(0);
    expect(compareResourceVersions('100', '99')).toBeGreaterThan(0);
    expect(compareResourceVersions('12345678901234567890', '12345678901234567891')).toBeLessThan(0);
    expect(compareResourceVersions('42', '42')).toBe(0);
  });

  it('refuses to order versions that are not decimal integers', () => {
    expect(compareResourceVersions('abc', '10')).toBeUndefined();
    expect(compareResourceVersions('10', '')).toBeUndefined();
  });
});

describe('isStaleWatchEvent', () => {
  it('drops events at or before the list resourceVersion', () => {
    expect(isStaleWatchEvent('ADDED', '90', '100', undefined)).toBe(true);
    expect(isStaleWatchEvent('MODIFIED', '100', '100', undefined)).toBe(true);
    expect(isStaleWatchEvent('MODIFIED', '101', '100', undefined)).toBe(false);
  });

  it('drops repeats of what the cache already holds', () => {
    expect(isStaleWatchEvent('MODIFIED', '105', '100', '105')).toBe(true);
    expect(isStaleWatchEvent('MODIFIED', '104', '100', '105')).toBe(true);
    expect(isStaleWatchEvent('MODIFIED', '106', '100', '105')).toBe(false);
  });

  it('keeps a deletion that carries the cached version', () => {
    expect(isStaleWatchEvent('DELETED', '105', '100', '105')).toBe(false);
    expect(isStaleWatchEvent('DELETED', '104', '100', '105')).toBe(true);
  });

  it('keeps every event when versions are not comparable', () => {
    expect(isStaleWatchEvent('ADDED', 'x1', 'x2', undefined)).toBe(false);
    expect(isStaleWatchEvent('MODIFIED', 'x1', '100', 'x9')).toBe(false);
  });
});
