import type { ServiceEnv } from '../config/service-env.js';
import type { ServedService } from '../rpc/serve.js';
import { type Runtime, startRuntime } from './runtime.js';
import { startWithRetry } from './start-with-retry.js';
import { untilShutdown } from './until-shutdown.js';

/**
 * The whole life of a service process: connect, serve, wait for a signal, stop serving, drain, exit. A
 * start-up that fails for a passing reason is tried again (up to 30 s); one that keeps failing, or a bad
 * configuration, is printed as one clear line and exits 1.
 */
export async function runService<E extends ServiceEnv>(
  service: string,
  loadEnv: () => E,
  start: (runtime: Runtime<E>) => Promise<ServedService[]>,
): Promise<void> {
  let runtime: Runtime<E> | undefined;
  try {
    const env = loadEnv();
    const started = await startWithRetry(
      async () => {
        const rt = await startRuntime(service, env);
        try {
          return { rt, served: await start(rt) };
        } catch (error) {
          await rt.close().catch(() => {});
          throw error;
        }
      },
      (error, attempt) =>
        process.stderr.write(`${service}: start-up attempt ${attempt} failed, retrying: ${String(error)}\n`),
    );
    runtime = started.rt;
    const served = started.served;
    runtime.log.info({ region: env.CMK_REGION, pid: process.pid }, `${service} ready`);
    const reason = await untilShutdown({ supervised: env.CMK_SUPERVISED === '1' });
    runtime.log.info({ reason }, `${service} shutting down`);
    for (const s of served) await s.stop();
    await runtime.close();
    process.exit(0);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (runtime) runtime.log.fatal({ err: error }, 'fatal');
    process.stderr.write(`${service}: ${message}\n`);
    process.exit(1);
  }
}
