import { runService } from '@cmk-testbed/shared';
import { loadDockerSupervisorConfig } from './docker-supervisor-config.js';
import { serveDockerSupervisor } from './serve-docker-supervisor.js';

// The `supervisor` service of docker-compose.yml (CMK_SERVICE=testbed in docker/entrypoint.sh).
await runService('testbed', loadDockerSupervisorConfig, async (runtime) => [
  await serveDockerSupervisor(runtime),
]);
