import { generateKeyPair } from 'node:crypto';
import { promisify } from 'node:util';
import type { KeyPair, KeyPairSource, KeyPairSpec } from './key-pair-spec.js';

const generateKeyPairAsync = promisify(generateKeyPair);

/**
 * Generates a key pair on libuv's thread pool, so even a 4096-bit RSA key does not stall the event loop. An
 * option node:crypto refuses (an even exponent, an unknown curve) rejects the promise.
 */
export function generateKeyPairFor(spec: KeyPairSpec): Promise<KeyPair> {
  return spec.kind === 'rsa'
    ? generateKeyPairAsync('rsa', {
        modulusLength: spec.modulusLength,
        publicExponent: spec.publicExponent ?? 65537,
      })
    : generateKeyPairAsync('ec', { namedCurve: spec.namedCurve });
}

/** No pool: every take generates its own key pair, then and there. */
export const onDemandKeyPairs: KeyPairSource = { take: generateKeyPairFor };
