import type { ProcessInfo, Testbed } from '@cmk-testbed/shared';

/** What a suite asks of a driver: the built-in default, or a topology file of packages/testbed's format. */
export interface StartOptions {
  /** A topology in the YAML format of `cmk-testbed up --topology` (the default topology when absent). */
  topologyYaml?: string;
  /** Why this testbed is started, for the driver's logs. */
  label: string;
}

/** A running testbed as a black-box suite sees it: a NATS URL, typed clients, and its processes. */
export interface RunningTestbed {
  /** The URL a client connects to (comma-separated when the topology has several servers). */
  natsUrl: string;
  /** Typed clients for every contract (`connectTestbed`). */
  tb: Testbed;
  /** Every process (service instance or nats-server) with its state. */
  processes(): Promise<ProcessInfo[]>;
  /** SIGKILL a process; the supervisor (or the container engine) does not restart it by itself. */
  kill(name: string): Promise<void>;
  /** Start a killed process again and wait until it is ready. */
  restart(name: string): Promise<void>;
  stop(): Promise<void>;
}

/** Starts testbeds one way: child processes under the supervisor, or containers under docker compose. */
export interface TestbedDriver {
  name: 'process' | 'container';
  /** Why this driver was picked (printed by the suites). */
  reason: string;
  start(options: StartOptions): Promise<RunningTestbed>;
}
