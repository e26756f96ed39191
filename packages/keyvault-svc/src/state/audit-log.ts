import {
  type AuditEntry,
  auditEntrySchema,
  auditSubject,
  auditSubjects,
  decodeBody,
  encodeBody,
} from '@cmk-testbed/shared';
import {
  AckPolicy,
  DeliverPolicy,
  type JetStreamManager,
  type NatsConnection,
  nanos,
  RetentionPolicy,
} from 'nats';
import { z } from 'zod';

const streamName = 'cmk-keyvault-audit';
const batchSchema = z.array(auditEntrySchema);

/** How long entries wait to be written together, and how many make a batch at most. */
const batchWindowMs = 50;
const maxBatch = 500;

/**
 * Every data-plane call, kept in a JetStream stream (one subject per region and vault). Entries are written in
 * batches (one stream message per vault every 50 ms at most) without waiting for acknowledgement: a stream
 * write per call would cost the nats-server more than the call itself, and auditing must not slow the call it
 * records. `flush()` writes what is pending (on shutdown and before a read).
 */
export class AuditLog {
  readonly #nc: NatsConnection;
  readonly #jsm: JetStreamManager;
  readonly #region: string;
  readonly #pending = new Map<string, AuditEntry[]>();
  #timer: NodeJS.Timeout | undefined;

  private constructor(nc: NatsConnection, jsm: JetStreamManager, region: string) {
    this.#nc = nc;
    this.#jsm = jsm;
    this.#region = region;
  }

  static async open(
    nc: NatsConnection,
    region: string,
    replicas = 1,
    maxEntries = 1_000_000,
  ): Promise<AuditLog> {
    const jsm = await nc.jetstreamManager();
    const config = {
      name: streamName,
      subjects: [auditSubjects('keyvault')],
      retention: RetentionPolicy.Limits,
      max_msgs: maxEntries,
      num_replicas: replicas,
    };
    const exists = await jsm.streams.info(streamName).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await jsm.streams.add(config).catch(async (error: unknown) => {
        // Another replica created it between our look and our add.
        if (!(await jsm.streams.info(streamName).catch(() => undefined))) throw error;
      });
    }
    return new AuditLog(nc, jsm, region);
  }

  record(entry: AuditEntry): void {
    const batch = this.#pending.get(entry.vault) ?? [];
    batch.push(entry);
    this.#pending.set(entry.vault, batch);
    if (batch.length >= maxBatch) this.flush();
    else if (!this.#timer) {
      this.#timer = setTimeout(() => this.flush(), batchWindowMs);
      this.#timer.unref();
    }
  }

  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    for (const [vault, entries] of this.#pending) {
      this.#nc.publish(auditSubject('keyvault', this.#region, vault), encodeBody(entries));
    }
    this.#pending.clear();
  }

  /** The newest `limit` entries of a vault, oldest first, read through a short-lived consumer. */
  async read(vault: string, limit: number): Promise<AuditEntry[]> {
    this.flush();
    await this.#nc.flush();
    const info = await this.#jsm.consumers.add(streamName, {
      filter_subject: auditSubject('keyvault', this.#region, vault),
      deliver_policy: DeliverPolicy.All,
      ack_policy: AckPolicy.None,
      inactive_threshold: nanos(60_000),
    });
    try {
      const total = info.num_pending;
      if (total === 0) return [];
      const consumer = await this.#nc.jetstream().consumers.get(streamName, info.name);
      const entries: AuditEntry[] = [];
      let seen = 0;
      for await (const msg of await consumer.fetch({ max_messages: total, expires: 5000 })) {
        seen += 1;
        entries.push(...batchSchema.parse(decodeBody(msg.data)));
        if (seen >= total) break;
      }
      return entries.slice(-limit);
    } finally {
      await this.#jsm.consumers.delete(streamName, info.name).catch(() => {});
    }
  }
}
