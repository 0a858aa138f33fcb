import fp from 'fastify-plugin'
import type { Redis } from 'ioredis'
import type { JobName } from '@rpa-vision/contracts'
import { allQueueNames, createQueue, createRedis, JobClient, type TypedQueue } from '@rpa-vision/queue'

declare module 'fastify' {
  interface FastifyInstance {
    redis: Redis
    /** every queue, for the dashboard */
    queues: TypedQueue<JobName>[]
    /** runs the jobs of the routes the gateway answers through a worker (POST /vision/*) */
    jobs: JobClient
  }
}

/** One ioredis connection shared by every queue handle; the job client's event streams get their own. */
export const redisPlugin = fp<{ url: string; prefix: string }>(
  async (app, opts) => {
    const redis = createRedis(opts.url)
    // Without a listener an unreachable Redis would crash the process; /ready reports it instead.
    redis.on('error', (err) => app.log.warn({ err }, 'redis connection error'))
    const queues = allQueueNames().map((name) => {
      const queue = createQueue(name, { connection: redis, prefix: opts.prefix }) as unknown as TypedQueue<JobName>
      // A queue repeats its connection's errors, already logged above; unheard, they would crash the process.
      queue.on('error', () => {})
      return queue
    })
    const jobs = new JobClient({ connection: redis, prefix: opts.prefix }, () => {
      const events = createRedis(opts.url)
      events.on('error', (err) => app.log.warn({ err }, 'redis connection error (queue events)'))
      return events
    })
    app.decorate('redis', redis)
    app.decorate('queues', queues)
    app.decorate('jobs', jobs)
    app.addHook('onClose', async () => {
      await jobs.close()
      await Promise.all(queues.map((q) => q.close()))
      // QUIT would wait forever in the offline queue of a connection that never came up.
      if (redis.status === 'ready') await redis.quit()
      else redis.disconnect()
    })
  },
  { name: 'redis' },
)
