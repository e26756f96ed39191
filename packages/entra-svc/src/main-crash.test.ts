import { fileURLToPath } from 'node:url';
import { client, entraContract } from '@cmk-testbed/shared';
import {
  type NatsServerHandle,
  pingInstances,
  spawnService,
  startNatsServer,
} from '@cmk-testbed/shared/testing';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { crossTenantSetup } from './testing/directory-builder.js';

const mainTs = fileURLToPath(new URL('./main.ts', import.meta.url));
const env = (server: NatsServerHandle) => ({
  NATS_URL: server.url,
  CMK_INSTANCE: 'entra-1',
  CMK_REGION: 'global',
  LOG_LEVEL: 'warn',
});

describe('entra-svc killed with SIGKILL', () => {
  let server: NatsServerHandle;
  let nc: NatsConnection;

  beforeAll(async () => {
    server = await startNatsServer();
    nc = await connect({ servers: server.url });
  });

  afterAll(async () => {
    await nc?.close();
    await server?.stop();
  });

  it('loses nothing it acknowledged: the directory and signing keys survive a restart', async () => {
    const entra = client(nc, entraContract, {
      caller: { service: 'test', instance: 'test', region: 'eastus' },
      timeoutMs: 5000,
    });
    const waitReady = () =>
      expect
        .poll(() => pingInstances(server.url, entraContract.serviceName), { timeout: 20_000, interval: 100 })
        .toContain('entra-1');
    let setup: Awaited<ReturnType<typeof crossTenantSetup>>;
    let jwksBefore: unknown;
    {
      await using first = spawnService(mainTs, env(server));
      await waitReady();
      setup = await crossTenantSetup(entra);
      jwksBefore = await entra.getJwks({ tenantId: setup.customer.tenant.tenantId });
      first.child.kill('SIGKILL');
      expect(await first.exited).toBeNull();
    }
    await using second = spawnService(mainTs, env(server));
    await waitReady();
    expect(await entra.getJwks({ tenantId: setup.customer.tenant.tenantId })).toEqual(jwksBefore);
    expect((await entra.listFederatedCredentials({ appId: setup.app.appId })).credentials).toEqual([
      setup.fic,
    ]);
    const assertion = await entra.getManagedIdentityToken({
      resourceId: setup.account,
      resource: 'api://AzureADTokenExchange',
      identity: { identityId: setup.uami.id },
    });
    await expect(
      entra.token({
        tenantId: setup.customer.tenant.tenantId,
        grant_type: 'client_credentials',
        client_id: setup.app.appId,
        scope: 'https://vault.azure.net/.default',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: assertion.access_token,
      }),
    ).resolves.toMatchObject({ token_type: 'Bearer' });
    expect(second.child.pid).toBeDefined();
  });
});
