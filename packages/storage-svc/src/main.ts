import { runService } from '@cmk-testbed/shared';
import { loadConfig } from './config.js';
import { startStorageService } from './service.js';

await runService('storage', loadConfig, startStorageService);
