import { type Runtime, type ServedService, startRuntime } from '@cmk-testbed/shared';
import { type KeyvaultEnv, loadConfig } from '../config.js';
import { startKeyvaultService } from '../service.js';

export interface RegionUnderTest {
  runtime: Runtime<KeyvaultEnv>;
  dispose(): Promise<void>;
}

/**
 * keyvault-svc for `region` (instance `keyvault-<region>-1`), served in this process on an existing
 * nats-server; `env` adds or overrides variables.
 */
export async function startRegion(
  natsUrl: string,
  region: string,
  env: Record<string, string> = {},
): Promise<RegionUnderTest> {
  const runtime = await startRuntime(
    'keyvault',
    loadConfig({
      NATS_URL: natsUrl,
      CMK_INSTANCE: `keyvault-${region}-1`,
      CMK_REGION: region,
      LOG_LEVEL: 'silent',
      ...env,
    }),
  );
  let served: ServedService[] = [];
  const dispose = async () => {
    for (const s of served) await s.stop();
    await runtime.close();
  };
  try {
    served = await startKeyvaultService(runtime);
    return { runtime, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}
