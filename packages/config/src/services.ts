import { randomBytes } from 'node:crypto'
import { bool, int, list, optionalStr, str, type Env } from './env.js'
import { readLogConfig, type LogConfig } from './logger.js'

export interface CommonConfig {
  databaseUrl: string
  redisUrl: string
  /** BullMQ key prefix: lets tests and several deployments share one Redis. */
  queuePrefix: string
  internalSecret: string
  /** false when INTERNAL_SECRET was absent and a random one was drawn */
  internalSecretFromEnv: boolean
  log: LogConfig
  imageMaxPixels: number
  screenshotTtlHours: number
}

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/rpa_vision'

export function readCommonConfig(env: Env = process.env): CommonConfig {
  return {
    databaseUrl: str(env, 'DATABASE_URL', DEFAULT_DATABASE_URL),
    redisUrl: str(env, 'REDIS_URL', 'redis://127.0.0.1:6379'),
    queuePrefix: str(env, 'QUEUE_PREFIX', 'rpa'),
    // Without a configured secret only processes started together (pnpm start passes one) can talk.
    internalSecret: str(env, 'INTERNAL_SECRET', randomBytes(24).toString('hex')),
    internalSecretFromEnv: optionalStr(env, 'INTERNAL_SECRET') !== undefined,
    log: readLogConfig(env),
    imageMaxPixels: int(env, 'IMAGE_MAX_PIXELS', 40_000_000, 1),
    screenshotTtlHours: int(env, 'SCREENSHOT_TTL_HOURS', 24, 1),
  }
}

export interface WorkflowsConfig extends CommonConfig {
  host: string
  port: number
}

export function readWorkflowsConfig(env: Env = process.env): WorkflowsConfig {
  return {
    ...readCommonConfig(env),
    host: str(env, 'WORKFLOWS_HOST', '127.0.0.1'),
    port: int(env, 'WORKFLOWS_PORT', 8081),
  }
}

export interface GatewayConfig extends CommonConfig {
  host: string
  port: number
  apiToken: string | undefined
  corsOrigins: string[]
  rateLimitMax: number
  rateLimitWindowMs: number
  bodyLimitBytes: number
  trustProxy: boolean
  services: { workflows: string }
  upstreamTimeoutMs: number
}

export function readGatewayConfig(env: Env = process.env): GatewayConfig {
  return {
    ...readCommonConfig(env),
    host: str(env, 'GATEWAY_HOST', '127.0.0.1'),
    port: int(env, 'GATEWAY_PORT', 8080),
    apiToken: optionalStr(env, 'RPA_API_TOKEN'),
    corsOrigins: list(env, 'CORS_ORIGINS'),
    rateLimitMax: int(env, 'RATE_LIMIT_MAX', 1200, 1),
    rateLimitWindowMs: int(env, 'RATE_LIMIT_WINDOW_MS', 60_000, 1),
    bodyLimitBytes: int(env, 'BODY_LIMIT_BYTES', 10 * 1024 * 1024, 1024),
    trustProxy: bool(env, 'TRUST_PROXY', false),
    services: { workflows: str(env, 'WORKFLOWS_URL', 'http://127.0.0.1:8081') },
    upstreamTimeoutMs: int(env, 'UPSTREAM_TIMEOUT_MS', 30_000, 1),
  }
}
