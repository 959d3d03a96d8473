/** @module Structured JSON logs (pino); secrets never reach a log line. */
import pino from 'pino';

export function createLogger(level: string) {
  return pino({
    level,
    redact: { paths: ['*.authorization', '*.headers.authorization', '*.password', '*.token', '*.key', '*.secret'], censor: '[redacted]' },
  });
}
export type Logger = ReturnType<typeof createLogger>;
