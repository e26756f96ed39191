import { fileURLToPath } from 'node:url';
import { entraContract } from '@cmk-testbed/shared';
import { describeServiceMain } from '@cmk-testbed/shared/testing';

describeServiceMain({
  mainTs: fileURLToPath(new URL('./main.ts', import.meta.url)),
  contract: entraContract,
  region: 'eastus',
});
