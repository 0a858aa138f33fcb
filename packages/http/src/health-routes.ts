import type { FastifyInstance } from 'fastify'
import { HealthResponse, ReadyResponse } from '@rpa-vision/contracts'
import { pingDb } from '@rpa-vision/db'
import { pingRedis } from '@rpa-vision/queue'

const PROBE_TIMEOUT_MS = 1500

async function check(probe: () => Promise<void>): Promise<string> {
  try {
    await probe()
    return 'ok'
  } catch (err) {
    return `error: ${err instanceof Error ? err.message : String(err)}`
  }
}

export interface HealthRoutesOptions {
  /** the service's own checks besides PostgreSQL and Redis: 'ok', or 'error: <why>' */
  checks?: () => Record<string, string>
}

/** Liveness, and readiness: PostgreSQL and Redis answer (with the db and Redis plugins), plus the service's own checks. */
export async function healthRoutes(app: FastifyInstance, opts: HealthRoutesOptions): Promise<void> {
  app.get('/health', { schema: { response: { 200: HealthResponse } } }, async () => ({ status: 'ok' as const }))
  app.get('/ready', { schema: { response: { 200: ReadyResponse, 503: ReadyResponse } } }, async (_req, reply) => {
    const [postgres, redis] = await Promise.all([check(() => pingDb(app.db)), check(() => pingRedis(app.redis, PROBE_TIMEOUT_MS))])
    const checks = { postgres, redis, ...opts.checks?.() }
    const ready = Object.values(checks).every((c) => c === 'ok')
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks })
  })
}
