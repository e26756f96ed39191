import { fileURLToPath } from 'node:url';
import { chaosContract } from '@cmk-testbed/shared';
import { describeServiceMain } from '@cmk-testbed/shared/testing';

describeServiceMain({
  mainTs: fileURLToPath(new URL('./main.ts', import.meta.url)),
  contract: chaosContract,
  region: 'eastus',
});
