import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { KeyMaterial } from './key-material.js';

/** The parsed forms of one {@link KeyMaterial}. */
export interface ParsedKeys {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** RSA: the modulus length in bits; 0 for EC keys. */
  readonly modulusBits: number;
  /** RSA: the modulus length in bytes (k in RFC 8017); 0 for EC keys. */
  readonly modulusBytes: number;
}

// Parsing PKCS#8 DER costs more than an RSA-2048 private operation's setup, and unwrapKey is the hot path
// (every storage request under CMK); a WeakMap keyed by the material object lets entries die with the key.
const cache = new WeakMap<KeyMaterial, ParsedKeys>();

/** The parsed keys of `material`, parsed once per material object. */
export function parsedKeysOf(material: KeyMaterial): ParsedKeys {
  const hit = cache.get(material);
  if (hit) return hit;
  return rememberParsedKeys(
    material,
    createPrivateKey({ key: material.privateKeyDer, format: 'der', type: 'pkcs8' }),
  );
}

/** Seeds the cache with a private key already in hand (generate/import), so the first use skips the DER parse. */
export function rememberParsedKeys(material: KeyMaterial, privateKey: KeyObject): ParsedKeys {
  const modulusBits = privateKey.asymmetricKeyDetails?.modulusLength ?? 0;
  const parsed: ParsedKeys = {
    privateKey,
    publicKey: createPublicKey(privateKey),
    modulusBits,
    modulusBytes: Math.ceil(modulusBits / 8),
  };
  cache.set(material, parsed);
  return parsed;
}
