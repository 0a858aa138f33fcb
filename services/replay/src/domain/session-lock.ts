import { NotFoundError } from '@rpa-vision/contracts'
import { and, eq, schema, type DbOrTx } from '@rpa-vision/db'
import type { ActionRow, ReplayContext, SessionRow } from './context.js'
import { applyEffects, Effects } from './effects.js'

export type Tx = DbOrTx

/**
 * Every state change of a session runs here: one transaction holding the session row lock (so replay instances
 * take turns), then the jobs and events it decided on, after the commit.
 */
export async function withSession<T>(
  ctx: ReplayContext,
  sessionId: string,
  fn: (tx: Tx, session: SessionRow, fx: Effects) => Promise<T>,
): Promise<T> {
  const fx = new Effects()
  const result = await ctx.db.transaction(async (tx) => {
    const [session] = await tx.select().from(schema.replaySessions).where(eq(schema.replaySessions.id, sessionId)).for('update')
    if (!session) throw new NotFoundError(`replay session ${sessionId}`)
    return fn(tx, session, fx)
  })
  await applyEffects(ctx, fx)
  return result
}

export async function loadAction(tx: Tx, sessionId: string, seq: number): Promise<ActionRow | undefined> {
  const [row] = await tx
    .select()
    .from(schema.replayActions)
    .where(and(eq(schema.replayActions.sessionId, sessionId), eq(schema.replayActions.seq, seq)))
  return row
}

export async function updateAction(tx: Tx, action: ActionRow, patch: Partial<ActionRow>): Promise<void> {
  Object.assign(action, patch)
  await tx
    .update(schema.replayActions)
    .set(patch)
    .where(and(eq(schema.replayActions.sessionId, action.sessionId), eq(schema.replayActions.seq, action.seq)))
}

export async function updateSession(tx: Tx, session: SessionRow, patch: Partial<SessionRow>): Promise<void> {
  const full = { ...patch, updatedAt: new Date() }
  Object.assign(session, full)
  await tx.update(schema.replaySessions).set(full).where(eq(schema.replaySessions.id, session.id))
}
