/**
 * Envelope throughput: AES-256-GCM encrypt and full-range decrypt of 64 MiB in 512 KiB chunks, in MB/s
 * (10^6 bytes). Not a test: numbers depend on the machine. Run: `npx tsx bench/envelope.ts`.
 */
import { randomBytes } from 'node:crypto';
import { decryptRange, encryptContent, newDataKey } from '../src/envelope/index.js';

const sizeBytes = 64 * 1024 * 1024;
const chunkSize = 512 * 1024;
const rounds = 5;
const objectId = 'bench-object';

function megabytesPerSecond(bytes: number, ms: number): string {
  return ((bytes / 1e6 / ms) * 1000).toFixed(0);
}

async function main(): Promise<void> {
  const content = randomBytes(sizeBytes);
  const dataKey = newDataKey();
  // One untimed round so JIT warm-up and first-touch page faults do not count.
  const warm = encryptContent({ content, dataKey, objectId, chunkSize });
  await decryptRange({ ...warm, dataKey, objectId });

  const encryptMs: number[] = [];
  const decryptMs: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const t0 = performance.now();
    const encrypted = encryptContent({ content, dataKey, objectId, chunkSize });
    const t1 = performance.now();
    const plaintext = await decryptRange({ ...encrypted, dataKey, objectId });
    const t2 = performance.now();
    if (!plaintext.equals(content)) throw new Error('round trip mismatch');
    encryptMs.push(t1 - t0);
    decryptMs.push(t2 - t1);
  }
  const best = (ms: number[]) => Math.min(...ms);
  const median = (ms: number[]) => [...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)]!;
  console.log(`envelope: ${sizeBytes / 1024 / 1024} MiB, ${chunkSize / 1024} KiB chunks, ${rounds} rounds`);
  for (const [name, ms] of [
    ['encrypt', encryptMs],
    ['decrypt', decryptMs],
  ] as const) {
    console.log(
      `${name}: median ${megabytesPerSecond(sizeBytes, median(ms))} MB/s, best ${megabytesPerSecond(sizeBytes, best(ms))} MB/s`,
    );
  }
}

await main();
