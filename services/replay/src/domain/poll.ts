import { NotFoundError, type DeliveredAction, type NextBody, type NextResponse, type Principal, type ReplayStatus } from '@rpa-vision/contracts'
import { checkSessionAccess } from './access.js'
import type { ReplayContext } from './context.js'
import { MissingVariableError, fillPlaceholders, placeholderNames } from './placeholders.js'
import type { ActionSpec } from './plan.js'
import { openSecrets, SecretsUnavailableError } from '@rpa-vision/secrets'
import { loadAction, withSession } from './session-lock.js'
import { prepareScreenshot, receivePollScreenshot } from './screenshots.js'
import { failStep, notFoundReason } from './transitions.js'

/** One row: the session and its current action; the heartbeat (last_poll_at) is written at most every 5 s. */
const READ_CURRENT = `
WITH beat AS (
  UPDATE replay_sessions SET last_poll_at = now()
  WHERE id = $1 AND agent_id = $2 AND status = 'running' AND (last_poll_at IS NULL OR last_poll_at < now() - interval '5 seconds')
  RETURNING id
)
SELECT s.id, s.agent_id, s.workflow_id, s.status, s.reason, s.screenshot_no,
       a.seq, a.step_id, a.kind, a.spec, a.state, a.x, a.y, a.resolution, a.min_screenshot_no, a.job_id,
       a.lease_expires_at, a.deadline_at, now() AS now, (SELECT count(*) FROM beat) AS beat
FROM replay_sessions s LEFT JOIN replay_actions a ON a.session_id = s.id AND a.seq = s.cursor
WHERE s.id = $1`

/** Variables are read only to fill a text being delivered: they may hold a whole record, and most polls need none. */
const READ_VARIABLES = `SELECT variables, secrets FROM replay_sessions WHERE id = $1`

const LEASE = `
UPDATE replay_actions SET state = 'leased', lease_expires_at = now() + $3 * interval '1 millisecond', lease_count = lease_count + 1
WHERE session_id = $1 AND seq = $2 AND (state = 'ready' OR (state = 'leased' AND lease_expires_at <= now()))
RETURNING lease_expires_at, lease_count`

interface CurrentRow {
  id: string
  agent_id: string
  workflow_id: string
  status: ReplayStatus
  reason: string | null
  screenshot_no: number
  seq: number | null
  step_id: string | null
  kind: string | null
  spec: ActionSpec | null
  state: string | null
  x: number | null
  y: number | null
  resolution: { method: string; score: number } | null
  min_screenshot_no: number | null
  job_id: string | null
  lease_expires_at: Date | null
  deadline_at: Date | null
  now: Date
}

function busy(ctx: ReplayContext, waitingFor: string, retryAfterMs = ctx.settings.retryAfterMs): NextResponse {
  return { action: null, server_busy: true, retry_after_ms: Math.max(10, Math.round(retryAfterMs)), waiting_for: waitingFor }
}

function done(status: ReplayStatus, reason: string | null): NextResponse {
  return { action: null, done: true, status, reason }
}

/** An agent's poll: answers from the database at once; whatever is slow runs in workers and is only read here. */
export async function nextAction(ctx: ReplayContext, principal: Principal, body: NextBody): Promise<NextResponse> {
  if (body.screenshot !== undefined) {
    const image = await prepareScreenshot(ctx, body.screenshot)
    await receivePollScreenshot(ctx, principal, body.session_id, body.agent_id, image, body.screen_scale)
  }
  const { rows } = await ctx.pool.query<CurrentRow>({ name: 'replay_read_current', text: READ_CURRENT, values: [body.session_id, body.agent_id] })
  const row = rows[0]
  if (!row) throw new NotFoundError(`replay session ${body.session_id}`)
  checkSessionAccess(principal, { id: row.id, agentId: row.agent_id }, body.agent_id)
  if (row.status !== 'running') return done(row.status, row.reason)
  if (row.seq === null || row.state === null) return busy(ctx, 'state')
  const now = row.now.getTime()
  switch (row.state) {
    case 'ready':
      return lease(ctx, row)
    case 'leased': {
      const left = row.lease_expires_at!.getTime() - now
      if (left <= 0) return lease(ctx, row)
      return busy(ctx, 'result', Math.min(left, ctx.settings.retryAfterMs * 4))
    }
    case 'resolving':
      if (row.job_id === null && row.deadline_at !== null && row.deadline_at.getTime() <= now) return timeOut(ctx, row)
      if (row.job_id === null && row.screenshot_no < row.min_screenshot_no!) return askScreenshot(row)
      return busy(ctx, 'resolve')
    case 'running':
      return busy(ctx, 'job')
    default:
      return busy(ctx, 'state')
  }
}

function askScreenshot(row: CurrentRow): NextResponse {
  const reason = row.resolution ? 'the target is not on the last screenshot yet' : 'the next step needs a screenshot taken after the previous one'
  return {
    action: { seq: null, step_id: row.step_id!, type: 'screenshot', lease_expires_at: null, resolution: null, reason },
    server_busy: false,
  }
}

/** The step's target was never found and no resolve is running: fail it with the evidence gathered. */
async function timeOut(ctx: ReplayContext, row: CurrentRow): Promise<NextResponse> {
  return withSession(ctx, row.id, async (tx, session, fx) => {
    const action = await loadAction(tx, session.id, row.seq!)
    if (session.status === 'running' && action && session.cursor === action.seq && action.state === 'resolving' && action.jobId === null) {
      const spec = action.spec as ActionSpec
      await failStep(tx, session, action, notFoundReason(spec.timeout_ms ?? ctx.settings.stepTimeoutMs, action.resolution), fx)
    }
    return session.status === 'running' ? busy(ctx, 'state') : done(session.status, session.reason)
  })
}

async function fillText(ctx: ReplayContext, row: CurrentRow, text: string): Promise<string> {
  if (placeholderNames(text).length === 0) return text
  const { rows } = await ctx.pool.query<{ variables: Record<string, unknown>; secrets: string | null }>({
    name: 'replay_read_variables', text: READ_VARIABLES, values: [row.id],
  })
  const session = rows[0]!
  let variables = session.variables
  if (row.spec!.secret && session.secrets) variables = { ...variables, ...openSecrets(ctx.secretKey, session.secrets) }
  return fillPlaceholders(text, variables)
}

async function lease(ctx: ReplayContext, row: CurrentRow): Promise<NextResponse> {
  const spec = row.spec!
  let text: string | undefined
  if (spec.text !== undefined) {
    try {
      text = await fillText(ctx, row, spec.text)
    } catch (err) {
      if (!(err instanceof MissingVariableError || err instanceof SecretsUnavailableError)) throw err
      return failBeforeDelivery(ctx, row, err.message)
    }
  }
  const { rows } = await ctx.pool.query<{ lease_expires_at: Date; lease_count: number }>({
    name: 'replay_lease', text: LEASE, values: [row.id, row.seq, ctx.settings.leaseMs],
  })
  const leased = rows[0]
  if (!leased) return busy(ctx, 'state', 20) // another poll leased it a moment ago
  const action: DeliveredAction = {
    seq: row.seq,
    step_id: row.step_id!,
    type: row.kind as DeliveredAction['type'],
    ...(spec.anchor ? { x: row.x!, y: row.y! } : {}),
    ...(spec.button ? { button: spec.button, clicks: spec.clicks ?? 1 } : {}),
    ...(text !== undefined ? { text } : {}),
    ...(spec.secret ? { secret: true } : {}),
    ...(spec.keys ? { keys: spec.keys } : {}),
    ...(row.kind === 'scroll' ? { dx: spec.dx ?? 0, dy: spec.dy ?? 0 } : {}),
    ...(spec.ms !== undefined ? { ms: spec.ms } : {}),
    lease_expires_at: leased.lease_expires_at.toISOString(),
    resolution: spec.anchor && row.resolution ? { method: row.resolution.method, score: row.resolution.score } : null,
  }
  void ctx.events.publish([{
    type: 'action.leased', at: new Date().toISOString(), session_id: row.id, agent_id: row.agent_id, workflow_id: row.workflow_id, seq: row.seq, step_id: row.step_id,
    data: { type: action.type, lease_count: leased.lease_count, lease_expires_at: action.lease_expires_at, ...(spec.anchor ? { x: action.x, y: action.y } : {}) },
  }])
  return { action, server_busy: false }
}

async function failBeforeDelivery(ctx: ReplayContext, row: CurrentRow, reason: string): Promise<NextResponse> {
  return withSession(ctx, row.id, async (tx, session, fx) => {
    const action = await loadAction(tx, session.id, row.seq!)
    if (session.status === 'running' && action && session.cursor === action.seq && (action.state === 'ready' || action.state === 'leased')) {
      await failStep(tx, session, action, reason, fx)
    }
    return session.status === 'running' ? busy(ctx, 'state') : done(session.status, session.reason)
  })
}
