import { randomBytes } from 'node:crypto'
import { llmConfigFromEnv, type LlmConfig } from '@rpa-vision/t2a'
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
  /** the replay service's REPLAY_SECRET_KEY: seals what a learned trace typed into password fields */
  secretKey: string | undefined
  /** how long learning one trace waits for the vision workers (anchor detection and OCR) */
  learnTimeoutMs: number
}

export function readWorkflowsConfig(env: Env = process.env): WorkflowsConfig {
  return {
    ...readCommonConfig(env),
    host: str(env, 'WORKFLOWS_HOST', '127.0.0.1'),
    port: int(env, 'WORKFLOWS_PORT', 8081),
    secretKey: optionalStr(env, 'REPLAY_SECRET_KEY'),
    learnTimeoutMs: int(env, 'LEARN_TIMEOUT_MS', 20_000, 100),
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
  services: { workflows: string; replay: string; llm: string }
  upstreamTimeoutMs: number
  /** how long POST /vision/* waits for a vision worker's answer before 504 */
  visionTimeoutMs: number
  /** how long a verified token is trusted without a database lookup (a revocation through another gateway lags by this much) */
  tokenCacheMs: number
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
    services: {
      workflows: str(env, 'WORKFLOWS_URL', 'http://127.0.0.1:8081'),
      replay: str(env, 'REPLAY_URL', 'http://127.0.0.1:8083'),
      llm: str(env, 'LLM_WORKER_URL', 'http://127.0.0.1:8084'),
    },
    upstreamTimeoutMs: int(env, 'UPSTREAM_TIMEOUT_MS', 30_000, 1),
    visionTimeoutMs: int(env, 'VISION_TIMEOUT_MS', 20_000, 1),
    tokenCacheMs: int(env, 'TOKEN_CACHE_MS', 5000, 0),
  }
}

export interface VisionWorkerConfig extends CommonConfig {
  /** /health and /ready only: loopback, never published */
  host: string
  port: number
  /** jobs of each queue run at once in one process */
  concurrency: number
  jobTimeoutMs: number
  /** a job whose worker died is taken up again once its lock runs out */
  lockMs: number
  /** at shutdown, how long active jobs may run on before they are cancelled (and retried elsewhere) */
  shutdownGraceMs: number
  ocrWorkers: number
  /** a UI-DETR-1 ONNX export; the classical detector without one */
  uiDetrModel: string | undefined
  ocrCacheTtlSeconds: number
}

export function readVisionWorkerConfig(env: Env = process.env): VisionWorkerConfig {
  return {
    ...readCommonConfig(env),
    host: '127.0.0.1',
    port: int(env, 'VISION_PORT', 8082),
    concurrency: int(env, 'VISION_CONCURRENCY', 1, 1),
    jobTimeoutMs: int(env, 'VISION_JOB_TIMEOUT_MS', 30_000, 1),
    lockMs: int(env, 'VISION_LOCK_MS', 30_000, 100),
    shutdownGraceMs: int(env, 'VISION_SHUTDOWN_GRACE_MS', 4000),
    ocrWorkers: int(env, 'OCR_WORKERS', 1, 1),
    uiDetrModel: optionalStr(env, 'UI_DETR_MODEL'),
    ocrCacheTtlSeconds: int(env, 'OCR_CACHE_TTL_SECONDS', 3600, 1),
  }
}

export interface ReplayConfig extends CommonConfig {
  host: string
  port: number
  workflowsUrl: string
  /** AES-256-GCM key for type_secret values at rest (32 bytes, base64 or hex); sessions with secrets are refused without it */
  secretKey: string | undefined
  /** how long an agent holds a delivered action before it is offered again (same seq) */
  leaseMs: number
  /** how long an anchored step looks for its target when the step does not say */
  stepTimeoutMs: number
  /** a server-side step's attempt timeout when the step does not say */
  jobTimeoutMs: number
  /** a running session whose agent has not polled for this long fails */
  agentTimeoutMs: number
  /** added to a server-side job's timeouts before the step gives up on it (a dead worker's lock must expire first) */
  jobGraceMs: number
  /** how often the sweeper re-checks jobs, deadlines and vanished agents */
  sweepIntervalMs: number
  /** the retry_after_ms told to a poll that has nothing to do yet */
  retryAfterMs: number
}

export function readReplayConfig(env: Env = process.env): ReplayConfig {
  return {
    ...readCommonConfig(env),
    host: str(env, 'REPLAY_HOST', '127.0.0.1'),
    port: int(env, 'REPLAY_PORT', 8083),
    workflowsUrl: str(env, 'WORKFLOWS_URL', 'http://127.0.0.1:8081'),
    secretKey: optionalStr(env, 'REPLAY_SECRET_KEY'),
    leaseMs: int(env, 'REPLAY_LEASE_MS', 30_000, 100),
    stepTimeoutMs: int(env, 'REPLAY_STEP_TIMEOUT_MS', 10_000, 100),
    jobTimeoutMs: int(env, 'REPLAY_JOB_TIMEOUT_MS', 120_000, 100),
    agentTimeoutMs: int(env, 'REPLAY_AGENT_TIMEOUT_MS', 600_000, 1000),
    jobGraceMs: int(env, 'REPLAY_JOB_GRACE_MS', 60_000, 0),
    sweepIntervalMs: int(env, 'REPLAY_SWEEP_MS', 1000, 50),
    retryAfterMs: int(env, 'REPLAY_RETRY_AFTER_MS', 250, 10),
  }
}

export interface LlmWorkerConfig extends CommonConfig {
  host: string
  port: number
  /** llm.t2a_decision jobs run at once in one process */
  concurrency: number
  /** a job's whole run (every model attempt included) when the job does not say */
  jobTimeoutMs: number
  /** a job whose worker died is taken up again once its lock runs out */
  lockMs: number
  /** at shutdown, how long active jobs may run on before they are cancelled (and retried elsewhere) */
  shutdownGraceMs: number
  /** the provider (rules, ollama, openai) and how to reach its model: LLM_* */
  llm: LlmConfig
}

/** LLM_* are read by packages/t2a's llmConfigFromEnv (pure), so every in-process caller of the model reads them alike. */
export function readLlmWorkerConfig(env: Env = process.env): LlmWorkerConfig {
  return {
    ...readCommonConfig(env),
    host: str(env, 'LLM_WORKER_HOST', '127.0.0.1'),
    port: int(env, 'LLM_WORKER_PORT', 8084),
    concurrency: int(env, 'LLM_CONCURRENCY', 2, 1),
    jobTimeoutMs: int(env, 'LLM_JOB_TIMEOUT_MS', 120_000, 100),
    lockMs: int(env, 'LLM_LOCK_MS', 30_000, 100),
    shutdownGraceMs: int(env, 'LLM_SHUTDOWN_GRACE_MS', 4000),
    llm: llmConfigFromEnv(env),
  }
}
