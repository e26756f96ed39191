import {
  type AuditEntry,
  auditEntrySchema,
  auditSubject,
  auditSubjects,
  decodeBody,
  encodeBody,
} from '@cmk-testbed/shared';
import { DeliverPolicy, type NatsConnection, RetentionPolicy } from 'nats';

const streamName = 'cmk-keyvault-audit';

/**
 * Every data-plane call, kept in a JetStream stream (one subject per region and vault). Records are published
 * without waiting for an acknowledgement: auditing must not slow the call it records.
 */
export class AuditLog {
  readonly #nc: NatsConnection;
  readonly #region: string;

  private constructor(nc: NatsConnection, region: string) {
    this.#nc = nc;
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
    try {
      await jsm.streams.info(streamName);
    } catch {
      await jsm.streams.add(config).catch(async (error: unknown) => {
        // Another replica created it between our look and our add.
        if (!(await jsm.streams.info(streamName).catch(() => undefined))) throw error;
      });
    }
    return new AuditLog(nc, region);
  }

  record(entry: AuditEntry): void {
    this.#nc.publish(auditSubject('keyvault', this.#region, entry.vault), encodeBody(entry));
  }

  /** The newest `limit` entries of a vault, oldest first. */
  async read(vault: string, limit: number): Promise<AuditEntry[]> {
    const subject = auditSubject('keyvault', this.#region, vault);
    const js = this.#nc.jetstream();
    const consumer = await js.consumers.get(streamName, {
      filterSubjects: [subject],
      deliver_policy: DeliverPolicy.All,
    });
    const info = await consumer.info(true);
    const total = info.num_pending;
    const skip = Math.max(0, total - limit);
    const entries: AuditEntry[] = [];
    if (total === 0) return entries;
    const messages = await consumer.fetch({ max_messages: total, expires: 2000 });
    let seen = 0;
    for await (const msg of messages) {
      seen += 1;
      if (seen > skip) entries.push(auditEntrySchema.parse(decodeBody(msg.data)));
      if (seen >= total) break;
    }
    return entries;
  }
}
