import { createHash } from 'node:crypto';
import type { KV, NatsConnection } from 'nats';
import type { z } from 'zod';
import { isCasConflict } from './is-cas-conflict.js';
import type { KvMirror } from './kv-mirror.js';

/** A stored document with the KV revision it was read at (for compare-and-set updates). */
export interface Versioned<T> {
  value: T;
  revision: number;
}

/**
 * Opens (creating if needed) a JetStream KV bucket for testbed state. Reads go to the stream leader
 * (`allow_direct: false`): with direct gets, any replica of an R3 bucket answers a `get`, and a follower
 * that has not applied the latest write yet returns the value before it, so a document written through one
 * process could be missing when another read it right after (an e2e run on a supercluster saw an identity
 * just created through entra-svc reported missing). Watches are not affected.
 */
export function openStateBucket(
  nc: NatsConnection,
  name: string,
  replicas = 1,
  options: { ttlMs?: number } = {},
): Promise<KV> {
  return nc.jetstream().views.kv(name, {
    history: 1,
    replicas,
    allow_direct: false,
    ...(options.ttlMs === undefined ? {} : { ttl: options.ttlMs }),
  });
}

/**
 * Any string as one KV key token: base64url covers exactly the characters KV keys allow, so ARM ids (with
 * `/`), names with dots and mixed case all map to safe, collision-free keys.
 */
export function encodeKeyPart(part: string): string {
  const encoded = Buffer.from(part, 'utf8').toString('base64url') || '_';
  if (encoded.length <= maxEncodedPart) return encoded;
  // A KV key is a NATS subject, which must fit the server's 4 KiB control line with the rest of a message
  // header: a longer id is stored under its SHA-256 (still one key per id). `=` never occurs in base64url,
  // so a hashed key cannot meet an encoded one.
  return `=${createHash('sha256').update(part, 'utf8').digest('base64url')}`;
}

const maxEncodedPart = 512;

/**
 * One kind of document in a KV bucket, under `<prefix>.<encoded id>`, validated by a zod schema on the way in
 * and out. Writes are compare-and-set where it matters (`create`, `update`, `mutate`), so two replicas of a
 * service never overwrite each other's changes.
 */
export class KvDocuments<T> {
  readonly #kv: KV;
  readonly #prefix: string;
  readonly #schema: z.ZodType<T>;
  readonly #mirror: KvMirror | undefined;
  /** Validated values by key, for the mirror's current revision: parse once per change, not per read. */
  readonly #parsed = new Map<string, Versioned<T>>();

  /** With a mirror, reads come from memory; writes still go to JetStream and are applied to the mirror. */
  constructor(kv: KV, prefix: string, schema: z.ZodType<T>, mirror?: KvMirror) {
    this.#kv = kv;
    this.#prefix = prefix;
    this.#schema = schema;
    this.#mirror = mirror;
  }

  /**
   * A document by id. With a mirror, a document the mirror does not hold is read from JetStream: another
   * process may have created it a moment ago (read-your-writes across replicas for the common "create here,
   * use there" path); what the read finds is applied to the mirror.
   */
  async get(id: string): Promise<Versioned<T> | undefined> {
    if (this.#mirror) {
      const mirrored = this.#fromMirror(this.#key(id));
      if (mirrored) return mirrored;
    }
    return this.getFresh(id);
  }

  /**
   * A document as JetStream holds it now, whatever the mirror has seen: for reads that decide a change
   * (management operations), where a replica must not act on a value another replica has since replaced.
   */
  async getFresh(id: string): Promise<Versioned<T> | undefined> {
    const key = this.#key(id);
    const entry = await this.#kv.get(key);
    if (entry?.operation !== 'PUT') return undefined;
    const value = this.#schema.parse(entry.json());
    this.#applied(key, entry.revision, value);
    return { value, revision: entry.revision };
  }

  #fromMirror(key: string): Versioned<T> | undefined {
    const mirrored = this.#mirror!.get(key);
    if (mirrored?.value === undefined) return undefined;
    const cached = this.#parsed.get(key);
    if (cached?.revision === mirrored.revision) return cached;
    const parsed = { value: this.#schema.parse(mirrored.value), revision: mirrored.revision };
    this.#parsed.set(key, parsed);
    return parsed;
  }

  #applied(key: string, revision: number, value: T | undefined): void {
    this.#mirror?.apply(key, revision, value === undefined ? undefined : JSON.parse(JSON.stringify(value)));
  }

  /** Stores a new document; false if one already exists under that id. */
  async create(id: string, value: T): Promise<boolean> {
    try {
      this.#applied(this.#key(id), await this.#kv.create(this.#key(id), this.#encode(value)), value);
      return true;
    } catch (error) {
      if (isCasConflict(error)) return false;
      throw error;
    }
  }

  async put(id: string, value: T): Promise<void> {
    this.#applied(this.#key(id), await this.#kv.put(this.#key(id), this.#encode(value)), value);
  }

  async delete(id: string): Promise<void> {
    const key = this.#key(id);
    await this.#kv.delete(key);
    if (this.#mirror) {
      // kv.delete does not return the revision of its marker; read it so the mirror orders it correctly.
      const marker = await this.#kv.get(key);
      this.#mirror.apply(key, marker?.revision ?? 0, undefined);
    }
  }

  /**
   * Read-modify-write with compare-and-set, retried on a concurrent change. `change` returns the new value,
   * `undefined` to delete, or throws to abort (its error propagates unchanged).
   */
  async mutate(id: string, change: (current: T | undefined) => T | undefined): Promise<T | undefined> {
    for (let attempt = 0; attempt < 20; attempt++) {
      // Read what JetStream holds: a stale mirror value would only fail the compare-and-set and retry.
      const current = await this.getFresh(id);
      const next = change(current?.value);
      try {
        const key = this.#key(id);
        if (next === undefined) {
          if (current) await this.delete(id);
        } else if (current) {
          this.#applied(key, await this.#kv.update(key, this.#encode(next), current.revision), next);
        } else {
          this.#applied(key, await this.#kv.create(key, this.#encode(next)), next);
        }
        return next;
      } catch (error) {
        if (!isCasConflict(error)) throw error;
      }
    }
    throw new Error(`${this.#prefix}/${id}: too many concurrent updates`);
  }

  /** Every document of this kind. */
  async list(): Promise<T[]> {
    if (this.#mirror) {
      // A list must show what other replicas wrote just before it: catch the mirror up first.
      await this.#mirror.sync();
      return this.#mirror
        .keys(this.#prefix)
        .filter((key) => !key.slice(this.#prefix.length + 1).includes('.'))
        .map((key) => this.#fromMirror(key)!.value);
    }
    // Keys first, then values: awaiting a get inside the keys iterator cuts the iteration short.
    const keys: string[] = [];
    for await (const key of await this.#kv.keys(`${this.#prefix}.*`)) keys.push(key);
    const values: T[] = [];
    for (const key of keys) {
      const entry = await this.#kv.get(key);
      if (entry?.operation === 'PUT') values.push(this.#schema.parse(entry.json()));
    }
    return values;
  }

  #key(id: string): string {
    return `${this.#prefix}.${encodeKeyPart(id)}`;
  }

  #encode(value: T): string {
    return JSON.stringify(this.#schema.parse(value));
  }
}
