import type { FastifyInstance } from 'fastify'
import { createRedis, JobClient } from '@rpa-vision/queue'

declare module 'fastify' {
  interface FastifyInstance {
    /** the vision queues, for learning traces; undefined when the service has no Redis */
    learnJobs: JobClient | undefined
  }
}

/**
 * The client that enqueues vision jobs for learned workflows. Its connections open lazily, at the first trace: the
 * rest of the service neither needs nor waits for Redis.
 */
export function registerLearnJobs(app: FastifyInstance, opts: { redisUrl: string | undefined; queuePrefix: string }): void {
  const { redisUrl } = opts
  if (!redisUrl) {
    app.decorate('learnJobs', undefined)
    return
  }
  const connect = () => {
    const connection = createRedis(redisUrl, { lazyConnect: true })
    connection.on('error', (err) => app.log.warn({ err }, 'redis connection error (vision jobs of learned workflows)'))
    return connection
  }
  const connection = connect()
  const jobs = new JobClient({ connection, prefix: opts.queuePrefix }, connect)
  app.decorate('learnJobs', jobs)
  app.addHook('onClose', async () => {
    await jobs.close()
    connection.disconnect()
  })
}
