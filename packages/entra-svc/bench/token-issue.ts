// Benchmark: managed-identity tokens issued per second by entra-svc over the bus (real RS256 signing, directory
// reads from JetStream), sequential and 64 in flight. The service runs in this process, so client and service
// share the CPU, as on a small CI machine.
// Usage: tsx bench/token-issue.ts [sequentialCount] [concurrentCount]
import { storageAccountId, tenantWithSubscription } from '../src/testing/directory-builder.js';
import { startEntra } from '../src/testing/start-entra.js';

const sequentialCount = Number(process.argv[2] ?? 500);
const concurrentCount = Number(process.argv[3] ?? 2000);

const t = await startEntra();
try {
  const { subscription } = await tenantWithSubscription(t.entra, 'bench');
  const account = storageAccountId(subscription.subscriptionId, 'bench');
  await t.entra.enableSystemAssignedIdentity({ resourceId: account });
  const once = () =>
    t.entra.getManagedIdentityToken({ resourceId: account, resource: 'https://vault.azure.net' });
  for (let i = 0; i < 50; i++) await once(); // warm-up: key import, JIT
  const rate = async (count: number, concurrency: number) => {
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next++ < count) await once();
      }),
    );
    return count / ((performance.now() - started) / 1000);
  };
  const sequential = await rate(sequentialCount, 1);
  const concurrent = await rate(concurrentCount, 64);
  console.log(
    `managed-identity tokens: sequential ${sequential.toFixed(0)}/s, 64 in flight ${concurrent.toFixed(0)}/s (node ${process.version})`,
  );
} finally {
  await t.dispose();
}
