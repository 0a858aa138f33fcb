import { drizzle } from 'drizzle-orm/node-postgres'
import type pg from 'pg'
import { NotFoundError } from '@rpa-vision/contracts'
import { schema, type Db } from '@rpa-vision/db'
import type { ActionRow, ReplayContext, SessionRow } from './context.js'
import { applyEffects, Effects } from './effects.js'
import { lockSession, selectAction, updateActionAndAdvance, updateActionRow, updateSessionRow } from './rows.js'

/** A transaction: its connection for the hot statements, and the query builder on the same connection for the rest. */
export class Tx {
  private builder: Db | undefined

  constructor(readonly client: pg.PoolClient) {}

  get db(): Db {
    this.builder ??= drizzle(this.client, { schema })
    return this.builder
  }
}

/** BEGIN … COMMIT on one pooled connection (ROLLBACK on any error), then the effects it collected. */
export async function withTransaction<T>(ctx: ReplayContext, fn: (tx: Tx, fx: Effects) => Promise<T>): Promise<T> {
  const fx = new Effects()
  const client = await ctx.pool.connect()
  let result: T
  try {
    await client.query('BEGIN')
    result = await fn(new Tx(client), fx)
    await client.query('COMMIT')
  } catch (err) {
    await client.query('ROLLBACK').catch(() => {})
    client.release()
    throw err
  }
  client.release()
  await applyEffects(ctx, fx)
  return result
}

/**
 * Every state change of a session runs here: one transaction holding the session row lock (so replay instances
 * take turns), then the jobs and events it decided on, after the commit.
 */
export function withSession<T>(ctx: ReplayContext, sessionId: string, fn: (tx: Tx, session: SessionRow, fx: Effects) => Promise<T>): Promise<T> {
  return withTransaction(ctx, async (tx, fx) => {
    const session = await lockSession(tx.client, sessionId)
    if (!session) throw new NotFoundError(`replay session ${sessionId}`)
    return fn(tx, session, fx)
  })
}

/**
 * withSession, with one of the session's actions. Read after the lock, not joined to it: a joined row would come
 * from the snapshot taken before the lock was granted, and a racing result would look unrecorded.
 */
export function withSessionAction<T>(
  ctx: ReplayContext, sessionId: string, seq: number, fn: (tx: Tx, session: SessionRow, action: ActionRow | undefined, fx: Effects) => Promise<T>,
): Promise<T> {
  return withSession(ctx, sessionId, async (tx, session, fx) => fn(tx, session, await selectAction(tx.client, sessionId, seq), fx))
}

/** Finishes `action` with `patch` and makes the session's cursor point at the next action, returned. */
export async function finishAndAdvance(tx: Tx, session: SessionRow, action: ActionRow, patch: Partial<ActionRow>): Promise<ActionRow | undefined> {
  Object.assign(action, patch)
  const updatedAt = new Date()
  const next = await updateActionAndAdvance(tx.client, action, patch, { seq: action.seq + 1, updatedAt })
  Object.assign(session, { cursor: action.seq + 1, updatedAt })
  return next
}

export function loadAction(tx: Tx, sessionId: string, seq: number): Promise<ActionRow | undefined> {
  return selectAction(tx.client, sessionId, seq)
}

export async function updateAction(tx: Tx, action: ActionRow, patch: Partial<ActionRow>): Promise<void> {
  Object.assign(action, patch)
  await updateActionRow(tx.client, action, patch)
}

export async function updateSession(tx: Tx, session: SessionRow, patch: Partial<SessionRow>): Promise<void> {
  const full = { ...patch, updatedAt: new Date() }
  Object.assign(session, full)
  await updateSessionRow(tx.client, session.id, full)
}
