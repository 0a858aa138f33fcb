import { getTableColumns, type Table } from 'drizzle-orm'
import type pg from 'pg'
import { schema } from '@rpa-vision/db'
import type { ActionRow, SessionRow } from './context.js'

/**
 * The replay state's hot statements, as named prepared statements on the transaction's own connection: every
 * result and job outcome runs several, and building them through the query builder cost more than running them.
 */
interface TableMap {
  table: string
  /** property → column */
  columns: Map<string, string>
  /** column → property */
  properties: Map<string, string>
  jsonb: Set<string>
}

function mapOf(name: string, table: Table): TableMap {
  const columns = new Map<string, string>()
  const properties = new Map<string, string>()
  const jsonb = new Set<string>()
  for (const [property, column] of Object.entries(getTableColumns(table))) {
    columns.set(property, column.name)
    properties.set(column.name, property)
    if (column.columnType === 'PgJsonb') jsonb.add(property)
  }
  return { table: name, columns, properties, jsonb }
}

const SESSIONS = mapOf('replay_sessions', schema.replaySessions)
const ACTIONS = mapOf('replay_actions', schema.replayActions)

function toRow<T>(map: TableMap, raw: Record<string, unknown>): T {
  const row: Record<string, unknown> = {}
  for (const [column, value] of Object.entries(raw)) row[map.properties.get(column) ?? column] = value
  return row as T
}

export async function lockSession(client: pg.PoolClient, id: string): Promise<SessionRow | undefined> {
  const { rows } = await client.query({ name: 'replay_lock_session', text: 'SELECT * FROM replay_sessions WHERE id = $1 FOR UPDATE', values: [id] })
  return rows[0] ? toRow<SessionRow>(SESSIONS, rows[0]) : undefined
}

export async function selectAction(client: pg.PoolClient, sessionId: string, seq: number): Promise<ActionRow | undefined> {
  const { rows } = await client.query({
    name: 'replay_select_action', text: 'SELECT * FROM replay_actions WHERE session_id = $1 AND seq = $2', values: [sessionId, seq],
  })
  return rows[0] ? toRow<ActionRow>(ACTIONS, rows[0]) : undefined
}

const statementNames = new Map<string, string>()

/** One statement name per SQL text, so a name always stands for the same statement on every connection. */
function statementName(text: string): string {
  let name = statementNames.get(text)
  if (!name) {
    name = `replay_upd_${statementNames.size}`
    statementNames.set(text, name)
  }
  return name
}

async function update(client: pg.PoolClient, map: TableMap, patch: Record<string, unknown>, where: [string, unknown][]): Promise<void> {
  const keys = Object.keys(patch).sort()
  const sets = keys.map((k, i) => `${map.columns.get(k)!} = $${i + 1}`)
  const values = keys.map((k) => (map.jsonb.has(k) && patch[k] !== null ? JSON.stringify(patch[k]) : patch[k]))
  const conditions = where.map(([column], i) => `${column} = $${keys.length + i + 1}`)
  const text = `UPDATE ${map.table} SET ${sets.join(', ')} WHERE ${conditions.join(' AND ')}`
  await client.query({ name: statementName(text), text, values: [...values, ...where.map(([, v]) => v)] })
}

/** Writes an action and moves the session's cursor to the next one, which it returns: one round trip. */
export async function updateActionAndAdvance(
  client: pg.PoolClient, action: ActionRow, patch: Partial<ActionRow>, next: { seq: number; updatedAt: Date },
): Promise<ActionRow | undefined> {
  const keys = Object.keys(patch).sort()
  const sets = keys.map((k, i) => `${ACTIONS.columns.get(k)!} = $${i + 4}`)
  const values = keys.map((k) => (ACTIONS.jsonb.has(k) && (patch as Record<string, unknown>)[k] !== null ? JSON.stringify((patch as Record<string, unknown>)[k]) : (patch as Record<string, unknown>)[k]))
  const text = `WITH done AS (UPDATE replay_actions SET ${sets.join(', ')} WHERE session_id = $1 AND seq = $2),
moved AS (UPDATE replay_sessions SET cursor = $3, updated_at = $${keys.length + 4} WHERE id = $1)
SELECT * FROM replay_actions WHERE session_id = $1 AND seq = $3`
  const { rows } = await client.query({ name: statementName(text), text, values: [action.sessionId, action.seq, next.seq, ...values, next.updatedAt] })
  return rows[0] ? toRow<ActionRow>(ACTIONS, rows[0]) : undefined
}

export function updateActionRow(client: pg.PoolClient, action: ActionRow, patch: Partial<ActionRow>): Promise<void> {
  return update(client, ACTIONS, patch, [['session_id', action.sessionId], ['seq', action.seq]])
}

export function updateSessionRow(client: pg.PoolClient, id: string, patch: Partial<SessionRow>): Promise<void> {
  return update(client, SESSIONS, patch, [['id', id]])
}
