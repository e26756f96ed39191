import { randomInt } from 'node:crypto';

export interface FuzzConfig {
  seed: number;
  /** Labels of the targets to fuzz (`storage/eastus`, ...); all when absent. */
  only: readonly string[] | undefined;
}

/**
 * The run's settings from the environment: `FUZZ_SEED` replays a run (the suite prints the seed it used;
 * without it every run explores new inputs), and `FUZZ_TARGETS=storage/eastus,clock/global` replays only
 * those services: each target draws from its own stream of the seed, so a subset replays exactly.
 */
export function fuzzConfig(env: NodeJS.ProcessEnv = process.env): FuzzConfig {
  const given = env.FUZZ_SEED?.trim();
  let seed = randomInt(0, 2 ** 32 - 1);
  if (given) {
    seed = Number(given);
    if (!Number.isInteger(seed) || seed < 0 || seed >= 2 ** 32) {
      throw new Error(`FUZZ_SEED must be an integer from 0 to 4294967295, not '${given}'`);
    }
  }
  const only = env.FUZZ_TARGETS?.split(',')
    .map((label) => label.trim())
    .filter(Boolean);
  return { seed, only: only && only.length > 0 ? only : undefined };
}

/** The seed of one target's own stream: the run's seed mixed with the target's label (FNV-1a). */
export function targetSeed(seed: number, label: string): number {
  let hash = 0x811c9dc5 ^ seed;
  for (let i = 0; i < label.length; i++) hash = Math.imul(hash ^ label.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
