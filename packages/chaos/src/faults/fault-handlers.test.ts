import {
  chaosContract,
  client,
  clockContract,
  defineContract,
  FaultRuleTable,
  type HandlerTable,
  type ServedService,
  serveOn,
} from '@cmk-testbed/shared';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type ChaosUnderTest, startChaos } from '../testing/start-chaos.js';

/** A stand-in for the vault's request path: served under the keyvault service name, so vault faults hit it. */
const probeContract = defineContract({
  service: 'keyvault',
  scope: 'region',
  version: '0.0.1',
  operations: {
    probe: { request: z.object({ vault: z.string() }), reply: z.object({ vault: z.string() }) },
  },
});
const probeHandlers = { probe: (req) => ({ vault: req.vault }) } satisfies HandlerTable<
  typeof probeContract,
  unknown
>;

describe('the chaos controller injects transport faults into every request path', () => {
  let started: ChaosUnderTest;
  let runtime: ChaosUnderTest['runtime'];
  let callerClock: ChaosUnderTest['callerClock'];
  let table: FaultRuleTable;
  let probeService: ServedService;

  beforeAll(async () => {
    started = await startChaos();
    ({ runtime, callerClock } = started);
    probeService = await serveOn(runtime, probeContract, probeHandlers, {});
    table = await FaultRuleTable.open(runtime.nc);
  });

  afterAll(async () => {
    await probeService?.stop();
    await started?.close();
  });

  afterEach(async () => {
    await chaos().reset({});
  });

  const caller = { service: 'storage', instance: 'storage-t', region: 'eastus' };
  const chaos = () => client(runtime.nc, chaosContract, { caller, clock: callerClock });
  const clock = () => client(runtime.nc, clockContract, { caller, clock: callerClock });
  const probe = (vault: string) =>
    client(runtime.nc, probeContract, {
      caller,
      clock: callerClock,
      region: 'eastus',
      faults: runtime.faults,
      timeoutMs: 1500,
    }).probe({
      vault,
    });
  const outcome = (vault: string) =>
    probe(vault).then(
      () => 'ok',
      (error: { status: number; code: string }) => `${error.status} ${error.code}`,
    );

  it('throttles one vault with the Key Vault message, leaves the others alone, and clears', async () => {
    const fault = await chaos().inject({ kind: 'vault-throttled', target: { vault: 'kv1' } });
    expect(fault.faultId).toMatch(/^f-[0-9a-f]{12}$/);
    await expect.poll(() => outcome('kv1')).toBe('429 Throttled');
    await expect(probe('kv1')).rejects.toMatchObject({ message: /VaultRequestTypeLimitReached/ });
    expect(await outcome('kv2')).toBe('ok');
    expect((await chaos().list({})).faults.map((f) => f.faultId)).toEqual([fault.faultId]);

    await chaos().clear({ faultId: fault.faultId });
    await expect.poll(() => outcome('kv1')).toBe('ok');
    expect((await chaos().list({})).faults).toEqual([]);
    await expect(chaos().clear({ faultId: fault.faultId })).rejects.toMatchObject({
      status: 404,
      code: 'FaultNotFound',
    });
  });

  it('takes the vault service off the bus (no responders) and brings it back', async () => {
    const fault = await chaos().inject({ kind: 'vault-down', target: { region: 'eastus' } });
    await expect.poll(() => outcome('kv1')).toBe('503 ServiceUnavailable');
    await chaos().clear({ faultId: fault.faultId });
    await expect.poll(() => outcome('kv1')).toBe('ok');
  });

  it('answers the error asked for, and refuses an error fault without status and code', async () => {
    await chaos().inject({ kind: 'vault-error', params: { status: 500, code: 'InternalServerError' } });
    await expect.poll(() => outcome('kv1')).toBe('500 InternalServerError');
    await expect(chaos().inject({ kind: 'vault-error', params: { status: 500 } })).rejects.toMatchObject({
      status: 400,
      code: 'InvalidInput',
      message: /vault-error: params: status and code are required/,
    });
  });

  it('partitions two regions in both directions at the callers, and needs two different regions', async () => {
    const fault = await chaos().inject({
      kind: 'region-partition',
      target: { regions: ['eastus', 'westeurope'] },
    });
    const rows = (await table.list()).filter((rule) => fault.ruleIds.includes(rule.id));
    expect(rows.map((r) => [r.kind, r.at, r.match.callerRegion, r.match.scope]).sort()).toEqual([
      ['down', 'client', 'eastus', 'westeurope'],
      ['down', 'client', 'westeurope', 'eastus'],
    ]);
    // eastus → eastus is not crossed by the partition.
    expect(await outcome('kv1')).toBe('ok');
    for (const target of [{}, { regions: ['eastus', 'eastus'] as [string, string] }]) {
      await expect(chaos().inject({ kind: 'region-partition', target })).rejects.toMatchObject({
        status: 400,
        message: /target\.regions: two different regions are required/,
      });
    }
  });

  it('refuses a vault selector on an entra fault and an unknown selector', async () => {
    await expect(chaos().inject({ kind: 'entra-down', target: { vault: 'kv1' } })).rejects.toMatchObject({
      status: 400,
      message: /target\.vault: entra faults cannot target a vault/,
    });
    await expect(
      chaos().call('inject', { kind: 'vault-down', target: { account: 'sa1' } }),
    ).rejects.toMatchObject({ status: 400 });
    expect((await chaos().list({})).faults).toEqual([]);
  });

  it('ends a fault with a duration when the testbed clock passes it', async () => {
    await chaos().inject({ kind: 'vault-throttled', target: { vault: 'kv1' }, duration: 'PT1H' });
    await expect.poll(() => outcome('kv1')).toBe('429 Throttled');
    await clock().advance({ by: 'PT59M' });
    expect(await outcome('kv1')).toBe('429 Throttled');
    expect((await chaos().list({})).faults).toHaveLength(1);
    await clock().advance({ by: 'PT2M' });
    await expect.poll(() => outcome('kv1')).toBe('ok');
    expect((await chaos().list({})).faults).toEqual([]);
  });

  it('slows a vault by the latency asked for', async () => {
    const fault = await chaos().inject({ kind: 'vault-latency', params: { ms: 250, jitterMs: 10 } });
    const [row] = (await table.list()).filter((rule) => rule.id === fault.faultId);
    expect(row).toMatchObject({
      kind: 'latency',
      latencyMs: 250,
      jitterMs: 10,
      match: { service: 'keyvault' },
    });
  });

  it('reset clears every injected fault and keeps the topology rules', async () => {
    await table.put({
      id: 'topology-latency-eastus-westus',
      kind: 'latency',
      at: 'client',
      latencyMs: 1,
      label: 'topology',
      match: { callerRegion: 'eastus', scope: 'westus' },
    });
    await chaos().inject({ kind: 'message-drop', target: { service: 'entra' }, probability: 0.5, seed: 7 });
    await chaos().inject({
      kind: 'region-latency',
      target: { regions: ['eastus', 'westus'] },
      params: { ms: 80 },
    });
    expect((await table.list()).length).toBe(4);
    expect(await chaos().reset({})).toEqual({ cleared: 2, failed: [] });
    expect((await table.list()).map((r) => r.id)).toEqual(['topology-latency-eastus-westus']);
    expect((await chaos().list({})).faults).toEqual([]);
    await table.delete('topology-latency-eastus-westus');
  });
});
