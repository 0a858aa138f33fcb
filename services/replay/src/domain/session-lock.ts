import { drizzle } from 'drizzle-orm/node-postgres'
import type pg from 'pg'
import { NotFoundError } from '@rpa-vision/contracts'
import { schema, type Db } from '@rpa-vision/db'
import type { ActionRow, ReplayContext, SessionRow } from './context.js'
import { applyEffects, Effects } from './effects.js'
import { lockSession, selectAction, updateActionRow, updateSessionRow } from './rows.js'

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
