import { connectTestbed } from '@cmk-testbed/shared';

/**
 * Which nats-server answers at each URL of a testbed: a connection to each in turn reports its server name,
 * which the testbed sets to the process name (`nats-eastus-2`).
 */
export async function serverNamesByUrl(natsUrl: string): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const url of natsUrl.split(',')) {
    const probe = await connectTestbed(url);
    try {
      names.set(url, probe.nc.info?.server_name ?? '');
    } finally {
      await probe.close();
    }
  }
  return names;
}
