// Benchmark, not a test: verifications per second of one RS256 token against a warm JWKS cache.
// Usage: tsx bench/verify-token.ts [count]
import { TestTenant } from '../src/identity/fixtures/test-tenant.js';
import { JwksCache } from '../src/identity/jwks-cache.js';
import { createTokenVerifier } from '../src/identity/verify-token.js';

const count = Number(process.argv[2] ?? 20_000);
const nowMs = Date.UTC(2026, 0, 2);
const tenant = await TestTenant.create();
const jwks = new JwksCache({ fetchJwks: async () => tenant.jwks(), now: () => nowMs });
const verifier = createTokenVerifier({ jwks, now: () => nowMs });
const token = await tenant.sign({ issuedAtMs: nowMs });
const expectVault = { audience: 'https://vault.azure.net' };

// The first call fetches and imports the key; the figure is about the steady state.
if (!(await verifier.verify(token, expectVault)).ok) throw new Error('benchmark token does not verify');
const started = performance.now();
for (let i = 0; i < count; i++) {
  if (!(await verifier.verify(token, expectVault)).ok) throw new Error(`verification ${i} failed`);
}
const seconds = (performance.now() - started) / 1000;
process.stdout.write(
  `${count} verifications in ${seconds.toFixed(2)} s: ${Math.round(count / seconds)} verifications/s\n`,
);
