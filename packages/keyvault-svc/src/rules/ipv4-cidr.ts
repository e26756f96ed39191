/** An IPv4 range as an unsigned 32-bit network address plus prefix length. */
export type Ipv4Cidr = {
  /** Network address with the host bits cleared, as an unsigned 32-bit integer. */
  network: number;
  prefixLength: number;
};

const octetPattern = /^(?:0|[1-9]\d{0,2})$/;
const prefixPattern = /^(?:0|[1-9]\d?)$/;
// Node reports IPv4 peers on dual-stack sockets as IPv4-mapped IPv6; they are the same client.
const mappedPrefix = '::ffff:';

/**
 * Parses a dotted-quad IPv4 address into an unsigned 32-bit integer, or undefined if it is not one.
 * Leading zeros are refused because some parsers read them as octal; Azure's own rules never use them.
 * An IPv4-mapped IPv6 address (`::ffff:1.2.3.4`) is accepted as the IPv4 address it carries.
 */
export function parseIpv4(text: string): number | undefined {
  const plain = text.toLowerCase().startsWith(mappedPrefix) ? text.slice(mappedPrefix.length) : text;
  const parts = plain.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!octetPattern.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = value * 256 + octet;
  }
  return value;
}

/**
 * Parses an Azure IP rule value: a single IPv4 address (treated as /32) or `a.b.c.d/n` with n in 0..32.
 * Host bits below the prefix are cleared, so `10.1.2.3/8` means `10.0.0.0/8`.
 */
export function parseIpv4Cidr(text: string): Ipv4Cidr | undefined {
  const slash = text.indexOf('/');
  const addressText = slash === -1 ? text : text.slice(0, slash);
  // A mapped IPv6 form is a client address, never a rule value.
  if (addressText.includes(':')) return undefined;
  const address = parseIpv4(addressText);
  if (address === undefined) return undefined;
  if (slash === -1) return { network: address, prefixLength: 32 };
  const prefixText = text.slice(slash + 1);
  if (!prefixPattern.test(prefixText)) return undefined;
  const prefixLength = Number(prefixText);
  if (prefixLength > 32) return undefined;
  return { network: maskAddress(address, prefixLength), prefixLength };
}

/** True when the IPv4 address lies inside the range. */
export function cidrContains(cidr: Ipv4Cidr, address: number): boolean {
  return maskAddress(address, cidr.prefixLength) === cidr.network;
}

/** True when the two ranges share at least one address. */
export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  const shorter = Math.min(a.prefixLength, b.prefixLength);
  return maskAddress(a.network, shorter) === maskAddress(b.network, shorter);
}

function maskAddress(address: number, prefixLength: number): number {
  if (prefixLength === 0) return 0;
  // `>>> 0` keeps the result unsigned; JavaScript bit operators work on signed 32-bit values.
  const mask = (0xffffffff << (32 - prefixLength)) >>> 0;
  return (address & mask) >>> 0;
}
