import { describe, expect, it } from 'vitest';
import { cidrOf, parseIpv4, sameSubnet } from '../../../src/inventory/net.js';

describe('IPv4 helpers', () => {
  it.each([
    ['10.17.5.20', 0x0a110514],
    ['255.255.255.255', 0xffffffff],
    ['0.0.0.0', 0],
    ['10.17.5', null],
    ['10.17.5.256', null],
    ['10.017.5.1', null],
    ['a.b.c.d', null],
  ])('parseIpv4(%s)', (text, expected) => {
    expect(parseIpv4(text)).toBe(expected);
  });

  it('computes subnets above 2^31 without sign trouble', () => {
    expect(cidrOf('200.1.2.3', 24)).toBe('200.1.2.0/24');
    expect(cidrOf('10.17.3.12', 16)).toBe('10.17.0.0/16');
    expect(cidrOf('10.17.3.12', 32)).toBe('10.17.3.12/32');
  });

  it('compares subnets by prefix', () => {
    expect(sameSubnet('10.17.5.10', '10.17.5.20', 24)).toBe(true);
    expect(sameSubnet('10.17.5.10', '10.17.3.12', 24)).toBe(false);
    expect(sameSubnet('10.17.5.10', '10.17.3.12', 16)).toBe(true);
    expect(sameSubnet('10.17.5.10', 'nonsense', 8)).toBe(false);
  });
});
