import { type DestinationStream, type Logger, pino } from 'pino';

export type { Logger } from 'pino';

export const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/**
 * Structured JSON logs on stdout (the supervisor writes them to one file per process). Every line carries the
 * service and instance; request handlers log through a child that adds `requestId`.
 */
export function createLogger(options: {
  service: string;
  instance: string;
  level?: LogLevel;
  /** Where the JSON lines go; stdout by default (a test passes a stream to read them back). */
  destination?: DestinationStream;
}): Logger {
  const settings = {
    level: options.level ?? 'info',
    base: { service: options.service, instance: options.instance },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  return options.destination ? pino(settings, options.destination) : pino(settings);
}

/** A logger that writes nothing, for tests and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
