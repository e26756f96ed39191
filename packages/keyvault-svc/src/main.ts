import { runService } from '@cmk-testbed/shared';
import { loadConfig } from './config.js';
import { startKeyvaultService } from './service.js';

await runService('keyvault', loadConfig, startKeyvaultService);
