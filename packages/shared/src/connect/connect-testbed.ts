import { connect, type NatsConnection } from 'nats';
import { chaosContract } from '../contracts/chaos.js';
import { clockContract } from '../contracts/clock.js';
import { entraContract } from '../contracts/entra.js';
import { keyvaultContract } from '../contracts/keyvault.js';
import { storageContract } from '../contracts/storage.js';
import { testbedContract } from '../contracts/testbed.js';
import type { NetworkOrigin } from '../rpc/call-context.js';
import { type ContractClient, client } from '../rpc/client.js';
import type { Contract } from '../rpc/contract.js';
import type { Clock } from '../time/clock.js';
import { TestbedClock } from '../time/testbed-clock.js';

export interface ConnectOptions {
  /** The region regional clients (storage, keyvault) call unless told otherwise; default `eastus`. */
  region?: string;
  /** How this client appears to the services (logs, audit): default `client`/`cmk-testbed-client-<pid>`. */
  instance?: string;
  /** The network origin the vault firewall sees; default a public IP that no rule allows (203.0.113.10). */
  origin?: NetworkOrigin;
  /** Default wait for a reply, ms (default 10 000). */
  timeoutMs?: number;
}

/** Typed clients for one region's storage nodes and vaults. */
export interface RegionClients {
  storage: ContractClient<typeof storageContract>;
  keyvault: ContractClient<typeof keyvaultContract>;
}

/** A running testbed, reached over NATS with the same contracts its own processes use. */
export interface Testbed extends RegionClients {
  nc: NatsConnection;
  entra: ContractClient<typeof entraContract>;
  chaos: ContractClient<typeof chaosContract>;
  clock: ContractClient<typeof clockContract>;
  /** The supervisor (list, kill, restart, pause, resume processes); answers only when `cmk-testbed up` runs. */
  processes: ContractClient<typeof testbedContract>;
  /** This client's view of the testbed clock: the time every service agrees on. */
  now(): number;
  /** `now()` once every clock change this client has heard of is applied (e.g. right after `clock.advance`). */
  syncedNow(): Promise<number>;
  /** The clock behind `now()`, for clients you build yourself: its revision travels with their calls. */
  localClock: Clock;
  /** Clients for another region's storage nodes and vaults. */
  region(name: string): RegionClients;
  close(): Promise<void>;
}

/**
 * Connects to a running testbed (`cmk-testbed up` prints the URL) and returns typed clients for every
 * service. Calls made after `clock.advance` always see the advanced time: the clients carry this process's
 * clock revision, and every callee catches up to it before answering.
 *
 * ```ts
 * const tb = await connectTestbed('nats://127.0.0.1:4222');
 * await tb.storage.putBlob({ account: 'acct1', container: 'c1', blob: 'b1', body: 'hello' });
 * await tb.clock.advance({ by: 'PT1H' });
 * await tb.close();
 * ```
 */
export async function connectTestbed(
  natsUrl: string | string[],
  options: ConnectOptions = {},
): Promise<Testbed> {
  const instance = options.instance ?? `cmk-testbed-client-${process.pid}`;
  const nc = await connect({ servers: natsUrl, name: instance });
  try {
    const clock = await TestbedClock.start(nc);
    const home = options.region ?? 'eastus';
    const make = <C extends Contract>(contract: C, region = home): ContractClient<C> =>
      client(nc, contract, {
        caller: { service: 'client', instance, region },
        region,
        clock,
        timeoutMs: options.timeoutMs ?? 10_000,
        ...(options.origin ? { origin: options.origin } : {}),
      });
    const regions = new Map<string, RegionClients>();
    const region = (name: string): RegionClients => {
      let clients = regions.get(name);
      if (!clients) {
        clients = { storage: make(storageContract, name), keyvault: make(keyvaultContract, name) };
        regions.set(name, clients);
      }
      return clients;
    };
    return {
      nc,
      ...region(home),
      entra: make(entraContract),
      chaos: make(chaosContract),
      clock: make(clockContract),
      processes: make(testbedContract),
      now: () => clock.now(),
      syncedNow: async () => {
        await clock.waitForRevision(clock.knownRevision(), 5000);
        return clock.now();
      },
      localClock: clock,
      region,
      close: async () => {
        clock.stop();
        await nc.drain();
      },
    };
  } catch (error) {
    await nc.close();
    throw error;
  }
}
