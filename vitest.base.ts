import type { ViteUserConfig } from 'vitest/config';

/**
 * Every package tests its TypeScript sources directly: the `source` export condition points workspace imports
 * at `src/` so a test never runs against a stale `dist/`.
 */
export const baseTestConfig: ViteUserConfig = {
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    retry: 0,
    // Each package also writes a JSON report (a turbo output, so cached runs keep it) that .ci/run adds up.
    reporters: ['default', 'json'],
    outputFile: { json: '.test-report.json' },
  },
};
