import { Queue, Worker, type Job, type JobsOptions, type WorkerOptions } from 'bullmq'
import type { Redis } from 'ioredis'
import { JOB_NAMES, type JobName, type JobTypes } from '@rpa-vision/contracts'

export type Payload<N extends JobName> = JobTypes[N]['payload']
export type Result<N extends JobName> = JobTypes[N]['result']
export type TypedQueue<N extends JobName> = Queue<Payload<N>, Result<N>, N>
export type TypedJob<N extends JobName> = Job<Payload<N>, Result<N>, N>

export interface QueueContext {
  connection: Redis
  prefix: string
}

/** Finished jobs are kept a while so that a poller can still read their result (removeOnComplete: true would not). */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 3,
  backoff: { type: 'exponential', delay: 500 },
  removeOnComplete: { age: 3600, count: 10_000 },
  removeOnFail: { age: 24 * 3600, count: 10_000 },
}

export function createQueue<N extends JobName>(name: N, ctx: QueueContext): TypedQueue<N> {
  return new Queue<Payload<N>, Result<N>, N>(name, { connection: ctx.connection, prefix: ctx.prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS })
}

export type Processor<N extends JobName> = (job: TypedJob<N>, signal: AbortSignal) => Promise<Result<N>>

/** A worker whose processor always gets an AbortSignal that fires on timeout (the job's own `timeout_ms`, else the worker's) or on shutdown. */
export function createTypedWorker<N extends JobName>(
  name: N,
  processor: Processor<N>,
  opts: { connection: Redis; prefix: string; concurrency?: number; timeoutMs: number } & Partial<WorkerOptions>,
): Worker<Payload<N>, Result<N>, N> {
  const { timeoutMs, ...rest } = opts
  return new Worker<Payload<N>, Result<N>, N>(
    name,
    async (job, _token, cancel) => {
      const own = (job.data as { timeout_ms?: unknown }).timeout_ms
      const timeout = AbortSignal.timeout(typeof own === 'number' && own > 0 ? own : timeoutMs)
      const signal = cancel ? AbortSignal.any([cancel, timeout]) : timeout
      return processor(job, signal)
    },
    { concurrency: 1, ...rest },
  )
}

export function allQueueNames(): JobName[] {
  return [...JOB_NAMES]
}
