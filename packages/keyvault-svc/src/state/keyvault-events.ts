import { encodeBody, eventSubject } from '@cmk-testbed/shared';
import type { NatsConnection } from 'nats';

/**
 * Key Vault's events, named as Event Grid names them where a name exists (`KeyNewVersionCreated`,
 * `KeyNearExpiry`, `KeyExpired`) and testbed names otherwise (`KeyDisabled`, `KeyEnabled`, `KeyDeleted`,
 * `KeyRecovered`, `KeyPurged`, `KeyAccessChanged`, `VaultNetworkChanged`, `VaultDeleted`, `VaultRecovered`,
 * `VaultPurged`). Storage nodes subscribe to drop cached keys at once.
 */
export const keyvaultEventNames = [
  'KeyNewVersionCreated',
  'KeyNearExpiry',
  'KeyExpired',
  'KeyDisabled',
  'KeyEnabled',
  'KeyDeleted',
  'KeyRecovered',
  'KeyPurged',
  'KeyAccessChanged',
  'VaultNetworkChanged',
  'VaultDeleted',
  'VaultRecovered',
  'VaultPurged',
] as const;

export type KeyvaultEventName = (typeof keyvaultEventNames)[number];

export interface KeyvaultEventBody {
  vault: string;
  key?: string | undefined;
  version?: string | undefined;
  kid?: string | undefined;
}

export class KeyvaultEvents {
  readonly #nc: NatsConnection;
  readonly #region: string;
  readonly #now: () => number;

  constructor(nc: NatsConnection, region: string, now: () => number) {
    this.#nc = nc;
    this.#region = region;
    this.#now = now;
  }

  publish(event: KeyvaultEventName, body: KeyvaultEventBody): void {
    this.#nc.publish(
      eventSubject('keyvault', this.#region, event),
      encodeBody({ event, time: this.#now(), ...body }),
    );
  }
}
