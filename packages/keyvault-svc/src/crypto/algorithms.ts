import type { CurveName } from './curves.js';

/** Key Vault's RSA encryption/wrap algorithms. `hashBytes` is the OAEP hash length (0 for PKCS#1 v1.5). */
export const ENCRYPTION_ALGORITHMS = {
  'RSA-OAEP': { padding: 'oaep', hash: 'sha1', hashBytes: 20 },
  'RSA-OAEP-256': { padding: 'oaep', hash: 'sha256', hashBytes: 32 },
  RSA1_5: { padding: 'pkcs1', hash: undefined, hashBytes: 0 },
} as const;

export type EncryptionAlgorithm = keyof typeof ENCRYPTION_ALGORITHMS;

/**
 * Key Vault's asymmetric signature algorithms. `digestBytes` is the length of the precomputed digest the caller
 * sends; ES* algorithms are bound to one curve each, as in Key Vault.
 */
export const SIGNATURE_ALGORITHMS = {
  RS256: { scheme: 'rsa-pkcs1', hash: 'sha256', digestBytes: 32, curve: undefined },
  RS384: { scheme: 'rsa-pkcs1', hash: 'sha384', digestBytes: 48, curve: undefined },
  RS512: { scheme: 'rsa-pkcs1', hash: 'sha512', digestBytes: 64, curve: undefined },
  PS256: { scheme: 'rsa-pss', hash: 'sha256', digestBytes: 32, curve: undefined },
  PS384: { scheme: 'rsa-pss', hash: 'sha384', digestBytes: 48, curve: undefined },
  PS512: { scheme: 'rsa-pss', hash: 'sha512', digestBytes: 64, curve: undefined },
  ES256: { scheme: 'ecdsa', hash: 'sha256', digestBytes: 32, curve: 'P-256' },
  ES384: { scheme: 'ecdsa', hash: 'sha384', digestBytes: 48, curve: 'P-384' },
  ES512: { scheme: 'ecdsa', hash: 'sha512', digestBytes: 64, curve: 'P-521' },
  ES256K: { scheme: 'ecdsa', hash: 'sha256', digestBytes: 32, curve: 'P-256K' },
} as const satisfies Record<
  string,
  {
    scheme: 'rsa-pkcs1' | 'rsa-pss' | 'ecdsa';
    hash: string;
    digestBytes: number;
    curve: CurveName | undefined;
  }
>;

export type SignatureAlgorithm = keyof typeof SIGNATURE_ALGORITHMS;

export type SignatureAlgorithmSpec = (typeof SIGNATURE_ALGORITHMS)[SignatureAlgorithm];
export type EncryptionAlgorithmSpec = (typeof ENCRYPTION_ALGORITHMS)[EncryptionAlgorithm];
