import { headers } from 'nats';
import { describe, expect, it } from 'vitest';
import { callHeader, readCallContext, writeCallContext } from './call-context.js';

describe('the Cmk-Call header', () => {
  it('carries the whole call context, ARM subnet ids included', () => {
    const ctx = {
      requestId: 'r-1',
      deadline: 1_800_000_000_000,
      caller: { service: 'storage', instance: 'storage-eastus-2', region: 'eastus' },
      origin: {
        ip: '10.1.0.1',
        subnetId:
          '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/v/subnets/default',
        trustedService: true,
      },
      clockRevision: 7,
    };
    expect(readCallContext(writeCallContext(ctx), 5000, 0)).toEqual(ctx);
  });

  it('gives a request without the header an anonymous public caller and the default deadline', () => {
    const read = readCallContext(undefined, 5000, 1000);
    expect(read).toMatchObject({
      deadline: 6000,
      caller: { service: 'external', instance: 'external', region: 'none' },
      origin: { trustedService: false, subnetId: undefined },
      clockRevision: 0,
    });
    expect(read.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('falls back to defaults field by field on a malformed header, never throwing', () => {
    const h = headers();
    h.set(callHeader, 'id-9 soon only-a-service x|y');
    const read = readCallContext(h, 5000, 1000);
    expect(read).toMatchObject({ requestId: 'id-9', deadline: 6000, clockRevision: 0 });
    expect(read.caller).toEqual({ service: 'only-a-service', instance: 'external', region: 'none' });
    expect(read.origin).toEqual({ ip: 'x', subnetId: 'y', trustedService: false });
  });
});
