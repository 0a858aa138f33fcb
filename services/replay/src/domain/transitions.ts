import { SERVER_KINDS, type ActionKind, type ReplayStatus } from '@rpa-vision/contracts'
import type { ActionRow, ReplayContext, SessionRow } from './context.js'
import type { Effects } from './effects.js'
import { jobDeadlineMs, jobForAction, replayJobId, type ReplayJobKind } from './job-specs.js'
import type { ActionSpec } from './plan.js'
import { finishAndAdvance, loadAction, updateAction, updateSession, type Tx } from './session-lock.js'

const OPEN_STATES = new Set(['waiting', 'resolving', 'ready', 'leased', 'running'])

export function isServerKind(kind: string): boolean {
  return SERVER_KINDS.includes(kind as ActionKind)
}

/**
 * Makes `action` the current one. `screenshotIsFresh`: the session's newest screenshot was taken after the previous
 * action (it came with its result, or nothing happened on screen since), so an anchor may be resolved on it.
 */
export async function activate(ctx: ReplayContext, tx: Tx, session: SessionRow, action: ActionRow, fx: Effects, screenshotIsFresh: boolean): Promise<void> {
  const spec = action.spec as ActionSpec
  const now = new Date()
  fx.event(session, 'step.started', action, { kind: action.kind, pre_click: spec.pre_click === true })
  if (action.kind === 't2a_decision') {
    await startJob(ctx, tx, session, action, 't2a', fx, undefined, { activatedAt: now })
    return
  }
  if (!spec.anchor && action.kind !== 'extract_text') {
    await updateAction(tx, action, { activatedAt: now, state: 'ready' })
    return
  }
  const resolving: Partial<ActionRow> = {
    activatedAt: now,
    state: 'resolving',
    minScreenshotNo: screenshotIsFresh ? Math.max(session.screenshotNo, 1) : session.screenshotNo + 1,
    deadlineAt: new Date(now.getTime() + (spec.timeout_ms ?? ctx.settings.stepTimeoutMs)),
  }
  await startWork(ctx, tx, session, action, fx, resolving)
}

function canStartWork(session: SessionRow, action: ActionRow): boolean {
  return action.state === 'resolving' && action.jobId === null && session.screenshotSha256 !== null && session.screenshotNo >= action.minScreenshotNo
}

/**
 * A current action waiting for a screenshot starts its job as soon as a fresh enough one is there. `with_` is written
 * in the same statement (or alone when no job can start yet).
 */
export async function startWork(ctx: ReplayContext, tx: Tx, session: SessionRow, action: ActionRow, fx: Effects, with_: Partial<ActionRow> = {}): Promise<void> {
  if (!canStartWork(session, { ...action, ...with_ })) {
    if (Object.keys(with_).length > 0) await updateAction(tx, action, with_)
    return
  }
  const spec = action.spec as ActionSpec
  const shot = { no: session.screenshotNo, sha256: session.screenshotSha256! }
  await startJob(ctx, tx, session, action, spec.anchor ? 'resolve' : 'extract', fx, shot, with_)
}

export async function startJob(
  ctx: ReplayContext, tx: Tx, session: SessionRow, action: ActionRow, kind: ReplayJobKind, fx: Effects,
  shot?: { no: number; sha256: string }, with_: Partial<ActionRow> = {},
): Promise<void> {
  const attempt = action.jobAttempts + 1
  const now = Date.now()
  await updateAction(tx, action, {
    ...with_,
    jobId: replayJobId(session.id, action.seq, attempt),
    jobKind: kind,
    jobAttempts: attempt,
    jobStartedAt: new Date(now),
    jobDeadlineAt: new Date(now + jobDeadlineMs(kind, action.spec as ActionSpec, ctx.settings.jobGraceMs)),
    ...(shot ? { jobScreenshotNo: shot.no, jobScreenshotSha256: shot.sha256 } : {}),
    ...(kind === 'resolve' ? {} : { state: 'running' as const }),
  })
  fx.jobs.push(jobForAction(session, action))
}

/** The current action is done: the next one becomes current, or the session has succeeded. */
export async function completeAction(
  ctx: ReplayContext, tx: Tx, session: SessionRow, action: ActionRow, fx: Effects, screenshotIsFresh: boolean, patch: Partial<ActionRow> = {},
): Promise<void> {
  const next = await finishAndAdvance(tx, session, action, { ...patch, state: 'done', finishedAt: new Date() })
  if (action.seq + 1 > session.planLength) {
    await finishSession(tx, session, 'succeeded', null, fx)
    return
  }
  if (!next) throw new Error(`session ${session.id} has no action ${action.seq + 1} in a plan of ${session.planLength}`)
  await activate(ctx, tx, session, next, fx, screenshotIsFresh)
}

export function describeStep(action: Pick<ActionRow, 'seq' | 'stepId' | 'stepType'>): string {
  return `step ${action.stepId} (${action.stepType}, seq ${action.seq})`
}

export async function failStep(tx: Tx, session: SessionRow, action: ActionRow, reason: string, fx: Effects, patch: Partial<ActionRow> = {}): Promise<void> {
  await updateAction(tx, action, { ...patch, state: 'failed', error: reason, finishedAt: new Date() })
  fx.event(session, 'step.failed', action, { reason, resolution: action.resolution })
  await finishSession(tx, session, 'failed', `${describeStep(action)} failed: ${reason}`, fx)
}

/** Ends the session; the action still open (delivered, resolving, running) is cancelled so no lease or job can move it. */
export async function finishSession(tx: Tx, session: SessionRow, status: Exclude<ReplayStatus, 'running'>, reason: string | null, fx: Effects): Promise<void> {
  await updateSession(tx, session, { status, reason, finishedAt: new Date() })
  const current = session.cursor <= session.planLength ? await loadAction(tx, session.id, session.cursor) : undefined
  if (current && OPEN_STATES.has(current.state) && current.state !== 'waiting') {
    await updateAction(tx, current, { state: 'cancelled', finishedAt: new Date() })
  }
  fx.event(session, 'replay.finished', null, { status, reason })
}

/** Why an anchored step failed, from the evidence of its last look (the same words wherever the timeout is noticed). */
export function notFoundReason(timeoutMs: number, resolution: unknown): string {
  const last = resolution as { reason?: string | null; method?: string; score?: number; attempts?: number } | null
  if (!last) return `the target was not found within ${timeoutMs} ms: no screenshot arrived to look for it`
  const best = `best ${last.method ?? 'none'} score ${(last.score ?? 0).toFixed(2)} after ${last.attempts ?? 0} attempt(s)`
  return `the target was not found within ${timeoutMs} ms: ${last.reason ?? 'no match'} (${best})`
}
