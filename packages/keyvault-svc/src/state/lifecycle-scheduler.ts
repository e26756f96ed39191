import type { Clock, Logger } from '@cmk-testbed/shared';
import { generateKeyMaterial } from '../crypto/index.js';
import { addVersion } from './add-version.js';
import type { StoredKey, StoredKeyVersion, StoredVault } from './documents.js';
import { keyNotFound } from './keyvault-errors.js';
import type { KeyvaultState } from './keyvault-state.js';
import { parsePolicyDuration } from './policy-duration.js';
import { keyBaseId, kidOf } from './present-key.js';

/** Azure's Event Grid sends KeyNearExpiry 30 days before a key's expiry. */
const nearExpiryMs = 30 * 86_400_000;

/**
 * Everything Key Vault does by itself as time passes, on the testbed clock: purging soft-deleted keys and
 * vaults at their scheduled purge date, rotating keys by their rotation policy, and the near-expiry and
 * expiry events. Replicas all schedule the same timers; each action is a compare-and-set that does nothing
 * when another replica already did it.
 */
export class LifecycleScheduler {
  readonly #timers = new Map<string, () => void>();
  readonly #clock: Clock;
  readonly #log: Logger;
  #state: KeyvaultState | undefined;

  constructor(clock: Clock, log: Logger) {
    this.#clock = clock;
    this.#log = log;
  }

  /** Binds the service state and schedules what the stored vaults and keys of `region` already call for. */
  async start(state: KeyvaultState, region: string): Promise<void> {
    this.#state = state;
    for (const vault of await state.store.vaults.list()) {
      if (vault.location !== region) continue;
      if (vault.deleted) this.schedule(vault);
      for (const key of await state.store.keys(vault.name).list()) {
        if (key.deleted) this.scheduleKeyPurge(vault.name, key);
        else this.scheduleRotation(key);
      }
    }
  }

  stop(): void {
    for (const cancel of this.#timers.values()) cancel();
    this.#timers.clear();
  }

  /** A soft-deleted vault goes for good at its scheduled purge date. */
  schedule(vault: StoredVault): void {
    if (!vault.deleted) return;
    this.#at(`vault-purge/${vault.name}`, vault.deleted.scheduledPurgeDate, () =>
      this.purgeVault(vault.name),
    );
  }

  scheduleKeyPurge(vault: string, key: StoredKey): void {
    if (!key.deleted) return;
    this.#at(`key-purge/${vault}/${key.name}`, key.deleted.scheduledPurgeDate * 1000, () =>
      this.purgeKey(vault, key.name),
    );
  }

  /** The next Rotate and Notify actions of the key's policy, and the expiry events of its newest version. */
  scheduleRotation(key: StoredKey): void {
    const latest = key.versions.at(-1);
    if (!latest || key.deleted) return;
    const base = `${key.vault}/${key.name}`;
    for (const action of key.rotationPolicy?.lifetimeActions ?? []) {
      const at = this.#triggerTime(action.trigger, latest);
      if (at === undefined) continue;
      if (action.action.type === 'Rotate') {
        this.#at(`rotate/${base}`, at, () => this.#rotateIfStill(key.vault, key.name, latest.version));
      } else {
        this.#at(`notify/${base}`, at, () => this.#event('KeyNearExpiry', key, latest));
      }
    }
    if (latest.exp !== undefined) {
      this.#at(`near-expiry/${base}`, latest.exp * 1000 - nearExpiryMs, () =>
        this.#event('KeyNearExpiry', key, latest),
      );
      this.#at(`expired/${base}`, latest.exp * 1000, () => this.#event('KeyExpired', key, latest));
    }
  }

  /** A new version with the parameters of the newest one; the policy's expiryTime sets its exp. */
  async rotate(vault: StoredVault, name: string): Promise<{ key: StoredKey; version: StoredKeyVersion }> {
    const state = this.#bound();
    const current = (await state.store.keys(vault.name).get(name))?.value;
    const latest = current?.versions.at(-1);
    if (!current || current.deleted || !latest) throw keyNotFound(name);
    const now = this.#clock.now();
    const material = await generateKeyMaterial(
      {
        kty: latest.kty,
        ...(latest.keySize ? { keySize: latest.keySize as 2048 | 3072 | 4096 } : {}),
        ...(latest.curve ? { curve: latest.curve as 'P-256' } : {}),
      },
      state.keyPairs,
    );
    const expiry = current.rotationPolicy?.expiryTime;
    const exp = expiry ? Math.floor((now + parsePolicyDuration(expiry, 'expiryTime')) / 1000) : undefined;
    return addVersion(
      state,
      vault,
      name,
      material,
      { keyOps: latest.keyOps, attributes: { enabled: true, exp }, tags: latest.tags },
      now,
    );
  }

  async purgeKey(vault: string, name: string): Promise<void> {
    const state = this.#bound();
    await state.store.keys(vault).delete(name);
    state.materials.forget(`${keyBaseId(vault, name)}/`);
    state.events.publish('KeyPurged', { vault, key: name });
  }

  async purgeVault(name: string): Promise<void> {
    const state = this.#bound();
    for (const key of await state.store.keys(name).list()) await state.store.keys(name).delete(key.name);
    await state.store.roles.delete(name);
    await state.store.vaults.delete(name);
    state.events.publish('VaultPurged', { vault: name });
  }

  #triggerTime(
    trigger: { timeAfterCreate?: string | undefined; timeBeforeExpiry?: string | undefined },
    v: StoredKeyVersion,
  ) {
    if (trigger.timeAfterCreate)
      return v.created * 1000 + parsePolicyDuration(trigger.timeAfterCreate, 'timeAfterCreate');
    if (trigger.timeBeforeExpiry && v.exp !== undefined)
      return v.exp * 1000 - parsePolicyDuration(trigger.timeBeforeExpiry, 'timeBeforeExpiry');
    return undefined;
  }

  async #rotateIfStill(vaultName: string, name: string, version: string): Promise<void> {
    const state = this.#bound();
    const vault = (await state.store.vaults.get(vaultName))?.value;
    const key = (await state.store.keys(vaultName).get(name))?.value;
    // Another replica (or a manual rotation) got there first: the newest version is no longer the one we timed.
    if (!vault || vault.deleted || !key || key.deleted || key.versions.at(-1)?.version !== version) return;
    await this.rotate(vault, name);
  }

  #event(event: 'KeyNearExpiry' | 'KeyExpired', key: StoredKey, v: StoredKeyVersion): void {
    this.#bound().events.publish(event, {
      vault: key.vault,
      key: key.name,
      version: v.version,
      kid: kidOf(key.vault, key.name, v.version),
    });
  }

  #at(id: string, at: number, action: () => Promise<void> | void): void {
    this.#timers.get(id)?.();
    const cancel = this.#clock.setTimer(at, () => {
      this.#timers.delete(id);
      Promise.resolve()
        .then(action)
        .catch((error: unknown) => this.#log.error({ err: error, id }, 'scheduled key vault action failed'));
    });
    this.#timers.set(id, cancel);
  }

  #bound(): KeyvaultState {
    if (!this.#state) throw new Error('LifecycleScheduler used before start()');
    return this.#state;
  }
}
