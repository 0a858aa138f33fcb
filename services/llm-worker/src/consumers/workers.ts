import type { FastifyBaseLogger } from 'fastify'
import type { Redis } from 'ioredis'
import type { Db } from '@rpa-vision/db'
import { createTypedWorker } from '@rpa-vision/queue'
import type { Decider } from '@rpa-vision/t2a'
import { t2aDecisionJob } from './t2a-decision.js'

export type Consumer = ReturnType<typeof createTypedWorker<'llm.t2a_decision'>>

export interface WorkerSettings {
  connection: Redis
  prefix: string
  concurrency: number
  timeoutMs: number
  lockMs: number
}

export function startConsumer(deps: { db: Db; decider: Decider }, settings: WorkerSettings, log: FastifyBaseLogger): Consumer {
  const { timeoutMs, lockMs, ...common } = settings
  const worker = createTypedWorker(
    'llm.t2a_decision',
    (job, signal) => t2aDecisionJob(job, signal, { ...deps, log, timeoutMs }),
    { ...common, timeoutMs, lockDuration: lockMs, stalledInterval: lockMs },
  )
  worker.on('error', (err) => log.error({ err, queue: worker.name }, 'llm consumer error'))
  return worker
}

/** Lets active jobs finish for graceMs, then cancels them: their processors are aborted and BullMQ retries them. */
export async function stopConsumer(worker: Consumer, graceMs: number): Promise<void> {
  const closed = worker.close()
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), graceMs)
  })
  if ((await Promise.race([closed, late])) === 'late') worker.cancelAllJobs('the llm worker is shutting down')
  clearTimeout(timer)
  await closed
}
