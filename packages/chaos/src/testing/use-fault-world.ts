import { afterAll, beforeAll } from 'vitest';
import { type FaultWorld, startFaultWorld } from './fault-world.js';

/**
 * The suite's fault world, started once before its first test and disposed after its last (even when a test
 * fails). Call it inside `describe`. The returned object is filled in when the world has started, so tests,
 * and helpers they call, use it directly; it is empty while the suite is being collected.
 */
export function useFaultWorld(): FaultWorld {
  const world = {} as FaultWorld;
  let started: FaultWorld | undefined;
  beforeAll(async () => {
    started = await startFaultWorld();
    Object.assign(world, started);
  }, 120_000);
  afterAll(() => started?.dispose());
  return world;
}
