import { scryptSync } from 'node:crypto';

// Fixed on purpose: the key must come out the same on every restart so sealed keys still open, and there is no
// place to keep a random salt outside the store it protects. The label separates this use of the secret.
const SALT = 'cmk-testbed/keyvault-svc/master-key/v1';

/**
 * Derives the 32-byte AES-256 master key for {@link sealPrivateKey} from the configured secret. scrypt rather
 * than HKDF because the secret is an operator-typed setting that may be a guessable word; scrypt makes each
 * guess cost ~16 MiB and tens of milliseconds, which HKDF would not. It runs once at startup, so the cost is
 * paid once.
 */
export function deriveMasterKey(secret: string): Buffer<ArrayBuffer> {
  if (secret.length === 0) throw new RangeError('The master key secret must not be empty.');
  return scryptSync(secret, SALT, 32, { N: 2 ** 14, r: 8, p: 1 });
}
