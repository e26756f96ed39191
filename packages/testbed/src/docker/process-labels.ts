/**
 * The labels docker-compose.yml puts on every testbed process's container: the name, kind and region the
 * supervisor would report for it. The Docker supervisor and the e2e container driver find processes by them.
 */
export const processLabels = {
  name: 'cmk-testbed.process',
  kind: 'cmk-testbed.kind',
  region: 'cmk-testbed.region',
} as const;

/** The label Docker Compose puts on every container of a project. */
export const composeProjectLabel = 'com.docker.compose.project';
