import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectTestbed } from '@cmk-testbed/shared';
import { runCli } from '../cli/run-cli.js';
import type { RunningTestbed, StartOptions, TestbedDriver } from './driver.js';

/**
 * The process driver: `cmk-testbed up --detach` in a home folder of its own, exactly as a user or a CI job
 * starts the testbed; the suite then reaches it through `connectTestbed` and the supervisor's contract, and
 * `cmk-testbed down` stops it.
 */
export function processDriver(reason: string): TestbedDriver {
  return {
    name: 'process',
    reason,
    async start(options: StartOptions): Promise<RunningTestbed> {
      const home = await mkdtemp(join(tmpdir(), `cmk-e2e-${options.label}-`));
      const args = ['up', '--detach'];
      if (options.topologyYaml) {
        const file = join(home, 'topology.yaml');
        await writeFile(file, options.topologyYaml);
        args.push('--topology', file);
      }
      const up = await runCli(args, home);
      if (up.code !== 0) {
        await rm(home, { recursive: true, force: true });
        throw new Error(`cmk-testbed up failed (exit ${up.code}):\n${up.stderr}`);
      }
      const { natsUrl } = JSON.parse(await readFile(join(home, 'current.json'), 'utf8')) as {
        natsUrl: string;
      };
      const tb = await connectTestbed(natsUrl.split(','));
      return {
        natsUrl,
        tb,
        processes: async () => (await tb.processes.list({})).processes,
        kill: async (name) => {
          await tb.processes.kill({ name });
        },
        restart: async (name) => {
          await tb.processes.restart({ name });
        },
        stop: async () => {
          // The bus may already be gone (a test killed it): closing the clients must not keep `down` from running.
          await tb.close().catch(() => {});
          const down = await runCli(['down'], home);
          await rm(home, { recursive: true, force: true });
          if (down.code !== 0)
            throw new Error(`cmk-testbed down failed (exit ${down.code}):\n${down.stderr}`);
        },
      };
    },
  };
}
