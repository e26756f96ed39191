import type { KV, NatsConnection } from 'nats';
import { openStateBucket } from '../state/kv-documents.js';
import type { FaultEngine } from './fault-engine.js';
import { type FaultRule, type FaultRuleInput, faultRuleSchema } from './rule.js';

/** The JetStream KV bucket holding the fault rule table. */
export const faultBucketName = 'cmk-faults';

/**
 * The fault rule table in JetStream: the chaos controller writes it, every process watches it. Values are JSON
 * so `nats kv get cmk-faults <id>` is readable by a person.
 */
export class FaultRuleTable {
  readonly #kv: KV;

  private constructor(kv: KV) {
    this.#kv = kv;
  }

  static async open(nc: NatsConnection, options: { replicas?: number } = {}): Promise<FaultRuleTable> {
    const kv = await openStateBucket(nc, faultBucketName, options.replicas ?? 1);
    return new FaultRuleTable(kv);
  }

  /** Validates and stores a rule; a rule with the same id is replaced. */
  async put(input: FaultRuleInput): Promise<FaultRule> {
    const rule = faultRuleSchema.parse(input);
    await this.#kv.put(rule.id, JSON.stringify(rule));
    return rule;
  }

  async delete(id: string): Promise<void> {
    await this.#kv.delete(id);
  }

  async list(): Promise<FaultRule[]> {
    // Keys first, then values: awaiting a get inside the keys iterator cuts the iteration short.
    const keys: string[] = [];
    for await (const key of await this.#kv.keys()) keys.push(key);
    const rules: FaultRule[] = [];
    for (const key of keys) {
      const entry = await this.#kv.get(key);
      if (entry?.operation === 'PUT') rules.push(faultRuleSchema.parse(entry.json()));
    }
    return rules;
  }

  async clear(): Promise<void> {
    const keys: string[] = [];
    for await (const key of await this.#kv.keys()) keys.push(key);
    for (const key of keys) await this.#kv.delete(key);
  }

  /**
   * Feeds every change of the table into `engine`, live. Resolves once the current rules are loaded, so a
   * process never serves a request before it knows the faults already in force.
   */
  async feed(
    engine: FaultEngine,
    onBadRule: (key: string, error: unknown) => void,
  ): Promise<{ stop(): void }> {
    let initialized!: () => void;
    const ready = new Promise<void>((resolve) => {
      initialized = resolve;
    });
    const watcher = await this.#kv.watch({ initializedFn: () => initialized() });
    void (async () => {
      for await (const entry of watcher) {
        if (entry.operation !== 'PUT') {
          engine.remove(entry.key);
          continue;
        }
        try {
          engine.upsert(faultRuleSchema.parse(entry.json()));
        } catch (error) {
          // A hand-edited bad row must not take the process down; it is reported and ignored.
          onBadRule(entry.key, error);
        }
      }
    })();
    await ready;
    return { stop: () => watcher.stop() };
  }
}
