import type { InjectedFault, Testbed } from '@cmk-testbed/shared';
import type { ActiveFault } from './result.js';
import type { WorldObjects } from './world-objects.js';

/**
 * The faults in force, with targets shown in the scenario's own names. Asked of the controller only when
 * they may have changed: after a chaos or clock step, or while a fault with an expiry is in force.
 */
export class FaultView {
  readonly #tb: Testbed;
  readonly #world: WorldObjects;
  #cached: InjectedFault[] | undefined;

  constructor(tb: Testbed, world: WorldObjects) {
    this.#tb = tb;
    this.#world = world;
  }

  /** After a step that may have injected, cleared or expired a fault. */
  invalidate(): void {
    this.#cached = undefined;
  }

  async current(): Promise<ActiveFault[]> {
    if (this.#cached === undefined || this.#cached.some((f) => f.expiresAt !== undefined)) {
      try {
        this.#cached = (await this.#tb.chaos.list({})).faults;
      } catch {
        this.#cached = undefined;
        return [];
      }
    }
    const symbolOf = new Map(Object.entries(this.#world.names).map(([symbol, real]) => [real, symbol]));
    for (const [symbol, identity] of this.#world.identities) symbolOf.set(identity.id, symbol);
    return this.#cached.map((f) => ({
      faultId: f.faultId,
      kind: f.kind,
      target: Object.fromEntries(
        Object.entries(f.target).map(([k, v]) => [k, typeof v === 'string' ? (symbolOf.get(v) ?? v) : v]),
      ),
    }));
  }
}
