import { constants, privateEncrypt, publicDecrypt, publicEncrypt, timingSafeEqual } from 'node:crypto';
import type { SignatureAlgorithmSpec } from './algorithms.js';
import { encodePss, verifyPssEncoding } from './emsa-pss.js';
import type { ParsedKeys } from './key-object-cache.js';

// DER of DigestInfo { AlgorithmIdentifier { oid, NULL }, OCTET STRING } up to the digest (RFC 8017 §9.2 note 1).
const DIGEST_INFO_PREFIX: Record<string, Buffer> = {
  sha256: Buffer.from('3031300d060960864801650304020105000420', 'hex'),
  sha384: Buffer.from('3041300d060960864801650304020205000430', 'hex'),
  sha512: Buffer.from('3051300d060960864801650304020305000440', 'hex'),
};

type RsaSignatureSpec = Extract<SignatureAlgorithmSpec, { scheme: 'rsa-pkcs1' | 'rsa-pss' }>;

/**
 * RS* or PS* signature over a precomputed digest (node's sign APIs would hash it again). RS* pads DigestInfo
 * with type-1 padding via privateEncrypt, which Node still allows; PS* is encoded here and signed raw.
 */
export function signRsaDigest(
  spec: RsaSignatureSpec,
  keys: ParsedKeys,
  digest: Uint8Array,
): Buffer<ArrayBuffer> {
  if (spec.scheme === 'rsa-pkcs1') {
    const digestInfo = Buffer.concat([DIGEST_INFO_PREFIX[spec.hash]!, digest]);
    return privateEncrypt({ key: keys.privateKey, padding: constants.RSA_PKCS1_PADDING }, digestInfo);
  }
  const em = encodePss(digest, spec.hash, keys.modulusBits - 1);
  // A raw RSA operation takes exactly k bytes; EM is one byte shorter when the modulus is 8n+1 bits.
  const block = Buffer.alloc(keys.modulusBytes);
  em.copy(block, block.length - em.length);
  return privateEncrypt({ key: keys.privateKey, padding: constants.RSA_NO_PADDING }, block);
}

/** Checks an RS* or PS* signature over a precomputed digest with the public key. Never throws for bad input. */
export function verifyRsaDigest(
  spec: RsaSignatureSpec,
  keys: ParsedKeys,
  digest: Uint8Array,
  signature: Uint8Array,
): boolean {
  if (signature.length !== keys.modulusBytes) return false;
  try {
    if (spec.scheme === 'rsa-pkcs1') {
      const recovered = publicDecrypt(
        { key: keys.publicKey, padding: constants.RSA_PKCS1_PADDING },
        signature,
      );
      const expected = Buffer.concat([DIGEST_INFO_PREFIX[spec.hash]!, digest]);
      return recovered.length === expected.length && timingSafeEqual(recovered, expected);
    }
    // publicEncrypt with no padding is the raw public operation s^e mod n (it rejects s >= n).
    const block = publicEncrypt({ key: keys.publicKey, padding: constants.RSA_NO_PADDING }, signature);
    const emBits = keys.modulusBits - 1;
    const emLen = Math.ceil(emBits / 8);
    const leading = block.subarray(0, block.length - emLen);
    if (leading.some((byte) => byte !== 0)) return false;
    return verifyPssEncoding(block.subarray(block.length - emLen), digest, spec.hash, emBits);
  } catch {
    return false;
  }
}
