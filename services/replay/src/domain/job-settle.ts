import type { JobName } from '@rpa-vision/contracts'
import type { ReplayContext } from './context.js'
import { applyJobOutcome } from './job-outcomes.js'

export type JobLookup = 'settled' | 'pending' | 'missing'

/** Reads a job's final state from BullMQ and applies it; a job still queued, active or waiting for a retry is left alone. */
export async function settleJob(ctx: ReplayContext, queue: JobName, jobId: string): Promise<JobLookup> {
  const job = await ctx.jobs.queue(queue).getJob(jobId)
  if (!job) return 'missing'
  const state = await job.getState()
  if (state === 'completed') {
    await applyJobOutcome(ctx, jobId, { state: 'completed', value: job.returnvalue })
    return 'settled'
  }
  if (state === 'failed') {
    await applyJobOutcome(ctx, jobId, { state: 'failed', reason: job.failedReason || 'no reason given' })
    return 'settled'
  }
  return state === 'unknown' ? 'missing' : 'pending'
}
