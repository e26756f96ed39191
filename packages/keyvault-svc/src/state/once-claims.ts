import { encodeKeyPart, isCasConflict, openStateBucket } from '@cmk-testbed/shared';
import type { KV, NatsConnection } from 'nats';

const bucketName = 'cmk-keyvault-claims';
/** Long enough for every replica to have fired (and re-armed on a later change of the key) the same timer. */
const claimTtlMs = 7 * 86_400_000;

/**
 * "Only once" for scheduled actions that change no document (KeyNearExpiry, KeyExpired): every replica arms
 * the same timer, and the first to create the claim acts. A claim also stops a timer re-armed later (the key
 * changed, a replica restarted) from announcing the same thing again.
 */
export class OnceClaims {
  readonly #kv: KV;

  private constructor(kv: KV) {
    this.#kv = kv;
  }

  static async open(nc: NatsConnection, replicas = 1): Promise<OnceClaims> {
    return new OnceClaims(await openStateBucket(nc, bucketName, replicas, { ttlMs: claimTtlMs }));
  }

  /** True for exactly one caller per id. */
  async claim(id: string): Promise<boolean> {
    try {
      await this.#kv.create(encodeKeyPart(id), '');
      return true;
    } catch (error) {
      if (isCasConflict(error)) return false;
      throw error;
    }
  }
}
