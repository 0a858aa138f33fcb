import type { ReplayEvent, ReplayEventType } from '@rpa-vision/contracts'
import type { ActionRow, ReplayContext, SessionRow } from './context.js'
import type { JobToEnqueue } from './job-specs.js'

/** What a transaction decided to do outside the database: run only once it has committed. */
export class Effects {
  readonly jobs: JobToEnqueue[] = []
  readonly events: ReplayEvent[] = []

  event(session: SessionRow, type: ReplayEventType, action: Pick<ActionRow, 'seq' | 'stepId'> | null, data: Record<string, unknown> = {}): void {
    this.events.push({
      type,
      at: new Date().toISOString(),
      session_id: session.id,
      agent_id: session.agentId,
      workflow_id: session.workflowId,
      seq: action?.seq ?? null,
      step_id: action?.stepId ?? null,
      data,
    })
  }
}

/** Enqueues with deterministic ids (a repeat adds nothing); a job that fails to enqueue is added again by the sweeper. */
export async function enqueueJobs(ctx: ReplayContext, jobs: readonly JobToEnqueue[]): Promise<void> {
  for (const job of jobs) {
    try {
      await ctx.jobs.queue(job.queue).add(job.queue, job.payload as never, job.opts)
    } catch (err) {
      ctx.log.warn({ err, job: job.id, queue: job.queue }, 'job not enqueued; the sweeper will add it again')
    }
  }
}

export async function applyEffects(ctx: ReplayContext, fx: Effects): Promise<void> {
  await enqueueJobs(ctx, fx.jobs)
  await ctx.events.publish(fx.events)
}

