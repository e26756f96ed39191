import { createHash } from 'node:crypto';
import type { Jwk, KeyPairSource, KeyPairSpec } from '@cmk-testbed/shared';
import { importPKCS8, type JWTPayload, SignJWT } from 'jose';
import type { SigningKey, TenantKeys } from './documents.js';
import { notFound } from './entra-errors.js';
import type { EntraStore } from './entra-store.js';

/** Entra's token signing keys: RSA-2048 for RS256. */
export const SIGNING_KEY_SPEC: KeyPairSpec = { kind: 'rsa', modulusLength: 2048 };

type PrivateKey = Awaited<ReturnType<typeof importPKCS8>>;

/**
 * Makes a new RSA-2048 signing key from a fresh pair of `keyPairs` (the service's pool); its kid is the
 * base64url SHA-1 of the modulus, like Entra's x5t.
 */
export async function newSigningKey(keyPairs: KeyPairSource, now: number): Promise<SigningKey> {
  const { privateKey, publicKey } = await keyPairs.take(SIGNING_KEY_SPEC);
  const jwk = publicKey.export({ format: 'jwk' }) as { n: string; e: string };
  return {
    kid: createHash('sha1').update(jwk.n).digest('base64url'),
    privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }) as string,
    n: jwk.n,
    e: jwk.e,
    createdAt: now,
  };
}

/** The keys a tenant publishes: the current one and retired ones still within their grace period. */
export function publishedKeys(keys: TenantKeys, now: number): Jwk[] {
  return keys.keys
    .filter((k) => k.retiredAt === undefined || now < k.retiredAt + (k.graceMs ?? 0))
    .map((k) => ({ kty: 'RSA', use: 'sig', alg: 'RS256', kid: k.kid, n: k.n, e: k.e }));
}

/**
 * Signs tokens with each tenant's current key. Imported private keys are cached by kid (a kid never changes
 * its key), so signing costs one KV read for the tenant's key set and the RSA operation.
 */
export class TokenSigner {
  readonly #store: EntraStore;
  readonly #imported = new Map<string, Promise<PrivateKey>>();

  constructor(store: EntraStore) {
    this.#store = store;
  }

  async sign(tenantId: string, claims: JWTPayload): Promise<string> {
    const keys = await this.#store.signingKeys.get(tenantId);
    const current = keys?.value.keys.find((k) => k.retiredAt === undefined);
    if (!current) throw notFound('Tenant', tenantId);
    let key = this.#imported.get(current.kid);
    if (!key) {
      key = importPKCS8(current.privateKeyPem, 'RS256');
      this.#imported.set(current.kid, key);
    }
    return new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: current.kid })
      .sign(await key);
  }
}
