export { defaultTopology } from './default-topology.js';
export { formatIssuePath } from './format-issue-path.js';
export { loadTopology } from './load-topology.js';
export { parseTopology } from './parse-topology.js';
export { globalRegion, type PlanProcessesOptions, planProcesses } from './plan-processes.js';
export {
  type PrepareTopologyRunOptions,
  prepareTopologyRun,
  type TopologyRun,
} from './prepare-topology-run.js';
export { resolvePackagesDir } from './resolve-packages-dir.js';
export { type ServiceKind, serviceCatalog } from './service-catalog.js';
export { TopologyError, type TopologyIssue } from './topology-error.js';
export {
  type InterRegionLatency,
  type Topology,
  type TopologyInput,
  topologySchema,
} from './topology-schema.js';
