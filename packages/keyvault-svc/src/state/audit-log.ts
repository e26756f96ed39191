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
  StorageType,
} from 'nats';
import { z } from 'zod';
import { AckedBatches } from './acked-batches.js';

const streamName = 'cmk-keyvault-audit';
const batchSchema = z.array(auditEntrySchema);

/** Stream messages kept at most (each a batch of entries); the oldest go first. */
const maxMessages = 1_000_000;
/** How long one batch write may wait for JetStream's acknowledgement. */
const writeTimeoutMs = 5000;

/**
 * Every data-plane call, kept in a JetStream stream (one subject per region and vault). With `durable`,
 * `record` resolves once JetStream has acknowledged the entry, and the audited handler replies only after
 * that: a call whose reply went out is in the log even if the process is killed the next instant. Without
 * it `record` resolves at once and the write goes out regardless. Entries are group-committed
 * (one acknowledged write per vault per round, a round carrying whatever arrived during the previous one),
 * so under concurrency auditing costs a fraction of a stream write per call, and a lone call one round trip.
 */
export class AuditLog {
  readonly #nc: NatsConnection;
  readonly #jsm: JetStreamManager;
  readonly #region: string;
  readonly #batches: AckedBatches<AuditEntry>;
  readonly #durable: boolean;

  private constructor(
    nc: NatsConnection,
    jsm: JetStreamManager,
    region: string,
    onError: (error: unknown, count: number) => void,
    durable: boolean,
  ) {
    this.#nc = nc;
    this.#durable = durable;
    this.#jsm = jsm;
    this.#region = region;
    const js = nc.jetstream();
    this.#batches = new AckedBatches<AuditEntry>({
      write: async (subject, entries) => {
        await js.publish(subject, encodeBody(entries), { timeout: writeTimeoutMs });
      },
      onError: (error, _subject, count) => onError(error, count),
    });
  }

  static async open(
    nc: NatsConnection,
    region: string,
    replicas = 1,
    onError: (error: unknown, count: number) => void = () => {},
    durable = false,
  ): Promise<AuditLog> {
    const jsm = await nc.jetstreamManager();
    const config = {
      name: streamName,
      subjects: [auditSubjects('keyvault')],
      retention: RetentionPolicy.Limits,
      storage: StorageType.File,
      max_msgs: maxMessages,
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
    return new AuditLog(nc, jsm, region, onError, durable);
  }

  /**
   * Queues the entry's write. Durable: resolves once JetStream acknowledged it (or its write failed and was
   * reported); otherwise at once.
   */
  async record(entry: AuditEntry): Promise<void> {
    const written = this.#batches.record(auditSubject('keyvault', this.#region, entry.vault), entry);
    if (this.#durable) await written;
  }

  /** Waits for every recorded entry's write (on shutdown and before a read). */
  flush(): Promise<void> {
    return this.#batches.settled();
  }

  /** The newest `limit` entries of a vault, oldest first, read through a short-lived consumer. */
  async read(vault: string, limit: number): Promise<AuditEntry[]> {
    await this.flush();
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
