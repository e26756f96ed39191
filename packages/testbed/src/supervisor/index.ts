export { readInheritedEnv } from './config.js';
export { findSetpriv } from './find-setpriv.js';
export { type InstallSignalHandlersOptions, installSignalHandlers } from './install-signal-handlers.js';
export { isProcessAlive, processState } from './is-process-alive.js';
export { type ProcessKind, type ProcessSpec, processKinds, type Readiness } from './process-spec.js';
export { type ProcessExit, type ProcessState, type ProcessStatus, processStates } from './process-status.js';
export { Supervisor, type SupervisorOptions } from './supervisor.js';
export { UnknownProcessError } from './unknown-process-error.js';
export { type WaitForSrvPingOptions, waitForSrvPing } from './wait-for-srv-ping.js';
