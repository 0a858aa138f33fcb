import type { LoggerOptions } from 'pino'
import { str, type Env } from './env.js'

/** Never let credentials or patient text reach the logs, whatever a caller passes. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-rpa-internal-secret"]',
  'headers.authorization',
  '*.token',
  '*.password',
  '*.secret',
  '*.record_text',
]

export interface LogConfig {
  level: string
  pretty: boolean
}

export function readLogConfig(env: Env): LogConfig {
  return { level: str(env, 'LOG_LEVEL', 'info'), pretty: str(env, 'LOG_FORMAT', 'json') === 'pretty' }
}

export function loggerOptions(service: string, cfg: LogConfig): LoggerOptions {
  return {
    level: cfg.level,
    base: { service },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    ...(cfg.pretty
      ? { transport: { target: 'pino-pretty', options: { translateTime: 'HH:MM:ss.l', ignore: 'pid,hostname,service', singleLine: true } } }
      : {}),
  }
}
