import fp from 'fastify-plugin'
import type { Redis } from 'ioredis'
import { createRedis } from '@rpa-vision/queue'

declare module 'fastify' {
  interface FastifyInstance {
    redis: Redis
  }
}

/** One connection for the consumer (BullMQ adds its blocking one) and the queue the API adds jobs to. */
export const redisPlugin = fp<{ url: string }>(
  async (app, opts) => {
    const redis = createRedis(opts.url)
    // Without a listener a lost connection would crash the process; /ready reports it instead.
    redis.on('error', (err) => app.log.warn({ err }, 'redis connection error'))
    app.decorate('redis', redis)
    app.addHook('onClose', async () => {
      if (redis.status === 'ready') await redis.quit()
      else redis.disconnect()
    })
  },
  { name: 'redis' },
)
