import type { KeyObject } from 'node:crypto';

/** The kind of key pair wanted: RSA by modulus length and public exponent (default 65537), or EC by curve. */
export type KeyPairSpec =
  | { kind: 'rsa'; modulusLength: number; publicExponent?: number }
  | { kind: 'ec'; namedCurve: string };

/** A freshly generated key pair, as node:crypto returns it. */
export interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}

/** Anything that hands out fresh key pairs: a {@link KeyPairPool}, or {@link onDemandKeyPairs}. */
export interface KeyPairSource {
  /** A key pair nobody else has been or will be given. */
  take(spec: KeyPairSpec): Promise<KeyPair>;
}

/** One string per distinct spec; RSA's default exponent is written out so both spellings share a stock. */
export function keyPairSpecId(spec: KeyPairSpec): string {
  return spec.kind === 'rsa'
    ? `rsa-${spec.modulusLength}-${spec.publicExponent ?? 65537}`
    : `ec-${spec.namedCurve}`;
}
