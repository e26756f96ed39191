import type { Supervisor } from './supervisor.js';

export interface InstallSignalHandlersOptions {
  signals?: readonly NodeJS.Signals[];
  /** Replaceable for tests; defaults to process.exit. */
  exit?: (code: number) => void;
  onError?: (error: unknown) => void;
}

const exitCodes: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/**
 * On SIGINT/SIGTERM: stop every child in order, then exit, so no orphan is left behind. A second signal
 * while stopping exits at once (children still die through their pdeathsig). Returns an uninstaller.
 */
export function installSignalHandlers(
  supervisor: Supervisor,
  options: InstallSignalHandlersOptions = {},
): () => void {
  const signals = options.signals ?? ['SIGINT', 'SIGTERM'];
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const handler = (signal: NodeJS.Signals) => {
    const code = exitCodes[signal] ?? 1;
    if (stopping) {
      exit(code);
      return;
    }
    stopping = true;
    supervisor.stop().then(
      () => exit(code),
      (error: unknown) => {
        options.onError?.(error);
        exit(code);
      },
    );
  };
  for (const signal of signals) process.on(signal, handler);
  return () => {
    for (const signal of signals) process.off(signal, handler);
  };
}
