import { randomUUID } from 'node:crypto';
import { AzureError, type Clock, type HandlerContext, type Logger } from '@cmk-testbed/shared';
import { vaultNameOf } from './account-ids.js';
import type { StoredAccount } from './documents.js';
import type { StorageState } from './storage-state.js';

const dayMs = 86_400_000;

/**
 * Azure Storage's automatic key-version update: once a day (testbed clock) every account with customer-managed
 * keys and no pinned `keyversion` adopts the newest enabled version of its key, re-wrapping the account key
 * (data is never touched). A pinned version stays until `updateAccount` changes it. Every node runs the check;
 * the compare-and-set write makes a second node's identical update a no-op.
 */
export class KeyVersionCheck {
  readonly #clock: Clock;
  readonly #log: Logger;
  readonly #region: string;
  #cancel: (() => void) | undefined;
  #state: StorageState | undefined;

  constructor(clock: Clock, log: Logger, region: string) {
    this.#clock = clock;
    this.#log = log;
    this.#region = region;
  }

  start(state: StorageState): void {
    this.#state = state;
    this.#schedule();
  }

  stop(): void {
    this.#cancel?.();
  }

  /** One pass over the region's accounts (exposed for the daily timer and for tests). */
  async runOnce(): Promise<void> {
    const state = this.#state!;
    for (const account of await state.store.accounts.list()) {
      if (account.location !== this.#region || account.encryption.keySource !== 'Microsoft.Keyvault')
        continue;
      if (account.encryption.keyvault?.keyversion) continue;
      await this.#adoptNewest(state, account).catch((error: unknown) =>
        this.#log.warn(
          { err: error, account: account.name },
          'daily key-version check failed; will try again tomorrow',
        ),
      );
    }
  }

  #schedule(): void {
    this.#cancel = this.#clock.setTimer(this.#clock.now() + dayMs, () => {
      void this.runOnce().finally(() => this.#schedule());
    });
  }

  async #adoptNewest(state: StorageState, account: StoredAccount): Promise<void> {
    const props = account.encryption.keyvault!;
    const ctx = this.#context();
    const vault = await state.keys.resolveVault(props.keyvaulturi, ctx);
    const authorization = `Bearer ${await state.keys.vaultToken(account, vault.tenantId, ctx)}`;
    const vaultName = vaultNameOf(props.keyvaulturi)!;
    const call = { scope: vault.location, deadline: ctx.deadline };
    const newest = await this.#newestEnabled(
      state,
      { vault: vaultName, authorization, name: props.keyname },
      call,
    );
    if (!newest || newest.kid === props.currentVersionedKeyIdentifier) return;
    const accountKey = await state.keys.accountKey(account, ctx);
    const version = newest.kid.split('/').at(-1)!;
    const wrapped = await state.keyvault.wrapKey(
      {
        vault: vaultName,
        authorization,
        name: props.keyname,
        version,
        alg: 'RSA-OAEP',
        value: new Uint8Array(accountKey),
      },
      call,
    );
    const now = new Date(this.#clock.now()).toISOString();
    await state.store.accounts.mutate(account.name, (current) => {
      if (!current || current.wrappedKey.value !== account.wrappedKey.value) return current;
      return {
        ...current,
        encryption: {
          ...current.encryption,
          keyvault: {
            ...current.encryption.keyvault!,
            currentVersionedKeyIdentifier: wrapped.kid,
            lastKeyRotationTimestamp: now,
            ...(newest.attributes.exp
              ? {
                  currentVersionedKeyExpirationTimestamp: new Date(
                    newest.attributes.exp * 1000,
                  ).toISOString(),
                }
              : {}),
          },
        },
        wrappedKey: {
          by: 'vault',
          value: Buffer.from(wrapped.value).toString('base64'),
          kid: wrapped.kid,
          alg: 'RSA-OAEP',
        },
      };
    });
    state.keys.forgetAccount(account.name);
    this.#log.info({ account: account.name, kid: wrapped.kid }, 'adopted the newest key version');
  }

  /**
   * The newest enabled version of the key: the latest one when it is enabled (one `get`, allowed to Storage
   * by RBAC and access policies alike), else the newest enabled one among all versions (by creation time,
   * then list order: versions made in the same second keep the order the vault created them in). Listing
   * versions needs keys/read under RBAC (Crypto Service Encryption User has it) or `list` in an access policy.
   */
  async #newestEnabled(
    state: StorageState,
    key: { vault: string; authorization: string; name: string },
    call: { scope: string; deadline: number },
  ): Promise<{ kid: string; attributes: { exp?: number | undefined } } | undefined> {
    // Key Vault refuses `get` on a disabled version (403 KeyDisabled) rather than showing it disabled.
    const latest = await state.keyvault.getKey(key, call).catch((error: unknown) => {
      if (AzureError.is(error) && (error.innerCode ?? error.code) === 'KeyDisabled') return undefined;
      throw error;
    });
    if (latest?.attributes.enabled) return { kid: latest.key.kid, attributes: latest.attributes };
    const { value } = await state.keyvault.listKeyVersions(key, call);
    let newest: (typeof value)[number] | undefined;
    for (const item of value)
      if (item.attributes.enabled && (!newest || item.attributes.created >= newest.attributes.created))
        newest = item;
    return newest;
  }

  #context(): HandlerContext {
    return {
      requestId: randomUUID(),
      operation: 'keyVersionCheck',
      deadline: Date.now() + 30_000,
      caller: { service: 'storage', instance: 'key-version-check', region: this.#region },
      origin: { ip: '127.0.0.1', trustedService: true },
      instance: 'key-version-check',
      region: this.#region,
      scope: this.#region,
      clock: this.#clock,
      log: this.#log,
    };
  }
}
