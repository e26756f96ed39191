/**
 * unwrapKey throughput against the floor node:crypto sets: `npx tsx src/crypto/bench-unwrap.ts`.
 * Not a test; the numbers depend on the machine. Rounds alternate between the contenders so drift (turbo
 * clocks, a busy neighbour) hits both alike.
 */
import { constants, createPrivateKey, privateDecrypt, randomBytes } from 'node:crypto';
import { generateKeyMaterial } from '../src/crypto/generate-key-material.js';
import { unwrapKey, wrapKey } from '../src/crypto/key-crypto.js';
import type { RsaKeySize } from '../src/crypto/key-material.js';

const N = 2000;
const ROUNDS = 4;

type Contender = { name: string; run: () => void };

async function benchKeySize(keySize: RsaKeySize): Promise<void> {
  const material = await generateKeyMaterial({ kty: 'RSA', keySize });
  const wrapped = wrapKey('RSA-OAEP-256', material, randomBytes(32));
  const keyObject = createPrivateKey({ key: material.privateKeyDer, format: 'der', type: 'pkcs8' });
  const options = { padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha256' };
  const contenders: Contender[] = [
    {
      name: 'raw privateDecrypt(KeyObject)',
      run: () => privateDecrypt({ key: keyObject, ...options }, wrapped),
    },
    { name: 'unwrapKey (cached KeyObject)', run: () => unwrapKey('RSA-OAEP-256', material, wrapped) },
    {
      name: 'privateDecrypt parsing DER each call',
      run: () => {
        const key = createPrivateKey({ key: material.privateKeyDer, format: 'der', type: 'pkcs8' });
        privateDecrypt({ key, ...options }, wrapped);
      },
    },
  ];
  for (const contender of contenders) for (let i = 0; i < 100; i++) contender.run(); // warm up
  const elapsedMs = new Map<string, number>(contenders.map((c) => [c.name, 0]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const contender of contenders) {
      const start = performance.now();
      for (let i = 0; i < N / ROUNDS; i++) contender.run();
      elapsedMs.set(contender.name, elapsedMs.get(contender.name)! + performance.now() - start);
    }
  }
  const rawOpsPerSecond = (N / elapsedMs.get(contenders[0]!.name)!) * 1000;
  for (const contender of contenders) {
    const opsPerSecond = (N / elapsedMs.get(contender.name)!) * 1000;
    const share = ((opsPerSecond / rawOpsPerSecond) * 100).toFixed(1);
    console.log(
      `RSA-${keySize}  ${contender.name.padEnd(38)} ${opsPerSecond.toFixed(0).padStart(6)} ops/s  ${share}%`,
    );
  }
}

async function main(): Promise<void> {
  console.log(`node ${process.version}, RSA-OAEP-256 unwrap of a 32-byte key, N=${N} per contender`);
  for (const keySize of [2048, 3072] as const) await benchKeySize(keySize);
}

await main();
