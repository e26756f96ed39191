import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../log/logger.js';
import { echoContract, echoHandlers } from '../testing/echo-contract.js';
import { type NatsServerHandle, startNatsServer } from '../testing/nats-server.js';
import { FakeClock } from '../time/fake-clock.js';
import { discoverInstances } from './discover-instances.js';
import { type ServedService, serve } from './serve.js';

describe('discoverInstances', () => {
  let server: NatsServerHandle;
  let nc: NatsConnection;
  const served: ServedService[] = [];

  beforeAll(async () => {
    server = await startNatsServer({ jetstream: false });
    nc = await connect({ servers: server.url });
  });

  afterAll(async () => {
    for (const s of served) await s.stop();
    await nc?.close();
    await server?.stop();
  });

  it('finds nobody on an empty bus, then every instance serving, with its region and scope', async () => {
    expect(await discoverInstances(nc)).toEqual([]);
    for (const [instance, region] of [
      ['echo-eastus-1', 'eastus'],
      ['echo-westeurope-1', 'westeurope'],
    ] as const) {
      served.push(
        await serve({
          nc,
          contract: echoContract,
          scope: region,
          instance,
          region,
          handlers: echoHandlers,
          state: undefined,
          clock: new FakeClock(),
          log: silentLogger(),
        }),
      );
    }
    const found = await discoverInstances(nc, echoContract.serviceName);
    expect(found.map((i) => [i.instance, i.region, i.scope, i.service]).sort()).toEqual([
      ['echo-eastus-1', 'eastus', 'eastus', echoContract.service],
      ['echo-westeurope-1', 'westeurope', 'westeurope', echoContract.service],
    ]);
    expect(await discoverInstances(nc, 'cmk-nobody')).toEqual([]);
  });
});
