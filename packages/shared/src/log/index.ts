export { createLogger, type Logger, type LogLevel, logLevels, silentLogger } from './logger.js';
