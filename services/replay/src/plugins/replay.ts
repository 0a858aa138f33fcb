import fp from 'fastify-plugin'
import { QueueEvents } from 'bullmq'
import type { ReplayConfig } from '@rpa-vision/config'
import type { JobName } from '@rpa-vision/contracts'
import { createRedis, JobClient } from '@rpa-vision/queue'
import type { ReplayContext } from '../domain/context.js'
import { EventPublisher } from '../domain/events.js'
import { QUEUE_OF, REPLAY_JOB_PREFIX } from '../domain/job-specs.js'
import { settleJob } from '../domain/job-settle.js'
import { parseSecretKey } from '@rpa-vision/secrets'
import { sweep } from '../domain/sweeper.js'
import { WorkflowSource } from '../domain/workflow-source.js'

declare module 'fastify' {
  interface FastifyInstance {
    replay: ReplayContext
    workflowSource: WorkflowSource
  }
}

/**
 * The replay engine of this process: the context every route uses, a listener that applies finished jobs as soon as
 * they finish, and the sweeper for what no event reports.
 */
export const replayPlugin = fp<{ config: ReplayConfig }>(
  async (app, { config }) => {
    const jobs = new JobClient({ connection: app.redis, prefix: config.queuePrefix }, () => createRedis(config.redisUrl))
    const ctx: ReplayContext = {
      db: app.db,
      pool: app.dbPool,
      jobs,
      events: new EventPublisher(app.redis, config.queuePrefix, app.log),
      settings: {
        leaseMs: config.leaseMs,
        stepTimeoutMs: config.stepTimeoutMs,
        jobTimeoutMs: config.jobTimeoutMs,
        agentTimeoutMs: config.agentTimeoutMs,
        jobGraceMs: config.jobGraceMs,
        retryAfterMs: config.retryAfterMs,
        imageMaxPixels: config.imageMaxPixels,
        screenshotTtlMs: config.screenshotTtlHours * 3600_000,
      },
      secretKey: config.secretKey ? parseSecretKey(config.secretKey) : undefined,
      log: app.log,
    }
    app.decorate('replay', ctx)
    const source = new WorkflowSource(config.workflowsUrl, config.internalSecret)
    app.decorate('workflowSource', source)

    const listeners: { events: QueueEvents; connection: ReturnType<typeof createRedis> }[] = []
    for (const queue of Object.values(QUEUE_OF) as JobName[]) {
      const connection = createRedis(config.redisUrl)
      connection.on('error', (err) => app.log.warn({ err }, 'redis connection error (job events)'))
      const events = new QueueEvents(queue, { connection, prefix: config.queuePrefix })
      const onFinished = ({ jobId }: { jobId: string }) => {
        if (!jobId.startsWith(REPLAY_JOB_PREFIX)) return
        settleJob(ctx, queue, jobId).catch((err: unknown) => app.log.warn({ err, jobId }, 'applying a finished job failed; the sweeper will retry'))
      }
      events.on('completed', onFinished)
      events.on('failed', onFinished)
      events.on('error', (err) => app.log.warn({ err, queue }, 'job events error'))
      listeners.push({ events, connection })
    }
    await Promise.all(listeners.map((l) => l.events.waitUntilReady()))

    let sweeping: Promise<void> | undefined
    const timer = setInterval(() => {
      if (sweeping) return
      sweeping = sweep(ctx)
        .catch((err: unknown) => app.log.warn({ err }, 'replay sweep failed'))
        .finally(() => {
          sweeping = undefined
        })
    }, config.sweepIntervalMs)
    timer.unref()

    app.addHook('onClose', async () => {
      clearInterval(timer)
      await sweeping
      await Promise.all(listeners.map((l) => l.events.close()))
      for (const l of listeners) l.connection.disconnect()
      await jobs.close()
      await source.close()
    })
  },
  { name: 'replay', dependencies: ['db', 'redis'] },
)
