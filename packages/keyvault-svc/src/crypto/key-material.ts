import type { CurveName } from './curves.js';

/** Key Vault's asymmetric key types. `-HSM` keys are software keys here: the testbed has no HSM. */
export type KeyType = 'RSA' | 'RSA-HSM' | 'EC' | 'EC-HSM';

/** RSA modulus sizes Key Vault creates and imports. */
export type RsaKeySize = 2048 | 3072 | 4096;

/** The public half as Key Vault's JsonWebKey shows it; every value is base64url without padding. */
export type PublicJwk =
  | { kty: 'RSA'; n: string; e: string }
  | { kty: 'EC'; crv: CurveName; x: string; y: string };

/**
 * One key version's material. Treat it as immutable: parsed KeyObjects are cached per object (see
 * key-object-cache.ts), so a changed `privateKeyDer` would not be seen.
 */
export interface KeyMaterial {
  readonly kty: KeyType;
  /** RSA only: the modulus size in bits. */
  readonly keySize?: number;
  /** EC only. */
  readonly curve?: CurveName;
  /** PKCS#8 DER; seal it before it leaves memory (seal-private-key.ts). */
  readonly privateKeyDer: Buffer;
  readonly publicJwk: PublicJwk;
}

/** True for RSA and RSA-HSM. */
export function isRsaKeyType(kty: KeyType): boolean {
  return kty === 'RSA' || kty === 'RSA-HSM';
}
