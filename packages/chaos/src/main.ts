import { runService } from '@cmk-testbed/shared';
import { loadConfig } from './config.js';
import { startChaosService } from './service.js';

await runService('chaos', loadConfig, startChaosService);
