import { describe, expect, it } from 'vitest';
import { cidrContains, cidrsOverlap, parseIpv4, parseIpv4Cidr } from './ipv4-cidr.js';

const cidr = (text: string) => {
  const parsed = parseIpv4Cidr(text);
  if (!parsed) throw new Error(`bad cidr in test: ${text}`);
  return parsed;
};
const ip = (text: string) => {
  const parsed = parseIpv4(text);
  if (parsed === undefined) throw new Error(`bad ip in test: ${text}`);
  return parsed;
};

describe('parseIpv4', () => {
  it('reads dotted quads as unsigned 32-bit numbers', () => {
    expect(parseIpv4('0.0.0.0')).toBe(0);
    expect(parseIpv4('1.2.3.4')).toBe(0x01020304);
    expect(parseIpv4('255.255.255.255')).toBe(0xffffffff);
  });

  it('accepts an IPv4-mapped IPv6 client address as its IPv4 address', () => {
    expect(parseIpv4('::ffff:20.1.2.3')).toBe(parseIpv4('20.1.2.3'));
    expect(parseIpv4('::FFFF:20.1.2.3')).toBe(parseIpv4('20.1.2.3'));
  });

  it.each([
    '',
    '1.2.3',
    '1.2.3.4.5',
    '256.0.0.1',
    '01.2.3.4',
    '1.2.3.-4',
    '1.2.3.4 ',
    'a.b.c.d',
    '2001:db8::1',
    '1..3.4',
  ])('refuses %j', (text) => {
    expect(parseIpv4(text)).toBeUndefined();
  });
});

describe('parseIpv4Cidr', () => {
  it('treats a bare address as /32', () => {
    expect(parseIpv4Cidr('20.1.2.3')).toEqual({ network: ip('20.1.2.3'), prefixLength: 32 });
  });

  it('clears host bits below the prefix', () => {
    expect(parseIpv4Cidr('20.1.2.3/16')).toEqual({ network: ip('20.1.0.0'), prefixLength: 16 });
  });

  it('accepts every prefix from /0 to /32', () => {
    for (let prefix = 0; prefix <= 32; prefix++) {
      expect(parseIpv4Cidr(`20.1.2.3/${prefix}`)?.prefixLength).toBe(prefix);
    }
  });

  it.each([
    '20.1.2.3/33',
    '20.1.2.3/',
    '20.1.2.3/08',
    '20.1.2.3/-1',
    '20.1.2.3/1/2',
    '::ffff:20.1.2.3',
    'x/8',
  ])('refuses %j', (text) => {
    expect(parseIpv4Cidr(text)).toBeUndefined();
  });
});

describe('cidrContains', () => {
  it('matches addresses inside the range and not just outside it', () => {
    const range = cidr('20.1.2.0/24');
    expect(cidrContains(range, ip('20.1.2.0'))).toBe(true);
    expect(cidrContains(range, ip('20.1.2.255'))).toBe(true);
    expect(cidrContains(range, ip('20.1.3.0'))).toBe(false);
    expect(cidrContains(range, ip('20.1.1.255'))).toBe(false);
  });

  it('matches everything with /0 and exactly one address with /32', () => {
    expect(cidrContains(cidr('0.0.0.0/0'), ip('255.255.255.255'))).toBe(true);
    expect(cidrContains(cidr('20.1.2.3/32'), ip('20.1.2.3'))).toBe(true);
    expect(cidrContains(cidr('20.1.2.3/32'), ip('20.1.2.4'))).toBe(false);
  });

  it('handles ranges in the upper half of the address space (sign bit set)', () => {
    expect(cidrContains(cidr('200.0.0.0/8'), ip('200.255.0.1'))).toBe(true);
    expect(cidrContains(cidr('200.0.0.0/8'), ip('201.0.0.1'))).toBe(false);
  });
});

describe('cidrsOverlap', () => {
  it('is true for nested or equal ranges and false for disjoint ones', () => {
    expect(cidrsOverlap(cidr('10.0.0.0/8'), cidr('10.20.0.0/16'))).toBe(true);
    expect(cidrsOverlap(cidr('10.20.0.0/16'), cidr('10.0.0.0/8'))).toBe(true);
    expect(cidrsOverlap(cidr('0.0.0.0/0'), cidr('192.168.0.0/16'))).toBe(true);
    expect(cidrsOverlap(cidr('11.0.0.0/8'), cidr('10.0.0.0/8'))).toBe(false);
    expect(cidrsOverlap(cidr('172.32.0.0/16'), cidr('172.16.0.0/12'))).toBe(false);
  });
});
