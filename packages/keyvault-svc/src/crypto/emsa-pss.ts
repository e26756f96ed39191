import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * EMSA-PSS (RFC 8017 §9.1) over a precomputed message hash, with MGF1 on the same hash and a salt as long as
 * the hash (what JWA's PS256/384/512 fix). node:crypto only offers PSS around its own hashing, so Key Vault's
 * sign-a-digest needs the encoding done here and a raw RSA operation after it.
 */
export function encodePss(mHash: Uint8Array, hash: string, emBits: number): Buffer<ArrayBuffer> {
  const hLen = mHash.length;
  const sLen = hLen;
  const emLen = Math.ceil(emBits / 8);
  if (emLen < hLen + sLen + 2) throw new RangeError('RSA key too small for PSS with this hash');
  const salt = randomBytes(sLen);
  const h = createHash(hash).update(Buffer.alloc(8)).update(mHash).update(salt).digest();
  const db = Buffer.alloc(emLen - hLen - 1);
  db[emLen - sLen - hLen - 2] = 0x01;
  salt.copy(db, db.length - sLen);
  xorInPlace(db, mgf1(h, db.length, hash));
  db[0]! &= 0xff >> (8 * emLen - emBits);
  return Buffer.concat([db, h, Buffer.of(0xbc)]);
}

/** EMSA-PSS-VERIFY (RFC 8017 §9.1.2) with salt length = hash length. */
export function verifyPssEncoding(em: Uint8Array, mHash: Uint8Array, hash: string, emBits: number): boolean {
  const hLen = mHash.length;
  const sLen = hLen;
  const emLen = Math.ceil(emBits / 8);
  const topMask = 0xff >> (8 * emLen - emBits);
  if (em.length !== emLen || emLen < hLen + sLen + 2 || em[emLen - 1] !== 0xbc) return false;
  if ((em[0]! & ~topMask & 0xff) !== 0) return false;
  const db = Buffer.from(em.subarray(0, emLen - hLen - 1));
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  xorInPlace(db, mgf1(h, db.length, hash));
  db[0]! &= topMask;
  const psLen = emLen - hLen - sLen - 2;
  for (let i = 0; i < psLen; i++) if (db[i] !== 0) return false;
  if (db[psLen] !== 0x01) return false;
  const salt = db.subarray(db.length - sLen);
  const expected = createHash(hash).update(Buffer.alloc(8)).update(mHash).update(salt).digest();
  return timingSafeEqual(expected, h);
}

function mgf1(seed: Uint8Array, length: number, hash: string): Buffer<ArrayBuffer> {
  const blocks: Buffer[] = [];
  const counter = Buffer.alloc(4);
  for (let produced = 0, i = 0; produced < length; i++) {
    counter.writeUInt32BE(i);
    const block = createHash(hash).update(seed).update(counter).digest();
    blocks.push(block);
    produced += block.length;
  }
  return Buffer.concat(blocks).subarray(0, length);
}

function xorInPlace(target: Buffer, mask: Uint8Array): void {
  for (let i = 0; i < target.length; i++) target[i]! ^= mask[i]!;
}
