import { runService } from '@cmk-testbed/shared';
import { loadConfig } from './config.js';
import { startEntraService } from './service.js';

await runService('entra', loadConfig, startEntraService);
