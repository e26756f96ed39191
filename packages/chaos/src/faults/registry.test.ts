import {
  faultKindSchema,
  processFaultKindSchema,
  semanticFaultKindSchema,
  timeFaultKindSchema,
  transportFaultKindSchema,
} from '@cmk-testbed/shared';
import { describe, expect, it } from 'vitest';
import { faultKinds } from './registry.js';

describe('the fault registry', () => {
  it('holds every kind of the scenario format, once, in the group the contract puts it in', () => {
    expect([...faultKinds.keys()].sort()).toEqual([...faultKindSchema.options].sort());
    const groups = [
      ['transport', transportFaultKindSchema.options],
      ['semantic', semanticFaultKindSchema.options],
      ['process', processFaultKindSchema.options],
      ['time', timeFaultKindSchema.options],
    ] as const;
    for (const [group, kinds] of groups) {
      for (const kind of kinds) expect(faultKinds.get(kind)?.group, kind).toBe(group);
    }
  });
});
