import { and, eq, inArray, schema, sql } from '@rpa-vision/db'
import type { ActionRow, ReplayContext } from './context.js'
import { enqueueJobs } from './effects.js'
import { jobForAction, QUEUE_OF, type ReplayJobKind } from './job-specs.js'
import { settleJob } from './job-settle.js'
import type { ActionSpec } from './plan.js'
import { loadAction, withSession } from './session-lock.js'
import { failStep, finishSession, notFoundReason } from './transitions.js'

/** A job claimed this long ago and still absent from Redis was lost (crash before enqueue, Redis restart): add it again. */
const LOST_JOB_AFTER_MS = 2000
const BATCH = 500

/**
 * What no request may be around to notice: a job finished while no instance listened, a job lost with Redis,
 * a step past its deadline, an agent gone silent. Safe to run on every instance at once.
 */
export async function sweep(ctx: ReplayContext): Promise<void> {
  await sweepOpenActions(ctx)
  await sweepSilentAgents(ctx)
}

async function sweepOpenActions(ctx: ReplayContext): Promise<void> {
  const a = schema.replayActions
  const s = schema.replaySessions
  const open = await ctx.db
    .select({ action: a })
    .from(a)
    .innerJoin(s, and(eq(s.id, a.sessionId), eq(s.cursor, a.seq), eq(s.status, 'running')))
    .where(inArray(a.state, ['resolving', 'running']))
    .limit(BATCH)
  const now = Date.now()
  for (const { action } of open) {
    try {
      await sweepAction(ctx, action, now)
    } catch (err) {
      ctx.log.warn({ err, session: action.sessionId, seq: action.seq }, 'sweeping a replay action failed')
    }
  }
}

async function sweepAction(ctx: ReplayContext, action: ActionRow, now: number): Promise<void> {
  if (action.jobId !== null) {
    const queue = QUEUE_OF[action.jobKind as ReplayJobKind]
    const found = await settleJob(ctx, queue, action.jobId)
    if (found === 'settled') return
    if (action.jobDeadlineAt && action.jobDeadlineAt.getTime() <= now) {
      await giveUp(ctx, action, `its ${queue} job ${action.jobId} did not finish in time (no worker, or workers kept failing)`)
      return
    }
    if (found === 'missing' && action.jobStartedAt && now - action.jobStartedAt.getTime() > LOST_JOB_AFTER_MS) {
      const [session] = await ctx.db.select().from(schema.replaySessions).where(eq(schema.replaySessions.id, action.sessionId))
      if (session) await enqueueJobs(ctx, [jobForAction(session, action)])
    }
    return
  }
  if (action.state === 'resolving' && action.deadlineAt && action.deadlineAt.getTime() <= now) {
    const spec = action.spec as ActionSpec
    await giveUp(ctx, action, notFoundReason(spec.timeout_ms ?? ctx.settings.stepTimeoutMs, action.resolution))
  }
}

/** Fails the step unless it moved on meanwhile (the same row, the same job). */
async function giveUp(ctx: ReplayContext, seen: ActionRow, reason: string): Promise<void> {
  await withSession(ctx, seen.sessionId, async (tx, session, fx) => {
    const action = await loadAction(tx, session.id, seen.seq)
    if (!action || session.status !== 'running' || session.cursor !== action.seq) return
    if (action.state !== seen.state || action.jobId !== seen.jobId) return
    await failStep(tx, session, action, reason, fx)
  })
}

async function sweepSilentAgents(ctx: ReplayContext): Promise<void> {
  const s = schema.replaySessions
  const silent = await ctx.db
    .select({ id: s.id })
    .from(s)
    .where(and(eq(s.status, 'running'), sql`coalesce(${s.lastPollAt}, ${s.createdAt}) < now() - ${ctx.settings.agentTimeoutMs} * interval '1 millisecond'`))
    .limit(BATCH)
  for (const { id } of silent) {
    await withSession(ctx, id, async (tx, session, fx) => {
      const last = session.lastPollAt ?? session.createdAt
      if (session.status !== 'running' || Date.now() - last.getTime() < ctx.settings.agentTimeoutMs) return
      const since = session.lastPollAt ? `since ${last.toISOString()}` : 'at all'
      await finishSession(tx, session, 'failed', `agent "${session.agentId}" has not polled ${since} (timeout ${ctx.settings.agentTimeoutMs} ms)`, fx)
    })
  }
}
