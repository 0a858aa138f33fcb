import type { T2aDecisionResult, VisionExtractTextResult, VisionResolveResult } from '@rpa-vision/contracts'
import type { ActionRow, ReplayContext, SessionRow } from './context.js'
import type { Effects } from './effects.js'
import type { ReplayJobKind } from './job-specs.js'
import type { ActionSpec } from './plan.js'
import { loadAction, updateAction, updateSession, withSession, type Tx } from './session-lock.js'
import { completeAction, failStep, notFoundReason, startJob, startWork } from './transitions.js'

export type JobOutcome = { state: 'completed'; value: unknown } | { state: 'failed'; reason: string }

const MAX_CANDIDATES = 10

/**
 * Applies a finished job to its action once, whoever notices first (the job's completion event on any replay
 * instance, or the sweeper): a job that is no longer the action's current one changes nothing.
 */
export async function applyJobOutcome(ctx: ReplayContext, jobId: string, outcome: JobOutcome): Promise<boolean> {
  const { rows } = await ctx.pool.query<{ session_id: string; seq: number }>({
    name: 'replay_action_of_job', text: 'SELECT session_id, seq FROM replay_actions WHERE job_id = $1', values: [jobId],
  })
  const ref = rows[0] ? { sessionId: rows[0].session_id, seq: rows[0].seq } : undefined
  if (!ref) return false
  return withSession(ctx, ref.sessionId, async (tx, session, fx) => {
    const action = await loadAction(tx, session.id, ref.seq)
    if (!action || action.jobId !== jobId || session.status !== 'running' || session.cursor !== action.seq) return false
    if (action.state !== 'resolving' && action.state !== 'running') return false
    switch (action.jobKind as ReplayJobKind) {
      case 'resolve':
        await applyResolve(ctx, tx, session, action, outcome, fx)
        break
      case 'extract':
      case 't2a':
        await applyServerStep(ctx, tx, session, action, outcome, fx)
        break
    }
    return true
  })
}

function evidenceOf(action: ActionRow, outcome: JobOutcome): Record<string, unknown> & { found: boolean; method: string; score: number; reason: string | null } {
  const base = { screenshot_sha256: action.jobScreenshotSha256, attempts: action.jobAttempts }
  if (outcome.state === 'failed') {
    return { ...base, found: false, method: 'error', score: 0, x: null, y: null, bbox: null, scale: null, reason: `the resolve job failed: ${outcome.reason}`, candidates: [] }
  }
  const r = outcome.value as VisionResolveResult
  return {
    ...base, found: r.found, method: r.method, score: r.score, x: r.x, y: r.y, bbox: r.bbox, scale: r.scale, reason: r.reason,
    candidates: r.candidates.slice(0, MAX_CANDIDATES),
  }
}

async function applyResolve(ctx: ReplayContext, tx: Tx, session: SessionRow, action: ActionRow, outcome: JobOutcome, fx: Effects): Promise<void> {
  const evidence = evidenceOf(action, outcome)
  const spec = action.spec as ActionSpec
  if (evidence.found) {
    const x = Math.round(evidence.x as number)
    const y = Math.round(evidence.y as number)
    fx.event(session, 'step.resolved', action, { method: evidence.method, score: evidence.score, x, y, attempts: action.jobAttempts })
    if (action.kind === 'wait_for_anchor') {
      await completeAction(ctx, tx, session, action, fx, true, { resolution: evidence, x, y })
    } else if (action.kind === 'extract_text') {
      await startJob(ctx, tx, session, action, 'extract', fx, undefined, { resolution: evidence, x, y })
    } else {
      await updateAction(tx, action, { resolution: evidence, x, y, state: 'ready' })
    }
    return
  }
  if (action.deadlineAt && action.deadlineAt.getTime() <= Date.now()) {
    await failStep(tx, session, action, notFoundReason(spec.timeout_ms ?? ctx.settings.stepTimeoutMs, evidence), fx, { resolution: evidence })
    return
  }
  // Not on screen yet: look again on the next screenshot (asked for at the next poll if none is newer).
  await startWork(ctx, tx, session, action, fx, { resolution: evidence, jobId: null, minScreenshotNo: (action.jobScreenshotNo ?? session.screenshotNo) + 1 })
}

async function applyServerStep(ctx: ReplayContext, tx: Tx, session: SessionRow, action: ActionRow, outcome: JobOutcome, fx: Effects): Promise<void> {
  const spec = action.spec as ActionSpec
  if (outcome.state === 'failed') {
    await failStep(tx, session, action, `${action.kind} failed after ${(spec.retries ?? 0) + 1} attempt(s) at most: ${outcome.reason}`, fx)
    return
  }
  const variable = spec.variable!
  let value: unknown
  let summary: Record<string, unknown>
  if (action.jobKind === 'extract') {
    const text = (outcome.value as VisionExtractTextResult).text
    value = text
    summary = { variable, chars: text.length }
  } else {
    const decision = outcome.value as T2aDecisionResult
    value = decision
    summary = { variable, final_decision: decision.final_decision, decision_id: decision.id }
  }
  await updateSession(tx, session, { variables: { ...(session.variables as Record<string, unknown>), [variable]: value } })
  fx.event(session, 'step.completed', action, summary)
  await completeAction(ctx, tx, session, action, fx, true)
}
