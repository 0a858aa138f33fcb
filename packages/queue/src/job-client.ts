import { QueueEvents, type JobsOptions } from 'bullmq'
import type { Redis } from 'ioredis'
import type { JobName } from '@rpa-vision/contracts'
import { createQueue, type Payload, type QueueContext, type Result, type TypedQueue } from './queues.js'

export class JobTimeoutError extends Error {
  override name = 'JobTimeoutError'
}
export class JobFailedError extends Error {
  override name = 'JobFailedError'
}

/**
 * Enqueue a job and await its result without polling: one Queue and one QueueEvents per queue name for the
 * whole process, created on first use and closed together.
 */
export class JobClient {
  private readonly queues = new Map<JobName, TypedQueue<JobName>>()
  private readonly events = new Map<JobName, Promise<QueueEvents>>()
  private readonly eventConnections: Redis[] = []

  constructor(
    private readonly ctx: QueueContext,
    /** QueueEvents blocks on its connection: it needs its own */
    private readonly eventsConnection: () => Redis,
  ) {}

  queue<N extends JobName>(name: N): TypedQueue<N> {
    let q = this.queues.get(name)
    if (!q) {
      q = createQueue(name, this.ctx) as unknown as TypedQueue<JobName>
      this.queues.set(name, q)
    }
    return q as unknown as TypedQueue<N>
  }

  /** Concurrent first callers share one subscription and all wait until it reads the event stream. */
  private queueEvents(name: JobName): Promise<QueueEvents> {
    let ev = this.events.get(name)
    if (!ev) {
      const connection = this.eventsConnection()
      this.eventConnections.push(connection)
      const events = new QueueEvents(name, { connection, prefix: this.ctx.prefix })
      ev = events.waitUntilReady().then(() => events)
      this.events.set(name, ev)
    }
    return ev
  }

  async enqueue<N extends JobName>(name: N, payload: Payload<N>, opts: JobsOptions = {}): Promise<string> {
    const job = await (this.queue(name) as TypedQueue<JobName>).add(name, payload, opts)
    return job.id!
  }

  /** Resolves with the job's result; rejects with JobFailedError or JobTimeoutError. */
  async run<N extends JobName>(name: N, payload: Payload<N>, opts: JobsOptions & { timeoutMs: number }): Promise<Result<N>> {
    const { timeoutMs, ...jobOpts } = opts
    const events = await this.queueEvents(name) // subscribe before adding, so no completion is missed
    const job = await (this.queue(name) as TypedQueue<JobName>).add(name, payload, jobOpts)
    try {
      return (await job.waitUntilFinished(events, timeoutMs)) as Result<N>
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err)
      if (/timed out/i.test(msg)) throw new JobTimeoutError(`${name} job ${job.id} did not finish within ${timeoutMs} ms`)
      throw new JobFailedError(`${name} job ${job.id} failed: ${msg}`)
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.events.values()].map(async (e) => (await e).close()))
    await Promise.all([...this.queues.values()].map((q) => q.close()))
    // BullMQ leaves connections it was handed open; these are ours.
    for (const c of this.eventConnections.splice(0)) c.disconnect()
    this.events.clear()
    this.queues.clear()
  }
}
