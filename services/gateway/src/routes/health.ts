import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { HealthResponse, ReadyResponse } from '@rpa-vision/contracts'
import { pingDb } from '@rpa-vision/db'
import { pingRedis } from '@rpa-vision/queue'
import { checkReadiness } from '../health/readiness.js'

const READY_TIMEOUT_MS = 1500

export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/health', {
    config: { public: true },
    schema: { summary: 'Liveness: the gateway process answers', tags: ['operations'], security: [], response: { 200: HealthResponse } },
  }, async () => ({ status: 'ok' as const }))

  app.get('/ready', {
    config: { roles: ['admin', 'author', 'agent'] },
    schema: {
      summary: 'Readiness: PostgreSQL, Redis and the internal services answer',
      tags: ['operations'],
      response: { 200: ReadyResponse, 503: ReadyResponse },
    },
  }, async (_req, reply) => {
    const result = await checkReadiness({
      postgres: () => pingDb(app.db),
      redis: (ms) => pingRedis(app.redis, ms),
      workflows: (ms) => app.upstreams.workflows.checkHealth(ms),
      replay: (ms) => app.upstreams.replay.checkHealth(ms),
      llm: (ms) => app.upstreams.llm.checkHealth(ms),
    }, READY_TIMEOUT_MS)
    return reply.code(result.status === 'ready' ? 200 : 503).send(result)
  })
}
