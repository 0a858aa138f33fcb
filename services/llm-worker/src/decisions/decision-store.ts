import { createHash } from 'node:crypto'
import type { T2aDecision, VerifiedDecision } from '@rpa-vision/contracts'
import { eq, schema, sql, type Db } from '@rpa-vision/db'
import type { DecisionAttempts } from '@rpa-vision/t2a'

type Row = typeof schema.t2aDecisions.$inferSelect

/** What a decision is asked on. The record is stored with the decision (an audit checks against it); logs get its hash. */
export interface DecisionInput {
  recordText: string
  stay?: Record<string, unknown> | undefined
  provider: string
  createdBy: string
}

/** Every model call of a run, failed ones included. */
export type DecisionEvidence = DecisionAttempts

export const inputSha256 = (recordText: string): string => createHash('sha256').update(recordText, 'utf8').digest('hex')

function inputColumns(input: DecisionInput) {
  return {
    inputSha256: inputSha256(input.recordText),
    recordText: input.recordText,
    stay: input.stay ?? null,
    provider: input.provider,
    createdBy: input.createdBy,
  }
}

/** A pending decision asked through the API; its job comes next. */
export async function createPendingDecision(db: Db, input: DecisionInput): Promise<string> {
  const [row] = await db.insert(schema.t2aDecisions).values(inputColumns(input)).returning({ id: schema.t2aDecisions.id })
  return row!.id
}

/**
 * The row of a job that came without one (a replay step): made on its first attempt, found again on a retry or
 * after its worker died, so that one job stores one decision.
 */
export async function decisionOfJob(db: Db, jobId: string, input: DecisionInput): Promise<string> {
  const [row] = await db
    .insert(schema.t2aDecisions)
    .values({ ...inputColumns(input), jobId })
    .onConflictDoUpdate({ target: schema.t2aDecisions.jobId, set: { status: 'pending', error: null, finishedAt: null } })
    .returning({ id: schema.t2aDecisions.id })
  return row!.id
}

export async function decisionExists(db: Db, id: string): Promise<boolean> {
  const rows = await db.select({ id: schema.t2aDecisions.id }).from(schema.t2aDecisions).where(eq(schema.t2aDecisions.id, id))
  return rows.length > 0
}

export async function storeDecision(db: Db, id: string, evidence: DecisionEvidence, result: VerifiedDecision): Promise<void> {
  await db
    .update(schema.t2aDecisions)
    .set({ status: 'done', error: null, ...evidenceColumns(evidence), result, finishedAt: sql`now()` })
    .where(eq(schema.t2aDecisions.id, id))
}

/**
 * A failed run: the row's error when `final` (no retry of the job follows), else it stays pending with what was
 * tried. Without `evidence` (a run stopped by its timeout) the attempts already stored stay as they are.
 */
export async function storeFailure(db: Db, id: string, reason: string, final: boolean, evidence?: DecisionEvidence): Promise<void> {
  const tried = evidence ? evidenceColumns(evidence) : {}
  const set = final ? { status: 'error' as const, error: reason, ...tried, finishedAt: sql`now()` } : tried
  if (Object.keys(set).length === 0) return
  await db.update(schema.t2aDecisions).set(set).where(eq(schema.t2aDecisions.id, id))
}

function evidenceColumns(e: DecisionEvidence) {
  return { model: e.model, attempts: e.attempts, latenciesMs: e.latenciesMs.map((ms) => Math.round(ms * 10) / 10), rawOutputs: e.rawOutputs }
}

/** The API's read shape: the decision's fields once done, nulls and empty lists before. */
export async function readDecision(db: Db, id: string): Promise<T2aDecision | null> {
  const [row] = await db.select().from(schema.t2aDecisions).where(eq(schema.t2aDecisions.id, id))
  return row ? toApi(row) : null
}

function toApi(row: Row): T2aDecision {
  const result = row.result as VerifiedDecision | null
  return {
    id: row.id,
    status: row.status,
    error: row.error,
    final_decision: result?.final_decision ?? null,
    decision_reason: result?.decision_reason ?? null,
    model_decision: result?.model_decision ?? null,
    criteria: result?.criteria ?? [],
    reserve_hospitaliere: result?.reserve_hospitaliere ?? null,
    flags: result?.flags ?? [],
    provider: row.provider,
    model: row.model,
    attempts: row.attempts,
    created_at: row.createdAt.toISOString(),
    finished_at: row.finishedAt?.toISOString() ?? null,
  }
}
