export const processKinds = ['nats-server', 'entra', 'keyvault', 'storage', 'chaos'] as const;
export type ProcessKind = (typeof processKinds)[number];

/** How the supervisor knows a child is ready to serve. */
export type Readiness =
  /** GET on a nats-server monitoring /healthz answers 200 (server up, JetStream current). */
  | { type: 'nats-healthz'; url: string }
  /** `$SRV.PING.<serviceName>` is answered by a reply whose metadata.instance is `instance` (ADR-32). */
  | { type: 'srv-ping'; serviceName: string; instance: string };

/** One child process of a testbed. */
export interface ProcessSpec {
  /** Unique instance name, also the log file name, e.g. `storage-eastus-2`. */
  name: string;
  kind: ProcessKind;
  region: string;
  command: string;
  args: string[];
  /** Added on top of the supervisor's inherited environment. */
  env: Record<string, string>;
  readiness: Readiness;
}
