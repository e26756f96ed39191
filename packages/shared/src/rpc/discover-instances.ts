import type { NatsConnection } from 'nats';

/** One service instance on the bus, as its `$SRV.PING` answer describes it (see `serve`). */
export interface DiscoveredInstance {
  /** The services API name, e.g. `cmk-storage`. */
  serviceName: string;
  /** The contract's service, e.g. `storage`. */
  service: string;
  instance: string;
  region: string;
  scope: string;
}

/**
 * The service instances answering `$SRV.PING` (of one services API name, or all) within `maxWaitMs`: the
 * processes on the bus right now. A process serving two contracts answers twice, once per contract.
 */
export async function discoverInstances(
  nc: NatsConnection,
  serviceName?: string,
  maxWaitMs = 250,
): Promise<DiscoveredInstance[]> {
  const found: DiscoveredInstance[] = [];
  try {
    const subject = serviceName ? `$SRV.PING.${serviceName}` : '$SRV.PING';
    for await (const msg of await nc.requestMany(subject, undefined, { maxWait: maxWaitMs })) {
      if (msg.data.length === 0) break;
      const body = JSON.parse(new TextDecoder().decode(msg.data)) as {
        name?: string;
        metadata?: Record<string, string>;
      };
      const m = body.metadata ?? {};
      if (body.name && m.instance && m.service && m.scope) {
        found.push({
          serviceName: body.name,
          service: m.service,
          instance: m.instance,
          region: m.region ?? m.scope,
          scope: m.scope,
        });
      }
    }
  } catch (error) {
    // Nobody at all: NATS answers "no responders" instead of an empty stream.
    if ((error as { code?: string }).code !== '503') throw error;
  }
  return found;
}
