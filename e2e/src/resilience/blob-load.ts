import { createHash, randomBytes, randomInt } from 'node:crypto';
import type { Testbed } from '@cmk-testbed/shared';

type Storage = Testbed['storage'];

/** A container the load writes to, with how its account is encrypted (for the report only). */
export interface LoadTarget {
  account: string;
  container: string;
  keySource: 'Microsoft.Keyvault' | 'Microsoft.Storage';
}

/** A put the storage service acknowledged: from then on it must be readable with exactly this content. */
export interface AckedWrite {
  account: string;
  container: string;
  blob: string;
  sha256: string;
  bytes: number;
  /** Real time (epoch ms) of the acknowledgement. */
  at: number;
}

/** A failed operation, with when it was sent and when it failed (real time, epoch ms). */
export interface LoadError {
  op: 'put' | 'get';
  account: string;
  blob: string;
  startedAt: number;
  at: number;
  status: number | undefined;
  code: string;
  message: string;
}

/** A read that returned content other than what was acknowledged: never allowed, in or out of an outage. */
export interface CorruptRead {
  write: AckedWrite;
  gotSha256: string;
  at: number;
}

export interface BlobLoadOptions {
  workers: number;
  /** Smallest and largest body, bytes (random content). */
  bodyBytes?: [number, number];
}

/**
 * Blob puts and gets from a few concurrent workers until stopped. Every acknowledged put is recorded with a
 * content hash, every get of an acknowledged blob is checked against it, and every failure is recorded with
 * its times so a suite can tell which outage it belongs to.
 */
export class BlobLoad {
  readonly acked: AckedWrite[] = [];
  readonly errors: LoadError[] = [];
  readonly corrupt: CorruptRead[] = [];
  reads = 0;
  /** Operations that ended (either way). */
  finished = 0;
  readonly startedAt = Date.now();
  stoppedAt: number | undefined;
  // Per worker: when the newest operation it finished had been sent. A worker still waiting on a request
  // sent before some moment has not yet seen what that moment did to the system.
  private readonly lastFinishedSentAt: number[];
  private stopping = false;
  private readonly running: Promise<void>[];
  private blobSeq = 0;

  constructor(
    private readonly storage: Storage,
    private readonly targets: readonly LoadTarget[],
    private readonly options: BlobLoadOptions,
  ) {
    this.lastFinishedSentAt = Array.from({ length: options.workers }, () => 0);
    this.running = this.lastFinishedSentAt.map((_, i) => this.work(i));
  }

  /** True once every worker has finished an operation sent at or after `at`. */
  everyWorkerCaughtUp(at: number): boolean {
    return this.lastFinishedSentAt.every((sentAt) => sentAt >= at);
  }

  /** Stops the workers after their current operation. */
  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.running);
    this.stoppedAt ??= Date.now();
  }

  private async work(worker: number): Promise<void> {
    while (!this.stopping) {
      const sentAt = Date.now();
      // Half puts, half gets of acknowledged blobs (puts only until there is something to read).
      if (this.acked.length < this.targets.length || Math.random() < 0.5) await this.put(worker, sentAt);
      else await this.get(sentAt);
      this.finished++;
      this.lastFinishedSentAt[worker] = sentAt;
    }
  }

  private async put(worker: number, sentAt: number): Promise<void> {
    const target = this.targets[this.blobSeq % this.targets.length]!;
    const blob = `w${worker}-${this.blobSeq++}`;
    const [min, max] = this.options.bodyBytes ?? [256, 8192];
    const body = randomBytes(randomInt(min, max + 1));
    try {
      await this.storage.putBlob({ account: target.account, container: target.container, blob, body });
      this.acked.push({
        account: target.account,
        container: target.container,
        blob,
        sha256: sha256(body),
        bytes: body.length,
        at: Date.now(),
      });
    } catch (error) {
      this.errors.push(loadError('put', target.account, blob, sentAt, error));
    }
  }

  private async get(sentAt: number): Promise<void> {
    const write = this.acked[randomInt(this.acked.length)]!;
    try {
      const got = await this.storage.getBlob({
        account: write.account,
        container: write.container,
        blob: write.blob,
      });
      this.reads++;
      const gotSha256 = sha256(got.body);
      if (gotSha256 !== write.sha256) this.corrupt.push({ write, gotSha256, at: Date.now() });
    } catch (error) {
      this.errors.push(loadError('get', write.account, write.blob, sentAt, error));
    }
  }
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function loadError(
  op: LoadError['op'],
  account: string,
  blob: string,
  startedAt: number,
  error: unknown,
): LoadError {
  const e = error as { status?: number; code?: string; message?: string };
  return {
    op,
    account,
    blob,
    startedAt,
    at: Date.now(),
    status: e.status,
    code: e.code ?? (error instanceof Error ? error.name : 'Unknown'),
    message: e.message ?? String(error),
  };
}
