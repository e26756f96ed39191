import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { generateKeyPairFor } from './generate-key-pair-for.js';
import { KeyPairPool, type KeyPairPoolOptions } from './key-pair-pool.js';
import type { KeyPair, KeyPairSpec } from './key-pair-spec.js';

// Small keys keep real generation in these tests to milliseconds; the pool does not care about the size.
const rsa1024: KeyPairSpec = { kind: 'rsa', modulusLength: 1024 };
const rsa1024e3: KeyPairSpec = { kind: 'rsa', modulusLength: 1024, publicExponent: 3 };
const p256: KeyPairSpec = { kind: 'ec', namedCurve: 'prime256v1' };

const modulusOf = (pair: KeyPair) => pair.publicKey.export({ format: 'jwk' }).n;

/** Real generation, counted. */
function countedGenerator() {
  const specs: KeyPairSpec[] = [];
  const generate = (spec: KeyPairSpec) => {
    specs.push(spec);
    return generateKeyPairFor(spec);
  };
  return { specs, generate };
}

/**
 * A pool whose generations finish (or fail) only when the test says so, with cheap EC pairs as their result.
 * Disposing it finishes whatever is still pending, then closes the pool.
 */
function steeredPool(options: Omit<KeyPairPoolOptions, 'generate'>) {
  const calls: { spec: KeyPairSpec; finish(): KeyPair; fail(error: Error): void; settled: boolean }[] = [];
  const generate = (spec: KeyPairSpec) =>
    new Promise<KeyPair>((resolve, reject) => {
      const call = {
        spec,
        settled: false,
        finish() {
          call.settled = true;
          const pair = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
          resolve(pair);
          return pair;
        },
        fail(error: Error) {
          call.settled = true;
          reject(error);
        },
      };
      calls.push(call);
    });
  const pool = new KeyPairPool({ ...options, generate });
  return {
    pool,
    calls,
    async [Symbol.asyncDispose]() {
      const closing = pool.close();
      for (const call of calls) if (!call.settled) call.finish();
      await closing;
    },
  };
}

describe('KeyPairPool', () => {
  it('hands out distinct, matching key pairs of the spec asked for, ready or not', async () => {
    await using pool = new KeyPairPool({ depth: 2, warm: [rsa1024] });
    await expect.poll(() => pool.readyCount(rsa1024)).toBe(2);
    const pairs = [
      ...(await Promise.all([pool.take(rsa1024), pool.take(rsa1024), pool.take(rsa1024)])),
      await pool.take(rsa1024),
    ];
    expect(new Set(pairs.map(modulusOf)).size).toBe(pairs.length);
    for (const pair of pairs) {
      expect(pair.privateKey.asymmetricKeyDetails).toMatchObject({
        modulusLength: 1024,
        publicExponent: 65537n,
      });
      expect(createPublicKey(pair.privateKey).export({ format: 'jwk' })).toEqual(
        pair.publicKey.export({ format: 'jwk' }),
      );
    }
    expect((await pool.take(rsa1024e3)).publicKey.asymmetricKeyDetails?.publicExponent).toBe(3n);
    expect((await pool.take(p256)).privateKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  });

  it('keeps depth pairs ready of a spec once taken, refilling in the background after each take', async () => {
    const { specs, generate } = countedGenerator();
    await using pool = new KeyPairPool({ depth: 2, generate });
    expect(specs).toHaveLength(0);
    await pool.take(rsa1024);
    await expect.poll(() => pool.readyCount(rsa1024)).toBe(2);
    const taking = pool.take(rsa1024);
    expect(pool.readyCount(rsa1024)).toBe(1);
    await taking;
    await expect.poll(() => pool.readyCount(rsa1024)).toBe(2);
    // One on demand, two to fill up, one to refill: nothing generated beyond depth.
    expect(specs).toHaveLength(4);
    expect(pool.readyCount(p256)).toBe(0);
  });

  it('with depth 0 generates each pair on demand and nothing in the background', async () => {
    const { specs, generate } = countedGenerator();
    await using pool = new KeyPairPool({ depth: 0, warm: [rsa1024], generate });
    await pool.take(rsa1024);
    await pool.take(rsa1024);
    expect(specs).toHaveLength(2);
    expect(pool.readyCount(rsa1024)).toBe(0);
  });

  it('keeps no stock of a spec it is told is not worth pooling (by default RSA above 3072 bits)', async () => {
    const { specs, generate } = countedGenerator();
    await using pool = new KeyPairPool({ depth: 2, generate, poolable: (spec) => spec !== rsa1024e3 });
    await pool.take(rsa1024e3);
    await pool.take(rsa1024);
    await vi.waitFor(() => expect(pool.readyCount(rsa1024)).toBe(2));
    expect(pool.readyCount(rsa1024e3)).toBe(0);
    expect(specs.filter((s) => s === rsa1024e3)).toHaveLength(1);
  });

  it('runs one background generation at a time, over all specs', async () => {
    await using steered = steeredPool({ depth: 2, warm: [rsa1024, p256] });
    const { pool, calls } = steered;
    for (let n = 1; n < 4; n++) {
      expect(calls).toHaveLength(n);
      calls[n - 1]!.finish();
      await vi.waitFor(() => expect(calls).toHaveLength(n + 1));
    }
    calls[3]!.finish();
    await expect.poll(() => [pool.readyCount(rsa1024), pool.readyCount(p256)]).toEqual([2, 2]);
    expect(calls.map((c) => c.spec.kind).sort()).toEqual(['ec', 'ec', 'rsa', 'rsa']);
  });

  it('gives an empty-pool take the generation of its spec already under way, starting no other', async () => {
    await using steered = steeredPool({ depth: 1, warm: [rsa1024] });
    const { pool, calls } = steered;
    const taking = pool.take(rsa1024);
    expect(calls).toHaveLength(1);
    const background = calls[0]!.finish();
    expect(await taking).toBe(background);
    // The pool then refills for the next take.
    await vi.waitFor(() => expect(calls).toHaveLength(2));
  });

  it('lets an empty-pool take generate its own pair rather than queue behind other work', async () => {
    await using steered = steeredPool({ depth: 1, warm: [p256] });
    const { pool, calls } = steered;
    const taking = pool.take(rsa1024);
    expect(calls.map((c) => c.spec)).toEqual([p256, rsa1024]);
    const own = calls[1]!.finish();
    expect(await taking).toBe(own);
    // Two takes and one generation under way: the second take starts its own.
    calls[0]!.finish();
    await vi.waitFor(() => expect(calls).toHaveLength(3));
    const [first, second] = [pool.take(rsa1024), pool.take(rsa1024)];
    expect(calls).toHaveLength(4);
    const [fromBackground, fromOwn] = [calls[2]!.finish(), calls[3]!.finish()];
    expect(await first).toBe(fromBackground);
    expect(await second).toBe(fromOwn);
  });

  it('reports a failed background generation and carries on: later takes still get pairs', async () => {
    const onError = vi.fn();
    await using steered = steeredPool({ depth: 1, warm: [rsa1024], onError });
    const { pool, calls } = steered;
    const failure = new Error('entropy ran out');
    calls[0]!.fail(failure);
    await vi.waitFor(() => expect(onError).toHaveBeenCalledWith(failure, rsa1024));
    // A failing spec is not retried in a loop; the next take wakes it up.
    expect(calls).toHaveLength(1);
    const taking = pool.take(rsa1024);
    const own = calls[1]!.finish();
    expect(await taking).toBe(own);
    expect(calls).toHaveLength(3);
  });

  it('rejects only the take whose own generation failed', async () => {
    await using steered = steeredPool({ depth: 0 });
    const { pool, calls } = steered;
    const failing = pool.take(rsa1024);
    calls[0]!.fail(new Error('no'));
    await expect(failing).rejects.toThrow('no');
    const taking = pool.take(rsa1024);
    const own = calls[1]!.finish();
    expect(await taking).toBe(own);
  });

  it('gives a take that counted on a failed background generation one of its own', async () => {
    const onError = vi.fn();
    await using steered = steeredPool({ depth: 1, warm: [rsa1024], onError });
    const { pool, calls } = steered;
    const taking = pool.take(rsa1024);
    calls[0]!.fail(new Error('entropy ran out'));
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    expect(onError).toHaveBeenCalledOnce();
    const own = calls[1]!.finish();
    expect(await taking).toBe(own);
  });

  it('on close waits for background work, drops ready pairs and refills no more; takes still work', async () => {
    const { pool, calls } = steeredPool({ depth: 2, warm: [rsa1024] });
    calls[0]!.finish();
    await vi.waitFor(() => expect(calls).toHaveLength(2));
    expect(pool.readyCount(rsa1024)).toBe(1);
    let closed = false;
    const closing = pool.close().then(() => {
      closed = true;
    });
    expect(pool.readyCount(rsa1024)).toBe(0);
    // Every callback already due runs before setImmediate's: close is still waiting for the generation.
    await new Promise(setImmediate);
    expect(closed).toBe(false);
    calls[1]!.finish();
    await closing;
    expect(pool.readyCount(rsa1024)).toBe(0);
    const taking = pool.take(rsa1024);
    calls[2]!.finish();
    await taking;
    expect(calls).toHaveLength(3);
    expect(pool.readyCount(rsa1024)).toBe(0);
  });
});
