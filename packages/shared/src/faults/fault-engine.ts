import { type FaultEffect, noEffect } from './effect.js';
import type { FaultPoint } from './fault-point.js';
import { transportFaultKinds } from './registry.js';
import { createRng, type Rng, seedFor } from './rng.js';
import type { FaultMatch, FaultRule } from './rule.js';

export interface FaultClocks {
  realNow(): number;
  testbedNow(): number;
}

const systemClocks: FaultClocks = { realNow: Date.now, testbedNow: Date.now };

/**
 * Decides, for one request at one point of the path, what the active rules do to it. Pure: no NATS. Each rule
 * draws from its own seeded stream, so a rule with a given seed makes the same sequence of decisions in every
 * run that sends the same sequence of matching requests.
 */
export class FaultEngine {
  readonly #rules = new Map<string, { rule: FaultRule; rng: Rng }>();
  readonly #clocks: FaultClocks;
  readonly #listeners = new Set<() => void>();

  constructor(clocks: FaultClocks = systemClocks) {
    this.#clocks = clocks;
  }

  upsert(rule: FaultRule): void {
    this.#rules.set(rule.id, { rule, rng: createRng(seedFor(rule.seed, rule.id)) });
    this.#notify();
  }

  remove(id: string): void {
    if (this.#rules.delete(id)) this.#notify();
  }

  clear(): void {
    this.#rules.clear();
    this.#notify();
  }

  rules(): FaultRule[] {
    return [...this.#rules.values()].map((r) => r.rule).filter((r) => !this.#expired(r));
  }

  /** Called whenever the rule set changes (used to take a service off the bus for `down` rules). */
  onChange(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  evaluate(point: FaultPoint): FaultEffect {
    if (this.#rules.size === 0) return noEffect;
    let effect: FaultEffect | undefined;
    for (const { rule, rng } of this.#rules.values()) {
      if (rule.at !== point.at || this.#expired(rule) || !matches(rule.match, point)) continue;
      if (rule.probability < 1 && rng() >= rule.probability) continue;
      effect ??= { delayMs: 0, terminal: undefined, ruleIds: [] };
      applyRule(rule, effect, rng);
      effect.ruleIds.push(rule.id);
    }
    return effect ?? noEffect;
  }

  /**
   * True when a server-side `down` rule covers this whole instance (no operation or field filter): the
   * service then leaves the bus, so callers get a genuine "no responders" from NATS.
   */
  isInstanceDown(target: { service: string; scope: string; instance: string }): boolean {
    for (const { rule } of this.#rules.values()) {
      if (rule.kind !== 'down' || rule.at !== 'server' || this.#expired(rule)) continue;
      const m = rule.match;
      if (m.operation || m.fields || m.callerService || m.callerInstance || m.callerRegion) continue;
      if (m.service && m.service !== target.service) continue;
      if (m.scope && m.scope !== target.scope) continue;
      if (m.instance && m.instance !== target.instance) continue;
      return true;
    }
    return false;
  }

  #expired(rule: FaultRule): boolean {
    if (!rule.expiresAt) return false;
    const now = rule.expiresAt.clock === 'real' ? this.#clocks.realNow() : this.#clocks.testbedNow();
    return now >= rule.expiresAt.at;
  }

  #notify(): void {
    for (const listener of this.#listeners) listener();
  }
}

function applyRule(rule: FaultRule, effect: FaultEffect, rng: Rng): void {
  // The registry is keyed by kind, so the cast only restates what the discriminant already guarantees.
  const kind = transportFaultKinds[rule.kind] as { apply(r: FaultRule, e: FaultEffect, g: Rng): void };
  kind.apply(rule, effect, rng);
}

/**
 * The testbed's control plane: the chaos controller, the clock and the supervisor. A rule that does not name
 * one of them explicitly never touches their traffic, so a fault aimed at "everything" (a lossy network, a
 * partition) can always be cleared again.
 */
const controlPlane = new Set(['chaos', 'clock', 'testbed']);

function matches(m: FaultMatch, p: FaultPoint): boolean {
  if (m.service === undefined && controlPlane.has(p.service)) return false;
  if (m.service !== undefined && m.service !== p.service) return false;
  if (m.scope !== undefined && m.scope !== p.scope) return false;
  if (m.operation !== undefined && m.operation !== p.operation) return false;
  if (m.instance !== undefined && m.instance !== p.instance) return false;
  if (m.callerService !== undefined && m.callerService !== p.callerService) return false;
  if (m.callerInstance !== undefined && m.callerInstance !== p.callerInstance) return false;
  if (m.callerRegion !== undefined && m.callerRegion !== p.callerRegion) return false;
  if (m.fields) {
    if (typeof p.request !== 'object' || p.request === null) return false;
    const body = p.request as Record<string, unknown>;
    for (const [key, value] of Object.entries(m.fields)) if (body[key] !== value) return false;
  }
  return true;
}
