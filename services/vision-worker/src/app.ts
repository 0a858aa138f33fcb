import type { VisionWorkerConfig } from '@rpa-vision/config'
import { createServer, dbPlugin, healthRoutes, redisPlugin, type App } from '@rpa-vision/http'
import type { Engines } from './engines.js'
import { consumersPlugin } from './plugins/consumers.js'
import { enginesPlugin } from './plugins/engines.js'

/**
 * The vision worker: BullMQ consumers of the vision queues, and an HTTP app for /health and /ready only.
 * Closing the app is the graceful shutdown; Fastify closes plugins in reverse, so the consumers drain first,
 * then the engines, Redis and PostgreSQL go.
 */
export async function buildApp(config: VisionWorkerConfig, opts: { engines?: Engines } = {}): Promise<App> {
  const app = createServer({ service: 'vision-worker', log: config.log })
  await app.register(dbPlugin, { url: config.databaseUrl, max: 3 * config.concurrency + 2 })
  await app.register(redisPlugin, { url: config.redisUrl })
  await app.register(enginesPlugin, { ocrWorkers: config.ocrWorkers, uiDetrModel: config.uiDetrModel, given: opts.engines })
  await app.register(consumersPlugin, {
    prefix: config.queuePrefix,
    concurrency: config.concurrency,
    timeoutMs: config.jobTimeoutMs,
    lockMs: config.lockMs,
    shutdownGraceMs: config.shutdownGraceMs,
    ocrCacheTtlSeconds: config.ocrCacheTtlSeconds,
  })
  await app.register(healthRoutes, {
    checks: () => {
      const stopped = app.consumers.filter((w) => !w.isRunning()).map((w) => w.name)
      return { consumers: stopped.length ? `error: not running: ${stopped.join(', ')}` : 'ok' }
    },
  })
  return app
}
