import { FaultEngine, faultRuleSchema } from '@cmk-testbed/shared';
import { describe, expect, it } from 'vitest';
import { parseTopology } from '../topology/parse-topology.js';
import { topologyLatencyRules } from './topology-latency-rules.js';

describe('topologyLatencyRules', () => {
  it('delays calls between the two regions of a pair, both ways, and nothing else', () => {
    const topology = parseTopology(
      {
        regions: [{ name: 'eastus' }, { name: 'westeurope' }, { name: 'japaneast' }],
        interRegionLatencyMs: { 'eastus->westeurope': 80 },
      },
      'test',
    );
    const engine = new FaultEngine();
    for (const rule of topologyLatencyRules(topology)) engine.upsert(faultRuleSchema.parse(rule));
    const delay = (callerRegion: string, scope: string) =>
      engine.evaluate({
        at: 'client',
        service: 'keyvault',
        scope,
        operation: 'unwrapKey',
        callerService: 'storage',
        callerInstance: 's',
        callerRegion,
      }).delayMs;
    expect(delay('eastus', 'westeurope')).toBe(80);
    expect(delay('westeurope', 'eastus')).toBe(80);
    expect(delay('eastus', 'eastus')).toBe(0);
    expect(delay('eastus', 'japaneast')).toBe(0);
  });
});
