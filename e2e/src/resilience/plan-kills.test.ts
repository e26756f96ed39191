import type { ProcessInfo } from '@cmk-testbed/shared';
import { describe, expect, it } from 'vitest';
import { planKills } from './plan-kills.js';

const proc = (name: string, kind: ProcessInfo['kind'], region: string): ProcessInfo => ({
  name,
  kind,
  region,
  pid: 1,
  state: 'running',
  startedAt: 0,
  uptimeMs: 0,
  restarts: 0,
  exitCode: null,
  signal: null,
});

const services = [
  proc('storage-westeurope-1', 'storage', 'westeurope'),
  proc('storage-eastus-2', 'storage', 'eastus'),
  proc('storage-eastus-1', 'storage', 'eastus'),
  proc('entra-1', 'entra', 'global'),
  proc('keyvault-westeurope-1', 'keyvault', 'westeurope'),
  proc('keyvault-eastus-1', 'keyvault', 'eastus'),
  proc('chaos-1', 'chaos', 'global'),
];

describe('planKills', () => {
  it('kills one process of each service kind, and leaves the only nats-server alone, saying why', () => {
    const plan = planKills([proc('nats-main-1', 'nats-server', 'global'), ...services]);
    expect(plan.targets).toEqual([
      { name: 'storage-eastus-1', kind: 'storage' },
      { name: 'entra-1', kind: 'entra' },
      { name: 'keyvault-eastus-1', kind: 'keyvault' },
      { name: 'chaos-1', kind: 'chaos' },
    ]);
    expect(plan.skipped).toEqual([
      { kind: 'nats-server', reason: expect.stringMatching(/runs 1 nats-server/) },
    ]);
  });

  it('kills a nats-server too when the bus has several', () => {
    const nats = ['nats-main-1', 'nats-main-2', 'nats-main-3'].map((n) => proc(n, 'nats-server', 'global'));
    const plan = planKills([...nats, ...services]);
    expect(plan.targets).toContainEqual({ name: 'nats-main-1', kind: 'nats-server' });
    expect(plan.skipped).toEqual([]);
  });
});
