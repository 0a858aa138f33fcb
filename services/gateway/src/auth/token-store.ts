import {
  BadRequestError, NotFoundError, type CreatedToken, type CreateTokenBody, type Principal, type TokenInfo,
} from '@rpa-vision/contracts'
import { asc, eq, recordAudit, schema, sql, type Db } from '@rpa-vision/db'
import { generateToken, hashToken } from './secrets.js'

export interface AuditContext {
  actor: Principal
  requestId: string
}

type TokenRow = typeof schema.tokens.$inferSelect

function toInfo(row: TokenRow): TokenInfo {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    agent_id: row.agentId,
    created_at: row.createdAt.toISOString(),
    revoked_at: row.revokedAt?.toISOString() ?? null,
    last_used_at: row.lastUsedAt?.toISOString() ?? null,
  }
}

export async function createToken(db: Db, body: CreateTokenBody, ctx: AuditContext): Promise<CreatedToken> {
  if (body.role === 'agent' && !body.agent_id) throw new BadRequestError('body.agent_id is required for an agent token', 'VALIDATION_ERROR')
  if (body.role !== 'agent' && body.agent_id) throw new BadRequestError('body.agent_id is only for agent tokens', 'VALIDATION_ERROR')
  const token = generateToken()
  const agentId = body.agent_id ?? null
  const row = await db.transaction(async (tx) => {
    const [created] = await tx
      .insert(schema.tokens)
      .values({ name: body.name, role: body.role, agentId, tokenHash: hashToken(token), createdBy: ctx.actor.id })
      .returning()
    await recordAudit(tx, {
      actor: ctx.actor.id, action: 'token.create', targetType: 'token', targetId: created!.id, requestId: ctx.requestId,
      details: { name: body.name, role: body.role, agent_id: agentId },
    })
    return created!
  })
  return { id: row.id, token, name: row.name, role: row.role, agent_id: row.agentId }
}

export async function listTokens(db: Db): Promise<TokenInfo[]> {
  const rows = await db.select().from(schema.tokens).orderBy(asc(schema.tokens.createdAt), asc(schema.tokens.id))
  return rows.map(toInfo)
}

/** Revoking twice keeps the first revocation time. */
export async function revokeToken(db: Db, id: string, ctx: AuditContext): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(schema.tokens)
      .set({ revokedAt: sql`COALESCE(${schema.tokens.revokedAt}, now())` })
      .where(eq(schema.tokens.id, id))
      .returning({ id: schema.tokens.id })
    if (!row) throw new NotFoundError(`token ${id}`)
    await recordAudit(tx, { actor: ctx.actor.id, action: 'token.revoke', targetType: 'token', targetId: id, requestId: ctx.requestId })
  })
}
