import type { JobName } from '@rpa-vision/contracts'
import type { ReplayContext } from './context.js'
import { applyJobOutcome } from './job-outcomes.js'

export type JobLookup = 'settled' | 'pending' | 'missing'

/**
 * Reads a job's final state from BullMQ and applies it; a job still queued, active or waiting for a retry is left
 * alone. The state is read before the job: read the other way round, a job finishing in between would look
 * completed with no result yet.
 */
export async function settleJob(ctx: ReplayContext, queueName: JobName, jobId: string): Promise<JobLookup> {
  const queue = ctx.jobs.queue(queueName)
  const state = await queue.getJobState(jobId)
  if (state === 'unknown') return 'missing'
  if (state !== 'completed' && state !== 'failed') return 'pending'
  const job = await queue.getJob(jobId)
  if (!job) return 'missing' // removed in between (removeOnComplete): the sweeper adds it again
  if (state === 'completed') await applyJobOutcome(ctx, jobId, { state: 'completed', value: job.returnvalue })
  else await applyJobOutcome(ctx, jobId, { state: 'failed', reason: job.failedReason || 'no reason given' })
  return 'settled'
}
