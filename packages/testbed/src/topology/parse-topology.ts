import { formatIssuePath } from './format-issue-path.js';
import { TopologyError } from './topology-error.js';
import { type Topology, topologySchema } from './topology-schema.js';

/** Validates already-parsed topology data; `source` names where it came from in errors. */
export function parseTopology(data: unknown, source: string): Topology {
  const result = topologySchema.safeParse(data);
  if (result.success) return result.data;
  throw new TopologyError(
    source,
    result.error.issues.map((issue) => ({ path: formatIssuePath(issue.path), reason: issue.message })),
    { cause: result.error },
  );
}
