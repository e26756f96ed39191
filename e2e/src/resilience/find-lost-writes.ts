import type { Testbed } from '@cmk-testbed/shared';
import { type AckedWrite, sha256 } from './blob-load.js';

/** An acknowledged write that cannot be read back with its content, and why. */
export interface LostWrite {
  write: AckedWrite;
  reason: string;
}

// A read that meets a busy machine may time out; that says nothing about the data, so it is asked again.
// Any answer from the service (404, 403, other content) is final.
const transportCodes = new Set(['OperationTimedOut', 'ServiceUnavailable', 'DeadlineExceeded']);
const attempts = 3;

/** Reads every acknowledged write back (a few at a time) and returns those that are gone or differ. */
export async function findLostWrites(
  storage: Testbed['storage'],
  writes: readonly AckedWrite[],
  concurrency = 8,
): Promise<LostWrite[]> {
  const lost: LostWrite[] = [];
  let next = 0;
  const reader = async () => {
    while (next < writes.length) {
      const write = writes[next++]!;
      const reason = await readBack(storage, write);
      if (reason) lost.push({ write, reason });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, reader));
  return lost;
}

async function readBack(storage: Testbed['storage'], write: AckedWrite): Promise<string | undefined> {
  let last = '';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    try {
      const got = await storage.getBlob({
        account: write.account,
        container: write.container,
        blob: write.blob,
      });
      const got256 = sha256(got.body);
      return got256 === write.sha256
        ? undefined
        : `content differs: sha256 ${got256}, acknowledged ${write.sha256}`;
    } catch (error) {
      const e = error as { status?: number; code?: string; message?: string };
      last = `${e.status ?? '?'} ${e.code ?? '?'}: ${e.message ?? String(error)}`;
      if (!transportCodes.has(e.code ?? '')) return last;
    }
  }
  return `${last} (${attempts} attempts)`;
}
