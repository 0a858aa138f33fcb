import { ConflictError, NotFoundError, type Principal, type ResultBody, type ResultResponse } from '@rpa-vision/contracts'
import { checkSessionAccess } from './access.js'
import type { ReplayContext } from './context.js'
import { updateAction, withSessionAction } from './session-lock.js'
import { prepareScreenshot, takeScreenshot } from './screenshots.js'
import { completeAction, describeStep, failStep, isServerKind } from './transitions.js'

/** Records an agent's result once per (session, seq): a repeat answers duplicate and changes nothing. */
export async function recordResult(ctx: ReplayContext, principal: Principal, body: ResultBody): Promise<ResultResponse> {
  const image = body.screenshot !== undefined ? await prepareScreenshot(ctx, body.screenshot) : undefined
  return withSessionAction(ctx, body.session_id, body.seq, async (tx, session, action, fx) => {
    checkSessionAccess(principal, session, body.agent_id)
    if (!action) {
      throw new NotFoundError(`seq ${body.seq} of replay session ${session.id} (its plan has ${session.planLength} actions)`)
    }
    if (action.resultStatus !== null) return { recorded: true, duplicate: true }
    if (isServerKind(action.kind)) {
      throw new ConflictError(`seq ${body.seq} is a server-side step (${action.kind}); it takes no result from an agent`, 'NOT_DELIVERED')
    }
    if (action.leaseCount === 0) {
      const current = session.status === 'running' ? `the current action is seq ${session.cursor}` : `the session is ${session.status}`
      throw new ConflictError(`seq ${body.seq} has not been delivered yet; ${current}`, 'NOT_DELIVERED')
    }
    const result = {
      resultStatus: body.status,
      resultError: body.error ?? null,
      resultScreenshotSha256: image?.sha256 ?? null,
      resultAt: new Date(),
    }
    fx.event(session, 'action.result', action, { status: body.status, ...(body.error ? { error: body.error } : {}) })
    const current = session.status === 'running' && session.cursor === action.seq && action.state === 'leased'
    // the delivered action waits for no screenshot: the next one, activated below, uses this one
    if (image) await takeScreenshot(ctx, tx, session, image, body.screen_scale, fx, { startWaitingWork: !current })
    if (!current) {
      // A late result (the session ended meanwhile): kept for the record, nothing moves.
      await updateAction(tx, action, result)
      return { recorded: true, duplicate: false }
    }
    if (body.status === 'failed') {
      await failStep(tx, session, action, `the agent reported a failure: ${body.error ?? 'no reason given'}`, fx, result)
    } else {
      await completeAction(ctx, tx, session, action, fx, image !== undefined, result)
    }
    ctx.log.debug({ session: session.id, seq: action.seq, status: body.status }, `result for ${describeStep(action)}`)
    return { recorded: true, duplicate: false }
  })
}
