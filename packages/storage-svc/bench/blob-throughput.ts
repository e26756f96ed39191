// Benchmark: 4 KiB putBlob/getBlob per second on a CMK account (warm key cache) vs a Microsoft-managed-key
// account, interleaved round by round (target: CMK >= 95% of MMK), and the time from disabling the key to the
// first 403 on a node with event invalidation on (target < 100 ms). The storage node runs in this process;
// entra-svc and keyvault-svc are real processes.
// Usage: tsx --conditions=source bench/blob-throughput.ts [opsPerRound] [rounds]
import { randomBytes } from 'node:crypto';
import { cmkAccount } from '../src/testing/cmk-account.js';
import { cmkWorld } from '../src/testing/cmk-world.js';
import { startStorage } from '../src/testing/start-storage.js';

const perRound = Number(process.argv[2] ?? 1000);
const rounds = Number(process.argv[3] ?? 5);
const inFlight = 16;

const t = await startStorage({ CMK_STORAGE_EVENT_INVALIDATION: '1' });
try {
  const world = await cmkWorld(t.entra, t.keyvault, 'bench');
  const mmk = await t.entra.createSubscription({ tenantId: world.tenant.tenantId, displayName: 'mmk' });
  await t.storage.createAccount({ name: 'benchmmk', subscriptionId: mmk.subscriptionId, location: 'eastus' });
  await t.storage.createAccount(cmkAccount(world, 'benchcmk'));
  const body = randomBytes(4096);
  for (const account of ['benchmmk', 'benchcmk']) {
    await t.storage.createContainer({ account, container: 'data' });
    for (let i = 0; i < 100; i++)
      await t.storage.putBlob({ account, container: 'data', blob: `b${i}`, body });
  }
  const rate = async (op: (i: number) => Promise<unknown>) => {
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < perRound) await op(next++);
      }),
    );
    return perRound / ((performance.now() - started) / 1000);
  };
  const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
  for (const [label, op] of [
    [
      'putBlob 4 KiB',
      (account: string) => (i: number) =>
        t.storage.putBlob({ account, container: 'data', blob: `b${i % 100}`, body }),
    ],
    [
      'getBlob 4 KiB',
      (account: string) => (i: number) =>
        t.storage.getBlob({ account, container: 'data', blob: `b${i % 100}` }),
    ],
  ] as const) {
    const ratios: number[] = [];
    const mmkRates: number[] = [];
    const cmkRates: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const m = await rate(op('benchmmk'));
      const c = await rate(op('benchcmk'));
      mmkRates.push(m);
      cmkRates.push(c);
      ratios.push(c / m);
    }
    console.log(
      `${label}: Microsoft-managed ${median(mmkRates).toFixed(0)}/s, CMK ${median(cmkRates).toFixed(0)}/s, CMK/MMK ${(100 * median(ratios)).toFixed(1)}% (target >= 95%; ${inFlight} in flight, median of ${rounds} interleaved rounds)`,
    );
  }
  // 64 MiB: staged as blocks that fit a NATS message, committed, then read back by ranges.
  const blockBytes = 900_000;
  const big = randomBytes(64 * 1024 * 1024);
  const blockIds: string[] = [];
  const putStarted = performance.now();
  for (let offset = 0, n = 0; offset < big.length; offset += blockBytes, n++) {
    const blockId = Buffer.from(`b${String(n).padStart(5, '0')}`).toString('base64');
    blockIds.push(blockId);
    await t.storage.putBlock({
      account: 'benchcmk',
      container: 'data',
      blob: 'big',
      blockId,
      body: big.subarray(offset, offset + blockBytes),
    });
  }
  await t.storage.putBlockList({ account: 'benchcmk', container: 'data', blob: 'big', blocks: blockIds });
  const putSeconds = (performance.now() - putStarted) / 1000;
  const getStarted = performance.now();
  const parts: Buffer[] = [];
  for (let start = 0; start < big.length; start += blockBytes) {
    const end = Math.min(start + blockBytes, big.length) - 1;
    parts.push(
      Buffer.from(
        (
          await t.storage.getBlob({
            account: 'benchcmk',
            container: 'data',
            blob: 'big',
            range: { start, end },
          })
        ).body,
      ),
    );
  }
  const getSeconds = (performance.now() - getStarted) / 1000;
  if (!Buffer.concat(parts).equals(big)) throw new Error('64 MiB blob did not read back identical');
  const mb = big.length / 1e6;
  console.log(
    `64 MiB CMK blob: put (putBlock x ${blockIds.length} + putBlockList) ${(mb / putSeconds).toFixed(1)} MB/s, get (ranges of ${blockBytes} bytes) ${(mb / getSeconds).toFixed(1)} MB/s, read back identical`,
  );

  const delays: number[] = [];
  for (let i = 0; i < 5; i++) {
    await t.storage.getBlob({ account: 'benchcmk', container: 'data', blob: 'b0' });
    const disabled = performance.now();
    await t.keyvault.updateKey({
      vault: world.vault,
      authorization: await world.admin(),
      name: 'cmk',
      attributes: { enabled: false },
    });
    for (;;) {
      const outcome = await t.storage.getBlob({ account: 'benchcmk', container: 'data', blob: 'b0' }).then(
        () => 'ok',
        () => 'refused',
      );
      if (outcome === 'refused') break;
    }
    delays.push(performance.now() - disabled);
    await t.keyvault.updateKey({
      vault: world.vault,
      authorization: await world.admin(),
      name: 'cmk',
      attributes: { enabled: true },
    });
  }
  console.log(
    `key disabled -> first 403 with event invalidation: median ${median(delays).toFixed(1)} ms, max ${Math.max(...delays).toFixed(1)} ms (target < 100 ms; includes the updateKey round trip; one in-process node). Every node of a region, and the TTL-only case: bench/disable-to-403.ts.`,
  );
} finally {
  await t.dispose();
}
