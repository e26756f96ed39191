import type { Clock, Logger } from '@cmk-testbed/shared';
import { generateKeyMaterial } from '../crypto/index.js';
import { addVersion } from './add-version.js';
import {
  type StoredKey,
  type StoredKeyVersion,
  type StoredVault,
  storedKeySchema,
  storedVaultSchema,
} from './documents.js';
import { keyNotFound } from './keyvault-errors.js';
import type { KeyvaultState } from './keyvault-state.js';
import { KeyvaultStore } from './keyvault-store.js';
import type { OnceClaims } from './once-claims.js';
import { parsePolicyDuration } from './policy-duration.js';
import { kidOf } from './present-key.js';
import { purgeDeletedKeyNow, purgeDeletedVaultNow } from './purge-deleted.js';
import { VersionSuperseded } from './version-superseded.js';

/** Azure's Event Grid sends KeyNearExpiry 30 days before a key's expiry. */
const nearExpiryMs = 30 * 86_400_000;

type TimerKind = 'purge' | 'rotate' | 'notify' | 'near-expiry' | 'expired';

/**
 * Everything Key Vault does by itself as time passes, on the testbed clock: purging soft-deleted keys and
 * vaults at their scheduled purge date, rotating keys by their rotation policy, and the near-expiry and
 * expiry events.
 *
 * Every replica arms the timers of every document from a watch of the JetStream bucket, whichever replica
 * handled the request that changed it, so the timers survive the death of that replica. A document's timers
 * are re-armed from scratch on each change (a recovery cancels the purge). Firing is claimed so exactly one
 * replica acts: purges and rotations by compare-and-set on the document after checking it is still in the
 * state the timer was armed for, events by a claim in JetStream.
 */
export class LifecycleScheduler {
  /** Armed timers by bucket entry, then by kind. */
  readonly #timers = new Map<string, Map<TimerKind, () => void>>();
  readonly #clock: Clock;
  readonly #log: Logger;
  #state: KeyvaultState | undefined;
  #claims: OnceClaims | undefined;
  #region = '';
  #watch: { stop(): void } | undefined;

  constructor(clock: Clock, log: Logger) {
    this.#clock = clock;
    this.#log = log;
  }

  /** Binds the service state and arms what every stored vault and key calls for, then follows changes. */
  async start(state: KeyvaultState, region: string, claims: OnceClaims): Promise<void> {
    this.#state = state;
    this.#claims = claims;
    this.#region = region;
    this.#watch = state.store.watch((entry, value) => this.#onEntry(entry, value));
  }

  stop(): void {
    this.#watch?.stop();
    for (const timers of this.#timers.values()) for (const cancel of timers.values()) cancel();
    this.#timers.clear();
  }

  /** Re-arms a vault's timers now (the watch would, a moment later): called by the replica that changed it. */
  vaultChanged(vault: StoredVault): void {
    this.#armVault(KeyvaultStore.vaultEntry(vault.name), vault);
  }

  /** Re-arms a key's timers now: a recovered key loses its purge, a new version gets its policy's times. */
  keyChanged(key: StoredKey): void {
    this.#armKey(KeyvaultStore.keyEntry(key.vault, key.name), key);
  }

  /**
   * A new version with the parameters of the newest one; the policy's expiryTime sets its exp. With
   * `onlyIfLatest`, nothing happens (VersionSuperseded) if the newest version is no longer that one.
   */
  async rotate(
    vault: StoredVault,
    name: string,
    onlyIfLatest?: string,
  ): Promise<{ key: StoredKey; version: StoredKeyVersion }> {
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
      { keyOps: latest.keyOps, attributes: { enabled: true, exp }, tags: latest.tags, onlyIfLatest },
      now,
    );
  }

  /** A manual purge of a soft-deleted key (the handler has checked purge protection). */
  async purgeKey(vault: string, name: string): Promise<void> {
    await purgeDeletedKeyNow(this.#bound(), vault, name);
  }

  /** A manual purge of a soft-deleted vault. */
  async purgeVault(name: string): Promise<void> {
    await purgeDeletedVaultNow(this.#bound(), name);
  }

  #onEntry(entry: string, value: unknown): void {
    const kind = entry.startsWith('vault.') ? 'vault' : entry.startsWith('key.') ? 'key' : undefined;
    if (!kind) return;
    if (value === undefined) {
      this.#cancel(entry);
      return;
    }
    const parsed = (kind === 'vault' ? storedVaultSchema : storedKeySchema).safeParse(value);
    if (!parsed.success) {
      this.#log.warn({ entry, issues: parsed.error.issues }, 'unreadable keyvault document: no timers');
      return;
    }
    if (kind === 'vault') this.#armVault(entry, parsed.data as StoredVault);
    else this.#armKey(entry, parsed.data as StoredKey);
  }

  #armVault(entry: string, vault: StoredVault): void {
    this.#cancel(entry);
    const deleted = vault.deleted;
    // A vault document says its region: another region's replicas arm nothing for it.
    if (!deleted || vault.location !== this.#region) return;
    this.#at(entry, 'purge', deleted.scheduledPurgeDate, async () => {
      await purgeDeletedVaultNow(this.#bound(), vault.name, deleted.deletionDate);
    });
  }

  #armKey(entry: string, key: StoredKey): void {
    this.#cancel(entry);
    const deleted = key.deleted;
    if (deleted) {
      this.#at(entry, 'purge', deleted.scheduledPurgeDate * 1000, async () => {
        if (await this.#inRegion(key.vault)) {
          await purgeDeletedKeyNow(this.#bound(), key.vault, key.name, deleted.deletedDate);
        }
      });
      return;
    }
    const latest = key.versions.at(-1);
    if (!latest) return;
    for (const action of key.rotationPolicy?.lifetimeActions ?? []) {
      const at = triggerTime(action.trigger, latest);
      if (at === undefined) continue;
      if (action.action.type === 'Rotate') {
        this.#at(entry, 'rotate', at, () => this.#rotateIfStill(key.vault, key.name, latest.version));
      } else {
        this.#at(entry, 'notify', at, () => this.#announceOnce('KeyNearExpiry', 'notify', key, latest, at));
      }
    }
    if (latest.exp !== undefined) {
      const nearAt = latest.exp * 1000 - nearExpiryMs;
      this.#at(entry, 'near-expiry', nearAt, () =>
        this.#announceOnce('KeyNearExpiry', 'near-expiry', key, latest, nearAt),
      );
      this.#at(entry, 'expired', latest.exp * 1000, () =>
        this.#announceOnce('KeyExpired', 'expired', key, latest, latest.exp! * 1000),
      );
    }
  }

  /**
   * Whether a vault (deleted or not) is this region's, from the mirror: every region's replicas watch the one
   * bucket, and a key document does not say its region.
   */
  async #inRegion(vaultName: string): Promise<boolean> {
    return (await this.#bound().store.vaults.get(vaultName))?.value.location === this.#region;
  }

  /** The vault as JetStream holds it now, if it is live and this region's (other regions ask no further). */
  async #liveVault(vaultName: string): Promise<StoredVault | undefined> {
    if (!(await this.#inRegion(vaultName))) return undefined;
    const vault = (await this.#bound().store.vaults.getFresh(vaultName))?.value;
    return vault && !vault.deleted && vault.location === this.#region ? vault : undefined;
  }

  async #rotateIfStill(vaultName: string, name: string, version: string): Promise<void> {
    const vault = await this.#liveVault(vaultName);
    const key = (await this.#bound().store.keys(vaultName).getFresh(name))?.value;
    // Another replica (or a manual rotation) got there first: the newest version is no longer the one we timed.
    if (!vault || !key || key.deleted || key.versions.at(-1)?.version !== version) return;
    try {
      await this.rotate(vault, name, version);
    } catch (error) {
      if (!(error instanceof VersionSuperseded)) throw error;
    }
  }

  async #announceOnce(
    event: 'KeyNearExpiry' | 'KeyExpired',
    kind: TimerKind,
    key: StoredKey,
    v: StoredKeyVersion,
    at: number,
  ): Promise<void> {
    if (!(await this.#liveVault(key.vault))) return;
    const claims = this.#claims;
    if (!claims || !(await claims.claim(`${kind}/${key.vault}/${key.name}/${v.version}/${at}`))) return;
    this.#bound().events.publish(event, {
      vault: key.vault,
      key: key.name,
      version: v.version,
      kid: kidOf(key.vault, key.name, v.version),
    });
  }

  #cancel(entry: string): void {
    const timers = this.#timers.get(entry);
    if (!timers) return;
    this.#timers.delete(entry);
    for (const cancel of timers.values()) cancel();
  }

  #at(entry: string, kind: TimerKind, at: number, action: () => Promise<void> | void): void {
    let timers = this.#timers.get(entry);
    if (!timers) {
      timers = new Map();
      this.#timers.set(entry, timers);
    }
    timers.get(kind)?.();
    let fired = false;
    const cancel = this.#clock.setTimer(at, () => {
      fired = true;
      const armed = this.#timers.get(entry);
      armed?.delete(kind);
      if (armed?.size === 0) this.#timers.delete(entry);
      Promise.resolve()
        .then(action)
        .catch((error: unknown) =>
          this.#log.error({ err: error, entry, kind }, 'scheduled key vault action failed'),
        );
    });
    // A timer already due fires inside setTimer: nothing left to cancel.
    if (!fired) timers.set(kind, cancel);
    else if (timers.size === 0) this.#timers.delete(entry);
  }

  #bound(): KeyvaultState {
    if (!this.#state) throw new Error('LifecycleScheduler used before start()');
    return this.#state;
  }
}

function triggerTime(
  trigger: { timeAfterCreate?: string | undefined; timeBeforeExpiry?: string | undefined },
  v: StoredKeyVersion,
): number | undefined {
  if (trigger.timeAfterCreate)
    return v.created * 1000 + parsePolicyDuration(trigger.timeAfterCreate, 'timeAfterCreate');
  if (trigger.timeBeforeExpiry && v.exp !== undefined)
    return v.exp * 1000 - parsePolicyDuration(trigger.timeBeforeExpiry, 'timeBeforeExpiry');
  return undefined;
}
