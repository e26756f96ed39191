import { parseTopology } from '@cmk-testbed/testbed';
import { parse } from 'yaml';
import type { ComposeProcess } from './compose-processes.js';
import { planTopology } from './compose-topology.js';

/**
 * docker-compose.yml runs one fixed topology. A suite that asks the container driver for another one gets an
 * error naming the difference, never a silently different testbed.
 */
export async function checkComposeTopology(topologyYaml: string, composed: ComposeProcess[]): Promise<void> {
  const wanted = (await planTopology(parseTopology(parse(topologyYaml), 'the suite topology'))).processes;
  const have = new Set(composed.map((p) => p.name));
  const want = new Set(wanted.map((p) => p.name));
  const missing = [...want].filter((name) => !have.has(name));
  const extra = [...have].filter((name) => !want.has(name));
  if (missing.length === 0 && extra.length === 0) return;
  throw new Error(
    `the container driver runs docker-compose.yml's topology, and this suite asks for another one (${[
      missing.length ? `missing: ${missing.join(', ')}` : '',
      extra.length ? `not in it: ${extra.join(', ')}` : '',
    ]
      .filter(Boolean)
      .join('; ')}); run it with E2E_DRIVER=process`,
  );
}
