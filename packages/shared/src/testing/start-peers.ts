import { setTimeout as wait } from 'node:timers/promises';
import { pingInstances, type SpawnedService, spawnService } from './spawn-service.js';

export interface PeerSpec {
  /** The service's real `main.ts`. */
  mainTs: string;
  /** Its services API name (`cmk-entra`) and instance, to wait for on `$SRV.PING`. */
  serviceName: string;
  instance: string;
  env: Record<string, string>;
}

/**
 * Starts other services' real programs as child processes for a test (services never import each other) and
 * resolves once each answers `$SRV.PING`. The caller disposes the returned processes.
 */
export async function startPeers(
  natsUrl: string,
  peers: readonly PeerSpec[],
  timeoutMs = 30_000,
): Promise<SpawnedService[]> {
  const started = peers.map((peer) =>
    spawnService(peer.mainTs, {
      NATS_URL: natsUrl,
      CMK_INSTANCE: peer.instance,
      LOG_LEVEL: 'warn',
      ...peer.env,
    }),
  );
  try {
    for (const [i, peer] of peers.entries()) {
      const deadline = Date.now() + timeoutMs;
      while (!(await pingInstances(natsUrl, peer.serviceName)).includes(peer.instance)) {
        if (Date.now() > deadline)
          throw new Error(`${peer.instance} did not start:\n${started[i]!.output()}`);
        await wait(50);
      }
    }
    return started;
  } catch (error) {
    for (const child of started) await child[Symbol.asyncDispose]();
    throw error;
  }
}
