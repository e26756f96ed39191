/**
 * Checks PKCS#1 v1.5 encryption padding (RFC 8017 §7.2.2: `00 02 PS 00 M`, PS at least 8 nonzero bytes) on a
 * raw RSA decryption result `em` of `k` bytes and returns where M starts. Returns `undefined` for every kind
 * of bad padding, so callers can only report one generic failure: telling the checks apart is the
 * Bleichenbacher padding oracle.
 *
 * The scan is branch-free over all of `em` so the time does not depend on where the separator sits. The
 * success/failure outcome itself still shows in timing (the Marvin attack); the real fix is implicit rejection,
 * which the testbed skips because it guards no real secrets.
 */
export function findPkcs1Type2Message(em: Uint8Array, k: number): number | undefined {
  if (em.length !== k || k < 11) return undefined;
  let bad = (em[0]! ^ 0x00) | (em[1]! ^ 0x02);
  let found = 0;
  let separator = 0;
  for (let i = 2; i < k; i++) {
    // 1 when the byte is zero: (0 - 1) >> 8 is -1, (b - 1) >> 8 is 0 for b in 1..255.
    const isZero = ((em[i]! - 1) >> 8) & 1;
    const isFirstZero = isZero & (found ^ 1);
    separator |= -isFirstZero & i;
    found |= isZero;
  }
  bad |= found ^ 1;
  // The separator must follow at least 8 padding bytes, i.e. sit at index 10 or later.
  bad |= ((separator - 10) >>> 31) & 1;
  return bad === 0 ? separator + 1 : undefined;
}
