import fp from 'fastify-plugin'
import type { Redis } from 'ioredis'
import { createRedis } from '@rpa-vision/queue'

declare module 'fastify' {
  interface FastifyInstance {
    redis: Redis
  }
}

/** The service's one Redis connection (enqueuing, consumers, caches, publishing); BullMQ adds its blocking ones. */
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
