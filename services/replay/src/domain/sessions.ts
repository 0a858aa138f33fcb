import {
  AppError, BadRequestError, ConflictError, ForbiddenError, NotFoundError, type CreateReplayBody, type CreateReplayResponse, type ListReplaysQuery,
  type Principal, type ReplayList, type ReplaySession,
} from '@rpa-vision/contracts'
import { and, asc, count, desc, eq, recordAudit, schema, type SQL } from '@rpa-vision/db'
import { sealSecrets } from '@rpa-vision/secrets'
import { checkSessionAccess } from './access.js'
import { compilePlan } from './compile.js'
import type { ReplayContext, SessionRow } from './context.js'
import { withRecordedSecrets } from './recorded-secrets.js'
import { withSession, withTransaction } from './session-lock.js'
import { activate, finishSession } from './transitions.js'
import { sessionView, summaryView } from './views.js'
import type { WorkflowSource } from './workflow-source.js'

const REPLAYABLE = new Set(['not_required', 'approved'])
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/

export interface Caller {
  principal: Principal
  requestId: string
}

/** Snapshots the workflow, compiles it, stores session and plan in one transaction and makes the first action current. */
export async function createReplay(ctx: ReplayContext, source: WorkflowSource, caller: Caller, body: CreateReplayBody): Promise<CreateReplayResponse> {
  const { principal } = caller
  if (principal.role === 'agent' && principal.agentId !== body.agent_id) {
    throw new ForbiddenError(`this token is for agent "${principal.agentId}"; it cannot start a replay for agent "${body.agent_id}"`)
  }
  const variables = body.variables ?? {}
  for (const name of Object.keys(variables)) {
    if (!VARIABLE_NAME.test(name)) throw new BadRequestError(`variables: "${name}" is not a variable name (letters, digits, _; not starting with a digit)`)
  }
  const workflow = await source.read(body.workflow_id, principal, caller.requestId)
  if (!REPLAYABLE.has(workflow.review_status)) {
    throw new ConflictError(
      `workflow ${workflow.id} is ${workflow.review_status.replace('_', ' ')}: a learned or imported workflow is replayed only once approved (POST /api/v1/workflows/${workflow.id}/review)`,
      'WORKFLOW_NOT_APPROVED',
    )
  }
  if (workflow.nodes.length === 0) throw new BadRequestError(`workflow ${workflow.id} has no steps to replay`)
  const values = await withRecordedSecrets(ctx, source, workflow, variables, caller)
  const plan = compilePlan(workflow, { provided: new Set(Object.keys(values)), stepTimeoutMs: ctx.settings.stepTimeoutMs, jobTimeoutMs: ctx.settings.jobTimeoutMs })
  const plain: Record<string, unknown> = {}
  const secret: Record<string, string> = {}
  for (const [name, value] of Object.entries(values)) {
    if (plan.secretNames.includes(name)) secret[name] = value
    else plain[name] = value
  }
  let sealed: string | null = null
  if (plan.secretNames.length > 0) {
    if (!ctx.secretKey) throw new AppError(503, 'SECRETS_UNAVAILABLE', 'this workflow types secrets, and the replay service has no REPLAY_SECRET_KEY to keep them encrypted')
    sealed = sealSecrets(ctx.secretKey, secret)
  }
  const session = await withTransaction(ctx, async (tx, fx) => {
    const [row] = await tx.db
      .insert(schema.replaySessions)
      .values({
        workflowId: workflow.id,
        workflowVersion: workflow.version,
        workflowName: workflow.name,
        workflowSnapshot: workflow as unknown as Record<string, unknown>,
        agentId: body.agent_id,
        planLength: plan.actions.length,
        variables: plain,
        secrets: sealed,
        secretNames: plan.secretNames,
        createdBy: principal.id,
      })
      .returning()
    const session = row!
    const actions = await tx.db
      .insert(schema.replayActions)
      .values(plan.actions.map((a) => ({ sessionId: session.id, seq: a.seq, stepId: a.stepId, stepType: a.stepType, kind: a.kind, spec: a.spec as Record<string, unknown> })))
      .returning()
    fx.event(session, 'replay.started', null, { workflow_version: workflow.version, plan_length: plan.actions.length })
    await activate(ctx, tx, session, actions.find((a) => a.seq === 1)!, fx, false)
    await recordAudit(tx.db, {
      actor: principal.id, action: 'replay.create', targetType: 'replay', targetId: session.id, requestId: caller.requestId,
      details: { workflow_id: workflow.id, workflow_version: workflow.version, agent_id: body.agent_id, plan_length: plan.actions.length },
    })
    return session
  })
  return {
    session_id: session.id, status: session.status, workflow_id: session.workflowId, workflow_version: session.workflowVersion,
    agent_id: session.agentId, plan_length: session.planLength,
  }
}

export async function readReplay(ctx: ReplayContext, principal: Principal, id: string): Promise<ReplaySession> {
  const [session] = await ctx.db.select().from(schema.replaySessions).where(eq(schema.replaySessions.id, id))
  if (!session) throw new NotFoundError(`replay session ${id}`)
  checkSessionAccess(principal, session)
  return viewOf(ctx, session)
}

async function viewOf(ctx: ReplayContext, session: SessionRow): Promise<ReplaySession> {
  const actions = await ctx.db.select().from(schema.replayActions).where(eq(schema.replayActions.sessionId, session.id)).orderBy(asc(schema.replayActions.seq))
  return sessionView(session, actions)
}

export async function listReplays(ctx: ReplayContext, principal: Principal, q: ListReplaysQuery): Promise<ReplayList> {
  const t = schema.replaySessions
  const where: SQL[] = []
  if (principal.role === 'agent') where.push(eq(t.agentId, principal.agentId ?? ''))
  if (q.agent_id) where.push(eq(t.agentId, q.agent_id))
  if (q.status) where.push(eq(t.status, q.status))
  if (q.workflow_id) where.push(eq(t.workflowId, q.workflow_id))
  const filter = where.length > 0 ? and(...where) : undefined
  const [rows, [total]] = await Promise.all([
    ctx.db.select().from(t).where(filter).orderBy(desc(t.createdAt), desc(t.id)).limit(q.limit).offset(q.offset),
    ctx.db.select({ n: count() }).from(t).where(filter),
  ])
  return { items: rows.map(summaryView), total: total?.n ?? 0 }
}

export async function cancelReplay(ctx: ReplayContext, caller: Caller, id: string): Promise<ReplaySession> {
  const session = await withSession(ctx, id, async (tx, session, fx) => {
    checkSessionAccess(caller.principal, session)
    if (session.status === 'running') {
      await finishSession(tx, session, 'cancelled', `cancelled by ${caller.principal.id}`, fx)
      await recordAudit(tx.db, { actor: caller.principal.id, action: 'replay.cancel', targetType: 'replay', targetId: id, requestId: caller.requestId })
    }
    return session
  })
  return viewOf(ctx, session)
}
