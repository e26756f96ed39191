export type {
  EncryptionAlgorithm,
  SignatureAlgorithm,
} from './algorithms.js';
export { ENCRYPTION_ALGORITHMS, SIGNATURE_ALGORITHMS } from './algorithms.js';
export type { CurveName } from './curves.js';
export { deriveMasterKey } from './derive-master-key.js';
export { type GenerateKeyOptions, generateKeyMaterial } from './generate-key-material.js';
export { type ImportJsonWebKey, type ImportKeyOptions, importKeyMaterial } from './import-key-material.js';
export { decrypt, encrypt, sign, unwrapKey, verify, wrapKey } from './key-crypto.js';
export { KeyCryptoError, KeyCryptoErrorCode } from './key-crypto-error.js';
export type { KeyMaterial, KeyType, PublicJwk, RsaKeySize } from './key-material.js';
export { KeyMaterialError } from './key-material-error.js';
export { DECRYPTION_FAILED_MESSAGE, maxPlaintextBytes } from './rsa-encryption.js';
export { openPrivateKey, type SealedPrivateKey, sealPrivateKey } from './seal-private-key.js';
export { SealedKeyError } from './sealed-key-error.js';
