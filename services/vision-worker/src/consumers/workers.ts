import type { FastifyBaseLogger } from 'fastify'
import type { Redis } from 'ioredis'
import type { JobName } from '@rpa-vision/contracts'
import type { Db } from '@rpa-vision/db'
import { createTypedWorker, type Processor } from '@rpa-vision/queue'
import type { ElementDetector } from '@rpa-vision/vision'
import type { OcrCache } from '../ocr-cache.js'
import { detectJob } from './detect.js'
import { extractTextJob } from './extract-text.js'
import { resolveJob } from './resolve.js'

export interface ConsumerDeps {
  db: Db
  ocr: OcrCache
  detector: ElementDetector
}

type VisionQueue = 'vision.resolve' | 'vision.extract_text' | 'vision.detect'
export type Consumer = { [N in VisionQueue]: ReturnType<typeof createTypedWorker<N>> }[VisionQueue]

export interface WorkerSettings {
  connection: Redis
  prefix: string
  concurrency: number
  timeoutMs: number
  lockMs: number
}

/** An aborted processor fails its job saying why it was stopped, not with a bare AbortError. */
function explainAbort<N extends JobName>(processor: Processor<N>, timeoutMs: number): Processor<N> {
  return async (job, signal) => {
    try {
      return await processor(job, signal)
    } catch (err) {
      if (!signal.aborted) throw err
      const reason = signal.reason as unknown
      const why = reason instanceof DOMException && reason.name === 'TimeoutError'
        ? `did not finish within ${timeoutMs} ms`
        : `was stopped: ${reason instanceof Error ? reason.message : String(reason)}`
      throw new Error(`${job.name} job ${job.id} ${why}`)
    }
  }
}

export function startConsumers(deps: ConsumerDeps, settings: WorkerSettings, log: FastifyBaseLogger): Consumer[] {
  const { timeoutMs, lockMs, ...common } = settings
  const opts = { ...common, timeoutMs, lockDuration: lockMs, stalledInterval: lockMs }
  const workers: Consumer[] = [
    createTypedWorker('vision.resolve', explainAbort((job, signal) => resolveJob(job.data, deps, signal), timeoutMs), opts),
    createTypedWorker('vision.extract_text', explainAbort((job, signal) => extractTextJob(job.data, deps, signal), timeoutMs), opts),
    createTypedWorker('vision.detect', explainAbort((job) => detectJob(job.data, deps), timeoutMs), opts),
  ]
  for (const worker of workers) {
    worker.on('error', (err) => log.error({ err, queue: worker.name }, 'vision consumer error'))
    worker.on('failed', (job, err) => log.warn({ queue: worker.name, job: job?.id, attempts: job?.attemptsMade, reason: err.message }, 'vision job failed'))
  }
  return workers
}

/** Lets active jobs finish for graceMs, then cancels them: their processors are aborted and BullMQ retries them. */
export async function stopConsumers(workers: Consumer[], graceMs: number): Promise<void> {
  const closed = Promise.all(workers.map((w) => w.close()))
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), graceMs)
  })
  if ((await Promise.race([closed, late])) === 'late') {
    for (const w of workers) w.cancelAllJobs('the vision worker is shutting down')
  }
  clearTimeout(timer)
  await closed
}
