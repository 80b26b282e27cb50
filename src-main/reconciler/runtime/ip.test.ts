import { describe, expect, it } from 'vitest';
import { address, isIpv4, isIpv6, parsePrefix, prefixLength, subnetName } from './ip';

// Expected values as Go's netip (through henderiw/iputil, which Choreo uses) prints them.
describe('IP prefix helpers', () => {
  it.each([
    ['10.0.0.1/24', 24, '10.0.0.1', '10.0.0.0-24', true],
    ['192.168.1.130/25', 25, '192.168.1.130', '192.168.1.128-25', true],
    ['2001:DB8::1/64', 64, '2001:db8::1', '2001:db8::-64', false],
    ['2001:db8:0:0:1:0:0:1/128', 128, '2001:db8::1:0:0:1', '2001:db8::1:0:0:1-128', false],
    ['::ffff:10.1.2.3/120', 120, '::ffff:10.1.2.3', '::ffff:10.1.2.0-120', false],
    ['fe80::1:2:3:4/10', 10, 'fe80::1:2:3:4', 'fe80::-10', false],
  ])('%s', (text, length, addr, subnet, v4) => {
    const p = parsePrefix(text);
    expect(prefixLength(p)).toBe(length);
    expect(address(p)).toBe(addr);
    expect(subnetName(p)).toBe(subnet);
    expect(isIpv4(p)).toBe(v4);
    expect(isIpv6(p)).toBe(!v4);
  });

  it.each([
    ['10.0.0.1', "no '/'"],
    ['10.0.0.256/24', 'unable to parse IP'],
    ['010.0.0.1/8', 'unable to parse IP'],
    ['10.0.0.1/33', 'prefix length out of range'],
    ['10.0.0.1/08', 'bad bits after slash'],
    ['1:2:3:4:5:6:7:8:9/64', 'unable to parse IP'],
  ])('rejects %s', (text, why) => {
    expect(() => parsePrefix(text)).toThrow(why);
  });
});
