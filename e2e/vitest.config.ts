import { defineConfig } from 'vitest/config';
import { baseTestConfig } from '../vitest.base.js';

// Black-box suites run the built CLI (turbo builds every package first) and never retry.
export default defineConfig({
  ...baseTestConfig,
  test: { ...baseTestConfig.test, testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false },
});
