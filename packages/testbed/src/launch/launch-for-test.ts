import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type NatsConnection } from 'nats';
import { parseTopology } from '../topology/parse-topology.js';
import type { TopologyInput } from '../topology/topology-schema.js';
import { type LaunchedTestbed, launchTestbed } from './launch-testbed.js';

export interface TestTestbed {
  testbed: LaunchedTestbed;
  /** A connection to every nats-server of the topology, reconnecting quickly. */
  nc: NatsConnection;
  dispose(): Promise<void>;
}

/**
 * Launches a topology (the default without input) in a temp home for a test suite; `dispose` stops every
 * process and removes the folder, and is safe to call after a failed launch.
 */
export async function launchForTest(input?: TopologyInput): Promise<TestTestbed> {
  const home = await mkdtemp(join(tmpdir(), 'cmk-test-'));
  try {
    const topology = input ? parseTopology(input, 'test topology') : undefined;
    const testbed = await launchTestbed({ topology, home, logLevel: 'warn' });
    const nc = await connect({
      servers: testbed.natsUrl.split(','),
      maxReconnectAttempts: -1,
      reconnectTimeWait: 100,
    });
    return {
      testbed,
      nc,
      async dispose() {
        await nc.close().catch(() => {});
        await testbed.stop();
        await rm(home, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(home, { recursive: true, force: true });
    throw error;
  }
}
