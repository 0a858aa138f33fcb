import fp from 'fastify-plugin'
import { createQueue, type TypedQueue } from '@rpa-vision/queue'
import { startConsumer, stopConsumer, type Consumer } from '../consumers/workers.js'

declare module 'fastify' {
  interface FastifyInstance {
    consumer: Consumer
    /** where POST /api/v1/t2a/decisions adds its jobs */
    decisionQueue: TypedQueue<'llm.t2a_decision'>
  }
}

export interface ConsumerOptions {
  prefix: string
  concurrency: number
  timeoutMs: number
  lockMs: number
  shutdownGraceMs: number
}

/** The BullMQ consumer of llm.t2a_decision and the queue the API produces to; at close, active jobs finish first (up to the grace period). */
export const consumerPlugin = fp<ConsumerOptions>(
  async (app, opts) => {
    const queue = createQueue('llm.t2a_decision', { connection: app.redis, prefix: opts.prefix })
    const worker = startConsumer(
      { db: app.db, decider: app.decider },
      { connection: app.redis, prefix: opts.prefix, concurrency: opts.concurrency, timeoutMs: opts.timeoutMs, lockMs: opts.lockMs },
      app.log,
    )
    app.decorate('consumer', worker)
    app.decorate('decisionQueue', queue)
    app.addHook('onClose', async () => {
      await stopConsumer(worker, opts.shutdownGraceMs)
      await queue.close()
    })
  },
  { name: 'consumer', dependencies: ['db', 'redis', 'decider'] },
)
