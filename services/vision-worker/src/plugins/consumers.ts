import fp from 'fastify-plugin'
import { OcrCache } from '../ocr-cache.js'
import { startConsumers, stopConsumers, type Consumer } from '../consumers/workers.js'

declare module 'fastify' {
  interface FastifyInstance {
    consumers: Consumer[]
  }
}

export interface ConsumersOptions {
  prefix: string
  concurrency: number
  timeoutMs: number
  lockMs: number
  shutdownGraceMs: number
  ocrCacheTtlSeconds: number
}

/** The BullMQ consumers of the vision queues; at close, active jobs finish first (up to the grace period). */
export const consumersPlugin = fp<ConsumersOptions>(
  async (app, opts) => {
    const ocr = new OcrCache(app.redis, { prefix: opts.prefix, ttlSeconds: opts.ocrCacheTtlSeconds }, app.engines.ocr)
    const workers = startConsumers(
      { db: app.db, ocr, detector: app.engines.detector },
      { connection: app.redis, prefix: opts.prefix, concurrency: opts.concurrency, timeoutMs: opts.timeoutMs, lockMs: opts.lockMs },
      app.log,
    )
    app.decorate('consumers', workers)
    app.addHook('onClose', () => stopConsumers(workers, opts.shutdownGraceMs))
  },
  { name: 'consumers', dependencies: ['db', 'redis', 'engines'] },
)
