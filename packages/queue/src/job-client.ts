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
  private readonly events = new Map<JobName, QueueEvents>()

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

  private async queueEvents(name: JobName): Promise<QueueEvents> {
    let ev = this.events.get(name)
    if (!ev) {
      ev = new QueueEvents(name, { connection: this.eventsConnection(), prefix: this.ctx.prefix })
      this.events.set(name, ev)
      await ev.waitUntilReady()
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
    await Promise.all([...this.events.values()].map((e) => e.close()))
    await Promise.all([...this.queues.values()].map((q) => q.close()))
    this.events.clear()
    this.queues.clear()
  }
}
