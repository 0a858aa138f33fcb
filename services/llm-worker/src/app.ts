import type { LlmWorkerConfig } from '@rpa-vision/config'
import { createServer, dbPlugin, healthRoutes, redisPlugin, registerInternalAuth, type App } from '@rpa-vision/http'
import { consumerPlugin } from './plugins/consumer.js'
import { deciderPlugin } from './plugins/decider.js'
import { decisionRoutes } from './routes/decisions.js'

/**
 * The LLM worker: the consumer of llm.t2a_decision, and the T2A decisions API behind the gateway (shared internal
 * secret). Closing the app is the graceful shutdown: the consumer drains first, then the model client, Redis and
 * PostgreSQL go.
 */
export async function buildApp(config: LlmWorkerConfig): Promise<App> {
  // a record of 500,000 characters in JSON, with room for escapes
  const app = createServer({ service: 'llm-worker', log: config.log, bodyLimitBytes: 4 * 1024 * 1024 })
  registerInternalAuth(app, { secret: config.internalSecret, publicPaths: ['/health', '/ready'] })
  await app.register(dbPlugin, { url: config.databaseUrl, max: config.concurrency + 4 })
  await app.register(redisPlugin, { url: config.redisUrl })
  await app.register(deciderPlugin, { llm: config.llm })
  await app.register(consumerPlugin, {
    prefix: config.queuePrefix,
    concurrency: config.concurrency,
    timeoutMs: config.jobTimeoutMs,
    lockMs: config.lockMs,
    shutdownGraceMs: config.shutdownGraceMs,
  })
  await app.register(healthRoutes, { checks: () => ({ consumer: app.consumer.isRunning() ? 'ok' : 'error: the llm.t2a_decision consumer is not running' }) })
  await app.register(decisionRoutes)
  return app
}
