import type { KeyObject } from 'node:crypto';
import { type KeyPairSource, onDemandKeyPairs } from '@cmk-testbed/shared';
import { CURVES, type CurveName, isCurveName } from './curves.js';
import { isRsaKeyType, type KeyMaterial, type KeyType, type RsaKeySize } from './key-material.js';
import { KeyMaterialError } from './key-material-error.js';
import { materialFromPrivateKey } from './material-from-private-key.js';

const RSA_KEY_SIZES: readonly number[] = [2048, 3072, 4096] satisfies RsaKeySize[];
const KEY_TYPES: readonly string[] = ['RSA', 'RSA-HSM', 'EC', 'EC-HSM'] satisfies KeyType[];

/** What Key Vault's create-key call asks for (`kty`, `key_size`, `crv`, `public_exponent`). */
export interface GenerateKeyOptions {
  kty: KeyType;
  /** RSA only; default 2048. */
  keySize?: RsaKeySize;
  /** EC only; default P-256. */
  curve?: CurveName;
  /** RSA only; default 65537. */
  publicExponent?: number;
}

/**
 * Creates a new key pair the way Key Vault's create-key does. `-HSM` types get the same software keys (the
 * testbed has no HSM) but keep their label. The pair comes from `keyPairs`: the service's pool, which generates
 * ahead of demand off the event loop, or (by default) a generation of its own. Options are checked first, so a
 * bad one never reaches the pool. Throws {@link KeyMaterialError} naming the bad option.
 */
export async function generateKeyMaterial(
  options: GenerateKeyOptions,
  keyPairs: KeyPairSource = onDemandKeyPairs,
): Promise<KeyMaterial> {
  const { kty } = options;
  if (!KEY_TYPES.includes(kty)) {
    throw new KeyMaterialError('kty', `'${String(kty)}' is not one of ${KEY_TYPES.join(', ')}`);
  }
  const privateKey = isRsaKeyType(kty)
    ? await generateRsa(options, keyPairs)
    : await generateEc(options, keyPairs);
  return materialFromPrivateKey(kty, privateKey);
}

async function generateRsa(options: GenerateKeyOptions, keyPairs: KeyPairSource): Promise<KeyObject> {
  if (options.curve !== undefined) throw new KeyMaterialError('curve', 'only EC keys take a curve');
  const keySize = options.keySize ?? 2048;
  if (!RSA_KEY_SIZES.includes(keySize)) {
    throw new KeyMaterialError('keySize', `${keySize} is not one of ${RSA_KEY_SIZES.join(', ')}`);
  }
  const publicExponent = options.publicExponent ?? 65537;
  // An even or tiny exponent has no valid private exponent; above 2^32 OpenSSL would refuse with a vaguer error.
  if (
    !Number.isSafeInteger(publicExponent) ||
    publicExponent < 3 ||
    publicExponent % 2 === 0 ||
    publicExponent > 0xffffffff
  ) {
    throw new KeyMaterialError('publicExponent', `${publicExponent} is not an odd integer from 3 to 2^32-1`);
  }
  const { privateKey } = await keyPairs.take({ kind: 'rsa', modulusLength: keySize, publicExponent });
  return privateKey;
}

async function generateEc(options: GenerateKeyOptions, keyPairs: KeyPairSource): Promise<KeyObject> {
  if (options.keySize !== undefined) throw new KeyMaterialError('keySize', 'only RSA keys take a key size');
  if (options.publicExponent !== undefined) {
    throw new KeyMaterialError('publicExponent', 'only RSA keys take a public exponent');
  }
  const curve = options.curve ?? 'P-256';
  if (!isCurveName(curve)) {
    throw new KeyMaterialError('curve', `'${String(curve)}' is not one of ${Object.keys(CURVES).join(', ')}`);
  }
  const { privateKey } = await keyPairs.take({ kind: 'ec', namedCurve: CURVES[curve].nodeName });
  return privateKey;
}
